/*
 * read.h — readers of untrusted document bytes.
 *
 * Every reader takes a length-bounded buffer and returns a struct dd_doc
 * (parsers/doc.h) or NULL with a GError in DD_READ_ERROR. Readers know
 * nothing about mail delivery, SQLite or the clock; they never touch the
 * file system beyond their input buffer.
 *
 * The format is detected from the bytes, never from a file name.
 */
#ifndef DONDOC_PARSERS_READ_H
#define DONDOC_PARSERS_READ_H

#include <glib.h>
#include <stddef.h>

#include "parsers/doc.h"

/* Limits on what a reader accepts; over-limit input is an error, not a crash. */
#define DD_MAX_INPUT        (64u << 20)  /* bytes of one input file */
#define DD_MAX_PART         (64u << 20)  /* uncompressed bytes of one zip member */
#define DD_MAX_PAGES        2000         /* PDF pages read */
#define DD_MAX_BLOCKS       200000       /* blocks in one document */
#define DD_MAX_MIME_DEPTH   16           /* nesting of multiparts / forwarded mail */

#define DD_READ_ERROR (dd_read_error_quark())
GQuark dd_read_error_quark(void);

enum dd_read_error {
	DD_READ_UNSUPPORTED,  /* a format dondoc does not read (.doc, RTF, images, ...) */
	DD_READ_CORRUPT,      /* the bytes claim a format but do not hold it */
	DD_READ_NO_TEXT,      /* a PDF with no text layer (a scan) */
	DD_READ_TOO_LARGE,    /* over one of the limits above */
	DD_READ_EMPTY,        /* nothing readable at all */
};

enum dd_format {
	DD_FMT_UNKNOWN,
	DD_FMT_PDF,
	DD_FMT_DOCX,
	DD_FMT_ODT,
	DD_FMT_EML,
	DD_FMT_TEXT,
	DD_FMT_DOC,    /* legacy Word (OLE2): recognised, refused */
	DD_FMT_RTF,    /* recognised, refused */
	DD_FMT_ZIP,    /* a zip that is neither DOCX nor ODT */
	DD_FMT_IMAGE,  /* PNG, JPEG, TIFF, GIF: recognised, refused */
};

/* What the bytes are, from their content alone. */
enum dd_format dd_detect(const void *buf, size_t len);
const char *dd_format_name(enum dd_format fmt);

/* The formats accepted, for error messages: "PDF, DOCX, ODT, plain text, .eml". */
#define DD_FORMATS_ACCEPTED "PDF, DOCX, ODT, plain text (UTF-8 or windows-1258) and e-mail (.eml)"

/* Detect and read. */
struct dd_doc *dd_read(const void *buf, size_t len, GError **error);

struct dd_doc *dd_read_pdf(const void *buf, size_t len, GError **error);
struct dd_doc *dd_read_docx(const void *buf, size_t len, GError **error);
struct dd_doc *dd_read_odt(const void *buf, size_t len, GError **error);
struct dd_doc *dd_read_text(const void *buf, size_t len, GError **error);
struct dd_doc *dd_read_eml(const void *buf, size_t len, GError **error);

#endif
