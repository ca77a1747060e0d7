/*
 * inbox_imap.c — the IMAP inbox: imaps://host[:port]/MAILBOX (TLS from the
 * first byte, port 993) and imap://host[:port]/MAILBOX (STARTTLS, required,
 * port 143), with libetpan.
 *
 * Connecting. libetpan does the TLS handshake but checks nothing, so right
 * after the handshake (and before a single command that carries a secret)
 * we verify the server's chain with GnuTLS against the system trust store
 * plus cfg->inbox_ca_file, and the host name of the url. A failure is
 * DD_INBOX_TLS and the connection is dropped without LOGIN. SNI is sent
 * unless the host is an IP address. Capabilities are asked again after
 * STARTTLS and after LOGIN (what the server said in clear is not trusted).
 *
 * Which messages are pending. A message is handled when it carries the
 * keyword $DondocDone (inbox_done sets it, with \Seen, and moves the
 * message to cfg->inbox_done_folder when that is set). inbox_fetch asks
 * the server `UID SEARCH UNKEYWORD $DondocDone UNDELETED` every time rather
 * than "UIDs above the last one handled": a message whose commit happened
 * but whose flagging did not (crash, lost connection) is then found again,
 * and the store recognises it by its key. The flag lives on the server, so
 * it also survives a lost local database. Only a server that refuses new
 * keywords (no \* in PERMANENTFLAGS) falls back to `UNSEEN UNDELETED`.
 *
 * Keys are "imap:<mailbox>:<uidvalidity>:<uid>". When the mailbox's
 * UIDVALIDITY changes, every UID we knew is void: inbox_done on a key of
 * the old UIDVALIDITY does nothing (it could flag another message), and the
 * message comes again under its new key.
 *
 * Waiting uses IDLE when the server has it: we poll() the socket ourselves
 * with inbox_poll (not mailstream_wait_idle), so that a signal ends the
 * wait (EINTR, or the daemon's wakeup pipe written by its handler). One
 * IDLE lasts at most IDLE_MAX_S, below the 30 minutes after which servers
 * may drop an idle client. Without IDLE we sleep and send NOOP.
 *
 * Connection loss: the session is freed and the error is DD_INBOX_CONNECT;
 * the next call connects again (the daemon applies its backoff). When a
 * command fails on a connection that was opened by an earlier call (the
 * server restarted meanwhile), the call reconnects once by itself.
 *
 * Nothing here logs protocol traffic, so the password never reaches a log.
 * SIGPIPE must be ignored by the program (the daemon does it).
 */
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libetpan/libetpan.h>

#include "daemon/config.h"
#include "daemon/inbox_priv.h"

#define IMAP_DONE_KEYWORD "$DondocDone"
#define IMAP_TIMEOUT_S 60           /* connect and every read */
#define IMAP_CLOSE_TIMEOUT_S 5      /* LOGOUT when closing */
#define IDLE_MAX_S (25 * 60)        /* re-issue IDLE before the server's 30 min */
#define MAX_CHAIN 16                /* certificates we look at */

struct imap_inbox {
	struct dd_inbox base;        /* first: inbox.c sees only this */

	/* from the url and the config */
	bool tls_direct;             /* imaps:// (else STARTTLS) */
	char *host;
	guint16 port;
	char *mailbox;
	char *user;
	char *password;
	gnutls_x509_trust_list_t trust;

	/* the connection; s == NULL when there is none */
	mailimap *s;
	bool idle_setup;             /* mailstream_setup_idle done on s */
	bool keyword_ok;             /* the mailbox keeps $DondocDone */
	uint32_t uidvalidity;        /* of the mailbox; 0 before the first SELECT */
};

/* ---------------------------------------------------------------- errors */

/* libetpan's three ways of saying "ok" (connect returns 1 or 2). */
static bool imap_ok(int r)
{
	return r == MAILIMAP_NO_ERROR || r == MAILIMAP_NO_ERROR_AUTHENTICATED ||
	       r == MAILIMAP_NO_ERROR_NON_AUTHENTICATED;
}

/* Results after which the connection cannot be used any more. */
static bool imap_conn_lost(int r)
{
	return r == MAILIMAP_ERROR_STREAM || r == MAILIMAP_ERROR_PARSE ||
	       r == MAILIMAP_ERROR_CONNECTION_REFUSED || r == MAILIMAP_ERROR_FATAL ||
	       r == MAILIMAP_ERROR_BAD_STATE || r == MAILIMAP_ERROR_MEMORY;
}

/* Close the socket and free the session. No LOGOUT: this is for broken
 * connections and untrusted servers (mailimap_free alone would send one
 * and wait for the answer). */
static void imap_drop(struct imap_inbox *in)
{
	if (!in->s)
		return;
	if (in->s->imap_stream) {
		if (in->idle_setup)
			mailstream_unsetup_idle(in->s->imap_stream);
		mailstream_close(in->s->imap_stream);
		in->s->imap_stream = NULL;
	}
	mailimap_free(in->s);
	in->s = NULL;
	in->idle_setup = false;
}

/* A command failed with `r`: set the error, and drop the connection when it
 * is no longer usable. */
static void imap_fail(struct imap_inbox *in, int r, const char *what, GError **error)
{
	const char *said = in->s && in->s->imap_response ? in->s->imap_response : "";
	if (imap_conn_lost(r)) {
		g_set_error(error, DD_INBOX_ERROR, DD_INBOX_CONNECT,
			    "imap %s:%u: %s: connection lost (libetpan error %d)",
			    in->host, in->port, what, r);
		imap_drop(in);
	} else {
		g_set_error(error, DD_INBOX_ERROR, DD_INBOX_PROTOCOL,
			    "imap %s:%u: %s failed (libetpan error %d)%s%s",
			    in->host, in->port, what, r, *said ? ": " : "", said);
	}
}

/* ---------------------------------------------------------- certificates */

/* The trust list: the system store plus cfg->inbox_ca_file. */
static bool imap_load_trust(struct imap_inbox *in, const char *ca_file, GError **error)
{
	if (gnutls_x509_trust_list_init(&in->trust, 0) < 0) {
		g_set_error(error, DD_INBOX_ERROR, DD_INBOX_TLS, "gnutls: cannot make a trust list");
		return false;
	}
	int n_system = gnutls_x509_trust_list_add_system_trust(in->trust, 0, 0);
	if (ca_file && *ca_file) {
		int n = gnutls_x509_trust_list_add_trust_file(in->trust, ca_file, NULL,
							      GNUTLS_X509_FMT_PEM, 0, 0);
		if (n <= 0) {
			g_set_error(error, DD_INBOX_ERROR, DD_INBOX_CONFIG,
				    "inbox ca_file %s: no CA certificate could be read%s%s",
				    ca_file, n < 0 ? ": " : "", n < 0 ? gnutls_strerror(n) : "");
			return false;
		}
	} else if (n_system <= 0) {
		g_set_error(error, DD_INBOX_ERROR, DD_INBOX_CONFIG,
			    "no system CA certificates and no inbox ca_file: cannot check the server");
		return false;
	}
	return true;
}

/* Handshake callback: send the host name (SNI), except for IP addresses. */
static void imap_tls_setup(struct mailstream_ssl_context *ctx, void *data)
{
	struct imap_inbox *in = data;
	if (!g_hostname_is_ip_address(in->host))
		mailstream_ssl_set_server_name(ctx, in->host);
}

/* Check the chain the server presented: trusted, valid now, for in->host,
 * for TLS servers. Must run before LOGIN. */
static bool imap_verify_peer(struct imap_inbox *in, GError **error)
{
	carray *chain = mailstream_get_certificate_chain(in->s->imap_stream);
	gnutls_x509_crt_t crts[MAX_CHAIN];
	unsigned int got = 0, status = 0;
	unsigned int n = chain ? carray_count(chain) : 0;

	for (unsigned int i = 0; i < n && got < MAX_CHAIN; i++) {
		MMAPString *der = carray_get(chain, i);
		gnutls_datum_t d = { (unsigned char *)der->str, (unsigned int)der->len };
		if (gnutls_x509_crt_init(&crts[got]) < 0)
			break;
		if (gnutls_x509_crt_import(crts[got], &d, GNUTLS_X509_FMT_DER) < 0) {
			gnutls_x509_crt_deinit(crts[got]);
			break;
		}
		got++;
	}
	if (chain)
		mailstream_certificate_chain_free(chain);

	bool ok = false;
	if (got == 0) {
		g_set_error(error, DD_INBOX_ERROR, DD_INBOX_TLS,
			    "imap %s:%u: the server sent no certificate", in->host, in->port);
	} else {
		gnutls_typed_vdata_st check[] = {
			{ GNUTLS_DT_DNS_HOSTNAME, (unsigned char *)in->host, 0 },
			{ GNUTLS_DT_KEY_PURPOSE_OID, (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER, 0 },
		};
		int r = gnutls_x509_trust_list_verify_crt2(in->trust, crts, got, check, 2,
							   0, &status, NULL);
		if (r < 0) {
			g_set_error(error, DD_INBOX_ERROR, DD_INBOX_TLS,
				    "imap %s:%u: certificate check failed: %s",
				    in->host, in->port, gnutls_strerror(r));
		} else if (status != 0) {
			gnutls_datum_t why = { NULL, 0 };
			gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &why, 0);
			g_set_error(error, DD_INBOX_ERROR, DD_INBOX_TLS,
				    "imap %s:%u: certificate refused: %s", in->host, in->port,
				    why.data ? (const char *)why.data : "untrusted");
			gnutls_free(why.data);
		} else {
			ok = true;
		}
	}
	for (unsigned int i = 0; i < got; i++)
		gnutls_x509_crt_deinit(crts[i]);
	return ok;
}

/* ------------------------------------------------------------ connecting */

/* Ask the capabilities again (the greeting's, or those seen before TLS or
 * before LOGIN, are not the final ones). */
static bool imap_refresh_caps(struct imap_inbox *in, GError **error)
{
	struct mailimap_capability_data *caps = NULL;
	int r = mailimap_capability(in->s, &caps);
	if (!imap_ok(r)) {
		imap_fail(in, r, "CAPABILITY", error);
		return false;
	}
	mailimap_capability_data_free(caps);   /* a copy; the session keeps its own */
	return true;
}

/* TCP, then TLS (direct or STARTTLS), then the certificate check. */
static bool imap_open_tls(struct imap_inbox *in, GError **error)
{
	int r;
	if (in->tls_direct) {
		r = mailimap_ssl_connect_with_callback(in->s, in->host, in->port,
						       imap_tls_setup, in);
		if (!imap_ok(r)) {
			g_set_error(error, DD_INBOX_ERROR,
				    r == MAILIMAP_ERROR_SSL ? DD_INBOX_TLS : DD_INBOX_CONNECT,
				    "imap %s:%u: cannot connect%s (libetpan error %d)", in->host,
				    in->port, r == MAILIMAP_ERROR_SSL ? ": TLS handshake failed" : "", r);
			return false;
		}
		return imap_verify_peer(in, error);
	}

	r = mailimap_socket_connect(in->s, in->host, in->port);
	if (!imap_ok(r)) {
		g_set_error(error, DD_INBOX_ERROR, DD_INBOX_CONNECT,
			    "imap %s:%u: cannot connect (libetpan error %d)", in->host, in->port, r);
		return false;
	}
	if (r == MAILIMAP_NO_ERROR_AUTHENTICATED) {
		/* PREAUTH in clear: STARTTLS is impossible afterwards */
		g_set_error(error, DD_INBOX_ERROR, DD_INBOX_TLS,
			    "imap %s:%u: server sent PREAUTH before STARTTLS", in->host, in->port);
		return false;
	}
	r = mailimap_socket_starttls_with_callback(in->s, imap_tls_setup, in);
	if (!imap_ok(r)) {
		g_set_error(error, DD_INBOX_ERROR,
			    imap_conn_lost(r) ? DD_INBOX_CONNECT : DD_INBOX_TLS,
			    "imap %s:%u: STARTTLS failed (libetpan error %d)", in->host, in->port, r);
		return false;
	}
	/* Bytes that came with the STARTTLS reply were sent in clear and would
	 * be read as if protected (CVE-2020-15953): refuse them. */
	if (in->s->imap_stream->read_buffer_len > 0) {
		g_set_error(error, DD_INBOX_ERROR, DD_INBOX_TLS,
			    "imap %s:%u: data injected after STARTTLS", in->host, in->port);
		return false;
	}
	return imap_verify_peer(in, error);
}

/* LOGIN with the configured user (skipped after a PREAUTH greeting over TLS). */
static bool imap_login(struct imap_inbox *in, GError **error)
{
	if (!imap_refresh_caps(in, error))
		return false;
	if (mailimap_has_extension(in->s, "LOGINDISABLED")) {
		g_set_error(error, DD_INBOX_ERROR, DD_INBOX_AUTH,
			    "imap %s:%u: the server disables LOGIN", in->host, in->port);
		return false;
	}
	int r = mailimap_login(in->s, in->user, in->password);
	if (!imap_ok(r)) {
		if (r == MAILIMAP_ERROR_LOGIN) {
			const char *said = in->s->imap_response ? in->s->imap_response : "";
			g_set_error(error, DD_INBOX_ERROR, DD_INBOX_AUTH,
				    "imap %s:%u: LOGIN as %s refused: %s", in->host, in->port,
				    in->user, said);
		} else {
			imap_fail(in, r, "LOGIN", error);
		}
		return false;
	}
	return imap_refresh_caps(in, error);
}

/* May we store our own keyword in the selected mailbox? */
static bool imap_keyword_allowed(mailimap *s)
{
	clist *perm = s->imap_selection_info ? s->imap_selection_info->sel_perm_flags : NULL;
	for (clistiter *it = perm ? clist_begin(perm) : NULL; it; it = clist_next(it)) {
		struct mailimap_flag_perm *fp = clist_content(it);
		if (fp->fl_type == MAILIMAP_FLAG_PERM_ALL)
			return true;
		if (fp->fl_flag && fp->fl_flag->fl_type == MAILIMAP_FLAG_KEYWORD &&
		    fp->fl_flag->fl_data.fl_keyword &&
		    g_ascii_strcasecmp(fp->fl_flag->fl_data.fl_keyword, IMAP_DONE_KEYWORD) == 0)
			return true;
	}
	return false;
}

/* SELECT the mailbox; note its UIDVALIDITY and whether keywords are kept. */
static bool imap_select(struct imap_inbox *in, GError **error)
{
	int r = mailimap_select(in->s, in->mailbox);
	if (!imap_ok(r)) {
		imap_fail(in, r, "SELECT", error);
		return false;
	}
	uint32_t v = in->s->imap_selection_info->sel_uidvalidity;
	if (in->uidvalidity != 0 && v != in->uidvalidity)
		g_message("imap %s: UIDVALIDITY changed from %u to %u: earlier keys are void",
			  in->mailbox, in->uidvalidity, v);
	in->uidvalidity = v;
	in->keyword_ok = imap_keyword_allowed(in->s);
	if (!in->keyword_ok)
		g_warning("imap %s: the server does not keep the keyword %s; "
			  "handled messages are recognised by \\Seen only",
			  in->mailbox, IMAP_DONE_KEYWORD);
	return true;
}

/* A new, verified, logged-in session with the mailbox selected. */
static bool imap_connect(struct imap_inbox *in, GError **error)
{
	in->s = mailimap_new(0, NULL);
	if (!in->s) {
		g_set_error(error, DD_INBOX_ERROR, DD_INBOX_CONNECT, "imap: out of memory");
		return false;
	}
	mailimap_set_timeout(in->s, IMAP_TIMEOUT_S);
	bool ok = imap_open_tls(in, error) && imap_login(in, error) && imap_select(in, error);
	if (!ok)
		imap_drop(in);
	return ok;
}

/* One operation on the session, given to imap_run. */
typedef bool (*imap_op)(struct imap_inbox *in, void *arg, GError **error);

/* Run `op`, connecting first when needed. If it fails because a connection
 * opened by an earlier call turned out dead (the server restarted), connect
 * again and run it once more. */
static bool imap_run(struct imap_inbox *in, imap_op op, void *arg, GError **error)
{
	bool fresh = in->s == NULL;
	if (fresh && !imap_connect(in, error))
		return false;
	GError *e = NULL;
	if (op(in, arg, &e))
		return true;
	if (fresh || in->s || !g_error_matches(e, DD_INBOX_ERROR, DD_INBOX_CONNECT)) {
		g_propagate_error(error, e);
		return false;
	}
	g_clear_error(&e);
	if (!imap_connect(in, error))
		return false;
	return op(in, arg, error);
}

/* -------------------------------------------------------------- fetching */

/* A search key without arguments (UNDELETED, UNSEEN, ...). */
static struct mailimap_search_key *imap_key_simple(int type)
{
	return mailimap_search_key_new(type, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
				       NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL,
				       NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL);
}

static gint imap_uid_cmp(gconstpointer a, gconstpointer b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The UIDs of the pending messages, ascending (oldest first). NOOP first:
 * a server need not look for new mail before SEARCH (Dovecot reports it
 * only after the command), NOOP is the way to ask it to. */
static bool imap_search_pending(struct imap_inbox *in, GArray *uids, GError **error)
{
	int r = mailimap_noop(in->s);
	if (!imap_ok(r)) {
		imap_fail(in, r, "NOOP", error);
		return false;
	}
	struct mailimap_search_key *key = mailimap_search_key_new_multiple_empty();
	if (in->keyword_ok)
		mailimap_search_key_multiple_add(key,
			mailimap_search_key_new_unkeyword(strdup(IMAP_DONE_KEYWORD)));
	else
		mailimap_search_key_multiple_add(key, imap_key_simple(MAILIMAP_SEARCH_KEY_UNSEEN));
	mailimap_search_key_multiple_add(key, imap_key_simple(MAILIMAP_SEARCH_KEY_UNDELETED));

	clist *found = NULL;
	r = mailimap_uid_search(in->s, NULL, key, &found);
	mailimap_search_key_free(key);
	if (!imap_ok(r)) {
		imap_fail(in, r, "UID SEARCH", error);
		return false;
	}
	for (clistiter *it = clist_begin(found); it; it = clist_next(it))
		g_array_append_val(uids, *(uint32_t *)clist_content(it));
	mailimap_search_result_free(found);
	g_array_sort(uids, imap_uid_cmp);
	return true;
}

/* What FETCH UID RFC822.SIZE INTERNALDATE tells about one message. */
struct imap_meta {
	uint32_t uid;
	uint32_t size;
	gint64 received;
	bool seen;                   /* the server answered for this UID */
};

/* INTERNALDATE as unix seconds (0 when it makes no sense). */
static gint64 imap_date_to_unix(const struct mailimap_date_time *d)
{
	int zone = d->dt_zone < 0 ? -d->dt_zone : d->dt_zone;   /* +hhmm as a number */
	gint32 offset = (zone / 100) * 3600 + (zone % 100) * 60;
	GTimeZone *tz = g_time_zone_new_offset(d->dt_zone < 0 ? -offset : offset);
	GDateTime *dt = g_date_time_new(tz, d->dt_year, d->dt_month, d->dt_day,
					d->dt_hour, d->dt_min, d->dt_sec);
	gint64 t = dt ? g_date_time_to_unix(dt) : 0;
	if (dt)
		g_date_time_unref(dt);
	g_time_zone_unref(tz);
	return t;
}

/* Copy what one FETCH response says into the matching entry of `meta`. */
static void imap_meta_take(struct mailimap_msg_att *att, struct imap_meta *meta, guint n)
{
	uint32_t uid = 0, size = 0;
	gint64 received = 0;
	for (clistiter *i = clist_begin(att->att_list); i; i = clist_next(i)) {
		struct mailimap_msg_att_item *item = clist_content(i);
		if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
			continue;
		struct mailimap_msg_att_static *st = item->att_data.att_static;
		if (st->att_type == MAILIMAP_MSG_ATT_UID)
			uid = st->att_data.att_uid;
		else if (st->att_type == MAILIMAP_MSG_ATT_RFC822_SIZE)
			size = st->att_data.att_rfc822_size;
		else if (st->att_type == MAILIMAP_MSG_ATT_INTERNALDATE &&
			 st->att_data.att_internal_date)
			received = imap_date_to_unix(st->att_data.att_internal_date);
	}
	for (guint k = 0; k < n; k++) {
		if (meta[k].uid == uid && uid != 0) {
			meta[k].size = size;
			meta[k].received = received;
			meta[k].seen = true;
		}
	}
}

/* Size and arrival time of each message of `meta` (one command for all). */
static bool imap_fetch_meta(struct imap_inbox *in, struct imap_meta *meta, guint n,
			    GError **error)
{
	struct mailimap_set *set = mailimap_set_new_empty();
	for (guint k = 0; k < n; k++)
		mailimap_set_add_single(set, meta[k].uid);
	struct mailimap_fetch_type *ft = mailimap_fetch_type_new_fetch_att_list_empty();
	mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_rfc822_size());
	mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_internaldate());

	clist *res = NULL;
	int r = mailimap_uid_fetch(in->s, set, ft, &res);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (!imap_ok(r)) {
		imap_fail(in, r, "UID FETCH (RFC822.SIZE)", error);
		return false;
	}
	for (clistiter *it = clist_begin(res); it; it = clist_next(it))
		imap_meta_take(clist_content(it), meta, n);
	mailimap_fetch_list_free(res);
	return true;
}

/* The whole message `uid` (BODY.PEEK[]: \Seen stays as it is). *raw stays
 * NULL when the message has gone meanwhile. */
static bool imap_fetch_body(struct imap_inbox *in, uint32_t uid, GBytes **raw, GError **error)
{
	struct mailimap_set *set = mailimap_set_new_single(uid);
	struct mailimap_fetch_type *ft = mailimap_fetch_type_new_fetch_att_list_empty();
	mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft,
		mailimap_fetch_att_new_body_peek_section(mailimap_section_new(NULL)));

	clist *res = NULL;
	int r = mailimap_uid_fetch(in->s, set, ft, &res);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (!imap_ok(r)) {
		imap_fail(in, r, "UID FETCH (BODY.PEEK[])", error);
		return false;
	}
	/* unsolicited FETCH responses for other messages may be in the list */
	for (clistiter *m = clist_begin(res); m && !*raw; m = clist_next(m)) {
		struct mailimap_msg_att *att = clist_content(m);
		uint32_t got_uid = 0;
		struct mailimap_msg_att_body_section *body = NULL;
		for (clistiter *i = clist_begin(att->att_list); i; i = clist_next(i)) {
			struct mailimap_msg_att_item *item = clist_content(i);
			if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
				continue;
			struct mailimap_msg_att_static *st = item->att_data.att_static;
			if (st->att_type == MAILIMAP_MSG_ATT_UID)
				got_uid = st->att_data.att_uid;
			else if (st->att_type == MAILIMAP_MSG_ATT_BODY_SECTION)
				body = st->att_data.att_body_section;
		}
		if (got_uid == uid && body)
			*raw = g_bytes_new(body->sec_body_part ? body->sec_body_part : "",
					   body->sec_body_part ? body->sec_length : 0);
	}
	mailimap_fetch_list_free(res);
	return true;
}

static void imap_msg_free(gpointer p)
{
	inbox_msg_free(p);
}

struct imap_fetch_args {
	GPtrArray *out;
	guint max;
};

/* One attempt of inbox_fetch: search, sizes, bodies within the limit. The
 * messages go to args->out only when everything worked. */
static bool imap_fetch_once(struct imap_inbox *in, void *arg, GError **error)
{
	struct imap_fetch_args *a = arg;
	GArray *uids = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	GPtrArray *got = g_ptr_array_new_with_free_func(imap_msg_free);
	struct imap_meta *meta = NULL;
	bool ok = imap_search_pending(in, uids, error);
	guint n = MIN(uids->len, a->max);
	guint64 limit = in->base.cfg->max_message_bytes > 0
		? (guint64)in->base.cfg->max_message_bytes : G_MAXUINT64;

	if (ok && n > 0) {
		meta = g_new0(struct imap_meta, n);
		for (guint k = 0; k < n; k++)
			meta[k].uid = g_array_index(uids, uint32_t, k);
		ok = imap_fetch_meta(in, meta, n, error);
	}
	for (guint k = 0; ok && k < n; k++) {
		if (!meta[k].seen)
			continue;            /* expunged since the search */
		GBytes *raw = NULL;
		if (meta[k].size <= limit) {
			ok = imap_fetch_body(in, meta[k].uid, &raw, error);
			if (!ok || !raw)
				continue;
			if (g_bytes_get_size(raw) > limit)   /* RFC822.SIZE was wrong */
				g_clear_pointer(&raw, g_bytes_unref);
		}
		struct dd_inbox_msg *m = g_new0(struct dd_inbox_msg, 1);
		m->key = g_strdup_printf("imap:%s:%u:%u", in->mailbox, in->uidvalidity, meta[k].uid);
		m->raw = raw;
		m->received = meta[k].received;
		g_ptr_array_add(got, m);
	}
	if (ok) {
		for (guint k = 0; k < got->len; k++)
			g_ptr_array_add(a->out, got->pdata[k]);
		g_ptr_array_set_free_func(got, NULL);
	}
	g_ptr_array_unref(got);
	g_free(meta);
	g_array_unref(uids);
	return ok;
}

static bool imap_fetch(struct dd_inbox *base, GPtrArray *out, guint max, GError **error)
{
	struct imap_inbox *in = (struct imap_inbox *)base;
	struct imap_fetch_args a = { out, max };
	if (max == 0)
		return true;
	return imap_run(in, imap_fetch_once, &a, error);
}

/* ------------------------------------------------------------------ done */

/* "imap:<mailbox>:<uidvalidity>:<uid>" of this inbox → its two numbers. */
static bool imap_parse_key(struct imap_inbox *in, const char *key, uint32_t *validity,
			   uint32_t *uid, GError **error)
{
	g_autofree char *prefix = g_strdup_printf("imap:%s:", in->mailbox);
	guint64 v = 0, u = 0;
	g_auto(GStrv) nums = NULL;
	if (g_str_has_prefix(key, prefix)) {
		nums = g_strsplit(key + strlen(prefix), ":", -1);
		if (g_strv_length(nums) == 2 &&
		    g_ascii_string_to_unsigned(nums[0], 10, 1, G_MAXUINT32, &v, NULL) &&
		    g_ascii_string_to_unsigned(nums[1], 10, 1, G_MAXUINT32, &u, NULL)) {
			*validity = (uint32_t)v;
			*uid = (uint32_t)u;
			return true;
		}
	}
	g_set_error(error, DD_INBOX_ERROR, DD_INBOX_CONFIG,
		    "'%s' is not a message key of imap mailbox %s", key, in->mailbox);
	return false;
}

/* Is message `uid` still in the mailbox, not deleted? */
static bool imap_uid_present(struct imap_inbox *in, uint32_t uid, bool *present, GError **error)
{
	struct mailimap_search_key *key = mailimap_search_key_new_multiple_empty();
	mailimap_search_key_multiple_add(key,
		mailimap_search_key_new_uid(mailimap_set_new_single(uid)));
	mailimap_search_key_multiple_add(key, imap_key_simple(MAILIMAP_SEARCH_KEY_UNDELETED));
	clist *found = NULL;
	int r = mailimap_uid_search(in->s, NULL, key, &found);
	mailimap_search_key_free(key);
	if (!imap_ok(r)) {
		imap_fail(in, r, "UID SEARCH", error);
		return false;
	}
	*present = false;
	for (clistiter *it = clist_begin(found); it; it = clist_next(it))
		if (*(uint32_t *)clist_content(it) == uid)
			*present = true;
	mailimap_search_result_free(found);
	return true;
}

/* UID STORE +FLAGS.SILENT (flags) on one message; `deleted` adds \Deleted,
 * otherwise \Seen and our keyword. */
static bool imap_add_flags(struct imap_inbox *in, struct mailimap_set *set, bool deleted,
			   GError **error)
{
	struct mailimap_flag_list *fl = mailimap_flag_list_new_empty();
	if (deleted) {
		mailimap_flag_list_add(fl, mailimap_flag_new_deleted());
	} else {
		mailimap_flag_list_add(fl, mailimap_flag_new_seen());
		if (in->keyword_ok)
			mailimap_flag_list_add(fl, mailimap_flag_new_flag_keyword(strdup(IMAP_DONE_KEYWORD)));
	}
	struct mailimap_store_att_flags *sf = mailimap_store_att_flags_new_add_flags_silent(fl);
	int r = mailimap_uid_store(in->s, set, sf);
	mailimap_store_att_flags_free(sf);          /* frees fl and its flags */
	if (!imap_ok(r)) {
		imap_fail(in, r, "UID STORE", error);
		return false;
	}
	return true;
}

/* Move the (already flagged) message to cfg->inbox_done_folder: UID MOVE,
 * or COPY + \Deleted + UID EXPUNGE of that UID alone. Never a plain EXPUNGE,
 * which would remove every \Deleted message of the mailbox. */
static bool imap_move_done(struct imap_inbox *in, struct mailimap_set *set, GError **error)
{
	const char *folder = in->base.cfg->inbox_done_folder;
	int r;
	if (mailimap_has_extension(in->s, "MOVE")) {
		r = mailimap_uid_move(in->s, set, folder);
		if (!imap_ok(r)) {
			imap_fail(in, r, "UID MOVE", error);
			return false;
		}
		return true;
	}
	r = mailimap_uid_copy(in->s, set, folder);
	if (!imap_ok(r)) {
		imap_fail(in, r, "UID COPY", error);
		return false;
	}
	if (!imap_add_flags(in, set, true, error))
		return false;
	if (!mailimap_has_uidplus(in->s))
		return true;             /* stays \Deleted; searches skip it */
	r = mailimap_uid_expunge(in->s, set);
	if (!imap_ok(r)) {
		imap_fail(in, r, "UID EXPUNGE", error);
		return false;
	}
	return true;
}

struct imap_done_args {
	uint32_t validity;
	uint32_t uid;
};

static bool imap_done_once(struct imap_inbox *in, void *arg, GError **error)
{
	struct imap_done_args *a = arg;
	if (a->validity != in->uidvalidity) {
		g_message("imap %s: UIDVALIDITY is now %u, not %u: UID %u cannot be marked; "
			  "the message comes again under a new key",
			  in->mailbox, in->uidvalidity, a->validity, a->uid);
		return true;
	}
	struct mailimap_set *set = mailimap_set_new_single(a->uid);
	bool ok = true;
	const char *folder = in->base.cfg->inbox_done_folder;
	if (folder && *folder) {
		bool present = false;
		ok = imap_uid_present(in, a->uid, &present, error);
		if (ok && present)       /* gone: moved by an earlier call */
			ok = imap_add_flags(in, set, false, error) && imap_move_done(in, set, error);
	} else {
		ok = imap_add_flags(in, set, false, error);
	}
	mailimap_set_free(set);
	return ok;
}

static bool imap_done(struct dd_inbox *base, const char *key, GError **error)
{
	struct imap_inbox *in = (struct imap_inbox *)base;
	struct imap_done_args a;
	if (!imap_parse_key(in, key, &a.validity, &a.uid, error))
		return false;
	return imap_run(in, imap_done_once, &a, error);
}

/* ------------------------------------------------------------------ wait */

enum imap_wake { WAKE_TIMEOUT, WAKE_DATA, WAKE_SIGNAL };

/* Wait up to `seconds` for the socket to become readable, or for a signal
 * (EINTR, or inbox_wakeup() from a handler: see inbox_poll). */
static enum imap_wake imap_poll_socket(struct imap_inbox *in, int seconds)
{
	/* a reply may already sit in libetpan's buffer */
	if (in->s->imap_stream->read_buffer_len > 0)
		return WAKE_DATA;
	int r = inbox_poll(mailimap_idle_get_fd(in->s), POLLIN, seconds * 1000);
	if (r == -1)
		return WAKE_SIGNAL;
	return r == 0 ? WAKE_TIMEOUT : WAKE_DATA;   /* -2: let the next read find out */
}

/* One IDLE of at most `seconds`. *arrived tells whether the server
 * announced new messages (EXISTS or RECENT), *by_signal whether a signal
 * ended it. */
static bool imap_idle_once(struct imap_inbox *in, int seconds, bool *arrived, bool *by_signal,
			   GError **error)
{
	if (!in->idle_setup) {
		if (mailstream_setup_idle(in->s->imap_stream) < 0) {
			g_set_error(error, DD_INBOX_ERROR, DD_INBOX_PROTOCOL, "imap: cannot set up IDLE");
			return false;
		}
		in->idle_setup = true;
	}
	int r = mailimap_idle(in->s);
	if (!imap_ok(r)) {
		imap_fail(in, r, "IDLE", error);
		return false;
	}
	enum imap_wake why = imap_poll_socket(in, seconds);
	r = mailimap_idle_done(in->s);     /* reads what came, sets sel_has_exists */
	if (!imap_ok(r)) {
		imap_fail(in, r, "IDLE (DONE)", error);
		return false;
	}
	*by_signal = why == WAKE_SIGNAL;
	*arrived = in->s->imap_selection_info->sel_has_exists ||
		   in->s->imap_selection_info->sel_has_recent;
	return true;
}

/* Without IDLE: sleep (a signal ends it), then NOOP so that the next
 * search sees new messages. */
static bool imap_wait_noop(struct imap_inbox *in, int seconds, GError **error)
{
	if (imap_poll_socket(in, seconds) == WAKE_SIGNAL)
		return true;
	int r = mailimap_noop(in->s);
	if (!imap_ok(r)) {
		imap_fail(in, r, "NOOP", error);
		return false;
	}
	return true;
}

static bool imap_wait_once(struct imap_inbox *in, void *arg, GError **error)
{
	int timeout_s = *(int *)arg;
	if (!mailimap_has_idle(in->s))
		return imap_wait_noop(in, timeout_s, error);
	gint64 deadline = g_get_monotonic_time() + (gint64)timeout_s * G_USEC_PER_SEC;
	for (;;) {
		gint64 left = (deadline - g_get_monotonic_time() + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
		if (left <= 0)
			return true;
		bool arrived = false, by_signal = false;
		if (!imap_idle_once(in, (int)MIN(left, IDLE_MAX_S), &arrived, &by_signal, error))
			return false;
		if (arrived || by_signal)
			return true;
		/* a keep-alive, a flag change, or the IDLE period ended: idle again */
	}
}

/* No second attempt here (unlike fetch and done): when the connection is
 * lost during the wait, messages may have arrived meanwhile and a new IDLE
 * would not announce them. The error goes to the caller, whose next fetch
 * connects again and searches. */
static bool imap_wait(struct dd_inbox *base, int timeout_s, GError **error)
{
	struct imap_inbox *in = (struct imap_inbox *)base;
	if (timeout_s < 0)
		timeout_s = 0;
	if (!in->s && !imap_connect(in, error))
		return false;
	return imap_wait_once(in, &timeout_s, error);
}

/* ----------------------------------------------------------- open, close */

static void imap_close(struct dd_inbox *base)
{
	struct imap_inbox *in = (struct imap_inbox *)base;
	if (in->s) {
		mailimap_set_timeout(in->s, IMAP_CLOSE_TIMEOUT_S);
		mailimap_logout(in->s);
		imap_drop(in);
	}
	if (in->trust)
		gnutls_x509_trust_list_deinit(in->trust, 1);
	if (in->password) {
		explicit_bzero(in->password, strlen(in->password));
		g_free(in->password);
	}
	g_free(in->host);
	g_free(in->mailbox);
	g_free(in->user);
	g_free(in);
}

static const struct dd_inbox_ops imap_ops = {
	.fetch = imap_fetch,
	.done = imap_done,
	.wait = imap_wait,
	.close = imap_close,
};

/* host, port, mailbox and TLS mode from the url. */
static bool imap_parse_url(struct imap_inbox *in, const char *url, GError **error)
{
	g_autoptr(GError) e = NULL;
	g_autoptr(GUri) uri = g_uri_parse(url, G_URI_FLAGS_NONE, &e);
	const char *scheme = uri ? g_uri_get_scheme(uri) : NULL;
	if (!uri || !scheme || (strcmp(scheme, "imaps") && strcmp(scheme, "imap")) ||
	    !g_uri_get_host(uri) || !*g_uri_get_host(uri) || g_uri_get_query(uri) ||
	    g_uri_get_userinfo(uri)) {
		g_set_error(error, DD_INBOX_ERROR, DD_INBOX_CONFIG,
			    "inbox url '%s': expected imaps://host[:port]/MAILBOX or "
			    "imap://host[:port]/MAILBOX%s%s", url, e ? ": " : "", e ? e->message : "");
		return false;
	}
	in->tls_direct = strcmp(scheme, "imaps") == 0;
	in->host = g_strdup(g_uri_get_host(uri));
	int port = g_uri_get_port(uri);
	in->port = port > 0 ? (guint16)port : (in->tls_direct ? 993 : 143);
	const char *path = g_uri_get_path(uri);   /* already %-decoded */
	while (*path == '/')
		path++;
	in->mailbox = g_strdup(*path ? path : "INBOX");
	return true;
}

/* User and password from the config. */
static bool imap_load_credentials(struct imap_inbox *in, const struct dd_config *cfg,
				  GError **error)
{
	if (!cfg->inbox_user || !*cfg->inbox_user || !cfg->inbox_password_file ||
	    !*cfg->inbox_password_file) {
		g_set_error(error, DD_INBOX_ERROR, DD_INBOX_CONFIG,
			    "inbox: an imap url needs user and password_file");
		return false;
	}
	GError *e = NULL;
	in->password = config_read_secret(cfg->inbox_password_file, &e);
	if (!in->password) {
		g_set_error(error, DD_INBOX_ERROR, DD_INBOX_CONFIG, "inbox password: %s",
			    e ? e->message : "cannot be read");
		g_clear_error(&e);
		return false;
	}
	in->user = g_strdup(cfg->inbox_user);
	return true;
}

struct dd_inbox *inbox_imap_open(const struct dd_config *cfg, const char *url, GError **error)
{
	struct imap_inbox *in = g_new0(struct imap_inbox, 1);
	in->base.ops = &imap_ops;
	in->base.cfg = cfg;
	if (!imap_parse_url(in, url, error) || !imap_load_credentials(in, cfg, error) ||
	    !imap_load_trust(in, cfg->inbox_ca_file, error) || !imap_connect(in, error)) {
		imap_close(&in->base);
		return NULL;
	}
	return &in->base;
}
