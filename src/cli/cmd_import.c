/* SPDX-License-Identifier: MIT */
/* manyi import: streams a customer+event file (CSV or .xlsx, as exported by a dealer
 * management system) into a tenant, as the tenant's system administrator; prints the counts
 * and writes the per-row error report when asked. Same rules as the web import. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "io/csv_reader.h"
#include "service/followup.h"
#include "service/import_upload.h"

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"tenant", required_argument, 0, 't'}, {"format", required_argument, 0, 'f'},
        {"mapping", required_argument, 0, 'm'}, {"errors", required_argument, 0, 'e'},
        {"dry-run", no_argument, 0, 'n'},       {"db", required_argument, 0, 'd'},
        {"encoding", required_argument, 0, 'E'}, {"sheet", required_argument, 0, 's'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    const char *usage =
        "usage: manyi import --tenant ID [--format csv|xlsx] [--mapping JSON] [--dry-run]\n"
        "                    [--encoding auto|utf-8|gb18030|utf-16le] [--sheet NAME]\n"
        "                    [--errors REPORT.csv] [--db URL] FILE\n"
        "  Imports customers and business events (one row each; columns such as 客户编号,\n"
        "  客户姓名, 手机, 门店编码, 业务单号, 业务类型, 业务日期, 里程). Re-importing changes nothing.\n"
        "  A CSV's encoding is detected (BOM, UTF-8 or GBK/GB18030) unless --encoding names it;\n"
        "  an .xlsx is read from its first worksheet unless --sheet names another.\n";
    const char *url = cli_default_db(), *format = NULL, *mapping = NULL, *errors = NULL;
    const char *encoding = NULL, *sheet = NULL;
    long long tenant = 0;
    bool dry = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "t:f:m:e:nd:E:s:h", opts, NULL)) != -1) {
        switch (c) {
        case 't': tenant = strtoll(optarg, NULL, 10); break;
        case 'f': format = optarg; break;
        case 'm': mapping = optarg; break;
        case 'e': errors = optarg; break;
        case 'n': dry = true; break;
        case 'd': url = optarg; break;
        case 'E': encoding = optarg; break;
        case 's': sheet = optarg; break;
        case 'h': printf("%s", usage); return 0;
        default: fprintf(stderr, "%s", usage); return 2;
        }
    }
    if (optind != argc - 1 || tenant <= 0) {
        fprintf(stderr, "%s", usage);
        return 2;
    }
    const char *path = argv[optind];
    if (format == NULL) {
        size_t n = strlen(path);
        format = n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0 ? "xlsx" : "csv";
    }
    struct db *db = cli_open_store(url);
    if (db == NULL)
        return 1;
    struct svc_ctx ctx = {.db = db, .who = {.tenant_id = tenant, .role = ROLE_ADMIN}};
    snprintf(ctx.who.username, sizeof ctx.who.username, "system");
    snprintf(ctx.ip, sizeof ctx.ip, "cli");
    const char *base = strrchr(path, '/');
    struct import_opts o = {.filename = base != NULL ? base + 1 : path, .format = format,
                            .dry_run = dry, .mapping = mapping};
    struct tab_input *in = calloc(1, sizeof *in);
    if (in == NULL) {
        db_close(db);
        return 1;
    }
    in->encoding = encoding;
    in->sheet = sheet;
    bool xlsx = strcmp(format, "xlsx") == 0;
    if ((in->file = fopen(path, "rb")) == NULL) {
        perror(path);
        free(in);
        db_close(db);
        return 1;
    }
    json_t *out = NULL;
    struct mn_error err = {0};
    /* the record shows the file's size and how far the import has read, as for the web's */
    struct stat st;
    struct import_run x = {.bytes_total = fstat(fileno(in->file), &st) == 0 ? (int64_t)st.st_size : 0,
                           .progress = in->file};
    enum mn_status rc = svc_import_run_x(&ctx, &o, &x, xlsx ? xlsx_source_input : csv_source_input,
                                         in, &out, &err);
    fclose(in->file);
    int code = 0;
    if (rc != MN_OK) {
        fprintf(stderr, "manyi import: %s%s%s%s\n", mn_status_name(rc),
                err.field[0] ? ": " : "", err.field, err.hint[0] ? " " : "");
        if (err.hint[0])
            fprintf(stderr, "  %s\n", err.hint);
        if (rc == MN_ERR_DB)
            fprintf(stderr, "  %s\n", db->errmsg);
        code = 1;
    } else {
        printf("import %lld: %lld rows, %lld ok, %lld failed; %lld new customers, %lld new"
               " events%s\n",
               (long long)json_integer_value(json_object_get(out, "id")),
               (long long)json_integer_value(json_object_get(out, "rows_total")),
               (long long)json_integer_value(json_object_get(out, "rows_ok")),
               (long long)json_integer_value(json_object_get(out, "rows_failed")),
               (long long)json_integer_value(json_object_get(out, "customers_new")),
               (long long)json_integer_value(json_object_get(out, "events_new")),
               dry ? " (dry run: nothing written)" : "");
        if (xlsx)
            printf("worksheet: %s\n", in->sheet_used[0] ? in->sheet_used : "(the only one)");
        else
            printf("encoding: %s%s\n", in->encoding_used,
                   in->invalid_bytes > 0 ? " (with invalid bytes: see the failed rows)" : "");
        if (errors != NULL && !dry) {
            FILE *ef = fopen(errors, "wb");
            if (ef == NULL || svc_import_errors_csv(&ctx, json_integer_value(json_object_get(
                                                              out, "id")), ef) != MN_OK) {
                perror(errors);
                code = 1;
            }
            if (ef != NULL)
                fclose(ef);
        }
    }
    json_decref(out);
    free(in);
    db_close(db);
    return code;
}
