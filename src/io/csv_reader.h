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

/* The first worksheet (in workbook order) of an .xlsx workbook; src: struct tab_buffer * /
 * const char *path. Date cells come as "YYYY-MM-DD"; other numbers as their text. */
enum mn_status xlsx_source_buffer(void *src, tab_row_fn row, void *arg, struct mn_error *err);
enum mn_status xlsx_source_file(void *src, tab_row_fn row, void *arg, struct mn_error *err);

/* A file to read with options, for the customer/event import (CLI and HTTP): exactly one of
 * file (an open, seekable FILE: a spooled upload or the CLI's file), path or buf. */
enum { TAB_MAX_SHEETS = 32, TAB_SHEET_NAME = 96 };
struct tab_input {
    FILE *file;
    const char *path;
    const struct tab_buffer *buf;
    const char *encoding;  /* CSV: NULL/"auto" or a name text_enc_parse takes */
    const char *sheet;     /* .xlsx: a worksheet's name; NULL/"" = the first */
    /* filled by the reader */
    char encoding_used[16];                        /* CSV: "utf-8", "gb18030", … */
    size_t invalid_bytes;                          /* CSV: invalid sequences replaced */
    char delimiter[8];                             /* CSV: "comma", or "tab" when the first
                                                      line has tabs and no comma */
    char sheets[TAB_MAX_SHEETS][TAB_SHEET_NAME];   /* .xlsx: worksheet names, in order */
    size_t n_sheets;
    char sheet_used[TAB_SHEET_NAME];
};

/* CSV (or tab-separated text) in any encoding text_encoding.h knows, converted to UTF-8 on the
 * fly; an invalid byte
 * sequence becomes TEXT_ENC_BAD in its field (so that row fails its checks and is reported).
 * MN_ERR_INVALID field "encoding" for an unknown encoding name. src: struct tab_input *. */
enum mn_status csv_source_input(void *src, tab_row_fn row, void *arg, struct mn_error *err);
/* The worksheet named in->sheet, or the first; MN_ERR_INVALID field "sheet" when there is no
 * such worksheet. src: struct tab_input *. */
enum mn_status xlsx_source_input(void *src, tab_row_fn row, void *arg, struct mn_error *err);

#endif
