/*
 * store.h — the SQLite store: the only module that speaks SQL.
 *
 * One database file in WAL mode, schema migrations by PRAGMA user_version.
 * Times are unix seconds (UTC); dates are ISO "YYYY-MM-DD" local dates.
 * Every write happens inside store_begin() / store_commit(): the daemon
 * commits a message's whole effect (document, tasks, events, outbox rows,
 * the message itself) in one transaction, then marks it handled in the inbox.
 *
 * Tables (the store's own business; callers use the functions below):
 *   messages     every message seen: source key (unique), Message-ID, sender,
 *                subject, kind, reason, the raw bytes, received/processed time
 *   attachments  per message: file name, content type, size, sha256
 *   units        the unit directory as imported (id, name, addresses, groups);
 *                unit_events keeps every change of a unit's addresses
 *   documents    one per directive: issuer, number, issue date (unique
 *                together), type, place, subject, signer, register_by,
 *                registered_at, late, version, the message that brought it
 *   tasks        one per tracked task (exactly one lead unit), with its
 *                document, order, supports, summary, due, due kind, due text,
 *                original due, status, confidence, progress, completed_on
 *   task_events  full history: who changed what, when, from which message
 *   outbox       every message to send: kind, recipients, subject, raw bytes,
 *                status (queued, sent, failed), attempts, next attempt, error
 *   workdays     days added by hand ("dondoc workdays add")
 */
#ifndef DONDOC_DAEMON_STORE_H
#define DONDOC_DAEMON_STORE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "rules/units.h"

#define DD_STORE_ERROR (dd_store_error_quark())
GQuark dd_store_error_quark(void);
enum dd_store_error { DD_STORE_OPEN, DD_STORE_SQL, DD_STORE_NOT_FOUND, DD_STORE_CONFLICT };

struct dd_store;

/* Open (creating and migrating) the database; read_only for queries. */
struct dd_store *store_open(const char *path, bool read_only, GError **error);
void store_close(struct dd_store *st);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
bool store_begin(struct dd_store *st, GError **error);
bool store_commit(struct dd_store *st, GError **error);
void store_rollback(struct dd_store *st);

/* ---- messages ---- */

enum dd_msg_kind {
	DD_MSG_DIRECTIVE,    /* registered as a directive */
	DD_MSG_DUPLICATE,    /* a directive already registered (same issuer, number, date) */
	DD_MSG_REPLY,        /* a unit's reply, kept for the replies module */
	DD_MSG_QUARANTINED,  /* kept for review: `reason` says why */
};
const char *store_msg_kind_name(enum dd_msg_kind kind);

struct dd_msg_rec {
	int64_t id;
	char *source_key;    /* inbox key, unique */
	char *message_id;    /* Message-ID header, may be NULL */
	char *sender;        /* From address */
	char *subject;
	enum dd_msg_kind kind;
	char *reason;        /* why quarantined, or NULL */
	int64_t received_at, processed_at;
	GBytes *raw;         /* may be NULL in listings */
};
void store_msg_rec_clear(struct dd_msg_rec *m);

/* Has this inbox key, or this Message-ID (when not NULL), been processed? */
bool store_message_seen(struct dd_store *st, const char *source_key, const char *message_id);
/* Record a message (id is filled in). */
bool store_message_add(struct dd_store *st, struct dd_msg_rec *m, GError **error);
bool store_attachment_add(struct dd_store *st, int64_t message, const char *filename,
                          const char *content_type, size_t size, const char *sha256_hex,
                          GError **error);
/* Messages of one kind, newest first (raw not loaded). */
GPtrArray *store_messages(struct dd_store *st, enum dd_msg_kind kind, GError **error);

/* ---- units ---- */

/* Replace the directory by `units`; a unit's changed addresses are logged
 * in unit_events, removed units are kept as inactive. */
bool store_units_import(struct dd_store *st, const struct dd_units *units, int64_t now,
                        GError **error);

/* ---- documents and tasks ---- */

struct dd_doc_rec {
	int64_t id;
	char *issuer, *number, *type, *place, *subject, *signer;
	char *issued, *register_by;     /* ISO dates; issued may be NULL */
	int64_t registered_at;
	bool late;
	int version;                    /* 1, then +1 for each corrected version */
	int64_t message;                /* messages.id that brought it */
	int ntasks;                     /* in listings */
	char *message_id;               /* in listings: the Message-ID */
};
void store_doc_rec_clear(struct dd_doc_rec *d);

enum dd_task_status { DD_TASK_REVIEW, DD_TASK_OPEN, DD_TASK_EXTENSION_REQUESTED, DD_TASK_DONE, DD_TASK_CANCELLED };
const char *store_task_status_name(enum dd_task_status s);
bool store_task_status_parse(const char *name, enum dd_task_status *out);

struct dd_task_rec {
	int64_t id;
	int64_t document;
	int seq;                        /* order within the document */
	char *lead;                     /* one unit id */
	char *support;                  /* ';'-joined unit ids, "" if none */
	char *from_group;               /* the group it was expanded from, or NULL */
	char *summary;
	char *due, *original_due;       /* ISO dates or NULL */
	char *due_kind, *due_text;
	enum dd_task_status status;
	double confidence;
	int progress;                   /* 0..100 */
	char *completed_on;             /* ISO date or NULL */
	/* in listings: */
	char *doc_number, *doc_issued;
};
void store_task_rec_clear(struct dd_task_rec *t);

/* The document registered for (issuer, number, issued), or 0. */
int64_t store_document_find(struct dd_store *st, const char *issuer, const char *number,
                            const char *issued);
bool store_document_add(struct dd_store *st, struct dd_doc_rec *d, GError **error);
bool store_document_get(struct dd_store *st, int64_t id, struct dd_doc_rec *out, GError **error);
bool store_document_set_version(struct dd_store *st, int64_t id, int version, int64_t message,
                                GError **error);
GPtrArray *store_documents(struct dd_store *st, GError **error);   /* struct dd_doc_rec * */

bool store_task_add(struct dd_store *st, struct dd_task_rec *t, GError **error);
bool store_task_get(struct dd_store *st, int64_t id, struct dd_task_rec *out, GError **error);
/* Write back every field of t (the caller logs the event). */
bool store_task_update(struct dd_store *st, const struct dd_task_rec *t, GError **error);

struct dd_task_filter {
	const char *unit;               /* lead unit id, or NULL */
	int status;                     /* enum dd_task_status, or -1 for all */
	int64_t document;               /* or 0 */
};
GPtrArray *store_tasks(struct dd_store *st, const struct dd_task_filter *f, GError **error);

/* One line of a task's history. */
struct dd_event_rec {
	int64_t id, task, at, message;  /* message: messages.id or 0 */
	char *actor;                    /* "dondoc", "cli:root", a sender address */
	char *kind;                     /* "created", "confirmed", "extended", "closed", ... */
	char *detail;                   /* free text or JSON */
};
void store_event_rec_clear(struct dd_event_rec *e);
bool store_event_add(struct dd_store *st, struct dd_event_rec *e, GError **error);
GPtrArray *store_events(struct dd_store *st, int64_t task, GError **error);

/* ---- outbox ---- */

enum dd_out_status { DD_OUT_QUEUED, DD_OUT_SENT, DD_OUT_FAILED };
const char *store_out_status_name(enum dd_out_status s);

struct dd_out_rec {
	int64_t id;
	char *kind;                     /* "ack", "notice", "reminder", "quarantine", ... */
	char *recipients;               /* ';'-joined addresses */
	char *subject;
	GBytes *raw;                    /* the complete message; NULL in listings */
	enum dd_out_status status;
	int attempts;
	int64_t created_at, next_attempt_at, sent_at;
	char *last_error;
	int64_t task, document;         /* the cause, or 0 */
};
void store_out_rec_clear(struct dd_out_rec *o);
bool store_outbox_add(struct dd_store *st, struct dd_out_rec *o, GError **error);
/* Queued messages due at `now`, oldest first, raw loaded. */
GPtrArray *store_outbox_due(struct dd_store *st, int64_t now, guint max, GError **error);
bool store_outbox_sent(struct dd_store *st, int64_t id, int64_t now, GError **error);
/* A failed attempt: next try at `retry_at`, or failed for good when 0. */
bool store_outbox_attempt_failed(struct dd_store *st, int64_t id, const char *why,
                                 int64_t retry_at, GError **error);
bool store_outbox_requeue(struct dd_store *st, int64_t id, int64_t now, GError **error);
GPtrArray *store_outbox(struct dd_store *st, GError **error);      /* all, newest first */

/* ---- working days added by hand ---- */
bool store_workday_set(struct dd_store *st, const char *date, bool working, const char *why,
                       GError **error);
/* Each row: "YYYY-MM-DD off|work why" lines, as a holidays-file text. */
char *store_workdays_text(struct dd_store *st, GError **error);

/* ---- added by the store module ---- */

/* Every function that writes fails (DD_STORE_SQL, "... outside a
 * transaction") unless called between store_begin() and store_commit().
 * A UNIQUE constraint broken (same source key, same issuer/number/date)
 * is DD_STORE_CONFLICT; an id that does not exist, DD_STORE_NOT_FOUND.
 * Text is stored exactly as given: callers pass it NFC (vn_normalize). */

/* What store_units_import_stats did (any of the counts may be 0). */
struct dd_units_import_stats {
	int added;        /* new ids */
	int changed;      /* existing ids whose name, addresses or groups changed */
	int readdress;    /* of those, how many changed their addresses (logged) */
	int removed;      /* ids no longer in the file, now inactive */
	int restored;     /* inactive ids back in the file */
	int unchanged;
};
/* store_units_import, also counting what changed (stats may be NULL). */
bool store_units_import_stats(struct dd_store *st, const struct dd_units *units, int64_t now,
                              struct dd_units_import_stats *stats, GError **error);

/* A unit as the store holds it. */
struct dd_unit_rec {
	char *id, *name;
	char *emails;                   /* ';'-joined, "" if none */
	char *groups;                   /* ';'-joined group ids, "" if none */
	bool is_group;
	bool active;                    /* false once the directory dropped it */
};
void store_unit_rec_clear(struct dd_unit_rec *u);
/* Every unit, by id; inactive ones only when `all`. struct dd_unit_rec *. */
GPtrArray *store_units(struct dd_store *st, bool all, GError **error);
/* One unit, active or not; DD_STORE_NOT_FOUND when there is no such id. */
bool store_unit_get(struct dd_store *st, const char *id, struct dd_unit_rec *out, GError **error);

/* One line of a unit's history: kind "added", "addresses" (old and new
 * emails), "removed", "restored". */
struct dd_unit_event_rec {
	int64_t id, at;
	char *unit, *kind;
	char *old_emails, *new_emails;  /* ';'-joined; NULL where it does not apply */
};
void store_unit_event_rec_clear(struct dd_unit_event_rec *e);
/* A unit's history (every unit's when unit is NULL), oldest first. */
GPtrArray *store_unit_events(struct dd_store *st, const char *unit, GError **error);

/* One outbox row with its raw bytes; DD_STORE_NOT_FOUND when missing. */
bool store_outbox_get(struct dd_store *st, int64_t id, struct dd_out_rec *out, GError **error);

#endif
