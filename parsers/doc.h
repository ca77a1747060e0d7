/*
 * doc.h — the structured text every reader produces.
 *
 * A reader (PDF, DOCX, ODT, plain text, .eml) turns untrusted bytes into a
 * flat list of blocks, in reading order:
 *
 *   DD_PARA  a paragraph: its text, and for a list item its label as printed
 *            ("1.", "a)", "-", "Điều 2.") and nesting level (0 = top).
 *   DD_ROW   one row of a table: its cells, in column order. Several
 *            paragraphs in one cell are joined with '\n'. A vertically merged
 *            cell carries its text in every row it spans.
 *   DD_PAGE  a page break.
 *
 * Text is UTF-8 as the reader found it; rules/normalize.h cleans it. The
 * rules never see the file format: a task table in a PDF must read like
 * the same table in DOCX.
 *
 * A PDF page without a text layer is read by OCR (parsers/ocr.h); the
 * document then says which pages were recognised (ocr_pages) and keeps the
 * words with digits that the recogniser was unsure of (ocr_marks), so that
 * the rules can hold a deadline read from them for review
 * (rules/ocr_checks.h). Documents from other readers leave both empty.
 *
 * Ownership: the document owns every string; dd_doc_free() frees all.
 */
#ifndef DONDOC_PARSERS_DOC_H
#define DONDOC_PARSERS_DOC_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

enum dd_kind { DD_PARA, DD_ROW, DD_PAGE };

struct dd_block {
	enum dd_kind kind;
	char *label;     /* DD_PARA: list label as printed, or NULL */
	int level;       /* DD_PARA: list nesting level, 0 for top */
	char *text;      /* DD_PARA: paragraph text without its label */
	char **cells;    /* DD_ROW: ncells strings */
	size_t ncells;
	int table;       /* DD_ROW: ordinal of the table in the document, from 0 */
	int page;        /* page number from 1 where known, else 0 */
};

/* A word with digits recognised by OCR with low confidence. */
struct dd_ocr_mark {
	char *word;      /* as it stands in the text (after digit normalization) */
	int page;        /* from 1 */
	int conf;        /* Tesseract's confidence, 0..100 */
};

struct dd_doc {
	struct dd_block *blocks;
	size_t n, cap;
	int pages;       /* number of pages where known */
	/* OCR (PDF scans only; empty otherwise) */
	GArray *ocr_pages;          /* int: page numbers from 1 read by OCR, ascending; or NULL */
	struct dd_ocr_mark *ocr_marks;
	size_t nocr_marks;
};

struct dd_doc *dd_doc_new(void);
void dd_doc_free(struct dd_doc *doc);

/* Append a paragraph; label may be NULL. Strings are copied. */
void dd_doc_add_para(struct dd_doc *doc, const char *label, int level, const char *text);
/* Append a table row of n cells; strings are copied. */
void dd_doc_add_row(struct dd_doc *doc, int table, const char *const *cells, size_t n);
/* Append a page break. */
void dd_doc_add_page(struct dd_doc *doc);

/* Record that page `page` (from 1) was read by OCR. */
void dd_doc_add_ocr_page(struct dd_doc *doc, int page);
/* Whether any page was read by OCR. */
bool dd_doc_has_ocr(const struct dd_doc *doc);
/* Keep a low-confidence OCR word of page `page`; the word is copied. */
void dd_doc_add_ocr_mark(struct dd_doc *doc, int page, const char *word, int conf);

/* The whole document as plain text, one block a line: "label text",
 * rows as "cell | cell | cell", page breaks as "\f". Caller frees. */
char *dd_doc_to_text(const struct dd_doc *doc);

#endif
