/*
 * cli_common.h — what the store commands of `dondoc` share (cli_store.c,
 * cli_admin.c): the config and store of `-c FILE`, option parsing, aligned
 * tables (UTF-8 aware), JSON Lines output, ids and dates from the command
 * line, and the actor written in task events.
 */
#ifndef DONDOC_DAEMON_CLI_COMMON_H
#define DONDOC_DAEMON_CLI_COMMON_H

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "daemon/cli.h"
#include "daemon/config.h"
#include "daemon/store.h"
#include "rules/calendar.h"

/* ---- config and store --------------------------------------------------- */

struct cli_ctx {
	struct dd_config *cfg;
	struct dd_store *st;     /* NULL until cli_open_store */
};

/* Load the config of `-c` (printing its warnings); false after printing
 * the error. */
bool cli_load_config(struct cli_ctx *c);
/* cli_load_config, then open its store: read-only for queries, read-write
 * (created and migrated) for changes. */
bool cli_open(struct cli_ctx *c, bool write);
void cli_close(struct cli_ctx *c);

/* Print "dondoc: MESSAGE" for an error (freed); returns EXIT_FAIL. */
int cli_fail(GError *err);
/* Roll back, then cli_fail. */
int cli_fail_rollback(struct cli_ctx *c, GError *err);
/* Print "usage: dondoc USAGE"; returns EXIT_USAGE. */
int cli_usage(const char *usage);

/* "cli:$USER", for task events. */
const char *cli_actor(void);
/* Today's local date (the one clock), as a day and as "YYYY-MM-DD". */
dd_date cli_today(void);
const char *cli_today_iso(void);

/* ---- arguments ---------------------------------------------------------- */

/* One option of a command: a flag (value == NULL) or an option taking a
 * value (flag == NULL). */
struct cli_opt {
	const char *name;        /* "--json" */
	bool *flag;
	const char **value;
};
/* Read argv[1..] (argv[0] is the command): options anywhere, "--" ends
 * them, the rest is positional (borrowed pointers into argv). False, after
 * printing the usage, for an unknown option or a missing value, or when
 * the positional count is outside [min_pos, max_pos]. */
bool cli_parse(int argc, char **argv, const struct cli_opt *opts, size_t nopts,
               GPtrArray *positional, guint min_pos, guint max_pos, const char *usage);

/* "17" or "NV-17"; false after printing "dondoc: 'x' is not a task id". */
bool cli_parse_id(const char *s, const char *what, int64_t *out);
/* A date "YYYY-MM-DD"; false after printing what is wrong. */
bool cli_parse_date(const char *s, dd_date *out);

/* ---- output ------------------------------------------------------------- */

/* An aligned table: columns padded to their widest cell in characters
 * (g_utf8_strlen), the last column not padded. */
struct cli_table;
struct cli_table *cli_table_new(guint ncols, const char *const *headers);
/* One row of ncols cells, copied; NULL shows as "-", line breaks as spaces. */
void cli_table_add(struct cli_table *t, const char *const *cells);
/* Print (headers first, when given) and free. */
void cli_table_print(struct cli_table *t, FILE *out);

/* A listing's output: with `json`, one JSON object per item on its own line
 * (members() adds the item's members); otherwise a table with `headers`,
 * add_row() adding the item's row. Frees items. With items NULL, prints the
 * error and returns EXIT_FAIL; else EXIT_OK. */
typedef void (*cli_members_fn)(JsonBuilder *b, const void *item);
typedef void (*cli_row_fn)(struct cli_table *t, const void *item);
int cli_print_list(GPtrArray *items, GError *err, bool json, guint ncols,
                   const char *const *headers, cli_members_fn members, cli_row_fn add_row);

/* `s` cut to at most max characters, "…" marking the cut (caller frees). */
char *cli_ellipsize(const char *s, glong max);

/* JSON members, NULL strings as null. */
void cli_json_string(JsonBuilder *b, const char *key, const char *s);
void cli_json_int(JsonBuilder *b, const char *key, int64_t v);
void cli_json_bool(JsonBuilder *b, const char *key, bool v);
/* A ';'-joined list ("" is empty) as an array of strings. */
void cli_json_list(JsonBuilder *b, const char *key, const char *joined);
/* A moment (unix seconds) as local ISO 8601, 0 as null. */
void cli_json_time(JsonBuilder *b, const char *key, int64_t t);
/* The builder's object on one line of stdout; frees the builder. */
void cli_json_print(JsonBuilder *b);
/* The builder's object as compact JSON text (caller frees); frees the builder. */
char *cli_json_text(JsonBuilder *b);

/* A moment as local "YYYY-MM-DD HH:MM" (caller frees), "-" for 0. */
char *cli_local_time(int64_t t);

#endif
