/*
 * directive_priv.h — shared between the parts of the directive analysis
 * (directive.c orchestrates, meta.c reads the header and marks the
 * non-body lines, tasks.c finds the assignments). Not a public interface.
 */
#ifndef DONDOC_RULES_DIRECTIVE_PRIV_H
#define DONDOC_RULES_DIRECTIVE_PRIV_H

#include <stdbool.h>

#include "rules/directive.h"

/* One block of the document after normalization. */
struct dline {
	enum dd_kind kind;
	char *label;        /* DD_PARA: list label or NULL */
	int level;          /* nesting level from the label's shape */
	char *text;         /* DD_PARA: normalized text */
	char **cells;       /* DD_ROW: normalized cells */
	size_t ncells;
	int table;
	bool skip;          /* header, addressees, signature, "Nơi nhận": not body */
};

struct danalysis {
	struct dline *lines;
	size_t n;
	const struct dd_units *units;
	const struct dd_calendar *cal;
	const char *ns;                 /* the document's unit namespace, or NULL */
	struct dd_directive *dir;
	GPtrArray *tasks;               /* struct dd_task * being built */
	GPtrArray *local_aliases;       /* struct local_alias *: "(sau đây gọi tắt là ...)" */
};

/* meta.c: fill dir's metadata, guess the namespace, mark skipped lines. */
void meta_analyze(struct danalysis *a);

/* tasks.c: append the tasks of the body to a->tasks. */
void tasks_analyze(struct danalysis *a);

/* Free what a task holds (not the task itself). */
void task_clear(struct dd_task *t);

/* Helpers shared by meta.c and tasks.c. */
/* Does folded text `f` start with `word` followed by a non-letter? */
bool fold_starts_word(const char *f, const char *word);
/* Is every letter of the UTF-8 text upper-case (ignoring digits, punctuation)? */
bool text_is_upper(const char *s);

#endif
