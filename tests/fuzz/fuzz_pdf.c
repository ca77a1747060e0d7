/*
 * fuzz_pdf.c — libFuzzer target for the PDF reader (dd_read_pdf).
 *
 * Any bytes go in; the reader must return a document or an error, never
 * crash, leak or read out of bounds. Poppler is slow on some hostile inputs,
 * so run with a moderate -max_len (say 65536). Seeds: tests/fuzz/seeds/pdf.
 */
#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GError *err = NULL;
	struct dd_doc *doc = dd_read_pdf(data, size, &err);
	if (doc) {
		char *text = dd_doc_to_text(doc);
		g_free(text);
		dd_doc_free(doc);
	}
	g_clear_error(&err);
	return 0;
}
