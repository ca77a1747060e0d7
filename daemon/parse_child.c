/*
 * parse_child.c — the sandboxed reader (see parse_child.h): the parent
 * starts the child with its limits, feeds it the bytes, reads its answer
 * and rebuilds the document; the child reads stdin with parsers/read.h and
 * writes the blocks in the line format of parse_child.h.
 */
#include "daemon/parse_child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parsers/read.h"

G_DEFINE_QUARK(dd-parse-child-error-quark, dd_parse_child_error)

#define MAGIC "dondoc-doc 1"
#define MAX_OUTPUT (256u << 20)   /* bytes of answer accepted from the child */
#define TEST_ENV "DONDOC_PARSE_CHILD_TEST"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static char *program;

void parse_child_set_program(const char *path)
{
	g_free(program);
	program = g_strdup(path);
}

/* ------------------------------------------------------------------ */
/* The child                                                           */

static void put_escaped(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\\': fputs("\\\\", out); break;
		case '\t': fputs("\\t", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		default: fputc(*s, out);
		}
	}
}

static void write_doc(FILE *out, const struct dd_doc *doc)
{
	fputs(MAGIC "\n", out);
	for (size_t i = 0; i < doc->n; i++) {
		const struct dd_block *b = &doc->blocks[i];
		switch (b->kind) {
		case DD_PARA:
			fprintf(out, "P\t%d\t%d\t", b->level, b->page);
			put_escaped(out, b->label);
			fputc('\t', out);
			put_escaped(out, b->text);
			break;
		case DD_ROW:
			fprintf(out, "R\t%d\t%d", b->table, b->page);
			for (size_t c = 0; c < b->ncells; c++) {
				fputc('\t', out);
				put_escaped(out, b->cells[c]);
			}
			break;
		case DD_PAGE:
			fprintf(out, "F\t%d", b->page);
			break;
		}
		fputc('\n', out);
	}
	for (guint i = 0; doc->ocr_pages && i < doc->ocr_pages->len; i++)
		fprintf(out, "ocr\t%d\n", g_array_index(doc->ocr_pages, int, i));
	for (size_t i = 0; i < doc->nocr_marks; i++) {
		fprintf(out, "mark\t%d\t%d\t", doc->ocr_marks[i].page, doc->ocr_marks[i].conf);
		put_escaped(out, doc->ocr_marks[i].word);
		fputc('\n', out);
	}
	fprintf(out, "pages\t%d\nend\n", doc->pages);
}

/* The test hook of parse_child.h. */
static void misbehave_for_tests(void)
{
	const char *what = getenv(TEST_ENV);
	if (!what)
		return;
	if (strcmp(what, "crash") == 0) {
		signal(SIGSEGV, SIG_DFL);   /* past a sanitizer's own handler */
		raise(SIGSEGV);
	}
	if (strcmp(what, "hang") == 0)
		for (volatile unsigned long n = 0;; n++)
			;
	if (strcmp(what, "term") == 0)
		raise(SIGTERM);
	if (strcmp(what, "sleep") == 0)
		for (;;)
			pause();
}

int parse_child_main(const char *mode)
{
	GByteArray *in = g_byte_array_new();
	guint8 buf[65536];
	ssize_t n;
	while ((n = read(STDIN_FILENO, buf, sizeof buf)) > 0 && in->len <= DD_MAX_INPUT)
		g_byte_array_append(in, buf, (guint)n);
	misbehave_for_tests();

	GError *err = NULL;
	struct dd_doc *doc = NULL;
	if (n < 0)
		g_set_error(&err, DD_READ_ERROR, DD_READ_EMPTY, "cannot read the input: %s",
		            g_strerror(errno));
	else if (in->len > DD_MAX_INPUT)
		g_set_error(&err, DD_READ_ERROR, DD_READ_TOO_LARGE, "more than %u bytes", DD_MAX_INPUT);
	else if (mode && strcmp(mode, "eml") == 0)
		doc = dd_read_eml(in->data, in->len, &err);
	else
		doc = dd_read(in->data, in->len, &err);

	static char obuf[1 << 16];
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	if (doc) {
		write_doc(stdout, doc);
	} else {
		int code = err && err->domain == DD_READ_ERROR ? err->code : DD_READ_CORRUPT;
		fprintf(stdout, "error\t%d\t", code);
		put_escaped(stdout, err ? err->message : "unreadable");
		fputc('\n', stdout);
	}
	int status = fflush(stdout) == 0 ? 0 : 1;
	g_clear_error(&err);
	dd_doc_free(doc);
	g_byte_array_free(in, TRUE);
	return status;
}

/* ------------------------------------------------------------------ */
/* The parent: starting the child                                      */

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void child_setup(gpointer data)
{
	const struct dd_parse_limits *lim = data;
	struct rlimit cpu = {(rlim_t)lim->cpu_seconds, (rlim_t)lim->cpu_seconds + 2};
	struct rlimit fsize = {0, 0}, nofile = {32, 32};
	setrlimit(RLIMIT_CPU, &cpu);
	setrlimit(RLIMIT_FSIZE, &fsize);
	setrlimit(RLIMIT_NOFILE, &nofile);
#ifndef UNDER_ASAN
	struct rlimit as = {(rlim_t)lim->memory_mb << 20, (rlim_t)lim->memory_mb << 20};
	setrlimit(RLIMIT_AS, &as);
#endif
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
}

/* The child's environment: the locale, the test hook, the sanitizers' options. */
static GStrv child_env(void)
{
	static const char *const PASS[] = {TEST_ENV, "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"};
	GStrvBuilder *b = g_strv_builder_new();
	g_strv_builder_add(b, "LANG=C.UTF-8");
	for (size_t i = 0; i < G_N_ELEMENTS(PASS); i++) {
		const char *v = g_getenv(PASS[i]);
		if (v) {
			char *kv = g_strdup_printf("%s=%s", PASS[i], v);
			g_strv_builder_add(b, kv);
			g_free(kv);
		}
	}
	GStrv env = g_strv_builder_end(b);
	g_strv_builder_unref(b);
	return env;
}

/* What the exchange with the child came to. */
struct exchange {
	GString *out;
	bool timed_out, too_much;
	int status;          /* from waitpid */
};

/* Feed `buf` to the child and collect its output until it exits, the
 * deadline passes or the output grows too large (then it is killed). */
static void converse(GPid pid, int to_child, int from_child, const guint8 *buf, size_t len,
                     gint64 deadline, struct exchange *x)
{
	size_t sent = 0;
	char chunk[65536];
	fcntl(to_child, F_SETFL, O_NONBLOCK);
	fcntl(from_child, F_SETFL, O_NONBLOCK);
	if (len == 0) {
		close(to_child);
		to_child = -1;
	}
	while (from_child >= 0) {
		gint64 left = deadline - g_get_monotonic_time();
		if (left <= 0) {
			x->timed_out = true;
			break;
		}
		struct pollfd p[2] = {{from_child, POLLIN, 0}, {to_child, POLLOUT, 0}};
		int r = poll(p, to_child >= 0 ? 2 : 1, (int)MIN(left / 1000 + 1, 1000));
		if (r < 0 && errno != EINTR)
			break;
		if (to_child >= 0 && (p[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t n = write(to_child, buf + sent, MIN(len - sent, (size_t)65536));
			if (n > 0)
				sent += (size_t)n;
			if ((n < 0 && errno != EAGAIN) || sent == len) {
				close(to_child);   /* all sent, or the child stopped reading */
				to_child = -1;
			}
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(from_child, chunk, sizeof chunk);
			if (n > 0)
				g_string_append_len(x->out, chunk, n);
			if (n == 0 || (n < 0 && errno != EAGAIN)) {
				close(from_child);
				from_child = -1;
			} else if (x->out->len > MAX_OUTPUT) {
				x->too_much = true;
				break;
			}
		}
	}
	if (to_child >= 0)
		close(to_child);
	if (from_child >= 0) {
		close(from_child);
		kill(pid, SIGKILL);
	}
	/* The output is closed: the child is exiting, or must be stopped. */
	while (waitpid(pid, &x->status, WNOHANG) == 0) {
		if (g_get_monotonic_time() >= deadline) {
			x->timed_out = true;
			kill(pid, SIGKILL);
			waitpid(pid, &x->status, 0);
			break;
		}
		g_usleep(2000);
	}
}

/* ------------------------------------------------------------------ */
/* The parent: reading the answer                                      */

static char *unescape(const char *s)
{
	GString *out = g_string_sized_new(strlen(s));
	for (; *s; s++) {
		if (*s != '\\' || !s[1]) {
			g_string_append_c(out, *s);
			continue;
		}
		s++;
		g_string_append_c(out, *s == 't' ? '\t' : *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s);
	}
	return g_string_free(out, FALSE);
}

/* One line of the format into `doc`; false when it is not one. */
static bool read_line(struct dd_doc *doc, char **f, guint nf)
{
	if (nf >= 5 && strcmp(f[0], "P") == 0) {
		char *label = unescape(f[3]), *text = unescape(f[4]);
		dd_doc_add_para(doc, label, atoi(f[1]), text);
		doc->blocks[doc->n - 1].page = atoi(f[2]);
		g_free(label);
		g_free(text);
	} else if (nf >= 3 && strcmp(f[0], "R") == 0) {
		char **cells = g_new0(char *, nf - 3 + 1);
		for (guint i = 3; i < nf; i++)
			cells[i - 3] = unescape(f[i]);
		dd_doc_add_row(doc, atoi(f[1]), (const char *const *)cells, nf - 3);
		doc->blocks[doc->n - 1].page = atoi(f[2]);
		g_strfreev(cells);
	} else if (nf == 2 && strcmp(f[0], "F") == 0) {
		dd_doc_add_page(doc);
		doc->blocks[doc->n - 1].page = atoi(f[1]);
	} else if (nf == 2 && strcmp(f[0], "pages") == 0) {
		doc->pages = atoi(f[1]);
	} else if (nf == 2 && strcmp(f[0], "ocr") == 0) {
		dd_doc_add_ocr_page(doc, atoi(f[1]));
	} else if (nf == 4 && strcmp(f[0], "mark") == 0) {
		char *word = unescape(f[3]);
		dd_doc_add_ocr_mark(doc, atoi(f[1]), word, atoi(f[2]));
		g_free(word);
	} else {
		return false;
	}
	return true;
}

/* The child's answer: a document, or its error. */
static struct dd_doc *read_answer(char *out, const char *reader, GError **error)
{
	if (g_str_has_prefix(out, "error\t")) {
		char **f = g_strsplit(g_strchomp(out), "\t", 3);
		char *msg = unescape(f[1] && f[2] ? f[2] : "unreadable");
		int code = f[1] ? atoi(f[1]) : DD_READ_CORRUPT;
		g_set_error_literal(error, DD_READ_ERROR, code, msg);
		g_free(msg);
		g_strfreev(f);
		return NULL;
	}
	struct dd_doc *doc = dd_doc_new();
	bool ok = g_str_has_prefix(out, MAGIC "\n"), complete = false;
	char *line = out + (ok ? strlen(MAGIC "\n") : 0);
	while (ok && *line && !complete) {
		char *nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		if (strcmp(line, "end") == 0) {
			complete = true;
		} else {
			char **f = g_strsplit(line, "\t", -1);
			ok = read_line(doc, f, g_strv_length(f));
			g_strfreev(f);
		}
		line = nl + 1;
	}
	if (!complete) {
		g_set_error(error, DD_PARSE_CHILD_ERROR, DD_PARSE_CHILD_OUTPUT,
		            "%s gave an incomplete answer", reader);
		dd_doc_free(doc);
		return NULL;
	}
	return doc;
}

/* The reason the child ended without an answer. */
static void explain_failure(const struct exchange *x, const char *reader,
                            const struct dd_parse_limits *lim, GError **error)
{
	if (x->timed_out) {
		g_set_error(error, DD_PARSE_CHILD_ERROR, DD_PARSE_CHILD_TIMEOUT, "%s timed out after %d s",
		            reader, lim->timeout_seconds);
	} else if (x->too_much) {
		g_set_error(error, DD_PARSE_CHILD_ERROR, DD_PARSE_CHILD_OUTPUT,
		            "%s produced more than %u MB of text", reader, MAX_OUTPUT >> 20);
	} else if (WIFSIGNALED(x->status)) {
		int sig = WTERMSIG(x->status);
		if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP)
			g_set_error(error, DD_PARSE_CHILD_ERROR, DD_PARSE_CHILD_STOPPED,
			            "%s was stopped (signal %d: %s)", reader, sig, g_strsignal(sig));
		else if (sig == SIGXCPU || sig == SIGKILL)
			g_set_error(error, DD_PARSE_CHILD_ERROR, DD_PARSE_CHILD_CRASHED,
			            "%s used more than its %d s of CPU time (signal %d)", reader,
			            lim->cpu_seconds, sig);
		else
			g_set_error(error, DD_PARSE_CHILD_ERROR, DD_PARSE_CHILD_CRASHED,
			            "%s crashed (signal %d: %s)%s", reader, sig, g_strsignal(sig),
			            sig == SIGABRT ? "; it may have gone over its memory limit" : "");
	} else {
		g_set_error(error, DD_PARSE_CHILD_ERROR, DD_PARSE_CHILD_OUTPUT,
		            "%s failed (exit status %d)", reader,
		            WIFEXITED(x->status) ? WEXITSTATUS(x->status) : -1);
	}
}

struct dd_doc *parse_child_read(const void *buf, size_t len, enum dd_parse_input input,
                                const char *reader, const struct dd_parse_limits *lim,
                                GError **error)
{
	signal(SIGPIPE, SIG_IGN);
	const char *argv[] = {program ? program : "/proc/self/exe", "--parse-child",
	                      input == DD_PARSE_EML ? "eml" : "any", NULL};
	GStrv env = child_env();
	GPid pid;
	int to_child = -1, from_child = -1;
	GError *e = NULL;
	gboolean started = g_spawn_async_with_pipes_and_fds(
		NULL, argv, (const char *const *)env,
		G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_CLOEXEC_PIPES | G_SPAWN_STDERR_TO_DEV_NULL,
		child_setup, (gpointer)lim, -1, -1, -1, NULL, NULL, 0, &pid, &to_child, &from_child,
		NULL, &e);
	g_strfreev(env);
	if (!started) {
		g_set_error(error, DD_PARSE_CHILD_ERROR, DD_PARSE_CHILD_SPAWN,
		            "cannot start the reader process %s: %s", argv[0], e->message);
		g_error_free(e);
		return NULL;
	}

	struct exchange x = {g_string_new(NULL), false, false, 0};
	gint64 deadline = g_get_monotonic_time() + (gint64)lim->timeout_seconds * G_USEC_PER_SEC;
	converse(pid, to_child, from_child, buf, len, deadline, &x);
	g_spawn_close_pid(pid);

	struct dd_doc *doc = NULL;
	bool exited = WIFEXITED(x.status) && !x.timed_out && !x.too_much;
	if (exited && (g_str_has_prefix(x.out->str, "error\t") || WEXITSTATUS(x.status) == 0))
		doc = read_answer(x.out->str, reader, error);
	else
		explain_failure(&x, reader, lim, error);
	g_string_free(x.out, TRUE);
	return doc;
}
