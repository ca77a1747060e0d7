/*
 * schedule.h — which reminders and status requests are due at a moment.
 *
 * A pure module: it reads no store, no clock and sends nothing. Given the
 * tasks, what was already sent, the [schedule] settings, the working-day
 * calendar and a moment `now`, schedule_plan() lists the messages due at
 * `now`. The caller sends them and then calls schedule_record() so that the
 * same day gives nothing more.
 *
 * The rules (DESIGN.md [schedule], DOMAIN.md §1.8):
 *   - Mail goes out only on working days, at or after send_at (local time,
 *     Asia/Ho_Chi_Minh, UTC+7).
 *   - Only open tasks (status open or extension requested) whose due_kind
 *     gives a date (not "ongoing" or "none") get reminders. A due date on a
 *     day off counts on the next working day (BLDS Art. 148 khoản 5).
 *   - Before the due date: a reminder when the due date is exactly N working
 *     days ahead, N in remind_before other than 0; on the due day itself a
 *     "due today" reminder when remind_before holds 0.
 *   - After the due date: an overdue reminder once overdue_every working days
 *     have passed since the last reminder (or since the due date, when the
 *     last reminder was before it). Once escalate_after overdue reminders
 *     were sent, the next ones are escalations, with the leaders copied.
 *   - Catch-up: only what is due today is sent. Missed before-due reminders
 *     are skipped; an overdue reminder late by several intervals is sent
 *     once, and the interval restarts from that day.
 *   - One reminder message per unit and day, listing all its tasks due a
 *     reminder; its kind is the most urgent of theirs.
 *   - Status request: "monthly:D" on day D of each month (the last day of a
 *     shorter month), or the next working day; "weekly:DAY" on that weekday
 *     or the next working day; "off". Sent once to every unit with open
 *     tasks (of any due_kind); when the daemon was down on the day, sent
 *     late, until the next round's day (monthly: only within the month).
 */
#ifndef DONDOC_DAEMON_SCHEDULE_H
#define DONDOC_DAEMON_SCHEDULE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "daemon/config.h"
#include "daemon/store.h"
#include "rules/calendar.h"

/* Ordered from the least to the most urgent reminder; the status request last. */
enum dd_remind_kind {
	DD_REMIND_NONE,
	DD_REMIND_BEFORE_DUE,
	DD_REMIND_DUE_TODAY,
	DD_REMIND_OVERDUE,
	DD_REMIND_ESCALATION,
	DD_REMIND_STATUS_REQUEST,
};
/* "before_due", "due_today", "overdue", "escalation", "status_request" ("none"). */
const char *schedule_kind_name(enum dd_remind_kind kind);

/* ---- settings ---- */

#define DD_SCHEDULE_MAX_BEFORE 16

enum dd_status_period { DD_STATUS_OFF, DD_STATUS_MONTHLY, DD_STATUS_WEEKLY };

struct dd_schedule {
	int remind_before[DD_SCHEDULE_MAX_BEFORE]; /* working days, largest first, distinct */
	int n_remind_before;
	int overdue_every;          /* >= 1 working days */
	int escalate_after;         /* >= 0 overdue reminders */
	int send_at;                /* minutes after local midnight */
	enum dd_status_period status_period;
	int status_day;             /* monthly: 1..31; weekly: 0 = Sunday .. 6 = Saturday */
};

#define DD_SCHEDULE_ERROR (dd_schedule_error_quark())
GQuark dd_schedule_error_quark(void);
enum dd_schedule_error {
	DD_SCHEDULE_ERROR_INVALID,  /* message names the setting and the bad value */
};

/* Parse the settings as written in the config: remind_before "5;2;0"
 * (0..366 each, any order, ';' between, blanks allowed, "" for none),
 * send_at "HH:MM", status_request "monthly:20", "weekly:mon" or "off".
 * On error *out is unchanged and false is returned. */
bool schedule_parse(const char *remind_before, int overdue_every, int escalate_after,
                    const char *send_at, const char *status_request,
                    struct dd_schedule *out, GError **error);
/* The same from a loaded config (its remind_before is already split). */
bool schedule_from_config(const struct dd_config *cfg, struct dd_schedule *out, GError **error);

/* ---- what was already sent (the store will persist it) ---- */

/* One task's reminder history. */
struct dd_remind_state {
	int64_t task;
	enum dd_remind_kind last_kind;  /* DD_REMIND_NONE: never reminded */
	dd_date last_date;              /* local date of the last reminder, or DD_NO_DATE */
	int overdue_count;              /* overdue reminders sent, escalations included */
};

struct dd_sent {
	GArray *tasks;                  /* struct dd_remind_state, any order */
	dd_date status_request_last;    /* the last status request round, or DD_NO_DATE */
};

struct dd_sent *schedule_sent_new(void);
void schedule_sent_free(struct dd_sent *sent);
/* The state of a task, or NULL when nothing was ever sent for it. */
const struct dd_remind_state *schedule_sent_find(const struct dd_sent *sent, int64_t task);

/* ---- the plan ---- */

struct dd_planned_msg {
	char *unit;                     /* lead unit id */
	enum dd_remind_kind kind;       /* the most urgent kind of its tasks */
	GArray *tasks;                  /* int64_t task ids, in the order of the input */
	GArray *task_kinds;             /* enum dd_remind_kind of each task (parallel) */
	bool copy_leaders;              /* an escalation is in it */
};

/* The messages due at `now` (unix seconds): a GPtrArray of struct
 * dd_planned_msg * (it frees them), reminders sorted by unit, then the
 * status requests sorted by unit. Empty on a day off or before send_at.
 * Same inputs, same plan; nothing is changed. */
GPtrArray *schedule_plan(const struct dd_task_rec *tasks, size_t n_tasks,
                         const struct dd_sent *sent, const struct dd_schedule *sched,
                         const struct dd_calendar *cal, gint64 now);

/* Record a plan as sent on the local date of `now`. */
void schedule_record(struct dd_sent *sent, const GPtrArray *plan, gint64 now);

#endif
