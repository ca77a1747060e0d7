/*
 * calendar.h — dates, the Vietnamese lunar calendar and working days.
 *
 * A date is a day number: days since 1970-01-01 (negative before). Pure
 * arithmetic, no time zone: every date here is a local date in
 * Asia/Ho_Chi_Minh.
 *
 * The working-day calendar knows weekends (Saturday, Sunday), the official
 * days off and the Saturdays worked in exchange ("làm bù"). A year that has
 * lines in the holidays file takes exactly those lines; a year without gets
 * the built-in rules: 1/1, Tết (5 days: the day before Tết and 4 after),
 * Giỗ Tổ 10/3 lunar, 30/4, 1/5, 2/9 plus an adjacent day from 2021, and a
 * compensatory weekday after a holiday that falls on a weekend.
 */
#ifndef DONDOC_RULES_CALENDAR_H
#define DONDOC_RULES_CALENDAR_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef int32_t dd_date;
#define DD_NO_DATE INT32_MIN

bool date_valid(int y, int m, int d);
dd_date date_from_ymd(int y, int m, int d);          /* caller checks date_valid */
void date_to_ymd(dd_date day, int *y, int *m, int *d);
int date_weekday(dd_date day);                       /* 0 = Sunday .. 6 = Saturday */
int date_days_in_month(int y, int m);
/* "2019-05-29" into buf (at least 11 bytes); returns buf. */
char *date_format_iso(dd_date day, char *buf);
/* Parse "YYYY-MM-DD"; DD_NO_DATE when it is not a valid date. */
dd_date date_parse_iso(const char *s);

/* Lunar calendar (Hồ Ngọc Đức's algorithm, time zone UTC+7). */
dd_date lunar_to_solar(int lday, int lmonth, int lyear, bool leap);
/* Solar → lunar; any output pointer may be NULL. */
void solar_to_lunar(dd_date day, int *lday, int *lmonth, int *lyear, bool *leap);
dd_date lunar_tet(int year);               /* 1/1 lunar of the lunar year starting in `year` */
int lunar_leap_month(int lunar_year);      /* 0 when none */

struct dd_calendar;

/* A calendar with the built-in rules only. */
struct dd_calendar *calendar_new(void);
void calendar_free(struct dd_calendar *cal);
/* Holidays file (DESIGN.md): "DATE[..DATE] off|work [comment]" a line, '#'
 * comments. Errors name the line. Later lines override earlier ones for the
 * same day. */
bool calendar_load_file(struct dd_calendar *cal, const char *path, GError **error);
bool calendar_load_text(struct dd_calendar *cal, const char *text, const char *name, GError **error);
/* Add one day's rule by hand ("workdays add"). */
void calendar_set_day(struct dd_calendar *cal, dd_date day, bool working, const char *why);

bool calendar_is_workday(const struct dd_calendar *cal, dd_date day);
/* The n-th working day after `from` (from itself not counted); n >= 0.
 * n == 0 returns from. */
dd_date calendar_add_workdays(const struct dd_calendar *cal, dd_date from, int n);
/* Working days in (from, to]: 0 when to <= from. */
int calendar_workdays_between(const struct dd_calendar *cal, dd_date from, dd_date to);
/* The first working day on or after `day`. */
dd_date calendar_next_workday(const struct dd_calendar *cal, dd_date day);

/* The non-working weekdays and worked Saturdays of one year, in date order,
 * for "holidays list". Returns the count; *days and *why (parallel arrays,
 * why[i] may be NULL; *working[i] true for a worked Saturday) are newly
 * allocated: free with g_free (the strings inside *why belong to the calendar). */
size_t calendar_list_year(const struct dd_calendar *cal, int year, dd_date **days,
                          bool **working, const char ***why);

#endif
