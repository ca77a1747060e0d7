/*
 * inbox.c — the inbox interface (inbox.h): picks the kind of inbox from the
 * url scheme and forwards each call to that kind's operations
 * (inbox_priv.h); frees fetched messages; and keeps the self-pipe that lets
 * a signal handler wake a waiting inbox (inbox_wakeup).
 */
#include "daemon/inbox_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

G_DEFINE_QUARK(dd-inbox-error-quark, dd_inbox_error)

struct dd_inbox *inbox_open(const struct dd_config *cfg, GError **error)
{
	const char *url = cfg->inbox_url ? cfg->inbox_url : "";
	if (g_str_has_prefix(url, "maildir:"))
		return inbox_maildir_open(cfg, url + strlen("maildir:"), error);
	if (g_str_has_prefix(url, "imaps://") || g_str_has_prefix(url, "imap://"))
		return inbox_imap_open(cfg, url, error);
	g_set_error(error, DD_INBOX_ERROR, DD_INBOX_CONFIG, "inbox url '%s': unknown scheme", url);
	return NULL;
}

void inbox_close(struct dd_inbox *in)
{
	if (in)
		in->ops->close(in);
}

bool inbox_fetch(struct dd_inbox *in, GPtrArray *out, guint max, GError **error)
{
	return in->ops->fetch(in, out, max, error);
}

bool inbox_done(struct dd_inbox *in, const char *key, GError **error)
{
	return in->ops->done(in, key, error);
}

bool inbox_wait(struct dd_inbox *in, int timeout_s, GError **error)
{
	return in->ops->wait(in, timeout_s, error);
}

void inbox_msg_free(struct dd_inbox_msg *m)
{
	if (!m)
		return;
	g_free(m->key);
	if (m->raw)
		g_bytes_unref(m->raw);
	g_free(m);
}

/* ------------------------------------------------------------------ */
/* Waking up from a signal handler                                     */

static int wake_pipe[2] = {-1, -1};

void inbox_wakeup_init(void)
{
	if (wake_pipe[0] >= 0)
		return;
	if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		wake_pipe[0] = wake_pipe[1] = -1;
}

void inbox_wakeup(void)
{
	int saved = errno;
	if (wake_pipe[1] >= 0) {
		ssize_t n = write(wake_pipe[1], "!", 1);   /* a full pipe is awake already */
		(void)n;
	}
	errno = saved;
}

static void wakeup_drain(void)
{
	char buf[64];
	while (wake_pipe[0] >= 0 && read(wake_pipe[0], buf, sizeof buf) > 0)
		;
}

int inbox_poll(int fd, short events, int timeout_ms)
{
	struct pollfd p[2] = {{fd, events, 0}, {wake_pipe[0], POLLIN, 0}};
	int n = poll(p, 2, timeout_ms);
	if (n < 0)
		return errno == EINTR ? -1 : -2;
	if (p[1].revents & POLLIN) {
		wakeup_drain();
		return -1;
	}
	if (n == 0)
		return 0;
	return 1;
}

void inbox_sleep(int timeout_s)
{
	inbox_poll(-1, 0, timeout_s * 1000);
}
