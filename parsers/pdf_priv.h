/*
 * pdf_priv.h — the inside of the PDF reader (dd_read_pdf, parsers/read.h).
 *
 * Poppler gives us one rectangle per character and nothing else about the
 * layout. The reader rebuilds the structure in three steps, one file each:
 *
 *   pdf_page.c   characters -> words -> lines (by baseline) -> segments
 *                (a line cut where a wide horizontal gap separates two
 *                columns); drops page numbers.
 *   pdf_table.c  finds task tables (a header line of 3 or more cells), keeps
 *                the empty vertical "gutters" between columns, and turns the
 *                lines below into DD_ROW blocks; a table may go on over a
 *                page break.
 *   pdf_flow.c   everything else: segments stacked above each other form
 *                column blocks (the two header columns, "Nơi nhận" beside
 *                the signature), a block is cut into paragraphs (indent,
 *                short line, list label, vertical gap, centered title).
 *
 * pdf.c opens the document with Poppler and drives the page loop. A page
 * without a usable text layer (a scan) is read by OCR (parsers/ocr.h),
 * whose words with boxes go through the same three steps.
 *
 * Ownership: a struct pdf_page owns its arrays and is freed after each page;
 * the struct pdf_reader lives for one dd_read_pdf() call and owns the doc
 * until it is handed to the caller. Coordinates are PDF points, origin at the
 * top left of the page, y growing downwards.
 */
#ifndef DONDOC_PARSERS_PDF_PRIV_H
#define DONDOC_PARSERS_PDF_PRIV_H

#include <glib.h>
#include <stdbool.h>

#include "parsers/doc.h"

/* A word: characters with no space between them, on one baseline. */
struct pdf_word {
	double x1, y1, x2, y2;
	size_t off;             /* its NUL-terminated text in pdf_page.chars */
};

/* A line: words sharing a baseline, sorted left to right. */
struct pdf_line {
	double x1, y1, x2, y2;
	double h;               /* typical character height (about the font size) */
	size_t w0, nw;          /* its words: page->w[w0 .. w0+nw) */
	bool dropped;           /* a page number, not text */
};

/* A segment: a run of words of one line with no wide gap inside. */
struct pdf_seg {
	double x1, y1, x2, y2, h;
	size_t line;            /* index of its line in the page */
	size_t w0, nw;          /* its words, as in pdf_line */
};

struct pdf_page {
	GString *chars;         /* the words' texts, each ending in NUL */
	struct pdf_word *w;
	size_t nw, wcap;
	struct pdf_line *l;
	size_t nl;
	double width, height;
};

/* A task table being read; it may stay open across a page break. */
#define PDF_MAX_COLS 12
struct pdf_table {
	int index;              /* ordinal of the table in the document */
	size_t ncols;
	double gl[PDF_MAX_COLS], gr[PDF_MAX_COLS]; /* gutter i: between column i and i+1 */
	GPtrArray *header;      /* texts of the header row's lines, to spot a repeat */
	size_t nrows;           /* rows completed (the header row is row 0) */
	double min_gap;         /* least white space seen between two lines */
	GString *cell[PDF_MAX_COLS];
	bool row_open;          /* cell[] holds a row not emitted yet */
	bool numbered;          /* rows so far started with a number in column 0 */
	double last_y2;         /* bottom of the last line taken into the table */
	double h;               /* character height of the header */
	bool new_page;          /* no line taken yet on the current page */
};

/* State of one dd_read_pdf() call. */
struct pdf_reader {
	struct dd_doc *doc;
	bool full;              /* DD_MAX_BLOCKS reached: stop adding */
	/* the last paragraph, held back so the next page can continue it */
	GString *para;
	char *label;
	int level;
	bool held;
	bool may_continue;      /* it ended at the right margin, as a wrapped line does */
	bool page_pending;      /* a page break waits for the held paragraph to settle */
	double para_left;       /* the left margin of its block */
	struct pdf_table *tab;  /* the table being read, or NULL */
	int ntables;
};

/* pdf_page.c */
void pdf_page_init(struct pdf_page *pg, double width, double height);
void pdf_page_clear(struct pdf_page *pg);
/* Build words and lines from Poppler's text and its per-character rectangles. */
void pdf_page_build(struct pdf_page *pg, const char *text, const void *rects, size_t nrects);
/* Or, for a page read by OCR: add each word with its box, then build lines. */
void pdf_page_add_word(struct pdf_page *pg, double x1, double y1, double x2, double y2,
		       const char *text);
void pdf_page_build_lines(struct pdf_page *pg);
const char *pdf_word_text(const struct pdf_page *pg, size_t w);
/* Cut line `li` into segments where the gap between words exceeds `gap`
 * times the line's character height. Appends to `out` (struct pdf_seg). */
void pdf_line_segments(const struct pdf_page *pg, size_t li, double gap, GArray *out);
/* Text of words [w0, w0+nw) joined by single spaces, appended to s. */
void pdf_append_words(const struct pdf_page *pg, size_t w0, size_t nw, GString *s);
/* Mark page numbers printed alone at the top or bottom of the page. */
void pdf_drop_page_numbers(struct pdf_page *pg);

/* The gap (in character heights) that separates two columns of text. */
#define PDF_COLUMN_GAP 1.2

/* pdf_table.c */
/* Continue the open table (r->tab) with lines from `from` on; returns the
 * first line not taken. Closes the table when a line does not fit. */
size_t pdf_table_continue(struct pdf_reader *r, const struct pdf_page *pg, size_t from);
/* A table whose header row is line `li` (with header lines above it, down
 * to `first`, when a header cell is printed lower): a new table not yet
 * opened, *head set to its first header line; or NULL. */
struct pdf_table *pdf_table_find(const struct pdf_page *pg, size_t first, size_t li, size_t *head);
/* Open table t (from pdf_table_find; r takes it), taking header lines
 * [head, li]; returns li + 1. */
size_t pdf_table_open(struct pdf_reader *r, const struct pdf_page *pg, struct pdf_table *t,
		      size_t head, size_t li);
/* Emit the open row and forget the table. */
void pdf_table_close(struct pdf_reader *r);

/* pdf_flow.c */
/* Turn lines [from, to) of the page into paragraphs. */
void pdf_flow_text(struct pdf_reader *r, const struct pdf_page *pg, size_t from, size_t to);
/* Emit the held paragraph, if any. */
void pdf_flow_flush(struct pdf_reader *r);
/* Append a row / a page break to the document, respecting DD_MAX_BLOCKS. */
void pdf_emit_row(struct pdf_reader *r, int table, char **cells, size_t n);
void pdf_emit_page(struct pdf_reader *r);

#endif
