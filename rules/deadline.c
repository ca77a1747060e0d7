/*
 * deadline.c — deadline expressions: the public functions of deadline.h,
 * the helpers the passes share, and the final resolution of candidates.
 *
 * The work is split in three files (see deadline_priv.h):
 *   deadline.c          this file: fold, run the passes, resolve overlaps,
 *                       merge "6 tháng (...) và năm (...)", pick a clause's
 *                       deadline
 *   deadline_dates.c    absolute dates and periods with their cue words
 *   deadline_phrases.c  counts of days, cadences, ongoing/none markers
 *
 * Row numbers "#n" in comments refer to DOMAIN.md §3.2.
 */
#include "rules/deadline.h"

#include <stdint.h>
#include <string.h>

#include "rules/deadline_priv.h"
#include "rules/normalize.h"

/* Policy readings a person should review (DOMAIN.md "policy ... flag"). */
const char DL_W_PAST[] = "due date before the issue date";
const char DL_W_JANUARY[] = "December document naming January without a year: read as next year";
const char DL_W_DAY_ONLY[] = "day without a month: read as this month, or next month if past";
const char DL_W_BEFORE_MONTH[] = "before a month: policy reads the last day of the previous month";
const char DL_W_BEFORE_QUARTER[] = "before a quarter: policy reads the end of the previous quarter";
const char DL_W_BEFORE_YEAR[] = "before a year: policy reads 31/12 of the previous year";
const char DL_W_EARLY_YEAR[] = "early in the year: policy reads 31/3";
const char DL_W_SCHOOL_YEAR[] = "school year: policy reads 31/5 of its second year (unverified)";
const char DL_W_TET[] = "before Tết: policy reads the day before Tết (lunar calendar)";
const char DL_W_WEEKLY[] = "weekly without a weekday: no date";
const char DL_W_MONTHLY[] = "monthly without a day: read as the month's last day";
const char DL_W_QUARTERLY[] = "quarterly without a day: read as the quarter's last day";
const char DL_W_HALF[] = "half-yearly without a date: read as 30/6 or 31/12";
const char DL_W_EVENT[] = "counted from an event of each future document: a standing rule";
const char DL_W_NGAY[] = "\"ngay\" (immediately): no date stated";
const char DL_W_NO_CALENDAR[] = "no calendar given: only weekends skipped";

const char *deadline_kind_name(enum dd_due_kind kind)
{
	switch (kind) {
	case DUE_DATE: return "date";
	case DUE_WORKING_DAYS: return "working_days";
	case DUE_DAYS: return "days";
	case DUE_RECURRING: return "recurring";
	case DUE_ONGOING: return "ongoing";
	case DUE_NONE: break;
	}
	return "none";
}

/* ---- helpers shared by the passes ---- */

void dl_add(struct dl_scan *s, const struct dl_cand *c)
{
	g_array_append_val(s->cands, *c);
}

bool dl_has_marks(const struct dl_scan *s, size_t fs, size_t fe)
{
	for (size_t i = fs; i < fe && i < s->n; i++)
		if (s->off[i + 1] - s->off[i] > 1)
			return true;
	return false;
}

bool dl_plain_word(const struct dl_scan *s, size_t fs, const char *word)
{
	size_t len = strlen(word);
	if (fs + len > s->n || memcmp(s->f + fs, word, len) != 0)
		return false;
	return !dl_has_marks(s, fs, fs + len);
}

bool dl_orig_is(const struct dl_scan *s, size_t fs, size_t fe, const char *word)
{
	if (fe > s->n || fs >= fe)
		return false;
	char *orig = g_utf8_strdown(s->text + s->off[fs], (gssize)(s->off[fe] - s->off[fs]));
	bool same = strcmp(orig, word) == 0;
	g_free(orig);
	return same;
}

static bool is_clause_end(const struct dl_scan *s, size_t i)
{
	char c = s->f[i];
	if (c == ';' || c == '|')
		return true;
	if (c == '.' && (i + 1 == s->n || s->f[i + 1] == ' '))
		return true;
	return s->text[s->off[i]] == '\n';
}

void dl_clause(const struct dl_scan *s, size_t i, size_t *cs, size_t *ce)
{
	size_t a = i, b = i;
	while (a > 0 && !is_clause_end(s, a - 1))
		a--;
	while (b < s->n && !is_clause_end(s, b))
		b++;
	*cs = a;
	*ce = b;
}

void dl_segment(const struct dl_scan *s, size_t i, size_t *cs, size_t *ce)
{
	size_t a = i, b = i;
	while (a > 0 && s->f[a - 1] != '|')
		a--;
	while (b < s->n && s->f[b] != '|')
		b++;
	*cs = a;
	*ce = b;
}

bool dl_fills_cell(const struct dl_scan *s, size_t fs, size_t fe)
{
	size_t a, b;
	dl_segment(s, fs, &a, &b);
	if (fe > b)
		return false;
	for (size_t i = a; i < fs; i++)
		if (s->f[i] != ' ')
			return false;
	for (size_t i = fe; i < b; i++)
		if (!strchr(" .:;,", s->f[i]))
			return false;
	return true;
}

size_t dl_word_before(const struct dl_scan *s, size_t pos, const char *word)
{
	size_t len = strlen(word);
	/* spaces and a colon: "Thời hạn hoàn thành: 30/6/2025" */
	while (pos > 0 && (s->f[pos - 1] == ' ' || s->f[pos - 1] == ':'))
		pos--;
	if (pos < len || memcmp(s->f + pos - len, word, len) != 0)
		return SIZE_MAX;
	size_t start = pos - len;
	if (start > 0 && g_ascii_isalnum(s->f[start - 1]))
		return SIZE_MAX;
	return start;
}

int dl_group_int(const GMatchInfo *mi, const char *name)
{
	gint gs, ge;
	if (!g_match_info_fetch_named_pos(mi, name, &gs, &ge) || gs < 0 || ge <= gs)
		return -1;
	const char *str = g_match_info_get_string(mi);
	int v = 0;
	for (gint i = gs; i < ge && i - gs < 6; i++) {
		if (!g_ascii_isdigit(str[i]))
			return -1;
		v = v * 10 + (str[i] - '0');
	}
	return v;
}

bool dl_group_span(const GMatchInfo *mi, const char *name, size_t *gs, size_t *ge)
{
	gint a, b;
	if (!g_match_info_fetch_named_pos(mi, name, &a, &b) || a < 0 || b < a)
		return false;
	*gs = (size_t)a;
	*ge = (size_t)b;
	return true;
}

GRegex *dl_regex(const char *pattern)
{
	GError *err = NULL;
	GRegex *re = g_regex_new(pattern, G_REGEX_OPTIMIZE | G_REGEX_RAW, 0, &err);
	if (!re)
		g_error("deadline: bad pattern %s: %s", pattern, err->message);
	return re;
}

dd_date dl_add_workdays(const struct dl_scan *s, dd_date from, int n)
{
	if (s->cal)
		return calendar_add_workdays(s->cal, from, n);
	dd_date d = from;
	while (n > 0) {
		d++;
		int wd = date_weekday(d);
		if (wd != 0 && wd != 6)
			n--;
	}
	return d;
}

dd_date dl_next_dm(int d, int m, dd_date from)
{
	int y;
	date_to_ymd(from, &y, NULL, NULL);
	for (int k = 0; k < 5; k++, y++) {
		int dd = d;
		if (dd > date_days_in_month(y, m))
			dd = date_days_in_month(y, m);
		dd_date cand = date_from_ymd(y, m, dd);
		if (cand >= from)
			return cand;
	}
	return DD_NO_DATE;
}

/* ---- resolution ---- */

static gint cmp_strength(gconstpointer a, gconstpointer b)
{
	const struct dl_cand *x = a, *y = b;
	if (x->prio != y->prio)
		return y->prio - x->prio;
	size_t lx = x->e - x->s, ly = y->e - y->s;
	if (lx != ly)
		return lx < ly ? 1 : -1;
	return x->s < y->s ? -1 : x->s > y->s;
}

static gint cmp_start(gconstpointer a, gconstpointer b)
{
	const struct dl_cand *x = a, *y = b;
	return x->s < y->s ? -1 : x->s > y->s;
}

/* Overlaps: the strongest candidate keeps its span; blockers (citations,
 * narrative dates) win and are then dropped. */
static GArray *resolve_overlaps(const struct dl_scan *s)
{
	GArray *all = g_array_new(FALSE, FALSE, sizeof(struct dl_cand));
	for (guint i = 0; i < s->cands->len; i++) {
		const struct dl_cand *c = &g_array_index(s->cands, struct dl_cand, i);
		if (c->role == ROLE_OUT || c->role == ROLE_BLOCK)
			g_array_append_val(all, *c);
	}
	g_array_sort(all, cmp_strength);
	GArray *kept = g_array_new(FALSE, FALSE, sizeof(struct dl_cand));
	for (guint i = 0; i < all->len; i++) {
		const struct dl_cand *c = &g_array_index(all, struct dl_cand, i);
		bool clash = false;
		for (guint j = 0; j < kept->len && !clash; j++) {
			const struct dl_cand *k = &g_array_index(kept, struct dl_cand, j);
			clash = c->s < k->e && k->s < c->e;
		}
		if (!clash)
			g_array_append_val(kept, *c);
	}
	g_array_free(all, TRUE);
	for (guint j = kept->len; j-- > 0;)
		if (g_array_index(kept, struct dl_cand, j).role == ROLE_BLOCK)
			g_array_remove_index(kept, j);
	g_array_sort(kept, cmp_start);
	return kept;
}

/* Only connectors between two spans: " và ", ", ", parentheses. */
static bool only_connectors(const struct dl_scan *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		if (strchr(" ,()", s->f[i]))
			continue;
		if (i + 2 <= b && memcmp(s->f + i, "va", 2) == 0 &&
		    (i + 2 == b || s->f[i + 2] == ' ')) {
			i++;
			continue;
		}
		return false;
	}
	return true;
}

/* "6 tháng (trước 15/6) và năm (trước 15/12)": one duty with two streams;
 * the due is whichever comes first (FORMAT.md, #40). */
static void merge_recurring(const struct dl_scan *s, GArray *kept)
{
	for (guint i = 1; i < kept->len;) {
		struct dl_cand *a = &g_array_index(kept, struct dl_cand, i - 1);
		struct dl_cand *b = &g_array_index(kept, struct dl_cand, i);
		if (a->kind == DUE_RECURRING && b->kind == DUE_RECURRING &&
		    only_connectors(s, a->e, b->s)) {
			if (b->due != DD_NO_DATE && (a->due == DD_NO_DATE || b->due < a->due)) {
				a->due = b->due;
				a->warning = b->warning;
			}
			a->e = b->e;
			if (b->conf > a->conf)
				a->conf = b->conf;
			g_array_remove_index(kept, i);
		} else {
			i++;
		}
	}
}

/* Run the passes over `text`; returns the resolved candidates (folded
 * spans) and leaves the scan for span mapping. */
static GArray *scan_text(struct dl_scan *s, const char *text, dd_date issued,
                         const struct dd_calendar *cal, bool cell)
{
	memset(s, 0, sizeof *s);
	s->text = text;
	s->f = vn_fold(text, &s->off);
	s->n = strlen(s->f);
	s->issued = issued;
	s->cal = cal;
	s->cell = cell;
	if (issued != DD_NO_DATE)
		date_to_ymd(issued, &s->iy, &s->im, &s->id);
	s->cands = g_array_new(FALSE, FALSE, sizeof(struct dl_cand));
	if (issued == DD_NO_DATE)
		return g_array_new(FALSE, FALSE, sizeof(struct dl_cand));
	dl_find_dates(s);
	dl_find_phrases(s);
	GArray *kept = resolve_overlaps(s);
	merge_recurring(s, kept);
	return kept;
}

static void scan_free(struct dl_scan *s)
{
	g_free(s->f);
	g_free(s->off);
	g_array_free(s->cands, TRUE);
}

static void to_public(const struct dl_scan *s, const struct dl_cand *c, struct dd_deadline *o)
{
	o->kind = c->kind;
	o->due = c->due;
	o->start = s->off[c->s];
	o->end = s->off[c->e];
	o->confidence = c->conf;
	o->warning = c->warning;
	if (!o->warning && o->due != DD_NO_DATE && o->due < s->issued)
		o->warning = DL_W_PAST;
	if (!o->warning && o->kind == DUE_WORKING_DAYS && !s->cal)
		o->warning = DL_W_NO_CALENDAR;
}

static size_t find_all(const char *text, dd_date issued, const struct dd_calendar *cal,
                       bool cell, struct dd_deadline *out, size_t max)
{
	if (!text)
		return 0;
	struct dl_scan s;
	GArray *kept = scan_text(&s, text, issued, cal, cell);
	size_t n = 0;
	for (guint i = 0; i < kept->len && n < max; i++)
		to_public(&s, &g_array_index(kept, struct dl_cand, i), &out[n++]);
	g_array_free(kept, TRUE);
	scan_free(&s);
	return n;
}

size_t deadline_find_all(const char *text, dd_date issued, const struct dd_calendar *cal,
                         struct dd_deadline *out, size_t max)
{
	return find_all(text, issued, cal, false, out, max);
}

static bool sets_date(const struct dd_deadline *d)
{
	return d->kind == DUE_DATE || d->kind == DUE_WORKING_DAYS || d->kind == DUE_DAYS ||
	       d->kind == DUE_RECURRING;
}

/* The clause's deadline from its phrases: a confident date-setting phrase,
 * else a standing-duty marker, else a weak date (a bare period mentioned
 * in passing), else a no-date marker. */
static bool pick(const struct dd_deadline *all, size_t n, struct dd_deadline *out)
{
	static const struct { int want; double min, max; } tiers[] = {
		{1, 0.6, 2.0},  /* date-setting, confident */
		{DUE_ONGOING, 0.0, 2.0},
		{1, 0.0, 0.6},  /* date-setting, weak */
		{DUE_NONE, 0.0, 2.0},
	};
	for (size_t t = 0; t < G_N_ELEMENTS(tiers); t++) {
		for (size_t i = 0; i < n; i++) {
			bool kind_ok = tiers[t].want == 1 ? sets_date(&all[i])
			                                  : (int)all[i].kind == tiers[t].want;
			if (kind_ok && all[i].confidence >= tiers[t].min &&
			    all[i].confidence < tiers[t].max) {
				*out = all[i];
				return true;
			}
		}
	}
	return false;
}

static bool find_one(const char *text, dd_date issued, const struct dd_calendar *cal,
                     bool cell, struct dd_deadline *out)
{
	struct dd_deadline all[32];
	size_t n = find_all(text, issued, cal, cell, all, G_N_ELEMENTS(all));
	if (pick(all, n, out))
		return true;
	out->kind = DUE_NONE;
	out->due = DD_NO_DATE;
	out->start = out->end = 0;
	out->confidence = 0.0;
	out->warning = NULL;
	return false;
}

bool deadline_find(const char *text, dd_date issued, const struct dd_calendar *cal,
                   struct dd_deadline *out)
{
	return find_one(text, issued, cal, false, out);
}

bool deadline_parse_cell(const char *text, dd_date issued, const struct dd_calendar *cal,
                         struct dd_deadline *out)
{
	return find_one(text, issued, cal, true, out);
}
