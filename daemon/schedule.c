/*
 * schedule.c — which reminders and status requests are due at a moment.
 *
 * See schedule.h for the rules. The file reads top to bottom: parsing the
 * settings, the "already sent" state, the decision for one task, the
 * status-request day, and schedule_plan() which groups the decisions into
 * one message per unit.
 */
#include "daemon/schedule.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/clock.h"

G_DEFINE_QUARK(dd-schedule-error-quark, dd_schedule_error)

const char *schedule_kind_name(enum dd_remind_kind kind)
{
	switch (kind) {
	case DD_REMIND_BEFORE_DUE: return "before_due";
	case DD_REMIND_DUE_TODAY: return "due_today";
	case DD_REMIND_OVERDUE: return "overdue";
	case DD_REMIND_ESCALATION: return "escalation";
	case DD_REMIND_STATUS_REQUEST: return "status_request";
	case DD_REMIND_NONE: break;
	}
	return "none";
}

/* ---- parsing the settings ---- */

static bool invalid(GError **error, const char *key, const char *value, const char *want)
{
	g_set_error(error, DD_SCHEDULE_ERROR, DD_SCHEDULE_ERROR_INVALID,
	            "[schedule] %s: '%s' is not %s", key, value ? value : "(null)", want);
	return false;
}

/* A whole decimal number in [min, max], blanks around allowed. */
static bool parse_int_in(const char *s, int min, int max, int *out)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (!g_ascii_isdigit(*s))
		return false;
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (errno || *end || n < min || n > max)
		return false;
	*out = (int)n;
	return true;
}

static int compare_desc(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x < y) - (x > y);
}

/* "5;2;0" → {5, 2, 0}: distinct, largest first. "" gives none. */
static bool parse_remind_before(const char *text, struct dd_schedule *s)
{
	s->n_remind_before = 0;
	char *copy = g_strstrip(g_strdup(text));
	bool ok = true;
	if (copy[0] != '\0') {
		char **parts = g_strsplit(copy, ";", -1);
		for (int i = 0; ok && parts[i]; i++) {
			int n;
			ok = s->n_remind_before < DD_SCHEDULE_MAX_BEFORE &&
			     parse_int_in(parts[i], 0, 366, &n);
			for (int j = 0; ok && j < s->n_remind_before; j++)
				ok = s->remind_before[j] != n;
			if (ok)
				s->remind_before[s->n_remind_before++] = n;
		}
		g_strfreev(parts);
	}
	g_free(copy);
	qsort(s->remind_before, (size_t)s->n_remind_before, sizeof(int), compare_desc);
	return ok;
}

/* "08:00" or "8:00" → minutes after midnight. */
static bool parse_time(const char *text, int *minutes)
{
	const char *colon = strchr(text, ':');
	if (!colon || colon == text || colon - text > 2 || strlen(colon + 1) != 2)
		return false;
	for (const char *p = text; *p; p++)
		if (p != colon && !g_ascii_isdigit(*p))
			return false;
	int h = atoi(text), m = atoi(colon + 1);
	if (h > 23 || m > 59)
		return false;
	*minutes = h * 60 + m;
	return true;
}

/* "monthly:20", "weekly:mon", "off". */
static bool parse_status_request(const char *text, struct dd_schedule *s)
{
	static const char *const days[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
	if (strcmp(text, "off") == 0) {
		s->status_period = DD_STATUS_OFF;
		s->status_day = 0;
		return true;
	}
	if (g_str_has_prefix(text, "monthly:")) {
		s->status_period = DD_STATUS_MONTHLY;
		return parse_int_in(text + 8, 1, 31, &s->status_day) && text[8] != ' ';
	}
	if (g_str_has_prefix(text, "weekly:")) {
		s->status_period = DD_STATUS_WEEKLY;
		for (int i = 0; i < 7; i++)
			if (g_ascii_strcasecmp(text + 7, days[i]) == 0) {
				s->status_day = i;
				return true;
			}
	}
	return false;
}

bool schedule_parse(const char *remind_before, int overdue_every, int escalate_after,
                    const char *send_at, const char *status_request,
                    struct dd_schedule *out, GError **error)
{
	struct dd_schedule s = {0};
	if (!remind_before || !parse_remind_before(remind_before, &s))
		return invalid(error, "remind_before", remind_before,
		               "distinct working days 0..366 separated by ';' (e.g. 5;2;0)");
	if (overdue_every < 1) {
		char buf[16];
		snprintf(buf, sizeof buf, "%d", overdue_every);
		return invalid(error, "overdue_every", buf, "a number of working days >= 1");
	}
	if (escalate_after < 0) {
		char buf[16];
		snprintf(buf, sizeof buf, "%d", escalate_after);
		return invalid(error, "escalate_after", buf, "a number of reminders >= 0");
	}
	if (!send_at || !parse_time(send_at, &s.send_at))
		return invalid(error, "send_at", send_at, "a time HH:MM");
	if (!status_request || !parse_status_request(status_request, &s))
		return invalid(error, "status_request", status_request,
		               "'monthly:DAY', 'weekly:DAY' or 'off'");
	s.overdue_every = overdue_every;
	s.escalate_after = escalate_after;
	*out = s;
	return true;
}

bool schedule_from_config(const struct dd_config *cfg, struct dd_schedule *out, GError **error)
{
	char *joined = cfg->remind_before ? g_strjoinv(";", cfg->remind_before) : g_strdup("");
	bool ok = schedule_parse(joined, cfg->overdue_every, cfg->escalate_after, cfg->send_at,
	                         cfg->status_request, out, error);
	g_free(joined);
	return ok;
}

/* ---- what was already sent ---- */

struct dd_sent *schedule_sent_new(void)
{
	struct dd_sent *sent = g_new0(struct dd_sent, 1);
	sent->tasks = g_array_new(FALSE, TRUE, sizeof(struct dd_remind_state));
	sent->status_request_last = DD_NO_DATE;
	return sent;
}

void schedule_sent_free(struct dd_sent *sent)
{
	if (!sent)
		return;
	g_array_free(sent->tasks, TRUE);
	g_free(sent);
}

const struct dd_remind_state *schedule_sent_find(const struct dd_sent *sent, int64_t task)
{
	for (guint i = 0; sent && i < sent->tasks->len; i++) {
		const struct dd_remind_state *st =
			&g_array_index(sent->tasks, struct dd_remind_state, i);
		if (st->task == task)
			return st;
	}
	return NULL;
}

/* ---- one task ---- */

static bool task_is_open(const struct dd_task_rec *t)
{
	return t->status == DD_TASK_OPEN || t->status == DD_TASK_EXTENSION_REQUESTED;
}

/* The working day a task is due on for reminders, or DD_NO_DATE when it has
 * no dated deadline. A due date on a day off moves to the next working day. */
static dd_date task_due_day(const struct dd_task_rec *t, const struct dd_calendar *cal)
{
	if (!t->due || !t->due_kind || strcmp(t->due_kind, "ongoing") == 0 ||
	    strcmp(t->due_kind, "none") == 0)
		return DD_NO_DATE;
	dd_date due = date_parse_iso(t->due);
	if (due == DD_NO_DATE)
		return DD_NO_DATE;
	return calendar_next_workday(cal, due);
}

static bool remind_before_has(const struct dd_schedule *s, int n)
{
	for (int i = 0; i < s->n_remind_before; i++)
		if (s->remind_before[i] == n)
			return true;
	return false;
}

/* The reminder one task is due on working day `today`, or DD_REMIND_NONE. */
static enum dd_remind_kind task_reminder(const struct dd_task_rec *t,
                                         const struct dd_remind_state *st,
                                         const struct dd_schedule *s,
                                         const struct dd_calendar *cal, dd_date today)
{
	if (!task_is_open(t) || !t->lead)
		return DD_REMIND_NONE;
	dd_date due = task_due_day(t, cal);
	if (due == DD_NO_DATE)
		return DD_REMIND_NONE;
	if (st && st->last_date != DD_NO_DATE && st->last_date >= today)
		return DD_REMIND_NONE;                   /* already reminded today */
	if (today < due) {
		int ahead = calendar_workdays_between(cal, today, due);
		return ahead > 0 && remind_before_has(s, ahead) ? DD_REMIND_BEFORE_DUE
		                                                : DD_REMIND_NONE;
	}
	if (today == due)
		return remind_before_has(s, 0) ? DD_REMIND_DUE_TODAY : DD_REMIND_NONE;
	/* Overdue: count from the last reminder, or from the due day when the
	 * last reminder came before it. */
	dd_date since = due;
	if (st && st->last_date != DD_NO_DATE && st->last_date > due)
		since = st->last_date;
	if (calendar_workdays_between(cal, since, today) < s->overdue_every)
		return DD_REMIND_NONE;
	int count = st ? st->overdue_count : 0;
	return count >= s->escalate_after ? DD_REMIND_ESCALATION : DD_REMIND_OVERDUE;
}

/* ---- the status request day ---- */

/* The working day of the status request round that covers `today`, or
 * DD_NO_DATE when it is off. Monthly: day D of today's month (clamped to
 * the month), moved to the next working day; when last month's round was
 * moved into this month, it covers the days until this month's. Weekly:
 * the last weekday DAY on or before today, moved to the next working day;
 * while that is still ahead, the round of the week before. */
static dd_date status_round_day(const struct dd_schedule *s, const struct dd_calendar *cal,
                                dd_date today)
{
	if (s->status_period == DD_STATUS_WEEKLY) {
		dd_date last = today - (date_weekday(today) - s->status_day + 7) % 7;
		dd_date round = calendar_next_workday(cal, last);
		return round <= today ? round : calendar_next_workday(cal, last - 7);
	}
	if (s->status_period != DD_STATUS_MONTHLY)
		return DD_NO_DATE;
	int y, m, d;
	date_to_ymd(today, &y, &m, &d);
	int dim = date_days_in_month(y, m);
	dd_date this_month = calendar_next_workday(
		cal, date_from_ymd(y, m, s->status_day < dim ? s->status_day : dim));
	/* Last month's round may have spilled into this month. */
	int py = m == 1 ? y - 1 : y, pm = m == 1 ? 12 : m - 1;
	int pdim = date_days_in_month(py, pm);
	dd_date last_month = calendar_next_workday(
		cal, date_from_ymd(py, pm, s->status_day < pdim ? s->status_day : pdim));
	int ly, lm, ld;
	date_to_ymd(last_month, &ly, &lm, &ld);
	if (lm == m && last_month <= today && today < this_month)
		return last_month;
	return this_month;
}

/* ---- the plan ---- */

static void planned_msg_free(gpointer p)
{
	struct dd_planned_msg *msg = p;
	g_free(msg->unit);
	g_array_free(msg->tasks, TRUE);
	g_array_free(msg->task_kinds, TRUE);
	g_free(msg);
}

/* The message of `unit` and `kind` class in plan (reminder or status
 * request), created at the end when missing. */
static struct dd_planned_msg *plan_message(GPtrArray *plan, const char *unit, bool status)
{
	for (guint i = 0; i < plan->len; i++) {
		struct dd_planned_msg *msg = plan->pdata[i];
		if (strcmp(msg->unit, unit) == 0 && (msg->kind == DD_REMIND_STATUS_REQUEST) == status)
			return msg;
	}
	struct dd_planned_msg *msg = g_new0(struct dd_planned_msg, 1);
	msg->unit = g_strdup(unit);
	msg->kind = status ? DD_REMIND_STATUS_REQUEST : DD_REMIND_NONE;
	msg->tasks = g_array_new(FALSE, FALSE, sizeof(int64_t));
	msg->task_kinds = g_array_new(FALSE, FALSE, sizeof(enum dd_remind_kind));
	g_ptr_array_add(plan, msg);
	return msg;
}

static void plan_add(GPtrArray *plan, const struct dd_task_rec *t, enum dd_remind_kind kind)
{
	struct dd_planned_msg *msg = plan_message(plan, t->lead, kind == DD_REMIND_STATUS_REQUEST);
	g_array_append_val(msg->tasks, t->id);
	g_array_append_val(msg->task_kinds, kind);
	if (kind > msg->kind)
		msg->kind = kind;
	if (kind == DD_REMIND_ESCALATION)
		msg->copy_leaders = true;
}

/* Reminders first, then status requests; by unit within each. */
static gint compare_msgs(gconstpointer a, gconstpointer b)
{
	const struct dd_planned_msg *x = *(const struct dd_planned_msg *const *)a;
	const struct dd_planned_msg *y = *(const struct dd_planned_msg *const *)b;
	bool xs = x->kind == DD_REMIND_STATUS_REQUEST, ys = y->kind == DD_REMIND_STATUS_REQUEST;
	if (xs != ys)
		return xs ? 1 : -1;
	return strcmp(x->unit, y->unit);
}

/* Minutes after local midnight of a moment. */
static int local_minutes(gint64 now)
{
	gint64 local = now + DD_TZ_OFFSET;
	gint64 secs = ((local % 86400) + 86400) % 86400;
	return (int)(secs / 60);
}

GPtrArray *schedule_plan(const struct dd_task_rec *tasks, size_t n_tasks,
                         const struct dd_sent *sent, const struct dd_schedule *sched,
                         const struct dd_calendar *cal, gint64 now)
{
	GPtrArray *plan = g_ptr_array_new_with_free_func(planned_msg_free);
	dd_date today = clock_local_date(now);
	if (!calendar_is_workday(cal, today) || local_minutes(now) < sched->send_at)
		return plan;

	for (size_t i = 0; i < n_tasks; i++) {
		const struct dd_task_rec *t = &tasks[i];
		enum dd_remind_kind kind =
			task_reminder(t, schedule_sent_find(sent, t->id), sched, cal, today);
		if (kind != DD_REMIND_NONE)
			plan_add(plan, t, kind);
	}

	dd_date round = status_round_day(sched, cal, today);
	dd_date last = sent ? sent->status_request_last : DD_NO_DATE;
	if (round != DD_NO_DATE && round <= today && (last == DD_NO_DATE || last < round)) {
		for (size_t i = 0; i < n_tasks; i++)
			if (task_is_open(&tasks[i]) && tasks[i].lead)
				plan_add(plan, &tasks[i], DD_REMIND_STATUS_REQUEST);
	}

	g_ptr_array_sort(plan, compare_msgs);
	return plan;
}

/* The state of a task, added (never reminded) when missing. */
static struct dd_remind_state *sent_get(struct dd_sent *sent, int64_t task)
{
	struct dd_remind_state *st = (struct dd_remind_state *)schedule_sent_find(sent, task);
	if (st)
		return st;
	struct dd_remind_state fresh = {task, DD_REMIND_NONE, DD_NO_DATE, 0};
	g_array_append_val(sent->tasks, fresh);
	return &g_array_index(sent->tasks, struct dd_remind_state, sent->tasks->len - 1);
}

void schedule_record(struct dd_sent *sent, const GPtrArray *plan, gint64 now)
{
	dd_date today = clock_local_date(now);
	for (guint i = 0; i < plan->len; i++) {
		const struct dd_planned_msg *msg = plan->pdata[i];
		if (msg->kind == DD_REMIND_STATUS_REQUEST) {
			sent->status_request_last = today;
			continue;
		}
		for (guint j = 0; j < msg->tasks->len; j++) {
			struct dd_remind_state *st =
				sent_get(sent, g_array_index(msg->tasks, int64_t, j));
			enum dd_remind_kind kind = g_array_index(msg->task_kinds, enum dd_remind_kind, j);
			st->last_kind = kind;
			st->last_date = today;
			if (kind == DD_REMIND_OVERDUE || kind == DD_REMIND_ESCALATION)
				st->overdue_count++;
		}
	}
}
