/*
 * odt.c — the ODT reader: OpenDocument text to struct dd_doc.
 *
 * An .odt is a zip (read with limits by zipxml.c) whose content.xml holds
 * the text. We read the list styles first (styles.xml, then the automatic
 * styles at the top of content.xml), then stream the body once:
 *
 *   - text:p and text:h are paragraphs; text:span, text:a and fields are
 *     descended into; text:s, text:tab and text:line-break become spaces,
 *     '\t' and '\n'; notes, annotations and tracked deletions are skipped;
 *     a paragraph in a frame (draw:text-box) comes out on its own, before
 *     the paragraph holding the frame;
 *   - text:list / text:list-item: the first paragraph of an item gets the
 *     label LibreOffice prints, rebuilt from the list style's level
 *     (style:num-format, num-prefix, num-suffix, text:display-levels,
 *     text:start-value; bullets print as "-" unless the bullet is a dash
 *     or '+'). Counters belong to the list style; a new top-level list
 *     starts again unless it says text:continue-numbering or
 *     text:continue-list;
 *   - table:table rows become DD_ROW blocks with one string per column,
 *     as for DOCX: a spanned column (table:covered-table-cell beside its
 *     cell) is empty, a cell spanning rows (table:number-rows-spanned)
 *     repeats its text in the covered cells below, a table in a cell is
 *     flattened into that cell's text.
 *
 * Paragraphs and rows are put into the document by wordproc.c, as for DOCX.
 *
 * Limits and errors as in docx.c: everything in DD_READ_ERROR, parts over
 * DD_MAX_PART, nesting over DD_XML_MAX_DEPTH, tables nested over
 * ODT_MAX_TABLES, rows wider than DD_WP_MAX_COLS, more than DD_MAX_BLOCKS
 * blocks or DD_WP_MAX_OUTPUT bytes of text.
 */
#include <string.h>

#include "parsers/read.h"
#include "parsers/wordproc.h"
#include "parsers/zipxml.h"

#define OFFICE_NS "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define TEXT_NS   "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define TABLE_NS  "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define STYLE_NS  "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define DRAW_NS   "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"

#define ODT_LEVELS      10          /* list levels 1..10 */
#define ODT_MAX_PARAS   8           /* frames inside frames */
#define ODT_MAX_TABLES  16
#define ODT_MAX_LISTS   64          /* nested text:list elements */
#define ODT_MAX_STYLES  20000
#define ODT_MAX_SPACES  1000        /* one text:s */
#define ODT_MAX_LABEL   256

struct odt_level {
	gboolean bullet;
	char *bullet_char;
	char *prefix, *suffix;
	char fmt;               /* '1', 'a', 'A', 'i', 'I', or 0 for no number */
	int display;            /* text:display-levels */
	int start;              /* text:start-value */
};

struct odt_list_style {
	struct odt_level lvl[ODT_LEVELS];
	int value[ODT_LEVELS];
	gboolean set[ODT_LEVELS];
};

struct odt_list {               /* an open text:list */
	struct odt_list_style *style;  /* borrowed from odt.list_styles, may be NULL */
	int level;              /* 0-based */
	gboolean item_pending;  /* the open item's first paragraph is still to come */
	int item_start;         /* text:start-value of the open item, -1 none */
};

struct odt_para {
	GString *text;
	int depth;
	char *label;
	int level;
};

struct odt_table {
	int ordinal;            /* -1 for a table inside a cell */
	int depth;
	GPtrArray *cells;       /* current row, NULL outside a row */
	int row_depth;
	GString *cell;          /* current cell, NULL outside */
	int cell_depth;
	gboolean covered;       /* the current cell is a table:covered-table-cell */
	int col_span, row_span;
	int hcover_end;         /* covered cells before this column continue a span */
	GPtrArray *carry;       /* per column: text carried down by a row span */
	GArray *carry_rows;     /* per column: rows it still covers */
};

struct odt {
	GHashTable *list_styles;    /* name -> struct odt_list_style */
	struct dd_wp out;           /* the document being built */
	GPtrArray *paras;
	GPtrArray *tables;
	GPtrArray *lists;
	int ntables;
	int skip_depth;
};

/* ================= helpers ================= */

static void list_style_free(gpointer p)
{
	struct odt_list_style *s = p;
	for (int i = 0; i < ODT_LEVELS; i++) {
		g_free(s->lvl[i].bullet_char);
		g_free(s->lvl[i].prefix);
		g_free(s->lvl[i].suffix);
	}
	g_free(s);
}

static void para_free(gpointer p)
{
	struct odt_para *pa = p;
	g_string_free(pa->text, TRUE);
	g_free(pa->label);
	g_free(pa);
}

static void table_free(gpointer p)
{
	struct odt_table *t = p;
	if (t->cells)
		g_ptr_array_free(t->cells, TRUE);
	if (t->cell)
		g_string_free(t->cell, TRUE);
	g_ptr_array_free(t->carry, TRUE);
	g_array_free(t->carry_rows, TRUE);
	g_free(t);
}

static gboolean is(const struct dd_xml *x, const char *ns, const char *name)
{
	return dd_xml_is(x, ns, name);
}

/* ================= list styles ================= */

/* One text:list-level-style-number or -bullet of list style s. */
static void list_level_read(struct odt_list_style *s, const struct dd_xml *x, gboolean bullet)
{
	int level = dd_xml_attr_int(x, TEXT_NS, "level", 0, ODT_LEVELS + 1, 0);
	if (level < 1 || level > ODT_LEVELS)
		return;
	struct odt_level *l = &s->lvl[level - 1];
	g_free(l->bullet_char);
	g_free(l->prefix);
	g_free(l->suffix);
	memset(l, 0, sizeof *l);
	l->bullet = bullet;
	l->bullet_char = bullet ? dd_xml_attr(x, TEXT_NS, "bullet-char") : NULL;
	l->prefix = dd_xml_attr(x, STYLE_NS, "num-prefix");
	l->suffix = dd_xml_attr(x, STYLE_NS, "num-suffix");
	char *fmt = dd_xml_attr(x, STYLE_NS, "num-format");
	l->fmt = fmt && strchr("1aAiI", fmt[0]) && fmt[0] ? fmt[0] : 0;
	g_free(fmt);
	l->display = dd_xml_attr_int(x, TEXT_NS, "display-levels", 1, ODT_LEVELS, 1);
	l->start = dd_xml_attr_int(x, TEXT_NS, "start-value", 0, 1000000, 1);
}

/* Collect every text:list-style of a part (styles.xml or content.xml),
 * stopping at office:body. */
static gboolean styles_read(struct odt *o, const char *buf, size_t len, const char *part, GError **error)
{
	struct dd_xml x;
	if (!dd_xml_open(&x, buf, len, part, error))
		return FALSE;
	struct odt_list_style *cur = NULL;
	int cur_depth = -1, rc;
	while ((rc = dd_xml_next(&x, error)) == 1) {
		if (x.type == XML_READER_TYPE_END_ELEMENT && x.depth == cur_depth) {
			cur = NULL;
			cur_depth = -1;
		}
		if (x.type != XML_READER_TYPE_ELEMENT)
			continue;
		if (is(&x, OFFICE_NS, "body"))
			break;
		if (is(&x, TEXT_NS, "list-style") && !x.empty) {
			char *name = dd_xml_attr(&x, STYLE_NS, "name");
			if (!name)
				continue;
			if (g_hash_table_size(o->list_styles) >= ODT_MAX_STYLES) {
				g_free(name);
				g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
				            "%s defines more than %d list styles", part, ODT_MAX_STYLES);
				rc = -1;
				break;
			}
			cur = g_new0(struct odt_list_style, 1);
			g_hash_table_replace(o->list_styles, name, cur);
			cur_depth = x.depth;
		} else if (cur && is(&x, TEXT_NS, "list-level-style-number")) {
			list_level_read(cur, &x, FALSE);
		} else if (cur && is(&x, TEXT_NS, "list-level-style-bullet")) {
			list_level_read(cur, &x, TRUE);
		}
	}
	dd_xml_close(&x);
	return rc >= 0;
}

/* ================= list labels ================= */

/* One counter value in a style:num-format ('1', 'a', 'A', 'i', 'I'). */
static void append_number(GString *s, int n, char fmt)
{
	if (fmt == 'a' || fmt == 'A')
		dd_wp_append_letters(s, n, fmt == 'A');
	else if (fmt == 'i' || fmt == 'I')
		dd_wp_append_roman(s, n, fmt == 'I');
	else
		g_string_append_printf(s, "%d", n);
}

/* Step the counters of the innermost list for a new item, and render its
 * label. NULL when the level prints nothing. */
static char *item_label(struct odt_list *l)
{
	struct odt_list_style *s = l->style;
	if (!s)
		return NULL;
	int lv = l->level;
	const struct odt_level *def = &s->lvl[lv];
	if (l->item_start >= 0)
		s->value[lv] = l->item_start;
	else if (!s->set[lv])
		s->value[lv] = def->start;
	else if (s->value[lv] < G_MAXINT)
		s->value[lv]++;
	s->set[lv] = TRUE;
	for (int k = lv + 1; k < ODT_LEVELS; k++)
		s->set[k] = FALSE;
	if (def->bullet)
		return dd_wp_bullet_label(def->bullet_char);
	GString *out = g_string_new(def->prefix);
	if (def->fmt) {
		int first = MAX(0, lv - def->display + 1);
		for (int k = first; k <= lv; k++) {
			if (k > first)
				g_string_append_c(out, '.');
			append_number(out, s->set[k] ? s->value[k] : s->lvl[k].start, s->lvl[k].fmt ? s->lvl[k].fmt : '1');
		}
	}
	if (def->suffix)
		g_string_append(out, def->suffix);
	if (out->len > ODT_MAX_LABEL)
		g_string_truncate(out, 0);
	return dd_wp_label_take(out);
}

/* ================= body: lists ================= */

static struct odt_list *top_list(struct odt *o)
{
	return o->lists->len ? g_ptr_array_index(o->lists, o->lists->len - 1) : NULL;
}

static gboolean list_begin(struct odt *o, const struct dd_xml *x, GError **error)
{
	if (!dd_wp_nesting_ok(o->lists->len, ODT_MAX_LISTS, "content.xml", "lists", error))
		return FALSE;
	struct odt_list *parent = top_list(o);
	struct odt_list *l = g_new0(struct odt_list, 1);
	char *name = dd_xml_attr(x, TEXT_NS, "style-name");
	l->style = name ? g_hash_table_lookup(o->list_styles, name) : NULL;
	if (!name && parent)
		l->style = parent->style;
	g_free(name);
	l->level = parent ? MIN(parent->level + 1, ODT_LEVELS - 1) : 0;
	l->item_start = -1;
	if (!parent && l->style) {
		char *cont = dd_xml_attr(x, TEXT_NS, "continue-numbering");
		char *cont_list = dd_xml_attr(x, TEXT_NS, "continue-list");
		if (!(cont && strcmp(cont, "true") == 0) && !cont_list)
			memset(l->style->set, 0, sizeof l->style->set);
		g_free(cont);
		g_free(cont_list);
	}
	g_ptr_array_add(o->lists, l);
	return TRUE;
}

/* ================= body: paragraphs ================= */

static struct odt_para *top_para(struct odt *o)
{
	return o->paras->len ? g_ptr_array_index(o->paras, o->paras->len - 1) : NULL;
}

static struct odt_table *top_table(struct odt *o)
{
	return o->tables->len ? g_ptr_array_index(o->tables, o->tables->len - 1) : NULL;
}

static gboolean para_begin(struct odt *o, const struct dd_xml *x, GError **error)
{
	if (!dd_wp_nesting_ok(o->paras->len, ODT_MAX_PARAS, "content.xml", "frames", error))
		return FALSE;
	struct odt_para *p = g_new0(struct odt_para, 1);
	p->text = g_string_new(NULL);
	p->depth = x->depth;
	struct odt_list *l = top_list(o);
	if (l && l->item_pending && o->paras->len == 0) {
		l->item_pending = FALSE;
		p->label = item_label(l);
		p->level = l->level;
	}
	g_ptr_array_add(o->paras, p);
	return TRUE;
}

static gboolean para_append(struct odt *o, const char *s, size_t n, GError **error)
{
	struct odt_para *p = top_para(o);
	if (!p)
		return TRUE;
	if (!dd_wp_spend(&o->out, n, error))
		return FALSE;
	g_string_append_len(p->text, s, (gssize)n);
	return TRUE;
}

/* A text node: XML line ends and tabs are plain spaces in ODF. */
static gboolean para_text(struct odt *o, const char *s, GError **error)
{
	size_t n = strlen(s);
	char *copy = g_strndup(s, n);
	for (char *c = copy; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	gboolean ok = para_append(o, copy, n, error);
	g_free(copy);
	return ok;
}

/* The cell text that paragraphs go into now, or NULL at body level. */
static GString *open_cell(struct odt *o)
{
	struct odt_table *t = top_table(o);
	return t ? t->cell : NULL;
}

/* The open cell of the table holding the innermost one, or NULL. */
static GString *outer_cell(struct odt *o)
{
	if (o->tables->len < 2)
		return NULL;
	struct odt_table *outer = g_ptr_array_index(o->tables, o->tables->len - 2);
	return outer->cell;
}

static gboolean para_end(struct odt *o, GError **error)
{
	struct odt_para *p = g_ptr_array_steal_index(o->paras, o->paras->len - 1);
	char *text = g_strstrip(p->text->str);
	gboolean ok = dd_wp_add_para(&o->out, open_cell(o), p->label, p->level, text, error);
	para_free(p);
	return ok;
}

/* ================= body: tables ================= */

static gboolean table_begin(struct odt *o, const struct dd_xml *x, GError **error)
{
	if (!dd_wp_nesting_ok(o->tables->len, ODT_MAX_TABLES, "content.xml", "tables", error))
		return FALSE;
	struct odt_table *t = g_new0(struct odt_table, 1);
	t->ordinal = open_cell(o) ? -1 : o->ntables++;
	t->depth = x->depth;
	t->row_depth = t->cell_depth = -1;
	t->carry = g_ptr_array_new_with_free_func(g_free);
	t->carry_rows = g_array_new(FALSE, TRUE, sizeof(int));
	g_ptr_array_add(o->tables, t);
	return TRUE;
}

static void cell_begin(struct odt_table *t, const struct dd_xml *x, gboolean covered)
{
	t->cell = g_string_new(NULL);
	t->cell_depth = x->depth;
	t->covered = covered;
	t->col_span = dd_xml_attr_int(x, TABLE_NS, "number-columns-spanned", 1, DD_WP_MAX_COLS + 1, 1);
	t->row_span = dd_xml_attr_int(x, TABLE_NS, "number-rows-spanned", 1, G_MAXINT, 1);
}

/* Column col's carried row-span text (borrowed), used up by one covered
 * cell; NULL when no row span reaches this row. */
static const char *carry_take(struct odt_table *t, guint col)
{
	if (col >= t->carry->len || g_array_index(t->carry_rows, int, col) <= 0)
		return NULL;
	g_array_index(t->carry_rows, int, col)--;
	return t->carry->pdata[col];
}

/* Start carrying a cell's text down the columns it covers. */
static void carry_set(struct odt_table *t, guint col, const char *text)
{
	guint end = col + (guint)t->col_span;
	if (t->carry->len < end) {
		g_array_set_size(t->carry_rows, end);
		while (t->carry->len < end)
			g_ptr_array_add(t->carry, NULL);
	}
	for (guint c = col; c < end; c++) {
		g_free(t->carry->pdata[c]);
		t->carry->pdata[c] = g_strdup(c == col ? text : "");
		g_array_index(t->carry_rows, int, c) = t->row_span - 1;
	}
}

static gboolean cell_end(struct odt *o, struct odt_table *t, GError **error)
{
	char *text = g_string_free(t->cell, FALSE);
	t->cell = NULL;
	guint col = t->cells->len;
	if (col >= DD_WP_MAX_COLS) {
		g_free(text);
		return dd_wp_too_wide(error);
	}
	if (t->covered) {
		const char *carried = (int)col < t->hcover_end ? NULL : carry_take(t, col);
		if (carried && !dd_wp_repeat(&o->out, &text, carried, error)) {
			g_free(text);
			return FALSE;
		}
	} else {
		if (t->col_span > DD_WP_MAX_COLS - (int)col) {
			g_free(text);
			return dd_wp_too_wide(error);
		}
		t->hcover_end = (int)col + t->col_span;
		if (t->row_span > 1)
			carry_set(t, col, text);
	}
	g_ptr_array_add(t->cells, text);
	return TRUE;
}

static gboolean row_end(struct odt *o, struct odt_table *t, GError **error)
{
	gboolean ok = !t->cell || cell_end(o, t, error);
	if (ok)
		ok = dd_wp_add_row(&o->out, t->ordinal, outer_cell(o), t->cells, error);
	g_ptr_array_free(t->cells, TRUE);
	t->cells = NULL;
	t->row_depth = -1;
	return ok;
}

static gboolean table_end(struct odt *o, GError **error)
{
	struct odt_table *t = top_table(o);
	gboolean ok = !t->cells || row_end(o, t, error);
	g_ptr_array_remove_index(o->tables, o->tables->len - 1);
	return ok;
}

/* ================= body: dispatch ================= */

/* Subtrees that print nothing we want: notes, comments, deleted text. */
static gboolean skipped(const struct dd_xml *x)
{
	return is(x, TEXT_NS, "note") || is(x, OFFICE_NS, "annotation") || is(x, TEXT_NS, "tracked-changes")
	       || is(x, TEXT_NS, "sequence-decls") || is(x, TEXT_NS, "variable-decls")
	       || is(x, TEXT_NS, "user-field-decls") || is(x, OFFICE_NS, "forms")
	       || is(x, TABLE_NS, "table-columns") || is(x, TABLE_NS, "table-column")
	       || is(x, TEXT_NS, "ruby-text");
}

/* text:s, text:tab, text:line-break inside a paragraph. */
static gboolean inline_element(struct odt *o, const struct dd_xml *x, GError **error)
{
	if (is(x, TEXT_NS, "tab"))
		return para_append(o, "\t", 1, error);
	if (is(x, TEXT_NS, "line-break"))
		return para_append(o, "\n", 1, error);
	if (is(x, TEXT_NS, "s")) {
		int n = dd_xml_attr_int(x, TEXT_NS, "c", 1, ODT_MAX_SPACES, 1);
		for (int i = 0; i < n; i++)
			if (!para_append(o, " ", 1, error))
				return FALSE;
	}
	return TRUE;
}

static gboolean element_start(struct odt *o, const struct dd_xml *x, GError **error)
{
	const char *ns = dd_xml_ns(x);
	gboolean known = !strcmp(ns, TEXT_NS) || !strcmp(ns, TABLE_NS) || !strcmp(ns, OFFICE_NS)
	                 || !strcmp(ns, DRAW_NS);
	if (!known || skipped(x)) {
		dd_xml_skip(x, &o->skip_depth);
		return TRUE;
	}
	struct odt_table *t = top_table(o);
	if (is(x, TEXT_NS, "p") || is(x, TEXT_NS, "h"))
		return para_begin(o, x, error);
	if (top_para(o))
		return inline_element(o, x, error);
	if (is(x, TEXT_NS, "list"))
		return list_begin(o, x, error);
	if ((is(x, TEXT_NS, "list-item") || is(x, TEXT_NS, "list-header")) && top_list(o)) {
		struct odt_list *l = top_list(o);
		l->item_pending = is(x, TEXT_NS, "list-item");
		l->item_start = dd_xml_attr_int(x, TEXT_NS, "start-value", 0, 1000000, -1);
		return TRUE;
	}
	if (is(x, TABLE_NS, "table"))
		return table_begin(o, x, error);
	if (t && is(x, TABLE_NS, "table-row") && !t->cells && !t->cell) {
		t->cells = g_ptr_array_new_with_free_func(g_free);
		t->row_depth = x->depth;
		t->hcover_end = 0;
		return TRUE;
	}
	if (t && t->cells && !t->cell && (is(x, TABLE_NS, "table-cell") || is(x, TABLE_NS, "covered-table-cell"))) {
		cell_begin(t, x, is(x, TABLE_NS, "covered-table-cell"));
		return TRUE;
	}
	return TRUE;
}

static gboolean element_end(struct odt *o, const struct dd_xml *x, GError **error)
{
	struct odt_para *p = top_para(o);
	struct odt_table *t = top_table(o);
	struct odt_list *l = top_list(o);
	if (p && x->depth == p->depth)
		return para_end(o, error);
	if (t && t->cell && x->depth == t->cell_depth)
		return cell_end(o, t, error);
	if (t && t->cells && x->depth == t->row_depth)
		return row_end(o, t, error);
	if (t && x->depth == t->depth && is(x, TABLE_NS, "table"))
		return table_end(o, error);
	if (l && is(x, TEXT_NS, "list")) {
		g_ptr_array_remove_index(o->lists, o->lists->len - 1);
		return TRUE;
	}
	return TRUE;
}

static gboolean body_node(struct odt *o, const struct dd_xml *x, GError **error)
{
	if (dd_xml_skipping(x, &o->skip_depth))
		return TRUE;
	if (dd_xml_is_text(x))
		return para_text(o, dd_xml_value(x), error);
	if (x->type == XML_READER_TYPE_END_ELEMENT)
		return element_end(o, x, error);
	if (x->type != XML_READER_TYPE_ELEMENT)
		return TRUE;
	if (!element_start(o, x, error))
		return FALSE;
	return !x->empty || element_end(o, x, error);
}

/* Stream content.xml's office:text into o->out. */
static gboolean content_read(struct odt *o, const char *buf, size_t len, GError **error)
{
	struct dd_xml x;
	if (!dd_xml_open(&x, buf, len, "content.xml", error))
		return FALSE;
	int rc, text_depth = -1;
	gboolean ok = TRUE, root_ok = FALSE;
	while (ok && (rc = dd_xml_next(&x, error)) == 1) {
		if (x.depth == 0 && x.type == XML_READER_TYPE_ELEMENT) {
			root_ok = is(&x, OFFICE_NS, "document-content") || is(&x, OFFICE_NS, "document");
			if (!root_ok) {
				g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT,
				            "content.xml is not an OpenDocument document");
				ok = FALSE;
			}
			continue;
		}
		if (text_depth < 0) {
			if (x.type == XML_READER_TYPE_ELEMENT && is(&x, OFFICE_NS, "text") && !x.empty)
				text_depth = x.depth;
			continue;
		}
		if (x.type == XML_READER_TYPE_END_ELEMENT && x.depth == text_depth) {
			text_depth = -1;
			continue;
		}
		ok = body_node(o, &x, error);
	}
	dd_xml_close(&x);
	if (ok && rc < 0)
		ok = FALSE;
	if (ok && !root_ok) {
		g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT, "content.xml is empty");
		ok = FALSE;
	}
	return ok;
}

/* ================= the container ================= */

static gboolean odt_read_parts(struct odt *o, zip_t *za, GError **error)
{
	char *styles = NULL, *content = NULL;
	size_t slen, clen;
	if (zip_name_locate(za, "content.xml", 0) < 0) {
		g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT, "not an ODT: the archive has no content.xml");
		return FALSE;
	}
	gboolean ok = dd_zip_read(za, "styles.xml", FALSE, &styles, &slen, error)
	              && (!styles || styles_read(o, styles, slen, "styles.xml", error))
	              && dd_zip_read(za, "content.xml", TRUE, &content, &clen, error)
	              && styles_read(o, content, clen, "content.xml", error)
	              && content_read(o, content, clen, error);
	g_free(styles);
	g_free(content);
	return ok;
}

struct dd_doc *dd_read_odt(const void *buf, size_t len, GError **error)
{
	zip_t *za = dd_zip_open(buf, len, "ODT", error);
	if (!za)
		return NULL;
	struct odt o = { 0 };
	o.list_styles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, list_style_free);
	dd_wp_init(&o.out);
	o.paras = g_ptr_array_new_with_free_func(para_free);
	o.tables = g_ptr_array_new_with_free_func(table_free);
	o.lists = g_ptr_array_new_with_free_func(g_free);
	o.skip_depth = -1;
	gboolean ok = odt_read_parts(&o, za, error);
	zip_discard(za);
	struct dd_doc *doc = ok ? dd_wp_take(&o.out, "ODT", error) : NULL;
	g_hash_table_destroy(o.list_styles);
	g_ptr_array_free(o.paras, TRUE);
	g_ptr_array_free(o.tables, TRUE);
	g_ptr_array_free(o.lists, TRUE);
	dd_wp_fini(&o.out);
	return doc;
}
