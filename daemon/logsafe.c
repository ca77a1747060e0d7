/*
 * logsafe.c — log_sanitize (see logsafe.h).
 */
#include "daemon/logsafe.h"

#include <glib.h>

char *log_sanitize(const char *s)
{
	if (!s)
		return g_strdup("");
	char *valid = g_utf8_make_valid(s, -1);
	GString *out = g_string_new(NULL);
	long n = 0;
	const char *p = valid;
	for (; *p && n < LOG_SANITIZE_MAX; p = g_utf8_next_char(p), n++) {
		gunichar c = g_utf8_get_char(p);
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
			g_string_append_printf(out, "\\x%02x", (unsigned)c);
		else if (c == '\\')
			g_string_append(out, "\\\\");
		else
			g_string_append_unichar(out, c);
	}
	if (*p)
		g_string_append(out, "…");   /* cut */
	g_free(valid);
	return g_string_free(out, FALSE);
}
