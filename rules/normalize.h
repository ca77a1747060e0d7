/*
 * normalize.h — Vietnamese text cleaned once, and folded for matching.
 *
 * vn_normalize() is applied to every string a reader produced before any
 * rule looks at it:
 *   - text typed in the legacy 8-bit encodings TCVN3 (ABC, .VnTime fonts)
 *     and VNI (VNI-Times fonts), which a reader hands over as the code
 *     points of their Latin-1/windows-1252 reading ("Uû ban nh©n d©n",
 *     "UÛy ban nhaân daân"), is recognised and converted to Unicode;
 *   - Unicode NFC (decomposed tone marks composed);
 *   - one form of đ/Đ (U+0111/U+0110; the look-alikes ð Ð Ɖ mapped);
 *   - hyphens and dashes (U+2010..U+2015, U+2212, U+00AD soft hyphen removed)
 *     as '-', curly quotes as straight ones;
 *   - whitespace: tabs, NBSP and the other Unicode spaces as ' ', runs of
 *     spaces collapsed, zero-width characters removed, leading and trailing
 *     space trimmed. '\n' is kept (a line break inside a table cell) but
 *     spaces around it are trimmed.
 * Invalid UTF-8 is read as windows-1258/1252 bytes (never rejected).
 *
 * vn_fold() makes the matching key of normalized text: exactly one byte per
 * code point of its input, so that a match found in the folded text maps
 * back to the normalized text by code-point index. Vietnamese letters lose
 * their diacritics and case (Ắ → a, Đ → d), ASCII is lower-cased, '\n'
 * becomes ' ', any other non-ASCII code point becomes '~'.
 */
#ifndef DONDOC_RULES_NORMALIZE_H
#define DONDOC_RULES_NORMALIZE_H

#include <stddef.h>

/* Clean text of `len` bytes (-1: NUL-terminated). Returns a new string. */
char *vn_normalize(const char *text, long len);

/* Fold normalized UTF-8 text. Returns a new string of one byte per code
 * point; when offsets is not NULL, *offsets receives a new array (g_free)
 * of (folded length + 1) entries: the byte offset in `text` of the code
 * point behind each folded byte, the last entry being strlen(text). */
char *vn_fold(const char *text, size_t **offsets);

/* The legacy encodings recognised. */
enum vn_legacy { VN_LEGACY_NONE, VN_LEGACY_TCVN3, VN_LEGACY_VNI };
/* Which legacy encoding, if any, a piece of text is written in. */
enum vn_legacy vn_legacy_detect(const char *text);
/* Convert legacy text (as code points of its Latin-1 reading) to Unicode. */
char *vn_legacy_convert(const char *text, enum vn_legacy enc);

#endif
