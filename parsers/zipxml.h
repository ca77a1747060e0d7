/*
 * zipxml.h — reading XML parts out of an untrusted zip (DOCX, ODT).
 *
 * DOCX and ODT are zip archives of XML files. Both readers need the same
 * two careful steps, which live here:
 *
 *   1. dd_zip_open() + dd_zip_read(): open the archive from memory and
 *      read one member into a buffer, refusing encrypted members and any
 *      member whose size (declared, or actual while reading) is over
 *      DD_MAX_PART. A zip bomb or a header that lies about the size is an
 *      error, never an allocation of the lied-about size.
 *
 *   2. struct dd_xml: a libxml2 streaming reader over such a buffer that
 *      never loads a DTD, never expands entities, never touches the
 *      network, refuses any DOCTYPE, caps the element nesting depth, and
 *      turns libxml2's first error into a GError; dd_xml_skip() and
 *      dd_xml_skipping() help a reader pass over a subtree it does not
 *      want (deleted text, notes, properties).
 *
 * Every error is a GError in DD_READ_ERROR (parsers/read.h):
 * DD_READ_CORRUPT for a broken zip or malformed XML, DD_READ_TOO_LARGE for
 * a limit, DD_READ_UNSUPPORTED for an encrypted member.
 *
 * Ownership: buffers from dd_zip_read() are the caller's (g_free). The
 * archive from dd_zip_open() borrows the input bytes, which must outlive
 * it; close it with zip_discard().
 */
#ifndef DONDOC_PARSERS_ZIPXML_H
#define DONDOC_PARSERS_ZIPXML_H

#include <glib.h>
#include <libxml/xmlreader.h>
#include <stddef.h>
#include <zip.h>

/* Deepest element nesting accepted in any XML part. Real documents stay
 * far below (a table in a table in a text box is about 30). */
#define DD_XML_MAX_DEPTH  160

/* Most members an archive may list. */
#define DD_ZIP_MAX_ENTRIES 20000

/* Open `len` bytes at `buf` as a zip archive (read-only, borrowed).
 * `what` names the format for messages ("DOCX"). NULL on error. */
zip_t *dd_zip_open(const void *buf, size_t len, const char *what, GError **error);

/* Read member `name` (case-insensitive) whole. On success *out holds
 * *outlen bytes plus a terminating NUL (g_free it). A missing member is an
 * error (DD_READ_CORRUPT) when `required`; otherwise TRUE with *out NULL. */
gboolean dd_zip_read(zip_t *za, const char *name, gboolean required,
                     char **out, size_t *outlen, GError **error);

/* A streaming XML reader with the limits above. */
struct dd_xml {
	xmlTextReaderPtr reader;
	const char *part;      /* member name, for messages (borrowed) */
	char *first_error;     /* libxml2's first error message, or NULL */
	int depth;             /* depth of the current node */
	int type;              /* XML_READER_TYPE_* of the current node */
	gboolean empty;        /* current element is <empty/> (no end node follows) */
};

/* Start reading `len` bytes of `buf` (borrowed, must outlive the reader).
 * `part` is borrowed too. FALSE with a GError when libxml2 refuses. */
gboolean dd_xml_open(struct dd_xml *x, const char *buf, size_t len,
                     const char *part, GError **error);

/* Advance to the next node: 1 on a node, 0 at the end, -1 with a GError
 * (malformed XML, a DOCTYPE, nesting deeper than DD_XML_MAX_DEPTH). */
int dd_xml_next(struct dd_xml *x, GError **error);

/* Free the reader (safe on a zeroed or already closed struct). */
void dd_xml_close(struct dd_xml *x);

/* TRUE when the current node is an element start or end named `local` in
 * namespace `ns` (matched by URI, never by prefix). */
gboolean dd_xml_is(const struct dd_xml *x, const char *ns, const char *local);

/* The current element's namespace URI and local name (borrowed until the
 * next dd_xml_next; "" when none). */
const char *dd_xml_ns(const struct dd_xml *x);
const char *dd_xml_name(const struct dd_xml *x);

/* The text of the current text or whitespace node (borrowed until the
 * next dd_xml_next; "" when none), and TRUE when the node is text. */
const char *dd_xml_value(const struct dd_xml *x);
gboolean dd_xml_is_text(const struct dd_xml *x);

/* Attribute `local` in namespace `ns` (NULL ns: no namespace) of the
 * current element, g_malloc'd, or NULL when absent. */
char *dd_xml_attr(const struct dd_xml *x, const char *ns, const char *local);

/* The same attribute parsed as a decimal integer clamped to [lo, hi];
 * `dflt` when absent or not a number. */
int dd_xml_attr_int(const struct dd_xml *x, const char *ns, const char *local,
                    int lo, int hi, int dflt);

/* Passing over an element's whole subtree. `*skip` holds the depth of the
 * element being passed over, -1 when none.
 * dd_xml_skip(): pass over the current element; nothing to do for an empty
 * element or any other node, which have no subtree.
 * dd_xml_skipping(): TRUE when the current node lies in the subtree being
 * passed over, its end node included; at that end *skip becomes -1. */
void dd_xml_skip(const struct dd_xml *x, int *skip);
gboolean dd_xml_skipping(const struct dd_xml *x, int *skip);

#endif
