/*
 * odt.c — the ODT reader (placeholder until written).
 */
#include "parsers/read.h"

struct dd_doc *dd_read_odt(const void *buf, size_t len, GError **error)
{
	(void)buf;
	(void)len;
	g_set_error(error, DD_READ_ERROR, DD_READ_UNSUPPORTED, "ODT is not read yet");
	return NULL;
}
