/*
 * pdf_page.c — the geometry of one PDF page: characters to words, words to
 * lines, lines to segments.
 *
 * Poppler's page text comes with one rectangle per UTF-8 character. Its own
 * order and spaces are a good start but not enough: table cells come out run
 * together ("TTNhiệm vụ"), and two columns printed side by side come out in
 * whatever order the producer wrote them. So we keep Poppler's words only
 * as long as the characters really touch, then rebuild lines from the
 * positions alone:
 *
 *   word     characters with no space between them and no jump in x or y;
 *   line     words whose vertical centres agree (same baseline), sorted by x;
 *   segment  a run of a line's words with no gap wider than a given number
 *            of character heights (two columns side by side are two
 *            segments of one line).
 *
 * A scanned page comes from OCR (parsers/ocr.h) as words that already have
 * boxes: pdf_page_add_word() takes them one by one and
 * pdf_page_build_lines() makes the lines, as for a text layer.
 *
 * Page numbers (a number alone at the very top or bottom of the page, away
 * from the text) are marked dropped here.
 */
#include "parsers/pdf_priv.h"

#include <math.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

/* A word is cut when the next character starts further than this many
 * character heights after the previous one ends (a space is about 0.25). */
#define WORD_GAP 0.18

void pdf_page_init(struct pdf_page *pg, double width, double height)
{
	memset(pg, 0, sizeof *pg);
	pg->chars = g_string_sized_new(4096);
	pg->width = width;
	pg->height = height;
}

void pdf_page_clear(struct pdf_page *pg)
{
	if (pg->chars)
		g_string_free(pg->chars, TRUE);
	g_free(pg->w);
	g_free(pg->l);
	memset(pg, 0, sizeof *pg);
}

const char *pdf_word_text(const struct pdf_page *pg, size_t w)
{
	return pg->chars->str + pg->w[w].off;
}

/* Start a new, empty word at the end of the word array. */
static struct pdf_word *word_open(struct pdf_page *pg, const PopplerRectangle *r)
{
	if (pg->nw == pg->wcap) {
		pg->wcap = pg->wcap ? pg->wcap * 2 : 256;
		pg->w = g_renew(struct pdf_word, pg->w, pg->wcap);
	}
	struct pdf_word *w = &pg->w[pg->nw++];
	w->x1 = r->x1;
	w->y1 = r->y1;
	w->x2 = r->x2;
	w->y2 = r->y2;
	w->off = pg->chars->len;
	return w;
}

static void word_close(struct pdf_page *pg)
{
	g_string_append_c(pg->chars, '\0');
}

/* Whether character rectangle r continues the word whose last character had
 * rectangle prev (same baseline, touching, moving right). */
static bool continues_word(const PopplerRectangle *prev, const PopplerRectangle *r)
{
	double h = fmax(prev->y2 - prev->y1, r->y2 - r->y1);
	double dy = fabs((r->y1 + r->y2) - (prev->y1 + prev->y2)) / 2;
	if (dy > 0.5 * h)
		return false;
	if (r->x1 - prev->x2 > WORD_GAP * h)
		return false;
	if (r->x1 < prev->x1 - 0.3 * h)
		return false;   /* jumped back: another line or column */
	return true;
}

static bool rect_ok(const PopplerRectangle *r)
{
	return isfinite(r->x1) && isfinite(r->x2) && isfinite(r->y1) && isfinite(r->y2) &&
	       r->y2 > r->y1 && r->x2 >= r->x1 && fabs(r->x1) < 1e6 && fabs(r->y1) < 1e6 &&
	       fabs(r->x2) < 1e6 && fabs(r->y2) < 1e6;
}

/* Words from the character stream. */
static void build_words(struct pdf_page *pg, const char *text, const PopplerRectangle *rects,
			size_t nrects)
{
	const PopplerRectangle *prev = NULL;
	struct pdf_word *cur = NULL;
	size_t i = 0;

	for (const char *p = text; *p && i < nrects; p = g_utf8_next_char(p), i++) {
		gunichar c = g_utf8_get_char(p);
		const PopplerRectangle *r = &rects[i];
		const char *next = g_utf8_next_char(p);

		if (g_unichar_isspace(c) || c == 0xa0 || c == 0xfeff || !rect_ok(r)) {
			if (cur)
				word_close(pg);
			cur = NULL;
			continue;
		}
		if (cur && !g_unichar_ismark(c) && !continues_word(prev, r)) {
			word_close(pg);
			cur = NULL;
		}
		if (!cur) {
			cur = word_open(pg, r);
		} else {
			cur->x1 = fmin(cur->x1, r->x1);
			cur->y1 = fmin(cur->y1, r->y1);
			cur->x2 = fmax(cur->x2, r->x2);
			cur->y2 = fmax(cur->y2, r->y2);
		}
		g_string_append_len(pg->chars, p, next - p);
		prev = r;
	}
	if (cur)
		word_close(pg);
}

static int cmp_word_y(const void *a, const void *b)
{
	const struct pdf_word *x = a, *y = b;
	double cx = x->y1 + x->y2, cy = y->y1 + y->y2;
	if (cx != cy)
		return cx < cy ? -1 : 1;
	return x->x1 < y->x1 ? -1 : x->x1 > y->x1;
}

static int cmp_word_x(const void *a, const void *b)
{
	const struct pdf_word *x = a, *y = b;
	return x->x1 < y->x1 ? -1 : x->x1 > y->x1;
}

/* Lines: sort words by vertical centre, cut where the centre moves by more
 * than half a character height, then sort each line by x. */
static void build_lines(struct pdf_page *pg)
{
	if (pg->nw == 0)
		return;
	qsort(pg->w, pg->nw, sizeof *pg->w, cmp_word_y);
	pg->l = g_new0(struct pdf_line, pg->nw);
	size_t start = 0;
	for (size_t i = 1; i <= pg->nw; i++) {
		if (i < pg->nw) {
			const struct pdf_word *a = &pg->w[start], *b = &pg->w[i];
			double h = fmin(a->y2 - a->y1, b->y2 - b->y1);
			double dy = ((b->y1 + b->y2) - (a->y1 + a->y2)) / 2;
			if (dy <= 0.5 * h)
				continue;
		}
		struct pdf_line *l = &pg->l[pg->nl++];
		qsort(pg->w + start, i - start, sizeof *pg->w, cmp_word_x);
		l->w0 = start;
		l->nw = i - start;
		l->x1 = l->y1 = INFINITY;
		l->x2 = l->y2 = -INFINITY;
		double hsum = 0;
		for (size_t k = start; k < i; k++) {
			const struct pdf_word *w = &pg->w[k];
			l->x1 = fmin(l->x1, w->x1);
			l->y1 = fmin(l->y1, w->y1);
			l->x2 = fmax(l->x2, w->x2);
			l->y2 = fmax(l->y2, w->y2);
			hsum += w->y2 - w->y1;
		}
		l->h = hsum / (double)(i - start);
		start = i;
	}
}

void pdf_page_build(struct pdf_page *pg, const char *text, const void *rects, size_t nrects)
{
	build_words(pg, text, rects, nrects);
	build_lines(pg);
}

void pdf_page_add_word(struct pdf_page *pg, double x1, double y1, double x2, double y2,
		       const char *text)
{
	PopplerRectangle r = { x1, y1, x2, y2 };
	if (!rect_ok(&r) || !*text)
		return;
	word_open(pg, &r);
	g_string_append(pg->chars, text);
	word_close(pg);
}

void pdf_page_build_lines(struct pdf_page *pg)
{
	build_lines(pg);
}

void pdf_line_segments(const struct pdf_page *pg, size_t li, double gap, GArray *out)
{
	const struct pdf_line *l = &pg->l[li];
	struct pdf_seg s = { 0 };
	double hsum = 0;
	for (size_t k = l->w0; k < l->w0 + l->nw; k++) {
		const struct pdf_word *w = &pg->w[k];
		if (k > l->w0 && w->x1 - s.x2 <= gap * l->h) {
			s.x2 = fmax(s.x2, w->x2);
			s.y1 = fmin(s.y1, w->y1);
			s.y2 = fmax(s.y2, w->y2);
			s.nw++;
			hsum += w->y2 - w->y1;
			continue;
		}
		if (k > l->w0) {
			s.h = hsum / (double)s.nw;   /* the segment's own size, not the line's */
			g_array_append_val(out, s);
		}
		s.x1 = w->x1;
		s.x2 = w->x2;
		s.y1 = w->y1;
		s.y2 = w->y2;
		s.line = li;
		s.w0 = k;
		s.nw = 1;
		hsum = w->y2 - w->y1;
	}
	if (l->nw) {
		s.h = hsum / (double)s.nw;
		g_array_append_val(out, s);
	}
}

void pdf_append_words(const struct pdf_page *pg, size_t w0, size_t nw, GString *s)
{
	for (size_t k = w0; k < w0 + nw; k++) {
		if (k > w0)
			g_string_append_c(s, ' ');
		g_string_append(s, pdf_word_text(pg, k));
	}
}

/* "12", "- 12 -", "– 3 –": a page number and nothing else. */
static bool is_page_number(const struct pdf_page *pg, const struct pdf_line *l)
{
	int digits = 0;
	for (size_t k = l->w0; k < l->w0 + l->nw; k++) {
		for (const char *p = pdf_word_text(pg, k); *p; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char(p);
			if (c >= '0' && c <= '9')
				digits++;
			else if (c != '-' && c != 0x2013 && c != 0x2014)
				return false;
		}
	}
	return digits >= 1 && digits <= 4;
}

void pdf_drop_page_numbers(struct pdf_page *pg)
{
	if (pg->nl == 0)
		return;
	struct pdf_line *first = &pg->l[0], *last = &pg->l[pg->nl - 1];
	/* alone at the top: the next line is well below it */
	if (is_page_number(pg, first) &&
	    (pg->nl == 1 || pg->l[1].y1 - first->y2 > 0.8 * first->h))
		first->dropped = true;
	if (pg->nl > 1 && is_page_number(pg, last) &&
	    last->y1 - pg->l[pg->nl - 2].y2 > 0.8 * last->h)
		last->dropped = true;
}
