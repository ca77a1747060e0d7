/*
 * pdf_flow.c — running text of a PDF page: column blocks, then paragraphs.
 *
 * A directive's page is mostly one column of justified paragraphs, with two
 * places where two columns stand side by side: the header (issuer | national
 * motto; number | place and date) and the end ("Nơi nhận" list | signature).
 * Gluing those columns line by line would produce nonsense, so we first
 * stack segments (parsers/pdf_page.c) into blocks:
 *
 *   a segment joins the open block whose last segment is just above it and
 *   overlaps it horizontally; a segment touching two open blocks (a
 *   full-width line under two columns) or a block touched by two segments of
 *   one line (two columns under a full-width line) starts a new block.
 *
 * Blocks are emitted in the order they were opened (top to bottom, then left
 * to right), each cut into paragraphs. A new paragraph starts at a line
 * that is indented from the block's left edge, that follows a line ending
 * well short of the right edge, that starts with a list label
 * (parsers/label.h), that follows a larger vertical gap than usual, or that
 * is centered (a title) or follows a centered line. The wrapped lines of a
 * paragraph are joined with a space.
 *
 * The last paragraph of a page is held back: if the next page starts with
 * a plain line at the left margin, the paragraph continues there.
 */
#include "parsers/pdf_priv.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#ifdef DD_PDF_DEBUG
#include <stdio.h>
#endif

#include "parsers/label.h"
#include "parsers/read.h"

/* A segment may join a block whose last segment ends at most this many
 * character heights above it. */
#define BLOCK_GAP 1.6
/* A line ending this many character heights before the block's right edge
 * may be continued on the next page. */
#define SHORT_LINE 2.0
/* Lines above and below a line that tell where the right edge is. */
#define RIGHT_WINDOW 40
/* Width of a space, in character heights. */
#define SPACE 0.2
/* A line starting this many character heights right of the block's left edge
 * is indented. */
#define INDENT 0.6

struct block {
	size_t last;            /* index of its last segment */
	double x1, x2;          /* horizontal extent of all its segments */
	bool open;
};

/* ---- emitting ---------------------------------------------------------- */

static bool room(struct pdf_reader *r)
{
	if (r->doc->n >= DD_MAX_BLOCKS)
		r->full = true;
	return !r->full;
}

static void emit_held(struct pdf_reader *r)
{
	if (!r->held)
		return;
	if (room(r))
		dd_doc_add_para(r->doc, r->label, r->level, r->para->str);
	r->held = false;
	g_clear_pointer(&r->label, g_free);
	g_string_truncate(r->para, 0);
}

void pdf_flow_flush(struct pdf_reader *r)
{
	emit_held(r);
	if (r->page_pending) {
		r->page_pending = false;
		if (room(r))
			dd_doc_add_page(r->doc);
	}
}

void pdf_emit_page(struct pdf_reader *r)
{
	if (r->held && r->may_continue) {
		r->page_pending = true;
		return;
	}
	pdf_flow_flush(r);
	if (room(r))
		dd_doc_add_page(r->doc);
}

void pdf_emit_row(struct pdf_reader *r, int table, char **cells, size_t n)
{
	pdf_flow_flush(r);
	if (room(r))
		dd_doc_add_row(r->doc, table, (const char *const *)cells, n);
}

/* Start holding a new paragraph whose first line is `text`. */
static void para_begin(struct pdf_reader *r, const char *text)
{
	pdf_flow_flush(r);
	const char *rest = NULL;
	int level = 0;
	size_t n = dd_label_len(text, &rest, &level);
	if (n > 0) {
		r->label = g_strndup(text, n);
		r->level = level;
		g_string_assign(r->para, rest);
	} else {
		r->label = NULL;
		r->level = 0;
		g_string_assign(r->para, text);
	}
	r->held = true;
	r->may_continue = false;
}

/* Append a wrapped line: with a space, or with none after a word broken at
 * its hyphen ("LĐ-" + "TB&XH"). */
static void para_append(struct pdf_reader *r, const char *text)
{
	GString *p = r->para;
	bool hyphen = p->len >= 2 && p->str[p->len - 1] == '-' && p->str[p->len - 2] != ' ';
	if (p->len > 0 && *text && !hyphen)
		g_string_append_c(p, ' ');
	g_string_append(p, text);
}

/* ---- blocks ------------------------------------------------------------ */

/* Whether segment s lies under block b: they overlap horizontally. A line
 * right below the block's last one may also start a little left of the
 * block (the block so far held only indented lines, "tỉnh;" wrapping an
 * indented list item back to the margin). */
static bool overlaps(const struct pdf_seg *s, const struct block *b, const struct pdf_seg *last)
{
	double x1 = b->x1;
	if (s->y1 - last->y2 < 0.5 * s->h)
		x1 -= 1.6 * s->h;
	return fmin(s->x2, b->x2) - fmax(s->x1, x1) > 0;
}

/* Assign each segment a block number; returns the number of blocks. Segments
 * come line by line, top to bottom, each line left to right. */
static size_t make_blocks(const struct pdf_seg *s, size_t ns, size_t *blk)
{
	GArray *blocks = g_array_new(FALSE, FALSE, sizeof(struct block));
	size_t *cand = g_new(size_t, ns ? ns : 1);     /* the only candidate, or SIZE_MAX */
	size_t *picks = NULL;

	for (size_t i = 0; i < ns;) {
		size_t j = i;
		while (j < ns && s[j].line == s[i].line)
			j++;
		/* segments [i, j) form one line */
		picks = g_renew(size_t, picks, blocks->len ? blocks->len : 1);
		memset(picks, 0, sizeof *picks * (blocks->len ? blocks->len : 1));
		for (size_t k = i; k < j; k++) {
			size_t found = 0;
			cand[k] = SIZE_MAX;
			for (size_t b = 0; b < blocks->len; b++) {
				struct block *bl = &g_array_index(blocks, struct block, b);
				const struct pdf_seg *last = &s[bl->last];
				if (!bl->open)
					continue;
				if (s[k].y1 - last->y2 > BLOCK_GAP * fmax(s[k].h, last->h)) {
					bl->open = false;
					continue;
				}
				if (!overlaps(&s[k], bl, last))
					continue;
				found++;
				picks[b]++;
				cand[k] = found == 1 ? b : SIZE_MAX - 1;
			}
		}
		for (size_t k = i; k < j; k++) {
			size_t b = cand[k];
			if (b < SIZE_MAX - 1 && picks[b] == 1) {
				struct block *bl = &g_array_index(blocks, struct block, b);
				bl->last = k;
				bl->x1 = fmin(bl->x1, s[k].x1);
				bl->x2 = fmax(bl->x2, s[k].x2);
				blk[k] = b;
				continue;
			}
			/* ambiguous: close every block this segment touches */
			for (size_t o = 0; o < blocks->len; o++) {
				struct block *bl = &g_array_index(blocks, struct block, o);
				if (bl->open && overlaps(&s[k], bl, &s[bl->last]) && s[bl->last].line != s[k].line)
					bl->open = false;
			}
			struct block nb = { .last = k, .x1 = s[k].x1, .x2 = s[k].x2, .open = true };
			blk[k] = blocks->len;
			g_array_append_val(blocks, nb);
		}
		i = j;
	}
	size_t n = blocks->len;
	g_array_free(blocks, TRUE);
	g_free(cand);
	g_free(picks);
	return n;
}

/* ---- paragraphs -------------------------------------------------------- */

struct frame {
	double left, right, gap;  /* block edges; usual white gap between lines */
	bool centered;            /* every line centred on one axis (a header cell) */
};

static bool is_centered(const struct frame *f, const struct pdf_seg *s)
{
	double mid = (f->left + f->right) / 2, smid = (s->x1 + s->x2) / 2;
	return s->x1 > f->left + 0.2 * s->h && s->x2 < f->right - 0.2 * s->h &&
	       fabs(mid - smid) < 0.6 * s->h;
}

static bool is_bullet(const char *label)
{
	return label && (strcmp(label, "-") == 0 || strcmp(label, "+") == 0 ||
			 strcmp(label, "*") == 0 || strcmp(label, "•") == 0 ||
			 strcmp(label, "–") == 0);
}

/* The paragraph being built in a block: where its first line starts. */
struct para_start {
	double x1;              /* x of its first line */
	double hang;            /* x of the text after its label (hanging indent), or -1 */
	bool labelled;
};

static void para_start_set(const struct pdf_page *pg, const struct pdf_seg *s, const char *text,
			   struct para_start *ps)
{
	const char *rest;
	int level;
	size_t n = dd_label_len(text, &rest, &level);
	ps->x1 = s->x1;
	ps->labelled = n > 0;
	ps->hang = -1;
	if (n > 0 && n == strlen(pdf_word_text(pg, s->w0)) && s->nw > 1)
		ps->hang = pg->w[s->w0 + 1].x1;
}

/* Whether the line before cur ended early: cur's first word would have fit
 * after it, so the line was broken on purpose (a paragraph end). */
static bool ended_short(const struct pdf_page *pg, double right,
			const struct pdf_seg *prev, const struct pdf_seg *cur)
{
	const struct pdf_word *w = &pg->w[cur->w0];
	return prev->x2 + SPACE * cur->h + (w->x2 - w->x1) < right - 0.3 * cur->h;
}

static bool same_size(double a, double b)
{
	return fabs(a - b) <= 0.12 * fmax(a, b);
}

/* Text of a segment ends with one of the characters in `set`. */
static bool ends_with(const struct pdf_page *pg, const struct pdf_seg *s, const char *set)
{
	const char *t = pdf_word_text(pg, s->w0 + s->nw - 1);
	size_t n = strlen(t);
	return n > 0 && strchr(set, t[n - 1]) != NULL;
}

/* Whether segment cur (after prev in the same block) starts a new paragraph. */
static bool starts_para(const struct pdf_page *pg, const struct frame *f,
			const struct para_start *ps, const struct pdf_seg *prev, double prev_right,
			const struct pdf_seg *cur, const char *text)
{
	double h = fmax(cur->h, prev->h);
	bool prev_short = ended_short(pg, prev_right, prev, cur);

	if (!same_size(cur->h, prev->h))
		return true;    /* another font size: another paragraph */
	bool indented = cur->x1 > f->left + INDENT * h;
	const char *rest;
	int level;
	size_t lab = dd_label_len(text, &rest, &level);

	if (lab > 0) {
		/* "- 2025, ..." may be a wrapped line; a dash item is one when it
		 * lines up with the item above, is indented, or follows a short line */
		char *l = g_strndup(text, lab);
		bool bullet = is_bullet(l);
		g_free(l);
		if (!bullet || prev_short || indented || ends_with(pg, prev, ":;.") ||
		    (ps->labelled && fabs(cur->x1 - ps->x1) < 0.3 * h))
			return true;
	}
	if (prev_short)
		return true;
	if (cur->y1 - prev->y2 > f->gap + 0.3 * h)
		return true;
	/* centered lines (titles, header cells) stand alone: a PDF does not
	 * say whether a centred title wrapped or was broken by hand */
	if (f->centered || is_centered(f, prev) || is_centered(f, cur))
		return true;
	double dc = fabs((prev->x1 + prev->x2) - (cur->x1 + cur->x2)) / 2;
	double dw = fabs((prev->x2 - prev->x1) - (cur->x2 - cur->x1));
	if (dw > 0.2 * h && dc < 0.1 * dw)
		return true;    /* two lines centred on each other */
	if (indented && fabs(cur->x1 - prev->x1) > 0.3 * h &&
	    !(ps->hang > 0 && fabs(cur->x1 - ps->hang) < 0.3 * h))
		return true;
	return false;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void block_frame(const struct pdf_seg *s, const size_t *idx, size_t n, struct frame *f)
{
	f->left = INFINITY;
	f->right = -INFINITY;
	double *gaps = g_new(double, n ? n : 1);
	size_t ng = 0;
	for (size_t i = 0; i < n; i++) {
		const struct pdf_seg *c = &s[idx[i]];
		f->left = fmin(f->left, c->x1);
		f->right = fmax(f->right, c->x2);
		if (i > 0)
			gaps[ng++] = c->y1 - s[idx[i - 1]].y2;
	}
	/* centred block: all centres on one axis while the left edges differ */
	double c0 = (s[idx[0]].x1 + s[idx[0]].x2) / 2, xmin = INFINITY, xmax = -INFINITY;
	f->centered = n >= 3;
	for (size_t i = 0; i < n && f->centered; i++) {
		const struct pdf_seg *c = &s[idx[i]];
		f->centered = fabs((c->x1 + c->x2) / 2 - c0) < 0.3 * c->h;
		xmin = fmin(xmin, c->x1);
		xmax = fmax(xmax, c->x1);
	}
	if (f->centered)
		f->centered = xmax - xmin > 0.5 * s[idx[0]].h;
	f->gap = 0;
	if (ng > 0) {
		qsort(gaps, ng, sizeof *gaps, cmp_double);
		f->gap = fmax(gaps[ng / 4], 0);  /* the lower quartile: lines inside paragraphs */
	}
	g_free(gaps);
}

/* Whether the first line of a page continues the paragraph held from the
 * previous page. */
static bool continues_held(const struct pdf_reader *r, const struct frame *f,
			   const struct pdf_seg *s, const char *text)
{
	if (!r->held || !r->may_continue || !r->page_pending)
		return false;
	if (dd_label_len(text, NULL, NULL) > 0 || is_centered(f, s))
		return false;
	return fabs(s->x1 - r->para_left) < INDENT * s->h;
}

static void emit_block(struct pdf_reader *r, const struct pdf_page *pg, const struct pdf_seg *s,
		       const size_t *idx, size_t n, bool first_of_page)
{
	struct frame f;
	struct para_start ps;
	GString *line = g_string_new(NULL);
	double *right = g_new(double, n);

	block_frame(s, idx, n, &f);
	/* the right edge of the lines set in the same size (a smaller "Nơi
	 * nhận" list in a wide block has its own) */
	for (size_t i = 0; i < n; i++) {
		size_t lo = i > RIGHT_WINDOW ? i - RIGHT_WINDOW : 0;
		size_t hi = i + RIGHT_WINDOW < n ? i + RIGHT_WINDOW : n - 1;
		right[i] = s[idx[i]].x2;
		for (size_t j = lo; j <= hi; j++)
			if (same_size(s[idx[i]].h, s[idx[j]].h))
				right[i] = fmax(right[i], s[idx[j]].x2);
	}
	for (size_t i = 0; i < n; i++) {
		const struct pdf_seg *cur = &s[idx[i]];
		g_string_truncate(line, 0);
		pdf_append_words(pg, cur->w0, cur->nw, line);
		if (i == 0 && first_of_page && continues_held(r, &f, cur, line->str)) {
			r->page_pending = false;
			if (room(r))
				dd_doc_add_page(r->doc);
			para_append(r, line->str);
			para_start_set(pg, cur, "", &ps);
		} else if (i == 0 || starts_para(pg, &f, &ps, &s[idx[i - 1]], right[i - 1], cur, line->str)) {
			para_begin(r, line->str);
			para_start_set(pg, cur, line->str, &ps);
		} else {
			para_append(r, line->str);
		}
	}
	/* may the next page continue the last paragraph? */
	const struct pdf_seg *last = &s[idx[n - 1]];
	r->may_continue = n >= 2 && last->x2 >= f.right - SHORT_LINE * last->h &&
			  f.right - f.left > 0.5 * pg->width;
	r->para_left = f.left;
	g_string_free(line, TRUE);
	g_free(right);
}

/* "Kính gửi:   - Sở A;" over "- Sở B;": a list starting inside a line, after
 * a gap and lined up with the next line, is cut off into its own segment. */
static void split_at_list(const struct pdf_page *pg, GArray *segs)
{
	for (guint i = 0; i < segs->len; i++) {
		struct pdf_seg *s = &g_array_index(segs, struct pdf_seg, i);
		const struct pdf_seg *next = NULL;
		for (guint j = i + 1; j < segs->len && !next; j++) {
			const struct pdf_seg *c = &g_array_index(segs, struct pdf_seg, j);
			if (c->line > s->line)
				next = c;
		}
		if (!next || next->line != s->line + 1)
			continue;
		for (size_t k = s->w0 + 1; k < s->w0 + s->nw; k++) {
			const struct pdf_word *w = &pg->w[k];
			if (w->x1 - pg->w[k - 1].x2 < 0.5 * s->h || fabs(w->x1 - next->x1) > 0.3 * s->h ||
			    !is_bullet(pdf_word_text(pg, k)))
				continue;
			struct pdf_seg right = *s;
			right.w0 = k;
			right.nw = s->w0 + s->nw - k;
			right.x1 = w->x1;
			s->nw = k - s->w0;
			s->x2 = pg->w[k - 1].x2;
			g_array_insert_val(segs, i + 1, right);
			break;
		}
	}
}

void pdf_flow_text(struct pdf_reader *r, const struct pdf_page *pg, size_t from, size_t to)
{
	GArray *segs = g_array_new(FALSE, FALSE, sizeof(struct pdf_seg));
	for (size_t li = from; li < to; li++)
		if (!pg->l[li].dropped)
			pdf_line_segments(pg, li, PDF_COLUMN_GAP, segs);
	split_at_list(pg, segs);
	size_t ns = segs->len;
	if (ns == 0) {
		g_array_free(segs, TRUE);
		return;
	}
	const struct pdf_seg *s = (const struct pdf_seg *)(void *)segs->data;
	size_t *blk = g_new(size_t, ns);
	size_t *idx = g_new(size_t, ns);
	size_t nb = make_blocks(s, ns, blk);
#ifdef DD_PDF_DEBUG
	for (size_t k = 0; k < ns; k++) {
		GString *t = g_string_new(NULL);
		pdf_append_words(pg, s[k].w0, s[k].nw, t);
		fprintf(stderr, "seg l%zu b%zu x%.1f-%.1f y%.1f-%.1f h%.1f: %s\n", s[k].line, blk[k],
			s[k].x1, s[k].x2, s[k].y1, s[k].y2, s[k].h, t->str);
		g_string_free(t, TRUE);
	}
#endif

	/* segments grouped by block, in order (a counting sort) */
	size_t *start = g_new0(size_t, nb + 1);
	for (size_t k = 0; k < ns; k++)
		start[blk[k] + 1]++;
	for (size_t b = 0; b < nb; b++)
		start[b + 1] += start[b];
	size_t *fill = g_memdup2(start, sizeof *start * (nb + 1));
	for (size_t k = 0; k < ns; k++)
		idx[fill[blk[k]]++] = k;
	for (size_t b = 0; b < nb; b++)
		if (start[b + 1] > start[b])
			emit_block(r, pg, s, idx + start[b], start[b + 1] - start[b], b == 0);
	g_free(fill);
	g_free(start);
	g_free(idx);
	g_free(blk);
	g_array_free(segs, TRUE);
}
