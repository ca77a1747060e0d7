/*
 * mime.h — an e-mail message taken apart, on top of libetpan.
 *
 * dd_mime_parse() reads one RFC 5322 message from memory and returns
 *   - its messages: the top message and every message/rfc822 part inside
 *     it (a forwarded mail), each with its headers decoded to UTF-8;
 *   - its leaf parts, flattened in the order they appear, each decoded
 *     from base64 / quoted-printable and, for text parts, converted to UTF-8;
 *     each part says which message it belongs to.
 *
 * The input is untrusted. Nothing here fails on a malformed message:
 * whatever can be read is returned and dd_mime.flags says what went
 * wrong (DD_MIME_*). Work is bounded: nesting (DD_MAX_MIME_DEPTH), the
 * number of parts (DD_MIME_MAX_PARTS), total decoded bytes
 * (DD_MIME_MAX_DECODED) and the kept header text (DD_MIME_MAX_HEADER).
 * The only error is input over DD_MAX_INPUT.
 *
 * Ownership: a struct dd_mime owns every string and buffer in it, and
 * none of them points into the input buffer; dd_mime_free() frees all.
 */
#ifndef DONDOC_PARSERS_MIME_H
#define DONDOC_PARSERS_MIME_H

#include <glib.h>
#include <stddef.h>

#define DD_MIME_MAX_PARTS    1000          /* leaf parts kept */
#define DD_MIME_MAX_DECODED  (128u << 20)  /* decoded bytes kept, all parts */
#define DD_MIME_MAX_HEADER   (256u << 10)  /* header text kept per message */

/* What went wrong, or-ed into dd_mime.flags (and dd_mime_part.flags). */
enum dd_mime_flag {
	DD_MIME_NOT_MAIL      = 1 << 0,  /* no header fields at all */
	DD_MIME_TOO_DEEP      = 1 << 1,  /* parts below DD_MAX_MIME_DEPTH skipped */
	DD_MIME_TOO_MANY      = 1 << 2,  /* parts after DD_MIME_MAX_PARTS skipped */
	DD_MIME_TOO_LARGE     = 1 << 3,  /* a part's data dropped: over DD_MIME_MAX_DECODED */
	DD_MIME_BAD_CHARSET   = 1 << 4,  /* a charset iconv does not know: guessed */
	DD_MIME_BAD_ENCODING  = 1 << 5,  /* a transfer encoding that did not decode */
	DD_MIME_BAD_HEADER    = 1 << 6,  /* a header cut at DD_MIME_MAX_HEADER */
	DD_MIME_BAD_STRUCTURE = 1 << 7,  /* unsplittable (no boundary, libetpan gave up):
	                                    that text is one text/plain part */
};

enum dd_mime_disposition {
	DD_MIME_INLINE,       /* no Content-Disposition, or "inline" */
	DD_MIME_ATTACHMENT,   /* Content-Disposition: attachment */
};

/* One mailbox of an address header. */
struct dd_mime_addr {
	char *name;   /* display name, UTF-8, or NULL */
	char *addr;   /* "local@domain", or NULL (an empty group) */
};

/* A message: the top one, or one nested as message/rfc822. */
struct dd_mime_msg {
	int parent;                 /* index in dd_mime.msgs of the enclosing message, -1 for the top */
	int depth;                  /* 0 for the top message, 1 for a forwarded one, ... */
	char *from_name;            /* first From mailbox: display name (UTF-8) or NULL */
	char *from_addr;            /* ... and address, or NULL */
	struct dd_mime_addr *to, *cc, *reply_to;
	size_t nto, ncc, nreply_to;
	char *subject;              /* RFC 2047 decoded, UTF-8, or NULL */
	char *message_id;           /* without angle brackets, or NULL */
	char *in_reply_to;          /* first message id, without angle brackets, or NULL */
	char **references;          /* NULL-terminated list (never NULL itself) */
	gboolean has_date;
	gint64 date;                /* Date: as Unix seconds, when has_date */
	char *auto_submitted;       /* RFC 3834 value ("auto-replied"), or NULL */
	char *raw_header;           /* the header block as received, bounded; for dd_mime_header() */
};

/* A leaf part. */
struct dd_mime_part {
	char *type;                 /* lowercase: "text", "application", ... */
	char *subtype;              /* lowercase: "plain", "pdf", ... */
	char *charset;              /* declared charset, lowercase, or NULL */
	enum dd_mime_disposition disposition;
	char *filename;             /* UTF-8 (RFC 2231 / RFC 2047 decoded), or NULL */
	char *content_id;           /* without angle brackets, or NULL */
	char *data;                 /* transfer-decoded bytes as sent, NUL-terminated (may hold NULs) */
	size_t len;                 /* bytes in data, without the terminating NUL */
	char *text;                 /* text/ parts: data converted to UTF-8, no NUL inside; else NULL */
	size_t text_len;
	int msg;                    /* index in dd_mime.msgs of the message holding this part */
	int depth;                  /* MIME nesting depth of the part */
	unsigned flags;             /* DD_MIME_* that concern this part */
};

struct dd_mime {
	struct dd_mime_msg *msgs;   /* msgs[0] is the top message */
	size_t nmsgs;
	struct dd_mime_part *parts;
	size_t nparts;
	unsigned flags;             /* DD_MIME_* of the whole message */
};

/* Take a message apart. NULL (with a DD_READ_ERROR) only when len is over
 * DD_MAX_INPUT; otherwise the result has at least one message. */
struct dd_mime *dd_mime_parse(const void *buf, size_t len, GError **error);
void dd_mime_free(struct dd_mime *mime);

/* The first header `name` (case-insensitive) of `msg`, unfolded and
 * RFC 2047 decoded to UTF-8; NULL when absent. Caller frees. */
char *dd_mime_header(const struct dd_mime_msg *msg, const char *name);

/* Bytes in `charset` as UTF-8 (NUL-terminated, *out_len without it).
 * NULL or empty charset: UTF-8 when valid, else windows-1258. What does
 * not decode becomes U+FFFD and NUL becomes a space. Returns FALSE in *known (may be NULL) when
 * iconv does not know the charset and a guess was made. Never fails. */
char *dd_mime_to_utf8(const char *charset, const void *buf, size_t len,
                      size_t *out_len, gboolean *known);

/* A short English description of the flags ("too deeply nested, ..."),
 * or "" for none. Caller frees. */
char *dd_mime_describe(unsigned flags);

#endif
