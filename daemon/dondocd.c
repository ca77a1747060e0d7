/*
 * dondocd.c — the daemon: turns mail arriving in the Office's inbox into
 * registered tasks, and sends what the outbox holds.
 *
 *   dondocd -c FILE [--foreground] [--once] [--check-config] [--now ISO8601]
 *
 * The loop: fetch a batch of pending messages; ingest each (ingest.h) and,
 * once its transaction has committed, mark it done in the inbox; send the
 * outbox; then wait on the inbox (inotify or IMAP IDLE) until mail may have
 * come, a signal arrives or the timeout passes. Never a busy loop.
 *
 *   --once           process everything pending (inbox, outbox) and exit:
 *                    0, or 1 on a fatal config, inbox or store error
 *   --check-config   check the config, the units and holidays files and
 *                    the secrets, print every problem, exit 0 or 1
 *   --now ISO8601    every "now" comes from this moment (clock.h)
 *   --foreground     accepted for compatibility: dondocd never forks
 *
 * Signals: SIGTERM/SIGINT stop after the current message; SIGHUP reloads
 * the config, the units and the holidays (a bad new config keeps the old
 * one and says why); SIGPIPE is ignored. Under systemd (Type=notify):
 * READY=1 once the store is open, STATUS=..., WATCHDOG=1 at half the
 * watchdog interval, RELOADING=1/READY=1 around a reload, STOPPING=1.
 * When the inbox cannot be opened or read, dondocd retries after 1 s,
 * doubling up to 5 min.
 *
 * `dondocd --parse-child MODE` is the sandboxed reader (parse_child.h),
 * started by dondocd itself.
 */
#define G_LOG_DOMAIN "dondocd"
#define G_LOG_USE_STRUCTURED 1

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <systemd/sd-daemon.h>

#include "daemon/clock.h"
#include "daemon/config.h"
#include "daemon/inbox.h"
#include "daemon/ingest.h"
#include "daemon/logsafe.h"
#include "daemon/outbox.h"
#include "daemon/parse_child.h"
#include "daemon/store.h"

#define BATCH 20                 /* messages fetched at a time */
#define WAIT_SECONDS 60          /* longest wait before looking again */
#define BACKOFF_MAX 300          /* seconds between reconnection attempts */

#define USAGE "usage: dondocd -c FILE [--foreground] [--once] [--check-config] [--now ISO8601]\n"

struct daemon {
	const char *config_path;
	bool once;
	struct dd_config *cfg;
	struct dd_units *units;
	char *holidays_text;         /* the holidays file as last loaded, or NULL */
	struct dd_store *store;
	struct dd_inbox *inbox;      /* NULL while disconnected */
	struct dd_outbox *outbox;
	int backoff;                 /* seconds of the last backoff, 0 after a success */
	guint64 watchdog_usec;       /* 0: no watchdog */
	gint64 last_ping;
};

static volatile sig_atomic_t stop_requested, reload_requested;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		reload_requested = 1;
	else
		stop_requested = 1;
	inbox_wakeup();
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;   /* no SA_RESTART: a wait returns at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* ------------------------------------------------------------------ */
/* Logging and systemd                                                 */

#define LOG(level, ...) g_log_structured(G_LOG_DOMAIN, level, "MESSAGE", __VA_ARGS__)

static void status(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static void status(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	sd_notifyf(0, "STATUS=%s", s);
	g_free(s);
}

static void watchdog_ping(struct daemon *d)
{
	gint64 now = g_get_monotonic_time();
	if (d->watchdog_usec && now - d->last_ping >= (gint64)d->watchdog_usec / 2) {
		sd_notify(0, "WATCHDOG=1");
		d->last_ping = now;
	}
}

/* One line per ingested message, with its Message-ID as a journal field. */
static void log_result(const struct dd_inbox_msg *m, const struct dd_ingest_result *r)
{
	char *mid = log_sanitize(r->message_id), *key = log_sanitize(m->key);
	char *reason = log_sanitize(r->reason), *number = log_sanitize(r->number);
	const char *f1 = "MAIL_MESSAGE_ID", *f2 = "SOURCE";
	if (r->already_seen)
		g_log_structured(G_LOG_DOMAIN, G_LOG_LEVEL_INFO, f1, mid, f2, key, "MESSAGE",
		                 "%s: processed before, marked done", key);
	else if (r->kind == DD_MSG_DIRECTIVE)
		g_log_structured(G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, f1, mid, f2, key, "DOC_NUMBER", number,
		                 "MESSAGE", "%s: registered %s (version %d): %d tasks, %d for review%s%s",
		                 key, number, r->version, r->ntasks, r->nreview,
		                 r->late ? ", registered late" : "",
		                 r->replied ? "; acknowledgement queued" : "");
	else if (r->kind == DD_MSG_DUPLICATE)
		g_log_structured(G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, f1, mid, f2, key, "DOC_NUMBER", number,
		                 "MESSAGE", "%s: %s is already registered with the same tasks (duplicate)",
		                 key, number);
	else if (r->kind == DD_MSG_REPLY)
		g_log_structured(G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, f1, mid, f2, key, "MESSAGE",
		                 "%s: a reply, kept for the replies module", key);
	else
		g_log_structured(G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, f1, mid, f2, key, "MESSAGE",
		                 "%s: quarantined: %s%s", key, reason,
		                 r->replied ? "; the sender is told" : "");
	g_free(mid);
	g_free(key);
	g_free(reason);
	g_free(number);
}

/* ------------------------------------------------------------------ */
/* Config, units, holidays                                             */

/* The units and the holidays text of `cfg`; false with every problem. */
static bool load_resources(const struct dd_config *cfg, struct dd_units **units,
                           char **holidays, GError **error)
{
	*units = NULL;
	*holidays = NULL;
	if (!(*units = units_load_file(cfg->units_file, error)))
		return false;
	if (!cfg->holidays_file)
		return true;
	struct dd_calendar *check = calendar_new();
	bool ok = g_file_get_contents(cfg->holidays_file, holidays, NULL, error) &&
	          calendar_load_text(check, *holidays, cfg->holidays_file, error);
	calendar_free(check);
	if (!ok) {
		units_free(*units);
		*units = NULL;
		g_free(*holidays);
		*holidays = NULL;
	}
	return ok;
}

static void print_warnings(const struct dd_config *cfg)
{
	for (char **w = cfg->warnings; w && *w; w++)
		fprintf(stderr, "dondocd: warning: %s\n", *w);
}

/* --check-config: every problem printed; 0 when none. */
static int check_config(const char *path)
{
	GError *e = NULL;
	struct dd_config *cfg = config_load(path, &e);
	if (!cfg) {
		fprintf(stderr, "%s\n", e->message);
		g_error_free(e);
		return 1;
	}
	print_warnings(cfg);
	int problems = 0;
	struct dd_units *units;
	char *holidays;
	if (!load_resources(cfg, &units, &holidays, &e)) {
		fprintf(stderr, "%s\n", e->message);
		g_clear_error(&e);
		problems++;
	}
	const char *secrets[] = {cfg->inbox_password_file, cfg->smtp_password_file,
	                         cfg->reply_secret_file};
	for (size_t i = 0; i < G_N_ELEMENTS(secrets); i++) {
		char *s = secrets[i] ? config_read_secret(secrets[i], &e) : NULL;
		if (e) {
			fprintf(stderr, "%s\n", e->message);
			g_clear_error(&e);
			problems++;
		}
		if (s)
			memset(s, 0, strlen(s));
		g_free(s);
	}
	if (!problems)
		printf("%s: ok\n", path);
	units_free(units);
	g_free(holidays);
	config_free(cfg);
	return problems ? 1 : 0;
}

/* SIGHUP: a new config, units and holidays, all or nothing. */
static void reload(struct daemon *d)
{
	reload_requested = 0;
	sd_notify(0, "RELOADING=1");
	GError *e = NULL;
	struct dd_config *cfg = config_load(d->config_path, &e);
	struct dd_units *units = NULL;
	char *holidays = NULL;
	if (!cfg || !load_resources(cfg, &units, &holidays, &e)) {
		LOG(G_LOG_LEVEL_WARNING, "reload: keeping the previous configuration: %s", e->message);
		g_error_free(e);
		config_free(cfg);
		sd_notify(0, "READY=1");
		return;
	}
	if (strcmp(cfg->store_path, d->cfg->store_path) != 0)
		LOG(G_LOG_LEVEL_WARNING, "reload: the store path changed to %s; restart dondocd to use it",
		    cfg->store_path);
	/* the inbox and the outbox keep a pointer to the config: reopen them */
	inbox_close(d->inbox);
	d->inbox = NULL;
	outbox_close(d->outbox);
	d->outbox = NULL;
	config_free(d->cfg);
	units_free(d->units);
	g_free(d->holidays_text);
	d->cfg = cfg;
	d->units = units;
	d->holidays_text = holidays;
	print_warnings(cfg);
	LOG(G_LOG_LEVEL_MESSAGE, "reloaded %s", d->config_path);
	sd_notify(0, "READY=1");
}

/* ------------------------------------------------------------------ */
/* The work                                                            */

enum batch_result { BATCH_DONE, BATCH_MORE, BATCH_INBOX_FAILED, BATCH_STORE_FAILED };

static bool open_inbox(struct daemon *d)
{
	GError *e = NULL;
	if (!d->outbox && !(d->outbox = outbox_open(d->cfg, &e))) {
		LOG(G_LOG_LEVEL_WARNING, "outbox: %s", e->message);
		g_error_free(e);
		return false;
	}
	if (!(d->inbox = inbox_open(d->cfg, &e))) {
		LOG(G_LOG_LEVEL_WARNING, "inbox %s: %s", d->cfg->inbox_url, e->message);
		g_error_free(e);
		return false;
	}
	return true;
}

/* Fetch one batch and ingest it. */
static enum batch_result process_batch(struct daemon *d)
{
	GError *e = NULL;
	GPtrArray *msgs = g_ptr_array_new_with_free_func((GDestroyNotify)inbox_msg_free);
	if (!inbox_fetch(d->inbox, msgs, BATCH, &e)) {
		LOG(G_LOG_LEVEL_WARNING, "inbox: %s", e->message);
		g_error_free(e);
		g_ptr_array_unref(msgs);
		return BATCH_INBOX_FAILED;
	}
	if (!msgs->len) {
		g_ptr_array_unref(msgs);
		return BATCH_DONE;
	}
	status("processing %u messages", msgs->len);
	struct dd_calendar *cal = ingest_calendar(d->holidays_text, d->cfg->holidays_file, d->store, &e);
	if (!cal) {
		LOG(G_LOG_LEVEL_WARNING, "calendar: %s", e->message);
		g_error_free(e);
		g_ptr_array_unref(msgs);
		return BATCH_STORE_FAILED;
	}
	struct dd_ingest ctx = {d->cfg, d->store, d->units, cal};
	enum batch_result r = msgs->len == BATCH ? BATCH_MORE : BATCH_DONE;
	for (guint i = 0; i < msgs->len && !stop_requested; i++) {
		const struct dd_inbox_msg *m = g_ptr_array_index(msgs, i);
		struct dd_ingest_result res;
		if (!ingest_message(&ctx, m, 0, &res, &e)) {
			char *key = log_sanitize(m->key);
			LOG(G_LOG_LEVEL_WARNING, "%s: left pending, will retry: %s", key, e->message);
			g_free(key);
			g_clear_error(&e);
			r = BATCH_STORE_FAILED;
		} else {
			log_result(m, &res);
			if (!inbox_done(d->inbox, m->key, &e)) {
				LOG(G_LOG_LEVEL_WARNING, "inbox: %s", e->message);
				g_clear_error(&e);
				r = BATCH_INBOX_FAILED;
			}
		}
		ingest_result_clear(&res);
		watchdog_ping(d);
		if (r == BATCH_INBOX_FAILED)
			break;
	}
	calendar_free(cal);
	g_ptr_array_unref(msgs);
	return r;
}

static bool send_outbox(struct daemon *d)
{
	GError *e = NULL;
	int n = outbox_send_due(d->outbox, d->store, &e);
	if (n < 0) {
		LOG(G_LOG_LEVEL_WARNING, "outbox: %s", e->message);
		g_error_free(e);
		return false;
	}
	if (n > 0)
		g_log_structured(G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "MESSAGE", "outbox: %d sent", n);
	return true;
}

/* Wait before trying again: 1 s, doubling up to BACKOFF_MAX. */
static void back_off(struct daemon *d)
{
	d->backoff = d->backoff ? MIN(d->backoff * 2, BACKOFF_MAX) : 1;
	status("retrying in %d s", d->backoff);
	inbox_sleep(d->backoff);
}

static int wait_seconds(const struct daemon *d)
{
	int s = WAIT_SECONDS;
	if (d->watchdog_usec)
		s = (int)MIN((guint64)s, MAX(d->watchdog_usec / 2 / G_USEC_PER_SEC, 1));
	return s;
}

static int run(struct daemon *d)
{
	while (!stop_requested) {
		watchdog_ping(d);
		if (reload_requested)
			reload(d);
		if (!d->inbox && !open_inbox(d)) {
			if (d->once)
				return 1;
			back_off(d);
			continue;
		}
		enum batch_result r = process_batch(d);
		bool sent = send_outbox(d);
		if (d->once) {
			if (r == BATCH_INBOX_FAILED || r == BATCH_STORE_FAILED || !sent)
				return 1;
			if (r == BATCH_DONE)
				return 0;
			continue;
		}
		if (r == BATCH_INBOX_FAILED) {
			inbox_close(d->inbox);
			d->inbox = NULL;
			back_off(d);
			continue;
		}
		if (r == BATCH_STORE_FAILED || !sent) {
			back_off(d);
			continue;
		}
		d->backoff = 0;
		if (r == BATCH_MORE)
			continue;
		status("waiting for mail in %s", d->cfg->inbox_url);
		GError *e = NULL;
		if (!inbox_wait(d->inbox, wait_seconds(d), &e)) {
			LOG(G_LOG_LEVEL_WARNING, "inbox: %s", e->message);
			g_error_free(e);
			inbox_close(d->inbox);
			d->inbox = NULL;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */

static int start(struct daemon *d)
{
	GError *e = NULL;
	if (!(d->cfg = config_load(d->config_path, &e))) {
		fprintf(stderr, "%s\n", e->message);
		g_error_free(e);
		return 1;
	}
	print_warnings(d->cfg);
	if (!load_resources(d->cfg, &d->units, &d->holidays_text, &e) ||
	    !(d->store = store_open(d->cfg->store_path, false, &e))) {
		fprintf(stderr, "dondocd: %s\n", e->message);
		g_error_free(e);
		return 1;
	}
	if (!d->once) {
		sd_watchdog_enabled(0, &d->watchdog_usec);
		d->last_ping = g_get_monotonic_time();
		sd_notify(0, "READY=1");
		LOG(G_LOG_LEVEL_MESSAGE, "started: inbox %s, store %s", d->cfg->inbox_url,
		    d->cfg->store_path);
	}
	int status_code = run(d);
	if (!d->once) {
		sd_notify(0, "STOPPING=1");
		LOG(G_LOG_LEVEL_MESSAGE, "stopped");
	}
	return status_code;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--parse-child") == 0)
		return parse_child_main(argc > 2 ? argv[2] : "any");
	setlocale(LC_ALL, "");

	struct daemon d = {0};
	bool check = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc) {
			d.config_path = argv[++i];
		} else if (strcmp(argv[i], "--now") == 0 && i + 1 < argc) {
			gint64 t;
			if (!clock_parse_iso(argv[++i], &t)) {
				fprintf(stderr, "dondocd: --now: '%s' is not an ISO 8601 moment\n", argv[i]);
				return 2;
			}
			clock_set(t);
		} else if (strcmp(argv[i], "--once") == 0) {
			d.once = true;
		} else if (strcmp(argv[i], "--check-config") == 0) {
			check = true;
		} else if (strcmp(argv[i], "--foreground") == 0) {
			/* dondocd never forks */
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(USAGE, stdout);
			return 0;
		} else {
			fprintf(stderr, "dondocd: unknown argument '%s'\n" USAGE, argv[i]);
			return 2;
		}
	}
	if (!d.config_path) {
		fputs(USAGE, stderr);
		return 2;
	}
	if (check)
		return check_config(d.config_path);

	inbox_wakeup_init();
	install_signals();
	int code = start(&d);
	inbox_close(d.inbox);
	outbox_close(d.outbox);
	store_close(d.store);
	units_free(d.units);
	g_free(d.holidays_text);
	config_free(d.cfg);
	return code;
}
