/*
 * test_config.c — loading and checking dondoc.conf (daemon/config.h): the
 * shipped example, the defaults, relative paths, inline comments; every
 * kind of bad value reported with its file, line and key; several errors
 * at once; unknown keys as warnings; secrets refused when others can read
 * them, read from a systemd credential; the submitters' patterns.
 *
 * Each test writes its files in a temporary directory, removed afterwards.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "daemon/config.h"

static char *tmpdir;

static int setup(void **state)
{
	tmpdir = g_dir_make_tmp("test_config-XXXXXX", NULL);
	return tmpdir ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);
	g_free(cmd);
	g_free(tmpdir);
	return rc == 0 ? 0 : -1;
}

/* Write `text` to tmpdir/name with `mode`; returns the path. */
static char *write_file(const char *name, const char *text, int mode)
{
	char *path = g_build_filename(tmpdir, name, NULL);
	assert_true(g_file_set_contents(path, text, -1, NULL));
	assert_int_equal(g_chmod(path, mode), 0);
	return path;
}

/* Load `text` as a config; the error message (or NULL) in *msg. */
static struct dd_config *load_text(const char *text, char **msg)
{
	char *path = write_file("dondoc.conf", text, 0644);
	GError *e = NULL;
	struct dd_config *cfg = config_load(path, &e);
	*msg = e ? g_strdup(e->message) : NULL;
	g_clear_error(&e);
	g_free(path);
	return cfg;
}

#define HEAD "[office]\naddress = office@tq.gov.vn\n"   /* lines 1-2 */

static void test_example_file(void **state)
{
	GError *e = NULL;
	struct dd_config *cfg = config_load("data/dondoc.conf", &e);
	if (!cfg)
		fail_msg("%s", e->message);
	assert_string_equal(cfg->office_name, "Văn phòng UBND tỉnh Tuyên Quang");
	assert_string_equal(cfg->office_address, "theodoinhiemvu@tuyenquang.gov.vn");
	assert_int_equal(g_strv_length(cfg->submitters), 2);
	assert_string_equal(cfg->submitters[1], "*@vp.tuyenquang.gov.vn");
	assert_int_equal(g_strv_length(cfg->leaders), 0);
	assert_string_equal(cfg->inbox_url, "maildir:/var/lib/dondoc/inbox");
	assert_string_equal(cfg->smtp_url, "maildir:/var/lib/dondoc/outbox");
	assert_string_equal(cfg->units_file, "/etc/dondoc/units.csv");
	assert_null(cfg->holidays_file);
	assert_null(cfg->inbox_user);
	assert_string_equal(cfg->digest_weekly, "mon 07:30");
	assert_string_equal(cfg->status_request, "monthly:20");
	assert_int_equal(cfg->max_message_bytes, 32 << 20);
	assert_null(cfg->warnings[0]);
	config_free(cfg);
}

static void test_defaults(void **state)
{
	char *msg;
	struct dd_config *cfg = load_text(HEAD, &msg);
	assert_null(msg);
	assert_string_equal(cfg->timezone, "Asia/Ho_Chi_Minh");
	assert_int_equal(cfg->register_within, 3);
	assert_string_equal(cfg->store_path, "/var/lib/dondoc/dondoc.db");
	assert_string_equal(cfg->inbox_url, "maildir:/var/lib/dondoc/inbox");
	assert_string_equal(cfg->smtp_url, "maildir:/var/lib/dondoc/outbox");
	assert_int_equal(g_strv_length(cfg->remind_before), 3);
	assert_string_equal(cfg->remind_before[0], "5");
	assert_string_equal(cfg->remind_before[2], "0");
	assert_int_equal(cfg->overdue_every, 3);
	assert_int_equal(cfg->escalate_after, 2);
	assert_string_equal(cfg->send_at, "08:00");
	assert_string_equal(cfg->digest_daily, "07:30");
	assert_string_equal(cfg->digest_monthly, "25 07:30");
	assert_true(cfg->min_confidence > 0.79 && cfg->min_confidence < 0.81);
	assert_int_equal(cfg->parse_cpu_seconds, 120);
	assert_int_equal(cfg->parse_memory_mb, 512);
	assert_int_equal(cfg->parse_timeout_seconds, 180);
	/* nobody may submit: a warning, not an error */
	assert_non_null(cfg->warnings[0]);
	assert_non_null(strstr(cfg->warnings[0], "submitters"));
	config_free(cfg);
}

/* Relative paths are relative to the config file; inline comments go;
 * "off" turns a digest off. */
static void test_paths_comments_off(void **state)
{
	char *msg;
	struct dd_config *cfg = load_text(
		HEAD "submitters = a@tq.gov.vn;*@vp.tq.gov.vn   ; who may submit\n"
		"name = Văn phòng # the office\n"
		"[store]\npath = state/dondoc.db\n"
		"[inbox]\nurl = maildir:inbox   # the default\n"
		"[calendar]\nholidays = holidays.txt\n"
		"[schedule]\ndigest_weekly = off\nremind_before = 3; 1\n"
		"[limits]\nmax_message_bytes = 512K\n",
		&msg);
	if (!cfg)
		fail_msg("%s", msg);
	char *db = g_build_filename(tmpdir, "state/dondoc.db", NULL);
	char *inbox = g_strconcat("maildir:", tmpdir, "/inbox", NULL);
	assert_string_equal(cfg->store_path, db);
	assert_string_equal(cfg->inbox_url, inbox);
	assert_true(g_str_has_prefix(cfg->holidays_file, tmpdir));
	assert_string_equal(cfg->office_name, "Văn phòng");
	assert_int_equal(g_strv_length(cfg->submitters), 2);
	assert_null(cfg->digest_weekly);
	assert_int_equal(g_strv_length(cfg->remind_before), 2);
	assert_string_equal(cfg->remind_before[1], "1");
	assert_int_equal(cfg->max_message_bytes, 512 * 1024);
	g_free(db);
	g_free(inbox);
	config_free(cfg);
}

/* One bad value: the message names the file, line 4 and the key. */
static const struct {
	const char *group, *line, *expect;
} BAD[] = {
	{"office", "address = not-an-address", "'not-an-address' is not an e-mail address"},
	{"office", "address = theo+doi@tq.gov.vn", "must not contain '+'"},
	{"office", "submitters = a@tq.gov.vn;bad@", "'bad@' is not an e-mail address or *@domain"},
	{"office", "leaders = *@tq.gov.vn", "'*@tq.gov.vn' is not an e-mail address"},
	{"office", "timezone = Europe/Paris", "is not a time zone at UTC+7"},
	{"office", "register_within = 0", "'0' is not a whole number from 1 to 30"},
	{"office", "register_within = three", "'three' is not a whole number"},
	{"inbox", "url = pop3://mail.tq.gov.vn", "is not a url dondoc knows"},
	{"inbox", "url = imaps://:993/INBOX", "has no valid host and port"},
	{"inbox", "url = imaps://mail.tq.gov.vn:99999/INBOX", "has no valid host and port"},
	{"inbox", "url = maildir:", "names no directory"},
	{"smtp", "url = imaps://mail.tq.gov.vn", "is not a url dondoc knows"},
	{"reply", "secret_file = credential:", "names no credential"},
	{"schedule", "send_at = 25:00", "'25:00' is not a time HH:MM"},
	{"schedule", "send_at = 8h", "'8h' is not a time HH:MM"},
	{"schedule", "digest_daily = 07:61", "'07:61' is not a time HH:MM"},
	{"schedule", "digest_weekly = monday 07:30", "is not a weekday and a time"},
	{"schedule", "digest_weekly = mon", "is not a weekday and a time"},
	{"schedule", "digest_monthly = 32 07:30", "is not a day of the month and a time"},
	{"schedule", "status_request = yearly:1", "is not 'monthly:DAY', 'weekly:DAY' or 'off'"},
	{"schedule", "status_request = monthly:0", "is not 'monthly:DAY'"},
	{"schedule", "remind_before = 5;x;0", "'x' is not a number of working days"},
	{"schedule", "remind_before = 5;61", "'61' is not a number of working days from 0 to 60"},
	{"schedule", "overdue_every = 0", "is not a whole number from 1 to 60"},
	{"review", "min_confidence = 1.5", "'1.5' is not a number from 0 to 1"},
	{"review", "min_confidence = high", "'high' is not a number"},
	{"limits", "parse_memory_mb = 10", "is not a whole number from 64 to 65536"},
	{"limits", "max_message_bytes = 10X", "'10X' is not a whole number"},
};

static void test_bad_values(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(BAD); i++) {
		/* line 1-2: [office] address; line 3: [group]; line 4: the bad line */
		char *text = strcmp(BAD[i].group, "office") == 0
		                     ? g_strdup_printf(HEAD "\n%s\n", BAD[i].line)
		                     : g_strdup_printf(HEAD "[%s]\n%s\n", BAD[i].group, BAD[i].line);
		char *msg;
		struct dd_config *cfg = load_text(text, &msg);
		char key[64];
		g_strlcpy(key, BAD[i].line, strcspn(BAD[i].line, " =") + 1);
		char *where = g_strdup_printf("dondoc.conf:4: [%s] %s: ", BAD[i].group, key);
		if (cfg || !strstr(msg, where) || !strstr(msg, BAD[i].expect))
			fail_msg("'%s': expected \"%s...%s\", got: %s", BAD[i].line, where, BAD[i].expect,
			         msg ? msg : "(loaded)");
		config_free(cfg);
		g_free(where);
		g_free(msg);
		g_free(text);
	}
}

static void test_all_errors_at_once(void **state)
{
	char *msg;
	struct dd_config *cfg = load_text("[office]\n"                      /* 1 */
	                                  "register_within = 99\n"          /* 2 */
	                                  "[schedule]\n"                    /* 3 */
	                                  "send_at = 24:00\n"               /* 4 */
	                                  "\n"                              /* 5 */
	                                  "[review]\n"                      /* 6 */
	                                  "min_confidence = -1\n",          /* 7 */
	                                  &msg);
	assert_null(cfg);
	char **lines = g_strsplit(msg, "\n", -1);
	assert_int_equal(g_strv_length(lines), 4);
	assert_non_null(strstr(msg, "dondoc.conf:2: [office] register_within:"));
	assert_non_null(strstr(msg, "dondoc.conf:4: [schedule] send_at:"));
	assert_non_null(strstr(msg, "dondoc.conf:7: [review] min_confidence:"));
	assert_non_null(strstr(msg, "dondoc.conf: [office] address: required"));
	g_strfreev(lines);
	g_free(msg);
}

static void test_imap_needs_login(void **state)
{
	char *msg;
	struct dd_config *cfg = load_text(HEAD "[inbox]\nurl = imaps://mail.tq.gov.vn/INBOX\n", &msg);
	assert_null(cfg);
	assert_non_null(strstr(msg, "[inbox] user: required for an IMAP url"));
	assert_non_null(strstr(msg, "[inbox] password_file: required for an IMAP url"));
	g_free(msg);
	cfg = load_text(HEAD "[inbox]\nurl = imaps://mail.tq.gov.vn:993/INBOX\nuser = u\n"
	                "password_file = credential:imap.pass\n",
	                &msg);
	assert_non_null(cfg);
	assert_string_equal(cfg->inbox_password_file, "credential:imap.pass");
	config_free(cfg);
}

static void test_unknown_keys_warn(void **state)
{
	char *msg;
	struct dd_config *cfg = load_text(HEAD "submitters = a@tq.gov.vn\n"
	                                       "colour = blue\n"     /* 4 */
	                                       "[extras]\n"          /* 5 */
	                                       "x = 1\n",
	                                  &msg);
	assert_non_null(cfg);
	assert_int_equal(g_strv_length(cfg->warnings), 2);
	assert_non_null(strstr(cfg->warnings[0], "dondoc.conf:4: [office] colour: unknown key"));
	assert_non_null(strstr(cfg->warnings[1], "dondoc.conf:5: [extras]: unknown group"));
	config_free(cfg);
}

static void test_unreadable_and_malformed(void **state)
{
	GError *e = NULL;
	assert_null(config_load("/nonexistent/dondoc.conf", &e));
	assert_int_equal(e->code, DD_CONFIG_ERROR_IO);
	g_clear_error(&e);
	char *msg;
	assert_null(load_text("this is not a key file\n", &msg));
	assert_non_null(strstr(msg, "dondoc.conf"));
	g_free(msg);
	assert_null(load_text("[office]\naddress = \xff\xfe@x.vn\n", &msg));
	assert_non_null(strstr(msg, "not UTF-8"));
	g_free(msg);
}

static void test_secrets(void **state)
{
	GError *e = NULL;
	char *ok = write_file("imap.pass", "s3cret\n", 0600);
	char *secret = config_read_secret(ok, &e);
	assert_string_equal(secret, "s3cret");
	g_free(secret);

	char *open = write_file("open.pass", "s3cret\n", 0644);
	assert_null(config_read_secret(open, &e));
	assert_int_equal(e->code, DD_CONFIG_ERROR_SECRET);
	assert_non_null(strstr(e->message, "group or others"));
	g_clear_error(&e);

	char *group = write_file("group.pass", "s3cret", 0640);
	assert_null(config_read_secret(group, &e));
	g_clear_error(&e);

	char *empty = write_file("empty.pass", "\n", 0600);
	assert_null(config_read_secret(empty, &e));
	assert_non_null(strstr(e->message, "empty"));
	g_clear_error(&e);

	assert_null(config_read_secret("/nonexistent/pass", &e));
	g_clear_error(&e);

	/* a systemd credential */
	g_unsetenv("CREDENTIALS_DIRECTORY");
	assert_null(config_read_secret("credential:imap.pass", &e));
	assert_non_null(strstr(e->message, "CREDENTIALS_DIRECTORY"));
	g_clear_error(&e);
	g_setenv("CREDENTIALS_DIRECTORY", tmpdir, TRUE);
	secret = config_read_secret("credential:imap.pass", &e);
	assert_string_equal(secret, "s3cret");
	g_unsetenv("CREDENTIALS_DIRECTORY");
	g_free(secret);
	g_free(ok);
	g_free(open);
	g_free(group);
	g_free(empty);
}

static void test_submitters(void **state)
{
	char *msg;
	struct dd_config *cfg = load_text(HEAD "submitters = VanThu@tq.gov.vn;*@vp.tq.gov.vn\n", &msg);
	assert_true(config_is_submitter(cfg, "vanthu@TQ.gov.vn"));
	assert_true(config_is_submitter(cfg, "anyone@VP.tq.gov.vn"));
	assert_false(config_is_submitter(cfg, "anyone@tq.gov.vn"));
	assert_false(config_is_submitter(cfg, "x@evil-vp.tq.gov.vn"));
	assert_false(config_is_submitter(cfg, NULL));
	config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_file),
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths_comments_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_errors_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imap_needs_login, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_keys_warn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_and_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secrets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submitters, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
