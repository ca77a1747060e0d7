/*
 * inbox.h — where directives and replies arrive, behind one interface.
 *
 * Two kinds: Maildir (`maildir:/path`, the embedded default; inotify on
 * new/) and IMAP (`imaps://host[:port]/MAILBOX`, `imap://host[:port]/MAILBOX`
 * with STARTTLS; IDLE). The daemon loop is:
 *
 *     inbox_fetch()  → for each message: ingest, commit the store
 *                    → inbox_done(key)   (only after the commit)
 *     inbox_wait()   → until something may have arrived, or the timeout
 *
 * A message stays pending until inbox_done() is called for it, so a crash
 * between the commit and inbox_done() makes the message come again; the
 * store recognises it (messages seen) and does not register it twice.
 */
#ifndef DONDOC_DAEMON_INBOX_H
#define DONDOC_DAEMON_INBOX_H

#include <glib.h>
#include <stdbool.h>

#include "daemon/config.h"

#define DD_INBOX_ERROR (dd_inbox_error_quark())
GQuark dd_inbox_error_quark(void);
enum dd_inbox_error {
	DD_INBOX_CONFIG,     /* bad url, missing password file ... */
	DD_INBOX_CONNECT,    /* cannot reach the server (retry with backoff) */
	DD_INBOX_TLS,        /* certificate untrusted or for another host: never LOGIN */
	DD_INBOX_AUTH,       /* LOGIN refused */
	DD_INBOX_PROTOCOL,   /* the server said something unexpected */
	DD_INBOX_IO,         /* local file system */
};

/* One pending message. `key` identifies it in this inbox across restarts:
 * "maildir:<unique part of the file name>" or
 * "imap:<mailbox>:<uidvalidity>:<uid>". */
struct dd_inbox_msg {
	char *key;
	GBytes *raw;         /* the whole RFC 5322 message */
	gint64 received;     /* when the inbox got it (file mtime, INTERNALDATE), unix seconds */
};
void inbox_msg_free(struct dd_inbox_msg *m);

struct dd_inbox;

/* Open the inbox of cfg->inbox_url; connects for IMAP. */
struct dd_inbox *inbox_open(const struct dd_config *cfg, GError **error);
void inbox_close(struct dd_inbox *in);

/* The pending messages, oldest first, at most `max`; appended to `out`
 * (struct dd_inbox_msg *, caller frees with inbox_msg_free). A message over
 * cfg->max_message_bytes is returned with raw == NULL so the caller can
 * quarantine it without reading it. */
bool inbox_fetch(struct dd_inbox *in, GPtrArray *out, guint max, GError **error);

/* The message's effects are committed: mark it handled (Maildir: rename
 * new/ → cur/ with the S flag; IMAP: flag \Seen and $DondocDone, or move to
 * cfg->inbox_done_folder). Idempotent. */
bool inbox_done(struct dd_inbox *in, const char *key, GError **error);

/* Block until a message may have arrived or `timeout_s` seconds pass
 * (Maildir: inotify; IMAP: IDLE, re-issued before the server's timeout,
 * NOOP polling only for servers without IDLE). Returns early, with true,
 * when a signal interrupts it. */
bool inbox_wait(struct dd_inbox *in, int timeout_s, GError **error);

/* Waking the daemon from a signal handler. inbox_wakeup_init() once, before
 * the handlers are installed; inbox_wakeup() is async-signal-safe and makes
 * the current or the next inbox_wait() or inbox_sleep() return at once (a
 * self-pipe, so a signal that comes just before the wait is not missed). */
void inbox_wakeup_init(void);
void inbox_wakeup(void);
/* Sleep `timeout_s` seconds, or until inbox_wakeup(): the reconnection
 * backoff while no inbox is open. */
void inbox_sleep(int timeout_s);

#endif
