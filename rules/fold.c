/* fold.c — the matching key of normalized text (see normalize.h vn_fold). */
#include "rules/normalize.h"

#include <glib.h>
#include <string.h>

/* One ASCII byte for one code point. */
static char fold_char(gunichar c)
{
	if (c < 0x80) {
		if (c == '\n' || c == '\t' || c == '\r')
			return ' ';
		return (char)g_ascii_tolower((gchar)c);
	}
	if (c == 0x0111 || c == 0x0110)  /* đ Đ */
		return 'd';
	gunichar decomp[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
	gsize n = g_unichar_fully_decompose(c, FALSE, decomp, G_N_ELEMENTS(decomp));
	if (n > 0 && decomp[0] < 0x80 && g_ascii_isalpha((gchar)decomp[0]))
		return (char)g_ascii_tolower((gchar)decomp[0]);
	return '~';
}

char *vn_fold(const char *text, size_t **offsets)
{
	size_t len = strlen(text);
	char *out = g_malloc(len + 1);
	size_t *off = offsets ? g_new(size_t, len + 1) : NULL;
	size_t n = 0;
	const char *p = text, *end = text + len;

	while (p < end) {
		gunichar c = g_utf8_get_char_validated(p, end - p);
		const char *next;
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			c = '~';
			next = p + 1;
		} else {
			next = g_utf8_next_char(p);
		}
		if (off)
			off[n] = (size_t)(p - text);
		out[n++] = fold_char(c);
		p = next;
	}
	out[n] = '\0';
	if (off) {
		off[n] = len;
		*offsets = off;
	}
	return out;
}
