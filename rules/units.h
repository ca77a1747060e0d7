/*
 * units.h — the unit directory (units.csv) and finding units in text.
 *
 * units.csv (corpus FORMAT.md): id,name,aliases,emails,groups with RFC 4180
 * quoting; ids starting with '@' are groups. A unit's namespace is the part
 * of its id before the first '-' (without the '@' of a group): "BG-STC" and
 * "@BG-so-ban-nganh" are both in namespace "BG". A directory covering
 * several provinces keeps each province in its own namespace; the units of
 * one document are resolved within its issuer's namespace.
 *
 * Matching works on folded text (normalize.h vn_fold): case-, diacritic-
 * and spacing-aware ("SỞ TÀI CHÍNH", "Sở Tài Chính", "Sở KH & ĐT" all
 * match), on word boundaries, longest match first.
 */
#ifndef DONDOC_RULES_UNITS_H
#define DONDOC_RULES_UNITS_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

struct dd_unit {
	char *id;
	char *name;
	char **aliases;   /* NULL-terminated */
	char **emails;    /* NULL-terminated */
	char **groups;    /* NULL-terminated group ids this unit belongs to */
	char *ns;         /* namespace, see above ("" when the id has no '-') */
	bool is_group;
};

struct dd_units;

struct dd_units *units_load_file(const char *path, GError **error);
/* `name` is used in error messages ("units.csv:12: ..."). */
struct dd_units *units_load_text(const char *csv, size_t len, const char *name, GError **error);
void units_free(struct dd_units *units);

size_t units_count(const struct dd_units *units);
const struct dd_unit *units_get(const struct dd_units *units, size_t i);
const struct dd_unit *units_by_id(const struct dd_units *units, const char *id);
/* Members of a group (units whose groups list it); returns count, fills up to max. */
size_t units_members(const struct dd_units *units, const char *group_id,
                     const struct dd_unit **out, size_t max);

/* Added by the units module. Problems that do not stop loading, one
 * message each, NULL-terminated, owned by the directory: a name or alias
 * that two units of one namespace share ("units.csv:40: 'Sở TC' of BG-X
 * also names BG-STC in namespace 'BG'; BG-STC is taken"): units_find
 * then takes the first of them in the file. */
const char *const *units_warnings(const struct dd_units *units);

/* The namespace a document belongs to, from its header text (issuer lines,
 * place): the namespace whose units' names and aliases match it best.
 * NULL when nothing matches. The string belongs to the directory. */
const char *units_guess_namespace(const struct dd_units *units, const char *header_text);

struct dd_unit_match {
	const struct dd_unit *unit;
	size_t start, end;   /* byte offsets in the folded text searched */
};

/* Every unit mention in `folded` (vn_fold output), left to right, not
 * overlapping, the longest alias winning at each place. When an alias is
 * shared by units of several namespaces the one in `ns` wins; a mention
 * that stays ambiguous (several candidates, none in ns) is skipped.
 * ns may be NULL. Returns the number found (writes at most max). */
size_t units_find(const struct dd_units *units, const char *folded, const char *ns,
                  struct dd_unit_match *out, size_t max);

/* Added by the units module. units_find on text as vn_normalize() left it
 * (not folded): folds it itself and reports start/end as byte offsets in
 * `text`. It also checks what folded text cannot show: an alias written
 * in the directory as one all-capitals word ("STC", "SYT", "SKHĐT",
 * "VPUBND") matches only where the text writes it in capitals too, so a
 * lower-case word that happens to fold the same is not taken for a unit.
 * (units_find accepts such acronyms in any case, as whole tokens only.)
 * A title before a unit ("Giám đốc Sở Tài chính") is not part of the
 * match in either function. A list under a plural head names each of its
 * units ("UBND các huyện: Đức Thọ, Can Lộc và thị xã Hồng Lĩnh" gives the
 * three UBND; the first match spans "UBND các huyện: Đức Thọ", the others
 * their own names), in both functions. */
size_t units_find_text(const struct dd_units *units, const char *text, const char *ns,
                       struct dd_unit_match *out, size_t max);

#endif
