/* SPDX-License-Identifier: MIT */
/* The manyi command: a table of subcommands (serve, migrate, tenant, user, demo, routes,
 * version), each with --help. Settings come from flags, then MANYI_* environment variables. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <malloc.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db/migrate.h"
#include "http/http.h"
#include "http/server.h"
#include "service/service.h"
#include "cli/commands.h"

static const char *env_or(const char *name, const char *def)
{
    const char *v = getenv(name);
    return v != NULL && *v != '\0' ? v : def;
}

const char *cli_default_db(void)
{
    return env_or("MANYI_DB", "sqlite:var/manyi.db");
}

/* Creates the folder of a SQLite file so that a fresh checkout can start at once. */
static void ensure_sqlite_dir(const char *url)
{
    if (strncmp(url, "postgres", 8) == 0)
        return;
    const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", path);
    char *dir = dirname(buf);
    for (char *p = dir + 1; *p != '\0'; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0750);
            *p = '/';
        }
    }
    mkdir(dir, 0750);
}

/* Opens and migrates the store; prints the reason on failure. */
struct db *cli_open_store(const char *url)
{
    struct db *db = NULL;
    char err[256];
    int applied = 0;
    ensure_sqlite_dir(url);
    if (db_open(url, &db, err, sizeof err) != MN_OK) {
        fprintf(stderr, "manyi: cannot open the store %s: %s\n", url, err);
        return NULL;
    }
    if (db_migrate(db, &applied) != MN_OK) {
        fprintf(stderr, "manyi: migrating the store failed: %s\n", db->errmsg);
        db_close(db);
        return NULL;
    }
    if (applied > 0)
        fprintf(stderr, "manyi: applied %d migration(s)\n", applied);
    return db;
}

static void print_error(const char *what, enum mn_status rc, const struct mn_error *err)
{
    if (err->code == rc && err->field[0] != '\0')
        fprintf(stderr, "manyi: %s: %s %s\n", what, err->field, err->hint);
    else
        fprintf(stderr, "manyi: %s: %s\n", what, mn_status_name(rc));
}

/* Reads a password from MANYI_PASSWORD or one line of stdin. */
static int read_password(char *buf, size_t cap)
{
    const char *env = getenv("MANYI_PASSWORD");
    if (env != NULL && *env != '\0') {
        snprintf(buf, cap, "%s", env);
        return 0;
    }
    if (isatty(STDIN_FILENO))
        fprintf(stderr, "password: ");
    if (fgets(buf, (int)cap, stdin) == NULL) {
        fprintf(stderr, "manyi: no password given (set MANYI_PASSWORD or pipe it on stdin)\n");
        return -1;
    }
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

/* --- subcommands ------------------------------------------------------------------------------- */

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, 0, 'l'}, {"db", required_argument, 0, 'd'},
        {"threads", required_argument, 0, 't'}, {"web-root", required_argument, 0, 'w'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0},
    };
    struct server_config cfg = {
        .listen = env_or("MANYI_LISTEN", "127.0.0.1:8080"),
        .db_url = cli_default_db(),
        .web_root = env_or("MANYI_WEB_ROOT", MANYI_SOURCE_DIR "/web/dist"),
        .threads = atoi(env_or("MANYI_THREADS", "0")),
        .access_log = strcmp(env_or("MANYI_ACCESS_LOG", "1"), "0") != 0,
        .cookie_secure = strcmp(env_or("MANYI_COOKIE_SECURE", "0"), "1") == 0,
        .jobs = strcmp(env_or("MANYI_JOBS", "1"), "0") != 0,
    };
    int c;
    while ((c = getopt_long(argc, argv, "l:d:t:w:h", opts, NULL)) != -1) {
        switch (c) {
        case 'l': cfg.listen = optarg; break;
        case 'd': cfg.db_url = optarg; break;
        case 't': cfg.threads = atoi(optarg); break;
        case 'w': cfg.web_root = optarg; break;
        case 'h':
            printf("usage: manyi serve [--listen HOST:PORT] [--db URL] [--threads N] [--web-root DIR]\n"
                   "  Serves the API and the web app. Defaults: MANYI_LISTEN=127.0.0.1:8080,\n"
                   "  MANYI_DB=sqlite:var/manyi.db, MANYI_WEB_ROOT=<source>/web/dist.\n"
                   "  On an empty store, creates the first tenant and the user 'admin' with\n"
                   "  the password MANYI_ADMIN_PASSWORD (or a generated one, printed once).\n"
                   "  MANYI_ACCESS_LOG=0 silences the access log; MANYI_COOKIE_SECURE=1 marks\n"
                   "  the session cookie Secure (behind HTTPS); MANYI_JOBS=0 leaves the\n"
                   "  background jobs to another process (or to `manyi jobs run`).\n");
            return 0;
        default: return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "manyi serve: unexpected argument '%s' (see --help)\n", argv[optind]);
        return 2;
    }
    struct db *db = cli_open_store(cfg.db_url);
    if (db == NULL)
        return 1;
    http_settings.db_engine_name = db->engine == DB_POSTGRES ? "postgres" : "sqlite";
    char generated[32];
    bool created;
    enum mn_status rc = svc_bootstrap(db, getenv("MANYI_ADMIN_PASSWORD"), generated, &created);
    db_close(db);
    if (rc != MN_OK) {
        fprintf(stderr, "manyi: creating the first tenant failed: %s%s\n", mn_status_name(rc),
                rc == MN_ERR_INVALID ? " (MANYI_ADMIN_PASSWORD must have 10–128 characters)" : "");
        return 1;
    }
    if (created && generated[0] != '\0')
        fprintf(stderr, "manyi: created the first tenant; log in as 'admin' with password: %s\n"
                        "manyi: (shown once; change it after logging in)\n", generated);
    else if (created)
        fprintf(stderr, "manyi: created the first tenant; log in as 'admin' with MANYI_ADMIN_PASSWORD\n");
    sodium_memzero(generated, sizeof generated);
    if (svc_login_warm() != MN_OK) {
        fprintf(stderr, "manyi: libsodium could not hash a password\n");
        return 1;
    }
    return server_run(&cfg);
}

static int simple_db_opts(int argc, char **argv, const char *usage, const char **db_url)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c;
    *db_url = cli_default_db();
    while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
        if (c == 'd')
            *db_url = optarg;
        else if (c == 'h') {
            printf("%s", usage);
            return 0;
        } else
            return 2;
    }
    if (optind < argc) {
        fprintf(stderr, "manyi: unexpected argument '%s' (see --help)\n", argv[optind]);
        return 2;
    }
    return -1;
}

int cmd_migrate(int argc, char **argv)
{
    const char *url;
    int rc = simple_db_opts(argc, argv,
                            "usage: manyi migrate [--db URL]\n"
                            "  Applies the embedded SQL migrations that the store lacks.\n", &url);
    if (rc >= 0)
        return rc;
    struct db *db = cli_open_store(url);
    if (db == NULL)
        return 1;
    int version = 0;
    db_schema_version(db, &version);
    printf("schema version %d\n", version);
    db_close(db);
    return 0;
}

int cmd_tenant(int argc, char **argv)
{
    static const struct option opts[] = {
        {"name", required_argument, 0, 'n'}, {"timezone", required_argument, 0, 'z'},
        {"db", required_argument, 0, 'd'},   {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *usage = "usage: manyi tenant add --name NAME [--timezone Asia/Shanghai] [--db URL]\n"
                        "  Creates a tenant (a dealer group or company); prints its id.\n";
    if (argc < 2 || strcmp(argv[1], "add") != 0) {
        if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
            printf("%s", usage);
            return 0;
        }
        fprintf(stderr, "%s", usage);
        return 2;
    }
    const char *name = NULL, *tz = "Asia/Shanghai", *url = cli_default_db();
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "n:z:d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'n': name = optarg; break;
        case 'z': tz = optarg; break;
        case 'd': url = optarg; break;
        case 'h': printf("%s", usage); return 0;
        default: return 2;
        }
    }
    if (name == NULL) {
        fprintf(stderr, "manyi tenant add: --name is required\n");
        return 2;
    }
    struct db *db = cli_open_store(url);
    if (db == NULL)
        return 1;
    int64_t id = 0;
    struct mn_error err = {0};
    enum mn_status rc = svc_tenant_create(db, name, tz, &id, &err);
    db_close(db);
    if (rc != MN_OK) {
        print_error("tenant add", rc, &err);
        return 1;
    }
    printf("%lld\n", (long long)id);
    return 0;
}

static int user_add(int argc, char **argv)
{
    static const struct option opts[] = {
        {"tenant", required_argument, 0, 'T'},     {"username", required_argument, 0, 'u'},
        {"role", required_argument, 0, 'r'},       {"store", required_argument, 0, 's'},
        {"department", required_argument, 0, 'D'}, {"display-name", required_argument, 0, 'n'},
        {"db", required_argument, 0, 'd'},         {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *usage =
        "usage: manyi user add --username U --role ROLE [--tenant ID] [--store ID]\n"
        "                      [--department ID] [--display-name NAME] [--db URL]\n"
        "  Creates a user; the password comes from MANYI_PASSWORD or a line on stdin.\n"
        "  Roles: admin, store_manager, dept_manager, cr_agent, staff, auditor.\n";
    struct user_input in = {.set = F_USERNAME | F_ROLE | F_PASSWORD};
    int64_t tenant = 1;
    const char *url = cli_default_db();
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "T:u:r:s:D:n:d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'T': tenant = atoll(optarg); break;
        case 'u': snprintf(in.v.username, sizeof in.v.username, "%s", optarg); break;
        case 'r': snprintf(in.v.role, sizeof in.v.role, "%s", optarg); break;
        case 's': in.v.store_id = atoll(optarg), in.set |= F_STORE_ID; break;
        case 'D': in.v.department_id = atoll(optarg), in.set |= F_DEPARTMENT_ID; break;
        case 'n':
            snprintf(in.v.display_name, sizeof in.v.display_name, "%s", optarg);
            in.set |= F_DISPLAY_NAME;
            break;
        case 'd': url = optarg; break;
        case 'h': printf("%s", usage); return 0;
        default: return 2;
        }
    }
    if (in.v.username[0] == '\0' || in.v.role[0] == '\0') {
        fprintf(stderr, "manyi user add: --username and --role are required\n%s", usage);
        return 2;
    }
    if (read_password(in.password, sizeof in.password) != 0)
        return 2;
    struct db *db = cli_open_store(url);
    if (db == NULL)
        return 1;
    struct user out;
    struct mn_error err = {0};
    enum mn_status rc = svc_user_create_system(db, tenant, &in, &out, &err);
    sodium_memzero(in.password, sizeof in.password);
    db_close(db);
    if (rc != MN_OK) {
        print_error("user add", rc, &err);
        return 1;
    }
    printf("%lld\n", (long long)out.id);
    return 0;
}

static int user_passwd(int argc, char **argv)
{
    static const struct option opts[] = {
        {"username", required_argument, 0, 'u'}, {"db", required_argument, 0, 'd'},
        {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
    const char *usage = "usage: manyi user passwd --username U [--db URL]\n"
                        "  Sets a user's password (MANYI_PASSWORD or a line on stdin) and ends\n"
                        "  the user's sessions.\n";
    const char *username = NULL, *url = cli_default_db();
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "u:d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'u': username = optarg; break;
        case 'd': url = optarg; break;
        case 'h': printf("%s", usage); return 0;
        default: return 2;
        }
    }
    if (username == NULL) {
        fprintf(stderr, "manyi user passwd: --username is required\n");
        return 2;
    }
    char pw[520];
    if (read_password(pw, sizeof pw) != 0)
        return 2;
    struct db *db = cli_open_store(url);
    if (db == NULL)
        return 1;
    struct mn_error err = {0};
    enum mn_status rc = svc_user_set_password_system(db, username, pw, &err);
    sodium_memzero(pw, sizeof pw);
    db_close(db);
    if (rc != MN_OK) {
        print_error("user passwd", rc, &err);
        return 1;
    }
    printf("password changed; sessions of %s ended\n", username);
    return 0;
}

int cmd_user(int argc, char **argv)
{
    const char *usage = "usage: manyi user add|passwd … (each takes --help)\n";
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return user_add(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "passwd") == 0)
        return user_passwd(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("%s", usage);
        return 0;
    }
    fprintf(stderr, "%s", usage);
    return 2;
}

int cmd_demo(int argc, char **argv)
{
    const char *url;
    int rc = simple_db_opts(argc, argv,
                            "usage: manyi demo [--db URL]\n"
                            "  Loads a demo dealer group (two stores, their departments, about 20\n"
                            "  employees and users of every role) into a new tenant. Demo users\n"
                            "  log in with MANYI_DEMO_PASSWORD (default manyi-demo-2026).\n", &url);
    if (rc >= 0)
        return rc;
    struct db *db = cli_open_store(url);
    if (db == NULL)
        return 1;
    /* the first tenant and its admin come first, as `manyi serve` would make them */
    char generated[32];
    bool created;
    enum mn_status st = svc_bootstrap(db, getenv("MANYI_ADMIN_PASSWORD"), generated, &created);
    if (st != MN_OK) {
        fprintf(stderr, "manyi: creating the first tenant failed: %s\n", mn_status_name(st));
        db_close(db);
        return 1;
    }
    if (created && generated[0] != '\0')
        printf("created the first tenant; log in as 'admin' with password: %s (shown once)\n",
               generated);
    sodium_memzero(generated, sizeof generated);
    char summary[2048];
    struct mn_error err = {0};
    st = svc_demo_load(db, env_or("MANYI_DEMO_PASSWORD", "manyi-demo-2026"),
                                      summary, sizeof summary, &err);
    db_close(db);
    if (st == MN_ERR_CONFLICT) { /* loading twice is not an error: make run DEMO=1 repeats */
        printf("demo data is already loaded (user demo.admin exists)\n");
        return 0;
    }
    if (st != MN_OK) {
        print_error("demo", st, &err);
        return 1;
    }
    printf("%s", summary);
    return 0;
}

int cmd_routes(int argc, char **argv)
{
    if (argc > 1) {
        bool help = strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0;
        fprintf(help ? stdout : stderr, "usage: manyi routes\n  Prints every HTTP route as METHOD PATH.\n");
        return help ? 0 : 2;
    }
    for (size_t i = 0; i < n_routes; i++)
        printf("%s %s\n", routes[i].method, routes[i].pattern);
    return 0;
}

int cmd_version(int argc, char **argv)
{
    if (argc > 1) {
        bool help = strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0;
        fprintf(help ? stdout : stderr, "usage: manyi version\n  Prints the version.\n");
        return help ? 0 : 2;
    }
    printf("manyi %s\n", MANYI_VERSION);
    return 0;
}

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
#define COMMAND(name, fn, summary) {name, fn, summary},
#include "cli/commands.def"
#undef COMMAND
};

static void usage(FILE *out)
{
    fprintf(out, "usage: manyi COMMAND [--help]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(1, argv);
    /* SQLite opens a statement journal for every INSERT … ON CONFLICT inside a transaction and
     * frees it at once; with glibc's default 128 KiB trim threshold each free shrank the heap
     * and the next statement grew it again, a TLB shootdown per row: 3x the run time of the
     * follow-up scheduler and the import (bench/import). Keep 64 MiB at the top of the heap. */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
    if (svc_init() != MN_OK) {
        fprintf(stderr, "manyi: libsodium failed to initialise\n");
        return 1;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "manyi: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
