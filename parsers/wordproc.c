/*
 * wordproc.c — the paragraph and table builder shared by the
 * word-processor readers (see wordproc.h).
 *
 * docx.c and odt.c find paragraphs, cells and rows in two different XML
 * vocabularies, but what they make of them is the same: these functions
 * are that common half, so that a DOCX and the same document saved as ODT
 * give the same blocks, under the same limits.
 */
#include "parsers/wordproc.h"

#include <string.h>

void dd_wp_init(struct dd_wp *w)
{
	w->doc = dd_doc_new();
	w->budget = DD_WP_MAX_OUTPUT;
}

void dd_wp_fini(struct dd_wp *w)
{
	dd_doc_free(w->doc);
	w->doc = NULL;
}

struct dd_doc *dd_wp_take(struct dd_wp *w, const char *what, GError **error)
{
	if (w->doc->n == 0) {
		g_set_error(error, DD_READ_ERROR, DD_READ_EMPTY, "the %s document has no text", what);
		return NULL;
	}
	struct dd_doc *doc = w->doc;
	w->doc = NULL;
	return doc;
}

gboolean dd_wp_spend(struct dd_wp *w, size_t n, GError **error)
{
	if (n > w->budget) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
		            "the document's text is over %zu bytes", DD_WP_MAX_OUTPUT);
		return FALSE;
	}
	w->budget -= n;
	return TRUE;
}

gboolean dd_wp_room_for_block(struct dd_wp *w, GError **error)
{
	if (w->doc->n >= DD_MAX_BLOCKS) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
		            "the document has more than %d paragraphs and table rows", DD_MAX_BLOCKS);
		return FALSE;
	}
	return TRUE;
}

gboolean dd_wp_nesting_ok(guint open, guint max, const char *part, const char *what,
                          GError **error)
{
	if (open >= max) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
		            "%s nests %s deeper than %u levels", part, what, max);
		return FALSE;
	}
	return TRUE;
}

gboolean dd_wp_too_wide(GError **error)
{
	g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
	            "a table row is wider than %d columns", DD_WP_MAX_COLS);
	return FALSE;
}

gboolean dd_wp_cell_add_line(struct dd_wp *w, GString *cell, const char *label,
                             const char *text, GError **error)
{
	size_t n = strlen(text) + (label ? strlen(label) + 1 : 0) + 1;
	if (!dd_wp_spend(w, n, error))
		return FALSE;
	if (cell->len)
		g_string_append_c(cell, '\n');
	if (label) {
		g_string_append(cell, label);
		if (*text)
			g_string_append_c(cell, ' ');
	}
	g_string_append(cell, text);
	return TRUE;
}

gboolean dd_wp_add_para(struct dd_wp *w, GString *cell, const char *label, int level,
                        const char *text, GError **error)
{
	if (!*text)
		return TRUE;
	if (cell)
		return dd_wp_cell_add_line(w, cell, label, text, error);
	if (!dd_wp_room_for_block(w, error)
	    || !dd_wp_spend(w, strlen(text) + (label ? strlen(label) : 0), error))
		return FALSE;
	dd_doc_add_para(w->doc, label, level, text);
	return TRUE;
}

/* A nested table's row: one line of the enclosing cell, cells by '\t'. */
static gboolean row_into_cell(struct dd_wp *w, GString *outer_cell, const GPtrArray *cells,
                              GError **error)
{
	GString *line = g_string_new(NULL);
	for (guint i = 0; i < cells->len; i++) {
		const char *c = cells->pdata[i];
		if (!*c)
			continue;
		if (line->len)
			g_string_append_c(line, '\t');
		g_string_append(line, c);
	}
	gboolean ok = !line->len || dd_wp_cell_add_line(w, outer_cell, NULL, line->str, error);
	g_string_free(line, TRUE);
	return ok;
}

gboolean dd_wp_add_row(struct dd_wp *w, int ordinal, GString *outer_cell,
                       const GPtrArray *cells, GError **error)
{
	if (cells->len == 0)
		return TRUE;
	if (ordinal < 0)
		return !outer_cell || row_into_cell(w, outer_cell, cells, error);
	if (!dd_wp_room_for_block(w, error))
		return FALSE;
	dd_doc_add_row(w->doc, ordinal, (const char *const *)cells->pdata, cells->len);
	return TRUE;
}

gboolean dd_wp_repeat(struct dd_wp *w, char **text, const char *above, GError **error)
{
	if (!dd_wp_spend(w, strlen(above), error))
		return FALSE;
	g_free(*text);
	*text = g_strdup(above);
	return TRUE;
}

/* ---- list labels ---- */

void dd_wp_append_letters(GString *s, int n, gboolean upper)
{
	if (n < 1 || n > 26 * 10) {
		g_string_append_printf(s, "%d", n);
		return;
	}
	int letter = (n - 1) % 26, times = (n - 1) / 26 + 1;
	for (int i = 0; i < times; i++)
		g_string_append_c(s, (char)((upper ? 'A' : 'a') + letter));
}

void dd_wp_append_roman(GString *s, int n, gboolean upper)
{
	static const struct { int value; const char *digits; } table[] = {
		{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" }, { 90, "xc" },
		{ 50, "l" }, { 40, "xl" }, { 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" },
	};
	if (n < 1 || n >= 4000) {
		g_string_append_printf(s, "%d", n);
		return;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(table); i++) {
		for (; n >= table[i].value; n -= table[i].value) {
			for (const char *c = table[i].digits; *c; c++)
				g_string_append_c(s, upper ? g_ascii_toupper(*c) : *c);
		}
	}
}

char *dd_wp_bullet_label(const char *c)
{
	static const char *const kept[] = { "-", "+", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212" };
	for (size_t i = 0; c && i < G_N_ELEMENTS(kept); i++)
		if (strcmp(c, kept[i]) == 0)
			return g_strdup(c);
	return g_strdup("-");
}

char *dd_wp_label_take(GString *s)
{
	char *label = g_strstrip(g_string_free(s, FALSE));
	if (!*label || !g_utf8_validate(label, -1, NULL)) {
		g_free(label);
		return NULL;
	}
	return label;
}
