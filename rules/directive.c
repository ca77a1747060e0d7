/*
 * directive.c — from structured text to a registered directive.
 *
 * Normalizes every block once (rules/normalize.h), gives each list label a
 * level from its shape (so that Word numbering and typed labels nest the
 * same way), reads the header (meta.c) and the body (tasks.c), and computes
 * the registration deadline: the issue date plus `register_within` working
 * days (DOMAIN.md §1.3).
 */
#include "rules/directive.h"

#include <string.h>

#include "parsers/label.h"
#include "rules/directive_priv.h"
#include "rules/normalize.h"
#include "rules/ocr_checks.h"

/* The nesting level a label's shape implies: "I." 0, "1." 1, "a)" 2, "-" 3. */
static int label_level(const char *label)
{
	char *probe = g_strdup_printf("%s x", label);
	int level = 1;
	if (dd_label_len(probe, NULL, &level) == 0)
		level = 1;
	g_free(probe);
	return level;
}

/* A label typed by the author ("a) Sở Xây dựng ...") is split off the text
 * the way a word processor's numbering would be. */
static void split_typed_label(struct dline *l)
{
	const char *rest;
	int level;
	size_t n;
	if (l->label || (n = dd_label_len(l->text, &rest, &level)) == 0)
		return;
	l->label = g_strndup(l->text, n);
	char *text = g_strdup(rest);
	g_free(l->text);
	l->text = text;
}

static void load_lines(struct danalysis *a, const struct dd_doc *doc)
{
	a->lines = g_new0(struct dline, doc->n ? doc->n : 1);
	for (size_t i = 0; i < doc->n; i++) {
		const struct dd_block *b = &doc->blocks[i];
		struct dline *l = &a->lines[a->n];
		l->kind = b->kind;
		if (b->kind == DD_PARA) {
			l->text = vn_normalize(b->text, -1);
			l->label = b->label ? vn_normalize(b->label, -1) : NULL;
			split_typed_label(l);
			if (!*l->text && !l->label) {
				g_free(l->text);
				continue;  /* empty paragraphs carry nothing */
			}
			l->level = l->label ? label_level(l->label) : -1;
		} else if (b->kind == DD_ROW) {
			l->ncells = b->ncells;
			l->table = b->table;
			l->cells = g_new0(char *, b->ncells ? b->ncells : 1);
			for (size_t c = 0; c < b->ncells; c++)
				l->cells[c] = vn_normalize(b->cells[c], -1);
		}
		a->n++;
	}
}

static void free_lines(struct danalysis *a)
{
	for (size_t i = 0; i < a->n; i++) {
		g_free(a->lines[i].text);
		g_free(a->lines[i].label);
		for (size_t c = 0; c < a->lines[i].ncells; c++)
			g_free(a->lines[i].cells[c]);
		g_free(a->lines[i].cells);
	}
	g_free(a->lines);
}

struct dd_directive *directive_analyze(const struct dd_doc *doc, const struct dd_units *units,
                                       const struct dd_calendar *cal, int register_within)
{
	struct dd_directive *dir = g_new0(struct dd_directive, 1);
	dir->issued = DD_NO_DATE;
	dir->register_by = DD_NO_DATE;
	dir->recipients = g_ptr_array_new_with_free_func(g_free);
	dir->warnings = g_ptr_array_new_with_free_func(g_free);

	struct danalysis a = {0};
	a.units = units;
	a.cal = cal;
	a.dir = dir;
	a.tasks = g_ptr_array_new();
	load_lines(&a, doc);
	meta_analyze(&a);
	tasks_analyze(&a);
	ocr_check_tasks(doc, dir, (struct dd_task *const *)a.tasks->pdata, a.tasks->len);

	dir->ntasks = a.tasks->len;
	dir->tasks = g_new0(struct dd_task, dir->ntasks ? dir->ntasks : 1);
	for (size_t i = 0; i < dir->ntasks; i++) {
		struct dd_task *t = g_ptr_array_index(a.tasks, i);
		dir->tasks[i] = *t;
		g_free(t);
	}
	g_ptr_array_free(a.tasks, TRUE);
	free_lines(&a);

	if (dir->issued != DD_NO_DATE && cal)
		dir->register_by = calendar_add_workdays(cal, dir->issued, register_within);
	return dir;
}

void task_clear(struct dd_task *t)
{
	g_ptr_array_free(t->lead, TRUE);
	g_ptr_array_free(t->support, TRUE);
	g_ptr_array_free(t->warnings, TRUE);
	g_free(t->due_text);
	g_free(t->summary);
}

void directive_free(struct dd_directive *dir)
{
	if (!dir)
		return;
	g_free(dir->number);
	g_free(dir->type);
	g_free(dir->issuer);
	g_free(dir->place);
	g_free(dir->subject);
	g_free(dir->signer);
	g_free(dir->urgency);
	g_ptr_array_free(dir->recipients, TRUE);
	g_ptr_array_free(dir->warnings, TRUE);
	for (size_t i = 0; i < dir->ntasks; i++)
		task_clear(&dir->tasks[i]);
	g_free(dir->tasks);
	g_free(dir);
}
