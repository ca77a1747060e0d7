/*
 * calendar.c — the working-day calendar (see calendar.h, DOMAIN.md §4).
 *
 * Two layers per year, kept in one slot per year 1..9999:
 *
 *   lines   what the holidays lines say about each day of the year (off,
 *           work or nothing, with the line's comment). Filled by
 *           calendar_load_text and calendar_set_day; the compiled-in
 *           data/holidays.txt is loaded first by calendar_new. A year with
 *           no line at all has no `lines`.
 *   days    the resolved year: one bit per day (set = working day) and the
 *           reason of each day a rule touched. Built on first use from the
 *           weekly pattern plus either the year's lines or, for a year
 *           without lines, the built-in rules (builtin_year below).
 *
 * The `days` of a year are built lazily behind the const pointer: the first
 * reader takes the mutex, builds, and publishes the pointer atomically;
 * later readers only load the pointer. Mutating calls (load, set_day) drop
 * every built `days` and need exclusive access, as calendar.h says.
 *
 * Working-day arithmetic counts bits: whole years are skipped with a
 * popcount, so adding thousands of working days costs a few operations per
 * year crossed.
 */
#include "rules/calendar.h"

#include <limits.h>
#include <string.h>

/* data/holidays.txt, NUL-terminated (rules/holidays_data.S). */
extern const char dd_holidays_data[];

#define YEAR_MIN 1
#define YEAR_MAX 9999
#define YEAR_DAYS 366
#define YEAR_WORDS 6                  /* 64-bit words for 366 bits */
#define MAX_RANGE_DAYS 366            /* a range is at most a year long */

enum rule { RULE_NONE = 0, RULE_OFF, RULE_WORK };

/* What the lines say about one year, by day of year (0 = 1 January). */
struct year_lines {
	signed char rule[YEAR_DAYS];
	const char *why[YEAR_DAYS];   /* in the calendar's string chunk, or NULL */
};

/* One resolved year. */
struct year_days {
	dd_date jan1;
	int length;                   /* 365 or 366 */
	guint64 work[YEAR_WORDS];     /* bit i set: day i is a working day */
	const char *why[YEAR_DAYS];   /* reason a rule gave for day i, or NULL */
};

struct year_slot {
	struct year_lines *lines;     /* NULL: the year has no line */
	struct year_lines *by_hand;   /* days set one by one (calendar_set_day): laid
	                                 on top, they keep the year's other rules */
	struct year_days *days;       /* NULL until first used (atomic pointer) */
};

struct dd_calendar {
	struct year_slot *slots;      /* YEAR_MAX - YEAR_MIN + 1 of them */
	GStringChunk *strings;        /* the reasons (comments of lines, built-in names) */
	GMutex lock;                  /* serializes building `days` */
};

/* One parsed line of a holidays file, before it is applied. */
struct parsed_line {
	dd_date first, last;
	enum rule rule;
	char *why;                    /* owned; NULL when the line has no comment */
};

G_DEFINE_QUARK(dd-calendar-error-quark, dd_calendar_error)

/* ---------------------------------------------------------------- helpers */

static bool is_weekend(dd_date day)
{
	const int w = date_weekday(day);
	return w == 0 || w == 6;
}

static int year_of(dd_date day)
{
	int y;
	date_to_ymd(day, &y, NULL, NULL);
	return y;
}

static bool year_in_range(int year)
{
	return year >= YEAR_MIN && year <= YEAR_MAX;
}

static int year_length(int year)
{
	return date_days_in_month(year, 2) == 29 ? 366 : 365;
}

static int popcount64(guint64 x)
{
	return __builtin_popcountll(x);
}

static bool bit_get(const guint64 *bits, int i)
{
	return (bits[i / 64] >> (i % 64)) & 1u;
}

static void bit_put(guint64 *bits, int i, bool on)
{
	const guint64 mask = (guint64)1 << (i % 64);
	if (on)
		bits[i / 64] |= mask;
	else
		bits[i / 64] &= ~mask;
}

/* Working days among days lo..hi (inclusive, day-of-year indexes). */
static int count_working(const struct year_days *yd, int lo, int hi)
{
	int n = 0;
	while (lo <= hi) {
		const int word = lo / 64;
		const int last_in_word = MIN(hi, word * 64 + 63);
		guint64 bits = yd->work[word] >> (lo % 64);
		const int width = last_in_word - lo + 1;
		if (width < 64)
			bits &= ((guint64)1 << width) - 1;
		n += popcount64(bits);
		lo = last_in_word + 1;
	}
	return n;
}

/* ------------------------------------------------------- built-in rules */

/* "Tết Nguyên đán " and the Can Chi name of the lunar year ("Bính Ngọ"
 * for 2026), kept in the calendar's strings. */
static const char *tet_name(struct dd_calendar *cal, int year)
{
	static const char *const can[] = {"Canh", "Tân", "Nhâm", "Quý", "Giáp",
	                                  "Ất", "Bính", "Đinh", "Mậu", "Kỷ"};
	static const char *const chi[] = {"Thân", "Dậu", "Tuất", "Hợi", "Tý", "Sửu",
	                                  "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi"};
	char *name = g_strdup_printf("Tết Nguyên đán %s %s", can[year % 10], chi[year % 12]);
	const char *kept = g_string_chunk_insert_const(cal->strings, name);
	g_free(name);
	return kept;
}

/* Mark day `day` (in `year`) off with reason `why` in `out`. */
static void mark_off(struct year_lines *out, dd_date jan1, dd_date day, const char *why)
{
	const int i = day - jan1;
	if (i < 0 || i >= YEAR_DAYS)
		return;
	out->rule[i] = RULE_OFF;
	out->why[i] = why;
}

static bool marked_off(const struct year_lines *out, dd_date jan1, dd_date day)
{
	const int i = day - jan1;
	return i >= 0 && i < YEAR_DAYS && out->rule[i] == RULE_OFF;
}

/* Tết: 5 weekdays off from giao thừa on; a weekend day among the five
 * calendar days giao thừa..mùng 4 is made up by the next weekday. The
 * weekend days inside the break are marked too (for the reason only). */
static void builtin_tet(struct dd_calendar *cal, int year, dd_date jan1, struct year_lines *out)
{
	const dd_date tet = lunar_tet(year);
	if (tet == DD_NO_DATE)
		return;
	const char *why = tet_name(cal, year);

	int weekdays_left = 5;
	for (dd_date d = tet - 1; weekdays_left > 0; d++) {
		mark_off(out, jan1, d, why);
		if (!is_weekend(d))
			weekdays_left--;
	}
}

/* 2/9's adjacent day (from 2021), chosen so that the break joins a weekend:
 * Monday → 3/9 (Mon–Tue), Tuesday → 1/9 (Sat–Tue), Wednesday → 1/9 (as the
 * 2026 notice chose; either side leaves one lone working day), Thursday →
 * 3/9 (Thu–Sun), Friday → 1/9 (Thu–Sun), Saturday → 1/9 (Fri, with 2/9
 * made up on Monday 4/9), Sunday → 3/9 (Monday, with 2/9 made up on 4/9). */
static int national_day_partner(int year)
{
	switch (date_weekday(date_from_ymd(year, 9, 2))) {
	case 1: case 4: case 0:
		return 3;
	default:
		return 1;
	}
}

struct holiday {
	dd_date day;
	const char *name;
	const char *make_up;   /* reason of its compensatory day */
};

static int holiday_cmp(const void *a, const void *b)
{
	const struct holiday *x = a, *y = b;
	return (x->day > y->day) - (x->day < y->day);
}

/* The days off of a year without lines, as if they were its lines. */
static void builtin_year(struct dd_calendar *cal, int year, struct year_lines *out)
{
	const dd_date jan1 = date_from_ymd(year, 1, 1);
	memset(out, 0, sizeof *out);

	builtin_tet(cal, year, jan1, out);

	struct holiday h[6];
	int n = 0;
	h[n++] = (struct holiday){date_from_ymd(year, 1, 1), "Tết Dương lịch",
	                          "Nghỉ bù Tết Dương lịch"};
	const dd_date gio_to = lunar_to_solar(10, 3, year, false);
	if (gio_to != DD_NO_DATE)
		h[n++] = (struct holiday){gio_to, "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
		                          "Nghỉ bù Giỗ Tổ Hùng Vương"};
	h[n++] = (struct holiday){date_from_ymd(year, 4, 30), "Ngày Chiến thắng",
	                          "Nghỉ bù Ngày Chiến thắng"};
	h[n++] = (struct holiday){date_from_ymd(year, 5, 1), "Quốc tế Lao động",
	                          "Nghỉ bù Quốc tế Lao động"};
	h[n++] = (struct holiday){date_from_ymd(year, 9, 2), "Quốc khánh", "Nghỉ bù Quốc khánh"};
	if (year >= 2021)
		h[n++] = (struct holiday){date_from_ymd(year, 9, national_day_partner(year)),
		                          "Quốc khánh (ngày liền kề)", "Nghỉ bù Quốc khánh"};
	qsort(h, (size_t)n, sizeof h[0], holiday_cmp);

	/* A holiday on a weekend, or on the same day as another holiday, needs
	 * a compensatory day; decide that before marking anything. */
	bool make_up[6];
	for (int i = 0; i < n; i++)
		make_up[i] = is_weekend(h[i].day) || (i > 0 && h[i].day == h[i - 1].day) ||
		             marked_off(out, jan1, h[i].day);
	for (int i = 0; i < n; i++)
		mark_off(out, jan1, h[i].day, h[i].name);

	/* Compensatory days, in date order: the next weekday not yet off. */
	for (int i = 0; i < n; i++) {
		if (!make_up[i])
			continue;
		dd_date d = h[i].day + 1;
		while (is_weekend(d) || marked_off(out, jan1, d))
			d++;
		mark_off(out, jan1, d, h[i].make_up);
	}
}

/* ------------------------------------------------------- resolved years */

/* Build the resolved table of `year`; called with cal->lock held. */
static struct year_days *year_build(struct dd_calendar *cal, int year)
{
	struct year_days *yd = g_new0(struct year_days, 1);
	yd->jan1 = date_from_ymd(year, 1, 1);
	yd->length = year_length(year);

	const struct year_lines *rules = cal->slots[year - YEAR_MIN].lines;
	struct year_lines *builtin = NULL;
	if (!rules) {
		builtin = g_new(struct year_lines, 1);
		builtin_year(cal, year, builtin);
		rules = builtin;
	}

	const struct year_lines *by_hand = cal->slots[year - YEAR_MIN].by_hand;
	for (int i = 0; i < yd->length; i++) {
		bool working = !is_weekend(yd->jan1 + i);
		const struct year_lines *r = by_hand && by_hand->rule[i] != RULE_NONE ? by_hand : rules;
		if (r->rule[i] == RULE_OFF)
			working = false;
		else if (r->rule[i] == RULE_WORK)
			working = true;
		bit_put(yd->work, i, working);
		yd->why[i] = r->why[i];
	}
	g_free(builtin);
	return yd;
}

/* The resolved table of `year`, built on first use; NULL outside 1..9999. */
static const struct year_days *year_get(const struct dd_calendar *ccal, int year)
{
	if (!year_in_range(year))
		return NULL;
	/* the cache is mutable behind the const pointer (see the file comment) */
	struct dd_calendar *cal = (struct dd_calendar *)ccal;
	struct year_slot *slot = &cal->slots[year - YEAR_MIN];

	struct year_days *yd = g_atomic_pointer_get(&slot->days);
	if (yd)
		return yd;
	g_mutex_lock(&cal->lock);
	yd = g_atomic_pointer_get(&slot->days);   /* another thread may have built it */
	if (!yd) {
		yd = year_build(cal, year);
		g_atomic_pointer_set(&slot->days, yd);
	}
	g_mutex_unlock(&cal->lock);
	return yd;
}

/* Forget every resolved year (after the lines changed). */
static void drop_resolved_years(struct dd_calendar *cal)
{
	for (int y = YEAR_MIN; y <= YEAR_MAX; y++) {
		struct year_slot *slot = &cal->slots[y - YEAR_MIN];
		g_clear_pointer(&slot->days, g_free);
	}
}

/* ------------------------------------------------------------ lifecycle */

struct dd_calendar *calendar_new_rules_only(void)
{
	struct dd_calendar *cal = g_new0(struct dd_calendar, 1);
	cal->slots = g_new0(struct year_slot, YEAR_MAX - YEAR_MIN + 1);
	cal->strings = g_string_chunk_new(4096);
	g_mutex_init(&cal->lock);
	return cal;
}

struct dd_calendar *calendar_new(void)
{
	struct dd_calendar *cal = calendar_new_rules_only();
	GError *error = NULL;
	if (!calendar_load_text(cal, dd_holidays_data, "holidays.txt (built-in)", &error)) {
		/* a broken data/holidays.txt is a build error; tests catch it */
		g_critical("%s", error->message);
		g_error_free(error);
	}
	return cal;
}

void calendar_free(struct dd_calendar *cal)
{
	if (!cal)
		return;
	for (int y = YEAR_MIN; y <= YEAR_MAX; y++) {
		g_free(cal->slots[y - YEAR_MIN].lines);
		g_free(cal->slots[y - YEAR_MIN].by_hand);
		g_free(cal->slots[y - YEAR_MIN].days);
	}
	g_free(cal->slots);
	g_string_chunk_free(cal->strings);
	g_mutex_clear(&cal->lock);
	g_free(cal);
}

/* -------------------------------------------------------------- rules in */

/* Record one day's rule as a line of its year. */
/* Record a rule for one day in the year's lines, or in its days set by hand. */
static void put_rule(struct dd_calendar *cal, dd_date day, enum rule rule, const char *why,
                     bool by_hand)
{
	int y;
	date_to_ymd(day, &y, NULL, NULL);
	if (!year_in_range(y))
		return;
	struct year_slot *slot = &cal->slots[y - YEAR_MIN];
	struct year_lines **layer = by_hand ? &slot->by_hand : &slot->lines;
	if (!*layer)
		*layer = g_new0(struct year_lines, 1);
	const int i = day - date_from_ymd(y, 1, 1);
	(*layer)->rule[i] = (signed char)rule;
	(*layer)->why[i] = why ? g_string_chunk_insert_const(cal->strings, why) : NULL;
}

void calendar_set_day(struct dd_calendar *cal, dd_date day, bool working, const char *why)
{
	g_return_if_fail(cal != NULL);
	if (day == DD_NO_DATE)
		return;
	put_rule(cal, day, working ? RULE_WORK : RULE_OFF, why, true);
	drop_resolved_years(cal);
}

static void parsed_line_clear(gpointer p)
{
	struct parsed_line *line = p;
	g_free(line->why);
}

/* A token for an error message: at most 40 characters, valid UTF-8. */
static char *quote_token(const char *start, size_t len)
{
	char *raw = g_strndup(start, len);
	char *valid = g_utf8_make_valid(raw, -1);
	g_free(raw);
	if (g_utf8_strlen(valid, -1) <= 40)
		return valid;
	char *cut = g_utf8_substring(valid, 0, 40);
	char *out = g_strconcat(cut, "…", NULL);
	g_free(cut);
	g_free(valid);
	return out;
}

static void parse_error(GError **error, const char *name, unsigned line_no, const char *what,
                        const char *start, size_t len)
{
	char *token = quote_token(start, len);
	g_set_error(error, DD_CALENDAR_ERROR, DD_CALENDAR_ERROR_PARSE, "%s:%u: %s '%s'", name,
	            line_no, what, token);
	g_free(token);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && is_blank(*p))
		p++;
	return p;
}

/* End of the word at p: the next blank, or ".." when `stop_at_dots`. */
static const char *word_end(const char *p, const char *end, bool stop_at_dots)
{
	while (p < end && !is_blank(*p) && !(stop_at_dots && p + 1 < end && p[0] == '.' && p[1] == '.'))
		p++;
	return p;
}

/* A date token [p, e); DD_NO_DATE when it is not "YYYY-MM-DD". */
static dd_date token_date(const char *p, const char *e)
{
	char buf[11];
	if (e - p != 10)
		return DD_NO_DATE;
	memcpy(buf, p, 10);
	buf[10] = '\0';
	return date_parse_iso(buf);
}

/* Parse one line [p, end) (no newline). Returns false with *error set;
 * true with out->rule == RULE_NONE for a blank or comment line. */
static bool parse_line(const char *p, const char *end, const char *name, unsigned line_no,
                       struct parsed_line *out, GError **error)
{
	memset(out, 0, sizeof *out);

	/* the comment starts at a '#' that begins a word */
	for (const char *c = p; c < end; c++) {
		if (*c == '#' && (c == p || is_blank(c[-1]))) {
			end = c;
			break;
		}
	}
	while (end > p && is_blank(end[-1]))
		end--;
	p = skip_blanks(p, end);
	if (p == end)
		return true;

	if (!g_utf8_validate(p, end - p, NULL)) {
		g_set_error(error, DD_CALENDAR_ERROR, DD_CALENDAR_ERROR_PARSE,
		            "%s:%u: the line is not valid UTF-8", name, line_no);
		return false;
	}

	/* DATE, or DATE..DATE (blanks allowed around "..") */
	const char *span = p;
	const char *e = word_end(p, end, true);
	out->first = token_date(p, e);
	if (out->first == DD_NO_DATE) {
		parse_error(error, name, line_no, "bad date", p, (size_t)(word_end(p, end, false) - p));
		return false;
	}
	out->last = out->first;
	p = skip_blanks(e, end);
	if (end - p >= 2 && p[0] == '.' && p[1] == '.') {
		p = skip_blanks(p + 2, end);
		e = word_end(p, end, false);
		out->last = token_date(p, e);
		if (out->last == DD_NO_DATE) {
			parse_error(error, name, line_no, "bad date", p, (size_t)(e - p));
			return false;
		}
		if (out->last < out->first) {
			parse_error(error, name, line_no, "reversed range", span, (size_t)(e - span));
			return false;
		}
		if (out->last - out->first >= MAX_RANGE_DAYS) {
			parse_error(error, name, line_no, "range longer than a year", span,
			            (size_t)(e - span));
			return false;
		}
		p = skip_blanks(e, end);
	}

	/* off | work */
	e = word_end(p, end, false);
	if (p == e) {
		g_set_error(error, DD_CALENDAR_ERROR, DD_CALENDAR_ERROR_PARSE,
		            "%s:%u: missing keyword (off or work)", name, line_no);
		return false;
	}
	if (e - p == 3 && g_ascii_strncasecmp(p, "off", 3) == 0) {
		out->rule = RULE_OFF;
	} else if (e - p == 4 && g_ascii_strncasecmp(p, "work", 4) == 0) {
		out->rule = RULE_WORK;
	} else {
		parse_error(error, name, line_no, "bad keyword (expected off or work)", p,
		            (size_t)(e - p));
		return false;
	}

	/* the rest is the reason */
	p = skip_blanks(e, end);
	out->why = p < end ? g_strndup(p, (size_t)(end - p)) : NULL;
	return true;
}

bool calendar_load_text(struct dd_calendar *cal, const char *text, const char *name,
                        GError **error)
{
	g_return_val_if_fail(cal != NULL && text != NULL, false);
	if (!name)
		name = "<text>";
	/* a UTF-8 byte order mark */
	if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3;

	/* parse everything first, so that a file with an error changes nothing */
	GArray *lines = g_array_new(false, false, sizeof(struct parsed_line));
	g_array_set_clear_func(lines, parsed_line_clear);
	unsigned line_no = 0;
	bool ok = true;
	for (const char *p = text; *p && ok;) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		struct parsed_line line;
		line_no++;
		ok = parse_line(p, end, name, line_no, &line, error);
		if (ok && line.rule != RULE_NONE)
			g_array_append_val(lines, line);
		p = nl ? nl + 1 : end;
	}

	if (ok) {
		for (guint i = 0; i < lines->len; i++) {
			const struct parsed_line *l = &g_array_index(lines, struct parsed_line, i);
			for (dd_date d = l->first; d <= l->last; d++)
				put_rule(cal, d, l->rule, l->why, false);
		}
		drop_resolved_years(cal);
	}
	g_array_unref(lines);
	return ok;
}

bool calendar_load_file(struct dd_calendar *cal, const char *path, GError **error)
{
	g_return_val_if_fail(cal != NULL && path != NULL, false);
	char *text = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &text, &len, error))
		return false;
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		unsigned line_no = 1;
		for (const char *c = text; c < nul; c++)
			line_no += *c == '\n';
		g_set_error(error, DD_CALENDAR_ERROR, DD_CALENDAR_ERROR_PARSE,
		            "%s:%u: NUL byte in the file", path, line_no);
		g_free(text);
		return false;
	}
	const bool ok = calendar_load_text(cal, text, path, error);
	g_free(text);
	return ok;
}

bool calendar_year_is_provisional(const struct dd_calendar *cal, int year)
{
	g_return_val_if_fail(cal != NULL, true);
	return !year_in_range(year) || cal->slots[year - YEAR_MIN].lines == NULL;
}

/* ----------------------------------------------------------- working days */

bool calendar_is_workday(const struct dd_calendar *cal, dd_date day)
{
	if (day == DD_NO_DATE)
		return false;
	const struct year_days *yd = year_get(cal, year_of(day));
	if (!yd)
		return !is_weekend(day);
	return bit_get(yd->work, day - yd->jan1);
}

/* The n-th (n >= 1) working day after `from`. */
static dd_date add_forward(const struct dd_calendar *cal, dd_date from, long n)
{
	dd_date day = from + 1;
	for (;;) {
		const struct year_days *yd = year_get(cal, year_of(day));
		if (!yd)
			return DD_NO_DATE;
		int i = day - yd->jan1;
		const int here = count_working(yd, i, yd->length - 1);
		if (here < n) {
			n -= here;
			day = yd->jan1 + yd->length;   /* 1 January of the next year */
			continue;
		}
		for (;; i++)
			if (bit_get(yd->work, i) && --n == 0)
				return yd->jan1 + i;
	}
}

/* The n-th (n >= 1) working day before `from`. */
static dd_date add_backward(const struct dd_calendar *cal, dd_date from, long n)
{
	dd_date day = from - 1;
	for (;;) {
		const struct year_days *yd = year_get(cal, year_of(day));
		if (!yd)
			return DD_NO_DATE;
		int i = day - yd->jan1;
		const int here = count_working(yd, 0, i);
		if (here < n) {
			n -= here;
			day = yd->jan1 - 1;            /* 31 December of the year before */
			continue;
		}
		for (;; i--)
			if (bit_get(yd->work, i) && --n == 0)
				return yd->jan1 + i;
	}
}

/* Is `day` inside years 1..9999? */
static bool day_in_range(dd_date day)
{
	static const dd_date lo = -719162;   /* 0001-01-01 */
	static const dd_date hi = 2932896;   /* 9999-12-31 */
	return day != DD_NO_DATE && day >= lo && day <= hi;
}

dd_date calendar_add_workdays(const struct dd_calendar *cal, dd_date from, int n)
{
	g_return_val_if_fail(cal != NULL, DD_NO_DATE);
	if (!day_in_range(from))
		return DD_NO_DATE;
	if (n == 0)
		return from;
	if (n > 0)
		return add_forward(cal, from, n);
	return add_backward(cal, from, -(long)n);
}

int calendar_workdays_between(const struct dd_calendar *cal, dd_date from, dd_date to)
{
	g_return_val_if_fail(cal != NULL, 0);
	if (from == DD_NO_DATE || to == DD_NO_DATE || to <= from)
		return 0;
	/* count (from, to], clamped to years 1..9999 */
	dd_date day = MAX(from, (dd_date)-719163) + 1;
	to = MIN(to, (dd_date)2932896);
	long total = 0;
	while (day <= to) {
		const struct year_days *yd = year_get(cal, year_of(day));
		const int lo = day - yd->jan1;
		const int hi = MIN(yd->length - 1, to - yd->jan1);
		total += count_working(yd, lo, hi);
		day = yd->jan1 + hi + 1;
	}
	return total > INT_MAX ? INT_MAX : (int)total;
}

dd_date calendar_next_workday(const struct dd_calendar *cal, dd_date day)
{
	g_return_val_if_fail(cal != NULL, DD_NO_DATE);
	if (!day_in_range(day))
		return DD_NO_DATE;
	if (calendar_is_workday(cal, day))
		return day;
	return calendar_add_workdays(cal, day, 1);
}

size_t calendar_list_year(const struct dd_calendar *cal, int year, dd_date **days,
                          bool **working, const char ***why)
{
	if (days)
		*days = NULL;
	if (working)
		*working = NULL;
	if (why)
		*why = NULL;
	g_return_val_if_fail(cal != NULL, 0);
	const struct year_days *yd = year_get(cal, year);
	if (!yd)
		return 0;

	/* the days that differ from the weekly pattern */
	size_t count = 0;
	for (int i = 0; i < yd->length; i++)
		count += bit_get(yd->work, i) == is_weekend(yd->jan1 + i);
	if (count == 0)
		return 0;

	dd_date *out_days = g_new(dd_date, count);
	bool *out_working = g_new(bool, count);
	const char **out_why = g_new(const char *, count);
	size_t k = 0;
	for (int i = 0; i < yd->length; i++) {
		const bool work = bit_get(yd->work, i);
		if (work != is_weekend(yd->jan1 + i))
			continue;
		out_days[k] = yd->jan1 + i;
		out_working[k] = work;
		out_why[k] = yd->why[i];
		k++;
	}

	if (days)
		*days = out_days;
	else
		g_free(out_days);
	if (working)
		*working = out_working;
	else
		g_free(out_working);
	if (why)
		*why = out_why;
	else
		g_free(out_why);
	return count;
}
