/*
 * cli_import.c — `dondoc -c FILE import DIR`: bulk-ingest the directives
 * of a directory as if each had arrived by mail from the office address.
 *
 * Every .pdf, .docx, .odt, .txt and .eml file under DIR (sub-directories
 * too, in name order) goes through ingestion (ingest.h) like a message in
 * the inbox: read in the sandboxed child, analysed, registered with its
 * tasks in one transaction; a directive already registered is a duplicate,
 * a corrected one a new version. An import is trusted: the sender is not
 * checked and nothing is sent (no acknowledgement, no notice). A file is
 * keyed by its SHA-256 ("import:<sha256>"), so importing the same
 * directory again changes nothing.
 *
 * The reader child is `dondocd --parse-child`, taken from the directory of
 * the running dondoc. On a terminal a progress bar shows on stderr;
 * otherwise one line per file on stdout. Exit status: 0 when every file was
 * registered (or was already), 1 when one was quarantined or failed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon/cli.h"
#include "daemon/cli_common.h"
#include "daemon/clock.h"
#include "daemon/ingest.h"
#include "daemon/parse_child.h"

#define IMPORT_USAGE "-c FILE import DIR"
#define BAR_WIDTH 30

static const char *const EXTENSIONS[] = {".pdf", ".docx", ".odt", ".txt", ".eml"};

static bool wanted(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(EXTENSIONS); i++) {
		size_t n = strlen(name), e = strlen(EXTENSIONS[i]);
		if (n > e && g_ascii_strcasecmp(name + n - e, EXTENSIONS[i]) == 0)
			return true;
	}
	return false;
}

static gint by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every wanted file under `dir`, sorted, appended to `out`. */
static bool collect(const char *dir, GPtrArray *out, GError **error)
{
	GDir *d = g_dir_open(dir, 0, error);
	if (!d)
		return false;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while ((name = g_dir_read_name(d)))
		if (name[0] != '.')
			g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(names, by_name);
	bool ok = true;
	for (guint i = 0; ok && i < names->len; i++) {
		char *path = g_build_filename(dir, names->pdata[i], NULL);
		if (g_file_test(path, G_FILE_TEST_IS_DIR))
			ok = collect(path, out, error);
		else if (wanted(names->pdata[i]) && g_file_test(path, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(out, g_steal_pointer(&path));
		g_free(path);
	}
	g_ptr_array_unref(names);
	return ok;
}

/* The reader child: dondocd beside this program. */
static bool find_child_program(GError **error)
{
	char *self = g_file_read_link("/proc/self/exe", error);
	if (!self)
		return false;
	char *dir = g_path_get_dirname(self);
	char *prog = g_build_filename(dir, "dondocd", NULL);
	bool ok = g_file_test(prog, G_FILE_TEST_IS_EXECUTABLE);
	if (ok)
		parse_child_set_program(prog);
	else
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
		            "%s not found: dondoc import reads files with dondocd's sandboxed reader",
		            prog);
	g_free(self);
	g_free(dir);
	g_free(prog);
	return ok;
}

struct tally {
	guint registered, duplicates, quarantined, failed, seen;
};

/* What happened to one file, in a few words; counts it. */
static char *describe(const struct dd_ingest_result *r, struct tally *t)
{
	if (r->already_seen) {
		t->seen++;
		return g_strdup("imported before, unchanged");
	}
	switch (r->kind) {
	case DD_MSG_DIRECTIVE:
		t->registered++;
		return g_strdup_printf("registered %s%s: %d tasks, %d for review", r->number,
		                       r->version > 1 ? " (a corrected version)" : "", r->ntasks,
		                       r->nreview);
	case DD_MSG_DUPLICATE:
		t->duplicates++;
		return g_strdup_printf("%s is already registered (duplicate)", r->number);
	case DD_MSG_REPLY:
		t->quarantined++;
		return g_strdup("a reply to dondoc, kept for review");
	default:
		t->quarantined++;
		return g_strdup_printf("quarantined: %s", r->reason);
	}
}

/* Ingest one file; false when the store failed. */
static bool import_file(const struct dd_ingest *ctx, const char *path,
                        struct dd_ingest_result *res, GError **error)
{
	gchar *data;
	gsize len;
	if (!g_file_get_contents(path, &data, &len, error))
		return false;
	GBytes *bytes = g_bytes_new_take(data, len);
	char *sha = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, bytes);
	char *key = g_strconcat("import:", sha, NULL);
	bool ok;
	if (g_str_has_suffix(path, ".eml") || g_str_has_suffix(path, ".EML")) {
		struct dd_inbox_msg m = {key, bytes, clock_now()};
		ok = ingest_message(ctx, &m, DD_INGEST_TRUSTED, res, error);
	} else {
		ok = ingest_document(ctx, key, path, bytes, res, error);
	}
	g_free(key);
	g_free(sha);
	g_bytes_unref(bytes);
	return ok;
}

static void draw_bar(guint done, guint total, const char *name)
{
	int filled = total ? (int)(BAR_WIDTH * done / total) : BAR_WIDTH;
	char *base = *name ? g_path_get_basename(name) : g_strdup("done");
	fprintf(stderr, "\r\033[K[%.*s%*s] %u/%u %s", filled, "##############################",
	        BAR_WIDTH - filled, "", done, total, base);
	fflush(stderr);
	g_free(base);
}

int cmd_import(int argc, char **argv)
{
	GPtrArray *pos = g_ptr_array_new();
	if (!cli_parse(argc, argv, NULL, 0, pos, 1, 1, IMPORT_USAGE)) {
		g_ptr_array_unref(pos);
		return EXIT_USAGE;
	}
	const char *dir = pos->pdata[0];
	g_ptr_array_unref(pos);

	struct cli_ctx c = {0};
	if (!cli_open(&c, true))
		return EXIT_FAIL;
	GError *err = NULL;
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	struct dd_units *units = NULL;
	struct dd_calendar *cal = NULL;
	char *holidays = NULL;
	if (!find_child_program(&err) || !collect(dir, files, &err) ||
	    !(units = units_load_file(c.cfg->units_file, &err)) ||
	    (c.cfg->holidays_file && !g_file_get_contents(c.cfg->holidays_file, &holidays, NULL, &err)) ||
	    !(cal = ingest_calendar(holidays, c.cfg->holidays_file, c.st, &err))) {
		int code = cli_fail(err);
		g_ptr_array_unref(files);
		units_free(units);
		g_free(holidays);
		cli_close(&c);
		return code;
	}

	bool tty = isatty(STDERR_FILENO);
	struct dd_ingest ctx = {c.cfg, c.st, units, cal};
	struct tally t = {0};
	for (guint i = 0; i < files->len; i++) {
		const char *path = files->pdata[i];
		struct dd_ingest_result r = {0};
		if (tty)
			draw_bar(i, files->len, path);
		char *what;
		if (import_file(&ctx, path, &r, &err)) {
			what = describe(&r, &t);
		} else {
			t.failed++;
			what = g_strdup_printf("failed: %s", err->message);
			g_clear_error(&err);
		}
		bool trouble = !r.already_seen && (r.kind == DD_MSG_QUARANTINED || r.kind == DD_MSG_REPLY);
		if (tty && (trouble || g_str_has_prefix(what, "failed")))
			fprintf(stderr, "\r\033[Kdondoc import: %s: %s\n", path, what);
		else if (!tty)
			printf("%s: %s\n", path, what);
		g_free(what);
		ingest_result_clear(&r);
	}
	if (tty) {
		draw_bar(files->len, files->len, "");
		fputc('\n', stderr);
	}
	printf("%u files: %u registered, %u duplicates, %u quarantined, %u failed, %u imported before\n",
	       files->len, t.registered, t.duplicates, t.quarantined, t.failed, t.seen);
	g_ptr_array_unref(files);
	calendar_free(cal);
	units_free(units);
	g_free(holidays);
	cli_close(&c);
	return t.quarantined || t.failed ? EXIT_FAIL : EXIT_OK;
}
