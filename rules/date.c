/*
 * date.c — civil-date arithmetic on day numbers (see calendar.h).
 *
 * A dd_date counts days from 1970-01-01 in the proleptic Gregorian
 * calendar. The conversions are Howard Hinnant's "days from civil"
 * algorithms (public-domain descriptions, rewritten here): they work on
 * 400-year eras of 146097 days, with years starting on 1 March so that the
 * leap day is the last day of a year. Valid dates are years 1..9999.
 */
#include "rules/calendar.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

bool date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_days_in_month(y, m);
}

int date_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Days from civil date, proleptic Gregorian. */
dd_date date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const int yoe = y - era * 400;                                 /* [0, 399] */
	const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
	const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

/* Civil date from days; 64-bit inside so that any dd_date is safe. */
void date_to_ymd(dd_date day, int *y, int *m, int *d)
{
	const int64_t z = (int64_t)day + 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const int64_t doe = z - era * 146097;
	const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const int64_t mp = (5 * doy + 2) / 153;
	const int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	const int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
	if (y)
		*y = (int)(yoe + era * 400 + (mm <= 2));
	if (m)
		*m = mm;
	if (d)
		*d = dd;
}

int date_weekday(dd_date day)
{
	/* 1970-01-01 was a Thursday (4) */
	return (int)((day % 7 + 7 + 4) % 7);
}

char *date_format_iso(dd_date day, char *buf)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		strcpy(buf, "0000-00-00"); /* outside years 0..9999 */
		return buf;
	}
	snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
	return buf;
}

/* The value of `n` ASCII digits at s, or -1 when one is not a digit. */
static int parse_digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

dd_date date_parse_iso(const char *s)
{
	/* exactly "DDDD-DD-DD": no sign, no spaces, nothing after */
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return DD_NO_DATE;
	const int y = parse_digits(s, 4);
	const int m = parse_digits(s + 5, 2);
	const int d = parse_digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !date_valid(y, m, d))
		return DD_NO_DATE;
	return date_from_ymd(y, m, d);
}
