/*
 * deadline_dates.c — absolute dates and periods, read with their cue word.
 *
 * Each "atom" (a date, a day, a month, a quarter, a half-year, a year, a
 * span of years, Tết) is found by one pattern of the ATOMS table below,
 * then read by one function that looks at the word before it (the cue,
 * CUES table) and at what surrounds it:
 *
 *   "trước ngày 15/6/2019"      cue "trước"      → date (#1)
 *   "trong tháng 6/2019"        cue "trong"      → last day of the month (#13)
 *   "Quý II/2022" alone in a cell                → quarter end (#18)
 *   "Quyết định số 13/2017/QĐ-UBND ngày 18/9/2017" → citation: hidden
 *   "quý I năm 2025" in passing                  → weak (a topic, not a due)
 *
 * All matching is on the folded text (no diacritics, lower case). Where
 * folding merges words ("năm"/"nam", "quý"/"quy", "Tết"/"tet") the
 * original is checked with dl_has_marks().
 */
#include <stdint.h>
#include <string.h>

#include "rules/deadline_priv.h"

/* ---- cue words ---- */

enum cue {
	CUE_NONE,
	CUE_BEFORE,    /* "trước", "hoàn thành trước", "xong trước" (#1, #2, #6) */
	CUE_LATEST,    /* "chậm nhất (là)" (#5) */
	CUE_WITHIN,    /* "trong" (#8, #13, #17, #22) */
	CUE_UNTIL,     /* "đến", "từ nay đến" (#9, #10, #23) */
	CUE_TO,        /* "đến" alone before a year: "định hướng đến năm 2030"
	                  is a plan's horizon more often than a deadline */
	CUE_DONE,      /* "hoàn thành", "xong", "thời hạn" (#22) */
	CUE_FROM,      /* "từ", "kể từ": a start (one-time start date, or range) */
	CUE_AT,        /* "vào ngày 27/6/2025": a narrative or meeting date */
	CUE_CUTOFF,    /* "tính đến ngày", "có mặt đến ngày": a data cut-off */
	CUE_EFFECTIVE, /* "có hiệu lực (thi hành) (kể) từ ngày": entry into force */
	CUE_CITATION,  /* "số 58/KH-UBND ngày", "Quyết định ngày": a document's date */
};

/* Longer phrases first where one ends another ("tính đến" before "đến"). */
static const struct {
	const char *words;
	enum cue cue;
} CUES[] = {
	/* entry into force is not a deadline ("có hiệu lực kể từ ngày ký") */
	{"hieu luc thi hanh ke tu", CUE_EFFECTIVE},
	{"hieu luc thi hanh tu", CUE_EFFECTIVE},
	{"hieu luc ke tu", CUE_EFFECTIVE},
	{"hieu luc tu", CUE_EFFECTIVE},
	/* data cut-offs in the content ("số liệu tính đến ngày 31/12/2022") */
	{"tinh den het", CUE_CUTOFF},
	{"tinh den", CUE_CUTOFF},
	{"co mat den", CUE_CUTOFF},
	{"tinh tu", CUE_CUTOFF},
	{"tu nay den het", CUE_UNTIL},
	{"tu nay den", CUE_UNTIL},
	{"den het", CUE_UNTIL},
	{"den", CUE_UNTIL},
	{"truoc", CUE_BEFORE},
	{"cham nhat la", CUE_LATEST},
	{"cham nhat", CUE_LATEST},
	{"muon nhat la", CUE_LATEST},
	{"muon nhat", CUE_LATEST},
	{"trong vong", CUE_WITHIN},
	{"trong", CUE_WITHIN},
	{"hoan thanh", CUE_DONE},
	{"xong", CUE_DONE},
	{"thoi han", CUE_DONE},
	{"han chot", CUE_DONE},
	{"ke tu", CUE_FROM},
	{"bat dau tu", CUE_FROM},
	{"tu", CUE_FROM},
	/* narrative: "vào ngày 27/6/2025, ... đã họp" */
	{"vao", CUE_AT},
};

/* Document kinds and meetings whose date follows them directly: "Quyết
 * định ngày 18/9/2017", "cuộc họp ngày 15/3": the date names the document
 * or the meeting, not a deadline. */
static const char *const CITED_NOUNS[] = {
	"quyet dinh", "cong van", "thong bao", "ket luan", "ke hoach", "chi thi",
	"nghi quyet", "nghi dinh", "thong tu", "cong dien", "van ban", "to trinh",
	"luat", "phap lenh", "huong dan", "cuoc hop", "phien hop", "hoi nghi",
	"buoi lam viec", "ky hop", "hop", "quy che", "de an", "chuong trinh",
};

/* A document symbol: digits, '/', letters ("58/kh-ubnd", "13/2017/qd-ubnd"). */
static bool is_symbol(const char *p, size_t len)
{
	bool slash = false, digit = false, alpha = false;
	for (size_t i = 0; i < len; i++) {
		slash |= p[i] == '/';
		digit |= g_ascii_isdigit(p[i]);
		alpha |= g_ascii_isalpha(p[i]);
	}
	return slash && digit && alpha;
}

/* Is the "ngày ..." at `pos` the date of a cited document or meeting? */
static bool cited_before(const struct dl_scan *s, size_t pos)
{
	size_t b = pos;
	while (b > 0 && s->f[b - 1] == ' ')
		b--;
	size_t a = b;
	while (a > 0 && s->f[a - 1] != ' ')
		a--;
	if (b > a && is_symbol(s->f + a, b - a))
		return true;
	for (size_t i = 0; i < G_N_ELEMENTS(CITED_NOUNS); i++)
		if (dl_word_before(s, pos, CITED_NOUNS[i]) != SIZE_MAX)
			return true;
	return false;
}

/* "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015": a date
 * with no cue, after a document's name earlier in its clause. */
static bool cited_in_clause(const struct dl_scan *s, size_t pos)
{
	size_t cs, ce;
	dl_clause(s, pos, &cs, &ce);
	for (size_t i = cs; i < pos; i++) {
		if (i > cs && g_ascii_isalnum(s->f[i - 1]))
			continue;
		if (strncmp(s->f + i, "can cu ", 7) == 0)
			return true;
		for (size_t k = 0; k < G_N_ELEMENTS(CITED_NOUNS); k++) {
			size_t len = strlen(CITED_NOUNS[k]);
			if (i + len < pos && strncmp(s->f + i, CITED_NOUNS[k], len) == 0 &&
			    s->f[i + len] == ' ')
				return true;
		}
	}
	return false;
}

/* The cue before folded index `pos`; *cs receives where the cue starts
 * (pos itself when there is none). */
static enum cue cue_before(const struct dl_scan *s, size_t pos, bool has_ngay, size_t *cs)
{
	*cs = pos;
	if (has_ngay && cited_before(s, pos))
		return CUE_CITATION;
	for (size_t i = 0; i < G_N_ELEMENTS(CUES); i++) {
		size_t w = dl_word_before(s, pos, CUES[i].words);
		if (w != SIZE_MAX) {
			*cs = w;
			if (CUES[i].cue == CUE_UNTIL && strcmp(CUES[i].words, "den") == 0)
				return CUE_TO;
			return CUES[i].cue;
		}
	}
	return CUE_NONE;
}

static bool followed_by(const struct dl_scan *s, size_t pos, const char *words)
{
	size_t len = strlen(words);
	return pos + len <= s->n && memcmp(s->f + pos, words, len) == 0 &&
	       (pos + len == s->n || !g_ascii_isalnum(s->f[pos + len]));
}

/* "Ngày 15/3/2023, UBND tỉnh đã họp ...": a date opening a sentence and
 * followed by a comma is narrative. */
static bool opens_narrative(const struct dl_scan *s, size_t fs, size_t fe)
{
	size_t cs, ce;
	dl_clause(s, fs, &cs, &ce);
	while (cs < fs && s->f[cs] == ' ')
		cs++;
	return cs == fs && fe < s->n && s->f[fe] == ',';
}

/* "Tuyên Quang, ngày 29 tháng 5 năm 2019": the place-and-date line of a
 * document (a few words, a comma, the date, nothing after). */
static bool dateline(const struct dl_scan *s, size_t fs, size_t fe)
{
	size_t cs, ce;
	dl_clause(s, fs, &cs, &ce);
	size_t b = fs;
	while (b > cs && s->f[b - 1] == ' ')
		b--;
	if (b == cs || s->f[b - 1] != ',')
		return false;
	for (size_t i = fe; i < ce; i++)
		if (s->f[i] != ' ')
			return false;
	int words = 0;
	for (size_t i = cs; i < b - 1; i++)
		words += s->f[i] != ' ' && (i == cs || s->f[i - 1] == ' ');
	return words <= 5;
}

/* True for the cues that make a date a deadline. */
static bool is_deadline_cue(enum cue c)
{
	return c == CUE_BEFORE || c == CUE_LATEST || c == CUE_WITHIN || c == CUE_UNTIL ||
	       c == CUE_TO || c == CUE_DONE;
}

static bool is_hiding_cue(enum cue c)
{
	return c == CUE_AT || c == CUE_CUTOFF || c == CUE_EFFECTIVE || c == CUE_CITATION;
}

/* A candidate for an atom found at folded [fs, fe), with its cue read. */
struct atom_ctx {
	struct dl_cand c;
	enum cue cue;
	bool cell;          /* the atom (with its cue) fills its cell */
	bool history;       /* "... đến nay": reporting history */
};

static void atom_begin(const struct dl_scan *s, struct atom_ctx *a, size_t fs, size_t fe,
                       bool has_ngay, enum dl_atom atom)
{
	memset(a, 0, sizeof *a);
	a->c.s = fs;
	a->c.e = fe;
	a->c.atom = atom;
	a->c.due = DD_NO_DATE;
	a->c.kind = DUE_DATE;
	a->c.prio = PRIO_ATOM;
	a->c.role = ROLE_OUT;
	size_t cs;
	a->cue = cue_before(s, fs, has_ngay, &cs);
	a->c.s = cs;
	a->cell = s->cell || dl_fills_cell(s, cs, fe);
	/* "Từ ngày 02/5/2019 đến nay", "từ năm 2010 đến nay": history */
	size_t after = fe;
	while (after < s->n && s->f[after] == ' ')
		after++;
	a->history = followed_by(s, after, "den nay");
	if (a->history || is_hiding_cue(a->cue) ||
	    (has_ngay && a->cue == CUE_NONE && opens_narrative(s, fs, fe)))
		a->c.role = ROLE_BLOCK, a->c.prio = PRIO_BLOCK;
	/* "hằng tháng vào ngày 25", "vào ngày 15/12 hằng năm": a day or a
	 * day/month after "vào" is a cadence's day, not a narrative date */
	if (a->cue == CUE_AT && (atom == ATOM_DAY || atom == ATOM_DM))
		a->c.role = ROLE_LATENT, a->c.prio = PRIO_ATOM;
	if (has_ngay && a->cue == CUE_NONE && (dateline(s, fs, fe) || cited_in_clause(s, fs)))
		a->c.role = ROLE_BLOCK, a->c.prio = PRIO_BLOCK;
}

/* Year for a day/month without one: the issue year; a December document
 * naming January means next January (#3, flagged). */
static int year_for(const struct dl_scan *s, int m, const char **warning)
{
	if (s->im == 12 && m == 1) {
		*warning = DL_W_JANUARY;
		return s->iy + 1;
	}
	return s->iy;
}

/* Years a directive can mean; anything else is a number, not a year. */
static bool year_ok(int y)
{
	return y >= 1900 && y <= 2199;
}

static dd_date month_end(int y, int m)
{
	return date_from_ymd(y, m, date_days_in_month(y, m));
}

static int roman(const char *p, size_t len)
{
	static const char *const R[] = {"i", "ii", "iii", "iv"};
	if (len == 1 && p[0] >= '1' && p[0] <= '4')
		return p[0] - '0';
	for (int i = 0; i < 4; i++)
		if (strlen(R[i]) == len && memcmp(p, R[i], len) == 0)
			return i + 1;
	return 0;
}

/* ---- atom readers: one per pattern ---- */

/* #1-#11: "trước ngày 15/6/2019", "ngày 30 tháng 9 năm 2025", "17h00 ngày
 * 12/10/2025", "30/11/2019" in a cell, "trước ngày 15/8" (issue year). */
static void read_date(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	int d = dl_group_int(mi, "d"), m = dl_group_int(mi, "m"), y = dl_group_int(mi, "y");
	size_t gs, ge;
	if (d < 0) {
		d = dl_group_int(mi, "sd");
		m = dl_group_int(mi, "sm");
		y = dl_group_int(mi, "sy");
	} else if (dl_group_span(mi, "sep", &gs, &ge) && s->f[gs] != '/' && y < 0) {
		return; /* "1-2", "1.5": not a date without a year */
	}
	bool has_ngay = dl_group_span(mi, "ngay", &gs, &ge);
	if (has_ngay && !dl_has_marks(s, gs, ge))
		return; /* "ngay 15/6" is not "ngày" */
	const char *warning = NULL;
	if (y < 0)
		y = year_for(s, m, &warning);
	if (!year_ok(y) || !date_valid(y, m, d))
		return;
	struct atom_ctx a;
	bool yearless = dl_group_int(mi, "y") < 0 && dl_group_int(mi, "sy") < 0;
	atom_begin(s, &a, fs, fe, has_ngay, yearless ? ATOM_DM : ATOM_DMY);
	a.c.d = d, a.c.m = m, a.c.y = y;
	a.c.due = date_from_ymd(y, m, d);
	a.c.warning = warning;
	if (a.c.role == ROLE_OUT) {
		if (a.cell || is_deadline_cue(a.cue))
			a.c.conf = a.cell ? 0.9 : 0.95;
		else if (a.cue == CUE_FROM)
			a.c.conf = 0.6; /* one-time start: "đưa vào sử dụng từ ngày X" */
		else if (has_ngay)
			a.c.conf = 0.5;
		else if (a.c.atom == ATOM_DMY)
			a.c.conf = 0.4;
		else
			a.c.role = ROLE_LATENT; /* "(09/11)": a bare day/month */
	}
	dl_add(s, &a.c);
}

/* #5, #35-#39: a day without a month: "chậm nhất là ngày 20", "trước ngày
 * 20 của tháng cuối quý", "trước ngày 10 của tháng đầu quý sau", "trước
 * ngày 01 của tháng tiếp theo". */
static void read_day(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	size_t gs, ge;
	int d = dl_group_int(mi, "d");
	if (!dl_group_span(mi, "ngay", &gs, &ge) || !dl_has_marks(s, gs, ge) || d < 1 || d > 31)
		return;
	struct atom_ctx a;
	atom_begin(s, &a, fs, fe, true, ATOM_DAY);
	a.c.d = d;
	if (dl_group_span(mi, "q", &gs, &ge)) {
		const char *q = s->f + gs;
		if (strncmp(q, "cuoi", 4) == 0)
			a.c.daypos = DAYPOS_QUARTER_LAST;
		else if (memmem(q, ge - gs, "quy", 3))
			a.c.daypos = DAYPOS_QUARTER_NEXT;
		else
			a.c.daypos = DAYPOS_MONTH_NEXT;
	}
	if (a.c.role != ROLE_OUT) {
		dl_add(s, &a.c);
		return;
	}
	dd_date from = s->issued;
	switch (a.c.daypos) {
	case DAYPOS_PLAIN: {
		/* this month's day d, or next month's when it is past (#5, flagged) */
		if (!is_deadline_cue(a.cue) && !a.cell) {
			a.c.role = ROLE_LATENT;
			break;
		}
		int y = s->iy, m = s->im;
		if (d < s->id) {
			if (++m > 12)
				m = 1, y++;
		}
		if (d > date_days_in_month(y, m))
			d = date_days_in_month(y, m);
		a.c.due = date_from_ymd(y, m, d);
		a.c.warning = DL_W_DAY_ONLY;
		a.c.conf = 0.6;
		break;
	}
	case DAYPOS_QUARTER_LAST:  /* #38: the 20th of Mar, Jun, Sep, Dec */
	case DAYPOS_QUARTER_NEXT:  /* #39: the 10th of Jan, Apr, Jul, Oct */
	case DAYPOS_MONTH_NEXT: {  /* #37: the 1st of the next month */
		a.c.kind = DUE_RECURRING;
		a.c.conf = 0.8;
		a.c.due = DD_NO_DATE;
		int y = s->iy, m = s->im;
		for (int k = 0; k < 15 && a.c.due == DD_NO_DATE; k++) {
			bool ok = a.c.daypos == DAYPOS_QUARTER_LAST   ? m % 3 == 0
			        : a.c.daypos == DAYPOS_QUARTER_NEXT ? m % 3 == 1
			                                              : k > 0;
			int dd = d > date_days_in_month(y, m) ? date_days_in_month(y, m) : d;
			if (ok && date_from_ymd(y, m, dd) >= from)
				a.c.due = date_from_ymd(y, m, dd);
			if (++m > 12)
				m = 1, y++;
		}
		break;
	}
	}
	dl_add(s, &a.c);
}

/* #13-#16: "trong tháng 6/2019", "tháng 12 năm 2025", cell "Tháng 6/2022",
 * "hoàn thành trước tháng 11/2025" (policy: previous month's end). */
static void read_month(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	int m = dl_group_int(mi, "m"), y = dl_group_int(mi, "y");
	if (m < 1 || m > 12)
		return;
	const char *warning = NULL;
	bool has_year = y > 0;
	if (!has_year)
		y = year_for(s, m, &warning);
	if (!year_ok(y) || !date_valid(y, m, 1))
		return;
	struct atom_ctx a;
	atom_begin(s, &a, fs, fe, false, ATOM_MONTH);
	a.c.m = m, a.c.y = y;
	a.c.warning = warning;
	a.c.due = month_end(y, m);
	if (a.c.role != ROLE_OUT) {
		dl_add(s, &a.c);
		return;
	}
	if (a.cue == CUE_BEFORE) {
		a.c.due = date_from_ymd(y, m, 1) - 1;
		a.c.warning = DL_W_BEFORE_MONTH;
		a.c.conf = 0.7;
	} else if (a.cue == CUE_FROM) {
		a.c.role = ROLE_START;
		a.c.due = date_from_ymd(y, m, 1);
	} else if (a.cell || is_deadline_cue(a.cue)) {
		a.c.conf = 0.9;
	} else if (has_year) {
		a.c.conf = 0.4; /* "báo cáo tháng 6/2023": a topic, weak */
	} else {
		a.c.role = ROLE_LATENT; /* "Tháng 12 hằng năm" */
	}
	dl_add(s, &a.c);
}

/* #17-#20: "quý III/2019", "trong quý I năm 2026", cell "Quý IV" (issue
 * year), "Quý IV/2025 - Quý II/2026" (end of the last quarter). */
static void read_quarter(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	size_t gs, ge;
	if (!dl_has_marks(s, fs, fs + 3))
		return; /* "quy" (rule) is not "quý" */
	dl_group_span(mi, "q", &gs, &ge);
	int q1 = roman(s->f + gs, ge - gs), y1 = dl_group_int(mi, "y");
	int q = q1, y = y1;
	if (dl_group_span(mi, "q2", &gs, &ge)) {
		q = roman(s->f + gs, ge - gs);
		y = dl_group_int(mi, "y2");
		if (y < 0)
			y = y1;
	}
	bool has_year = y > 0;
	if (!has_year)
		y = s->iy;
	if (q < 1 || !year_ok(y) || q1 < 1 || (y1 > 0 && !year_ok(y1)))
		return;
	struct atom_ctx a;
	atom_begin(s, &a, fs, fe, false, ATOM_PERIOD);
	a.c.due = month_end(y, q * 3);
	if (a.c.role != ROLE_OUT) {
		dl_add(s, &a.c);
		return;
	}
	if (a.cue == CUE_BEFORE) {
		a.c.due = date_from_ymd(y, q * 3 - 2, 1) - 1;
		a.c.warning = DL_W_BEFORE_QUARTER;
		a.c.conf = 0.7;
	} else if (a.cue == CUE_FROM) {
		/* "từ quý II/2025, hằng quý ...": where a recurring duty starts */
		a.c.role = ROLE_START;
		a.c.due = date_from_ymd(y1 > 0 ? y1 : y, q1 * 3 - 2, 1);
	} else if (a.cell || is_deadline_cue(a.cue)) {
		a.c.conf = 0.9;
	} else {
		a.c.conf = has_year ? 0.4 : 0.3; /* "nhiệm vụ quý I năm 2025": a topic */
	}
	dl_add(s, &a.c);
}

/* #21: "6 tháng đầu năm 2025" → 30/6, "6 tháng cuối năm" → 31/12. */
static void read_half(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	size_t gs, ge;
	dl_group_span(mi, "h", &gs, &ge);
	int y = dl_group_int(mi, "y");
	if (y < 0)
		y = s->iy;
	if (!year_ok(y))
		return;
	struct atom_ctx a;
	atom_begin(s, &a, fs, fe, false, ATOM_PERIOD);
	a.c.due = s->f[gs] == 'd' ? date_from_ymd(y, 6, 30) : date_from_ymd(y, 12, 31);
	if (a.c.role == ROLE_OUT)
		a.c.conf = a.cell || is_deadline_cue(a.cue) ? 0.9 : 0.4;
	if (a.cue == CUE_FROM && a.c.role == ROLE_OUT)
		a.c.role = ROLE_START, a.c.due = date_from_ymd(y, s->f[gs] == 'd' ? 1 : 7, 1);
	dl_add(s, &a.c);
}

/* #20, #22-#26: "năm 2022" (with a cue or alone in a cell), "trong năm",
 * "cuối năm 2025", "đầu năm 2026" (policy 31/3), "Năm 2025 - 2026",
 * "năm học 2025-2026" (policy), "trước năm 2030" (policy). */
static void read_year(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	size_t gs, ge, ks, ke;
	bool has_kw = dl_group_span(mi, "kw", &ks, &ke);
	size_t nam = has_kw ? ke : fs;
	if (!dl_has_marks(s, nam, nam + 3))
		return; /* "nam" (south, a name) is not "năm" */
	int y = dl_group_int(mi, "y"), y2 = dl_group_int(mi, "y2");
	bool school = dl_group_span(mi, "hoc", &gs, &ge);
	bool has_year = y > 0;
	if (y2 > 0)
		y = y2;
	if (!has_year)
		y = s->iy;
	if (!year_ok(y) || (has_year && !year_ok(dl_group_int(mi, "y"))) || (school && !has_year))
		return;
	struct atom_ctx a;
	atom_begin(s, &a, fs, fe, false, ATOM_PERIOD);
	a.c.due = date_from_ymd(y, 12, 31);
	if (a.c.role != ROLE_OUT) {
		dl_add(s, &a.c);
		return;
	}
	bool cued = a.cell || is_deadline_cue(a.cue);
	if (school) {
		a.c.due = date_from_ymd(y, 5, 31);
		a.c.warning = DL_W_SCHOOL_YEAR;
		a.c.conf = cued ? 0.7 : 0.3;
	} else if (has_kw && s->f[ks] == 'd') {
		if (!dl_orig_is(s, ks, ke - 1, "đầu"))
			return; /* "phấn đấu năm 2024" */
		a.c.due = date_from_ymd(y, 3, 31);
		a.c.warning = DL_W_EARLY_YEAR;
		a.c.conf = cued ? 0.7 : 0.4;
	} else if (has_kw) {
		a.c.conf = cued || has_year ? 0.85 : 0.5; /* "cuối năm 2025" */
	} else if (a.cue == CUE_BEFORE && has_year) {
		a.c.due = date_from_ymd(y - 1, 12, 31);
		a.c.warning = DL_W_BEFORE_YEAR;
		a.c.conf = 0.7;
	} else if (a.cue == CUE_FROM) {
		a.c.role = ROLE_START;
		a.c.due = date_from_ymd(has_year ? dl_group_int(mi, "y") : y, 1, 1);
	} else if (a.cue == CUE_TO && has_year && !a.cell) {
		a.c.conf = 0.4; /* "đến năm 2030": a horizon */
	} else if (cued && (has_year || a.cue == CUE_WITHIN || a.cue == CUE_DONE)) {
		/* "trong năm" without a year is often "in the year" in passing */
		a.c.conf = has_year || a.cell ? 0.9 : 0.55;
	} else {
		return; /* "Luật Đất đai năm 2013", "năm 2022 đạt ...": not a deadline */
	}
	dl_add(s, &a.c);
}

/* #24: "giai đoạn 2026 - 2030", "2026 - 2030" in a cell; a plan's period
 * in passing ("Kế hoạch ... giai đoạn 2021 - 2025") is not a deadline. */
static void read_span(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	int y = dl_group_int(mi, "y"), y2 = dl_group_int(mi, "y2");
	if (y2 < y || y2 - y > 30)
		return;
	struct atom_ctx a;
	atom_begin(s, &a, fs, fe, false, ATOM_PERIOD);
	if (a.c.role != ROLE_OUT || !(a.cell || is_deadline_cue(a.cue)))
		return;
	a.c.due = date_from_ymd(y2, 12, 31);
	a.c.conf = 0.85;
	dl_add(s, &a.c);
}

/* A year alone in a cell: "2025". */
static void read_bare_year(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	int y = dl_group_int(mi, "y");
	struct atom_ctx a;
	atom_begin(s, &a, fs, fe, false, ATOM_PERIOD);
	if (a.c.role != ROLE_OUT || !a.cell || a.c.s != fs)
		return;
	a.c.due = date_from_ymd(y, 12, 31);
	a.c.conf = 0.8;
	dl_add(s, &a.c);
}

/* #12: "trước Tết Nguyên đán (năm 2026)": policy, the day before Tết. */
static void read_tet(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe)
{
	if (!dl_has_marks(s, fs, fs + 3))
		return; /* "tet" must be "Tết" */
	struct atom_ctx a;
	atom_begin(s, &a, fs, fe, false, ATOM_PERIOD);
	if (a.c.role != ROLE_OUT || a.cue != CUE_BEFORE)
		return;
	int y = dl_group_int(mi, "y");
	dd_date tet;
	if (y > 0) {
		if (!year_ok(y))
			return;
		tet = lunar_tet(y);
	} else {
		tet = lunar_tet(s->iy);
		if (tet != DD_NO_DATE && tet <= s->issued)
			tet = lunar_tet(s->iy + 1);
	}
	if (tet == DD_NO_DATE)
		return;
	a.c.due = tet - 1;
	a.c.warning = DL_W_TET;
	a.c.conf = 0.7;
	dl_add(s, &a.c);
}

/* ---- the table ---- */

/* A time of day before a date: "17 giờ 00", "16h00", "16 giờ,", "sáng". */
#define RX_TIME "(?:(?:luc )?\\d{1,2} ?(?:gio|h)(?: ?\\d{1,2})?(?: phut)?,? (?:(?:sang|chieu|toi) )?)?"
#define RX_WEEKDAY "(?:(?:thu (?:hai|ba|tu|nam|sau|bay)|chu nhat),? )?"
#define RX_ROMAN "(?:iv|iii|ii|i|[1-4])(?![a-z0-9])"

static const struct atom_rule {
	const char *pattern;
	void (*read)(struct dl_scan *s, const GMatchInfo *mi, size_t fs, size_t fe);
} ATOMS[] = {
	{"(?<![\\w/.])" RX_TIME RX_WEEKDAY "(?:(?:dem|sang|trua|chieu|toi) )?"
	 "(?:(?<ngay>ngay) (?:(?:le )?quoc khanh )?)?"
	 "(?:(?<d>\\d{1,2})(?<sep>[/.-])(?<m>\\d{1,2})(?:\\k<sep>(?<y>\\d{4}))?(?!\\d|/\\d)"
	 "|(?<sd>\\d{1,2}) thang (?<sm>\\d{1,2})(?:,? nam (?<sy>\\d{4}))?(?!\\d))",
	 read_date},
	{"(?<![\\w/.])" RX_TIME "(?<ngay>ngay) (?<d>\\d{1,2})(?!\\d|[/.-]\\d| thang \\d)"
	 "(?: (?:cua )?thang (?<q>cuoi quy|dau (?:cua )?quy (?:sau|tiep theo|ke tiep)"
	 "|tiep theo|sau|ke tiep))?",
	 read_day},
	{"(?<![\\w/])thang (?<m>\\d{1,2})(?:(?:/|-| nam )(?<y>\\d{4}))?(?![\\d/])", read_month},
	{"(?<![\\w])quy (?<q>" RX_ROMAN ")(?:(?:/|-| nam )(?<y>\\d{4}))?"
	 "(?: ?- ?quy (?<q2>" RX_ROMAN ")(?:(?:/|-| nam )(?<y2>\\d{4}))?)?",
	 read_quarter},
	{"(?<![\\w])(?:6|sau) thang (?<h>dau|cuoi) nam(?: (?<y>\\d{4}))?(?![\\w])", read_half},
	{"(?<![\\w])(?<kw>cuoi |dau )?nam(?<hoc> hoc)?(?: (?<y>\\d{4})(?: ?- ?(?<y2>\\d{4}))?)?"
	 "(?![\\w/])",
	 read_year},
	{"(?<![\\w/])(?:giai doan )?(?<y>(?:19|20)\\d\\d) ?- ?(?<y2>(?:19|20)\\d\\d)(?![\\w/])",
	 read_span},
	{"(?<![\\w/.-])(?<y>(?:19|20)\\d\\d)(?![\\w/.-])", read_bare_year},
	{"(?<![\\w])tet(?: nguyen dan| am lich| co truyen)?(?: (?:nam )?(?<y>\\d{4})"
	 "| [a-z]+ [a-z]+)?",
	 read_tet},
};

static GRegex *atom_regex[G_N_ELEMENTS(ATOMS)];

static void compile_atoms(void)
{
	static gsize done;
	if (g_once_init_enter(&done)) {
		for (size_t i = 0; i < G_N_ELEMENTS(ATOMS); i++)
			atom_regex[i] = dl_regex(ATOMS[i].pattern);
		g_once_init_leave(&done, 1);
	}
}

/* "từ ngày 15/4 đến ngày 15/5/2025" (#9): the range ends the second date;
 * the first becomes part of its span. */
static void join_ranges(struct dl_scan *s)
{
	GArray *c = s->cands;
	for (guint i = 0; i < c->len; i++) {
		struct dl_cand *a = &g_array_index(c, struct dl_cand, i);
		if (a->atom == ATOM_NONE || a->role == ROLE_BLOCK)
			continue;
		if (!(a->s + 2 <= s->n && memcmp(s->f + a->s, "tu", 2) == 0) &&
		    !(a->s + 5 <= s->n && memcmp(s->f + a->s, "ke tu", 5) == 0))
			continue;
		for (guint j = 0; j < c->len; j++) {
			struct dl_cand *b = &g_array_index(c, struct dl_cand, j);
			if (j == i || b->atom == ATOM_NONE || b->role == ROLE_BLOCK || b->s < a->e)
				continue;
			size_t gap = b->s - a->e;
			if (gap <= 1 && b->s + 3 <= s->n && memcmp(s->f + b->s, "den", 3) == 0) {
				b->s = a->s;
				/* "Từ đêm ngày 09/6 đến sáng ngày 11/6/2024, ... có mưa
				 * to": a period already over is narrative */
				if (b->due != DD_NO_DATE && b->due <= s->issued && b->role == ROLE_OUT)
					b->role = ROLE_BLOCK, b->prio = PRIO_BLOCK;
				if (b->role == ROLE_LATENT || b->role == ROLE_START)
					b->role = ROLE_OUT, b->conf = 0.9;
				a->role = ROLE_ABSORBED;
				break;
			}
		}
	}
}

/* "Trong tháng 7, tình hình ...", "Đến ngày 24/5/2019, đã có ...": a past
 * date or period opening a sentence, then a comma, sets the scene. */
static void drop_past_openers(struct dl_scan *s)
{
	for (guint i = 0; i < s->cands->len; i++) {
		struct dl_cand *a = &g_array_index(s->cands, struct dl_cand, i);
		if (a->atom == ATOM_NONE || a->role != ROLE_OUT || a->kind != DUE_DATE ||
		    a->due == DD_NO_DATE || a->due > s->issued)
			continue;
		size_t cs, ce;
		dl_clause(s, a->s, &cs, &ce);
		while (cs < a->s && s->f[cs] == ' ')
			cs++;
		if (cs == a->s && a->e < s->n && s->f[a->e] == ',')
			a->role = ROLE_BLOCK, a->prio = PRIO_BLOCK;
	}
}

void dl_find_dates(struct dl_scan *s)
{
	compile_atoms();
	for (size_t r = 0; r < G_N_ELEMENTS(ATOMS); r++) {
		GMatchInfo *mi = NULL;
		g_regex_match_full(atom_regex[r], s->f, (gssize)s->n, 0, 0, &mi, NULL);
		while (g_match_info_matches(mi)) {
			gint ms, me;
			g_match_info_fetch_pos(mi, 0, &ms, &me);
			if (me > ms)
				ATOMS[r].read(s, mi, (size_t)ms, (size_t)me);
			g_match_info_next(mi, NULL);
		}
		g_match_info_free(mi);
	}
	join_ranges(s);
	drop_past_openers(s);
}
