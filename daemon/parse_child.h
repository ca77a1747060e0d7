/*
 * parse_child.h — reading untrusted document bytes in a sandboxed child.
 *
 * The readers (parsers/read.h) run in a child process: the daemon re-executes
 * its own program (/proc/self/exe, or the one set with
 * parse_child_set_program) as `PROGRAM --parse-child any|eml`, with
 *   RLIMIT_CPU      cfg parse_cpu_seconds (SIGXCPU, then SIGKILL)
 *   RLIMIT_AS       cfg parse_memory_mb (not under AddressSanitizer, which
 *                   needs terabytes of address space for its shadow)
 *   RLIMIT_FSIZE 0  no file may be written
 *   RLIMIT_NOFILE   32
 *   PR_SET_NO_NEW_PRIVS, PR_SET_PDEATHSIG SIGKILL
 * a wall-clock timeout (parse_timeout_seconds, then SIGKILL), an
 * environment of LANG=C.UTF-8 only, stderr to /dev/null. The bytes go
 * through a pipe to its stdin; it writes the structured text
 * (parsers/doc.h) to stdout, one block a line, fields separated by tabs,
 * '\\', tab, newline and CR escaped as \\ \t \n \r:
 *
 *   dondoc-doc 1                        first line
 *   P <level> <page> <label> <text>     a paragraph (empty label: none)
 *   R <table> <page> <cell>...          a table row
 *   F <page>                            a page break
 *   ocr <page>                          a page read by OCR (one line each)
 *   mark <page> <conf> <word>           a word with digits OCR was unsure of
 *   pages <n>
 *   end                                 last line: the output is complete
 * or, when the reader refused the bytes:
 *   error <code> <message>              code: enum dd_read_error
 *
 * The parent rebuilds the struct dd_doc and runs the rules itself.
 *
 * Test hook: DONDOC_PARSE_CHILD_TEST=crash|hang|sleep|term in the
 * environment of the parent is passed to the child, which then, after
 * reading its input, raises SIGSEGV (crash), spins on the CPU (hang:
 * stopped by RLIMIT_CPU), sleeps (sleep: stopped by the timeout) or raises
 * SIGTERM (term: as when the service stops). Only the child honours it.
 */
#ifndef DONDOC_DAEMON_PARSE_CHILD_H
#define DONDOC_DAEMON_PARSE_CHILD_H

#include <glib.h>
#include <stddef.h>

#include "parsers/doc.h"

struct dd_parse_limits {
	int cpu_seconds;
	int memory_mb;
	int timeout_seconds;
};

/* What the child reads: any document (detected from the bytes) or a whole
 * e-mail (dd_read_eml: the first PDF/DOCX/ODT attachment, else the body). */
enum dd_parse_input { DD_PARSE_ANY, DD_PARSE_EML };

/* Errors of the child itself. A reader's refusal comes back in
 * DD_READ_ERROR with the reader's own code and message. */
#define DD_PARSE_CHILD_ERROR (dd_parse_child_error_quark())
GQuark dd_parse_child_error_quark(void);
enum dd_parse_child_error {
	DD_PARSE_CHILD_SPAWN,     /* could not start it: the caller may retry later */
	DD_PARSE_CHILD_CRASHED,   /* killed by a signal (a limit, or a reader's bug) */
	DD_PARSE_CHILD_TIMEOUT,   /* over the wall-clock limit */
	DD_PARSE_CHILD_OUTPUT,    /* exited without a complete answer */
	DD_PARSE_CHILD_STOPPED,   /* stopped from outside (SIGTERM, SIGINT, SIGHUP: the
	                             service is stopping): try again later */
};

/* Read `buf` in a child. `reader` names what reads it in error messages
 * ("the PDF reader"). Ignores SIGPIPE for the process (a child that dies
 * before reading its input must not kill the caller). */
struct dd_doc *parse_child_read(const void *buf, size_t len, enum dd_parse_input input,
                                const char *reader, const struct dd_parse_limits *lim,
                                GError **error);

/* The program started as the child (default "/proc/self/exe"): its main
 * must call parse_child_main() when argv[1] is "--parse-child". */
void parse_child_set_program(const char *path);

/* The child's side: `mode` is argv[2] ("any" or "eml"). Returns the exit status. */
int parse_child_main(const char *mode);

#endif
