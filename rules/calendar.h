/*
 * calendar.h — dates, the Vietnamese lunar calendar and working days.
 *
 * A date is a day number: days since 1970-01-01 (negative before). Pure
 * arithmetic, no time zone: every date here is a local date in
 * Asia/Ho_Chi_Minh.
 *
 * The working-day calendar knows weekends (Saturday, Sunday), the official
 * days off and the Saturdays worked in exchange ("làm bù"). The official
 * schedules 2018–2026 (data/holidays.txt) are compiled in; files loaded
 * later add lines on top. A year that has at least one line (built-in or
 * loaded) takes exactly its lines plus the weekends; a year without any gets
 * the built-in rules ("provisional"): 1/1; Tết, 5 weekdays off from giao
 * thừa (the day before Tết) through mùng 4, a weekend day among those five
 * replaced by the next weekday; Giỗ Tổ 10/3 lunar; 30/4; 1/5; 2/9 and, from
 * 2021, one adjacent day (3/9 when 2/9 is a Monday, Thursday or Sunday, else
 * 1/9); a holiday on a weekend (or on another holiday) gives a compensatory
 * day off on the next working day.
 *
 * Threads: the per-year day tables are built lazily behind the const
 * pointer, under a mutex, and published atomically, so any number of
 * threads may call the const functions at once. Loading files and
 * calendar_set_day need exclusive access (no reader at the same time).
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
/* "2019-05-29" into buf (at least 11 bytes); returns buf. A day outside
 * years 0..9999 (DD_NO_DATE too) gives "0000-00-00". */
char *date_format_iso(dd_date day, char *buf);
/* Parse exactly "YYYY-MM-DD" (nothing before or after); DD_NO_DATE when
 * it is not a valid date. */
dd_date date_parse_iso(const char *s);

/* Lunar calendar (Hồ Ngọc Đức's algorithm, time zone UTC+7), lunar years
 * 2..9997 (exact for about 1800–2200). lunar_to_solar gives DD_NO_DATE for a
 * day the month does not have (30 of a 29-day month) or a leap month the
 * year does not have. */
dd_date lunar_to_solar(int lday, int lmonth, int lyear, bool leap);
/* Solar → lunar; any output pointer may be NULL; all 0 outside the range. */
void solar_to_lunar(dd_date day, int *lday, int *lmonth, int *lyear, bool *leap);
dd_date lunar_tet(int year);               /* 1/1 lunar of the lunar year starting in `year` */
int lunar_leap_month(int lunar_year);      /* 0 when none */

struct dd_calendar;

/* Errors of the holidays file: DD_CALENDAR_ERROR_PARSE, message
 * "NAME:LINE: what 'token'" (e.g. "holidays.txt:12: bad date '2019-13-01'").
 * calendar_load_file passes on G_FILE_ERROR when the file cannot be read. */
#define DD_CALENDAR_ERROR (dd_calendar_error_quark())
GQuark dd_calendar_error_quark(void);
enum dd_calendar_error {
	DD_CALENDAR_ERROR_PARSE,
};

/* A calendar with the official schedules 2018–2026 compiled in
 * (data/holidays.txt) and the built-in rules for every other year. */
struct dd_calendar *calendar_new(void);
/* A calendar with no line at all: the built-in rules for every year. */
struct dd_calendar *calendar_new_rules_only(void);
void calendar_free(struct dd_calendar *cal);
/* Holidays file (DESIGN.md): "DATE[..DATE] off|work [comment]" a line, '#'
 * comments (a '#' at the start of a word), blank lines; CRLF, tabs and a
 * UTF-8 BOM accepted. A range needs A <= B and at most 366 days. Errors name
 * the line; a file with an error changes nothing. Later lines override
 * earlier ones (and the built-in schedules) for the same day. `name` labels
 * error messages (NULL: "<text>"). */
bool calendar_load_file(struct dd_calendar *cal, const char *path, GError **error);
bool calendar_load_text(struct dd_calendar *cal, const char *text, const char *name, GError **error);
/* Set one day by hand ("workdays add"): laid on top of whatever else
 * decides its year (lines or the built-in rules), which stay in force for
 * the other days — adding 24/11 to a provisional year keeps its Tết.
 * `why` is copied (may be NULL). Days outside years 1..9999 are ignored. */
void calendar_set_day(struct dd_calendar *cal, dd_date day, bool working, const char *why);
/* True when `year` has no line and so follows the built-in rules. */
bool calendar_year_is_provisional(const struct dd_calendar *cal, int year);

bool calendar_is_workday(const struct dd_calendar *cal, dd_date day);
/* The n-th working day after `from` (from itself not counted); n == 0
 * returns from; n < 0 gives the |n|-th working day before `from`.
 * DD_NO_DATE when `from` is DD_NO_DATE or the result leaves years 1..9999.
 * Cost: a few operations per year crossed (per-year bitmaps). */
dd_date calendar_add_workdays(const struct dd_calendar *cal, dd_date from, int n);
/* Working days in (from, to]: 0 when to <= from. */
int calendar_workdays_between(const struct dd_calendar *cal, dd_date from, dd_date to);
/* The first working day on or after `day`. */
dd_date calendar_next_workday(const struct dd_calendar *cal, dd_date day);

/* The non-working weekdays and worked Saturdays of one year, in date order,
 * for "holidays list". Returns the count; *days and *why (parallel arrays,
 * why[i] may be NULL; *working[i] true for a worked Saturday) are newly
 * allocated: free with g_free (the strings inside *why belong to the calendar).
 * Any output pointer may be NULL; with a count of 0 the arrays are NULL. */
size_t calendar_list_year(const struct dd_calendar *cal, int year, dd_date **days,
                          bool **working, const char ***why);

#endif
