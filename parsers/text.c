/*
 * text.c — the plain-text reader (dd_read_text, see read.h).
 *
 * Decoding: UTF-8 (a BOM is dropped), UTF-16LE/BE when a BOM says so,
 * anything else is taken as windows-1258, the Vietnamese Windows code page
 * (which yields base letters plus combining marks; NFC comes later, in
 * rules/normalize). Bytes that do not decode become U+FFFD; NUL becomes a
 * space. Decoding never fails; it is dd_mime_to_utf8() (parsers/mime.h).
 *
 * Structure, line by line (CR, LF and CRLF all end a line):
 *   - a form feed is a page break (DD_PAGE);
 *   - a line with two or more " | " separators, or two or more tabs, is a
 *     table row (DD_ROW) of its cells, trimmed; "| a | b |" with outer
 *     pipes is accepted and a Markdown rule line "|---|---|" is skipped;
 *     consecutive row lines form one table, anything else ends it;
 *   - any other non-blank line is a paragraph (DD_PARA); its list label
 *     ("1.", "a)", "-", "Điều 2.", see label.h) goes to label/level;
 *   - the joining rule for hard-wrapped text: a line is appended (with a
 *     space) to the paragraph on the line just above when
 *       it has no list label, it starts with a lowercase letter, and
 *       the paragraph above does not end with . ; : ! or ?
 *     Blank lines, rows and page breaks always end a paragraph.
 */
#include "parsers/read.h"
#include "parsers/label.h"
#include "parsers/mime.h"

#include <string.h>

/* The paragraph being built, held back until the next line tells whether
 * it continues. */
struct text_state {
	struct dd_doc *doc;
	GString *para;         /* text of the open paragraph, or NULL */
	char *label;           /* its label, or NULL */
	int level;
	int tables;            /* tables started so far */
	gboolean in_table;     /* the line above was a row */
	gboolean too_many;     /* DD_MAX_BLOCKS reached */
};

/* ---- decoding ---- */

/* The buffer as UTF-8 with no NUL inside; caller frees. */
static char *decode_text(const char *buf, size_t len)
{
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		return dd_mime_to_utf8("UTF-8", buf + 3, len - 3, NULL, NULL);
	if (len >= 2 && memcmp(buf, "\xff\xfe", 2) == 0)
		return dd_mime_to_utf8("UTF-16LE", buf + 2, len - 2, NULL, NULL);
	if (len >= 2 && memcmp(buf, "\xfe\xff", 2) == 0)
		return dd_mime_to_utf8("UTF-16BE", buf + 2, len - 2, NULL, NULL);
	return dd_mime_to_utf8(NULL, buf, len, NULL, NULL);  /* UTF-8, else windows-1258 */
}

/* ---- building blocks ---- */

static gboolean room_for_block(struct text_state *st)
{
	if (st->doc->n >= DD_MAX_BLOCKS)
		st->too_many = TRUE;
	return !st->too_many;
}

/* Emit the open paragraph, if any. */
static void flush_para(struct text_state *st)
{
	if (!st->para)
		return;
	if (room_for_block(st))
		dd_doc_add_para(st->doc, st->label, st->level, st->para->str);
	g_string_free(st->para, TRUE);
	g_free(st->label);
	st->para = NULL;
	st->label = NULL;
}

/* Does the text end a sentence (so that the next line starts a new one)? */
static gboolean ends_sentence(const GString *s)
{
	char c = s->len ? s->str[s->len - 1] : '.';
	return c == '.' || c == ';' || c == ':' || c == '!' || c == '?';
}

static gboolean starts_lowercase(const char *s)
{
	gunichar c = g_utf8_get_char_validated(s, -1);
	return c != (gunichar)-1 && c != (gunichar)-2 && g_unichar_islower(c);
}

/* A non-blank line that is not a row: a new paragraph or a continuation. */
static void add_line(struct text_state *st, const char *line)
{
	const char *rest = line;
	int level = 0;
	size_t lab = dd_label_len(line, &rest, &level);

	if (st->para && lab == 0 && !ends_sentence(st->para) && starts_lowercase(line)) {
		g_string_append_c(st->para, ' ');
		g_string_append(st->para, line);
		return;
	}
	flush_para(st);
	st->label = lab ? g_strndup(line, lab) : NULL;
	st->level = lab ? level : 0;
	st->para = g_string_new(lab ? rest : line);
}

/* Number of non-overlapping occurrences of `sep` in `s`. */
static size_t count_sep(const char *s, const char *sep)
{
	size_t n = 0, k = strlen(sep);
	for (const char *p = strstr(s, sep); p; p = strstr(p + k, sep))
		n++;
	return n;
}

/* A Markdown table rule, "|---|:---:|": only '|', '-', ':' and spaces. */
static gboolean is_rule_line(const char *line)
{
	return strchr(line, '|') && strchr(line, '-') && strspn(line, "|-: \t") == strlen(line);
}

/* The cells of `line` when it is a table row, else NULL. `line` is
 * trimmed and may lose its outer pipes. */
static char **split_row(char *line)
{
	size_t n = strlen(line);
	char **cells;

	if (count_sep(line, "\t") >= 2) {
		cells = g_strsplit(line, "\t", -1);
	} else {
		if (n >= 2 && line[0] == '|' && line[n - 1] == '|') {
			line[n - 1] = '\0';
			line++;
			g_strstrip(line);
		}
		if (count_sep(line, " | ") < 2)
			return NULL;
		cells = g_strsplit(line, " | ", -1);
	}
	for (char **c = cells; *c; c++)
		g_strstrip(*c);
	return cells;
}

/* One line, without its end-of-line and without form feeds. */
static void add_text_line(struct text_state *st, char *line)
{
	char **cells;

	g_strstrip(line);
	if (*line == '\0') {
		flush_para(st);
		st->in_table = FALSE;
		return;
	}
	if (is_rule_line(line))
		return;  /* neither text nor a row; the table goes on */
	cells = split_row(line);
	if (!cells) {
		st->in_table = FALSE;
		add_line(st, line);
		return;
	}
	flush_para(st);
	if (room_for_block(st)) {
		if (!st->in_table)
			st->tables++;
		st->in_table = TRUE;
		dd_doc_add_row(st->doc, st->tables - 1, (const char *const *)cells,
		               g_strv_length(cells));
	}
	g_strfreev(cells);
}

/* Split the decoded text into lines and page breaks. */
static void add_text(struct text_state *st, char *text)
{
	char *p = text;

	while (*p && !st->too_many) {
		size_t n = strcspn(p, "\r\n\f");
		char end = p[n];

		p[n] = '\0';
		add_text_line(st, p);
		p += n;
		if (end == '\0')
			break;
		p++;
		if (end == '\r' && *p == '\n')
			p++;
		if (end == '\f' && room_for_block(st)) {
			flush_para(st);
			st->in_table = FALSE;
			dd_doc_add_page(st->doc);
		}
	}
	flush_para(st);
}

/* Whether the document has any text at all. */
static gboolean has_text(const struct dd_doc *doc)
{
	for (size_t i = 0; i < doc->n; i++) {
		const struct dd_block *b = &doc->blocks[i];
		if (b->kind == DD_ROW || (b->kind == DD_PARA && (b->label || *b->text)))
			return TRUE;
	}
	return FALSE;
}

struct dd_doc *dd_read_text(const void *buf, size_t len, GError **error)
{
	struct text_state st = { 0 };
	char *text;

	if (len > DD_MAX_INPUT) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
		            "text of %zu bytes is over the limit of %u bytes", len, DD_MAX_INPUT);
		return NULL;
	}
	text = decode_text(buf ? buf : "", buf ? len : 0);
	st.doc = dd_doc_new();
	add_text(&st, text);
	g_free(text);
	if (st.too_many) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
		            "text has more than %d blocks", DD_MAX_BLOCKS);
		flush_para(&st);
		dd_doc_free(st.doc);
		return NULL;
	}
	if (!has_text(st.doc)) {
		g_set_error(error, DD_READ_ERROR, DD_READ_EMPTY, "the text is empty");
		dd_doc_free(st.doc);
		return NULL;
	}
	return st.doc;
}
