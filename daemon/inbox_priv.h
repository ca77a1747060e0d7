/*
 * inbox_priv.h — what each kind of inbox provides to inbox.c, which picks
 * the kind from the url scheme and forwards the calls of inbox.h.
 */
#ifndef DONDOC_DAEMON_INBOX_PRIV_H
#define DONDOC_DAEMON_INBOX_PRIV_H

#include "daemon/inbox.h"

struct dd_inbox_ops {
	bool (*fetch)(struct dd_inbox *in, GPtrArray *out, guint max, GError **error);
	bool (*done)(struct dd_inbox *in, const char *key, GError **error);
	bool (*wait)(struct dd_inbox *in, int timeout_s, GError **error);
	void (*close)(struct dd_inbox *in);
};

/* Every kind's state starts with this header. */
struct dd_inbox {
	const struct dd_inbox_ops *ops;
	const struct dd_config *cfg;
};

/* For the kinds' wait: poll `fd` for `events` together with the wakeup pipe
 * of inbox_wakeup(). 1: fd is ready; 0: timeout; -1: woken by a signal (the
 * wakeup is consumed) or interrupted (errno EINTR); -2: poll failed (errno). */
int inbox_poll(int fd, short events, int timeout_ms);

/* inbox_maildir.c: url "maildir:/path". */
struct dd_inbox *inbox_maildir_open(const struct dd_config *cfg, const char *path, GError **error);
/* inbox_imap.c: url "imaps://host[:port]/MAILBOX" or "imap://host[:port]/MAILBOX". */
struct dd_inbox *inbox_imap_open(const struct dd_config *cfg, const char *url, GError **error);

#endif
