/*
 * clock.h — the one clock.
 *
 * Every notion of "now" in ingestion, scheduling, replies and digests comes
 * from clock_now(). Production leaves it on the system clock; tests and
 * `--now ISO8601` set it. Local dates are in Asia/Ho_Chi_Minh (UTC+7, no
 * daylight saving since 1975).
 */
#ifndef DONDOC_DAEMON_CLOCK_H
#define DONDOC_DAEMON_CLOCK_H

#include <glib.h>
#include <stdbool.h>

#include "rules/calendar.h"

#define DD_TZ_OFFSET (7 * 3600)   /* Asia/Ho_Chi_Minh */

/* Seconds since the epoch (UTC): the set moment, or the system clock. */
gint64 clock_now(void);
/* Fix the clock at `unix_seconds` (tests, --now). */
void clock_set(gint64 unix_seconds);
/* Parse "2026-12-01T08:05:00+07:00", "2026-12-01T01:05:00Z" or
 * "2026-12-01" (local midnight); false when malformed. */
bool clock_parse_iso(const char *s, gint64 *out);
/* The local (UTC+7) date of a moment. */
dd_date clock_local_date(gint64 unix_seconds);
/* "2026-12-01T08:05:00+07:00" for a moment; caller frees. */
char *clock_format_iso(gint64 unix_seconds);

#endif
