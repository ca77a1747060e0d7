/*
 * test_pdf.c — the PDF reader (parsers/pdf*.c) against the corpus and
 * against small hand-written PDFs.
 *
 * The corpus test is the strong one: for every tests/corpus/devNN.pdf it
 * compares the reader's blocks with tests/corpus/text/devNN.txt, the plain
 * text the corpus generator wrote of the same document. Every non-empty line
 * of the .txt must come out as one paragraph ("label text", whitespace
 * collapsed), and every "a | b | c" line as one table row with the same
 * cells. Misses are listed; the match rate is asserted per file and overall.
 * Lines that cannot match by construction are the header cells whose line
 * breaks the PDF moved (a "V/v ..." subject re-wrapped in a narrow column),
 * and dev35, whose task table is printed wider than the page: Poppler drops
 * the characters outside the page (the STT column), so its rows cannot
 * come back whole.
 *
 * The fixtures in tests/data/pdf are written by make_fixtures.py (Helvetica
 * and Times, no LibreOffice) so the rules are also checked on another
 * producer, font and margins.
 *
 * Run from the repository root: build/tests/test_pdf.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "parsers/read.h"

#define CORPUS "tests/corpus"
#define DATA "tests/data/pdf"

/* The reader's error domain (DD_READ_ERROR, defined in parsers/detect.c). */
static GQuark read_error(void)
{
	return g_quark_from_static_string("dd-read-error");
}

static struct dd_doc *read_file(const char *path, GError **error)
{
	gchar *buf = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &buf, &len, error))
		return NULL;
	struct dd_doc *doc = dd_read_pdf(buf, len, error);
	g_free(buf);
	return doc;
}

/* Whitespace runs to one space, trimmed. Caller frees. */
static char *collapse(const char *s)
{
	GString *out = g_string_new(NULL);
	bool space = false;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isspace(c) || c == 0xa0) {
			space = out->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(out, ' ');
		space = false;
		g_string_append_unichar(out, c);
	}
	return g_string_free(out, FALSE);
}

/* "a | b | c" with each cell collapsed. */
static char *row_key(char **cells, size_t n)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < n; i++) {
		char *c = collapse(cells[i]);
		if (i)
			g_string_append(s, " | ");
		g_string_append(s, c);
		g_free(c);
	}
	return g_string_free(s, FALSE);
}

struct score {
	int lines, found, rows, rows_found, body, body_found;
};

/* Compare one corpus PDF with its .txt; prints the misses. */
static void score_file(const char *name, struct score *sc)
{
	char *pdf = g_strdup_printf(CORPUS "/%s.pdf", name);
	char *txt = g_strdup_printf(CORPUS "/text/%s.txt", name);
	GError *err = NULL;
	struct dd_doc *doc = read_file(pdf, &err);
	if (!doc)
		fail_msg("%s: %s", pdf, err->message);

	GHashTable *paras = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GHashTable *rows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (size_t i = 0; i < doc->n; i++) {
		const struct dd_block *b = &doc->blocks[i];
		if (b->kind == DD_PARA) {
			char *full = g_strdup_printf("%s%s%s", b->label ? b->label : "",
						     b->label ? " " : "", b->text);
			g_hash_table_add(paras, collapse(full));
			g_free(full);
		} else if (b->kind == DD_ROW) {
			g_hash_table_add(rows, row_key(b->cells, b->ncells));
		}
	}

	gchar *content = NULL;
	assert_true(g_file_get_contents(txt, &content, NULL, NULL));
	gchar **lines = g_strsplit(content, "\n", -1);
	struct score f = { 0 };
	for (gchar **l = lines; *l; l++) {
		char *key;
		bool row = strstr(*l, " | ") != NULL, hit;
		if (row) {
			gchar **cells = g_strsplit(*l, " | ", -1);
			key = row_key(cells, g_strv_length(cells));
			g_strfreev(cells);
			hit = g_hash_table_contains(rows, key);
			f.rows++;
			f.rows_found += hit;
		} else {
			key = collapse(*l);
			if (!*key) {
				g_free(key);
				continue;
			}
			hit = g_hash_table_contains(paras, key);
			if (g_utf8_strlen(key, -1) >= 60) {
				f.body++;
				f.body_found += hit;
			}
		}
		f.lines++;
		f.found += hit;
		if (!hit)
			printf("    %s miss: %s%.100s\n", name, row ? "row " : "", key);
		g_free(key);
	}
	printf("  %s: %d/%d lines, body %d/%d, rows %d/%d\n", name, f.found, f.lines,
	       f.body_found, f.body, f.rows_found, f.rows);
	sc->lines += f.lines;
	sc->found += f.found;
	sc->body += f.body;
	sc->body_found += f.body_found;
	sc->rows += f.rows;
	sc->rows_found += f.rows_found;

	/* per file: most lines, all long paragraphs but one (a long centred
	 * subtitle the PDF wrapped), every table row */
	assert_true(f.found * 100 >= f.lines * 75);
	assert_true(f.body_found + 1 >= f.body);
	if (strcmp(name, "dev35") != 0)   /* table clipped by the page edge */
		assert_int_equal(f.rows_found, f.rows);

	g_strfreev(lines);
	g_free(content);
	g_hash_table_destroy(paras);
	g_hash_table_destroy(rows);
	dd_doc_free(doc);
	g_free(pdf);
	g_free(txt);
}

static void test_corpus(void **state)
{
	(void)state;
	struct score sc = { 0 };
	int files = 0;
	for (int i = 1; i <= 99; i++) {
		char *name = g_strdup_printf("dev%02d", i);
		char *pdf = g_strdup_printf(CORPUS "/%s.pdf", name);
		if (g_file_test(pdf, G_FILE_TEST_EXISTS)) {
			score_file(name, &sc);
			files++;
		}
		g_free(pdf);
		g_free(name);
	}
	if (files == 0)
		skip();
	printf("  corpus: %d files, %d/%d lines (%.1f%%), body %d/%d, rows %d/%d\n", files,
	       sc.found, sc.lines, 100.0 * sc.found / sc.lines, sc.body_found, sc.body,
	       sc.rows_found, sc.rows);
	assert_true(sc.found * 100 >= sc.lines * 95);
	assert_true(sc.body_found * 100 >= sc.body * 99);
}

/* A scan (a page that is only an image) is read by OCR: see tests/test_ocr.c. */

static void expect_error(const void *buf, size_t len, int code)
{
	GError *err = NULL;
	struct dd_doc *doc = dd_read_pdf(buf, len, &err);
	assert_null(doc);
	assert_non_null(err);
	assert_true(err->domain == read_error());
	if (code >= 0)
		assert_int_equal(err->code, code);
	assert_true(strlen(err->message) > 0);
	g_error_free(err);
}

static void test_broken_input(void **state)
{
	(void)state;
	static const char garbage[] = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF";
	char noise[4096];
	guint32 x = 12345;
	for (size_t i = 0; i < sizeof noise; i++) {
		x = x * 1103515245u + 12345u;
		noise[i] = (char)(x >> 16);
	}
	expect_error("", 0, DD_READ_CORRUPT);
	expect_error(NULL, 0, DD_READ_CORRUPT);
	expect_error(garbage, sizeof garbage - 1, -1);
	expect_error(noise, sizeof noise, DD_READ_CORRUPT);

	/* a real PDF cut in half, and with its first bytes damaged */
	gchar *buf = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(DATA "/table.pdf", &buf, &len, NULL));
	for (gsize cut = 16; cut < len; cut += len / 7) {
		GError *err = NULL;
		struct dd_doc *doc = dd_read_pdf(buf, cut, &err);
		/* Poppler may rebuild a damaged file; either way no crash */
		assert_true((doc != NULL) != (err != NULL));
		dd_doc_free(doc);
		g_clear_error(&err);
	}
	/* damaged bytes all over: Poppler may repair, but must not crash */
	for (gsize i = 0; i < len; i += 97)
		buf[i] = (char)(buf[i] ^ 0x5a);
	GError *err = NULL;
	struct dd_doc *doc = dd_read_pdf(buf, len, &err);
	assert_true((doc != NULL) != (err != NULL));
	dd_doc_free(doc);
	g_clear_error(&err);
	g_free(buf);
}

static void test_encrypted(void **state)
{
	(void)state;
	GError *err = NULL;
	struct dd_doc *doc = read_file(DATA "/encrypted.pdf", &err);
	assert_null(doc);
	assert_true(g_error_matches(err, read_error(), DD_READ_CORRUPT));
	assert_non_null(strstr(err->message, "encrypted"));
	g_error_free(err);
}

static const struct dd_block *find_para(const struct dd_doc *doc, const char *text)
{
	for (size_t i = 0; i < doc->n; i++)
		if (doc->blocks[i].kind == DD_PARA && strcmp(doc->blocks[i].text, text) == 0)
			return &doc->blocks[i];
	return NULL;
}

static void test_two_columns_not_glued(void **state)
{
	(void)state;
	GError *err = NULL;
	struct dd_doc *doc = read_file(DATA "/two_columns.pdf", &err);
	assert_non_null(doc);
	/* each cell of the two-column header and of the closing block alone */
	static const char *alone[] = {
		"UY BAN NHAN DAN", "TINH HOA BINH", "So: 15/CT-UBND",
		"CONG HOA XA HOI CHU NGHIA VIET NAM", "Doc lap - Tu do - Hanh phuc",
		"Hoa Binh, ngay 02 thang 3 nam 2024", "CHI THI", "Noi nhan:",
		"TM. UY BAN NHAN DAN", "CHU TICH", "Nguyen Van An",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(alone); i++)
		if (!find_para(doc, alone[i]))
			fail_msg("paragraph not found alone: %s", alone[i]);
	/* the left column comes before the right one, not interleaved */
	const struct dd_block *a = find_para(doc, "UY BAN NHAN DAN");
	const struct dd_block *b = find_para(doc, "TINH HOA BINH");
	const struct dd_block *c = find_para(doc, "CONG HOA XA HOI CHU NGHIA VIET NAM");
	assert_true(a < b && b < c);
	/* wrapped body lines joined, first-line indent and labels start paragraphs */
	assert_non_null(find_para(doc, "Thuc hien Nghi quyet cua Hoi dong nhan dan tinh ve ke "
				  "hoach phat trien kinh te - xa hoi nam 2024, Chu tich Uy ban "
				  "nhan dan tinh yeu cau cac so, ban, nganh va Uy ban nhan dan "
				  "cac huyen thuc hien tot cac noi dung sau:"));
	const struct dd_block *item = find_para(doc, "So Tai chinh chu tri, phoi hop voi So Ke hoach "
						"va Dau tu tham muu bo tri kinh phi thuc hien "
						"truoc ngay 30/6/2024.");
	assert_non_null(item);
	assert_string_equal(item->label, "1.");
	assert_int_equal(item->level, 1);
	item = find_para(doc, "Nhu tren;");
	assert_non_null(item);
	assert_string_equal(item->label, "-");
	dd_doc_free(doc);
}

static void test_table_over_two_pages(void **state)
{
	(void)state;
	GError *err = NULL;
	struct dd_doc *doc = read_file(DATA "/table.pdf", &err);
	assert_non_null(doc);
	static const char *want[] = {
		"STT | Noi dung nhiem vu | Co quan chu tri | Thoi gian",
		"1 | Xay dung ke hoach chuyen doi so cua tinh giai doan 2024 - 2025 | So Thong tin va "
		"Truyen thong | Quy II/2024",
		"2 | Ra soat thu tuc hanh chinh noi bo va de xuat phuong an don gian hoa | Van phong "
		"UBND tinh | Thang 6/2024",
		"3 | Kiem tra cong tac cai cach hanh chinh tai cac co quan, dia phuong | So Noi vu | "
		"Nam 2024",
		"4 | Bao cao ket qua thuc hien | So Ke hoach va Dau tu | Truoc 15/12/2024",
	};
	size_t nrow = 0, npage = 0;
	for (size_t i = 0; i < doc->n; i++) {
		const struct dd_block *b = &doc->blocks[i];
		if (b->kind == DD_PAGE)
			npage++;
		if (b->kind != DD_ROW)
			continue;
		assert_true(nrow < G_N_ELEMENTS(want));
		char *key = row_key(b->cells, b->ncells);
		assert_string_equal(key, want[nrow]);
		assert_int_equal(b->table, 0);
		g_free(key);
		nrow++;
	}
	assert_int_equal(nrow, G_N_ELEMENTS(want));
	assert_int_equal(npage, 1);
	assert_int_equal(doc->pages, 2);
	/* the paragraph after the table, and no page numbers */
	assert_non_null(find_para(doc, "Trong qua trinh thuc hien, neu co kho khan, vuong mac, cac "
				  "co quan bao cao Uy ban nhan dan tinh de xem xet, giai quyet./."));
	assert_null(find_para(doc, "1"));
	assert_null(find_para(doc, "2"));
	dd_doc_free(doc);
}

static void test_too_large(void **state)
{
	(void)state;
	static const char pdf[] = "%PDF-1.4";
	GError *err = NULL;
	assert_null(dd_read_pdf(pdf, (size_t)DD_MAX_INPUT + 1, &err));
	assert_true(g_error_matches(err, read_error(), DD_READ_TOO_LARGE));
	g_error_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_broken_input),
		cmocka_unit_test(test_encrypted),
		cmocka_unit_test(test_two_columns_not_glued),
		cmocka_unit_test(test_table_over_two_pages),
		cmocka_unit_test(test_too_large),
	};
	return cmocka_run_group_tests_name("pdf", tests, NULL, NULL);
}
