/*
 * normalize.c — clean a reader's text once (see normalize.h vn_normalize).
 *
 * vn_normalize() runs these steps, one pass each:
 *   1. copy the input, an embedded NUL becoming ' ';
 *   2. if the bytes are not valid UTF-8, read them as 8-bit text: first as
 *      Latin-1, to give the legacy detector a chance (TCVN3/VNI bytes), and
 *      otherwise as windows-1258 (whose tone marks are combining characters);
 *   3. if the text is TCVN3 or VNI (vn_legacy_detect, legacy.c), convert it;
 *   4. map and clean characters one by one (clean_text): đ/Đ look-alikes,
 *      dashes, quotes, ellipsis, spaces, line breaks, zero-width and control
 *      characters, with whitespace collapsed and trimmed as it goes, and
 *      runs of more than 30 combining marks cut (MAX_MARK_RUN);
 *   5. Unicode NFC (nfc_text), in short pieces because g_utf8_normalize is
 *      quadratic. It runs last so that a tone mark separated from its letter
 *      by a removed character (a soft hyphen, a zero-width space) is still
 *      composed. NFC creates no character that step 4 would change.
 * Time is linear in the length of the input.
 *
 * The result is always valid UTF-8, newly allocated (g_free), never NULL.
 * No global state; safe to call from any thread.
 */
#include "rules/normalize.h"

#include <glib.h>
#include <string.h>

/* windows-1258 bytes 0x80..0xFF. 0 marks a byte the code page leaves
 * undefined; such a byte is dropped. 0xCC, 0xD2, 0xDE, 0xEC and 0xF2 are the
 * combining tone marks that NFC later composes with the letter before. */
static const gunichar cp1258_high[128] = {
	/* 0x80 */ 0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	/* 0x88 */ 0x02C6, 0x2030, 0, 0x2039, 0x0152, 0, 0, 0,
	/* 0x90 */ 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	/* 0x98 */ 0x02DC, 0x2122, 0, 0x203A, 0x0153, 0, 0, 0x0178,
	/* 0xA0 */ 0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
	/* 0xA8 */ 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
	/* 0xB0 */ 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
	/* 0xB8 */ 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
	/* 0xC0 */ 0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
	/* 0xC8 */ 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD, 0x00CE, 0x00CF,
	/* 0xD0 */ 0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7,
	/* 0xD8 */ 0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF,
	/* 0xE0 */ 0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
	/* 0xE8 */ 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF,
	/* 0xF0 */ 0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4, 0x01A1, 0x00F6, 0x00F7,
	/* 0xF8 */ 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,
};

/* Copy `len` bytes of `text` into a new NUL-terminated string, turning an
 * embedded NUL into a space. */
static char *copy_input(const char *text, size_t len)
{
	char *copy = g_malloc(len + 1);
	for (size_t i = 0; i < len; i++)
		copy[i] = text[i] == '\0' ? ' ' : text[i];
	copy[len] = '\0';
	return copy;
}

/* Read bytes as Latin-1: each byte becomes the code point of its value. */
static char *decode_latin1(const char *bytes)
{
	GString *out = g_string_sized_new(strlen(bytes) * 2 + 1);
	for (const unsigned char *p = (const unsigned char *)bytes; *p; p++)
		g_string_append_unichar(out, *p);
	return g_string_free(out, FALSE);
}

/* Read bytes as windows-1258. Undefined bytes are dropped. */
static char *decode_cp1258(const char *bytes)
{
	GString *out = g_string_sized_new(strlen(bytes) * 2 + 1);
	for (const unsigned char *p = (const unsigned char *)bytes; *p; p++) {
		gunichar c = *p < 0x80 ? *p : cp1258_high[*p - 0x80];
		if (c != 0)
			g_string_append_unichar(out, c);
	}
	return g_string_free(out, FALSE);
}

/* Convert `text` from the legacy encoding `enc`, if any. Takes ownership of
 * `text`; returns it or its replacement. */
static char *convert_legacy(char *text, enum vn_legacy enc)
{
	if (enc == VN_LEGACY_NONE)
		return text;
	char *converted = vn_legacy_convert(text, enc);
	g_free(text);
	return converted;
}

/* Turn the (copied, NUL-free) input into valid UTF-8 text, converted from a
 * legacy Vietnamese encoding when it is written in one. Bytes that are not
 * UTF-8 may be TCVN3 or VNI bytes, seen through their Latin-1 reading;
 * otherwise they are windows-1258. Takes ownership of `bytes`. */
static char *decode_input(char *bytes)
{
	if (g_utf8_validate(bytes, -1, NULL))
		return convert_legacy(bytes, vn_legacy_detect(bytes));

	char *text = decode_latin1(bytes);
	enum vn_legacy enc = vn_legacy_detect(text);
	if (enc == VN_LEGACY_NONE) {
		g_free(text);
		text = decode_cp1258(bytes);
	}
	g_free(bytes);
	return convert_legacy(text, enc);
}

/* Whether `c` is already NFC whatever surrounds it: it has combining class
 * 0, NFC leaves it as it is and never composes it with a character before
 * it. True of everything below U+0300 and of the precomposed Latin letters
 * U+1E00..U+1EFF (all of Vietnamese). Text made only of such characters
 * needs no work. */
static gboolean is_nfc_simple(gunichar c)
{
	return c < 0x0300 || (c >= 0x1E00 && c <= 0x1EFF);
}

/* Whether text may be cut before `c` without changing its NFC: `c` has
 * combining class 0 (nothing is reordered across it) and is never the second
 * half of a composition. The second halves are combining marks, spacing
 * vowel signs (also marks) and the Hangul vowel and final jamo. */
static gboolean is_nfc_boundary(gunichar c)
{
	if (is_nfc_simple(c))
		return TRUE;
	if (g_unichar_combining_class(c) != 0 || g_unichar_ismark(c))
		return FALSE;
	return !((c >= 0x1161 && c <= 0x1175) || (c >= 0x11A8 && c <= 0x11C2));
}

/* What the cleaning pass does with one code point. */
enum char_class {
	CH_KEEP,     /* copied (after map_char) */
	CH_DROP,     /* removed: zero-width, soft hyphen, control */
	CH_SPACE,    /* a space: collapsed, trimmed */
	CH_NEWLINE,  /* a line break: kept once, spaces around it trimmed */
};

static enum char_class classify_char(gunichar c)
{
	switch (c) {
	case '\n': case '\r': case '\v': case '\f':
	case 0x0085:              /* NEXT LINE */
	case 0x2028: case 0x2029: /* LINE / PARAGRAPH SEPARATOR */
		return CH_NEWLINE;
	case ' ': case '\t':
	case 0x00A0:              /* NO-BREAK SPACE */
	case 0x202F: case 0x205F: case 0x3000:
		return CH_SPACE;
	case 0x00AD:              /* SOFT HYPHEN */
	case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
	case 0x200E: case 0x200F: /* LEFT-TO-RIGHT / RIGHT-TO-LEFT MARK */
		return CH_DROP;
	default:
		break;
	}
	if (c >= 0x2000 && c <= 0x200A)
		return CH_SPACE;
	if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
		return CH_DROP;
	return CH_KEEP;
}

/* The one form of a kept character: đ/Đ look-alikes, dashes and quotes.
 * Every other character is returned unchanged. */
static gunichar map_char(gunichar c)
{
	switch (c) {
	case 0x00F0: case 0x0256:             /* ð ɖ */
		return 0x0111;                /* đ */
	case 0x00D0: case 0x0189:             /* Ð Ɖ */
		return 0x0110;                /* Đ */
	case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
		return '-';
	case 0x2018: case 0x2019: case 0x201A: case 0x201B:
	case 0x02BC: case 0xFF07:
		return '\'';
	case 0x201C: case 0x201D: case 0x201E: case 0x201F:
	case 0xFF02:
		return '"';
	default:
		break;
	}
	if (c >= 0x2010 && c <= 0x2015)
		return '-';
	return c;
}

/* Longest run of combining marks (more exactly: characters that are not an
 * NFC boundary) kept: Unicode's "stream-safe" limit (UAX #15). Real text has
 * at most a few; longer runs are garbage that would make NFC slow, and the
 * limit lets nfc_text cut long text into short pieces. */
#define MAX_MARK_RUN 30

/* Map characters and collapse whitespace in one pass over valid UTF-8.
 * A space or line break is only written once the next kept character
 * arrives, so leading and trailing whitespace never reach the output, a run
 * of spaces becomes one, and a run mixing spaces and line breaks becomes one
 * '\n'. Combining marks beyond MAX_MARK_RUN in a row are dropped. */
static char *clean_text(const char *text)
{
	size_t len = strlen(text);
	GString *out = g_string_sized_new(len + 1);
	enum char_class pending = CH_DROP;  /* CH_DROP: no whitespace pending */
	size_t mark_run = 0;                /* non-boundary characters in a row */

	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		enum char_class cls = classify_char(c);
		if (cls == CH_DROP)
			continue;
		if (cls == CH_KEEP && !is_nfc_boundary(c)) {
			if (++mark_run > MAX_MARK_RUN)
				continue;
		} else {
			mark_run = 0;
		}
		if (cls == CH_NEWLINE) {
			pending = CH_NEWLINE;
			continue;
		}
		if (cls == CH_SPACE) {
			if (pending != CH_NEWLINE)
				pending = CH_SPACE;
			continue;
		}
		if (out->len > 0 && pending == CH_NEWLINE)
			g_string_append_c(out, '\n');
		else if (out->len > 0 && pending == CH_SPACE)
			g_string_append_c(out, ' ');
		pending = CH_DROP;
		if (c == 0x2026)                      /* HORIZONTAL ELLIPSIS */
			g_string_append(out, "...");
		else
			g_string_append_unichar(out, map_char(c));
	}
	return g_string_free(out, FALSE);
}

/* g_utf8_normalize takes time that grows with the square of its input's
 * length (it shifts the rest of its buffer after each composition), so long
 * text is normalized in pieces of about NFC_PIECE bytes. */
#define NFC_PIECE 256

/* Append a piece of text in NFC; `simple`: the piece is already NFC. */
static void append_nfc(GString *out, const char *piece, size_t len,
		       gboolean simple)
{
	if (simple) {
		g_string_append_len(out, piece, (gssize)len);
		return;
	}
	char *nfc = g_utf8_normalize(piece, (gssize)len, G_NORMALIZE_NFC);
	if (nfc != NULL)
		g_string_append(out, nfc);
	g_free(nfc);
}

/* Unicode NFC of valid UTF-8, piece by piece. */
static char *nfc_text(const char *text)
{
	GString *out = g_string_sized_new(strlen(text) + 1);
	const char *start = text, *p = text;
	gboolean simple = TRUE;  /* the piece [start, p) is all simple */

	for (; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		gboolean c_simple = is_nfc_simple(c);
		if (p - start >= NFC_PIECE && is_nfc_boundary(c)) {
			append_nfc(out, start, (size_t)(p - start), simple);
			start = p;
			simple = TRUE;
		}
		simple = simple && c_simple;
	}
	append_nfc(out, start, (size_t)(p - start), simple);
	return g_string_free(out, FALSE);
}

char *vn_normalize(const char *text, long len)
{
	if (text == NULL)
		return g_strdup("");
	size_t n = len < 0 ? strlen(text) : (size_t)len;
	char *decoded = decode_input(copy_input(text, n));
	char *cleaned = clean_text(decoded);
	g_free(decoded);
	char *nfc = nfc_text(cleaned);
	g_free(cleaned);
	return nfc;
}
