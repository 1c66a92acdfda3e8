/* SPDX-License-Identifier: MIT */
/* The SQL function mn_running_number(key, row, run) of SQLite connections
 * (db_sqlite_numbering.c; db.h says when to use it). Only the engine files include this. */
#ifndef MANYI_DB_SQLITE_NUMBERING_H
#define MANYI_DB_SQLITE_NUMBERING_H

#include <sqlite3.h>

/* Registers the function on h; an SQLite result code. */
int db_sqlite_numbering_register(sqlite3 *h);

#endif
