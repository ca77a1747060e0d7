/*
 * eml.c — the e-mail reader (dd_read_eml, see read.h).
 *
 * A directive arrives by mail in one of two ways:
 *   1. attached: the first attachment (or named or non-text inline part)
 *      whose bytes dd_detect() calls PDF, DOCX or ODT is read with
 *      dd_read(); parts inside forwarded messages (message/rfc822) count
 *      too, in order. An attached .eml is read recursively, at most
 *      DD_MAX_MIME_DEPTH deep. If attachments fail and none succeeds, the
 *      first failure is returned, naming the attachment's file name.
 *   2. in the body: per message (the top one, then each forwarded one),
 *      its inline text/plain parts, else its text/html parts turned into
 *      text (html_to_text). Forwarding header blocks ("---------- Forwarded
 *      message ---------" and the From:/Date:/Subject:/To: lines after
 *      it, Vietnamese included), "On ... wrote:" lines and "> " quote
 *      prefixes are removed (clean_body), and the rest is read by
 *      dd_read_text().
 * Nothing usable: DD_READ_EMPTY (saying what was damaged, if anything:
 * too deep, too many parts, ...), or DD_READ_UNSUPPORTED when the only
 * attachment was in a refused format (.doc, RTF, zip, image).
 *
 * The MIME work (decoding, charsets, limits) is parsers/mime.c.
 */
#include "parsers/mime.h"
#include "parsers/read.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <string.h>

#define HTML_MAX_DEPTH 256  /* element nesting walked in an HTML body */

static struct dd_doc *read_eml(const void *buf, size_t len, int depth, GError **error);

/* ------------------------------------------------------------------ */
/* HTML bodies                                                         */

struct html_out {
	GString *s;
	int in_cell;   /* inside <td>/<th>: blocks become spaces */
	int in_pre;    /* inside <pre>: whitespace kept */
	int cells;     /* cells seen in the current row */
};

static gboolean name_is(const xmlNode *n, const char *const *names)
{
	for (; *names; names++)
		if (g_ascii_strcasecmp((const char *)n->name, *names) == 0)
			return TRUE;
	return FALSE;
}

static const char *const SKIPPED[] = { "script", "style", "head", "title", "noscript",
                                       "template", NULL };
static const char *const BLOCKS[] = { "p", "div", "li", "tr", "table", "ul", "ol", "h1", "h2",
                                      "h3", "h4", "h5", "h6", "blockquote", "pre", "hr",
                                      "section", "article", "header", "footer", "dl", "dt",
                                      "dd", "address", "center", NULL };
static const char *const CELLS[] = { "td", "th", NULL };

/* A line break, or a space inside a table cell. */
static void html_break(struct html_out *o, const char *brk)
{
	g_string_append(o->s, o->in_cell ? " " : brk);
}

/* Text with HTML white space collapsed (kept inside <pre>). */
static void html_text(struct html_out *o, const char *t)
{
	for (const char *p = t; *p; p++) {
		gboolean space = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f';
		if (o->in_pre && !o->in_cell) {
			g_string_append_c(o->s, *p == '\r' ? '\n' : *p);
		} else if (strncmp(p, "\xc2\xa0", 2) == 0) {
			g_string_append_c(o->s, ' ');  /* &nbsp; */
			p++;
		} else if (space) {
			if (o->s->len && o->s->str[o->s->len - 1] != ' ' && o->s->str[o->s->len - 1] != '\n')
				g_string_append_c(o->s, ' ');
		} else {
			g_string_append_c(o->s, *p);
		}
	}
}

static void html_walk(struct html_out *o, const xmlNode *n, int depth);

static void html_element(struct html_out *o, const xmlNode *n, int depth)
{
	if (name_is(n, SKIPPED))
		return;
	if (g_ascii_strcasecmp((const char *)n->name, "br") == 0) {
		html_break(o, "\n");
		return;
	}
	if (name_is(n, CELLS)) {
		if (o->cells++ > 0)
			g_string_append(o->s, " | ");
		o->in_cell++;
		html_walk(o, n->children, depth + 1);
		o->in_cell--;
		return;
	}
	if (name_is(n, BLOCKS)) {
		gboolean row = g_ascii_strcasecmp((const char *)n->name, "tr") == 0;
		gboolean pre = g_ascii_strcasecmp((const char *)n->name, "pre") == 0;
		int saved_cells = o->cells;
		/* rows end with one line break, so that they stay one table */
		html_break(o, row ? "\n" : "\n\n");
		if (row)
			o->cells = 0;
		o->in_pre += pre;
		html_walk(o, n->children, depth + 1);
		o->in_pre -= pre;
		if (row)
			o->cells = saved_cells;
		if (!row)
			html_break(o, "\n\n");
		return;
	}
	html_walk(o, n->children, depth + 1);  /* inline: span, b, a, font, ... */
}

static void html_walk(struct html_out *o, const xmlNode *n, int depth)
{
	if (depth > HTML_MAX_DEPTH)
		return;
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				html_text(o, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE) {
			html_element(o, n, depth);
		}
	}
}

/* An HTML body (UTF-8) as plain text: one line per block, " | " between
 * table cells, entities decoded, scripts and styles dropped. */
static char *html_to_text(const char *html, size_t len)
{
	struct html_out o = { g_string_new(NULL), 0, 0, 0 };
	htmlDocPtr doc;

	if (len > INT_MAX)
		len = INT_MAX;
	doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
	                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                     HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
	if (doc) {
		html_walk(&o, xmlDocGetRootElement(doc), 0);
		xmlFreeDoc(doc);
	}
	return g_string_free(o.s, FALSE);
}

/* ------------------------------------------------------------------ */
/* Cleaning a body: forwarding headers, attributions, quote prefixes    */

struct cleaner {
	GRegex *marker;       /* "---------- Forwarded message ---------" and the like */
	GRegex *field;        /* "From: ...", "Từ: ..." */
	GRegex *attribution;  /* "On <date>, <name> wrote:" */
};

static void cleaner_init(struct cleaner *c)
{
	c->marker = g_regex_new(
		"^(?:[-_=* ]*(?:forwarded message|original message|tin nhắn đã chuyển tiếp|"
		"thư đã chuyển tiếp|thư chuyển tiếp|tin nhắn gốc|thư gốc)[-_=* ]*|"
		"begin forwarded message:|_{10,})$",
		G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
	c->field = g_regex_new(
		"^\\*?(?:from|date|sent|subject|to|cc|bcc|reply-to|từ|ngày|ngày gửi|đã gửi|gửi|"
		"thời gian|tiêu đề|chủ đề|đến|người gửi|người nhận)\\*?\\s*:",
		G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
	c->attribution = g_regex_new("^(?:on .+ wrote|vào .+ đã viết)\\s*:$",
	                             G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
}

static void cleaner_fini(struct cleaner *c)
{
	g_regex_unref(c->marker);
	g_regex_unref(c->field);
	g_regex_unref(c->attribution);
}

/* The line without its "> > " quote prefix. */
static const char *unquote(const char *line)
{
	const char *p = line;
	while (*p == '>') {
		p++;
		if (*p == ' ')
			p++;
	}
	return p;
}

/* Does the (unquoted) line match `re`? Compared trimmed and in NFC, since
 * windows-1258 text arrives decomposed. */
static gboolean line_matches(const GRegex *re, const char *line)
{
	char *t = g_utf8_normalize(line, -1, G_NORMALIZE_NFC);
	gboolean m;

	if (!t)
		return FALSE;
	g_strstrip(t);
	m = g_regex_match(re, t, 0, NULL);
	g_free(t);
	return m;
}

static gboolean is_blank(const char *s)
{
	for (; *s; s++)
		if (!g_ascii_isspace(*s))
			return FALSE;
	return TRUE;
}

/* The body with forwarding header blocks, attribution lines and quote
 * prefixes removed. */
static char *clean_body(const char *body)
{
	struct cleaner c;
	char **lines = g_strsplit(body, "\n", -1);
	GString *out = g_string_new(NULL);
	enum { TEXT, AFTER_MARKER, IN_FIELDS } state = TEXT;

	cleaner_init(&c);
	for (char **l = lines; *l; l++) {
		const char *line = unquote(*l);

		if (state == AFTER_MARKER && is_blank(line))
			continue;
		if (state != TEXT) {
			gboolean had_fields = state == IN_FIELDS;
			if (line_matches(c.field, line)) {
				state = IN_FIELDS;
				continue;
			}
			state = TEXT;
			if (had_fields && is_blank(line))
				continue;  /* the blank line that ends the header block */
		}
		if (line_matches(c.marker, line)) {
			state = AFTER_MARKER;
			continue;
		}
		if (line_matches(c.attribution, line))
			continue;
		g_string_append(out, line);
		g_string_append_c(out, '\n');
	}
	cleaner_fini(&c);
	g_strfreev(lines);
	return g_string_free(out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Choosing what to read                                               */

static gboolean is_body_part(const struct dd_mime_part *p, const char *subtype)
{
	return p->text && p->disposition == DD_MIME_INLINE && !p->filename &&
	       strcmp(p->type, "text") == 0 && strcmp(p->subtype, subtype) == 0;
}

/* The text of message `msg`: its plain parts, else its HTML parts. */
static void append_msg_body(const struct dd_mime *mime, int msg, GString *out)
{
	gboolean plain = FALSE;

	for (size_t i = 0; i < mime->nparts; i++)
		if (mime->parts[i].msg == msg && is_body_part(&mime->parts[i], "plain"))
			plain = TRUE;
	for (size_t i = 0; i < mime->nparts; i++) {
		const struct dd_mime_part *p = &mime->parts[i];
		if (p->msg != msg)
			continue;
		if (plain && is_body_part(p, "plain")) {
			g_string_append_len(out, p->text, (gssize)p->text_len);
			g_string_append(out, "\n\n");
		} else if (!plain && is_body_part(p, "html")) {
			char *t = html_to_text(p->text, p->text_len);
			g_string_append(out, t);
			g_string_append(out, "\n\n");
			g_free(t);
		}
	}
}

/* The bodies of all messages, cleaned. */
static char *message_text(const struct dd_mime *mime)
{
	GString *all = g_string_new(NULL);
	char *clean;

	for (size_t m = 0; m < mime->nmsgs; m++)
		append_msg_body(mime, (int)m, all);
	clean = clean_body(all->str);
	g_string_free(all, TRUE);
	return clean;
}

/* Could this part be an attached document? */
static gboolean is_candidate(const struct dd_mime_part *p)
{
	return p->disposition == DD_MIME_ATTACHMENT || p->filename || strcmp(p->type, "text") != 0;
}

/* Read one attachment; an attached e-mail is read one level deeper. */
static struct dd_doc *read_attachment(const struct dd_mime_part *p, enum dd_format fmt,
                                      int depth, GError **error)
{
	if (fmt == DD_FMT_EML)
		return read_eml(p->data, p->len, depth + 1, error);
	return dd_read(p->data, p->len, error);
}

/* The first readable attached document. *failure keeps the first error
 * (naming the file); *refused the first attachment in a refused format. */
static struct dd_doc *find_attachment(const struct dd_mime *mime, int depth,
                                      GError **failure, GError **refused)
{
	for (size_t i = 0; i < mime->nparts; i++) {
		const struct dd_mime_part *p = &mime->parts[i];
		const char *name = p->filename ? p->filename : "(unnamed)";
		enum dd_format fmt;
		struct dd_doc *doc;
		GError *e = NULL;

		if (!is_candidate(p) || p->len == 0)
			continue;
		fmt = dd_detect(p->data, p->len);
		if (fmt == DD_FMT_DOC || fmt == DD_FMT_RTF || fmt == DD_FMT_ZIP ||
		    (fmt == DD_FMT_IMAGE && p->disposition == DD_MIME_ATTACHMENT)) {
			if (!*refused)
				g_set_error(refused, DD_READ_ERROR, DD_READ_UNSUPPORTED,
				            "attachment \"%s\": unsupported format: %s (accepted: %s)",
				            name, dd_format_name(fmt), DD_FORMATS_ACCEPTED);
			continue;
		}
		if (fmt != DD_FMT_PDF && fmt != DD_FMT_DOCX && fmt != DD_FMT_ODT &&
		    !(fmt == DD_FMT_EML && depth < DD_MAX_MIME_DEPTH))
			continue;
		doc = read_attachment(p, fmt, depth, &e);
		if (doc)
			return doc;
		if (!e)
			g_set_error(&e, DD_READ_ERROR, DD_READ_CORRUPT, "unreadable");
		if (fmt == DD_FMT_EML && e->code == DD_READ_EMPTY) {
			g_error_free(e);
			continue;  /* an attached mail with nothing in it */
		}
		if (!*failure)
			g_set_error(failure, DD_READ_ERROR, e->code, "attachment \"%s\": %s",
			            name, e->message);
		g_error_free(e);
	}
	return NULL;
}

static struct dd_doc *read_eml(const void *buf, size_t len, int depth, GError **error)
{
	GError *failure = NULL, *refused = NULL, *e = NULL;
	struct dd_mime *mime = dd_mime_parse(buf, len, error);
	struct dd_doc *doc;
	char *text, *damage;

	if (!mime)
		return NULL;
	damage = dd_mime_describe(mime->flags);
	doc = find_attachment(mime, depth, &failure, &refused);
	if (doc || failure) {
		g_free(damage);
		dd_mime_free(mime);
		g_clear_error(&refused);
		if (!doc)
			g_propagate_error(error, failure);
		else
			g_clear_error(&failure);
		return doc;
	}
	text = message_text(mime);
	dd_mime_free(mime);
	doc = dd_read_text(text, strlen(text), &e);
	g_free(text);
	if (doc) {
		g_clear_error(&refused);
		g_free(damage);
		return doc;
	}
	if (refused) {
		g_propagate_error(error, refused);
	} else if (e->code == DD_READ_EMPTY) {
		g_set_error(error, DD_READ_ERROR, DD_READ_EMPTY,
		            "no directive found in the message (no PDF/DOCX attachment and an empty body)%s%s",
		            *damage ? "; the message is damaged: " : "", damage);
	} else {
		g_propagate_error(error, e);
		e = NULL;
	}
	g_clear_error(&e);
	g_free(damage);
	return NULL;
}

struct dd_doc *dd_read_eml(const void *buf, size_t len, GError **error)
{
	return read_eml(buf, len, 0, error);
}
