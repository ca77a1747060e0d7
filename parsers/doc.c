/* doc.c — the structured text container (see doc.h). */
#include "parsers/doc.h"

#include <glib.h>
#include <string.h>

struct dd_doc *dd_doc_new(void)
{
	return g_new0(struct dd_doc, 1);
}

void dd_doc_free(struct dd_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->n; i++) {
		struct dd_block *b = &doc->blocks[i];
		g_free(b->label);
		g_free(b->text);
		for (size_t c = 0; c < b->ncells; c++)
			g_free(b->cells[c]);
		g_free(b->cells);
	}
	g_free(doc->blocks);
	if (doc->ocr_pages)
		g_array_free(doc->ocr_pages, TRUE);
	for (size_t i = 0; i < doc->nocr_marks; i++)
		g_free(doc->ocr_marks[i].word);
	g_free(doc->ocr_marks);
	g_free(doc);
}

static struct dd_block *push(struct dd_doc *doc, enum dd_kind kind)
{
	if (doc->n == doc->cap) {
		doc->cap = doc->cap ? doc->cap * 2 : 64;
		doc->blocks = g_renew(struct dd_block, doc->blocks, doc->cap);
	}
	struct dd_block *b = &doc->blocks[doc->n++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->page = doc->pages;
	return b;
}

void dd_doc_add_para(struct dd_doc *doc, const char *label, int level, const char *text)
{
	struct dd_block *b = push(doc, DD_PARA);
	b->label = label && *label ? g_strdup(label) : NULL;
	b->level = level < 0 ? 0 : level;
	b->text = g_strdup(text ? text : "");
}

void dd_doc_add_row(struct dd_doc *doc, int table, const char *const *cells, size_t n)
{
	struct dd_block *b = push(doc, DD_ROW);
	b->table = table;
	b->ncells = n;
	b->cells = g_new0(char *, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		b->cells[i] = g_strdup(cells[i] ? cells[i] : "");
}

void dd_doc_add_page(struct dd_doc *doc)
{
	doc->pages++;
	push(doc, DD_PAGE);
}

void dd_doc_add_ocr_page(struct dd_doc *doc, int page)
{
	if (!doc->ocr_pages)
		doc->ocr_pages = g_array_new(FALSE, FALSE, sizeof(int));
	g_array_append_val(doc->ocr_pages, page);
}

bool dd_doc_has_ocr(const struct dd_doc *doc)
{
	return doc->ocr_pages && doc->ocr_pages->len > 0;
}

void dd_doc_add_ocr_mark(struct dd_doc *doc, int page, const char *word, int conf)
{
	doc->ocr_marks = g_renew(struct dd_ocr_mark, doc->ocr_marks, doc->nocr_marks + 1);
	struct dd_ocr_mark *m = &doc->ocr_marks[doc->nocr_marks++];
	m->word = g_strdup(word);
	m->page = page;
	m->conf = conf;
}

char *dd_doc_to_text(const struct dd_doc *doc)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < doc->n; i++) {
		const struct dd_block *b = &doc->blocks[i];
		switch (b->kind) {
		case DD_PARA:
			if (b->label)
				g_string_append_printf(s, "%s ", b->label);
			g_string_append(s, b->text);
			break;
		case DD_ROW:
			for (size_t c = 0; c < b->ncells; c++) {
				if (c)
					g_string_append(s, " | ");
				g_string_append(s, b->cells[c]);
			}
			break;
		case DD_PAGE:
			g_string_append_c(s, '\f');
			break;
		}
		g_string_append_c(s, '\n');
	}
	return g_string_free(s, FALSE);
}
