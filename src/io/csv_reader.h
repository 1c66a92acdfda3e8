/* SPDX-License-Identifier: MIT */
/* Streaming CSV (RFC 4180, libcsv) and .xlsx (libzip + expat) readers that hand each record to
 * a callback as an array of NUL-terminated fields, so an import never holds a whole file.
 * The first record is the header. A leading UTF-8 byte-order mark is dropped. */
#ifndef MANYI_IO_CSV_READER_H
#define MANYI_IO_CSV_READER_H

#include <stddef.h>
#include <stdio.h>

#include "core/status.h"

/* Called once per record; a non-OK return stops the reader, which returns it. The fields are
 * borrowed for the duration of the call. */
typedef enum mn_status (*tab_row_fn)(void *arg, char **fields, size_t n);

/* An in-memory file (an HTTP body). */
struct tab_buffer { const char *data; size_t len; };

enum { TAB_MAX_FIELDS = 64, TAB_MAX_RECORD = 1 << 20 };

/* src: struct tab_buffer * / FILE *. MN_ERR_INVALID with err->field "file" for a malformed
 * file (unterminated quote, a record over TAB_MAX_RECORD bytes or TAB_MAX_FIELDS fields). */
enum mn_status csv_source_buffer(void *src, tab_row_fn row, void *arg, struct mn_error *err);
enum mn_status csv_source_file(void *src, tab_row_fn row, void *arg, struct mn_error *err);

/* The first worksheet of an .xlsx workbook; src: struct tab_buffer * / const char *path.
 * Numbers come as their text ("45321" for a date cell: Excel's serial day). */
enum mn_status xlsx_source_buffer(void *src, tab_row_fn row, void *arg, struct mn_error *err);
enum mn_status xlsx_source_file(void *src, tab_row_fn row, void *arg, struct mn_error *err);

#endif
