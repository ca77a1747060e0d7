/*
 * parse_cmd.c — `dondoc parse`: read directive files and print what they say.
 *
 * Each file is read by content (parsers/read.h), analysed (rules/directive.h)
 * and printed: with --json one JSON object per line in the shape of the
 * corpus gold files plus "file" (DESIGN.md), otherwise a readable summary.
 * A file that cannot be read still gives an object, with "error" set; the
 * exit status is then 1 and the other files are still processed.
 */
#include <errno.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "daemon/cli.h"
#include "parsers/read.h"
#include "rules/directive.h"

struct parse_opts {
	const char *units_file;
	const char *holidays_file;
	int register_within;
	bool json;
};

static void add_date(JsonBuilder *b, const char *key, dd_date d)
{
	char buf[16];
	json_builder_set_member_name(b, key);
	if (d == DD_NO_DATE)
		json_builder_add_null_value(b);
	else
		json_builder_add_string_value(b, date_format_iso(d, buf));
}

static void add_string(JsonBuilder *b, const char *key, const char *s)
{
	json_builder_set_member_name(b, key);
	if (s)
		json_builder_add_string_value(b, s);
	else
		json_builder_add_null_value(b);
}

static void add_strings(JsonBuilder *b, const char *key, GPtrArray *list)
{
	json_builder_set_member_name(b, key);
	json_builder_begin_array(b);
	for (guint i = 0; list && i < list->len; i++)
		json_builder_add_string_value(b, g_ptr_array_index(list, i));
	json_builder_end_array(b);
}

static void add_task(JsonBuilder *b, const struct dd_task *t)
{
	json_builder_begin_object(b);
	add_strings(b, "lead", t->lead);
	add_strings(b, "support", t->support);
	add_date(b, "due", t->due);
	add_string(b, "due_kind", deadline_kind_name(t->due_kind));
	add_string(b, "due_text", t->due_text);
	add_string(b, "summary", t->summary);
	json_builder_set_member_name(b, "confidence");
	json_builder_add_double_value(b, (double)(int)(t->confidence * 100 + 0.5) / 100);
	add_strings(b, "warnings", t->warnings);
	json_builder_end_object(b);
}

/* "ocr_pages": the pages (from 1) read by OCR; [] when all had text. */
static void add_ocr_pages(JsonBuilder *b, const struct dd_doc *doc)
{
	json_builder_set_member_name(b, "ocr_pages");
	json_builder_begin_array(b);
	for (guint i = 0; doc && doc->ocr_pages && i < doc->ocr_pages->len; i++)
		json_builder_add_int_value(b, g_array_index(doc->ocr_pages, int, i));
	json_builder_end_array(b);
}

static void add_document(JsonBuilder *b, const struct dd_doc *doc, const struct dd_directive *d)
{
	json_builder_set_member_name(b, "document");
	json_builder_begin_object(b);
	add_string(b, "number", d->number);
	add_string(b, "type", d->type);
	add_string(b, "issuer", d->issuer);
	add_string(b, "place", d->place);
	add_date(b, "issued", d->issued);
	add_string(b, "subject", d->subject);
	add_date(b, "register_by", d->register_by);
	add_string(b, "signer", d->signer);
	add_string(b, "urgency", d->urgency);
	add_strings(b, "recipients", d->recipients);
	add_ocr_pages(b, doc);
	json_builder_end_object(b);
}

static const char *error_code(const GError *e)
{
	if (e->domain != DD_READ_ERROR)
		return "io";
	switch (e->code) {
	case DD_READ_UNSUPPORTED: return "unsupported";
	case DD_READ_CORRUPT: return "corrupt";
	case DD_READ_NO_TEXT: return "no_text";
	case DD_READ_TOO_LARGE: return "too_large";
	default: return "empty";
	}
}

static void print_json(const char *file, const struct dd_doc *doc, const struct dd_directive *d,
                       const GError *err)
{
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	add_string(b, "file", file);
	if (err) {
		json_builder_set_member_name(b, "error");
		json_builder_begin_object(b);
		add_string(b, "code", error_code(err));
		add_string(b, "message", err->message);
		json_builder_end_object(b);
		json_builder_set_member_name(b, "tasks");
		json_builder_begin_array(b);
		json_builder_end_array(b);
	} else {
		add_document(b, doc, d);
		json_builder_set_member_name(b, "tasks");
		json_builder_begin_array(b);
		for (size_t i = 0; i < d->ntasks; i++)
			add_task(b, &d->tasks[i]);
		json_builder_end_array(b);
		add_strings(b, "warnings", d->warnings);
	}
	json_builder_end_object(b);
	JsonGenerator *g = json_generator_new();
	JsonNode *root = json_builder_get_root(b);
	json_generator_set_root(g, root);
	char *s = json_generator_to_data(g, NULL);
	puts(s);
	g_free(s);
	json_node_unref(root);
	g_object_unref(g);
	g_object_unref(b);
}

static void join_ids(GString *s, GPtrArray *ids)
{
	for (guint i = 0; i < ids->len; i++)
		g_string_append_printf(s, "%s%s", i ? ", " : "", (char *)g_ptr_array_index(ids, i));
}

static void print_human(const char *file, const struct dd_directive *d)
{
	char issued[16] = "?", reg[16] = "?", due[16];
	if (d->issued != DD_NO_DATE)
		date_format_iso(d->issued, issued);
	if (d->register_by != DD_NO_DATE)
		date_format_iso(d->register_by, reg);
	printf("%s: %s %s, %s, issued %s (register by %s)\n", file, d->type ? d->type : "?",
	       d->number ? d->number : "?", d->place ? d->place : "?", issued, reg);
	if (d->subject)
		printf("  %s\n", d->subject);
	for (size_t i = 0; i < d->ntasks; i++) {
		const struct dd_task *t = &d->tasks[i];
		GString *who = g_string_new(NULL);
		join_ids(who, t->lead);
		if (t->support->len) {
			g_string_append(who, " + ");
			join_ids(who, t->support);
		}
		printf("  %2zu. %-34s %-12s %-10s %s\n", i + 1, who->str, deadline_kind_name(t->due_kind),
		       t->due == DD_NO_DATE ? "-" : date_format_iso(t->due, due), t->summary);
		g_string_free(who, TRUE);
	}
	for (guint i = 0; i < d->warnings->len; i++)
		printf("  warning: %s\n", (char *)g_ptr_array_index(d->warnings, i));
}

/* Read a whole file, refusing more than the readers accept. */
static gboolean read_file(const char *path, char **buf, size_t *len, GError **error)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", path,
		            g_strerror(errno));
		return FALSE;
	}
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > DD_MAX_INPUT) {
		g_set_error(error, DD_READ_ERROR, DD_READ_TOO_LARGE,
		            "%s: %lld bytes, more than the %u accepted", path, (long long)st.st_size,
		            DD_MAX_INPUT);
		return FALSE;
	}
	gsize n = 0;
	if (!g_file_get_contents(path, buf, &n, error))
		return FALSE;
	*len = n;
	return TRUE;
}

static bool parse_one(const char *path, const struct parse_opts *o, const struct dd_units *units,
                      const struct dd_calendar *cal)
{
	GError *err = NULL;
	char *buf = NULL;
	size_t len = 0;
	struct dd_doc *doc = NULL;
	struct dd_directive *dir = NULL;

	if (read_file(path, &buf, &len, &err))
		doc = dd_read(buf, len, &err);
	if (doc)
		dir = directive_analyze(doc, units, cal, o->register_within);
	if (o->json)
		print_json(path, doc, dir, err);
	else if (err)
		fprintf(stderr, "dondoc: %s: %s\n", path, err->message);
	else
		print_human(path, dir);
	bool ok = err == NULL;
	g_clear_error(&err);
	directive_free(dir);
	dd_doc_free(doc);
	g_free(buf);
	return ok;
}

int cmd_parse(int argc, char **argv)
{
	struct parse_opts o = {NULL, NULL, 3, false};
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--json") == 0)
			o.json = true;
		else if (strcmp(argv[i], "--units") == 0 && i + 1 < argc)
			o.units_file = argv[++i];
		else if (strcmp(argv[i], "--holidays") == 0 && i + 1 < argc)
			o.holidays_file = argv[++i];
		else if (strcmp(argv[i], "--register-within") == 0 && i + 1 < argc)
			o.register_within = atoi(argv[++i]);
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else {
			fprintf(stderr, "dondoc parse: unknown option '%s'\n", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		fputs("usage: dondoc parse [--units FILE] [--holidays FILE] [--json] FILE...\n", stderr);
		return EXIT_USAGE;
	}

	GError *err = NULL;
	struct dd_units *units = NULL;
	if (o.units_file && !(units = units_load_file(o.units_file, &err))) {
		fprintf(stderr, "dondoc parse: %s\n", err->message);
		g_error_free(err);
		return EXIT_FAIL;
	}
	struct dd_calendar *cal = calendar_new();
	if (o.holidays_file && !calendar_load_file(cal, o.holidays_file, &err)) {
		fprintf(stderr, "dondoc parse: %s\n", err->message);
		g_error_free(err);
		units_free(units);
		calendar_free(cal);
		return EXIT_FAIL;
	}
	int status = EXIT_OK;
	for (; i < argc; i++)
		if (!parse_one(argv[i], &o, units, cal))
			status = EXIT_FAIL;
	units_free(units);
	calendar_free(cal);
	return status;
}
