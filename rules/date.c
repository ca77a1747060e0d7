/* date.c — civil-date arithmetic on day numbers (see calendar.h). */
#include "rules/calendar.h"

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

/* Days from civil date, proleptic Gregorian (H. Hinnant's algorithm). */
dd_date date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const int yoe = y - era * 400;
	const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(dd_date z, int *y, int *m, int *d)
{
	z += 719468;
	const int era = (z >= 0 ? z : z - 146096) / 146097;
	const int doe = z - era * 146097;
	const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const int mp = (5 * doy + 2) / 153;
	const int dd = doy - (153 * mp + 2) / 5 + 1;
	const int mm = mp < 10 ? mp + 3 : mp - 9;
	if (y)
		*y = yoe + era * 400 + (mm <= 2);
	if (m)
		*m = mm;
	if (d)
		*d = dd;
}

int date_weekday(dd_date day)
{
	/* 1970-01-01 was a Thursday (4) */
	int w = (int)((day % 7 + 7 + 4) % 7);
	return w;
}

char *date_format_iso(dd_date day, char *buf)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
	return buf;
}

dd_date date_parse_iso(const char *s)
{
	int y, m, d, n = 0;
	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[10] != '\0')
		return DD_NO_DATE;
	if (!date_valid(y, m, d))
		return DD_NO_DATE;
	return date_from_ymd(y, m, d);
}
