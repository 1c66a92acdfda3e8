/* SPDX-License-Identifier: MIT */
/* `manyi export` writes a survey's responses as CSV (one column per question, matrix rows as
 * q<id>.<row>). It is an operator's tool run on the server with the store's credentials, so it
 * acts as the tenant's administrator and writes the free text of text answers in full; each
 * such export is one "view_pii" audit entry on the survey (view "export", user "cli").
 * --mask-text writes "***" instead (for a file handed to someone who may not see personal
 * data; no audit entry then). The CSV holds no phone numbers or e-mail addresses: customers
 * appear by id. `manyi survey-import` streams a CSV or .xlsx of past responses into a survey with a
 * column/value mapping (JSON file), the same use case as POST /api/v1/surveys/{id}/imports.
 * Both act as the tenant's administrator ("cli" in the audit log). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "io/csv_reader.h"
#include "service/survey.h"

static void cli_ctx(struct svc_ctx *ctx, struct db *db, int64_t tenant_id)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->db = db;
    ctx->who.tenant_id = tenant_id;
    ctx->who.role = ROLE_ADMIN;
    snprintf(ctx->who.username, sizeof ctx->who.username, "cli");
    snprintf(ctx->ip, sizeof ctx->ip, "cli");
}

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"survey", required_argument, 0, 's'}, {"tenant", required_argument, 0, 't'},
        {"out", required_argument, 0, 'o'},    {"db", required_argument, 0, 'd'},
        {"mask-text", no_argument, 0, 'm'},    {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *usage =
        "usage: manyi export --survey ID [--tenant ID] [--out FILE] [--mask-text] [--db URL]\n"
        "  Writes the survey's responses as CSV (default: standard output).\n"
        "  The free text of answers is personal data: it is written in full and the export is\n"
        "  recorded in the audit log (view_pii); --mask-text writes *** instead.\n";
    int64_t survey = 0, tenant = 1;
    bool mask = false;
    const char *out_path = NULL, *url = cli_default_db();
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:t:o:md:h", opts, NULL)) != -1) {
        switch (c) {
        case 's': survey = strtoll(optarg, NULL, 10); break;
        case 't': tenant = strtoll(optarg, NULL, 10); break;
        case 'o': out_path = optarg; break;
        case 'm': mask = true; break;
        case 'd': url = optarg; break;
        case 'h': printf("%s", usage); return 0;
        default: return 2;
        }
    }
    if (survey <= 0) {
        fprintf(stderr, "%s", usage);
        return 2;
    }
    struct db *db = cli_open_store(url);
    if (db == NULL)
        return 1;
    FILE *out = out_path != NULL ? fopen(out_path, "w") : stdout;
    if (out == NULL) {
        perror(out_path);
        db_close(db);
        return 1;
    }
    struct svc_ctx ctx;
    cli_ctx(&ctx, db, tenant);
    int64_t rows = 0;
    enum mn_status rc = svc_survey_export_csv(&ctx, survey, mask, out, &rows);
    if (out != stdout)
        fclose(out);
    db_close(db);
    if (rc != MN_OK) {
        fprintf(stderr, "manyi export: %s\n", rc == MN_ERR_NOT_FOUND ? "no such survey"
                                              : rc == MN_ERR_CONFLICT ? "the survey is not published"
                                              : mn_status_name(rc));
        return 1;
    }
    fprintf(stderr, "manyi export: %lld responses\n", (long long)rows);
    return 0;
}

int cmd_survey_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"survey", required_argument, 0, 's'}, {"tenant", required_argument, 0, 't'},
        {"mapping", required_argument, 0, 'm'}, {"store", required_argument, 0, 'S'},
        {"dry-run", no_argument, 0, 'n'},      {"db", required_argument, 0, 'd'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    const char *usage =
        "usage: manyi survey-import --survey ID --mapping FILE.json [--tenant ID] [--store ID]\n"
        "                           [--dry-run] [--db URL] FILE.csv|FILE.xlsx...\n"
        "  Imports past responses; a re-import skips rows already imported (key column).\n";
    int64_t survey = 0, tenant = 1, store = 0;
    const char *mapping_path = NULL, *url = cli_default_db();
    bool dry = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:t:m:S:nd:h", opts, NULL)) != -1) {
        switch (c) {
        case 's': survey = strtoll(optarg, NULL, 10); break;
        case 't': tenant = strtoll(optarg, NULL, 10); break;
        case 'm': mapping_path = optarg; break;
        case 'S': store = strtoll(optarg, NULL, 10); break;
        case 'n': dry = true; break;
        case 'd': url = optarg; break;
        case 'h': printf("%s", usage); return 0;
        default: return 2;
        }
    }
    if (survey <= 0 || mapping_path == NULL || optind >= argc) {
        fprintf(stderr, "%s", usage);
        return 2;
    }
    json_error_t jerr;
    json_t *mapping = json_load_file(mapping_path, 0, &jerr);
    if (!json_is_object(mapping)) {
        fprintf(stderr, "manyi survey-import: %s: %s\n", mapping_path, jerr.text);
        json_decref(mapping);
        return 2;
    }
    struct db *db = cli_open_store(url);
    if (db == NULL) {
        json_decref(mapping);
        return 1;
    }
    struct svc_ctx ctx;
    cli_ctx(&ctx, db, tenant);
    int status = 0;
    for (int i = optind; i < argc && status == 0; i++) {
        size_t len = strlen(argv[i]);
        bool xlsx = len > 5 && strcmp(argv[i] + len - 5, ".xlsx") == 0;
        FILE *in = xlsx ? NULL : fopen(argv[i], "r");
        if (!xlsx && in == NULL) {
            perror(argv[i]);
            status = 1;
            break;
        }
        struct import_spec spec = {.survey_id = survey, .mapping = mapping, .dry_run = dry,
                                   .xlsx = xlsx, .store_id = store, .max_errors = 20};
        struct mn_error err = {0};
        json_t *out = NULL;
        enum mn_status rc = xlsx ? svc_survey_import(&ctx, &spec, xlsx_source_file, argv[i], &out,
                                                     &err)
                                 : svc_survey_import(&ctx, &spec, csv_source_file, in, &out, &err);
        if (in != NULL)
            fclose(in);
        if (rc != MN_OK) {
            fprintf(stderr, "manyi survey-import: %s: %s %s %s\n", argv[i], mn_status_name(rc),
                    err.field, err.hint);
            status = 1;
            break;
        }
        json_object_del(out, "preview");
        char *text = json_dumps(out, JSON_COMPACT);
        printf("%s: %s\n", argv[i], text);
        free(text);
        json_decref(out);
    }
    json_decref(mapping);
    db_close(db);
    return status;
}
