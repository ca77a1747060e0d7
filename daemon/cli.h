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

/* The config file of `dondoc -c FILE` (default /etc/dondoc/dondoc.conf). */
void cli_set_config_path(const char *path);

/* The store's queries and corrections (cli_store.c, cli_admin.c). */
int cmd_documents(int argc, char **argv);
int cmd_tasks(int argc, char **argv);
int cmd_task(int argc, char **argv);
int cmd_units(int argc, char **argv);
int cmd_holidays(int argc, char **argv);
int cmd_workdays(int argc, char **argv);
int cmd_outbox(int argc, char **argv);
/* cli_import.c: bulk-ingest a directory of directives (see there). */
int cmd_import(int argc, char **argv);

#endif
