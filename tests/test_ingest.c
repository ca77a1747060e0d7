/*
 * test_ingest.c — ingestion (daemon/ingest.h) over a temporary store and
 * Maildir inbox: a DOCX directive registered with its tasks and an
 * acknowledgement in the outbox; the same message twice; the same directive
 * in a new message (duplicate); a corrected version (version 2, history
 * kept); a sender not allowed (quarantined, told why); an auto-reply and a
 * delivery report (quarantined, nothing sent); a corrupt PDF (the reader's
 * reason); a message over the size limit; a reply to office+TOKEN; the
 * reader child crashing, spinning past its CPU limit and sleeping past its
 * timeout (DONDOC_PARSE_CHILD_TEST), with the next message still
 * registered; the child stopped by SIGTERM (the message stays pending); a
 * late registration; an imported file; the Maildir outbox transport.
 *
 * The reader child is this very program: main() answers --parse-child.
 * Every "now" is fixed with clock_set().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "daemon/clock.h"
#include "daemon/config.h"
#include "daemon/inbox.h"
#include "daemon/ingest.h"
#include "daemon/outbox.h"
#include "daemon/parse_child.h"
#include "daemon/store.h"

#define OFFICE "theodoinhiemvu@tuyenquang.gov.vn"
#define CLERK "vanthu@tuyenquang.gov.vn"

struct fx {
	char *dir;
	struct dd_config *cfg;
	struct dd_store *st;
	struct dd_units *units;
	struct dd_calendar *cal;
	struct dd_inbox *inbox;
	int seq;                 /* messages written */
};

static char *in_dir(const struct fx *f, const char *name)
{
	return g_build_filename(f->dir, name, NULL);
}

static int setup(void **state)
{
	struct fx *f = g_new0(struct fx, 1);
	f->dir = g_dir_make_tmp("test_ingest-XXXXXX", NULL);
	char *cwd = g_get_current_dir();
	char *conf = g_strdup_printf("[office]\nname = Văn phòng UBND tỉnh Tuyên Quang\n"
	                             "address = " OFFICE "\nsubmitters = " CLERK ";*@vp.tuyenquang.gov.vn\n"
	                             "[store]\npath = dondoc.db\n"
	                             "[inbox]\nurl = maildir:inbox\n"
	                             "[smtp]\nurl = maildir:outbox\n"
	                             "[units]\nfile = %s/data/units.csv\n"
	                             "[limits]\nparse_cpu_seconds = 2\nparse_timeout_seconds = 20\n",
	                             cwd);
	char *path = in_dir(f, "dondoc.conf");
	GError *e = NULL;
	assert_true(g_file_set_contents(path, conf, -1, NULL));
	f->cfg = config_load(path, &e);
	if (!f->cfg)
		fail_msg("%s", e->message);
	f->st = store_open(f->cfg->store_path, false, &e);
	f->units = units_load_file(f->cfg->units_file, &e);
	f->cal = ingest_calendar(NULL, NULL, f->st, &e);
	f->inbox = inbox_open(f->cfg, &e);
	if (!f->st || !f->units || !f->cal || !f->inbox)
		fail_msg("%s", e->message);
	clock_set(1741744800);   /* 2025-03-12T09:00:00+07:00 */
	g_free(cwd);
	g_free(conf);
	g_free(path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	inbox_close(f->inbox);
	calendar_free(f->cal);
	units_free(f->units);
	store_close(f->st);
	config_free(f->cfg);
	char *cmd = g_strdup_printf("rm -rf '%s'", f->dir);
	int rc = system(cmd);
	g_free(cmd);
	g_free(f->dir);
	g_free(f);
	g_unsetenv("DONDOC_PARSE_CHILD_TEST");
	return rc == 0 ? 0 : -1;
}

/* ---- building messages -------------------------------------------------- */

struct mail {
	const char *from, *to, *subject, *message_id;
	const char *headers;     /* extra header lines, each ending in \r\n, or NULL */
	const char *body;        /* text, or NULL */
	const char *attach;      /* a file to attach, or NULL */
};

static char *file_text(const char *path)
{
	char *s = NULL;
	if (!g_file_get_contents(path, &s, NULL, NULL))
		fail_msg("cannot read %s", path);
	return s;
}

static GString *build(const struct mail *orig)
{
	struct mail copy = *orig;
	const struct mail *m = &copy;
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "From: %s\r\nTo: %s\r\nSubject: %s\r\n"
	                          "Date: Wed, 12 Mar 2025 08:00:00 +0700\r\nMessage-ID: <%s>\r\n"
	                          "MIME-Version: 1.0\r\n%s",
	                       m->from, m->to ? m->to : OFFICE, m->subject ? m->subject : "test",
	                       m->message_id, m->headers ? m->headers : "");
	const char *text = m->body ? m->body : "Gửi văn bản để theo dõi.";
	char *file_body = NULL;
	if (m->attach && g_str_has_suffix(m->attach, ".txt")) {   /* a directive in the body */
		text = file_body = file_text(m->attach);
		copy.attach = NULL;
	}
	if (!m->attach) {
		g_string_append_printf(s, "Content-Type: text/plain; charset=UTF-8\r\n"
		                          "Content-Transfer-Encoding: 8bit\r\n\r\n%s\r\n", text);
		g_free(file_body);
		return s;
	}
	gchar *data;
	gsize len;
	assert_true(g_file_get_contents(m->attach, &data, &len, NULL));
	char *b64 = g_base64_encode((const guchar *)data, len);
	char *name = g_path_get_basename(m->attach);
	g_string_append_printf(s, "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\n"
	                          "Content-Type: text/plain; charset=UTF-8\r\n\r\n%s\r\n--B\r\n"
	                          "Content-Type: application/octet-stream; name=\"%s\"\r\n"
	                          "Content-Disposition: attachment; filename=\"%s\"\r\n"
	                          "Content-Transfer-Encoding: base64\r\n\r\n",
	                       text, name, name);
	for (size_t i = 0, n = strlen(b64); i < n; i += 76)
		g_string_append_printf(s, "%.76s\r\n", b64 + i);
	g_string_append(s, "--B--\r\n");
	g_free(b64);
	g_free(name);
	g_free(data);
	return s;
}

/* Deliver `raw` into the inbox's new/ as a mail server would; returns the key. */
static char *deliver(struct fx *f, const char *raw, size_t len)
{
	f->seq++;
	char *name = g_strdup_printf("1741744800.M%dP1Q%d.test", f->seq, f->seq);
	char *tmp = g_build_filename(f->dir, "inbox", "tmp", name, NULL);
	char *dst = g_build_filename(f->dir, "inbox", "new", name, NULL);
	assert_true(g_file_set_contents(tmp, raw, (gssize)len, NULL));
	assert_int_equal(g_rename(tmp, dst), 0);
	char *key = g_strconcat("maildir:", name, NULL);
	g_free(name);
	g_free(tmp);
	g_free(dst);
	return key;
}

static char *deliver_mail(struct fx *f, const struct mail *m)
{
	GString *s = build(m);
	char *key = deliver(f, s->str, s->len);
	g_string_free(s, TRUE);
	return key;
}

/* Fetch the inbox, ingest every message (done after each commit); the
 * last result in *res. Returns the number ingested. */
static guint run_inbox(struct fx *f, struct dd_ingest_result *res)
{
	GPtrArray *msgs = g_ptr_array_new_with_free_func((GDestroyNotify)inbox_msg_free);
	GError *e = NULL;
	assert_true(inbox_fetch(f->inbox, msgs, 100, &e));
	struct dd_ingest ctx = {f->cfg, f->st, f->units, f->cal};
	for (guint i = 0; i < msgs->len; i++) {
		struct dd_inbox_msg *m = g_ptr_array_index(msgs, i);
		if (i)
			ingest_result_clear(res);
		if (!ingest_message(&ctx, m, 0, res, &e))
			fail_msg("%s: %s", m->key, e->message);
		if (!inbox_done(f->inbox, m->key, &e))
			fail_msg("%s", e->message);
	}
	guint n = msgs->len;
	g_ptr_array_unref(msgs);
	return n;
}

static guint ingest_one(struct fx *f, const struct mail *m, struct dd_ingest_result *res)
{
	char *key = deliver_mail(f, m);
	guint n = run_inbox(f, res);
	g_free(key);
	return n;
}

/* ---- looking at the store ------------------------------------------------ */

/* One integer from an SQL query on the database file. */
static long long sql_int(struct fx *f, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long long v = -1;
	assert_int_equal(sqlite3_open_v2(f->cfg->store_path, &db, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static GPtrArray *outbox_rows(struct fx *f)
{
	GError *e = NULL;
	GPtrArray *rows = store_outbox(f->st, &e);
	assert_non_null(rows);
	return rows;
}

/* The raw text of the newest outbox row. */
static char *newest_outbox_text(struct fx *f, struct dd_out_rec *rec)
{
	GPtrArray *rows = store_outbox_due(f->st, clock_now() + 1, 1000, NULL);
	assert_non_null(rows);
	assert_true(rows->len > 0);
	struct dd_out_rec *o = g_ptr_array_index(rows, rows->len - 1);
	gsize len;
	const char *data = g_bytes_get_data(o->raw, &len);
	char *text = g_strndup(data, len);
	if (rec) {
		rec->kind = g_strdup(o->kind);
		rec->recipients = g_strdup(o->recipients);
	}
	g_ptr_array_unref(rows);
	return text;
}

static GPtrArray *doc_tasks(struct fx *f, int64_t doc)
{
	struct dd_task_filter filter = {NULL, -1, doc};
	GPtrArray *t = store_tasks(f->st, &filter, NULL);
	assert_non_null(t);
	return t;
}

/* ---- the tests ----------------------------------------------------------- */

static void test_docx_directive(void **state)
{
	struct fx *f = *state;
	struct dd_ingest_result r;
	clock_set(1559523600);   /* 2019-06-03T08:00:00+07:00, the register_by day */
	struct mail m = {CLERK, NULL, "Công văn 86", "m1@tq.example", NULL, NULL,
	                 "tests/corpus/dev01.docx"};
	assert_int_equal(ingest_one(f, &m, &r), 1);
	assert_false(r.already_seen);
	assert_int_equal(r.kind, DD_MSG_DIRECTIVE);
	assert_string_equal(r.number, "86/VP-THCB");
	assert_int_equal(r.version, 1);
	assert_false(r.late);
	assert_true(r.replied);

	GPtrArray *docs = store_documents(f->st, NULL);
	assert_int_equal(docs->len, 1);
	struct dd_doc_rec *d = g_ptr_array_index(docs, 0);
	assert_string_equal(d->number, "86/VP-THCB");
	assert_string_equal(d->issued, "2019-05-29");
	assert_string_equal(d->register_by, "2019-06-03");
	assert_string_equal(d->issuer, "TQ");
	assert_int_equal(d->registered_at, 1559523600);
	assert_int_equal(d->version, 1);

	/* one tracked task per lead unit; groups expanded to their members */
	GPtrArray *tasks = doc_tasks(f, d->id);
	assert_int_equal((int)tasks->len, r.ntasks);
	assert_true(tasks->len > 5);
	int from_group = 0, review = 0;
	for (guint i = 0; i < tasks->len; i++) {
		struct dd_task_rec *t = g_ptr_array_index(tasks, i);
		assert_non_null(t->lead);
		assert_true(t->lead[0] != '@');
		from_group += t->from_group != NULL;
		review += t->status == DD_TASK_REVIEW;
		GPtrArray *ev = store_events(f->st, t->id, NULL);
		assert_int_equal(ev->len, 1);
		assert_string_equal(((struct dd_event_rec *)ev->pdata[0])->kind, "created");
		assert_int_equal(((struct dd_event_rec *)ev->pdata[0])->message, r.message);
		g_ptr_array_unref(ev);
	}
	assert_true(from_group > 0);
	assert_int_equal(review, r.nreview);
	assert_true(sql_int(f, "SELECT count(*) FROM attachments WHERE length(sha256) = 64"
	                       " AND filename = 'dev01.docx'") == 1);

	/* the acknowledgement */
	struct dd_out_rec o = {0};
	char *ack = newest_outbox_text(f, &o);
	assert_string_equal(o.kind, "ack");
	assert_string_equal(o.recipients, CLERK);
	assert_non_null(strstr(ack, "To: " CLERK "\r\n"));
	assert_non_null(strstr(ack, "In-Reply-To: <m1@tq.example>\r\n"));
	assert_non_null(strstr(ack, "Auto-Submitted: auto-generated\r\n"));
	assert_non_null(strstr(ack, "Content-Type: text/plain; charset=UTF-8\r\n"));
	assert_non_null(strstr(ack, "Subject: =?UTF-8?B?"));
	assert_non_null(strstr(ack, "Message-ID: <dondoc.ack."));
	assert_non_null(strstr(ack, "@tuyenquang.gov.vn>\r\n"));
	assert_non_null(strstr(ack, "86/VP-THCB"));
	assert_non_null(strstr(ack, "03/06/2019"));   /* the registration deadline */
	char *code = g_strdup_printf("NV-%" G_GINT64_FORMAT " ",
	                             ((struct dd_task_rec *)tasks->pdata[0])->id);
	assert_non_null(strstr(ack, code));
	assert_non_null(strstr(ack, "Sở Tài chính"));
	assert_non_null(strstr(ack, "Cần xem lại"));
	assert_null(strstr(ack, "registered late"));

	/* done: the file is in cur/ with the S flag */
	char *cur = g_build_filename(f->dir, "inbox", "cur", "1741744800.M1P1Q1.test:2,S", NULL);
	assert_true(g_file_test(cur, G_FILE_TEST_EXISTS));
	g_free(cur);
	g_free(code);
	g_free(ack);
	g_free(o.kind);
	g_free(o.recipients);
	g_ptr_array_unref(tasks);
	g_ptr_array_unref(docs);
	ingest_result_clear(&r);
}

static void test_same_message_twice(void **state)
{
	struct fx *f = *state;
	struct dd_ingest_result r;
	struct mail m = {CLERK, NULL, NULL, "twice@tq.example", NULL, NULL,
	                 "tests/data/daemon/directive_v1.txt"};
	GString *raw = build(&m);
	char *key = deliver(f, raw->str, raw->len);
	GPtrArray *msgs = g_ptr_array_new_with_free_func((GDestroyNotify)inbox_msg_free);
	assert_true(inbox_fetch(f->inbox, msgs, 10, NULL));
	struct dd_ingest ctx = {f->cfg, f->st, f->units, f->cal};
	struct dd_inbox_msg *msg = g_ptr_array_index(msgs, 0);
	assert_true(ingest_message(&ctx, msg, 0, &r, NULL));
	assert_int_equal(r.kind, DD_MSG_DIRECTIVE);
	ingest_result_clear(&r);
	/* a crash before inbox_done: the message comes again */
	assert_true(ingest_message(&ctx, msg, 0, &r, NULL));
	assert_true(r.already_seen);
	ingest_result_clear(&r);
	assert_true(inbox_done(f->inbox, msg->key, NULL));
	assert_true(inbox_done(f->inbox, msg->key, NULL));   /* idempotent */
	/* the same Message-ID under another key */
	char *key2 = deliver(f, raw->str, raw->len);
	assert_int_equal(run_inbox(f, &r), 1);
	assert_true(r.already_seen);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM messages"), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM documents"), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox"), 1);
	assert_int_equal(run_inbox(f, &r), 0);   /* nothing pending any more */
	ingest_result_clear(&r);
	g_ptr_array_unref(msgs);
	g_string_free(raw, TRUE);
	g_free(key);
	g_free(key2);
}

static void test_duplicate_and_corrected(void **state)
{
	struct fx *f = *state;
	struct dd_ingest_result r;
	struct mail v1 = {CLERK, NULL, NULL, "v1@tq.example", NULL, NULL,
	                  "tests/data/daemon/directive_v1.txt"};
	ingest_one(f, &v1, &r);
	assert_int_equal(r.kind, DD_MSG_DIRECTIVE);
	assert_int_equal(r.ntasks, 3);
	assert_int_equal(r.nreview, 1);   /* the group without members */
	int64_t doc = r.document;
	ingest_result_clear(&r);

	GPtrArray *tasks = doc_tasks(f, doc);
	struct dd_task_rec *g = g_ptr_array_index(tasks, 2);
	assert_string_equal(g->lead, "@TQ-co-quan-lien-quan");
	assert_string_equal(g->from_group, "@TQ-co-quan-lien-quan");
	assert_int_equal(g->status, DD_TASK_REVIEW);
	struct dd_task_rec *stc = g_ptr_array_index(tasks, 0);
	assert_string_equal(stc->lead, "TQ-STC");
	assert_string_equal(stc->support, "TQ-SKHDT");
	assert_string_equal(stc->due, "2025-04-30");
	assert_int_equal(stc->status, DD_TASK_OPEN);
	int64_t stnmt = ((struct dd_task_rec *)tasks->pdata[1])->id;
	g_ptr_array_unref(tasks);

	/* the same directive in a new message: a duplicate, nothing else */
	struct mail again = v1;
	again.message_id = "v1-again@tq.example";
	ingest_one(f, &again, &r);
	assert_int_equal(r.kind, DD_MSG_DUPLICATE);
	assert_int_equal(r.document, doc);
	ingest_result_clear(&r);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM tasks"), 3);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox"), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM messages WHERE kind = 'duplicate'"), 1);

	/* a corrected version: Sở TN&MT's deadline moved */
	struct mail v2 = {CLERK, NULL, NULL, "v2@tq.example", NULL, NULL,
	                  "tests/data/daemon/directive_v2.txt"};
	ingest_one(f, &v2, &r);
	assert_int_equal(r.kind, DD_MSG_DIRECTIVE);
	assert_int_equal(r.document, doc);
	assert_int_equal(r.version, 2);
	assert_int_equal(r.ntasks, 1);
	assert_int_equal(r.cancelled, 1);
	ingest_result_clear(&r);
	struct dd_doc_rec d = {0};
	assert_true(store_document_get(f->st, doc, &d, NULL));
	assert_int_equal(d.version, 2);
	store_doc_rec_clear(&d);
	struct dd_task_rec old = {0};
	assert_true(store_task_get(f->st, stnmt, &old, NULL));
	assert_int_equal(old.status, DD_TASK_CANCELLED);
	GPtrArray *ev = store_events(f->st, stnmt, NULL);
	assert_int_equal(ev->len, 2);
	assert_string_equal(((struct dd_event_rec *)ev->pdata[1])->kind, "cancelled");
	g_ptr_array_unref(ev);
	store_task_rec_clear(&old);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM tasks WHERE status != 'cancelled'"), 3);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM tasks WHERE due = '2025-06-30'"), 1);
	char *ack = newest_outbox_text(f, NULL);
	assert_non_null(strstr(ack, "lần 2"));
	g_free(ack);

	/* v2 sent again: a duplicate of version 2 */
	struct mail v2b = v2;
	v2b.message_id = "v2-again@tq.example";
	ingest_one(f, &v2b, &r);
	assert_int_equal(r.kind, DD_MSG_DUPLICATE);
	ingest_result_clear(&r);
}

static void test_not_a_submitter(void **state)
{
	struct fx *f = *state;
	struct dd_ingest_result r;
	struct mail m = {"someone@example.com", NULL, "Văn bản", "stranger@example.com", NULL, NULL,
	                 "tests/data/daemon/directive_v1.txt"};
	ingest_one(f, &m, &r);
	assert_int_equal(r.kind, DD_MSG_QUARANTINED);
	assert_non_null(strstr(r.reason, "sender not allowed to submit directives"));
	assert_true(r.replied);
	ingest_result_clear(&r);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM documents"), 0);
	struct dd_out_rec o = {0};
	char *notice = newest_outbox_text(f, &o);
	assert_string_equal(o.kind, "quarantine");
	assert_string_equal(o.recipients, "someone@example.com");
	assert_non_null(strstr(notice, "sender not allowed"));
	assert_non_null(strstr(notice, "In-Reply-To: <stranger@example.com>"));
	assert_non_null(strstr(notice, "Auto-Submitted: auto-generated"));
	g_free(notice);
	g_free(o.kind);
	g_free(o.recipients);
}

static void test_auto_replies(void **state)
{
	struct fx *f = *state;
	struct dd_ingest_result r;
	struct mail away = {CLERK, NULL, "Vắng mặt", "away@tq.example",
	                    "Auto-Submitted: auto-replied\r\n", "Tôi đang nghỉ phép.", NULL};
	ingest_one(f, &away, &r);
	assert_int_equal(r.kind, DD_MSG_QUARANTINED);
	assert_true(g_str_has_prefix(r.reason, "auto-reply"));
	assert_false(r.replied);
	ingest_result_clear(&r);

	struct mail xauto = {"someone@example.com", NULL, "Re", "xauto@example.com",
	                     "X-Autoreply: yes\r\n", "Away", NULL};
	ingest_one(f, &xauto, &r);
	assert_true(g_str_has_prefix(r.reason, "auto-reply"));
	ingest_result_clear(&r);

	const char *dsn = "From: MAILER-DAEMON@mail.tq.example\r\nTo: " OFFICE "\r\n"
	                  "Subject: Undelivered Mail\r\nMessage-ID: <dsn1@mail.tq.example>\r\n"
	                  "MIME-Version: 1.0\r\n"
	                  "Content-Type: multipart/report; report-type=delivery-status; boundary=R\r\n\r\n"
	                  "--R\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
	                  "--R\r\nContent-Type: message/delivery-status\r\n\r\n"
	                  "Reporting-MTA: dns; mail.tq.example\r\n\r\nFinal-Recipient: rfc822; x@y\r\n"
	                  "Action: failed\r\nStatus: 5.1.1\r\n--R--\r\n";
	char *key = deliver(f, dsn, strlen(dsn));
	run_inbox(f, &r);
	assert_int_equal(r.kind, DD_MSG_QUARANTINED);
	assert_true(g_str_has_prefix(r.reason, "auto-reply"));
	ingest_result_clear(&r);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox"), 0);
	g_free(key);
}

static void test_corrupt_pdf(void **state)
{
	struct fx *f = *state;
	struct dd_ingest_result r;
	char *raw = file_text("tests/data/eml/corrupt_pdf.eml");
	char *key = deliver(f, raw, strlen(raw));
	run_inbox(f, &r);
	assert_int_equal(r.kind, DD_MSG_QUARANTINED);
	assert_non_null(strstr(r.reason, "PDF"));
	assert_true(r.replied);   /* the clerk is told */
	ingest_result_clear(&r);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM documents"), 0);
	g_free(raw);
	g_free(key);
}

static void test_too_large(void **state)
{
	struct fx *f = *state;
	struct dd_ingest_result r;
	f->cfg->max_message_bytes = 4096;
	struct mail m = {CLERK, NULL, NULL, "big@tq.example", NULL, NULL, "tests/corpus/dev01.docx"};
	ingest_one(f, &m, &r);
	assert_int_equal(r.kind, DD_MSG_QUARANTINED);
	assert_non_null(strstr(r.reason, "larger than the 4096-byte limit"));
	assert_false(r.replied);   /* not read, so no sender known */
	ingest_result_clear(&r);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM messages WHERE raw IS NULL"), 1);
}

static void test_replies(void **state)
{
	struct fx *f = *state;
	struct dd_ingest_result r;
	struct mail token = {"so-taichinh@tuyenquang.example.gov.vn",
	                     "theodoinhiemvu+NV12.abcdef@tuyenquang.gov.vn", "Re: NV-12",
	                     "reply1@tq.example", NULL, "Đã hoàn thành 50%.", NULL};
	ingest_one(f, &token, &r);
	assert_int_equal(r.kind, DD_MSG_REPLY);
	ingest_result_clear(&r);
	struct mail thread = {"so-taichinh@tuyenquang.example.gov.vn", NULL, "Re: Đã đăng ký",
	                      "reply2@tq.example",
	                      "In-Reply-To: <dondoc.ack.1.1559523600@tuyenquang.gov.vn>\r\n",
	                      "Cảm ơn.", NULL};
	ingest_one(f, &thread, &r);
	assert_int_equal(r.kind, DD_MSG_REPLY);
	ingest_result_clear(&r);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM messages WHERE kind = 'reply'"), 2);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox"), 0);
}

/* The reader child misbehaving: each message quarantined with the reason,
 * and the next one still registered. */
static void test_child_limits(void **state)
{
	struct fx *f = *state;
	struct dd_ingest_result r;
	static const struct {
		const char *mode, *reason;
		int timeout;
	} CASES[] = {
		{"crash", "crashed (signal 11", 20},
		{"hang", "used more than its 2 s of CPU time", 20},
		{"sleep", "timed out after 1 s", 1},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(CASES); i++) {
		f->cfg->parse_timeout_seconds = CASES[i].timeout;
		g_setenv("DONDOC_PARSE_CHILD_TEST", CASES[i].mode, TRUE);
		char *id = g_strdup_printf("child-%s@tq.example", CASES[i].mode);
		struct mail m = {CLERK, NULL, NULL, id, NULL, NULL, "tests/corpus/dev04.pdf"};
		ingest_one(f, &m, &r);
		assert_int_equal(r.kind, DD_MSG_QUARANTINED);
		if (!strstr(r.reason, CASES[i].reason) || !strstr(r.reason, "the PDF reader"))
			fail_msg("%s: %s", CASES[i].mode, r.reason);
		ingest_result_clear(&r);
		g_free(id);
	}
	g_unsetenv("DONDOC_PARSE_CHILD_TEST");
	f->cfg->parse_timeout_seconds = 20;
	struct mail next = {CLERK, NULL, NULL, "after@tq.example", NULL, NULL,
	                    "tests/corpus/dev04.pdf"};
	ingest_one(f, &next, &r);
	assert_int_equal(r.kind, DD_MSG_DIRECTIVE);
	assert_string_equal(r.number, "58/KH-UBND");
	ingest_result_clear(&r);
}

/* A scanned copy of a directive already registered from its text is a
 * duplicate: OCR's slightly different reading must not replace the tasks. */
static void test_scanned_copy(void **state)
{
	struct fx *f = *state;
	struct dd_ingest_result r;
	f->cfg->parse_cpu_seconds = 120;
	f->cfg->parse_timeout_seconds = 240;
	struct mail text = {CLERK, NULL, NULL, "text20@tq.example", NULL, NULL,
	                    "tests/corpus/dev20.docx"};
	ingest_one(f, &text, &r);
	assert_int_equal(r.kind, DD_MSG_DIRECTIVE);
	ingest_result_clear(&r);
	int tasks = sql_int(f, "SELECT count(*) FROM tasks WHERE status != 'cancelled'");
	struct mail scan = {CLERK, NULL, NULL, "scan20@tq.example", NULL, NULL,
	                    "tests/corpus/dev20.scan.pdf"};
	ingest_one(f, &scan, &r);
	assert_int_equal(r.kind, DD_MSG_DUPLICATE);
	ingest_result_clear(&r);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM tasks WHERE status != 'cancelled'"), tasks);
	assert_int_equal(sql_int(f, "SELECT max(version) FROM documents"), 1);
}

/* A scan read by OCR in the child keeps what the rules need to doubt it:
 * the pages read by OCR and the unsure words come back to the parent. */
static void test_child_ocr(void **state)
{
	(void)state;
	gchar *buf;
	gsize len;
	assert_true(g_file_get_contents("tests/data/ocr/mixed.pdf", &buf, &len, NULL));
	struct dd_parse_limits lim = {120, 2048, 240};
	GError *err = NULL;
	struct dd_doc *doc = parse_child_read(buf, len, DD_PARSE_ANY, "the PDF reader", &lim, &err);
	if (!doc)
		fail_msg("%s", err->message);
	assert_true(dd_doc_has_ocr(doc));
	dd_doc_free(doc);
	g_free(buf);
}

/* The reader stopped from outside (the service stopping): the message stays
 * pending, and is registered the next time. */
static void test_child_stopped(void **state)
{
	struct fx *f = *state;
	struct dd_ingest_result r;
	struct mail m = {CLERK, NULL, NULL, "stopped@tq.example", NULL, NULL,
	                 "tests/corpus/dev04.docx"};
	char *key = deliver_mail(f, &m);
	GPtrArray *msgs = g_ptr_array_new_with_free_func((GDestroyNotify)inbox_msg_free);
	assert_true(inbox_fetch(f->inbox, msgs, 10, NULL));
	struct dd_ingest ctx = {f->cfg, f->st, f->units, f->cal};
	GError *e = NULL;
	g_setenv("DONDOC_PARSE_CHILD_TEST", "term", TRUE);
	assert_false(ingest_message(&ctx, msgs->pdata[0], 0, &r, &e));
	assert_non_null(strstr(e->message, "was stopped"));
	g_clear_error(&e);
	ingest_result_clear(&r);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM messages"), 0);
	g_unsetenv("DONDOC_PARSE_CHILD_TEST");
	assert_int_equal(run_inbox(f, &r), 1);   /* still pending */
	assert_int_equal(r.kind, DD_MSG_DIRECTIVE);
	ingest_result_clear(&r);
	g_ptr_array_unref(msgs);
	g_free(key);
}

static void test_late_registration(void **state)
{
	struct fx *f = *state;
	struct dd_ingest_result r;
	clock_set(1742256000);   /* 2025-03-18T07:00:00+07:00; register by 2025-03-13 */
	struct mail m = {CLERK, NULL, NULL, "late@tq.example", NULL, NULL,
	                 "tests/data/daemon/directive_v1.txt"};
	ingest_one(f, &m, &r);
	assert_int_equal(r.kind, DD_MSG_DIRECTIVE);
	assert_true(r.late);
	ingest_result_clear(&r);
	assert_int_equal(sql_int(f, "SELECT late FROM documents"), 1);
	char *ack = newest_outbox_text(f, NULL);
	assert_non_null(strstr(ack, "registered late"));
	g_free(ack);
}

static void test_import_document(void **state)
{
	struct fx *f = *state;
	struct dd_ingest_result r;
	struct dd_ingest ctx = {f->cfg, f->st, f->units, f->cal};
	gchar *data;
	gsize len;
	assert_true(g_file_get_contents("tests/corpus/dev04.docx", &data, &len, NULL));
	GBytes *b = g_bytes_new_take(data, len);
	assert_true(ingest_document(&ctx, "import:dev04", "dev04.docx", b, &r, NULL));
	assert_int_equal(r.kind, DD_MSG_DIRECTIVE);
	assert_false(r.replied);   /* a local import sends nothing */
	ingest_result_clear(&r);
	assert_true(ingest_document(&ctx, "import:dev04", "dev04.docx", b, &r, NULL));
	assert_true(r.already_seen);
	ingest_result_clear(&r);
	g_bytes_unref(b);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox"), 0);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM attachments WHERE filename = 'dev04.docx'"),
	                 1);
}

static void test_outbox_maildir(void **state)
{
	struct fx *f = *state;
	struct dd_ingest_result r;
	struct mail m = {CLERK, NULL, NULL, "out@tq.example", NULL, NULL,
	                 "tests/data/daemon/directive_v1.txt"};
	ingest_one(f, &m, &r);
	ingest_result_clear(&r);
	GError *e = NULL;
	struct dd_outbox *ob = outbox_open(f->cfg, &e);
	assert_non_null(ob);
	assert_int_equal(outbox_send_due(ob, f->st, &e), 1);
	assert_int_equal(outbox_send_due(ob, f->st, &e), 0);   /* sent once */
	outbox_close(ob);
	GPtrArray *rows = outbox_rows(f);
	assert_int_equal(((struct dd_out_rec *)rows->pdata[0])->status, DD_OUT_SENT);
	g_ptr_array_unref(rows);
	char *newdir = g_build_filename(f->dir, "outbox", "new", NULL);
	GDir *d = g_dir_open(newdir, 0, NULL);
	const char *name = g_dir_read_name(d);
	assert_non_null(name);
	assert_true(g_regex_match_simple("^1741744800\\.M[0-9]{6}P[0-9]+Q1\\..+$", name, 0, 0));
	assert_null(g_dir_read_name(d));
	g_dir_close(d);
	g_free(newdir);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--parse-child") == 0)
		return parse_child_main(argc > 2 ? argv[2] : "any");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_docx_directive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_message_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_and_corrected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_submitter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auto_replies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_pdf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_stopped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_ocr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scanned_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_registration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_document, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_maildir, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
