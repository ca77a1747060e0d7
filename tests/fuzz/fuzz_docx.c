/*
 * fuzz_docx.c — libFuzzer target for the DOCX and ODT readers.
 *
 * Feeds bytes to dd_read_docx() and dd_read_odt() and frees whatever comes
 * back: the readers must never crash, hang, leak or read out of bounds.
 *
 * Two kinds of input:
 *   - starting with "PK": the bytes are the .docx itself (fuzzes the zip
 *     layer and the limits);
 *   - anything else: the bytes are XML parts, "document.xml NUL
 *     numbering.xml NUL styles.xml", zipped here with correct CRCs (the
 *     first part also as ODT content.xml, the third as ODT styles.xml). A zip
 *     checksum would otherwise stop nearly every mutation of the XML long
 *     before the WordprocessingML reader sees it.
 * Seeds: tests/fuzz/seeds/docx/.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <zip.h>

#include "parsers/read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_and_free(const void *buf, size_t len)
{
	GError *error = NULL;
	struct dd_doc *doc = dd_read_docx(buf, len, &error);
	if (doc) {
		char *text = dd_doc_to_text(doc);
		g_free(text);
		dd_doc_free(doc);
	}
	g_clear_error(&error);
	doc = dd_read_odt(buf, len, &error);
	dd_doc_free(doc);
	g_clear_error(&error);
}

/* Add a member without compression (deflating costs more than the read). */
static void add_stored(zip_t *za, const char *name, const void *data, size_t n)
{
	zip_source_t *s = zip_source_buffer(za, data, n, 0);
	zip_int64_t idx = zip_file_add(za, name, s, 0);
	if (idx < 0)
		zip_source_free(s);
	else
		zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
}

/* Zip the NUL-separated parts of `data` as a DOCX and read it. */
static void read_parts(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "word/document.xml", "word/numbering.xml", "word/styles.xml" };
	static const char *const odt_names[] = { "content.xml", NULL, "styles.xml" };
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	const uint8_t *p = data, *end = data + size;
	for (size_t i = 0; i < 3 && p <= end; i++) {
		const uint8_t *nul = i < 2 ? memchr(p, 0, (size_t)(end - p)) : NULL;
		size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
		add_stored(za, names[i], p, n);
		if (odt_names[i])
			add_stored(za, odt_names[i], p, n);
		if (!nul)
			break;
		p = nul + 1;
	}
	if (zip_close(za) == 0 && zip_source_open(src) == 0) {
		zip_source_seek(src, 0, SEEK_END);
		zip_int64_t len = zip_source_tell(src);
		zip_source_seek(src, 0, SEEK_SET);
		char *buf = g_malloc((size_t)len + 1);
		if (zip_source_read(src, buf, (zip_uint64_t)len) == len)
			read_and_free(buf, (size_t)len);
		g_free(buf);
		zip_source_close(src);
	} else {
		zip_discard(za);
	}
	zip_source_free(src);
	zip_error_fini(&ze);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 2 && data[0] == 'P' && data[1] == 'K')
		read_and_free(data, size);
	else
		read_parts(data, size);
	return 0;
}
