/*
 * test_ocr.c — scanned PDFs read by OCR (parsers/ocr.c and the page loop of
 * parsers/pdf.c), and the checks that keep OCR mistakes from becoming
 * silent wrong deadlines (rules/ocr_checks.c).
 *
 * A handful of pages only, to stay within the test budget (OCR costs about
 * a second a page): tests/corpus/dev01.scan.pdf and dev20.scan.pdf (two
 * corpus scans, the second with a task table) and the fixtures of
 * tests/data/ocr, written by make_fixtures.py there: a blank scan, a
 * "photo" without letters, and a mixed document (a text page, then a
 * scanned page). The scored run over all 40 corpus scans is
 * tests/ocr_corpus.sh, not part of make check.
 *
 * Run from the repository root: build/tests/test_ocr.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/ocr.h"
#include "parsers/read.h"
#include "rules/calendar.h"
#include "rules/directive.h"
#include "rules/ocr_checks.h"
#include "rules/units.h"

#define CORPUS "tests/corpus"
#define DATA "tests/data/ocr"

static struct dd_doc *read_pdf_file(const char *path, GError **error)
{
	gchar *buf = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &buf, &len, error))
		return NULL;
	struct dd_doc *doc = dd_read_pdf(buf, len, error);
	g_free(buf);
	return doc;
}

static int ocr_page(const struct dd_doc *doc, guint i)
{
	return g_array_index(doc->ocr_pages, int, i);
}

/* ---- digit normalization -------------------------------------------------- */

static void expect_fixed(const char *in, const char *want)
{
	char *got = ocr_fix_digits(in);
	assert_string_equal(got, want);
	g_free(got);
}

static void test_fix_digits(void **state)
{
	(void)state;
	expect_fixed("1O/2O22", "10/2022");
	expect_fixed("ngày", "ngày");
	expect_fixed("l5/6/2019", "15/6/2019");
	expect_fixed("II/2023", "II/2023");   /* a quarter in roman numerals */
	expect_fixed("2O19;", "2019;");
	expect_fixed("86/VP-THCB", "86/VP-THCB");
	expect_fixed("13/2017/QĐ-UBND", "13/2017/QĐ-UBND");
	expect_fixed("lO", "lO");          /* no real digit: a word, left alone */
	expect_fixed("Ol.", "Ol.");
	expect_fixed("I-2", "I-2");        /* a roman numeral beside a number */
	expect_fixed("(O3)", "(03)");
	expect_fixed("", "");
}

/* ---- reading scans ---------------------------------------------------------- */

static void test_scan_is_read(void **state)
{
	(void)state;
	GError *err = NULL;
	struct dd_doc *doc = read_pdf_file(CORPUS "/dev01.scan.pdf", &err);
	assert_null(err);
	assert_non_null(doc);
	assert_true(dd_doc_has_ocr(doc));
	assert_int_equal(doc->ocr_pages->len, 2);
	assert_int_equal(ocr_page(doc, 0), 1);
	assert_int_equal(ocr_page(doc, 1), 2);
	char *text = dd_doc_to_text(doc);
	assert_non_null(strstr(text, "86/VP-THCB"));
	assert_non_null(strstr(text, "Tuyên Quang, ngày 29 tháng 5 năm 2019"));
	/* list labels come back as labels */
	bool labelled = false;
	for (size_t i = 0; i < doc->n; i++)
		if (doc->blocks[i].kind == DD_PARA && doc->blocks[i].label &&
		    strcmp(doc->blocks[i].label, "1.") == 0)
			labelled = true;
	assert_true(labelled);
	g_free(text);
	dd_doc_free(doc);
}

static void test_scan_table(void **state)
{
	(void)state;
	GError *err = NULL;
	if (!g_file_test(CORPUS "/dev20.scan.pdf", G_FILE_TEST_EXISTS))
		skip();
	struct dd_doc *doc = read_pdf_file(CORPUS "/dev20.scan.pdf", &err);
	assert_null(err);
	assert_non_null(doc);
	size_t rows = 0;
	for (size_t i = 0; i < doc->n; i++)
		if (doc->blocks[i].kind == DD_ROW && doc->blocks[i].ncells >= 3)
			rows++;
	assert_true(rows >= 3);
	/* Tesseract reads "SởTưpháp" in the narrow cell; the reader cuts it */
	char *text = dd_doc_to_text(doc);
	assert_non_null(strstr(text, "| Sở Tư pháp |"));
	g_free(text);
	dd_doc_free(doc);
}

static void expect_no_text(const char *path)
{
	GError *err = NULL;
	struct dd_doc *doc = read_pdf_file(path, &err);
	assert_null(doc);
	assert_non_null(err);
	assert_true(g_error_matches(err, g_quark_from_static_string("dd-read-error"), DD_READ_NO_TEXT));
	g_error_free(err);
}

static void test_blank_scan_is_no_text(void **state)
{
	(void)state;
	expect_no_text(DATA "/blank.scan.pdf");
}

static void test_photo_is_no_text(void **state)
{
	(void)state;
	expect_no_text(DATA "/photo.scan.pdf");
}

static void test_mixed_page_by_page(void **state)
{
	(void)state;
	GError *err = NULL;
	struct dd_doc *doc = read_pdf_file(DATA "/mixed.pdf", &err);
	assert_null(err);
	assert_non_null(doc);
	assert_int_equal(doc->ocr_pages->len, 1);
	assert_int_equal(ocr_page(doc, 0), 2);
	char *text = dd_doc_to_text(doc);
	/* page 1 from its text layer, page 2 (the end of dev01) by OCR */
	assert_non_null(strstr(text, "86/VP-THCB"));
	assert_non_null(strstr(text, "Nơi nhận"));
	g_free(text);
	dd_doc_free(doc);
}

/* ---- the checks of OCR'd deadlines -------------------------------------------- */

static const char UNITS[] =
	"id,name,aliases,emails,groups\n"
	"XA-UBND,Ủy ban nhân dân tỉnh,UBND tỉnh,,\n"
	"XA-STC,Sở Tài chính,STC,stc@xa.example,\n";

/* A one-task directive issued 29/5/2019 whose deadline phrase is `due`;
 * page 1 read by OCR when `ocr`, with `mark` an unsure word (or NULL). */
static struct dd_directive *one_task(const char *due, bool ocr, const char *mark)
{
	GError *err = NULL;
	struct dd_units *units = units_load_text(UNITS, strlen(UNITS), "test.csv", &err);
	struct dd_calendar *cal = calendar_new();
	struct dd_doc *d = dd_doc_new();
	dd_doc_add_para(d, NULL, 0, "ỦY BAN NHÂN DÂN TỈNH XA");
	dd_doc_add_para(d, NULL, 0, "Số: 123/UBND-KT");
	dd_doc_add_para(d, NULL, 0, "Xa, ngày 29 tháng 5 năm 2019");
	char *task = g_strdup_printf("Sở Tài chính rà soát các dự án, báo cáo UBND tỉnh %s.", due);
	dd_doc_add_para(d, "1.", 0, task);
	g_free(task);
	if (ocr)
		dd_doc_add_ocr_page(d, 1);
	if (mark)
		dd_doc_add_ocr_mark(d, 1, mark, 41);
	struct dd_directive *dir = directive_analyze(d, units, cal, 3);
	assert_int_equal(dir->ntasks, 1);
	dd_doc_free(d);
	units_free(units);
	calendar_free(cal);
	return dir;
}

/* Whether the task carries a warning starting with `prefix`. */
static bool warned(const struct dd_task *t, const char *prefix)
{
	for (guint i = 0; i < t->warnings->len; i++)
		if (g_str_has_prefix(g_ptr_array_index(t->warnings, i), prefix))
			return true;
	return false;
}

static void expect_ocr_check(const char *due, bool ocr, const char *mark, const char *warning)
{
	struct dd_directive *dir = one_task(due, ocr, mark);
	const struct dd_task *t = &dir->tasks[0];
	if (getenv("TEST_OCR_DEBUG")) {
		printf("%s: due_text \"%s\" due %d, issued %d\n", due, t->due_text, t->due, dir->issued);
		for (guint i = 0; i < t->warnings->len; i++)
			printf("  %s\n", (char *)g_ptr_array_index(t->warnings, i));
	}
	if (warning) {
		assert_true(warned(t, warning));
		assert_true(t->confidence <= OCR_CHECK_CONFIDENCE);
	} else {
		assert_false(warned(t, "OCR:"));
	}
	directive_free(dir);
}

static void test_check_sure_deadline(void **state)
{
	(void)state;
	expect_ocr_check("trước ngày 14/6/2019", true, NULL, NULL);
	expect_ocr_check("trong tháng 6/2019", true, NULL, NULL);   /* a month, not day 6 of month 2019 */
	expect_ocr_check("trước thứ Sáu, ngày 14/6/2019", true, NULL, NULL);
	/* not a scan: the checks stay out */
	expect_ocr_check("trước thứ Hai, ngày 14/6/2019", false, "14/6/2019", NULL);
}

static void test_check_unsure_digits(void **state)
{
	(void)state;
	expect_ocr_check("trước ngày 14/6/2019", true, "14/6/2019,", "OCR: deadline read with low confidence");
	expect_ocr_check("trước ngày 14/6/2019", true, "86/VP", NULL);
}

static void test_check_impossible_date(void **state)
{
	(void)state;
	expect_ocr_check("trước ngày 31/6/2019", true, NULL, "OCR: the deadline names a date that does not exist");
	expect_ocr_check("trước ngày 30 tháng 13 năm 2019", true, NULL,
		     "OCR: the deadline names a date that does not exist");
}

static void test_check_before_issue(void **state)
{
	(void)state;
	expect_ocr_check("trước ngày 15/4/2019", true, NULL, "OCR: deadline before the issue date");
}

static void test_check_weekday(void **state)
{
	(void)state;
	/* 14/6/2019 was a Friday */
	expect_ocr_check("trước thứ Hai, ngày 14/6/2019", true, NULL,
		     "OCR: the weekday does not match");
	expect_ocr_check("trước thứ 2 (14/6/2019)", true, NULL, "OCR: the weekday does not match");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fix_digits),
		cmocka_unit_test(test_scan_is_read),
		cmocka_unit_test(test_scan_table),
		cmocka_unit_test(test_blank_scan_is_no_text),
		cmocka_unit_test(test_photo_is_no_text),
		cmocka_unit_test(test_mixed_page_by_page),
		cmocka_unit_test(test_check_sure_deadline),
		cmocka_unit_test(test_check_unsure_digits),
		cmocka_unit_test(test_check_impossible_date),
		cmocka_unit_test(test_check_before_issue),
		cmocka_unit_test(test_check_weekday),
	};
	return cmocka_run_group_tests_name("ocr", tests, NULL, NULL);
}
