/*
 * dondoc.c — the command-line program: dispatches to one command.
 *
 *   dondoc parse [--units FILE] [--holidays FILE] [--json] FILE...
 *
 * The other commands of DESIGN.md (tasks, task, units, holidays, outbox,
 * digest, tick, import) come with the store.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "daemon/cli.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} COMMANDS[] = {
	{"parse", cmd_parse, "parse [--units FILE] [--holidays FILE] [--json] FILE..."},
};

static int usage(FILE *out)
{
	fputs("usage: dondoc COMMAND [ARGS]\ncommands:\n", out);
	for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
		fprintf(out, "  dondoc %s\n", COMMANDS[i].usage);
	return out == stdout ? EXIT_OK : EXIT_USAGE;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	if (argc < 2)
		return usage(stderr);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0)
		return usage(stdout);
	for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
		if (strcmp(argv[1], COMMANDS[i].name) == 0)
			return COMMANDS[i].run(argc - 1, argv + 1);
	fprintf(stderr, "dondoc: unknown command '%s'\n", argv[1]);
	return usage(stderr);
}
