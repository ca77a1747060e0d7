/*
 * test_text.c — format detection (parsers/detect.c) and the plain-text
 * reader (parsers/text.c).
 *
 * Run from the repository root (or set DONDOC_SRCDIR). Fixtures:
 * tests/data/text/ (regenerate with tests/data/text/make.py), the corpus
 * files tests/corpus/dev01.* and the 40 plain-text views
 * tests/corpus/text/devNN.txt.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "parsers/label.h"
#include "parsers/read.h"

static char *src_path(const char *rel)
{
	const char *root = g_getenv("DONDOC_SRCDIR");
	return g_build_filename(root ? root : ".", rel, NULL);
}

static GBytes *slurp(const char *rel)
{
	char *path = src_path(rel), *data = NULL;
	gsize len = 0;
	gboolean ok = g_file_get_contents(path, &data, &len, NULL);

	if (!ok)
		fail_msg("cannot read %s", path);
	g_free(path);
	return g_bytes_new_take(data, len);
}

static enum dd_format detect_file(const char *rel)
{
	GBytes *b = slurp(rel);
	gsize n;
	const void *p = g_bytes_get_data(b, &n);
	enum dd_format f = dd_detect(p, n);
	g_bytes_unref(b);
	return f;
}

/* The document as text, in NFC so decomposed input compares equal. */
static char *doc_nfc(const struct dd_doc *doc)
{
	char *t = dd_doc_to_text(doc);
	char *n = g_utf8_normalize(t, -1, G_NORMALIZE_NFC);
	g_free(t);
	return n;
}

/* ---- detection ---- */

static void test_detect_files(void **state)
{
	(void)state;
	assert_int_equal(detect_file("tests/corpus/dev01.pdf"), DD_FMT_PDF);
	assert_int_equal(detect_file("tests/corpus/dev01.scan.pdf"), DD_FMT_PDF);
	assert_int_equal(detect_file("tests/corpus/dev01.docx"), DD_FMT_DOCX);
	assert_int_equal(detect_file("tests/corpus/text/dev01.txt"), DD_FMT_TEXT);
	assert_int_equal(detect_file("tests/data/text/cp1258.txt"), DD_FMT_TEXT);
	assert_int_equal(detect_file("tests/data/text/utf16le.txt"), DD_FMT_TEXT);
	assert_int_equal(detect_file("tests/data/text/utf16be.txt"), DD_FMT_TEXT);
	assert_int_equal(detect_file("tests/data/text/utf8_bom_crlf.txt"), DD_FMT_TEXT);
	assert_int_equal(detect_file("tests/data/eml/docx_2231.eml"), DD_FMT_EML);
	assert_int_equal(detect_file("tests/data/eml/qp_1258.eml"), DD_FMT_EML);
	assert_int_equal(detect_file("tests/data/eml/malformed.eml"), DD_FMT_EML);
}

/* A stored zip with one member `name` holding `content` (no compression). */
static GByteArray *tiny_zip(const char *name, const char *content)
{
	GByteArray *z = g_byte_array_new();
	guint32 crc = 0xffffffffu, off;
	size_t nl = strlen(name), cl = strlen(content);
	guint8 h[46];

	for (size_t i = 0; i < cl; i++) {
		crc ^= (guint8)content[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	crc ^= 0xffffffffu;
#define LE16(p, v) ((p)[0] = (guint8)(v), (p)[1] = (guint8)((v) >> 8))
#define LE32(p, v) (LE16(p, (v) & 0xffff), LE16((p) + 2, (v) >> 16))
	memset(h, 0, sizeof h);
	memcpy(h, "PK\3\4", 4);
	LE16(h + 4, 10);
	LE32(h + 14, crc);
	LE32(h + 18, (guint32)cl);
	LE32(h + 22, (guint32)cl);
	LE16(h + 26, nl);
	g_byte_array_append(z, h, 30);
	g_byte_array_append(z, (const guint8 *)name, (guint)nl);
	g_byte_array_append(z, (const guint8 *)content, (guint)cl);
	off = z->len;
	memset(h, 0, sizeof h);
	memcpy(h, "PK\1\2", 4);
	LE16(h + 4, 20);
	LE16(h + 6, 10);
	LE32(h + 16, crc);
	LE32(h + 20, (guint32)cl);
	LE32(h + 24, (guint32)cl);
	LE16(h + 28, nl);
	g_byte_array_append(z, h, 46);
	g_byte_array_append(z, (const guint8 *)name, (guint)nl);
	memset(h, 0, sizeof h);
	memcpy(h, "PK\5\6", 4);
	LE16(h + 8, 1);
	LE16(h + 10, 1);
	LE32(h + 12, (guint32)(46 + nl));
	LE32(h + 16, off);
	g_byte_array_append(z, h, 22);
#undef LE16
#undef LE32
	return z;
}

#define B(s) s, sizeof s - 1  /* a literal and its length */

static void test_detect_buffers(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
		enum dd_format fmt;
	} cases[] = {
		{ B(""), DD_FMT_UNKNOWN },
		{ B("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0"), DD_FMT_DOC },
		{ B("{\\rtf1\\ansi hello}"), DD_FMT_RTF },
		{ B("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), DD_FMT_IMAGE },
		{ B("\xff\xd8\xff\xe0\0\x10JFIF"), DD_FMT_IMAGE },
		{ B("GIF89a\1\0\1\0"), DD_FMT_IMAGE },
		{ B("II*\0\x08\0\0\0"), DD_FMT_IMAGE },
		{ B("junk\n%PDF-1.7\n"), DD_FMT_PDF },
		{ B("PK\3\4garbage that is no zip"), DD_FMT_ZIP },
		{ B("From: a@b.c\nSubject: x\n\nbody\n"), DD_FMT_EML },
		{ B("Received: from x\n\tby y\nX-Other: 1\n\nbody"), DD_FMT_EML },
		{ B("Kính gửi: Sở Tài chính\nNội dung\n"), DD_FMT_TEXT },
		{ B("Date: hôm nay\nmột dòng không phải header\n"), DD_FMT_TEXT },
		{ B("X-Only: unknown header\n\nbody"), DD_FMT_TEXT },
		{ B("S\xf5\xd2 T\xe0i ch\xednh\n"), DD_FMT_TEXT },
		{ B("\0\1\2\3\4\5\6\7binary"), DD_FMT_UNKNOWN },
	};
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		enum dd_format f = dd_detect(cases[i].bytes, cases[i].len);
		if (f != cases[i].fmt)
			fail_msg("case %zu: got %s, want %s", i, dd_format_name(f),
			         dd_format_name(cases[i].fmt));
	}
}

static void test_detect_zips(void **state)
{
	GByteArray *odt = tiny_zip("mimetype", "application/vnd.oasis.opendocument.text");
	GByteArray *ods = tiny_zip("mimetype", "application/vnd.oasis.opendocument.spreadsheet");
	GByteArray *docx = tiny_zip("word/document.xml", "<w:document/>");
	GByteArray *other = tiny_zip("a.txt", "hello");
	(void)state;
	assert_int_equal(dd_detect(odt->data, odt->len), DD_FMT_ODT);
	assert_int_equal(dd_detect(ods->data, ods->len), DD_FMT_ZIP);
	assert_int_equal(dd_detect(docx->data, docx->len), DD_FMT_DOCX);
	assert_int_equal(dd_detect(other->data, other->len), DD_FMT_ZIP);
	/* a truncated DOCX still goes to the DOCX reader (which calls it corrupt) */
	assert_int_equal(dd_detect(docx->data, 50), DD_FMT_DOCX);
	g_byte_array_unref(odt);
	g_byte_array_unref(ods);
	g_byte_array_unref(docx);
	g_byte_array_unref(other);
}

static void test_read_refuses(void **state)
{
	GError *e = NULL;
	static const char ole[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0";
	(void)state;

	assert_null(dd_read(ole, sizeof ole - 1, &e));
	assert_int_equal(e->code, DD_READ_UNSUPPORTED);
	assert_non_null(strstr(e->message, "legacy Word"));
	assert_non_null(strstr(e->message, DD_FORMATS_ACCEPTED));
	g_clear_error(&e);

	assert_null(dd_read("\x89PNG\r\n\x1a\n", 8, &e));
	assert_int_equal(e->code, DD_READ_UNSUPPORTED);
	assert_non_null(strstr(e->message, "image"));
	g_clear_error(&e);

	assert_null(dd_read("\0\1\2\3binary", 10, &e));
	assert_int_equal(e->code, DD_READ_UNSUPPORTED);
	g_clear_error(&e);

	assert_null(dd_read("", 0, &e));
	assert_int_equal(e->code, DD_READ_EMPTY);
	g_clear_error(&e);

	/* the size is checked before the bytes are looked at */
	assert_null(dd_read("x", (size_t)DD_MAX_INPUT + 1, &e));
	assert_int_equal(e->code, DD_READ_TOO_LARGE);
	g_clear_error(&e);
}

/* ---- the text reader ---- */

static const char EXPECTED[] =
	"Số: 12/UBND-TH\n"
	"Kính gửi: Sở Tài chính\n"
	"1. Sở Tài chính chủ trì rà soát các dự án, báo cáo trước ngày 15/6/2019.\n"
	"2. Sở Xây dựng phối hợp thực hiện.\n";

static void test_text_encodings(void **state)
{
	static const char *const files[] = {
		"tests/data/text/utf8.txt", "tests/data/text/utf8_bom_crlf.txt",
		"tests/data/text/utf16le.txt", "tests/data/text/utf16be.txt",
		"tests/data/text/cp1258.txt",
	};
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		GBytes *b = slurp(files[i]);
		gsize n;
		const void *p = g_bytes_get_data(b, &n);
		GError *e = NULL;
		struct dd_doc *doc = dd_read(p, n, &e);
		char *t;

		if (!doc)
			fail_msg("%s: %s", files[i], e->message);
		assert_int_equal(doc->n, 4);
		assert_string_equal(doc->blocks[2].label, "1.");
		assert_int_equal(doc->blocks[2].level, 1);
		t = doc_nfc(doc);
		if (strcmp(t, EXPECTED) != 0)
			fail_msg("%s: got\n%s", files[i], t);
		g_free(t);
		dd_doc_free(doc);
		g_bytes_unref(b);
	}
}

static void test_text_layout(void **state)
{
	GBytes *b = slurp("tests/data/text/layout.txt");
	gsize n;
	const void *p = g_bytes_get_data(b, &n);
	GError *e = NULL;
	struct dd_doc *doc = dd_read_text(p, n, &e);
	const struct dd_block *x;
	(void)state;

	assert_non_null(doc);
	assert_int_equal(doc->n, 12);
	x = doc->blocks;
	assert_int_equal(x[0].kind, DD_PARA);
	assert_null(x[0].label);
	assert_string_equal(x[0].text, "KẾ HOẠCH");
	assert_string_equal(x[1].label, "a)");                /* indented item */
	assert_int_equal(x[1].level, 2);
	assert_string_equal(x[1].text, "Sở Y tế chủ trì");
	assert_string_equal(x[2].label, "-");
	assert_int_equal(x[2].level, 3);
	assert_string_equal(x[3].label, "Điều 2.");
	assert_string_equal(x[3].text, "Tổ chức thực hiện");
	/* one table of three rows: outer pipes dropped, the rule line skipped */
	for (int i = 4; i <= 6; i++) {
		assert_int_equal(x[i].kind, DD_ROW);
		assert_int_equal(x[i].table, 0);
		assert_int_equal(x[i].ncells, 3);
	}
	assert_string_equal(x[4].cells[2], "Cơ quan chủ trì");
	assert_string_equal(x[6].cells[0], "2");
	assert_string_equal(x[6].cells[2], "Sở Xây dựng");
	/* one separator is not a table */
	assert_int_equal(x[7].kind, DD_PARA);
	assert_string_equal(x[7].text, "Hai cột | không phải bảng");
	/* tab-separated: a second table */
	assert_int_equal(x[8].kind, DD_ROW);
	assert_int_equal(x[8].table, 1);
	assert_int_equal(x[9].ncells, 3);
	assert_string_equal(x[9].cells[2], "15/6/2019");
	/* form feed: a page break; a lowercase line after it is joined */
	assert_int_equal(x[10].kind, DD_PAGE);
	assert_string_equal(x[11].text, "Trang hai dòng chữ thường sau trang");
	dd_doc_free(doc);
	g_bytes_unref(b);
}

static void test_text_empty_and_limits(void **state)
{
	GError *e = NULL;
	GString *many = g_string_new(NULL);
	(void)state;

	assert_null(dd_read_text(" \n\t\r\n\n", 6, &e));
	assert_int_equal(e->code, DD_READ_EMPTY);
	g_clear_error(&e);
	assert_null(dd_read_text(NULL, 0, &e));
	assert_int_equal(e->code, DD_READ_EMPTY);
	g_clear_error(&e);

	for (int i = 0; i < DD_MAX_BLOCKS + 10; i++)
		g_string_append(many, "A.\n");
	assert_null(dd_read_text(many->str, many->len, &e));
	assert_int_equal(e->code, DD_READ_TOO_LARGE);
	g_clear_error(&e);
	g_string_free(many, TRUE);

	/* NULs and invalid bytes do not stop the reader */
	struct dd_doc *doc = dd_read_text("a\0b\xff\xfe c\n", 8, &e);
	assert_non_null(doc);
	assert_int_equal(doc->n, 1);
	dd_doc_free(doc);
}

/* Whitespace-collapsed copy, for comparing cells across readers. */
static char *squeeze(const char *s)
{
	char **w = g_strsplit_set(s, " \t\n", -1);
	GString *o = g_string_new(NULL);
	for (char **p = w; *p; p++) {
		if (!**p)
			continue;
		if (o->len)
			g_string_append_c(o, ' ');
		g_string_append(o, *p);
	}
	g_strfreev(w);
	return g_string_free(o, FALSE);
}

/* Compare the task-table rows (3+ cells) of two documents. */
static void same_rows(const char *what, const struct dd_doc *a, const struct dd_doc *b)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < a->n && !(a->blocks[i].kind == DD_ROW && a->blocks[i].ncells >= 3))
			i++;
		while (j < b->n && !(b->blocks[j].kind == DD_ROW && b->blocks[j].ncells >= 3))
			j++;
		if (i == a->n || j == b->n)
			break;
		if (a->blocks[i].ncells != b->blocks[j].ncells)
			fail_msg("%s: row of %zu cells vs %zu", what, a->blocks[i].ncells,
			         b->blocks[j].ncells);
		for (size_t c = 0; c < a->blocks[i].ncells; c++) {
			char *x = squeeze(a->blocks[i].cells[c]), *y = squeeze(b->blocks[j].cells[c]);
			if (strcmp(x, y) != 0)
				fail_msg("%s: cell \"%s\" vs \"%s\"", what, x, y);
			g_free(x);
			g_free(y);
		}
		i++;
		j++;
	}
	if (i != a->n || j != b->n)
		fail_msg("%s: different numbers of table rows", what);
}

/* All 40 corpus text views: every "a | b | c" line is a row of its cells,
 * every labelled line has its label split off, no text is lost; and the
 * task tables match the DOCX reader's. */
static void test_text_corpus(void **state)
{
	(void)state;
	for (int d = 1; d <= 40; d++) {
		char rel[64];
		GError *e = NULL;
		snprintf(rel, sizeof rel, "tests/corpus/text/dev%02d.txt", d);
		GBytes *b = slurp(rel);
		gsize n;
		const char *p = g_bytes_get_data(b, &n);
		struct dd_doc *doc = dd_read(p, n, &e);
		char **lines = g_strsplit(p, "\n", -1);
		size_t rows = 0, labels = 0, want_rows = 0, want_labels = 0;

		if (!doc)
			fail_msg("%s: %s", rel, e->message);
		for (char **l = lines; *l; l++) {
			char *s = g_strstrip(g_strdup(*l));
			if (strstr(s, " | "))
				want_rows++;
			else if (dd_label_len(s, NULL, NULL) > 0)
				want_labels++;
			g_free(s);
		}
		for (size_t i = 0; i < doc->n; i++) {
			const struct dd_block *x = &doc->blocks[i];
			if (x->kind == DD_ROW) {
				rows++;
				assert_true(x->ncells >= 3);
			} else if (x->kind == DD_PARA && x->label) {
				labels++;
				assert_true(x->text[0] != ' ');
			}
		}
		if (rows != want_rows || labels != want_labels)
			fail_msg("%s: %zu rows (want %zu), %zu labels (want %zu)", rel, rows,
			         want_rows, labels, want_labels);

		/* against the DOCX reader, when it reads the file */
		snprintf(rel, sizeof rel, "tests/corpus/dev%02d.docx", d);
		GBytes *xb = slurp(rel);
		gsize xn;
		const void *xp = g_bytes_get_data(xb, &xn);
		struct dd_doc *xdoc = dd_read(xp, xn, NULL);
		if (xdoc)
			same_rows(rel, doc, xdoc);
		dd_doc_free(xdoc);
		g_bytes_unref(xb);

		g_strfreev(lines);
		dd_doc_free(doc);
		g_bytes_unref(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_files),
		cmocka_unit_test(test_detect_buffers),
		cmocka_unit_test(test_detect_zips),
		cmocka_unit_test(test_read_refuses),
		cmocka_unit_test(test_text_encodings),
		cmocka_unit_test(test_text_layout),
		cmocka_unit_test(test_text_empty_and_limits),
		cmocka_unit_test(test_text_corpus),
	};
	return cmocka_run_group_tests_name("parsers_text", tests, NULL, NULL);
}
