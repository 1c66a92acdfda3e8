/* SPDX-License-Identifier: MIT */
/* manyi jobs list | run [--job NAME] [--now TIME]: runs background jobs once, with a clock that
 * can be set, so tests and back-fills can see "day 7 after the sale" without waiting a week. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "db/db.h"
#include "jobs/jobs.h"

/* Accepts unix seconds, or RFC 3339 with Z or ±hh:mm ("2026-12-01T09:00:00+08:00"). */
static int parse_time(const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end == '\0' && end != s) {
        *out = v;
        return 0;
    }
    struct tm tm = {0};
    const char *rest = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (rest == NULL)
        return -1;
    int64_t t = (int64_t)timegm(&tm);
    if (*rest == 'Z' && rest[1] == '\0') {
        *out = t;
        return 0;
    }
    int hh, mm;
    if ((rest[0] == '+' || rest[0] == '-') && sscanf(rest + 1, "%2d:%2d", &hh, &mm) == 2 &&
        strlen(rest) == 6) {
        int64_t off = (int64_t)(hh * 3600 + mm * 60);
        *out = rest[0] == '+' ? t - off : t + off;
        return 0;
    }
    return -1;
}

int cmd_jobs(int argc, char **argv)
{
    static const struct option opts[] = {
        {"job", required_argument, 0, 'j'}, {"now", required_argument, 0, 'n'},
        {"db", required_argument, 0, 'd'},  {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *usage =
        "usage: manyi jobs list\n"
        "       manyi jobs run [--job NAME] [--now TIME] [--db URL]\n"
        "  Runs the background jobs once (all, or one), at the clock TIME: unix seconds or\n"
        "  RFC 3339 such as 2026-12-01T09:00:00+08:00 (default: now).\n";
    if (argc >= 2 && strcmp(argv[1], "list") == 0) {
        for (const struct job *j = jobs; j->name != NULL; j++)
            printf("%s every %ds\n", j->name, j->interval_seconds);
        return 0;
    }
    if (argc < 2 || strcmp(argv[1], "run") != 0) {
        bool help = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
        fprintf(help ? stdout : stderr, "%s", usage);
        return help ? 0 : 2;
    }
    const char *name = NULL, *url = cli_default_db();
    int64_t now = (int64_t)time(NULL);
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "j:n:d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'j': name = optarg; break;
        case 'n':
            if (parse_time(optarg, &now) != 0) {
                fprintf(stderr, "manyi jobs run: --now '%s' is not unix seconds or RFC 3339\n",
                        optarg);
                return 2;
            }
            break;
        case 'd': url = optarg; break;
        case 'h': printf("%s", usage); return 0;
        default: return 2;
        }
    }
    struct db *db = cli_open_store(url);
    if (db == NULL)
        return 1;
    enum mn_status rc = jobs_run_once(db, name, now, stdout);
    db_close(db);
    if (rc == MN_ERR_NOT_FOUND) {
        fprintf(stderr, "manyi jobs run: no job named '%s' (see manyi jobs list)\n", name);
        return 2;
    }
    return rc == MN_OK ? 0 : 1;
}
