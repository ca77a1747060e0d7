/*
 * test_schedule.c — the reminder and status-request rules (daemon/schedule.c).
 *
 * The main test ticks the scheduler every hour of every day of September
 * 2025 over a fixed set of tasks, records what it plans as sent, and compares
 * everything sent with a table written by hand from the rules of DESIGN.md
 * [schedule] (remind_before 5;2;0, overdue_every 3, escalate_after 2,
 * send_at 08:00, status_request monthly:20). September 2025 has the National
 * Day holiday on Monday 1 and Tuesday 2 (data/holidays.txt), and the 20th is
 * a Saturday, so the status request goes out on Monday 22.
 * Other tests: catch-up after the daemon was down 10 days, idempotence, and
 * parsing the settings. No real clock: every moment is fixed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "daemon/clock.h"
#include "daemon/schedule.h"
#include "rules/calendar.h"

/* ---- fixtures ---- */

/* A task as the store lists it (only the fields the schedule reads). */
static struct dd_task_rec task(int64_t id, const char *lead, const char *due,
                               const char *due_kind, enum dd_task_status status)
{
	struct dd_task_rec t = {0};
	t.id = id;
	t.lead = (char *)lead;
	t.due = (char *)due;
	t.due_kind = (char *)due_kind;
	t.status = status;
	return t;
}

/* The fixed tasks of the month. Reminder days, counted on the calendar:
 *  1 A due Fri 12/9: before 5/9 and 10/9, due 12/9, overdue 17/9, 22/9,
 *    then escalations 25/9, 30/9.
 *  2 A due Thu 4/9 (its before-due days fall in August): due 4/9,
 *    overdue 9/9, 12/9, escalations 17/9, 22/9, 25/9, 30/9.
 *  3 B done: nothing.
 *  4 B ongoing, no date: no reminder; it gets the status request.
 *  5 B due Wed 24/9 (working_days): before 17/9, 22/9, due 24/9, overdue 29/9.
 *  6 C due Sun 21/9 (days), so due on Mon 22/9: before 15/9, 18/9,
 *    due 22/9, overdue 25/9, 30/9.
 *  7 C in review: nothing.
 *  8 D cancelled: nothing, and D has no status request.
 *  9 A due Mon 8/9, extension requested (still open): before 4/9 (its
 *    5-day one was 28/8), due 8/9, overdue 11/9, 16/9, escalations 19/9,
 *    24/9, 29/9.
 * 10 E recurring with an unreadable date: nothing but the status request. */
static void month_tasks(struct dd_task_rec *t)
{
	t[0] = task(1, "A", "2025-09-12", "date", DD_TASK_OPEN);
	t[1] = task(2, "A", "2025-09-04", "date", DD_TASK_OPEN);
	t[2] = task(3, "B", "2025-09-03", "date", DD_TASK_DONE);
	t[3] = task(4, "B", NULL, "ongoing", DD_TASK_OPEN);
	t[4] = task(5, "B", "2025-09-24", "working_days", DD_TASK_OPEN);
	t[5] = task(6, "C", "2025-09-21", "days", DD_TASK_OPEN);
	t[6] = task(7, "C", "2025-09-10", "date", DD_TASK_REVIEW);
	t[7] = task(8, "D", "2025-09-15", "date", DD_TASK_CANCELLED);
	t[8] = task(9, "A", "2025-09-08", "date", DD_TASK_EXTENSION_REQUESTED);
	t[9] = task(10, "E", "2025-13-45", "recurring", DD_TASK_OPEN);
}
#define N_TASKS 10

static void default_schedule(struct dd_schedule *s)
{
	GError *err = NULL;
	assert_true(schedule_parse("5;2;0", 3, 2, "08:00", "monthly:20", s, &err));
	assert_null(err);
}

/* The moment of a local (UTC+7) date and hour. */
static gint64 local_moment(const char *iso_date, int hour, int minute)
{
	dd_date d = date_parse_iso(iso_date);
	assert_int_not_equal(d, DD_NO_DATE);
	return (gint64)d * 86400 + hour * 3600 + minute * 60 - DD_TZ_OFFSET;
}

/* One message as a line: "2025-09-17 08 A escalation 1,2 +leaders". */
static char *describe(const struct dd_planned_msg *msg, gint64 now)
{
	char date[11];
	gint64 local = now + DD_TZ_OFFSET;
	GString *s = g_string_new(NULL);
	g_string_printf(s, "%s %02d %s %s ", date_format_iso(clock_local_date(now), date),
	                (int)((local % 86400) / 3600), msg->unit, schedule_kind_name(msg->kind));
	for (guint i = 0; i < msg->tasks->len; i++)
		g_string_append_printf(s, "%s%lld", i ? "," : "",
		                       (long long)g_array_index(msg->tasks, int64_t, i));
	if (msg->copy_leaders)
		g_string_append(s, " +leaders");
	return g_string_free(s, FALSE);
}

/* Tick every hour from `from` to `to` (local dates, inclusive), recording
 * each plan as sent; appends every message sent to `log` as a line. */
static void tick_days(const struct dd_task_rec *tasks, struct dd_sent *sent,
                      const struct dd_schedule *sched, const struct dd_calendar *cal,
                      const char *from, const char *to, GString *log)
{
	for (gint64 now = local_moment(from, 0, 0); now <= local_moment(to, 23, 0); now += 3600) {
		GPtrArray *plan = schedule_plan(tasks, N_TASKS, sent, sched, cal, now);
		for (guint i = 0; i < plan->len; i++) {
			char *line = describe(plan->pdata[i], now);
			g_string_append_printf(log, "%s\n", line);
			g_free(line);
		}
		schedule_record(sent, plan, now);
		g_ptr_array_unref(plan);
	}
}

/* ---- the month ---- */

/* Everything the schedule defines for September 2025: date, hour sent,
 * unit, the message's kind (the most urgent of its tasks), the tasks. */
static const char *const SEPTEMBER[] = {
	"2025-09-04 08 A due_today 2,9",          /* 2 due today, 9 two days ahead */
	"2025-09-05 08 A before_due 1",
	"2025-09-08 08 A due_today 9",
	"2025-09-09 08 A overdue 2",
	"2025-09-10 08 A before_due 1",
	"2025-09-11 08 A overdue 9",
	"2025-09-12 08 A overdue 1,2",            /* 1 due today, 2 overdue (2nd) */
	"2025-09-15 08 C before_due 6",
	"2025-09-16 08 A overdue 9",
	"2025-09-17 08 A escalation 1,2 +leaders", /* 1 overdue (1st), 2 escalated (3rd) */
	"2025-09-17 08 B before_due 5",
	"2025-09-18 08 C before_due 6",
	"2025-09-19 08 A escalation 9 +leaders",
	"2025-09-22 08 A escalation 1,2 +leaders",
	"2025-09-22 08 B before_due 5",
	"2025-09-22 08 C due_today 6",
	"2025-09-22 08 A status_request 1,2,9",   /* the 20th is a Saturday */
	"2025-09-22 08 B status_request 4,5",
	"2025-09-22 08 C status_request 6",
	"2025-09-22 08 E status_request 10",
	"2025-09-24 08 A escalation 9 +leaders",
	"2025-09-24 08 B due_today 5",
	"2025-09-25 08 A escalation 1,2 +leaders",
	"2025-09-25 08 C overdue 6",
	"2025-09-29 08 A escalation 9 +leaders",
	"2025-09-29 08 B overdue 5",
	"2025-09-30 08 A escalation 1,2 +leaders",
	"2025-09-30 08 C overdue 6",
	NULL,
};

static void test_month_of_ticks(void **state)
{
	struct dd_calendar *cal = calendar_new();
	struct dd_task_rec tasks[N_TASKS];
	struct dd_schedule sched;
	month_tasks(tasks);
	default_schedule(&sched);
	struct dd_sent *sent = schedule_sent_new();

	GString *log = g_string_new(NULL);
	tick_days(tasks, sent, &sched, cal, "2025-09-01", "2025-09-30", log);

	GString *want = g_string_new(NULL);
	for (int i = 0; SEPTEMBER[i]; i++)
		g_string_append_printf(want, "%s\n", SEPTEMBER[i]);
	assert_string_equal(log->str, want->str);

	/* The calendar agrees with the table's premises. */
	assert_false(calendar_is_workday(cal, date_parse_iso("2025-09-01")));
	assert_false(calendar_is_workday(cal, date_parse_iso("2025-09-02")));
	assert_false(calendar_is_workday(cal, date_parse_iso("2025-09-20")));

	/* What the store would keep for task 2 at the end of the month. */
	const struct dd_remind_state *st = schedule_sent_find(sent, 2);
	assert_non_null(st);
	assert_int_equal(st->last_kind, DD_REMIND_ESCALATION);
	assert_int_equal(st->last_date, date_parse_iso("2025-09-30"));
	assert_int_equal(st->overdue_count, 6);
	assert_null(schedule_sent_find(sent, 3));
	assert_null(schedule_sent_find(sent, 4));

	g_string_free(want, TRUE);
	g_string_free(log, TRUE);
	schedule_sent_free(sent);
	calendar_free(cal);
}

/* Nothing on a day off or before send_at, whatever is due. */
static void test_quiet_times(void **state)
{
	struct dd_calendar *cal = calendar_new();
	struct dd_task_rec tasks[N_TASKS];
	struct dd_schedule sched;
	month_tasks(tasks);
	default_schedule(&sched);
	struct dd_sent *sent = schedule_sent_new();

	/* Holiday Tuesday 2/9, Saturday 13/9, Sunday 21/9 (task 6's due date). */
	const char *off[] = {"2025-09-01", "2025-09-02", "2025-09-13", "2025-09-21"};
	for (size_t i = 0; i < G_N_ELEMENTS(off); i++)
		for (int h = 0; h < 24; h++) {
			GPtrArray *plan = schedule_plan(tasks, N_TASKS, sent, &sched, cal,
			                                local_moment(off[i], h, 0));
			assert_int_equal(plan->len, 0);
			g_ptr_array_unref(plan);
		}

	/* 12/9 is full of reminders: 07:59 nothing, 08:00 two messages... */
	GPtrArray *plan = schedule_plan(tasks, N_TASKS, sent, &sched, cal,
	                                local_moment("2025-09-12", 7, 59));
	assert_int_equal(plan->len, 0);
	g_ptr_array_unref(plan);
	plan = schedule_plan(tasks, N_TASKS, sent, &sched, cal, local_moment("2025-09-12", 8, 0));
	assert_int_equal(plan->len, 1);   /* A only: with no history, 9's overdue too */
	g_ptr_array_unref(plan);
	/* ... and 08:00 local is 01:00 UTC: the local date counts, not the UTC one. */
	plan = schedule_plan(tasks, N_TASKS, sent, &sched, cal, local_moment("2025-09-15", 6, 0));
	assert_int_equal(plan->len, 0);
	g_ptr_array_unref(plan);

	schedule_sent_free(sent);
	calendar_free(cal);
}

/* ---- catch-up ---- */

/* Down from 11/9 to 20/9 (10 days), back on Sunday 21/9: on Monday 22/9
 * only today's reminders go out; each overdue task is reminded once. */
static void test_catch_up(void **state)
{
	struct dd_calendar *cal = calendar_new();
	struct dd_task_rec tasks[N_TASKS];
	struct dd_schedule sched;
	month_tasks(tasks);
	default_schedule(&sched);
	struct dd_sent *sent = schedule_sent_new();

	GString *before = g_string_new(NULL);
	tick_days(tasks, sent, &sched, cal, "2025-09-01", "2025-09-10", before);
	assert_string_equal(before->str,
	                    "2025-09-04 08 A due_today 2,9\n"
	                    "2025-09-05 08 A before_due 1\n"
	                    "2025-09-08 08 A due_today 9\n"
	                    "2025-09-09 08 A overdue 2\n"
	                    "2025-09-10 08 A before_due 1\n");

	GString *after = g_string_new(NULL);
	tick_days(tasks, sent, &sched, cal, "2025-09-21", "2025-09-26", after);
	assert_string_equal(after->str,
	                    /* 1 missed its due day, 2 its 2nd overdue, 9 its 1st:
	                     * one overdue each; 2 has had 1, so no escalation yet */
	                    "2025-09-22 08 A overdue 1,2,9\n"
	                    /* 5: the missed 17/9 is skipped, today's 2-day one sent */
	                    "2025-09-22 08 B before_due 5\n"
	                    /* 6: 15/9 and 18/9 skipped */
	                    "2025-09-22 08 C due_today 6\n"
	                    "2025-09-22 08 A status_request 1,2,9\n"
	                    "2025-09-22 08 B status_request 4,5\n"
	                    "2025-09-22 08 C status_request 6\n"
	                    "2025-09-22 08 E status_request 10\n"
	                    "2025-09-24 08 B due_today 5\n"
	                    /* the interval restarts from 22/9; 2 now has 2 */
	                    "2025-09-25 08 A escalation 1,2,9 +leaders\n"
	                    "2025-09-25 08 C overdue 6\n");

	g_string_free(before, TRUE);
	g_string_free(after, TRUE);
	schedule_sent_free(sent);
	calendar_free(cal);
}

/* A status request missed on its day goes out late, once, in the same month
 * only. */
static void test_status_request_late(void **state)
{
	struct dd_calendar *cal = calendar_new();
	struct dd_task_rec t[1] = {task(4, "B", NULL, "ongoing", DD_TASK_OPEN)};
	struct dd_schedule sched;
	default_schedule(&sched);
	struct dd_sent *sent = schedule_sent_new();

	/* Never sent, first run on 5/9: August's round is not sent. */
	GPtrArray *plan = schedule_plan(t, 1, sent, &sched, cal, local_moment("2025-09-05", 9, 0));
	assert_int_equal(plan->len, 0);
	g_ptr_array_unref(plan);
	/* Down on 22/9, back on 24/9: sent once. */
	plan = schedule_plan(t, 1, sent, &sched, cal, local_moment("2025-09-24", 9, 0));
	assert_int_equal(plan->len, 1);
	schedule_record(sent, plan, local_moment("2025-09-24", 9, 0));
	g_ptr_array_unref(plan);
	plan = schedule_plan(t, 1, sent, &sched, cal, local_moment("2025-09-25", 9, 0));
	assert_int_equal(plan->len, 0);
	g_ptr_array_unref(plan);
	/* October's round: the 20th is a Monday. */
	plan = schedule_plan(t, 1, sent, &sched, cal, local_moment("2025-10-17", 9, 0));
	assert_int_equal(plan->len, 0);
	g_ptr_array_unref(plan);
	plan = schedule_plan(t, 1, sent, &sched, cal, local_moment("2025-10-20", 8, 0));
	assert_int_equal(plan->len, 1);
	g_ptr_array_unref(plan);

	/* "monthly:30": Saturday 30/8 runs into the National Day holiday, so
	 * August's round is sent on Wednesday 3/9, September's on Tuesday 30/9. */
	assert_true(schedule_parse("5;2;0", 3, 2, "08:00", "monthly:30", &sched, NULL));
	sent->status_request_last = date_parse_iso("2025-07-30");
	const char *days[] = {"2025-08-29", "2025-09-03", "2025-09-04", "2025-09-29", "2025-09-30"};
	const guint want[] = {0, 1, 0, 0, 1};
	for (size_t i = 0; i < G_N_ELEMENTS(days); i++) {
		gint64 now = local_moment(days[i], 9, 0);
		plan = schedule_plan(t, 1, sent, &sched, cal, now);
		if (plan->len != want[i])
			fail_msg("%s: %u status requests, want %u", days[i], plan->len, want[i]);
		schedule_record(sent, plan, now);
		g_ptr_array_unref(plan);
	}

	schedule_sent_free(sent);
	calendar_free(cal);
}

/* ---- idempotence ---- */

static char *describe_plan(const GPtrArray *plan, gint64 now)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < plan->len; i++) {
		char *line = describe(plan->pdata[i], now);
		g_string_append_printf(s, "%s\n", line);
		g_free(line);
	}
	return g_string_free(s, FALSE);
}

/* Weekly rounds move past days off like the monthly one: "weekly:sun" goes
 * out on Mondays, and Sunday 31/8 waits for Wednesday 3/9 after the National
 * Day holiday; "weekly:tue" finds Tuesday 2/9 off and goes out on 3/9. */
static void test_status_request_weekly(void **state)
{
	static const struct {
		const char *setting, *want;
	} cases[] = {
		{"weekly:sun", "2025-09-03 09 B status_request 4\n"
		               "2025-09-08 09 B status_request 4\n"
		               "2025-09-15 09 B status_request 4\n"},
		{"weekly:tue", "2025-09-03 09 B status_request 4\n"
		               "2025-09-09 09 B status_request 4\n"},
	};
	struct dd_calendar *cal = calendar_new();
	struct dd_task_rec t[1] = {task(4, "B", NULL, "ongoing", DD_TASK_OPEN)};
	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
		struct dd_schedule sched;
		assert_true(schedule_parse("5;2;0", 3, 2, "08:00", cases[c].setting, &sched, NULL));
		struct dd_sent *sent = schedule_sent_new();
		sent->status_request_last = date_parse_iso("2025-08-26");
		GString *log = g_string_new(NULL);
		for (dd_date d = date_parse_iso("2025-09-01"); d <= date_parse_iso("2025-09-15"); d++) {
			gint64 now = (gint64)d * 86400 + 9 * 3600 - DD_TZ_OFFSET;
			GPtrArray *plan = schedule_plan(t, 1, sent, &sched, cal, now);
			char *line = describe_plan(plan, now);
			g_string_append(log, line);
			g_free(line);
			schedule_record(sent, plan, now);
			g_ptr_array_unref(plan);
		}
		assert_string_equal(log->str, cases[c].want);
		g_string_free(log, TRUE);
		schedule_sent_free(sent);
	}
	calendar_free(cal);
}

static void test_idempotent(void **state)
{
	struct dd_calendar *cal = calendar_new();
	struct dd_task_rec tasks[N_TASKS];
	struct dd_schedule sched;
	month_tasks(tasks);
	default_schedule(&sched);
	struct dd_sent *sent = schedule_sent_new();
	GString *log = g_string_new(NULL);
	tick_days(tasks, sent, &sched, cal, "2025-09-01", "2025-09-21", log);

	gint64 now = local_moment("2025-09-22", 10, 30);
	GPtrArray *p1 = schedule_plan(tasks, N_TASKS, sent, &sched, cal, now);
	GPtrArray *p2 = schedule_plan(tasks, N_TASKS, sent, &sched, cal, now);
	char *d1 = describe_plan(p1, now), *d2 = describe_plan(p2, now);
	assert_string_equal(d1, d2);
	assert_int_equal(p1->len, 7);
	schedule_record(sent, p1, now);
	GPtrArray *p3 = schedule_plan(tasks, N_TASKS, sent, &sched, cal, now + 3600);
	assert_int_equal(p3->len, 0);
	/* Recording the same plan twice changes nothing more than once would. */
	GPtrArray *p4 = schedule_plan(tasks, N_TASKS, sent, &sched, cal,
	                              local_moment("2025-09-22", 23, 59));
	assert_int_equal(p4->len, 0);

	g_free(d1);
	g_free(d2);
	g_ptr_array_unref(p1);
	g_ptr_array_unref(p2);
	g_ptr_array_unref(p3);
	g_ptr_array_unref(p4);
	g_string_free(log, TRUE);
	schedule_sent_free(sent);
	calendar_free(cal);
}

/* Other settings: no due-today reminder without 0, escalation from the
 * first overdue with escalate_after 0, a later send_at. */
static void test_other_settings(void **state)
{
	struct dd_calendar *cal = calendar_new();
	struct dd_task_rec t[1] = {task(1, "A", "2025-09-12", "date", DD_TASK_OPEN)};
	struct dd_schedule sched;
	assert_true(schedule_parse("1", 2, 0, "13:30", "off", &sched, NULL));
	struct dd_sent *sent = schedule_sent_new();
	GString *log = g_string_new(NULL);
	for (gint64 now = local_moment("2025-09-08", 0, 0);
	     now <= local_moment("2025-09-19", 23, 0); now += 1800) {
		GPtrArray *plan = schedule_plan(t, 1, sent, &sched, cal, now);
		char *d = describe_plan(plan, now);
		g_string_append(log, d);
		g_free(d);
		schedule_record(sent, plan, now);
		g_ptr_array_unref(plan);
	}
	assert_string_equal(log->str,
	                    "2025-09-11 13 A before_due 1\n"
	                    "2025-09-16 13 A escalation 1 +leaders\n"
	                    "2025-09-18 13 A escalation 1 +leaders\n");
	g_string_free(log, TRUE);
	schedule_sent_free(sent);
	calendar_free(cal);
}

/* ---- parsing ---- */

static void test_parse_good(void **state)
{
	struct dd_schedule s;
	assert_true(schedule_parse("5;2;0", 3, 2, "08:00", "monthly:20", &s, NULL));
	assert_int_equal(s.n_remind_before, 3);
	assert_int_equal(s.remind_before[0], 5);
	assert_int_equal(s.remind_before[1], 2);
	assert_int_equal(s.remind_before[2], 0);
	assert_int_equal(s.overdue_every, 3);
	assert_int_equal(s.escalate_after, 2);
	assert_int_equal(s.send_at, 8 * 60);
	assert_int_equal(s.status_period, DD_STATUS_MONTHLY);
	assert_int_equal(s.status_day, 20);

	assert_true(schedule_parse(" 0 ; 10;3 ", 1, 0, "7:05", "weekly:Fri", &s, NULL));
	assert_int_equal(s.n_remind_before, 3);
	assert_int_equal(s.remind_before[0], 10);
	assert_int_equal(s.remind_before[1], 3);
	assert_int_equal(s.remind_before[2], 0);
	assert_int_equal(s.send_at, 7 * 60 + 5);
	assert_int_equal(s.status_period, DD_STATUS_WEEKLY);
	assert_int_equal(s.status_day, 5);

	assert_true(schedule_parse("", 3, 2, "23:59", "off", &s, NULL));
	assert_int_equal(s.n_remind_before, 0);
	assert_int_equal(s.status_period, DD_STATUS_OFF);
}

static void test_parse_bad(void **state)
{
	static const struct {
		const char *before, *send_at, *status;
		int every, escalate;
		const char *message;
	} bad[] = {
		{"5;;0", "08:00", "monthly:20", 3, 2, "[schedule] remind_before: '5;;0'"},
		{"5;2;2", "08:00", "monthly:20", 3, 2, "[schedule] remind_before: '5;2;2'"},
		{"-1", "08:00", "monthly:20", 3, 2, "[schedule] remind_before: '-1'"},
		{"five", "08:00", "monthly:20", 3, 2, "[schedule] remind_before: 'five'"},
		{"400", "08:00", "monthly:20", 3, 2, "[schedule] remind_before: '400'"},
		{"5;2;0", "08:00", "monthly:20", 0, 2, "[schedule] overdue_every: '0'"},
		{"5;2;0", "08:00", "monthly:20", 3, -1, "[schedule] escalate_after: '-1'"},
		{"5;2;0", "25:00", "monthly:20", 3, 2, "[schedule] send_at: '25:00' is not a time HH:MM"},
		{"5;2;0", "08:60", "monthly:20", 3, 2, "[schedule] send_at: '08:60'"},
		{"5;2;0", "0800", "monthly:20", 3, 2, "[schedule] send_at: '0800'"},
		{"5;2;0", "08:00 ", "monthly:20", 3, 2, "[schedule] send_at: '08:00 '"},
		{"5;2;0", "", "monthly:20", 3, 2, "[schedule] send_at: ''"},
		{"5;2;0", "08:00", "monthly:0", 3, 2, "[schedule] status_request: 'monthly:0'"},
		{"5;2;0", "08:00", "monthly:32", 3, 2, "[schedule] status_request: 'monthly:32'"},
		{"5;2;0", "08:00", "monthly:", 3, 2, "[schedule] status_request: 'monthly:'"},
		{"5;2;0", "08:00", "weekly:funday", 3, 2, "[schedule] status_request: 'weekly:funday'"},
		{"5;2;0", "08:00", "yearly:1", 3, 2, "[schedule] status_request: 'yearly:1'"},
		{NULL, "08:00", "monthly:20", 3, 2, "[schedule] remind_before: '(null)'"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		struct dd_schedule s = {.overdue_every = 99};
		GError *err = NULL;
		assert_false(schedule_parse(bad[i].before, bad[i].every, bad[i].escalate,
		                            bad[i].send_at, bad[i].status, &s, &err));
		assert_non_null(err);
		assert_true(g_error_matches(err, DD_SCHEDULE_ERROR, DD_SCHEDULE_ERROR_INVALID));
		if (!g_str_has_prefix(err->message, bad[i].message))
			fail_msg("case %zu: got '%s'", i, err->message);
		assert_int_equal(s.overdue_every, 99);   /* untouched */
		g_error_free(err);
	}
}

static void test_from_config(void **state)
{
	char *before[] = {"5", "2", "0", NULL};
	struct dd_config cfg = {0};
	cfg.remind_before = before;
	cfg.overdue_every = 3;
	cfg.escalate_after = 2;
	cfg.send_at = "08:00";
	cfg.status_request = "monthly:20";
	struct dd_schedule s;
	assert_true(schedule_from_config(&cfg, &s, NULL));
	assert_int_equal(s.n_remind_before, 3);
	assert_int_equal(s.remind_before[1], 2);
	cfg.send_at = "8h";
	GError *err = NULL;
	assert_false(schedule_from_config(&cfg, &s, &err));
	assert_non_null(err);
	g_error_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_month_of_ticks),
		cmocka_unit_test(test_quiet_times),
		cmocka_unit_test(test_catch_up),
		cmocka_unit_test(test_status_request_late),
		cmocka_unit_test(test_status_request_weekly),
		cmocka_unit_test(test_idempotent),
		cmocka_unit_test(test_other_settings),
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_from_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
