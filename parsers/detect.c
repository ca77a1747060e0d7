/*
 * detect.c — what a buffer holds, from its bytes alone, and the reader
 * dispatch (see read.h).
 *
 * dd_detect() looks at magic numbers first (PDF, zip, OLE2, RTF, images),
 * then at the shape of the start of the buffer (RFC 5322 headers make an
 * e-mail), and last at the encoding (text). A zip is opened with libzip
 * from memory and only its central directory is consulted, plus at most a
 * few dozen bytes of its "mimetype" member, so detection stays cheap even
 * for a hostile archive.
 *
 * dd_read() refuses what it recognises but does not read (legacy Word,
 * RTF, images, other zips) with DD_READ_UNSUPPORTED, naming the format.
 */
#include "parsers/read.h"

#include <string.h>
#include <zip.h>

#define PDF_MAGIC_WINDOW 1024  /* "%PDF-" may follow some junk */
#define ODT_MIMETYPE "application/vnd.oasis.opendocument.text"

GQuark dd_read_error_quark(void)
{
	return g_quark_from_static_string("dd-read-error");
}

const char *dd_format_name(enum dd_format fmt)
{
	switch (fmt) {
	case DD_FMT_PDF:   return "PDF";
	case DD_FMT_DOCX:  return "DOCX";
	case DD_FMT_ODT:   return "ODT";
	case DD_FMT_EML:   return "e-mail message";
	case DD_FMT_TEXT:  return "plain text";
	case DD_FMT_DOC:   return "legacy Word document (.doc)";
	case DD_FMT_RTF:   return "RTF document";
	case DD_FMT_ZIP:   return "zip archive";
	case DD_FMT_IMAGE: return "image";
	case DD_FMT_UNKNOWN: break;
	}
	return "unknown format";
}

static gboolean starts_with(const unsigned char *b, size_t len, const void *magic, size_t n)
{
	return len >= n && memcmp(b, magic, n) == 0;
}

/* PNG, JPEG, GIF or TIFF signature. */
static gboolean is_image(const unsigned char *b, size_t len)
{
	return starts_with(b, len, "\x89PNG\r\n\x1a\n", 8) ||
	       starts_with(b, len, "\xff\xd8\xff", 3) ||
	       starts_with(b, len, "GIF87a", 6) || starts_with(b, len, "GIF89a", 6) ||
	       starts_with(b, len, "II*\0", 4) || starts_with(b, len, "MM\0*", 4);
}

/* Does the zip member `name` start with `want`? Reads at most a few bytes. */
static gboolean member_starts_with(zip_t *za, const char *name, const char *want)
{
	char got[64];
	size_t n = strlen(want);
	zip_file_t *f = zip_fopen(za, name, 0);
	zip_int64_t r;

	if (!f)
		return FALSE;
	r = zip_fread(f, got, n < sizeof got ? n : sizeof got);
	zip_fclose(f);
	return r == (zip_int64_t)n && memcmp(got, want, n) == 0;
}

/* A zip we cannot open: guess from the member names in the local headers,
 * so that a damaged DOCX still reaches the DOCX reader and is reported as
 * corrupt rather than as "a zip archive". */
static enum dd_format classify_broken_zip(const void *buf, size_t len)
{
	if (memmem(buf, len, "word/document.xml", strlen("word/document.xml")))
		return DD_FMT_DOCX;
	if (memmem(buf, len, ODT_MIMETYPE, strlen(ODT_MIMETYPE)))
		return DD_FMT_ODT;
	return DD_FMT_ZIP;
}

/* DOCX, ODT or some other zip, from the central directory. */
static enum dd_format classify_zip(const void *buf, size_t len)
{
	zip_error_t zerr;
	zip_source_t *src;
	zip_t *za;
	enum dd_format fmt = DD_FMT_ZIP;

	zip_error_init(&zerr);
	src = zip_source_buffer_create(buf, len, 0, &zerr);
	if (!src) {
		zip_error_fini(&zerr);
		return classify_broken_zip(buf, len);
	}
	za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
	if (!za) {
		zip_source_free(src);
		zip_error_fini(&zerr);
		return classify_broken_zip(buf, len);
	}
	if (zip_name_locate(za, "word/document.xml", 0) >= 0)
		fmt = DD_FMT_DOCX;
	else if (zip_name_locate(za, "mimetype", 0) >= 0 &&
	         member_starts_with(za, "mimetype", ODT_MIMETYPE))
		fmt = DD_FMT_ODT;
	zip_discard(za);  /* also frees src */
	zip_error_fini(&zerr);
	return fmt;
}

/* One of the header names that make a block of "Name: value" lines mail. */
static gboolean is_mail_field(const char *name, size_t n)
{
	static const char *const fields[] = {
		"From", "Date", "Subject", "Message-ID", "MIME-Version",
		"Received", "Return-Path", "Content-Type",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
		if (strlen(fields[i]) == n && g_ascii_strncasecmp(name, fields[i], n) == 0)
			return TRUE;
	return FALSE;
}

/* Length of the RFC 5322 field name that starts `line` and is followed by
 * ':' (printable ASCII except ':' and space), or 0. */
static size_t field_name_len(const unsigned char *line, size_t n)
{
	size_t i = 0;
	while (i < n && line[i] > 32 && line[i] < 127 && line[i] != ':')
		i++;
	return i > 0 && i < n && line[i] == ':' ? i : 0;
}

/* Header lines up to a blank line (or the end), every one "Name: value" or
 * a folded continuation, at least one of them a typical mail field. An
 * mbox "From " separator line first is allowed, and so is a malformed
 * line after two or more typical fields. */
static gboolean looks_like_mail(const unsigned char *b, size_t len)
{
	size_t pos = 0, lines = 0, known_lines = 0;

	if (starts_with(b, len, "From ", 5)) {
		const unsigned char *nl = memchr(b, '\n', len);
		if (!nl)
			return FALSE;
		pos = (size_t)(nl - b) + 1;
	}
	while (pos < len) {
		const unsigned char *line = b + pos;
		const unsigned char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		size_t name;

		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0)
			break;  /* the blank line that ends the header */
		if (line[0] == ' ' || line[0] == '\t') {
			if (lines == 0)
				return FALSE;  /* a continuation with nothing to continue */
		} else if ((name = field_name_len(line, n)) > 0) {
			known_lines += is_mail_field((const char *)line, name);
		} else {
			/* a broken line: still mail when real fields came first */
			return known_lines >= 2;
		}
		lines++;
		pos += (nl ? (size_t)(nl - line) + 1 : len - pos);
	}
	return known_lines > 0;
}

/* Plain text: a UTF-16 byte-order mark, or no NUL and hardly any control
 * characters (UTF-8 or an 8-bit code page such as windows-1258). */
static gboolean looks_like_text(const unsigned char *b, size_t len)
{
	size_t controls = 0;

	if (starts_with(b, len, "\xff\xfe", 2) || starts_with(b, len, "\xfe\xff", 2))
		return TRUE;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = b[i];
		if (c == 0)
			return FALSE;
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f)
			controls++;
	}
	if (g_utf8_validate((const char *)b, (gssize)len, NULL))
		return controls == 0 || controls * 100 < len;
	return controls * 100 < len;  /* "mostly printable" 8-bit */
}

enum dd_format dd_detect(const void *buf, size_t len)
{
	const unsigned char *b = buf;
	size_t window = len < PDF_MAGIC_WINDOW ? len : PDF_MAGIC_WINDOW;

	if (!buf || len == 0)
		return DD_FMT_UNKNOWN;
	if (memmem(b, window, "%PDF-", 5))
		return DD_FMT_PDF;
	if (starts_with(b, len, "PK\3\4", 4))
		return classify_zip(buf, len);
	if (starts_with(b, len, "\xd0\xcf\x11\xe0", 4))
		return DD_FMT_DOC;
	if (starts_with(b, len, "{\\rtf", 5))
		return DD_FMT_RTF;
	if (is_image(b, len))
		return DD_FMT_IMAGE;
	if (looks_like_mail(b, len))
		return DD_FMT_EML;
	if (looks_like_text(b, len))
		return DD_FMT_TEXT;
	return DD_FMT_UNKNOWN;
}

struct dd_doc *dd_read(const void *buf, size_t len, GError **error)
{
	enum dd_format fmt;

	if (len > DD_MAX_INPUT) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
		            "input of %zu bytes is over the limit of %u bytes", len, DD_MAX_INPUT);
		return NULL;
	}
	if (!buf || len == 0) {
		g_set_error(error, DD_READ_ERROR, DD_READ_EMPTY, "empty input");
		return NULL;
	}
	fmt = dd_detect(buf, len);
	switch (fmt) {
	case DD_FMT_PDF:  return dd_read_pdf(buf, len, error);
	case DD_FMT_DOCX: return dd_read_docx(buf, len, error);
	case DD_FMT_ODT:  return dd_read_odt(buf, len, error);
	case DD_FMT_EML:  return dd_read_eml(buf, len, error);
	case DD_FMT_TEXT: return dd_read_text(buf, len, error);
	case DD_FMT_DOC:
	case DD_FMT_RTF:
	case DD_FMT_ZIP:
	case DD_FMT_IMAGE:
	case DD_FMT_UNKNOWN:
		break;
	}
	g_set_error(error, DD_READ_ERROR, DD_READ_UNSUPPORTED,
	            "unsupported format: %s (accepted: %s)", dd_format_name(fmt),
	            DD_FORMATS_ACCEPTED);
	return NULL;
}
