/*
 * cli_admin.c — the administrator's commands on the directory, the calendar
 * and the outbox:
 *
 *   dondoc units import [FILE.csv]     replace the directory (default: [units] file)
 *   dondoc units list [--all] [--json] the directory (--all: with the units it dropped)
 *   dondoc holidays list YEAR [--json] the days off and worked Saturdays of a year
 *   dondoc workdays add DATE N [WHY]   N = 1: DATE is a working day; 0: a day off
 *   dondoc outbox [--json]             every message to send or sent, newest first
 *   dondoc outbox retry ID             a failed (or waiting) message, due now
 *
 * The calendar is the daemon's: the built-in schedules, the [calendar]
 * holidays file, then the days added by hand (the store's workdays).
 */
#include <inttypes.h>
#include <string.h>

#include "daemon/cli_common.h"
#include "daemon/clock.h"

#define USAGE_UNITS "units import [FILE.csv] | units list [--all] [--json]"
#define USAGE_HOLIDAYS "holidays list YEAR [--json]"
#define USAGE_WORKDAYS "workdays add YYYY-MM-DD 1|0 [WHY]   (1: a working day, 0: a day off)"
#define USAGE_OUTBOX "outbox [--json] | outbox retry ID"

static const char *const WEEKDAYS[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

/* ---- units --------------------------------------------------------------- */

static int units_import(int argc, char **argv)
{
	g_autoptr(GPtrArray) pos = g_ptr_array_new();
	if (!cli_parse(argc, argv, NULL, 0, pos, 0, 1, USAGE_UNITS))
		return EXIT_USAGE;
	struct cli_ctx c;
	if (!cli_open(&c, true))
		return EXIT_FAIL;
	const char *file = pos->len ? pos->pdata[0] : c.cfg->units_file;
	GError *err = NULL;
	struct dd_units *units = units_load_file(file, &err);
	if (!units) {
		cli_close(&c);
		return cli_fail(err);
	}
	for (const char *const *w = units_warnings(units); w && *w; w++)
		fprintf(stderr, "dondoc: warning: %s\n", *w);
	struct dd_units_import_stats s;
	int status = EXIT_OK;
	if (store_begin(c.st, &err) && store_units_import_stats(c.st, units, clock_now(), &s, &err) &&
	    store_commit(c.st, &err))
		printf("%s: %zu units: %d added, %d changed (%d with new addresses), %d removed, "
		       "%d restored, %d unchanged\n",
		       file, units_count(units), s.added, s.changed, s.readdress, s.removed, s.restored,
		       s.unchanged);
	else
		status = cli_fail_rollback(&c, err);
	units_free(units);
	cli_close(&c);
	return status;
}

static void unit_members(JsonBuilder *b, const void *item)
{
	const struct dd_unit_rec *u = item;
	cli_json_string(b, "id", u->id);
	cli_json_string(b, "name", u->name);
	cli_json_list(b, "emails", u->emails);
	cli_json_list(b, "groups", u->groups);
	cli_json_bool(b, "group", u->is_group);
	cli_json_bool(b, "active", u->active);
}

static void add_unit_row(struct cli_table *t, const void *item)
{
	const struct dd_unit_rec *u = item;
	char *name = cli_ellipsize(u->name, 50);
	char *emails = g_strdelimit(g_strdup(u->emails), ";", ' ');   /* "a@x b@x" */
	cli_table_add(t, (const char *const[]){u->id, name, emails, u->groups,
	                                       u->active ? "yes" : "no"});
	g_free(name);
	g_free(emails);
}

static int units_list(int argc, char **argv)
{
	bool json = false, all = false;
	const struct cli_opt opts[] = {{"--json", &json, NULL}, {"--all", &all, NULL}};
	g_autoptr(GPtrArray) pos = g_ptr_array_new();
	if (!cli_parse(argc, argv, opts, G_N_ELEMENTS(opts), pos, 0, 0, USAGE_UNITS))
		return EXIT_USAGE;
	struct cli_ctx c;
	if (!cli_open(&c, false))
		return EXIT_FAIL;
	GError *err = NULL;
	GPtrArray *units = store_units(c.st, all, &err);
	cli_close(&c);
	static const char *const head[] = {"ID", "NAME", "EMAILS", "GROUPS", "ACTIVE"};
	return cli_print_list(units, err, json, all ? 5 : 4, head, unit_members, add_unit_row);
}

int cmd_units(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "import") == 0)
		return units_import(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return units_list(argc - 1, argv + 1);
	return cli_usage(USAGE_UNITS);
}

/* ---- the calendar --------------------------------------------------------- */

/* The daemon's working-day calendar: built in, the holidays file, the
 * store's days added by hand (c->st may be NULL). NULL after printing. */
static struct dd_calendar *load_calendar(struct cli_ctx *c)
{
	struct dd_calendar *cal = calendar_new();
	GError *err = NULL;
	char *workdays = NULL;
	bool ok = !c->cfg->holidays_file || calendar_load_file(cal, c->cfg->holidays_file, &err);
	if (ok && c->st)
		ok = (workdays = store_workdays_text(c->st, &err)) &&
		     calendar_load_text(cal, workdays, "workdays added by hand", &err);
	g_free(workdays);
	if (!ok) {
		cli_fail(err);
		calendar_free(cal);
		return NULL;
	}
	return cal;
}

static void print_day_json(const char *date, bool working, const char *why, bool provisional)
{
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	cli_json_string(b, "date", date);
	cli_json_string(b, "kind", working ? "work" : "off");
	cli_json_string(b, "why", why);
	cli_json_bool(b, "provisional", provisional);
	json_builder_end_object(b);
	cli_json_print(b);
}

static int holidays_list(int argc, char **argv)
{
	bool json = false;
	const struct cli_opt opts[] = {{"--json", &json, NULL}};
	g_autoptr(GPtrArray) pos = g_ptr_array_new();
	guint64 year = 0;
	if (!cli_parse(argc, argv, opts, G_N_ELEMENTS(opts), pos, 1, 1, USAGE_HOLIDAYS))
		return EXIT_USAGE;
	if (!g_ascii_string_to_unsigned(pos->pdata[0], 10, 1, 9999, &year, NULL)) {
		fprintf(stderr, "dondoc: '%s' is not a year\n", (char *)pos->pdata[0]);
		return EXIT_USAGE;
	}
	/* the store only when there is one: the calendar does without it */
	struct cli_ctx c;
	GError *err = NULL;
	if (!cli_load_config(&c))
		return EXIT_FAIL;
	if (g_file_test(c.cfg->store_path, G_FILE_TEST_EXISTS) &&
	    !(c.st = store_open(c.cfg->store_path, true, &err))) {
		cli_close(&c);
		return cli_fail(err);
	}
	struct dd_calendar *cal = load_calendar(&c);
	if (!cal) {
		cli_close(&c);
		return EXIT_FAIL;
	}
	dd_date *days = NULL;
	bool *working = NULL;
	const char **why = NULL;
	size_t n = calendar_list_year(cal, (int)year, &days, &working, &why);
	bool provisional = calendar_year_is_provisional(cal, (int)year);
	static const char *const head[] = {"DATE", "DAY", "KIND", "WHY"};
	struct cli_table *t = json ? NULL : cli_table_new(G_N_ELEMENTS(head), head);
	if (provisional && !json)
		printf("%d: no published schedule; the built-in rules (provisional)\n", (int)year);
	for (size_t i = 0; i < n; i++) {
		char date[16];
		date_format_iso(days[i], date);
		if (json)
			print_day_json(date, working[i], why[i], provisional);
		else
			cli_table_add(t, (const char *const[]){date, WEEKDAYS[date_weekday(days[i])],
			                                       working[i] ? "work" : "off", why[i]});
	}
	if (t)
		cli_table_print(t, stdout);
	g_free(days);
	g_free(working);
	g_free(why);
	calendar_free(cal);
	cli_close(&c);
	return EXIT_OK;
}

int cmd_holidays(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return holidays_list(argc - 1, argv + 1);
	return cli_usage(USAGE_HOLIDAYS);
}

/* Add the day to the store and say what that changed. */
static int workday_set(struct cli_ctx *c, const char *date, bool working, const char *why)
{
	struct dd_calendar *cal = load_calendar(c);
	if (!cal)
		return EXIT_FAIL;
	dd_date d = date_parse_iso(date);
	bool was = calendar_is_workday(cal, d);
	calendar_free(cal);
	GError *err = NULL;
	if (!store_begin(c->st, &err) || !store_workday_set(c->st, date, working, why, &err) ||
	    !store_commit(c->st, &err))
		return cli_fail_rollback(c, err);
	const char *was_s = was ? "a working day" : "a day off";
	const char *now_s = working ? "a working day" : "a day off";
	if (was == working)
		printf("%s (%s): already %s; recorded\n", date, WEEKDAYS[date_weekday(d)], now_s);
	else
		printf("%s (%s): %s → %s\n", date, WEEKDAYS[date_weekday(d)], was_s, now_s);
	return EXIT_OK;
}

int cmd_workdays(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "add") != 0)
		return cli_usage(USAGE_WORKDAYS);
	g_autoptr(GPtrArray) pos = g_ptr_array_new();
	dd_date d;
	if (!cli_parse(argc - 1, argv + 1, NULL, 0, pos, 2, 3, USAGE_WORKDAYS))
		return EXIT_USAGE;
	const char *date = pos->pdata[0], *n = pos->pdata[1];
	if (strcmp(n, "0") != 0 && strcmp(n, "1") != 0)
		return cli_usage(USAGE_WORKDAYS);
	if (!cli_parse_date(date, &d))
		return EXIT_FAIL;
	struct cli_ctx c;
	if (!cli_open(&c, true))
		return EXIT_FAIL;
	char *why = pos->len > 2 ? g_strdup(pos->pdata[2])
	                         : g_strconcat("dondoc workdays add (", cli_actor(), ")", NULL);
	int status = workday_set(&c, date, n[0] == '1', why);
	g_free(why);
	cli_close(&c);
	return status;
}

/* ---- outbox ---------------------------------------------------------------- */

static void out_members(JsonBuilder *b, const void *item)
{
	const struct dd_out_rec *o = item;
	cli_json_int(b, "id", o->id);
	cli_json_string(b, "kind", o->kind);
	cli_json_list(b, "recipients", o->recipients);
	cli_json_string(b, "subject", o->subject);
	cli_json_string(b, "status", store_out_status_name(o->status));
	cli_json_int(b, "attempts", o->attempts);
	cli_json_time(b, "created_at", o->created_at);
	cli_json_time(b, "next_attempt_at", o->status == DD_OUT_QUEUED ? o->next_attempt_at : 0);
	cli_json_time(b, "sent_at", o->sent_at);
	cli_json_string(b, "last_error", o->last_error);
	cli_json_int(b, "task", o->task);
	cli_json_int(b, "document", o->document);
}

static void add_out_row(struct cli_table *t, const void *item)
{
	const struct dd_out_rec *o = item;
	char id[24], attempts[16];
	g_snprintf(id, sizeof id, "%" PRId64, o->id);
	g_snprintf(attempts, sizeof attempts, "%d", o->attempts);
	/* when it goes (queued) or went (sent) */
	char *when = cli_local_time(o->status == DD_OUT_SENT     ? o->sent_at
	                            : o->status == DD_OUT_QUEUED ? o->next_attempt_at
	                                                         : 0);
	char *subject = cli_ellipsize(o->subject, 40), *error = cli_ellipsize(o->last_error, 40);
	cli_table_add(t, (const char *const[]){id, o->kind, o->recipients, subject,
	                                       store_out_status_name(o->status), attempts, when, error});
	g_free(when);
	g_free(subject);
	g_free(error);
}

static int outbox_list(int argc, char **argv)
{
	bool json = false;
	const struct cli_opt opts[] = {{"--json", &json, NULL}};
	g_autoptr(GPtrArray) pos = g_ptr_array_new();
	if (!cli_parse(argc, argv, opts, G_N_ELEMENTS(opts), pos, 0, 0, USAGE_OUTBOX))
		return EXIT_USAGE;
	struct cli_ctx c;
	if (!cli_open(&c, false))
		return EXIT_FAIL;
	GError *err = NULL;
	GPtrArray *out = store_outbox(c.st, &err);
	cli_close(&c);
	static const char *const head[] = {"ID",    "KIND",  "TO",   "SUBJECT",
	                                   "STATUS", "TRIES", "WHEN", "LAST ERROR"};
	return cli_print_list(out, err, json, G_N_ELEMENTS(head), head, out_members, add_out_row);
}

static int outbox_retry(int argc, char **argv)
{
	g_autoptr(GPtrArray) pos = g_ptr_array_new();
	int64_t id;
	if (!cli_parse(argc, argv, NULL, 0, pos, 1, 1, USAGE_OUTBOX))
		return EXIT_USAGE;
	if (!cli_parse_id(pos->pdata[0], "an outbox message", &id))
		return EXIT_FAIL;
	struct cli_ctx c;
	if (!cli_open(&c, true))
		return EXIT_FAIL;
	GError *err = NULL;
	struct dd_out_rec o = {0};
	int status = EXIT_OK;
	if (store_begin(c.st, &err) && store_outbox_get(c.st, id, &o, &err) &&
	    store_outbox_requeue(c.st, id, clock_now(), &err) && store_commit(c.st, &err))
		printf("outbox %" PRId64 ": queued again, due now (was %s after %d attempts%s%s)\n", id,
		       store_out_status_name(o.status), o.attempts, o.last_error ? ": " : "",
		       o.last_error ? o.last_error : "");
	else
		status = cli_fail_rollback(&c, err);
	store_out_rec_clear(&o);
	cli_close(&c);
	return status;
}

int cmd_outbox(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "retry") == 0)
		return outbox_retry(argc - 1, argv + 1);
	return outbox_list(argc, argv);
}
