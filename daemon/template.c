/*
 * template.c — the mail template renderer (see template.h).
 *
 * Loading reads each kind's two files and parses them once into a small
 * tree of nodes: literal text, a value {{ x }}, a loop {% for %} and a
 * conditional {% if %}. The parser checks every name against the fixed
 * vocabulary below, so a mistyped name is an error at load (and at SIGHUP)
 * rather than an empty hole in a mail sent months later.
 *
 * Rendering walks the tree with a stack of loop variables and writes each
 * value through one of three filters: HTML (escaped), text (control
 * characters removed) and header (CR/LF too). Nesting, list lengths and
 * the output size are bounded, since the values come from documents and
 * mail.
 */
#include "daemon/template.h"

#include <string.h>

#define MAX_DEPTH 8                     /* nested {% for %} / {% if %} */
#define MAX_TEMPLATE_BYTES (256 * 1024) /* one template file */
#define MAX_LIST_ITEMS 5000             /* records in one list */
#define MAX_OUTPUT_BYTES (4 * 1024 * 1024)

static GQuark template_error_quark(void)
{
	return g_quark_from_static_string("dondoc-template-error");
}

static const char *const KIND_NAMES[TMPL_NKINDS] = {
	"assignment", "reminder", "due_today", "overdue", "escalation",
	"status_request", "ack", "reply_confirm", "quarantine",
};

const char *template_kind_name(enum template_kind kind)
{
	return (unsigned)kind < TMPL_NKINDS ? KIND_NAMES[kind] : NULL;
}

/* ---- the vocabulary: the names a template may use ---- */

/* Top-level strings (and flags: "1" or ""). */
static const char *const TOP_NAMES[] = {
	"office_name", "office_address", "recipient", "today",
	"doc_number", "doc_type", "doc_date", "doc_issuer", "doc_subject",
	"register_by", "register_within", "registered_at", "late", "version", "revised",
	"added", "cancelled", "task_count", "needs_review", "review_count", "leaders", "period",
	"report_by",
	"reply_status", "reply_date", "new_due", "original_subject", "reason",
};

static const char *const TASK_FIELDS[] = {
	"id", "summary", "due", "due_kind", "due_text", "lead", "support", "status",
	"doc_number", "doc_date", "days_left", "days_overdue", "review_reason", NULL,
};
static const char *const WARNING_FIELDS[] = {"text", NULL};

/* Top-level lists of records, and the fields of their records. */
static const struct {
	const char *name;
	const char *const *fields;
} LISTS[] = {
	{"tasks", TASK_FIELDS},
	{"warnings", WARNING_FIELDS},
};

static bool is_top_name(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(TOP_NAMES); i++)
		if (strcmp(name, TOP_NAMES[i]) == 0)
			return true;
	return false;
}

/* The fields of list `name`'s records; NULL if it is no list. */
static const char *const *list_fields(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(LISTS); i++)
		if (strcmp(name, LISTS[i].name) == 0)
			return LISTS[i].fields;
	return NULL;
}

static bool in_list(const char *const *names, const char *name)
{
	for (; *names; names++)
		if (strcmp(*names, name) == 0)
			return true;
	return false;
}

/* ---- values ---- */

enum tv_type { TV_STRING, TV_LIST, TV_RECORD };

struct tvalue {
	enum tv_type type;
	char *string;        /* TV_STRING */
	GPtrArray *items;    /* TV_LIST: tvalue records */
	GHashTable *fields;  /* TV_RECORD: name -> tvalue */
};

static tvalue *tv_new(enum tv_type type)
{
	tvalue *v = g_new0(tvalue, 1);
	v->type = type;
	if (type == TV_LIST)
		v->items = g_ptr_array_new_with_free_func((GDestroyNotify)tv_free);
	if (type == TV_RECORD)
		v->fields = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		                                  (GDestroyNotify)tv_free);
	return v;
}

tvalue *tv_new_record(void)
{
	return tv_new(TV_RECORD);
}

void tv_free(tvalue *v)
{
	if (!v)
		return;
	g_free(v->string);
	if (v->items)
		g_ptr_array_unref(v->items);
	if (v->fields)
		g_hash_table_unref(v->fields);
	g_free(v);
}

void tv_set_string(tvalue *rec, const char *name, const char *value)
{
	g_return_if_fail(rec && rec->type == TV_RECORD && name);
	tvalue *s = tv_new(TV_STRING);
	s->string = g_strdup(value ? value : "");
	g_hash_table_replace(rec->fields, g_strdup(name), s);
}

void tv_set_bool(tvalue *rec, const char *name, bool value)
{
	tv_set_string(rec, name, value ? "1" : "");
}

tvalue *tv_add_list_item(tvalue *rec, const char *name)
{
	g_return_val_if_fail(rec && rec->type == TV_RECORD && name, NULL);
	tvalue *list = g_hash_table_lookup(rec->fields, name);
	if (!list || list->type != TV_LIST) {
		list = tv_new(TV_LIST);
		g_hash_table_replace(rec->fields, g_strdup(name), list);
	}
	tvalue *item = tv_new(TV_RECORD);
	g_ptr_array_add(list->items, item);
	return item;
}

/* ---- the parsed form ---- */

enum node_type { N_TEXT, N_VAR, N_FOR, N_IF };

struct node {
	enum node_type type;
	int line;
	char *text;       /* N_TEXT: the literal; N_VAR, N_IF: the name; N_FOR: the list */
	char *loop_var;   /* N_FOR */
	GPtrArray *body;  /* N_FOR; N_IF: the "then" part */
	GPtrArray *alt;   /* N_IF: the "else" part */
};

static void node_free(struct node *n)
{
	g_free(n->text);
	g_free(n->loop_var);
	if (n->body)
		g_ptr_array_unref(n->body);
	if (n->alt)
		g_ptr_array_unref(n->alt);
	g_free(n);
}

static GPtrArray *node_list_new(void)
{
	return g_ptr_array_new_with_free_func((GDestroyNotify)node_free);
}

static struct node *node_new(enum node_type type, int line, const char *text)
{
	struct node *n = g_new0(struct node, 1);
	n->type = type;
	n->line = line;
	n->text = g_strdup(text);
	return n;
}

/* One kind: the subject line, the text body and the HTML part. */
struct template {
	char *txt_path, *html_path;
	GPtrArray *subject, *text, *html;
};

struct template_set {
	struct template kinds[TMPL_NKINDS];
};

/* ---- the parser ---- */

struct parser {
	const char *file;   /* for messages */
	const char *p;      /* the next character to read */
	int line;           /* the line of p */
	int depth;          /* open blocks */
	const char *loop_var[MAX_DEPTH];
	const char *loop_list[MAX_DEPTH];
	int nloops;
	GError **error;
};

/* How a block ended. */
enum block_end { END_EOF, END_ELSE, END_ENDFOR, END_ENDIF, END_ERROR };

static void parse_error(struct parser *ps, int line, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void parse_error(struct parser *ps, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(ps->error, template_error_quark(), 1, "%s:%d: %s", ps->file, line, msg);
	g_free(msg);
}

/* Moves ps->p to `to`, counting the lines passed. */
static void advance(struct parser *ps, const char *to)
{
	for (; ps->p < to; ps->p++)
		if (*ps->p == '\n')
			ps->line++;
}

static bool is_identifier(const char *s)
{
	if (!g_ascii_islower(*s) && *s != '_')
		return false;
	for (s++; *s; s++)
		if (!g_ascii_islower(*s) && !g_ascii_isdigit(*s) && *s != '_')
			return false;
	return true;
}

/* The list a loop variable walks, or NULL if `name` is no loop variable. */
static const char *loop_list_of(const struct parser *ps, const char *name)
{
	for (int i = ps->nloops - 1; i >= 0; i--)
		if (strcmp(ps->loop_var[i], name) == 0)
			return ps->loop_list[i];
	return NULL;
}

/* Checks a name: a top-level name, a loop variable, or "var.field". */
static bool check_name(struct parser *ps, int line, const char *name)
{
	char **parts = g_strsplit(name, ".", 3);
	guint n = g_strv_length(parts);
	bool ok = n >= 1 && n <= 2 && is_identifier(parts[0]) && (n == 1 || is_identifier(parts[1]));
	if (!ok) {
		parse_error(ps, line, "bad name '%s'", name);
	} else {
		const char *list = loop_list_of(ps, parts[0]);
		if (n == 1)
			ok = list || is_top_name(name) || list_fields(name);
		else
			ok = list && in_list(list_fields(list), parts[1]);
		if (!ok)
			parse_error(ps, line, "unknown variable '%s'", name);
	}
	g_strfreev(parts);
	return ok;
}

/* The words of a tag's inside, "for t in tasks" -> {"for", "t", "in", "tasks"}. */
static char **tag_words(const char *start, const char *end)
{
	char *inner = g_strndup(start, end - start);
	char **all = g_strsplit_set(g_strstrip(inner), " \t\r\n", -1);
	GPtrArray *words = g_ptr_array_new();
	for (char **w = all; *w; w++)
		if (**w)
			g_ptr_array_add(words, g_strdup(*w));
	g_ptr_array_add(words, NULL);
	g_strfreev(all);
	g_free(inner);
	return (char **)g_ptr_array_free(words, FALSE);
}

static enum block_end parse_block(struct parser *ps, GPtrArray *out);

/* {% for v in list %}: the body, up to its {% endfor %}. */
static bool parse_for(struct parser *ps, int line, char **w, GPtrArray *out)
{
	if (g_strv_length(w) != 4 || strcmp(w[2], "in") != 0 || !is_identifier(w[1])) {
		parse_error(ps, line, "bad {%% for %%}: expected {%% for NAME in LIST %%}");
		return false;
	}
	if (!list_fields(w[3])) {
		parse_error(ps, line, "unknown list '%s'", w[3]);
		return false;
	}
	if (ps->nloops >= MAX_DEPTH || ps->depth >= MAX_DEPTH) {
		parse_error(ps, line, "blocks nested too deep");
		return false;
	}
	struct node *n = node_new(N_FOR, line, w[3]);
	n->loop_var = g_strdup(w[1]);
	n->body = node_list_new();
	g_ptr_array_add(out, n);
	ps->loop_var[ps->nloops] = n->loop_var;
	ps->loop_list[ps->nloops] = n->text;
	ps->nloops++;
	ps->depth++;
	enum block_end end = parse_block(ps, n->body);
	ps->depth--;
	ps->nloops--;
	if (end == END_ENDFOR)
		return true;
	if (end == END_EOF)
		parse_error(ps, line, "unclosed {%% for %%}");
	else if (end != END_ERROR)
		parse_error(ps, ps->line, "{%% %s %%} inside {%% for %%} (line %d)",
		            end == END_ELSE ? "else" : "endif", line);
	return false;
}

/* {% if x %}: the "then" part, an optional "else" part, up to {% endif %}. */
static bool parse_if(struct parser *ps, int line, char **w, GPtrArray *out)
{
	if (g_strv_length(w) != 2) {
		parse_error(ps, line, "bad {%% if %%}: expected {%% if NAME %%}");
		return false;
	}
	if (!check_name(ps, line, w[1]))
		return false;
	if (ps->depth >= MAX_DEPTH) {
		parse_error(ps, line, "blocks nested too deep");
		return false;
	}
	struct node *n = node_new(N_IF, line, w[1]);
	n->body = node_list_new();
	n->alt = node_list_new();
	g_ptr_array_add(out, n);
	ps->depth++;
	enum block_end end = parse_block(ps, n->body);
	if (end == END_ELSE)
		end = parse_block(ps, n->alt);
	ps->depth--;
	if (end == END_ENDIF)
		return true;
	if (end == END_EOF)
		parse_error(ps, line, "unclosed {%% if %%}");
	else if (end != END_ERROR)
		parse_error(ps, ps->line, "{%% %s %%} inside {%% if %%} (line %d)",
		            end == END_ELSE ? "else" : "endfor", line);
	return false;
}

/* A {% ... %} tag at ps->p. Returns how the current block ends, or END_EOF
 * meaning "not an end: carry on". */
static enum block_end parse_tag(struct parser *ps, GPtrArray *out)
{
	int line = ps->line;
	const char *close = strstr(ps->p + 2, "%}");
	if (!close) {
		parse_error(ps, line, "unclosed {%%");
		return END_ERROR;
	}
	char **w = tag_words(ps->p + 2, close);
	advance(ps, close + 2);
	enum block_end end = END_EOF;
	const char *tag = w[0] ? w[0] : "";
	bool single = w[0] && !w[1];
	if (strcmp(tag, "for") == 0)
		end = parse_for(ps, line, w, out) ? END_EOF : END_ERROR;
	else if (strcmp(tag, "if") == 0)
		end = parse_if(ps, line, w, out) ? END_EOF : END_ERROR;
	else if (single && strcmp(tag, "else") == 0)
		end = END_ELSE;
	else if (single && strcmp(tag, "endfor") == 0)
		end = END_ENDFOR;
	else if (single && strcmp(tag, "endif") == 0)
		end = END_ENDIF;
	else {
		char *inner = g_strjoinv(" ", w);
		parse_error(ps, line, "unknown tag {%% %s %%}", inner);
		g_free(inner);
		end = END_ERROR;
	}
	g_strfreev(w);
	return end;
}

/* A {{ name }} at ps->p. */
static bool parse_var(struct parser *ps, GPtrArray *out)
{
	int line = ps->line;
	const char *close = strstr(ps->p + 2, "}}");
	if (!close) {
		parse_error(ps, line, "unclosed {{");
		return false;
	}
	char *name = g_strstrip(g_strndup(ps->p + 2, close - (ps->p + 2)));
	advance(ps, close + 2);
	bool ok = check_name(ps, line, name);
	if (ok)
		g_ptr_array_add(out, node_new(N_VAR, line, name));
	g_free(name);
	return ok;
}

/* Nodes up to the end of the input or the next else/endfor/endif. */
static enum block_end parse_block(struct parser *ps, GPtrArray *out)
{
	for (;;) {
		const char *var = strstr(ps->p, "{{"), *tag = strstr(ps->p, "{%");
		const char *next = !var ? tag : !tag ? var : var < tag ? var : tag;
		const char *text_end = next ? next : ps->p + strlen(ps->p);
		if (text_end > ps->p) {
			char *lit = g_strndup(ps->p, text_end - ps->p);
			g_ptr_array_add(out, node_new(N_TEXT, ps->line, lit));
			g_free(lit);
			advance(ps, text_end);
		}
		if (!next)
			return END_EOF;
		if (next == var) {
			if (!parse_var(ps, out))
				return END_ERROR;
			continue;
		}
		enum block_end end = parse_tag(ps, out);
		if (end != END_EOF)
			return end;
	}
}

/* Parses a whole template `src` starting at `line`; NULL on error. */
static GPtrArray *parse_template(const char *file, const char *src, int line, GError **error)
{
	struct parser ps = {.file = file, .p = src, .line = line, .error = error};
	GPtrArray *nodes = node_list_new();
	enum block_end end = parse_block(&ps, nodes);
	if (end == END_EOF)
		return nodes;
	if (end != END_ERROR)
		parse_error(&ps, ps.line, "{%% %s %%} without its opening tag",
		            end == END_ELSE ? "else" : end == END_ENDFOR ? "endfor" : "endif");
	g_ptr_array_unref(nodes);
	return NULL;
}

/* ---- loading ---- */

/* The contents of `path`, checked for size and UTF-8; NULL on error. */
static char *read_template_file(const char *path, GError **error)
{
	char *src = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &src, &len, error))
		return NULL;
	if (len > MAX_TEMPLATE_BYTES || memchr(src, '\0', len)) {
		g_set_error(error, template_error_quark(), 1, "%s: too large or binary", path);
	} else if (!g_utf8_validate(src, len, NULL)) {
		g_set_error(error, template_error_quark(), 1, "%s: not UTF-8", path);
	} else {
		return src;
	}
	g_free(src);
	return NULL;
}

/* The .txt part: "Subject: ..." on line 1, then the body (after one blank
 * line, if there is one). */
static bool load_text_part(struct template *t, GError **error)
{
	char *src = read_template_file(t->txt_path, error);
	if (!src)
		return false;
	char *nl = strchr(src, '\n');
	char *body = nl ? nl + 1 : src + strlen(src);
	if (nl)
		*nl = '\0';
	g_strchomp(src);  /* a CRLF file */
	int body_line = 2;
	if (body[0] == '\r' && body[1] == '\n')  /* the blank line after the subject */
		body++;
	if (body[0] == '\n') {
		body++;
		body_line = 3;
	}
	bool ok = false;
	if (!g_str_has_prefix(src, "Subject:"))
		g_set_error(error, template_error_quark(), 1,
		            "%s:1: the first line must be \"Subject: ...\"", t->txt_path);
	else if ((t->subject = parse_template(t->txt_path, src + strlen("Subject:"), 1, error)))
		ok = (t->text = parse_template(t->txt_path, body, body_line, error)) != NULL;
	g_free(src);
	return ok;
}

static bool load_html_part(struct template *t, GError **error)
{
	char *src = read_template_file(t->html_path, error);
	if (!src)
		return false;
	t->html = parse_template(t->html_path, src, 1, error);
	g_free(src);
	return t->html != NULL;
}

template_set *template_set_load(const char *dir, GError **error)
{
	template_set *set = g_new0(template_set, 1);
	for (int k = 0; k < TMPL_NKINDS; k++) {
		struct template *t = &set->kinds[k];
		char *txt = g_strconcat(KIND_NAMES[k], ".txt", NULL);
		char *html = g_strconcat(KIND_NAMES[k], ".html", NULL);
		t->txt_path = g_build_filename(dir, txt, NULL);
		t->html_path = g_build_filename(dir, html, NULL);
		g_free(txt);
		g_free(html);
		if (!load_text_part(t, error) || !load_html_part(t, error)) {
			template_set_free(set);
			return NULL;
		}
	}
	return set;
}

void template_set_free(template_set *set)
{
	if (!set)
		return;
	for (int k = 0; k < TMPL_NKINDS; k++) {
		struct template *t = &set->kinds[k];
		g_free(t->txt_path);
		g_free(t->html_path);
		if (t->subject)
			g_ptr_array_unref(t->subject);
		if (t->text)
			g_ptr_array_unref(t->text);
		if (t->html)
			g_ptr_array_unref(t->html);
	}
	g_free(set);
}

bool template_set_reload(template_set **set, const char *dir, GError **error)
{
	template_set *fresh = template_set_load(dir, error);
	if (!fresh)
		return false;
	template_set_free(*set);
	*set = fresh;
	return true;
}

/* ---- rendering ---- */

enum out_mode { OUT_TEXT, OUT_HTML, OUT_HEADER };

struct render {
	const char *file;
	enum out_mode mode;
	GString *out;
	const tvalue *root;
	const char *scope_name[MAX_DEPTH];
	const tvalue *scope_value[MAX_DEPTH];
	int nscopes;
	GError **error;
};

static void render_error(struct render *r, int line, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void render_error(struct render *r, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(r->error, template_error_quark(), 2, "%s:%d: %s", r->file, line, msg);
	g_free(msg);
}

static const tvalue *record_field(const tvalue *rec, const char *name)
{
	if (!rec || rec->type != TV_RECORD)
		return NULL;
	return g_hash_table_lookup(rec->fields, name);
}

/* The value of "x" or "t.field": loop variables first, then the root. */
static const tvalue *lookup(const struct render *r, const char *name)
{
	const char *dot = strchr(name, '.');
	size_t head_len = dot ? (size_t)(dot - name) : strlen(name);
	const tvalue *v = NULL;
	for (int i = r->nscopes - 1; i >= 0 && !v; i--)
		if (strlen(r->scope_name[i]) == head_len &&
		    strncmp(r->scope_name[i], name, head_len) == 0)
			v = r->scope_value[i];
	if (!v) {
		char *head = g_strndup(name, head_len);
		v = record_field(r->root, head);
		g_free(head);
	}
	return dot ? record_field(v, dot + 1) : v;
}

static bool is_true(const tvalue *v)
{
	if (!v)
		return false;
	if (v->type == TV_STRING)
		return v->string[0] != '\0';
	if (v->type == TV_LIST)
		return v->items->len > 0;
	return true;
}

/* C0 and C1 control characters and DEL. */
static bool is_control(gunichar c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

/* Appends the literal of a template; in a header, without line breaks. */
static void append_literal(struct render *r, const char *s)
{
	if (r->mode != OUT_HEADER) {
		g_string_append(r->out, s);
		return;
	}
	for (; *s; s++)
		if (*s != '\r' && *s != '\n')
			g_string_append_c(r->out, *s);
}

/* Appends a value, made safe for the output's mode. */
static void append_value(struct render *r, const char *s)
{
	char *valid = g_utf8_make_valid(s, -1);
	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (r->mode == OUT_HEADER && (c == '\r' || c == '\n' || c == '\t'))
			g_string_append_c(r->out, ' ');
		else if (is_control(c) && c != '\n' && c != '\t')
			continue;
		else if (r->mode == OUT_HTML && c == '&')
			g_string_append(r->out, "&amp;");
		else if (r->mode == OUT_HTML && c == '<')
			g_string_append(r->out, "&lt;");
		else if (r->mode == OUT_HTML && c == '>')
			g_string_append(r->out, "&gt;");
		else if (r->mode == OUT_HTML && c == '"')
			g_string_append(r->out, "&quot;");
		else if (r->mode == OUT_HTML && c == '\'')
			g_string_append(r->out, "&#39;");
		else
			g_string_append_unichar(r->out, c);
	}
	g_free(valid);
}

static bool render_nodes(struct render *r, const GPtrArray *nodes);

static bool render_for(struct render *r, const struct node *n)
{
	const tvalue *list = lookup(r, n->text);
	if (!list)
		return true;  /* an absent list is an empty one */
	if (list->type != TV_LIST) {
		render_error(r, n->line, "'%s' is not a list", n->text);
		return false;
	}
	if (list->items->len > MAX_LIST_ITEMS || r->nscopes >= MAX_DEPTH) {
		render_error(r, n->line, "'%s' too long or nested too deep", n->text);
		return false;
	}
	bool ok = true;
	r->scope_name[r->nscopes] = n->loop_var;
	r->nscopes++;
	for (guint i = 0; ok && i < list->items->len; i++) {
		r->scope_value[r->nscopes - 1] = g_ptr_array_index(list->items, i);
		ok = render_nodes(r, n->body);
	}
	r->nscopes--;
	return ok;
}

static bool render_node(struct render *r, const struct node *n)
{
	const tvalue *v;
	switch (n->type) {
	case N_TEXT:
		append_literal(r, n->text);
		return true;
	case N_VAR:
		v = lookup(r, n->text);
		if (!v || v->type != TV_STRING) {
			render_error(r, n->line, v ? "'%s' is not a string" : "no value for '%s'", n->text);
			return false;
		}
		append_value(r, v->string);
		return true;
	case N_IF:
		return render_nodes(r, is_true(lookup(r, n->text)) ? n->body : n->alt);
	case N_FOR:
		return render_for(r, n);
	}
	return false;
}

static bool render_nodes(struct render *r, const GPtrArray *nodes)
{
	for (guint i = 0; i < nodes->len; i++) {
		const struct node *n = g_ptr_array_index(nodes, i);
		if (!render_node(r, n))
			return false;
		if (r->out->len > MAX_OUTPUT_BYTES) {
			render_error(r, n->line, "output larger than %d bytes", MAX_OUTPUT_BYTES);
			return false;
		}
	}
	return true;
}

/* One part rendered to a new string; NULL on error. */
static char *render_part(const char *file, const GPtrArray *nodes, enum out_mode mode,
                         const tvalue *values, GError **error)
{
	struct render r = {.file = file, .mode = mode, .out = g_string_new(NULL),
	                   .root = values, .error = error};
	if (!render_nodes(&r, nodes)) {
		g_string_free(r.out, TRUE);
		return NULL;
	}
	return g_string_free(r.out, FALSE);
}

bool template_render(const template_set *set, enum template_kind kind, const tvalue *values,
                     char **subject, char **text, char **html, GError **error)
{
	g_return_val_if_fail(set && (unsigned)kind < TMPL_NKINDS && values, false);
	const struct template *t = &set->kinds[kind];
	char *s = render_part(t->txt_path, t->subject, OUT_HEADER, values, error);
	char *x = s ? render_part(t->txt_path, t->text, OUT_TEXT, values, error) : NULL;
	char *h = x ? render_part(t->html_path, t->html, OUT_HTML, values, error) : NULL;
	if (!h) {
		g_free(s);
		g_free(x);
		return false;
	}
	*subject = g_strstrip(s);
	*text = x;
	*html = h;
	return true;
}
