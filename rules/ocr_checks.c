/*
 * ocr_checks.c — the checks of deadlines read by OCR (see ocr_checks.h).
 *
 * Each check looks at one task's deadline phrase (due_text, as printed) and
 * its computed date; a failed check adds one warning and caps the task's
 * confidence at OCR_CHECK_CONFIDENCE. Dates in the phrase are found in the
 * folded text (rules/normalize.h vn_fold: lower case, no diacritics) as
 * "D/M[/Y]", "D-M-Y", "D.M.Y" and "ngay D thang M [nam Y]".
 */
#include "rules/ocr_checks.h"

#include <glib.h>
#include <string.h>

#include "rules/calendar.h"
#include "rules/normalize.h"

static void flag(struct dd_task *t, char *warning)
{
	g_ptr_array_add(t->warnings, warning);
	if (t->confidence > OCR_CHECK_CONFIDENCE)
		t->confidence = OCR_CHECK_CONFIDENCE;
}

/* ---- unsure words ---------------------------------------------------------- */

/* The mark's word without the punctuation around it ("15/6/2019;" -> "15/6/2019"). */
static char *mark_core(const char *word)
{
	const char *a = word;
	while (*a && strchr("([\"'“,;:.", *a))
		a++;
	size_t n = strlen(a);
	while (n > 0 && strchr(")]\"'”,;:.", a[n - 1]))
		n--;
	return g_strndup(a, n);
}

static void check_unsure_words(const struct dd_doc *doc, struct dd_task *t)
{
	for (size_t i = 0; i < doc->nocr_marks; i++) {
		const struct dd_ocr_mark *m = &doc->ocr_marks[i];
		char *core = mark_core(m->word);
		bool found = *core && strpbrk(core, "0123456789") && strstr(t->due_text, core);
		if (found)
			flag(t, g_strdup_printf("OCR: deadline read with low confidence (\"%s\", %d%%)",
						core, m->conf));
		g_free(core);
		if (found)
			return;
	}
}

/* ---- dates that cannot exist ------------------------------------------------ */

/* Read a number of 1..4 digits at *p; -1 if none. */
static int read_number(const char **p)
{
	int v = 0, n = 0;
	while (**p >= '0' && **p <= '9' && n < 4) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n ? v : -1;
}

/* Skip "thang", "nam" and spaces in "ngay D thang M nam Y". */
static bool skip_word(const char **p, const char *word)
{
	while (**p == ' ')
		(*p)++;
	size_t n = strlen(word);
	if (strncmp(*p, word, n) != 0)
		return false;
	*p += n;
	while (**p == ' ')
		(*p)++;
	return true;
}

/* The date at p in folded ("D/M/Y", "ngay D/M" or "D thang M [nam Y]"):
 * day, month, year (0 if absent); false when p does not start one
 * ("6/2022" is a month, "24/24" a round-the-clock duty). */
static bool read_date(const char *folded, const char *p, int *d, int *m, int *y)
{
	const char *start = p;
	*d = read_number(&p);
	if (*d < 0)
		return false;
	*y = 0;
	if ((*p == '/' || *p == '-' || *p == '.') && p[1] >= '0' && p[1] <= '9') {
		char sep = *p++;
		*m = read_number(&p);
		if (*m >= 100)
			return false;   /* "6/2022": a month and its year */
		if (*p == sep && p[1] >= '0' && p[1] <= '9') {
			p++;
			*y = read_number(&p);
		}
		/* "24/24 giờ" is no date: without a year, only after "ngày" */
		return *y > 0 || (start - folded >= 5 && strncmp(start - 5, "ngay ", 5) == 0);
	}
	if (!skip_word(&p, "thang") || (*m = read_number(&p)) < 0)
		return false;
	if (skip_word(&p, "nam") && (*y = read_number(&p)) < 0)
		*y = 0;
	return true;
}

static bool impossible(int d, int m, int y)
{
	if (m < 1 || m > 12 || d < 1)
		return true;
	int year = y >= 1900 && y <= 2200 ? y : 2024;   /* a leap year: 29/2 is possible */
	return d > date_days_in_month(year, m);
}

static void check_impossible_dates(const char *folded, struct dd_task *t)
{
	for (const char *p = folded; *p; p++) {
		bool start = p == folded || !strchr("0123456789/-.", p[-1]);
		int d, m, y;
		if (start && *p >= '0' && *p <= '9' && read_date(folded, p, &d, &m, &y) &&
		    (y == 0 || (y >= 1900 && y <= 2200)) && impossible(d, m, y)) {
			flag(t, g_strdup("OCR: the deadline names a date that does not exist"));
			return;
		}
	}
}

/* ---- a date before the issue date ------------------------------------------ */

static void check_before_issue(const struct dd_directive *dir, struct dd_task *t)
{
	if (t->due != DD_NO_DATE && dir->issued != DD_NO_DATE && t->due < dir->issued)
		flag(t, g_strdup("OCR: deadline before the issue date, perhaps misread"));
}

/* ---- weekdays --------------------------------------------------------------- */

/* The weekday a folded phrase names (0 = Sunday .. 6 = Saturday), or -1. */
static int named_weekday(const char *folded)
{
	static const struct { const char *name; int day; } DAYS[] = {
		{"thu hai", 1}, {"thu ba", 2}, {"thu tu", 3}, {"thu nam", 4},
		{"thu sau", 5}, {"thu bay", 6}, {"chu nhat", 0},
		{"thu 2", 1}, {"thu 3", 2}, {"thu 4", 3}, {"thu 5", 4}, {"thu 6", 5}, {"thu 7", 6},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(DAYS); i++) {
		const char *hit = strstr(folded, DAYS[i].name);
		size_t n = strlen(DAYS[i].name);
		if (hit && (hit == folded || hit[-1] == ' ' || hit[-1] == '(' || hit[-1] == ',') &&
		    !g_ascii_isalnum(hit[n]))
			return DAYS[i].day;
	}
	return -1;
}

/* The weekday named in the deadline phrase, or just before it in the
 * clause ("trước thứ Hai (14/6/2019)" gives the phrase "14/6/2019"). */
static int phrase_weekday(const char *phrase, const char *clause)
{
	int named = named_weekday(phrase);
	const char *at = *phrase ? strstr(clause, phrase) : NULL;
	if (named < 0 && at) {
		size_t from = at - clause > 16 ? (size_t)(at - clause) - 16 : 0;
		char *before = g_strndup(clause + from, (size_t)(at - clause) - from);
		named = named_weekday(before);
		g_free(before);
	}
	return named;
}

static void check_weekday(const char *phrase, const char *clause, struct dd_task *t)
{
	if (t->due == DD_NO_DATE)
		return;
	int named = phrase_weekday(phrase, clause);
	if (named >= 0 && named != date_weekday(t->due))
		flag(t, g_strdup("OCR: the weekday does not match the deadline's date"));
}

/* ---- all checks -------------------------------------------------------------- */

void ocr_check_tasks(const struct dd_doc *doc, const struct dd_directive *dir,
		     struct dd_task *const *tasks, size_t n)
{
	if (!doc || !dd_doc_has_ocr(doc))
		return;
	for (size_t i = 0; i < n; i++) {
		struct dd_task *t = tasks[i];
		/* a date that cannot exist is refused by the deadline reader:
		 * look for it in the task's clause too */
		char *clause = vn_fold(t->summary ? t->summary : "", NULL);
		size_t warned = t->warnings->len;
		check_impossible_dates(clause, t);
		if (t->due_text && *t->due_text) {
			char *phrase = vn_fold(t->due_text, NULL);
			check_unsure_words(doc, t);
			if (t->warnings->len == warned)
				check_impossible_dates(phrase, t);
			check_before_issue(dir, t);
			check_weekday(phrase, clause, t);
			g_free(phrase);
		}
		g_free(clause);
	}
}
