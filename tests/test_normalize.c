/*
 * test_normalize.c — vn_normalize, vn_legacy_detect and vn_legacy_convert.
 *
 * Table-driven: each table lists an input, its length (-1: NUL-terminated)
 * and the expected output. A failing row prints its name before cmocka's
 * message. Strings are written with \u escapes or as UTF-8 literals; legacy
 * (TCVN3, VNI) text is written as the UTF-8 of its Latin-1 reading, as a
 * reader hands it over.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <string.h>

#include "rules/normalize.h"

struct norm_case {
	const char *name;
	const char *in;
	long len;          /* -1: strlen(in) */
	const char *want;
};

static void run_cases(const struct norm_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *got = vn_normalize(cases[i].in, cases[i].len);
		if (strcmp(got, cases[i].want) != 0)
			print_error("case '%s': got \"%s\", want \"%s\"\n",
				    cases[i].name, got, cases[i].want);
		assert_string_equal(got, cases[i].want);
		assert_true(g_utf8_validate(got, -1, NULL));
		g_free(got);
	}
}

/* Decomposed (NFD) Vietnamese becomes precomposed (NFC). */
static void test_nfc(void **state)
{
	(void)state;
	static const struct norm_case cases[] = {
		{"Ủy NFD", "U\u0309y ban", -1, "\u1EE6y ban"},
		{"sửa NFD, marks out of order", "su\u0309\u031Ba", -1, "sửa"},
		{"sửa NFD, marks in order", "su\u031B\u0309a", -1, "sửa"},
		{"Ủy already NFC", "\u1EE6y ban", -1, "\u1EE6y ban"},
		{"nhân dân NFD", "nha\u0302n da\u0302n", -1, "nhân dân"},
		{"Tuyên Quang NFD", "Tuye\u0302n Quang", -1, "Tuyên Quang"},
		{"ế NFD", "thue\u0302\u0301", -1, "thuế"},
		{"Đặng NFD", "\u0110a\u0306\u0323ng", -1, "Đặng"},
		{"mark after removed soft hyphen", "a\u00AD\u0301", -1, "á"},
		{"mark after removed ZWSP", "o\u200B\u0302", -1, "ô"},
	};
	run_cases(cases, G_N_ELEMENTS(cases));
}

/* Long text is composed in pieces: the result must be the NFC of the
 * whole, whatever falls on a piece boundary. */
static void test_nfc_long(void **state)
{
	(void)state;
	static const char *const words[] = {
		"U\u0309y", "ban", "nha\u0302n", "da\u0302n", "Tuye\u0302n",
		"\u1EA1\u0302", "a\u0323\u0306", "\u212B", "\u1100\u1161\u11A8",
		"\u03B1\u0313\u0301", "e\u0302\u0301", "\u00E9", "x",
	};
	GString *in = g_string_new(NULL);
	for (size_t i = 0; i < 3000; i++) {
		if (i > 0)
			g_string_append_c(in, i % 7 == 0 ? ' ' : 'z');
		g_string_append(in, words[(i * 7) % G_N_ELEMENTS(words)]);
	}
	char *want = g_utf8_normalize(in->str, -1, G_NORMALIZE_NFC);
	char *got = vn_normalize(in->str, -1);
	assert_string_equal(got, want);
	g_free(got);
	g_free(want);
	g_string_free(in, TRUE);
}

/* A run of combining marks is cut at 30 (Unicode's stream-safe limit). */
static void test_mark_run(void **state)
{
	(void)state;
	GString *in = g_string_new("a");
	for (int i = 0; i < 40; i++)
		g_string_append(in, "\u0301");
	g_string_append(in, " b\u0301");
	char *got = vn_normalize(in->str, -1);
	/* á + 29 acute accents, space, b́ */
	assert_int_equal(g_utf8_strlen(got, -1), 1 + 29 + 1 + 2);
	assert_true(g_str_has_prefix(got, "\u00E1\u0301"));
	assert_true(g_str_has_suffix(got, "\u0301 b\u0301"));
	g_free(got);
	g_string_free(in, TRUE);
}

/* đ/Đ look-alikes, dashes, quotes, ellipsis. */
static void test_mappings(void **state)
{
	(void)state;
	static const struct norm_case cases[] = {
		{"eth lower", "\u00F0\u1ED3ng", -1, "đồng"},
		{"eth upper", "\u00D0\u1ED3ng", -1, "Đồng"},
		{"African D upper", "\u0189i\u1EC1u", -1, "Điều"},
		{"African d lower", "\u0256i\u1EC1u", -1, "điều"},
		{"đ kept", "\u0111\u0110", -1, "đĐ"},
		{"hyphen U+2010", "a\u2010b", -1, "a-b"},
		{"non-breaking hyphen", "a\u2011b", -1, "a-b"},
		{"figure dash", "a\u2012b", -1, "a-b"},
		{"en dash", "1\u20132", -1, "1-2"},
		{"em dash", "a \u2014 b", -1, "a - b"},
		{"horizontal bar", "a\u2015b", -1, "a-b"},
		{"minus sign", "\u22125", -1, "-5"},
		{"small em dash", "a\uFE58b", -1, "a-b"},
		{"small hyphen-minus", "a\uFE63b", -1, "a-b"},
		{"fullwidth hyphen-minus", "a\uFF0Db", -1, "a-b"},
		{"soft hyphen removed", "ph\u00ADối h\u00AD\u1EE3p", -1, "phối hợp"},
		{"English soft hyphens are not TCVN3 ư",
		 "infor\u00ADma\u00ADtion tech\u00ADno\u00ADlogy", -1, "information technology"},
		{"single curly quotes", "\u2018a\u2019", -1, "'a'"},
		{"single low/reversed quotes", "\u201Aa\u201B", -1, "'a'"},
		{"modifier apostrophe", "l\u02BCa", -1, "l'a"},
		{"double curly quotes", "\u201CQuy\u1EBFt \u0111\u1ECBnh\u201D", -1,
		 "\"Quyết định\""},
		{"double low/reversed quotes", "\u201Ea\u201F", -1, "\"a\""},
		{"fullwidth quotes", "\uFF02a\uFF07", -1, "\"a'"},
		{"ellipsis", "v.v\u2026", -1, "v.v..."},
		{"ellipsis between words", "a\u2026 b", -1, "a... b"},
		{"ASCII untouched", "So: 12/QD-UBND \"x\" 'y'", -1,
		 "So: 12/QD-UBND \"x\" 'y'"},
	};
	run_cases(cases, G_N_ELEMENTS(cases));
}

/* Spaces, line breaks, zero-width and control characters. */
static void test_whitespace(void **state)
{
	(void)state;
	static const struct norm_case cases[] = {
		{"empty", "", -1, ""},
		{"only spaces", " \t \u00A0 ", -1, ""},
		{"only newlines", "\n\r\n\n", -1, ""},
		{"trim", "  a b  ", -1, "a b"},
		{"collapse", "a    b", -1, "a b"},
		{"tab", "a\tb", -1, "a b"},
		{"NBSP", "a\u00A0b", -1, "a b"},
		{"en quad", "a\u2000b", -1, "a b"},
		{"hair space", "a\u200Ab", -1, "a b"},
		{"narrow NBSP", "a\u202Fb", -1, "a b"},
		{"medium math space", "a\u205Fb", -1, "a b"},
		{"ideographic space", "a\u3000b", -1, "a b"},
		{"mixed spaces collapse", "a \t\u00A0\u2003 b", -1, "a b"},
		{"ZWSP", "a\u200Bb", -1, "ab"},
		{"ZWNJ ZWJ", "a\u200C\u200Db", -1, "ab"},
		{"word joiner", "a\u2060b", -1, "ab"},
		{"BOM", "\uFEFFa", -1, "a"},
		{"zero-width does not split spaces", "a \u200B b", -1, "a b"},
		{"control removed", "a\x01\x02" "b\x1F\x7F", -1, "ab"},
		{"C1 control removed", "a\xC2\x80\xC2\x9F" "b", -1, "ab"},
		{"newline kept", "a\nb", -1, "a\nb"},
		{"CRLF", "a\r\nb", -1, "a\nb"},
		{"CR", "a\rb", -1, "a\nb"},
		{"vertical tab is a line break", "a\vb", -1, "a\nb"},
		{"line separator", "a\u2028b", -1, "a\nb"},
		{"spaces around newline", "a  \n  b", -1, "a\nb"},
		{"tabs around newline", "a\t\r\n\tb", -1, "a\nb"},
		{"blank lines collapse", "a\n\n\nb", -1, "a\nb"},
		{"blank lines with spaces", "a\n  \n \r\n b", -1, "a\nb"},
		{"leading newlines", "\n\n a", -1, "a"},
		{"trailing newline", "a \n", -1, "a"},
	};
	run_cases(cases, G_N_ELEMENTS(cases));
}

/* Explicit lengths: a prefix, embedded NULs. */
static void test_length(void **state)
{
	(void)state;
	static const struct norm_case cases[] = {
		{"len 0", "abc", 0, ""},
		{"prefix", "abcdef", 3, "abc"},
		{"embedded NUL is a space", "a\0b", 3, "a b"},
		{"NULs collapse", "a\0\0\0b", 5, "a b"},
		{"trailing NUL trimmed", "a\0", 2, "a"},
		{"only NULs", "\0\0", 2, ""},
		{"NUL beside newline", "a\0\n\0b", 5, "a\nb"},
	};
	run_cases(cases, G_N_ELEMENTS(cases));
}

/* Bytes that are not UTF-8 are read as windows-1258, tone marks composed. */
static void test_invalid_utf8(void **state)
{
	(void)state;
	static const struct norm_case cases[] = {
		{"1258 Quyết định", "Quy\xEA\xECt \xF0i\xF2nh", -1, "Quyết định"},
		{"1258 hook on U", "U\xD2y ban nh\xE2n d\xE2n", -1, "Ủy ban nhân dân"},
		{"1258 Sở Tài chính", "S\xF5\xD2 Ta\xCCi chi\xECnh", -1, "Sở Tài chính"},
		{"1258 Đ and đồng", "\xD0\xF4\xCCng", -1, "Đồng"},
		{"1258 quotes and dash", "\x93" "a\x94 \x96 b\x85", -1, "\"a\" - b..."},
		{"1258 dong sign", "100\xFE", -1, "100₫"},
		{"1258 undefined byte dropped", "a\x81" "b", -1, "ab"},
		{"1258 NBSP", "a\xA0" "b", -1, "a b"},
		{"truncated UTF-8 sequence", "Vi\xE1\xBB", -1, "Viá»"},
		{"lone continuation byte", "a\x80" "b", -1, "a€b"},
	};
	run_cases(cases, G_N_ELEMENTS(cases));
}

/* ------------------------------------------------------------------------
 * Legacy encodings
 * ------------------------------------------------------------------------ */

/* Unicode letters and their TCVN3 codes (Latin-1 reading), as two parallel
 * strings, in the order of the classic conversion tables. TCVN3 has only
 * these 7 capitals; a toned capital is typed with the small letter's code
 * (shown as a capital by the .VnTimeH fonts). */
static const char tcvn3_unicode[] =
	"áàảãạăắằẳẵặâấầẩẫậéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợ"
	"úùủũụưứừửữựýỳỷỹỵđĂÂÊÔƠƯĐ";
static const char tcvn3_codes[] =
	"¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉËÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìî"
	"óïñòô\u00ADøõö÷ùýúûüþ®¡¢£¤¥¦§";

/* Encode Unicode Vietnamese as TCVN3, returned as the UTF-8 of its Latin-1
 * reading (what a reader hands over). */
static char *encode_tcvn3(const char *text)
{
	glong n_uni, n_codes, n;
	gunichar *uni = g_utf8_to_ucs4(tcvn3_unicode, -1, NULL, &n_uni, NULL);
	gunichar *codes = g_utf8_to_ucs4(tcvn3_codes, -1, NULL, &n_codes, NULL);
	gunichar *in = g_utf8_to_ucs4(text, -1, NULL, &n, NULL);
	assert_int_equal(n_uni, n_codes);
	assert_non_null(in);

	GString *out = g_string_new(NULL);
	for (glong i = 0; i < n; i++) {
		gunichar c = in[i];
		glong k = 0;
		while (k < n_uni && uni[k] != c)
			k++;
		if (k == n_uni) {
			gunichar lower = g_unichar_tolower(c);
			for (k = 0; k < n_uni && uni[k] != lower; k++)
				;
		}
		g_string_append_unichar(out, k < n_uni ? codes[k] : c);
	}
	g_free(uni);
	g_free(codes);
	g_free(in);
	return g_string_free(out, FALSE);
}

/* The VNI mark byte for a shape (none, circumflex, breve) and a tone (none,
 * acute, grave, hook, tilde, dot below), small letters. */
static const gunichar vni_marks[3][6] = {
	{0,    0xF9, 0xF8, 0xFB, 0xF5, 0xEF},  /*    ù ø û õ ï */
	{0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4},  /*  â á à å ã ä */
	{0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB},  /*  ê é è ú ü ë */
};

static int tone_index(gunichar mark)
{
	switch (mark) {
	case 0x0301: return 1;
	case 0x0300: return 2;
	case 0x0309: return 3;
	case 0x0303: return 4;
	case 0x0323: return 5;
	default: return 0;
	}
}

/* Append one Unicode letter in VNI: its base letter (ô ö for ơ ư), then the
 * mark byte, from the letter's canonical decomposition. */
static void append_vni_letter(GString *out, gunichar c)
{
	gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
	gsize nd = g_unichar_fully_decompose(c, FALSE, d, G_N_ELEMENTS(d));
	gunichar base = d[0];
	gboolean upper = g_unichar_isupper(base);
	int shape = 0, tone = 0;
	gboolean horn = FALSE;

	for (gsize i = 1; i < nd; i++) {
		if (d[i] == 0x0302)
			shape = 1;
		else if (d[i] == 0x0306)
			shape = 2;
		else if (d[i] == 0x031B)
			horn = TRUE;
		else
			tone = tone_index(d[i]);
	}
	if (c == 0x0111 || c == 0x0110) {                /* đ Đ → ñ Ñ */
		g_string_append_unichar(out, c == 0x0111 ? 0xF1 : 0xD1);
		return;
	}
	if (nd == 1 || base > 0x7F) {                    /* not a Vietnamese vowel */
		g_string_append_unichar(out, c);
		return;
	}
	gunichar lower = g_unichar_tolower(base);
	if (lower == 'i' && tone != 0) {                 /* í ì ỉ ĩ ị: one byte */
		static const gunichar i_bytes[6] = {0, 0xED, 0xEC, 0xE6, 0xF3, 0xF2};
		g_string_append_unichar(out, i_bytes[tone] - (upper ? 0x20 : 0));
		return;
	}
	if (lower == 'y' && tone == 5) {                 /* ỵ: one byte */
		g_string_append_unichar(out, upper ? 0xCE : 0xEE);
		return;
	}
	if (horn)                                        /* ơ ư → ô ö */
		base = (lower == 'o' ? 0xF4 : 0xF6) - (upper ? 0x20 : 0);
	g_string_append_unichar(out, base);
	if (shape != 0 || tone != 0)
		g_string_append_unichar(out, vni_marks[shape][tone] - (upper ? 0x20 : 0));
}

/* Encode Unicode Vietnamese as VNI, returned as the UTF-8 of its Latin-1
 * reading. */
static char *encode_vni(const char *text)
{
	GString *out = g_string_new(NULL);
	for (const char *p = text; *p; p = g_utf8_next_char(p))
		append_vni_letter(out, g_utf8_get_char(p));
	return g_string_free(out, FALSE);
}

/* The raw 8-bit bytes behind a Latin-1 reading (as a file would hold them). */
static char *latin1_bytes(const char *utf8)
{
	char *bytes = g_convert(utf8, -1, "ISO-8859-1", "UTF-8", NULL, NULL, NULL);
	assert_non_null(bytes);
	return bytes;
}

struct legacy_case {
	const char *name;
	enum vn_legacy enc;
	const char *legacy;   /* Latin-1 reading, as UTF-8 */
	const char *unicode;
	int detectable;       /* long enough for vn_legacy_detect */
};

/* Hand-checked pairs. */
static void test_legacy_pairs(void **state)
{
	(void)state;
	static const struct legacy_case cases[] = {
		{"TCVN3 Uỷ ban", VN_LEGACY_TCVN3, "Uû ban nh©n d©n", "Uỷ ban nhân dân", 1},
		{"TCVN3 Sở Tài chính", VN_LEGACY_TCVN3, "Së Tµi chÝnh", "Sở Tài chính", 1},
		{"TCVN3 .VnTimeH header", VN_LEGACY_TCVN3,
		 "Uû BAN NH¢N D¢N TØNH TUY£N QUANG", "UỶ BAN NHÂN DÂN TỈNH TUYÊN QUANG", 1},
		{"TCVN3 .VnTimeH motto", VN_LEGACY_TCVN3,
		 "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1},
		{"TCVN3 motto", VN_LEGACY_TCVN3,
		 "§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc", 1},
		{"TCVN3 ư is the soft hyphen", VN_LEGACY_TCVN3,
		 "tr\u00ADêng §¹i häc", "trường Đại học", 1},
		{"TCVN3 one word", VN_LEGACY_TCVN3, "nh©n", "nhân", 1},
		{"TCVN3 heading, not VNI \"YÕ\"", VN_LEGACY_TCVN3, "QUYÕT §ÞNH", "QUYẾT ĐỊNH", 1},
		{"TCVN3 table cell", VN_LEGACY_TCVN3, "Së X©y dùng", "Sở Xây dựng", 1},
		{"TCVN3 list line", VN_LEGACY_TCVN3, "- L\u00ADu: VT, KT.", "- Lưu: VT, KT.", 0},
		{"TCVN3 HĐND", VN_LEGACY_TCVN3, "TT H§ND tØnh", "TT HĐND tỉnh", 1},
		{"TCVN3 number", VN_LEGACY_TCVN3, "Sè: 125/Q§-UBND", "Số: 125/QĐ-UBND", 0},
		{"VNI Ủy ban", VN_LEGACY_VNI, "UÛy ban nhaân daân", "Ủy ban nhân dân", 1},
		{"VNI Sở Tài chính", VN_LEGACY_VNI, "Sôû Taøi chính", "Sở Tài chính", 1},
		{"VNI header", VN_LEGACY_VNI,
		 "UÛY BAN NHAÂN DAÂN TÆNH TUYEÂN QUANG", "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG", 1},
		{"VNI motto caps", VN_LEGACY_VNI,
		 "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1},
		{"VNI motto", VN_LEGACY_VNI,
		 "Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc", 1},
		{"VNI ươ", VN_LEGACY_VNI, "tröôùc ngaøy 15/6/2019", "trước ngày 15/6/2019", 1},
		{"VNI ă ắ ặ ỵ", VN_LEGACY_VNI, "naêm ñaéc ñaëc Mî", "năm đắc đặc Mỵ", 1},
		{"VNI table cell", VN_LEGACY_VNI, "Cô quan phoái hôïp", "Cơ quan phối hợp", 1},
		{"VNI HĐND", VN_LEGACY_VNI, "TT Tænh uûy, TT HÑND tænh", "TT Tỉnh ủy, TT HĐND tỉnh", 1},
		{"VNI number", VN_LEGACY_VNI, "Soá: 125/QÑ-UBND", "Số: 125/QĐ-UBND", 0},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const struct legacy_case *c = &cases[i];
		print_message("  %s\n", c->name);
		char *got = vn_legacy_convert(c->legacy, c->enc);
		assert_string_equal(got, c->unicode);
		g_free(got);
		if (!c->detectable)
			continue;
		assert_int_equal(vn_legacy_detect(c->legacy), c->enc);
		got = vn_normalize(c->legacy, -1);
		assert_string_equal(got, c->unicode);
		g_free(got);
	}
}

/* Unicode sentences that survive a trip through each legacy encoding. */
static const char *const round_trip_sentences[] = {
	"ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG",
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
	"Giao Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư và các "
	"cơ quan liên quan tổng hợp, báo cáo trước ngày 15/6/2019.",
	"QUYẾT ĐỊNH\nVề việc giao nhiệm vụ cho các sở, ban, ngành",
	"Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành.",
	"Các đồng chí Giám đốc Sở Nội vụ, Thủ trưởng các cơ quan, đơn vị "
	"chịu trách nhiệm thi hành Quyết định này.",
	"năm, đặc biệt, khuyến khích, quỹ, lũy kế, thuỷ lợi, kỹ thuật, ưu tiên",
};

static void check_round_trip(const char *unicode, const char *legacy,
			     enum vn_legacy enc)
{
	assert_int_equal(vn_legacy_detect(legacy), enc);

	char *got = vn_legacy_convert(legacy, enc);
	assert_string_equal(got, unicode);
	g_free(got);

	got = vn_normalize(legacy, -1);
	assert_string_equal(got, unicode);
	g_free(got);

	/* The same text as raw 8-bit bytes, which are not UTF-8. */
	char *bytes = latin1_bytes(legacy);
	got = vn_normalize(bytes, (long)strlen(bytes));
	assert_string_equal(got, unicode);
	g_free(got);
	g_free(bytes);
}

static void test_legacy_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(round_trip_sentences); i++) {
		const char *s = round_trip_sentences[i];
		char *tcvn3 = encode_tcvn3(s);
		char *vni = encode_vni(s);
		print_message("  %s\n  TCVN3: %s\n  VNI:   %s\n", s, tcvn3, vni);
		check_round_trip(s, tcvn3, VN_LEGACY_TCVN3);
		check_round_trip(s, vni, VN_LEGACY_VNI);
		g_free(tcvn3);
		g_free(vni);
	}
}

/* Mixed-case toned capitals exist in VNI only (TCVN3 writes "ủy"). */
static void test_legacy_vni_capitals(void **state)
{
	(void)state;
	const char *s = "Ủy ban nhân dân tỉnh giao Ủy viên Đặng Thị Ánh, "
			"Ông Ước và Ấp Ổn Định thực hiện.";
	char *vni = encode_vni(s);
	check_round_trip(s, vni, VN_LEGACY_VNI);
	g_free(vni);
}

/* Text that is not legacy: detection says so and vn_normalize leaves it. */
static void test_legacy_not_detected(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"Café Đà Lạt © 2020",
		"Ủy ban nhân dân tỉnh Tuyên Quang",
		"Hoàn toàn",
		"HOÀN TOÀN",
		"Hoà bình, khoá học, hoãn lại, toàn bộ",
		"Tài chính, Thông báo, Cà Mau, Bà Rịa",
		"The provincial committee shall report before 15 June 2019.",
		"Le café où nous étions en août, une idée naïve à l'aéroport.",
		"Où aller? Août.",
		"«Bonjour», dit-il. «Très bien», répond Noël.",
		"Müller und Größe der Äpfel an der Straße",
		"Aún así, el niño comió piña en Perú.",
		"Microsoft® Windows® Office® Excel®",
		"10µm, 20µm and 5 µg/l",
		"Price: £100, ¥2000, 25°C, ½ cup, ±3, 2³, 1ª, nº 5",
		"15/6/2019 - 2.500.000 - 123/QĐ-UBND",
		"Sè",
		"Nhi\u00D2u",   /* TCVN3 "Nhiều", or windows-1258 "Nhiều": too little to tell */
		"",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
		print_message("  %s\n", texts[i]);
		assert_int_equal(vn_legacy_detect(texts[i]), VN_LEGACY_NONE);
		char *got = vn_normalize(texts[i], -1);
		assert_string_equal(got, texts[i]);
		g_free(got);
	}
	/* Nor does a legacy-looking round-trip sentence in real Unicode. */
	for (size_t i = 0; i < G_N_ELEMENTS(round_trip_sentences); i++)
		assert_int_equal(vn_legacy_detect(round_trip_sentences[i]),
				 VN_LEGACY_NONE);
}

/* VN_LEGACY_NONE copies; NULL and invalid UTF-8 do not crash. */
static void test_legacy_edges(void **state)
{
	(void)state;
	char *got = vn_legacy_convert("Sở Tài chính", VN_LEGACY_NONE);
	assert_string_equal(got, "Sở Tài chính");
	g_free(got);
	assert_int_equal(vn_legacy_detect(NULL), VN_LEGACY_NONE);
	got = vn_legacy_convert("S\xEB T\xB5i ch\xDDnh", VN_LEGACY_TCVN3);
	assert_string_equal(got, "Sở Tài chính");
	g_free(got);
	got = vn_legacy_convert("", VN_LEGACY_VNI);
	assert_string_equal(got, "");
	g_free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_nfc_long),
		cmocka_unit_test(test_mark_run),
		cmocka_unit_test(test_mappings),
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_legacy_pairs),
		cmocka_unit_test(test_legacy_round_trip),
		cmocka_unit_test(test_legacy_vni_capitals),
		cmocka_unit_test(test_legacy_not_detected),
		cmocka_unit_test(test_legacy_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
