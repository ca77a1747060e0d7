/*
 * compose.h — the wording of the messages ingestion sends.
 *
 * One function per kind of message: the acknowledgement of a registered
 * directive, and the notice to a person whose message was quarantined.
 * Each returns the complete message (mailmsg.h) and its subject. The
 * template engine (mailtemplates/, a later issue) replaces the bodies of
 * these functions; the callers stay as they are.
 */
#ifndef DONDOC_DAEMON_COMPOSE_H
#define DONDOC_DAEMON_COMPOSE_H

#include <glib.h>

#include "daemon/config.h"
#include "daemon/store.h"
#include "rules/units.h"

struct dd_ack {
	const struct dd_config *cfg;
	const struct dd_units *units;              /* unit names; may be NULL */
	const struct dd_doc_rec *doc;              /* as registered */
	struct dd_task_rec *const *tasks;          /* the document's tasks now in force */
	size_t ntasks;
	const char *const *review_why;             /* per task: why it waits for review, or NULL */
	int added, cancelled;                      /* a corrected version: tasks added, cancelled */
	const char *const *warnings;               /* document-level warnings, NULL-terminated, or NULL */
	const char *to;                            /* the submitter */
	const char *in_reply_to;                   /* the directive's Message-ID, or NULL */
	const char *message_id;                    /* of the acknowledgement */
	gint64 now;
};

/* The acknowledgement: the document, its registration deadline (and
 * "registered late"), a table of the tasks (NV-<id>, lead unit, due date,
 * kind, status) and the tasks that need review. */
GBytes *compose_ack(const struct dd_ack *a, char **subject);

struct dd_notice {
	const struct dd_config *cfg;
	const char *to;
	const char *in_reply_to;                   /* the quarantined message's Message-ID, or NULL */
	const char *message_id;
	const char *original_subject;              /* may be NULL */
	const char *reason;                        /* why it was quarantined */
	gint64 now;
};

/* The notice to the sender of a quarantined message: why, and that the
 * Office will review it. */
GBytes *compose_quarantine_notice(const struct dd_notice *n, char **subject);

#endif
