/*
 * config.h — /etc/dondoc/dondoc.conf (GKeyFile), DESIGN.md "Config".
 *
 * Every value is checked when loaded; an error names the file, the line and
 * the key ("dondoc.conf:14: [schedule] send_at: '25:00' is not a time HH:MM")
 * and all errors of a file are reported at once. Unknown keys are warnings.
 * Secrets (password_file, reply secret_file) are read from files that other
 * users cannot read, or from a systemd credential ($CREDENTIALS_DIRECTORY/NAME
 * when the value is "credential:NAME").
 */
#ifndef DONDOC_DAEMON_CONFIG_H
#define DONDOC_DAEMON_CONFIG_H

#include <glib.h>
#include <stdbool.h>

struct dd_config {
	char *path;                 /* the file it was read from */

	/* [office] */
	char *office_name;
	char *office_address;       /* From: of everything sent; replies come to local+TOKEN@domain */
	char **submitters;          /* who may send directives: addresses or "*@domain" */
	char **leaders;             /* digest recipients */
	char *timezone;             /* "Asia/Ho_Chi_Minh" */
	int register_within;        /* working days, default 3 */

	/* [store] */
	char *store_path;

	/* [inbox] */
	char *inbox_url;            /* maildir:/path | imaps://host[:port]/MBOX | imap://host[:port]/MBOX */
	char *inbox_user;
	char *inbox_password_file;  /* or "credential:NAME" */
	char *inbox_ca_file;        /* extra CA to trust; NULL: the system's store */
	char *inbox_done_folder;    /* IMAP: move handled messages here; NULL: flag them */

	/* [smtp] */
	char *smtp_url;             /* maildir:/path | smtp://host:port */
	char *smtp_user;
	char *smtp_password_file;
	char *smtp_ca_file;

	/* [units] [calendar] */
	char *units_file;
	char *holidays_file;

	/* [schedule] (read and checked here; used by the scheduler) */
	char **remind_before;       /* "5;2;0" as strings */
	int overdue_every;
	int escalate_after;
	char *send_at;              /* "08:00" */
	char *status_request;       /* "monthly:20" */
	char *digest_daily, *digest_weekly, *digest_monthly;

	/* [review] */
	double min_confidence;      /* default 0.8 */

	/* [reply] */
	char *reply_secret_file;

	/* [limits] — the parser child and the inbox */
	int parse_cpu_seconds;      /* default 120 (OCR costs ~2 s a page) */
	int parse_memory_mb;        /* default 512 */
	int parse_timeout_seconds;  /* wall clock, default 180 */
	int max_message_bytes;      /* default 32 MiB */

	/* Unknown groups and keys, and other problems that do not stop
	 * loading, one message each ("FILE:LINE: [group] key: ..."); NULL-terminated. */
	char **warnings;
};

#define DD_CONFIG_ERROR (dd_config_error_quark())
GQuark dd_config_error_quark(void);
enum dd_config_error {
	DD_CONFIG_ERROR_INVALID,   /* values that do not pass the checks: every one, one a line */
	DD_CONFIG_ERROR_IO,        /* the file cannot be read */
	DD_CONFIG_ERROR_SECRET,    /* a secret missing, empty, or readable by others */
};

/* Load and check a config file; NULL with every problem in the error. */
struct dd_config *config_load(const char *path, GError **error);
void config_free(struct dd_config *cfg);

/* Read a secret named by a *_file value ("credential:NAME" or a path),
 * refusing a file that group or others can read. Trailing newline dropped. */
char *config_read_secret(const char *spec, GError **error);

/* Does `addr` match one of cfg->submitters ("a@b" or "*@domain", case-insensitive)? */
bool config_is_submitter(const struct dd_config *cfg, const char *addr);

#endif
