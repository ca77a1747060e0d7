/*
 * config.c — loading and checking dondoc.conf (see config.h).
 *
 * One table, KEYS below, says for every key its group, its kind of value,
 * its default and its range; config_load() reads the GKeyFile, checks each
 * key against its row and stores the value in struct dd_config. Problems are
 * collected, each as "FILE:LINE: [group] key: what is wrong", and returned
 * together. The line is found by scanning the file text for the key inside
 * its [group] (GKeyFile does not keep line numbers).
 *
 * Values:
 *   - an inline comment starts at whitespace followed by ';' or '#'
 *     ("url = maildir:/x   ; the default"); a ';' right after a value is the
 *     list separator ("5;2;0", "a@b.vn; *@c.vn");
 *   - relative paths (and maildir: paths) are relative to the directory of
 *     the config file;
 *   - an empty value, or "off" for the digests and the status request,
 *     leaves an optional setting unset (NULL).
 */
#include "daemon/config.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK(dd-config-error-quark, dd_config_error)

enum vtype {
	V_TEXT,       /* any non-empty text */
	V_ADDRESS,    /* local@domain */
	V_SENDERS,    /* list of local@domain or *@domain */
	V_ADDRESSES,  /* list of local@domain */
	V_INBOX_URL,  /* maildir:PATH | imap(s)://host[:port][/MAILBOX] */
	V_SMTP_URL,   /* maildir:PATH | smtp(s)://host[:port] */
	V_PATH,       /* a file name */
	V_SECRET,     /* a file name or credential:NAME */
	V_INT,
	V_SIZE,       /* bytes, with an optional K, M or G */
	V_DOUBLE,
	V_TIME,       /* HH:MM */
	V_DAILY,      /* HH:MM or off */
	V_WEEKLY,     /* "mon 07:30" or off */
	V_MONTHLY,    /* "25 07:30" or off */
	V_STATUS,     /* monthly:DAY | weekly:DAY | off */
	V_DAYS,       /* list of working-day counts: "5;2;0" */
	V_TIMEZONE,   /* an identifier whose offset is UTC+7 */
};

struct key_rule {
	const char *group, *key;
	enum vtype type;
	const char *dflt;    /* as written in a file; NULL: unset */
	double min, max;     /* V_INT, V_SIZE, V_DOUBLE, V_DAYS */
	size_t offset;       /* of the field in struct dd_config */
};

#define F(field) offsetof(struct dd_config, field)

static const struct key_rule KEYS[] = {
	{"office", "name", V_TEXT, "Văn phòng Ủy ban nhân dân tỉnh", 0, 0, F(office_name)},
	{"office", "address", V_ADDRESS, NULL, 0, 0, F(office_address)},
	{"office", "submitters", V_SENDERS, "", 0, 0, F(submitters)},
	{"office", "leaders", V_ADDRESSES, "", 0, 0, F(leaders)},
	{"office", "timezone", V_TIMEZONE, "Asia/Ho_Chi_Minh", 0, 0, F(timezone)},
	{"office", "register_within", V_INT, "3", 1, 30, F(register_within)},
	{"store", "path", V_PATH, "/var/lib/dondoc/dondoc.db", 0, 0, F(store_path)},
	{"inbox", "url", V_INBOX_URL, "maildir:/var/lib/dondoc/inbox", 0, 0, F(inbox_url)},
	{"inbox", "user", V_TEXT, NULL, 0, 0, F(inbox_user)},
	{"inbox", "password_file", V_SECRET, NULL, 0, 0, F(inbox_password_file)},
	{"inbox", "ca_file", V_PATH, NULL, 0, 0, F(inbox_ca_file)},
	{"inbox", "done_folder", V_TEXT, NULL, 0, 0, F(inbox_done_folder)},
	{"smtp", "url", V_SMTP_URL, "maildir:/var/lib/dondoc/outbox", 0, 0, F(smtp_url)},
	{"smtp", "user", V_TEXT, NULL, 0, 0, F(smtp_user)},
	{"smtp", "password_file", V_SECRET, NULL, 0, 0, F(smtp_password_file)},
	{"smtp", "ca_file", V_PATH, NULL, 0, 0, F(smtp_ca_file)},
	{"units", "file", V_PATH, "/etc/dondoc/units.csv", 0, 0, F(units_file)},
	{"calendar", "holidays", V_PATH, NULL, 0, 0, F(holidays_file)},
	{"schedule", "remind_before", V_DAYS, "5;2;0", 0, 60, F(remind_before)},
	{"schedule", "overdue_every", V_INT, "3", 1, 60, F(overdue_every)},
	{"schedule", "escalate_after", V_INT, "2", 0, 20, F(escalate_after)},
	{"schedule", "send_at", V_TIME, "08:00", 0, 0, F(send_at)},
	{"schedule", "status_request", V_STATUS, "monthly:20", 0, 0, F(status_request)},
	{"schedule", "digest_daily", V_DAILY, "07:30", 0, 0, F(digest_daily)},
	{"schedule", "digest_weekly", V_WEEKLY, "mon 07:30", 0, 0, F(digest_weekly)},
	{"schedule", "digest_monthly", V_MONTHLY, "25 07:30", 0, 0, F(digest_monthly)},
	{"review", "min_confidence", V_DOUBLE, "0.8", 0, 1, F(min_confidence)},
	{"reply", "secret_file", V_SECRET, NULL, 0, 0, F(reply_secret_file)},
	{"limits", "parse_cpu_seconds", V_INT, "120", 1, 3600, F(parse_cpu_seconds)},
	{"limits", "parse_memory_mb", V_INT, "512", 64, 65536, F(parse_memory_mb)},
	{"limits", "parse_timeout_seconds", V_INT, "180", 1, 3600, F(parse_timeout_seconds)},
	{"limits", "max_message_bytes", V_SIZE, "32M", 1024, 1 << 30, F(max_message_bytes)},
};

/* Everything one load needs. */
struct loader {
	const char *path;
	char *dir;            /* the config file's directory, for relative paths */
	const char *text;     /* the file, for line numbers */
	GPtrArray *errors;    /* char * */
	GPtrArray *warnings;  /* char * */
};

/* ------------------------------------------------------------------ */
/* Locating a key in the file text                                     */

/* The 1-based line of `key` inside [group] (its last one, which is the one
 * GKeyFile keeps), of the [group] line itself when key is NULL, or 0 when
 * it is not there. */
static int find_line(const char *text, const char *group, const char *key)
{
	size_t klen = key ? strlen(key) : 0, glen = group ? strlen(group) : 0;
	bool in_group = false;
	int line = 1, found = 0;

	for (const char *p = text; *p; line++) {
		const char *end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		const char *s = p;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (*s == '[') {
			in_group = group && (size_t)(end - s) > glen + 1 && strncmp(s + 1, group, glen) == 0 &&
			           s[1 + glen] == ']';
			if (!key && in_group)
				return line;
		} else if (key && in_group && (size_t)(end - s) > klen && strncmp(s, key, klen) == 0) {
			const char *q = s + klen;
			while (q < end && (*q == ' ' || *q == '\t'))
				q++;
			if (q < end && (*q == '=' || *q == '['))
				found = line;
		}
		p = *end ? end + 1 : end;
	}
	return found;
}

static void add_problem(struct loader *ld, GPtrArray *to, const char *group, const char *key,
                        const char *fmt, ...) G_GNUC_PRINTF(5, 6);

static void add_problem(struct loader *ld, GPtrArray *to, const char *group, const char *key,
                        const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	int line = find_line(ld->text, group, key);
	GString *s = g_string_new(ld->path);
	if (line)
		g_string_append_printf(s, ":%d", line);
	g_string_append(s, ": ");
	if (key)
		g_string_append_printf(s, "[%s] %s: ", group, key);
	else
		g_string_append_printf(s, "[%s]: ", group);
	g_string_append(s, what);
	g_ptr_array_add(to, g_string_free(s, FALSE));
	g_free(what);
}

#define PROBLEM(ld, r, ...) add_problem((ld), (ld)->errors, (r)->group, (r)->key, __VA_ARGS__)

/* ------------------------------------------------------------------ */
/* Checking one kind of value                                          */

/* The value without an inline comment (whitespace then ';' or '#'), trimmed. */
static char *strip_comment(const char *raw)
{
	char *v = g_strdup(raw);
	for (char *p = v; *p; p++) {
		if (*p != ' ' && *p != '\t')
			continue;
		const char *q = p;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == ';' || *q == '#') {
			*p = '\0';
			break;
		}
	}
	return g_strstrip(v);
}

/* Items of a ';' list, trimmed, empty ones dropped. */
static char **split_list(const char *v)
{
	char **parts = g_strsplit(v, ";", -1);
	GPtrArray *out = g_ptr_array_new();
	for (char **p = parts; *p; p++) {
		g_strstrip(*p);
		if (**p)
			g_ptr_array_add(out, g_strdup(*p));
	}
	g_strfreev(parts);
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

static bool is_atext(char c)
{
	return g_ascii_isalnum(c) || (c && strchr("!#$%&'*+/=?^_`{|}~-.", c));
}

static bool valid_domain(const char *d)
{
	if (!*d || *d == '.' || *d == '-')
		return false;
	for (const char *p = d; *p; p++) {
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '.')
			return false;
		if (*p == '.' && (p[1] == '.' || p[1] == '\0'))
			return false;
	}
	return true;
}

/* "local@domain"; with `wildcard`, "*@domain" too. */
static bool valid_address(const char *a, bool wildcard)
{
	const char *at = strrchr(a, '@');
	if (!at || at == a)
		return false;
	if (at == a + 1 && a[0] == '*')   /* a pattern, not an address */
		return wildcard && valid_domain(at + 1);
	for (const char *p = a; p < at; p++)
		if (!is_atext(*p))
			return false;
	return a[0] != '.' && at[-1] != '.' && valid_domain(at + 1);
}

static bool parse_long(const char *v, long *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end)
		return false;
	*out = n;
	return true;
}

/* "HH:MM" (H:MM too). */
static bool valid_time(const char *v)
{
	int h, m, n = 0;
	return sscanf(v, "%2d:%2d%n", &h, &m, &n) == 2 && v[n] == '\0' && n >= 4 &&
	       v[n - 3] == ':' && g_ascii_isdigit(v[0]) && h >= 0 && h <= 23 && m >= 0 && m <= 59;
}

static const char *const WEEKDAYS[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};

static bool valid_weekday(const char *v)
{
	for (int i = 0; WEEKDAYS[i]; i++)
		if (g_ascii_strcasecmp(v, WEEKDAYS[i]) == 0)
			return true;
	return false;
}

static bool valid_monthday(const char *v)
{
	long d;
	return parse_long(v, &d) && d >= 1 && d <= 31;
}

/* "WHEN HH:MM" where WHEN passes `when_ok`. */
static bool valid_when_time(const char *v, bool (*when_ok)(const char *))
{
	const char *sp = strchr(v, ' ');
	if (!sp)
		return false;
	char *when = g_strndup(v, (gsize)(sp - v));
	while (*sp == ' ')
		sp++;
	bool ok = when_ok(when) && valid_time(sp);
	g_free(when);
	return ok;
}

static bool valid_status_request(const char *v)
{
	if (g_str_has_prefix(v, "monthly:"))
		return valid_monthday(v + 8);
	if (g_str_has_prefix(v, "weekly:"))
		return valid_weekday(v + 7);
	return false;
}

static bool valid_timezone(const char *v)
{
	if (strcmp(v, "Asia/Ho_Chi_Minh") == 0 || strcmp(v, "Asia/Saigon") == 0)
		return true;   /* even where tzdata is missing */
	GTimeZone *tz = g_time_zone_new_identifier(v);
	if (!tz)
		return false;
	bool ok = g_time_zone_get_offset(tz, 0) == 7 * 3600;
	g_time_zone_unref(tz);
	return ok;
}

/* Bytes with an optional K, M or G (powers of 1024). */
static bool parse_size(const char *v, long *out)
{
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || end == v || n < 0)
		return false;
	long long mult = 1;
	if (*end == 'K' || *end == 'k')
		mult = 1024;
	else if (*end == 'M' || *end == 'm')
		mult = 1024 * 1024;
	else if (*end == 'G' || *end == 'g')
		mult = 1024 * 1024 * 1024;
	if (mult > 1)
		end++;
	if (*end || n > G_MAXLONG / mult)
		return false;
	*out = (long)(n * mult);
	return true;
}

/* A path relative to the config file's directory becomes absolute. */
static char *resolve_path(const struct loader *ld, const char *p)
{
	if (g_path_is_absolute(p))
		return g_strdup(p);
	return g_build_filename(ld->dir, p, NULL);
}

/* "scheme://host[:port][/rest]": false when host or port is bad. */
static bool valid_server_url(const char *rest)
{
	const char *end = rest + strcspn(rest, "/");
	const char *colon = memchr(rest, ':', (size_t)(end - rest));
	const char *host_end = colon ? colon : end;
	if (host_end == rest)
		return false;
	char *host = g_strndup(rest, (gsize)(host_end - rest));
	bool ok = valid_domain(host);
	g_free(host);
	if (ok && colon) {
		char *port = g_strndup(colon + 1, (gsize)(end - colon - 1));
		long n;
		ok = parse_long(port, &n) && n >= 1 && n <= 65535;
		g_free(port);
	}
	return ok;
}

/* maildir:PATH, or one of `schemes` followed by a server. Stores the url
 * with a maildir path made absolute. */
static char *check_url(struct loader *ld, const struct key_rule *r, const char *v,
                       const char *const *schemes)
{
	if (g_str_has_prefix(v, "maildir:")) {
		if (!v[8]) {
			PROBLEM(ld, r, "'%s' names no directory", v);
			return NULL;
		}
		char *p = resolve_path(ld, v + 8);
		char *url = g_strconcat("maildir:", p, NULL);
		g_free(p);
		return url;
	}
	for (int i = 0; schemes[i]; i++)
		if (g_str_has_prefix(v, schemes[i])) {
			if (valid_server_url(v + strlen(schemes[i])))
				return g_strdup(v);
			PROBLEM(ld, r, "'%s' has no valid host and port", v);
			return NULL;
		}
	GString *all = g_string_new("maildir:PATH");
	for (int i = 0; schemes[i]; i++)
		g_string_append_printf(all, ", %sHOST[:PORT]", schemes[i]);
	PROBLEM(ld, r, "'%s' is not a url dondoc knows (%s)", v, all->str);
	g_string_free(all, TRUE);
	return NULL;
}

static const char *const INBOX_SCHEMES[] = {"imaps://", "imap://", NULL};
static const char *const SMTP_SCHEMES[] = {"smtps://", "smtp://", NULL};

/* A list of addresses, every item checked. */
static char **check_addresses(struct loader *ld, const struct key_rule *r, const char *v,
                              bool wildcard)
{
	char **items = split_list(v);
	bool ok = true;
	for (char **p = items; *p; p++)
		if (!valid_address(*p, wildcard)) {
			PROBLEM(ld, r, "'%s' is not an e-mail address%s", *p, wildcard ? " or *@domain" : "");
			ok = false;
		}
	if (!ok) {
		g_strfreev(items);
		return NULL;
	}
	return items;
}

static char **check_days(struct loader *ld, const struct key_rule *r, const char *v)
{
	char **items = split_list(v);
	bool ok = true;
	for (char **p = items; *p; p++) {
		long n;
		if (!parse_long(*p, &n) || n < r->min || n > r->max) {
			PROBLEM(ld, r, "'%s' is not a number of working days from %g to %g", *p, r->min,
			        r->max);
			ok = false;
		}
	}
	if (!ok) {
		g_strfreev(items);
		return NULL;
	}
	return items;
}

static bool valid_plain_address(const char *v)
{
	return valid_address(v, false);
}

static bool valid_weekly(const char *v)
{
	return valid_when_time(v, valid_weekday);
}

static bool valid_monthly(const char *v)
{
	return valid_when_time(v, valid_monthday);
}

/* The single values checked by one function: what they must be, and
 * whether "off" unsets them. */
static const struct {
	enum vtype type;
	bool may_be_off;
	bool (*valid)(const char *v);
	const char *what;
} TEXT_CHECKS[] = {
	{V_ADDRESS, false, valid_plain_address, "an e-mail address"},
	{V_TIME, false, valid_time, "a time HH:MM"},
	{V_DAILY, true, valid_time, "a time HH:MM"},
	{V_WEEKLY, true, valid_weekly, "a weekday and a time, like 'mon 07:30'"},
	{V_MONTHLY, true, valid_monthly, "a day of the month and a time, like '25 07:30'"},
	{V_STATUS, true, valid_status_request, "'monthly:DAY', 'weekly:DAY' or 'off'"},
	{V_TIMEZONE, false, valid_timezone,
	 "a time zone at UTC+7 (dondoc keeps Vietnamese local dates)"},
};

/* A single-string value; NULL with a problem recorded when invalid. */
static char *check_string(struct loader *ld, const struct key_rule *r, const char *v)
{
	switch (r->type) {
	case V_INBOX_URL:
		return check_url(ld, r, v, INBOX_SCHEMES);
	case V_SMTP_URL:
		return check_url(ld, r, v, SMTP_SCHEMES);
	case V_PATH:
		return resolve_path(ld, v);
	case V_SECRET:
		if (g_str_has_prefix(v, "credential:")) {
			const char *name = v + strlen("credential:");
			if (!*name || strchr(name, '/')) {
				PROBLEM(ld, r, "'%s' names no credential", v);
				return NULL;
			}
			return g_strdup(v);
		}
		return resolve_path(ld, v);
	default:
		break;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(TEXT_CHECKS); i++) {
		if (TEXT_CHECKS[i].type != r->type)
			continue;
		if (TEXT_CHECKS[i].may_be_off && g_ascii_strcasecmp(v, "off") == 0)
			return NULL;
		if (!TEXT_CHECKS[i].valid(v)) {
			PROBLEM(ld, r, "'%s' is not %s", v, TEXT_CHECKS[i].what);
			return NULL;
		}
	}
	return g_strdup(v);
}

/* Check the value `v` of rule `r` and store it in cfg. */
static void set_value(struct loader *ld, struct dd_config *cfg, const struct key_rule *r,
                      const char *v)
{
	void *field = (char *)cfg + r->offset;
	long n;
	switch (r->type) {
	case V_INT:
	case V_SIZE:
		if (!(r->type == V_INT ? parse_long(v, &n) : parse_size(v, &n)) || n < r->min ||
		    n > r->max)
			PROBLEM(ld, r, "'%s' is not a whole number from %.0f to %.0f%s", v, r->min, r->max,
			        r->type == V_SIZE ? " (bytes; K, M or G may follow)" : "");
		else
			*(int *)field = (int)n;
		return;
	case V_DOUBLE: {
		char *end;
		double d = g_ascii_strtod(v, &end);
		if (end == v || *end || !(d >= r->min && d <= r->max))
			PROBLEM(ld, r, "'%s' is not a number from %g to %g", v, r->min, r->max);
		else
			*(double *)field = d;
		return;
	}
	case V_SENDERS:
	case V_ADDRESSES:
	case V_DAYS: {
		char **list = r->type == V_DAYS ? check_days(ld, r, v)
		                                : check_addresses(ld, r, v, r->type == V_SENDERS);
		if (list) {
			g_strfreev(*(char ***)field);
			*(char ***)field = list;
		}
		return;
	}
	default: {
		char **s = field;
		g_free(*s);
		*s = *v ? check_string(ld, r, v) : NULL;
		return;
	}
	}
}

/* ------------------------------------------------------------------ */
/* The whole file                                                      */

static const struct key_rule *rule_for(const char *group, const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(KEYS); i++)
		if (strcmp(KEYS[i].group, group) == 0 && strcmp(KEYS[i].key, key) == 0)
			return &KEYS[i];
	return NULL;
}

static bool group_known(const char *group)
{
	for (size_t i = 0; i < G_N_ELEMENTS(KEYS); i++)
		if (strcmp(KEYS[i].group, group) == 0)
			return true;
	return false;
}

/* Unknown groups and keys are warnings. */
static void warn_unknown(struct loader *ld, GKeyFile *kf)
{
	char **groups = g_key_file_get_groups(kf, NULL);
	for (char **g = groups; *g; g++) {
		if (!group_known(*g)) {
			add_problem(ld, ld->warnings, *g, NULL, "unknown group, ignored");
			continue;
		}
		char **keys = g_key_file_get_keys(kf, *g, NULL, NULL);
		for (char **k = keys; keys && *k; k++)
			if (!rule_for(*g, *k))
				add_problem(ld, ld->warnings, *g, *k, "unknown key, ignored");
		g_strfreev(keys);
	}
	g_strfreev(groups);
}

/* Checks that involve several keys. */
static void check_together(struct loader *ld, struct dd_config *cfg)
{
	if (cfg->office_address) {
		const char *at = strchr(cfg->office_address, '@');
		if (at && memchr(cfg->office_address, '+', (size_t)(at - cfg->office_address)))
			add_problem(ld, ld->errors, "office", "address",
			            "'%s' must not contain '+': replies come to local+TOKEN@domain",
			            cfg->office_address);
	}
	bool imap = cfg->inbox_url && !g_str_has_prefix(cfg->inbox_url, "maildir:");
	if (imap && !cfg->inbox_user)
		add_problem(ld, ld->errors, "inbox", "user", "required for an IMAP url");
	if (imap && !cfg->inbox_password_file)
		add_problem(ld, ld->errors, "inbox", "password_file", "required for an IMAP url");
	if (cfg->smtp_user && !cfg->smtp_password_file)
		add_problem(ld, ld->errors, "smtp", "password_file", "required when [smtp] user is set");
	if (cfg->submitters && !cfg->submitters[0])
		add_problem(ld, ld->warnings, "office", "submitters",
		            "nobody may submit directives: every directive will be quarantined");
}

static struct dd_config *config_new_from(struct loader *ld, GKeyFile *kf)
{
	struct dd_config *cfg = g_new0(struct dd_config, 1);
	cfg->path = g_strdup(ld->path);
	for (size_t i = 0; i < G_N_ELEMENTS(KEYS); i++) {
		const struct key_rule *r = &KEYS[i];
		char *raw = g_key_file_get_value(kf, r->group, r->key, NULL);
		if (raw) {
			char *v = strip_comment(raw);
			set_value(ld, cfg, r, v);
			g_free(v);
			g_free(raw);
		} else if (r->dflt) {
			set_value(ld, cfg, r, r->dflt);
		} else if (r->type == V_ADDRESS) {
			add_problem(ld, ld->errors, r->group, r->key, "required");
		}
	}
	check_together(ld, cfg);
	warn_unknown(ld, kf);
	return cfg;
}

struct dd_config *config_load(const char *path, GError **error)
{
	char *text = NULL;
	gsize len = 0;
	GError *e = NULL;

	if (!g_file_get_contents(path, &text, &len, &e)) {
		g_set_error(error, DD_CONFIG_ERROR, DD_CONFIG_ERROR_IO, "%s", e->message);
		g_error_free(e);
		return NULL;
	}
	if (!g_utf8_validate(text, (gssize)len, NULL) || strlen(text) != len) {
		g_set_error(error, DD_CONFIG_ERROR, DD_CONFIG_ERROR_INVALID, "%s: not UTF-8 text", path);
		g_free(text);
		return NULL;
	}
	GKeyFile *kf = g_key_file_new();
	if (!g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &e)) {
		g_set_error(error, DD_CONFIG_ERROR, DD_CONFIG_ERROR_INVALID, "%s: %s", path, e->message);
		g_error_free(e);
		g_key_file_free(kf);
		g_free(text);
		return NULL;
	}

	char *abs = g_canonicalize_filename(path, NULL);
	struct loader ld = {path, g_path_get_dirname(abs), text, g_ptr_array_new_with_free_func(g_free),
	                    g_ptr_array_new_with_free_func(g_free)};
	g_free(abs);
	struct dd_config *cfg = config_new_from(&ld, kf);
	g_ptr_array_add(ld.warnings, NULL);
	cfg->warnings = (char **)g_ptr_array_free(ld.warnings, FALSE);
	if (ld.errors->len) {
		g_ptr_array_add(ld.errors, NULL);
		char *all = g_strjoinv("\n", (char **)ld.errors->pdata);
		g_set_error_literal(error, DD_CONFIG_ERROR, DD_CONFIG_ERROR_INVALID, all);
		g_free(all);
		config_free(cfg);
		cfg = NULL;
	}
	g_ptr_array_free(ld.errors, TRUE);
	g_free(ld.dir);
	g_key_file_free(kf);
	g_free(text);
	return cfg;
}

void config_free(struct dd_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < G_N_ELEMENTS(KEYS); i++) {
		void *field = (char *)cfg + KEYS[i].offset;
		switch (KEYS[i].type) {
		case V_INT:
		case V_SIZE:
		case V_DOUBLE:
			break;
		case V_SENDERS:
		case V_ADDRESSES:
		case V_DAYS:
			g_strfreev(*(char ***)field);
			break;
		default:
			g_free(*(char **)field);
		}
	}
	g_strfreev(cfg->warnings);
	g_free(cfg->path);
	g_free(cfg);
}

/* ------------------------------------------------------------------ */
/* Secrets and submitters                                              */

#define SECRET_MAX (64 * 1024)

char *config_read_secret(const char *spec, GError **error)
{
	char *path;
	if (g_str_has_prefix(spec, "credential:")) {
		const char *dir = g_getenv("CREDENTIALS_DIRECTORY");
		if (!dir) {
			g_set_error(error, DD_CONFIG_ERROR, DD_CONFIG_ERROR_SECRET,
			            "%s: $CREDENTIALS_DIRECTORY is not set (LoadCredential= in the unit?)", spec);
			return NULL;
		}
		path = g_build_filename(dir, spec + strlen("credential:"), NULL);
	} else {
		path = g_strdup(spec);
	}

	char *secret = NULL;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st) != 0) {
		g_set_error(error, DD_CONFIG_ERROR, DD_CONFIG_ERROR_SECRET, "%s: %s", path,
		            g_strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		g_set_error(error, DD_CONFIG_ERROR, DD_CONFIG_ERROR_SECRET, "%s: not a regular file", path);
	} else if (st.st_mode & 077) {
		g_set_error(error, DD_CONFIG_ERROR, DD_CONFIG_ERROR_SECRET,
		            "%s: mode %04o lets group or others read it; refusing (chmod 600)", path,
		            (unsigned)(st.st_mode & 07777));
	} else if (st.st_uid != geteuid() && st.st_uid != 0) {
		g_set_error(error, DD_CONFIG_ERROR, DD_CONFIG_ERROR_SECRET,
		            "%s: owned by another user (uid %u); refusing", path, (unsigned)st.st_uid);
	} else {
		char *buf = g_malloc(SECRET_MAX + 1);
		ssize_t n = read(fd, buf, SECRET_MAX + 1);
		if (n < 0 || n > SECRET_MAX) {
			g_set_error(error, DD_CONFIG_ERROR, DD_CONFIG_ERROR_SECRET, "%s: %s", path,
			            n < 0 ? g_strerror(errno) : "too long for a secret");
			g_free(buf);
		} else {
			while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
				n--;
			buf[n] = '\0';
			if (n == 0) {
				g_set_error(error, DD_CONFIG_ERROR, DD_CONFIG_ERROR_SECRET, "%s: empty", path);
				g_free(buf);
			} else {
				secret = buf;
			}
		}
	}
	if (fd >= 0)
		close(fd);
	g_free(path);
	return secret;
}

bool config_is_submitter(const struct dd_config *cfg, const char *addr)
{
	if (!addr || !cfg->submitters)
		return false;
	const char *at = strrchr(addr, '@');
	for (char **p = cfg->submitters; *p; p++) {
		if (g_str_has_prefix(*p, "*@")) {
			if (at && g_ascii_strcasecmp(at + 1, *p + 2) == 0)
				return true;
		} else if (g_ascii_strcasecmp(addr, *p) == 0) {
			return true;
		}
	}
	return false;
}
