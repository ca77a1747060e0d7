/*
 * test_store.c — the SQLite store (daemon/store.h): migrations from empty
 * and re-opening, WAL mode, the uniqueness that carries meaning (inbox key;
 * issuer, number and issue date), a rolled-back transaction leaving
 * nothing, task listings and filters, task events, the outbox's life
 * (due, sent, failed, requeued), the unit directory import with an address
 * change logged, and the working days added by hand.
 *
 * Each test works in its own temporary directory (g_dir_make_tmp), removed
 * afterwards. The pragmas are checked by reading the file with sqlite3
 * directly: the store itself offers no SQL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "daemon/store.h"

/* ---- fixture ------------------------------------------------------------ */

/* The error is a store error with this code (its message shown otherwise). */
#define assert_error(err, dom, c)                                                          \
	do {                                                                                   \
		assert_non_null(err);                                                              \
		if ((err)->domain != (dom) || (err)->code != (c))                                  \
			fail_msg("expected error code %d, got %d: %s", (int)(c), (err)->code,          \
			         (err)->message);                                                      \
	} while (0)

struct fx {
	char *dir;
	char *path;
	struct dd_store *st;
};

static void remove_tree(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		char *p = g_build_filename(dir, name, NULL);
		g_remove(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(dir);
}

static struct dd_store *open_ok(const char *path, bool read_only)
{
	GError *err = NULL;
	struct dd_store *st = store_open(path, read_only, &err);
	if (!st)
		fail_msg("store_open %s: %s", path, err->message);
	return st;
}

static int setup(void **state)
{
	struct fx *f = g_new0(struct fx, 1);
	f->dir = g_dir_make_tmp("dondoc-store-XXXXXX", NULL);
	assert_non_null(f->dir);
	f->path = g_build_filename(f->dir, "dondoc.db", NULL);
	f->st = open_ok(f->path, false);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->st);
	remove_tree(f->dir);
	g_free(f->path);
	g_free(f->dir);
	g_free(f);
	return 0;
}

/* A pragma's answer, read with sqlite3 itself (caller frees). */
static char *pragma(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	char *v = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = g_strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static void begin(struct dd_store *st)
{
	GError *err = NULL;
	if (!store_begin(st, &err))
		fail_msg("begin: %s", err->message);
}

static void commit(struct dd_store *st)
{
	GError *err = NULL;
	if (!store_commit(st, &err))
		fail_msg("commit: %s", err->message);
}

static void check(bool ok, GError *err)
{
	if (!ok)
		fail_msg("%s", err ? err->message : "failed without an error");
}

/* The length of a listing, which is then freed. */
static guint count(GPtrArray *l, GError *err)
{
	check(l != NULL, err);
	guint n = l->len;
	g_ptr_array_unref(l);
	return n;
}

static int64_t add_message(struct dd_store *st, const char *key, const char *message_id)
{
	GError *err = NULL;
	struct dd_msg_rec m = {.source_key = (char *)key, .message_id = (char *)message_id,
	                       .sender = "vanthu@tq.example", .subject = "Công văn",
	                       .kind = DD_MSG_DIRECTIVE, .received_at = 1000, .processed_at = 1001};
	check(store_message_add(st, &m, &err), err);
	return m.id;
}

static int64_t add_document(struct dd_store *st, const char *number, const char *issued,
                            int64_t message)
{
	GError *err = NULL;
	struct dd_doc_rec d = {.issuer = "TQ", .number = (char *)number, .type = "công văn",
	                       .issued = (char *)issued, .register_by = "2019-06-03",
	                       .registered_at = 2000, .message = message};
	check(store_document_add(st, &d, &err), err);
	assert_int_equal(d.version, 0);   /* the caller's record is not changed but for its id */
	return d.id;
}

static int64_t add_task(struct dd_store *st, int64_t doc, int seq, const char *lead,
                        enum dd_task_status status)
{
	GError *err = NULL;
	struct dd_task_rec t = {.document = doc, .seq = seq, .lead = (char *)lead,
	                        .support = "TQ-STP;TQ-SNV", .summary = "Báo cáo kết quả",
	                        .due = "2019-06-15", .due_kind = "date",
	                        .due_text = "trước ngày 15/6/2019", .status = status,
	                        .confidence = 0.93, .progress = 0};
	check(store_task_add(st, &t, &err), err);
	return t.id;
}

/* ---- opening and migrations --------------------------------------------- */

static void test_migrate_and_reopen(void **state)
{
	struct fx *f = *state;
	char *v = pragma(f->path, "PRAGMA user_version");
	assert_non_null(v);
	assert_true(atoi(v) >= 1);
	char *mode = pragma(f->path, "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	g_free(mode);

	begin(f->st);
	add_message(f->st, "maildir:1", "<a@x>");
	commit(f->st);
	char *wal = g_strconcat(f->path, "-wal", NULL);
	assert_true(g_file_test(wal, G_FILE_TEST_EXISTS));
	g_free(wal);

	/* Re-opening migrates nothing and keeps the data, also read-only. */
	store_close(f->st);
	f->st = open_ok(f->path, false);
	char *v2 = pragma(f->path, "PRAGMA user_version");
	assert_string_equal(v, v2);
	g_free(v2);
	assert_true(store_message_seen(f->st, "maildir:1", NULL));
	struct dd_store *ro = open_ok(f->path, true);
	assert_true(store_message_seen(ro, "maildir:1", NULL));
	GError *err = NULL;
	assert_false(store_begin(ro, &err) && store_message_add(ro, &(struct dd_msg_rec){
		.source_key = "k", .kind = DD_MSG_REPLY}, &err));
	assert_non_null(err);
	g_clear_error(&err);
	store_rollback(ro);
	store_close(ro);
	g_free(v);
}

static void test_open_refusals(void **state)
{
	struct fx *f = *state;
	GError *err = NULL;

	/* read-only on a file that does not exist */
	char *missing = g_build_filename(f->dir, "missing.db", NULL);
	assert_null(store_open(missing, true, &err));
	assert_error(err, DD_STORE_ERROR, DD_STORE_OPEN);
	g_clear_error(&err);
	assert_false(g_file_test(missing, G_FILE_TEST_EXISTS));
	g_free(missing);

	/* a schema newer than this program */
	store_close(f->st);
	f->st = NULL;
	g_free(pragma(f->path, "PRAGMA user_version=99"));
	assert_null(store_open(f->path, false, &err));
	assert_error(err, DD_STORE_ERROR, DD_STORE_OPEN);
	assert_non_null(strstr(err->message, "newer"));
	g_clear_error(&err);

	/* something that is not a database */
	char *junk = g_build_filename(f->dir, "junk.db", NULL);
	g_file_set_contents(junk, "this is not a database, just some text of a few bytes....", -1,
	                    NULL);
	assert_null(store_open(junk, false, &err));
	assert_error(err, DD_STORE_ERROR, DD_STORE_OPEN);
	g_clear_error(&err);
	g_free(junk);
	f->st = NULL;
}

static void test_write_needs_transaction(void **state)
{
	struct fx *f = *state;
	GError *err = NULL;
	struct dd_msg_rec m = {.source_key = "k", .kind = DD_MSG_REPLY};
	assert_false(store_message_add(f->st, &m, &err));
	assert_error(err, DD_STORE_ERROR, DD_STORE_SQL);
	assert_non_null(strstr(err->message, "transaction"));
	g_clear_error(&err);
	assert_false(store_message_seen(f->st, "k", NULL));
}

/* ---- uniqueness and transactions ---------------------------------------- */

static void test_unique_source_key(void **state)
{
	struct fx *f = *state;
	GError *err = NULL;
	begin(f->st);
	add_message(f->st, "imap:INBOX:7:42", "<m1@x>");
	struct dd_msg_rec again = {.source_key = "imap:INBOX:7:42", .kind = DD_MSG_DIRECTIVE};
	assert_false(store_message_add(f->st, &again, &err));
	assert_error(err, DD_STORE_ERROR, DD_STORE_CONFLICT);
	g_clear_error(&err);
	commit(f->st);

	assert_true(store_message_seen(f->st, "imap:INBOX:7:42", NULL));
	assert_true(store_message_seen(f->st, "other", "<m1@x>"));
	assert_false(store_message_seen(f->st, "other", "<m2@x>"));
	assert_false(store_message_seen(f->st, "other", NULL));

	GPtrArray *list = store_messages(f->st, DD_MSG_DIRECTIVE, &err);
	check(list != NULL, err);
	assert_int_equal(list->len, 1);
	struct dd_msg_rec *m = g_ptr_array_index(list, 0);
	assert_string_equal(m->source_key, "imap:INBOX:7:42");
	assert_string_equal(m->subject, "Công văn");
	assert_int_equal(m->kind, DD_MSG_DIRECTIVE);
	assert_null(m->raw);
	g_ptr_array_unref(list);
	assert_int_equal(count(store_messages(f->st, DD_MSG_REPLY, &err), err), 0);
}

static void test_unique_document(void **state)
{
	struct fx *f = *state;
	GError *err = NULL;
	begin(f->st);
	int64_t msg = add_message(f->st, "maildir:1", "<d@x>");
	int64_t doc = add_document(f->st, "86/VP-THCB", "2019-05-29", msg);
	struct dd_doc_rec same = {.issuer = "TQ", .number = "86/VP-THCB", .issued = "2019-05-29",
	                          .registered_at = 1};
	assert_false(store_document_add(f->st, &same, &err));
	assert_error(err, DD_STORE_ERROR, DD_STORE_CONFLICT);
	g_clear_error(&err);
	/* Same number, another date or another issuer: another document. */
	int64_t other = add_document(f->st, "86/VP-THCB", "2020-05-29", 0);
	assert_true(other != doc);
	/* Without an issue date, still only once. */
	add_document(f->st, "12/UBND", NULL, 0);
	struct dd_doc_rec undated = {.issuer = "TQ", .number = "12/UBND", .registered_at = 1};
	assert_false(store_document_add(f->st, &undated, &err));
	assert_error(err, DD_STORE_ERROR, DD_STORE_CONFLICT);
	g_clear_error(&err);
	check(store_document_set_version(f->st, doc, 2, msg, &err), err);
	assert_false(store_document_set_version(f->st, 999, 2, 0, &err));
	assert_error(err, DD_STORE_ERROR, DD_STORE_NOT_FOUND);
	g_clear_error(&err);
	add_task(f->st, doc, 1, "TQ-STC", DD_TASK_OPEN);
	commit(f->st);

	assert_int_equal(store_document_find(f->st, "TQ", "86/VP-THCB", "2019-05-29"), doc);
	assert_int_equal(store_document_find(f->st, "TQ", "86/VP-THCB", "2019-05-30"), 0);
	assert_int_equal(store_document_find(f->st, "QN", "86/VP-THCB", "2019-05-29"), 0);
	assert_true(store_document_find(f->st, "TQ", "12/UBND", NULL) != 0);

	struct dd_doc_rec d = {0};
	check(store_document_get(f->st, doc, &d, &err), err);
	assert_string_equal(d.number, "86/VP-THCB");
	assert_string_equal(d.type, "công văn");
	assert_int_equal(d.version, 2);
	assert_int_equal(d.ntasks, 1);
	assert_string_equal(d.message_id, "<d@x>");
	store_doc_rec_clear(&d);

	GPtrArray *docs = store_documents(f->st, &err);
	check(docs != NULL, err);
	assert_int_equal(docs->len, 3);
	struct dd_doc_rec *last = g_ptr_array_index(docs, 2);
	assert_null(last->issued);
	assert_null(last->message_id);
	assert_int_equal(last->version, 1);
	assert_int_equal(last->ntasks, 0);
	g_ptr_array_unref(docs);
}

static void test_rollback_leaves_nothing(void **state)
{
	struct fx *f = *state;
	GError *err = NULL;
	begin(f->st);
	int64_t msg = add_message(f->st, "maildir:2", "<r@x>");
	int64_t doc = add_document(f->st, "1/CT-UBND", "2024-01-02", msg);
	int64_t task = add_task(f->st, doc, 1, "TQ-STC", DD_TASK_REVIEW);
	struct dd_event_rec e = {.task = task, .at = 5, .actor = "dondoc", .kind = "created"};
	check(store_event_add(f->st, &e, &err), err);
	struct dd_out_rec o = {.kind = "ack", .recipients = "vanthu@tq.example", .subject = "x",
	                       .raw = g_bytes_new_static("x", 1), .created_at = 5};
	check(store_outbox_add(f->st, &o, &err), err);
	g_bytes_unref(o.raw);
	store_rollback(f->st);

	assert_false(store_message_seen(f->st, "maildir:2", "<r@x>"));
	assert_int_equal(store_document_find(f->st, "TQ", "1/CT-UBND", "2024-01-02"), 0);
	assert_int_equal(count(store_tasks(f->st, NULL, &err), err), 0);
	assert_int_equal(count(store_events(f->st, task, &err), err), 0);
	assert_int_equal(count(store_outbox(f->st, &err), err), 0);
	/* and the store takes new work after it */
	begin(f->st);
	add_message(f->st, "maildir:2", "<r@x>");
	commit(f->st);
	assert_true(store_message_seen(f->st, "maildir:2", NULL));
}

/* ---- tasks and events ---------------------------------------------------- */

static guint count_tasks(struct dd_store *st, const char *unit, int status, int64_t doc)
{
	GError *err = NULL;
	struct dd_task_filter flt = {unit, status, doc};
	return count(store_tasks(st, &flt, &err), err);
}

static void test_tasks_filter(void **state)
{
	struct fx *f = *state;
	GError *err = NULL;
	begin(f->st);
	int64_t d1 = add_document(f->st, "1/KH", "2024-03-01", 0);
	int64_t d2 = add_document(f->st, "2/KH", "2024-03-02", 0);
	int64_t t1 = add_task(f->st, d1, 1, "TQ-STC", DD_TASK_OPEN);
	add_task(f->st, d1, 2, "TQ-STC", DD_TASK_REVIEW);
	add_task(f->st, d1, 3, "TQ-STP", DD_TASK_OPEN);
	add_task(f->st, d2, 1, "TQ-STC", DD_TASK_DONE);
	/* a task needs its document */
	struct dd_task_rec orphan = {.document = 999, .lead = "TQ-STC", .status = DD_TASK_OPEN};
	assert_false(store_task_add(f->st, &orphan, &err));
	assert_error(err, DD_STORE_ERROR, DD_STORE_SQL);
	g_clear_error(&err);
	commit(f->st);

	assert_int_equal(count_tasks(f->st, NULL, -1, 0), 4);
	assert_int_equal(count_tasks(f->st, "TQ-STC", -1, 0), 3);
	assert_int_equal(count_tasks(f->st, "TQ-STC", DD_TASK_OPEN, 0), 1);
	assert_int_equal(count_tasks(f->st, NULL, DD_TASK_OPEN, 0), 2);
	assert_int_equal(count_tasks(f->st, NULL, -1, d2), 1);
	assert_int_equal(count_tasks(f->st, "TQ-STP", DD_TASK_OPEN, d1), 1);
	assert_int_equal(count_tasks(f->st, "TQ-NONE", -1, 0), 0);
	assert_int_equal(count(store_tasks(f->st, NULL, &err), err), 4);

	struct dd_task_rec t = {0};
	check(store_task_get(f->st, t1, &t, &err), err);
	assert_string_equal(t.lead, "TQ-STC");
	assert_string_equal(t.support, "TQ-STP;TQ-SNV");
	assert_string_equal(t.due_text, "trước ngày 15/6/2019");
	assert_string_equal(t.doc_number, "1/KH");
	assert_string_equal(t.doc_issued, "2024-03-01");
	assert_null(t.original_due);
	assert_null(t.completed_on);
	assert_true(t.confidence > 0.92 && t.confidence < 0.94);

	/* update writes every field */
	begin(f->st);
	g_free(t.original_due);
	t.original_due = t.due;
	t.due = g_strdup("2019-06-30");
	t.status = DD_TASK_DONE;
	t.progress = 100;
	t.completed_on = g_strdup("2019-06-20");
	check(store_task_update(f->st, &t, &err), err);
	commit(f->st);
	store_task_rec_clear(&t);
	check(store_task_get(f->st, t1, &t, &err), err);
	assert_string_equal(t.due, "2019-06-30");
	assert_string_equal(t.original_due, "2019-06-15");
	assert_int_equal(t.status, DD_TASK_DONE);
	assert_int_equal(t.progress, 100);
	assert_string_equal(t.completed_on, "2019-06-20");
	store_task_rec_clear(&t);
	assert_int_equal(count_tasks(f->st, "TQ-STC", DD_TASK_DONE, 0), 2);

	assert_false(store_task_get(f->st, 999, &t, &err));
	assert_error(err, DD_STORE_ERROR, DD_STORE_NOT_FOUND);
	assert_string_equal(err->message, "task 999: no such task");
	g_clear_error(&err);
	begin(f->st);
	struct dd_task_rec ghost = {.id = 999, .document = d1, .lead = "X", .status = DD_TASK_OPEN};
	assert_false(store_task_update(f->st, &ghost, &err));
	assert_error(err, DD_STORE_ERROR, DD_STORE_NOT_FOUND);
	g_clear_error(&err);
	commit(f->st);
}

static void test_task_status_names(void **state)
{
	(void)state;
	enum dd_task_status s;
	for (int i = DD_TASK_REVIEW; i <= DD_TASK_CANCELLED; i++) {
		assert_true(store_task_status_parse(store_task_status_name(i), &s));
		assert_int_equal(s, i);
	}
	assert_string_equal(store_task_status_name(DD_TASK_EXTENSION_REQUESTED), "extension_requested");
	assert_false(store_task_status_parse("closed", &s));
	assert_false(store_task_status_parse(NULL, &s));
	assert_string_equal(store_out_status_name(DD_OUT_FAILED), "failed");
	assert_string_equal(store_msg_kind_name(DD_MSG_QUARANTINED), "quarantined");
}

static void test_events(void **state)
{
	struct fx *f = *state;
	GError *err = NULL;
	begin(f->st);
	int64_t msg = add_message(f->st, "maildir:3", NULL);
	int64_t doc = add_document(f->st, "3/KH", "2024-03-03", msg);
	int64_t task = add_task(f->st, doc, 1, "TQ-STC", DD_TASK_REVIEW);
	struct dd_event_rec e1 = {.task = task, .at = 20, .actor = "dondoc", .kind = "created",
	                          .message = msg};
	struct dd_event_rec e2 = {.task = task, .at = 30, .actor = "cli:root", .kind = "extended",
	                          .detail = "{\"from\":\"2019-06-15\",\"to\":\"2019-06-30\"}"};
	struct dd_event_rec e0 = {.task = task, .at = 10, .actor = "dondoc", .kind = "noted"};
	check(store_event_add(f->st, &e1, &err), err);
	check(store_event_add(f->st, &e2, &err), err);
	check(store_event_add(f->st, &e0, &err), err);
	struct dd_event_rec bad = {.task = 999, .at = 1, .actor = "x", .kind = "x"};
	assert_false(store_event_add(f->st, &bad, &err));   /* events reference tasks */
	g_clear_error(&err);
	commit(f->st);

	GPtrArray *l = store_events(f->st, task, &err);
	check(l != NULL, err);
	assert_int_equal(l->len, 3);
	struct dd_event_rec *a = g_ptr_array_index(l, 0), *b = g_ptr_array_index(l, 1),
	                    *c = g_ptr_array_index(l, 2);
	assert_string_equal(a->kind, "noted");
	assert_string_equal(b->kind, "created");
	assert_int_equal(b->message, msg);
	assert_null(b->detail);
	assert_string_equal(c->actor, "cli:root");
	assert_string_equal(c->detail, "{\"from\":\"2019-06-15\",\"to\":\"2019-06-30\"}");
	assert_int_equal(c->message, 0);
	g_ptr_array_unref(l);
}

/* ---- outbox -------------------------------------------------------------- */

static int64_t add_out(struct dd_store *st, const char *kind, int64_t created, int64_t next)
{
	GError *err = NULL;
	static const char raw[] = "From: a@x\r\nTo: b@x\r\nSubject: Nhắc việc\r\n\r\nbody\r\n";
	struct dd_out_rec o = {.kind = (char *)kind, .recipients = "stc@tq.example;stp@tq.example",
	                       .subject = "Nhắc việc", .raw = g_bytes_new_static(raw, sizeof raw - 1),
	                       .created_at = created, .next_attempt_at = next};
	check(store_outbox_add(st, &o, &err), err);
	g_bytes_unref(o.raw);
	return o.id;
}

static guint count_due(struct dd_store *st, int64_t now, guint max)
{
	GError *err = NULL;
	return count(store_outbox_due(st, now, max, &err), err);
}

static void test_outbox(void **state)
{
	struct fx *f = *state;
	GError *err = NULL;
	begin(f->st);
	int64_t a = add_out(f->st, "ack", 100, 0);        /* due at creation */
	int64_t b = add_out(f->st, "notice", 100, 200);
	int64_t c = add_out(f->st, "reminder", 50, 300);
	commit(f->st);

	assert_int_equal(count_due(f->st, 99, 0), 0);
	assert_int_equal(count_due(f->st, 100, 0), 1);
	assert_int_equal(count_due(f->st, 1000, 0), 3);
	assert_int_equal(count_due(f->st, 1000, 2), 2);
	GPtrArray *due = store_outbox_due(f->st, 1000, 0, &err);
	struct dd_out_rec *first = g_ptr_array_index(due, 0);
	assert_int_equal(first->id, a);
	assert_non_null(first->raw);
	gsize n = 0;
	const char *p = g_bytes_get_data(first->raw, &n);
	assert_true(n > 10 && memcmp(p, "From: a@x\r\n", 11) == 0);
	assert_string_equal(first->recipients, "stc@tq.example;stp@tq.example");
	g_ptr_array_unref(due);

	begin(f->st);
	check(store_outbox_sent(f->st, a, 150, &err), err);
	check(store_outbox_attempt_failed(f->st, b, "421 try later", 500, &err), err);
	check(store_outbox_attempt_failed(f->st, c, "550 no such user", 0, &err), err);
	assert_false(store_outbox_sent(f->st, 999, 1, &err));
	assert_error(err, DD_STORE_ERROR, DD_STORE_NOT_FOUND);
	g_clear_error(&err);
	commit(f->st);

	assert_int_equal(count_due(f->st, 499, 0), 0);
	assert_int_equal(count_due(f->st, 500, 0), 1);
	struct dd_out_rec o = {0};
	check(store_outbox_get(f->st, a, &o, &err), err);
	assert_int_equal(o.status, DD_OUT_SENT);
	assert_int_equal(o.sent_at, 150);
	assert_int_equal(o.attempts, 1);
	store_out_rec_clear(&o);
	check(store_outbox_get(f->st, b, &o, &err), err);
	assert_int_equal(o.status, DD_OUT_QUEUED);
	assert_int_equal(o.next_attempt_at, 500);
	assert_string_equal(o.last_error, "421 try later");
	store_out_rec_clear(&o);
	check(store_outbox_get(f->st, c, &o, &err), err);
	assert_int_equal(o.status, DD_OUT_FAILED);
	assert_int_equal(o.attempts, 1);
	store_out_rec_clear(&o);

	/* requeue: a failed one comes back, a sent one is refused */
	begin(f->st);
	check(store_outbox_requeue(f->st, c, 600, &err), err);
	assert_false(store_outbox_requeue(f->st, a, 600, &err));
	assert_error(err, DD_STORE_ERROR, DD_STORE_CONFLICT);
	g_clear_error(&err);
	assert_false(store_outbox_requeue(f->st, 999, 600, &err));
	assert_error(err, DD_STORE_ERROR, DD_STORE_NOT_FOUND);
	g_clear_error(&err);
	commit(f->st);
	check(store_outbox_get(f->st, c, &o, &err), err);
	assert_int_equal(o.status, DD_OUT_QUEUED);
	assert_int_equal(o.attempts, 0);
	assert_int_equal(o.next_attempt_at, 600);
	store_out_rec_clear(&o);
	assert_int_equal(count_due(f->st, 600, 0), 2);

	GPtrArray *all = store_outbox(f->st, &err);
	assert_int_equal(all->len, 3);
	struct dd_out_rec *newest = g_ptr_array_index(all, 0);
	assert_int_equal(newest->id, c);
	assert_null(newest->raw);
	g_ptr_array_unref(all);
}

/* ---- units --------------------------------------------------------------- */

static struct dd_units *units_from(const char *csv)
{
	GError *err = NULL;
	struct dd_units *u = units_load_text(csv, strlen(csv), "test.csv", &err);
	if (!u)
		fail_msg("units: %s", err->message);
	return u;
}

static void import(struct dd_store *st, const char *csv, int64_t now,
                   struct dd_units_import_stats *stats)
{
	GError *err = NULL;
	struct dd_units *u = units_from(csv);
	begin(st);
	check(store_units_import_stats(st, u, now, stats, &err), err);
	commit(st);
	units_free(u);
}

#define UNITS_HEAD "id,name,aliases,emails,groups\n"

static void test_units_import(void **state)
{
	struct fx *f = *state;
	GError *err = NULL;
	struct dd_units_import_stats s;
	import(f->st,
	       UNITS_HEAD "TQ-STC,Sở Tài chính,STC,stc@tq.example,@TQ-so\n"
	                  "TQ-STP,Sở Tư pháp,STP,stp@tq.example,@TQ-so\n"
	                  "@TQ-so,Các sở,,,\n",
	       100, &s);
	assert_int_equal(s.added, 3);
	assert_int_equal(s.removed + s.changed + s.unchanged, 0);

	/* STC changes its address, STP leaves, SNV arrives */
	import(f->st,
	       UNITS_HEAD "TQ-STC,Sở Tài chính,STC,taichinh@tq.example;stc@tq.example,@TQ-so\n"
	                  "TQ-SNV,Sở Nội vụ,SNV,snv@tq.example,@TQ-so\n"
	                  "@TQ-so,Các sở,,,\n",
	       200, &s);
	assert_int_equal(s.added, 1);
	assert_int_equal(s.changed, 1);
	assert_int_equal(s.readdress, 1);
	assert_int_equal(s.removed, 1);
	assert_int_equal(s.unchanged, 1);

	GPtrArray *ev = store_unit_events(f->st, "TQ-STC", &err);
	check(ev != NULL, err);
	assert_int_equal(ev->len, 2);
	struct dd_unit_event_rec *e = g_ptr_array_index(ev, 1);
	assert_string_equal(e->kind, "addresses");
	assert_int_equal(e->at, 200);
	assert_string_equal(e->old_emails, "stc@tq.example");
	assert_string_equal(e->new_emails, "taichinh@tq.example;stc@tq.example");
	g_ptr_array_unref(ev);

	struct dd_unit_rec u = {0};
	check(store_unit_get(f->st, "TQ-STP", &u, &err), err);
	assert_false(u.active);   /* kept, with its history */
	assert_string_equal(u.emails, "stp@tq.example");
	store_unit_rec_clear(&u);
	check(store_unit_get(f->st, "@TQ-so", &u, &err), err);
	assert_true(u.is_group);
	store_unit_rec_clear(&u);
	assert_false(store_unit_get(f->st, "TQ-XXX", &u, &err));
	assert_error(err, DD_STORE_ERROR, DD_STORE_NOT_FOUND);
	g_clear_error(&err);

	GPtrArray *active = store_units(f->st, false, &err), *all = store_units(f->st, true, &err);
	assert_int_equal(active->len, 3);
	assert_int_equal(all->len, 4);
	struct dd_unit_rec *stc = g_ptr_array_index(active, 2);
	assert_string_equal(stc->id, "TQ-STC");
	assert_string_equal(stc->groups, "@TQ-so");
	g_ptr_array_unref(active);
	g_ptr_array_unref(all);

	/* STP comes back: restored; the same file again changes nothing */
	import(f->st,
	       UNITS_HEAD "TQ-STC,Sở Tài chính,STC,taichinh@tq.example;stc@tq.example,@TQ-so\n"
	                  "TQ-STP,Sở Tư pháp,STP,stp@tq.example,@TQ-so\n"
	                  "TQ-SNV,Sở Nội vụ,SNV,snv@tq.example,@TQ-so\n"
	                  "@TQ-so,Các sở,,,\n",
	       300, &s);
	assert_int_equal(s.restored, 1);
	assert_int_equal(s.unchanged, 3);
	ev = store_unit_events(f->st, "TQ-STP", &err);
	assert_int_equal(ev->len, 3);
	assert_string_equal(((struct dd_unit_event_rec *)g_ptr_array_index(ev, 1))->kind, "removed");
	assert_string_equal(((struct dd_unit_event_rec *)g_ptr_array_index(ev, 2))->kind, "restored");
	g_ptr_array_unref(ev);
	/* added x3, STC's addresses, SNV added, STP removed, STP restored */
	assert_int_equal(count(store_unit_events(f->st, NULL, &err), err), 3 + 1 + 1 + 1 + 1);
}

/* ---- working days -------------------------------------------------------- */

static void test_workdays(void **state)
{
	struct fx *f = *state;
	GError *err = NULL;
	begin(f->st);
	check(store_workday_set(f->st, "2026-08-22", true, "Làm bù", &err), err);
	check(store_workday_set(f->st, "2026-01-02", false, "Nghỉ\nthêm", &err), err);
	check(store_workday_set(f->st, "2026-08-22", false, NULL, &err), err);   /* overrides */
	assert_false(store_workday_set(f->st, "2026-02-30", true, NULL, &err));
	g_clear_error(&err);
	commit(f->st);
	char *text = store_workdays_text(f->st, &err);
	check(text != NULL, err);
	assert_string_equal(text, "2026-01-02 off Nghỉ thêm\n2026-08-22 off\n");
	g_free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_and_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_needs_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unique_source_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unique_document, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tasks_filter, setup, teardown),
		cmocka_unit_test(test_task_status_names),
		cmocka_unit_test_setup_teardown(test_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_units_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_workdays, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
