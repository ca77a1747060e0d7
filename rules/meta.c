/*
 * meta.c — the header of a directive and the lines that are not its body.
 *
 * NĐ 30/2020 fixes where things are (DOMAIN.md §2.2): the issuer and the
 * national motto side by side, "Số: 86/VP-THCB" under the issuer, the
 * place-and-date line "Tuyên Quang, ngày 29 tháng 5 năm 2019" under the
 * motto, then either a type line in capitals ("KẾ HOẠCH") with the subject
 * below it, or a "V/v ..." subject under the number (a công văn). The
 * readers may hand this over as table rows (DOCX) or as paragraphs in either
 * column order (PDF), so each element is searched for line by line in the
 * first blocks, and the header ends after the last element found.
 *
 * Lines that are not body are marked `skip`: the header, the "Kính gửi"
 * list, the signature block and the "Nơi nhận" list.
 */
#include "rules/directive_priv.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "rules/normalize.h"

#define HEADER_BLOCKS 40   /* the header is within the first blocks */

bool fold_starts_word(const char *f, const char *word)
{
	size_t n = strlen(word);
	return strncmp(f, word, n) == 0 && !isalnum((unsigned char)f[n]);
}

bool text_is_upper(const char *s)
{
	bool letters = false;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_islower(c))
			return false;
		if (g_unichar_isupper(c))
			letters = true;
	}
	return letters;
}

/* A header line: one line of a paragraph or of a table cell. */
struct hline {
	size_t block;
	char *text;
	char *fold;
};

static void add_hlines(GArray *out, size_t block, const char *text)
{
	char **parts = g_strsplit(text, "\n", -1);
	for (char **p = parts; *p; p++) {
		char *t = g_strstrip(g_strdup(*p));
		if (!*t) {
			g_free(t);
			continue;
		}
		struct hline h = {block, t, vn_fold(t, NULL)};
		g_array_append_val(out, h);
	}
	g_strfreev(parts);
}

static GArray *header_lines(const struct danalysis *a)
{
	GArray *hl = g_array_new(FALSE, FALSE, sizeof(struct hline));
	for (size_t i = 0; i < a->n && i < HEADER_BLOCKS; i++) {
		const struct dline *l = &a->lines[i];
		if (l->kind == DD_PARA)
			add_hlines(hl, i, l->text);
		else if (l->kind == DD_ROW)
			for (size_t c = 0; c < l->ncells; c++)
				add_hlines(hl, i, l->cells[c]);
	}
	return hl;
}

static void free_header_lines(GArray *hl)
{
	for (guint i = 0; i < hl->len; i++) {
		g_free(g_array_index(hl, struct hline, i).text);
		g_free(g_array_index(hl, struct hline, i).fold);
	}
	g_array_free(hl, TRUE);
}

/* "Số: 86/VP-THCB" → "86/VP-THCB". */
static char *find_number(const char *text, const char *fold)
{
	if (!fold_starts_word(fold, "so"))
		return NULL;
	const char *p = text + strlen("Số");
	if (strncmp(text, "Số", strlen("Số")) != 0 && strncmp(text, "SỐ", strlen("SỐ")) != 0)
		return NULL;
	while (*p == ' ' || *p == ':' || *p == '.')
		p++;
	if (!isdigit((unsigned char)*p))
		return NULL;
	const char *e = p;
	while (*e && *e != ' ' && *e != ',' && *e != ';')
		e++;
	while (e > p && (e[-1] == '.' || e[-1] == ':'))
		e--;
	return g_strndup(p, e - p);
}

/* Parse "ngày 29 tháng 5 năm 2019" in folded text; returns the offset of
 * "ngay" (or -1) and the date. Spaces between the parts are optional. */
static long find_date_words(const char *f, dd_date *out)
{
	for (const char *p = strstr(f, "ngay"); p; p = strstr(p + 1, "ngay")) {
		int d, m, y, n = 0;
		if (sscanf(p, "ngay %d thang %d nam %d%n", &d, &m, &y, &n) == 3 ||
		    sscanf(p, "ngay%d thang%d nam%d%n", &d, &m, &y, &n) == 3 ||
		    sscanf(p, "ngay %d thang %d nam%d%n", &d, &m, &y, &n) == 3) {
			if (date_valid(y, m, d) && y >= 1945) {
				*out = date_from_ymd(y, m, d);
				return p - f;
			}
		}
	}
	return -1;
}

struct type_word {
	const char *fold;
	const char *name;
};

static const struct type_word TYPE_WORDS[] = {
	{"cong dien", "công điện"},     {"quyet dinh", "quyết định"},
	{"chi thi", "chỉ thị"},         {"thong bao", "thông báo"},
	{"ke hoach", "kế hoạch"},       {"bao cao", "báo cáo"},
	{"to trinh", "tờ trình"},       {"chuong trinh", "chương trình"},
	{"huong dan", "hướng dẫn"},     {"quy che", "quy chế"},
	{"quy dinh", "quy định"},       {"nghi quyet", "nghị quyết"},
	{"phuong an", "phương án"},     {"de an", "đề án"},
	{"thong cao", "thông cáo"},     {"giay moi", "giấy mời"},
	{"cong van", "công văn"},
};

/* A type line: the type word in capitals, alone or followed by more
 * ("THÔNG BÁO KẾT LUẬN"); returns the type name or NULL. */
static const char *find_type_line(const char *text, const char *fold)
{
	if (!text_is_upper(text))
		return NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(TYPE_WORDS); i++)
		if (fold_starts_word(fold, TYPE_WORDS[i].fold) && strlen(fold) < 60)
			return TYPE_WORDS[i].name;
	return NULL;
}

/* The type from the number's symbol: "58/KH-UBND" → kế hoạch. */
static const char *type_from_number(const char *number)
{
	static const struct {
		const char *abbr, *name;
	} ABBR[] = {
		{"QĐ", "quyết định"}, {"CT", "chỉ thị"},      {"TB", "thông báo"},
		{"KH", "kế hoạch"},   {"CĐ", "công điện"},    {"BC", "báo cáo"},
		{"TTr", "tờ trình"},  {"CTr", "chương trình"}, {"HD", "hướng dẫn"},
		{"NQ", "nghị quyết"}, {"QC", "quy chế"},      {"QyĐ", "quy định"},
		{"PA", "phương án"},  {"ĐA", "đề án"},
	};
	const char *slash = strrchr(number, '/');
	if (!slash)
		return NULL;
	slash++;
	size_t n = strcspn(slash, "-");
	for (size_t i = 0; i < G_N_ELEMENTS(ABBR); i++)
		if (strlen(ABBR[i].abbr) == n && strncmp(slash, ABBR[i].abbr, n) == 0)
			return ABBR[i].name;
	return NULL;
}

static bool is_motto(const char *fold)
{
	return strstr(fold, "cong hoa xa hoi") || strstr(fold, "doc lap - tu do") ||
	       strstr(fold, "doc lap-tu do");
}

/* A line that begins the body rather than continuing a subject. */
static bool body_like(const struct dline *l)
{
	if (l->kind != DD_PARA)
		return true;
	if (l->label)
		return true;
	char *f = vn_fold(l->text, NULL);
	size_t n = strlen(f);
	bool body = n > 160 || fold_starts_word(f, "kinh gui") || fold_starts_word(f, "can cu") ||
	            fold_starts_word(f, "thuc hien") || (n && strchr(".:;", f[n - 1]));
	g_free(f);
	return body;
}

static char *join_issuer(GPtrArray *parts)
{
	if (parts->len == 0)
		return NULL;
	if (parts->len == 1)
		return g_strdup(g_ptr_array_index(parts, 0));
	/* "UBND TỈNH TUYÊN QUANG" over "VĂN PHÒNG": the body, then its superior */
	const char *sup = g_ptr_array_index(parts, 0), *body = g_ptr_array_index(parts, 1);
	char *fb = vn_fold(body, NULL);
	bool continues = fold_starts_word(fb, "tinh") || fold_starts_word(fb, "thanh pho") ||
	                 fold_starts_word(fb, "huyen");
	g_free(fb);
	return continues ? g_strdup_printf("%s %s", sup, body) : g_strdup_printf("%s %s", body, sup);
}

/* Issuer: the lines before the motto / number in the first header column. */
static char *find_issuer(struct danalysis *a, GArray *hl)
{
	GPtrArray *parts = g_ptr_array_new();
	for (guint i = 0; i < hl->len && parts->len < 2; i++) {
		struct hline *h = &g_array_index(hl, struct hline, i);
		if (is_motto(h->fold) || fold_starts_word(h->fold, "so") || !text_is_upper(h->text))
			break;
		if (fold_starts_word(h->fold, "hoa toc") || fold_starts_word(h->fold, "khan") ||
		    fold_starts_word(h->fold, "thuong khan"))
			continue;
		g_ptr_array_add(parts, h->text);
		a->lines[h->block].skip = true;
	}
	char *issuer = join_issuer(parts);
	g_ptr_array_free(parts, TRUE);
	return issuer;
}

static const char *find_urgency(GArray *hl)
{
	for (guint i = 0; i < hl->len; i++) {
		struct hline *h = &g_array_index(hl, struct hline, i);
		if (!text_is_upper(h->text) || strlen(h->fold) > 14)
			continue;
		if (fold_starts_word(h->fold, "hoa toc"))
			return "Hỏa tốc";
		if (fold_starts_word(h->fold, "thuong khan"))
			return "Thượng khẩn";
		if (fold_starts_word(h->fold, "khan"))
			return "Khẩn";
	}
	return NULL;
}

/* Subject lines after `from` (a V/v line or a type line). */
static char *collect_subject(struct danalysis *a, GArray *hl, guint from, bool vv,
                             size_t *last_block)
{
	GString *s = g_string_new(NULL);
	for (guint i = from; i < hl->len; i++) {
		struct hline *h = &g_array_index(hl, struct hline, i);
		dd_date dummy;
		if (i > from && (find_date_words(h->fold, &dummy) >= 0 || is_motto(h->fold) ||
		                 fold_starts_word(h->fold, "kinh gui") ||
		                 fold_starts_word(h->fold, "so")))
			break;
		if (!vv && i > from && h->block != g_array_index(hl, struct hline, i - 1).block &&
		    body_like(&a->lines[h->block]))
			break;
		if (vv && i > from && h->block != g_array_index(hl, struct hline, i - 1).block &&
		    a->lines[h->block].kind == DD_PARA && body_like(&a->lines[h->block]))
			break;
		if (s->len)
			g_string_append_c(s, ' ');
		g_string_append(s, h->text);
		*last_block = h->block;
		a->lines[h->block].skip = true;
	}
	return g_string_free(s, s->len == 0);
}

/* Mark "Kính gửi:" and its dash list; collect the addressees. */
static void mark_addressees(struct danalysis *a, size_t from)
{
	for (size_t i = from; i < a->n && i < from + HEADER_BLOCKS; i++) {
		struct dline *l = &a->lines[i];
		if (l->kind != DD_PARA)
			continue;
		char *f = vn_fold(l->text, NULL);
		bool kg = fold_starts_word(f, "kinh gui");
		g_free(f);
		if (!kg)
			continue;
		l->skip = true;
		const char *colon = strchr(l->text, ':');
		if (colon && colon[1])
			g_ptr_array_add(a->dir->recipients, g_strstrip(g_strdup(colon + 1)));
		for (size_t j = i + 1; j < a->n; j++) {
			struct dline *m = &a->lines[j];
			if (m->kind != DD_PARA || !m->label || strcmp(m->label, "-") != 0)
				break;
			m->skip = true;
			g_ptr_array_add(a->dir->recipients, g_strdup(m->text));
		}
		return;
	}
}

/* Signature titles: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH". */
static bool is_signature_title(const char *text, const char *fold)
{
	static const char *const PREFIX[] = {"tm.", "kt.", "tl.", "tuq.", "q."};
	for (size_t i = 0; i < G_N_ELEMENTS(PREFIX); i++)
		if (strncmp(fold, PREFIX[i], strlen(PREFIX[i])) == 0 && text_is_upper(text))
			return true;
	static const char *const TITLE[] = {
		"chu tich", "pho chu tich", "chanh van phong", "pho chanh van phong",
		"giam doc", "pho giam doc", "bo truong", "thu truong", "truong ban",
		"pho truong ban", "cuc truong", "vu truong",
	};
	if (!text_is_upper(text))
		return false;
	for (size_t i = 0; i < G_N_ELEMENTS(TITLE); i++)
		if (strcmp(fold, TITLE[i]) == 0)
			return true;
	return false;
}

/* A person's name: 2 to 6 capitalised words, no digits or punctuation. */
static bool is_person_name(const char *text)
{
	int words = 0;
	bool start = true;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == ' ') {
			start = true;
			continue;
		}
		if (!g_unichar_isalpha(c))
			return false;
		if (start) {
			if (!g_unichar_isupper(c))
				return false;
			words++;
			start = false;
		}
	}
	return words >= 2 && words <= 6;
}

/* Look at one line (a paragraph or a cell line) of the closing part. */
struct closing_state {
	bool in_recipients;  /* inside the "Nơi nhận" dash list */
	int after_title;     /* lines since a signature title, or -1 */
};

static bool closing_line(struct danalysis *a, const char *text, struct closing_state *st)
{
	char *f = vn_fold(text, NULL);
	bool closing = false;
	if (st->after_title >= 0)
		st->after_title++;
	if (fold_starts_word(f, "noi nhan")) {
		st->in_recipients = true;
		closing = true;
	} else if (st->in_recipients && (text[0] == '-' || text[0] == '+')) {
		closing = true;
	} else if (is_signature_title(text, f)) {
		st->in_recipients = false;
		st->after_title = 0;
		closing = true;
	} else if (st->after_title >= 0 && st->after_title <= 4 && is_person_name(text) &&
	           strlen(text) < 60) {
		if (!a->dir->signer)
			a->dir->signer = g_strdup(text);
		closing = true;
	} else if (strstr(f, "(da ky)") || strcmp(f, "(ky ten, dong dau)") == 0) {
		closing = true;
	}
	g_free(f);
	return closing;
}

/* Mark the signature block and "Nơi nhận" list, in paragraphs or in a
 * side-by-side table row. */
static void mark_closing(struct danalysis *a, size_t from)
{
	struct closing_state st = {false, -1};
	for (size_t i = from; i < a->n; i++) {
		struct dline *l = &a->lines[i];
		if (l->kind == DD_PARA) {
			char *line = l->label ? g_strdup_printf("%s %s", l->label, l->text) : g_strdup(l->text);
			if (closing_line(a, line, &st))
				l->skip = true;
			else
				st.in_recipients = false;
			g_free(line);
		} else if (l->kind == DD_ROW && l->ncells <= 3) {
			/* a borderless table holding "Nơi nhận" beside the signature */
			bool any = false;
			for (size_t c = 0; c < l->ncells; c++) {
				char *f = vn_fold(l->cells[c], NULL);
				any |= fold_starts_word(f, "noi nhan");
				g_free(f);
			}
			if (!any)
				continue;
			for (size_t c = 0; c < l->ncells; c++) {
				char **parts = g_strsplit(l->cells[c], "\n", -1);
				struct closing_state cell = {false, -1};
				for (char **p = parts; *p; p++)
					closing_line(a, *p, &cell);
				g_strfreev(parts);
			}
			l->skip = true;
		}
	}
}

void meta_analyze(struct danalysis *a)
{
	struct dd_directive *dir = a->dir;
	GArray *hl = header_lines(a);
	size_t header_end = 0;
	bool have_end = false;
	guint vv_line = G_MAXUINT, type_line = G_MAXUINT;

	for (guint i = 0; i < hl->len; i++) {
		struct hline *h = &g_array_index(hl, struct hline, i);
		char *num;
		long at;
		dd_date issued;
		const char *type;

		if (is_motto(h->fold)) {
			a->lines[h->block].skip = true;
		} else if (!dir->number && (num = find_number(h->text, h->fold))) {
			dir->number = num;
			a->lines[h->block].skip = true;
			header_end = MAX(header_end, h->block), have_end = true;
		} else if (dir->issued == DD_NO_DATE && (at = find_date_words(h->fold, &issued)) >= 0) {
			dir->issued = issued;
			/* the place is what precedes ", ngày" on the line */
			size_t *off;
			char *f = vn_fold(h->text, &off);
			char *place = g_strndup(h->text, off[at]);
			g_free(f);
			g_free(off);
			g_strstrip(place);
			size_t pl = strlen(place);
			while (pl && (place[pl - 1] == ',' || place[pl - 1] == ' '))
				place[--pl] = '\0';
			if (pl && pl < 60)
				dir->place = place;
			else
				g_free(place);
			a->lines[h->block].skip = true;
			header_end = MAX(header_end, h->block), have_end = true;
		} else if (vv_line == G_MAXUINT && (fold_starts_word(h->fold, "v/v") ||
		                                    strncmp(h->fold, "v/v", 3) == 0)) {
			vv_line = i;
		} else if (!dir->type && type_line == G_MAXUINT && (type = find_type_line(h->text, h->fold))) {
			dir->type = g_strdup(type);
			a->lines[h->block].skip = true;
			type_line = i;
		}
	}
	if (type_line != G_MAXUINT) {
		size_t last = g_array_index(hl, struct hline, type_line).block;
		char *title = collect_subject(a, hl, type_line + 1, false, &last);
		if (title) {
			/* the subject as registered: "Kế hoạch chuyển đổi số ..." */
			dir->subject = title;
		}
		header_end = MAX(header_end, last), have_end = true;
	}
	if (vv_line != G_MAXUINT) {
		size_t last = g_array_index(hl, struct hline, vv_line).block;
		char *subject = collect_subject(a, hl, vv_line, true, &last);
		if (!dir->subject)
			dir->subject = subject;
		else
			g_free(subject);
		header_end = MAX(header_end, last), have_end = true;
		if (!dir->type)
			dir->type = g_strdup("công văn");
	}
	if (!dir->type && dir->number) {
		const char *t = type_from_number(dir->number);
		dir->type = g_strdup(t ? t : "công văn");
	}
	dir->issuer = find_issuer(a, hl);
	const char *urg = find_urgency(hl);
	dir->urgency = urg ? g_strdup(urg) : NULL;

	/* the namespace of the document's units, from its header */
	GString *head = g_string_new(NULL);
	for (guint i = 0; i < hl->len && g_array_index(hl, struct hline, i).block <= header_end; i++)
		g_string_append_printf(head, "%s\n", g_array_index(hl, struct hline, i).text);
	if (dir->place)
		g_string_append_printf(head, "%s\n", dir->place);
	if (a->units)
		a->ns = units_guess_namespace(a->units, head->str);
	g_string_free(head, TRUE);
	free_header_lines(hl);

	/* the header's own lines were marked one by one above: a reader may
	 * have put body text between them (two columns read one after the
	 * other), so no range is skipped wholesale */
	mark_addressees(a, have_end ? header_end + 1 : 0);
	mark_closing(a, have_end ? header_end + 1 : 0);

	if (!dir->number)
		g_ptr_array_add(dir->warnings, g_strdup("document number (Số: ...) not found"));
	if (dir->issued == DD_NO_DATE)
		g_ptr_array_add(dir->warnings, g_strdup("issue date (\"..., ngày ... tháng ... năm ...\") not found"));
}
