/*
 * test_directive.c — the directive analysis on small documents built in
 * the test: header reading, subjects and assigners, support after "phối
 * hợp", inheritance from headings and introductions, enumerated units,
 * ceremonial clauses, task tables and the registration deadline.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "parsers/doc.h"
#include "rules/directive.h"

static const char UNITS[] =
	"id,name,aliases,emails,groups\n"
	"XA-UBND,Ủy ban nhân dân tỉnh,UBND tỉnh;Ủy ban nhân dân tỉnh Xa;UBND tỉnh Xa,,\n"
	"XA-STC,Sở Tài chính,STC;Sở TC,stc@xa.example,@XA-so\n"
	"XA-SNV,Sở Nội vụ,Sở NV,snv@xa.example,@XA-so\n"
	"XA-SXD,Sở Xây dựng,Sở XD,sxd@xa.example,@XA-so\n"
	"XA-H1,Ủy ban nhân dân huyện Hòa An,UBND huyện Hòa An,h1@xa.example,@XA-huyen\n"
	"XA-H2,Ủy ban nhân dân huyện Bảo Lạc,UBND huyện Bảo Lạc,h2@xa.example,@XA-huyen\n"
	"@XA-so,\"các sở, ban, ngành\",\"các sở, ban, ngành tỉnh\",,\n"
	"@XA-huyen,\"Ủy ban nhân dân các huyện, thành phố\",\"UBND các huyện, thành phố\",,\n"
	"YB-STC,Sở Tài chính,Sở Tài chính tỉnh Yên Bình,stc@yb.example,\n"
	"YB-UBND,Ủy ban nhân dân tỉnh,UBND tỉnh Yên Bình,,\n";

struct fixture {
	struct dd_units *units;
	struct dd_calendar *cal;
};

static int setup(void **state)
{
	struct fixture *f = g_new0(struct fixture, 1);
	GError *err = NULL;
	f->units = units_load_text(UNITS, strlen(UNITS), "test.csv", &err);
	assert_non_null(f->units);
	f->cal = calendar_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	units_free(f->units);
	calendar_free(f->cal);
	g_free(f);
	return 0;
}

/* A công văn header as a DOCX header table gives it. */
static struct dd_doc *header(void)
{
	struct dd_doc *d = dd_doc_new();
	const char *r1[] = {"ỦY BAN NHÂN DÂN\nTỈNH XA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"};
	const char *r2[] = {"Số: 123/UBND-KT\nV/v triển khai nhiệm vụ", "Xa, ngày 29 tháng 5 năm 2019"};
	dd_doc_add_row(d, 0, r1, 2);
	dd_doc_add_row(d, 0, r2, 2);
	return d;
}

static struct dd_directive *analyze(void **state, struct dd_doc *d)
{
	struct fixture *f = *state;
	struct dd_directive *dir = directive_analyze(d, f->units, f->cal, 3);
	dd_doc_free(d);
	return dir;
}

static char *ids(GPtrArray *list)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < list->len; i++)
		g_string_append_printf(s, "%s%s", i ? "," : "", (char *)g_ptr_array_index(list, i));
	return g_string_free(s, FALSE);
}

static void assert_task(const struct dd_directive *dir, size_t i, const char *lead,
                        const char *support, const char *kind, const char *due)
{
	assert_true(i < dir->ntasks);
	const struct dd_task *t = &dir->tasks[i];
	char *l = ids(t->lead), *s = ids(t->support), buf[16];
	assert_string_equal(l, lead);
	assert_string_equal(s, support);
	assert_string_equal(deadline_kind_name(t->due_kind), kind);
	assert_string_equal(t->due == DD_NO_DATE ? "-" : date_format_iso(t->due, buf), due);
	g_free(l);
	g_free(s);
}

static void test_header(void **state)
{
	struct dd_directive *dir = analyze(state, header());
	char buf[16];
	assert_string_equal(dir->number, "123/UBND-KT");
	assert_string_equal(dir->type, "công văn");
	assert_string_equal(dir->place, "Xa");
	assert_string_equal(date_format_iso(dir->issued, buf), "2019-05-29");
	/* Wed 29/5/2019 + 3 working days (DOMAIN.md §1.3) */
	assert_string_equal(date_format_iso(dir->register_by, buf), "2019-06-03");
	assert_string_equal(dir->subject, "V/v triển khai nhiệm vụ");
	assert_int_equal(dir->ntasks, 0);
	directive_free(dir);
}

static void test_subject_and_support(void **state)
{
	struct dd_doc *d = header();
	dd_doc_add_para(d, "1.", 0, "Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ và Sở XD "
	                            "tham mưu UBND tỉnh bố trí kinh phí, hoàn thành trước ngày 15/6/2019.");
	dd_doc_add_para(d, "2.", 0, "Sở Nội vụ thường xuyên theo dõi, báo cáo UBND tỉnh.");
	struct dd_directive *dir = analyze(state, d);
	assert_int_equal(dir->ntasks, 2);
	assert_task(dir, 0, "XA-STC", "XA-SNV,XA-SXD", "date", "2019-06-15");
	assert_task(dir, 1, "XA-SNV", "", "ongoing", "-");
	directive_free(dir);
}

static void test_assigner_and_groups(void **state)
{
	struct dd_doc *d = header();
	dd_doc_add_para(d, NULL, 0, "Để triển khai kịp thời, Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các "
	                            "sở, ban, ngành, Chủ tịch UBND các huyện, thành phố thực hiện:");
	dd_doc_add_para(d, "1.", 0, "Rà soát các dự án, báo cáo trong tháng 6/2019.");
	struct dd_directive *dir = analyze(state, d);
	/* the assigner (UBND tỉnh) never leads; the item inherits the groups */
	assert_int_equal(dir->ntasks, 1);
	assert_task(dir, 0, "@XA-so,@XA-huyen", "", "date", "2019-06-30");
	directive_free(dir);
}

static void test_heading_inheritance(void **state)
{
	struct dd_doc *d = header();
	dd_doc_add_para(d, "1.", 0, "Sở Tài chính:");
	dd_doc_add_para(d, "a)", 1, "Hướng dẫn lập dự toán; hoàn thành trong quý III/2019.");
	dd_doc_add_para(d, "b)", 1, "Phối hợp với Sở Nội vụ rà soát biên chế trong năm 2019.");
	dd_doc_add_para(d, "2.", 0, "Sở Xây dựng kiểm tra công trình trong 05 ngày làm việc kể từ ngày ký.");
	struct dd_directive *dir = analyze(state, d);
	assert_int_equal(dir->ntasks, 3);
	assert_task(dir, 0, "XA-STC", "", "date", "2019-09-30");
	assert_task(dir, 1, "XA-STC", "XA-SNV", "date", "2019-12-31");
	/* Wed 29/5 + 5 working days = Wed 5/6/2019 */
	assert_task(dir, 2, "XA-SXD", "", "working_days", "2019-06-05");
	assert_true(dir->tasks[0].confidence < dir->tasks[2].confidence);
	directive_free(dir);
}

static void test_enumeration(void **state)
{
	struct dd_doc *d = header();
	dd_doc_add_para(d, "1.", 0, "UBND các huyện: Hòa An, Bảo Lạc khẩn trương di dời người dân "
	                            "trước 17 giờ ngày 30/5/2019.");
	struct dd_directive *dir = analyze(state, d);
	assert_int_equal(dir->ntasks, 1);
	assert_task(dir, 0, "XA-H1,XA-H2", "", "date", "2019-05-30");
	directive_free(dir);
}

static void test_two_deadlines_two_tasks(void **state)
{
	struct dd_doc *d = header();
	dd_doc_add_para(d, "1.", 0, "Các sở, ban, ngành kiện toàn ban chỉ đạo, hoàn thành trước ngày "
	                            "15/7/2019; rà soát phương án, hoàn thành trước ngày 31/7/2019.");
	struct dd_directive *dir = analyze(state, d);
	assert_int_equal(dir->ntasks, 2);
	assert_task(dir, 0, "@XA-so", "", "date", "2019-07-15");
	assert_task(dir, 1, "@XA-so", "", "date", "2019-07-31");
	directive_free(dir);
}

static void test_ceremonial_and_narrative(void **state)
{
	struct dd_doc *d = header();
	dd_doc_add_para(d, NULL, 0, "Ngày 20/5/2019, Sở Tài chính đã tổ chức hội nghị.");
	dd_doc_add_para(d, NULL, 0, "Tham dự có lãnh đạo Sở Nội vụ; Sở Xây dựng; UBND huyện Hòa An.");
	dd_doc_add_para(d, NULL, 0, "UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.");
	dd_doc_add_para(d, NULL, 0, "Yêu cầu Thủ trưởng các sở, ban, ngành nghiêm túc thực hiện Chỉ thị này./.");
	struct dd_directive *dir = analyze(state, d);
	assert_int_equal(dir->ntasks, 0);
	directive_free(dir);
}

static void test_table(void **state)
{
	struct dd_doc *d = header();
	const char *h[] = {"STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"};
	const char *r1[] = {"1", "Xây dựng đề án", "Sở Nội vụ", "Sở TC; UBND các huyện, thành phố", "Quý IV/2019"};
	const char *r2[] = {"2", "Tuyên truyền", "Sở Xây dựng", "", "Thường xuyên"};
	const char *r3[] = {"II", "NHIỆM VỤ KHÁC", "", "", ""};
	dd_doc_add_row(d, 1, h, 5);
	dd_doc_add_row(d, 1, r1, 5);
	dd_doc_add_row(d, 1, r2, 5);
	dd_doc_add_row(d, 1, r3, 5);
	struct dd_directive *dir = analyze(state, d);
	assert_int_equal(dir->ntasks, 2);
	assert_task(dir, 0, "XA-SNV", "XA-STC,@XA-huyen", "date", "2019-12-31");
	assert_task(dir, 1, "XA-SXD", "", "ongoing", "-");
	directive_free(dir);
}

static void test_namespace(void **state)
{
	/* "Sở Tài chính" exists in two provinces: the header's wins */
	struct dd_doc *d = dd_doc_new();
	dd_doc_add_para(d, NULL, 0, "UBND TỈNH YÊN BÌNH");
	dd_doc_add_para(d, NULL, 0, "Số: 5/UBND-TH");
	dd_doc_add_para(d, NULL, 0, "Yên Bình, ngày 02 tháng 01 năm 2024");
	dd_doc_add_para(d, "1.", 0, "Sở Tài chính tổng hợp báo cáo trước ngày 10/01/2024.");
	struct dd_directive *dir = analyze(state, d);
	assert_int_equal(dir->ntasks, 1);
	assert_task(dir, 0, "YB-STC", "", "date", "2024-01-10");
	directive_free(dir);
}

static void test_openers_and_titles(void **state)
{
	struct dd_doc *d = header();
	dd_doc_add_para(d, "1.", 0, "Trên cơ sở kết quả rà soát, Sở Tài chính chủ trì, phối hợp với "
	                            "Sở Xây dựng tham mưu UBND tỉnh trước ngày 30/8/2019.");
	dd_doc_add_para(d, "2.", 0, "Giao Giám đốc Sở Nội vụ kiểm tra, báo cáo trong tháng 9/2019.");
	dd_doc_add_para(d, "3.", 0, "Đề nghị Chủ tịch UBND huyện Hòa An chỉ đạo hoàn thành trong "
	                            "10 ngày kể từ ngày ký.");
	dd_doc_add_para(d, "4.", 0, "Đồng thời, Sở Xây dựng thường xuyên kiểm tra, xử lý vi phạm.");
	dd_doc_add_para(d, NULL, 0, "Qua kiểm tra, tại 03 đơn vị gồm: Sở Tài chính, Sở Nội vụ đã hoàn thành.");
	struct dd_directive *dir = analyze(state, d);
	assert_int_equal(dir->ntasks, 4);
	assert_task(dir, 0, "XA-STC", "XA-SXD", "date", "2019-08-30");
	assert_task(dir, 1, "XA-SNV", "", "date", "2019-09-30");
	assert_task(dir, 2, "XA-H1", "", "days", "2019-06-08");
	assert_task(dir, 3, "XA-SXD", "", "ongoing", "-");
	directive_free(dir);
}

static void test_empty_document(void **state)
{
	struct dd_directive *dir = analyze(state, dd_doc_new());
	assert_null(dir->number);
	assert_int_equal(dir->issued, DD_NO_DATE);
	assert_int_equal(dir->ntasks, 0);
	assert_true(dir->warnings->len >= 2);
	directive_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subject_and_support, setup, teardown),
		cmocka_unit_test_setup_teardown(test_assigner_and_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heading_inheritance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enumeration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_deadlines_two_tasks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ceremonial_and_narrative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_namespace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_openers_and_titles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_document, setup, teardown),
	};
	return cmocka_run_group_tests_name("directive", tests, NULL, NULL);
}
