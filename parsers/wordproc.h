/*
 * wordproc.h — the paragraph and table builder shared by the
 * word-processor readers (docx.c, odt.c).
 *
 * Both readers stream their XML and, whenever a paragraph or a table row
 * ends, hand its text to the functions here, which put it in the
 * struct dd_doc being built:
 *
 *   - a paragraph at body level becomes a DD_PARA block; a paragraph in a
 *     table cell becomes one line of that cell's text (label, a space,
 *     text), lines separated by '\n';
 *   - a row of a top-level table becomes a DD_ROW block with one string
 *     per column; a row of a table inside a cell becomes one line of the
 *     enclosing cell, its non-empty cells separated by '\t';
 *   - a cell that continues a merge or span from the row above repeats
 *     the text of the cell it continues (dd_wp_repeat);
 *   - a list label is rendered the way Word and LibreOffice print it: the
 *     counters in letters or Roman numerals, a bullet as "-".
 *
 * They also keep the limits common to both formats: at most DD_MAX_BLOCKS
 * blocks, rows of at most DD_WP_MAX_COLS columns, and at most
 * DD_WP_MAX_OUTPUT bytes of text in all (merged cells repeat text, so the
 * output could otherwise outgrow the input many times). Every error is a
 * GError DD_READ_TOO_LARGE in DD_READ_ERROR (parsers/read.h).
 *
 * What stays in each reader is what differs between the formats: which
 * elements make paragraphs, cells and rows, how list counters step and
 * which format each level has, and how a merge or span is written down.
 */
#ifndef DONDOC_PARSERS_WORDPROC_H
#define DONDOC_PARSERS_WORDPROC_H

#include <glib.h>
#include <stddef.h>

#include "parsers/read.h"

#define DD_WP_MAX_COLS    1000                       /* columns of one table row */
#define DD_WP_MAX_OUTPUT  ((size_t)DD_MAX_PART * 2)  /* bytes of text produced */

/* The document being built, and how much text it may still take. */
struct dd_wp {
	struct dd_doc *doc;     /* owned; NULL once taken by dd_wp_take */
	size_t budget;          /* bytes of text still allowed */
};

/* Start an empty document with the whole budget. */
void dd_wp_init(struct dd_wp *w);

/* Free what dd_wp_take has not taken (safe after it). */
void dd_wp_fini(struct dd_wp *w);

/* The finished document, now the caller's; NULL with DD_READ_EMPTY ("the
 * `what` document has no text") when it has no block. */
struct dd_doc *dd_wp_take(struct dd_wp *w, const char *what, GError **error);

/* Charge n bytes of produced text to the budget. FALSE when over it. */
gboolean dd_wp_spend(struct dd_wp *w, size_t n, GError **error);

/* FALSE when the document already holds DD_MAX_BLOCKS blocks. */
gboolean dd_wp_room_for_block(struct dd_wp *w, GError **error);

/* FALSE with "`part` nests `what` deeper than `max` levels" when `open`
 * elements of a kind (text boxes, tables, lists) are already open, so that
 * one more would go over `max`. */
gboolean dd_wp_nesting_ok(guint open, guint max, const char *part, const char *what,
                          GError **error);

/* Set the "row wider than DD_WP_MAX_COLS columns" error; returns FALSE. */
gboolean dd_wp_too_wide(GError **error);

/* Append a line to a cell's text: '\n' before it unless the cell is
 * empty, then the label (may be NULL) and a space, then the text. */
gboolean dd_wp_cell_add_line(struct dd_wp *w, GString *cell, const char *label,
                             const char *text, GError **error);

/* A finished paragraph (text already stripped; nothing when empty): a line
 * of `cell` when a table cell is open, else a DD_PARA block with its list
 * label (may be NULL) and level. Charges the label and the text. */
gboolean dd_wp_add_para(struct dd_wp *w, GString *cell, const char *label, int level,
                        const char *text, GError **error);

/* A finished table row (nothing when it has no cells): a DD_ROW block of
 * table `ordinal` when ordinal >= 0; for a table inside a cell (ordinal
 * < 0), one line of `outer_cell`, its non-empty cells separated by '\t'
 * (dropped when outer_cell is NULL). `cells` stays the caller's. */
gboolean dd_wp_add_row(struct dd_wp *w, int ordinal, GString *outer_cell,
                       const GPtrArray *cells, GError **error);

/* A cell that continues a merge or span: replace *text (g_free'd) by a
 * copy of `above`, the text of the cell it continues, charging it to the
 * budget. On FALSE *text is left as it was. */
gboolean dd_wp_repeat(struct dd_wp *w, char **text, const char *above, GError **error);

/* ---- list labels ---- */

/* Append counter value n in letters: a..z, then aa..zz, aaa... (the letter
 * repeated), up to 260; other values in decimal. */
void dd_wp_append_letters(GString *s, int n, gboolean upper);

/* Append n in Roman numerals, from 1 to 3999; other values in decimal. */
void dd_wp_append_roman(GString *s, int n, gboolean upper);

/* A bullet's label (g_free): "-", unless the bullet character `c` (may be
 * NULL) already is a dash or '+'. */
char *dd_wp_bullet_label(const char *c);

/* The label rendered in `s` (freed here), stripped of white space: a new
 * string, or NULL when nothing is left or it is not valid UTF-8. */
char *dd_wp_label_take(GString *s);

#endif
