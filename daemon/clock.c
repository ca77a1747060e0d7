/*
 * clock.c — the one clock (see clock.h).
 *
 * clock_now() is the only place in the daemon that reads the system clock;
 * `--now` and the tests fix it with clock_set(). Local dates are UTC+7
 * (Asia/Ho_Chi_Minh has kept that offset, with no daylight saving, since
 * 1975), so turning a moment into a local date is plain arithmetic.
 */
#include "daemon/clock.h"

#include <stdio.h>
#include <string.h>

static bool fixed;
static gint64 fixed_at;

gint64 clock_now(void)
{
	if (fixed)
		return fixed_at;
	return g_get_real_time() / G_USEC_PER_SEC;
}

void clock_set(gint64 unix_seconds)
{
	fixed = true;
	fixed_at = unix_seconds;
}

/* Division rounding towards minus infinity (moments before 1970). */
static gint64 floor_div(gint64 a, gint64 b)
{
	gint64 q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

dd_date clock_local_date(gint64 unix_seconds)
{
	return (dd_date)floor_div(unix_seconds + DD_TZ_OFFSET, 86400);
}

char *clock_format_iso(gint64 unix_seconds)
{
	gint64 local = unix_seconds + DD_TZ_OFFSET;
	gint64 secs = local - floor_div(local, 86400) * 86400;
	int y, m, d;

	date_to_ymd(clock_local_date(unix_seconds), &y, &m, &d);
	return g_strdup_printf("%04d-%02d-%02dT%02d:%02d:%02d+07:00", y, m, d, (int)(secs / 3600),
	                       (int)(secs / 60 % 60), (int)(secs % 60));
}

/* "HH:MM:SS" then "Z", "+HH:MM", "+HHMM" or nothing (local time). */
static bool parse_time_of_day(const char *s, gint64 *secs_out, gint64 *offset_out)
{
	int hh, mm, ss, n = 0;
	if (sscanf(s, "%2d:%2d:%2d%n", &hh, &mm, &ss, &n) != 3 || n != 8)
		return false;
	if (hh > 23 || mm > 59 || ss > 60 || hh < 0 || mm < 0 || ss < 0)
		return false;
	s += n;
	gint64 offset = DD_TZ_OFFSET;
	if (strcmp(s, "Z") == 0) {
		offset = 0;
	} else if (*s == '+' || *s == '-') {
		int oh, om, k = 0;
		if ((sscanf(s + 1, "%2d:%2d%n", &oh, &om, &k) != 2 || k != 5) &&
		    (sscanf(s + 1, "%2d%2d%n", &oh, &om, &k) != 2 || k != 4))
			return false;
		if (s[1 + k] != '\0' || oh > 14 || om > 59)
			return false;
		offset = (oh * 3600 + om * 60) * (*s == '-' ? -1 : 1);
	} else if (*s) {
		return false;
	}
	*secs_out = hh * 3600 + mm * 60 + ss;
	*offset_out = offset;
	return true;
}

bool clock_parse_iso(const char *s, gint64 *out)
{
	if (!s || strlen(s) < 10)
		return false;
	char day[11];
	memcpy(day, s, 10);
	day[10] = '\0';
	dd_date d = date_parse_iso(day);
	if (d == DD_NO_DATE)
		return false;

	gint64 secs = 0, offset = DD_TZ_OFFSET;
	if (s[10] != '\0' && !((s[10] == 'T' || s[10] == ' ') && parse_time_of_day(s + 11, &secs, &offset)))
		return false;
	*out = (gint64)d * 86400 + secs - offset;
	return true;
}
