/*
 * test_calendar.c — dates, the lunar calendar and working days
 * (rules/date.c, rules/lunar.c, rules/calendar.c).
 *
 * Tables come from the project documents:
 *   - lunar vectors 2018–2035: DOMAIN.md §4.4 (+ 2007 and 1985 from §4.2);
 *   - registration clock examples: DOMAIN.md §1.3;
 *   - days off 2018–2025 and the corpus working-day deadlines:
 *     corpus/holidays-used.md; 2026: DOMAIN.md §4.3.
 * Everything is computed, nothing is timed; the whole suite runs in well
 * under a second.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rules/calendar.h"

extern const char dd_holidays_data[];

/* "2019-05-29" → dd_date; fails the test on a typo in a table. */
static dd_date D(const char *iso)
{
	dd_date d = date_parse_iso(iso);
	assert_int_not_equal(d, DD_NO_DATE);
	return d;
}

static void assert_date(dd_date got, const char *want)
{
	char buf[11];
	assert_string_equal(date_format_iso(got, buf), want);
}

static int setup_calendar(void **state)
{
	*state = calendar_new();
	return *state ? 0 : -1;
}

static int teardown_calendar(void **state)
{
	calendar_free(*state);
	return 0;
}

/* ------------------------------------------------------------------ dates */

static void test_date_round_trip(void **state)
{
	(void)state;
	/* every day of years 1..9999: ymd ↔ day number, consecutive, weekdays */
	dd_date expect = date_from_ymd(1, 1, 1);
	int weekday = date_weekday(expect);
	for (int y = 1; y <= 9999; y++) {
		for (int m = 1; m <= 12; m++) {
			const int n = date_days_in_month(y, m);
			for (int d = 1; d <= n; d++) {
				if (date_from_ymd(y, m, d) != expect)
					fail_msg("date_from_ymd(%d, %d, %d)", y, m, d);
				int yy, mm, dd;
				date_to_ymd(expect, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("date_to_ymd(%d) = %d-%d-%d", expect, yy, mm, dd);
				if (date_weekday(expect) != weekday)
					fail_msg("date_weekday(%d)", expect);
				expect++;
				weekday = (weekday + 1) % 7;
			}
		}
	}
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_weekday(0), 4);                   /* Thursday */
	assert_int_equal(date_weekday(D("2019-05-29")), 3);     /* Wednesday */
	assert_int_equal(date_weekday(D("2026-02-17")), 2);     /* Tuesday */
}

static void test_date_iso(void **state)
{
	(void)state;
	char buf[11];
	/* format ↔ parse over 1900..2100 */
	for (dd_date d = date_from_ymd(1900, 1, 1); d <= date_from_ymd(2100, 12, 31); d++)
		if (date_parse_iso(date_format_iso(d, buf)) != d)
			fail_msg("ISO round trip of %d", d);
	assert_date(date_from_ymd(1, 1, 1), "0001-01-01");
	assert_date(date_from_ymd(9999, 12, 31), "9999-12-31");

	static const char *const bad[] = {
		"", "2019-13-01", "2019-02-29", "2019-00-10", "2019-04-31", "0000-01-01",
		"2019-5-29", "2019-05-9", " 2019-05-29", "2019-05-29 ", "+019-05-29",
		"2019-05- 9", "2019/05/29", "20190529", "2019-05-29x", "abcd-ef-gh",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
		if (date_parse_iso(bad[i]) != DD_NO_DATE)
			fail_msg("'%s' parsed", bad[i]);
	assert_int_equal(date_parse_iso(NULL), DD_NO_DATE);
	assert_int_equal(date_parse_iso("2024-02-29"), date_from_ymd(2024, 2, 29));
	assert_false(date_valid(1900, 2, 29));
	assert_true(date_valid(2000, 2, 29));
	assert_int_equal(date_days_in_month(2023, 13), 0);
}

/* ------------------------------------------------------------------ lunar */

struct lunar_vector {
	int year;
	const char *tet;
	const char *eve;      /* giao thừa */
	int eve_lday;         /* 29 or 30 tháng Chạp */
	const char *gio_to;   /* 10/3 */
	int leap;             /* leap month of the lunar year, 0 when none */
};

/* DOMAIN.md §4.4 */
static const struct lunar_vector lunar_vectors[] = {
	{2018, "2018-02-16", "2018-02-15", 30, "2018-04-25", 0},
	{2019, "2019-02-05", "2019-02-04", 30, "2019-04-14", 0},
	{2020, "2020-01-25", "2020-01-24", 30, "2020-04-02", 4},
	{2021, "2021-02-12", "2021-02-11", 30, "2021-04-21", 0},
	{2022, "2022-02-01", "2022-01-31", 29, "2022-04-10", 0},
	{2023, "2023-01-22", "2023-01-21", 30, "2023-04-29", 2},
	{2024, "2024-02-10", "2024-02-09", 30, "2024-04-18", 0},
	{2025, "2025-01-29", "2025-01-28", 29, "2025-04-07", 6},
	{2026, "2026-02-17", "2026-02-16", 29, "2026-04-26", 0},
	{2027, "2027-02-06", "2027-02-05", 29, "2027-04-16", 0},
	{2028, "2028-01-26", "2028-01-25", 29, "2028-04-04", 5},
	{2029, "2029-02-13", "2029-02-12", 29, "2029-04-23", 0},
	{2030, "2030-02-02", "2030-02-01", 29, "2030-04-12", 0},
	{2031, "2031-01-23", "2031-01-22", 29, "2031-04-01", 3},
	{2032, "2032-02-11", "2032-02-10", 29, "2032-04-19", 0},
	{2033, "2033-01-31", "2033-01-30", 30, "2033-04-09", 11},
	{2034, "2034-02-19", "2034-02-18", 30, "2034-04-28", 0},
	{2035, "2035-02-08", "2035-02-07", 30, "2035-04-17", 0},
};

static void test_lunar_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(lunar_vectors); i++) {
		const struct lunar_vector *v = &lunar_vectors[i];
		assert_date(lunar_tet(v->year), v->tet);
		assert_date(lunar_to_solar(1, 1, v->year, false), v->tet);
		assert_date(lunar_to_solar(10, 3, v->year, false), v->gio_to);
		assert_date(lunar_to_solar(v->eve_lday, 12, v->year - 1, false), v->eve);
		assert_int_equal(lunar_leap_month(v->year), v->leap);

		int ld, lm, ly;
		bool leap;
		solar_to_lunar(D(v->eve), &ld, &lm, &ly, &leap);
		assert_int_equal(ld, v->eve_lday);
		assert_int_equal(lm, 12);
		assert_int_equal(ly, v->year - 1);
		assert_false(leap);
		solar_to_lunar(D(v->tet), &ld, &lm, &ly, &leap);
		assert_int_equal(ld, 1);
		assert_int_equal(lm, 1);
		assert_int_equal(ly, v->year);
		assert_false(leap);
		solar_to_lunar(D(v->gio_to), &ld, &lm, &ly, &leap);
		assert_int_equal(ld, 10);
		assert_int_equal(lm, 3);
		assert_int_equal(ly, v->year);
		assert_false(leap);
		/* a month of 29 days has no 30th */
		if (v->eve_lday == 29)
			assert_int_equal(lunar_to_solar(30, 12, v->year - 1, false), DD_NO_DATE);
	}
}

static void test_lunar_time_zone_years(void **state)
{
	(void)state;
	/* UTC+7 against China's UTC+8 (DOMAIN.md §4.2) */
	assert_date(lunar_tet(2007), "2007-02-17");   /* CN 2007-02-18 */
	assert_date(lunar_tet(1985), "1985-01-21");   /* CN 1985-02-20 */
	assert_date(lunar_tet(2030), "2030-02-02");   /* CN 2030-02-03 */
	assert_date(lunar_tet(2053), "2053-02-18");   /* CN 2053-02-19 */
}

static void test_lunar_leap_months(void **state)
{
	(void)state;
	int ld, lm, ly;
	bool leap;
	/* 2023: leap 2nd month, 22/3–19/4/2023 */
	assert_date(lunar_to_solar(1, 2, 2023, true), "2023-03-22");
	assert_date(lunar_to_solar(1, 3, 2023, false), "2023-04-20");
	solar_to_lunar(D("2023-04-01"), &ld, &lm, &ly, &leap);
	assert_int_equal(lm, 2);
	assert_true(leap);
	assert_int_equal(ld, 11);
	assert_int_equal(lunar_to_solar(1, 3, 2023, true), DD_NO_DATE);    /* no leap 3 */
	assert_int_equal(lunar_to_solar(1, 2, 2024, true), DD_NO_DATE);    /* no leap year */
	/* 2033: leap 11th month (the "2033 problem"), at the end of lunar 2033 */
	const dd_date l11 = lunar_to_solar(1, 11, 2033, true);
	assert_int_not_equal(l11, DD_NO_DATE);
	assert_true(l11 > lunar_to_solar(1, 11, 2033, false));
	assert_true(l11 < lunar_to_solar(1, 12, 2033, false));
	solar_to_lunar(l11, &ld, &lm, &ly, &leap);
	assert_int_equal(ld, 1);
	assert_int_equal(lm, 11);
	assert_int_equal(ly, 2033);
	assert_true(leap);
	/* bad input */
	assert_int_equal(lunar_to_solar(0, 1, 2024, false), DD_NO_DATE);
	assert_int_equal(lunar_to_solar(31, 1, 2024, false), DD_NO_DATE);
	assert_int_equal(lunar_to_solar(1, 13, 2024, false), DD_NO_DATE);
	assert_int_equal(lunar_to_solar(1, 1, 0, false), DD_NO_DATE);
	/* NULL outputs are allowed */
	solar_to_lunar(D("2024-02-10"), NULL, &lm, NULL, NULL);
	assert_int_equal(lm, 1);
}

static void test_lunar_round_trip(void **state)
{
	(void)state;
	/* every day of 1990..2050: solar → lunar → solar, and the lunar days run on */
	int prev_day = 0, prev_month = 0;
	for (dd_date d = D("1990-01-01"); d <= D("2050-12-31"); d++) {
		int ld, lm, ly;
		bool leap;
		solar_to_lunar(d, &ld, &lm, &ly, &leap);
		if (ld < 1 || ld > 30 || lm < 1 || lm > 12)
			fail_msg("solar_to_lunar(%d) = %d/%d/%d", d, ld, lm, ly);
		if (lunar_to_solar(ld, lm, ly, leap) != d)
			fail_msg("round trip of %d (%d/%d/%d%s)", d, ld, lm, ly, leap ? " leap" : "");
		if (prev_day && ld != prev_day + 1 && !(ld == 1 && prev_day >= 29))
			fail_msg("lunar day jumps at %d", d);
		if (ld == 1 && prev_day && lm == prev_month && !leap)
			fail_msg("month repeats without leap at %d", d);
		prev_day = ld;
		prev_month = lm;
	}
}

static void test_lunar_range(void **state)
{
	(void)state;
	/* 1800..2200: Tết between 21/1 and 20/2, 7 leap months every 19 years,
	 * Giỗ Tổ 10/3 always in a month 3 that is not the leap one */
	int leaps = 0;
	for (int y = 1800; y <= 2200; y++) {
		const dd_date tet = lunar_tet(y);
		if (tet < date_from_ymd(y, 1, 21) || tet > date_from_ymd(y, 2, 20))
			fail_msg("Tết %d out of its window", y);
		const int leap = lunar_leap_month(y);
		if (leap < 0 || leap > 12)
			fail_msg("leap month %d of %d", leap, y);
		if (y >= 2000 && y < 2019 && leap)
			leaps++;
		const dd_date next = lunar_tet(y + 1);
		const int months = (int)((next - tet + 15) / 29.53);
		if (months != (leap ? 13 : 12))
			fail_msg("lunar year %d has %d months, leap %d", y, months, leap);
	}
	assert_int_equal(leaps, 7);   /* 2001 2004 2006 2009 2012 2014 2017 */
	/* far years give well-formed answers, and no crash */
	static const int years[] = {2, 100, 1582, 1583, 9000, 9996, 9997};
	for (size_t i = 0; i < G_N_ELEMENTS(years); i++) {
		const dd_date tet = lunar_tet(years[i]);
		assert_int_not_equal(tet, DD_NO_DATE);
		int ld, lm, ly;
		solar_to_lunar(tet, &ld, &lm, &ly, NULL);
		assert_int_equal(ld, 1);
		assert_int_equal(lm, 1);
		assert_int_equal(ly, years[i]);
	}
	assert_int_equal(lunar_tet(1), DD_NO_DATE);
	assert_int_equal(lunar_tet(9998), DD_NO_DATE);
	int ld = -1;
	solar_to_lunar(date_from_ymd(9999, 6, 1), &ld, NULL, NULL, NULL);
	assert_int_equal(ld, 0);
}

static void test_extreme_years(void **state)
{
	(void)state;
	/* the built-in rules in years where the lunar calendar is missing or
	 * rough must still give a sane calendar */
	struct dd_calendar *cal = calendar_new_rules_only();
	static const int years[] = {1, 2, 1582, 1900, 9997, 9998, 9999};
	for (size_t i = 0; i < G_N_ELEMENTS(years); i++) {
		const size_t n = calendar_list_year(cal, years[i], NULL, NULL, NULL);
		assert_true(n >= 4 && n <= 14);
		assert_true(calendar_year_is_provisional(cal, years[i]));
	}
	assert_int_equal(calendar_workdays_between(cal, DD_NO_DATE + 1, date_from_ymd(1, 1, 10)),
	                 calendar_workdays_between(cal, date_from_ymd(1, 1, 1) - 1,
	                                           date_from_ymd(1, 1, 10)));
	assert_true(calendar_workdays_between(cal, date_from_ymd(9999, 12, 1), INT32_MAX) > 15);
	assert_true(calendar_is_workday(cal, date_from_ymd(9999, 12, 31) + 4) ==
	            (date_weekday(date_from_ymd(9999, 12, 31) + 4) % 6 != 0));
	calendar_set_day(cal, DD_NO_DATE, false, NULL);           /* ignored */
	calendar_set_day(cal, date_from_ymd(1, 1, 1) - 1, false, NULL);
	calendar_free(cal);
}

/* ---------------------------------------------------- working-day tables */

struct workday_case {
	const char *from;
	int n;
	const char *due;
};

/* DOMAIN.md §1.3: issue date + 3 working days */
static const struct workday_case registration_examples[] = {
	{"2019-05-29", 3, "2019-06-03"},
	{"2019-05-31", 3, "2019-06-05"},
	{"2018-12-28", 3, "2019-01-04"},
	{"2019-04-26", 3, "2019-05-04"},
	{"2019-01-31", 3, "2019-02-12"},
	{"2024-02-07", 3, "2024-02-19"},
	{"2025-04-25", 3, "2025-04-29"},
	{"2026-02-12", 3, "2026-02-24"},
	{"2026-04-24", 3, "2026-05-04"},
	{"2026-08-21", 3, "2026-08-25"},
};

static void test_registration_examples(void **state)
{
	const struct dd_calendar *cal = *state;
	for (size_t i = 0; i < G_N_ELEMENTS(registration_examples); i++) {
		const struct workday_case *c = &registration_examples[i];
		assert_date(calendar_add_workdays(cal, D(c->from), c->n), c->due);
		assert_int_equal(calendar_workdays_between(cal, D(c->from), D(c->due)), c->n);
	}
}

struct corpus_case {
	const char *doc;
	const char *from;
	int n;
	const char *due;
	int weekend_days;
	const char *holidays;   /* weekdays off crossed, space-separated */
};

/* corpus/holidays-used.md, "Working-day deadlines in the corpus" */
static const struct corpus_case corpus_cases[] = {
	{"dev05", "2023-03-17", 5, "2023-03-24", 2, ""},
	{"dev09", "2024-06-21", 7, "2024-07-02", 4, ""},
	{"dev15", "2021-02-05", 7, "2021-02-23", 6,
	 "2021-02-10 2021-02-11 2021-02-12 2021-02-15 2021-02-16"},
	{"dev15", "2021-02-05", 5, "2021-02-19", 4,
	 "2021-02-10 2021-02-11 2021-02-12 2021-02-15 2021-02-16"},
	{"dev21", "2024-06-11", 3, "2024-06-14", 0, ""},
	{"dev24", "2022-11-16", 5, "2022-11-23", 2, ""},
	{"dev26", "2023-08-30", 5, "2023-09-08", 2, "2023-09-01 2023-09-04"},
	{"dev28", "2022-04-07", 3, "2022-04-13", 2, "2022-04-11"},
	{"dev39", "2024-09-05", 5, "2024-09-12", 2, ""},
};

static void test_corpus_deadlines(void **state)
{
	const struct dd_calendar *cal = *state;
	for (size_t i = 0; i < G_N_ELEMENTS(corpus_cases); i++) {
		const struct corpus_case *c = &corpus_cases[i];
		const dd_date from = D(c->from), due = D(c->due);
		assert_date(calendar_add_workdays(cal, from, c->n), c->due);
		assert_int_equal(calendar_workdays_between(cal, from, due), c->n);

		/* the days crossed: exactly the listed weekdays off, and the weekends */
		char **want = g_strsplit(c->holidays, " ", -1);
		int weekend = 0;
		GString *off = g_string_new(NULL);
		for (dd_date d = from + 1; d < due; d++) {
			const int w = date_weekday(d);
			if (w == 0 || w == 6)
				weekend++;
			else if (!calendar_is_workday(cal, d)) {
				char buf[11];
				g_string_append_printf(off, "%s%s", off->len ? " " : "", date_format_iso(d, buf));
			}
		}
		assert_int_equal(weekend, c->weekend_days);
		assert_string_equal(off->str, c->holidays);
		g_string_free(off, true);
		g_strfreev(want);
	}
}

struct year_list {
	int year;
	const char *off;    /* weekdays off, "MM-DD" */
	const char *work;   /* worked Saturdays */
};

/* corpus/holidays-used.md (2018–2025) and DOMAIN.md §4.3 (2026) */
static const struct year_list official_years[] = {
	{2018, "01-01 02-14 02-15 02-16 02-19 02-20 04-25 04-30 05-01 09-03 12-31", ""},
	{2019, "01-01 02-04 02-05 02-06 02-07 02-08 04-15 04-29 04-30 05-01 09-02", "01-05 05-04"},
	{2020, "01-01 01-23 01-24 01-27 01-28 01-29 04-02 04-30 05-01 09-02", ""},
	{2021, "01-01 02-10 02-11 02-12 02-15 02-16 04-21 04-30 05-03 09-02 09-03", ""},
	{2022, "01-03 01-31 02-01 02-02 02-03 02-04 04-11 05-02 05-03 09-01 09-02", ""},
	{2023, "01-02 01-20 01-23 01-24 01-25 01-26 05-01 05-02 05-03 09-01 09-04", ""},
	{2024, "01-01 02-08 02-09 02-12 02-13 02-14 04-18 04-29 04-30 05-01 09-02 09-03", "05-04"},
	{2025, "01-01 01-27 01-28 01-29 01-30 01-31 04-07 04-30 05-01 05-02 09-01 09-02", "04-26"},
	{2026, "01-01 02-16 02-17 02-18 02-19 02-20 04-27 04-30 05-01 08-31 09-01 09-02", "08-22"},
};

/* calendar_list_year as "off MM-DD ... | work MM-DD ..." */
static char *listed(const struct dd_calendar *cal, int year)
{
	dd_date *days;
	bool *working;
	const char **why;
	const size_t n = calendar_list_year(cal, year, &days, &working, &why);
	GString *off = g_string_new(NULL), *work = g_string_new(NULL);
	for (size_t i = 0; i < n; i++) {
		int y, m, d;
		date_to_ymd(days[i], &y, &m, &d);
		assert_int_equal(y, year);
		if (i > 0)
			assert_true(days[i] > days[i - 1]);
		GString *s = working[i] ? work : off;
		g_string_append_printf(s, "%s%02d-%02d", s->len ? " " : "", m, d);
	}
	char *out = g_strdup_printf("%s | %s", off->str, work->str);
	g_string_free(off, true);
	g_string_free(work, true);
	g_free(days);
	g_free(working);
	g_free(why);
	return out;
}

static void assert_year(const struct dd_calendar *cal, const struct year_list *want)
{
	char *got = listed(cal, want->year);
	char *expect = g_strdup_printf("%s | %s", want->off, want->work);
	if (strcmp(got, expect) != 0)
		fail_msg("%d:\n got  %s\n want %s", want->year, got, expect);
	g_free(got);
	g_free(expect);
}

static void test_official_years(void **state)
{
	const struct dd_calendar *cal = *state;
	for (size_t i = 0; i < G_N_ELEMENTS(official_years); i++) {
		assert_year(cal, &official_years[i]);
		assert_false(calendar_year_is_provisional(cal, official_years[i].year));
	}
	/* Ngày Văn hóa Việt Nam 24/11/2026 is not in the built-in data */
	assert_true(calendar_is_workday(cal, D("2026-11-24")));
	/* the whole 2026 Tết break, weekends included */
	for (dd_date d = D("2026-02-14"); d <= D("2026-02-22"); d++)
		assert_false(calendar_is_workday(cal, d));
	assert_true(calendar_is_workday(cal, D("2026-02-23")));
}

static void test_builtin_rules(void **state)
{
	const struct dd_calendar *cal = *state;
	/* years with no line: Tết giao thừa..mùng 4 as 5 weekdays, Giỗ Tổ,
	 * 30/4, 1/5, 2/9 + adjacent day, compensatory days */
	static const struct year_list rules[] = {
		/* Tết Sat 06/02: Fri 05 + Mon–Thu; 1/5 Sat → Mon 03/5; 2/9 Thu + 3/9 */
		{2027, "01-01 02-05 02-08 02-09 02-10 02-11 04-16 04-30 05-03 09-02 09-03", ""},
		/* 1/1 Sat → 03/1; Tết Wed 26/01: 25–28 + Mon 31; 30/4 Sun and 1/5
		 * Mon → Tue 02/5; 2/9 Sat: 1/9 Fri, made up Mon 04/9 */
		{2028, "01-03 01-25 01-26 01-27 01-28 01-31 04-04 05-01 05-02 09-01 09-04", ""},
		/* 2/9 Sun: 3/9 Mon, 2/9 made up Tue 04/9 */
		{2029, "01-01 02-12 02-13 02-14 02-15 02-16 04-23 04-30 05-01 09-03 09-04", ""},
		/* Tết Sat 02/02 (UTC+7; China: 03/02): Fri 01 + Mon–Thu; 2/9 Mon + 3/9 */
		{2030, "01-01 02-01 02-04 02-05 02-06 02-07 04-12 04-30 05-01 09-02 09-03", ""},
		/* 2/9 Tue + 1/9 Mon */
		{2031, "01-01 01-22 01-23 01-24 01-27 01-28 04-01 04-30 05-01 09-01 09-02", ""},
		/* Tết Sun 15/02: giao thừa Sat 14, so Mon–Fri 16–20; 2/9 Wed + 1/9
		 * Tue (as 2026 chose) */
		{2037, "01-01 02-16 02-17 02-18 02-19 02-20 04-24 04-30 05-01 09-01 09-02", ""},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(rules); i++) {
		assert_true(calendar_year_is_provisional(cal, rules[i].year));
		assert_year(cal, &rules[i]);
	}
	/* the whole 2030 Tết break */
	for (dd_date d = D("2030-02-01"); d <= D("2030-02-07"); d++)
		assert_false(calendar_is_workday(cal, d));
	assert_true(calendar_is_workday(cal, D("2030-01-31")));
	assert_true(calendar_is_workday(cal, D("2030-02-08")));

	/* before 2021 Quốc khánh has one day; the rules agree with the whole
	 * official 2022 schedule, which followed them exactly */
	struct dd_calendar *bare = calendar_new_rules_only();
	assert_true(calendar_year_is_provisional(bare, 2022));
	assert_year(bare, &official_years[4]);
	const struct year_list y2020 = {2020, "01-01 01-24 01-27 01-28 01-29 01-30 04-02 04-30 05-01 09-02", ""};
	assert_year(bare, &y2020);
	/* reasons name the holiday */
	dd_date *days;
	const char **why;
	const size_t n = calendar_list_year(bare, 2026, &days, NULL, &why);
	assert_int_equal(n, 11);
	assert_date(days[1], "2026-02-16");
	assert_string_equal(why[1], "Tết Nguyên đán Bính Ngọ");
	assert_date(days[6], "2026-04-27");
	assert_string_equal(why[6], "Nghỉ bù Giỗ Tổ Hùng Vương");
	g_free(days);
	g_free(why);
	calendar_free(bare);
}

/* ------------------------------------------------------ holidays files */

static void assert_parse_error(const char *text, const char *want)
{
	struct dd_calendar *cal = calendar_new_rules_only();
	GError *error = NULL;
	assert_false(calendar_load_text(cal, text, "holidays.txt", &error));
	assert_non_null(error);
	assert_true(g_error_matches(error, DD_CALENDAR_ERROR, DD_CALENDAR_ERROR_PARSE));
	if (strcmp(error->message, want) != 0)
		fail_msg("got '%s', want '%s'", error->message, want);
	g_error_free(error);
	/* nothing of a failed file was applied */
	assert_true(calendar_year_is_provisional(cal, 2019));
	assert_true(calendar_is_workday(cal, D("2019-03-05")));
	calendar_free(cal);
}

static void test_parse_errors(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"2019-03-05 off ok\n# comment\n2019-13-01 off\n",
		 "holidays.txt:3: bad date '2019-13-01'"},
		{"2019-03-05 off\n2019-02-30 work\n", "holidays.txt:2: bad date '2019-02-30'"},
		{"2019-03-05 off\n\n\n2019-5-1 off\n", "holidays.txt:4: bad date '2019-5-1'"},
		{"2019-03-05 off\n2019-03-06 of\n", "holidays.txt:2: bad keyword (expected off or work) 'of'"},
		{"2019-03-05 off\r\n2019-03-06   holiday  Tết\r\n",
		 "holidays.txt:2: bad keyword (expected off or work) 'holiday'"},
		{"2019-03-05 off\n2019-03-06\n", "holidays.txt:2: missing keyword (off or work)"},
		{"2019-03-05 off\n2019-02-10..2019-02-02 off\n",
		 "holidays.txt:2: reversed range '2019-02-10..2019-02-02'"},
		{"2019-03-05 off\n2019-01-01..2020-01-02 off\n",
		 "holidays.txt:2: range longer than a year '2019-01-01..2020-01-02'"},
		{"2019-03-05 off\n2019-01-01..2019-02-31 off\n", "holidays.txt:2: bad date '2019-02-31'"},
		{"2019-03-05 off\n2019-01-01.. off\n", "holidays.txt:2: bad date 'off'"},
		{"2019-03-05 off\nTết 2019 off\n", "holidays.txt:2: bad date 'Tết'"},
		{"2019-03-05 off\n2019-03-06 off \xff\n", "holidays.txt:2: the line is not valid UTF-8"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		assert_parse_error(cases[i][0], cases[i][1]);

	/* the name defaults to "<text>" */
	struct dd_calendar *cal = calendar_new_rules_only();
	GError *error = NULL;
	assert_false(calendar_load_text(cal, "x off", NULL, &error));
	assert_string_equal(error->message, "<text>:1: bad date 'x'");
	g_clear_error(&error);
	/* a range of exactly 366 days is accepted */
	assert_true(calendar_load_text(cal, "2024-01-01..2024-12-31 work", NULL, &error));
	assert_true(calendar_is_workday(cal, D("2024-12-29")));   /* a Sunday */
	calendar_free(cal);
}

static void test_parse_formats(void **state)
{
	(void)state;
	struct dd_calendar *cal = calendar_new_rules_only();
	GError *error = NULL;
	const char *text =
		"\xEF\xBB\xBF# BOM, CRLF, tabs, trailing blanks, comments\r\n"
		"2019-02-02..2019-02-10\toff\tTết Nguyên Đán   \r\n"
		"\r\n"
		"   \t  \r\n"
		"2019-04-15 OFF Giỗ Tổ # nghỉ bù\r\n"
		"2019-04-29 .. 2019-05-01   off\r\n"
		"2019-05-04              Work  Làm bù (đổi cho 29/4)\r\n"
		"2019-12-31..2020-01-01 off qua năm#not a comment\r\n"
		"2019-06-03 off";   /* no newline at the end */
	assert_true(calendar_load_text(cal, text, "t", &error));
	assert_null(error);
	assert_false(calendar_is_workday(cal, D("2019-02-04")));
	assert_false(calendar_is_workday(cal, D("2019-02-08")));
	assert_true(calendar_is_workday(cal, D("2019-02-11")));
	assert_false(calendar_is_workday(cal, D("2019-04-15")));
	assert_false(calendar_is_workday(cal, D("2019-04-29")));
	assert_false(calendar_is_workday(cal, D("2019-05-01")));
	assert_true(calendar_is_workday(cal, D("2019-05-04")));
	assert_false(calendar_is_workday(cal, D("2019-06-03")));
	assert_false(calendar_is_workday(cal, D("2019-12-31")));
	assert_false(calendar_is_workday(cal, D("2020-01-01")));
	/* 2019 takes exactly its lines: 1/1/2019 and 2/9/2019 are working days */
	assert_true(calendar_is_workday(cal, D("2019-01-01")));
	assert_true(calendar_is_workday(cal, D("2019-09-02")));
	/* reasons are trimmed; '#' inside a word is text */
	dd_date *days;
	const char **why;
	bool *working;
	size_t n = calendar_list_year(cal, 2019, &days, &working, &why);
	assert_int_equal(n, 12);
	assert_string_equal(why[0], "Tết Nguyên Đán");
	assert_string_equal(why[5], "Giỗ Tổ");
	assert_null(why[6]);
	assert_date(days[9], "2019-05-04");
	assert_true(working[9]);
	assert_string_equal(why[9], "Làm bù (đổi cho 29/4)");
	assert_date(days[10], "2019-06-03");
	assert_false(working[10]);
	assert_string_equal(why[11], "qua năm#not a comment");
	g_free(days);
	g_free(working);
	g_free(why);

	/* the compiled-in file itself parses */
	assert_true(calendar_load_text(cal, dd_holidays_data, "holidays.txt", &error));
	assert_null(error);
	calendar_free(cal);
}

static void test_load_file(void **state)
{
	(void)state;
	struct dd_calendar *cal = calendar_new();
	GError *error = NULL;
	char *path = NULL;
	const int fd = g_file_open_tmp("dondoc-holidays-XXXXXX.txt", &path, &error);
	assert_true(fd >= 0);
	close(fd);

	const char *good = "# văn hóa\n2026-11-24 off Ngày Văn hóa Việt Nam\n";
	assert_true(g_file_set_contents(path, good, -1, &error));
	assert_true(calendar_load_file(cal, path, &error));
	assert_false(calendar_is_workday(cal, D("2026-11-24")));
	/* the rest of 2026 stays */
	assert_false(calendar_is_workday(cal, D("2026-02-17")));
	assert_true(calendar_is_workday(cal, D("2026-08-22")));

	const char *bad = "2027-01-01 off\n2027-02-05 off\n2027-13-01 off\n";
	assert_true(g_file_set_contents(path, bad, -1, &error));
	assert_false(calendar_load_file(cal, path, &error));
	char *want = g_strdup_printf("%s:3: bad date '2027-13-01'", path);
	assert_string_equal(error->message, want);
	g_free(want);
	g_clear_error(&error);
	assert_true(calendar_year_is_provisional(cal, 2027));

	assert_true(g_file_set_contents(path, "2027-01-01 off\n\0002027-01-04 off\n", 31, &error));
	assert_false(calendar_load_file(cal, path, &error));
	assert_true(g_error_matches(error, DD_CALENDAR_ERROR, DD_CALENDAR_ERROR_PARSE));
	assert_non_null(strstr(error->message, ":2: NUL byte"));
	g_clear_error(&error);

	g_unlink(path);
	assert_false(calendar_load_file(cal, path, &error));
	assert_true(g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT));
	g_clear_error(&error);
	g_free(path);
	calendar_free(cal);
}

static void test_override_order(void **state)
{
	(void)state;
	struct dd_calendar *cal = calendar_new();
	GError *error = NULL;
	/* a loaded line overrides the built-in schedule */
	assert_true(calendar_is_workday(cal, D("2019-05-04")));
	assert_true(calendar_load_text(cal, "2019-05-04 off changed", "a", &error));
	assert_false(calendar_is_workday(cal, D("2019-05-04")));
	/* within one text, the later line wins, ranges included */
	assert_true(calendar_load_text(cal,
	                               "2019-07-01..2019-07-05 off\n"
	                               "2019-07-03 work\n"
	                               "2019-07-05 work\n2019-07-05 off\n", "b", &error));
	assert_false(calendar_is_workday(cal, D("2019-07-01")));
	assert_true(calendar_is_workday(cal, D("2019-07-03")));
	assert_false(calendar_is_workday(cal, D("2019-07-05")));
	/* a later text overrides an earlier one; set_day overrides both */
	assert_true(calendar_load_text(cal, "2019-07-01 work", "c", &error));
	assert_true(calendar_is_workday(cal, D("2019-07-01")));
	calendar_set_day(cal, D("2019-07-01"), false, "by hand");
	assert_false(calendar_is_workday(cal, D("2019-07-01")));
	calendar_set_day(cal, D("2019-07-06"), true, NULL);      /* a Saturday */
	assert_true(calendar_is_workday(cal, D("2019-07-06")));

	/* a day set by hand in a year without lines keeps that year's built-in
	 * rules: 24/11 is added, Tết and 1/1 stay */
	assert_true(calendar_year_is_provisional(cal, 2027));
	assert_false(calendar_is_workday(cal, D("2027-01-01")));
	calendar_set_day(cal, D("2027-11-24"), false, "Ngày Văn hóa Việt Nam");
	assert_true(calendar_year_is_provisional(cal, 2027));
	assert_false(calendar_is_workday(cal, D("2027-01-01")));
	assert_false(calendar_is_workday(cal, D("2027-02-08")));
	assert_false(calendar_is_workday(cal, D("2027-11-24")));
	dd_date *days;
	bool *working;
	const char **why;
	size_t n = calendar_list_year(cal, 2027, &days, &working, &why);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		if (days[i] == D("2027-11-24")) {
			assert_string_equal(why[i], "Ngày Văn hóa Việt Nam");
			assert_false(working[i]);
			found = true;
		}
	assert_true(found && n > 5);
	g_free(days);
	g_free(working);
	g_free(why);
	/* the neighbour years keep their rules */
	assert_false(calendar_is_workday(cal, D("2028-01-26")));
	calendar_free(cal);
}

static void test_list_year(void **state)
{
	const struct dd_calendar *cal = *state;
	dd_date *days;
	bool *working;
	const char **why;
	const size_t n = calendar_list_year(cal, 2019, &days, &working, &why);
	assert_int_equal(n, 13);
	assert_date(days[0], "2019-01-01");
	assert_false(working[0]);
	assert_string_equal(why[0], "Tết Dương lịch");
	assert_date(days[1], "2019-01-05");
	assert_true(working[1]);
	assert_string_equal(why[1], "Làm bù cho thứ Hai 31/12/2018");
	assert_date(days[2], "2019-02-04");
	assert_string_equal(why[2], "Tết Nguyên đán Kỷ Hợi");
	assert_date(days[12], "2019-09-02");
	g_free(days);
	g_free(working);
	g_free(why);

	/* optional outputs; nothing outside years 1..9999 */
	assert_int_equal(calendar_list_year(cal, 2024, NULL, NULL, NULL), 13);
	assert_int_equal(calendar_list_year(cal, 0, &days, &working, &why), 0);
	assert_null(days);
	assert_null(working);
	assert_null(why);
	assert_int_equal(calendar_list_year(cal, 10000, NULL, NULL, NULL), 0);
}

/* ---------------------------------------------------- arithmetic checks */

/* The slow, obvious n-th working day after/before `from`. */
static dd_date naive_add(const struct dd_calendar *cal, dd_date from, int n)
{
	const int step = n >= 0 ? 1 : -1;
	dd_date d = from;
	for (int left = n * step; left > 0;) {
		d += step;
		if (calendar_is_workday(cal, d))
			left--;
	}
	return d;
}

static void test_add_workdays(void **state)
{
	const struct dd_calendar *cal = *state;
	static const int counts[] = {0, 1, 2, 3, 5, 7, 10, 22, 60, 250, 251, 700};
	for (dd_date from = D("2017-12-20"); from <= D("2031-01-10"); from += 3) {
		for (size_t i = 0; i < G_N_ELEMENTS(counts); i++) {
			const int n = counts[i];
			const dd_date fwd = calendar_add_workdays(cal, from, n);
			if (fwd != naive_add(cal, from, n))
				fail_msg("add %d to %d", n, from);
			if (calendar_workdays_between(cal, from, fwd) != n)
				fail_msg("between %d and %d", from, fwd);
			if (n > 0 && !calendar_is_workday(cal, fwd))
				fail_msg("%d + %d is not a working day", from, n);
			if (calendar_add_workdays(cal, from, -n) != naive_add(cal, from, -n))
				fail_msg("subtract %d from %d", n, from);
		}
		const dd_date next = calendar_next_workday(cal, from);
		assert_true(calendar_is_workday(cal, next));
		for (dd_date d = from; d < next; d++)
			assert_false(calendar_is_workday(cal, d));
	}
	/* going back undoes going forward from a working day */
	assert_date(calendar_add_workdays(cal, D("2019-06-03"), -3), "2019-05-29");
	assert_date(calendar_add_workdays(cal, D("2019-02-12"), -2), "2019-02-01");
	/* a long way, across many years with and without lines */
	const dd_date far = calendar_add_workdays(cal, D("2000-01-01"), 20000);
	assert_int_equal(calendar_workdays_between(cal, D("2000-01-01"), far), 20000);
	assert_int_equal(calendar_add_workdays(cal, far, -19999),
	                 calendar_next_workday(cal, D("2000-01-02")));
	/* edges */
	assert_int_equal(calendar_workdays_between(cal, D("2019-06-03"), D("2019-05-29")), 0);
	assert_int_equal(calendar_workdays_between(cal, D("2019-06-03"), D("2019-06-03")), 0);
	assert_int_equal(calendar_add_workdays(cal, DD_NO_DATE, 3), DD_NO_DATE);
	assert_int_equal(calendar_add_workdays(cal, D("9999-12-30"), 5), DD_NO_DATE);
	assert_int_equal(calendar_add_workdays(cal, D("0001-01-02"), -5), DD_NO_DATE);
	assert_int_equal(calendar_next_workday(cal, DD_NO_DATE), DD_NO_DATE);
	assert_false(calendar_is_workday(cal, DD_NO_DATE));
	assert_date(calendar_next_workday(cal, D("2019-02-02")), "2019-02-11");
	assert_date(calendar_next_workday(cal, D("2019-05-04")), "2019-05-04");
}

/* Many threads read one fresh calendar: the lazy tables must agree. */
struct reader {
	const struct dd_calendar *cal;
	int first_year;
	gint64 sum;
};

static gpointer read_years(gpointer p)
{
	struct reader *r = p;
	for (int k = 0; k < 40; k++) {
		const int year = r->first_year + (k * 7) % 40;
		const dd_date from = date_from_ymd(year, 1, 1);
		r->sum += calendar_add_workdays(r->cal, from, 300) - from;
	}
	return NULL;
}

static void test_concurrent_readers(void **state)
{
	(void)state;
	struct dd_calendar *cal = calendar_new();
	struct reader readers[4];
	GThread *threads[4];
	for (int i = 0; i < 4; i++) {
		readers[i] = (struct reader){cal, 2010, 0};
		threads[i] = g_thread_new("reader", read_years, &readers[i]);
	}
	for (int i = 0; i < 4; i++)
		g_thread_join(threads[i]);
	for (int i = 1; i < 4; i++)
		assert_true(readers[i].sum == readers[0].sum);
	calendar_free(cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_round_trip),
		cmocka_unit_test(test_date_iso),
		cmocka_unit_test(test_lunar_vectors),
		cmocka_unit_test(test_lunar_time_zone_years),
		cmocka_unit_test(test_lunar_leap_months),
		cmocka_unit_test(test_lunar_round_trip),
		cmocka_unit_test(test_lunar_range),
		cmocka_unit_test(test_registration_examples),
		cmocka_unit_test(test_corpus_deadlines),
		cmocka_unit_test(test_official_years),
		cmocka_unit_test(test_builtin_rules),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_formats),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_override_order),
		cmocka_unit_test(test_list_year),
		cmocka_unit_test(test_add_workdays),
		cmocka_unit_test(test_concurrent_readers),
		cmocka_unit_test(test_extreme_years),
	};
	return cmocka_run_group_tests_name("calendar", tests, setup_calendar, teardown_calendar);
}
