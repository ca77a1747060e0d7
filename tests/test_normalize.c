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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_mappings),
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_invalid_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
