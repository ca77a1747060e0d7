/*
 * docx.c — the DOCX reader: WordprocessingML to struct dd_doc.
 *
 * A .docx is a zip (read with limits by zipxml.c) whose word/document.xml
 * holds the text. We stream it once with libxml2's reader and keep a small
 * amount of state:
 *
 *   - a stack of open paragraphs (w:p). A text box (w:txbxContent) puts a
 *     paragraph inside another one's run; the inner paragraph comes out as
 *     a paragraph of its own, before the one that holds it;
 *   - a stack of open tables (w:tbl). Each row of a top-level table becomes
 *     a DD_ROW with one string per grid column: a cell spanning N columns
 *     (w:gridSpan) is followed by N-1 empty strings, a vertically merged
 *     continuation cell (w:vMerge) repeats the text of the cell that began
 *     the merge. A table inside a cell is flattened into that cell's text,
 *     one line per row, cells separated by '\t';
 *   - the field state (w:fldChar): instruction text is hidden, the
 *     displayed result is kept;
 *   - the depth of a subtree being skipped: deleted text (w:del,
 *     w:moveFrom), revision records (w:pPrChange ...), mc:Choice (we read
 *     the mc:Fallback twin, which every consumer understands).
 *
 * Word's automatic numbering is not text in document.xml, so we rebuild it
 * from word/numbering.xml and word/styles.xml: each numbered paragraph gets
 * the label Word would print ("1.", "a)", "2.3.", "Điều 4.", "-") in
 * dd_block.label and its level in dd_block.level. Counters are kept per
 * abstract list definition, so w:num instances sharing one definition
 * continue one sequence, except an instance with a w:lvlOverride, which
 * counts on its own from its w:startOverride, as Word does.
 *
 * Paragraphs and rows are put into the document by wordproc.c, shared with
 * the ODT reader.
 *
 * Limits (all errors in DD_READ_ERROR): parts over DD_MAX_PART, XML nesting
 * over DD_XML_MAX_DEPTH, tables nested over DOCX_MAX_TABLES, rows wider than
 * DD_WP_MAX_COLS, more than DD_MAX_BLOCKS blocks, and more than
 * DD_WP_MAX_OUTPUT bytes of produced text (merged cells repeat text, so the
 * output could otherwise outgrow the input many times).
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/read.h"
#include "parsers/wordproc.h"
#include "parsers/zipxml.h"

#define W_NS        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS       "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define REL_NS      "http://schemas.openxmlformats.org/package/2006/relationships"

#define DOCX_LEVELS       9       /* list levels 0..8 */
#define DOCX_MAX_PARAS    8       /* text boxes inside text boxes */
#define DOCX_MAX_TABLES   16      /* tables inside table cells */
#define DOCX_MAX_FIELDS   16      /* fields inside fields */
#define DOCX_MAX_STYLE_HOPS 16    /* w:basedOn chain */
#define DOCX_MAX_DEFS     20000   /* list definitions, list instances, styles */
#define DOCX_MAX_LABEL    256     /* bytes of one rendered list label */

/* ---- list definitions (numbering.xml) ---- */

enum numfmt {
	FMT_DECIMAL, FMT_DECIMAL_ZERO, FMT_LOWER_LETTER, FMT_UPPER_LETTER,
	FMT_LOWER_ROMAN, FMT_UPPER_ROMAN, FMT_BULLET, FMT_NONE,
};

struct docx_lvl {
	gboolean defined;
	int start;              /* w:start, 0 when absent (as the standard says) */
	enum numfmt fmt;
	char *text;             /* w:lvlText, NULL when absent */
	int restart;            /* w:lvlRestart: -1 absent, 0 never, n after level n-1 */
	gboolean legal;         /* w:isLgl: every %n in decimal */
	char *pstyle;           /* w:pStyle: paragraph style tied to this level */
};

struct docx_counters {
	int value[DOCX_LEVELS];
	gboolean set[DOCX_LEVELS];
};

struct docx_abstract {
	struct docx_lvl lvl[DOCX_LEVELS];
	char *style_link;       /* w:styleLink: this definition is numbering style X */
	char *num_style_link;   /* w:numStyleLink: use the definition of style X */
	struct docx_counters counters;
};

struct docx_num {
	int abstract_id;
	gboolean has_start[DOCX_LEVELS];
	int start[DOCX_LEVELS];               /* w:startOverride */
	struct docx_lvl over[DOCX_LEVELS];    /* w:lvlOverride/w:lvl */
	gboolean own_counters;                /* has an override: counts on its own */
	struct docx_counters counters;
};

/* ---- paragraph styles (styles.xml) ---- */

struct docx_style {
	char *based_on;
	int num_id;             /* -1 when the style has no w:numId */
	int ilvl;               /* -1 when the style has no w:ilvl */
};

/* ---- reading state of document.xml ---- */

struct docx_para {
	GString *text;
	char *style;            /* w:pStyle, NULL for the default style */
	int num_id, ilvl;       /* direct w:numPr, -1 when absent */
	int depth;              /* XML depth of <w:p> */
	int ppr_depth;          /* depth of its <w:pPr> while inside it, else -1 */
	int run_depth;          /* depth of the open <w:r>, else -1 */
	gboolean run_hidden;    /* the open run is w:vanish */
	gboolean page_before, page_after;
};

enum vmerge { VM_NONE, VM_RESTART, VM_CONTINUE };

struct docx_table {
	int ordinal;            /* top-level ordinal, -1 for a table in a cell */
	int depth;              /* XML depth of <w:tbl> */
	GPtrArray *cells;       /* current row's cell strings, NULL outside a row */
	int tr_depth;
	int grid_after;
	GPtrArray *merge;       /* per grid column: text of the cell starting a vertical merge */
	GString *cell;          /* current cell's text, NULL outside a cell */
	int tc_depth;
	int span;
	enum vmerge vmerge;
};

enum field_part { FIELD_INSTR, FIELD_RESULT };

struct docx {
	const char *w;          /* namespace URI of document.xml */
	GHashTable *abstracts;  /* abstractNumId -> struct docx_abstract */
	GHashTable *nums;       /* numId -> struct docx_num */
	GHashTable *styles;     /* styleId -> struct docx_style */
	char *default_style;    /* id of the default paragraph style */

	struct dd_wp out;       /* the document being built */
	GPtrArray *paras;       /* stack of struct docx_para */
	GPtrArray *tables;      /* stack of struct docx_table */
	int ntables;            /* top-level tables begun so far */
	int skip_depth;         /* skipping the subtree of this depth, -1 none */
	int t_depth;            /* inside <w:t> of this depth, -1 none */
	enum field_part fields[DOCX_MAX_FIELDS];
	int nfields;            /* may exceed DOCX_MAX_FIELDS; deeper ones untracked */
};

/* ================= small helpers ================= */

static const char *w_namespace(const char *uri)
{
	if (strcmp(uri, W_NS) == 0)
		return W_NS;
	if (strcmp(uri, W_NS_STRICT) == 0)
		return W_NS_STRICT;
	return NULL;
}

/* Read a part up to its root element and give the root's namespace in *w:
 * W_NS, W_NS_STRICT, or NULL for any other (the part is then ignored).
 * 1 on the root, 0 when the part ends first, -1 with a GError. */
static int read_root(struct dd_xml *x, const char **w, GError **error)
{
	int rc;
	while ((rc = dd_xml_next(x, error)) == 1) {
		if (x->type == XML_READER_TYPE_ELEMENT) {
			*w = w_namespace(dd_xml_ns(x));
			return 1;
		}
	}
	return rc;
}

/* An on/off property (w:vanish, w:pageBreakBefore): on unless val says off. */
static gboolean attr_on(const struct dd_xml *x, const char *w)
{
	char *v = dd_xml_attr(x, w, "val");
	gboolean on = !v || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0);
	g_free(v);
	return on;
}

static void lvl_clear(struct docx_lvl *l)
{
	g_free(l->text);
	g_free(l->pstyle);
	memset(l, 0, sizeof *l);
	l->restart = -1;
}

static void abstract_free(gpointer p)
{
	struct docx_abstract *a = p;
	for (int i = 0; i < DOCX_LEVELS; i++)
		lvl_clear(&a->lvl[i]);
	g_free(a->style_link);
	g_free(a->num_style_link);
	g_free(a);
}

static void num_free(gpointer p)
{
	struct docx_num *n = p;
	for (int i = 0; i < DOCX_LEVELS; i++)
		lvl_clear(&n->over[i]);
	g_free(n);
}

static void style_free(gpointer p)
{
	struct docx_style *s = p;
	g_free(s->based_on);
	g_free(s);
}

static void para_free(gpointer p)
{
	struct docx_para *pa = p;
	g_string_free(pa->text, TRUE);
	g_free(pa->style);
	g_free(pa);
}

static void table_free(gpointer p)
{
	struct docx_table *t = p;
	if (t->cells)
		g_ptr_array_free(t->cells, TRUE);
	g_ptr_array_free(t->merge, TRUE);
	if (t->cell)
		g_string_free(t->cell, TRUE);
	g_free(t);
}

static enum numfmt parse_numfmt(const char *v)
{
	static const struct { const char *name; enum numfmt fmt; } names[] = {
		{ "decimal", FMT_DECIMAL },          { "decimalZero", FMT_DECIMAL_ZERO },
		{ "lowerLetter", FMT_LOWER_LETTER }, { "upperLetter", FMT_UPPER_LETTER },
		{ "lowerRoman", FMT_LOWER_ROMAN },   { "upperRoman", FMT_UPPER_ROMAN },
		{ "bullet", FMT_BULLET },            { "none", FMT_NONE },
	};
	for (size_t i = 0; v && i < G_N_ELEMENTS(names); i++)
		if (strcmp(v, names[i].name) == 0)
			return names[i].fmt;
	return FMT_DECIMAL;   /* ordinal, cardinalText, ...: digits are close enough */
}

/* ================= numbering.xml ================= */

/* Where numbering_parse is inside the part. */
struct numbering_pos {
	struct docx_abstract *abs;
	int abs_depth;
	struct docx_num *num;
	int num_depth;
	int over_ilvl, over_depth;     /* inside w:lvlOverride */
	struct docx_lvl *lvl;
	int lvl_depth;
};

/* A w:lvl element begins: find which level it defines and reset it. */
static void numbering_lvl_start(struct numbering_pos *np, const struct dd_xml *x, const char *w)
{
	struct docx_lvl *l = NULL;
	if (np->abs) {
		int ilvl = dd_xml_attr_int(x, w, "ilvl", -1, G_MAXINT, -1);
		if (ilvl >= 0 && ilvl < DOCX_LEVELS)
			l = &np->abs->lvl[ilvl];
	} else if (np->num && np->over_ilvl >= 0) {
		l = &np->num->over[np->over_ilvl];
	}
	if (!l)
		return;
	lvl_clear(l);
	l->defined = TRUE;
	np->lvl = l;
	np->lvl_depth = x->depth;
}

/* A child element of w:lvl: one property of the level. */
static void numbering_lvl_prop(struct docx_lvl *l, const struct dd_xml *x, const char *w)
{
	const char *name = dd_xml_name(x);
	if (strcmp(name, "start") == 0) {
		l->start = dd_xml_attr_int(x, w, "val", 0, 1000000, 0);
	} else if (strcmp(name, "numFmt") == 0) {
		char *v = dd_xml_attr(x, w, "val");
		l->fmt = parse_numfmt(v);
		g_free(v);
	} else if (strcmp(name, "lvlText") == 0) {
		g_free(l->text);
		l->text = dd_xml_attr(x, w, "val");
	} else if (strcmp(name, "lvlRestart") == 0) {
		l->restart = dd_xml_attr_int(x, w, "val", 0, DOCX_LEVELS, -1);
	} else if (strcmp(name, "isLgl") == 0) {
		l->legal = attr_on(x, w);
	} else if (strcmp(name, "pStyle") == 0) {
		g_free(l->pstyle);
		l->pstyle = dd_xml_attr(x, w, "val");
	}
}

/* A child of w:abstractNum or w:num outside any w:lvl. */
static void numbering_def_prop(struct numbering_pos *np, const struct dd_xml *x, const char *w)
{
	const char *name = dd_xml_name(x);
	if (np->abs) {
		if (strcmp(name, "styleLink") == 0) {
			g_free(np->abs->style_link);
			np->abs->style_link = dd_xml_attr(x, w, "val");
		} else if (strcmp(name, "numStyleLink") == 0) {
			g_free(np->abs->num_style_link);
			np->abs->num_style_link = dd_xml_attr(x, w, "val");
		}
		return;
	}
	if (!np->num)
		return;
	if (strcmp(name, "abstractNumId") == 0) {
		np->num->abstract_id = dd_xml_attr_int(x, w, "val", 0, G_MAXINT, -1);
	} else if (strcmp(name, "lvlOverride") == 0) {
		int ilvl = dd_xml_attr_int(x, w, "ilvl", -1, G_MAXINT, -1);
		if (ilvl >= 0 && ilvl < DOCX_LEVELS && !x->empty) {
			np->over_ilvl = ilvl;
			np->over_depth = x->depth;
			np->num->own_counters = TRUE;
		}
	} else if (strcmp(name, "startOverride") == 0 && np->over_ilvl >= 0) {
		np->num->has_start[np->over_ilvl] = TRUE;
		np->num->start[np->over_ilvl] = dd_xml_attr_int(x, w, "val", 0, 1000000, 0);
	}
}

/* A w:abstractNum or w:num element begins. FALSE when over the limit. */
static gboolean numbering_def_start(struct docx *d, struct numbering_pos *np,
                                    const struct dd_xml *x, const char *w, GError **error)
{
	gboolean is_abs = strcmp(dd_xml_name(x), "abstractNum") == 0;
	GHashTable *table = is_abs ? d->abstracts : d->nums;
	int id = dd_xml_attr_int(x, w, is_abs ? "abstractNumId" : "numId", -1, G_MAXINT, -1);
	if (id < 0 || x->empty)
		return TRUE;
	if (g_hash_table_size(table) >= DOCX_MAX_DEFS) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
		            "word/numbering.xml defines more than %d lists", DOCX_MAX_DEFS);
		return FALSE;
	}
	if (is_abs) {
		struct docx_abstract *a = g_new0(struct docx_abstract, 1);
		for (int i = 0; i < DOCX_LEVELS; i++)
			a->lvl[i].restart = -1;
		g_hash_table_replace(table, GINT_TO_POINTER(id), a);
		np->abs = a;
		np->abs_depth = x->depth;
	} else {
		struct docx_num *n = g_new0(struct docx_num, 1);
		n->abstract_id = -1;
		for (int i = 0; i < DOCX_LEVELS; i++)
			n->over[i].restart = -1;
		g_hash_table_replace(table, GINT_TO_POINTER(id), n);
		np->num = n;
		np->num_depth = x->depth;
	}
	return TRUE;
}

/* Leave whatever element ends at this depth. */
static void numbering_end(struct numbering_pos *np, int depth)
{
	if (depth == np->lvl_depth) {
		np->lvl = NULL;
		np->lvl_depth = -1;
	}
	if (depth == np->over_depth) {
		np->over_ilvl = -1;
		np->over_depth = -1;
	}
	if (depth == np->abs_depth) {
		np->abs = NULL;
		np->abs_depth = -1;
	}
	if (depth == np->num_depth) {
		np->num = NULL;
		np->num_depth = -1;
	}
}

/* Read word/numbering.xml into d->abstracts and d->nums. A part in an
 * unknown namespace is ignored (the document then has no lists). */
static gboolean numbering_parse(struct docx *d, const char *buf, size_t len, GError **error)
{
	struct dd_xml x;
	if (!dd_xml_open(&x, buf, len, "word/numbering.xml", error))
		return FALSE;
	struct numbering_pos np = { .abs_depth = -1, .num_depth = -1, .over_ilvl = -1,
	                            .over_depth = -1, .lvl_depth = -1 };
	const char *w = NULL;
	int skip = -1;
	int rc = read_root(&x, &w, error);
	while (w && (rc = dd_xml_next(&x, error)) == 1) {
		if (dd_xml_skipping(&x, &skip))
			continue;
		if (x.type == XML_READER_TYPE_END_ELEMENT) {
			numbering_end(&np, x.depth);
			continue;
		}
		if (x.type != XML_READER_TYPE_ELEMENT)
			continue;
		const char *ns = dd_xml_ns(&x), *name = dd_xml_name(&x);
		if (strcmp(ns, MC_NS) == 0 && strcmp(name, "Choice") == 0) {
			dd_xml_skip(&x, &skip);
			continue;
		}
		if (strcmp(ns, w) != 0)
			continue;
		if (np.lvl && (strcmp(name, "pPr") == 0 || strcmp(name, "rPr") == 0)) {
			dd_xml_skip(&x, &skip);
		} else if (np.lvl) {
			numbering_lvl_prop(np.lvl, &x, w);
		} else if (strcmp(name, "lvl") == 0) {
			numbering_lvl_start(&np, &x, w);
		} else if (strcmp(name, "abstractNum") == 0 || strcmp(name, "num") == 0) {
			if (!numbering_def_start(d, &np, &x, w, error)) {
				rc = -1;
				break;
			}
		} else {
			numbering_def_prop(&np, &x, w);
		}
		if (x.empty)
			numbering_end(&np, x.depth);
	}
	dd_xml_close(&x);
	return rc >= 0;
}

/* ================= styles.xml ================= */

/* Read the paragraph and numbering styles' w:basedOn and w:numPr. */
static gboolean styles_parse(struct docx *d, const char *buf, size_t len, GError **error)
{
	struct dd_xml x;
	if (!dd_xml_open(&x, buf, len, "word/styles.xml", error))
		return FALSE;
	const char *w = NULL;
	struct docx_style *st = NULL;
	int st_depth = -1, ppr_depth = -1, skip = -1;
	int rc = read_root(&x, &w, error);
	while (w && (rc = dd_xml_next(&x, error)) == 1) {
		if (dd_xml_skipping(&x, &skip))
			continue;
		if (x.type == XML_READER_TYPE_END_ELEMENT) {
			if (x.depth == ppr_depth)
				ppr_depth = -1;
			if (x.depth == st_depth) {
				st = NULL;
				st_depth = -1;
			}
			continue;
		}
		if (x.type != XML_READER_TYPE_ELEMENT || strcmp(dd_xml_ns(&x), w) != 0)
			continue;
		const char *name = dd_xml_name(&x);
		if (x.depth == 1 && strcmp(name, "style") == 0 && !x.empty) {
			char *type = dd_xml_attr(&x, w, "type");
			char *id = dd_xml_attr(&x, w, "styleId");
			gboolean wanted = id && type && (strcmp(type, "paragraph") == 0 || strcmp(type, "numbering") == 0);
			if (wanted && g_hash_table_size(d->styles) >= DOCX_MAX_DEFS) {
				g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
				            "word/styles.xml defines more than %d styles", DOCX_MAX_DEFS);
				g_free(type);
				g_free(id);
				rc = -1;
				break;
			}
			if (wanted) {
				st = g_new0(struct docx_style, 1);
				st->num_id = st->ilvl = -1;
				char *dflt = dd_xml_attr(&x, w, "default");
				if (dflt && strcmp(type, "paragraph") == 0 && (strcmp(dflt, "1") == 0 || strcmp(dflt, "true") == 0)) {
					g_free(d->default_style);
					d->default_style = g_strdup(id);
				}
				g_free(dflt);
				g_hash_table_replace(d->styles, id, st);
				id = NULL;
				st_depth = x.depth;
			}
			g_free(type);
			g_free(id);
		} else if (st && x.depth == st_depth + 1 && strcmp(name, "basedOn") == 0) {
			g_free(st->based_on);
			st->based_on = dd_xml_attr(&x, w, "val");
		} else if (st && x.depth == st_depth + 1 && strcmp(name, "pPr") == 0 && !x.empty) {
			ppr_depth = x.depth;
		} else if (st && ppr_depth >= 0 && strcmp(name, "pPrChange") == 0) {
			dd_xml_skip(&x, &skip);
		} else if (st && ppr_depth >= 0 && x.depth == ppr_depth + 2 && strcmp(name, "numId") == 0) {
			st->num_id = dd_xml_attr_int(&x, w, "val", 0, G_MAXINT, -1);
		} else if (st && ppr_depth >= 0 && x.depth == ppr_depth + 2 && strcmp(name, "ilvl") == 0) {
			st->ilvl = dd_xml_attr_int(&x, w, "val", 0, DOCX_LEVELS - 1, -1);
		}
	}
	dd_xml_close(&x);
	return rc >= 0;
}

/* ================= list labels ================= */

/* One counter value in a number format. */
static void append_number(GString *s, int n, enum numfmt fmt)
{
	switch (fmt) {
	case FMT_NONE:
	case FMT_BULLET:
		return;
	case FMT_DECIMAL_ZERO:
		g_string_append_printf(s, n >= 0 && n < 10 ? "0%d" : "%d", n);
		return;
	case FMT_LOWER_LETTER:
	case FMT_UPPER_LETTER:
		dd_wp_append_letters(s, n, fmt == FMT_UPPER_LETTER);
		return;
	case FMT_LOWER_ROMAN:
	case FMT_UPPER_ROMAN:
		dd_wp_append_roman(s, n, fmt == FMT_UPPER_ROMAN);
		return;
	case FMT_DECIMAL:
		break;
	}
	g_string_append_printf(s, "%d", n);
}

/* The definition in force for level i of list instance n. */
static const struct docx_lvl *level_of(const struct docx_num *n, const struct docx_abstract *a, int i)
{
	static const struct docx_lvl undefined = { .restart = -1 };
	if (n->over[i].defined)
		return &n->over[i];
	return a ? &a->lvl[i] : &undefined;
}

/* The abstract definition of instance n, following one w:numStyleLink. */
static struct docx_abstract *abstract_of(struct docx *d, const struct docx_num *n)
{
	struct docx_abstract *a = g_hash_table_lookup(d->abstracts, GINT_TO_POINTER(n->abstract_id));
	if (!a || !a->num_style_link)
		return a;
	GHashTableIter it;
	gpointer key, value;
	g_hash_table_iter_init(&it, d->abstracts);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		struct docx_abstract *b = value;
		if (b != a && b->style_link && strcmp(b->style_link, a->num_style_link) == 0)
			return b;
	}
	return a;
}

/* The value a level starts at in instance n. */
static int start_of(const struct docx_num *n, const struct docx_abstract *a, int i)
{
	return n->has_start[i] ? n->start[i] : level_of(n, a, i)->start;
}

/* Count one more paragraph at level ilvl: that level steps on, deeper
 * levels start again (unless their w:lvlRestart says otherwise). */
static void counters_step(struct docx_counters *c, const struct docx_num *n,
                          const struct docx_abstract *a, int ilvl)
{
	if (!c->set[ilvl])
		c->value[ilvl] = start_of(n, a, ilvl);
	else if (c->value[ilvl] < G_MAXINT)
		c->value[ilvl]++;
	c->set[ilvl] = TRUE;
	for (int k = ilvl + 1; k < DOCX_LEVELS; k++) {
		int r = level_of(n, a, k)->restart;
		if (r < 0 || (r > 0 && ilvl < r))
			c->set[k] = FALSE;
	}
}

/* Render lvlText: %1..%9 become the counters in their levels' formats. */
static char *render_label(const struct docx_num *n, const struct docx_abstract *a,
                          const struct docx_counters *c, int ilvl)
{
	const struct docx_lvl *l = level_of(n, a, ilvl);
	if (l->fmt == FMT_BULLET)
		return dd_wp_bullet_label(l->text);
	if (!l->text)
		return NULL;
	GString *s = g_string_new(NULL);
	for (const char *p = l->text; *p && s->len < DOCX_MAX_LABEL; p++) {
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
			int k = p[1] - '1';
			int value = c->set[k] ? c->value[k] : start_of(n, a, k);
			append_number(s, value, l->legal ? FMT_DECIMAL : level_of(n, a, k)->fmt);
			p++;
		} else {
			g_string_append_c(s, *p);
		}
	}
	return dd_wp_label_take(s);
}

/* Which list and level a paragraph is in: its own w:numPr, else its
 * style's (following w:basedOn). FALSE when it is not numbered. */
static gboolean para_numbering(struct docx *d, const struct docx_para *p, int *num_id, int *ilvl)
{
	int nid = p->num_id, lv = p->ilvl;
	const char *style = p->style ? p->style : d->default_style;
	if (nid >= 0) {
		if (lv < 0)
			lv = 0;
	} else {
		const char *sid = style;
		for (int hop = 0; sid && hop < DOCX_MAX_STYLE_HOPS && (nid < 0 || lv < 0); hop++) {
			const struct docx_style *st = g_hash_table_lookup(d->styles, sid);
			if (!st)
				break;
			if (nid < 0 && st->num_id >= 0)
				nid = st->num_id;
			if (lv < 0 && st->ilvl >= 0)
				lv = st->ilvl;
			sid = st->based_on;
		}
	}
	if (nid <= 0)
		return FALSE;
	const struct docx_num *n = g_hash_table_lookup(d->nums, GINT_TO_POINTER(nid));
	if (!n)
		return FALSE;
	if (lv < 0) {
		/* A style tied to a list level (w:lvl/w:pStyle) numbers at that level. */
		const struct docx_abstract *a = abstract_of(d, n);
		lv = 0;
		for (int i = 0; a && style && i < DOCX_LEVELS; i++)
			if (a->lvl[i].pstyle && strcmp(a->lvl[i].pstyle, style) == 0)
				lv = i;
	}
	*num_id = nid;
	*ilvl = CLAMP(lv, 0, DOCX_LEVELS - 1);
	return TRUE;
}

/* The label of the next paragraph in list num_id at level ilvl (NULL when
 * the level prints nothing). Steps the list's counters. */
static char *next_label(struct docx *d, int num_id, int ilvl)
{
	struct docx_num *n = g_hash_table_lookup(d->nums, GINT_TO_POINTER(num_id));
	struct docx_abstract *a = abstract_of(d, n);
	if (!a && !n->own_counters)
		return NULL;
	struct docx_counters *c = n->own_counters || !a ? &n->counters : &a->counters;
	counters_step(c, n, a, ilvl);
	return render_label(n, a, c, ilvl);
}

/* ================= document.xml: paragraphs ================= */

static struct docx_para *top_para(struct docx *d)
{
	return d->paras->len ? g_ptr_array_index(d->paras, d->paras->len - 1) : NULL;
}

static struct docx_table *top_table(struct docx *d)
{
	return d->tables->len ? g_ptr_array_index(d->tables, d->tables->len - 1) : NULL;
}

/* The cell text that paragraphs go into now, or NULL at body level. */
static GString *open_cell(struct docx *d)
{
	struct docx_table *t = top_table(d);
	return t ? t->cell : NULL;
}

/* The open cell of the table holding the innermost one, or NULL. */
static GString *outer_cell(struct docx *d)
{
	if (d->tables->len < 2)
		return NULL;
	struct docx_table *outer = g_ptr_array_index(d->tables, d->tables->len - 2);
	return outer->cell;
}

static gboolean para_begin(struct docx *d, const struct dd_xml *x, GError **error)
{
	if (!dd_wp_nesting_ok(d->paras->len, DOCX_MAX_PARAS, "word/document.xml", "text boxes", error))
		return FALSE;
	struct docx_para *p = g_new0(struct docx_para, 1);
	p->text = g_string_new(NULL);
	p->num_id = p->ilvl = -1;
	p->depth = x->depth;
	p->ppr_depth = p->run_depth = -1;
	g_ptr_array_add(d->paras, p);
	return TRUE;
}

/* A page break, only between body paragraphs (never inside a table). */
static gboolean add_page(struct docx *d, GError **error)
{
	if (!dd_wp_room_for_block(&d->out, error))
		return FALSE;
	dd_doc_add_page(d->out.doc);
	return TRUE;
}

/* </w:p>: number it, then put it in the open cell or the document. */
static gboolean para_end(struct docx *d, GError **error)
{
	struct docx_para *p = g_ptr_array_steal_index(d->paras, d->paras->len - 1);
	char *label = NULL;
	int num_id, ilvl = 0;
	if (para_numbering(d, p, &num_id, &ilvl))
		label = next_label(d, num_id, ilvl);
	char *text = g_strstrip(p->text->str);
	GString *cell = open_cell(d);
	gboolean body = !cell && d->paras->len == 0;
	gboolean ok = TRUE;
	if (body && p->page_before && d->out.doc->n > 0)
		ok = add_page(d, error);
	if (ok)
		ok = dd_wp_add_para(&d->out, cell, label, ilvl, text, error);
	if (ok && body && p->page_after)
		ok = add_page(d, error);
	g_free(label);
	para_free(p);
	return ok;
}

/* A text node inside <w:t>. */
static gboolean para_text(struct docx *d, const char *s, GError **error)
{
	struct docx_para *p = top_para(d);
	if (!p || p->run_hidden || (d->nfields > 0 && d->nfields <= DOCX_MAX_FIELDS
	                            && d->fields[d->nfields - 1] == FIELD_INSTR))
		return TRUE;
	size_t n = strlen(s);
	if (!dd_wp_spend(&d->out, n, error))
		return FALSE;
	g_string_append_len(p->text, s, (gssize)n);
	return TRUE;
}

/* w:sym: the character, unless it is a private-use symbol-font glyph. */
static gboolean para_sym(struct docx *d, const struct dd_xml *x, GError **error)
{
	char *hex = dd_xml_attr(x, d->w, "char");
	if (!hex)
		return TRUE;
	char *end;
	unsigned long c = strtoul(hex, &end, 16);
	gboolean ok = TRUE;
	if (end != hex && *end == '\0' && c >= 0x20 && c < 0xE000 && g_unichar_validate((gunichar)c)) {
		char utf8[8] = { 0 };
		g_unichar_to_utf8((gunichar)c, utf8);
		ok = para_text(d, utf8, error);
	}
	g_free(hex);
	return ok;
}

/* w:br: a line break, or a page break between body paragraphs. */
static gboolean para_break(struct docx *d, const struct dd_xml *x, GError **error)
{
	struct docx_para *p = top_para(d);
	char *type = dd_xml_attr(x, d->w, "type");
	gboolean page = type && strcmp(type, "page") == 0;
	g_free(type);
	if (!page)
		return para_text(d, "\n", error);
	if (p->text->len == 0)
		p->page_before = TRUE;
	else
		p->page_after = TRUE;
	return TRUE;
}

/* w:fldChar: begin pushes a field showing its instruction, separate
 * switches it to its result, end pops it. */
static void field_char(struct docx *d, const struct dd_xml *x)
{
	char *type = dd_xml_attr(x, d->w, "fldCharType");
	if (!type)
		return;
	if (strcmp(type, "begin") == 0) {
		if (d->nfields < DOCX_MAX_FIELDS)
			d->fields[d->nfields] = FIELD_INSTR;
		if (d->nfields < G_MAXINT)
			d->nfields++;
	} else if (strcmp(type, "separate") == 0) {
		if (d->nfields > 0 && d->nfields <= DOCX_MAX_FIELDS)
			d->fields[d->nfields - 1] = FIELD_RESULT;
	} else if (strcmp(type, "end") == 0) {
		if (d->nfields > 0)
			d->nfields--;
	}
	g_free(type);
}

/* ================= document.xml: tables ================= */

static gboolean table_begin(struct docx *d, const struct dd_xml *x, GError **error)
{
	if (!dd_wp_nesting_ok(d->tables->len, DOCX_MAX_TABLES, "word/document.xml", "tables", error))
		return FALSE;
	struct docx_table *t = g_new0(struct docx_table, 1);
	t->ordinal = open_cell(d) ? -1 : d->ntables++;
	t->depth = x->depth;
	t->tr_depth = t->tc_depth = -1;
	t->merge = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(d->tables, t);
	return TRUE;
}

/* Append n empty cells to the open row (grid columns nobody fills). */
static gboolean row_pad(struct docx_table *t, int n, GError **error)
{
	if (n > DD_WP_MAX_COLS - (int)t->cells->len)
		return dd_wp_too_wide(error);
	for (int i = 0; i < n; i++) {
		guint col = t->cells->len;
		if (col < t->merge->len)   /* a vertical merge does not cross an empty column */
			g_clear_pointer(&t->merge->pdata[col], g_free);
		g_ptr_array_add(t->cells, g_strdup(""));
	}
	return TRUE;
}

static void cell_begin(struct docx_table *t, const struct dd_xml *x)
{
	t->cell = g_string_new(NULL);
	t->tc_depth = x->depth;
	t->span = 1;
	t->vmerge = VM_NONE;
}

/* Remember (or forget) what a vertical merge starting here carries down. */
static void merge_record(struct docx_table *t, size_t col, const char *text)
{
	while (t->merge->len < col + (size_t)t->span)
		g_ptr_array_add(t->merge, NULL);
	for (size_t i = col; i < col + (size_t)t->span; i++) {
		g_free(t->merge->pdata[i]);
		t->merge->pdata[i] = NULL;
	}
	if (t->vmerge == VM_RESTART)
		t->merge->pdata[col] = g_strdup(text);
}

/* </w:tc>: the cell's text (or the merged text above it) plus padding for
 * the grid columns it spans. */
static gboolean cell_end(struct docx *d, struct docx_table *t, GError **error)
{
	char *text = g_string_free(t->cell, FALSE);
	t->cell = NULL;
	size_t col = t->cells->len;
	if (t->span > DD_WP_MAX_COLS - (int)col) {
		g_free(text);
		return dd_wp_too_wide(error);
	}
	const char *above = col < t->merge->len ? t->merge->pdata[col] : NULL;
	if (t->vmerge == VM_CONTINUE && above) {
		if (!dd_wp_repeat(&d->out, &text, above, error)) {
			g_free(text);
			return FALSE;
		}
	} else {
		merge_record(t, col, text);
	}
	g_ptr_array_add(t->cells, text);
	return row_pad(t, t->span - 1, error);
}

/* </w:tr>: emit the row (top-level table) or flatten it (nested). */
static gboolean row_end(struct docx *d, struct docx_table *t, GError **error)
{
	gboolean ok = TRUE;
	if (t->cell)
		ok = cell_end(d, t, error);
	if (ok)
		ok = row_pad(t, t->grid_after, error);
	if (ok)
		ok = dd_wp_add_row(&d->out, t->ordinal, outer_cell(d), t->cells, error);
	g_ptr_array_free(t->cells, TRUE);
	t->cells = NULL;
	t->tr_depth = -1;
	return ok;
}

static gboolean table_end(struct docx *d, GError **error)
{
	struct docx_table *t = top_table(d);
	gboolean ok = !t->cells || row_end(d, t, error);
	g_ptr_array_remove_index(d->tables, d->tables->len - 1);
	return ok;
}

/* Row and cell properties: w:gridBefore/After, w:gridSpan, w:vMerge. */
static gboolean table_prop(struct docx *d, struct docx_table *t, const struct dd_xml *x,
                           const char *name, GError **error)
{
	if (t->cell) {
		if (x->depth != t->tc_depth + 2)
			return TRUE;
		if (strcmp(name, "gridSpan") == 0) {
			t->span = dd_xml_attr_int(x, d->w, "val", 1, DD_WP_MAX_COLS + 1, 1);
		} else if (strcmp(name, "vMerge") == 0) {
			char *v = dd_xml_attr(x, d->w, "val");
			t->vmerge = v && strcmp(v, "restart") == 0 ? VM_RESTART : VM_CONTINUE;
			g_free(v);
		}
		return TRUE;
	}
	if (t->cells && x->depth == t->tr_depth + 2) {
		int n = dd_xml_attr_int(x, d->w, "val", 0, DD_WP_MAX_COLS + 1, 0);
		if (strcmp(name, "gridBefore") == 0)
			return row_pad(t, n, error);
		if (strcmp(name, "gridAfter") == 0)
			t->grid_after = n;
	}
	return TRUE;
}

/* ================= document.xml: dispatch ================= */

/* Elements whose whole subtree carries nothing we print. */
static gboolean skipped_element(const char *name)
{
	static const char *const names[] = {
		"del", "moveFrom", "delText", "instrText", "delInstrText",
		"pPrChange", "rPrChange", "tblPrChange", "trPrChange", "tcPrChange",
		"sectPrChange", "numberingChange", "sectPr", "tblPr", "tblGrid", "tblPrEx",
		"sdtPr", "sdtEndPr", "footnoteReference", "endnoteReference",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (strcmp(name, names[i]) == 0)
			return TRUE;
	return FALSE;
}

/* Properties of the open paragraph, read inside its w:pPr. */
static void para_prop(struct docx *d, struct docx_para *p, const struct dd_xml *x, const char *name)
{
	int rel = x->depth - p->ppr_depth;
	if (rel == 1 && strcmp(name, "pStyle") == 0) {
		g_free(p->style);
		p->style = dd_xml_attr(x, d->w, "val");
	} else if (rel == 1 && strcmp(name, "pageBreakBefore") == 0) {
		p->page_before = attr_on(x, d->w);
	} else if (rel == 2 && strcmp(name, "ilvl") == 0) {
		p->ilvl = dd_xml_attr_int(x, d->w, "val", 0, DOCX_LEVELS - 1, 0);
	} else if (rel == 2 && strcmp(name, "numId") == 0) {
		p->num_id = dd_xml_attr_int(x, d->w, "val", 0, G_MAXINT, 0);
	}
}

/* Run content: text, tabs, breaks, hyphens, symbols (direct children of w:r). */
static gboolean run_content(struct docx *d, const struct dd_xml *x,
                            const char *name, GError **error)
{
	if (strcmp(name, "t") == 0) {
		if (!x->empty)
			d->t_depth = x->depth;
		return TRUE;
	}
	if (strcmp(name, "tab") == 0 || strcmp(name, "ptab") == 0)
		return para_text(d, "\t", error);
	if (strcmp(name, "br") == 0)
		return para_break(d, x, error);
	if (strcmp(name, "cr") == 0)
		return para_text(d, "\n", error);
	if (strcmp(name, "noBreakHyphen") == 0)
		return para_text(d, "-", error);
	if (strcmp(name, "sym") == 0)
		return para_sym(d, x, error);
	if (strcmp(name, "fldChar") == 0)
		field_char(d, x);
	return TRUE;   /* w:rPr, w:drawing, w:pict ...: descend */
}

/* An element start in the w: namespace. */
static gboolean element_start(struct docx *d, const struct dd_xml *x, GError **error)
{
	const char *name = dd_xml_name(x);
	struct docx_para *p = top_para(d);
	struct docx_table *t = top_table(d);

	if (skipped_element(name)) {
		dd_xml_skip(x, &d->skip_depth);
		return TRUE;
	}
	if (strcmp(name, "p") == 0)
		return para_begin(d, x, error);
	if (strcmp(name, "tbl") == 0)
		return table_begin(d, x, error);
	if (p && p->ppr_depth >= 0) {
		if (strcmp(name, "rPr") == 0)
			dd_xml_skip(x, &d->skip_depth);   /* the paragraph mark's formatting */
		else
			para_prop(d, p, x, name);
		return TRUE;
	}
	if (p && strcmp(name, "pPr") == 0 && x->depth == p->depth + 1) {
		if (!x->empty)
			p->ppr_depth = x->depth;
		return TRUE;
	}
	if (p && strcmp(name, "r") == 0) {
		p->run_depth = x->depth;
		p->run_hidden = FALSE;
		return TRUE;
	}
	if (p && p->run_depth >= 0 && x->depth == p->run_depth + 2 && strcmp(name, "vanish") == 0) {
		p->run_hidden = attr_on(x, d->w);
		return TRUE;
	}
	if (p && p->run_depth >= 0 && x->depth == p->run_depth + 1)
		return run_content(d, x, name, error);
	if (p && strcmp(name, "fldSimple") == 0)
		return TRUE;   /* its runs are the displayed result */
	if (t && strcmp(name, "tr") == 0 && !t->cells && !t->cell) {
		t->cells = g_ptr_array_new_with_free_func(g_free);
		t->tr_depth = x->depth;
		t->grid_after = 0;
		return TRUE;
	}
	if (t && strcmp(name, "tc") == 0 && t->cells && !t->cell) {
		cell_begin(t, x);
		return TRUE;
	}
	if (t && t->cells)
		return table_prop(d, t, x, name, error);
	return TRUE;
}

/* An element end in the w: namespace (or an empty element's start). */
static gboolean element_end(struct docx *d, const struct dd_xml *x, GError **error)
{
	const char *name = dd_xml_name(x);
	struct docx_para *p = top_para(d);
	struct docx_table *t = top_table(d);
	if (x->depth == d->t_depth)
		d->t_depth = -1;
	if (p && x->depth == p->ppr_depth)
		p->ppr_depth = -1;
	if (p && x->depth == p->run_depth)
		p->run_depth = -1;
	if (p && x->depth == p->depth && strcmp(name, "p") == 0)
		return para_end(d, error);
	if (t && t->cell && x->depth == t->tc_depth)
		return cell_end(d, t, error);
	if (t && t->cells && x->depth == t->tr_depth)
		return row_end(d, t, error);
	if (t && x->depth == t->depth && strcmp(name, "tbl") == 0)
		return table_end(d, error);
	return TRUE;
}

/* One node of document.xml. */
static gboolean document_node(struct docx *d, const struct dd_xml *x, GError **error)
{
	if (dd_xml_skipping(x, &d->skip_depth))
		return TRUE;
	if (dd_xml_is_text(x))
		return d->t_depth < 0 || para_text(d, dd_xml_value(x), error);
	if (x->type != XML_READER_TYPE_ELEMENT && x->type != XML_READER_TYPE_END_ELEMENT)
		return TRUE;
	const char *ns = dd_xml_ns(x);
	if (strcmp(ns, MC_NS) == 0 && strcmp(dd_xml_name(x), "Choice") == 0) {
		dd_xml_skip(x, &d->skip_depth);
		return TRUE;
	}
	if (strcmp(ns, d->w) != 0)
		return TRUE;
	if (x->type == XML_READER_TYPE_END_ELEMENT)
		return element_end(d, x, error);
	if (!element_start(d, x, error))
		return FALSE;
	return !x->empty || element_end(d, x, error);
}

/* Stream word/document.xml into d->out. */
static gboolean document_parse(struct docx *d, const char *buf, size_t len, const char *part,
                               GError **error)
{
	struct dd_xml x;
	if (!dd_xml_open(&x, buf, len, part, error))
		return FALSE;
	int rc;
	gboolean ok = TRUE;
	while (ok && (rc = dd_xml_next(&x, error)) == 1) {
		if (x.depth == 0 && x.type == XML_READER_TYPE_ELEMENT) {
			d->w = strcmp(dd_xml_name(&x), "document") == 0 ? w_namespace(dd_xml_ns(&x)) : NULL;
			if (!d->w) {
				g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT,
				            "%s is not a WordprocessingML document", part);
				ok = FALSE;
			}
			continue;
		}
		ok = document_node(d, &x, error);
	}
	dd_xml_close(&x);
	if (ok && rc < 0)
		ok = FALSE;
	if (ok && !d->w) {
		g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT, "%s is empty", part);
		ok = FALSE;
	}
	return ok;
}

/* ================= the container ================= */

/* The main part's name from _rels/.rels (the officeDocument relationship),
 * for the rare package that does not use word/document.xml. */
static char *main_part_from_rels(zip_t *za, GError **error)
{
	char *buf;
	size_t len;
	if (!dd_zip_read(za, "_rels/.rels", FALSE, &buf, &len, error) || !buf)
		return NULL;
	struct dd_xml x;
	char *target = NULL;
	if (dd_xml_open(&x, buf, len, "_rels/.rels", error)) {
		while (!target && dd_xml_next(&x, error) == 1) {
			if (x.type != XML_READER_TYPE_ELEMENT || !dd_xml_is(&x, REL_NS, "Relationship"))
				continue;
			char *type = dd_xml_attr(&x, NULL, "Type");
			if (type && g_str_has_suffix(type, "/officeDocument")) {
				char *t = dd_xml_attr(&x, NULL, "Target");
				target = t && *t == '/' ? g_strdup(t + 1) : g_strdup(t);
				g_free(t);
			}
			g_free(type);
		}
		dd_xml_close(&x);
	}
	g_free(buf);
	return target;
}

/* Read one optional part with `parse`; a missing part is fine. */
static gboolean read_optional(struct docx *d, zip_t *za, const char *name,
                              gboolean (*parse)(struct docx *, const char *, size_t, GError **),
                              GError **error)
{
	char *buf;
	size_t len;
	if (!dd_zip_read(za, name, FALSE, &buf, &len, error))
		return FALSE;
	if (!buf)
		return TRUE;
	gboolean ok = parse(d, buf, len, error);
	g_free(buf);
	return ok;
}

static void docx_init(struct docx *d)
{
	memset(d, 0, sizeof *d);
	d->abstracts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, abstract_free);
	d->nums = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, num_free);
	d->styles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, style_free);
	dd_wp_init(&d->out);
	d->paras = g_ptr_array_new_with_free_func(para_free);
	d->tables = g_ptr_array_new_with_free_func(table_free);
	d->skip_depth = d->t_depth = -1;
}

static void docx_fini(struct docx *d)
{
	g_hash_table_destroy(d->abstracts);
	g_hash_table_destroy(d->nums);
	g_hash_table_destroy(d->styles);
	g_free(d->default_style);
	g_ptr_array_free(d->paras, TRUE);
	g_ptr_array_free(d->tables, TRUE);
	dd_wp_fini(&d->out);
}

/* Page numbers are not known in a DOCX (Word lays pages out itself); the
 * DD_PAGE blocks mark explicit breaks only. */
static void forget_page_numbers(struct dd_doc *doc)
{
	for (size_t i = 0; i < doc->n; i++)
		doc->blocks[i].page = 0;
	doc->pages = 0;
}

/* Styles and numbering, then the body. */
static gboolean docx_read_parts(struct docx *d, zip_t *za, GError **error)
{
	char *main_part = NULL;
	if (zip_name_locate(za, "word/document.xml", ZIP_FL_NOCASE) < 0) {
		main_part = main_part_from_rels(za, error);
		if (!main_part) {
			if (error && !*error)
				g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT,
				            "not a DOCX: the archive has no word/document.xml");
			return FALSE;
		}
	}
	const char *part = main_part ? main_part : "word/document.xml";
	char *dir = g_path_get_dirname(part);
	char *styles = strcmp(dir, ".") ? g_strconcat(dir, "/styles.xml", NULL) : g_strdup("styles.xml");
	char *numbering = strcmp(dir, ".") ? g_strconcat(dir, "/numbering.xml", NULL) : g_strdup("numbering.xml");
	char *buf = NULL, *num = NULL;
	size_t len = 0, num_len = 0;
	gboolean ok = dd_zip_read(za, part, TRUE, &buf, &len, error) &&
	              dd_zip_read(za, numbering, FALSE, &num, &num_len, error);
	/* styles.xml is large (Word's template lists every built-in style) and
	 * matters only for numbering given through a paragraph style: skip it
	 * when no paragraph names a style and no list links to one */
	if (ok && (memmem(buf, len, "pStyle", 6) ||
	           (num && memmem(num, num_len, "tyleLink", 8))))
		ok = read_optional(d, za, styles, styles_parse, error);
	ok = ok && (!num || numbering_parse(d, num, num_len, error)) &&
	     document_parse(d, buf, len, part, error);
	g_free(buf);
	g_free(num);
	g_free(styles);
	g_free(numbering);
	g_free(dir);
	g_free(main_part);
	return ok;
}

struct dd_doc *dd_read_docx(const void *buf, size_t len, GError **error)
{
	zip_t *za = dd_zip_open(buf, len, "DOCX", error);
	if (!za)
		return NULL;
	struct docx d;
	docx_init(&d);
	gboolean ok = docx_read_parts(&d, za, error);
	zip_discard(za);
	struct dd_doc *doc = ok ? dd_wp_take(&d.out, "DOCX", error) : NULL;
	if (doc)
		forget_page_numbers(doc);
	docx_fini(&d);
	return doc;
}
