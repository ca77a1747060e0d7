/*
 * deadline_priv.h — what the deadline_*.c files share (not installed).
 *
 * A search runs on the folded text (vn_fold: one byte per code point,
 * lower-case, no diacritics) and collects candidates ("cands"): spans of
 * the folded text with a reading. The passes, in order (deadline.c):
 *
 *   1. dates     deadline_dates.c: absolute dates, months, quarters,
 *                half-years, years, Tết — each read with the cue word
 *                before it ("trước", "chậm nhất", "trong", "từ", a
 *                citation "số .../QĐ-UBND ngày", ...).
 *   2. phrases   deadline_phrases.c: counts of (working) days, cadences
 *                ("hằng tháng", "6 tháng (trước 15/6)") that absorb a date
 *                next to them, ongoing and no-date markers.
 *   3. resolve   deadline.c: overlaps (the higher priority, then the longer
 *                span wins), neighbouring recurring phrases merged
 *                ("6 tháng (...) và năm (...)": the earlier due), spans
 *                mapped back to byte offsets of the input.
 */
#ifndef DONDOC_RULES_DEADLINE_PRIV_H
#define DONDOC_RULES_DEADLINE_PRIV_H

#include <glib.h>

#include "rules/deadline.h"

/* What a date candidate is, for the cadence pass. */
enum dl_atom {
	ATOM_NONE,    /* not a date atom (phrase, marker) */
	ATOM_DAY,     /* "ngày 25": a day without month */
	ATOM_DM,      /* "15/6": day and month, no year */
	ATOM_DMY,     /* full date */
	ATOM_MONTH,   /* "tháng 12", "tháng 6/2019" */
	ATOM_PERIOD,  /* quarter, half-year, year, span of years, Tết */
};

/* Where a day-only atom sits ("ngày 20 của tháng cuối quý"). */
enum dl_daypos {
	DAYPOS_PLAIN,
	DAYPOS_QUARTER_LAST,  /* "tháng cuối quý" */
	DAYPOS_QUARTER_NEXT,  /* "tháng đầu quý sau" */
	DAYPOS_MONTH_NEXT,    /* "tháng tiếp theo" */
};

/* Reading of a candidate besides the public kinds. */
enum dl_role {
	ROLE_OUT,      /* reported */
	ROLE_BLOCK,    /* a citation, narrative or cut-off date: hides its span */
	ROLE_START,    /* "từ quý II/2025": start of a recurring duty, not reported */
	ROLE_ABSORBED, /* taken into a cadence phrase */
	ROLE_LATENT,   /* a bare day or month: only a cadence may use it
	                  ("hằng tháng vào ngày 25", "Tháng 12 hằng năm") */
};

struct dl_cand {
	enum dd_due_kind kind;
	dd_date due;
	size_t s, e;          /* span in the folded text */
	double conf;
	const char *warning;
	int prio;             /* higher wins an overlap */
	enum dl_role role;
	enum dl_atom atom;
	enum dl_daypos daypos;
	int d, m, y;          /* parsed parts of an atom (0 when absent) */
	bool needs_cue;       /* bare atom: report only as a whole cell */
};

struct dl_scan {
	const char *text;     /* the normalized input */
	char *f;              /* folded text */
	size_t *off;          /* folded index -> byte offset in text */
	size_t n;             /* strlen(f) */
	dd_date issued;
	int iy, im, id;       /* issued as y/m/d */
	const struct dd_calendar *cal;
	bool cell;            /* the whole text is one deadline cell */
	GArray *cands;        /* struct dl_cand */
};

/* Priorities: blockers beat everything; longer phrases beat the atoms. */
enum {
	PRIO_MARKER = 10,
	PRIO_ATOM = 20,
	PRIO_PHRASE = 30,
	PRIO_CADENCE = 40,
	PRIO_BLOCK = 50,
};

/* Warnings (static strings, deadline.c). */
extern const char DL_W_PAST[], DL_W_JANUARY[], DL_W_DAY_ONLY[], DL_W_BEFORE_MONTH[],
	DL_W_BEFORE_QUARTER[], DL_W_BEFORE_YEAR[], DL_W_EARLY_YEAR[], DL_W_SCHOOL_YEAR[],
	DL_W_TET[], DL_W_WEEKLY[], DL_W_MONTHLY[], DL_W_QUARTERLY[], DL_W_HALF[],
	DL_W_EVENT[], DL_W_NGAY[], DL_W_NO_CALENDAR[];

/* deadline.c: helpers shared by the passes. */
void dl_add(struct dl_scan *s, const struct dl_cand *c);
/* True when the original text behind folded [fs, fe) has a diacritic
 * (a multi-byte code point): "ngày" vs "ngay", "năm" vs "nam". */
bool dl_has_marks(const struct dl_scan *s, size_t fs, size_t fe);
/* True when folded [fs, fe) equals `word` and has no diacritic in the
 * original ("ngay" = immediately). */
bool dl_plain_word(const struct dl_scan *s, size_t fs, const char *word);
/* Is the original text behind folded [fs, fe), lower-cased, exactly
 * `word` (UTF-8, lower case)?  "đầu" vs "đấu". */
bool dl_orig_is(const struct dl_scan *s, size_t fs, size_t fe, const char *word);
/* Clause around a folded index: bounded by ';', '|', ". ", a line break
 * and the ends of the text. */
void dl_clause(const struct dl_scan *s, size_t i, size_t *cs, size_t *ce);
/* Cell around a folded index: bounded by '|', the ends of the text. */
void dl_segment(const struct dl_scan *s, size_t i, size_t *cs, size_t *ce);
/* Does folded [fs, fe) fill its cell (only spaces, '.', ':' around)? */
bool dl_fills_cell(const struct dl_scan *s, size_t fs, size_t fe);
/* Does the folded text end with `word` (whole word) at `pos`?  Returns the
 * start of the word or SIZE_MAX. Spaces before pos are skipped. */
size_t dl_word_before(const struct dl_scan *s, size_t pos, const char *word);
/* The integer of a named group, or -1 when the group did not take part. */
int dl_group_int(const GMatchInfo *mi, const char *name);
/* Span of a named group; false when it did not take part. */
bool dl_group_span(const GMatchInfo *mi, const char *name, size_t *gs, size_t *ge);
/* Compile a pattern once (G_REGEX_OPTIMIZE); aborts on a bad pattern. */
GRegex *dl_regex(const char *pattern);
/* Working days after `from`: the calendar, or weekends only without one. */
dd_date dl_add_workdays(const struct dl_scan *s, dd_date from, int n);

/* Dates in a year (the next occurrence of d/m on or after `from`). */
dd_date dl_next_dm(int d, int m, dd_date from);

/* The passes. */
void dl_find_dates(struct dl_scan *s);
void dl_find_phrases(struct dl_scan *s);

#endif
