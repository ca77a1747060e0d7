/*
 * legacy.c — TCVN3 and VNI text recognised and converted (see normalize.h).
 * First version: nothing is recognised yet.
 */
#include "rules/normalize.h"

#include <glib.h>

enum vn_legacy vn_legacy_detect(const char *text)
{
	(void)text;
	return VN_LEGACY_NONE;
}

char *vn_legacy_convert(const char *text, enum vn_legacy enc)
{
	(void)enc;
	return g_strdup(text);
}
