/*
 * store.c — the SQLite store (store.h): the only module that speaks SQL.
 *
 * Opening: WAL journal (the pragma's answer is checked), synchronous=NORMAL,
 * foreign keys on, a busy timeout; then the schema is brought up to date by
 * the MIGRATIONS below, one step per PRAGMA user_version, each in its own
 * BEGIN IMMEDIATE transaction. A read-only store is never migrated: it must
 * already be at this program's version.
 *
 * Statements are prepared once (SQLITE_PREPARE_PERSISTENT), kept in a table
 * keyed by their SQL text, and reset before each use. Every operation is one
 * function: its SQL and its values, ARGS(TEXT(..), INT(..), ...), handed to
 * one of sql_write / sql_insert / sql_update / sql_int / sql_get / sql_list.
 * The writing ones refuse to work outside a transaction (store_begin), so
 * that a caller's effects always commit together.
 *
 * Schema notes (the SQL is the reference):
 *   - enums are stored by name ("open", "queued", "directive") with CHECKs,
 *     so the database reads well in the sqlite3 shell;
 *   - documents are unique on (issuer, number, issued), issued NULL
 *     counting as one value (an expression index);
 *   - tasks.lead is not a foreign key: a task may name a unit the store's
 *     directory does not (yet) hold; units are never deleted, only made
 *     inactive, so history keeps its names;
 *   - ids of 0 in the records mean "none" and are stored as NULL.
 */
#include <sqlite3.h>
#include <string.h>

#include "daemon/store.h"
#include "rules/calendar.h"

G_DEFINE_QUARK(dd-store-error-quark, dd_store_error)

struct dd_store {
	sqlite3 *db;
	char *path;
	GHashTable *stmts;   /* SQL text → sqlite3_stmt *, prepared once */
};

/* ---- schema ------------------------------------------------------------- */

static const char *const MIGRATIONS[] = {
	/* 1: everything of store.h */
	"CREATE TABLE messages ("
	"  id INTEGER PRIMARY KEY,"
	"  source_key TEXT NOT NULL UNIQUE,"
	"  message_id TEXT,"
	"  sender TEXT,"
	"  subject TEXT,"
	"  kind TEXT NOT NULL CHECK (kind IN ('directive', 'duplicate', 'reply', 'quarantined')),"
	"  reason TEXT,"
	"  raw BLOB,"
	"  received_at INTEGER NOT NULL,"
	"  processed_at INTEGER NOT NULL);"
	"CREATE INDEX messages_message_id ON messages (message_id);"
	"CREATE INDEX messages_kind ON messages (kind, received_at);"

	"CREATE TABLE attachments ("
	"  id INTEGER PRIMARY KEY,"
	"  message INTEGER NOT NULL REFERENCES messages (id),"
	"  filename TEXT,"
	"  content_type TEXT,"
	"  size INTEGER NOT NULL,"
	"  sha256 TEXT);"
	"CREATE INDEX attachments_message ON attachments (message);"

	"CREATE TABLE units ("
	"  id TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  emails TEXT NOT NULL DEFAULT '',"
	"  member_of TEXT NOT NULL DEFAULT '',"
	"  is_group INTEGER NOT NULL DEFAULT 0,"
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE TABLE unit_events ("
	"  id INTEGER PRIMARY KEY,"
	"  unit TEXT NOT NULL REFERENCES units (id),"
	"  at INTEGER NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('added', 'addresses', 'removed', 'restored')),"
	"  old_emails TEXT,"
	"  new_emails TEXT);"
	"CREATE INDEX unit_events_unit ON unit_events (unit, at);"

	"CREATE TABLE documents ("
	"  id INTEGER PRIMARY KEY,"
	"  issuer TEXT NOT NULL,"
	"  number TEXT NOT NULL,"
	"  issued TEXT,"
	"  type TEXT,"
	"  place TEXT,"
	"  subject TEXT,"
	"  signer TEXT,"
	"  register_by TEXT,"
	"  registered_at INTEGER NOT NULL,"
	"  late INTEGER NOT NULL DEFAULT 0,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  message INTEGER REFERENCES messages (id));"
	"CREATE UNIQUE INDEX documents_key ON documents (issuer, number, ifnull(issued, ''));"

	"CREATE TABLE tasks ("
	"  id INTEGER PRIMARY KEY,"
	"  document INTEGER NOT NULL REFERENCES documents (id),"
	"  seq INTEGER NOT NULL,"
	"  lead TEXT NOT NULL,"
	"  support TEXT NOT NULL DEFAULT '',"
	"  from_group TEXT,"
	"  summary TEXT NOT NULL DEFAULT '',"
	"  due TEXT,"
	"  original_due TEXT,"
	"  due_kind TEXT NOT NULL DEFAULT 'none',"
	"  due_text TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL CHECK (status IN"
	"    ('review', 'open', 'extension_requested', 'done', 'cancelled')),"
	"  confidence REAL NOT NULL DEFAULT 1,"
	"  progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"
	"  completed_on TEXT);"
	"CREATE INDEX tasks_lead_status ON tasks (lead, status);"
	"CREATE INDEX tasks_status ON tasks (status);"
	"CREATE INDEX tasks_document ON tasks (document, seq);"

	"CREATE TABLE task_events ("
	"  id INTEGER PRIMARY KEY,"
	"  task INTEGER NOT NULL REFERENCES tasks (id),"
	"  at INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  detail TEXT,"
	"  message INTEGER REFERENCES messages (id));"
	"CREATE INDEX task_events_task ON task_events (task, at);"

	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL,"
	"  recipients TEXT NOT NULL,"
	"  subject TEXT NOT NULL DEFAULT '',"
	"  raw BLOB NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  next_attempt_at INTEGER NOT NULL,"
	"  sent_at INTEGER,"
	"  last_error TEXT,"
	"  task INTEGER REFERENCES tasks (id),"
	"  document INTEGER REFERENCES documents (id));"
	"CREATE INDEX outbox_due ON outbox (status, next_attempt_at);"

	"CREATE TABLE workdays ("
	"  date TEXT PRIMARY KEY,"
	"  working INTEGER NOT NULL CHECK (working IN (0, 1)),"
	"  why TEXT);",
};

/* ---- names of the enums ------------------------------------------------- */

static const char *const MSG_KINDS[] = {"directive", "duplicate", "reply", "quarantined"};
static const char *const TASK_STATUSES[] = {"review", "open", "extension_requested", "done",
                                            "cancelled"};
static const char *const OUT_STATUSES[] = {"queued", "sent", "failed"};

static const char *name_of(const char *const *names, size_t n, int i)
{
	return i >= 0 && (size_t)i < n ? names[i] : "?";
}

/* The index of `s` in names, or -1. */
static int index_of(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

const char *store_msg_kind_name(enum dd_msg_kind kind)
{
	return name_of(MSG_KINDS, G_N_ELEMENTS(MSG_KINDS), kind);
}

const char *store_task_status_name(enum dd_task_status s)
{
	return name_of(TASK_STATUSES, G_N_ELEMENTS(TASK_STATUSES), s);
}

bool store_task_status_parse(const char *name, enum dd_task_status *out)
{
	int i = index_of(TASK_STATUSES, G_N_ELEMENTS(TASK_STATUSES), name);
	if (i < 0)
		return false;
	*out = (enum dd_task_status)i;
	return true;
}

const char *store_out_status_name(enum dd_out_status s)
{
	return name_of(OUT_STATUSES, G_N_ELEMENTS(OUT_STATUSES), s);
}

/* ---- statement helpers -------------------------------------------------- */

/* The parameters of a statement, ?1 ?2 ... in order, written as
 * ARGS(TEXT(s), INT(n), REF(id), ...): a typed list ending with PARAM_END,
 * so that each operation below is its SQL and its values. */
enum param_type { PARAM_END, PARAM_TEXT, PARAM_INT, PARAM_REF, PARAM_REAL, PARAM_BLOB };
struct param {
	enum param_type type;
	const char *text;
	int64_t i;
	double real;
	GBytes *blob;
};
#define TEXT(v) {.type = PARAM_TEXT, .text = (v)}
#define INT(v) {.type = PARAM_INT, .i = (int64_t)(v)}
#define REF(v) {.type = PARAM_REF, .i = (v)}      /* a row id; 0 is NULL */
#define REAL(v) {.type = PARAM_REAL, .real = (v)}
#define BLOB(v) {.type = PARAM_BLOB, .blob = (v)}
#define ARGS(...) ((const struct param[]){__VA_ARGS__, {.type = PARAM_END}})
#define NO_ARGS ((const struct param[]){{.type = PARAM_END}})

/* Set *error from the connection's last error. A broken UNIQUE or PRIMARY
 * KEY is DD_STORE_CONFLICT whatever `code` says. Returns false. */
static bool fail(struct dd_store *st, int code, GError **error)
{
	int ext = sqlite3_extended_errcode(st->db);
	if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		code = DD_STORE_CONFLICT;
	g_set_error(error, DD_STORE_ERROR, code, "%s: %s", st->path, sqlite3_errmsg(st->db));
	return false;
}

/* Run SQL text that takes no parameters and returns no rows (schema, BEGIN). */
static bool exec(struct dd_store *st, const char *sql, GError **error)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return true;
	g_set_error(error, DD_STORE_ERROR, DD_STORE_SQL, "%s: %s", st->path,
	            msg ? msg : sqlite3_errmsg(st->db));
	sqlite3_free(msg);
	return false;
}

static void bind(sqlite3_stmt *s, int i, const struct param *p)
{
	gsize n = 0;
	const void *data;
	switch (p->type) {
	case PARAM_TEXT:
		if (p->text)
			sqlite3_bind_text(s, i, p->text, -1, SQLITE_TRANSIENT);
		break;
	case PARAM_INT:
		sqlite3_bind_int64(s, i, p->i);
		break;
	case PARAM_REF:
		if (p->i)
			sqlite3_bind_int64(s, i, p->i);
		break;
	case PARAM_REAL:
		sqlite3_bind_double(s, i, p->real);
		break;
	case PARAM_BLOB:
		if (p->blob) {
			data = g_bytes_get_data(p->blob, &n);
			sqlite3_bind_blob64(s, i, n ? data : "", n, SQLITE_TRANSIENT);
		}
		break;
	case PARAM_END:
		break;
	}
	/* anything not bound stays NULL (clear_bindings) */
}

/* The prepared statement for `sql` (prepared once, then reused), reset and
 * bound to `args`. A statement that writes is refused outside a
 * transaction. NULL on error. */
static sqlite3_stmt *prepare(struct dd_store *st, const char *sql, const struct param *args,
                             bool writes, GError **error)
{
	if (writes && sqlite3_get_autocommit(st->db)) {
		g_set_error(error, DD_STORE_ERROR, DD_STORE_SQL,
		            "%s: write outside a transaction (store_begin first)", st->path);
		return NULL;
	}
	sqlite3_stmt *s = g_hash_table_lookup(st->stmts, sql);
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	} else if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) ==
	           SQLITE_OK) {
		g_hash_table_insert(st->stmts, g_strdup(sql), s);
	} else {
		fail(st, DD_STORE_SQL, error);
		return NULL;
	}
	int nparams = sqlite3_bind_parameter_count(s);
	for (int i = 0; args[i].type != PARAM_END; i++)
		if (i < nparams)
			bind(s, i + 1, &args[i]);
	return s;
}

static char *col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *p = sqlite3_column_text(s, i);
	return p ? g_strndup((const char *)p, (gsize)sqlite3_column_bytes(s, i)) : NULL;
}

static int64_t col_int(sqlite3_stmt *s, int i)
{
	return sqlite3_column_int64(s, i);
}

static GBytes *col_bytes(sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return NULL;
	const void *p = sqlite3_column_blob(s, i);
	return g_bytes_new(p, (gsize)sqlite3_column_bytes(s, i));
}

/* An enum stored by name (the first name when unknown). */
static int col_enum(sqlite3_stmt *s, int i, const char *const *names, size_t n)
{
	return MAX(0, index_of(names, n, (const char *)sqlite3_column_text(s, i)));
}

/* The next row: 1, or 0 at the end, -1 on error (the statement is then reset). */
static int next_row(struct dd_store *st, sqlite3_stmt *s, GError **error)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		fail(st, DD_STORE_SQL, error);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A statement that writes, run to its end. */
static bool sql_write(struct dd_store *st, const char *sql, const struct param *args,
                      GError **error)
{
	sqlite3_stmt *s = prepare(st, sql, args, true, error);
	if (!s)
		return false;
	int rc = sqlite3_step(s);
	bool ok = rc == SQLITE_DONE || rc == SQLITE_ROW;
	if (!ok)
		fail(st, DD_STORE_SQL, error);
	sqlite3_reset(s);
	return ok;
}

/* An INSERT: the new row's id, or 0 on error. */
static int64_t sql_insert(struct dd_store *st, const char *sql, const struct param *args,
                          GError **error)
{
	return sql_write(st, sql, args, error) ? sqlite3_last_insert_rowid(st->db) : 0;
}

/* An UPDATE that must change the row `what` `id` (DD_STORE_NOT_FOUND if none). */
static bool sql_update(struct dd_store *st, const char *sql, const struct param *args,
                       const char *what, int64_t id, GError **error)
{
	if (!sql_write(st, sql, args, error))
		return false;
	if (sqlite3_changes(st->db) > 0)
		return true;
	g_set_error(error, DD_STORE_ERROR, DD_STORE_NOT_FOUND, "%s %" G_GINT64_FORMAT ": no such %s",
	            what, id, what);
	return false;
}

/* The first column of the first row as an integer (dflt when no row). */
static bool sql_int(struct dd_store *st, const char *sql, const struct param *args,
                    int64_t dflt, int64_t *out, GError **error)
{
	*out = dflt;
	sqlite3_stmt *s = prepare(st, sql, args, false, error);
	if (!s)
		return false;
	int r = next_row(st, s, error);
	if (r == 1)
		*out = col_int(s, 0);
	sqlite3_reset(s);
	return r >= 0;
}

typedef void (*row_reader)(sqlite3_stmt *s, void *out);

/* One record from the first row; DD_STORE_NOT_FOUND naming `what` `key`. */
static bool sql_get(struct dd_store *st, const char *sql, const struct param *args,
                    row_reader read, void *out, const char *what, const char *key,
                    GError **error)
{
	sqlite3_stmt *s = prepare(st, sql, args, false, error);
	if (!s)
		return false;
	int r = next_row(st, s, error);
	if (r == 1)
		read(s, out);
	else if (r == 0)
		g_set_error(error, DD_STORE_ERROR, DD_STORE_NOT_FOUND, "%s %s: no such %s", what, key,
		            what);
	sqlite3_reset(s);
	return r == 1;
}

/* sql_get() of a row by its numeric id (the SQL's only parameter). */
static bool sql_get_id(struct dd_store *st, const char *sql, int64_t id, row_reader read,
                       void *out, const char *what, GError **error)
{
	char key[32];
	g_snprintf(key, sizeof key, "%" G_GINT64_FORMAT, id);
	return sql_get(st, sql, ARGS(INT(id)), read, out, what, key, error);
}

/* Every row as a record of `size` bytes, freed by `free_rec`; NULL on error. */
static GPtrArray *sql_list(struct dd_store *st, const char *sql, const struct param *args,
                           row_reader read, size_t size, GDestroyNotify free_rec, GError **error)
{
	sqlite3_stmt *s = prepare(st, sql, args, false, error);
	if (!s)
		return NULL;
	GPtrArray *out = g_ptr_array_new_with_free_func(free_rec);
	int r;
	while ((r = next_row(st, s, error)) == 1) {
		void *rec = g_malloc0(size);
		read(s, rec);
		g_ptr_array_add(out, rec);
	}
	if (r < 0) {
		g_ptr_array_unref(out);
		return NULL;
	}
	return out;
}

/* The GDestroyNotify of a record type: its clear function, then g_free. */
#define RECORD_FREE(name, clear)                                                           \
	static void name(gpointer p)                                                           \
	{                                                                                      \
		clear(p);                                                                          \
		g_free(p);                                                                         \
	}

/* ---- opening ------------------------------------------------------------ */

static void finalize_stmt(gpointer s)
{
	sqlite3_finalize(s);
}

static bool configure(struct dd_store *st, bool read_only, GError **error)
{
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	if (!read_only) {
		/* persistent in the file; the answer says whether it took */
		sqlite3_stmt *s = prepare(st, "PRAGMA journal_mode=WAL", NO_ARGS, false, error);
		if (!s || next_row(st, s, error) != 1)
			return false;
		char *mode = col_text(s, 0);
		sqlite3_reset(s);
		bool wal = mode && g_ascii_strcasecmp(mode, "wal") == 0;
		if (!wal)
			g_set_error(error, DD_STORE_ERROR, DD_STORE_OPEN,
			            "%s: journal mode is '%s', WAL refused", st->path, mode ? mode : "?");
		g_free(mode);
		if (!wal)
			return false;
	}
	return exec(st, "PRAGMA synchronous=NORMAL", error) &&
	       exec(st, "PRAGMA foreign_keys=ON", error);
}

static bool user_version(struct dd_store *st, int *out, GError **error)
{
	int64_t v = 0;
	bool ok = sql_int(st, "PRAGMA user_version", NO_ARGS, 0, &v, error);
	*out = (int)v;
	return ok;
}

/* Migration i (0-based) in its own transaction; skipped when another
 * process has done it meanwhile. */
static bool migrate_step(struct dd_store *st, int i, GError **error)
{
	if (!exec(st, "BEGIN IMMEDIATE", error))
		return false;
	int v = 0;
	bool ok = user_version(st, &v, error);
	if (ok && v <= i) {
		char *set = g_strdup_printf("PRAGMA user_version=%d", i + 1);   /* cannot be bound */
		ok = exec(st, MIGRATIONS[i], error) && exec(st, set, error);
		g_free(set);
	}
	if (ok)
		ok = exec(st, "COMMIT", error);
	if (!ok)
		exec(st, "ROLLBACK", NULL);
	return ok;
}

static bool migrate(struct dd_store *st, bool read_only, GError **error)
{
	const int latest = (int)G_N_ELEMENTS(MIGRATIONS);
	int v = 0;
	if (!user_version(st, &v, error))
		return false;
	if (v > latest) {
		g_set_error(error, DD_STORE_ERROR, DD_STORE_OPEN,
		            "%s: schema version %d is newer than this program's (%d)", st->path, v, latest);
		return false;
	}
	if (read_only && v < latest) {
		g_set_error(error, DD_STORE_ERROR, DD_STORE_OPEN,
		            "%s: schema version %d, this program needs %d: open it once for writing",
		            st->path, v, latest);
		return false;
	}
	for (int i = v; i < latest; i++)
		if (!migrate_step(st, i, error))
			return false;
	return true;
}

struct dd_store *store_open(const char *path, bool read_only, GError **error)
{
	struct dd_store *st = g_new0(struct dd_store, 1);
	st->path = g_strdup(path);
	st->stmts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, finalize_stmt);
	int flags = SQLITE_OPEN_NOFOLLOW |
	            (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	GError *err = NULL;
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK)
		g_set_error(&err, DD_STORE_ERROR, DD_STORE_OPEN, "%s: %s", path,
		            st->db ? sqlite3_errmsg(st->db) : "out of memory");
	else if (configure(st, read_only, &err))
		migrate(st, read_only, &err);
	if (err) {
		err->code = DD_STORE_OPEN;
		g_propagate_error(error, err);
		store_close(st);
		return NULL;
	}
	return st;
}

void store_close(struct dd_store *st)
{
	if (!st)
		return;
	g_hash_table_destroy(st->stmts);   /* finalizes every statement */
	sqlite3_close_v2(st->db);
	g_free(st->path);
	g_free(st);
}

/* ---- transactions ------------------------------------------------------- */

bool store_begin(struct dd_store *st, GError **error)
{
	return exec(st, "BEGIN IMMEDIATE", error);
}

bool store_commit(struct dd_store *st, GError **error)
{
	if (exec(st, "COMMIT", error))
		return true;
	store_rollback(st);
	return false;
}

void store_rollback(struct dd_store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		exec(st, "ROLLBACK", NULL);
}

/* ---- messages ----------------------------------------------------------- */

static void read_msg(sqlite3_stmt *s, void *out)
{
	struct dd_msg_rec *m = out;
	m->id = col_int(s, 0);
	m->source_key = col_text(s, 1);
	m->message_id = col_text(s, 2);
	m->sender = col_text(s, 3);
	m->subject = col_text(s, 4);
	m->kind = (enum dd_msg_kind)col_enum(s, 5, MSG_KINDS, G_N_ELEMENTS(MSG_KINDS));
	m->reason = col_text(s, 6);
	m->received_at = col_int(s, 7);
	m->processed_at = col_int(s, 8);
	m->raw = NULL;
}

void store_msg_rec_clear(struct dd_msg_rec *m)
{
	g_free(m->source_key);
	g_free(m->message_id);
	g_free(m->sender);
	g_free(m->subject);
	g_free(m->reason);
	if (m->raw)
		g_bytes_unref(m->raw);
	memset(m, 0, sizeof *m);
}

RECORD_FREE(msg_free, store_msg_rec_clear)

bool store_message_seen(struct dd_store *st, const char *source_key, const char *message_id)
{
	int64_t seen = 0;
	sql_int(st,
	        "SELECT EXISTS (SELECT 1 FROM messages WHERE source_key = ?1)"
	        " OR EXISTS (SELECT 1 FROM messages WHERE message_id = ?2)",   /* NULL matches nothing */
	        ARGS(TEXT(source_key), TEXT(message_id)), 0, &seen, NULL);
	return seen != 0;
}

bool store_message_add(struct dd_store *st, struct dd_msg_rec *m, GError **error)
{
	m->id = sql_insert(st,
	                   "INSERT INTO messages (source_key, message_id, sender, subject, kind,"
	                   " reason, raw, received_at, processed_at)"
	                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	                   ARGS(TEXT(m->source_key), TEXT(m->message_id), TEXT(m->sender),
	                        TEXT(m->subject), TEXT(store_msg_kind_name(m->kind)), TEXT(m->reason),
	                        BLOB(m->raw), INT(m->received_at), INT(m->processed_at)),
	                   error);
	return m->id != 0;
}

bool store_attachment_add(struct dd_store *st, int64_t message, const char *filename,
                          const char *content_type, size_t size, const char *sha256_hex,
                          GError **error)
{
	return sql_write(st,
	                 "INSERT INTO attachments (message, filename, content_type, size, sha256)"
	                 " VALUES (?1, ?2, ?3, ?4, ?5)",
	                 ARGS(INT(message), TEXT(filename), TEXT(content_type), INT(size),
	                      TEXT(sha256_hex)),
	                 error);
}

GPtrArray *store_messages(struct dd_store *st, enum dd_msg_kind kind, GError **error)
{
	return sql_list(st,
	                "SELECT id, source_key, message_id, sender, subject, kind, reason,"
	                " received_at, processed_at FROM messages WHERE kind = ?1"
	                " ORDER BY received_at DESC, id DESC",
	                ARGS(TEXT(store_msg_kind_name(kind))), read_msg, sizeof(struct dd_msg_rec),
	                msg_free, error);
}

/* ---- units -------------------------------------------------------------- */

#define UNIT_SELECT "SELECT id, name, emails, member_of, is_group, active FROM units"

static void read_unit(sqlite3_stmt *s, void *out)
{
	struct dd_unit_rec *u = out;
	u->id = col_text(s, 0);
	u->name = col_text(s, 1);
	u->emails = col_text(s, 2);
	u->groups = col_text(s, 3);
	u->is_group = col_int(s, 4) != 0;
	u->active = col_int(s, 5) != 0;
}

void store_unit_rec_clear(struct dd_unit_rec *u)
{
	g_free(u->id);
	g_free(u->name);
	g_free(u->emails);
	g_free(u->groups);
	memset(u, 0, sizeof *u);
}

RECORD_FREE(unit_free, store_unit_rec_clear)

GPtrArray *store_units(struct dd_store *st, bool all, GError **error)
{
	return sql_list(st, UNIT_SELECT " WHERE active OR ?1 ORDER BY id", ARGS(INT(all)), read_unit,
	                sizeof(struct dd_unit_rec), unit_free, error);
}

bool store_unit_get(struct dd_store *st, const char *id, struct dd_unit_rec *out, GError **error)
{
	return sql_get(st, UNIT_SELECT " WHERE id = ?1", ARGS(TEXT(id)), read_unit, out, "unit", id,
	               error);
}

static void read_unit_event(sqlite3_stmt *s, void *out)
{
	struct dd_unit_event_rec *e = out;
	e->id = col_int(s, 0);
	e->unit = col_text(s, 1);
	e->at = col_int(s, 2);
	e->kind = col_text(s, 3);
	e->old_emails = col_text(s, 4);
	e->new_emails = col_text(s, 5);
}

void store_unit_event_rec_clear(struct dd_unit_event_rec *e)
{
	g_free(e->unit);
	g_free(e->kind);
	g_free(e->old_emails);
	g_free(e->new_emails);
	memset(e, 0, sizeof *e);
}

RECORD_FREE(unit_event_free, store_unit_event_rec_clear)

GPtrArray *store_unit_events(struct dd_store *st, const char *unit, GError **error)
{
	return sql_list(st,
	                "SELECT id, unit, at, kind, old_emails, new_emails FROM unit_events"
	                " WHERE ?1 IS NULL OR unit = ?1 ORDER BY at, id",
	                ARGS(TEXT(unit)), read_unit_event, sizeof(struct dd_unit_event_rec),
	                unit_event_free, error);
}

static bool unit_event_add(struct dd_store *st, const char *unit, int64_t now, const char *kind,
                           const char *old_emails, const char *new_emails, GError **error)
{
	return sql_write(st,
	                 "INSERT INTO unit_events (unit, at, kind, old_emails, new_emails)"
	                 " VALUES (?1, ?2, ?3, ?4, ?5)",
	                 ARGS(TEXT(unit), INT(now), TEXT(kind), TEXT(old_emails), TEXT(new_emails)),
	                 error);
}

/* A NULL-terminated list as "a;b;c" ("" for NULL). */
static char *join_list(char **items)
{
	return items ? g_strjoinv(";", items) : g_strdup("");
}

/* Insert or update one unit from the file, logging what changed. `old` is
 * its row before the import, or NULL for a new id. */
static bool unit_put(struct dd_store *st, const struct dd_unit *u, const struct dd_unit_rec *old,
                     int64_t now, struct dd_units_import_stats *stats, GError **error)
{
	char *emails = join_list(u->emails);
	char *groups = join_list(u->groups);
	bool readdressed = old && g_strcmp0(old->emails, emails) != 0;
	bool changed = old && (readdressed || g_strcmp0(old->name, u->name) != 0 ||
	                       g_strcmp0(old->groups, groups) != 0 || old->is_group != u->is_group);
	bool ok = true;
	if (!old || changed || !old->active)
		ok = sql_write(st,
		               "INSERT INTO units (id, name, emails, member_of, is_group, active,"
		               " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)"
		               " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
		               " emails = excluded.emails, member_of = excluded.member_of,"
		               " is_group = excluded.is_group, active = 1, updated_at = excluded.updated_at",
		               ARGS(TEXT(u->id), TEXT(u->name), TEXT(emails), TEXT(groups),
		                    INT(u->is_group), INT(now)),
		               error);
	if (ok && !old)
		ok = unit_event_add(st, u->id, now, "added", NULL, emails, error);
	if (ok && old && !old->active)
		ok = unit_event_add(st, u->id, now, "restored", NULL, NULL, error);
	if (ok && readdressed)
		ok = unit_event_add(st, u->id, now, "addresses", old->emails, emails, error);
	if (stats) {
		stats->added += !old;
		stats->restored += old && !old->active;
		stats->changed += changed;
		stats->readdress += readdressed;
		stats->unchanged += old && old->active && !changed;
	}
	g_free(emails);
	g_free(groups);
	return ok;
}

/* Make an active unit that left the directory inactive. */
static bool unit_retire(struct dd_store *st, const char *id, int64_t now, GError **error)
{
	return sql_write(st, "UPDATE units SET active = 0, updated_at = ?2 WHERE id = ?1",
	                 ARGS(TEXT(id), INT(now)), error) &&
	       unit_event_add(st, id, now, "removed", NULL, NULL, error);
}

bool store_units_import_stats(struct dd_store *st, const struct dd_units *units, int64_t now,
                              struct dd_units_import_stats *stats, GError **error)
{
	if (stats)
		memset(stats, 0, sizeof *stats);
	GPtrArray *before = store_units(st, true, error);
	if (!before)
		return false;
	GHashTable *old = g_hash_table_new(g_str_hash, g_str_equal);   /* id → struct dd_unit_rec */
	for (guint i = 0; i < before->len; i++) {
		struct dd_unit_rec *u = g_ptr_array_index(before, i);
		g_hash_table_insert(old, u->id, u);
	}
	bool ok = true;
	for (size_t i = 0; ok && i < units_count(units); i++) {
		const struct dd_unit *u = units_get(units, i);
		ok = unit_put(st, u, g_hash_table_lookup(old, u->id), now, stats, error);
	}
	for (guint i = 0; ok && i < before->len; i++) {
		struct dd_unit_rec *u = g_ptr_array_index(before, i);
		if (u->active && !units_by_id(units, u->id)) {
			ok = unit_retire(st, u->id, now, error);
			if (stats)
				stats->removed++;
		}
	}
	g_hash_table_destroy(old);
	g_ptr_array_unref(before);
	return ok;
}

bool store_units_import(struct dd_store *st, const struct dd_units *units, int64_t now,
                        GError **error)
{
	return store_units_import_stats(st, units, now, NULL, error);
}

/* ---- documents ---------------------------------------------------------- */

#define DOC_SELECT                                                                         \
	"SELECT d.id, d.issuer, d.number, d.type, d.place, d.subject, d.signer, d.issued,"    \
	" d.register_by, d.registered_at, d.late, d.version, d.message,"                       \
	" (SELECT count(*) FROM tasks t WHERE t.document = d.id), m.message_id"               \
	" FROM documents d LEFT JOIN messages m ON m.id = d.message"

static void read_doc(sqlite3_stmt *s, void *out)
{
	struct dd_doc_rec *d = out;
	d->id = col_int(s, 0);
	d->issuer = col_text(s, 1);
	d->number = col_text(s, 2);
	d->type = col_text(s, 3);
	d->place = col_text(s, 4);
	d->subject = col_text(s, 5);
	d->signer = col_text(s, 6);
	d->issued = col_text(s, 7);
	d->register_by = col_text(s, 8);
	d->registered_at = col_int(s, 9);
	d->late = col_int(s, 10) != 0;
	d->version = (int)col_int(s, 11);
	d->message = col_int(s, 12);
	d->ntasks = (int)col_int(s, 13);
	d->message_id = col_text(s, 14);
}

void store_doc_rec_clear(struct dd_doc_rec *d)
{
	g_free(d->issuer);
	g_free(d->number);
	g_free(d->type);
	g_free(d->place);
	g_free(d->subject);
	g_free(d->signer);
	g_free(d->issued);
	g_free(d->register_by);
	g_free(d->message_id);
	memset(d, 0, sizeof *d);
}

RECORD_FREE(doc_free, store_doc_rec_clear)

int64_t store_document_find(struct dd_store *st, const char *issuer, const char *number,
                            const char *issued)
{
	int64_t id = 0;
	sql_int(st,
	        "SELECT id FROM documents WHERE issuer = ?1 AND number = ?2"
	        " AND ifnull(issued, '') = ifnull(?3, '')",
	        ARGS(TEXT(issuer), TEXT(number), TEXT(issued)), 0, &id, NULL);
	return id;
}

bool store_document_add(struct dd_store *st, struct dd_doc_rec *d, GError **error)
{
	d->id = sql_insert(st,
	                   "INSERT INTO documents (issuer, number, type, place, subject, signer,"
	                   " issued, register_by, registered_at, late, version, message)"
	                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	                   ARGS(TEXT(d->issuer), TEXT(d->number), TEXT(d->type), TEXT(d->place),
	                        TEXT(d->subject), TEXT(d->signer), TEXT(d->issued),
	                        TEXT(d->register_by), INT(d->registered_at), INT(d->late),
	                        INT(d->version > 0 ? d->version : 1), REF(d->message)),
	                   error);
	return d->id != 0;
}

bool store_document_get(struct dd_store *st, int64_t id, struct dd_doc_rec *out, GError **error)
{
	return sql_get_id(st, DOC_SELECT " WHERE d.id = ?1", id, read_doc, out, "document", error);
}

bool store_document_set_version(struct dd_store *st, int64_t id, int version, int64_t message,
                                GError **error)
{
	return sql_update(st, "UPDATE documents SET version = ?2, message = ?3 WHERE id = ?1",
	                  ARGS(INT(id), INT(version), REF(message)), "document", id, error);
}

GPtrArray *store_documents(struct dd_store *st, GError **error)
{
	return sql_list(st, DOC_SELECT " ORDER BY d.id", NO_ARGS, read_doc, sizeof(struct dd_doc_rec),
	                doc_free, error);
}

/* ---- tasks -------------------------------------------------------------- */

#define TASK_SELECT                                                                        \
	"SELECT t.id, t.document, t.seq, t.lead, t.support, t.from_group, t.summary, t.due,"  \
	" t.original_due, t.due_kind, t.due_text, t.status, t.confidence, t.progress,"         \
	" t.completed_on, d.number, d.issued FROM tasks t JOIN documents d ON d.id = t.document"

static void read_task(sqlite3_stmt *s, void *out)
{
	struct dd_task_rec *t = out;
	t->id = col_int(s, 0);
	t->document = col_int(s, 1);
	t->seq = (int)col_int(s, 2);
	t->lead = col_text(s, 3);
	t->support = col_text(s, 4);
	t->from_group = col_text(s, 5);
	t->summary = col_text(s, 6);
	t->due = col_text(s, 7);
	t->original_due = col_text(s, 8);
	t->due_kind = col_text(s, 9);
	t->due_text = col_text(s, 10);
	t->status = (enum dd_task_status)col_enum(s, 11, TASK_STATUSES, G_N_ELEMENTS(TASK_STATUSES));
	t->confidence = sqlite3_column_double(s, 12);
	t->progress = (int)col_int(s, 13);
	t->completed_on = col_text(s, 14);
	t->doc_number = col_text(s, 15);
	t->doc_issued = col_text(s, 16);
}

void store_task_rec_clear(struct dd_task_rec *t)
{
	g_free(t->lead);
	g_free(t->support);
	g_free(t->from_group);
	g_free(t->summary);
	g_free(t->due);
	g_free(t->original_due);
	g_free(t->due_kind);
	g_free(t->due_text);
	g_free(t->completed_on);
	g_free(t->doc_number);
	g_free(t->doc_issued);
	memset(t, 0, sizeof *t);
}

RECORD_FREE(task_free, store_task_rec_clear)

/* A task's columns, parameters ?1..?14 of its INSERT and UPDATE; ?15 is the
 * id in the UPDATE. */
#define TASK_FIELDS                                                                        \
	"document, seq, lead, support, from_group, summary, due, original_due, due_kind,"      \
	" due_text, status, confidence, progress, completed_on"
#define TASK_ARGS(t)                                                                       \
	INT((t)->document), INT((t)->seq), TEXT((t)->lead), TEXT((t)->support ? (t)->support : ""), \
	TEXT((t)->from_group), TEXT((t)->summary ? (t)->summary : ""), TEXT((t)->due),          \
	TEXT((t)->original_due), TEXT((t)->due_kind ? (t)->due_kind : "none"),                   \
	TEXT((t)->due_text ? (t)->due_text : ""), TEXT(store_task_status_name((t)->status)),     \
	REAL((t)->confidence), INT((t)->progress), TEXT((t)->completed_on)

bool store_task_add(struct dd_store *st, struct dd_task_rec *t, GError **error)
{
	t->id = sql_insert(st,
	                   "INSERT INTO tasks (" TASK_FIELDS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	                   " ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	                   ARGS(TASK_ARGS(t)), error);
	return t->id != 0;
}

bool store_task_get(struct dd_store *st, int64_t id, struct dd_task_rec *out, GError **error)
{
	return sql_get_id(st, TASK_SELECT " WHERE t.id = ?1", id, read_task, out, "task", error);
}

bool store_task_update(struct dd_store *st, const struct dd_task_rec *t, GError **error)
{
	return sql_update(st,
	                  "UPDATE tasks SET (" TASK_FIELDS ") = (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	                  " ?9, ?10, ?11, ?12, ?13, ?14) WHERE id = ?15",
	                  ARGS(TASK_ARGS(t), INT(t->id)), "task", t->id, error);
}

GPtrArray *store_tasks(struct dd_store *st, const struct dd_task_filter *f, GError **error)
{
	static const struct dd_task_filter all = {NULL, -1, 0};
	if (!f)
		f = &all;
	/* Only the conditions asked for, so that the indexes serve them. */
	GString *sql = g_string_new(TASK_SELECT " WHERE 1");
	if (f->unit)
		g_string_append(sql, " AND t.lead = ?1");
	if (f->status >= 0)
		g_string_append(sql, " AND t.status = ?2");
	if (f->document)
		g_string_append(sql, " AND t.document = ?3");
	g_string_append(sql, " ORDER BY t.id");
	GPtrArray *out = sql_list(st, sql->str,
	                          ARGS(TEXT(f->unit), TEXT(store_task_status_name(f->status)),
	                               INT(f->document)),
	                          read_task, sizeof(struct dd_task_rec), task_free, error);
	g_string_free(sql, TRUE);
	return out;
}

/* ---- task events -------------------------------------------------------- */

static void read_event(sqlite3_stmt *s, void *out)
{
	struct dd_event_rec *e = out;
	e->id = col_int(s, 0);
	e->task = col_int(s, 1);
	e->at = col_int(s, 2);
	e->actor = col_text(s, 3);
	e->kind = col_text(s, 4);
	e->detail = col_text(s, 5);
	e->message = col_int(s, 6);
}

void store_event_rec_clear(struct dd_event_rec *e)
{
	g_free(e->actor);
	g_free(e->kind);
	g_free(e->detail);
	memset(e, 0, sizeof *e);
}

RECORD_FREE(event_free, store_event_rec_clear)

bool store_event_add(struct dd_store *st, struct dd_event_rec *e, GError **error)
{
	e->id = sql_insert(st,
	                   "INSERT INTO task_events (task, at, actor, kind, detail, message)"
	                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	                   ARGS(INT(e->task), INT(e->at), TEXT(e->actor), TEXT(e->kind),
	                        TEXT(e->detail), REF(e->message)),
	                   error);
	return e->id != 0;
}

GPtrArray *store_events(struct dd_store *st, int64_t task, GError **error)
{
	return sql_list(st,
	                "SELECT id, task, at, actor, kind, detail, message FROM task_events"
	                " WHERE task = ?1 ORDER BY at, id",
	                ARGS(INT(task)), read_event, sizeof(struct dd_event_rec), event_free, error);
}

/* ---- outbox ------------------------------------------------------------- */

/* The columns of an outbox row; `raw` is "raw" or "NULL" (listings). */
#define OUT_SELECT(raw)                                                                    \
	"SELECT id, kind, recipients, subject, " raw ", status, attempts, created_at,"        \
	" next_attempt_at, sent_at, last_error, task, document FROM outbox"

static void read_out(sqlite3_stmt *s, void *out)
{
	struct dd_out_rec *o = out;
	o->id = col_int(s, 0);
	o->kind = col_text(s, 1);
	o->recipients = col_text(s, 2);
	o->subject = col_text(s, 3);
	o->raw = col_bytes(s, 4);
	o->status = (enum dd_out_status)col_enum(s, 5, OUT_STATUSES, G_N_ELEMENTS(OUT_STATUSES));
	o->attempts = (int)col_int(s, 6);
	o->created_at = col_int(s, 7);
	o->next_attempt_at = col_int(s, 8);
	o->sent_at = col_int(s, 9);
	o->last_error = col_text(s, 10);
	o->task = col_int(s, 11);
	o->document = col_int(s, 12);
}

void store_out_rec_clear(struct dd_out_rec *o)
{
	g_free(o->kind);
	g_free(o->recipients);
	g_free(o->subject);
	g_free(o->last_error);
	if (o->raw)
		g_bytes_unref(o->raw);
	memset(o, 0, sizeof *o);
}

RECORD_FREE(out_free, store_out_rec_clear)

bool store_outbox_add(struct dd_store *st, struct dd_out_rec *o, GError **error)
{
	o->id = sql_insert(st,
	                   "INSERT INTO outbox (kind, recipients, subject, raw, status, attempts,"
	                   " created_at, next_attempt_at, task, document)"
	                   " VALUES (?1, ?2, ?3, ?4, 'queued', 0, ?5, ?6, ?7, ?8)",
	                   ARGS(TEXT(o->kind), TEXT(o->recipients), TEXT(o->subject ? o->subject : ""),
	                        BLOB(o->raw), INT(o->created_at),
	                        INT(o->next_attempt_at ? o->next_attempt_at : o->created_at),
	                        REF(o->task), REF(o->document)),
	                   error);
	if (o->id) {
		o->status = DD_OUT_QUEUED;
		o->attempts = 0;
	}
	return o->id != 0;
}

GPtrArray *store_outbox_due(struct dd_store *st, int64_t now, guint max, GError **error)
{
	return sql_list(st,
	                OUT_SELECT("raw") " WHERE status = 'queued' AND next_attempt_at <= ?1"
	                                  " ORDER BY next_attempt_at, id LIMIT ?2",
	                ARGS(INT(now), INT(max ? (int64_t)max : -1)), read_out,
	                sizeof(struct dd_out_rec), out_free, error);
}

bool store_outbox_get(struct dd_store *st, int64_t id, struct dd_out_rec *out, GError **error)
{
	return sql_get_id(st, OUT_SELECT("raw") " WHERE id = ?1", id, read_out, out, "outbox message",
	                  error);
}

bool store_outbox_sent(struct dd_store *st, int64_t id, int64_t now, GError **error)
{
	return sql_update(st,
	                  "UPDATE outbox SET status = 'sent', sent_at = ?2, attempts = attempts + 1,"
	                  " last_error = NULL WHERE id = ?1",
	                  ARGS(INT(id), INT(now)), "outbox message", id, error);
}

bool store_outbox_attempt_failed(struct dd_store *st, int64_t id, const char *why,
                                 int64_t retry_at, GError **error)
{
	return sql_update(st,
	                  "UPDATE outbox SET attempts = attempts + 1, last_error = ?2,"
	                  " status = CASE WHEN ?3 > 0 THEN 'queued' ELSE 'failed' END,"
	                  " next_attempt_at = CASE WHEN ?3 > 0 THEN ?3 ELSE next_attempt_at END"
	                  " WHERE id = ?1",
	                  ARGS(INT(id), TEXT(why), INT(retry_at)), "outbox message", id, error);
}

/* Queued again, due at `now`, its attempts counted from 0 (so the sender's
 * backoff starts over); the last error is kept. A sent message is refused
 * (DD_STORE_CONFLICT). */
bool store_outbox_requeue(struct dd_store *st, int64_t id, int64_t now, GError **error)
{
	struct dd_out_rec o = {0};
	if (!store_outbox_get(st, id, &o, error))
		return false;
	enum dd_out_status status = o.status;
	store_out_rec_clear(&o);
	if (status == DD_OUT_SENT) {
		g_set_error(error, DD_STORE_ERROR, DD_STORE_CONFLICT,
		            "outbox message %" G_GINT64_FORMAT ": already sent", id);
		return false;
	}
	return sql_update(st,
	                  "UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = ?2"
	                  " WHERE id = ?1",
	                  ARGS(INT(id), INT(now)), "outbox message", id, error);
}

GPtrArray *store_outbox(struct dd_store *st, GError **error)
{
	return sql_list(st, OUT_SELECT("NULL") " ORDER BY id DESC", NO_ARGS, read_out,
	                sizeof(struct dd_out_rec), out_free, error);
}

/* ---- working days added by hand ----------------------------------------- */

bool store_workday_set(struct dd_store *st, const char *date, bool working, const char *why,
                       GError **error)
{
	if (!date || date_parse_iso(date) == DD_NO_DATE) {
		g_set_error(error, DD_STORE_ERROR, DD_STORE_SQL, "'%s' is not a date YYYY-MM-DD",
		            date ? date : "(null)");
		return false;
	}
	return sql_write(st,
	                 "INSERT INTO workdays (date, working, why) VALUES (?1, ?2, ?3)"
	                 " ON CONFLICT (date) DO UPDATE SET working = excluded.working,"
	                 " why = excluded.why",
	                 ARGS(TEXT(date), INT(working), TEXT(why)), error);
}

char *store_workdays_text(struct dd_store *st, GError **error)
{
	sqlite3_stmt *s = prepare(st, "SELECT date, working, why FROM workdays ORDER BY date",
	                          NO_ARGS, false, error);
	if (!s)
		return NULL;
	GString *out = g_string_new(NULL);
	int r;
	while ((r = next_row(st, s, error)) == 1) {
		char *why = col_text(s, 2);
		g_string_append_printf(out, "%s %s", sqlite3_column_text(s, 0),
		                       col_int(s, 1) ? "work" : "off");
		if (why && *why)   /* one line: no line breaks in the comment */
			g_string_append_printf(out, " %s", g_strdelimit(why, "\r\n", ' '));
		g_string_append_c(out, '\n');
		g_free(why);
	}
	return g_string_free(out, r < 0);
}
