/*
 * ocr_checks.h — deadlines read from OCR'd pages are checked before anyone
 * relies on them.
 *
 * OCR misreads digits ("3O/6" for "30/6", "28/2" for "23/2"). A misread
 * deadline must not pass as a sure one: for a document with pages read by
 * OCR (dd_doc.ocr_pages), each task whose deadline
 *
 *   - holds a word the recogniser was unsure of (dd_doc.ocr_marks),
 *   - names a date that cannot exist ("31/4", "0/5", month 13),
 *   - falls before the document's issue date, or
 *   - names a weekday that is not the date's ("thứ Sáu, ngày 16/6/2023"
 *     when 16/6/2023 is a Friday is fine; "thứ Hai" is not)
 *
 * gets a warning saying so and a confidence of at most 0.5, so that it
 * waits for review. Documents without OCR pages are left untouched.
 */
#ifndef DONDOC_RULES_OCR_CHECKS_H
#define DONDOC_RULES_OCR_CHECKS_H

#include <stddef.h>

#include "parsers/doc.h"
#include "rules/directive.h"

/* Most confidence left to a task whose deadline failed a check. */
#define OCR_CHECK_CONFIDENCE 0.5

/* Check tasks[0..n) of dir, read from doc; called by directive_analyze(). */
void ocr_check_tasks(const struct dd_doc *doc, const struct dd_directive *dir,
		     struct dd_task *const *tasks, size_t n);

#endif
