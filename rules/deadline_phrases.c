/*
 * deadline_phrases.c — deadlines that are not a date on the page.
 *
 *   counts      "trong 05 ngày làm việc kể từ ngày ký" (#27-#30, #34),
 *               "trong vòng 10 ngày kể từ ngày ký" (#31, #32)
 *   cadences    "hằng tháng", "hằng quý", "định kỳ 6 tháng (trước 15/6)",
 *               "hằng năm", "thứ Năm hằng tuần", "hằng ngày" (#35-#42):
 *               each takes the date atom next to it (found by
 *               deadline_dates.c) and gives its first occurrence on or
 *               after the issue date (or after "từ quý II/2025")
 *   markers     ongoing duties ("thường xuyên", "kịp thời", ... #43-#45)
 *               and no-date words ("ngay", "khẩn trương", "theo quy định",
 *               ... #46-#49)
 */
#include <stdint.h>
#include <string.h>

#include "rules/deadline_priv.h"

/* ---- counts of days ---- */

/* Objects whose receipt is a case-by-case event, not this document:
 * "kể từ ngày nhận được hồ sơ hợp lệ" repeats for every file. */
static const char *const PER_CASE[] = {"ho so", "yeu cau", "de nghi", "don ", "phan anh",
                                       "kien nghi"};

static bool span_has(const struct dl_scan *s, size_t a, size_t b, const char *w)
{
	size_t len = strlen(w);
	for (size_t i = a; i + len <= b; i++)
		if (memcmp(s->f + i, w, len) == 0)
			return true;
	return false;
}

/* Is "này" (this) in folded [a, b)?  ("nay" alone is "now"/"ngay".) */
static bool names_this(const struct dl_scan *s, size_t a, size_t b)
{
	for (size_t i = a; i + 3 <= b; i++)
		if (memcmp(s->f + i, "nay", 3) == 0 && (i == 0 || s->f[i - 1] == ' ') &&
		    (i + 3 == s->n || !g_ascii_isalnum(s->f[i + 3])) && dl_has_marks(s, i, i + 3))
			return true;
	return false;
}

/* #27-#32: N (working) days, counted from the issue date: signing,
 * issuing, receipt (receipt date unknown: the issue date, FORMAT.md) and
 * entry into force ("kể từ ngày ký" in practice). Counted from an event of
 * each future document ("kể từ khi văn bản ... được ban hành") it is a
 * standing rule: ongoing. */
static void read_count(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	size_t gs, ge, rs, re;
	int n = dl_group_int(mi, "n");
	dl_group_span(mi, "ngay", &gs, &ge);
	if (!dl_has_marks(s, gs, ge) || n < 1 || n > 366)
		return;
	bool working = dl_group_span(mi, "wd", &rs, &re);
	bool cue = dl_group_span(mi, "cue", &rs, &re);
	bool ref = dl_group_span(mi, "rw", &rs, &re);
	if (!cue && !ref && !(working && dl_fills_cell(s, fs, fe)))
		return;
	struct dl_cand c = {
		.kind = working ? DUE_WORKING_DAYS : DUE_DAYS,
		.s = fs, .e = fe, .conf = 0.9, .prio = PRIO_PHRASE, .role = ROLE_OUT,
	};
	if (ref) {
		size_t ts, te;
		bool when = s->f[rs] == 'k' || s->f[rs] == 't'; /* "khi", "thời điểm" */
		dl_group_span(mi, "rt", &ts, &te);
		/* the reference ends at "này" ("kể từ ngày ký văn bản này") */
		for (size_t i = ts; i + 3 <= te; i++)
			if (names_this(s, i, i + 3)) {
				c.e = te = i + 3;
				break;
			}
		while (c.e > fs && s->f[c.e - 1] == ' ')
			c.e--;
		bool per_case = false;
		for (size_t i = 0; i < G_N_ELEMENTS(PER_CASE); i++)
			per_case |= span_has(s, ts, te, PER_CASE[i]);
		if ((when && !names_this(s, ts, te)) || per_case) {
			c.kind = DUE_ONGOING;
			c.due = DD_NO_DATE;
			c.warning = DL_W_EVENT;
			c.conf = 0.7;
			dl_add(s, &c);
			return;
		}
	}
	c.due = working ? dl_add_workdays(s, s->issued, n) : s->issued + n;
	dl_add(s, &c);
}

/* #34: "ngày làm việc tiếp theo": one working day. */
static void read_next_workday(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	size_t gs, ge;
	dl_group_span(mi, "ngay", &gs, &ge);
	if (!dl_has_marks(s, gs, ge))
		return;
	struct dl_cand c = {
		.kind = DUE_WORKING_DAYS, .due = dl_add_workdays(s, s->issued, 1),
		.s = fs, .e = fe, .conf = 0.8, .prio = PRIO_PHRASE, .role = ROLE_OUT,
	};
	dl_add(s, &c);
}

/* ---- cadences ---- */

enum unit { U_DAY, U_WEEK, U_MONTH, U_QUARTER, U_HALF, U_YEAR, U_PERIODIC };

/* The first day d of a month allowed by `ok` on or after `from`. */
static dd_date next_day_in(int d, bool (*ok)(int m), dd_date from)
{
	int y, m;
	date_to_ymd(from, &y, &m, NULL);
	for (int k = 0; k < 26; k++) {
		int dd = d > date_days_in_month(y, m) ? date_days_in_month(y, m) : d;
		if (ok(m) && date_from_ymd(y, m, dd) >= from)
			return date_from_ymd(y, m, dd);
		if (++m > 12)
			m = 1, y++;
	}
	return DD_NO_DATE;
}

static bool any_month(int m) { (void)m; return true; }
static bool quarter_last(int m) { return m % 3 == 0; }
static bool quarter_first(int m) { return m % 3 == 1; }
static bool half_last(int m) { return m == 6 || m == 12; }
static bool december(int m) { return m == 12; }

/* The date atom a cadence takes: right after it ("hằng quý (trước ngày
 * 20 ...)", "hằng tháng, trước ngày 20"), right before it ("trước ngày 25
 * hằng tháng", "Tháng 12 hằng năm"), or, for a day or a day/month, later
 * in the same clause ("định kỳ hằng tháng tổng hợp ..., báo cáo trước
 * ngày 25"). NULL when none. */
static struct dl_cand *find_anchor(struct dl_scan *s, size_t cs, size_t ce, enum unit u,
                                   size_t *ws, size_t *we)
{
	size_t ls, le;
	dl_clause(s, cs, &ls, &le);
	struct dl_cand *best = NULL;
	int best_rank = 99;
	/* a far anchor must be the first atom after the cadence: never reach
	 * over another date to a later one */
	size_t first_after = SIZE_MAX;
	for (guint i = 0; i < s->cands->len; i++) {
		const struct dl_cand *a = &g_array_index(s->cands, struct dl_cand, i);
		if (a->atom != ATOM_NONE && a->role != ROLE_BLOCK && a->s >= ce && a->s < first_after)
			first_after = a->s;
	}
	for (guint i = 0; i < s->cands->len; i++) {
		struct dl_cand *a = &g_array_index(s->cands, struct dl_cand, i);
		if (a->atom == ATOM_NONE || a->role == ROLE_BLOCK || a->role == ROLE_ABSORBED ||
		    a->role == ROLE_START || a->s < ls || a->e > le)
			continue;
		bool dayish = a->atom == ATOM_DAY || a->atom == ATOM_DM ||
		              (a->atom == ATOM_MONTH && u == U_YEAR);
		int rank = 99;
		if (a->s >= ce && a->s - ce <= 3)
			rank = 0;
		else if (a->e <= cs && cs - a->e <= 2)
			rank = 1;
		else if (a->s == first_after && (dayish || (u == U_PERIODIC && a->atom == ATOM_DMY)))
			rank = 2 + (int)((a->s - ce) > 200);
		if (a->atom == ATOM_PERIOD)
			rank = 99;
		if (rank < best_rank)
			best = a, best_rank = rank;
	}
	if (best) {
		*ws = best->s < cs ? best->s : cs;
		*we = best->e > ce ? best->e : ce;
		/* "(trước ngày 15/6)": take the closing parenthesis too */
		if (best->s >= ce && *we < s->n && s->f[*we] == ')')
			(*we)++;
	}
	return best;
}

/* "Từ quý II năm 2025, định kỳ hằng quý ...": the start of the clause's
 * duty, or the issue date. */
static dd_date duty_start(const struct dl_scan *s, size_t cs)
{
	size_t ls, le;
	dl_clause(s, cs, &ls, &le);
	dd_date from = s->issued;
	for (guint i = 0; i < s->cands->len; i++) {
		const struct dl_cand *a = &g_array_index(s->cands, struct dl_cand, i);
		if (a->role == ROLE_START && a->s >= ls && a->e <= cs && a->due > from)
			from = a->due;
	}
	return from;
}

static const char *const WEEKDAYS[] = {"chu nhat", "thu hai", "thu ba", "thu tu",
                                       "thu nam", "thu sau", "thu bay"};

/* "thứ Năm hằng tuần", "hằng tuần vào thứ Sáu": the weekday, or -1. */
static int weekday_near(const struct dl_scan *s, size_t cs, size_t ce, size_t *ws, size_t *we)
{
	for (int w = 0; w < 7; w++) {
		size_t len = strlen(WEEKDAYS[w]);
		size_t b = dl_word_before(s, cs, WEEKDAYS[w]);
		if (b != SIZE_MAX) {
			*ws = b, *we = ce;
			return w;
		}
		for (size_t i = ce; i + len <= s->n && i <= ce + 10; i++)
			if (memcmp(s->f + i, WEEKDAYS[w], len) == 0) {
				*ws = cs, *we = i + len;
				return w;
			}
		/* "thứ 5" */
		if (w > 0 && w < 7) {
			char num[6];
			g_snprintf(num, sizeof num, "thu %d", w + 1);
			if ((b = dl_word_before(s, cs, num)) != SIZE_MAX) {
				*ws = b, *we = ce;
				return w;
			}
		}
	}
	return -1;
}

/* The due of a cadence from its anchor atom (NULL: none stated). */
static void cadence_due(struct dl_scan *s, struct dl_cand *c, enum unit u,
                        const struct dl_cand *a, dd_date from)
{
	c->kind = DUE_RECURRING;
	switch (u) {
	case U_DAY: /* "hằng ngày": the issue date itself (FORMAT.md) */
		c->due = from;
		break;
	case U_WEEK: /* handled by the caller */
		break;
	case U_MONTH: /* #35, #36 */
		if (a && a->atom == ATOM_DAY)
			c->due = next_day_in(a->d, any_month, from);
		else if (a && a->atom == ATOM_DM)
			c->due = next_day_in(a->d, any_month, from);
		else
			c->due = next_day_in(31, any_month, from), c->warning = DL_W_MONTHLY;
		break;
	case U_QUARTER: /* #38, #39 */
		if (a && a->atom == ATOM_DAY)
			c->due = next_day_in(a->d, a->daypos == DAYPOS_QUARTER_NEXT ? quarter_first
			                                                            : quarter_last,
			                     from);
		else
			c->due = next_day_in(31, quarter_last, from), c->warning = DL_W_QUARTERLY;
		break;
	case U_HALF: /* #40 */
		if (a && (a->atom == ATOM_DM || a->atom == ATOM_DMY))
			c->due = a->atom == ATOM_DMY && a->due >= from ? a->due
			                                                : dl_next_dm(a->d, a->m, from);
		else
			c->due = next_day_in(31, half_last, from), c->warning = DL_W_HALF;
		break;
	case U_YEAR: /* #40, #41 */
		if (a && a->atom == ATOM_DMY && a->due >= from)
			c->due = a->due;
		else if (a && (a->atom == ATOM_DM || a->atom == ATOM_DMY))
			c->due = dl_next_dm(a->d, a->m, from);
		else if (a && a->atom == ATOM_MONTH)
			c->due = dl_next_dm(31, a->m, from);
		else
			c->due = next_day_in(31, december, from);
		break;
	case U_PERIODIC: /* "định kỳ ..." with a date later in the clause */
		if (a->atom == ATOM_DAY)
			c->due = next_day_in(a->d, any_month, from);
		else if (a->atom == ATOM_DMY)
			c->due = a->due;
		else
			c->due = dl_next_dm(a->d, a->m, from);
		break;
	}
}

/* A cadence phrase at folded [fs, fe); need_anchor: only with a date next
 * to it ("năm (trước 15/12)" but not "Luật ... năm (sửa đổi)"). */
static void add_cadence(struct dl_scan *s, enum unit u, size_t fs, size_t fe, bool need_anchor)
{
	struct dl_cand c = {
		.kind = DUE_RECURRING, .due = DD_NO_DATE, .s = fs, .e = fe, .conf = 0.85,
		.prio = PRIO_CADENCE, .role = ROLE_OUT,
	};
	dd_date from = duty_start(s, fs);
	if (u == U_WEEK) { /* #42 */
		size_t ws, we;
		int w = weekday_near(s, fs, fe, &ws, &we);
		if (w < 0) {
			c.kind = DUE_NONE;
			c.warning = DL_W_WEEKLY;
			c.conf = 0.5;
		} else {
			c.s = ws, c.e = we;
			c.due = from + (w - date_weekday(from) + 7) % 7;
		}
		dl_add(s, &c);
		return;
	}
	struct dl_cand *a = NULL;
	size_t ws = fs, we = fe;
	if (u != U_DAY)
		a = find_anchor(s, fs, fe, u, &ws, &we);
	if ((u == U_PERIODIC || need_anchor) && !a)
		return;
	/* A day placed in the quarter ("ngày 20 của tháng cuối quý") is itself
	 * quarterly even under "hằng tháng"-less wording. */
	if (a && u == U_MONTH && (a->daypos == DAYPOS_QUARTER_LAST || a->daypos == DAYPOS_QUARTER_NEXT))
		u = U_QUARTER;
	cadence_due(s, &c, u, a, from);
	/* "tiêu chí đánh giá hằng năm": a cadence with no day of its own is
	 * often a qualifier; keep it below a stated deadline */
	if (!a && u != U_DAY)
		c.conf = 0.55;
	if (a) {
		a->role = ROLE_ABSORBED;
		c.s = ws, c.e = we;
	}
	dl_add(s, &c);
}

/* "hằng tháng", "hàng quý", "định kỳ hằng năm", "trước 15 giờ 00 hằng ngày" */
static void read_cadence(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	size_t us, ue;
	dl_group_span(mi, "u", &us, &ue);
	const char *w = s->f + us;
	enum unit u;
	if (strncmp(w, "ngay", 4) == 0)
		u = U_DAY;
	else if (strncmp(w, "tuan", 4) == 0)
		u = U_WEEK;
	else if (strncmp(w, "thang", 5) == 0)
		u = U_MONTH;
	else if (strncmp(w, "quy", 3) == 0)
		u = U_QUARTER;
	else
		u = U_YEAR;
	/* "hằng ngày", "hằng quý", "hằng năm" need their diacritics */
	if ((u == U_DAY || u == U_QUARTER || u == U_YEAR) && !dl_has_marks(s, us, ue))
		return;
	add_cadence(s, u, fs, fe, false);
}

/* #40: "định kỳ 6 tháng (trước ngày 15/6)", "6 tháng (trước 10/6)". */
static void read_half_cadence(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	size_t gs, ge;
	bool lead = dl_group_span(mi, "dk", &gs, &ge);
	bool paren = fe + 2 <= s->n && s->f[fe] == ' ' && s->f[fe + 1] == '(';
	if (!lead && !paren)
		return; /* "trong 6 tháng": a duration, not a cadence */
	add_cadence(s, U_HALF, fs, fe, !lead);
}

/* "..., năm (trước 15/12)": the yearly stream after a half-yearly one. */
static void read_year_paren(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	if (!dl_has_marks(s, fs, fe))
		return;
	add_cadence(s, U_YEAR, fs, fe, true);
}

/* "định kỳ báo cáo ... trước ngày 15/6/2021": a dated report said to be
 * periodic. */
static void read_periodic(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	add_cadence(s, U_PERIODIC, fs, fe, true);
}

/* "trước ngày 15/6/2021 (báo cáo 6 tháng)": a tag after a date makes it
 * one stream of a periodic report. */
static void read_period_tag(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	for (guint i = 0; i < s->cands->len; i++) {
		struct dl_cand *a = &g_array_index(s->cands, struct dl_cand, i);
		if ((a->atom == ATOM_DMY || a->atom == ATOM_DM) && a->role == ROLE_OUT &&
		    a->e <= fs && fs - a->e <= 1) {
			a->kind = DUE_RECURRING;
			if (a->atom == ATOM_DM)
				a->due = dl_next_dm(a->d, a->m, s->issued);
			a->e = fe;
			a->prio = PRIO_CADENCE;
			return;
		}
	}
}

#define RX_CLOCK "(?:(?:truoc |vao |luc )?\\d{1,2} ?(?:gio|h)(?: ?\\d{1,2})?(?: phut)? )?"

static const struct phrase_rule {
	const char *pattern;
	void (*read)(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe);
} PHRASES[] = {
	/* #27-#32 */
	{"(?<![\\w])(?:(?<cue>trong(?: vong| thoi han| thoi gian)?|cham nhat(?: la)?"
	 "|muon nhat(?: la)?|khong qua|toi da|sau) )?(?<n>\\d{1,3}) (?<ngay>ngay)(?<wd> lam viec)?"
	 "(?![\\w/])(?:,? (?:ke tu|tinh tu) (?<rw>ngay|khi|thoi diem)(?<rt>[^.;|,(]*))?",
	 read_count},
	/* #34 */
	{"(?<![\\w])(?:(?:trong|vao) )?(?<ngay>ngay) lam viec (?:tiep theo|ke tiep)",
	 read_next_workday},
	/* #35-#39, #41, #42 and "hằng ngày" */
	{"(?<![\\w])" RX_CLOCK "(?:dinh ky,? )?hang (?<u>ngay|tuan|thang|quy|nam)(?![\\w])(?! \\d)",
	 read_cadence},
	/* #40 */
	{"(?<![\\w])(?:(?<dk>dinh ky|bao cao) )?(?:6|sau) thang(?! (?:dau|cuoi))(?![\\w])",
	 read_half_cadence},
	{"(?<![\\w])(?<!hang )nam(?= \\()", read_year_paren},
	{"(?<![\\w])dinh ky(?! hang| 6 | sau | ?,)", read_periodic},
	{"\\((?:bao cao )?(?:6 thang|sau thang|nam|quy|thang)\\)", read_period_tag},
};

/* ---- markers ---- */

/* #43-#45 and the corpus's ongoing words (FORMAT.md: "thường xuyên",
 * "kịp thời", "liên tục", "sẵn sàng", "khi có yêu cầu", "theo chức năng,
 * nhiệm vụ được giao", a standing responsibility). Then #46-#49: words
 * that say there is no date here. */
static const struct marker {
	const char *words;
	enum dd_due_kind kind;
	double conf;
	const char *warning;
} MARKERS[] = {
	{"thuong xuyen", DUE_ONGOING, 0.8, NULL},
	{"kip thoi", DUE_ONGOING, 0.8, NULL},
	{"lien tuc", DUE_ONGOING, 0.7, NULL},
	{"san sang", DUE_ONGOING, 0.7, NULL},
	{"khi co yeu cau", DUE_ONGOING, 0.7, NULL},
	{"theo chuc nang, nhiem vu duoc giao", DUE_ONGOING, 0.7, NULL},
	{"theo chuc nang nhiem vu duoc giao", DUE_ONGOING, 0.7, NULL},
	{"theo chuc nang, nhiem vu", DUE_ONGOING, 0.6, NULL},
	{"24/24", DUE_ONGOING, 0.6, NULL},       /* "ứng trực 24/24 giờ" */
	{"tuyet doi khong", DUE_ONGOING, 0.6, NULL}, /* a standing prohibition */
	{"chiu trach nhiem", DUE_ONGOING, 0.6, NULL}, /* a standing responsibility */
	{"khan truong", DUE_NONE, 0.5, NULL},         /* #46 */
	{"theo thoi han quy dinh", DUE_NONE, 0.5, NULL}, /* #47 */
	{"theo quy dinh", DUE_NONE, 0.4, NULL},
	{"ngay sau khi", DUE_NONE, 0.5, NULL},        /* #48 */
	{"truoc khi", DUE_NONE, 0.4, NULL},
	{"sau khi", DUE_NONE, 0.4, NULL},
	{"theo ke hoach rieng", DUE_NONE, 0.5, NULL}, /* #49 */
	{"theo ke hoach", DUE_NONE, 0.4, NULL},
	{"ngay", DUE_NONE, 0.5, DL_W_NGAY},           /* #33: "ngay" = immediately */
};

static bool word_at(const struct dl_scan *s, size_t i, size_t len)
{
	return (i == 0 || !g_ascii_isalnum(s->f[i - 1])) &&
	       (i + len == s->n || !g_ascii_isalnum(s->f[i + len]));
}

static void find_markers(struct dl_scan *s)
{
	for (size_t k = 0; k < G_N_ELEMENTS(MARKERS); k++) {
		const struct marker *mk = &MARKERS[k];
		size_t len = strlen(mk->words);
		bool is_ngay = strcmp(mk->words, "ngay") == 0;
		for (size_t i = 0; i + len <= s->n; i++) {
			if (memcmp(s->f + i, mk->words, len) != 0 || !word_at(s, i, len))
				continue;
			/* "ngay" must be the plain word, not "ngày" (day) */
			if (is_ngay && !dl_plain_word(s, i, "ngay"))
				continue;
			/* "... chịu trách nhiệm thi hành Quyết định này" is ceremonial */
			if (strcmp(mk->words, "chiu trach nhiem") == 0 && i + len + 9 <= s->n &&
			    memcmp(s->f + i + len, " thi hanh", 9) == 0)
				continue;
			struct dl_cand c = {
				.kind = mk->kind, .due = DD_NO_DATE, .s = i, .e = i + len,
				.conf = mk->conf, .warning = mk->warning,
				.prio = PRIO_MARKER - (int)(len < 6), .role = ROLE_OUT,
			};
			dl_add(s, &c);
		}
	}
}

static GRegex *phrase_regex[G_N_ELEMENTS(PHRASES)];

static void compile_phrases(void)
{
	static gsize done;
	if (g_once_init_enter(&done)) {
		for (size_t i = 0; i < G_N_ELEMENTS(PHRASES); i++)
			phrase_regex[i] = dl_regex(PHRASES[i].pattern);
		g_once_init_leave(&done, 1);
	}
}

void dl_find_phrases(struct dl_scan *s)
{
	compile_phrases();
	for (size_t r = 0; r < G_N_ELEMENTS(PHRASES); r++) {
		GMatchInfo *mi = NULL;
		g_regex_match_full(phrase_regex[r], s->f, (gssize)s->n, 0, 0, &mi, NULL);
		while (g_match_info_matches(mi)) {
			gint ms, me;
			g_match_info_fetch_pos(mi, 0, &ms, &me);
			if (me > ms)
				PHRASES[r].read(s, mi, (size_t)ms, (size_t)me);
			g_match_info_next(mi, NULL);
		}
		g_match_info_free(mi);
	}
	find_markers(s);
}
