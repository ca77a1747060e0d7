/*
 * cli.h — the commands of the `dondoc` program.
 *
 * Each command takes its own arguments (argv[0] is the command name) and
 * returns the process exit status: 0 ok, 1 failure, 2 usage (DESIGN.md).
 */
#ifndef DONDOC_DAEMON_CLI_H
#define DONDOC_DAEMON_CLI_H

#define EXIT_OK 0
#define EXIT_FAIL 1
#define EXIT_USAGE 2

int cmd_parse(int argc, char **argv);

#endif
