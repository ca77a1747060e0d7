/*
 * directive.h — what a directive says: its metadata and its tasks.
 *
 * directive_analyze() reads the structured text of one document (from any
 * reader) with the unit directory and the working-day calendar, and returns
 * what an office specialist would register: the document's number, type,
 * issuer, place, issue date, subject, signer and addressees, and one task
 * per assignment (lead units, cooperating units, deadline, summary,
 * confidence). A pure function of its inputs: no I/O, no clock.
 */
#ifndef DONDOC_RULES_DIRECTIVE_H
#define DONDOC_RULES_DIRECTIVE_H

#include <glib.h>
#include <stddef.h>

#include "parsers/doc.h"
#include "rules/calendar.h"
#include "rules/deadline.h"
#include "rules/units.h"

struct dd_task {
	GPtrArray *lead;        /* unit ids (char *), groups kept as groups */
	GPtrArray *support;     /* unit ids (char *) */
	enum dd_due_kind due_kind;
	dd_date due;            /* DD_NO_DATE for ongoing and none */
	char *due_text;         /* the deadline phrase as printed, "" if none */
	char *summary;          /* the clause, shortened */
	double confidence;      /* 0..1 */
	GPtrArray *warnings;    /* char *: why a person should look at it */
};

struct dd_directive {
	char *number;           /* "86/VP-THCB", NULL if not found */
	char *type;             /* "công văn", "quyết định", ... */
	char *issuer;           /* as the header names it */
	char *place;
	dd_date issued;         /* DD_NO_DATE if not found */
	dd_date register_by;    /* issued + register_within working days */
	char *subject;
	char *signer;
	char *urgency;          /* "Hỏa tốc", "Thượng khẩn", "Khẩn" or NULL */
	GPtrArray *recipients;  /* "Kính gửi" addressees (char *) */
	struct dd_task *tasks;
	size_t ntasks;
	GPtrArray *warnings;    /* char *: document-level warnings */
};

struct dd_directive *directive_analyze(const struct dd_doc *doc, const struct dd_units *units,
                                       const struct dd_calendar *cal, int register_within);
void directive_free(struct dd_directive *dir);

#endif
