/*
 * compose.c — the wording of the acknowledgement and of the quarantine
 * notice (see compose.h). Vietnamese first, with an English line for the
 * parts a script or a foreign reader may need. Dates are shown as
 * dd/mm/yyyy, as Vietnamese documents write them.
 */
#include "daemon/compose.h"

#include <string.h>

#include "daemon/clock.h"
#include "daemon/mailmsg.h"

#define NAME_WIDTH 30      /* characters of a unit name in the task table */
#define SUMMARY_CHARS 160  /* characters of a task's summary */

/* "29/05/2019" from "2019-05-29"; "-" for none. */
static char *vn_date(const char *iso)
{
	dd_date d = iso ? date_parse_iso(iso) : DD_NO_DATE;
	if (d == DD_NO_DATE)
		return g_strdup("-");
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	return g_strdup_printf("%02d/%02d/%04d", day, m, y);
}

static const char *due_kind_vn(const char *kind)
{
	static const char *const NAMES[][2] = {
		{"date", "ngày cụ thể"},     {"working_days", "ngày làm việc"},
		{"days", "số ngày"},         {"recurring", "định kỳ"},
		{"ongoing", "thường xuyên"}, {"none", "không có hạn"},
	};
	for (size_t i = 0; kind && i < G_N_ELEMENTS(NAMES); i++)
		if (strcmp(kind, NAMES[i][0]) == 0)
			return NAMES[i][1];
	return kind ? kind : "-";
}

static const char *status_vn(enum dd_task_status s)
{
	switch (s) {
	case DD_TASK_REVIEW: return "cần xem lại";
	case DD_TASK_OPEN: return "đang theo dõi";
	case DD_TASK_EXTENSION_REQUESTED: return "xin gia hạn";
	case DD_TASK_DONE: return "hoàn thành";
	default: return "đã hủy";
	}
}

/* `s` cut to `n` characters (with "…"), then padded with spaces to `n`. */
static void append_cell(GString *out, const char *s, long n)
{
	long len = g_utf8_strlen(s, -1);
	if (len > n) {
		const char *end = g_utf8_offset_to_pointer(s, n - 1);
		g_string_append_len(out, s, end - s);
		g_string_append(out, "…");
		return;
	}
	g_string_append(out, s);
	for (long i = len; i < n; i++)
		g_string_append_c(out, ' ');
}

static void append_field(GString *out, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	g_string_append(out, "  ");
	append_cell(out, label, 18);
	g_string_append_printf(out, "%s\n", value);
}

static const char *lead_name(const struct dd_ack *a, const struct dd_task_rec *t)
{
	if (!t->lead || !*t->lead)
		return "(chưa xác định)";
	const struct dd_unit *u = a->units ? units_by_id(a->units, t->lead) : NULL;
	return u ? u->name : t->lead;
}

static void append_task_table(GString *b, const struct dd_ack *a)
{
	g_string_append_printf(b, "Nhiệm vụ (%zu):\n\n  ", a->ntasks);
	append_cell(b, "Mã", 8);
	append_cell(b, "Đơn vị chủ trì", NAME_WIDTH + 2);
	append_cell(b, "Hạn xử lý", 12);
	append_cell(b, "Loại hạn", 15);
	g_string_append(b, "Trạng thái\n");
	for (size_t i = 0; i < a->ntasks; i++) {
		const struct dd_task_rec *t = a->tasks[i];
		char *code = g_strdup_printf("NV-%" G_GINT64_FORMAT, t->id);
		char *due = vn_date(t->due);
		g_string_append(b, "  ");
		append_cell(b, code, 8);
		append_cell(b, lead_name(a, t), NAME_WIDTH);
		g_string_append(b, "  ");
		append_cell(b, due, 12);
		append_cell(b, due_kind_vn(t->due_kind), 15);
		g_string_append_printf(b, "%s\n", status_vn(t->status));
		g_free(code);
		g_free(due);
	}
	g_string_append(b, "\nNội dung:\n");
	for (size_t i = 0; i < a->ntasks; i++) {
		const struct dd_task_rec *t = a->tasks[i];
		char *code = g_strdup_printf("NV-%" G_GINT64_FORMAT ":", t->id);
		g_string_append(b, "  ");
		append_cell(b, code, 9);
		if (g_utf8_strlen(t->summary ? t->summary : "", -1) > SUMMARY_CHARS)
			append_cell(b, t->summary, SUMMARY_CHARS);
		else
			g_string_append(b, t->summary ? t->summary : "");
		if (t->due_text && *t->due_text)
			g_string_append_printf(b, " [hạn: %s]", t->due_text);
		g_string_append_c(b, '\n');
		g_free(code);
	}
}

static size_t count_review(const struct dd_ack *a)
{
	size_t n = 0;
	for (size_t i = 0; i < a->ntasks; i++)
		if (a->tasks[i]->status == DD_TASK_REVIEW)
			n++;
	return n;
}

GBytes *compose_ack(const struct dd_ack *a, char **subject)
{
	const struct dd_doc_rec *d = a->doc;
	char *issued = vn_date(d->issued), *reg_by = vn_date(d->register_by);
	char *now = clock_format_iso(a->now);
	now[10] = '\0';                  /* the local date, then the time at now + 11 */
	char *reg_day = vn_date(now);
	size_t nreview = count_review(a);
	GString *b = g_string_new(NULL);

	g_string_append_printf(b, "Kính gửi: %s\n\n", a->to);
	if (d->version > 1)
		g_string_append_printf(b, "%s đã nhận bản sửa đổi (lần %d) của văn bản sau và cập nhật "
		                          "các nhiệm vụ theo dõi:\n\n", a->cfg->office_name, d->version);
	else
		g_string_append_printf(b, "%s đã nhận và đăng ký theo dõi văn bản sau:\n\n",
		                       a->cfg->office_name);
	append_field(b, "Số, ký hiệu:", d->number);
	append_field(b, "Loại văn bản:", d->type);
	append_field(b, "Cơ quan ban hành:", d->issuer);
	append_field(b, "Ngày ban hành:", issued);
	append_field(b, "Trích yếu:", d->subject);
	char *deadline = g_strdup_printf("%s (%d ngày làm việc kể từ ngày ban hành)", reg_by,
	                                 a->cfg->register_within);
	append_field(b, "Hạn đăng ký:", deadline);
	char *at = g_strdup_printf("%s %.5s", reg_day, now + 11);
	append_field(b, "Đăng ký lúc:", at);
	if (d->late)
		g_string_append(b, "\n  ĐĂNG KÝ MUỘN (registered late): đã quá hạn đăng ký.\n");
	if (d->version > 1)
		g_string_append_printf(b, "\n  Bản sửa đổi lần %d: thêm %d nhiệm vụ, hủy %d nhiệm vụ "
		                          "của bản trước (lịch sử được giữ lại).\n",
		                       d->version, a->added, a->cancelled);
	g_string_append_c(b, '\n');
	append_task_table(b, a);

	if (nreview) {
		g_string_append_printf(b, "\nCần xem lại (%zu) — chuyên viên Văn phòng sẽ kiểm tra trước "
		                          "khi giao cho đơn vị:\n", nreview);
		for (size_t i = 0; i < a->ntasks; i++)
			if (a->tasks[i]->status == DD_TASK_REVIEW)
				g_string_append_printf(b, "  NV-%" G_GINT64_FORMAT ": %s\n", a->tasks[i]->id,
				                       a->review_why && a->review_why[i] ? a->review_why[i]
				                                                         : "cần kiểm tra");
	}
	for (const char *const *w = a->warnings; w && *w; w++)
		g_string_append_printf(b, "%s  Lưu ý: %s\n", w == a->warnings ? "\n" : "", *w);
	g_string_append(b, "\n-- \nThư này do hệ thống dondoc gửi tự động; vui lòng không trả lời.\n"
	                   "(Sent automatically by dondoc: the directive above is registered.)\n");

	*subject = g_strdup_printf("%s văn bản %s ngày %s: %zu nhiệm vụ%s%s",
	                           d->version > 1 ? "Đã cập nhật" : "Đã đăng ký",
	                           d->number ? d->number : "?", issued, a->ntasks,
	                           nreview ? ", có nhiệm vụ cần xem lại" : "",
	                           d->late ? " (đăng ký muộn)" : "");
	const char *to[] = {a->to, NULL};
	struct dd_mail m = {a->cfg->office_name, a->cfg->office_address, to, *subject,
	                    a->message_id, a->in_reply_to, b->str, a->now};
	GBytes *raw = mail_build(&m);

	g_string_free(b, TRUE);
	g_free(issued);
	g_free(reg_by);
	g_free(now);
	g_free(reg_day);
	g_free(deadline);
	g_free(at);
	return raw;
}

GBytes *compose_quarantine_notice(const struct dd_notice *n, char **subject)
{
	GString *b = g_string_new(NULL);
	const char *orig = n->original_subject && *n->original_subject ? n->original_subject
	                                                                : "(không có tiêu đề)";
	g_string_append_printf(b, "Kính gửi: %s\n\n", n->to);
	g_string_append_printf(b, "%s đã nhận thư \"%s\" của anh/chị nhưng chưa thể tự động đăng ký "
	                          "văn bản vì:\n\n  %s\n\n", n->cfg->office_name, orig, n->reason);
	g_string_append(b, "Thư đã được lưu lại; chuyên viên Văn phòng sẽ xem xét và xử lý.\n\n"
	                   "Your message could not be registered automatically for the reason above.\n"
	                   "It has been kept, and the Office will review it.\n\n"
	                   "-- \nThư này do hệ thống dondoc gửi tự động; vui lòng không trả lời.\n");
	*subject = g_strdup_printf("Chưa đăng ký được: %s", orig);
	const char *to[] = {n->to, NULL};
	struct dd_mail m = {n->cfg->office_name, n->cfg->office_address, to, *subject,
	                    n->message_id, n->in_reply_to, b->str, n->now};
	GBytes *raw = mail_build(&m);
	g_string_free(b, TRUE);
	return raw;
}
