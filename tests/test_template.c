/*
 * test_template.c — the mail templates and their renderer (daemon/template.h):
 * every template of mailtemplates/ renders with a sample value tree, its
 * HTML part parsed by libxml2 without errors; values escaped in HTML,
 * stripped of control characters in text and of CR/LF in the subject; every
 * kind of template error named with its file and line
 * (tests/data/template/ holds the broken templates); a bad reload keeps the
 * set in use; the bounds on values.
 *
 * The tests that change templates work on a copy of mailtemplates/ in a
 * temporary directory, removed afterwards.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/HTMLparser.h>
#include <string.h>

#include "daemon/template.h"

#define TEMPLATES "mailtemplates"
#define BROKEN "tests/data/template"

static char *tmpdir;

static int setup(void **state)
{
	tmpdir = g_dir_make_tmp("test_template-XXXXXX", NULL);
	return tmpdir ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);
	g_free(cmd);
	g_free(tmpdir);
	return rc == 0 ? 0 : -1;
}

static void copy_file(const char *from, const char *to)
{
	char *text = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(from, &text, &len, NULL));
	assert_true(g_file_set_contents(to, text, len, NULL));
	g_free(text);
}

/* A fresh copy of mailtemplates/ as tmpdir/name; returns its path. */
static char *copy_templates(const char *name)
{
	char *dir = g_build_filename(tmpdir, name, NULL);
	assert_int_equal(g_mkdir_with_parents(dir, 0700), 0);
	GDir *d = g_dir_open(TEMPLATES, 0, NULL);
	assert_non_null(d);
	for (const char *f; (f = g_dir_read_name(d));) {
		char *from = g_build_filename(TEMPLATES, f, NULL), *to = g_build_filename(dir, f, NULL);
		copy_file(from, to);
		g_free(from);
		g_free(to);
	}
	g_dir_close(d);
	return dir;
}

static void add_task(tvalue *root, const char *id, const char *summary)
{
	tvalue *t = tv_add_list_item(root, "tasks");
	tv_set_string(t, "id", id);
	tv_set_string(t, "summary", summary);
	tv_set_string(t, "due", "15/12/2026");
	tv_set_string(t, "due_kind", "ngày cụ thể");
	tv_set_string(t, "due_text", "trước ngày 15/12/2026");
	tv_set_string(t, "lead", "Sở Tài chính");
	tv_set_string(t, "support", "Sở Kế hoạch và Đầu tư");
	tv_set_string(t, "status", "đang theo dõi");
	tv_set_string(t, "doc_number", "58/KH-UBND");
	tv_set_string(t, "doc_date", "08/03/2026");
	tv_set_string(t, "days_left", "3");
	tv_set_string(t, "days_overdue", "2");
	tv_set_string(t, "review_reason", "");
}

/* A value tree with every name the templates use; the recipient and the
 * first task's summary given. */
static tvalue *sample_values_with(const char *recipient, const char *summary)
{
	tvalue *v = tv_new_record();
	tv_set_string(v, "office_name", "Văn phòng UBND tỉnh Bắc Giang");
	tv_set_string(v, "office_address", "vanphong@bacgiang.gov.vn");
	tv_set_string(v, "recipient", recipient);
	tv_set_string(v, "today", "30/11/2026");
	tv_set_string(v, "doc_number", "58/KH-UBND");
	tv_set_string(v, "doc_type", "kế hoạch");
	tv_set_string(v, "doc_date", "08/03/2026");
	tv_set_string(v, "doc_issuer", "UBND tỉnh Bắc Giang");
	tv_set_string(v, "doc_subject", "triển khai chuyển đổi số năm 2026");
	tv_set_string(v, "register_by", "11/03/2026");
	tv_set_string(v, "register_within", "3");
	tv_set_string(v, "registered_at", "09/03/2026 08:15");
	tv_set_bool(v, "late", false);
	tv_set_string(v, "version", "1");
	tv_set_bool(v, "revised", false);
	tv_set_string(v, "added", "0");
	tv_set_string(v, "cancelled", "0");
	tv_set_string(v, "task_count", "2");
	tv_set_bool(v, "needs_review", true);
	tv_set_string(v, "review_count", "1");
	tv_set_string(v, "leaders", "Chủ tịch UBND tỉnh; Chánh Văn phòng UBND tỉnh");
	tv_set_string(v, "period", "tháng 11/2026");
	tv_set_string(v, "report_by", "05/12/2026");
	tv_set_string(v, "reply_status", "Đang thực hiện 50%");
	tv_set_string(v, "reply_date", "29/11/2026");
	tv_set_string(v, "new_due", "");
	tv_set_string(v, "original_subject", "V/v triển khai Kế hoạch 58/KH-UBND");
	tv_set_string(v, "reason", "không tìm thấy văn bản đính kèm (PDF hoặc DOCX)");
	add_task(v, "12", summary);
	add_task(v, "13", "Bố trí kinh phí thực hiện");
	tvalue *w = tv_add_list_item(v, "warnings");
	tv_set_string(w, "text", "văn bản không ghi thời hạn cho nhiệm vụ NV-13");
	return v;
}

static tvalue *sample_values(void)
{
	return sample_values_with("Sở Tài chính", "Xây dựng kế hoạch chuyển đổi số của ngành");
}

/* ---- libxml2: does the HTML parse without an error? ---- */

static int html_errors;
static bool html_quiet;  /* for the check of the check */

static void count_error(void *data, const xmlError *e)
{
	if (e->level >= XML_ERR_ERROR) {
		html_errors++;
		if (!html_quiet)
			print_message("libxml2: line %d: %s", e->line, e->message);
	}
}

static int html_error_count(const char *html)
{
	html_errors = 0;
	xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)count_error);
	htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), "mail.html", "UTF-8",
	                                HTML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc)
		return html_errors + 1;
	xmlFreeDoc(doc);
	return html_errors;
}

/* ---- tests ---- */

static void test_every_template_renders(void **state)
{
	GError *err = NULL;
	template_set *set = template_set_load(TEMPLATES, &err);
	assert_null(err);
	assert_non_null(set);
	tvalue *v = sample_values();
	html_quiet = true;  /* the check does see errors */
	assert_int_not_equal(html_error_count("<html><body><p><b>x</p></b>"), 0);
	html_quiet = false;
	for (int k = 0; k < TMPL_NKINDS; k++) {
		char *subject = NULL, *text = NULL, *html = NULL;
		if (!template_render(set, k, v, &subject, &text, &html, &err))
			fail_msg("%s: %s", template_kind_name(k), err->message);
		assert_true(*subject);
		assert_null(strpbrk(subject, "\r\n"));
		assert_non_null(strstr(text, "Kính gửi: Sở Tài chính"));
		assert_non_null(strstr(html, "Kính gửi: Sở Tài chính"));
		assert_non_null(strstr(text, "Trân trọng."));
		assert_non_null(strstr(html, "Trân trọng."));
		for (const char *part = text; part; part = part == text ? html : NULL) {
			assert_null(strstr(part, "{{"));
			assert_null(strstr(part, "{%"));
		}
		if (k != TMPL_QUARANTINE) {
			assert_non_null(strstr(text, "NV-12"));
			assert_non_null(strstr(html, "NV-13"));
			assert_non_null(strstr(html, "15/12/2026"));
		}
		if (k <= TMPL_STATUS_REQUEST) {
			assert_non_null(strstr(text, "\"Đề nghị gia hạn đến dd/mm/yyyy\""));
			assert_non_null(strstr(text, "58/KH-UBND"));
		}
		if (html_error_count(html) != 0)
			fail_msg("%s.html does not parse cleanly", template_kind_name(k));
		g_free(subject);
		g_free(text);
		g_free(html);
	}
	tv_free(v);
	template_set_free(set);
}

static void test_conditionals(void **state)
{
	template_set *set = template_set_load(TEMPLATES, NULL);
	assert_non_null(set);
	tvalue *v = sample_values();
	char *subject, *text, *html;
	assert_true(template_render(set, TMPL_ACK, v, &subject, &text, &html, NULL));
	assert_string_equal(subject, "Đã đăng ký văn bản 58/KH-UBND ngày 08/03/2026: 2 nhiệm vụ, "
	                             "có nhiệm vụ cần xem lại");
	assert_null(strstr(text, "ĐĂNG KÝ MUỘN"));
	assert_non_null(strstr(html, "Lưu ý: văn bản không ghi thời hạn"));
	g_free(subject);
	g_free(text);
	g_free(html);

	tv_set_bool(v, "revised", true);
	tv_set_string(v, "version", "2");
	tv_set_bool(v, "late", true);
	tv_set_bool(v, "needs_review", false);
	assert_true(template_render(set, TMPL_ACK, v, &subject, &text, &html, NULL));
	assert_string_equal(subject, "Đã cập nhật văn bản 58/KH-UBND ngày 08/03/2026: 2 nhiệm vụ "
	                             "(đăng ký muộn)");
	assert_non_null(strstr(text, "đã nhận bản sửa đổi (lần 2)"));
	assert_non_null(strstr(text, "ĐĂNG KÝ MUỘN"));
	g_free(subject);
	g_free(text);
	g_free(html);
	tv_free(v);
	template_set_free(set);
}

static void test_html_escaping(void **state)
{
	template_set *set = template_set_load(TEMPLATES, NULL);
	assert_non_null(set);
	tvalue *v = sample_values_with("Sở \"A\" & 'B'", "<script>alert(1)</script> & kiểm tra");
	char *subject, *text, *html;
	for (int k = 0; k < TMPL_NKINDS; k++) {
		assert_true(template_render(set, k, v, &subject, &text, &html, NULL));
		assert_null(strstr(html, "<script>"));
		assert_non_null(strstr(html, "Sở &quot;A&quot; &amp; &#39;B&#39;"));
		if (k != TMPL_QUARANTINE)
			assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; kiểm tra"));
		assert_int_equal(html_error_count(html), 0);
		g_free(subject);
		g_free(text);
		g_free(html);
	}
	tv_free(v);
	template_set_free(set);
}

static void test_text_drops_control_characters(void **state)
{
	template_set *set = template_set_load(TEMPLATES, NULL);
	assert_non_null(set);
	tvalue *v = sample_values_with("Sở\x1b[2J Tài\x07 chính\r", "Dòng một\nDòng\ttwo\x7f\xc2\x85");
	char *subject, *text, *html;
	assert_true(template_render(set, TMPL_OVERDUE, v, &subject, &text, &html, NULL));
	assert_non_null(strstr(text, "Kính gửi: Sở[2J Tài chính\n"));
	assert_non_null(strstr(text, "NV-12: Dòng một\nDòng\ttwo\n"));
	assert_null(strpbrk(text, "\x1b\x07\r\x7f"));
	assert_null(strstr(text, "\xc2\x85"));
	assert_null(strpbrk(html, "\x1b\x07\r\x7f"));
	g_free(subject);
	g_free(text);
	g_free(html);
	tv_free(v);
	template_set_free(set);
}

static void test_subject_header_injection(void **state)
{
	template_set *set = template_set_load(TEMPLATES, NULL);
	assert_non_null(set);
	tvalue *v = sample_values();
	tv_set_string(v, "original_subject", "Báo cáo\r\nBcc: x@y");
	char *subject, *text, *html;
	assert_true(template_render(set, TMPL_QUARANTINE, v, &subject, &text, &html, NULL));
	assert_null(strpbrk(subject, "\r\n"));
	assert_string_equal(subject, "Chưa đăng ký được: Báo cáo  Bcc: x@y");
	g_free(subject);
	g_free(text);
	g_free(html);
	/* the same value in the other kinds' subjects */
	assert_true(template_render(set, TMPL_REPLY_CONFIRM, v, &subject, &text, &html, NULL));
	assert_null(strpbrk(subject, "\r\n"));
	g_free(subject);
	g_free(text);
	g_free(html);
	tv_free(v);
	template_set_free(set);
}

/* Each broken template of tests/data/template/, put in place of `target`
 * in a copy of the set, and the error it must give. */
static const struct {
	const char *broken, *target;
	int line;
	const char *message;
} SYNTAX_ERRORS[] = {
	{"unclosed_for.html", "overdue.html", 4, "unclosed {% for %}"},
	{"unclosed_if.txt", "ack.txt", 4, "unclosed {% if %}"},
	{"unknown_tag.html", "reminder.html", 3, "unknown tag {% include \"footer.html\" %}"},
	{"unknown_variable.txt", "due_today.txt", 5, "unknown variable 'office_nme'"},
	{"unknown_field.html", "escalation.html", 3, "unknown variable 't.summry'"},
	{"endfor_without_for.html", "assignment.html", 4, "{% endfor %} without its opening tag"},
	{"unclosed_var.html", "quarantine.html", 3, "unclosed {{"},
	{"bad_subject.txt", "status_request.txt", 1, "the first line must be \"Subject: ...\""},
	{"subject_unknown_variable.txt", "overdue.txt", 1, "unknown variable 'tas'"},
	{"endif_in_for.html", "reply_confirm.html", 5, "{% endif %} inside {% for %} (line 3)"},
	{"unknown_list.html", "ack.html", 3, "unknown list 'tsks'"},
	{"too_deep.html", "overdue.html", 3, "blocks nested too deep"},
};

static void test_syntax_errors_name_file_and_line(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(SYNTAX_ERRORS); i++) {
		char *name = g_strdup_printf("set%zu", i);
		char *dir = copy_templates(name);
		char *from = g_build_filename(BROKEN, SYNTAX_ERRORS[i].broken, NULL);
		char *to = g_build_filename(dir, SYNTAX_ERRORS[i].target, NULL);
		copy_file(from, to);
		GError *err = NULL;
		assert_null(template_set_load(dir, &err));
		assert_non_null(err);
		char *want = g_strdup_printf("%s:%d: %s", to, SYNTAX_ERRORS[i].line,
		                             SYNTAX_ERRORS[i].message);
		if (strcmp(err->message, want) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", SYNTAX_ERRORS[i].broken, err->message, want);
		g_error_free(err);
		g_free(want);
		g_free(from);
		g_free(to);
		g_free(dir);
		g_free(name);
	}
}

static void test_missing_file(void **state)
{
	char *dir = copy_templates("missing");
	char *gone = g_build_filename(dir, "escalation.html", NULL);
	assert_int_equal(g_unlink(gone), 0);
	GError *err = NULL;
	assert_null(template_set_load(dir, &err));
	assert_non_null(strstr(err->message, gone));
	g_error_free(err);
	g_free(gone);
	g_free(dir);
}

static void test_bad_reload_keeps_the_old_set(void **state)
{
	char *dir = copy_templates("reload");
	template_set *set = template_set_load(dir, NULL);
	assert_non_null(set);
	template_set *before = set;

	char *target = g_build_filename(dir, "overdue.html", NULL);
	copy_file(BROKEN "/unclosed_for.html", target);
	GError *err = NULL;
	assert_false(template_set_reload(&set, dir, &err));
	assert_ptr_equal(set, before);
	assert_non_null(strstr(err->message, "overdue.html:4: unclosed {% for %}"));
	g_error_free(err);

	tvalue *v = sample_values();
	char *subject, *text, *html;
	assert_true(template_render(set, TMPL_OVERDUE, v, &subject, &text, &html, NULL));
	assert_non_null(strstr(html, "NV-12"));
	g_free(subject);
	g_free(text);
	g_free(html);

	/* fixed: the reload takes the new wording */
	char *txt = g_build_filename(dir, "overdue.txt", NULL);
	assert_true(g_file_set_contents(txt, "Subject: Mới: {{ task_count }}\n\nKính gửi: {{ recipient }}\n",
	                                -1, NULL));
	copy_file(TEMPLATES "/overdue.html", target);
	assert_true(template_set_reload(&set, dir, NULL));
	assert_true(template_render(set, TMPL_OVERDUE, v, &subject, &text, &html, NULL));
	assert_string_equal(subject, "Mới: 2");
	assert_string_equal(text, "Kính gửi: Sở Tài chính\n");
	g_free(subject);
	g_free(text);
	g_free(html);

	tv_free(v);
	template_set_free(set);
	g_free(txt);
	g_free(target);
	g_free(dir);
}

static void test_render_errors_and_bounds(void **state)
{
	template_set *set = template_set_load(TEMPLATES, NULL);
	assert_non_null(set);
	char *subject = NULL, *text = NULL, *html = NULL;
	GError *err = NULL;

	/* a value the template shows is missing */
	tvalue *v = tv_new_record();
	assert_false(template_render(set, TMPL_QUARANTINE, v, &subject, &text, &html, &err));
	assert_string_equal(err->message, TEMPLATES "/quarantine.txt:1: no value for 'original_subject'");
	assert_null(subject);
	g_clear_error(&err);
	tv_free(v);

	/* a string where a list is expected */
	v = sample_values();
	tv_set_string(v, "tasks", "NV-1");
	assert_false(template_render(set, TMPL_OVERDUE, v, &subject, &text, &html, &err));
	assert_non_null(strstr(err->message, "overdue.txt:"));
	assert_non_null(strstr(err->message, "'tasks' is not a list"));
	g_clear_error(&err);
	tv_free(v);

	/* a list too long to be a real mail */
	v = sample_values();
	for (int i = 0; i < 5001; i++)
		add_task(v, "1", "x");
	assert_false(template_render(set, TMPL_OVERDUE, v, &subject, &text, &html, &err));
	assert_non_null(strstr(err->message, "'tasks' too long"));
	g_clear_error(&err);
	tv_free(v);

	/* values that together make an output too large */
	char *big = g_strnfill(1000 * 1000, 'a');
	v = sample_values_with("x", big);
	for (int i = 0; i < 4; i++)
		add_task(v, "1", big);
	assert_false(template_render(set, TMPL_OVERDUE, v, &subject, &text, &html, &err));
	assert_non_null(strstr(err->message, "output larger than"));
	g_clear_error(&err);
	tv_free(v);
	g_free(big);
	template_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_template_renders),
		cmocka_unit_test(test_conditionals),
		cmocka_unit_test(test_html_escaping),
		cmocka_unit_test(test_text_drops_control_characters),
		cmocka_unit_test(test_subject_header_injection),
		cmocka_unit_test(test_syntax_errors_name_file_and_line),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_bad_reload_keeps_the_old_set),
		cmocka_unit_test(test_render_errors_and_bounds),
	};
	return cmocka_run_group_tests_name("template", tests, setup, teardown);
}
