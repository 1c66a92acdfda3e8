/* SPDX-License-Identifier: MIT */
/* The bulk writer's background checkpointer (db_sqlite_checkpointer.c), for db_sqlite.c. */
#ifndef MANYI_DB_SQLITE_CHECKPOINTER_H
#define MANYI_DB_SQLITE_CHECKPOINTER_H

#include <sqlite3.h>

struct sq_checkpointer;

/* Starts checkpointing writer's WAL on a thread of its own whenever a commit leaves at least
 * threshold_frames in it, and takes over writer's WAL hook (SQLite's automatic checkpoint).
 * An SQLite result code; on failure *out is NULL and the writer keeps its own checkpoints. */
int sq_checkpointer_start(sqlite3 *writer, int threshold_frames, struct sq_checkpointer **out);
/* Waits for a checkpoint under way, stops the thread, and gives the hook back (NULL: no hook;
 * the caller restores the automatic checkpoint). Accepts NULL. */
void sq_checkpointer_stop(sqlite3 *writer, struct sq_checkpointer *c);

#endif
