/*
 * units_internal.h — private pieces of the unit directory (rules/units*.c).
 *
 *   units_csv.c    an RFC 4180 record reader over a bounded buffer;
 *   units_key.c    folded text → tokens → canonical tokens (the matching
 *                  keys), and a token trie that maps token sequences to
 *                  candidates;
 *   units.c        loading the directory, the public API (units.h).
 *
 * Nothing here is used outside rules/units*.c.
 */
#ifndef DONDOC_RULES_UNITS_INTERNAL_H
#define DONDOC_RULES_UNITS_INTERNAL_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "rules/units.h"

/* ---- CSV (units_csv.c) ------------------------------------------------ */

/* Limits: input beyond them is an error naming the line, never a crash. */
#define UNITS_MAX_FILE     (16u << 20)  /* bytes of one units.csv */
#define UNITS_MAX_FIELD    4096         /* bytes of one field */
#define UNITS_MAX_RECORD   65536        /* bytes of one record (may span lines) */
#define UNITS_MAX_FIELDS   64           /* fields in one record */
#define UNITS_MAX_ROWS     20000        /* data rows */
#define UNITS_MAX_LIST     256          /* items of one ';' list */

struct csv_reader {
	const char *p, *end;  /* what is left to read */
	const char *name;     /* file name for messages */
	unsigned line;        /* physical line of p, from 1 */
};

/* Reads the next record into `fields` (cleared first; g_free'd strings,
 * raw field contents with quotes resolved). *record_line gets the line the
 * record starts on. Returns 1 for a record, 0 at end of input, -1 with
 * *error set on malformed input. */
int csv_next_record(struct csv_reader *r, GPtrArray *fields, unsigned *record_line,
                    GError **error);

/* ---- tokens and keys (units_key.c) ------------------------------------ */

/* A canonical token of folded text: its vocabulary id (0 = a token that
 * no alias uses) and the byte range of the folded text it came from. */
struct utok {
	guint32 id;
	guint32 start, end;
};

/* Token spellings → ids, built from the directory's names and aliases. */
struct uvocab {
	GHashTable *ids;  /* char* → GUINT_TO_POINTER(id), ids from 1 */
	guint32 next;
};

void uvocab_init(struct uvocab *v);
void uvocab_clear(struct uvocab *v);

/* Canonical tokens of `folded` (vn_fold output) as a GArray of struct utok,
 * standard equivalences applied. ukey_build gives unknown spellings new
 * ids (building keys from aliases); ukey_search gives them id 0 (text). */
GArray *ukey_build(struct uvocab *v, const char *folded);
GArray *ukey_search(const struct uvocab *v, const char *folded);

/* The id of a spelling, 0 when unknown. */
guint32 uvocab_lookup(const struct uvocab *v, const char *spelling);

/* A trie over token ids. Node 0 is the root. */
struct utrie {
	GArray *nodes;  /* struct unode */
};

struct unode {
	GArray *kids;     /* struct ukid sorted by tok; NULL when none */
	GPtrArray *cands; /* candidates (no duplicates); NULL when not an end */
	bool need_caps;   /* every key ending here is an all-capitals acronym */
};

struct ukid {
	guint32 tok;
	guint32 child;
};

void utrie_init(struct utrie *t);
void utrie_clear(struct utrie *t);
/* Adds the key toks[0..n) with candidate `cand`; `acronym` tells whether
 * this key came from an all-capitals acronym alias. */
void utrie_add(struct utrie *t, const struct utok *toks, size_t n, gpointer cand,
               bool acronym);
/* The node where the key toks[0..n) ends, 0 when it is not in the trie. */
guint32 utrie_find(const struct utrie *t, const struct utok *toks, size_t n);
/* The child of `node` for token `tok`, or 0 when there is none. */
guint32 utrie_step(const struct utrie *t, guint32 node, guint32 tok);
const struct unode *utrie_node(const struct utrie *t, guint32 node);

#endif
