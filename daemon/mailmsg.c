/*
 * mailmsg.c — building the messages dondoc sends (see mailmsg.h).
 */
#include "daemon/mailmsg.h"

#include <stdbool.h>
#include <string.h>

#include "daemon/clock.h"

#define MAX_8BIT_LINE 998   /* RFC 5322 line limit, without CRLF */
#define WORD_BYTES 45       /* UTF-8 bytes in one encoded word: 60 base64 chars */

static gboolean is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || *s == '\r' || *s == '\n')
			return FALSE;
	return TRUE;
}

char *mail_encode_words(const char *utf8, int used)
{
	if (is_ascii(utf8))
		return g_strdup(utf8);
	GString *out = g_string_new(NULL);
	const char *p = utf8;
	int col = used;
	while (*p) {
		/* as many whole characters as fit in one word */
		const char *end = p;
		while (*end) {
			const char *next = g_utf8_next_char(end);
			if (next - p > WORD_BYTES)
				break;
			end = next;
		}
		if (end == p)
			end = g_utf8_next_char(p);
		char *b64 = g_base64_encode((const guchar *)p, (gsize)(end - p));
		int wlen = (int)strlen(b64) + 12;
		if (out->len) {
			if (col + 1 + wlen > 76) {
				g_string_append(out, "\r\n ");
				col = 1;
			} else {
				g_string_append_c(out, ' ');
				col++;
			}
		}
		g_string_append_printf(out, "=?UTF-8?B?%s?=", b64);
		col += wlen;
		g_free(b64);
		p = end;
	}
	return g_string_free(out, FALSE);
}

/* "Tue, 01 Dec 2026 08:05:00 +0700" */
static char *rfc5322_date(gint64 t)
{
	static const char *const DAYS[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	dd_date day = clock_local_date(t);
	gint64 secs = t + DD_TZ_OFFSET - (gint64)day * 86400;
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	return g_strdup_printf("%s, %02d %s %04d %02d:%02d:%02d +0700", DAYS[date_weekday(day)], d,
	                       MONTHS[m - 1], y, (int)(secs / 3600), (int)(secs / 60 % 60),
	                       (int)(secs % 60));
}

/* "Name <addr>" with the name quoted or encoded as needed. */
static char *mailbox(const char *name, const char *addr, int used)
{
	if (!name || !*name)
		return g_strdup(addr);
	char *shown;
	if (!is_ascii(name)) {
		shown = mail_encode_words(name, used);
	} else {
		GString *q = g_string_new("\"");
		for (const char *p = name; *p; p++) {
			if (*p == '"' || *p == '\\')
				g_string_append_c(q, '\\');
			g_string_append_c(q, *p);
		}
		g_string_append_c(q, '"');
		shown = g_string_free(q, FALSE);
	}
	char *s = g_strdup_printf("%s <%s>", shown, addr);
	g_free(shown);
	return s;
}

/* Quoted-printable of one line (no line break inside), soft-wrapped at 76. */
static void append_qp_line(GString *out, const char *line, size_t len)
{
	int col = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];
		char enc[4];
		bool last = i + 1 == len;
		if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last))
			enc[0] = (char)c, enc[1] = '\0';
		else
			g_snprintf(enc, sizeof enc, "=%02X", c);
		int w = (int)strlen(enc);
		if (col + w > 75) {
			g_string_append(out, "=\r\n");
			col = 0;
		}
		g_string_append(out, enc);
		col += w;
	}
	g_string_append(out, "\r\n");
}

/* The body with CRLF line ends, 8bit when every line fits, else QP. */
static char *encode_body(const char *body, const char **cte)
{
	char **lines = g_strsplit(body, "\n", -1);
	guint n = g_strv_length(lines);
	if (n > 0 && !*lines[n - 1]) {   /* the text's final newline */
		g_free(lines[n - 1]);
		lines[--n] = NULL;
	}
	bool fits = true;
	for (char **l = lines; *l; l++) {
		size_t len = strlen(*l);
		if (len && (*l)[len - 1] == '\r')
			(*l)[len - 1] = '\0';
		if (strlen(*l) > MAX_8BIT_LINE)
			fits = false;
	}
	GString *out = g_string_new(NULL);
	for (char **l = lines; *l; l++) {
		if (fits) {
			g_string_append(out, *l);
			g_string_append(out, "\r\n");
		} else {
			append_qp_line(out, *l, strlen(*l));
		}
	}
	g_strfreev(lines);
	*cte = fits ? "8bit" : "quoted-printable";
	return g_string_free(out, FALSE);
}

GBytes *mail_build(const struct dd_mail *m)
{
	GString *h = g_string_new(NULL);
	char *from = mailbox(m->from_name, m->from_addr, 6);
	char *date = rfc5322_date(m->date);
	char *subject = mail_encode_words(m->subject ? m->subject : "", 9);
	char *to = g_strjoinv(",\r\n ", (char **)m->to);
	const char *cte;
	char *body = encode_body(m->body ? m->body : "", &cte);

	g_string_append_printf(h, "From: %s\r\n", from);
	g_string_append_printf(h, "To: %s\r\n", to);
	g_string_append_printf(h, "Subject: %s\r\n", subject);
	g_string_append_printf(h, "Date: %s\r\n", date);
	g_string_append_printf(h, "Message-ID: <%s>\r\n", m->message_id);
	if (m->in_reply_to) {
		g_string_append_printf(h, "In-Reply-To: <%s>\r\n", m->in_reply_to);
		g_string_append_printf(h, "References: <%s>\r\n", m->in_reply_to);
	}
	g_string_append(h, "Auto-Submitted: auto-generated\r\n"
	                   "X-Auto-Response-Suppress: All\r\n"
	                   "MIME-Version: 1.0\r\n"
	                   "Content-Type: text/plain; charset=UTF-8\r\n");
	g_string_append_printf(h, "Content-Transfer-Encoding: %s\r\n\r\n", cte);
	g_string_append(h, body);

	g_free(from);
	g_free(date);
	g_free(subject);
	g_free(to);
	g_free(body);
	gsize len = h->len;
	return g_bytes_new_take(g_string_free(h, FALSE), len);
}

static const char *domain_of(const char *address)
{
	const char *at = address ? strrchr(address, '@') : NULL;
	return at ? at + 1 : "localhost";
}

char *mail_message_id(const char *office_address, const char *kind, gint64 id, gint64 now)
{
	return g_strdup_printf("dondoc.%s.%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT "@%s", kind, id, now,
	                       domain_of(office_address));
}

gboolean mail_is_ours(const char *office_address, const char *message_id)
{
	if (!message_id || !g_str_has_prefix(message_id, "dondoc."))
		return FALSE;
	const char *at = strrchr(message_id, '@');
	return at && g_ascii_strcasecmp(at + 1, domain_of(office_address)) == 0;
}
