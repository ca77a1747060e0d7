/*
 * inbox_maildir.c — the Maildir inbox (url "maildir:/path"), the embedded
 * default: a mail server, or a script, delivers each message as one file
 * in /path/new/ (written in tmp/, then renamed).
 *
 *   pending  the files of new/, and the files of cur/ without the S flag
 *            (a mail client may have moved them), oldest first;
 *   key      "maildir:" + the file name up to its ':' (the unique part, which
 *            stays the same when the flags change);
 *   done     rename into cur/ with the S flag (":2,S"), then fsync both
 *            directories; a message already in cur/ with S is left alone;
 *   wait     inotify on new/ (a file moved in or written there), together
 *            with the wakeup pipe of inbox_wakeup(), with a timeout.
 */
#include "daemon/inbox_priv.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

struct maildir {
	struct dd_inbox base;
	char *new_dir, *cur_dir;
	int inotify_fd;
	GHashTable *where;        /* key → path of its file at the last fetch */
};

/* One file found pending. */
struct pending {
	char *path;
	char *name;
	gint64 mtime;
};

static void pending_free(gpointer p)
{
	struct pending *e = p;
	g_free(e->path);
	g_free(e->name);
	g_free(e);
}

static char *key_of(const char *name)
{
	return g_strdup_printf("maildir:%.*s", (int)strcspn(name, ":"), name);
}

/* The flags of a file name ("...:2,FS" → "FS"), "" when none. */
static const char *flags_of(const char *name)
{
	const char *info = strstr(name, ":2,");
	return info ? info + 3 : "";
}

static void io_error(GError **error, const char *what, const char *path)
{
	g_set_error(error, DD_INBOX_ERROR, DD_INBOX_IO, "%s %s: %s", what, path, g_strerror(errno));
}

/* Add the pending files of `dir` to `out`; in cur/ only those without S. */
static bool list_dir(const char *dir, bool only_unseen, GPtrArray *out, GError **error)
{
	DIR *d = opendir(dir);
	if (!d) {
		io_error(error, "cannot read", dir);
		return false;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (only_unseen && strchr(flags_of(de->d_name), 'S'))
			continue;
		struct stat st;
		if (fstatat(dirfd(d), de->d_name, &st, 0) != 0 || !S_ISREG(st.st_mode))
			continue;   /* gone meanwhile, or not a message */
		struct pending *e = g_new0(struct pending, 1);
		e->path = g_build_filename(dir, de->d_name, NULL);
		e->name = g_strdup(de->d_name);
		e->mtime = st.st_mtime;
		g_ptr_array_add(out, e);
	}
	closedir(d);
	return true;
}

static gint by_age(gconstpointer a, gconstpointer b)
{
	const struct pending *x = *(struct pending *const *)a, *y = *(struct pending *const *)b;
	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Read one file into a message; a file over the limit gets raw NULL.
 * NULL when the file went away since the listing. */
static struct dd_inbox_msg *read_message(const struct pending *e, gsize max_bytes, GError **error)
{
	int fd = open(e->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (errno != ENOENT)
			io_error(error, "cannot open", e->path);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	struct dd_inbox_msg *m = g_new0(struct dd_inbox_msg, 1);
	m->key = key_of(e->name);
	m->received = st.st_mtime;
	if ((guint64)st.st_size <= max_bytes) {
		gsize size = (gsize)st.st_size, got = 0;
		char *buf = g_malloc(size + 1);
		ssize_t n = 1;
		while (got < size && (n = read(fd, buf + got, size - got)) > 0)
			got += (gsize)n;
		if (n < 0) {
			io_error(error, "cannot read", e->path);
			g_free(buf);
			close(fd);
			inbox_msg_free(m);
			return NULL;
		}
		m->raw = g_bytes_new_take(buf, got);
	}
	close(fd);
	return m;
}

static bool md_fetch(struct dd_inbox *in, GPtrArray *out, guint max, GError **error)
{
	struct maildir *md = (struct maildir *)in;
	GPtrArray *files = g_ptr_array_new_with_free_func(pending_free);
	bool ok = list_dir(md->new_dir, false, files, error) &&
	          list_dir(md->cur_dir, true, files, error);
	g_ptr_array_sort(files, by_age);

	GHashTable *keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	gsize limit = in->cfg->max_message_bytes > 0 ? (gsize)in->cfg->max_message_bytes : G_MAXSIZE;
	for (guint i = 0; ok && i < files->len && g_hash_table_size(keys) < max; i++) {
		const struct pending *e = g_ptr_array_index(files, i);
		char *key = key_of(e->name);
		if (g_hash_table_contains(keys, key)) {
			g_free(key);
			continue;
		}
		GError *err = NULL;
		struct dd_inbox_msg *m = read_message(e, limit, &err);
		if (!m) {
			g_free(key);
			if (err) {
				g_propagate_error(error, err);
				ok = false;
			}
			continue;
		}
		g_hash_table_add(keys, key);
		g_hash_table_replace(md->where, g_strdup(m->key), g_strdup(e->path));
		g_ptr_array_add(out, m);
	}
	g_hash_table_destroy(keys);
	g_ptr_array_free(files, TRUE);
	return ok;
}

/* Where the file of `key` is now: the path of the last fetch if it is
 * still there, else a search of new/ and cur/. NULL when gone. */
static char *locate(struct maildir *md, const char *key)
{
	const char *known = g_hash_table_lookup(md->where, key);
	if (known && access(known, F_OK) == 0)
		return g_strdup(known);
	const char *dirs[] = {md->new_dir, md->cur_dir};
	for (int i = 0; i < 2; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;
		char *found = NULL;
		while (d && !found && (de = readdir(d))) {
			char *k = key_of(de->d_name);
			if (de->d_name[0] != '.' && strcmp(k, key) == 0)
				found = g_build_filename(dirs[i], de->d_name, NULL);
			g_free(k);
		}
		if (d)
			closedir(d);
		if (found)
			return found;
	}
	return NULL;
}

static bool sync_dir(const char *dir, GError **error)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		io_error(error, "cannot sync", dir);
		if (fd >= 0)
			close(fd);
		return false;
	}
	close(fd);
	return true;
}

/* The flags of `name` plus S, in ASCII order as Maildir wants. */
static char *flags_with_seen(const char *name)
{
	GString *f = g_string_new(flags_of(name));
	if (!strchr(f->str, 'S'))
		g_string_append_c(f, 'S');
	char *s = g_string_free(f, FALSE);
	size_t n = strlen(s);
	for (size_t i = 1; i < n; i++)   /* insertion sort of a few letters */
		for (size_t j = i; j > 0 && s[j - 1] > s[j]; j--) {
			char t = s[j];
			s[j] = s[j - 1];
			s[j - 1] = t;
		}
	return s;
}

static bool md_done(struct dd_inbox *in, const char *key, GError **error)
{
	struct maildir *md = (struct maildir *)in;
	char *path = locate(md, key);
	if (!path) {
		g_set_error(error, DD_INBOX_ERROR, DD_INBOX_IO, "%s: no such message in %s", key,
		            md->new_dir);
		return false;
	}
	char *name = g_path_get_basename(path);
	char *dir = g_path_get_dirname(path);
	bool ok = true;
	if (strcmp(dir, md->cur_dir) != 0 || !strchr(flags_of(name), 'S')) {
		char *flags = flags_with_seen(name);
		char *target = g_strdup_printf("%s/%.*s:2,%s", md->cur_dir, (int)strcspn(name, ":"), name,
		                               flags);
		if (rename(path, target) != 0) {
			io_error(error, "cannot rename", path);
			ok = false;
		} else {
			ok = sync_dir(md->cur_dir, error) && sync_dir(dir, error);
		}
		g_free(flags);
		g_free(target);
	}
	if (ok)
		g_hash_table_remove(md->where, key);
	g_free(dir);
	g_free(name);
	g_free(path);
	return ok;
}

static bool md_wait(struct dd_inbox *in, int timeout_s, GError **error)
{
	struct maildir *md = (struct maildir *)in;
	int r = inbox_poll(md->inotify_fd, POLLIN, timeout_s < 0 ? -1 : timeout_s * 1000);
	if (r == -2) {
		io_error(error, "cannot wait on", md->new_dir);
		return false;
	}
	if (r == 1) {
		char buf[4096];
		while (read(md->inotify_fd, buf, sizeof buf) > 0)
			;   /* the events only say "look again" */
	}
	return true;
}

static void md_close(struct dd_inbox *in)
{
	struct maildir *md = (struct maildir *)in;
	if (md->inotify_fd >= 0)
		close(md->inotify_fd);
	g_hash_table_destroy(md->where);
	g_free(md->new_dir);
	g_free(md->cur_dir);
	g_free(md);
}

static const struct dd_inbox_ops MAILDIR_OPS = {md_fetch, md_done, md_wait, md_close};

struct dd_inbox *inbox_maildir_open(const struct dd_config *cfg, const char *path, GError **error)
{
	const char *subdirs[] = {"tmp", "new", "cur"};
	for (int i = 0; i < 3; i++) {
		char *d = g_build_filename(path, subdirs[i], NULL);
		int r = g_mkdir_with_parents(d, 0700);
		if (r != 0)
			io_error(error, "cannot create", d);
		g_free(d);
		if (r != 0)
			return NULL;
	}
	struct maildir *md = g_new0(struct maildir, 1);
	md->base.ops = &MAILDIR_OPS;
	md->base.cfg = cfg;
	md->new_dir = g_build_filename(path, "new", NULL);
	md->cur_dir = g_build_filename(path, "cur", NULL);
	md->where = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	md->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (md->inotify_fd < 0 ||
	    inotify_add_watch(md->inotify_fd, md->new_dir, IN_MOVED_TO | IN_CLOSE_WRITE) < 0) {
		io_error(error, "cannot watch", md->new_dir);
		md_close(&md->base);
		return NULL;
	}
	return &md->base;
}
