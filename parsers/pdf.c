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
 *   DD_READ_NO_TEXT    pages but no text layer (a scan).
 *
 * Poppler reports syntax problems of broken files through GLib logging
 * (domain "Poppler"); those messages are about the sender's file, not about
 * us, so they are silenced.
 */
#include "parsers/read.h"

#include <poppler.h>
#include <string.h>

#include "parsers/pdf_priv.h"

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

/* Read one page into r; returns the number of characters with a position. */
static size_t read_page(struct pdf_reader *r, PopplerPage *page)
{
	struct pdf_page pg;
	double width = 0, height = 0;
	PopplerRectangle *rects = NULL;
	guint nrects = 0;
	char *text = poppler_page_get_text(page);

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
	pdf_drop_page_numbers(&pg);
	size_t li = r->tab ? pdf_table_continue(r, &pg, 0) : 0;
	while (li < pg.nl && !r->full) {
		size_t j = li, head = li;
		struct pdf_table *t = NULL;
		while (j < pg.nl && !(t = pdf_table_find(&pg, li, j, &head)))
			j++;
		pdf_flow_text(r, &pg, li, t ? head : j);
		if (!t)
			break;
		li = pdf_table_open(r, &pg, t, head, j);
		li = pdf_table_continue(r, &pg, li);
	}
	pdf_page_clear(&pg);
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
	size_t nchars = 0;
	r.doc->pages = 1;
	for (int i = 0; i < npages && !r.full; i++) {
		if (i > 0) {
			if (r.tab)
				r.tab->new_page = true;
			pdf_emit_page(&r);
		}
		PopplerPage *page = poppler_document_get_page(pd, i);
		if (!page)
			continue;
		nchars += read_page(&r, page);
		g_object_unref(page);
	}
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
			    "no text layer (a scanned document? OCR is not supported yet)");
		return NULL;
	}
	struct dd_doc *doc = r.doc;
	r.doc = NULL;
	reader_free(&r);
	return doc;
}
