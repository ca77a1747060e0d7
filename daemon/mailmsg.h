/*
 * mailmsg.h — building the messages dondoc sends (RFC 5322 + MIME).
 *
 * A message is plain UTF-8 text: MIME-Version 1.0, Content-Type text/plain;
 * charset=UTF-8, 8bit (quoted-printable when a line is too long for 8bit),
 * the subject and display names RFC 2047 encoded when not ASCII, Date from
 * the clock (in +0700), a Message-ID on the office's domain, and
 * "Auto-Submitted: auto-generated" (RFC 3834) so that auto-responders stay
 * quiet. Lines end with CRLF, as on the wire.
 */
#ifndef DONDOC_DAEMON_MAILMSG_H
#define DONDOC_DAEMON_MAILMSG_H

#include <glib.h>

struct dd_mail {
	const char *from_name;      /* UTF-8 display name, or NULL */
	const char *from_addr;
	const char *const *to;      /* NULL-terminated addresses */
	const char *subject;        /* UTF-8 */
	const char *message_id;     /* without angle brackets */
	const char *in_reply_to;    /* without angle brackets, or NULL */
	const char *body;           /* UTF-8, lines ending in '\n' */
	gint64 date;                /* unix seconds */
};

/* The complete message. */
GBytes *mail_build(const struct dd_mail *m);

/* "dondoc.KIND.ID.TIME@DOMAIN" for the office address's domain: a
 * Message-ID that ingestion recognises as dondoc's own (mail_is_ours). */
char *mail_message_id(const char *office_address, const char *kind, gint64 id, gint64 now);
/* Is `message_id` (without brackets) one that mail_message_id made? */
gboolean mail_is_ours(const char *office_address, const char *message_id);

/* Header text: ASCII as is, otherwise RFC 2047 encoded words (UTF-8,
 * base64) folded so that no line passes 76 characters. `used` is the
 * length of the header name before the text ("Subject: " is 9). */
char *mail_encode_words(const char *utf8, int used);

#endif
