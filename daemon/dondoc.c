/*
 * dondoc.c — the command-line program: dispatches to one command.
 *
 *   dondoc [-c FILE] [--now ISO8601] COMMAND [ARGS]
 *   dondoc parse [--units FILE] [--holidays FILE] [--json] FILE...
 *
 * -c names the config (default /etc/dondoc/dondoc.conf; `parse` does not
 * need one); --now fixes the one clock (daemon/clock.h).
 * The other commands of DESIGN.md (tasks, task, units, holidays, outbox,
 * digest, tick, import) come with the store.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "daemon/cli.h"
#include "daemon/clock.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} COMMANDS[] = {
	{"parse", cmd_parse, "parse [--units FILE] [--holidays FILE] [--json] FILE..."},
	{"documents", cmd_documents, "-c FILE documents [--json]"},
	{"tasks", cmd_tasks, "-c FILE tasks [--unit ID] [--status S] [--json]"},
	{"task", cmd_task, "-c FILE task show|confirm|close|reopen|extend|edit ID ..."},
	{"units", cmd_units, "-c FILE units import [FILE.csv] | units list [--all] [--json]"},
	{"holidays", cmd_holidays, "-c FILE holidays list YEAR [--json]"},
	{"workdays", cmd_workdays, "-c FILE workdays add YYYY-MM-DD 1|0 [WHY]"},
	{"outbox", cmd_outbox, "-c FILE outbox [--json] | outbox retry ID"},
	{"import", cmd_import, "-c FILE import DIR"},
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
	/* the global options, before the command */
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i += 2) {
		gint64 now;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return usage(stdout);
		if (i + 1 >= argc || (strcmp(argv[i], "-c") != 0 && strcmp(argv[i], "--now") != 0)) {
			fprintf(stderr, "dondoc: unknown option '%s'\n", argv[i]);
			return usage(stderr);
		}
		if (strcmp(argv[i], "-c") == 0) {
			cli_set_config_path(argv[i + 1]);
		} else if (clock_parse_iso(argv[i + 1], &now)) {
			clock_set(now);
		} else {
			fprintf(stderr, "dondoc: --now '%s': not ISO 8601 (2026-12-01T08:05:00+07:00)\n",
			        argv[i + 1]);
			return EXIT_USAGE;
		}
	}
	if (i >= argc)
		return usage(stderr);
	if (strcmp(argv[i], "help") == 0)
		return usage(stdout);
	for (size_t k = 0; k < sizeof COMMANDS / sizeof COMMANDS[0]; k++)
		if (strcmp(argv[i], COMMANDS[k].name) == 0)
			return COMMANDS[k].run(argc - i, argv + i);
	fprintf(stderr, "dondoc: unknown command '%s'\n", argv[i]);
	return usage(stderr);
}
