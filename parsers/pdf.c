/*
 * pdf.c — dd_read_pdf(): the structured text of a PDF (parsers/read.h).
 *
 * Poppler (glib binding) opens the document from the caller's bytes, with no
 * copy and no file system, and hands us each page's text with one rectangle
 * per character. Everything about structure (lines, columns, paragraphs,
 * tables) is rebuilt from those positions by the pdf_*.c files; see
 * parsers/pdf_priv.h for the map. One page is in memory at a time: it is
 * read, turned into blocks and released before the next.
 *
 * Errors (all in DD_READ_ERROR):
 *   DD_READ_TOO_LARGE  over DD_MAX_INPUT bytes, DD_MAX_PAGES pages or
 *                      DD_MAX_BLOCKS blocks;
 *   DD_READ_CORRUPT    Poppler cannot open it (damaged, not a PDF, or
 *                      encrypted with a password);
 *   DD_READ_EMPTY      a PDF with no pages;
 *   DD_READ_NO_TEXT    pages but no text: no text layer and nothing OCR
 *                      could recognise (a blank page, a photo), or OCR
 *                      needed and Tesseract's model missing.
 *
 * A page without a usable text layer but covered by an image (a scan) is
 * read by OCR (parsers/ocr.h), page by page: in a mixed document the pages
 * with text keep their text. Consecutive scanned pages are recognised
 * together, on two threads. The document lists the OCR pages
 * (dd_doc.ocr_pages) and the unsure words with digits (dd_doc.ocr_marks).
 *
 * Poppler reports syntax problems of broken files through GLib logging
 * (domain "Poppler"); those messages are about the sender's file, not about
 * us, so they are silenced.
 */
#include "parsers/read.h"

#include <math.h>
#include <poppler.h>
#include <string.h>

#include "parsers/ocr.h"
#include "parsers/pdf_priv.h"

/* A page whose text layer has fewer letters and digits than this, and which
 * images cover for at least MIN_IMAGE_COVER of its area, is a scan. */
#define MIN_TEXT_CHARS 20
#define MIN_IMAGE_COVER 0.3
/* Consecutive scanned pages recognised in one go. */
#define OCR_BATCH 16

/* DD_READ_ERROR without linking parsers/detect.c: the same quark string. */
static GQuark pdf_error_quark(void)
{
	return g_quark_from_static_string("dd-read-error");
}

static void drop_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
	(void)domain;
	(void)level;
	(void)message;
	(void)data;
}

/* Install the silent handler for Poppler's domain once per process. */
static void quiet_poppler(void)
{
	static gsize done = 0;
	if (g_once_init_enter(&done)) {
		g_log_set_handler("Poppler", G_LOG_LEVEL_MASK & ~(G_LOG_LEVEL_ERROR), drop_log, NULL);
		g_once_init_leave(&done, 1);
	}
}

static PopplerDocument *open_document(const void *buf, size_t len, GError **error)
{
	GError *perr = NULL;
	GBytes *bytes = g_bytes_new_static(buf, len);
	PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &perr);
	g_bytes_unref(bytes);
	if (pd)
		return pd;
	if (perr && perr->domain == POPPLER_ERROR && perr->code == POPPLER_ERROR_ENCRYPTED)
		g_set_error(error, pdf_error_quark(), DD_READ_CORRUPT,
			    "encrypted PDF: it needs a password to open");
	else
		g_set_error(error, pdf_error_quark(), DD_READ_CORRUPT,
			    "not a readable PDF (%s)", perr ? perr->message : "unknown error");
	g_clear_error(&perr);
	return NULL;
}

/* Turn the words and lines of pg into blocks: tables and running text. */
static void lay_out(struct pdf_reader *r, struct pdf_page *pg)
{
	pdf_drop_page_numbers(pg);
	size_t li = r->tab ? pdf_table_continue(r, pg, 0) : 0;
	while (li < pg->nl && !r->full) {
		size_t j = li, head = li;
		struct pdf_table *t = NULL;
		while (j < pg->nl && !(t = pdf_table_find(pg, li, j, &head)))
			j++;
		pdf_flow_text(r, pg, li, t ? head : j);
		if (!t)
			break;
		li = pdf_table_open(r, pg, t, head, j);
		li = pdf_table_continue(r, pg, li);
	}
}

/* Read one page from its text layer (text: Poppler's page text, taken);
 * returns the number of words. */
static size_t read_text_page(struct pdf_reader *r, PopplerPage *page, char *text)
{
	struct pdf_page pg;
	double width = 0, height = 0;
	PopplerRectangle *rects = NULL;
	guint nrects = 0;

	poppler_page_get_size(page, &width, &height);
	if (!text || !*text || !poppler_page_get_text_layout(page, &rects, &nrects))
		nrects = 0;
	pdf_page_init(&pg, width, height);
	if (nrects > 0) {
		if (!g_utf8_validate(text, -1, NULL)) {
			char *valid = g_utf8_make_valid(text, -1);
			g_free(text);
			text = valid;
		}
		pdf_page_build(&pg, text, rects, nrects);
	}
	g_free(text);
	g_free(rects);

	size_t nwords = pg.nw;
	lay_out(r, &pg);
	pdf_page_clear(&pg);
	return nwords;
}

/* Read page `number` (from 1) from the words OCR found on it; returns the
 * number of words.
 * The page is marked as read by OCR, and its unsure words with digits kept. */
static size_t read_ocr_page(struct pdf_reader *r, PopplerPage *page, int number,
			    const struct ocr_words *ow)
{
	struct pdf_page pg;
	double width = 0, height = 0;
	poppler_page_get_size(page, &width, &height);
	pdf_page_init(&pg, width, height);
	for (size_t i = 0; i < ow->n; i++) {
		const struct ocr_word *w = &ow->w[i];
		pdf_page_add_word(&pg, w->x1, w->y1, w->x2, w->y2, w->text);
		if (w->conf < OCR_LOW_CONF && strpbrk(w->text, "0123456789"))
			dd_doc_add_ocr_mark(r->doc, number, w->text, w->conf);
	}
	pdf_page_build_lines(&pg);
	if (ow->n > 0)
		dd_doc_add_ocr_page(r->doc, number);

	size_t nwords = pg.nw;
	lay_out(r, &pg);
	pdf_page_clear(&pg);
	return nwords;
}

/* ---- which pages need OCR -------------------------------------------- */

static size_t count_alnum(const char *text)
{
	size_t n = 0;
	for (const char *p = text; p && *p; p = g_utf8_next_char(p))
		if (g_unichar_isalnum(g_utf8_get_char(p)))
			n++;
	return n;
}

/* Share of the page covered by images. */
static double image_cover(PopplerPage *page)
{
	double w = 0, h = 0, area = 0;
	poppler_page_get_size(page, &w, &h);
	GList *maps = poppler_page_get_image_mapping(page);
	for (GList *l = maps; l; l = l->next) {
		PopplerImageMapping *m = l->data;
		area += fabs((m->area.x2 - m->area.x1) * (m->area.y2 - m->area.y1));
	}
	poppler_page_free_image_mapping(maps);
	return w > 0 && h > 0 ? area / (w * h) : 0;
}

/* A page needs OCR when its text layer is (almost) empty and an image
 * covers much of it: a scan. */
static bool needs_ocr(PopplerPage *page, const char *text)
{
	return count_alnum(text) < MIN_TEXT_CHARS && image_cover(page) >= MIN_IMAGE_COVER;
}

/* The OCR results for a run of consecutive scanned pages, recognised
 * together so that the worker threads have several pages to share. */
struct ocr_batch {
	int first;              /* index of its first page */
	size_t n;
	int pages[OCR_BATCH];
	struct ocr_words words[OCR_BATCH];
};

static void batch_clear(struct ocr_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		ocr_words_clear(&b->words[i]);
	b->n = 0;
}

/* Page `first` needs OCR: recognise it with the scanned pages that follow it. */
static bool batch_fill(struct ocr_batch *b, PopplerDocument *pd, int first, int npages,
		       GError **error)
{
	batch_clear(b);
	b->first = first;
	b->pages[b->n++] = first;
	for (int i = first + 1; i < npages && b->n < OCR_BATCH; i++) {
		PopplerPage *page = poppler_document_get_page(pd, i);
		char *text = page ? poppler_page_get_text(page) : NULL;
		bool scan = page && needs_ocr(page, text);
		g_free(text);
		if (page)
			g_object_unref(page);
		if (!scan)
			break;
		b->pages[b->n++] = i;
	}
	return ocr_pages(pd, b->pages, b->n, b->words, error);
}

/* Read page i: from its text layer, or by OCR. Returns its number of words,
 * or -1 with error set when OCR is needed and cannot run. */
static long read_page(struct pdf_reader *r, PopplerDocument *pd, int i, int npages,
		      struct ocr_batch *b, GError **error)
{
	PopplerPage *page = poppler_document_get_page(pd, i);
	if (!page)
		return 0;
	long nwords;
	char *text = poppler_page_get_text(page);
	if (!needs_ocr(page, text)) {
		nwords = (long)read_text_page(r, page, text);
	} else {
		g_free(text);
		nwords = 0;
		if (i >= b->first + (int)b->n || i < b->first || b->n == 0)
			if (!batch_fill(b, pd, i, npages, error))
				nwords = -1;
		if (nwords == 0)
			nwords = (long)read_ocr_page(r, page, i + 1, &b->words[i - b->first]);
	}
	g_object_unref(page);
	return nwords;
}

static void reader_free(struct pdf_reader *r)
{
	pdf_table_close(r);
	g_string_free(r->para, TRUE);
	g_free(r->label);
	dd_doc_free(r->doc);
}

struct dd_doc *dd_read_pdf(const void *buf, size_t len, GError **error)
{
	if (len > DD_MAX_INPUT) {
		g_set_error(error, pdf_error_quark(), DD_READ_TOO_LARGE,
			    "PDF of %zu bytes is over the limit of %u bytes", len, DD_MAX_INPUT);
		return NULL;
	}
	if (!buf)
		len = 0;
	quiet_poppler();
	PopplerDocument *pd = open_document(buf ? buf : "", len, error);
	if (!pd)
		return NULL;

	int npages = poppler_document_get_n_pages(pd);
	if (npages <= 0) {
		g_object_unref(pd);
		g_set_error(error, pdf_error_quark(), DD_READ_EMPTY, "PDF has no pages");
		return NULL;
	}
	if (npages > DD_MAX_PAGES) {
		g_object_unref(pd);
		g_set_error(error, pdf_error_quark(), DD_READ_TOO_LARGE,
			    "PDF of %d pages is over the limit of %d pages", npages, DD_MAX_PAGES);
		return NULL;
	}

	struct pdf_reader r = { .doc = dd_doc_new(), .para = g_string_new(NULL) };
	struct ocr_batch batch = { 0 };
	size_t nchars = 0;
	bool scanned = false;
	r.doc->pages = 1;
	for (int i = 0; i < npages && !r.full; i++) {
		if (i > 0) {
			if (r.tab)
				r.tab->new_page = true;
			pdf_emit_page(&r);
		}
		long n = read_page(&r, pd, i, npages, &batch, error);
		if (n < 0) {
			batch_clear(&batch);
			g_object_unref(pd);
			reader_free(&r);
			return NULL;
		}
		nchars += (size_t)n;
		scanned = scanned || batch.n > 0;
	}
	batch_clear(&batch);
	g_object_unref(pd);
	pdf_table_close(&r);
	pdf_flow_flush(&r);

	if (r.full) {
		reader_free(&r);
		g_set_error(error, pdf_error_quark(), DD_READ_TOO_LARGE,
			    "PDF holds more than %d blocks of text", DD_MAX_BLOCKS);
		return NULL;
	}
	if (nchars == 0) {
		reader_free(&r);
		g_set_error(error, pdf_error_quark(), DD_READ_NO_TEXT,
			    scanned ? "scanned pages with no recognisable text (OCR found none)"
				    : "no text layer and no scanned image to recognise");
		return NULL;
	}
	struct dd_doc *doc = r.doc;
	r.doc = NULL;
	reader_free(&r);
	return doc;
}
