/*
 * legacy.c — TCVN3 and VNI text recognised and converted (see normalize.h).
 *
 * Before Unicode, Vietnamese Word files and PDFs were typed in 8-bit fonts.
 * A reader that does not know the font hands the text over as the code
 * points of each byte's Latin-1 reading, so Vietnamese arrives as Latin-1
 * gibberish. Two encodings cover nearly all such documents:
 *
 *   TCVN3 (TCVN 5712:1993 VN3, "ABC", fonts .VnTime, .VnArial, ...): one byte
 *   per letter. The bytes 0xA1..0xFE hold the 7 capitals Ă Â Ê Ô Ơ Ư Đ and
 *   all lower-case toned letters ("Së Tµi chÝnh" = "Sở Tài chính"). There are
 *   no toned capitals: all-caps headings use the .VnTimeH fonts, which draw
 *   the lower-case codes as capitals ("TØNH" = "TỈNH"). The converter gives a
 *   word capitals when its ASCII letters are capitals (see tcvn3_word_caps
 *   and tcvn3_resolve_caps). A toned capital in mixed-case text cannot be
 *   written in TCVN3 at all ("ñy ban" showed as "ủy ban" in .VnTime too),
 *   so it stays small.
 *
 *   VNI (VNI-Windows, fonts VNI-Times, ...): a vowel is an ASCII letter
 *   followed by one mark byte that carries the circumflex or breve and the
 *   tone ("nhaân" = "nhân", "Taøi" = "Tài", "UÛy" = "Ủy"); đ ơ ư ỉ ĩ ị ỵ (and
 *   capitals) are single bytes ("Sôû" = "Sở"). The converter composes base
 *   letter, shape and tone into one precomposed letter.
 *
 * Detection (vn_legacy_detect) counts signals that do not occur in real
 * Unicode Vietnamese, English or French-like Latin-1 text:
 *   - TCVN3: a Latin-1 symbol that TCVN3 uses as a letter (© ª « ¬ ® µ ¸ ...)
 *     in a place where the letter can stand ("nh©n", "®Ó", "vµ"), a Latin-1
 *     capital right after an ASCII small letter ("chÝnh"), a Latin-1 small
 *     letter between ASCII capitals ("CéNG");
 *   - VNI: a base vowel followed by a mark that fits it ("aø", "eá", "ôû").
 *     Pairs that genuine Unicode Vietnamese also contains ("oà" in "hoà",
 *     "oá", "oã") are ignored; pairs common in French or Spanish ("où",
 *     "goût", "naïve", "aún") count, but never decide on their own.
 * An encoding is chosen when the text has (almost) no Vietnamese letters
 * beyond Latin-1, which real Unicode Vietnamese always has, does not look
 * like windows-1258 bytes (tone marks after vowels), has more signals than
 * characters the encoding never uses (VNI has no Latin-1 symbols, TCVN3 no
 * À Á Â Ã Ä Å Í Ù Ú Û à), and either there are at least two signals with
 * one word in five carrying one, or the text is short (a table cell, a
 * heading) and has one sure signal.
 *
 * Both functions accept any bytes: a byte that is not valid UTF-8 is taken
 * as its Latin-1 code point. Results are new strings (g_free), valid UTF-8;
 * the letters they make are precomposed, the rest of the text is copied as
 * it is (vn_normalize applies NFC afterwards). Time is linear in the length.
 */
#include "rules/normalize.h"

#include <glib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Text as code points
 * ------------------------------------------------------------------------ */

/* Decode UTF-8 into a new array of code points (g_free), *n_out its length.
 * A byte that does not start a valid sequence is taken as Latin-1. */
static gunichar *decode_lenient(const char *text, size_t *n_out)
{
	size_t len = strlen(text);
	gunichar *cps = g_new(gunichar, len + 1);
	size_t n = 0;
	const char *p = text, *end = text + len;

	while (p < end) {
		gunichar c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			cps[n++] = (unsigned char)*p;
			p++;
		} else {
			cps[n++] = c;
			p = g_utf8_next_char(p);
		}
	}
	*n_out = n;
	return cps;
}

static gboolean is_ascii_upper(gunichar c)
{
	return c >= 'A' && c <= 'Z';
}

static gboolean is_ascii_lower(gunichar c)
{
	return c >= 'a' && c <= 'z';
}

static gunichar ascii_lower(gunichar c)
{
	return is_ascii_upper(c) ? c + ('a' - 'A') : c;
}

/* Latin-1 letters, by case (× and ÷ are not letters). */
static gboolean is_latin1_upper(gunichar c)
{
	return c >= 0xC0 && c <= 0xDE && c != 0xD7;
}

static gboolean is_latin1_lower(gunichar c)
{
	return c >= 0xDF && c <= 0xFF && c != 0xF7;
}

/* A Vietnamese letter that Latin-1 does not have (ă đ ơ ư ạ ế ... or a
 * combining tone mark): real Unicode Vietnamese is full of them, legacy
 * text read as Latin-1 has none. */
static gboolean is_unicode_vietnamese(gunichar c)
{
	switch (c) {
	case 0x0102: case 0x0103: case 0x0110: case 0x0111:
	case 0x0128: case 0x0129: case 0x0168: case 0x0169:
	case 0x01A0: case 0x01A1: case 0x01AF: case 0x01B0:
	case 0x0300: case 0x0301: case 0x0302: case 0x0303:
	case 0x0306: case 0x0309: case 0x031B: case 0x0323:
		return TRUE;
	default:
		return c >= 0x1EA0 && c <= 0x1EF9;
	}
}

/* A vowel as windows-1258 bytes read as Latin-1 show it: a e i o u y, â ê ô,
 * and ă ơ ư, which windows-1258 keeps where Latin-1 has ã õ ý. */
static gboolean is_cp1258_vowel(gunichar c)
{
	switch (ascii_lower(c)) {
	case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
	case 0xE2: case 0xEA: case 0xF4: case 0xE3: case 0xF5: case 0xFD:
	case 0xC2: case 0xCA: case 0xD4: case 0xC3: case 0xD5: case 0xDD:
		return TRUE;
	default:
		return FALSE;
	}
}

/* Whether `c` after `prev` looks like a windows-1258 tone mark (a combining
 * character there) seen through Latin-1: Ì Ò Þ ì ò after a vowel ("TaÌi"
 * is "Tài"). Such text comes from bytes that are not UTF-8; it is neither
 * TCVN3 nor VNI, and vn_normalize reads it as windows-1258. */
static gboolean is_cp1258_signal(gunichar prev, gunichar c)
{
	return (c == 0xCC || c == 0xD2 || c == 0xDE || c == 0xEC || c == 0xF2) &&
	       is_cp1258_vowel(prev);
}

/* ------------------------------------------------------------------------
 * TCVN3
 * ------------------------------------------------------------------------ */

/* TCVN3 bytes 0xA0..0xFF (as Latin-1 code points) to Unicode. 0: the byte
 * is not a Vietnamese letter in TCVN3 and is kept as it is. */
static const gunichar tcvn3_table[0x60] = {
	/* 0xA0   -  Ă       Â       Ê       Ô       Ơ       Ư       Đ */
	0,      0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
	/* 0xA8 ă     â       ê       ô       ơ       ư       đ       - */
	0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0,
	/* 0xB0 -     -       -       -       -       à       ả       ã */
	0,      0,      0,      0,      0,      0x00E0, 0x1EA3, 0x00E3,
	/* 0xB8 á     ạ       -       ằ       ẳ       ẵ       ắ       - */
	0x00E1, 0x1EA1, 0,      0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0,
	/* 0xC0 -     -       -       -       -       -       ặ       ầ */
	0,      0,      0,      0,      0,      0,      0x1EB7, 0x1EA7,
	/* 0xC8 ẩ     ẫ       ấ       ậ       è       -       ẻ       ẽ */
	0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0,      0x1EBB, 0x1EBD,
	/* 0xD0 é     ẹ       ề       ể       ễ       ế       ệ       ì */
	0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
	/* 0xD8 ỉ     -       -       -       ĩ       í       ị       ò */
	0x1EC9, 0,      0,      0,      0x0129, 0x00ED, 0x1ECB, 0x00F2,
	/* 0xE0 -     ỏ       õ       ó       ọ       ồ       ổ       ỗ */
	0,      0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
	/* 0xE8 ố     ộ       ờ       ở       ỡ       ớ       ợ       ù */
	0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
	/* 0xF0 -     ủ       ũ       ú       ụ       ừ       ử       ữ */
	0,      0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
	/* 0xF8 ứ     ự       ỳ       ỷ       ỹ       ý       ỵ       - */
	0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0,
};

/* The Unicode letter a TCVN3 code stands for, or 0. */
static gunichar tcvn3_letter(gunichar c)
{
	if (c < 0xA0 || c > 0xFF)
		return 0;
	return tcvn3_table[c - 0xA0];
}

/* A TCVN3 letter whose Latin-1 reading is a symbol (© µ ¸ × ÷ ...). */
static gboolean is_tcvn3_symbol(gunichar c)
{
	return tcvn3_letter(c) != 0 && (c < 0xC0 || c == 0xD7 || c == 0xF7);
}

/* A character that belongs to a word when looking for legacy text:
 * letters, combining marks, and the TCVN3 symbols that stand for letters. */
static gboolean is_word_char(gunichar c)
{
	return g_unichar_isalpha(c) || g_unichar_ismark(c) || tcvn3_letter(c) != 0;
}

/* ơ ớ ờ ở ỡ ợ in TCVN3: what follows ư (the soft hyphen) in "ươ". */
static gboolean is_tcvn3_o_horn(gunichar c)
{
	return c == 0xAC || (c >= 0xEA && c <= 0xEE);
}

/* Whether a TCVN3 symbol, between `prev` and `next`, is a sign of TCVN3
 * text. Inside a word it is ("nh©n"). Where Vietnamese spelling rules the
 * letter out, the symbol is more likely itself:
 *   - ư is the soft hyphen, which real text puts between syllables: only
 *     "ư" at the end of a word ("t­") or before ơ ("tr­êng") counts;
 *   - đ (®) and Đ (§) only start words ("Windows®"), but Đ follows a capital
 *     in abbreviations ("Q§-UBND", "H§ND");
 *   - ă ắ ằ ẳ ẵ (¨ ¾ » ¼ ½) never end a word ("«texte»");
 *   - à (µ) rarely starts one ("10 µm");
 *   - the small ă â ê ô ơ ư đ (¨..®) have capitals of their own to start a
 *     word in capitals with ("«Bonjour»"). */
static gboolean is_tcvn3_symbol_signal(gunichar prev, gunichar c, gunichar next)
{
	gboolean before = is_word_char(prev), after = is_word_char(next);

	if (c == 0xAD)
		return before && (!after || is_tcvn3_o_horn(next));
	if (c == 0xAE || c == 0xA7)
		return (!before && after) || (before && is_ascii_upper(prev));
	if (before && after)
		return TRUE;
	if (after)
		return c != 0xB5 && !(c >= 0xA8 && c <= 0xAE && is_ascii_upper(next));
	if (before)
		return c != 0xA8 && !(c >= 0xBB && c <= 0xBE);
	return FALSE;
}

/* A TCVN3 signal sure enough to decide a short text on its own: a symbol
 * inside a word, other than those real text also puts there (· in
 * "l·l", the soft hyphen), đ or Đ starting a word ("®Ó", "§ÞNH"), or a
 * Latin-1 capital right after an ASCII small letter ("chÝnh"), unless it
 * may be a windows-1258 tone mark. */
static gboolean is_tcvn3_sure(gunichar prev, gunichar c, gunichar next)
{
	if (tcvn3_letter(c) == 0)
		return FALSE;
	if (is_latin1_upper(c))
		return is_ascii_lower(prev) && !is_cp1258_signal(prev, c);
	if (c == 0xAE || c == 0xA7)
		return !is_word_char(prev) && is_word_char(next);
	return is_tcvn3_symbol(c) && c != 0xB7 && c != 0xAD &&
	       is_word_char(prev) && is_word_char(next);
}

/* Latin-1 letters and symbols that TCVN3 text never contains. */
static gboolean is_not_tcvn3(gunichar c)
{
	return (c >= 0xC0 && c <= 0xC5) || c == 0xCD ||
	       (c >= 0xD9 && c <= 0xDB) || c == 0xE0;
}

/* Whether `c`, between `prev` and `next`, is a sign of TCVN3 text. */
static gboolean is_tcvn3_signal(gunichar prev, gunichar c, gunichar next)
{
	if (is_tcvn3_symbol(c))
		return is_tcvn3_symbol_signal(prev, c, next);
	if (tcvn3_letter(c) == 0)
		return FALSE;
	if (is_latin1_upper(c) && is_ascii_lower(prev))
		return TRUE;                       /* "chÝnh" */
	return is_latin1_lower(c) && is_ascii_upper(prev) && is_ascii_upper(next);
}

/* ------------------------------------------------------------------------
 * VNI
 * ------------------------------------------------------------------------ */

/* Combining marks that VNI mark bytes carry. */
#define MARK_CIRCUMFLEX 0x0302
#define MARK_BREVE      0x0306
#define TONE_GRAVE      0x0300
#define TONE_ACUTE      0x0301
#define TONE_TILDE      0x0303
#define TONE_HOOK       0x0309
#define TONE_DOT        0x0323

/* A VNI mark byte: its shape (circumflex, breve or 0) and tone (or 0).
 * Capital mark bytes (0xC0..0xDE) mean the same as small ones. */
static gboolean vni_mark(gunichar c, gunichar *shape, gunichar *tone)
{
	if (is_latin1_upper(c))
		c += 0x20;
	*shape = 0;
	*tone = 0;
	switch (c) {
	case 0xF9: *tone = TONE_ACUTE; break;                           /* ù */
	case 0xF8: *tone = TONE_GRAVE; break;                           /* ø */
	case 0xFB: *tone = TONE_HOOK; break;                            /* û */
	case 0xF5: *tone = TONE_TILDE; break;                           /* õ */
	case 0xEF: *tone = TONE_DOT; break;                             /* ï */
	case 0xE2: *shape = MARK_CIRCUMFLEX; break;                     /* â */
	case 0xE1: *shape = MARK_CIRCUMFLEX; *tone = TONE_ACUTE; break; /* á */
	case 0xE0: *shape = MARK_CIRCUMFLEX; *tone = TONE_GRAVE; break; /* à */
	case 0xE5: *shape = MARK_CIRCUMFLEX; *tone = TONE_HOOK; break;  /* å */
	case 0xE3: *shape = MARK_CIRCUMFLEX; *tone = TONE_TILDE; break; /* ã */
	case 0xE4: *shape = MARK_CIRCUMFLEX; *tone = TONE_DOT; break;   /* ä */
	case 0xEA: *shape = MARK_BREVE; break;                          /* ê */
	case 0xE9: *shape = MARK_BREVE; *tone = TONE_ACUTE; break;      /* é */
	case 0xE8: *shape = MARK_BREVE; *tone = TONE_GRAVE; break;      /* è */
	case 0xFA: *shape = MARK_BREVE; *tone = TONE_HOOK; break;       /* ú */
	case 0xFC: *shape = MARK_BREVE; *tone = TONE_TILDE; break;      /* ü */
	case 0xEB: *shape = MARK_BREVE; *tone = TONE_DOT; break;        /* ë */
	default: return FALSE;
	}
	return TRUE;
}

/* The Unicode base letter a VNI byte gives before a mark byte, or 0:
 * a e o u y, and ô ö which are ơ ư in VNI. */
static gunichar vni_base(gunichar c)
{
	switch (ascii_lower(c)) {
	case 'a': case 'e': case 'o': case 'u': case 'y':
		return c;
	default:
		break;
	}
	switch (c) {
	case 0xF4: return 0x01A1;  /* ô → ơ */
	case 0xD4: return 0x01A0;  /* Ô → Ơ */
	case 0xF6: return 0x01B0;  /* ö → ư */
	case 0xD6: return 0x01AF;  /* Ö → Ư */
	default: return 0;
	}
}

/* Whether a shape fits a base: circumflex on a e o, breve on a only. */
static gboolean vni_fits(gunichar base, gunichar shape)
{
	gunichar b = ascii_lower(base);
	if (shape == MARK_CIRCUMFLEX)
		return b == 'a' || b == 'e' || b == 'o';
	if (shape == MARK_BREVE)
		return b == 'a';
	return TRUE;
}

/* If `c` followed by `next` is a VNI vowel, store its base and marks. */
static gboolean vni_pair(gunichar c, gunichar next, gunichar *base,
			 gunichar *shape, gunichar *tone)
{
	*base = vni_base(c);
	return *base != 0 && vni_mark(next, shape, tone) && vni_fits(*base, *shape);
}

/* The letter a single VNI byte stands for (đ ơ ư ỉ ĩ ị ỵ and capitals),
 * or 0 when the byte means itself. */
static gunichar vni_single(gunichar c)
{
	switch (c) {
	case 0xF1: return 0x0111;  /* ñ → đ */
	case 0xD1: return 0x0110;  /* Ñ → Đ */
	case 0xF4: return 0x01A1;  /* ô → ơ */
	case 0xD4: return 0x01A0;  /* Ô → Ơ */
	case 0xF6: return 0x01B0;  /* ö → ư */
	case 0xD6: return 0x01AF;  /* Ö → Ư */
	case 0xE6: return 0x1EC9;  /* æ → ỉ */
	case 0xC6: return 0x1EC8;  /* Æ → Ỉ */
	case 0xF3: return 0x0129;  /* ó → ĩ */
	case 0xD3: return 0x0128;  /* Ó → Ĩ */
	case 0xF2: return 0x1ECB;  /* ò → ị */
	case 0xD2: return 0x1ECA;  /* Ò → Ị */
	case 0xEE: return 0x1EF5;  /* î → ỵ */
	case 0xCE: return 0x1EF4;  /* Î → Ỵ */
	default: return 0;
	}
}

/* Latin-1 letters and symbols that VNI text never contains: all the
 * symbols (0xA1..0xBF) and Ç Ð × Ý Þ ß ç ð ÷ ý þ ÿ. */
static gboolean is_not_vni(gunichar c)
{
	switch (c) {
	case 0xC7: case 0xD0: case 0xD7: case 0xDD: case 0xDE: case 0xDF:
	case 0xE7: case 0xF0: case 0xF7: case 0xFD: case 0xFE: case 0xFF:
		return TRUE;
	default:
		return c >= 0xA1 && c <= 0xBF;
	}
}

/* How much a VNI pair says about the text. */
enum vni_weight {
	VNI_NONE,      /* not a pair, or one real Vietnamese also has */
	VNI_WEAK,      /* a pair French or Spanish words have ("où", "aé") */
	VNI_STRONG,    /* a pair only VNI text has ("aø", "eá", "ôû") */
};

static enum vni_weight vni_pair_weight(gunichar c, gunichar next)
{
	gunichar base, shape, tone;
	if (!vni_pair(c, next, &base, &shape, &tone))
		return VNI_NONE;
	gunichar b = ascii_lower(base);
	gunichar m = is_latin1_upper(next) ? next + 0x20 : next;
	/* "hoà", "khoá", "hoãn" in Unicode Vietnamese */
	if (b == 'o' && (m == 0xE0 || m == 0xE1 || m == 0xE3))
		return VNI_NONE;
	/* "où", "goût"; "aéroport", "naïve", "aún", "Israël", "ambiguïté" */
	if ((b == 'o' && (m == 0xF9 || m == 0xFB || m == 0xEF)) ||
	    (b == 'a' && (m == 0xE9 || m == 0xE8 || m == 0xEF || m == 0xFA ||
			  m == 0xFC || m == 0xEB)) ||
	    ((b == 'e' || b == 'u') && m == 0xEF))
		return VNI_WEAK;
	return VNI_STRONG;
}

/* ------------------------------------------------------------------------
 * Detection
 * ------------------------------------------------------------------------ */

/* What one pass over the text counted. */
struct legacy_stats {
	size_t words;           /* runs of word characters */
	size_t tcvn3_signals;   /* characters that look like TCVN3 */
	size_t tcvn3_words;     /* words with at least one of them */
	size_t tcvn3_sure;      /* signals sure enough on their own */
	size_t vni_pairs;       /* weak or strong VNI pairs */
	size_t vni_strong;      /* strong VNI pairs */
	size_t vni_words;       /* words with at least one pair */
	size_t unicode_vn;      /* Vietnamese letters beyond Latin-1 */
	size_t cp1258_marks;    /* windows-1258 tone marks after vowels */
	size_t not_tcvn3;       /* word characters TCVN3 never uses */
	size_t not_vni;         /* word characters VNI never uses */
};

static void count_signals(const gunichar *cps, size_t n, struct legacy_stats *st)
{
	gboolean in_word = FALSE, word_tcvn3 = FALSE, word_vni = FALSE;

	memset(st, 0, sizeof *st);
	for (size_t i = 0; i < n; i++) {
		gunichar c = cps[i];
		gunichar prev = i > 0 ? cps[i - 1] : 0;
		gunichar next = i + 1 < n ? cps[i + 1] : 0;

		if (!is_word_char(c)) {
			in_word = FALSE;
			continue;
		}
		if (!in_word) {
			in_word = TRUE;
			word_tcvn3 = FALSE;
			word_vni = FALSE;
			st->words++;
		}
		if (is_unicode_vietnamese(c))
			st->unicode_vn++;
		if (is_cp1258_signal(prev, c))
			st->cp1258_marks++;
		st->not_tcvn3 += is_not_tcvn3(c);
		st->not_vni += is_not_vni(c);
		if (is_tcvn3_signal(prev, c, next)) {
			st->tcvn3_signals++;
			st->tcvn3_sure += is_tcvn3_sure(prev, c, next);
			if (!word_tcvn3)
				st->tcvn3_words++;
			word_tcvn3 = TRUE;
		}
		enum vni_weight w = vni_pair_weight(c, next);
		if (w != VNI_NONE) {
			st->vni_pairs++;
			if (w == VNI_STRONG)
				st->vni_strong++;
			if (!word_vni)
				st->vni_words++;
			word_vni = TRUE;
		}
	}
}

/* A text of at most this many words (a table cell, a list line, a heading)
 * is decided by one sure signal. */
#define SHORT_TEXT_WORDS 6

/* Choose from the counts. Both encodings plausible and equally so: none. */
static enum vn_legacy decide(const struct legacy_stats *st)
{
	gboolean is_short = st->words <= SHORT_TEXT_WORDS;

	if (st->words == 0)
		return VN_LEGACY_NONE;
	/* Real Unicode Vietnamese: legacy signals must outnumber its letters
	 * four to one before we believe them. */
	if (st->unicode_vn > 0 &&
	    st->unicode_vn * 4 >= st->tcvn3_signals + st->vni_pairs)
		return VN_LEGACY_NONE;

	/* windows-1258 bytes: tone marks after vowels outnumber the signals. */
	if (st->cp1258_marks > 0 &&
	    st->cp1258_marks >= MAX(st->tcvn3_signals, st->vni_pairs))
		return VN_LEGACY_NONE;

	/* Each encoding must also outweigh the characters it never uses. */
	gboolean tcvn3 = ((st->tcvn3_signals >= 2 && st->tcvn3_words * 5 >= st->words) ||
			  (is_short && st->tcvn3_sure >= 1)) &&
			 st->tcvn3_signals > st->not_tcvn3;
	gboolean vni = ((st->vni_pairs >= 2 && st->vni_strong >= 1 &&
			 st->vni_words * 5 >= st->words) ||
			(is_short && st->vni_strong >= 1)) &&
		       st->vni_pairs > st->not_vni;

	if (tcvn3 && (!vni || st->tcvn3_words > st->vni_words))
		return VN_LEGACY_TCVN3;
	if (vni && (!tcvn3 || st->vni_words > st->tcvn3_words))
		return VN_LEGACY_VNI;
	return VN_LEGACY_NONE;
}

enum vn_legacy vn_legacy_detect(const char *text)
{
	if (text == NULL)
		return VN_LEGACY_NONE;
	size_t n;
	gunichar *cps = decode_lenient(text, &n);
	struct legacy_stats st;
	count_signals(cps, n, &st);
	g_free(cps);
	return decide(&st);
}

/* ------------------------------------------------------------------------
 * Conversion
 * ------------------------------------------------------------------------ */

/* A word of TCVN3 text and whether its letters are capitals. */
struct tcvn3_word {
	size_t start, end;  /* code point indexes, end exclusive */
	size_t line;        /* words only take case from their own line */
	int caps;           /* 1 capitals, 0 small, -1 not yet known */
};

/* Whether a word is typed in capitals, judged from its ASCII letters: two
 * capitals and no small letter: yes ("TØNH"); a small letter: no ("Tµi");
 * otherwise (one capital, or none: "Uû", "ë") it is not known. */
static int tcvn3_word_caps(const gunichar *cps, size_t start, size_t end)
{
	size_t upper = 0, lower = 0;
	for (size_t i = start; i < end; i++) {
		upper += is_ascii_upper(cps[i]);
		lower += is_ascii_lower(cps[i]);
	}
	if (lower > 0)
		return 0;
	return upper >= 2 ? 1 : -1;
}

/* Split the text into words, each with its line and case. */
static GArray *tcvn3_words(const gunichar *cps, size_t n)
{
	GArray *words = g_array_new(FALSE, FALSE, sizeof(struct tcvn3_word));
	size_t line = 0;
	for (size_t i = 0; i < n;) {
		if (!is_word_char(cps[i])) {
			line += cps[i] == '\n' || cps[i] == '\r';
			i++;
			continue;
		}
		struct tcvn3_word w = {.start = i, .line = line};
		while (i < n && is_word_char(cps[i]))
			i++;
		w.end = i;
		w.caps = tcvn3_word_caps(cps, w.start, w.end);
		g_array_append_val(words, w);
	}
	return words;
}

/* A word whose case is not known ("Uû", "Sè", "ñY") is in capitals when its
 * line is a heading: two or more words in capitals and none in small
 * letters ("ñY BAN NH¢N D¢N"). Otherwise it is title case or small ("Sè:
 * 125/Q§-UBND", "Uû ban"). Words are in line order. */
static void tcvn3_resolve_caps(GArray *words)
{
	struct tcvn3_word *w = (struct tcvn3_word *)(void *)words->data;
	size_t n = words->len;

	for (size_t first = 0; first < n;) {
		size_t end = first, caps = 0, small = 0;
		for (; end < n && w[end].line == w[first].line; end++) {
			caps += w[end].caps == 1;
			small += w[end].caps == 0;
		}
		int heading = caps >= 2 && small == 0;
		for (size_t i = first; i < end; i++)
			if (w[i].caps < 0)
				w[i].caps = heading;
		first = end;
	}
}

static void tcvn3_convert(const gunichar *cps, size_t n, GString *out)
{
	GArray *words = tcvn3_words(cps, n);
	tcvn3_resolve_caps(words);

	size_t k = 0;  /* the word at or after i */
	for (size_t i = 0; i < n; i++) {
		while (k < words->len && g_array_index(words, struct tcvn3_word, k).end <= i)
			k++;
		gboolean caps = k < words->len &&
				g_array_index(words, struct tcvn3_word, k).start <= i &&
				g_array_index(words, struct tcvn3_word, k).caps == 1;
		gunichar letter = tcvn3_letter(cps[i]);
		if (letter == 0)
			g_string_append_unichar(out, cps[i]);
		else
			g_string_append_unichar(out, caps ? g_unichar_toupper(letter) : letter);
	}
	g_array_free(words, TRUE);
}

/* Compose `c` with `mark` (0: none); 0 when Unicode has no such letter. */
static gunichar compose(gunichar c, gunichar mark)
{
	gunichar result;
	if (mark == 0)
		return c;
	return g_unichar_compose(c, mark, &result) ? result : 0;
}

/* Append a base letter with its shape and tone as one precomposed letter.
 * Unicode composes most letters shape first (â + ́ = ấ) but the dot below
 * tone first (ạ + ̂ = ậ), so both orders are tried. */
static void append_vni_letter(GString *out, gunichar base, gunichar shape,
			      gunichar tone)
{
	gunichar letter = compose(compose(base, shape), tone);
	if (letter == 0 && shape != 0 && tone != 0) {
		gunichar toned = compose(base, tone);
		letter = toned != 0 ? compose(toned, shape) : 0;
	}
	if (letter != 0) {
		g_string_append_unichar(out, letter);
		return;
	}
	g_string_append_unichar(out, base);   /* cannot happen with vni_fits */
	if (shape != 0)
		g_string_append_unichar(out, shape);
	if (tone != 0)
		g_string_append_unichar(out, tone);
}

static void vni_convert(const gunichar *cps, size_t n, GString *out)
{
	for (size_t i = 0; i < n; i++) {
		gunichar next = i + 1 < n ? cps[i + 1] : 0;
		gunichar base, shape, tone;
		if (vni_pair(cps[i], next, &base, &shape, &tone)) {
			append_vni_letter(out, base, shape, tone);
			i++;
			continue;
		}
		gunichar single = vni_single(cps[i]);
		g_string_append_unichar(out, single != 0 ? single : cps[i]);
	}
}

char *vn_legacy_convert(const char *text, enum vn_legacy enc)
{
	if (text == NULL)
		return g_strdup("");
	size_t n;
	gunichar *cps = decode_lenient(text, &n);
	GString *out = g_string_sized_new(strlen(text) * 2 + 1);

	if (enc == VN_LEGACY_TCVN3) {
		tcvn3_convert(cps, n, out);
	} else if (enc == VN_LEGACY_VNI) {
		vni_convert(cps, n, out);
	} else {
		for (size_t i = 0; i < n; i++)
			g_string_append_unichar(out, cps[i]);
	}
	g_free(cps);
	return g_string_free(out, FALSE);
}
