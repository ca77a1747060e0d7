/*
 * lunar.c — the Vietnamese lunar calendar (see calendar.h, DOMAIN.md §4.2).
 *
 * The method is Hồ Ngọc Đức's astronomical one, for the time zone UTC+7:
 *
 *   - dates are handled as Julian day numbers (JDN); a dd_date converts by
 *     adding the JDN of 1970-01-01 (proleptic Gregorian calendar throughout);
 *   - the k-th new moon after the one of 1900-01-01 comes from a truncated
 *     Meeus series; the lunar month starts on the local (UTC+7) day of it;
 *   - the sun's longitude at local midnight, cut into 12 sectors of 30°,
 *     gives the principal term (trung khí) of a day;
 *   - month 11 is the lunar month that contains the winter solstice;
 *   - from one month 11 to the next there are 12 or 13 months; with 13, the
 *     first month after month 11 that contains no principal term (its first
 *     day and the next month's first day are in the same sector) is the
 *     leap month and repeats the number of the month before it.
 *
 * Everything below works on a "cycle": the months from the month 11 that
 * starts in solar year Y to the month 11 of solar year Y+1. It holds the
 * months 11 and 12 of lunar year Y and the months 1..10 of lunar year Y+1
 * (plus a leap month when there is one). Each public function builds the one
 * or two cycles it needs; that takes a few dozen sines, so nothing is cached.
 *
 * Results are exact for the years the algorithm is meant for (about
 * 1800–2200); far outside, the series and ΔT drift and results are only
 * approximate (but still well-formed).
 */
#include "rules/calendar.h"

#include <math.h>

#define TZ_HOURS 7.0
#define JDN_1970_01_01 2440588L      /* Julian day number of dd_date 0 */
#define SYNODIC_MONTH 29.530588853   /* mean days between new moons */
#define NEW_MOON_1900 2415021.076998695 /* JD of the mean new moon of k = 0 */
#define DEG (M_PI / 180.0)

/* The months of one cycle (see the file comment). */
struct cycle {
	int count;          /* 12 or 13 months */
	long start[14];     /* JDN of the first day of each month; start[count] = next month 11 */
	int month[13];      /* lunar month number of each */
	bool leap[13];      /* true for the leap month */
	int year[13];       /* lunar year it belongs to */
};

/* Julian date (days, fractional) of the k-th new moon, Universal Time. */
static double new_moon_jd(int k)
{
	const double t = k / 1236.85;   /* Julian centuries from 1900-01-01 */
	const double t2 = t * t;
	const double t3 = t2 * t;

	double jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
	jd += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * DEG);

	const double sun_anomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * DEG;
	const double moon_anomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * DEG;
	const double latitude_arg = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * DEG;

	/* periodic corrections, one term a line */
	const double c = (0.1734 - 0.000393 * t) * sin(sun_anomaly)
	               + 0.0021 * sin(2 * sun_anomaly)
	               - 0.4068 * sin(moon_anomaly)
	               + 0.0161 * sin(2 * moon_anomaly)
	               - 0.0004 * sin(3 * moon_anomaly)
	               + 0.0104 * sin(2 * latitude_arg)
	               - 0.0051 * sin(sun_anomaly + moon_anomaly)
	               - 0.0074 * sin(sun_anomaly - moon_anomaly)
	               + 0.0004 * sin(2 * latitude_arg + sun_anomaly)
	               - 0.0004 * sin(2 * latitude_arg - sun_anomaly)
	               - 0.0006 * sin(2 * latitude_arg + moon_anomaly)
	               + 0.0010 * sin(2 * latitude_arg - moon_anomaly)
	               + 0.0005 * sin(2 * moon_anomaly + sun_anomaly);

	/* ΔT (TT − UT) in days, two polynomial fits split at 1800 */
	double delta_t;
	if (t < -11)
		delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3;
	else
		delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;

	return jd + c - delta_t;
}

/* JDN of the local day (UTC+7) on which the k-th new moon falls. */
static long new_moon_day(int k)
{
	return (long)floor(new_moon_jd(k) + 0.5 + TZ_HOURS / 24.0);
}

/* Index k of the new moon that begins on or nearest to day `jdn`. */
static int new_moon_index(long jdn)
{
	return (int)floor((jdn - NEW_MOON_1900) / SYNODIC_MONTH + 0.5);
}

/* Sector 0..11 (30° each) of the sun's apparent longitude at the local
 * midnight that starts day `jdn`. */
static int sun_sector(long jdn)
{
	const double t = (jdn - 0.5 - TZ_HOURS / 24.0 - 2451545.0) / 36525.0; /* centuries from J2000 */
	const double t2 = t * t;
	const double mean_anomaly = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * DEG;
	const double mean_longitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
	double centre = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(mean_anomaly);
	centre += (0.019993 - 0.000101 * t) * sin(2 * mean_anomaly) + 0.000290 * sin(3 * mean_anomaly);

	double longitude = fmod(mean_longitude + centre, 360.0);
	if (longitude < 0)
		longitude += 360.0;
	int sector = (int)(longitude / 30.0);
	return sector > 11 ? 11 : sector;
}

/* JDN of the first day of the month 11 that starts in solar year `year`
 * (the month containing that year's winter solstice). */
static long month11_start(int year)
{
	/* a new moon shortly before the end of the year (the reference
	 * method's own estimate, kept as is so that results agree with it) */
	const long dec31 = date_from_ymd(year, 12, 31) + JDN_1970_01_01;
	const int k = (int)floor((dec31 - 2415021) / SYNODIC_MONTH);
	const long start = new_moon_day(k);
	/* The sun already at 270° or more when this month begins means the
	 * solstice fell in the month before. */
	if (sun_sector(start) >= 9)
		return new_moon_day(k - 1);
	return start;
}

/* The offset (1..12) in a 13-month cycle of the first month without a
 * principal term. */
static int leap_offset(const struct cycle *c)
{
	for (int i = 1; i < 13; i++)
		if (sun_sector(c->start[i]) == sun_sector(c->start[i + 1]))
			return i;
	return 12; /* not reached for real years; keep the cycle well-formed */
}

/* Fill `c` with the months from month 11 of solar year `year` to the next. */
static void cycle_build(int year, struct cycle *c)
{
	const long a11 = month11_start(year);
	const long b11 = month11_start(year + 1);
	const int k = new_moon_index(a11);

	c->count = b11 - a11 > 365 ? 13 : 12;
	c->start[0] = a11;
	for (int i = 1; i < c->count; i++)
		c->start[i] = new_moon_day(k + i);
	c->start[c->count] = b11;

	const int leap_at = c->count == 13 ? leap_offset(c) : -1;
	int number = 10;      /* the month before month 11 */
	int lunar_year = year;
	for (int i = 0; i < c->count; i++) {
		const bool leap = i == leap_at;
		if (!leap) {
			number = number == 12 ? 1 : number + 1;
			if (number == 1)
				lunar_year = year + 1;
		}
		c->month[i] = number;
		c->leap[i] = leap;
		c->year[i] = lunar_year;
	}
}

/* The lunar years whose computation stays inside int and dd_date. */
static bool lunar_year_supported(int year)
{
	return year >= 2 && year <= 9997;
}

dd_date lunar_to_solar(int lday, int lmonth, int lyear, bool leap)
{
	if (!lunar_year_supported(lyear) || lmonth < 1 || lmonth > 12 || lday < 1 || lday > 30)
		return DD_NO_DATE;

	struct cycle c;
	cycle_build(lmonth >= 11 ? lyear : lyear - 1, &c);
	for (int i = 0; i < c.count; i++) {
		if (c.month[i] != lmonth || c.leap[i] != leap || c.year[i] != lyear)
			continue;
		if (lday > c.start[i + 1] - c.start[i])
			return DD_NO_DATE; /* day 30 of a 29-day month */
		return (dd_date)(c.start[i] + lday - 1 - JDN_1970_01_01);
	}
	return DD_NO_DATE; /* a leap month that this year does not have */
}

void solar_to_lunar(dd_date day, int *lday, int *lmonth, int *lyear, bool *leap)
{
	int y;
	date_to_ymd(day, &y, NULL, NULL);
	int out_day = 0, out_month = 0, out_year = 0;
	bool out_leap = false;

	if (lunar_year_supported(y)) {
		const long jdn = (long)day + JDN_1970_01_01;
		struct cycle c;
		cycle_build(jdn >= month11_start(y) ? y : y - 1, &c);
		for (int i = 0; i < c.count; i++) {
			if (jdn >= c.start[i] && jdn < c.start[i + 1]) {
				out_day = (int)(jdn - c.start[i]) + 1;
				out_month = c.month[i];
				out_year = c.year[i];
				out_leap = c.leap[i];
				break;
			}
		}
	}
	if (lday)
		*lday = out_day;
	if (lmonth)
		*lmonth = out_month;
	if (lyear)
		*lyear = out_year;
	if (leap)
		*leap = out_leap;
}

dd_date lunar_tet(int year)
{
	return lunar_to_solar(1, 1, year, false);
}

int lunar_leap_month(int lunar_year)
{
	if (!lunar_year_supported(lunar_year))
		return 0;
	/* Months 1..10 of the year sit in the cycle that starts the year before;
	 * months 11 and 12 in the cycle that starts in the year itself. */
	for (int from = lunar_year - 1; from <= lunar_year; from++) {
		struct cycle c;
		cycle_build(from, &c);
		for (int i = 0; i < c.count; i++)
			if (c.leap[i] && c.year[i] == lunar_year)
				return c.month[i];
	}
	return 0;
}
