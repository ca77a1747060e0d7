/*
 * ocr.c — scanned PDF pages to words with boxes (see ocr.h).
 *
 * One page goes through four steps:
 *
 *   render     Poppler draws the page with cairo into an RGB image at
 *              ocr_page_dpi(); we turn it into an 8-bit grey Leptonica PIX.
 *   clean      Leptonica evens out the scanner's background (uneven light,
 *              grey paper), straightens a page fed in at a slant and wipes
 *              the long straight strokes (table borders, underlines).
 *   recognise  Tesseract (C API, model "vie") finds the text lines and
 *              words; we walk its result at word level and keep each word's
 *              text, box and confidence. A word's top and bottom are put at
 *              a fixed distance from its line's baseline, so that words with
 *              and without Vietnamese stacked marks sit on one line, with
 *              even gaps between lines, for the layout code. Leftovers of
 *              table borders ("|", "_") are dropped.
 *   normalize  digits inside number-like tokens (ocr_fix_digits).
 *
 * Rendering uses the PopplerDocument, which is not safe to share between
 * threads, so it stays in the calling thread; recognition runs on up to
 * OCR_THREADS worker threads fed through a queue. At most one rendered
 * page per worker waits in the queue, which bounds the memory in use.
 */
#include "parsers/ocr.h"

#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/ocr_lib.h"
#include "parsers/read.h"

/* Tesseract and Leptonica, loaded by ocr_pages() before any thread starts. */
static const struct ocr_lib *L;

/* Largest rendered image, in pixels (an A3 page at 400 dpi is 31 Mpx). */
#define MAX_PIXELS (40.0 * 1000 * 1000)
/* Words below this confidence are noise (specks, the edge of a photo). */
#define NOISE_CONF 25
/* A page is "recognised" when it has at least this many words of two or more
 * letters read with a confidence of at least SURE_CONF. */
#define MIN_SURE_WORDS 5
#define SURE_CONF 60

/* ---- rendering ---------------------------------------------------------- */

double ocr_page_dpi(PopplerPage *page)
{
	double native = 0;
	GList *maps = poppler_page_get_image_mapping(page);
	double best_area = 0;
	for (GList *l = maps; l; l = l->next) {
		PopplerImageMapping *m = l->data;
		double w = m->area.x2 - m->area.x1, h = m->area.y2 - m->area.y1;
		if (w <= 1 || h <= 1 || w * h <= best_area)
			continue;
		cairo_surface_t *img = poppler_page_get_image(page, m->image_id);
		if (img) {
			int px = cairo_image_surface_get_width(img);
			if (px > 0) {
				native = px / (w / 72.0);
				best_area = w * h;
			}
			cairo_surface_destroy(img);
		}
	}
	poppler_page_free_image_mapping(maps);
	if (native <= 0)
		return 300;
	return fmin(OCR_MAX_DPI, fmax(OCR_MIN_DPI, OCR_SCALE * native));
}

/* Copy cairo's RGB24 pixels into a new 8-bit grey PIX. */
static PIX *surface_to_gray(cairo_surface_t *s)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *data = cairo_image_surface_get_data(s);
	PIX *pix = L->pixCreate(w, h, 8);
	if (!pix || !data) {
		L->pixDestroy(&pix);
		return NULL;
	}
	l_uint32 *lines = L->pixGetData(pix);
	int wpl = L->pixGetWpl(pix);
	for (int y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * stride);
		l_uint32 *line = lines + (size_t)y * wpl;
		for (int x = 0; x < w; x++) {
			uint32_t p = row[x];
			unsigned r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
			SET_DATA_BYTE(line, x, (r * 299 + g * 587 + b * 114) / 1000);
		}
	}
	return pix;
}

/* The page drawn on white at `dpi`, as grey; NULL if it cannot be. */
static PIX *render_page(PopplerPage *page, double dpi)
{
	double wpt = 0, hpt = 0;
	poppler_page_get_size(page, &wpt, &hpt);
	if (!(wpt > 0 && hpt > 0 && wpt < 1e5 && hpt < 1e5))
		return NULL;
	double scale = dpi / 72.0;
	if (wpt * scale * hpt * scale > MAX_PIXELS)
		scale = sqrt(MAX_PIXELS / (wpt * hpt));
	int w = (int)ceil(wpt * scale), h = (int)ceil(hpt * scale);
	if (w < 1 || h < 1)
		return NULL;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return NULL;
	}
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	PIX *pix = surface_to_gray(s);
	cairo_surface_destroy(s);
	if (pix)
		L->pixSetResolution(pix, (l_int32)lround(scale * 72), (l_int32)lround(scale * 72));
	return pix;
}

/* ---- cleaning ----------------------------------------------------------- */

/* Paint white the long straight strokes of a page: table borders and
 * underlines, which Tesseract would read as "|" and "_" or take for part of
 * the letters beside them. A stroke is long when it runs for a quarter of
 * an inch across or a third of an inch down, longer than any letter's. */
static void remove_rules(PIX *gray)
{
	l_int32 dpi = L->pixGetXRes(gray) > 0 ? L->pixGetXRes(gray) : 300;
	PIX *ink = L->pixThresholdToBinary(gray, 160);
	if (!ink)
		return;
	PIX *across = L->pixOpenBrick(NULL, ink, dpi / 4, 1);
	PIX *down = L->pixOpenBrick(NULL, ink, 1, dpi / 3);
	PIX *rules = across && down ? L->pixOr(NULL, across, down) : NULL;
	if (rules) {
		L->pixDilateBrick(rules, rules, 5, 5);
		L->pixSetMasked(gray, rules, 0xff);
	}
	L->pixDestroy(&rules);
	L->pixDestroy(&down);
	L->pixDestroy(&across);
	L->pixDestroy(&ink);
}

/* Even background, deskewed, without rules; takes pix, returns the cleaned
 * image. */
static PIX *clean_page(PIX *pix)
{
	PIX *norm = L->pixBackgroundNormSimple(pix, NULL, NULL);
	if (norm) {
		L->pixDestroy(&pix);
		/* the normalized background is grey 200: make it white again */
		pix = L->pixGammaTRC(NULL, norm, 1.0, 40, 200);
		L->pixDestroy(&norm);
	}
	PIX *straight = L->pixDeskew(pix, 0);
	if (straight) {
		L->pixDestroy(&pix);
		pix = straight;
	}
	if (L->pixGetDepth(pix) == 8)
		remove_rules(pix);
	return pix;
}

/* ---- digits --------------------------------------------------------------- */

/* The digit a letter in a number stands for, or 0. Only the two sure
 * confusions: O for 0 and l for 1 ("I" stays: "Quý II/2023" is a quarter). */
static char digit_lookalike(char c)
{
	switch (c) {
	case 'O': case 'o': return '0';
	case 'l': return '1';
	default: return 0;
	}
}

/* Piece [p, end) of a token between separators: when it mixes real digits
 * with look-alike letters and nothing else, rewrite the letters. */
static void fix_piece(char *p, char *end)
{
	int digits = 0, alike = 0;
	for (char *q = p; q < end; q++) {
		if (*q >= '0' && *q <= '9')
			digits++;
		else if (digit_lookalike(*q))
			alike++;
		else
			return;
	}
	/* "1O", "2O22", "l5": a digit and at least as many digits as letters,
	 * or a long run ("2O2l") */
	if (digits == 0 || alike == 0 || (digits < alike && digits + alike < 4))
		return;
	for (char *q = p; q < end; q++)
		if (!(*q >= '0' && *q <= '9'))
			*q = digit_lookalike(*q);
}

char *ocr_fix_digits(const char *word)
{
	char *s = g_strdup(word);
	char *p = s;
	for (char *q = s;; q++) {
		if (*q == '/' || *q == '-' || *q == '.' || *q == ',' || *q == ':' || *q == '(' ||
		    *q == ')' || *q == ';' || *q == '\0') {
			fix_piece(p, q);
			p = q + 1;
		}
		if (!*q)
			break;
	}
	return s;
}

/* ---- recognition ---------------------------------------------------------- */

/* What is left of a table border or an underline read as text: "|", "_",
 * "—", "~", "=" and the like, alone. */
static bool is_rule_debris(const char *text)
{
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!strchr("|_~=[]{}", (int)(c < 0x80 ? c : 'x')) && c != 0x2014 && c != 0x2015 &&
		    c != 0x201e && c != 0xa6)
			return false;
	}
	return true;
}

static TessBaseAPI *engine_start(void)
{
	TessBaseAPI *api = L->TessBaseAPICreate();
	if (L->TessBaseAPIInit3(api, NULL, "vie") != 0) {
		L->TessBaseAPIDelete(api);
		return NULL;
	}
	L->TessBaseAPISetPageSegMode(api, PSM_AUTO);
	/* its notes ("Empty page!!") are not ours to print */
	L->TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	return api;
}

static void engine_stop(TessBaseAPI *api)
{
	if (!api)
		return;
	L->TessBaseAPIEnd(api);
	L->TessBaseAPIDelete(api);
}

static void words_push(struct ocr_words *ow, size_t *cap, const struct ocr_word *w)
{
	if (ow->n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		ow->w = g_renew(struct ocr_word, ow->w, *cap);
	}
	ow->w[ow->n++] = *w;
}

static int letters(const char *s)
{
	int n = 0;
	for (; *s; s = g_utf8_next_char(s))
		if (g_unichar_isalpha(g_utf8_get_char(s)))
			n++;
	return n;
}

/* The height of y on the baseline (bx1,by1)-(bx2,by2) at x. */
static double baseline_at(int bx1, int by1, int bx2, int by2, double x)
{
	if (bx2 == bx1)
		return by1;
	return by1 + (double)(by2 - by1) * (x - bx1) / (bx2 - bx1);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Give every word the top and bottom of a character box standing on its
 * line's baseline, as a text layer has them: the boxes Tesseract gives
 * vary with the letters (stacked marks, descenders), which would make the
 * gaps between lines vary too. base[i] is word i's baseline and lh[i] its
 * line's height; lines of about the page's usual height get the usual
 * height, a bigger title keeps its own. */
static void stand_on_baselines(struct ocr_words *ow, const double *base, const double *lh)
{
	if (ow->n == 0)
		return;
	double *sorted = g_memdup2(lh, ow->n * sizeof *lh);
	qsort(sorted, ow->n, sizeof *sorted, cmp_double);
	double usual = sorted[ow->n / 2];
	g_free(sorted);
	for (size_t i = 0; i < ow->n; i++) {
		double h = lh[i] > 1.4 * usual ? lh[i] : usual;
		ow->w[i].y1 = base[i] - 0.68 * h;
		ow->w[i].y2 = base[i] + 0.17 * h;
	}
}

/* A word may be cut between `before` and the letter `next` only after a
 * letter or a comma or semicolon: a wide "1" in "11" is no space. */
static bool may_split(const char *before, const char *next)
{
	const char *last = g_utf8_find_prev_char(before, before + strlen(before));
	if (!last)
		return false;
	gunichar a = g_utf8_get_char(last), b = g_utf8_get_char(next);
	return g_unichar_isalpha(b) && (g_unichar_isalpha(a) || a == ',' || a == ';');
}

/* One piece of a word, in pixels, before it becomes a struct ocr_word. */
struct piece {
	GString *text;
	int x1, x2;
};

/* Where Tesseract ran two words together ("SởTưpháp" for "Sở Tư pháp", as
 * it does in narrow table cells), its letters still stand apart: cut the
 * word where the white between two letters is as wide as a space, a
 * fraction SPLIT_GAP of the line's height. Appends the pieces of the word
 * at ri (a copy is walked letter by letter) to `out` (struct piece). */
#define SPLIT_GAP 0.2
static void split_word(const TessResultIterator *ri, double line_h, GArray *out)
{
	TessResultIterator *si = L->TessResultIteratorCopy(ri);
	TessPageIterator *sp = L->TessResultIteratorGetPageIterator(si);
	struct piece cur = { NULL, 0, 0 };
	do {
		int x1, y1, x2, y2;
		char *sym = L->TessResultIteratorGetUTF8Text(si, RIL_SYMBOL);
		if (sym && L->TessPageIteratorBoundingBox(sp, RIL_SYMBOL, &x1, &y1, &x2, &y2)) {
			if (cur.text && x1 - cur.x2 > SPLIT_GAP * line_h && may_split(cur.text->str, sym)) {
				g_array_append_val(out, cur);
				cur.text = NULL;
			}
			if (!cur.text) {
				cur.text = g_string_new(NULL);
				cur.x1 = x1;
			}
			g_string_append(cur.text, sym);
			cur.x2 = x2 > cur.x2 ? x2 : cur.x2;
		}
		L->TessDeleteText(sym);
	} while (L->TessPageIteratorNext(sp, RIL_SYMBOL) &&
		 !L->TessPageIteratorIsAtBeginningOf(sp, RIL_WORD));
	if (cur.text)
		g_array_append_val(out, cur);
	L->TessResultIteratorDelete(si);
}

/* Walk Tesseract's result word by word into ow; `scale` is pixels per point. */
static void collect_words(TessBaseAPI *api, double scale, struct ocr_words *ow)
{
	TessResultIterator *ri = L->TessBaseAPIGetIterator(api);
	if (!ri)
		return;
	TessPageIterator *pi = L->TessResultIteratorGetPageIterator(ri);
	GArray *base = g_array_new(FALSE, FALSE, sizeof(double));
	GArray *lh = g_array_new(FALSE, FALSE, sizeof(double));
	GArray *pieces = g_array_new(FALSE, FALSE, sizeof(struct piece));
	size_t cap = 0;
	int lx1 = 0, ly1 = 0, lx2 = 0, ly2 = 0, bx1 = 0, by1 = 0, bx2 = 0, by2 = 0;
	do {
		int x1, y1, x2, y2;
		if (L->TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE)) {
			if (!L->TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &lx1, &ly1, &lx2, &ly2))
				ly1 = ly2 = 0;
			if (!L->TessPageIteratorBaseline(pi, RIL_TEXTLINE, &bx1, &by1, &bx2, &by2))
				bx1 = bx2 = 0, by1 = by2 = ly2;
		}
		char *text = L->TessResultIteratorGetUTF8Text(ri, RIL_WORD);
		if (!text)
			continue;
		int conf = (int)lround(L->TessResultIteratorConfidence(ri, RIL_WORD));
		if (conf >= NOISE_CONF && *g_strstrip(text) && g_utf8_validate(text, -1, NULL) &&
		    !is_rule_debris(text) &&
		    L->TessPageIteratorBoundingBox(pi, RIL_WORD, &x1, &y1, &x2, &y2)) {
			double line_h = ly2 > ly1 ? ly2 - ly1 : y2 - y1;
			g_array_set_size(pieces, 0);
			split_word(ri, line_h, pieces);
			for (guint k = 0; k < pieces->len; k++) {
				struct piece *pc = &g_array_index(pieces, struct piece, k);
				char *piece_text = g_string_free(pc->text, FALSE);
				g_strstrip(piece_text);
				if (*piece_text && g_utf8_validate(piece_text, -1, NULL)) {
					struct ocr_word w = {
						.x1 = pc->x1 / scale, .x2 = pc->x2 / scale,
						.conf = conf, .text = ocr_fix_digits(piece_text),
					};
					double b = baseline_at(bx1, by1, bx2, by2, (pc->x1 + pc->x2) / 2.0) / scale;
					double h = line_h / scale;
					g_array_append_val(base, b);
					g_array_append_val(lh, h);
					words_push(ow, &cap, &w);
				}
				g_free(piece_text);
			}
		}
		L->TessDeleteText(text);
	} while (L->TessPageIteratorNext(pi, RIL_WORD));
	L->TessResultIteratorDelete(ri);
	stand_on_baselines(ow, (const double *)(void *)base->data, (const double *)(void *)lh->data);
	g_array_free(pieces, TRUE);
	g_array_free(base, TRUE);
	g_array_free(lh, TRUE);
}

/* Drop everything when the page holds no real text (blank, a photo). */
static void drop_if_no_text(struct ocr_words *ow)
{
	int sure = 0;
	for (size_t i = 0; i < ow->n; i++)
		if (ow->w[i].conf >= SURE_CONF && letters(ow->w[i].text) >= 2)
			sure++;
	if (sure < MIN_SURE_WORDS) {
		bool failed = ow->failed;
		ocr_words_clear(ow);
		ow->failed = failed;
	}
}

static void recognise(TessBaseAPI *api, PIX *pix, struct ocr_words *out)
{
	l_int32 xres = L->pixGetXRes(pix);
	double scale = (xres > 0 ? xres : 300) / 72.0;
	pix = clean_page(pix);
	L->TessBaseAPISetImage2(api, pix);
	L->TessBaseAPISetSourceResolution(api, xres > 0 ? xres : 300);
	if (L->TessBaseAPIRecognize(api, NULL) == 0)
		collect_words(api, scale, out);
	L->TessBaseAPIClear(api);
	L->pixDestroy(&pix);
	drop_if_no_text(out);
}

void ocr_words_clear(struct ocr_words *ow)
{
	for (size_t i = 0; i < ow->n; i++)
		g_free(ow->w[i].text);
	g_free(ow->w);
	memset(ow, 0, sizeof *ow);
}

/* ---- the worker threads --------------------------------------------------- */

/* Tesseract is built with OpenMP and asks for 4 threads in its LSTM layers;
 * on top of our own threads, on two cores, those threads spend more time
 * waiting for each other than working (a page took 3 times longer). The
 * environment variable OMP_THREAD_LIMIT=1 would stop it but is read only
 * when the program starts; setting the maximum of nested active parallel
 * regions to 0 has the same effect at run time. It is a setting of the
 * calling thread, so each thread that runs Tesseract makes it. */
static void openmp_one_thread(void)
{
	if (L->omp_set_max_active_levels)
		L->omp_set_max_active_levels(0);
}

struct job {
	PIX *pix;                 /* taken by the worker */
	struct ocr_words *out;
};

struct pool {
	GAsyncQueue *todo;        /* struct job *, or &stop */
	GAsyncQueue *done;        /* struct job * finished */
};

static struct job stop;

static gpointer worker(gpointer data)
{
	struct pool *p = data;
	openmp_one_thread();
	TessBaseAPI *api = engine_start();
	for (;;) {
		struct job *j = g_async_queue_pop(p->todo);
		if (j == &stop)
			break;
		if (api)
			recognise(api, j->pix, j->out);
		else {
			L->pixDestroy(&j->pix);
			j->out->failed = true;
		}
		j->pix = NULL;
		g_async_queue_push(p->done, j);
	}
	engine_stop(api);
	return NULL;
}

/* Render page `index` of pd; NULL when it cannot be drawn. */
static PIX *render_index(PopplerDocument *pd, int index)
{
	PopplerPage *page = poppler_document_get_page(pd, index);
	if (!page)
		return NULL;
	PIX *pix = render_page(page, ocr_page_dpi(page));
	g_object_unref(page);
	return pix;
}

/* No thread could be started: recognise in this thread. */
static void run_inline(PopplerDocument *pd, const int *pages, size_t n, struct ocr_words *out)
{
	openmp_one_thread();
	TessBaseAPI *api = engine_start();
	for (size_t i = 0; i < n; i++) {
		PIX *pix = api ? render_index(pd, pages[i]) : NULL;
		if (pix)
			recognise(api, pix, &out[i]);
		else if (!api)
			out[i].failed = true;
	}
	engine_stop(api);
}

static void run_threads(PopplerDocument *pd, const int *pages, size_t n, struct ocr_words *out,
			struct pool *p, size_t nthreads)
{
	struct job *jobs = g_new0(struct job, n);
	size_t queued = 0;
	for (size_t i = 0; i < n; i++) {
		/* one page waiting per worker at most */
		while (queued >= 2 * nthreads) {
			g_async_queue_pop(p->done);
			queued--;
		}
		jobs[i].out = &out[i];
		jobs[i].pix = render_index(pd, pages[i]);
		if (!jobs[i].pix)
			continue;
		g_async_queue_push(p->todo, &jobs[i]);
		queued++;
	}
	for (; queued > 0; queued--)
		g_async_queue_pop(p->done);
	g_free(jobs);
}

bool ocr_pages(PopplerDocument *pd, const int *pages, size_t n, struct ocr_words *out,
	       GError **error)
{
	if (n == 0)
		return true;
	const char *why = NULL;
	L = ocr_lib_get(&why);
	if (!L) {
		g_set_error(error, g_quark_from_static_string("dd-read-error"), DD_READ_NO_TEXT,
			    "no text layer, and OCR is unavailable: %s", why);
		return false;
	}
	struct pool p = { g_async_queue_new(), g_async_queue_new() };
	GThread *threads[OCR_THREADS];
	size_t nthreads = 0;
	for (size_t t = 0; t < OCR_THREADS && t < n; t++) {
		threads[nthreads] = g_thread_try_new("dondoc-ocr", worker, &p, NULL);
		if (threads[nthreads])
			nthreads++;
	}
	if (nthreads > 0)
		run_threads(pd, pages, n, out, &p, nthreads);
	else
		run_inline(pd, pages, n, out);
	for (size_t t = 0; t < nthreads; t++)
		g_async_queue_push(p.todo, &stop);
	for (size_t t = 0; t < nthreads; t++)
		g_thread_join(threads[t]);
	g_async_queue_unref(p.todo);
	g_async_queue_unref(p.done);

	for (size_t i = 0; i < n; i++) {
		if (out[i].failed) {
			g_set_error(error, g_quark_from_static_string("dd-read-error"), DD_READ_NO_TEXT,
				    "no text layer, and OCR could not start: Tesseract's Vietnamese "
				    "model (package tesseract-ocr-vie) was not found");
			return false;
		}
	}
	return true;
}
