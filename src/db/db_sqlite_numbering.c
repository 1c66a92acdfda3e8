/* SPDX-License-Identifier: MIT */
/* mn_running_number(key, row, run): the SQL function that numbers rows per key as a statement
 * streams them, 1, 2, 3 … — what ROW_NUMBER() OVER (PARTITION BY key) gives, without the
 * window. SQLite's window buffers every row of a partition in an ephemeral table before it
 * numbers any (0.7 s of the 2 s that 500,000 follow-up tasks take, bench/import); this numbers
 * them where they are produced, in the statement's scan order.
 *
 *  - run: any value that differs from one execution of the statement to the next (the caller
 *    binds a fresh one); a new value starts every key again at 1.
 *  - row: the row's identity. A key's number moves on only when its row changes, so an
 *    expression SQLite happens to evaluate twice for one row (inside a correlated subquery,
 *    say) still numbers that row once.
 *
 * State is per connection (one thread at a time, db.h): an open-addressing table of keys. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db/db_sqlite_numbering.h"

struct slot {
    int64_t key, row, number;
    int used;
};

struct numbering {
    int64_t run;
    int started;
    struct slot *slots;
    size_t cap, n; /* cap is a power of two, kept at most half full */
};

static size_t hash_key(int64_t key, size_t cap)
{
    uint64_t x = (uint64_t)key * 0x9E3779B97F4A7C15u; /* Fibonacci hashing */
    return (size_t)(x >> 32) & (cap - 1);
}

static struct slot *find(struct numbering *nb, int64_t key)
{
    size_t i = hash_key(key, nb->cap);
    while (nb->slots[i].used && nb->slots[i].key != key)
        i = (i + 1) & (nb->cap - 1);
    return &nb->slots[i];
}

static int grow(struct numbering *nb)
{
    size_t cap = nb->cap == 0 ? 64 : nb->cap * 2;
    struct slot *old = nb->slots;
    size_t old_cap = nb->cap;
    nb->slots = calloc(cap, sizeof *nb->slots);
    if (nb->slots == NULL) {
        nb->slots = old;
        return -1;
    }
    nb->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].used)
            *find(nb, old[i].key) = old[i];
    free(old);
    return 0;
}

static void running_number(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    struct numbering *nb = sqlite3_user_data(ctx);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx); /* like a NULL partition key: no number */
        return;
    }
    int64_t key = sqlite3_value_int64(argv[0]);
    int64_t row = sqlite3_value_int64(argv[1]);
    int64_t run = sqlite3_value_int64(argv[2]);
    if (!nb->started || run != nb->run) {
        if (nb->cap > 0)
            memset(nb->slots, 0, nb->cap * sizeof *nb->slots);
        nb->n = 0;
        nb->run = run;
        nb->started = 1;
    }
    if ((nb->n + 1) * 2 > nb->cap && grow(nb) != 0) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    struct slot *s = find(nb, key);
    if (!s->used) {
        *s = (struct slot){.key = key, .row = row, .number = 1, .used = 1};
        nb->n++;
    } else if (s->row != row) {
        s->row = row;
        s->number++;
    }
    sqlite3_result_int64(ctx, s->number);
}

static void destroy(void *p)
{
    struct numbering *nb = p;
    free(nb->slots);
    free(nb);
}

int db_sqlite_numbering_register(sqlite3 *h)
{
    struct numbering *nb = calloc(1, sizeof *nb);
    if (nb == NULL)
        return SQLITE_NOMEM;
    /* Not SQLITE_DETERMINISTIC: the result depends on the calls before it, so SQLite must
     * neither cache nor hoist it. DIRECTONLY: never from a view, trigger or schema. */
    return sqlite3_create_function_v2(h, "mn_running_number", 3,
                                      SQLITE_UTF8 | SQLITE_DIRECTONLY, nb, running_number, NULL,
                                      NULL, destroy);
}
