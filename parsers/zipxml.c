/*
 * zipxml.c — zip members and XML parts read with limits (see zipxml.h).
 *
 * Why this is careful: a DOCX or ODT arrives by mail from anyone. Its zip
 * directory may claim any size for a member, and the compressed data may
 * inflate to far more than it claims; its XML may carry a DTD with
 * external entities (XXE) or entity bombs, or nest elements until a
 * recursive consumer runs out of stack. We therefore
 *   - refuse a member whose declared size is over DD_MAX_PART, allocate
 *     exactly the declared size, and treat one byte more than declared as
 *     an error (libzip checks the CRC when the data runs out);
 *   - parse XML without DTD loading, entity substitution or network
 *     access, reject the DOCTYPE node outright, and cap nesting depth.
 */
#include "parsers/zipxml.h"

#include <errno.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/read.h"

zip_t *dd_zip_open(const void *buf, size_t len, const char *what, GError **error)
{
	if (len > DD_MAX_INPUT) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
		            "%s file of %zu bytes is over the limit of %u bytes",
		            what, len, (unsigned)DD_MAX_INPUT);
		return NULL;
	}
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
	if (!src) {
		g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT, "%s: cannot read as zip: %s",
		            what, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return NULL;
	}
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!za) {
		g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT, "%s: not a valid zip archive: %s",
		            what, zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return NULL;
	}
	zip_error_fini(&ze);
	if (zip_get_num_entries(za, 0) > DD_ZIP_MAX_ENTRIES) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
		            "%s: the archive lists more than %d members", what, DD_ZIP_MAX_ENTRIES);
		zip_discard(za);
		return NULL;
	}
	return za;
}

/* Check what the directory says about member `idx` before reading it. */
static gboolean member_acceptable(zip_t *za, zip_int64_t idx, const char *name,
                                  zip_uint64_t *size, GError **error)
{
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) != 0) {
		g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT, "%s: %s", name, zip_strerror(za));
		return FALSE;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		g_set_error(error, DD_READ_ERROR, DD_READ_UNSUPPORTED,
		            "%s is encrypted (password-protected documents are not read)", name);
		return FALSE;
	}
	if (!(st.valid & ZIP_STAT_SIZE)) {
		g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT,
		            "%s: the zip directory gives no size", name);
		return FALSE;
	}
	if (st.size > DD_MAX_PART) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
		            "%s declares %" G_GUINT64_FORMAT " bytes uncompressed, over the limit of %u",
		            name, (guint64)st.size, (unsigned)DD_MAX_PART);
		return FALSE;
	}
	*size = st.size;
	return TRUE;
}

/* Read exactly `size` bytes of an open member into `buf`, then make sure
 * there is nothing more: a member longer than declared is refused. */
static gboolean read_exactly(zip_file_t *zf, const char *name, char *buf,
                             zip_uint64_t size, GError **error)
{
	zip_uint64_t got = 0;
	while (got < size) {
		zip_int64_t n = zip_fread(zf, buf + got, size - got);
		if (n < 0) {
			g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT, "%s: %s",
			            name, zip_file_strerror(zf));
			return FALSE;
		}
		if (n == 0) {
			g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT,
			            "%s is shorter than its declared size", name);
			return FALSE;
		}
		got += (zip_uint64_t)n;
	}
	char extra;
	zip_int64_t n = zip_fread(zf, &extra, 1);
	if (n > 0) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
		            "%s holds more data than its declared size", name);
		return FALSE;
	}
	if (n < 0) {
		g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT, "%s: %s",
		            name, zip_file_strerror(zf));
		return FALSE;
	}
	return TRUE;
}

gboolean dd_zip_read(zip_t *za, const char *name, gboolean required,
                     char **out, size_t *outlen, GError **error)
{
	*out = NULL;
	*outlen = 0;
	zip_int64_t idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
	if (idx < 0) {
		if (!required)
			return TRUE;
		g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT, "the archive has no %s", name);
		return FALSE;
	}
	zip_uint64_t size;
	if (!member_acceptable(za, idx, name, &size, error))
		return FALSE;

	char *buf = g_try_malloc(size + 1);
	if (!buf) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
		            "%s: no memory for %" G_GUINT64_FORMAT " bytes", name, (guint64)size);
		return FALSE;
	}
	zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!zf) {
		g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT, "%s: %s", name, zip_strerror(za));
		g_free(buf);
		return FALSE;
	}
	gboolean ok = read_exactly(zf, name, buf, size, error);
	zip_fclose(zf);
	if (!ok) {
		g_free(buf);
		return FALSE;
	}
	buf[size] = '\0';
	*out = buf;
	*outlen = (size_t)size;
	return TRUE;
}

/* libxml2 calls this for each problem; keep the first real error. */
static void on_xml_error(void *arg, xmlErrorPtr e)
{
	struct dd_xml *x = arg;
	if (!e || e->level < XML_ERR_ERROR || x->first_error)
		return;
	char *msg = g_strdup(e->message ? e->message : "unknown error");
	g_strchomp(msg);
	x->first_error = g_strdup_printf("line %d: %s", e->line, msg);
	g_free(msg);
}

/* TRUE when the prolog (before the root element) holds a DOCTYPE. Found
 * here, before libxml2 starts on the internal subset, so that every DTD is
 * refused with the same message. (A UTF-16 part slips past this look, and
 * is caught by the node check in dd_xml_next.) */
static gboolean prolog_has_doctype(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		if (g_ascii_isspace(*p)) {
			p++;
		} else if (end - p >= 2 && (memcmp(p, "<?", 2) == 0 || memcmp(p, "<!--", MIN(4, (size_t)(end - p))) == 0)) {
			const char *close = g_strstr_len(p + 2, end - p - 2, p[1] == '?' ? "?>" : "-->");
			if (!close)
				return FALSE;
			p = close + 2;
		} else {
			return end - p >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0;
		}
	}
	return FALSE;
}

gboolean dd_xml_open(struct dd_xml *x, const char *buf, size_t len,
                     const char *part, GError **error)
{
	memset(x, 0, sizeof *x);
	x->part = part;
	if (len > DD_MAX_PART || len > (size_t)G_MAXINT) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE, "%s is too large", part);
		return FALSE;
	}
	if (prolog_has_doctype(buf, len)) {
		g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT,
		            "%s declares a DTD or entities, which office documents never do", part);
		return FALSE;
	}
	/* No XML_PARSE_NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE: entities are
	 * never substituted and nothing outside the buffer is ever read. */
	int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
	x->reader = xmlReaderForMemory(buf, (int)len, NULL, NULL, options);
	if (!x->reader) {
		g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT, "%s: cannot start the XML parser", part);
		return FALSE;
	}
	xmlTextReaderSetStructuredErrorHandler(x->reader, on_xml_error, x);
	return TRUE;
}

/* libxml2 stops on its own at 256 levels; report that as a limit too. */
static int depth_error_code(const char *msg)
{
	return msg && strstr(msg, "Excessive depth") ? DD_READ_TOO_LARGE : DD_READ_CORRUPT;
}

int dd_xml_next(struct dd_xml *x, GError **error)
{
	int rc = xmlTextReaderRead(x->reader);
	if (rc == 0)
		return 0;
	if (rc < 0 || x->first_error) {
		const char *msg = x->first_error ? x->first_error : "unreadable XML";
		g_set_error(error, DD_READ_ERROR, depth_error_code(msg),
		            "%s: malformed XML, %s", x->part, msg);
		return -1;
	}
	x->type = xmlTextReaderNodeType(x->reader);
	x->depth = xmlTextReaderDepth(x->reader);
	x->empty = x->type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(x->reader) == 1;
	if (x->type == XML_READER_TYPE_DOCUMENT_TYPE || x->type == XML_READER_TYPE_ENTITY_REFERENCE
	    || x->type == XML_READER_TYPE_ENTITY) {
		g_set_error(error, DD_READ_ERROR, DD_READ_CORRUPT,
		            "%s declares a DTD or entities, which office documents never do", x->part);
		return -1;
	}
	if (x->depth > DD_XML_MAX_DEPTH) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
		            "%s nests elements deeper than %d levels", x->part, DD_XML_MAX_DEPTH);
		return -1;
	}
	return 1;
}

void dd_xml_close(struct dd_xml *x)
{
	if (x->reader)
		xmlFreeTextReader(x->reader);
	x->reader = NULL;
	g_free(x->first_error);
	x->first_error = NULL;
}

const char *dd_xml_ns(const struct dd_xml *x)
{
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(x->reader);
	return ns ? (const char *)ns : "";
}

const char *dd_xml_name(const struct dd_xml *x)
{
	const xmlChar *name = xmlTextReaderConstLocalName(x->reader);
	return name ? (const char *)name : "";
}

gboolean dd_xml_is(const struct dd_xml *x, const char *ns, const char *local)
{
	if (x->type != XML_READER_TYPE_ELEMENT && x->type != XML_READER_TYPE_END_ELEMENT)
		return FALSE;
	return strcmp(dd_xml_name(x), local) == 0 && strcmp(dd_xml_ns(x), ns) == 0;
}

const char *dd_xml_value(const struct dd_xml *x)
{
	const xmlChar *v = xmlTextReaderConstValue(x->reader);
	return v ? (const char *)v : "";
}

gboolean dd_xml_is_text(const struct dd_xml *x)
{
	return x->type == XML_READER_TYPE_TEXT || x->type == XML_READER_TYPE_CDATA
	       || x->type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE
	       || x->type == XML_READER_TYPE_WHITESPACE;
}

char *dd_xml_attr(const struct dd_xml *x, const char *ns, const char *local)
{
	xmlChar *v = ns ? xmlTextReaderGetAttributeNs(x->reader, BAD_CAST local, BAD_CAST ns)
	                : xmlTextReaderGetAttribute(x->reader, BAD_CAST local);
	if (!v)
		return NULL;
	char *copy = g_strdup((const char *)v);
	xmlFree(v);
	return copy;
}

int dd_xml_attr_int(const struct dd_xml *x, const char *ns, const char *local,
                    int lo, int hi, int dflt)
{
	char *v = dd_xml_attr(x, ns, local);
	if (!v)
		return dflt;
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	gboolean ok = end != v && errno == 0;
	g_free(v);
	if (!ok)
		return dflt;
	if (n < lo)
		return lo;
	if (n > hi)
		return hi;
	return (int)n;
}

void dd_xml_skip(const struct dd_xml *x, int *skip)
{
	if (x->type == XML_READER_TYPE_ELEMENT && !x->empty)
		*skip = x->depth;
}

gboolean dd_xml_skipping(const struct dd_xml *x, int *skip)
{
	if (*skip < 0)
		return FALSE;
	if (x->depth <= *skip)
		*skip = -1;   /* the end of the element passed over */
	return TRUE;
}
