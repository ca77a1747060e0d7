/*
 * units_csv.c — an RFC 4180 record reader for units.csv.
 *
 * Fields are separated by ',', records by CRLF, LF or a lone CR. A field
 * that starts with '"' is quoted: it may hold commas and line breaks, and
 * '""' inside it stands for one '"'. A quote inside an unquoted field, or
 * anything but a separator after a closing quote, is an error. Field,
 * record and field-count limits (units_internal.h) are errors too, so the
 * reader can be fed untrusted bytes. Messages are "NAME:LINE: what".
 *
 * The caller checks UTF-8 and strips a BOM before reading.
 */
#include "rules/units_internal.h"

#include <string.h>

#include "rules/units.h"

static void set_error(GError **error, const struct csv_reader *r, unsigned line,
                      const char *what)
{
	g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%u: %s", r->name, line, what);
}

/* True when p starts a line break; *len gets its length (1 or 2). */
static bool at_line_break(const struct csv_reader *r, const char *p, size_t *len)
{
	if (p >= r->end)
		return false;
	if (*p == '\n') {
		*len = 1;
		return true;
	}
	if (*p == '\r') {
		*len = (p + 1 < r->end && p[1] == '\n') ? 2 : 1;
		return true;
	}
	return false;
}

/* Reads a quoted field; r->p is just past the opening quote. */
static bool read_quoted(struct csv_reader *r, GString *field, unsigned record_line,
                        GError **error)
{
	for (;;) {
		if (r->p >= r->end) {
			set_error(error, r, record_line, "unterminated quoted field");
			return false;
		}
		char c = *r->p;
		if (c == '"') {
			if (r->p + 1 < r->end && r->p[1] == '"') {
				g_string_append_c(field, '"');
				r->p += 2;
				continue;
			}
			r->p++;
			return true;
		}
		if (c == '\n' || (c == '\r' && !(r->p + 1 < r->end && r->p[1] == '\n')))
			r->line++;
		g_string_append_c(field, c);
		r->p++;
		if (field->len > UNITS_MAX_FIELD) {
			set_error(error, r, record_line, "field too long");
			return false;
		}
	}
}

/* Reads an unquoted field up to the next ',' or line break. */
static bool read_plain(struct csv_reader *r, GString *field, GError **error)
{
	size_t brk;
	while (r->p < r->end && *r->p != ',' && !at_line_break(r, r->p, &brk)) {
		if (*r->p == '"') {
			set_error(error, r, r->line, "quote inside an unquoted field");
			return false;
		}
		g_string_append_c(field, *r->p);
		r->p++;
		if (field->len > UNITS_MAX_FIELD) {
			set_error(error, r, r->line, "field too long");
			return false;
		}
	}
	return true;
}

int csv_next_record(struct csv_reader *r, GPtrArray *fields, unsigned *record_line,
                    GError **error)
{
	g_ptr_array_set_size(fields, 0);
	if (r->p >= r->end)
		return 0;
	*record_line = r->line;
	const char *record_start = r->p;
	GString *field = g_string_new(NULL);

	for (;;) {
		g_string_truncate(field, 0);
		bool ok;
		if (r->p < r->end && *r->p == '"') {
			r->p++;
			ok = read_quoted(r, field, *record_line, error);
			size_t brk;
			if (ok && r->p < r->end && *r->p != ',' && !at_line_break(r, r->p, &brk)) {
				set_error(error, r, r->line, "text after a closing quote");
				ok = false;
			}
		} else {
			ok = read_plain(r, field, error);
		}
		if (ok && fields->len >= UNITS_MAX_FIELDS) {
			set_error(error, r, *record_line, "too many fields");
			ok = false;
		}
		if (ok && (size_t)(r->p - record_start) > UNITS_MAX_RECORD) {
			set_error(error, r, *record_line, "record too long");
			ok = false;
		}
		if (!ok) {
			g_string_free(field, TRUE);
			return -1;
		}
		g_ptr_array_add(fields, g_strndup(field->str, field->len));

		size_t brk;
		if (r->p >= r->end)
			break;
		if (*r->p == ',') {
			r->p++;
			continue;
		}
		if (at_line_break(r, r->p, &brk)) {
			r->p += brk;
			r->line++;
			break;
		}
	}
	g_string_free(field, TRUE);
	return 1;
}
