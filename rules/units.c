/*
 * units.c — the unit directory: loading units.csv and finding units in text.
 *
 * Loading (units_load_text): the CSV records (units_csv.c) become struct
 * dd_unit rows. The header names the columns (id and name required;
 * aliases, emails, groups optional; others ignored). Errors stop the load
 * and name the file and line: missing id or name, a malformed or duplicate
 * id, a groups entry that is not the id of a group row ("units.csv:17:
 * unknown group '@BG-x'"). An unknown group is an error, not a warning: a
 * task given to a group that lists nobody would be silently lost.
 *
 * Keys. The name and every alias of a unit are normalized (NFC, dashes),
 * folded (vn_fold) and cut into canonical tokens (units_key.c). A title in
 * front ("Chủ tịch", "Giám đốc", "Thủ trưởng", "TM.") is dropped from a key,
 * so "Thủ trưởng các sở, ban, ngành" is keyed as "các sở, ban, ngành", and
 * in text a title before a unit is simply a word that does not start a key.
 * All keys go into one trie; a key shared by several units (every
 * province has a "Sở Tài chính") keeps all of them as candidates.
 *
 * Matching (units_find) walks the trie from every token of the text and
 * keeps the longest key that resolves: the only candidate, or the one in
 * the document's namespace. Cost: one hash lookup per text token plus a
 * walk no deeper than the longest alias.
 *
 * A name or alias shared by two units of one namespace is reported by
 * units_warnings (the first in the file is taken), not an error.
 *
 * Namespaces (units_guess_namespace): place names come from aliases that
 * extend a unit's name with its province ("UBND tỉnh" → "UBND tỉnh Bắc
 * Giang": place "bac giang" in BG); a header scores each namespace by the
 * place names (2 points) and the directory-unique units (1 point) it
 * mentions. A unit whose id after its namespace is itself a namespace (the
 * ministry VN-BNV, with namespace BNV for its own departments and groups)
 * counts for that namespace: a document it issues is resolved there.
 */
#include "rules/units.h"

#include <string.h>

#include "rules/normalize.h"
#include "rules/units_internal.h"

struct dd_units {
	GPtrArray *units;      /* struct dd_unit *, file order */
	GHashTable *by_id;     /* id → struct dd_unit * */
	GHashTable *spaces;    /* namespace → the same string (owned by a unit) */
	struct uvocab vocab;
	struct utrie names;    /* unit keys → struct dd_unit * */
	struct utrie places;   /* place names → namespace strings */
	GPtrArray *warnings;   /* messages, NULL-terminated (units_warnings) */
};

/* ---- small helpers ------------------------------------------------------- */

static void unit_free(struct dd_unit *u)
{
	if (!u)
		return;
	g_free(u->id);
	g_free(u->name);
	g_strfreev(u->aliases);
	g_strfreev(u->emails);
	g_strfreev(u->groups);
	g_free(u->ns);
	g_free(u);
}

static void load_error(GError **error, const char *name, unsigned line, const char *fmt,
                       const char *arg)
{
	char *what = g_strdup_printf(fmt, arg);
	g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%u: %s", name, line, what);
	g_free(what);
}

/* NFC, Unicode dashes as '-', Unicode spaces as ' ', invisible characters
 * removed: aliases written in a word processor ("Đài Phát thanh – Truyền
 * hình") then key like text that went through vn_normalize. */
static char *prepare_text(const char *s)
{
	char *nfc = g_utf8_normalize(s, -1, G_NORMALIZE_NFC);
	if (!nfc)
		return g_strdup("");
	GString *out = g_string_sized_new(strlen(nfc));
	for (const char *p = nfc; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212)
			g_string_append_c(out, '-');
		else if (g_unichar_isspace(c))
			g_string_append_c(out, ' ');
		else if (c == 0x00AD || c == 0x200B || c == 0xFEFF)
			continue;  /* soft hyphen, zero-width space, BOM */
		else
			g_string_append_unichar(out, c);
	}
	g_free(nfc);
	return g_string_free(out, FALSE);
}

/* The namespace of an id: before the first '-', without a group's '@'. */
static char *namespace_of(const char *id)
{
	if (id[0] == '@')
		id++;
	const char *dash = strchr(id, '-');
	return dash ? g_strndup(id, (gsize)(dash - id)) : g_strdup("");
}

/* Ids: printable ASCII letters, digits, '-', '_', '.', and '@' first for a group. */
static bool id_is_valid(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > 128 || (id[0] == '@' && n == 1))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (c == '@' && i == 0)
			continue;
		if (!g_ascii_isalnum(c) && c != '-' && c != '_' && c != '.')
			return false;
	}
	return true;
}

/* A ';'-separated list, items trimmed, empty items dropped. NULL (with
 * *too_many) when it has more than UNITS_MAX_LIST items. */
static char **split_list(const char *field, bool *too_many)
{
	char **parts = g_strsplit(field, ";", -1);
	GPtrArray *items = g_ptr_array_new();
	*too_many = false;
	for (char **p = parts; *p; p++) {
		g_strstrip(*p);
		if (**p == '\0')
			continue;
		if (items->len >= UNITS_MAX_LIST) {
			*too_many = true;
			break;
		}
		g_ptr_array_add(items, g_strdup(*p));
	}
	g_strfreev(parts);
	if (*too_many) {
		g_ptr_array_set_free_func(items, g_free);
		g_ptr_array_free(items, TRUE);
		return NULL;
	}
	g_ptr_array_add(items, NULL);
	return (char **)g_ptr_array_free(items, FALSE);
}

/* ---- reading the CSV ----------------------------------------------------- */

enum column { COL_ID, COL_NAME, COL_ALIASES, COL_EMAILS, COL_GROUPS, N_COLUMNS };
static const char *const column_names[N_COLUMNS] = { "id", "name", "aliases", "emails", "groups" };

/* Finds the columns by header name; col[i] = -1 for an absent one. */
static bool read_header(GPtrArray *fields, int col[N_COLUMNS], const char *name,
                        unsigned line, GError **error)
{
	for (int c = 0; c < N_COLUMNS; c++)
		col[c] = -1;
	for (guint i = 0; i < fields->len; i++) {
		char *h = g_ascii_strdown(g_strstrip((char *)fields->pdata[i]), -1);
		for (int c = 0; c < N_COLUMNS; c++) {
			if (strcmp(h, column_names[c]) != 0)
				continue;
			if (col[c] >= 0) {
				load_error(error, name, line, "column '%s' twice in the header", h);
				g_free(h);
				return false;
			}
			col[c] = (int)i;
		}
		g_free(h);
	}
	for (int c = COL_ID; c <= COL_NAME; c++) {
		if (col[c] < 0) {
			load_error(error, name, line, "no '%s' column in the header", column_names[c]);
			return false;
		}
	}
	return true;
}

/* Field c of a record, trimmed ("" when the column is absent or short). */
static const char *field_at(GPtrArray *fields, const int col[N_COLUMNS], enum column c)
{
	if (col[c] < 0 || (guint)col[c] >= fields->len)
		return "";
	return g_strstrip((char *)fields->pdata[col[c]]);
}

/* Whether a record is an empty line (one empty field). */
static bool record_is_blank(GPtrArray *fields)
{
	for (guint i = 0; i < fields->len; i++) {
		const char *f = fields->pdata[i];
		while (*f == ' ' || *f == '\t')
			f++;
		if (*f)
			return false;
	}
	return fields->len <= 1;
}

/* Makes one unit from a data record; NULL with *error on a bad row. */
static struct dd_unit *unit_from_record(GPtrArray *fields, const int col[N_COLUMNS],
                                        const char *name, unsigned line, GError **error)
{
	const char *id = field_at(fields, col, COL_ID);
	const char *uname = field_at(fields, col, COL_NAME);
	if (*id == '\0') {
		load_error(error, name, line, "missing id%s", "");
		return NULL;
	}
	if (!id_is_valid(id)) {
		load_error(error, name, line, "invalid id '%s'", id);
		return NULL;
	}
	if (*uname == '\0') {
		load_error(error, name, line, "missing name for '%s'", id);
		return NULL;
	}
	struct dd_unit *u = g_new0(struct dd_unit, 1);
	u->id = g_strdup(id);
	u->name = prepare_text(uname);
	u->ns = namespace_of(id);
	u->is_group = id[0] == '@';
	bool too_many = false;
	char *aliases = prepare_text(field_at(fields, col, COL_ALIASES));
	u->aliases = split_list(aliases, &too_many);
	g_free(aliases);
	if (!too_many)
		u->emails = split_list(field_at(fields, col, COL_EMAILS), &too_many);
	if (!too_many)
		u->groups = split_list(field_at(fields, col, COL_GROUPS), &too_many);
	if (too_many) {
		load_error(error, name, line, "more than %s items in a list", G_STRINGIFY(UNITS_MAX_LIST));
		unit_free(u);
		return NULL;
	}
	return u;
}

/* The line of the first invalid UTF-8 byte (or NUL), 0 when all is valid. */
static unsigned invalid_utf8_line(const char *s, size_t len)
{
	const char *bad = NULL;
	if (g_utf8_validate_len(s, len, &bad))
		return 0;
	unsigned line = 1;
	for (const char *p = s; p < bad; p++)
		if (*p == '\n')
			line++;
	return line;
}

/* Reads every record into units->units; lines[i] = line of unit i. */
static bool read_rows(struct dd_units *units, GArray *lines, const char *csv, size_t len,
                      const char *name, GError **error)
{
	struct csv_reader r = { csv, csv + len, name, 1 };
	GPtrArray *fields = g_ptr_array_new_with_free_func(g_free);
	int col[N_COLUMNS];
	unsigned line = 1;
	bool ok = true;

	int got = csv_next_record(&r, fields, &line, error);
	if (got == 0)
		load_error(error, name, 1, "empty file, no header%s", "");
	if (got <= 0 || !read_header(fields, col, name, line, error))
		ok = false;

	while (ok && (got = csv_next_record(&r, fields, &line, error)) == 1) {
		if (record_is_blank(fields))
			continue;
		if (units->units->len >= UNITS_MAX_ROWS) {
			load_error(error, name, line, "more than %s rows", G_STRINGIFY(UNITS_MAX_ROWS));
			ok = false;
			break;
		}
		struct dd_unit *u = unit_from_record(fields, col, name, line, error);
		if (!u) {
			ok = false;
			break;
		}
		struct dd_unit *first = g_hash_table_lookup(units->by_id, u->id);
		if (first) {
			guint i;
			g_ptr_array_find(units->units, first, &i);
			char *msg = g_strdup_printf("duplicate id '%s' (first on line %u)", u->id,
			                            g_array_index(lines, unsigned, i));
			load_error(error, name, line, "%s", msg);
			g_free(msg);
			unit_free(u);
			ok = false;
			break;
		}
		g_ptr_array_add(units->units, u);
		g_array_append_val(lines, line);
		g_hash_table_insert(units->by_id, u->id, u);
	}
	if (got < 0)
		ok = false;
	g_ptr_array_free(fields, TRUE);
	return ok;
}

/* Every groups entry must be the id of a group row. */
static bool check_groups(const struct dd_units *units, GArray *lines, const char *name,
                         GError **error)
{
	for (guint i = 0; i < units->units->len; i++) {
		const struct dd_unit *u = units->units->pdata[i];
		for (char **g = u->groups; *g; g++) {
			const struct dd_unit *grp = g_hash_table_lookup(units->by_id, *g);
			if (!grp || !grp->is_group) {
				load_error(error, name, g_array_index(lines, unsigned, i),
				           grp ? "'%s' in groups is not a group (ids of groups start with '@')"
				               : "unknown group '%s'", *g);
				return false;
			}
		}
	}
	return true;
}

/* ---- building the keys --------------------------------------------------- */

/* Titles that may stand before a unit in an alias; dropped from its key. */
static const char *const titles[][4] = {
	{ "pho", "chu", "tich" }, { "chu", "tich" },
	{ "pho", "giam", "doc" }, { "giam", "doc" },
	{ "thu", "truong" }, { "chanh" }, { "lanh", "dao" },
	{ "tm", "." }, { "kt", "." },
};

/* Whether folded token t spells `word`. */
static bool tok_is(const char *folded, const struct utok *t, const char *word)
{
	size_t n = t->end - t->start;
	return strlen(word) == n && memcmp(folded + t->start, word, n) == 0;
}

/* Number of tokens of a title at toks[i], 0 when none. */
static size_t title_at(const char *folded, const GArray *toks, size_t i)
{
	for (size_t k = 0; k < G_N_ELEMENTS(titles); k++) {
		size_t n = 0;
		while (n < 4 && titles[k][n] && i + n < toks->len &&
		       tok_is(folded, &g_array_index(toks, struct utok, i + n), titles[k][n]))
			n++;
		if (n > 0 && (n == 4 || !titles[k][n]))
			return n;
	}
	return 0;
}

/* The key of a name or alias: canonical tokens, leading titles dropped.
 * *folded_out (g_free) receives the folded text the tokens point into. */
static GArray *key_of(struct dd_units *units, const char *text, char **folded_out)
{
	char *folded = vn_fold(text, NULL);
	GArray *toks = ukey_build(&units->vocab, folded);
	size_t skip = 0, n;
	while ((n = title_at(folded, toks, skip)) > 0 && skip + n < toks->len)
		skip += n;
	g_array_remove_range(toks, 0, (guint)skip);
	*folded_out = folded;
	return toks;
}

/* An acronym alias: one word, at least two letters, every letter a capital
 * ("STC", "SKHĐT", "VPUBND"). Such keys match only capitals in text when
 * the text is available (units_find_text). */
static bool is_acronym(const char *alias)
{
	int letters = 0;
	for (const char *p = alias; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isalpha(c)) {
			if (!g_unichar_isupper(c))
				return false;
			letters++;
		} else if (!g_unichar_isdigit(c)) {
			return false;
		}
	}
	return letters >= 2;
}

/* When `alias` is `name` followed by a place ("[tỉnh|thành phố] Bắc Giang"),
 * adds that place for the unit's namespace. */
static void add_place(struct dd_units *units, const struct dd_unit *u, const GArray *name,
                      const GArray *alias, const char *alias_folded)
{
	if (name->len == 0 || alias->len <= name->len)
		return;
	for (guint i = 0; i < name->len; i++)
		if (g_array_index(name, struct utok, i).id != g_array_index(alias, struct utok, i).id)
			return;
	guint from = name->len;
	guint32 id = g_array_index(alias, struct utok, from).id;
	if (id == uvocab_lookup(&units->vocab, "tinh") || id == uvocab_lookup(&units->vocab, "tp"))
		from++;
	guint n = alias->len - from;
	if (n == 0 || n > 5)
		return;
	for (guint i = from; i < alias->len; i++) {
		char c = alias_folded[g_array_index(alias, struct utok, i).start];
		if (!g_ascii_isalnum(c))
			return;
	}
	/* The namespace string shared by all its units, so that candidates
	 * compare by pointer. */
	gpointer ns = g_hash_table_lookup(units->spaces, u->ns);
	utrie_add(&units->places, &g_array_index(alias, struct utok, from), n, ns, false);
}

/* What build_indexes needs to name a row in a warning. */
struct origin {
	const char *file;
	unsigned line;
};

/* Adds one key of u to the trie; warns when another unit of the same
 * namespace already has it (resolve() then takes the first in the file). */
static void add_key(struct dd_units *units, struct dd_unit *u, const GArray *key,
                    const char *written, bool acronym, const struct origin *where)
{
	const struct utok *toks = (const struct utok *)key->data;
	guint32 before = utrie_find(&units->names, toks, key->len);
	guint had = before && utrie_node(&units->names, before)->cands ?
	            utrie_node(&units->names, before)->cands->len : 0;
	utrie_add(&units->names, toks, key->len, u, acronym);
	const struct unode *n = utrie_node(&units->names, utrie_find(&units->names, toks, key->len));
	if (!n->cands || n->cands->len == had)
		return;  /* an empty key, or u already had it */
	for (guint i = 0; i + 1 < n->cands->len; i++) {
		const struct dd_unit *other = n->cands->pdata[i];
		if (strcmp(other->ns, u->ns) != 0)
			continue;
		g_ptr_array_insert(units->warnings, (gint)units->warnings->len - 1,
			g_strdup_printf("%s:%u: '%s' of %s also names %s in namespace '%s'; "
			                "%s is taken", where->file, where->line, written, u->id,
			                other->id, u->ns, other->id));
		return;
	}
}

/* A collective is also written without its "các" when a list of kinds
 * follows: "Ủy ban nhân dân huyện, thành phố" for "Ủy ban nhân dân các
 * huyện, thành phố". Adds that variant of a group's key. */
static void add_without_cac(struct dd_units *units, struct dd_unit *u, const GArray *key,
                            const char *folded, const char *written, const struct origin *where)
{
	if (!u->is_group || !strchr(written, ','))
		return;
	const struct utok *toks = (const struct utok *)key->data;
	for (guint i = 1; i + 1 < key->len; i++) {
		if (!tok_is(folded, &toks[i], "cac"))
			continue;
		GArray *v = g_array_sized_new(FALSE, FALSE, sizeof(struct utok), key->len - 1);
		g_array_append_vals(v, toks, i);
		g_array_append_vals(v, toks + i + 1, key->len - i - 1);
		add_key(units, u, v, written, false, where);
		g_array_free(v, TRUE);
		return;
	}
}

/* Adds a unit's name and aliases to the trie, and its place names. */
static void index_unit(struct dd_units *units, struct dd_unit *u, const struct origin *where)
{
	char *name_folded;
	GArray *name = key_of(units, u->name, &name_folded);
	add_key(units, u, name, u->name, false, where);
	add_without_cac(units, u, name, name_folded, u->name, where);
	for (char **a = u->aliases; *a; a++) {
		char *folded;
		GArray *key = key_of(units, *a, &folded);
		add_key(units, u, key, *a, is_acronym(*a), where);
		add_without_cac(units, u, key, folded, *a, where);
		add_place(units, u, name, key, folded);
		g_array_free(key, TRUE);
		g_free(folded);
	}
	g_array_free(name, TRUE);
	g_free(name_folded);
}

static void build_indexes(struct dd_units *units, const GArray *lines, const char *file)
{
	for (guint i = 0; i < units->units->len; i++) {
		struct dd_unit *u = units->units->pdata[i];
		if (!g_hash_table_contains(units->spaces, u->ns))
			g_hash_table_insert(units->spaces, u->ns, u->ns);
		struct origin where = { file, g_array_index(lines, unsigned, i) };
		index_unit(units, u, &where);
	}
}

/* ---- loading ------------------------------------------------------------- */

static struct dd_units *units_new(void)
{
	struct dd_units *units = g_new0(struct dd_units, 1);
	units->units = g_ptr_array_new_with_free_func((GDestroyNotify)unit_free);
	units->by_id = g_hash_table_new(g_str_hash, g_str_equal);
	units->spaces = g_hash_table_new(g_str_hash, g_str_equal);
	uvocab_init(&units->vocab);
	utrie_init(&units->names);
	utrie_init(&units->places);
	units->warnings = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(units->warnings, NULL);
	return units;
}

void units_free(struct dd_units *units)
{
	if (!units)
		return;
	utrie_clear(&units->names);
	utrie_clear(&units->places);
	uvocab_clear(&units->vocab);
	g_hash_table_destroy(units->by_id);
	g_hash_table_destroy(units->spaces);
	g_ptr_array_free(units->units, TRUE);
	g_ptr_array_free(units->warnings, TRUE);
	g_free(units);
}

struct dd_units *units_load_text(const char *csv, size_t len, const char *name, GError **error)
{
	if (!name)
		name = "units.csv";
	if (len > UNITS_MAX_FILE) {
		load_error(error, name, 1, "file too large (%s)", "over 16 MiB");
		return NULL;
	}
	if (len >= 3 && memcmp(csv, "\xEF\xBB\xBF", 3) == 0) {
		csv += 3;
		len -= 3;
	}
	unsigned bad = invalid_utf8_line(csv, len);
	if (bad) {
		load_error(error, name, bad, "not UTF-8 text (or a NUL byte)%s", "");
		return NULL;
	}
	struct dd_units *units = units_new();
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(unsigned));
	bool ok = read_rows(units, lines, csv, len, name, error) &&
	          check_groups(units, lines, name, error);
	if (ok)
		build_indexes(units, lines, name);
	g_array_free(lines, TRUE);
	if (!ok) {
		units_free(units);
		return NULL;
	}
	return units;
}

struct dd_units *units_load_file(const char *path, GError **error)
{
	char *data = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &data, &len, error))
		return NULL;
	char *base = g_path_get_basename(path);
	struct dd_units *units = units_load_text(data, len, base, error);
	g_free(base);
	g_free(data);
	return units;
}

/* ---- lookups ------------------------------------------------------------- */

const char *const *units_warnings(const struct dd_units *units)
{
	static const char *const none[] = { NULL };
	if (!units)
		return none;
	return (const char *const *)units->warnings->pdata;
}

size_t units_count(const struct dd_units *units)
{
	return units ? units->units->len : 0;
}

const struct dd_unit *units_get(const struct dd_units *units, size_t i)
{
	if (!units || i >= units->units->len)
		return NULL;
	return units->units->pdata[i];
}

const struct dd_unit *units_by_id(const struct dd_units *units, const char *id)
{
	if (!units || !id)
		return NULL;
	return g_hash_table_lookup(units->by_id, id);
}

size_t units_members(const struct dd_units *units, const char *group_id,
                     const struct dd_unit **out, size_t max)
{
	size_t n = 0;
	if (!units || !group_id)
		return 0;
	for (guint i = 0; i < units->units->len; i++) {
		const struct dd_unit *u = units->units->pdata[i];
		if (!g_strv_contains((const char *const *)u->groups, group_id))
			continue;
		if (out && n < max)
			out[n] = u;
		n++;
	}
	return n;
}

/* ---- matching ------------------------------------------------------------ */

/* The unit a key's candidates name in namespace ns: the only candidate, or
 * the first one in ns; NULL when ambiguous. */
static const struct dd_unit *resolve(const struct unode *node, const char *ns)
{
	if (node->cands->len == 1)
		return node->cands->pdata[0];
	if (!ns)
		return NULL;
	for (guint i = 0; i < node->cands->len; i++) {
		const struct dd_unit *u = node->cands->pdata[i];
		if (strcmp(u->ns, ns) == 0)
			return u;
	}
	return NULL;
}

/* Whether every letter of text[from, to) is a capital. */
static bool written_in_capitals(const char *text, size_t from, size_t to)
{
	const char *p = text + from, *end = text + to;
	while (p < end) {
		gunichar c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			p++;  /* not UTF-8: a byte that is no letter */
			continue;
		}
		if (g_unichar_isalpha(c) && !g_unichar_isupper(c))
			return false;
		p = g_utf8_next_char(p);
	}
	return true;
}

/* The text a folded string came from, for the capitals check of acronyms. */
struct source {
	const char *text;      /* NULL: no check */
	const size_t *offsets; /* vn_fold offsets: folded byte → text byte */
};

/* The longest key that resolves, continuing from trie node `node` with
 * toks[i..]; `first` is the token the mention starts at (for the capitals
 * check). Returns its unit, and in *last the index of its last token. */
static const struct dd_unit *longest_from(const struct dd_units *units, const GArray *toks,
                                          guint32 node, guint first, guint i, const char *ns,
                                          const struct source *src, guint *last)
{
	const struct dd_unit *best = NULL;
	for (guint j = i; j < toks->len; j++) {
		const struct utok *t = &g_array_index(toks, struct utok, j);
		node = utrie_step(&units->names, node, t->id);
		if (node == 0)
			break;
		const struct unode *n = utrie_node(&units->names, node);
		if (!n->cands)
			continue;
		const struct dd_unit *u = resolve(n, ns);
		if (!u)
			continue;
		if (n->need_caps && src->text) {
			size_t from = src->offsets[g_array_index(toks, struct utok, first).start];
			if (!written_in_capitals(src->text, from, src->offsets[t->end]))
				continue;
		}
		best = u;
		*last = j;
	}
	return best;
}

/* One unit named in an enumeration, by its first and last token. */
struct item {
	const struct dd_unit *unit;
	guint first, last;
};

/* Token ids an enumeration uses ("các", ":", and its separators). */
struct enum_words {
	guint32 cac, colon, comma, semicolon, va;
};

/* The trie node after the head "P các K" of an enumeration at toks[i]
 * ("UBND các huyện", "các Sở"), P at most 3 tokens; *prefix gets the node
 * after P (0 when P is empty), *after the index of the token after the
 * head (and after a ':'). 0 when there is none. */
static guint32 enumeration_head(const struct dd_units *units, const GArray *toks, guint i,
                                const struct enum_words *w, guint32 *prefix, guint *after)
{
	guint j = i;
	while (j < toks->len && j <= i + 3 && g_array_index(toks, struct utok, j).id != w->cac)
		j++;
	if (j >= toks->len || j > i + 3 || j + 1 >= toks->len || w->cac == 0)
		return 0;
	guint32 node = utrie_find(&units->names, (const struct utok *)toks->data + i, j - i);
	if (j > i && node == 0)
		return 0;
	*prefix = node;
	node = utrie_step(&units->names, node, g_array_index(toks, struct utok, j + 1).id);
	if (node == 0)
		return 0;
	*after = j + 2;
	if (*after < toks->len && g_array_index(toks, struct utok, *after).id == w->colon)
		(*after)++;
	return node;
}

/* "UBND các huyện: Đức Thọ, Can Lộc và Kỳ Anh" names units whose keys are
 * "UBND huyện Đức Thọ", ...: fills `items` with them (empty when toks[i]
 * starts no such enumeration). A name may bring its own kind ("UBND các
 * huyện: A, B và thị xã C" → "UBND thị xã C"). Names are separated by ',',
 * ';' or "và"; the list ends at the first name that is not a unit. */
static void enumeration_at(const struct dd_units *units, const GArray *toks, guint i,
                           const char *ns, const struct source *src,
                           const struct enum_words *w, GArray *items)
{
	g_array_set_size(items, 0);
	guint pos;
	guint32 prefix;
	guint32 head = enumeration_head(units, toks, i, w, &prefix, &pos);
	if (head == 0)
		return;
	while (pos < toks->len) {
		struct item it = { NULL, pos, pos };
		it.unit = longest_from(units, toks, head, pos, pos, ns, src, &it.last);
		if (!it.unit && prefix)  /* "..., thị xã Hồng Lĩnh": P + a name of its own kind */
			it.unit = longest_from(units, toks, prefix, pos, pos, ns, src, &it.last);
		if (!it.unit)
			break;
		g_array_append_val(items, it);
		pos = it.last + 1;
		if (pos + 1 >= toks->len)
			break;
		guint32 sep = g_array_index(toks, struct utok, pos).id;
		if (sep != w->comma && sep != w->semicolon && sep != w->va)
			break;
		pos++;
	}
}

/* Where units_find writes its matches. */
struct found {
	struct dd_unit_match *out;
	size_t max, n;
};

static void emit(struct found *f, const struct dd_unit *u, const GArray *toks, guint first,
                 guint last)
{
	if (f->out && f->n < f->max) {
		f->out[f->n].unit = u;
		f->out[f->n].start = g_array_index(toks, struct utok, first).start;
		f->out[f->n].end = g_array_index(toks, struct utok, last).end;
	}
	f->n++;
}

/* units_find, with an optional source text for acronyms. At each token the
 * longest key wins, unless an enumeration starting there reaches further. */
static size_t find_in(const struct dd_units *units, const char *folded, const char *ns,
                      const struct source *src, struct dd_unit_match *out, size_t max)
{
	if (!units || !folded)
		return 0;
	const struct uvocab *v = &units->vocab;
	struct enum_words w = { uvocab_lookup(v, "cac"), uvocab_lookup(v, ":"),
	                        uvocab_lookup(v, ","), uvocab_lookup(v, ";"),
	                        uvocab_lookup(v, "va") };
	GArray *toks = ukey_search(v, folded);
	GArray *items = g_array_new(FALSE, FALSE, sizeof(struct item));
	struct found f = { out, max, 0 };
	guint i = 0;
	while (i < toks->len) {
		guint last = i;
		const struct dd_unit *u = longest_from(units, toks, 0, i, i, ns, src, &last);
		enumeration_at(units, toks, i, ns, src, &w, items);
		if (items->len > 0 &&
		    (!u || g_array_index(items, struct item, items->len - 1).last > last)) {
			/* The first name's match starts at the head ("UBND các
			 * huyện: Đức Thọ"), so the head is never left unmatched. */
			for (guint k = 0; k < items->len; k++) {
				const struct item *it = &g_array_index(items, struct item, k);
				emit(&f, it->unit, toks, k == 0 ? i : it->first, it->last);
			}
			i = g_array_index(items, struct item, items->len - 1).last + 1;
		} else if (u) {
			emit(&f, u, toks, i, last);
			i = last + 1;
		} else {
			i++;
		}
	}
	g_array_free(items, TRUE);
	g_array_free(toks, TRUE);
	return f.n;
}

size_t units_find(const struct dd_units *units, const char *folded, const char *ns,
                  struct dd_unit_match *out, size_t max)
{
	struct source none = { NULL, NULL };
	return find_in(units, folded, ns, &none, out, max);
}

size_t units_find_text(const struct dd_units *units, const char *text, const char *ns,
                       struct dd_unit_match *out, size_t max)
{
	if (!units || !text)
		return 0;
	size_t *offsets = NULL;
	char *folded = vn_fold(text, &offsets);
	struct source src = { text, offsets };
	size_t found = find_in(units, folded, ns, &src, out, max);
	for (size_t i = 0; i < found && i < max && out; i++) {
		out[i].start = offsets[out[i].start];
		out[i].end = offsets[out[i].end];
	}
	g_free(offsets);
	g_free(folded);
	return found;
}

/* ---- namespaces ---------------------------------------------------------- */

/* The namespace a mention of u is evidence for: the namespace u owns
 * (VN-BNV owns "BNV" when such a namespace exists), else its own. */
static const char *evidence_namespace(const struct dd_units *units, const struct dd_unit *u)
{
	const char *rest = u->id + (u->id[0] == '@') + strlen(u->ns);
	if (*rest == '-' && !u->is_group) {
		const char *owned = g_hash_table_lookup(units->spaces, rest + 1);
		if (owned && *owned)
			return owned;
	}
	return u->ns;
}

struct ns_score {
	int points;
	size_t first;  /* folded offset of its first evidence */
};

static void score_add(GHashTable *scores, const char *ns, int points, size_t at)
{
	struct ns_score *s = g_hash_table_lookup(scores, ns);
	if (!s) {
		s = g_new0(struct ns_score, 1);
		s->first = at;
		g_hash_table_insert(scores, (gpointer)ns, s);
	}
	s->points += points;
}

/* 2 points per place name found in the folded header. */
static void score_places(const struct dd_units *units, const char *folded, GHashTable *scores)
{
	GArray *toks = ukey_search(&units->vocab, folded);
	guint i = 0;
	while (i < toks->len) {
		guint32 node = 0;
		const char *ns = NULL;
		guint last = i;
		for (guint j = i; j < toks->len; j++) {
			node = utrie_step(&units->places, node, g_array_index(toks, struct utok, j).id);
			if (node == 0)
				break;
			const struct unode *n = utrie_node(&units->places, node);
			if (n->cands && n->cands->len == 1) {
				ns = n->cands->pdata[0];
				last = j;
			}
		}
		if (ns)
			score_add(scores, ns, 2, g_array_index(toks, struct utok, i).start);
		i = ns ? last + 1 : i + 1;
	}
	g_array_free(toks, TRUE);
}

/* 1 point per unit mention that resolves without a namespace. */
static void score_units(const struct dd_units *units, const char *folded, GHashTable *scores)
{
	size_t n = units_find(units, folded, NULL, NULL, 0);
	struct dd_unit_match *m = g_new(struct dd_unit_match, n ? n : 1);
	units_find(units, folded, NULL, m, n);
	for (size_t i = 0; i < n; i++)
		score_add(scores, evidence_namespace(units, m[i].unit), 1, m[i].start);
	g_free(m);
}

const char *units_guess_namespace(const struct dd_units *units, const char *header_text)
{
	if (!units || !header_text)
		return NULL;
	char *text = prepare_text(header_text);
	char *folded = vn_fold(text, NULL);
	GHashTable *scores = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	score_places(units, folded, scores);
	score_units(units, folded, scores);

	const char *best = NULL;
	const struct ns_score *best_score = NULL;
	GHashTableIter it;
	gpointer key, value;
	g_hash_table_iter_init(&it, scores);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		const struct ns_score *s = value;
		if (!best_score || s->points > best_score->points ||
		    (s->points == best_score->points && s->first < best_score->first) ||
		    (s->points == best_score->points && s->first == best_score->first &&
		     strcmp(key, best) < 0)) {
			best = key;
			best_score = s;
		}
	}
	g_hash_table_destroy(scores);
	g_free(folded);
	g_free(text);
	return best;
}
