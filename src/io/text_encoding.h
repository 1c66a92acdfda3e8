/* SPDX-License-Identifier: MIT */
/* Character encodings of text files from dealer systems: detection (byte-order mark, valid
 * UTF-8 or not, UTF-16 by its NUL bytes) and streaming conversion to UTF-8 with glibc's iconv.
 * Chinese DMS exports come as GBK/GB18030 (Excel's "CSV" on a Chinese Windows), UTF-8 with or
 * without a BOM, or UTF-16LE with a BOM (Excel's "Unicode text").
 *
 * An invalid byte sequence never stops a conversion and is never dropped silently: it becomes
 * TEXT_ENC_BAD (U+001A SUBSTITUTE, a control character) in the output, so the field that holds
 * it fails every text check of the import and that row is reported (row, column), while the
 * output stays valid UTF-8 for the store and for JSON. */
#ifndef MANYI_IO_TEXT_ENCODING_H
#define MANYI_IO_TEXT_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

#define TEXT_ENC_BAD "\x1A"

enum text_enc {
    TEXT_ENC_AUTO,     /* detect from the first bytes */
    TEXT_ENC_UTF8,
    TEXT_ENC_GB18030,  /* also GBK and GB2312, of which it is a superset */
    TEXT_ENC_UTF16LE,
    TEXT_ENC_UTF16BE,
};

/* NULL, "" and "auto" → AUTO; utf-8/utf8, gb18030/gbk/gb2312/cp936, utf-16le/utf-16 (little
 * endian, as Windows writes it), utf-16be; case-insensitive. False for anything else. */
bool text_enc_parse(const char *name, enum text_enc *out);
/* "utf-8", "gb18030", "utf-16le", "utf-16be" ("auto" for AUTO). */
const char *text_enc_name(enum text_enc e);

/* The encoding of a file that starts with p[0..n): a BOM decides (its length in *bom_len);
 * else NUL bytes mean UTF-16 (LE when they sit at odd offsets); else valid UTF-8 means UTF-8
 * (a sequence cut off at the end of the sample counts as valid when more follows); else
 * GB18030. Never returns AUTO. */
enum text_enc text_enc_detect(const unsigned char *p, size_t n, bool more, size_t *bom_len);

/* The length of the byte-order mark of e at the start of p[0..n), or 0. */
size_t text_enc_bom(enum text_enc e, const unsigned char *p, size_t n);

/* A streaming decoder to UTF-8. */
struct text_dec;

/* NULL when out of memory or when iconv lacks the encoding. e must not be AUTO. */
struct text_dec *text_dec_new(enum text_enc e);
void text_dec_free(struct text_dec *d);

/* Converts in[0..n) and appends the UTF-8 to *out (grown with realloc; *len bytes used of *cap).
 * A sequence cut off at the end of in is kept for the next call; with final, it is invalid.
 * Returns MN_OK or MN_ERR_NOMEM. */
enum mn_status text_dec_feed(struct text_dec *d, const char *in, size_t n, bool final,
                             char **out, size_t *len, size_t *cap);

/* Invalid sequences replaced so far. */
size_t text_dec_invalid(const struct text_dec *d);

#endif
