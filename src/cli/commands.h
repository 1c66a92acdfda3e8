/* SPDX-License-Identifier: MIT */
/* The subcommands of manyi; each returns the process exit code (0 ok, 1 failure, 2 usage). */
#ifndef MANYI_CLI_COMMANDS_H
#define MANYI_CLI_COMMANDS_H

int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_tenant(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_jobs(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_survey_import(int argc, char **argv);
int cmd_import(int argc, char **argv);

/* Shared helpers of the command files (cli/main.c). */
struct db *cli_open_store(const char *url);
const char *cli_default_db(void);

#endif
