/*
 * ocr.h — reading the pages of a scanned PDF with Tesseract.
 *
 * The PDF reader (parsers/pdf.c) calls ocr_pages() for the pages that have
 * no usable text layer. Each page is rendered by Poppler with cairo at a
 * resolution suited to OCR (twice the scan's own resolution, within
 * OCR_MIN_DPI..OCR_MAX_DPI), cleaned with Leptonica (background
 * normalization, deskew) and recognised by Tesseract's C API with the
 * Vietnamese model ("vie", package tesseract-ocr-vie). What comes back is a
 * list of words with their boxes in PDF points, the same coordinates the
 * text layer gives, so the PDF reader's layout code (pdf_page.c, pdf_flow.c,
 * pdf_table.c) rebuilds paragraphs, list labels and table rows from them
 * unchanged.
 *
 * OCR is slow: the pages are rendered one by one in the calling thread and
 * recognised on at most OCR_THREADS worker threads, each with its own
 * TessBaseAPI (a TessBaseAPI is not shared between threads).
 *
 * Digits inside number-like tokens are normalized conservatively
 * (ocr_fix_digits): "1O/2O22" -> "10/2022", "l5" -> "15"; a piece with no
 * real digit is never touched ("QĐ", "lO" stay).
 *
 * Tesseract and Leptonica are loaded with dlopen() the first time a page
 * needs OCR (parsers/ocr_lib.h), so that the text-layer path does not pay
 * for them at start-up. Unlike the other readers, OCR reads files: Tesseract's model from its
 * tessdata directory (TESSDATA_PREFIX, or the packaged default).
 */
#ifndef DONDOC_PARSERS_OCR_H
#define DONDOC_PARSERS_OCR_H

#include <glib.h>
#include <poppler.h>
#include <stdbool.h>
#include <stddef.h>

#define OCR_THREADS 2
/* Render at OCR_SCALE times the scan's resolution, within the bounds
 * (overridable at build time, to measure: -DOCR_SCALE=1 -DOCR_MIN_DPI=100). */
#ifndef OCR_SCALE
#define OCR_SCALE 2.0
#endif
#ifndef OCR_MIN_DPI
#define OCR_MIN_DPI 200
#endif
#define OCR_MAX_DPI 400
/* Words with digits recognised below this confidence (0..100) are marked. */
#define OCR_LOW_CONF 75

/* One recognised word; coordinates in PDF points, origin top left. */
struct ocr_word {
	double x1, y1, x2, y2;  /* the word's box; y1/y2 are its text line's */
	int conf;               /* Tesseract's confidence, 0..100 */
	char *text;             /* UTF-8, digits normalized */
};

/* The words of one page, in Tesseract's reading order. */
struct ocr_words {
	struct ocr_word *w;
	size_t n;
	bool failed;            /* the engine could not run (no model) */
};

/* Recognise pages pages[0..n) of pd (indices from 0) into out[0..n), which
 * the caller zeroes and later frees with ocr_words_clear(). Returns false
 * with an error (in the "dd-read-error" domain, DD_READ_NO_TEXT) when the
 * engine cannot start; a page with nothing recognisable just has no words. */
bool ocr_pages(PopplerDocument *pd, const int *pages, size_t n, struct ocr_words *out,
	       GError **error);
void ocr_words_clear(struct ocr_words *ow);

/* The resolution a page is rendered at: twice the resolution of its largest
 * image, within OCR_MIN_DPI..OCR_MAX_DPI (300 when it has none). */
double ocr_page_dpi(PopplerPage *page);

/* Digit normalization of one OCR word; a new string. */
char *ocr_fix_digits(const char *word);

#endif
