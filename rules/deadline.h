/*
 * deadline.h — deadline expressions of Vietnamese directives.
 *
 * Finds the deadline phrases of one clause (or table cell) and computes
 * their due date with the working-day calendar, following DOMAIN.md §3.2
 * and corpus FORMAT.md:
 *
 *   date          "trước ngày 15/6/2019", "chậm nhất ngày 20/12/2025",
 *                 "trước 17 giờ ngày 27/11/2025", "trong tháng 6/2019"
 *                 (last day), "quý III/2019" (quarter end), "năm 2019",
 *                 "6 tháng đầu năm", "từ ... đến ngày X" (X), "Tháng 12/2025",
 *                 a day/month without year (the issue year), spelled-out
 *                 "ngày 30 tháng 9 năm 2025", "ngay" → none (not a date)
 *   working_days  "trong 05 ngày làm việc (kể từ ngày ký / nhận được)":
 *                 issue date + N working days (issue day not counted)
 *   days          "trong vòng 10 ngày kể từ ngày ký": issue date + N
 *   recurring     "hằng tháng (trước ngày 20)", "trước ngày 25 hằng tháng",
 *                 "hằng quý, trước ngày 20 của tháng cuối quý", "6 tháng,
 *                 năm", "hằng năm" (31/12), "hằng tuần", "hằng ngày":
 *                 the first occurrence on or after the issue date
 *   ongoing       "thường xuyên", "kịp thời", "liên tục", "sẵn sàng",
 *                 "khi có yêu cầu", "theo chức năng, nhiệm vụ được giao"
 *   none          "ngay", "khẩn trương", "theo quy định", no phrase at all
 *
 * Dates inside citations ("Quyết định số 13/2017/QĐ-UBND ngày 18/9/2017",
 * "tại Thông báo số ... ngày ...") and narrative dates ("vào ngày 27/6",
 * "Từ ngày 02/5/2019 đến nay") are not deadlines.
 */
#ifndef DONDOC_RULES_DEADLINE_H
#define DONDOC_RULES_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/calendar.h"

enum dd_due_kind {
	DUE_NONE,
	DUE_DATE,
	DUE_WORKING_DAYS,
	DUE_DAYS,
	DUE_RECURRING,
	DUE_ONGOING,
};

struct dd_deadline {
	enum dd_due_kind kind;
	dd_date due;          /* DD_NO_DATE for ongoing and none */
	size_t start, end;    /* byte span of the phrase in the text searched */
	double confidence;    /* 0..1: how sure the reading is */
	const char *warning;  /* static string, or NULL: a policy reading to review
	                         ("năm học", "trước Tết", a past date, ...) */
};

/* "date", "working_days", "days", "recurring", "ongoing", "none". */
const char *deadline_kind_name(enum dd_due_kind kind);

/* Every deadline phrase of `text` (normalized UTF-8), left to right, with
 * citations skipped. `issued` is the document's issue date: the reference
 * for relative deadlines, recurring ones and dates without a year. Returns
 * the count (writes at most max). */
size_t deadline_find_all(const char *text, dd_date issued, const struct dd_calendar *cal,
                         struct dd_deadline *out, size_t max);

/* The deadline of a clause: the first phrase that sets a date (date,
 * working_days, days, recurring), else an ongoing marker, else none.
 * Always fills *out; returns false when nothing at all was found. */
bool deadline_find(const char *text, dd_date issued, const struct dd_calendar *cal,
                   struct dd_deadline *out);

/* Notes on the two functions above:
 * - A phrase's confidence tells a deadline ("trước ngày 15/6/2019", 0.95)
 *   from a period mentioned in passing ("nhiệm vụ quý I năm 2025", 0.3-0.5).
 *   deadline_find prefers, in order: the first date-setting phrase with
 *   confidence >= 0.6, an ongoing marker, the first weaker date-setting
 *   phrase, a "none" marker ("ngay", "khẩn trương", "theo quy định").
 * - A table row rendered as "cell | cell | cell" (dd_doc_to_text) is read
 *   cell by cell: a cell that holds nothing but a deadline ("Năm 2022",
 *   "Quý IV", "2026 - 2030", "30/11/2019") is read as a deadline cell.
 * - cal may be NULL: working days then skip weekends only (with a warning).
 * - issued == DD_NO_DATE finds nothing. */

/* The deadline of one table cell known to be a deadline column ("Thời gian
 * hoàn thành"): like deadline_find, but the whole text is taken as a
 * deadline, so a bare year ("2025", "Năm 2025"), month ("Tháng 6"),
 * quarter ("Quý IV") or date is read without a cue word. */
bool deadline_parse_cell(const char *text, dd_date issued, const struct dd_calendar *cal,
                         struct dd_deadline *out);

#endif
