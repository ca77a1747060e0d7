/*
 * cli_common.c — what the store commands of `dondoc` share (cli_common.h):
 * the config named by `-c` (dondoc.c's main sets it), the store opened from
 * it, option parsing, aligned tables and JSON Lines, ids and dates.
 */
#include <string.h>

#include "daemon/cli_common.h"
#include "daemon/clock.h"

#define DEFAULT_CONFIG "/etc/dondoc/dondoc.conf"

static const char *config_path = DEFAULT_CONFIG;

void cli_set_config_path(const char *path)
{
	config_path = path;
}

/* ---- config and store --------------------------------------------------- */

bool cli_load_config(struct cli_ctx *c)
{
	GError *err = NULL;
	memset(c, 0, sizeof *c);
	c->cfg = config_load(config_path, &err);
	if (!c->cfg) {
		cli_fail(err);
		return false;
	}
	for (char **w = c->cfg->warnings; w && *w; w++)
		fprintf(stderr, "dondoc: warning: %s\n", *w);
	return true;
}

bool cli_open(struct cli_ctx *c, bool write)
{
	if (!cli_load_config(c))
		return false;
	const char *path = c->cfg->store_path;
	if (!write && !g_file_test(path, G_FILE_TEST_EXISTS)) {
		fprintf(stderr, "dondoc: %s: no store yet (dondocd creates it, and so does any "
		                "command that changes something, e.g. `dondoc units import`)\n", path);
		cli_close(c);
		return false;
	}
	GError *err = NULL;
	c->st = store_open(path, !write, &err);
	if (!c->st) {
		cli_fail(err);
		cli_close(c);
		return false;
	}
	return true;
}

void cli_close(struct cli_ctx *c)
{
	store_close(c->st);
	if (c->cfg)
		config_free(c->cfg);
	memset(c, 0, sizeof *c);
}

int cli_fail(GError *err)
{
	fprintf(stderr, "dondoc: %s\n", err ? err->message : "failed");
	if (err)
		g_error_free(err);
	return EXIT_FAIL;
}

int cli_fail_rollback(struct cli_ctx *c, GError *err)
{
	store_rollback(c->st);
	return cli_fail(err);
}

int cli_usage(const char *usage)
{
	fprintf(stderr, "usage: dondoc %s\n", usage);
	return EXIT_USAGE;
}

const char *cli_actor(void)
{
	static char *actor;
	if (!actor) {
		const char *user = g_getenv("USER");
		actor = g_strconcat("cli:", user && *user ? user : g_get_user_name(), NULL);
	}
	return actor;
}

dd_date cli_today(void)
{
	return clock_local_date(clock_now());
}

const char *cli_today_iso(void)
{
	static char buf[16];
	return date_format_iso(cli_today(), buf);
}

/* ---- arguments ---------------------------------------------------------- */

static const struct cli_opt *find_opt(const struct cli_opt *opts, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(opts[i].name, name) == 0)
			return &opts[i];
	return NULL;
}

bool cli_parse(int argc, char **argv, const struct cli_opt *opts, size_t nopts,
               GPtrArray *positional, guint min_pos, guint max_pos, const char *usage)
{
	bool options_done = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (options_done || a[0] != '-' || !a[1]) {
			g_ptr_array_add(positional, argv[i]);
			continue;
		}
		if (strcmp(a, "--") == 0) {
			options_done = true;
			continue;
		}
		const struct cli_opt *o = find_opt(opts, nopts, a);
		if (!o) {
			fprintf(stderr, "dondoc %s: unknown option '%s'\n", argv[0], a);
			cli_usage(usage);
			return false;
		}
		if (o->flag) {
			*o->flag = true;
		} else if (i + 1 < argc) {
			*o->value = argv[++i];
		} else {
			fprintf(stderr, "dondoc %s: %s needs a value\n", argv[0], a);
			cli_usage(usage);
			return false;
		}
	}
	if (positional->len < min_pos || positional->len > max_pos) {
		cli_usage(usage);
		return false;
	}
	return true;
}

bool cli_parse_id(const char *s, const char *what, int64_t *out)
{
	const char *digits = g_str_has_prefix(s, "NV-") ? s + 3 : s;
	guint64 v = 0;
	if (!g_ascii_string_to_unsigned(digits, 10, 1, G_MAXINT64, &v, NULL)) {
		fprintf(stderr, "dondoc: '%s' is not %s id\n", s, what);
		return false;
	}
	*out = (int64_t)v;
	return true;
}

bool cli_parse_date(const char *s, dd_date *out)
{
	*out = date_parse_iso(s);
	if (*out == DD_NO_DATE) {
		fprintf(stderr, "dondoc: '%s' is not a date YYYY-MM-DD\n", s);
		return false;
	}
	return true;
}

/* ---- tables ------------------------------------------------------------- */

struct cli_table {
	guint ncols;
	GPtrArray *cells;    /* char *, row after row; the headers first when given */
};

struct cli_table *cli_table_new(guint ncols, const char *const *headers)
{
	struct cli_table *t = g_new0(struct cli_table, 1);
	t->ncols = ncols;
	t->cells = g_ptr_array_new_with_free_func(g_free);
	if (headers)
		cli_table_add(t, headers);
	return t;
}

void cli_table_add(struct cli_table *t, const char *const *cells)
{
	for (guint i = 0; i < t->ncols; i++) {
		char *cell = g_strdup(cells[i] ? cells[i] : "-");
		g_ptr_array_add(t->cells, g_strdelimit(cell, "\r\n\t", ' '));
	}
}

void cli_table_print(struct cli_table *t, FILE *out)
{
	glong *width = g_new0(glong, t->ncols);
	for (guint i = 0; i < t->cells->len; i++)
		width[i % t->ncols] = MAX(width[i % t->ncols],
		                          g_utf8_strlen(g_ptr_array_index(t->cells, i), -1));
	for (guint i = 0; i < t->cells->len; i++) {
		guint col = i % t->ncols;
		const char *cell = g_ptr_array_index(t->cells, i);
		fputs(cell, out);
		if (col + 1 == t->ncols) {
			fputc('\n', out);
			continue;
		}
		for (glong pad = width[col] - g_utf8_strlen(cell, -1) + 2; pad > 0; pad--)
			fputc(' ', out);
	}
	g_free(width);
	g_ptr_array_unref(t->cells);
	g_free(t);
}

int cli_print_list(GPtrArray *items, GError *err, bool json, guint ncols,
                   const char *const *headers, cli_members_fn members, cli_row_fn add_row)
{
	if (!items)
		return cli_fail(err);
	struct cli_table *t = json ? NULL : cli_table_new(ncols, headers);
	for (guint i = 0; i < items->len; i++) {
		if (!json) {
			add_row(t, g_ptr_array_index(items, i));
			continue;
		}
		JsonBuilder *b = json_builder_new();
		json_builder_begin_object(b);
		members(b, g_ptr_array_index(items, i));
		json_builder_end_object(b);
		cli_json_print(b);
	}
	if (t)
		cli_table_print(t, stdout);
	g_ptr_array_unref(items);
	return EXIT_OK;
}

char *cli_ellipsize(const char *s, glong max)
{
	if (!s)
		return NULL;
	if (g_utf8_strlen(s, -1) <= max)
		return g_strdup(s);
	const char *end = g_utf8_offset_to_pointer(s, max - 1);
	char *head = g_strndup(s, (gsize)(end - s));
	char *out = g_strconcat(head, "…", NULL);
	g_free(head);
	return out;
}

/* ---- JSON --------------------------------------------------------------- */

void cli_json_string(JsonBuilder *b, const char *key, const char *s)
{
	json_builder_set_member_name(b, key);
	if (s)
		json_builder_add_string_value(b, s);
	else
		json_builder_add_null_value(b);
}

void cli_json_int(JsonBuilder *b, const char *key, int64_t v)
{
	json_builder_set_member_name(b, key);
	json_builder_add_int_value(b, v);
}

void cli_json_bool(JsonBuilder *b, const char *key, bool v)
{
	json_builder_set_member_name(b, key);
	json_builder_add_boolean_value(b, v);
}

void cli_json_list(JsonBuilder *b, const char *key, const char *joined)
{
	json_builder_set_member_name(b, key);
	json_builder_begin_array(b);
	char **items = g_strsplit(joined ? joined : "", ";", -1);
	for (char **p = items; *p; p++)
		if (**p)
			json_builder_add_string_value(b, *p);
	g_strfreev(items);
	json_builder_end_array(b);
}

void cli_json_time(JsonBuilder *b, const char *key, int64_t t)
{
	char *s = t ? clock_format_iso(t) : NULL;
	cli_json_string(b, key, s);
	g_free(s);
}

char *cli_json_text(JsonBuilder *b)
{
	JsonGenerator *g = json_generator_new();
	JsonNode *root = json_builder_get_root(b);
	json_generator_set_root(g, root);
	char *s = json_generator_to_data(g, NULL);
	json_node_unref(root);
	g_object_unref(g);
	g_object_unref(b);
	return s;
}

void cli_json_print(JsonBuilder *b)
{
	char *s = cli_json_text(b);
	puts(s);
	g_free(s);
}

char *cli_local_time(int64_t t)
{
	if (!t)
		return g_strdup("-");
	char *iso = clock_format_iso(t);   /* "2026-12-01T08:05:00+07:00" */
	char *s = g_strdup_printf("%.10s %.5s", iso, iso + 11);
	g_free(iso);
	return s;
}
