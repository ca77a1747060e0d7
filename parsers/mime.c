/*
 * mime.c — an e-mail message taken apart, on top of libetpan (see mime.h).
 *
 * The steps of dd_mime_parse():
 *   1. bound the input: libetpan recurses once per nested multipart or
 *      message/rfc822 and has no limit of its own (a message nested
 *      100,000 deep overflows the stack), so only the first
 *      MAX_CONTAINERS container declarations are handed to it;
 *   2. mailmime_parse() builds the tree (it points into our buffer);
 *   3. walk() flattens it: a message node adds a struct dd_mime_msg with
 *      decoded headers, a single node adds a struct dd_mime_part with
 *      decoded bytes, copied out of libetpan's memory;
 *   4. the tree is freed; the result owns copies only.
 *
 * libetpan facts this relies on (LIBRARIES.md §1.7): it RFC 2047-decodes
 * the Content-Type value (so "name" is already UTF-8) but not
 * Content-Disposition; it knows nothing of RFC 2231, so "filename*" and
 * "filename*0*" arrive as generic parameters and are decoded here.
 */
#include "parsers/mime.h"
#include "parsers/read.h"

#include <errno.h>
#include <libetpan/libetpan.h>
#include <string.h>

#define MAX_CONTAINERS   256  /* multipart/ and message/ declarations honoured */
#define MAX_SEGMENTS     64   /* RFC 2231 continuations of one parameter */
#define MAX_ADDRESSES    1000 /* mailboxes kept per address header */
#define MAX_REFERENCES   500  /* ids kept from References: */

struct walk_ctx {
	struct dd_mime *mime;
	size_t msgs_cap, parts_cap;
	size_t budget;            /* decoded bytes still allowed */
};

/* ------------------------------------------------------------------ */
/* Charsets                                                            */

/* iconv from `from`, U+FFFD for what does not decode, `unit` bytes
 * skipped to resynchronise. `cd` is open; the caller closes it. */
static void iconv_lossy(GIConv cd, const char *in, size_t len, size_t unit, GString *out)
{
	char buf[4096];

	while (len > 0) {
		char *ip = (char *)in, *op = buf;
		gsize il = len, ol = sizeof buf;
		gsize r = g_iconv(cd, &ip, &il, &op, &ol);
		int err = errno;

		g_string_append_len(out, buf, (gssize)(op - buf));
		in = ip;
		len = il;
		if (r != (gsize)-1 || len == 0 || err == E2BIG)
			continue;
		/* EILSEQ, or EINVAL for a sequence cut at the end */
		g_string_append(out, "\xef\xbf\xbd");
		size_t skip = unit < len ? unit : len;
		in += skip;
		len -= skip;
		g_iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* flush: windows-1258 holds back the last letter, waiting for a tone mark */
	{
		char *op = buf;
		gsize ol = sizeof buf;
		g_iconv(cd, NULL, NULL, &op, &ol);
		g_string_append_len(out, buf, (gssize)(op - buf));
	}
}

static gboolean is_utf8_name(const char *cs)
{
	return !cs || !*cs || g_ascii_strcasecmp(cs, "utf-8") == 0 ||
	       g_ascii_strcasecmp(cs, "utf8") == 0 || g_ascii_strcasecmp(cs, "us-ascii") == 0 ||
	       g_ascii_strcasecmp(cs, "ascii") == 0;
}

/* `in` when it is UTF-8 once NULs are counted as spaces (or declared
 * UTF-8, then repaired), else windows-1258. */
static void guess_8bit(const char *charset, const char *in, size_t len, GString *out)
{
	GString *copy = g_string_new_len(in, (gssize)len);
	GIConv cd;

	for (gsize i = 0; i < copy->len; i++)
		if (copy->str[i] == '\0')
			copy->str[i] = ' ';
	if (g_utf8_validate_len(copy->str, copy->len, NULL)) {
		g_string_append_len(out, copy->str, (gssize)copy->len);
	} else if (charset && (g_ascii_strcasecmp(charset, "utf-8") == 0 ||
	                       g_ascii_strcasecmp(charset, "utf8") == 0)) {
		char *valid = g_utf8_make_valid(copy->str, (gssize)copy->len);
		g_string_append(out, valid);
		g_free(valid);
	} else if ((cd = g_iconv_open("UTF-8", "WINDOWS-1258")) != (GIConv)-1) {
		iconv_lossy(cd, copy->str, copy->len, 1, out);
		g_iconv_close(cd);
	}
	g_string_free(copy, TRUE);
}

/* Best-effort conversion; see mime.h. */
char *dd_mime_to_utf8(const char *charset, const void *buf, size_t len,
                      size_t *out_len, gboolean *known)
{
	GString *out = g_string_sized_new(len + 16);
	const char *in = buf ? buf : "";
	GIConv cd = (GIConv)-1;

	if (known)
		*known = TRUE;
	if (!buf)
		len = 0;
	if (!is_utf8_name(charset)) {
		cd = g_iconv_open("UTF-8", charset);
		if (cd == (GIConv)-1 && known)
			*known = FALSE;
	}
	if (cd != (GIConv)-1) {
		gboolean wide = g_ascii_strncasecmp(charset, "utf-16", 6) == 0 ||
		                g_ascii_strncasecmp(charset, "ucs-2", 5) == 0;
		iconv_lossy(cd, in, len, wide ? 2 : 1, out);
		g_iconv_close(cd);
	} else {
		guess_8bit(charset, in, len, out);
	}
	for (gsize i = 0; i < out->len; i++)
		if (out->str[i] == '\0')
			out->str[i] = ' ';
	if (out_len)
		*out_len = out->len;
	return g_string_free(out, FALSE);
}

/* A C string from a header as valid UTF-8 (raw 8-bit may be anything). */
static char *header_utf8(const char *s)
{
	return s ? dd_mime_to_utf8(NULL, s, strlen(s), NULL, NULL) : NULL;
}

/* RFC 2047 encoded words decoded; raw 8-bit UTF-8 kept (default charset
 * utf-8, see LIBRARIES.md). */
static char *decode_words(const char *raw)
{
	size_t idx = 0;
	char *out = NULL, *res;

	if (!raw)
		return NULL;
	if (!strstr(raw, "=?"))
		return header_utf8(raw);
	if (mailmime_encoded_phrase_parse("utf-8", raw, strlen(raw), &idx, "utf-8", &out) !=
	    MAILIMF_NO_ERROR || !out)
		return header_utf8(raw);
	res = header_utf8(out);
	free(out);
	return res;
}

/* ------------------------------------------------------------------ */
/* Raw header block and lookup by name                                 */

/* Length of the header block at `p` (up to the blank line), cut at a line
 * end when over DD_MIME_MAX_HEADER; *cut says whether it was cut. */
static size_t header_block_len(const char *p, size_t n, gboolean *cut)
{
	size_t i = 0;

	*cut = FALSE;
	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - p) + 1 : n;
		size_t line = end - i;

		if (line == 1 || (line == 2 && p[i] == '\r'))
			return i;  /* the blank line */
		if (end > DD_MIME_MAX_HEADER) {
			*cut = TRUE;
			return i;
		}
		i = end;
	}
	return n;
}

char *dd_mime_header(const struct dd_mime_msg *msg, const char *name)
{
	const char *p = msg && msg->raw_header ? msg->raw_header : "";
	size_t k = strlen(name);

	while (*p) {
		const char *eol = strchr(p, '\n');
		const char *next = eol ? eol + 1 : p + strlen(p);

		if (g_ascii_strncasecmp(p, name, k) == 0 && p[k] == ':') {
			GString *v = g_string_new(NULL);
			const char *q = p + k + 1;
			char *res;

			/* the value and its folded continuation lines, unfolded */
			for (;;) {
				const char *e = strchr(q, '\n');
				size_t n = e ? (size_t)(e - q) : strlen(q);
				for (size_t i = 0; i < n; i++)
					if (q[i] != '\r')
						g_string_append_c(v, q[i]);
				if (!e || (e[1] != ' ' && e[1] != '\t'))
					break;
				q = e + 1;
			}
			g_strstrip(v->str);
			res = decode_words(v->str);
			g_string_free(v, TRUE);
			return res;
		}
		p = next;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Message headers                                                     */

/* A message id as text, without angle brackets. */
static char *msgid_dup(const char *id)
{
	char *s;

	if (!id)
		return NULL;
	s = header_utf8(id);
	g_strstrip(s);
	if (*s == '<') {
		size_t n = strlen(s);
		memmove(s, s + 1, n);
		if (n > 1 && s[n - 2] == '>')
			s[n - 2] = '\0';
	}
	return s;
}

static void add_mailbox(GArray *list, const struct mailimf_mailbox *mb)
{
	struct dd_mime_addr a;

	if (!mb || list->len >= MAX_ADDRESSES)
		return;
	a.name = mb->mb_display_name ? decode_words(mb->mb_display_name) : NULL;
	a.addr = header_utf8(mb->mb_addr_spec);
	g_array_append_val(list, a);
}

/* Flatten an address list (groups included) into an array. */
static struct dd_mime_addr *take_addresses(const struct mailimf_address_list *al, size_t *n)
{
	GArray *list = g_array_new(FALSE, TRUE, sizeof(struct dd_mime_addr));

	for (clistiter *it = al && al->ad_list ? clist_begin(al->ad_list) : NULL; it;
	     it = clist_next(it)) {
		const struct mailimf_address *ad = clist_content(it);
		if (ad->ad_type == MAILIMF_ADDRESS_MAILBOX) {
			add_mailbox(list, ad->ad_data.ad_mailbox);
		} else if (ad->ad_type == MAILIMF_ADDRESS_GROUP && ad->ad_data.ad_group &&
		           ad->ad_data.ad_group->grp_mb_list) {
			clist *mbs = ad->ad_data.ad_group->grp_mb_list->mb_list;
			for (clistiter *j = clist_begin(mbs); j; j = clist_next(j))
				add_mailbox(list, clist_content(j));
		}
	}
	*n = list->len;
	return (struct dd_mime_addr *)g_array_free(list, FALSE);
}

/* Date: as Unix seconds; FALSE when out of range. */
static gboolean date_to_unix(const struct mailimf_date_time *dt, gint64 *out)
{
	int zone = dt->dt_zone, sign = zone < 0 ? -1 : 1, year = dt->dt_year;
	GTimeZone *tz;
	GDateTime *d;

	zone *= sign;
	if (zone % 100 >= 60 || zone / 100 > 23)
		zone = 0;
	if (year >= 0 && year < 50)
		year += 2000;  /* obsolete two-digit years, RFC 5322 §4.3 */
	else if (year >= 50 && year < 1000)
		year += 1900;
	tz = g_time_zone_new_offset(sign * ((zone / 100) * 3600 + (zone % 100) * 60));
	d = g_date_time_new(tz, year, dt->dt_month, dt->dt_day, dt->dt_hour, dt->dt_min,
	                    dt->dt_sec < 0 || dt->dt_sec > 59 ? 0 : dt->dt_sec);
	g_time_zone_unref(tz);
	if (!d)
		return FALSE;
	*out = g_date_time_to_unix(d);
	g_date_time_unref(d);
	return TRUE;
}

/* Fill `msg` from libetpan's parsed fields (which may be NULL). */
static void fill_headers(struct dd_mime_msg *msg, struct mailimf_fields *fields)
{
	struct mailimf_single_fields sf;
	GPtrArray *refs = g_ptr_array_new();

	if (fields) {
		mailimf_single_fields_init(&sf, fields);
		if (sf.fld_from && sf.fld_from->frm_mb_list &&
		    clist_begin(sf.fld_from->frm_mb_list->mb_list)) {
			const struct mailimf_mailbox *mb =
				clist_content(clist_begin(sf.fld_from->frm_mb_list->mb_list));
			msg->from_name = mb->mb_display_name ? decode_words(mb->mb_display_name) : NULL;
			msg->from_addr = header_utf8(mb->mb_addr_spec);
		}
		if (sf.fld_to)
			msg->to = take_addresses(sf.fld_to->to_addr_list, &msg->nto);
		if (sf.fld_cc)
			msg->cc = take_addresses(sf.fld_cc->cc_addr_list, &msg->ncc);
		if (sf.fld_reply_to)
			msg->reply_to = take_addresses(sf.fld_reply_to->rt_addr_list, &msg->nreply_to);
		if (sf.fld_subject)
			msg->subject = decode_words(sf.fld_subject->sbj_value);
		if (sf.fld_message_id)
			msg->message_id = msgid_dup(sf.fld_message_id->mid_value);
		if (sf.fld_in_reply_to && sf.fld_in_reply_to->mid_list &&
		    clist_begin(sf.fld_in_reply_to->mid_list))
			msg->in_reply_to = msgid_dup(clist_content(clist_begin(sf.fld_in_reply_to->mid_list)));
		if (sf.fld_references && sf.fld_references->mid_list)
			for (clistiter *it = clist_begin(sf.fld_references->mid_list);
			     it && refs->len < MAX_REFERENCES; it = clist_next(it))
				g_ptr_array_add(refs, msgid_dup(clist_content(it)));
		if (sf.fld_orig_date && sf.fld_orig_date->dt_date_time)
			msg->has_date = date_to_unix(sf.fld_orig_date->dt_date_time, &msg->date);
	}
	g_ptr_array_add(refs, NULL);
	msg->references = (char **)g_ptr_array_free(refs, FALSE);
	msg->auto_submitted = dd_mime_header(msg, "Auto-Submitted");
}

/* Append a message whose text (headers and body) starts at `raw`. */
static int add_msg(struct walk_ctx *ctx, int parent, const char *raw, size_t n,
                   struct mailimf_fields *fields)
{
	struct dd_mime *mime = ctx->mime;
	struct dd_mime_msg *msg;
	gboolean cut;
	size_t hlen;

	if (mime->nmsgs == ctx->msgs_cap) {
		ctx->msgs_cap = ctx->msgs_cap ? ctx->msgs_cap * 2 : 4;
		mime->msgs = g_renew(struct dd_mime_msg, mime->msgs, ctx->msgs_cap);
	}
	msg = &mime->msgs[mime->nmsgs];
	memset(msg, 0, sizeof *msg);
	msg->parent = parent;
	msg->depth = parent < 0 ? 0 : mime->msgs[parent].depth + 1;
	hlen = raw ? header_block_len(raw, n, &cut) : 0;
	if (raw && cut)
		mime->flags |= DD_MIME_BAD_HEADER;
	/* NUL bytes in the header would hide what follows them from lookups */
	msg->raw_header = g_strndup(raw ? raw : "", hlen);
	for (size_t i = 0; i < hlen; i++)
		if (msg->raw_header[i] == '\0')
			msg->raw_header[i] = ' ';
	fill_headers(msg, fields);
	return (int)mime->nmsgs++;
}

/* ------------------------------------------------------------------ */
/* Parts: type, file name, data                                        */

static const char *discrete_name(const struct mailmime_discrete_type *t)
{
	switch (t->dt_type) {
	case MAILMIME_DISCRETE_TYPE_TEXT:        return "text";
	case MAILMIME_DISCRETE_TYPE_IMAGE:       return "image";
	case MAILMIME_DISCRETE_TYPE_AUDIO:       return "audio";
	case MAILMIME_DISCRETE_TYPE_VIDEO:       return "video";
	case MAILMIME_DISCRETE_TYPE_APPLICATION: return "application";
	case MAILMIME_DISCRETE_TYPE_EXTENSION:   return t->dt_extension;
	}
	return NULL;
}

/* Lowercase type and subtype; text/plain when absent (RFC 2045). */
static void part_type(const struct mailmime_content *ct, char **type, char **subtype)
{
	const char *t = NULL;

	if (ct && ct->ct_type) {
		if (ct->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE &&
		    ct->ct_type->tp_data.tp_discrete_type)
			t = discrete_name(ct->ct_type->tp_data.tp_discrete_type);
		else if (ct->ct_type->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE &&
		         ct->ct_type->tp_data.tp_composite_type) {
			const struct mailmime_composite_type *c = ct->ct_type->tp_data.tp_composite_type;
			t = c->ct_type == MAILMIME_COMPOSITE_TYPE_MESSAGE ? "message"
			  : c->ct_type == MAILMIME_COMPOSITE_TYPE_MULTIPART ? "multipart" : c->ct_token;
		}
	}
	if (!t || !ct->ct_subtype) {
		*type = g_strdup("text");
		*subtype = g_strdup("plain");
		return;
	}
	*type = g_ascii_strdown(t, -1);
	*subtype = g_ascii_strdown(ct->ct_subtype, -1);
}

/* Parameters as (name, value) pairs, gathered from both headers. */
struct param {
	const char *name, *value;
};

static void collect_disposition_params(const struct mailmime_disposition *d, GArray *out)
{
	for (clistiter *it = d && d->dsp_parms ? clist_begin(d->dsp_parms) : NULL; it;
	     it = clist_next(it)) {
		const struct mailmime_disposition_parm *p = clist_content(it);
		struct param pa = { NULL, NULL };
		if (p->pa_type == MAILMIME_DISPOSITION_PARM_FILENAME) {
			pa.name = "filename";
			pa.value = p->pa_data.pa_filename;
		} else if (p->pa_type == MAILMIME_DISPOSITION_PARM_PARAMETER && p->pa_data.pa_parameter) {
			pa.name = p->pa_data.pa_parameter->pa_name;
			pa.value = p->pa_data.pa_parameter->pa_value;
		}
		if (pa.name && pa.value)
			g_array_append_val(out, pa);
	}
}

static void collect_content_params(const struct mailmime_content *ct, GArray *out)
{
	for (clistiter *it = ct && ct->ct_parameters ? clist_begin(ct->ct_parameters) : NULL; it;
	     it = clist_next(it)) {
		const struct mailmime_parameter *p = clist_content(it);
		struct param pa = { p->pa_name, p->pa_value };
		if (pa.name && pa.value)
			g_array_append_val(out, pa);
	}
}

static const char *param_get(const GArray *ps, const char *name)
{
	for (guint i = 0; i < ps->len; i++) {
		const struct param *p = &g_array_index(ps, struct param, i);
		if (g_ascii_strcasecmp(p->name, name) == 0)
			return p->value;
	}
	return NULL;
}

static int hexval(char c)
{
	return g_ascii_isxdigit(c) ? g_ascii_xdigit_value(c) : -1;
}

/* Append `s` to `out`, %XX decoded (a bad escape is kept as it is). */
static void percent_decode(const char *s, GString *out)
{
	for (; *s; s++) {
		if (s[0] == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			g_string_append_c(out, (char)(hexval(s[1]) * 16 + hexval(s[2])));
			s += 2;
		} else {
			g_string_append_c(out, *s);
		}
	}
}

/* RFC 2231 value of parameter `base` (single "base*" or continuations
 * "base*0", "base*0*", "base*1*", ...), as UTF-8; NULL when absent. */
static char *rfc2231_value(const GArray *ps, const char *base)
{
	GString *bytes = g_string_new(NULL);
	char *charset = NULL, *res = NULL, *key;
	gboolean found = FALSE;

	for (int i = -1; i < MAX_SEGMENTS; i++) {
		const char *v;
		gboolean extended = TRUE;

		if (i < 0) {
			key = g_strdup_printf("%s*", base);          /* the single form */
			v = param_get(ps, key);
		} else {
			key = g_strdup_printf("%s*%d*", base, i);     /* extended segment */
			v = param_get(ps, key);
			if (!v) {
				g_free(key);
				key = g_strdup_printf("%s*%d", base, i);  /* plain segment */
				v = param_get(ps, key);
				extended = FALSE;
			}
		}
		g_free(key);
		if (!v) {
			if (i < 0)
				continue;
			break;
		}
		found = TRUE;
		if (extended && (i <= 0)) {
			/* charset'language'value */
			const char *q1 = strchr(v, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
			if (q2) {
				g_free(charset);
				charset = g_strndup(v, (gsize)(q1 - v));
				v = q2 + 1;
			}
		}
		if (extended)
			percent_decode(v, bytes);
		else
			g_string_append(bytes, v);
		if (i < 0)
			break;  /* "base*" stands alone */
	}
	if (found)
		res = dd_mime_to_utf8(charset && *charset ? charset : NULL, bytes->str, bytes->len,
		                      NULL, NULL);
	g_free(charset);
	g_string_free(bytes, TRUE);
	return res;
}

/* The part's file name: Content-Disposition filename* > filename >
 * Content-Type name* > name. */
static char *part_filename(const struct mailmime_single_fields *sf,
                           const struct mailmime_content *ct)
{
	GArray *dp = g_array_new(FALSE, FALSE, sizeof(struct param));
	GArray *cp = g_array_new(FALSE, FALSE, sizeof(struct param));
	char *name;

	collect_disposition_params(sf->fld_disposition, dp);
	collect_content_params(ct, cp);
	name = rfc2231_value(dp, "filename");
	if (!name && param_get(dp, "filename"))
		name = decode_words(param_get(dp, "filename"));
	if (!name)
		name = rfc2231_value(cp, "name");
	if (!name && param_get(cp, "name"))
		name = decode_words(param_get(cp, "name"));  /* usually decoded already */
	g_array_free(dp, TRUE);
	g_array_free(cp, TRUE);
	if (name) {
		g_strstrip(name);
		if (!*name) {
			g_free(name);
			name = NULL;
		}
	}
	return name;
}

/* Base64, skipping what is not in the alphabet (FALSE when there was
 * any such byte other than white space). Output at most 3/4 of n + 3. */
static gboolean decode_base64(const char *in, size_t n, GString *out)
{
	gint state = 0;
	guint save = 0;
	gboolean clean = TRUE;
	gsize got;

	for (size_t i = 0; i < n && clean; i++) {
		unsigned char c = (unsigned char)in[i];
		clean = g_ascii_isalnum(c) || c == '+' || c == '/' || c == '=' || g_ascii_isspace(c);
	}
	g_string_set_size(out, n / 4 * 3 + 3);
	got = g_base64_decode_step(in, n, (guchar *)out->str, &state, &save);
	g_string_set_size(out, got);
	return clean;
}

/* Quoted-printable (RFC 2045 §6.7): "=XX" is a byte, "=" before the end
 * of a line is a soft break; a bad "=" is kept (FALSE then). */
static gboolean decode_qp(const char *in, size_t n, GString *out)
{
	gboolean clean = TRUE;

	for (size_t i = 0; i < n; i++) {
		size_t j = i + 1;
		if (in[i] != '=') {
			g_string_append_c(out, in[i]);
			continue;
		}
		if (j + 1 < n && hexval(in[j]) >= 0 && hexval(in[j + 1]) >= 0) {
			g_string_append_c(out, (char)(hexval(in[j]) * 16 + hexval(in[j + 1])));
			i = j + 1;
			continue;
		}
		while (j < n && (in[j] == ' ' || in[j] == '\t'))
			j++;  /* "=" then trailing white space, then the line end */
		if (j == n || in[j] == '\n' || (in[j] == '\r' && j + 1 < n && in[j + 1] == '\n')) {
			i = j < n && in[j] == '\r' ? j + 1 : j;
			continue;
		}
		clean = FALSE;
		g_string_append_c(out, '=');
	}
	return clean;
}

/* Transfer-decode the body of a single part into part->data. libetpan's
 * own decoder (mailmime_part_parse) is not used: fuzzing showed it
 * reading past the end of a quoted-printable body. */
static void part_data(struct walk_ctx *ctx, struct dd_mime_part *part,
                      const struct mailmime_data *d, const struct mailmime_single_fields *sf)
{
	const char *raw = d && d->dt_type == MAILMIME_DATA_TEXT ? d->dt_data.dt_text.dt_data : NULL;
	size_t n = raw ? d->dt_data.dt_text.dt_length : 0;
	int enc = sf->fld_encoding ? sf->fld_encoding->enc_type : MAILMIME_MECHANISM_8BIT;
	GString *out = g_string_sized_new(n + 1);
	gboolean clean = TRUE;

	if (n > ctx->budget) {
		part->flags |= DD_MIME_TOO_LARGE;
		n = 0;
	}
	if (n > 0 && d->dt_encoded && enc == MAILMIME_MECHANISM_BASE64)
		clean = decode_base64(raw, n, out);
	else if (n > 0 && d->dt_encoded && enc == MAILMIME_MECHANISM_QUOTED_PRINTABLE)
		clean = decode_qp(raw, n, out);
	else
		g_string_append_len(out, raw ? raw : "", (gssize)n);  /* 7bit, 8bit, binary, unknown */
	if (!clean)
		part->flags |= DD_MIME_BAD_ENCODING;
	part->len = out->len;
	part->data = g_string_free(out, FALSE);
	ctx->budget -= part->len < ctx->budget ? part->len : ctx->budget;
}

/* Convert a text part to UTF-8 into part->text. */
static void part_text(struct walk_ctx *ctx, struct dd_mime_part *part)
{
	gboolean known = TRUE;

	if (part->len > ctx->budget) {
		part->flags |= DD_MIME_TOO_LARGE;
		part->text = g_strdup("");
		return;
	}
	part->text = dd_mime_to_utf8(part->charset, part->data, part->len, &part->text_len, &known);
	if (!known)
		part->flags |= DD_MIME_BAD_CHARSET;
	ctx->budget -= part->text_len < ctx->budget ? part->text_len : ctx->budget;
}

static void add_part(struct walk_ctx *ctx, struct mailmime *m, int depth, int msg)
{
	struct dd_mime *mime = ctx->mime;
	struct mailmime_single_fields sf;
	struct dd_mime_part *part;

	if (mime->nparts >= DD_MIME_MAX_PARTS) {
		mime->flags |= DD_MIME_TOO_MANY;
		return;
	}
	if (mime->nparts == ctx->parts_cap) {
		ctx->parts_cap = ctx->parts_cap ? ctx->parts_cap * 2 : 8;
		mime->parts = g_renew(struct dd_mime_part, mime->parts, ctx->parts_cap);
	}
	part = &mime->parts[mime->nparts++];
	memset(part, 0, sizeof *part);
	memset(&sf, 0, sizeof sf);
	mailmime_single_fields_init(&sf, m->mm_mime_fields, m->mm_content_type);

	part_type(m->mm_content_type, &part->type, &part->subtype);
	if (strcmp(part->type, "multipart") == 0) {
		/* a multipart libetpan could not split (no boundary): its text */
		part->flags |= DD_MIME_BAD_STRUCTURE;
		g_free(part->type);
		g_free(part->subtype);
		part->type = g_strdup("text");
		part->subtype = g_strdup("plain");
	}
	part->charset = sf.fld_content_charset ? g_ascii_strdown(sf.fld_content_charset, -1) : NULL;
	part->disposition = sf.fld_disposition && sf.fld_disposition->dsp_type &&
	                    sf.fld_disposition->dsp_type->dsp_type == MAILMIME_DISPOSITION_TYPE_ATTACHMENT
	                    ? DD_MIME_ATTACHMENT : DD_MIME_INLINE;
	part->filename = part_filename(&sf, m->mm_content_type);
	part->content_id = sf.fld_id ? msgid_dup(sf.fld_id) : NULL;
	part->msg = msg;
	part->depth = depth;
	part_data(ctx, part, m->mm_data.mm_single, &sf);
	if (strcmp(part->type, "text") == 0)
		part_text(ctx, part);
	mime->flags |= part->flags;
}

/* Flatten the tree below `m`. */
static void walk(struct walk_ctx *ctx, struct mailmime *m, int depth, int msg)
{
	if (!m)
		return;
	if (depth > DD_MAX_MIME_DEPTH) {
		ctx->mime->flags |= DD_MIME_TOO_DEEP;
		return;
	}
	switch (m->mm_type) {
	case MAILMIME_MESSAGE: {
		const struct mailmime_data *b = m->mm_body;
		gboolean text = b && b->dt_type == MAILMIME_DATA_TEXT;
		int id = add_msg(ctx, msg, text ? b->dt_data.dt_text.dt_data : NULL,
		                 text ? b->dt_data.dt_text.dt_length : 0,
		                 m->mm_data.mm_message.mm_fields);
		walk(ctx, m->mm_data.mm_message.mm_msg_mime, depth + 1, id);
		break;
	}
	case MAILMIME_MULTIPLE:
		for (clistiter *it = clist_begin(m->mm_data.mm_multipart.mm_mp_list); it;
		     it = clist_next(it)) {
			if (ctx->mime->nparts >= DD_MIME_MAX_PARTS) {
				ctx->mime->flags |= DD_MIME_TOO_MANY;
				break;
			}
			walk(ctx, clist_content(it), depth + 1, msg);
		}
		break;
	case MAILMIME_SINGLE:
		add_part(ctx, m, depth, msg);
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */

/* How much of the input libetpan may see: the text before the line that
 * holds the (MAX_CONTAINERS+1)-th "multipart/" or "message/". */
static size_t container_bound(const char *buf, size_t len)
{
	size_t seen = 0;

	for (size_t i = 0; i + 8 <= len; i++) {
		char c = buf[i] | 0x20;
		if (c != 'm')
			continue;
		if (g_ascii_strncasecmp(buf + i, "message/", 8) != 0 &&
		    (i + 10 > len || g_ascii_strncasecmp(buf + i, "multipart/", 10) != 0))
			continue;
		if (++seen > MAX_CONTAINERS) {
			while (i > 0 && buf[i - 1] != '\n')
				i--;
			return i;
		}
	}
	return len;
}

/* When libetpan fails outright: one message, its body one text part. */
static void add_unparsed(struct walk_ctx *ctx, const char *buf, size_t len)
{
	struct dd_mime *mime = ctx->mime;
	struct dd_mime_part *part;

	mime->flags |= DD_MIME_BAD_STRUCTURE;
	if (mime->nmsgs == 0)
		add_msg(ctx, -1, buf, len, NULL);
	mime->parts = g_renew(struct dd_mime_part, mime->parts, mime->nparts + 1);
	ctx->parts_cap = mime->nparts + 1;
	part = &mime->parts[mime->nparts++];
	memset(part, 0, sizeof *part);
	part->type = g_strdup("text");
	part->subtype = g_strdup("plain");
	part->data = g_strndup(buf, len);
	part->len = len;
	part->text = dd_mime_to_utf8(NULL, buf, len, &part->text_len, NULL);
}

struct dd_mime *dd_mime_parse(const void *buf, size_t len, GError **error)
{
	struct walk_ctx ctx = { 0 };
	struct mailmime *tree = NULL;
	const char *text = buf ? buf : "";
	size_t idx = 0, bound;
	int r;

	if (len > DD_MAX_INPUT) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
		            "message of %zu bytes is over the limit of %u bytes", len, DD_MAX_INPUT);
		return NULL;
	}
	if (!buf)
		len = 0;
	ctx.mime = g_new0(struct dd_mime, 1);
	ctx.budget = DD_MIME_MAX_DECODED;
	bound = container_bound(text, len);
	if (bound < len)
		ctx.mime->flags |= DD_MIME_TOO_DEEP;

	r = mailmime_parse(text, bound, &idx, &tree);
	if (r != MAILIMF_NO_ERROR || !tree) {
		add_unparsed(&ctx, text, bound);
	} else if (tree->mm_type == MAILMIME_MESSAGE) {
		walk(&ctx, tree, 0, -1);
	} else {
		add_msg(&ctx, -1, text, bound, NULL);
		walk(&ctx, tree, 1, 0);
	}
	if (tree)
		mailmime_free(tree);
	if (ctx.mime->nmsgs == 0)
		add_msg(&ctx, -1, text, bound, NULL);
	if (!strchr(ctx.mime->msgs[0].raw_header, ':'))
		ctx.mime->flags |= DD_MIME_NOT_MAIL;
	return ctx.mime;
}

static void free_addrs(struct dd_mime_addr *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		g_free(a[i].name);
		g_free(a[i].addr);
	}
	g_free(a);
}

void dd_mime_free(struct dd_mime *mime)
{
	if (!mime)
		return;
	for (size_t i = 0; i < mime->nmsgs; i++) {
		struct dd_mime_msg *m = &mime->msgs[i];
		g_free(m->from_name);
		g_free(m->from_addr);
		free_addrs(m->to, m->nto);
		free_addrs(m->cc, m->ncc);
		free_addrs(m->reply_to, m->nreply_to);
		g_free(m->subject);
		g_free(m->message_id);
		g_free(m->in_reply_to);
		g_strfreev(m->references);
		g_free(m->auto_submitted);
		g_free(m->raw_header);
	}
	for (size_t i = 0; i < mime->nparts; i++) {
		struct dd_mime_part *p = &mime->parts[i];
		g_free(p->type);
		g_free(p->subtype);
		g_free(p->charset);
		g_free(p->filename);
		g_free(p->content_id);
		g_free(p->data);
		g_free(p->text);
	}
	g_free(mime->msgs);
	g_free(mime->parts);
	g_free(mime);
}

char *dd_mime_describe(unsigned flags)
{
	static const struct { unsigned flag; const char *text; } names[] = {
		{ DD_MIME_NOT_MAIL,      "no mail headers" },
		{ DD_MIME_TOO_DEEP,      "nested too deeply (parts skipped)" },
		{ DD_MIME_TOO_MANY,      "too many parts (parts skipped)" },
		{ DD_MIME_TOO_LARGE,     "too large (part data dropped)" },
		{ DD_MIME_BAD_CHARSET,   "unknown charset" },
		{ DD_MIME_BAD_ENCODING,  "bad transfer encoding" },
		{ DD_MIME_BAD_HEADER,    "header too long" },
		{ DD_MIME_BAD_STRUCTURE, "unparseable MIME structure" },
	};
	GString *s = g_string_new(NULL);

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		if (!(flags & names[i].flag))
			continue;
		if (s->len)
			g_string_append(s, ", ");
		g_string_append(s, names[i].text);
	}
	return g_string_free(s, FALSE);
}
