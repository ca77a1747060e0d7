/*
 * tasks.c — the assignments of a directive's body.
 *
 * A task is a clause in which a unit is asked to do something (DOMAIN.md
 * §2.4, §3.1). The clause's subject is found at its start ("Sở Tài chính
 * chủ trì, ..."), after a title ("Giám đốc Sở X", "Chủ tịch UBND huyện Y")
 * or after an assigning verb ("Giao Sở X ...", "Đề nghị các sở ...", "UBND
 * tỉnh yêu cầu Thủ trưởng các sở ..."); those units lead. The units after
 * "phối hợp (với)" support. Units named elsewhere in the clause are objects
 * ("tham mưu UBND tỉnh", "báo cáo về Sở X") and get no role.
 *
 * Structure carries meaning too: an item without a subject inherits it from
 * the heading or introduction above it ("1. Sở Tài chính:" / "... thực hiện
 * các nội dung sau:"); sections on purposes and assessments hold no tasks;
 * a task table's columns say who leads, who supports and by when.
 *
 * Deadlines come from rules/deadline.h, per clause; a sentence that holds
 * only a deadline ("Thời gian hoàn thành: ...") completes the task before it.
 */
#include "rules/directive_priv.h"

#include <ctype.h>
#include <string.h>

#include "rules/normalize.h"

#define MAX_MENTIONS 128
#define SUMMARY_MAX 240   /* bytes of a task's summary */

/* A document-local name: "(sau đây gọi tắt là: Cơ quan, đơn vị)". */
struct local_alias {
	char *fold;        /* folded phrase */
	GPtrArray *ids;    /* const char *, owned by the directory */
};

/* A unit mention in a folded clause: one or more ids over [start, end). */
struct mention {
	size_t start, end;
	const char *ids[8];
	int nids;
};

/* One clause being read. */
struct clause {
	const char *text;      /* normalized text */
	char *fold;
	size_t *off;
	struct mention m[MAX_MENTIONS];
	int nm;
};

/* Context inherited by list items: the lead of a heading or introduction. */
struct ctx {
	int level;             /* label level of the paragraph that set it; -1 intro */
	GPtrArray *lead;       /* const char * */
	GPtrArray *support;
	size_t first_task;     /* index in a->tasks of the first task under it */
	bool intro;
};

/* ---------------------------------------------------------------- words */

static bool is_wordch(char c)
{
	return isalnum((unsigned char)c) || c == '~';
}

/* Does `w` occur in f at position p as whole words? */
static bool word_at(const char *f, size_t p, const char *w)
{
	size_t n = strlen(w);
	if (strncmp(f + p, w, n) != 0)
		return false;
	if (p > 0 && is_wordch(f[p - 1]))
		return false;
	return !is_wordch(f[p + n]);
}

/* First whole-word occurrence of w in f at or after `from`, or -1. */
static long find_word(const char *f, size_t from, const char *w)
{
	for (const char *p = strstr(f + from, w); p; p = strstr(p + 1, w))
		if (word_at(f, (size_t)(p - f), w))
			return p - f;
	return -1;
}

static bool contains_any(const char *f, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (find_word(f, 0, words[i]) >= 0)
			return true;
	return false;
}

/* Words that may stand between or before the units of a subject. */
static const char *const FILLERS[] = {
	"giam doc", "pho giam doc", "chu tich", "pho chu tich", "thu truong",
	"nguoi dung dau", "lanh dao", "chuyen vien", "can bo", "dong chi", "d/c",
	"truong ban", "chanh van phong", "chi huy truong", "truong", "tran trong",
	"cac", "va", "cung", "nhu", "tat ca",
};

/* Verbs that hand a task to the units after them. */
static const char *const TRIGGERS[] = {
	"giao cho", "giao", "de nghi", "yeu cau", "dong y giao",
};

/* Skip spaces, punctuation and filler words at p; parenthesised asides
 * without a unit in them too. Returns the new position. */
static int mention_at(const struct clause *c, size_t p);

static size_t skip_fillers(const struct clause *c, size_t p, bool extra_voi)
{
	const char *f = c->fold;
	for (;;) {
		while (f[p] == ' ' || f[p] == ',' || f[p] == ';' || f[p] == ':' || f[p] == '-')
			p++;
		if (mention_at(c, p) >= 0)
			return p;  /* "các sở, ban, ngành" is a name, not a filler */
		if (f[p] == '(') {
			const char *close = strchr(f + p, ')');
			bool has_unit = false;
			for (int i = 0; i < c->nm && close; i++)
				if (c->m[i].start > p && c->m[i].start < (size_t)(close - f))
					has_unit = true;
			if (close && !has_unit && close - (f + p) < 80) {
				p = (size_t)(close - f) + 1;
				continue;
			}
		}
		bool moved = false;
		for (size_t i = 0; i < G_N_ELEMENTS(FILLERS) && !moved; i++)
			if (word_at(f, p, FILLERS[i])) {
				p += strlen(FILLERS[i]);
				moved = true;
			}
		if (!moved && extra_voi) {
			static const char *const MORE[] = {"voi", "chat che voi", "chat che", "cac co quan"};
			for (size_t i = 0; i < G_N_ELEMENTS(MORE) && !moved; i++)
				if (word_at(f, p, MORE[i])) {
					p += strlen(MORE[i]);
					moved = true;
				}
		}
		if (!moved)
			return p;
	}
}

static int mention_at(const struct clause *c, size_t p)
{
	for (int i = 0; i < c->nm; i++)
		if (c->m[i].start == p)
			return i;
	return -1;
}

static void add_ids(GPtrArray *to, const struct mention *m)
{
	for (int i = 0; i < m->nids; i++) {
		bool dup = false;
		for (guint j = 0; j < to->len; j++)
			dup |= strcmp(g_ptr_array_index(to, j), m->ids[i]) == 0;
		if (!dup)
			g_ptr_array_add(to, (gpointer)m->ids[i]);
	}
}

/* Units one after the other from p, with only fillers between them. */
static size_t scan_units(const struct clause *c, size_t p, GPtrArray *out, bool support)
{
	for (;;) {
		size_t q = skip_fillers(c, p, support);
		int i = mention_at(c, q);
		if (i < 0)
			return out->len ? p : q;
		add_ids(out, &c->m[i]);
		p = c->m[i].end;
	}
}

/* ------------------------------------------------------------- mentions */

static void add_mention(struct clause *c, size_t start, size_t end, const char *const *ids, int n)
{
	/* a longer mention replaces those it covers; a covered one is dropped */
	for (int i = 0; i < c->nm; i++) {
		struct mention *m = &c->m[i];
		if (start < m->end && m->start < end) {
			if (m->end - m->start >= end - start)
				return;
			c->m[i--] = c->m[--c->nm];
		}
	}
	if (c->nm == MAX_MENTIONS)
		return;
	struct mention *m = &c->m[c->nm++];
	m->start = start;
	m->end = end;
	m->nids = 0;
	for (int i = 0; i < n && i < 8; i++)
		m->ids[m->nids++] = ids[i];
}

static int cmp_mention(const void *x, const void *y)
{
	const struct mention *a = x, *b = y;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* Resolve one enumerated name ("đức thọ") as a unit of one of the kinds
 * ("ubnd huyen đức thọ"); NULL when none fits. */
static const char *enum_item(struct danalysis *a, const char *kinds, const char *name)
{
	static const char *const KINDS[] = {"huyen", "thi xa", "thanh pho", "xa", "phuong", "quan", "so"};
	for (size_t k = 0; k <= G_N_ELEMENTS(KINDS); k++) {
		char *probe;
		if (k == G_N_ELEMENTS(KINDS))
			probe = g_strdup_printf("ubnd %s", name);  /* "thị xã Hồng Lĩnh" */
		else if (find_word(kinds, 0, KINDS[k]) < 0)
			continue;
		else if (strcmp(KINDS[k], "so") == 0)
			probe = g_strdup_printf("so %s", name);
		else
			probe = g_strdup_printf("ubnd %s %s", KINDS[k], name);
		struct dd_unit_match um;
		bool hit = units_find(a->units, probe, a->ns, &um, 1) == 1 && um.start == 0 &&
		           um.end == strlen(probe);
		g_free(probe);
		if (hit)
			return um.unit->id;
	}
	return NULL;
}

/* "UBND các huyện: Đức Thọ, Can Lộc và thị xã Hồng Lĩnh": the names after
 * the colon are units of the kinds named before it. */
static void enumerations(struct danalysis *a, struct clause *c)
{
	static const char *const KINDS[] = {"huyen", "thi xa", "thanh pho", "xa", "phuong", "quan", "so"};
	const char *f = c->fold;
	for (long at = find_word(f, 0, "cac"); at >= 0; at = find_word(f, at + 1, "cac")) {
		const char *colon = strchr(f + at, ':');
		if (!colon || colon - (f + at) > 40)
			continue;
		char *kinds = g_strndup(f + at + 3, (size_t)(colon - (f + at)) - 3);
		bool any_kind = false;
		for (size_t k = 0; k < G_N_ELEMENTS(KINDS); k++)
			any_kind |= find_word(kinds, 0, KINDS[k]) >= 0;
		/* the mention of the first name starts at "UBND các huyện:" itself */
		size_t first = (size_t)at;
		if (first >= 5 && word_at(f, first - 5, "ubnd"))
			first -= 5;
		else if (first >= 16 && word_at(f, first - 16, "uy ban nhan dan"))
			first -= 16;
		size_t p = (size_t)(colon - f) + 1;
		while (any_kind) {
			while (f[p] == ' ' || f[p] == ',')
				p++;
			if (word_at(f, p, "va"))
				p += 2;
			while (f[p] == ' ')
				p++;
			if (!f[p] || f[p] == ';' || f[p] == '.')
				break;
			size_t e = p;
			while (f[e] && f[e] != ',' && f[e] != ';' && f[e] != '.')
				e++;
			while (e > p && f[e - 1] == ' ')
				e--;
			const char *id = NULL;
			if (e - p < 60) {
				char *name = g_strndup(f + p, e - p);
				id = enum_item(a, kinds, name);
				g_free(name);
			}
			long va = find_word(f, p, "va");
			if (!id && va >= 0 && (size_t)va < e) {
				/* "Kỳ Anh và UBND thị xã Hồng Lĩnh": the name ends at "và" */
				e = (size_t)va;
				while (e > p && f[e - 1] == ' ')
					e--;
				char *name = g_strndup(f + p, e - p);
				id = enum_item(a, kinds, name);
				g_free(name);
			}
			if (!id)
				break;  /* the list has ended: the verb follows */
			add_mention(c, first < p ? first : p, e, &id, 1);
			first = G_MAXSIZE;
			p = e;
		}
		g_free(kinds);
	}
}

static void find_mentions(struct danalysis *a, struct clause *c)
{
	c->nm = 0;
	if (a->units) {
		struct dd_unit_match um[MAX_MENTIONS];
		size_t n = units_find(a->units, c->fold, a->ns, um, MAX_MENTIONS);
		for (size_t i = 0; i < n; i++) {
			const char *id = um[i].unit->id;
			add_mention(c, um[i].start, um[i].end, &id, 1);
		}
		enumerations(a, c);
	}
	for (guint i = 0; i < a->local_aliases->len; i++) {
		struct local_alias *la = g_ptr_array_index(a->local_aliases, i);
		for (long p = find_word(c->fold, 0, la->fold); p >= 0;
		     p = find_word(c->fold, p + 1, la->fold))
			add_mention(c, p, p + strlen(la->fold), (const char *const *)la->ids->pdata,
			            (int)la->ids->len);
	}
	qsort(c->m, c->nm, sizeof c->m[0], cmp_mention);
}

static void clause_init(struct danalysis *a, struct clause *c, const char *text)
{
	c->text = text;
	c->fold = vn_fold(text, &c->off);
	find_mentions(a, c);
}

static void clause_done(struct clause *c)
{
	g_free(c->fold);
	g_free(c->off);
}

/* "(sau đây gọi tắt là: Cơ quan, đơn vị)" names the units listed just
 * before it; remember the name for the rest of the document. */
static void learn_local_alias(struct danalysis *a, struct clause *c)
{
	long at = find_word(c->fold, 0, "sau day goi tat la");
	if (at < 0)
		at = find_word(c->fold, 0, "sau day goi la");
	if (at < 0)
		return;
	size_t p = (size_t)at + strlen(c->fold + at) - strlen(strstr(c->fold + at, "la")) + 2;
	while (c->fold[p] == ' ' || c->fold[p] == ':')
		p++;
	size_t e = p;
	while (c->fold[e] && c->fold[e] != ')' && c->fold[e] != '"')
		e++;
	while (e > p && (c->fold[e - 1] == ' ' || c->fold[e - 1] == '.'))
		e--;
	if (e <= p || e - p > 60)
		return;
	/* the run of mentions that ends right before the parenthesis */
	GPtrArray *ids = g_ptr_array_new();
	size_t open = (size_t)at;
	while (open > 0 && c->fold[open] != '(')
		open--;
	int last = -1;
	for (int i = 0; i < c->nm; i++)
		if (c->m[i].end <= open)
			last = i;
	for (int i = last; i >= 0; i--) {
		add_ids(ids, &c->m[i]);
		if (i == 0)
			break;
		/* continue left only across separators and fillers */
		size_t q = skip_fillers(c, c->m[i - 1].end, false);
		if (q != c->m[i].start)
			break;
	}
	if (ids->len == 0) {
		g_ptr_array_free(ids, TRUE);
		return;
	}
	struct local_alias *la = g_new0(struct local_alias, 1);
	char *phrase = g_strndup(c->fold + p, e - p);
	/* "Cơ quan, đơn vị" is used as "các cơ quan, đơn vị" too */
	la->fold = phrase;
	la->ids = ids;
	g_ptr_array_add(a->local_aliases, la);
}

/* -------------------------------------------------------------- tasks */

static struct dd_task *task_new(void)
{
	struct dd_task *t = g_new0(struct dd_task, 1);
	t->lead = g_ptr_array_new_with_free_func(g_free);
	t->support = g_ptr_array_new_with_free_func(g_free);
	t->warnings = g_ptr_array_new_with_free_func(g_free);
	t->due = DD_NO_DATE;
	t->due_text = g_strdup("");
	return t;
}

static void task_free(struct dd_task *t)
{
	task_clear(t);
	g_free(t);
}

static void copy_ids(GPtrArray *to, GPtrArray *from, GPtrArray *exclude)
{
	for (guint i = 0; i < from->len; i++) {
		const char *id = g_ptr_array_index(from, i);
		bool skip = false;
		for (guint j = 0; exclude && j < exclude->len; j++)
			skip |= strcmp(g_ptr_array_index(exclude, j), id) == 0;
		for (guint j = 0; j < to->len; j++)
			skip |= strcmp(g_ptr_array_index(to, j), id) == 0;
		if (!skip)
			g_ptr_array_add(to, g_strdup(id));
	}
}

static char *summarize(const char *text)
{
	size_t n = strlen(text);
	while (n && strchr(" .;:/", text[n - 1]))
		n--;
	if (n > SUMMARY_MAX) {
		n = SUMMARY_MAX;
		while (n && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
		return g_strdup_printf("%.*s...", (int)n, text);
	}
	return g_strndup(text, n);
}

static void set_deadline(struct dd_task *t, const char *text, const struct dd_deadline *dl)
{
	t->due_kind = dl->kind;
	t->due = dl->due;
	g_free(t->due_text);
	t->due_text = dl->end > dl->start ? g_strndup(text + dl->start, dl->end - dl->start) : g_strdup("");
	if (dl->warning) {
		g_ptr_array_add(t->warnings, g_strdup(dl->warning));
		t->confidence = MIN(t->confidence, 0.6);
	}
	if (dl->kind != DUE_NONE && dl->confidence > 0)
		t->confidence *= MIN(1.0, 0.5 + dl->confidence / 2);
}

static bool has_date(const struct dd_deadline *dl)
{
	return dl->kind == DUE_DATE || dl->kind == DUE_WORKING_DAYS || dl->kind == DUE_DAYS ||
	       dl->kind == DUE_RECURRING;
}

/* Closing formulas that assign nothing (DOMAIN.md §2.2, §3.1). */
static bool ceremonial(const char *f, size_t rest)
{
	static const char *const ALWAYS[] = {
		"thi hanh quyet dinh nay", "co hieu luc", "thong bao de", "de cac co quan",
		"trach nhiem thi hanh", "thuc hien quyet dinh nay", "biet, thuc hien",
		"biet va thuc hien", "biet, phoi hop", "de biet",
	};
	if (contains_any(f, ALWAYS, G_N_ELEMENTS(ALWAYS)))
		return true;
	static const char *const DOCS[] = {
		"chi thi nay", "cong dien nay", "quyet dinh nay", "ke hoach nay",
		"thong bao nay", "cong van nay", "van ban nay",
	};
	static const char *const WORK[] = {
		"theo doi", "don doc", "bao cao", "tong hop", "kiem tra", "huong dan", "xay dung",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(DOCS); i++) {
		long at = find_word(f, rest, DOCS[i]);
		if (at >= 0 && (size_t)at - rest < 70 && !contains_any(f + rest, WORK, G_N_ELEMENTS(WORK)))
			return true;
	}
	return false;
}

/* The result of reading one clause. */
struct reading {
	GPtrArray *lead, *support;   /* const char * */
	size_t rest;                 /* where the action starts in the fold */
	bool own_subject;
};

/* Is one of these units the document's issuer ("Ủy ban nhân dân tỉnh" in
 * "ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "Bộ Nội vụ" in "BỘ NỘI VỤ")? */
static bool subject_is_issuer(const struct danalysis *a, GPtrArray *ids)
{
	if (!a->dir->issuer || !a->units)
		return false;
	char *issuer = vn_fold(a->dir->issuer, NULL);
	bool found = false;
	for (guint i = 0; i < ids->len && !found; i++) {
		const struct dd_unit *u = units_by_id(a->units, g_ptr_array_index(ids, i));
		if (!u || u->is_group)
			continue;
		char *name = vn_fold(u->name, NULL);
		found = strncmp(issuer, name, strlen(name)) == 0;
		g_free(name);
	}
	g_free(issuer);
	return found;
}

/* The subject that starts at p: its units, then the assigner rule. Fills
 * lead (empty when there is none or it is only the assigner) and returns
 * where the action starts. */
static size_t subject_at(const struct danalysis *a, const struct clause *c, size_t p,
                         GPtrArray *lead)
{
	p = scan_units(c, p, lead, false);
	if (!lead->len)
		return p;
	/* "UBND tỉnh yêu cầu Thủ trưởng các sở ...": the subject assigns;
	 * the units after the verb lead, and the assigner never does */
	static const char *const ASSIGNS[] = {"dien", "ket luan", "chi dao:", "chi thi"};
	size_t q = skip_fillers(c, p, false);
	bool assigner = false;
	for (size_t i = 0; i < G_N_ELEMENTS(ASSIGNS); i++)
		assigner |= word_at(c->fold, q, ASSIGNS[i]) ||
		            strncmp(c->fold + q, ASSIGNS[i], strlen(ASSIGNS[i])) == 0;
	for (size_t i = 0; i < G_N_ELEMENTS(TRIGGERS) && !assigner; i++) {
		if (!word_at(c->fold, q, TRIGGERS[i]))
			continue;
		/* "Ban Quản lý ... yêu cầu các doanh nghiệp ...": only the
		 * issuing body is an assigner when nobody is named after */
		assigner = subject_is_issuer(a, lead);
		GPtrArray *after = g_ptr_array_new();
		size_t e = scan_units(c, q + strlen(TRIGGERS[i]), after, false);
		if (after->len) {
			g_ptr_array_set_size(lead, 0);
			for (guint k = 0; k < after->len; k++)
				g_ptr_array_add(lead, g_ptr_array_index(after, k));
			p = e;
			assigner = false;
		}
		g_ptr_array_free(after, TRUE);
		break;
	}
	if (assigner) {
		g_ptr_array_set_size(lead, 0);
		p = q;
	}
	return p;
}

/* Adverbial openers before the subject: "Để ..., Văn phòng UBND tỉnh chủ
 * trì ...", "Thực hiện Quyết định số ..., UBND tỉnh yêu cầu ...". */
static const char *const OPENERS[] = {
	"de", "nham", "truoc", "trong", "thuc hien", "can cu", "tren co so", "sau khi",
	"dong thoi", "ngoai ra", "theo do", "vi vay", "do do", "tiep tuc",
};

/* Time openers: "Từ quý II năm 2025, định kỳ hằng quý, các sở ... gửi ...". */
static const char *const WHEN_OPENERS[] = {
	"tu", "dinh ky", "hang thang", "hang quy", "hang nam", "truoc ngay", "cham nhat",
	"trong thoi gian",
};

/* After an opener a narrative names units too ("Qua ..., tại 06 đơn vị
 * gồm: Sở ..."); only a subject that takes charge counts there. */
static bool takes_charge(const struct clause *c, size_t p)
{
	static const char *const VERBS[] = {
		"chu tri", "khan truong", "tap trung", "co trach nhiem", "chiu trach nhiem",
		"to chuc", "chi dao", "de nghi", "yeu cau", "gui", "bao cao", "thuc hien",
		"trien khai", "hoan thanh", "cap nhat", "xay dung", "kiem tra", "thuong xuyen",
		"chu dong", "tiep tuc", "kip thoi", "phoi hop", "tham muu", "huong dan", "ra soat",
		"theo doi", "don doc", "tong hop", "trinh",
	};
	size_t q = skip_fillers(c, p, false);
	for (size_t i = 0; i < G_N_ELEMENTS(VERBS); i++)
		if (word_at(c->fold, q, VERBS[i]))
			return true;
	return false;
}

static void read_roles(const struct danalysis *a, const struct clause *c, struct reading *r)
{
	r->lead = g_ptr_array_new();
	r->support = g_ptr_array_new();
	r->own_subject = false;
	size_t p = subject_at(a, c, 0, r->lead);
	bool opener = false, when = false;
	for (size_t i = 0; i < G_N_ELEMENTS(OPENERS); i++)
		opener |= word_at(c->fold, 0, OPENERS[i]);
	for (size_t i = 0; i < G_N_ELEMENTS(WHEN_OPENERS); i++)
		when |= word_at(c->fold, 0, WHEN_OPENERS[i]);
	for (size_t i = 0; i < G_N_ELEMENTS(TRIGGERS); i++)
		opener &= !word_at(c->fold, 0, TRIGGERS[i]);  /* "Đề nghị" is not "Để" */
	opener |= when;
	if (!r->lead->len && opener) {
		/* the subject follows the opener's comma: the first one that takes
		 * charge, or the one that "chủ trì", since an opener may itself
		 * name units ("Để ... nhiệm vụ do Chủ tịch UBND tỉnh giao cho các
		 * cơ quan ..., Văn phòng ... chủ trì") */
		size_t best = SIZE_MAX;
		bool best_leads = false;
		for (const char *comma = strstr(c->fold, ", "); comma; comma = strstr(comma + 1, ", ")) {
			size_t q = skip_fillers(c, (size_t)(comma - c->fold) + 2, false);
			if (mention_at(c, q) < 0)
				continue;
			GPtrArray *units = g_ptr_array_new();
			size_t e = scan_units(c, q, units, false);
			bool leads = word_at(c->fold, skip_fillers(c, e, false), "chu tri");
			if (takes_charge(c, e) && (best == SIZE_MAX || (leads && !best_leads))) {
				best = q;
				best_leads = leads;
			}
			g_ptr_array_free(units, TRUE);
		}
		if (best != SIZE_MAX)
			p = subject_at(a, c, best, r->lead);
	} else if (!r->lead->len) {
		/* "Giao Sở X ...", "..., đề nghị các cơ quan ..." anywhere */
		for (size_t i = 0; i < G_N_ELEMENTS(TRIGGERS) && !r->lead->len; i++) {
			for (long at = find_word(c->fold, 0, TRIGGERS[i]); at >= 0 && !r->lead->len;
			     at = find_word(c->fold, at + 1, TRIGGERS[i])) {
				if (at >= 5 && word_at(c->fold, at - 5, "duoc"))
					continue;  /* "được giao": passive, not an assignment */
				p = scan_units(c, at + strlen(TRIGGERS[i]), r->lead, false);
			}
		}
	}
	r->own_subject = r->lead->len > 0;
	r->rest = p;
	long ph = find_word(c->fold, r->own_subject ? p : 0, "phoi hop");
	if (ph >= 0) {
		GPtrArray *sup = g_ptr_array_new();
		scan_units(c, ph + strlen("phoi hop"), sup, true);
		for (guint i = 0; i < sup->len; i++) {
			bool in_lead = false;
			for (guint j = 0; j < r->lead->len; j++)
				in_lead |= strcmp(g_ptr_array_index(r->lead, j), g_ptr_array_index(sup, i)) == 0;
			if (!in_lead)
				g_ptr_array_add(r->support, g_ptr_array_index(sup, i));
		}
		g_ptr_array_free(sup, TRUE);
	}
}

static void reading_done(struct reading *r)
{
	g_ptr_array_free(r->lead, TRUE);
	g_ptr_array_free(r->support, TRUE);
}

/* --------------------------------------------------------- sentences */

/* Split a paragraph into sentences: ". " before an upper-case letter, and
 * ";" — the pieces a unit may be asked to do separately. */
static void add_part(GPtrArray *parts, GArray *starts, const char *from, const char *to,
                     gboolean sentence)
{
	char *s = g_strstrip(g_strndup(from, to - from));
	if (!*s) {
		g_free(s);
		return;
	}
	g_ptr_array_add(parts, s);
	g_array_append_val(starts, sentence);
}

static GPtrArray *split_parts(const char *text, GArray *starts)
{
	GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
	const char *start = text;
	gboolean sentence = TRUE;
	for (const char *p = text; *p; p++) {
		bool cut = false;
		if (*p == ';')
			cut = true;
		else if (*p == '.' && p[1] == ' ' && p > text && !isupper((unsigned char)p[-1])) {
			gunichar next = g_utf8_get_char(p + 2);
			cut = g_unichar_isupper(next);
		}
		if (cut) {
			add_part(parts, starts, start, p + 1, sentence);
			sentence = *p == '.';
			start = p + 1;
		}
	}
	add_part(parts, starts, start, start + strlen(start), sentence);
	return parts;
}

/* Sections whose items state aims and assessments, not assignments. */
static bool no_task_heading(const char *f)
{
	static const char *const WORDS[] = {
		"muc dich", "muc tieu", "danh gia", "tinh hinh", "quan diem", "ket qua dat duoc",
		"can cu", "pham vi", "doi tuong",
	};
	return contains_any(f, WORDS, G_N_ELEMENTS(WORDS));
}

/* A heading: a short line with no sentence end, or a roman-numbered one. */
static bool is_heading(const struct dline *l)
{
	size_t n = strlen(l->text);
	if (n == 0)
		return true;
	if (l->label && l->level == 0 && text_is_upper(l->text))
		return true;
	return n < 90 && !strchr(".;:", l->text[n - 1]) && !strchr(l->text, ',') &&
	       (text_is_upper(l->text) || l->label);
}

struct body_state {
	GPtrArray *stack;      /* struct ctx * */
	bool skip_section;     /* inside a purposes/assessment section */
	int section_level;
};

static void ctx_free(gpointer p)
{
	struct ctx *x = p;
	g_ptr_array_free(x->lead, TRUE);
	g_ptr_array_free(x->support, TRUE);
	g_free(x);
}

static struct ctx *inherited(struct body_state *st)
{
	for (guint i = st->stack->len; i-- > 0;) {
		struct ctx *x = g_ptr_array_index(st->stack, i);
		if (x->lead->len)
			return x;
	}
	return NULL;
}

static void pop_to(struct body_state *st, int level)
{
	while (st->stack->len) {
		struct ctx *x = g_ptr_array_index(st->stack, st->stack->len - 1);
		if (x->level < level)
			break;
		g_ptr_array_remove_index(st->stack, st->stack->len - 1);
	}
}

static void push_ctx(struct danalysis *a, struct body_state *st, int level, GPtrArray *lead,
                     GPtrArray *support, bool intro)
{
	struct ctx *x = g_new0(struct ctx, 1);
	x->level = level;
	x->lead = g_ptr_array_new();
	x->support = g_ptr_array_new();
	for (guint i = 0; i < lead->len; i++)
		g_ptr_array_add(x->lead, g_ptr_array_index(lead, i));
	for (guint i = 0; support && i < support->len; i++)
		g_ptr_array_add(x->support, g_ptr_array_index(support, i));
	x->first_task = a->tasks->len;
	x->intro = intro;
	g_ptr_array_add(st->stack, x);
}

/* Make a task from a reading and append it. */
static struct dd_task *emit(struct danalysis *a, const char *text, GPtrArray *lead,
                            GPtrArray *support, double confidence)
{
	struct dd_task *t = task_new();
	copy_ids(t->lead, lead, NULL);
	copy_ids(t->support, support, t->lead);
	t->summary = summarize(text);
	t->confidence = confidence;
	g_ptr_array_add(a->tasks, t);
	return t;
}

/* Read one paragraph of the body; `level` is its label's level or -1. */
static void read_paragraph(struct danalysis *a, struct body_state *st, const struct dline *l)
{
	int level = l->label ? l->level : -1;
	char *pf = vn_fold(l->text, NULL);

	if (l->label)
		pop_to(st, level);
	/* a section heading: does it hold tasks? */
	if (is_heading(l)) {
		if (st->skip_section && level > st->section_level && level >= 0)
			goto out;
		st->skip_section = no_task_heading(pf);
		st->section_level = level;
	} else if (st->skip_section && !(level > st->section_level)) {
		st->skip_section = false;
	}
	if (st->skip_section)
		goto out;

	GArray *starts = g_array_new(FALSE, FALSE, sizeof(gboolean));
	GPtrArray *parts = split_parts(l->text, starts);
	bool sentence_subject = false;
	struct dd_task *last = NULL;
	GPtrArray *last_lead = NULL;
	bool ends_colon = l->text[0] && l->text[strlen(l->text) - 1] == ':';
	size_t tasks_before = a->tasks->len;

	char *carry = NULL;
	bool carry_start = false;
	for (guint i = 0; i < parts->len; i++) {
		char *text = carry ? g_strdup_printf("%s %s", carry, (char *)g_ptr_array_index(parts, i))
		                   : g_strdup(g_ptr_array_index(parts, i));
		g_clear_pointer(&carry, g_free);
		bool sentence_start = i == 0 || g_array_index(starts, gboolean, i) || carry_start;
		carry_start = false;
		struct clause c;
		clause_init(a, &c, text);
		learn_local_alias(a, &c);
		struct reading r;
		read_roles(a, &c, &r);
		struct dd_deadline dl;
		deadline_find(text, a->dir->issued, a->cal, &dl);
		bool last_part = i + 1 == parts->len;
		bool intro = last_part && ends_colon;

		if (!last_part && r.own_subject && skip_fillers(&c, r.rest, false) >= strlen(c.fold)) {
			/* "Các sở, ban, ngành; UBND các huyện ... xây dựng ...": one subject */
			carry = text;
			carry_start = sentence_start;
			reading_done(&r);
			clause_done(&c);
			continue;
		}

		if (r.own_subject && ceremonial(c.fold, r.rest)) {
			reading_done(&r);
			clause_done(&c);
			g_free(text);
			continue;
		}
		if (intro) {
			/* "X chủ trì, phối hợp với Y thực hiện các nội dung sau:" */
			if (r.own_subject || !l->label)
				push_ctx(a, st, level, r.lead, r.support, true);
			reading_done(&r);
			clause_done(&c);
			g_free(text);
			continue;
		}
		if (r.own_subject && (skip_fillers(&c, r.rest, false) >= strlen(c.fold) ||
		                      (!sentence_start && !sentence_subject))) {
			/* a name alone is a heading or an addressee, not a task; a
			 * name after ';' in a narrative sentence is not a subject */
			reading_done(&r);
			clause_done(&c);
			g_free(text);
			continue;
		}
		if (sentence_start)
			sentence_subject = r.own_subject;
		if (r.own_subject) {
			/* the same unit again without a new deadline: one task */
			if (last && last_lead && last_lead->len == r.lead->len &&
			    (dl.kind == DUE_NONE || (dl.kind == last->due_kind && dl.due == last->due))) {
				bool same = true;
				for (guint k = 0; k < r.lead->len; k++)
					same &= strcmp(g_ptr_array_index(r.lead, k), g_ptr_array_index(last_lead, k)) == 0;
				if (same) {
					if (last->due_kind == DUE_NONE && dl.kind != DUE_NONE)
						set_deadline(last, text, &dl);
					reading_done(&r);
					clause_done(&c);
					g_free(text);
					continue;
				}
			}
			last = emit(a, text, r.lead, r.support, 0.95);
			set_deadline(last, text, &dl);
			if (last_lead)
				g_ptr_array_free(last_lead, TRUE);
			last_lead = g_ptr_array_copy(r.lead, NULL, NULL);
		} else if (last) {
			/* no subject: the previous clause's unit goes on */
			if (dl.kind != DUE_NONE && last->due_kind != DUE_NONE &&
			    (dl.kind != last->due_kind || dl.due != last->due)) {
				/* "...; đồng thời thường xuyên ...": a second duty */
				struct dd_task *t = emit(a, text, last_lead, r.support, 0.85);
				copy_ids(t->support, last->support, t->lead);
				set_deadline(t, text, &dl);
				last = t;
			} else if (last->due_kind == DUE_NONE && dl.kind != DUE_NONE) {
				set_deadline(last, text, &dl);
			}
		} else {
			struct ctx *x = l->label ? inherited(st) : NULL;
			if (x && !ceremonial(c.fold, 0)) {
				GPtrArray *sup = r.support->len ? r.support : x->support;
				last = emit(a, text, x->lead, sup, 0.85);
				g_ptr_array_add(last->warnings,
				                g_strdup("lead unit taken from the heading or introduction above"));
				set_deadline(last, text, &dl);
				if (last_lead)
					g_ptr_array_free(last_lead, TRUE);
				last_lead = g_ptr_array_copy(x->lead, NULL, NULL);
			} else if (!l->label && has_date(&dl) && (x = inherited(st)) && x->intro) {
				/* undated steps, then their dated deliverable: one task */
				bool undated = a->tasks->len > x->first_task;
				for (guint k = x->first_task; k < a->tasks->len; k++) {
					struct dd_task *t = g_ptr_array_index(a->tasks, k);
					undated &= t->due_kind == DUE_NONE;
				}
				while (undated && a->tasks->len > x->first_task)
					task_free(g_ptr_array_steal_index(a->tasks, a->tasks->len - 1));
				last = emit(a, text, x->lead, x->support, 0.8);
				g_ptr_array_add(last->warnings,
				                g_strdup("the undated items above merged into this dated deliverable"));
				set_deadline(last, text, &dl);
			}
		}
		reading_done(&r);
		clause_done(&c);
		g_free(text);
	}
	g_free(carry);
	/* a heading naming a unit ("1. Sở Tài chính:") leads the items below */
	if (l->label && a->tasks->len == tasks_before && !ends_colon) {
		struct clause c;
		clause_init(a, &c, l->text);
		struct reading r;
		read_roles(a, &c, &r);
		if (r.own_subject && skip_fillers(&c, r.rest, false) >= strlen(c.fold))
			push_ctx(a, st, level, r.lead, r.support, false);
		reading_done(&r);
		clause_done(&c);
	} else if (l->label && ends_colon && a->tasks->len == tasks_before) {
		/* pushed as an intro above */
	}
	if (!l->label && !ends_colon)
		pop_to(st, -1);
	if (last_lead)
		g_ptr_array_free(last_lead, TRUE);
	g_ptr_array_free(parts, TRUE);
	g_array_free(starts, TRUE);
out:
	g_free(pf);
}

/* ---------------------------------------------------------------- tables */

enum col { COL_CONTENT, COL_LEAD, COL_SUPPORT, COL_DUE, COL_N };

/* Which column is which, from a header row; false if not a task table. */
static bool table_columns(const struct dline *row, int cols[COL_N])
{
	for (int i = 0; i < COL_N; i++)
		cols[i] = -1;
	for (size_t c = 0; c < row->ncells; c++) {
		char *f = vn_fold(row->cells[c], NULL);
		if (strstr(f, "phoi hop"))
			cols[COL_SUPPORT] = (int)c;
		else if (strstr(f, "chu tri") || strstr(f, "thuc hien") || strstr(f, "don vi") ||
		         strstr(f, "co quan") || strstr(f, "trach nhiem"))
			cols[COL_LEAD] = cols[COL_LEAD] < 0 ? (int)c : cols[COL_LEAD];
		else if (strstr(f, "thoi gian") || strstr(f, "thoi han") || strstr(f, "tien do") ||
		         strstr(f, "hoan thanh"))
			cols[COL_DUE] = (int)c;
		else if (strstr(f, "noi dung") || strstr(f, "nhiem vu") || strstr(f, "cong viec"))
			cols[COL_CONTENT] = (int)c;
		g_free(f);
	}
	return cols[COL_LEAD] >= 0 && (cols[COL_CONTENT] >= 0 || cols[COL_DUE] >= 0);
}

static void cell_units(struct danalysis *a, const char *text, GPtrArray *out)
{
	struct clause c;
	clause_init(a, &c, text);
	for (int i = 0; i < c.nm; i++)
		add_ids(out, &c.m[i]);
	clause_done(&c);
}

static size_t read_table(struct danalysis *a, size_t i)
{
	int cols[COL_N];
	const struct dline *head = &a->lines[i];
	int table = head->table;
	if (!table_columns(head, cols)) {
		while (i < a->n && a->lines[i].kind == DD_ROW && a->lines[i].table == table)
			i++;
		return i;
	}
	GPtrArray *prev_lead = g_ptr_array_new();
	for (i++; i < a->n && a->lines[i].kind != DD_PARA &&
	          (a->lines[i].kind == DD_PAGE || a->lines[i].table == table); i++) {
		const struct dline *row = &a->lines[i];
		if (row->kind != DD_ROW || row->skip)
			continue;
		int tmp[COL_N];
		if (table_columns(row, tmp))
			continue;  /* a header repeated on a new page */
#define CELL(k) (cols[k] >= 0 && (size_t)cols[k] < row->ncells ? row->cells[cols[k]] : "")
		GPtrArray *lead = g_ptr_array_new(), *support = g_ptr_array_new();
		cell_units(a, CELL(COL_LEAD), lead);
		cell_units(a, CELL(COL_SUPPORT), support);
		const char *content = CELL(COL_CONTENT);
		double conf = 0.95;
		if (!lead->len && *CELL(COL_LEAD) == '\0' && prev_lead->len && *CELL(COL_DUE)) {
			for (guint k = 0; k < prev_lead->len; k++)
				g_ptr_array_add(lead, g_ptr_array_index(prev_lead, k));
			conf = 0.75;
		}
		if (lead->len) {
			struct dd_task *t = emit(a, *content ? content : CELL(COL_LEAD), lead, support, conf);
			if (conf < 0.9)
				g_ptr_array_add(t->warnings, g_strdup("lead unit taken from the table row above"));
			struct dd_deadline dl;
			deadline_parse_cell(CELL(COL_DUE), a->dir->issued, a->cal, &dl);
			set_deadline(t, CELL(COL_DUE), &dl);
			g_ptr_array_set_size(prev_lead, 0);
			for (guint k = 0; k < lead->len; k++)
				g_ptr_array_add(prev_lead, g_ptr_array_index(lead, k));
		}
#undef CELL
		g_ptr_array_free(lead, TRUE);
		g_ptr_array_free(support, TRUE);
	}
	g_ptr_array_free(prev_lead, TRUE);
	return i;
}

static void local_alias_free(gpointer p)
{
	struct local_alias *la = p;
	g_free(la->fold);
	g_ptr_array_free(la->ids, TRUE);
	g_free(la);
}

void tasks_analyze(struct danalysis *a)
{
	struct body_state st = {g_ptr_array_new_with_free_func(ctx_free), false, -1};
	a->local_aliases = g_ptr_array_new_with_free_func(local_alias_free);
	for (size_t i = 0; i < a->n;) {
		const struct dline *l = &a->lines[i];
		if (l->kind == DD_ROW && !l->skip) {
			i = read_table(a, i);
			continue;
		}
		if (l->kind == DD_PARA && !l->skip)
			read_paragraph(a, &st, l);
		i++;
	}
	g_ptr_array_free(st.stack, TRUE);
	g_ptr_array_free(a->local_aliases, TRUE);
	a->local_aliases = NULL;
}
