/*
 * ingest.h — one arriving message turned into its effects in the store.
 *
 * For each inbox message ingest_message():
 *   1. a message already seen (same inbox key, or same Message-ID) has no
 *      effect at all;
 *   2. classifies it: an auto-reply or bounce (RFC 3834 Auto-Submitted not
 *      "no", X-Autoreply, a delivery or read report) is quarantined
 *      "auto-reply"; a reply to dondoc (To/Cc office+TOKEN, or In-Reply-To /
 *      References naming one of dondoc's Message-IDs) is kept as a reply for
 *      the replies module; a message from someone not in [office]
 *      submitters is quarantined; anything else is read as a directive: the
 *      first PDF/DOCX/ODT attachment (by content) or the body, read in the
 *      sandboxed child (parse_child.h), then analysed (rules/directive.h);
 *   3. records everything in ONE transaction: the message, its attachments'
 *      SHA-256, and for a directive its document, its tracked tasks (one
 *      per lead unit, groups expanded to their members), a "created" event
 *      per task, and the acknowledgement to the submitter in the outbox; for
 *      a quarantined message from a person, a notice saying why.
 *
 * A directive whose (issuer, number, issue date) is already registered is
 * a duplicate when its tasks are the same, and a corrected version (version
 * + 1; changed tasks replaced, the old ones cancelled with an event) when
 * they differ.
 *
 * The issuer of that key is the unit directory's namespace of the document
 * ("TQ"), so a PDF and a DOCX rendering of one directive agree; when the
 * directory does not know the issuer, its folded name.
 */
#ifndef DONDOC_DAEMON_INGEST_H
#define DONDOC_DAEMON_INGEST_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "daemon/config.h"
#include "daemon/inbox.h"
#include "daemon/store.h"
#include "rules/calendar.h"
#include "rules/units.h"

struct dd_ingest {
	const struct dd_config *cfg;
	struct dd_store *store;
	const struct dd_units *units;      /* may be NULL: no unit is recognised */
	const struct dd_calendar *cal;     /* built-in + holidays file + the store's workdays */
};

/* A local import (dondoc import): the sender is not checked, and nothing is
 * sent (no acknowledgement, no notice). */
#define DD_INGEST_TRUSTED 1u

/* What happened, for the log and the import's progress. */
struct dd_ingest_result {
	bool already_seen;          /* nothing done: processed before */
	enum dd_msg_kind kind;
	char *reason;               /* quarantined: why */
	char *message_id, *sender, *subject;   /* as read from the message (may be NULL) */
	int64_t message, document;  /* row ids (0 when none) */
	char *number;               /* the directive's number */
	int version;
	int ntasks, nreview;        /* tasks added; of them waiting for review */
	int cancelled;              /* a corrected version: tasks cancelled */
	bool late;
	bool replied;               /* an acknowledgement or notice was queued */
};
void ingest_result_clear(struct dd_ingest_result *r);

/* Ingest one inbox message. true: its effects are committed, or it had
 * been processed before: the caller marks it done in the inbox. false: the
 * store failed, or the reader child could not start or was stopped from
 * outside (the service stopping): leave the message pending and try again
 * later. */
bool ingest_message(const struct dd_ingest *ctx, const struct dd_inbox_msg *m, unsigned flags,
                    struct dd_ingest_result *res, GError **error);

/* Ingest one document file (PDF, DOCX, ODT, text: by content) as if it had
 * come by mail from the office address; trusted (see DD_INGEST_TRUSTED).
 * `key` identifies it like an inbox key ("import:<sha256>"). */
bool ingest_document(const struct dd_ingest *ctx, const char *key, const char *filename,
                     GBytes *bytes, struct dd_ingest_result *res, GError **error);

/* The calendar of ingestion: built-in schedules, the holidays file's text
 * (may be NULL; `name` labels its errors), then the days added by hand in
 * the store. NULL with an error when either does not load. */
struct dd_calendar *ingest_calendar(const char *holidays_text, const char *name,
                                    struct dd_store *store, GError **error);

#endif
