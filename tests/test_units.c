/*
 * test_units.c — the unit directory (rules/units.h): reading units.csv,
 * finding units in text, namespaces, groups, and a check against the
 * corpus gold (every gold lead/support id found in its document).
 *
 * Run from the repository root (paths are relative to it; DONDOC_SRCDIR
 * overrides).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "rules/normalize.h"
#include "rules/units.h"

/* ---- helpers ------------------------------------------------------------- */

static char *src_path(const char *rel)
{
	const char *root = g_getenv("DONDOC_SRCDIR");
	return g_build_filename(root ? root : ".", rel, NULL);
}

static struct dd_units *load_small(void)
{
	char *path = src_path("tests/data/units/small.csv");
	GError *err = NULL;
	struct dd_units *u = units_load_file(path, &err);
	if (!u)
		fail_msg("%s: %s", path, err->message);
	g_free(path);
	return u;
}

static struct dd_units *load_csv(const char *csv, GError **err)
{
	return units_load_text(csv, strlen(csv), "t.csv", err);
}

/* Expects loading csv to fail with a message containing `want`. */
static void expect_error(const char *csv, size_t len, const char *want)
{
	GError *err = NULL;
	struct dd_units *u = units_load_text(csv, len, "t.csv", &err);
	if (u) {
		units_free(u);
		fail_msg("loaded, expected error '%s'", want);
	}
	assert_non_null(err);
	if (!strstr(err->message, want))
		fail_msg("error '%s', expected '%s'", err->message, want);
	g_error_free(err);
}

/* The ids units_find reports in `text` (as written: it is folded here),
 * space-separated, e.g. "TQ-STC BG-UBND". */
static char *find_ids(const struct dd_units *units, const char *text, const char *ns)
{
	char *nfc = g_utf8_normalize(text, -1, G_NORMALIZE_NFC);
	char *folded = vn_fold(nfc, NULL);
	struct dd_unit_match m[32];
	size_t n = units_find(units, folded, ns, m, 32);
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < n && i < 32; i++)
		g_string_append_printf(s, "%s%s", i ? " " : "", m[i].unit->id);
	g_free(folded);
	g_free(nfc);
	return g_string_free(s, FALSE);
}

#define assert_finds(units, text, ns, want) do { \
		char *got_ = find_ids((units), (text), (ns)); \
		if (strcmp(got_, (want)) != 0) \
			fail_msg("'%s' (ns %s): got '%s', want '%s'", (text), \
			         (ns) ? (const char *)(ns) : "NULL", got_, (want)); \
		g_free(got_); \
	} while (0)

/* ---- CSV ----------------------------------------------------------------- */

static void csv_basic(void **state)
{
	struct dd_units *u = load_small();
	assert_int_equal(units_count(u), 19);
	const struct dd_unit *stc = units_by_id(u, "TQ-STC");
	assert_non_null(stc);
	assert_string_equal(stc->name, "Sở Tài chính");
	assert_string_equal(stc->ns, "TQ");
	assert_false(stc->is_group);
	assert_string_equal(stc->aliases[0], "STC");
	assert_string_equal(stc->aliases[2], "Sở Tài chính tỉnh Tuyên Quang");
	assert_null(stc->aliases[3]);
	assert_string_equal(stc->emails[0], "stc@tq.example");
	assert_null(stc->emails[1]);
	assert_string_equal(stc->groups[0], "@TQ-so-ban-nganh");
	const struct dd_unit *g = units_by_id(u, "@TQ-so-ban-nganh");
	assert_true(g->is_group);
	assert_string_equal(g->ns, "TQ");
	assert_string_equal(g->name, "các sở, ban, ngành");
	assert_null(g->emails[0]);
	assert_ptr_equal(units_get(u, 0), units_by_id(u, "TQ-UBND"));
	assert_null(units_get(u, 19));
	assert_null(units_by_id(u, "TQ-NOPE"));
	units_free(u);
}

static void csv_quoting_and_layout(void **state)
{
	/* BOM, CRLF, reordered and extra columns, doubled quotes, a comma and a
	 * line break inside quotes, spaces around fields and list items, a
	 * blank line, a short row, an id without '-'. */
	const char csv[] =
		"\xEF\xBB\xBFname,extra,ID,groups,aliases\r\n"
		"\"Sở \"\"A\"\", B\",x,X-A, @X-g ,\" A1 ; ;A2;\nA3 \"\r\n"
		"\r\n"
		"  nhóm g  ,,@X-g,,\r\n"
		"Trung ương,,TW\r\n";
	GError *err = NULL;
	struct dd_units *u = load_csv(csv, &err);
	assert_null(err);
	assert_non_null(u);
	assert_int_equal(units_count(u), 3);
	const struct dd_unit *a = units_by_id(u, "X-A");
	assert_string_equal(a->name, "Sở \"A\", B");
	assert_string_equal(a->aliases[0], "A1");
	assert_string_equal(a->aliases[1], "A2");
	assert_string_equal(a->aliases[2], "A3");  /* '\n' trimmed */
	assert_null(a->aliases[3]);
	assert_null(a->emails[0]);                  /* no emails column */
	assert_string_equal(a->groups[0], "@X-g");
	assert_string_equal(units_by_id(u, "@X-g")->name, "nhóm g");
	assert_string_equal(units_by_id(u, "TW")->ns, "");
	units_free(u);

	/* LF only, no final newline, decomposed diacritics composed. */
	u = load_csv("id,name\nX-B,So\xcc\x9b\xcc\x89 B", &err);
	assert_non_null(u);
	assert_string_equal(units_by_id(u, "X-B")->name, "Sở B");
	units_free(u);
}

static void csv_errors(void **state)
{
	const char *dup = "id,name\nA-X,x\nA-Y,y\n\nA-X,z\n";
	expect_error(dup, strlen(dup), "t.csv:5: duplicate id 'A-X' (first on line 2)");
	expect_error("id,name\n,x\n", 11, "t.csv:2: missing id");
	expect_error("id,name\nA-X, \n", 14, "t.csv:2: missing name for 'A-X'");
	expect_error("id,name\nA X,x\n", 14, "t.csv:2: invalid id 'A X'");
	const char *unk = "id,name,groups\nA-X,x,@A-nope\n";
	expect_error(unk, strlen(unk), "t.csv:2: unknown group '@A-nope'");
	const char *notgrp = "id,name,groups\nA-X,x,\nA-Y,y,A-X\n";
	expect_error(notgrp, strlen(notgrp), "t.csv:3: 'A-X' in groups is not a group");
	/* The line of a record after a quoted field spanning lines. */
	const char *multi = "id,name,aliases\nA-X,x,\"a\nb\nc\"\nA-Y,y,\"oops\n";
	expect_error(multi, strlen(multi), "t.csv:5: unterminated quoted field");
	expect_error("id,name\nA-X,x\"y\n", 16, "t.csv:2: quote inside an unquoted field");
	expect_error("id,name\nA-X,\"x\"y\n", 17, "t.csv:2: text after a closing quote");
	expect_error("name,aliases\nx,y\n", 17, "t.csv:1: no 'id' column");
	expect_error("id,id,name\n", 11, "t.csv:1: column 'id' twice");
	expect_error("", 0, "t.csv:1: empty file");
	expect_error("id,name\nA-X,\xff\n", 13, "t.csv:2: not UTF-8");
	expect_error("id,name\nA-X,a\0b\n", 15, "t.csv:2: not UTF-8");

	GString *big = g_string_new("id,name\nA-X,");
	for (int i = 0; i < 5000; i++)
		g_string_append_c(big, 'a');
	expect_error(big->str, big->len, "t.csv:2: field too long");
	g_string_assign(big, "id,name\nA-X,x");
	for (int i = 0; i < 100; i++)
		g_string_append(big, ",");
	expect_error(big->str, big->len, "t.csv:2: too many fields");
	g_string_assign(big, "id,name,aliases\nA-X,x,");
	for (int i = 0; i < 300; i++)
		g_string_append(big, "a;");
	expect_error(big->str, big->len, "t.csv:2: more than 256 items");
	g_string_free(big, TRUE);
}

static void csv_warnings(void **state)
{
	GError *err = NULL;
	struct dd_units *u = load_csv("id,name,aliases\n"
	                              "A-X,Sở Xây dựng,SXD;Sở XD\n"
	                              "A-Y,Sở Y tế,SYT;Sở XD\n"
	                              "B-Y,Sở Y tế,SYT\n", &err);
	assert_non_null(u);
	const char *const *w = units_warnings(u);
	assert_non_null(w[0]);
	assert_string_equal(w[0], "t.csv:3: 'Sở XD' of A-Y also names A-X in namespace 'A'; "
	                          "A-X is taken");
	assert_null(w[1]);  /* same name in another namespace is normal */
	assert_finds(u, "Sở XD", "A", "A-X");
	units_free(u);

	u = load_small();
	assert_null(units_warnings(u)[0]);
	units_free(u);
}

static void csv_file_errors(void **state)
{
	GError *err = NULL;
	assert_null(units_load_file("tests/data/units/no-such-file.csv", &err));
	assert_non_null(err);
	g_error_free(err);
}

/* ---- matching ------------------------------------------------------------ */

static void find_case_diacritics_spacing(void **state)
{
	struct dd_units *u = load_small();
	assert_finds(u, "SỞ TÀI CHÍNH", "TQ", "TQ-STC");
	assert_finds(u, "Sở Tài Chính", "TQ", "TQ-STC");
	assert_finds(u, "so tai chinh", "TQ", "TQ-STC");
	assert_finds(u, "Sở   Tài\tchính", "TQ", "TQ-STC");
	assert_finds(u, "Sở KH&ĐT", "TQ", "TQ-SKHDT");
	assert_finds(u, "Sở KH & ĐT", "TQ", "TQ-SKHDT");
	assert_finds(u, "Sở KH và ĐT", "TQ", "TQ-SKHDT");          /* & ≡ và */
	assert_finds(u, "Sở Kế hoạch và Đầu tư", "TQ", "TQ-SKHDT");
	assert_finds(u, "Sở Kế hoạch & Đầu tư", "TQ", "TQ-SKHDT");
	assert_finds(u, "Đài PT-TH tỉnh", "TQ", "TQ-DPTTH");
	assert_finds(u, "Đài PT - TH tỉnh", "TQ", "TQ-DPTTH");
	assert_finds(u, "Sở TT&TT", "TQ", "TQ-STTTT");
	assert_finds(u, "TT Tỉnh ủy", "TQ", "TQ-TU");
	units_free(u);
}

static void find_equivalences(void **state)
{
	struct dd_units *u = load_small();
	assert_finds(u, "Ủy ban nhân dân huyện Chiêm Hóa", "TQ", "TQ-UBND-CHIEMHOA");
	assert_finds(u, "UBND huyện Chiêm Hóa", "TQ", "TQ-UBND-CHIEMHOA");
	assert_finds(u, "UBND thành phố Tuyên Quang", "TQ", "TQ-UBND-TPTQ");
	assert_finds(u, "UBND TP Tuyên Quang", "TQ", "TQ-UBND-TPTQ");
	assert_finds(u, "UBND TP. Tuyên Quang", "TQ", "TQ-UBND-TPTQ");
	assert_finds(u, "UBND TP.Tuyên Quang", "TQ", "TQ-UBND-TPTQ");
	assert_finds(u, "Ủy ban nhân dân các huyện, thành phố", "TQ", "@TQ-ubnd-huyen");
	assert_finds(u, "UBND các huyện, TP", "TQ", "@TQ-ubnd-huyen");
	assert_finds(u, "UBND các tỉnh, thành phố trực thuộc Trung ương", NULL, "@BNV-ubnd-tinh");
	/* "Sở TP" for Sở Tư pháp is untouched by tp ≡ thành phố. */
	assert_finds(u, "Sở Tư pháp", "TQ", "TQ-STP");
	units_free(u);
}

static void find_longest_and_line_breaks(void **state)
{
	struct dd_units *u = load_small();
	/* The unique longer alias beats the namespace's "UBND tỉnh". */
	assert_finds(u, "UBND tỉnh Bắc Giang", "TQ", "BG-UBND");
	assert_finds(u, "UBND tỉnh", "TQ", "TQ-UBND");
	assert_finds(u, "UBND tỉnh Tuyên Quang", "BG", "TQ-UBND");
	assert_finds(u, "Sở Tài chính tỉnh Bắc Giang và Sở Tài chính", "TQ", "BG-STC TQ-STC");
	assert_finds(u, "Sở Kế hoạch\nvà Đầu tư", "TQ", "TQ-SKHDT");
	assert_finds(u, "Ủy ban nhân\ndân tỉnh", "TQ", "TQ-UBND");
	assert_finds(u, "Giao Sở Tài chính chủ trì, phối hợp với Sở KH&ĐT, UBND các huyện, thành phố",
	             "TQ", "TQ-STC TQ-SKHDT @TQ-ubnd-huyen");
	units_free(u);
}

static void find_groups_and_titles(void **state)
{
	struct dd_units *u = load_small();
	assert_finds(u, "Đề nghị các sở, ban, ngành", "TQ", "@TQ-so-ban-nganh");
	assert_finds(u, "Các Sở, ban, ngành tỉnh", "TQ", "@TQ-so-ban-nganh");
	assert_finds(u, "các sở, ban, ngành", "BG", "@BG-so-ban-nganh");
	assert_finds(u, "Thủ trưởng các sở, ban, ngành", "TQ", "@TQ-so-ban-nganh");
	assert_finds(u, "UBND các huyện, thành phố", "TQ", "@TQ-ubnd-huyen");
	assert_finds(u, "Giám đốc Sở Tài chính", "TQ", "TQ-STC");
	assert_finds(u, "Chủ tịch UBND huyện Chiêm Hóa", "TQ", "TQ-UBND-CHIEMHOA");
	assert_finds(u, "Chủ tịch UBND tỉnh", "TQ", "TQ-UBND");
	assert_finds(u, "Chủ tịch UBND tỉnh Bắc Giang", "TQ", "BG-UBND");
	assert_finds(u, "TM. Ủy ban nhân dân tỉnh", "TQ", "TQ-UBND");
	assert_finds(u, "Phó Giám đốc Sở Tư pháp", "TQ", "TQ-STP");

	/* A title is not part of the match. */
	char *folded = vn_fold("Giám đốc Sở Tài chính", NULL);
	struct dd_unit_match m[4];
	assert_int_equal(units_find(u, folded, "TQ", m, 4), 1);
	assert_int_equal(m[0].start, strlen("giam doc "));
	assert_int_equal(m[0].end, strlen(folded));
	g_free(folded);

	/* A sentence's final '.' after "TP" is not part of the match. */
	folded = vn_fold("UBND các huyện, TP.", NULL);
	assert_int_equal(units_find(u, folded, "TQ", m, 4), 1);
	assert_string_equal(m[0].unit->id, "@TQ-ubnd-huyen");
	assert_int_equal(m[0].end, strlen(folded) - 1);
	g_free(folded);
	units_free(u);
}

static void find_enumerations(void **state)
{
	struct dd_units *u = load_small();
	/* The document names the members: each is found. */
	assert_finds(u, "UBND các huyện: Chiêm Hóa, thành phố Tuyên Quang", "TQ",
	             "TQ-UBND-CHIEMHOA TQ-UBND-TPTQ");
	assert_finds(u, "Chủ tịch UBND các huyện Chiêm Hóa và Tuyên Quang", "TQ",
	             "TQ-UBND-CHIEMHOA");  /* "huyện Tuyên Quang" is no unit: the list stops */
	assert_finds(u, "Các Sở: Tài chính, Kế hoạch và Đầu tư, Tư pháp; UBND tỉnh", "TQ",
	             "TQ-STC TQ-SKHDT TQ-STP TQ-UBND");
	assert_finds(u, "các Sở: TC, KH&ĐT", "TQ", "TQ-STC TQ-SKHDT");
	/* A group alias is not an enumeration. */
	assert_finds(u, "các sở, ban, ngành", "TQ", "@TQ-so-ban-nganh");
	assert_finds(u, "UBND các huyện, thành phố", "TQ", "@TQ-ubnd-huyen");
	assert_finds(u, "các sở, Tài chính", "TQ", "");

	const char *text = "Giao UBND các huyện: Chiêm Hóa, TP Tuyên Quang thực hiện";
	char *folded = vn_fold(text, NULL);
	struct dd_unit_match m[4];
	assert_int_equal(units_find(u, folded, "TQ", m, 4), 2);
	assert_int_equal(m[0].start, strlen("giao "));
	assert_int_equal(m[0].end, strlen("giao ubnd cac huyen: chiem hoa"));
	assert_int_equal(m[1].start, strlen("giao ubnd cac huyen: chiem hoa, "));
	assert_int_equal(m[1].end, strlen("giao ubnd cac huyen: chiem hoa, tp tuyen quang"));
	g_free(folded);
	units_free(u);
}

static void find_typography(void **state)
{
	/* Aliases typed with an en dash, a no-break space and a soft hyphen
	 * match the plain spelling. */
	GError *err = NULL;
	struct dd_units *u = load_csv("id,name,aliases\n"
	                              "A-D,Đài Phát thanh – Truyền hình tỉnh,Đài\xc2\xa0PT-TH tỉnh\n"
	                              "A-S,Sở Xây dựng,Sở Xây\xc2\xad dựng tỉnh A\n", &err);
	assert_non_null(u);
	assert_finds(u, "Đài Phát thanh - Truyền hình tỉnh", "A", "A-D");
	assert_finds(u, "Đài PT-TH tỉnh", "A", "A-D");
	assert_finds(u, "Sở Xây dựng tỉnh A", "A", "A-S");
	units_free(u);
}

/* A long text of near-misses and lists: one pass, no blow-up. */
static void find_long_text(void **state)
{
	struct dd_units *u = load_small();
	GString *text = g_string_new(NULL);
	for (int i = 0; i < 20000; i++)
		g_string_append(text, "UBND các huyện: Chiêm Hóa, Chiêm Hóa; các các Sở Tài ");
	g_string_append(text, "Sở Tài chính");
	char *folded = vn_fold(text->str, NULL);
	assert_int_equal(units_find(u, folded, "TQ", NULL, 0), 2 * 20000 + 1);
	g_free(folded);
	g_string_free(text, TRUE);
	units_free(u);
}

static void find_word_boundaries(void **state)
{
	struct dd_units *u = load_small();
	assert_finds(u, "STCT", "TQ", "");
	assert_finds(u, "xSTC", "TQ", "");
	assert_finds(u, "STC2", "TQ", "");
	assert_finds(u, "(STC)", "TQ", "TQ-STC");
	assert_finds(u, "STC,", "TQ", "TQ-STC");
	assert_finds(u, "Sở Tư phápx", "TQ", "");
	assert_finds(u, "Sở Tài chínhh", "TQ", "");
	assert_finds(u, "Bộ Tài chính", "TQ", "VN-BTC");  /* not "Sở Tài chính" */
	assert_finds(u, "Sở Tài", "TQ", "");
	assert_finds(u, "", "TQ", "");
	assert_finds(u, " , . - & ", "TQ", "");
	units_free(u);
}

static void find_namespaces(void **state)
{
	struct dd_units *u = load_small();
	/* Shared name: the document's namespace, else skipped. */
	assert_finds(u, "Sở Tài chính", "TQ", "TQ-STC");
	assert_finds(u, "Sở Tài chính", "BG", "BG-STC");
	assert_finds(u, "Sở Tài chính", NULL, "");
	assert_finds(u, "Sở Tài chính", "HN", "");
	assert_finds(u, "STC", "BG", "BG-STC");
	/* Unique in the directory: found from any namespace. */
	assert_finds(u, "Sở Tài chính tỉnh Bắc Giang", "TQ", "BG-STC");
	assert_finds(u, "UBND huyện Chiêm Hóa", "BG", "TQ-UBND-CHIEMHOA");
	assert_finds(u, "UBND huyện Chiêm Hóa", NULL, "TQ-UBND-CHIEMHOA");
	assert_finds(u, "Bộ Nội vụ", "TQ", "VN-BNV");
	/* A shorter key that resolves is taken when the longer is ambiguous:
	 * "Sở Tư pháp" exists in TQ and BG, never ambiguous with ns set. */
	assert_finds(u, "Sở Tư pháp tỉnh", "BG", "BG-STP");
	units_free(u);
}

static void find_limits_and_offsets(void **state)
{
	struct dd_units *u = load_small();
	const char *text = "STC, SKHĐT và STP";
	char *folded = vn_fold(text, NULL);
	struct dd_unit_match m[2];
	assert_int_equal(units_find(u, folded, "TQ", m, 2), 3);  /* counts past max */
	assert_int_equal(units_find(u, folded, "TQ", NULL, 0), 3);
	assert_string_equal(m[0].unit->id, "TQ-STC");
	assert_int_equal(m[0].start, 0);
	assert_int_equal(m[0].end, 3);
	assert_string_equal(m[1].unit->id, "TQ-SKHDT");
	assert_int_equal(m[1].start, 5);
	assert_int_equal(m[1].end, 10);
	g_free(folded);
	assert_int_equal(units_find(NULL, "stc", "TQ", m, 2), 0);
	assert_int_equal(units_find(u, NULL, "TQ", m, 2), 0);
	units_free(u);
}

static void find_text_acronyms_in_capitals(void **state)
{
	struct dd_units *u = load_small();
	struct dd_unit_match m[4];
	const char *text = "Giao SKHĐT chủ trì, stc và Stc phối hợp với STC.";
	size_t n = units_find_text(u, text, "TQ", m, 4);
	assert_int_equal(n, 2);
	assert_string_equal(m[0].unit->id, "TQ-SKHDT");
	assert_int_equal(m[0].start, strlen("Giao "));
	assert_int_equal(m[0].end, strlen("Giao SKHĐT"));  /* bytes, Đ is two */
	assert_string_equal(m[1].unit->id, "TQ-STC");
	assert_int_equal(m[1].start, strlen("Giao SKHĐT chủ trì, stc và Stc phối hợp với "));
	/* Names are not acronyms: any case. */
	assert_int_equal(units_find_text(u, "sở tài chính", "TQ", m, 4), 1);
	assert_int_equal(units_find_text(u, "SỞ TÀI CHÍNH", "TQ", m, 4), 1);
	/* units_find cannot see case: it accepts the whole token. */
	assert_finds(u, "stc", "TQ", "TQ-STC");
	units_free(u);
}

static void members(void **state)
{
	struct dd_units *u = load_small();
	const struct dd_unit *out[8];
	size_t n = units_members(u, "@TQ-so-ban-nganh", out, 8);
	assert_int_equal(n, 4);
	assert_string_equal(out[0]->id, "TQ-STC");
	assert_string_equal(out[3]->id, "TQ-STTTT");
	assert_int_equal(units_members(u, "@TQ-so-ban-nganh", out, 2), 4);
	assert_int_equal(units_members(u, "@TQ-ubnd-huyen", NULL, 0), 2);
	assert_int_equal(units_members(u, "@BNV-ubnd-tinh", out, 8), 0);
	assert_int_equal(units_members(u, "@nope", out, 8), 0);
	units_free(u);
}

static void guess_namespace(void **state)
{
	struct dd_units *u = load_small();
	assert_string_equal(units_guess_namespace(u, "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\n"), "BG");
	assert_string_equal(units_guess_namespace(u, "UBND TỈNH TUYÊN QUANG\nVĂN PHÒNG\n"), "TQ");
	assert_string_equal(units_guess_namespace(u, "CỘNG HÒA\nTuyên Quang, ngày 29 tháng 5 năm 2019"),
	                    "TQ");
	assert_string_equal(units_guess_namespace(u, "Bắc Giang, ngày 08 tháng 3 năm 2022"), "BG");
	/* The ministry's documents resolve in the namespace it owns. */
	assert_string_equal(units_guess_namespace(u, "BỘ NỘI VỤ\n\nHà Nội, ngày 10 tháng 5 năm 2023"),
	                    "BNV");
	assert_null(units_guess_namespace(u, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
	assert_null(units_guess_namespace(u, ""));
	units_free(u);
}

/* ---- corpus -------------------------------------------------------------- */

/* The namespace each corpus document belongs to (dev01 first). */
static const char *const corpus_ns[40] = {
	"TQ", "NA", "QB", "BG", "HT", "QNG", "BNV", "BN", "HP", "DL",
	"KT", "CM", "ND", "LCA", "HD", "AG", "ST", "BDI", "BDU", "DB",
	"HG", "HB", "LC", "QNA", "NB", "QB", "NA", "BG", "KT", "HT",
	"BNV", "NA", "HD", "AG", "DL", "BN", "ND", "HP", "ST", "BDU",
};

/* The first `lines` lines of text. */
static char *first_lines(const char *text, int lines)
{
	const char *p = text;
	for (int i = 0; i < lines && *p; i++) {
		const char *nl = strchr(p, '\n');
		p = nl ? nl + 1 : p + strlen(p);
	}
	return g_strndup(text, (gsize)(p - text));
}

/* Adds every lead and support id of a gold file to `ids`. */
static void gold_ids(const char *path, GHashTable *ids)
{
	JsonParser *parser = json_parser_new();
	GError *err = NULL;
	if (!json_parser_load_from_file(parser, path, &err))
		fail_msg("%s: %s", path, err->message);
	JsonArray *tasks = json_object_get_array_member(
		json_node_get_object(json_parser_get_root(parser)), "tasks");
	for (guint t = 0; t < json_array_get_length(tasks); t++) {
		JsonObject *task = json_array_get_object_element(tasks, t);
		const char *roles[] = { "lead", "support" };
		for (int r = 0; r < 2; r++) {
			JsonArray *a = json_object_get_array_member(task, roles[r]);
			for (guint i = 0; a && i < json_array_get_length(a); i++)
				g_hash_table_add(ids, g_strdup(json_array_get_string_element(a, i)));
		}
	}
	g_object_unref(parser);
}

static void corpus_recall(void **state)
{
	char *csv = src_path("tests/corpus/units.csv");
	GError *err = NULL;
	struct dd_units *u = units_load_file(csv, &err);
	if (!u)
		fail_msg("%s", err->message);
	g_free(csv);

	int pairs = 0, hits = 0, ns_right = 0;
	GString *misses = g_string_new(NULL);
	for (int d = 1; d <= 40; d++) {
		char rel[64];
		snprintf(rel, sizeof rel, "tests/corpus/text/dev%02d.txt", d);
		char *path = src_path(rel), *text = NULL;
		if (!g_file_get_contents(path, &text, NULL, NULL))
			fail_msg("cannot read %s", path);
		g_free(path);
		snprintf(rel, sizeof rel, "tests/corpus/dev%02d.gold.json", d);
		path = src_path(rel);
		GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		gold_ids(path, ids);
		g_free(path);

		char *header = first_lines(text, 10);
		const char *ns = units_guess_namespace(u, header);
		if (ns && strcmp(ns, corpus_ns[d - 1]) == 0)
			ns_right++;
		else
			g_string_append_printf(misses, "  dev%02d: namespace %s, want %s\n", d,
			                        ns ? ns : "NULL", corpus_ns[d - 1]);

		char *nfc = g_utf8_normalize(text, -1, G_NORMALIZE_NFC);
		char *folded = vn_fold(nfc, NULL);
		size_t n = units_find(u, folded, ns, NULL, 0);
		struct dd_unit_match *m = g_new(struct dd_unit_match, n + 1);
		units_find(u, folded, ns, m, n);
		GHashTable *found = g_hash_table_new(g_str_hash, g_str_equal);
		for (size_t i = 0; i < n; i++)
			g_hash_table_add(found, m[i].unit->id);

		GList *keys = g_list_sort(g_hash_table_get_keys(ids), (GCompareFunc)strcmp);
		for (GList *k = keys; k; k = k->next) {
			pairs++;
			if (g_hash_table_contains(found, k->data))
				hits++;
			else
				g_string_append_printf(misses, "  dev%02d: %s not found\n", d,
				                       (char *)k->data);
		}
		g_list_free(keys);
		g_hash_table_destroy(found);
		g_free(m);
		g_free(folded);
		g_free(nfc);
		g_free(header);
		g_hash_table_destroy(ids);
		g_free(text);
	}
	printf("units corpus: namespace %d/40, recall %d/%d (%.1f%%)\n", ns_right, hits, pairs,
	       100.0 * hits / pairs);
	if (misses->len)
		printf("misses:\n%s", misses->str);
	g_string_free(misses, TRUE);
	units_free(u);
	assert_int_equal(ns_right, 40);
	assert_true(hits * 100 >= pairs * 95);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_basic),
		cmocka_unit_test(csv_quoting_and_layout),
		cmocka_unit_test(csv_errors),
		cmocka_unit_test(csv_warnings),
		cmocka_unit_test(csv_file_errors),
		cmocka_unit_test(find_case_diacritics_spacing),
		cmocka_unit_test(find_equivalences),
		cmocka_unit_test(find_longest_and_line_breaks),
		cmocka_unit_test(find_groups_and_titles),
		cmocka_unit_test(find_enumerations),
		cmocka_unit_test(find_typography),
		cmocka_unit_test(find_long_text),
		cmocka_unit_test(find_word_boundaries),
		cmocka_unit_test(find_namespaces),
		cmocka_unit_test(find_limits_and_offsets),
		cmocka_unit_test(find_text_acronyms_in_capitals),
		cmocka_unit_test(members),
		cmocka_unit_test(guess_namespace),
		cmocka_unit_test(corpus_recall),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
