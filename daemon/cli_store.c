/*
 * cli_store.c — the query and correction commands on documents and tasks:
 *
 *   dondoc documents [--json]
 *   dondoc tasks [--unit ID] [--status S] [--json]
 *   dondoc task show ID [--json]
 *   dondoc task confirm ID               review → open
 *   dondoc task close ID [--date D]      → done, completed on D (today)
 *   dondoc task reopen ID                done or cancelled → open
 *   dondoc task extend ID DATE           a new due date; original_due kept
 *   dondoc task edit ID [--lead U] [--support U;U] [--due D|none]
 *                       [--due-kind K] [--summary S]
 *
 * A task id is "17" or "NV-17". A change is made in one transaction with
 * its task_events row: actor "cli:$USER", detail the changed fields as JSON
 * ({"due": {"from": "2019-06-15", "to": "2019-06-30"}, ...}). "overdue" is
 * computed against the one clock (`--now`): a due date before today's local
 * date, and the task neither done nor cancelled.
 */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "daemon/cli_common.h"
#include "daemon/clock.h"
#include "rules/deadline.h"
#include "rules/normalize.h"

#define USAGE_DOCUMENTS "documents [--json]"
#define USAGE_TASKS "tasks [--unit ID] [--status review|open|extension_requested|done|cancelled] [--json]"
#define USAGE_TASK                                                                         \
	"task show ID [--json] | task confirm|reopen ID | task close ID [--date YYYY-MM-DD]\n"  \
	"       | task extend ID YYYY-MM-DD\n"                                                  \
	"       | task edit ID [--lead UNIT] [--support UNIT;UNIT] [--due YYYY-MM-DD|none]\n"  \
	"                      [--due-kind date|working_days|days|recurring|ongoing|none] [--summary TEXT]"

/* ---- documents ---------------------------------------------------------- */

static void document_members(JsonBuilder *b, const void *item)
{
	const struct dd_doc_rec *d = item;
	cli_json_int(b, "id", d->id);
	cli_json_string(b, "number", d->number);
	cli_json_string(b, "type", d->type);
	cli_json_string(b, "issuer", d->issuer);
	cli_json_string(b, "issued", d->issued);
	cli_json_string(b, "subject", d->subject);
	cli_json_string(b, "register_by", d->register_by);
	cli_json_time(b, "registered_at", d->registered_at);
	cli_json_bool(b, "late", d->late);
	cli_json_int(b, "tasks", d->ntasks);
	cli_json_string(b, "message_id", d->message_id);
	cli_json_int(b, "version", d->version);
}

static void add_document_row(struct cli_table *t, const void *item)
{
	const struct dd_doc_rec *d = item;
	char id[24], ntasks[16];
	g_snprintf(id, sizeof id, "%" PRId64, d->id);
	g_snprintf(ntasks, sizeof ntasks, "%d", d->ntasks);
	char *registered = cli_local_time(d->registered_at);
	char *subject = cli_ellipsize(d->subject, 60);
	cli_table_add(t, (const char *const[]){id, d->number, d->issued, d->register_by, registered,
	                                       d->late ? "late" : "", ntasks, subject});
	g_free(registered);
	g_free(subject);
}

int cmd_documents(int argc, char **argv)
{
	bool json = false;
	const struct cli_opt opts[] = {{"--json", &json, NULL}};
	g_autoptr(GPtrArray) pos = g_ptr_array_new();
	if (!cli_parse(argc, argv, opts, G_N_ELEMENTS(opts), pos, 0, 0, USAGE_DOCUMENTS))
		return EXIT_USAGE;
	struct cli_ctx c;
	if (!cli_open(&c, false))
		return EXIT_FAIL;
	GError *err = NULL;
	GPtrArray *docs = store_documents(c.st, &err);
	cli_close(&c);
	static const char *const head[] = {"ID", "NUMBER", "ISSUED", "REGISTER BY", "REGISTERED",
	                                   "LATE", "TASKS", "SUBJECT"};
	return cli_print_list(docs, err, json, G_N_ELEMENTS(head), head, document_members,
	                      add_document_row);
}

/* ---- tasks: what is shown ------------------------------------------------ */

static bool task_overdue(const struct dd_task_rec *t)
{
	if (!t->due || t->status == DD_TASK_DONE || t->status == DD_TASK_CANCELLED)
		return false;
	dd_date due = date_parse_iso(t->due);
	return due != DD_NO_DATE && due < cli_today();
}

/* A done task was on time when completed on or before its due date. */
static bool task_on_time(const struct dd_task_rec *t)
{
	return !t->due || (t->completed_on && strcmp(t->completed_on, t->due) <= 0);
}

/* The members of DESIGN.md's `tasks --json` object. */
static void task_members(JsonBuilder *b, const void *item)
{
	const struct dd_task_rec *t = item;
	char code[32];
	g_snprintf(code, sizeof code, "NV-%" PRId64, t->id);
	cli_json_int(b, "id", t->id);
	cli_json_string(b, "code", code);
	json_builder_set_member_name(b, "document");
	json_builder_begin_object(b);
	cli_json_string(b, "number", t->doc_number);
	cli_json_string(b, "issued", t->doc_issued);
	json_builder_end_object(b);
	cli_json_list(b, "lead", t->lead);
	cli_json_list(b, "support", t->support);
	cli_json_string(b, "due", t->due);
	cli_json_string(b, "due_kind", t->due_kind);
	cli_json_string(b, "status", store_task_status_name(t->status));
	cli_json_bool(b, "overdue", task_overdue(t));
	cli_json_int(b, "progress", t->progress);
	cli_json_string(b, "completed_on", t->completed_on);
	cli_json_string(b, "summary", t->summary);
	if (t->status == DD_TASK_DONE)
		cli_json_bool(b, "on_time", task_on_time(t));
}

/* "open", "open, overdue", "done, late" */
static char *task_status_text(const struct dd_task_rec *t)
{
	const char *name = store_task_status_name(t->status);
	if (task_overdue(t))
		return g_strconcat(name, ", overdue", NULL);
	if (t->status == DD_TASK_DONE && !task_on_time(t))
		return g_strconcat(name, ", late", NULL);
	return g_strdup(name);
}

static void add_task_row(struct cli_table *tab, const void *item)
{
	const struct dd_task_rec *t = item;
	char code[32], progress[16];
	g_snprintf(code, sizeof code, "NV-%" PRId64, t->id);
	g_snprintf(progress, sizeof progress, "%d%%", t->progress);
	char *status = task_status_text(t);
	char *summary = cli_ellipsize(t->summary, 60);
	cli_table_add(tab, (const char *const[]){code, t->doc_number, t->lead, t->due, status,
	                                         progress, summary});
	g_free(status);
	g_free(summary);
}

int cmd_tasks(int argc, char **argv)
{
	bool json = false;
	const char *unit = NULL, *status_name = NULL;
	const struct cli_opt opts[] = {
		{"--json", &json, NULL}, {"--unit", NULL, &unit}, {"--status", NULL, &status_name}};
	g_autoptr(GPtrArray) pos = g_ptr_array_new();
	if (!cli_parse(argc, argv, opts, G_N_ELEMENTS(opts), pos, 0, 0, USAGE_TASKS))
		return EXIT_USAGE;
	struct dd_task_filter f = {unit, -1, 0};
	enum dd_task_status status;
	if (status_name && !store_task_status_parse(status_name, &status)) {
		fprintf(stderr, "dondoc tasks: no status '%s'\n", status_name);
		return cli_usage(USAGE_TASKS);
	}
	if (status_name)
		f.status = (int)status;

	struct cli_ctx c;
	if (!cli_open(&c, false))
		return EXIT_FAIL;
	GError *err = NULL;
	struct dd_unit_rec u = {0};
	if (unit && !store_unit_get(c.st, unit, &u, NULL))
		fprintf(stderr, "dondoc: warning: unit %s is not in the directory\n", unit);
	store_unit_rec_clear(&u);
	GPtrArray *tasks = store_tasks(c.st, &f, &err);
	cli_close(&c);
	static const char *const head[] = {"TASK", "DOCUMENT", "LEAD", "DUE", "STATUS", "DONE",
	                                   "SUMMARY"};
	return cli_print_list(tasks, err, json, G_N_ELEMENTS(head), head, task_members,
	                      add_task_row);
}

/* ---- task show ----------------------------------------------------------- */

static void print_task_json(const struct dd_task_rec *t, const GPtrArray *events)
{
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	task_members(b, t);
	cli_json_int(b, "document_id", t->document);
	cli_json_int(b, "seq", t->seq);
	cli_json_string(b, "from_group", t->from_group);
	cli_json_string(b, "due_text", t->due_text);
	cli_json_string(b, "original_due", t->original_due);
	json_builder_set_member_name(b, "confidence");
	json_builder_add_double_value(b, t->confidence);
	json_builder_set_member_name(b, "events");
	json_builder_begin_array(b);
	for (guint i = 0; i < events->len; i++) {
		const struct dd_event_rec *e = g_ptr_array_index(events, i);
		json_builder_begin_object(b);
		cli_json_time(b, "at", e->at);
		cli_json_string(b, "actor", e->actor);
		cli_json_string(b, "kind", e->kind);
		JsonNode *detail = e->detail ? json_from_string(e->detail, NULL) : NULL;
		json_builder_set_member_name(b, "detail");
		if (detail)
			json_builder_add_value(b, detail);   /* the JSON the event holds */
		else
			json_builder_add_string_value(b, e->detail ? e->detail : "");
		if (e->message)
			cli_json_int(b, "message", e->message);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	cli_json_print(b);
}

static void add_field(struct cli_table *t, const char *name, const char *value)
{
	cli_table_add(t, (const char *const[]){name, value && *value ? value : "-"});
}

static void print_task_human(const struct dd_task_rec *t, const GPtrArray *events)
{
	char *title = g_strdup_printf("NV-%" PRId64, t->id);
	char *doc = g_strdup_printf("%s of %s (document %" PRId64 ", task %d in it)",
	                            t->doc_number ? t->doc_number : "?",
	                            t->doc_issued ? t->doc_issued : "?", t->document, t->seq);
	char *due = t->due_text && *t->due_text
	                    ? g_strdup_printf("%s (%s: \"%s\")", t->due ? t->due : "-", t->due_kind,
	                                      t->due_text)
	                    : g_strdup_printf("%s (%s)", t->due ? t->due : "-", t->due_kind);
	char *status = task_status_text(t);
	char *progress = g_strdup_printf("%d%%", t->progress);
	char *confidence = g_strdup_printf("%.2f", t->confidence);
	char **ids = g_strsplit(t->support ? t->support : "", ";", -1);
	char *support = g_strjoinv(", ", ids);
	g_strfreev(ids);

	struct cli_table *f = cli_table_new(2, NULL);
	add_field(f, "task", title);
	add_field(f, "document", doc);
	add_field(f, "lead", t->lead);
	add_field(f, "support", support);
	add_field(f, "from group", t->from_group);
	add_field(f, "summary", t->summary);
	add_field(f, "due", due);
	add_field(f, "original due", t->original_due);
	add_field(f, "status", status);
	add_field(f, "progress", progress);
	add_field(f, "completed on", t->completed_on);
	add_field(f, "confidence", confidence);
	cli_table_print(f, stdout);
	g_free(title);
	g_free(doc);
	g_free(due);
	g_free(status);
	g_free(progress);
	g_free(confidence);
	g_free(support);

	printf("\nhistory:\n");
	static const char *const head[] = {"  AT", "BY", "EVENT", "DETAIL"};
	struct cli_table *h = cli_table_new(G_N_ELEMENTS(head), head);
	for (guint i = 0; i < events->len; i++) {
		const struct dd_event_rec *e = g_ptr_array_index(events, i);
		char *at = cli_local_time(e->at);
		char *indented = g_strconcat("  ", at, NULL);
		cli_table_add(h, (const char *const[]){indented, e->actor, e->kind, e->detail});
		g_free(at);
		g_free(indented);
	}
	cli_table_print(h, stdout);
}

static int task_show(int64_t id, bool json)
{
	struct cli_ctx c;
	if (!cli_open(&c, false))
		return EXIT_FAIL;
	GError *err = NULL;
	struct dd_task_rec t = {0};
	GPtrArray *events = NULL;
	if (store_task_get(c.st, id, &t, &err))
		events = store_events(c.st, id, &err);
	cli_close(&c);
	if (!events) {
		store_task_rec_clear(&t);
		return cli_fail(err);
	}
	if (json)
		print_task_json(&t, events);
	else
		print_task_human(&t, events);
	store_task_rec_clear(&t);
	g_ptr_array_unref(events);
	return EXIT_OK;
}

/* ---- task changes: the frame --------------------------------------------- */

/* A correction of one task: checks the task as it stands and changes it;
 * false, with *why (allocated), when it does not apply. */
typedef bool (*task_change_fn)(struct dd_store *st, struct dd_task_rec *t, const void *arg,
                               char **why);

/* The fields a correction may change, as text, for the event and the
 * message printed. Returns NULL for a field not listed. */
static const char *field_text(const struct dd_task_rec *t, const char *name, char buf[16])
{
	if (strcmp(name, "status") == 0)
		return store_task_status_name(t->status);
	if (strcmp(name, "progress") == 0) {
		g_snprintf(buf, 16, "%d", t->progress);
		return buf;
	}
	static const struct {
		const char *name;
		size_t offset;
	} TEXT_FIELDS[] = {
		{"lead", offsetof(struct dd_task_rec, lead)},
		{"support", offsetof(struct dd_task_rec, support)},
		{"due", offsetof(struct dd_task_rec, due)},
		{"due_kind", offsetof(struct dd_task_rec, due_kind)},
		{"original_due", offsetof(struct dd_task_rec, original_due)},
		{"completed_on", offsetof(struct dd_task_rec, completed_on)},
		{"summary", offsetof(struct dd_task_rec, summary)},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(TEXT_FIELDS); i++)
		if (strcmp(name, TEXT_FIELDS[i].name) == 0)
			return *(char *const *)((const char *)t + TEXT_FIELDS[i].offset);
	return NULL;
}

static const char *const CHANGED_FIELDS[] = {"status",       "lead",     "support",
                                             "due",          "due_kind", "original_due",
                                             "completed_on", "progress", "summary"};

/* What changed from `a` to `b`: the event's JSON detail and a line for
 * people ("due 2019-06-15 → 2019-06-30; status ..."); false when nothing. */
static bool task_diff(const struct dd_task_rec *a, const struct dd_task_rec *b, char **detail,
                      char **text)
{
	JsonBuilder *j = json_builder_new();
	GString *s = g_string_new(NULL);
	json_builder_begin_object(j);
	for (size_t i = 0; i < G_N_ELEMENTS(CHANGED_FIELDS); i++) {
		char ba[16], bb[16];
		const char *name = CHANGED_FIELDS[i];
		const char *from = field_text(a, name, ba), *to = field_text(b, name, bb);
		if (g_strcmp0(from, to) == 0)
			continue;
		json_builder_set_member_name(j, name);
		json_builder_begin_object(j);
		cli_json_string(j, "from", from);
		cli_json_string(j, "to", to);
		json_builder_end_object(j);
		char *f = cli_ellipsize(from ? from : "-", 40), *t = cli_ellipsize(to ? to : "-", 40);
		g_string_append_printf(s, "%s%s %s → %s", s->len ? "; " : "", name, f, t);
		g_free(f);
		g_free(t);
	}
	json_builder_end_object(j);
	bool changed = s->len > 0;
	*detail = cli_json_text(j);
	*text = g_string_free(s, FALSE);
	return changed;
}

/* Load task `id`, apply `change`, and write it back with its event of
 * `kind`, all in one transaction; print what changed. */
static int change_task(int64_t id, const char *kind, task_change_fn change, const void *arg)
{
	struct cli_ctx c;
	if (!cli_open(&c, true))
		return EXIT_FAIL;
	GError *err = NULL;
	struct dd_task_rec before = {0}, after = {0};
	char *why = NULL, *detail = NULL, *text = NULL;
	int status = EXIT_FAIL;
	if (!store_begin(c.st, &err) || !store_task_get(c.st, id, &before, &err) ||
	    !store_task_get(c.st, id, &after, &err)) {
		cli_fail_rollback(&c, err);
	} else if (!change(c.st, &after, arg, &why)) {
		store_rollback(c.st);
		fprintf(stderr, "dondoc: task %" PRId64 ": %s\n", id, why);
	} else if (!task_diff(&before, &after, &detail, &text)) {
		store_rollback(c.st);
		printf("NV-%" PRId64 ": nothing to change\n", id);
		status = EXIT_OK;
	} else {
		struct dd_event_rec e = {.task = id, .at = clock_now(), .actor = (char *)cli_actor(),
		                         .kind = (char *)kind, .detail = detail};
		if (store_task_update(c.st, &after, &err) && store_event_add(c.st, &e, &err) &&
		    store_commit(c.st, &err)) {
			printf("NV-%" PRId64 " %s: %s\n", id, kind, text);
			status = EXIT_OK;
		} else {
			cli_fail_rollback(&c, err);
		}
	}
	g_free(why);
	g_free(detail);
	g_free(text);
	store_task_rec_clear(&before);
	store_task_rec_clear(&after);
	cli_close(&c);
	return status;
}

static void set_text(char **field, const char *value)
{
	g_free(*field);
	*field = g_strdup(value);
}

static bool finished(const struct dd_task_rec *t)
{
	return t->status == DD_TASK_DONE || t->status == DD_TASK_CANCELLED;
}

/* ---- task confirm, close, reopen, extend ----------------------------------- */

static bool confirm_change(struct dd_store *st, struct dd_task_rec *t, const void *arg, char **why)
{
	if (t->status != DD_TASK_REVIEW) {
		*why = g_strdup_printf("status is %s: only a task in review can be confirmed",
		                       store_task_status_name(t->status));
		return false;
	}
	t->status = DD_TASK_OPEN;
	return true;
}

/* arg: the completion date, "YYYY-MM-DD". */
static bool close_change(struct dd_store *st, struct dd_task_rec *t, const void *arg, char **why)
{
	if (finished(t)) {
		*why = t->status == DD_TASK_DONE
		               ? g_strdup_printf("already done (on %s)",
		                                 t->completed_on ? t->completed_on : "?")
		               : g_strdup("cancelled: reopen it first");
		return false;
	}
	t->status = DD_TASK_DONE;
	t->progress = 100;
	set_text(&t->completed_on, arg);
	return true;
}

static bool reopen_change(struct dd_store *st, struct dd_task_rec *t, const void *arg, char **why)
{
	if (!finished(t)) {
		*why = g_strdup_printf("status is %s: only a done or cancelled task can be reopened",
		                       store_task_status_name(t->status));
		return false;
	}
	t->status = DD_TASK_OPEN;
	set_text(&t->completed_on, NULL);
	return true;
}

/* arg: the new due date, "YYYY-MM-DD". The first due date is kept in
 * original_due; an extension asked for is thereby granted. */
static bool extend_change(struct dd_store *st, struct dd_task_rec *t, const void *arg, char **why)
{
	const char *date = arg;
	if (finished(t)) {
		*why = g_strdup_printf("status is %s: reopen it before extending it",
		                       store_task_status_name(t->status));
		return false;
	}
	if (g_strcmp0(t->due, date) == 0) {
		*why = g_strdup_printf("already due on %s", date);
		return false;
	}
	if (!t->original_due)
		set_text(&t->original_due, t->due);
	set_text(&t->due, date);
	set_text(&t->due_kind, "date");
	if (t->status == DD_TASK_EXTENSION_REQUESTED)
		t->status = DD_TASK_OPEN;
	return true;
}

/* ---- task edit ----------------------------------------------------------- */

struct edit_args {
	const char *lead, *support, *due, *due_kind, *summary;
};

/* Is `id` a unit of the store's directory that may take this role? */
static bool check_unit(struct dd_store *st, const char *id, bool lead, char **why)
{
	struct dd_unit_rec u = {0};
	GError *err = NULL;
	if (!store_unit_get(st, id, &u, &err)) {
		*why = err->code == DD_STORE_NOT_FOUND
		               ? g_strdup_printf("no unit '%s' in the directory (see dondoc units list)", id)
		               : g_strdup(err->message);
		g_error_free(err);
		return false;
	}
	if (!u.active)
		*why = g_strdup_printf("unit %s is no longer in the directory", id);
	else if (lead && u.is_group)
		*why = g_strdup_printf("%s is a group: a task has exactly one lead unit", id);
	bool ok = u.active && !(lead && u.is_group);
	store_unit_rec_clear(&u);
	return ok;
}

/* "A; B,C" → "A;B;C", each checked, the lead and repeats left out. */
static char *support_list(struct dd_store *st, const char *text, const char *lead, char **why)
{
	char **items = g_strsplit_set(text, ";,", -1);
	GPtrArray *ids = g_ptr_array_new();
	bool ok = true;
	for (char **p = items; ok && *p; p++) {
		const char *id = g_strstrip(*p);
		bool seen = g_strcmp0(id, lead) == 0;
		for (guint i = 0; !seen && i < ids->len; i++)
			seen = strcmp(g_ptr_array_index(ids, i), id) == 0;
		if (*id && !seen && (ok = check_unit(st, id, false, why)))
			g_ptr_array_add(ids, (char *)id);
	}
	g_ptr_array_add(ids, NULL);
	char *joined = ok ? g_strjoinv(";", (char **)ids->pdata) : NULL;
	g_ptr_array_unref(ids);
	g_strfreev(items);
	return joined;
}

static bool due_kind_known(const char *kind)
{
	for (int k = DUE_NONE; k <= DUE_ONGOING; k++)
		if (strcmp(kind, deadline_kind_name((enum dd_due_kind)k)) == 0)
			return true;
	return false;
}

/* arg: struct edit_args, the dates and kind already checked. A new due
 * date without a kind makes a task with no (or a standing) deadline one
 * with a date; "none" clears the due date. */
static bool edit_change(struct dd_store *st, struct dd_task_rec *t, const void *arg, char **why)
{
	const struct edit_args *e = arg;
	if (e->lead && !check_unit(st, e->lead, true, why))
		return false;
	if (e->lead)
		set_text(&t->lead, e->lead);
	if (e->support) {
		char *support = support_list(st, e->support, t->lead, why);
		if (!support)
			return false;
		g_free(t->support);
		t->support = support;
	}
	if (e->due) {
		bool none = strcmp(e->due, "none") == 0;
		set_text(&t->due, none ? NULL : e->due);
		if (none)
			set_text(&t->due_kind, "none");
		else if (!t->due_kind || !strcmp(t->due_kind, "none") || !strcmp(t->due_kind, "ongoing"))
			set_text(&t->due_kind, "date");
	}
	if (e->due_kind)
		set_text(&t->due_kind, e->due_kind);
	if (e->summary) {
		g_free(t->summary);
		t->summary = vn_normalize(e->summary, -1);
	}
	return true;
}

/* Check the values of `task edit` that need no store; false after printing. */
static bool edit_args_valid(const struct edit_args *e)
{
	dd_date d;
	if (e->due && strcmp(e->due, "none") != 0 && !cli_parse_date(e->due, &d))
		return false;
	if (e->due_kind && !due_kind_known(e->due_kind)) {
		fprintf(stderr, "dondoc: no due kind '%s' (date, working_days, days, recurring, "
		                "ongoing, none)\n", e->due_kind);
		return false;
	}
	if (e->summary && (!g_utf8_validate(e->summary, -1, NULL) || !*e->summary)) {
		fputs("dondoc: the summary must be non-empty UTF-8 text\n", stderr);
		return false;
	}
	return true;
}

/* ---- task: the subcommands ------------------------------------------------ */

static int task_edit(int argc, char **argv)
{
	struct edit_args e = {0};
	const struct cli_opt opts[] = {{"--lead", NULL, &e.lead},
	                               {"--support", NULL, &e.support},
	                               {"--due", NULL, &e.due},
	                               {"--due-kind", NULL, &e.due_kind},
	                               {"--summary", NULL, &e.summary}};
	g_autoptr(GPtrArray) pos = g_ptr_array_new();
	int64_t id;
	if (!cli_parse(argc, argv, opts, G_N_ELEMENTS(opts), pos, 1, 1, USAGE_TASK))
		return EXIT_USAGE;
	if (!e.lead && !e.support && !e.due && !e.due_kind && !e.summary) {
		fputs("dondoc task edit: nothing to change\n", stderr);
		return cli_usage(USAGE_TASK);
	}
	if (!cli_parse_id(pos->pdata[0], "a task", &id) || !edit_args_valid(&e))
		return EXIT_FAIL;
	return change_task(id, "edited", edit_change, &e);
}

/* task close ID [--date D]: D defaults to today and may not be later. */
static int task_close(int argc, char **argv)
{
	const char *date = NULL;
	const struct cli_opt opts[] = {{"--date", NULL, &date}};
	g_autoptr(GPtrArray) pos = g_ptr_array_new();
	int64_t id;
	dd_date d;
	if (!cli_parse(argc, argv, opts, G_N_ELEMENTS(opts), pos, 1, 1, USAGE_TASK))
		return EXIT_USAGE;
	if (!cli_parse_id(pos->pdata[0], "a task", &id))
		return EXIT_FAIL;
	if (!date)
		date = cli_today_iso();
	if (!cli_parse_date(date, &d))
		return EXIT_FAIL;
	if (d > cli_today()) {
		fprintf(stderr, "dondoc: %s is after today (%s)\n", date, cli_today_iso());
		return EXIT_FAIL;
	}
	return change_task(id, "closed", close_change, date);
}

/* The subcommands taking an id and at most a date: show, confirm, reopen, extend. */
static int task_simple(int argc, char **argv)
{
	const char *sub = argv[0];
	bool json = false;
	const struct cli_opt opts[] = {{"--json", &json, NULL}};
	bool extend = strcmp(sub, "extend") == 0;
	g_autoptr(GPtrArray) pos = g_ptr_array_new();
	int64_t id;
	dd_date d;
	if (!cli_parse(argc, argv, opts, strcmp(sub, "show") == 0 ? 1 : 0, pos, 1 + extend,
	               1 + extend, USAGE_TASK))
		return EXIT_USAGE;
	if (!cli_parse_id(pos->pdata[0], "a task", &id))
		return EXIT_FAIL;
	if (strcmp(sub, "show") == 0)
		return task_show(id, json);
	if (strcmp(sub, "confirm") == 0)
		return change_task(id, "confirmed", confirm_change, NULL);
	if (strcmp(sub, "reopen") == 0)
		return change_task(id, "reopened", reopen_change, NULL);
	if (!cli_parse_date(pos->pdata[1], &d))
		return EXIT_FAIL;
	return change_task(id, "extended", extend_change, pos->pdata[1]);
}

int cmd_task(int argc, char **argv)
{
	static const char *const SIMPLE[] = {"show", "confirm", "reopen", "extend"};
	if (argc < 2)
		return cli_usage(USAGE_TASK);
	const char *sub = argv[1];
	if (strcmp(sub, "edit") == 0)
		return task_edit(argc - 1, argv + 1);
	if (strcmp(sub, "close") == 0)
		return task_close(argc - 1, argv + 1);
	for (size_t i = 0; i < G_N_ELEMENTS(SIMPLE); i++)
		if (strcmp(sub, SIMPLE[i]) == 0)
			return task_simple(argc - 1, argv + 1);
	fprintf(stderr, "dondoc task: unknown subcommand '%s'\n", sub);
	return cli_usage(USAGE_TASK);
}
