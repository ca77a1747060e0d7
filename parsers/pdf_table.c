/*
 * pdf_table.c — task tables of a PDF page, rebuilt as DD_ROW blocks.
 *
 * A PDF has no tables, only characters at positions; we find them again:
 *
 *   start   a line cut by wide gaps into 3 or more segments is a candidate
 *           header row (STT | Nội dung nhiệm vụ | Cơ quan chủ trì | ...).
 *           Header lines just above it (a cell printed lower, vertically
 *           centred) join it. Each header cell gives a column; the space
 *           between two neighbouring header cells is the first guess of the
 *           "gutter" between the columns.
 *   lines   a following line belongs to the table when it leaves some empty
 *           room in every gutter (a paragraph running across the page covers
 *           them), is not far below the previous line, and, in a numbered
 *           table, puts nothing but a number in the first column. Each line
 *           narrows the gutters to the room it leaves, so after a few lines
 *           they are the true space between the columns.
 *   rows    a word goes to the column left of which lie the centres of
 *           the gutters it is past. A number in the first column (or, in a
 *           table without numbers, a larger vertical gap) starts a new row;
 *           other lines continue the cells of the open row, joined with ' '.
 *   pages   at a page end the table stays open; the next page continues it
 *           when its first lines fit the gutters, skipping a repeated header.
 *
 * The header row is emitted as a row too, so the table reads like the DOCX
 * one. Merged cells spanning rows are left in the row where they are printed.
 */
#include "parsers/pdf_priv.h"

#include <math.h>
#include <string.h>

/* Gaps cutting a header line into cells, in character heights. */
#define HEADER_GAP 0.7
/* Room a gutter must keep, in character heights. */
#define MIN_GUTTER 0.25
/* The most white space between two lines of one table, in character heights. */
#define TABLE_LINE_GAP 1.0

/* "1", "12.", "3)", "IV", "a)": what a numbering column holds. */
static bool is_row_number(const char *t)
{
	size_t n = strlen(t);
	if (n > 0 && (t[n - 1] == '.' || t[n - 1] == ')'))
		n--;
	if (n == 0 || n > 5)
		return false;
	size_t digits = strspn(t, "0123456789");
	if (digits == n)
		return n <= 3;
	if (strspn(t, "IVXL") == n)
		return true;
	if (n == 1 && t[0] >= 'a' && t[0] <= 'z')
		return true;
	return n == 2 && strncmp(t, "đ", 2) == 0;
}

/* The widest part of gutter [*gl, *gr] that the line's words leave empty;
 * returns its width (negative when nothing is left). */
static double gutter_left(const struct pdf_page *pg, const struct pdf_line *l, double gl, double gr,
			  double *ngl, double *ngr)
{
	double best = -1, cursor = gl;
	*ngl = gl;
	*ngr = gl;
	for (size_t k = l->w0; k < l->w0 + l->nw; k++) {
		const struct pdf_word *w = &pg->w[k];
		if (w->x2 <= cursor || w->x1 >= gr)
			continue;
		if (w->x1 - cursor > best) {
			best = w->x1 - cursor;
			*ngl = cursor;
			*ngr = w->x1;
		}
		cursor = fmax(cursor, w->x2);
	}
	if (gr - cursor > best) {
		best = gr - cursor;
		*ngl = cursor;
		*ngr = gr;
	}
	return best;
}

/* Column of a word: the number of gutter centres left of its centre. */
static size_t column_of(const struct pdf_table *t, const struct pdf_word *w)
{
	double c = (w->x1 + w->x2) / 2;
	size_t col = 0;
	while (col + 1 < t->ncols && c > (t->gl[col] + t->gr[col]) / 2)
		col++;
	return col;
}

/* Text of the first column of a line, or NULL when it is empty. */
static const char *first_column_word(const struct pdf_table *t, const struct pdf_page *pg,
				     const struct pdf_line *l)
{
	if (l->nw > 0 && column_of(t, &pg->w[l->w0]) == 0)
		return pdf_word_text(pg, l->w0);
	return NULL;
}

/* Whether line l fits table t; on success the narrowed gutters are stored
 * in gl/gr (which may be t's own). */
static bool fits(const struct pdf_table *t, const struct pdf_page *pg, const struct pdf_line *l,
		 double *gl, double *gr)
{
	double ngl[PDF_MAX_COLS], ngr[PDF_MAX_COLS];
	if (l->nw == 0)
		return false;
	for (size_t i = 0; i + 1 < t->ncols; i++)
		if (gutter_left(pg, l, t->gl[i], t->gr[i], &ngl[i], &ngr[i]) < MIN_GUTTER * t->h)
			return false;
	/* in a numbered table the first column holds the number and nothing else */
	if (t->numbered) {
		size_t n = 0;
		for (size_t k = l->w0; k < l->w0 + l->nw && column_of(t, &pg->w[k]) == 0; k++)
			n++;
		if (n > 1 || (n == 1 && !is_row_number(pdf_word_text(pg, l->w0))))
			return false;
	}
	memcpy(gl, ngl, sizeof ngl);
	memcpy(gr, ngr, sizeof ngr);
	return true;
}

/* Append a wrapped line to a cell: with a space, or with none after a word
 * broken at its hyphen ("Sở LĐ-" + "TB&XH"). */
static void cell_append(GString *c, const char *text)
{
	if (c->len > 0 && !(c->len >= 2 && c->str[c->len - 1] == '-' && c->str[c->len - 2] != ' '))
		g_string_append_c(c, ' ');
	g_string_append(c, text);
}

static void emit_row(struct pdf_reader *r)
{
	struct pdf_table *t = r->tab;
	if (t->row_open) {
		char *cells[PDF_MAX_COLS];
		for (size_t i = 0; i < t->ncols; i++)
			cells[i] = t->cell[i]->str;
		pdf_emit_row(r, t->index, cells, t->ncols);
	}
	for (size_t i = 0; i < t->ncols; i++)
		g_string_truncate(t->cell[i], 0);
	t->row_open = false;
}

/* Take line l into the table: a new row or the continuation of the open one. */
static void take_line(struct pdf_reader *r, const struct pdf_page *pg, const struct pdf_line *l)
{
	struct pdf_table *t = r->tab;
	const char *first = first_column_word(t, pg, l);
	bool number = first && is_row_number(first);
	double gap = t->new_page ? 0 : l->y1 - t->last_y2;
	/* without numbers, rows show as more space than between the lines of a cell */
	bool row_gap = isfinite(t->min_gap) ? gap > t->min_gap + 0.15 * t->h : gap > 0.5 * t->h;

	if (!t->row_open || number || (!t->numbered && row_gap)) {
		if (t->row_open)
			t->nrows++;
		emit_row(r);
		t->row_open = true;
		if (number)
			t->numbered = true;
	}
	if (!t->new_page && t->row_open)
		t->min_gap = fmin(t->min_gap, gap);
	if (t->nrows == 0) {
		GString *h = g_string_new(NULL);
		pdf_append_words(pg, l->w0, l->nw, h);
		g_ptr_array_add(t->header, g_string_free(h, FALSE));
	}
	GString *text = g_string_new(NULL);
	for (size_t k = l->w0; k < l->w0 + l->nw;) {
		size_t col = column_of(t, &pg->w[k]), n = 0;
		while (k + n < l->w0 + l->nw && column_of(t, &pg->w[k + n]) == col)
			n++;
		g_string_truncate(text, 0);
		pdf_append_words(pg, k, n, text);
		cell_append(t->cell[col], text->str);
		k += n;
	}
	g_string_free(text, TRUE);
	t->last_y2 = l->y2;
	t->new_page = false;
}

void pdf_table_close(struct pdf_reader *r)
{
	struct pdf_table *t = r->tab;
	if (!t)
		return;
	emit_row(r);
	for (size_t i = 0; i < t->ncols; i++)
		g_string_free(t->cell[i], TRUE);
	g_ptr_array_free(t->header, TRUE);
	g_free(t);
	r->tab = NULL;
}

static char *line_text(const struct pdf_page *pg, const struct pdf_line *l)
{
	GString *s = g_string_new(NULL);
	pdf_append_words(pg, l->w0, l->nw, s);
	return g_string_free(s, FALSE);
}

size_t pdf_table_continue(struct pdf_reader *r, const struct pdf_page *pg, size_t from)
{
	struct pdf_table *t = r->tab;
	size_t li = from;
	guint skip = 0;
	for (; t && li < pg->nl; li++) {
		const struct pdf_line *l = &pg->l[li];
		if (l->dropped)
			continue;
		if (t->new_page) {
			/* the header row printed again at the top of the page */
			char *text = line_text(pg, l);
			bool repeat = skip < t->header->len &&
				      strcmp(text, g_ptr_array_index(t->header, skip)) == 0;
			g_free(text);
			if (repeat) {
				skip++;
				continue;
			}
		} else if (l->y1 - t->last_y2 > TABLE_LINE_GAP * t->h) {
			break;
		}
		if (!fits(t, pg, l, t->gl, t->gr))
			break;
		take_line(r, pg, l);
	}
	if (t && li < pg->nl)
		pdf_table_close(r);
	return li;
}

/* Header cells: the segments of lines [a, b], merged where they overlap. */
static size_t header_cells(const struct pdf_page *pg, size_t a, size_t b, double *x1, double *x2)
{
	GArray *segs = g_array_new(FALSE, FALSE, sizeof(struct pdf_seg));
	size_t n = 0;
	for (size_t li = a; li <= b; li++)
		if (!pg->l[li].dropped)
			pdf_line_segments(pg, li, HEADER_GAP, segs);
	for (guint i = 0; i < segs->len; i++) {
		const struct pdf_seg *s = &g_array_index(segs, struct pdf_seg, i);
		size_t k = 0;
		while (k < n && !(s->x1 < x2[k] && s->x2 > x1[k]))
			k++;
		if (k < n) {
			x1[k] = fmin(x1[k], s->x1);
			x2[k] = fmax(x2[k], s->x2);
		} else if (n < PDF_MAX_COLS) {
			size_t j = n++;
			while (j > 0 && x1[j - 1] > s->x1) {   /* keep sorted by x */
				x1[j] = x1[j - 1];
				x2[j] = x2[j - 1];
				j--;
			}
			x1[j] = s->x1;
			x2[j] = s->x2;
		} else {
			n = PDF_MAX_COLS + 1;   /* too many: not a table we read */
			break;
		}
	}
	g_array_free(segs, TRUE);
	/* merging may have made neighbours overlap: then it is not a header */
	for (size_t k = 1; k < n && n <= PDF_MAX_COLS; k++)
		if (x1[k] < x2[k - 1])
			return 0;
	return n;
}

struct pdf_table *pdf_table_find(const struct pdf_page *pg, size_t first, size_t li, size_t *head)
{
	const struct pdf_line *l = &pg->l[li];
	GArray *segs = g_array_new(FALSE, FALSE, sizeof(struct pdf_seg));
	pdf_line_segments(pg, li, HEADER_GAP, segs);
	guint nseg = segs->len;
	g_array_free(segs, TRUE);
	if (nseg < 3 || l->dropped)
		return NULL;

	/* header lines printed just above (a vertically centred header cell) */
	size_t a = li;
	while (a > first && !pg->l[a - 1].dropped && l->y1 - pg->l[a - 1].y2 < 0.5 * l->h &&
	       pg->l[a - 1].y1 >= l->y1 - 3 * l->h) {
		GArray *s2 = g_array_new(FALSE, FALSE, sizeof(struct pdf_seg));
		pdf_line_segments(pg, a - 1, HEADER_GAP, s2);
		guint n2 = s2->len;
		g_array_free(s2, TRUE);
		if (n2 < 2)
			break;
		a--;
	}

	double x1[PDF_MAX_COLS], x2[PDF_MAX_COLS];
	size_t ncols = header_cells(pg, a, li, x1, x2);
	if (ncols < 3 || ncols > PDF_MAX_COLS)
		return NULL;

	struct pdf_table *t = g_new0(struct pdf_table, 1);
	t->ncols = ncols;
	t->h = l->h;
	for (size_t i = 0; i + 1 < ncols; i++) {
		t->gl[i] = x2[i];
		t->gr[i] = x1[i + 1];
	}
	/* the next line must fit too, or this was a line of spread-out words */
	size_t next = li + 1;
	while (next < pg->nl && pg->l[next].dropped)
		next++;
	double gl[PDF_MAX_COLS], gr[PDF_MAX_COLS];
	if (next < pg->nl && (pg->l[next].y1 - l->y2 > TABLE_LINE_GAP * l->h ||
			      !fits(t, pg, &pg->l[next], gl, gr))) {
		g_free(t);
		return NULL;
	}
	*head = a;
	return t;
}

size_t pdf_table_open(struct pdf_reader *r, const struct pdf_page *pg, struct pdf_table *t,
		      size_t head, size_t li)
{
	pdf_table_close(r);
	for (size_t i = 0; i < t->ncols; i++)
		t->cell[i] = g_string_new(NULL);
	t->index = r->ntables++;
	t->header = g_ptr_array_new_with_free_func(g_free);
	t->min_gap = INFINITY;
	t->new_page = true;     /* no line above the header to measure from */
	r->tab = t;
	pdf_flow_flush(r);
	for (size_t k = head; k <= li; k++)
		if (!pg->l[k].dropped && fits(t, pg, &pg->l[k], t->gl, t->gr))
			take_line(r, pg, &pg->l[k]);
	return li + 1;
}
