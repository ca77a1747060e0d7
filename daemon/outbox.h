/*
 * outbox.h — sending the messages queued in the store's outbox.
 *
 * Every outgoing message is written to the outbox table in the same
 * transaction as the change that caused it (ingest.c, and later the
 * scheduler); outbox_send_due() sends the rows that are due and marks
 * each sent once its transport has it.
 *
 * Transports, by [smtp] url:
 *   maildir:PATH  each message becomes one file in PATH/new/ (written in
 *                 tmp/, fsync, rename), named time.M<usec>P<pid>Q<seq>.<host>;
 *                 the row is marked sent after the rename. A crash between
 *                 the two sends that message again on restart.
 *   smtp://...    not built yet (a later issue): rows stay queued, and
 *                 this is logged once.
 * A failed attempt is retried with a backoff (1 min doubling to 6 h); after
 * OUTBOX_MAX_ATTEMPTS the row is failed for good.
 */
#ifndef DONDOC_DAEMON_OUTBOX_H
#define DONDOC_DAEMON_OUTBOX_H

#include <glib.h>

#include "daemon/config.h"
#include "daemon/store.h"

#define OUTBOX_MAX_ATTEMPTS 10

struct dd_outbox;

/* The transport of cfg->smtp_url (creates a Maildir's directories). */
struct dd_outbox *outbox_open(const struct dd_config *cfg, GError **error);
void outbox_close(struct dd_outbox *ob);

/* Send every queued row due at clock_now(). Returns how many were sent,
 * or -1 when the store failed (error set). A row the transport refuses is
 * rescheduled, not an error. */
int outbox_send_due(struct dd_outbox *ob, struct dd_store *st, GError **error);

#endif
