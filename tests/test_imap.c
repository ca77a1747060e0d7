/*
 * test_imap.c — the IMAP inbox (daemon/inbox_imap.c) against a real Dovecot.
 *
 * tests/imap.test.sh starts a private Dovecot (tests/e2e/dovecot.sh) and runs
 * this program with the server's coordinates in the environment:
 *
 *     DOVECOT_IMAP_PORT DOVECOT_IMAPS_PORT DOVECOT_CA DOVECOT_USER
 *     DOVECOT_PASSWORD_FILE DOVECOT_MAILDIR DOVECOT_LOG DOVECOT_HARNESS
 *
 * Without them (make check runs every test program bare) the tests that
 * need the server are skipped; the ones that need no server still run.
 *
 * Messages are delivered by writing them into the user's Maildir (tmp/,
 * then new/), as an MDA would; the inbox must then find them over IMAP.
 * Every test starts by marking whatever is pending as done, so the tests
 * do not depend on each other's leftovers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "daemon/config.h"
#include "daemon/inbox.h"
#include "daemon/inbox_priv.h"

/* ---- the server --------------------------------------------------------- */

static bool have_server(void)
{
	return g_getenv("DOVECOT_IMAPS_PORT") && g_getenv("DOVECOT_IMAP_PORT") &&
	       g_getenv("DOVECOT_CA") && g_getenv("DOVECOT_MAILDIR") &&
	       g_getenv("DOVECOT_PASSWORD_FILE") && g_getenv("DOVECOT_USER") &&
	       g_getenv("DOVECOT_LOG") && g_getenv("DOVECOT_HARNESS");
}

#define NEED_SERVER()                                                                      \
	do {                                                                                   \
		if (!have_server()) {                                                              \
			skip();                                                                        \
		}                                                                                  \
	} while (0)

/* "imaps://HOST:<imaps port>/MBOX" (or imap:// with the STARTTLS port). */
static char *url_for(const char *scheme, const char *host, const char *mailbox)
{
	const char *port = strcmp(scheme, "imaps") == 0 ? g_getenv("DOVECOT_IMAPS_PORT")
							: g_getenv("DOVECOT_IMAP_PORT");
	return g_strdup_printf("%s://%s:%s/%s", scheme, host, port, mailbox);
}

/* A config for the test user; the strings are static or leak on purpose
 * (one per test). */
static struct dd_config test_config(void)
{
	struct dd_config cfg = { 0 };
	cfg.inbox_user = (char *)g_getenv("DOVECOT_USER");
	cfg.inbox_password_file = (char *)g_getenv("DOVECOT_PASSWORD_FILE");
	cfg.inbox_ca_file = (char *)g_getenv("DOVECOT_CA");
	cfg.max_message_bytes = 32 * 1024 * 1024;
	return cfg;
}

static struct dd_inbox *open_ok(const struct dd_config *cfg, const char *url)
{
	GError *err = NULL;
	struct dd_inbox *in = inbox_imap_open(cfg, url, &err);
	if (!in)
		fail_msg("inbox_imap_open(%s): %s", url, err ? err->message : "no error set");
	return in;
}

/* The error is an inbox error with this code (its message shown otherwise). */
#define assert_inbox_error(err, c)                                                         \
	do {                                                                                   \
		assert_non_null(err);                                                              \
		if ((err)->domain != DD_INBOX_ERROR || (err)->code != (c))                         \
			fail_msg("expected inbox error %d, got %s %d: %s", (int)(c),                   \
			         g_quark_to_string((err)->domain), (err)->code, (err)->message);       \
	} while (0)

/* Deliver `body` into INBOX; returns nothing, fails the test on error. */
static void deliver(const char *body, gsize len)
{
	static int seq;
	const char *md = g_getenv("DOVECOT_MAILDIR");
	char *name = g_strdup_printf("%ld.T%dP%d.test-imap", (long)time(NULL), seq++, (int)getpid());
	char *tmp = g_build_filename(md, "tmp", name, NULL);
	char *dst = g_build_filename(md, "new", name, NULL);
	GError *err = NULL;
	if (!g_file_set_contents(tmp, body, (gssize)len, &err))
		fail_msg("deliver: %s", err->message);
	if (rename(tmp, dst) != 0)
		fail_msg("deliver: rename %s: %s", dst, g_strerror(errno));
	g_free(name);
	g_free(tmp);
	g_free(dst);
}

/* A small message whose body carries `marker`, with CRLF line ends (what
 * IMAP returns), so the bytes can be compared as they are. */
static char *message_with(const char *marker)
{
	return g_strdup_printf("From: chanh.vp@example.vn\r\n"
			       "To: dondoc@example.vn\r\n"
			       "Subject: test %s\r\n"
			       "Message-ID: <%s@test.example>\r\n"
			       "\r\n"
			       "Marker %s.\r\n",
			       marker, marker, marker);
}

static void deliver_marker(const char *marker)
{
	char *m = message_with(marker);
	deliver(m, strlen(m));
	g_free(m);
}

static GPtrArray *fetch_ok(struct dd_inbox *in, guint max)
{
	GError *err = NULL;
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)inbox_msg_free);
	if (!in->ops->fetch(in, out, max, &err))
		fail_msg("fetch: %s", err ? err->message : "no error set");
	return out;
}

static void done_ok(struct dd_inbox *in, const char *key)
{
	GError *err = NULL;
	if (!in->ops->done(in, key, &err))
		fail_msg("done(%s): %s", key, err ? err->message : "no error set");
}

/* The key of the i-th message of a fetch. */
static const char *key_of(GPtrArray *out, guint i)
{
	return ((struct dd_inbox_msg *)out->pdata[i])->key;
}

/* Mark everything pending as done. */
static void drain(struct dd_inbox *in)
{
	GPtrArray *out = fetch_ok(in, 10000);
	for (guint i = 0; i < out->len; i++)
		done_ok(in, key_of(out, i));
	g_ptr_array_unref(out);
}

/* A fetch now finds exactly `n` messages pending. */
static void assert_pending(struct dd_inbox *in, guint n)
{
	GPtrArray *out = fetch_ok(in, 100);
	assert_int_equal(out->len, n);
	g_ptr_array_unref(out);
}

/* Does the message's body contain `marker`? */
static bool msg_has(const struct dd_inbox_msg *m, const char *marker)
{
	if (!m->raw)
		return false;
	gsize n;
	const char *p = g_bytes_get_data(m->raw, &n);
	return g_strstr_len(p, (gssize)n, marker) != NULL;
}

/* The position in `out` of the message carrying `marker`, or -1. */
static int find_marker(GPtrArray *out, const char *marker)
{
	for (guint i = 0; i < out->len; i++)
		if (msg_has(out->pdata[i], marker))
			return (int)i;
	return -1;
}

/* A marker unique to this run and call. */
static char *new_marker(const char *what)
{
	static int n;
	return g_strdup_printf("%s-%d-%d-%ld", what, (int)getpid(), n++, (long)g_get_real_time());
}

/* A fetch finds exactly one message, the one carrying `marker`; mark it done. */
static void take_one(struct dd_inbox *in, const char *marker)
{
	GPtrArray *out = fetch_ok(in, 100);
	assert_int_equal(out->len, 1);
	assert_true(msg_has(out->pdata[0], marker));
	done_ok(in, key_of(out, 0));
	g_ptr_array_unref(out);
}

/* Deliver a new marker (named after `what`) and take it as take_one does. */
static void deliver_and_take(struct dd_inbox *in, const char *what)
{
	char *mk = new_marker(what);
	deliver_marker(mk);
	take_one(in, mk);
	g_free(mk);
}

/* ---- the fixture -------------------------------------------------------- */

/* An inbox on the test user's INBOX, drained, with the config and URL it
 * was opened with. */
struct box {
	struct dd_config cfg;
	char *url;
	struct dd_inbox *in;
};

/* Open INBOX over `scheme` ("imaps", or "imap" for STARTTLS) with `cfg` and
 * mark whatever is pending as done. */
static void box_open(struct box *b, struct dd_config cfg, const char *scheme)
{
	b->cfg = cfg;
	b->url = url_for(scheme, "localhost", "INBOX");
	b->in = open_ok(&b->cfg, b->url);
	drain(b->in);
}

static void box_close(struct box *b)
{
	b->in->ops->close(b->in);
	g_free(b->url);
}

static void run_harness(const char *function)
{
	const char *h = g_getenv("DOVECOT_HARNESS");
	if (!h)
		skip();
	char *cmd = g_strdup_printf(". '%s' && %s", h, function);
	int r = system(cmd);
	g_free(cmd);
	if (r != 0)
		fail_msg("harness %s failed (%d)", function, r);
}

/* ---- Dovecot's log ------------------------------------------------------ */

/* Lines of the log that mention `lip=ADDR` (the address we connected to). */
static GPtrArray *log_lines_for(const char *addr)
{
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	char *text = NULL;
	if (!g_file_get_contents(g_getenv("DOVECOT_LOG"), &text, NULL, NULL))
		return lines;
	char *needle = g_strdup_printf("lip=%s,", addr);
	char **all = g_strsplit(text, "\n", -1);
	for (char **l = all; *l; l++)
		if (strstr(*l, needle))
			g_ptr_array_add(lines, g_strdup(*l));
	g_strfreev(all);
	g_free(needle);
	g_free(text);
	return lines;
}

/* Wait (up to 5 s) until Dovecot has logged the disconnection of a client of
 * `addr`, then check that no client of that address ever logged in. */
static void assert_no_login_on(const char *addr)
{
	GPtrArray *lines = NULL;
	bool disconnected = false;
	for (int i = 0; i < 50 && !disconnected; i++) {
		if (lines)
			g_ptr_array_unref(lines);
		lines = log_lines_for(addr);
		for (guint k = 0; k < lines->len; k++)
			if (strstr(lines->pdata[k], "Disconnected"))
				disconnected = true;
		if (!disconnected)
			g_usleep(100 * 1000);
	}
	if (!disconnected)
		fail_msg("Dovecot logged no disconnection for lip=%s", addr);
	for (guint k = 0; k < lines->len; k++) {
		const char *l = lines->pdata[k];
		if (strstr(l, "Login: user=") || !strstr(l, "no auth attempts"))
			fail_msg("a client of %s got further than TLS: %s", addr, l);
	}
	g_ptr_array_unref(lines);
}

/* A password file in a fresh temporary folder. */
struct pw_file {
	char *dir;
	char *path;
};

static void pw_file_make(struct pw_file *f, const char *content, mode_t mode)
{
	f->dir = g_dir_make_tmp("test-imap-XXXXXX", NULL);
	f->path = g_build_filename(f->dir, "pw", NULL);
	g_file_set_contents(f->path, content, -1, NULL);
	g_chmod(f->path, mode);
}

static void pw_file_remove(struct pw_file *f)
{
	g_remove(f->path);
	g_rmdir(f->dir);
	g_free(f->path);
	g_free(f->dir);
}

/* ---- tests without a server --------------------------------------------- */

static void test_bad_urls(void **state)
{
	struct dd_config cfg = { 0 };
	cfg.inbox_user = "u";
	cfg.inbox_password_file = "/nonexistent/password";
	const char *bad[] = {
		"pop3://host/INBOX", "imaps:///INBOX", "imaps://user@host/INBOX",
		"imaps://host/INBOX?x=1", "not a url",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		GError *err = NULL;
		struct dd_inbox *in = inbox_imap_open(&cfg, bad[i], &err);
		assert_null(in);
		assert_inbox_error(err, DD_INBOX_CONFIG);
		g_error_free(err);
	}
}

static void test_missing_credentials(void **state)
{
	struct dd_config cfg = { 0 };
	GError *err = NULL;
	assert_null(inbox_imap_open(&cfg, "imaps://localhost/INBOX", &err));
	assert_inbox_error(err, DD_INBOX_CONFIG);
	g_clear_error(&err);

	/* a password file that others may read is refused, before any network */
	struct pw_file pw;
	pw_file_make(&pw, "secret\n", 0644);
	cfg.inbox_user = "u";
	cfg.inbox_password_file = pw.path;
	assert_null(inbox_imap_open(&cfg, "imaps://localhost:1/INBOX", &err));
	assert_inbox_error(err, DD_INBOX_CONFIG);
	g_clear_error(&err);
	pw_file_remove(&pw);
}

/* Nobody listens: DD_INBOX_CONNECT (the daemon retries with backoff). */
static void test_connect_refused(void **state)
{
	struct pw_file pw;
	pw_file_make(&pw, "secret\n", 0600);
	struct dd_config cfg = { 0 };
	cfg.inbox_user = "u";
	cfg.inbox_password_file = pw.path;
	GError *err = NULL;
	/* port 1 on loopback: refused at once */
	assert_null(inbox_imap_open(&cfg, "imaps://127.0.0.1:1/INBOX", &err));
	assert_inbox_error(err, DD_INBOX_CONNECT);
	g_clear_error(&err);
	assert_null(inbox_imap_open(&cfg, "imap://127.0.0.1:1/INBOX", &err));
	assert_inbox_error(err, DD_INBOX_CONNECT);
	g_clear_error(&err);
	pw_file_remove(&pw);
}

/* ---- fetch and done ----------------------------------------------------- */

static void test_fetch_and_done(void **state)
{
	NEED_SERVER();
	struct box b;
	box_open(&b, test_config(), "imaps");
	struct dd_inbox *in = b.in;

	char *mk[3];
	char *bodies[3];
	for (int i = 0; i < 3; i++) {
		mk[i] = new_marker("fetch");
		bodies[i] = message_with(mk[i]);
		deliver(bodies[i], strlen(bodies[i]));
	}
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;

	/* at most 2, the oldest first */
	GPtrArray *two = fetch_ok(in, 2);
	assert_int_equal(two->len, 2);
	g_ptr_array_unref(two);

	GPtrArray *out = fetch_ok(in, 100);
	assert_int_equal(out->len, 3);
	guint64 prev_uid = 0;
	for (int i = 0; i < 3; i++) {
		struct dd_inbox_msg *m = out->pdata[i];
		/* delivered in this order, so UIDs ascend in this order */
		assert_int_equal(find_marker(out, mk[i]), i);
		/* the bytes as delivered */
		assert_non_null(m->raw);
		assert_int_equal(g_bytes_get_size(m->raw), strlen(bodies[i]));
		assert_memory_equal(g_bytes_get_data(m->raw, NULL), bodies[i], strlen(bodies[i]));
		/* "imap:INBOX:<uidvalidity>:<uid>" */
		char **parts = g_strsplit(m->key, ":", -1);
		assert_int_equal(g_strv_length(parts), 4);
		assert_string_equal(parts[0], "imap");
		assert_string_equal(parts[1], "INBOX");
		guint64 v = 0, uid = 0;
		assert_true(g_ascii_string_to_unsigned(parts[2], 10, 1, G_MAXUINT32, &v, NULL));
		assert_true(g_ascii_string_to_unsigned(parts[3], 10, 1, G_MAXUINT32, &uid, NULL));
		assert_true(uid > prev_uid);
		prev_uid = uid;
		g_strfreev(parts);
		/* INTERNALDATE: the delivery, give or take a minute */
		assert_true(m->received > now - 60 && m->received < now + 60);
	}

	/* not done yet: they come again */
	assert_pending(in, 3);

	/* done for two; the third stays pending */
	done_ok(in, key_of(out, 0));
	done_ok(in, key_of(out, 1));
	done_ok(in, key_of(out, 1));   /* idempotent */
	GPtrArray *again = fetch_ok(in, 100);
	assert_int_equal(again->len, 1);
	assert_string_equal(key_of(again, 0), key_of(out, 2));
	g_ptr_array_unref(again);
	done_ok(in, key_of(out, 2));

	/* and the flags stay on the server: a new connection finds nothing */
	in->ops->close(in);
	b.in = in = open_ok(&b.cfg, b.url);
	assert_pending(in, 0);

	g_ptr_array_unref(out);
	for (int i = 0; i < 3; i++) {
		g_free(mk[i]);
		g_free(bodies[i]);
	}
	box_close(&b);
}

/* Keys of other mailboxes or of an old UIDVALIDITY. */
static void test_done_keys(void **state)
{
	NEED_SERVER();
	struct box b;
	box_open(&b, test_config(), "imaps");
	struct dd_inbox *in = b.in;
	char *mk = new_marker("keys");
	deliver_marker(mk);
	GPtrArray *out = fetch_ok(in, 100);
	assert_int_equal(out->len, 1);
	const char *key = key_of(out, 0);

	GError *err = NULL;
	const char *bad[] = { "maildir:123", "imap:Other:1:1", "imap:INBOX:x:1", "imap:INBOX:1" };
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		assert_false(in->ops->done(in, bad[i], &err));
		assert_inbox_error(err, DD_INBOX_CONFIG);
		g_clear_error(&err);
	}

	/* the same UID under another UIDVALIDITY: void, nothing is marked */
	char **parts = g_strsplit(key, ":", -1);
	guint64 v = g_ascii_strtoull(parts[2], NULL, 10);
	char *stale = g_strdup_printf("imap:INBOX:%" G_GUINT64_FORMAT ":%s", v + 1, parts[3]);
	done_ok(in, stale);
	assert_pending(in, 1);

	done_ok(in, key);
	g_free(stale);
	g_strfreev(parts);
	g_ptr_array_unref(out);
	g_free(mk);
	box_close(&b);
}

/* A message over max_message_bytes comes with raw NULL, and its body is
 * never fetched. */
static void test_size_limit(void **state)
{
	NEED_SERVER();
	struct dd_config cfg = test_config();
	cfg.max_message_bytes = 2000;
	struct box bx;
	box_open(&bx, cfg, "imaps");
	struct dd_inbox *in = bx.in;

	char *small = new_marker("small");
	char *big = new_marker("big");
	GString *b = g_string_new(NULL);
	g_string_append_printf(b, "From: a@example.vn\r\nSubject: %s\r\n\r\n", big);
	while (b->len < 5000)
		g_string_append(b, "Lorem ipsum dolor sit amet, consectetur adipiscing.\r\n");
	deliver(b->str, b->len);
	deliver_marker(small);

	GPtrArray *out = fetch_ok(in, 100);
	assert_int_equal(out->len, 2);
	struct dd_inbox_msg *first = out->pdata[0], *second = out->pdata[1];
	assert_null(first->raw);                 /* the big one, delivered first */
	assert_true(g_str_has_prefix(first->key, "imap:INBOX:"));
	assert_true(first->received > 0);
	assert_true(msg_has(second, small));
	done_ok(in, first->key);
	done_ok(in, second->key);
	assert_pending(in, 0);

	g_ptr_array_unref(out);
	g_string_free(b, TRUE);
	g_free(small);
	g_free(big);
	box_close(&bx);
}

/* done with inbox_done_folder: the message moves there, flagged, and done
 * again is harmless. */
static void test_done_folder(void **state)
{
	NEED_SERVER();
	struct dd_config cfg = test_config();
	cfg.inbox_done_folder = "Done";
	struct box b;
	box_open(&b, cfg, "imaps");
	struct dd_inbox *in = b.in;
	char *mk = new_marker("moved");
	deliver_marker(mk);
	GPtrArray *out = fetch_ok(in, 100);
	assert_int_equal(out->len, 1);
	const char *key = key_of(out, 0);
	done_ok(in, key);
	done_ok(in, key);
	assert_pending(in, 0);

	/* in Done, with \Seen and the keyword: an inbox on Done has nothing pending */
	char *done_url = url_for("imaps", "localhost", "Done");
	struct dd_config cfg2 = test_config();
	struct dd_inbox *done_box = open_ok(&cfg2, done_url);
	assert_pending(done_box, 0);
	done_box->ops->close(done_box);

	/* and the file is in the Maildir++ folder .Done */
	char *dir = g_build_filename(g_getenv("DOVECOT_MAILDIR"), ".Done", "cur", NULL);
	GDir *d = g_dir_open(dir, 0, NULL);
	assert_non_null(d);
	bool found = false;
	const char *name;
	while ((name = g_dir_read_name(d))) {
		char *p = g_build_filename(dir, name, NULL), *text = NULL;
		if (g_file_get_contents(p, &text, NULL, NULL) && strstr(text, mk)) {
			found = true;
			/* Maildir flags after ":2,": S for \Seen */
			const char *flags = strstr(name, ":2,");
			assert_non_null(flags);
			assert_non_null(strchr(flags, 'S'));
		}
		g_free(text);
		g_free(p);
	}
	g_dir_close(d);
	assert_true(found);

	g_free(dir);
	g_free(done_url);
	g_ptr_array_unref(out);
	g_free(mk);
	box_close(&b);
}

/* ---- STARTTLS and certificates ----------------------------------------- */

static void test_starttls(void **state)
{
	NEED_SERVER();
	struct box b;
	box_open(&b, test_config(), "imap");
	deliver_and_take(b.in, "starttls");
	box_close(&b);

	/* and Dovecot saw the login over TLS on the STARTTLS port (the harness
	 * adds lport to Dovecot's login log lines) */
	GPtrArray *lines = log_lines_for("127.0.0.1");
	bool tls_login = false;
	char *port = g_strdup_printf("lport=%s", g_getenv("DOVECOT_IMAP_PORT"));
	for (guint k = 0; k < lines->len; k++)
		if (strstr(lines->pdata[k], "Login: user=") && strstr(lines->pdata[k], "TLS") &&
		    strstr(lines->pdata[k], port))
			tls_login = true;
	assert_true(tls_login);
	g_free(port);
	g_ptr_array_unref(lines);
}

/* Open `url` and expect DD_INBOX_TLS; then Dovecot's log for `addr` must show
 * no login. */
static void expect_tls_refusal(const struct dd_config *cfg, const char *scheme,
			       const char *host, const char *addr)
{
	char *url = url_for(scheme, host, "INBOX");
	GError *err = NULL;
	struct dd_inbox *in = inbox_imap_open(cfg, url, &err);
	if (in)
		fail_msg("%s was accepted", url);
	assert_inbox_error(err, DD_INBOX_TLS);
	g_error_free(err);
	assert_no_login_on(addr);
	g_free(url);
}

/* 127.0.0.2 presents a certificate of the test CA for "wrong.example". */
static void test_wrong_host_refused(void **state)
{
	NEED_SERVER();
	struct dd_config cfg = test_config();
	expect_tls_refusal(&cfg, "imaps", "127.0.0.2", "127.0.0.2");
	expect_tls_refusal(&cfg, "imap", "127.0.0.2", "127.0.0.2");
}

/* 127.0.0.3 presents a self-signed certificate for localhost/127.0.0.3. */
static void test_self_signed_refused(void **state)
{
	NEED_SERVER();
	struct dd_config cfg = test_config();
	expect_tls_refusal(&cfg, "imaps", "127.0.0.3", "127.0.0.3");
	expect_tls_refusal(&cfg, "imap", "127.0.0.3", "127.0.0.3");
}

/* Without the test CA, the good certificate is untrusted too (the system
 * store does not know the test CA). */
static void test_unknown_ca_refused(void **state)
{
	NEED_SERVER();
	struct dd_config cfg = test_config();
	cfg.inbox_ca_file = NULL;
	char *url = url_for("imaps", "127.0.0.1", "INBOX");
	GError *err = NULL;
	assert_null(inbox_imap_open(&cfg, url, &err));
	assert_inbox_error(err, DD_INBOX_TLS);
	g_clear_error(&err);
	g_free(url);
}

static void test_wrong_password(void **state)
{
	NEED_SERVER();
	struct pw_file pw;
	pw_file_make(&pw, "not-the-password\n", 0600);
	struct dd_config cfg = test_config();
	cfg.inbox_password_file = pw.path;
	char *url = url_for("imaps", "localhost", "INBOX");
	GError *err = NULL;
	assert_null(inbox_imap_open(&cfg, url, &err));
	assert_inbox_error(err, DD_INBOX_AUTH);
	g_clear_error(&err);
	pw_file_remove(&pw);
	g_free(url);
}

/* ---- wait (IDLE) -------------------------------------------------------- */

struct later {
	pthread_t thread;
	int delay_ms;
	const char *marker;          /* deliver this, or */
	const char *harness;         /* run this harness function, or */
	pthread_t signal_to;         /* send SIGUSR1 to this thread */
	bool send_signal;
};

static void *later_main(void *arg)
{
	struct later *l = arg;
	g_usleep((gulong)l->delay_ms * 1000);
	if (l->marker)
		deliver_marker(l->marker);
	else if (l->harness)
		run_harness(l->harness);
	else if (l->send_signal)
		pthread_kill(l->signal_to, SIGUSR1);
	return NULL;
}

static void later_start(struct later *l)
{
	assert_int_equal(pthread_create(&l->thread, NULL, later_main, l), 0);
}

static double seconds_since(gint64 t0)
{
	return (double)(g_get_monotonic_time() - t0) / G_USEC_PER_SEC;
}

static void wait_ok(struct dd_inbox *in, int timeout_s)
{
	GError *err = NULL;
	if (!in->ops->wait(in, timeout_s, &err))
		fail_msg("wait: %s", err ? err->message : "no error set");
}

/* A wait started before the delivery returns soon after it. */
static void test_idle_wakes_on_delivery(void **state)
{
	NEED_SERVER();
	struct box b;
	box_open(&b, test_config(), "imaps");
	struct dd_inbox *in = b.in;
	char *mk = new_marker("idle");
	struct later l = { .delay_ms = 1000, .marker = mk };
	gint64 t0 = g_get_monotonic_time();
	later_start(&l);
	wait_ok(in, 60);
	double took = seconds_since(t0);
	pthread_join(l.thread, NULL);
	if (took > 6.0)
		fail_msg("the wait took %.1f s after a delivery at 1 s", took);
	assert_true(took >= 0.9);
	take_one(in, mk);

	/* a delivery between the last fetch and the wait is not missed */
	char *mk2 = new_marker("idle-before");
	deliver_marker(mk2);
	g_usleep(300 * 1000);
	t0 = g_get_monotonic_time();
	wait_ok(in, 20);
	took = seconds_since(t0);
	if (took > 5.0)
		fail_msg("a message delivered before the wait was noticed only after %.1f s", took);
	take_one(in, mk2);

	g_free(mk);
	g_free(mk2);
	box_close(&b);
}

/* Nothing arrives: the wait lasts its timeout, and the session still works. */
static void test_idle_timeout(void **state)
{
	NEED_SERVER();
	struct box b;
	box_open(&b, test_config(), "imap");
	gint64 t0 = g_get_monotonic_time();
	wait_ok(b.in, 2);
	double took = seconds_since(t0);
	if (took < 1.9 || took > 4.0)
		fail_msg("a 2 s wait took %.1f s", took);
	assert_pending(b.in, 0);
	box_close(&b);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* A signal ends the wait early, with true, and the session stays usable. */
static void test_idle_signal(void **state)
{
	NEED_SERVER();
	struct sigaction sa = { 0 };
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;    /* as GLib's handlers: poll() still returns EINTR */
	sigaction(SIGUSR1, &sa, NULL);

	struct box b;
	box_open(&b, test_config(), "imaps");
	struct later l = { .delay_ms = 1000, .send_signal = true, .signal_to = pthread_self() };
	gint64 t0 = g_get_monotonic_time();
	later_start(&l);
	wait_ok(b.in, 60);
	double took = seconds_since(t0);
	pthread_join(l.thread, NULL);
	if (took > 5.0)
		fail_msg("the wait took %.1f s after a signal at 1 s", took);

	deliver_and_take(b.in, "after-signal");
	box_close(&b);
	signal(SIGUSR1, SIG_DFL);
}

/* ---- reconnecting ------------------------------------------------------- */

/* Dovecot restarts between calls: the next fetch connects again and finds
 * what was delivered meanwhile; a done after the restart still marks. */
static void test_restart_between_calls(void **state)
{
	NEED_SERVER();
	struct box bx;
	box_open(&bx, test_config(), "imaps");
	struct dd_inbox *in = bx.in;

	char *a = new_marker("before-restart");
	deliver_marker(a);
	GPtrArray *first = fetch_ok(in, 100);
	assert_int_equal(first->len, 1);

	run_harness("dovecot_restart");
	char *b = new_marker("during-restart");
	deliver_marker(b);

	/* a is not done yet: it comes again, with b, under the same key */
	GPtrArray *out = fetch_ok(in, 100);
	assert_int_equal(out->len, 2);
	assert_int_equal(find_marker(out, a), 0);
	assert_int_equal(find_marker(out, b), 1);
	assert_string_equal(key_of(out, 0), key_of(first, 0));

	run_harness("dovecot_restart");
	done_ok(in, key_of(out, 0));
	done_ok(in, key_of(out, 1));
	assert_pending(in, 0);

	g_ptr_array_unref(first);
	g_ptr_array_unref(out);
	g_free(a);
	g_free(b);
	box_close(&bx);
}

/* Dovecot restarts while we wait in IDLE: the wait ends (a CONNECT error or
 * a wake-up), and the next fetch reconnects. */
static void test_restart_during_idle(void **state)
{
	NEED_SERVER();
	struct box b;
	box_open(&b, test_config(), "imaps");
	struct later l = { .delay_ms = 500, .harness = "dovecot_restart" };
	gint64 t0 = g_get_monotonic_time();
	later_start(&l);
	GError *err = NULL;
	bool ok = b.in->ops->wait(b.in, 60, &err);
	double took = seconds_since(t0);
	pthread_join(l.thread, NULL);
	if (!ok)
		assert_inbox_error(err, DD_INBOX_CONNECT);
	g_clear_error(&err);
	if (took > 10.0)
		fail_msg("the wait took %.1f s though the server went away", took);

	deliver_and_take(b.in, "after-idle-restart");
	box_close(&b);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);    /* the daemon does the same */
	if (!have_server())
		fprintf(stderr, "test_imap: no Dovecot (run tests/imap.test.sh): "
				"server tests skipped\n");
	/* TEST_IMAP_FILTER=test_idle* runs only the matching tests */
	if (g_getenv("TEST_IMAP_FILTER"))
		cmocka_set_test_filter(g_getenv("TEST_IMAP_FILTER"));
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_urls),
		cmocka_unit_test(test_missing_credentials),
		cmocka_unit_test(test_connect_refused),
		cmocka_unit_test(test_fetch_and_done),
		cmocka_unit_test(test_done_keys),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_done_folder),
		cmocka_unit_test(test_starttls),
		cmocka_unit_test(test_wrong_host_refused),
		cmocka_unit_test(test_self_signed_refused),
		cmocka_unit_test(test_unknown_ca_refused),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_idle_wakes_on_delivery),
		cmocka_unit_test(test_idle_timeout),
		cmocka_unit_test(test_idle_signal),
		cmocka_unit_test(test_restart_between_calls),
		cmocka_unit_test(test_restart_during_idle),
	};
	return cmocka_run_group_tests_name("imap", tests, NULL, NULL);
}
