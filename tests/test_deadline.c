/*
 * test_deadline.c — rules/deadline.h: deadline phrases and their due dates.
 *
 *   patterns    one row per DOMAIN.md §3.2 pattern (#1-#49) and the
 *               corpus phrasings: text, issue date, expected kind and due
 *   negatives   citations, narrative and meeting dates, effective dates,
 *               history, data cut-offs, plan periods: no date comes out
 *   spans       deadline_find_all: every phrase, its byte span, warnings
 *   corpus      every gold task with a due_text (tests/corpus/devNN.gold.json):
 *               deadline_find on the due_text, then on the whole sentence
 *               (or table row) of text/devNN.txt that holds it — the rate
 *               is printed with the misses, and held above a floor
 *
 * Run from the top of the tree (the corpus is read from tests/corpus).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "rules/deadline.h"
#include "rules/normalize.h"

static struct dd_calendar *cal;

static int setup(void **state)
{
	cal = calendar_new();
	return cal ? 0 : -1;
}

static int teardown(void **state)
{
	calendar_free(cal);
	return 0;
}

static dd_date iso(const char *s)
{
	return date_parse_iso(s);
}

/* ---- patterns ---- */

struct row {
	const char *text;
	const char *issued;
	const char *kind;  /* deadline_kind_name() */
	const char *due;   /* ISO, or NULL */
	bool warned;       /* a policy warning is expected */
};

static const struct row PATTERNS[] = {
	/* #1-#2 */
	{"báo cáo trước ngày 15/6/2019", "2019-05-29", "date", "2019-06-15", false},
	{"hoàn thành trước ngày 31/12/2025.", "2025-07-01", "date", "2025-12-31", false},
	/* #3: no year → issue year; December document naming January → next year */
	{"trình UBND tỉnh trước ngày 15/8.", "2023-08-02", "date", "2023-08-15", false},
	{"gửi Sở Nội vụ trước ngày 15/01.", "2024-12-10", "date", "2025-01-15", true},
	/* #4 */
	{"hoàn thành trước ngày 30 tháng 9 năm 2025", "2025-07-01", "date", "2025-09-30", false},
	{"báo cáo trước ngày 15 tháng 8 năm 2019", "2019-07-22", "date", "2019-08-15", false},
	/* #5 */
	{"chậm nhất ngày 20/12/2025", "2025-11-01", "date", "2025-12-20", false},
	{"gửi báo cáo chậm nhất là ngày 20.", "2025-03-12", "date", "2025-03-20", true},
	{"gửi báo cáo chậm nhất là ngày 05.", "2025-03-12", "date", "2025-04-05", true},
	/* #6 */
	{"xong trước ngày 10/12/2025", "2025-11-01", "date", "2025-12-10", false},
	/* #7: times of day */
	{"báo cáo trước 17h00 ngày 12/10/2025", "2025-10-10", "date", "2025-10-12", false},
	{"báo cáo trước 17 giờ ngày 27/11/2025", "2025-11-20", "date", "2025-11-27", false},
	{"gửi về Sở trước 16 giờ, ngày 14/6/2019", "2019-06-10", "date", "2019-06-14", false},
	{"có mặt lúc 16h00 ngày 14/6/2019 để báo cáo", "2019-06-10", "date", "2019-06-14", false},
	/* #8 */
	{"hoàn thành trong ngày 01/9/2025", "2025-08-25", "date", "2025-09-01", false},
	/* #9, #10 */
	{"thực hiện từ ngày 01/7/2025 đến ngày 31/12/2025", "2025-06-20", "date", "2025-12-31", false},
	{"(từ ngày 15/4 đến ngày 15/5/2025)", "2025-04-08", "date", "2025-05-15", false},
	{"từ nay đến ngày 30/6/2025 tập trung rà soát", "2025-05-02", "date", "2025-06-30", false},
	/* "từ ngày X" for a one-time start is X (FORMAT.md) */
	{"đưa vào sử dụng chính thức phần mềm từ ngày 01/6/2019.", "2019-05-29", "date", "2019-06-01", false},
	/* #11 */
	{"hoàn thành xong trước ngày Quốc khánh 02/9/2025", "2025-08-01", "date", "2025-09-02", false},
	/* dashes */
	{"trước ngày 15-6-2019", "2019-05-29", "date", "2019-06-15", false},
	/* #12: the day before Tết (2026-02-17), policy */
	{"hoàn thành trước Tết Nguyên đán năm 2026", "2025-12-01", "date", "2026-02-16", true},
	/* #13-#15 */
	{"trình UBND tỉnh trong tháng 6/2019", "2019-05-29", "date", "2019-06-30", false},
	{"hoàn thành trong tháng 11 năm 2025", "2025-09-01", "date", "2025-11-30", false},
	{"hoàn thành trong tháng 12 năm 2025", "2025-09-01", "date", "2025-12-31", false},
	{"Tháng 12/2025", "2025-09-01", "date", "2025-12-31", false},
	{"Trong tháng 6/2022", "2022-03-24", "date", "2022-06-30", false},
	/* #16 policy */
	{"hoàn thành trước tháng 11/2025", "2025-09-01", "date", "2025-10-31", true},
	/* #17-#20 */
	{"quý III/2019", "2019-05-29", "date", "2019-09-30", false},
	{"hoàn thành trong quý III/2025", "2025-05-29", "date", "2025-09-30", false},
	{"Quý IV", "2025-05-29", "date", "2025-12-31", false},
	{"Quý IV/2025 - Quý II/2026", "2025-05-29", "date", "2026-06-30", false},
	{"trình UBND tỉnh trong quý I năm 2026", "2025-10-01", "date", "2026-03-31", false},
	{"hoàn thành đầu năm 2026", "2025-10-01", "date", "2026-03-31", true},
	/* #21 */
	{"hoàn thành trong 6 tháng đầu năm 2025", "2025-01-10", "date", "2025-06-30", false},
	{"báo cáo kết quả 6 tháng đầu năm 2023", "2023-01-10", "date", "2023-06-30", false},
	{"thực hiện trong 6 tháng cuối năm", "2025-05-10", "date", "2025-12-31", false},
	/* #22 */
	{"Năm 2019", "2019-02-01", "date", "2019-12-31", false},
	{"hoàn thành trong năm 2025", "2025-02-01", "date", "2025-12-31", false},
	{"hoàn thành năm 2025", "2025-02-01", "date", "2025-12-31", false},
	{"phấn đấu hoàn thành trong năm.", "2025-02-01", "date", "2025-12-31", false},
	/* #23 */
	{"hoàn thành cuối năm 2025", "2025-02-01", "date", "2025-12-31", false},
	{"từ nay đến cuối năm 2025 tập trung thực hiện", "2025-02-01", "date", "2025-12-31", false},
	{"trước 31/12", "2025-02-01", "date", "2025-12-31", false},
	/* #24 */
	{"Năm 2025 - 2026", "2025-02-01", "date", "2026-12-31", false},
	{"2026 - 2030", "2025-02-01", "date", "2030-12-31", false},
	{"thực hiện trong giai đoạn 2026 - 2030", "2025-02-01", "date", "2030-12-31", false},
	/* #25, #26 policy */
	{"hoàn thành trước năm 2030", "2025-02-01", "date", "2029-12-31", true},
	{"hoàn thành trong năm học 2025-2026", "2025-08-01", "date", "2026-05-31", true},
	/* #27-#30: working days (2023-03-17 is a Friday) */
	{"trong thời hạn 05 ngày làm việc kể từ ngày ký", "2023-03-17", "working_days", "2023-03-24", false},
	{"trong 05 ngày làm việc kể từ ngày ban hành Thông báo này.", "2023-03-17", "working_days", "2023-03-24", false},
	{"trong thời hạn 03 ngày làm việc", "2024-06-11", "working_days", "2024-06-14", false},
	{"chậm nhất 05 ngày làm việc", "2024-09-05", "working_days", "2024-09-12", false},
	{"chậm nhất là 05 ngày làm việc", "2024-09-05", "working_days", "2024-09-12", false},
	{"trong 05 ngày làm việc kể từ ngày nhận được văn bản này", "2022-11-16", "working_days", "2022-11-23", false},
	/* across Tết 2021 and the Quốc khánh break 2023 */
	{"trong 07 ngày làm việc kể từ ngày ký văn bản này", "2021-02-05", "working_days", "2021-02-23", false},
	{"trong 05 ngày làm việc kể từ ngày ký Thông báo này", "2023-08-30", "working_days", "2023-09-08", false},
	/* #31, #32: calendar days */
	{"trong vòng 10 ngày kể từ ngày ký", "2024-06-21", "days", "2024-07-01", false},
	{"trong thời hạn 30 ngày kể từ ngày ký", "2024-06-21", "days", "2024-07-21", false},
	{"trong 10 ngày kể từ ngày ban hành Thông báo này", "2019-10-15", "days", "2019-10-25", false},
	{"15 ngày kể từ ngày Quyết định có hiệu lực", "2024-06-21", "days", "2024-07-06", false},
	/* #33: "ngay" is not a date (corpus: none) */
	{"triển khai ngay các biện pháp", "2024-06-21", "none", NULL, true},
	/* #34 */
	{"báo cáo trong ngày làm việc tiếp theo", "2023-03-17", "working_days", "2023-03-20", false},
	/* #35-#39: monthly, quarterly */
	{"định kỳ hằng tháng (trước ngày 20)", "2023-08-02", "recurring", "2023-08-20", false},
	{"định kỳ hằng tháng, trước ngày 25, báo cáo", "2019-03-26", "recurring", "2019-04-25", false},
	{"Trước ngày 25 hằng tháng báo cáo UBND tỉnh", "2024-09-05", "recurring", "2024-09-25", false},
	{"báo cáo hàng tháng trước ngày 20", "2024-09-21", "recurring", "2024-10-20", false},
	{"trước ngày 01 của tháng tiếp theo sau tháng kỳ báo cáo", "2024-09-05", "recurring", "2024-10-01", false},
	{"trước ngày 20 tháng cuối quý", "2022-03-08", "recurring", "2022-03-20", false},
	{"trước ngày 25 của tháng cuối quý", "2022-03-26", "recurring", "2022-06-25", false},
	{"định kỳ hằng quý (trước ngày 20 của tháng cuối quý)", "2022-03-08", "recurring", "2022-03-20", false},
	{"trước ngày 10 của tháng đầu quý sau", "2022-03-08", "recurring", "2022-04-10", false},
	{"Từ quý II/2025, hằng quý trước ngày 15 của tháng cuối quý", "2025-03-12", "recurring", "2025-06-15", false},
	/* #40: half-yearly and yearly, whichever comes first */
	{"định kỳ 6 tháng (trước ngày 15/6) và hằng năm (trước ngày 15/12)", "2021-06-29", "recurring", "2021-12-15", false},
	{"6 tháng (trước 10/6) và năm (trước 10/11)", "2022-03-24", "recurring", "2022-06-10", false},
	{"6 tháng (trước 15/6), năm (trước 15/12)", "2025-02-18", "recurring", "2025-06-15", false},
	/* #41 yearly */
	{"trước ngày 31/12 hằng năm", "2025-02-18", "recurring", "2025-12-31", false},
	{"trước ngày 15/11 hằng năm", "2025-11-20", "recurring", "2026-11-15", false},
	{"Tháng 12 hằng năm", "2025-02-18", "recurring", "2025-12-31", false},
	{"báo cáo hằng năm", "2025-02-18", "recurring", "2025-12-31", false},
	/* #42 weekly (2023-03-17 is a Friday) */
	{"báo cáo vào thứ Năm hằng tuần", "2023-03-17", "recurring", "2023-03-23", false},
	{"báo cáo hằng tuần", "2023-03-17", "none", NULL, true},
	/* daily: the issue date */
	{"báo cáo trước 15 giờ 00 hằng ngày", "2020-10-17", "recurring", "2020-10-17", false},
	{"báo cáo hằng ngày", "2020-10-17", "recurring", "2020-10-17", false},
	/* #43-#45 ongoing */
	{"thường xuyên theo dõi, cập nhật", "2019-05-29", "ongoing", NULL, false},
	{"Thường xuyên, liên tục", "2019-05-29", "ongoing", NULL, false},
	{"kịp thời báo cáo những vấn đề phát sinh vượt thẩm quyền", "2019-05-29", "ongoing", NULL, false},
	{"sẵn sàng tham gia cứu hộ, cứu nạn khi có yêu cầu", "2019-05-29", "ongoing", NULL, false},
	{"Các sở theo chức năng, nhiệm vụ được giao triển khai", "2019-05-29", "ongoing", NULL, false},
	{"khẩn trương, kịp thời", "2024-06-11", "ongoing", NULL, false},
	/* a relative deadline for every future document: ongoing */
	{"không quá 03 ngày làm việc kể từ khi văn bản chỉ đạo được ban hành", "2019-05-29", "ongoing", NULL, true},
	/* #46-#49 none */
	{"khẩn trương triển khai thực hiện", "2024-06-11", "none", NULL, false},
	{"thực hiện theo quy định", "2024-06-11", "none", NULL, false},
	{"theo thời hạn quy định", "2024-06-11", "none", NULL, false},
	{"ngay sau khi có Quy chế của Trung ương", "2024-06-11", "none", NULL, false},
	{"Theo Kế hoạch riêng", "2024-06-11", "none", NULL, false},
	/* more shapes: spelled dates without a year, minutes, a colon */
	{"Trước ngày 15 tháng 01 năm 2026", "2025-12-20", "date", "2026-01-15", false},
	{"báo cáo trước ngày 05 tháng 12", "2025-11-20", "date", "2025-12-05", false},
	{"báo cáo trước 08 giờ 30 phút ngày 12/10/2025", "2025-10-10", "date", "2025-10-12", false},
	{"báo cáo trước 10h ngày 5/9/2025", "2025-09-01", "date", "2025-09-05", false},
	{"Thời hạn hoàn thành: 30/6/2025", "2025-03-01", "date", "2025-06-30", false},
	{"chậm nhất trong tháng 10/2025", "2025-08-01", "date", "2025-10-31", false},
	{"hoàn thành trước ngày 30/6", "2024-07-10", "date", "2024-06-30", true},
	{"hằng năm, trước ngày 15/12", "2025-02-18", "recurring", "2025-12-15", false},
	{"báo cáo định kỳ hằng tháng vào ngày 25", "2025-02-18", "recurring", "2025-02-25", false},
	{"báo cáo hằng năm vào ngày 15/12", "2025-02-18", "recurring", "2025-12-15", false},
	{"định kỳ 6 tháng, hằng năm báo cáo UBND tỉnh", "2025-02-18", "recurring", "2025-06-30", true},
	{"trong thời hạn 30 ngày kể từ ngày nhận được hồ sơ hợp lệ", "2025-02-18", "ongoing", NULL, true},
	/* no phrase at all */
	{"Sở Tài chính tham mưu bố trí kinh phí", "2024-06-11", "none", NULL, false},
};

static bool check_row(const struct row *r, bool cell)
{
	struct dd_deadline d;
	if (cell)
		deadline_parse_cell(r->text, iso(r->issued), cal, &d);
	else
		deadline_find(r->text, iso(r->issued), cal, &d);
	char got[16] = "-";
	if (d.due != DD_NO_DATE)
		date_format_iso(d.due, got);
	const char *want = r->due ? r->due : "-";
	if (strcmp(deadline_kind_name(d.kind), r->kind) != 0 || strcmp(got, want) != 0 ||
	    (r->warned && !d.warning)) {
		print_error("\"%s\" (issued %s): got %s %s%s, want %s %s%s\n", r->text, r->issued,
		            deadline_kind_name(d.kind), got, d.warning ? " (warned)" : "", r->kind,
		            want, r->warned ? " (warned)" : "");
		return false;
	}
	return true;
}

/* Every row is checked and every failure printed before the test fails. */
static void check_rows(const struct row *rows, size_t n, bool cell)
{
	size_t bad = 0;
	for (size_t i = 0; i < n; i++)
		bad += !check_row(&rows[i], cell);
	assert_int_equal(bad, 0);
}

static void test_patterns(void **state)
{
	check_rows(PATTERNS, sizeof PATTERNS / sizeof PATTERNS[0], false);
}

/* Cells of a deadline column: a bare year, a month without a year. */
static const struct row CELLS[] = {
	{"2025", "2025-02-18", "date", "2025-12-31", false},
	{"Năm 2022", "2022-03-08", "date", "2022-12-31", false},
	{"Quý IV", "2022-03-08", "date", "2022-12-31", false},
	{"30/11/2019", "2019-10-15", "date", "2019-11-30", false},
	{"Trước 30/9/2022", "2022-03-08", "date", "2022-09-30", false},
	{"Thường xuyên", "2022-03-08", "ongoing", NULL, false},
	{"Trong 10 ngày kể từ ngày ban hành Thông báo", "2019-10-15", "days", "2019-10-25", false},
	{"05 ngày làm việc", "2024-09-05", "working_days", "2024-09-12", false},
};

static void test_cells(void **state)
{
	check_rows(CELLS, sizeof CELLS / sizeof CELLS[0], true);
}

/* ---- negatives: dates that are not deadlines ---- */

/* Each with the issue date it is read against (NULL: 2025-03-01). */
static const struct negative {
	const char *text, *issued;
} NEGATIVES[] = {
	{"Thực hiện Quyết định số 13/2017/QĐ-UBND ngày 18/9/2017 của UBND tỉnh.", NULL},
	{"Căn cứ Công văn số 123/UBND-KT ngày 05/3/2024 của UBND tỉnh về việc rà soát.", NULL},
	{"Thông báo số 263/TB-VPCP ngày 08/10/2021 của Văn phòng Chính phủ.", NULL},
	{"(Kèm theo Kế hoạch số 58/KH-UBND ngày 08/3/2022 của UBND tỉnh Bắc Giang)", NULL},
	{"Theo Quyết định ngày 18/9/2017 của Chủ tịch UBND tỉnh.", NULL},
	{"Cuộc họp vào ngày 27/6/2025 đã thống nhất các nội dung.", NULL},
	{"Ngày 15/3/2023, UBND tỉnh đã họp với các sở, ngành.", NULL},
	{"Quyết định này có hiệu lực kể từ ngày ký.", NULL},
	{"Luật Bảo vệ môi trường năm 2020 có hiệu lực thi hành từ ngày 01/01/2022.", NULL},
	{"Từ ngày 02/5/2019 đến nay, các cơ quan đã cập nhật nhiệm vụ.", NULL},
	{"rà soát các dự án được cấp phép từ năm 2010 đến nay", NULL},
	{"số cán bộ có mặt đến ngày 31/12/2022 là 120 người", NULL},
	{"số liệu tính đến ngày 30/6/2024", NULL},
	{"Xây dựng Kế hoạch phát triển hạ tầng số giai đoạn 2021 - 2025", NULL},
	{"năm 2022 đạt 95% chỉ tiêu", NULL},
	{"theo quy định của Luật Đất đai năm 2013", NULL},
	{"Chương trình chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030", NULL},
	{"tổ chức ứng trực 24/24 giờ", NULL},
	{"hưởng ứng Ngày Pháp luật Việt Nam (09/11)", NULL},
	{"quy định về quy trình", NULL},
	{"Nam Định, Quảng Nam và Hà Nam", NULL},
	{"Tuyên Quang, ngày 29 tháng 5 năm 2019", NULL},
	{"Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ", NULL},
	{"Quyết định số 1234/QĐ-UBND ngày 15 tháng 3 năm 2024 của UBND tỉnh", NULL},
	{"Đoàn kiểm tra làm việc vào ngày 27/6/2025 tại huyện", NULL},
	{"có hiệu lực thi hành kể từ ngày 01/7/2025", NULL},
	{"Tết Nguyên đán Giáp Thìn 2024 đã diễn ra an toàn", NULL},
	{"Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;", NULL},
	{"Phấn đấu năm 2024 đạt chuẩn", NULL},
	{"Từ đêm ngày 09/6 đến sáng ngày 11/6/2024, trên địa bàn tỉnh có mưa to", NULL},
	{"Trong tháng 7, tình hình kinh tế - xã hội của tỉnh tiếp tục ổn định", "2023-08-02"},
	{"Đến ngày 24/5/2019, đã có 06 đơn vị cập nhật", "2019-05-29"},
};

static void test_negatives(void **state)
{
	size_t bad = 0;
	for (size_t i = 0; i < sizeof NEGATIVES / sizeof NEGATIVES[0]; i++) {
		struct dd_deadline all[16];
		const struct negative *ng = &NEGATIVES[i];
		dd_date issued = iso(ng->issued ? ng->issued : "2025-03-01");
		size_t n = deadline_find_all(ng->text, issued, cal, all, 16);
		for (size_t k = 0; k < n; k++)
			if (all[k].due != DD_NO_DATE && all[k].confidence >= 0.5) {
				print_error("\"%s\": a deadline \"%.*s\"\n", ng->text,
				            (int)(all[k].end - all[k].start), ng->text + all[k].start);
				bad++;
			}
	}
	assert_int_equal(bad, 0);
}

/* Citations in a sentence must not win over its deadline. */
static const struct row MIXED[] = {
	{"Thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020, các sở xây dựng kế hoạch, gửi Sở TT&TT trước ngày 31/3/2022.",
	 "2022-03-08", "date", "2022-03-31", false},
	{"Ngày 15/3/2023, UBND tỉnh đã họp; giao Sở Xây dựng hoàn thành trong tháng 4/2023.",
	 "2023-03-17", "date", "2023-04-30", false},
	{"Sở Tài chính tham mưu các giải pháp điều hành ngân sách 6 tháng cuối năm, báo cáo UBND tỉnh chậm nhất ngày 10/8.",
	 "2023-08-02", "date", "2023-08-10", false},
	{"đánh giá kết quả thực hiện nhiệm vụ quý I năm 2025; dự kiến nhiệm vụ quý II năm 2025, gửi báo cáo chậm nhất ngày 20/3.",
	 "2025-03-12", "date", "2025-03-20", false},
	{"1 | Xây dựng Kế hoạch phát triển hạ tầng số giai đoạn 2022 - 2025 | Sở TT&TT | Các sở, ngành | Quý II/2022",
	 "2022-03-08", "date", "2022-06-30", false},
	{"4 | Xây dựng cơ sở dữ liệu đất đai năm 2022 | Sở TN&MT | Sở TT&TT | Năm 2022", "2022-03-08", "date",
	 "2022-12-31", false},
	{"5 | Hưởng ứng Ngày Pháp luật Việt Nam (09/11) | Sở Tư pháp | Các sở | Tháng 11/2020", "2020-02-20",
	 "date", "2020-11-30", false},
	{"chuẩn bị các điều kiện cho năm học 2023 - 2024, hoàn thành trước ngày 31/8.", "2023-08-02", "date",
	 "2023-08-31", false},
	{"Tại Thông báo số 45/TB-UBND ngày 10/3/2024, UBND tỉnh giao Sở Xây dựng hoàn thành trước ngày 30/4/2024.",
	 "2024-03-20", "date", "2024-04-30", false},
	{"Căn cứ Kế hoạch số 12/KH-UBND ngày 20/01/2024, các sở báo cáo UBND tỉnh (qua Sở Nội vụ) trước ngày 20/12/2024.",
	 "2024-03-20", "date", "2024-12-20", false},
	{"Thực hiện Chương trình giai đoạn 2021 - 2025, định kỳ hằng quý báo cáo trước ngày 20 của tháng cuối quý.",
	 "2024-03-25", "recurring", "2024-06-20", false},
};

static void test_mixed(void **state)
{
	check_rows(MIXED, sizeof MIXED / sizeof MIXED[0], false);
}

/* ---- spans and the list of phrases ---- */

static void test_find_all_spans(void **state)
{
	const char *t = "Kiện toàn Ban Chỉ huy, hoàn thành trước ngày 15/7/2021; rà soát phương án, "
	                "hoàn thành trước ngày 31/7/2021; thường xuyên kiểm tra.";
	struct dd_deadline all[8];
	size_t n = deadline_find_all(t, iso("2021-06-29"), cal, all, 8);
	assert_int_equal(n, 3);
	assert_int_equal(all[0].kind, DUE_DATE);
	assert_int_equal(all[0].due, iso("2021-07-15"));
	assert_int_equal(all[1].due, iso("2021-07-31"));
	assert_int_equal(all[2].kind, DUE_ONGOING);
	assert_true(all[0].start < all[1].start && all[1].start < all[2].start);
	char span[64];
	snprintf(span, sizeof span, "%.*s", (int)(all[0].end - all[0].start), t + all[0].start);
	assert_string_equal(span, "trước ngày 15/7/2021");
	snprintf(span, sizeof span, "%.*s", (int)(all[2].end - all[2].start), t + all[2].start);
	assert_string_equal(span, "thường xuyên");
	/* max is honoured */
	assert_int_equal(deadline_find_all(t, iso("2021-06-29"), cal, all, 1), 1);
	/* a past date is flagged */
	struct dd_deadline d;
	assert_true(deadline_find("trước ngày 15/6/2019", iso("2019-07-01"), cal, &d));
	assert_non_null(d.warning);
	/* nothing found */
	assert_false(deadline_find("Sở Tài chính tham mưu", iso("2019-07-01"), cal, &d));
	assert_int_equal(d.kind, DUE_NONE);
	assert_int_equal(d.due, DD_NO_DATE);
	assert_false(deadline_find("", iso("2019-07-01"), cal, &d));
	assert_int_equal(deadline_find_all(NULL, iso("2019-07-01"), cal, all, 8), 0);
	assert_string_equal(deadline_kind_name(DUE_WORKING_DAYS), "working_days");
	assert_string_equal(deadline_kind_name(DUE_NONE), "none");
	/* no calendar: weekends only */
	assert_true(deadline_find("trong 05 ngày làm việc", iso("2023-03-17"), NULL, &d));
	assert_int_equal(d.due, iso("2023-03-24"));
}

/* ---- the corpus ---- */

static char *fold(const char *s)
{
	return vn_fold(s, NULL);
}

/* due_text without the annotator's notes: a parenthesized part that the
 * document does not contain ("(câu riêng, ...)", "(không ghi năm)"). */
static char *strip_notes(const char *due_text, const char *folded_doc)
{
	GString *out = g_string_new(NULL);
	const char *p = due_text;
	while (*p) {
		const char *open = strchr(p, '(');
		if (!open) {
			g_string_append(out, p);
			break;
		}
		const char *close = strchr(open, ')');
		if (!close) {
			g_string_append(out, p);
			break;
		}
		char *group = g_strndup(open, (gsize)(close - open + 1));
		char *fg = fold(group);
		g_string_append_len(out, p, open - p);
		/* kept: text of the document, "(trước 15/6)", "(6 tháng)", "(năm)" */
		if (strstr(folded_doc, fg) || g_str_has_prefix(fg, "(truoc") ||
		    strcmp(fg, "(6 thang)") == 0 || strcmp(fg, "(nam)") == 0)
			g_string_append(out, group);
		g_free(fg);
		g_free(group);
		p = close + 1;
	}
	char *s = g_strstrip(g_string_free(out, FALSE));
	size_t len = strlen(s);
	while (len > 0 && strchr(";,.", s[len - 1]))
		s[--len] = '\0';
	return s;
}

/* Sentences of a document: a table row is one unit; a paragraph is split
 * after ". ". Returned strings are newly allocated. */
static GPtrArray *units_of(const char *doc)
{
	GPtrArray *units = g_ptr_array_new_with_free_func(g_free);
	char **lines = g_strsplit(doc, "\n", -1);
	for (char **l = lines; *l; l++) {
		if (!**l)
			continue;
		if (strstr(*l, " | ")) {
			g_ptr_array_add(units, g_strdup(*l));
			continue;
		}
		const char *p = *l;
		for (;;) {
			const char *dot = strstr(p, ". ");
			if (!dot) {
				g_ptr_array_add(units, g_strdup(p));
				break;
			}
			g_ptr_array_add(units, g_strndup(p, (gsize)(dot - p + 1)));
			p = dot + 2;
		}
	}
	g_strfreev(lines);
	return units;
}

/* Words shared by a unit and the task's summary, to choose between units
 * holding the same due_text. */
static int overlap(const char *unit, const char *summary)
{
	char *fu = fold(unit), *fs = fold(summary);
	char **words = g_strsplit_set(fs, " ,;.()", -1);
	int n = 0;
	for (char **w = words; *w; w++)
		if (strlen(*w) >= 3 && strstr(fu, *w))
			n++;
	g_strfreev(words);
	g_free(fu);
	g_free(fs);
	return n;
}

/* The clause (between ';') of `unit` that holds folded `piece`. */
static char *clause_of(const char *unit, const char *piece)
{
	char **parts = g_strsplit(unit, ";", -1);
	char *found = NULL;
	for (char **p = parts; *p && !found; p++) {
		char *fp = fold(*p);
		if (strstr(fp, piece))
			found = g_strdup(*p);
		g_free(fp);
	}
	g_strfreev(parts);
	return found ? found : g_strdup(unit);
}

struct tally {
	int total, ok, located, located_ok;
	GString *misses, *sentence_misses;
};

struct gold_task {
	char *core;      /* due_text without notes */
	char *summary;
	const char *kind;
	const char *due; /* ISO or "-" */
};

static bool same(const struct dd_deadline *d, const struct gold_task *t, char *got)
{
	strcpy(got, "-");
	if (d->due != DD_NO_DATE)
		date_format_iso(d->due, got);
	return strcmp(deadline_kind_name(d->kind), t->kind) == 0 && strcmp(got, t->due) == 0;
}

/* Folded words of at least two characters ("15", "ii", "quy"). */
static GPtrArray *words_of(const char *s)
{
	char *f = fold(s);
	GPtrArray *w = g_ptr_array_new_with_free_func(g_free);
	char **parts = g_strsplit_set(f, " ,;.:()/-|", -1);
	for (char **p = parts; *p; p++)
		if (strlen(*p) >= 2)
			g_ptr_array_add(w, g_strdup(*p));
	g_strfreev(parts);
	g_free(f);
	return w;
}

/* Share of the due_text's words found in the unit (1 + 1 when verbatim). */
static double coverage(const char *unit, const char *core, GPtrArray *core_words)
{
	GPtrArray *uw = words_of(unit);
	GHashTable *set = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < uw->len; i++)
		g_hash_table_add(set, g_ptr_array_index(uw, i));
	guint hit = 0;
	for (guint i = 0; i < core_words->len; i++)
		hit += g_hash_table_contains(set, g_ptr_array_index(core_words, i));
	g_hash_table_destroy(set);
	g_ptr_array_free(uw, TRUE);
	char *fu = fold(unit), *fc = fold(core);
	double c = core_words->len ? (double)hit / core_words->len : 0.0;
	if (strstr(fu, fc))
		c += 1.0;
	g_free(fu);
	g_free(fc);
	return c;
}

/* The first words of a due_text, to find it again in a clause. */
static char *anchor_of(const char *core)
{
	char *f = fold(core);
	char *cut = f + strcspn(f, ",;(");
	*cut = '\0';
	return g_strstrip(f);
}

/* Does the unit hold the start of another task's deadline phrase with
 * another reading? Then the task is one ';'-clause of it. */
static bool holds_other(const char *funit, const struct gold_task *tasks, size_t n,
                        const struct gold_task *self)
{
	for (size_t i = 0; i < n; i++) {
		const struct gold_task *o = &tasks[i];
		if (o == self || !o->core || !*o->core)
			continue;
		if (strcmp(o->kind, self->kind) == 0 && strcmp(o->due, self->due) == 0)
			continue;
		char *fo = anchor_of(o->core);
		bool in = *fo && strstr(funit, fo) != NULL;
		g_free(fo);
		if (in)
			return true;
	}
	return false;
}

/* Find the sentence (or table row) that holds the task's due_text — the
 * unit covering most of its words, then most of its summary — and read
 * the deadline of that whole unit. */
static void sentence_check(const char *name, dd_date issued, GPtrArray *units,
                           const struct gold_task *tasks, size_t ntasks,
                           const struct gold_task *t, struct tally *tl)
{
	GPtrArray *cw = words_of(t->core);
	const char *best = NULL;
	double best_cov = 0.6;
	int best_sum = -1;
	for (guint u = 0; u < units->len; u++) {
		const char *unit = g_ptr_array_index(units, u);
		double cov = coverage(unit, t->core, cw);
		if (cov < best_cov)
			continue;
		int sum = overlap(unit, t->summary);
		if (cov > best_cov || sum > best_sum)
			best = unit, best_cov = cov, best_sum = sum;
	}
	g_ptr_array_free(cw, TRUE);
	if (!best) {
		g_string_append_printf(tl->sentence_misses, "  %s: \"%s\" not located\n", name, t->core);
		return;
	}
	tl->located++;
	char *text = g_strdup(best);
	char *funit = fold(text);
	if (!strstr(text, " | ") && holds_other(funit, tasks, ntasks, t)) {
		char *anchor = anchor_of(t->core);
		char *c = clause_of(text, anchor);
		g_free(anchor);
		g_free(text);
		text = c;
	}
	struct dd_deadline d;
	char got[16];
	deadline_find(text, issued, cal, &d);
	if (same(&d, t, got))
		tl->located_ok++;
	else
		g_string_append_printf(tl->sentence_misses, "  %s: want %s %s, got %s %s <- %s\n", name,
		                       t->kind, t->due, deadline_kind_name(d.kind), got, text);
	g_free(funit);
	g_free(text);
}

static void corpus_file(const char *dir, const char *file, struct tally *tl)
{
	char *path = g_build_filename(dir, file, NULL);
	JsonParser *parser = json_parser_new();
	GError *err = NULL;
	if (!json_parser_load_from_file(parser, path, &err))
		fail_msg("%s: %s", path, err->message);
	JsonObject *root = json_node_get_object(json_parser_get_root(parser));
	JsonObject *doc = json_object_get_object_member(root, "document");
	dd_date issued = iso(json_object_get_string_member(doc, "issued"));
	char name[16];
	g_strlcpy(name, file, 6);
	char *tpath = g_strdup_printf("%s/text/%s.txt", dir, name);
	char *text = NULL;
	if (!g_file_get_contents(tpath, &text, NULL, NULL))
		fail_msg("%s: cannot read", tpath);
	char *fdoc = fold(text);
	GPtrArray *units = units_of(text);

	JsonArray *arr = json_object_get_array_member(root, "tasks");
	guint n = json_array_get_length(arr);
	struct gold_task *tasks = g_new0(struct gold_task, n ? n : 1);
	for (guint i = 0; i < n; i++) {
		JsonObject *t = json_array_get_object_element(arr, i);
		tasks[i].core = strip_notes(json_object_get_string_member(t, "due_text"), fdoc);
		tasks[i].summary = g_strdup(json_object_get_string_member(t, "summary"));
		tasks[i].kind = json_object_get_string_member(t, "due_kind");
		JsonNode *due = json_object_get_member(t, "due");
		tasks[i].due = JSON_NODE_HOLDS_NULL(due) ? "-" : json_node_get_string(due);
	}
	for (guint i = 0; i < n; i++) {
		const struct gold_task *t = &tasks[i];
		if (!*t->core)
			continue;
		tl->total++;
		struct dd_deadline d;
		char got[16];
		deadline_find(t->core, issued, cal, &d);
		if (same(&d, t, got))
			tl->ok++;
		else
			g_string_append_printf(tl->misses, "  %s: \"%s\" want %s %s, got %s %s\n", name,
			                       t->core, t->kind, t->due, deadline_kind_name(d.kind), got);
		sentence_check(name, issued, units, tasks, n, t, tl);
	}
	for (guint i = 0; i < n; i++) {
		g_free(tasks[i].core);
		g_free(tasks[i].summary);
	}
	g_free(tasks);
	g_ptr_array_free(units, TRUE);
	g_free(fdoc);
	g_free(text);
	g_free(tpath);
	g_object_unref(parser);
	g_free(path);
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_corpus(void **state)
{
	const char *dir = "tests/corpus";
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d)
		skip();
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	const char *f;
	while ((f = g_dir_read_name(d)))
		if (g_str_has_suffix(f, ".gold.json"))
			g_ptr_array_add(files, g_strdup(f));
	g_dir_close(d);
	g_ptr_array_sort(files, cmp_str);
	struct tally tl = {.misses = g_string_new(NULL), .sentence_misses = g_string_new(NULL)};
	for (guint i = 0; i < files->len; i++)
		corpus_file(dir, g_ptr_array_index(files, i), &tl);
	double rate = tl.total ? (double)tl.ok / tl.total : 1.0;
	double srate = tl.located ? (double)tl.located_ok / tl.located : 1.0;
	printf("deadline corpus: due_text %d/%d (%.1f%%)\n%s", tl.ok, tl.total, 100.0 * rate,
	       tl.misses->str);
	printf("deadline corpus: sentence %d/%d located (%.1f%%), %d not located\n%s", tl.located_ok,
	       tl.located, 100.0 * srate, tl.total - tl.located, tl.sentence_misses->str);
	g_string_free(tl.misses, TRUE);
	g_string_free(tl.sentence_misses, TRUE);
	g_ptr_array_free(files, TRUE);
	assert_true(tl.total > 150);
	assert_true(rate >= 0.97);
	assert_true(srate >= 0.90);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_negatives),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_find_all_spans),
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
