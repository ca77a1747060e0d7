/*
 * fuzz_units_csv.c — libFuzzer target for the unit directory (rules/units.h).
 *
 * The input bytes are used twice:
 *   1. as a units.csv: units_load_text must either fail with a message or
 *      give a directory whose invariants hold (ids unique and found by
 *      units_by_id, every groups entry a group, lists NULL-terminated);
 *      each unit's own name is then searched in that directory;
 *   2. as document text searched in a fixed small directory, through
 *      units_find (folded) and units_find_text, and units_guess_namespace.
 * Matches must be in order, non-overlapping and inside the text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "rules/normalize.h"
#include "rules/units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fixed_csv[] =
	"id,name,aliases,emails,groups\n"
	"TQ-UBND,Ủy ban nhân dân tỉnh,UBND tỉnh;Chủ tịch UBND tỉnh;UBND tỉnh Tuyên Quang,,\n"
	"TQ-STC,Sở Tài chính,STC;Sở TC;Sở Tài chính tỉnh Tuyên Quang,,@TQ-sbn\n"
	"TQ-SKHDT,Sở Kế hoạch và Đầu tư,Sở KH&ĐT;SKHĐT,,@TQ-sbn\n"
	"TQ-UBND-CH,Ủy ban nhân dân huyện Chiêm Hóa,UBND huyện Chiêm Hóa,,\n"
	"@TQ-sbn,\"các sở, ban, ngành\",\"Thủ trưởng các sở, ban, ngành\",,\n"
	"BG-STC,Sở Tài chính,STC;Sở Tài chính tỉnh Bắc Giang,,\n"
	"VN-BNV,Bộ Nội vụ,,,\n"
	"BNV-VP,Văn phòng Bộ Nội vụ,,,\n";

/* Matches sorted, not overlapping, inside a text of len bytes. */
static void check_matches(const struct dd_unit_match *m, size_t n, size_t len)
{
	size_t prev_end = 0;
	for (size_t i = 0; i < n; i++) {
		if (!m[i].unit || m[i].start >= m[i].end || m[i].end > len || m[i].start < prev_end)
			abort();
		prev_end = m[i].end;
	}
}

/* Searches `text` (any bytes, NUL-terminated) in a directory. */
static void search(const struct dd_units *units, const char *text, const char *ns)
{
	struct dd_unit_match m[64];
	char *folded = vn_fold(text, NULL);
	size_t n = units_find(units, folded, ns, m, 64);
	check_matches(m, n < 64 ? n : 64, strlen(folded));
	n = units_find_text(units, text, ns, m, 64);
	check_matches(m, n < 64 ? n : 64, strlen(text));
	g_free(folded);
	const char *guess = units_guess_namespace(units, text);
	(void)guess;
}

/* The invariants of a loaded directory. */
static void check_directory(const struct dd_units *units)
{
	size_t count = units_count(units);
	for (size_t i = 0; i < count; i++) {
		const struct dd_unit *u = units_get(units, i);
		if (!u || units_by_id(units, u->id) != u || !u->ns || !u->name[0])
			abort();
		if (!u->aliases || !u->emails || !u->groups)
			abort();
		for (char **g = u->groups; *g; g++) {
			const struct dd_unit *grp = units_by_id(units, *g);
			if (!grp || !grp->is_group)
				abort();
		}
		if (u->is_group)
			units_members(units, u->id, NULL, 0);
		search(units, u->name, u->ns);
	}
	if (units_get(units, count) != NULL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dd_units *fixed;
	if (!fixed)
		fixed = units_load_text(fixed_csv, sizeof fixed_csv - 1, "fixed.csv", NULL);
	if (!fixed)
		abort();

	GError *err = NULL;
	struct dd_units *units = units_load_text((const char *)data, size, "fuzz.csv", &err);
	if (units) {
		check_directory(units);
		units_free(units);
	} else if (!err || !err->message || !g_str_has_prefix(err->message, "fuzz.csv:")) {
		abort();
	}
	g_clear_error(&err);

	char *text = g_strndup((const char *)data, size);  /* stops at a NUL */
	search(fixed, text, "TQ");
	search(fixed, text, NULL);
	g_free(text);
	return 0;
}
