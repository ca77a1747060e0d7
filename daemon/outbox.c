/*
 * outbox.c — sending the queued outbox rows (see outbox.h).
 */
#define G_LOG_DOMAIN "dondocd"
#define G_LOG_USE_STRUCTURED 1
#include "daemon/outbox.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon/clock.h"

#define BATCH 50
#define RETRY_FIRST 60              /* seconds before the first retry */
#define RETRY_MAX (6 * 3600)

struct dd_outbox {
	char *maildir;        /* maildir: transport; NULL for SMTP (not built yet) */
	char *url;
	bool told_unsent;     /* the SMTP notice was logged */
	unsigned seq;         /* deliveries by this process, for unique names */
};

struct dd_outbox *outbox_open(const struct dd_config *cfg, GError **error)
{
	struct dd_outbox *ob = g_new0(struct dd_outbox, 1);
	ob->url = g_strdup(cfg->smtp_url);
	if (!g_str_has_prefix(cfg->smtp_url, "maildir:"))
		return ob;
	ob->maildir = g_strdup(cfg->smtp_url + strlen("maildir:"));
	const char *subdirs[] = {"tmp", "new", "cur"};
	for (int i = 0; i < 3; i++) {
		char *d = g_build_filename(ob->maildir, subdirs[i], NULL);
		if (g_mkdir_with_parents(d, 0700) != 0) {
			g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			            "cannot create %s: %s", d, g_strerror(errno));
			g_free(d);
			outbox_close(ob);
			return NULL;
		}
		g_free(d);
	}
	return ob;
}

void outbox_close(struct dd_outbox *ob)
{
	if (!ob)
		return;
	g_free(ob->maildir);
	g_free(ob->url);
	g_free(ob);
}

/* A unique Maildir file name: time.M<usec>P<pid>Q<seq>.<host>, the host
 * with '/' and ':' escaped as the Maildir convention asks. */
static char *unique_name(struct dd_outbox *ob)
{
	char host[256] = "localhost";
	gethostname(host, sizeof host - 1);
	GString *h = g_string_new(NULL);
	for (const char *p = host; *p; p++) {
		if (*p == '/')
			g_string_append(h, "\\057");
		else if (*p == ':')
			g_string_append(h, "\\072");
		else
			g_string_append_c(h, *p);
	}
	char *name = g_strdup_printf("%" G_GINT64_FORMAT ".M%06dP%dQ%u.%s", clock_now(),
	                             (int)(g_get_monotonic_time() % G_USEC_PER_SEC), (int)getpid(),
	                             ++ob->seq, h->str);
	g_string_free(h, TRUE);
	return name;
}

static bool write_all(int fd, const char *p, gsize len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (gsize)n;
	}
	return true;
}

/* Deliver one message into the Maildir: tmp/ → fsync → new/ → fsync new/. */
static bool maildir_deliver(struct dd_outbox *ob, GBytes *raw, GError **error)
{
	char *name = unique_name(ob);
	char *tmp = g_build_filename(ob->maildir, "tmp", name, NULL);
	char *dst = g_build_filename(ob->maildir, "new", name, NULL);
	char *newdir = g_build_filename(ob->maildir, "new", NULL);
	gsize len;
	const char *data = g_bytes_get_data(raw, &len);
	bool ok = false;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		ok = write_all(fd, data, len) && fsync(fd) == 0;
		ok = close(fd) == 0 && ok;
		ok = ok && rename(tmp, dst) == 0;
		int dfd = ok ? open(newdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
		ok = ok && dfd >= 0 && fsync(dfd) == 0;
		if (dfd >= 0)
			close(dfd);
	}
	if (!ok) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "cannot deliver to %s: %s",
		            newdir, g_strerror(errno));
		unlink(tmp);
	}
	g_free(name);
	g_free(tmp);
	g_free(dst);
	g_free(newdir);
	return ok;
}

/* Record the outcome of one attempt in its own transaction. */
static bool mark(struct dd_store *st, const struct dd_out_rec *o, const GError *failure,
                 GError **error)
{
	if (!store_begin(st, error))
		return false;
	bool ok;
	gint64 now = clock_now();
	if (!failure) {
		ok = store_outbox_sent(st, o->id, now, error);
	} else {
		gint64 wait = RETRY_FIRST << MIN(o->attempts, 16);
		gint64 retry = o->attempts + 1 >= OUTBOX_MAX_ATTEMPTS ? 0 : now + MIN(wait, RETRY_MAX);
		ok = store_outbox_attempt_failed(st, o->id, failure->message, retry, error);
	}
	return ok && store_commit(st, error);
}

int outbox_send_due(struct dd_outbox *ob, struct dd_store *st, GError **error)
{
	int sent = 0;
	for (;;) {
		GPtrArray *due = store_outbox_due(st, clock_now(), BATCH, error);
		if (!due)
			return -1;
		if (due->len && !ob->maildir) {
			if (!ob->told_unsent)
				g_log_structured(G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
				                 "%s: sending by SMTP is not built yet; outgoing messages stay "
				                 "queued in the outbox", ob->url);
			ob->told_unsent = true;
			g_ptr_array_unref(due);
			return 0;
		}
		guint n = due->len;
		for (guint i = 0; i < due->len; i++) {
			const struct dd_out_rec *o = g_ptr_array_index(due, i);
			GError *failure = NULL;
			if (maildir_deliver(ob, o->raw, &failure))
				sent++;
			else
				g_log_structured(G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
				                 "outbox %" G_GINT64_FORMAT ": %s", o->id, failure->message);
			bool ok = mark(st, o, failure, error);
			g_clear_error(&failure);
			if (!ok) {
				g_ptr_array_unref(due);
				return -1;
			}
		}
		g_ptr_array_unref(due);
		if (n < BATCH)
			return sent;
	}
}
