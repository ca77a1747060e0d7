/*
 * template.h — the outbound mail templates (mailtemplates/): one template
 * per message kind, each a text part (<kind>.txt, whose first line is
 * "Subject: ...") and an HTML part (<kind>.html).
 *
 * The language is small on purpose:
 *
 *   {{ name }}  {{ t.field }}                 a value (a string)
 *   {% for t in tasks %} ... {% endfor %}     once per record of a list
 *   {% if name %} ... {% else %} ... {% endif %}
 *                                             a non-empty string or list is true
 *
 * Every value is made safe for where it goes: escaped (& < > " ') in the
 * HTML part, stripped of control characters in the text part, and stripped
 * of CR/LF in the subject (no header injection). The names a template may
 * use are fixed (see the vocabulary in template.c), so a typo is found when
 * the set is loaded: every error names the file and the line,
 * "overdue.html:12: unclosed {% for %}".
 *
 * The values come from documents and mail: loops, nesting and the output
 * size are bounded.
 */
#ifndef DONDOC_TEMPLATE_H
#define DONDOC_TEMPLATE_H

#include <glib.h>
#include <stdbool.h>

/* The message kinds; each is the file name of its two parts. */
enum template_kind {
	TMPL_ASSIGNMENT,     /* "assignment": a new task is assigned */
	TMPL_REMINDER,       /* "reminder": the due date is near */
	TMPL_DUE_TODAY,      /* "due_today" */
	TMPL_OVERDUE,        /* "overdue" */
	TMPL_ESCALATION,     /* "escalation": overdue, leaders copied */
	TMPL_STATUS_REQUEST, /* "status_request": periodic report request */
	TMPL_ACK,            /* "ack": acknowledgement to the submitter */
	TMPL_REPLY_CONFIRM,  /* "reply_confirm": a unit's reply was recorded */
	TMPL_QUARANTINE,     /* "quarantine": a message could not be registered */
	TMPL_NKINDS
};

/* "overdue" for TMPL_OVERDUE; NULL for an invalid kind. */
const char *template_kind_name(enum template_kind kind);

/* ---- values: a tree of strings and lists of records ---- */

typedef struct tvalue tvalue;

/* A new, empty record (the root of a value tree); free it with tv_free. */
tvalue *tv_new_record(void);
/* Frees a record and everything under it. NULL is allowed. */
void tv_free(tvalue *v);
/* Sets record field `name` to a copy of `value` (NULL means ""). */
void tv_set_string(tvalue *rec, const char *name, const char *value);
/* Sets `name` to "1" or "" — the form {% if name %} tests. */
void tv_set_bool(tvalue *rec, const char *name, bool value);
/* Appends a new empty record to list field `name` (created if absent) and
 * returns it; the record belongs to `rec`. */
tvalue *tv_add_list_item(tvalue *rec, const char *name);

/* ---- template sets ---- */

typedef struct template_set template_set;

/* Loads every kind's .txt and .html from `dir`. NULL and `error` set
 * ("dir/overdue.html:12: unclosed {% for %}") if one is missing or wrong. */
template_set *template_set_load(const char *dir, GError **error);
/* NULL is allowed. */
void template_set_free(template_set *set);
/* SIGHUP: loads `dir` again. On success *set is replaced (the old one is
 * freed); on error *set is kept in use, untouched, and false is returned. */
bool template_set_reload(template_set **set, const char *dir, GError **error);

/* Renders `kind` with `values`: *subject (one line), *text and *html, all
 * UTF-8, to be freed with g_free. False and `error` set on a value missing
 * or of the wrong type, or an output too large; then nothing is returned. */
bool template_render(const template_set *set, enum template_kind kind, const tvalue *values,
                     char **subject, char **text, char **html, GError **error);

#endif
