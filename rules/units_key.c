/*
 * units_key.c — matching keys: folded text as canonical tokens, and a trie.
 *
 * Tokens. In folded text (vn_fold output) a token is a run of [a-z0-9] or
 * one other non-space character ('&', '-', ',', '.', '~', ...). Spaces and
 * control characters only separate tokens, so "kh & dt" and "kh&dt" are
 * the same three tokens, and a match can never start or end inside a word
 * ("stc" is not a token of "stct").
 *
 * Canonical tokens. A few standard equivalences are applied to both the
 * directory's names and aliases and the searched text, so one alias covers
 * the common spellings:
 *     uy ban nhan dan   → ubnd        hoi dong nhan dan → hdnd
 *     thanh pho, tp.    → tp          thi xa, tx.       → tx
 *     trung uong        → tw          &                 → va
 * ("tp." and "tx." only before a word, so a sentence's final '.' stays
 * out of a match.) Only equivalences that cannot change which unit a phrase names are here:
 * "tt" (thường trực in "TT Tỉnh ủy", thông tin in "Sở TT&TT") is not, and
 * the directory's own aliases do the rest. "tp" also abbreviates "tư pháp"
 * ("Sở TP"); "Sở thành phố" is not a phrase anyone writes, so the two never
 * meet.
 *
 * Trie. Canonical token ids label its edges; a node where some key ends
 * holds the candidates (units, or namespaces for place names) of that key.
 * Each node keeps its children sorted for binary search.
 */
#include "rules/units_internal.h"

#include <string.h>

/* ---- vocabulary -------------------------------------------------------- */

void uvocab_init(struct uvocab *v)
{
	v->ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	v->next = 1;
}

void uvocab_clear(struct uvocab *v)
{
	if (v->ids)
		g_hash_table_destroy(v->ids);
	v->ids = NULL;
}

guint32 uvocab_lookup(const struct uvocab *v, const char *spelling)
{
	return GPOINTER_TO_UINT(g_hash_table_lookup(v->ids, spelling));
}

static guint32 uvocab_intern(struct uvocab *v, const char *spelling)
{
	guint32 id = uvocab_lookup(v, spelling);
	if (id == 0) {
		id = v->next++;
		g_hash_table_insert(v->ids, g_strdup(spelling), GUINT_TO_POINTER(id));
	}
	return id;
}

/* ---- raw tokens ---------------------------------------------------------- */

struct rawtok {
	guint32 start, end;
};

static bool is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Splits folded text into raw tokens (struct rawtok). */
static GArray *raw_tokens(const char *s)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(struct rawtok));
	size_t i = 0;
	while (s[i]) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ') {
			i++;
			continue;
		}
		struct rawtok t = { (guint32)i, 0 };
		if (is_word_byte(c)) {
			while (s[i] && is_word_byte((unsigned char)s[i]))
				i++;
		} else {
			i++;
		}
		t.end = (guint32)i;
		g_array_append_val(out, t);
	}
	return out;
}

/* Whether raw token t spells `word` (ASCII case-insensitive). */
static bool raw_is(const char *s, const struct rawtok *t, const char *word)
{
	size_t n = t->end - t->start;
	return strlen(word) == n && g_ascii_strncasecmp(s + t->start, word, n) == 0;
}

/* ---- equivalences -------------------------------------------------------- */

struct equiv {
	const char *from[4];  /* raw token spellings, NULL-terminated */
	const char *to;
	bool word_after;      /* only before a word ("TP. Hà Giang", not a final "TP.") */
};

static const struct equiv equivs[] = {
	{ { "uy", "ban", "nhan", "dan" }, "ubnd", false },
	{ { "hoi", "dong", "nhan", "dan" }, "hdnd", false },
	{ { "thanh", "pho" }, "tp", false },
	{ { "tp", "." }, "tp", true },
	{ { "thi", "xa" }, "tx", false },
	{ { "tx", "." }, "tx", true },
	{ { "trung", "uong" }, "tw", false },
	{ { "&" }, "va", false },
};

/* Length in raw tokens of the equivalence matching at raw[i], or 0. */
static size_t equiv_at(const char *s, const GArray *raw, size_t i, const struct equiv *e)
{
	size_t k = 0;
	while (k < G_N_ELEMENTS(e->from) && e->from[k]) {
		if (i + k >= raw->len)
			return 0;
		if (!raw_is(s, &g_array_index(raw, struct rawtok, i + k), e->from[k]))
			return 0;
		k++;
	}
	if (e->word_after) {
		if (i + k >= raw->len)
			return 0;
		if (!is_word_byte((unsigned char)s[g_array_index(raw, struct rawtok, i + k).start]))
			return 0;
	}
	return k;
}

/* The id of a spelling: interned into add_to when it is not NULL, else
 * looked up in v (0 when unknown). */
static guint32 spelling_id(const struct uvocab *v, struct uvocab *add_to,
                           const char *s, size_t len)
{
	char buf[64];
	if (len >= sizeof buf) {
		if (!add_to)
			return 0;
		char *long_one = g_ascii_strdown(s, (gssize)len);
		guint32 id = uvocab_intern(add_to, long_one);
		g_free(long_one);
		return id;
	}
	for (size_t i = 0; i < len; i++)
		buf[i] = g_ascii_tolower(s[i]);
	buf[len] = '\0';
	return add_to ? uvocab_intern(add_to, buf) : uvocab_lookup(v, buf);
}

/* Canonical tokens of folded text; see ukey_build and ukey_search. */
static GArray *canonical_tokens(const struct uvocab *v, struct uvocab *add_to,
                                const char *folded)
{
	GArray *raw = raw_tokens(folded);
	GArray *out = g_array_sized_new(FALSE, FALSE, sizeof(struct utok), raw->len);
	size_t i = 0;
	while (i < raw->len) {
		const struct rawtok *first = &g_array_index(raw, struct rawtok, i);
		struct utok t = { 0, first->start, first->end };
		size_t used = 0;
		for (size_t e = 0; e < G_N_ELEMENTS(equivs) && used == 0; e++) {
			used = equiv_at(folded, raw, i, &equivs[e]);
			if (used)
				t.id = spelling_id(v, add_to, equivs[e].to, strlen(equivs[e].to));
		}
		if (used == 0) {
			used = 1;
			t.id = spelling_id(v, add_to, folded + first->start,
			                    first->end - first->start);
		}
		t.end = g_array_index(raw, struct rawtok, i + used - 1).end;
		g_array_append_val(out, t);
		i += used;
	}
	g_array_free(raw, TRUE);
	return out;
}

GArray *ukey_build(struct uvocab *v, const char *folded)
{
	return canonical_tokens(v, v, folded);
}

GArray *ukey_search(const struct uvocab *v, const char *folded)
{
	return canonical_tokens(v, NULL, folded);
}

/* ---- trie ---------------------------------------------------------------- */

void utrie_init(struct utrie *t)
{
	t->nodes = g_array_new(FALSE, TRUE, sizeof(struct unode));
	g_array_set_size(t->nodes, 1);
}

void utrie_clear(struct utrie *t)
{
	if (!t->nodes)
		return;
	for (guint i = 0; i < t->nodes->len; i++) {
		struct unode *n = &g_array_index(t->nodes, struct unode, i);
		if (n->kids)
			g_array_free(n->kids, TRUE);
		if (n->cands)
			g_ptr_array_free(n->cands, TRUE);
	}
	g_array_free(t->nodes, TRUE);
	t->nodes = NULL;
}

/* Index in node->kids of the first child with tok >= `tok`. */
static guint kid_position(const GArray *kids, guint32 tok)
{
	guint lo = 0, hi = kids->len;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		if (g_array_index(kids, struct ukid, mid).tok < tok)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

guint32 utrie_step(const struct utrie *t, guint32 node, guint32 tok)
{
	const struct unode *n = &g_array_index(t->nodes, struct unode, node);
	if (tok == 0 || !n->kids)
		return 0;
	guint pos = kid_position(n->kids, tok);
	if (pos < n->kids->len && g_array_index(n->kids, struct ukid, pos).tok == tok)
		return g_array_index(n->kids, struct ukid, pos).child;
	return 0;
}

const struct unode *utrie_node(const struct utrie *t, guint32 node)
{
	return &g_array_index(t->nodes, struct unode, node);
}

/* The child of `node` for `tok`, created when missing. */
static guint32 step_or_add(struct utrie *t, guint32 node, guint32 tok)
{
	guint32 child = utrie_step(t, node, tok);
	if (child)
		return child;
	child = t->nodes->len;
	g_array_set_size(t->nodes, child + 1);  /* zero-filled new node */
	struct unode *n = &g_array_index(t->nodes, struct unode, node);
	if (!n->kids)
		n->kids = g_array_new(FALSE, FALSE, sizeof(struct ukid));
	struct ukid k = { tok, child };
	g_array_insert_val(n->kids, kid_position(n->kids, tok), k);
	return child;
}

guint32 utrie_find(const struct utrie *t, const struct utok *toks, size_t n)
{
	guint32 node = 0;
	for (size_t i = 0; i < n && (i == 0 || node); i++)
		node = utrie_step(t, node, toks[i].id);
	return n ? node : 0;
}

void utrie_add(struct utrie *t, const struct utok *toks, size_t n, gpointer cand,
               bool acronym)
{
	if (n == 0)
		return;
	guint32 node = 0;
	for (size_t i = 0; i < n; i++)
		node = step_or_add(t, node, toks[i].id);
	struct unode *end = &g_array_index(t->nodes, struct unode, node);
	if (!end->cands) {
		end->cands = g_ptr_array_new();
		end->need_caps = acronym;
	} else if (!acronym) {
		end->need_caps = false;
	}
	for (guint i = 0; i < end->cands->len; i++)
		if (end->cands->pdata[i] == cand)
			return;
	g_ptr_array_add(end->cands, cand);
}
