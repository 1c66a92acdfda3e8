/* SPDX-License-Identifier: MIT */
/* Checks on user-supplied text: valid UTF-8, no control characters, length in characters
 * (code points, so 100 Chinese characters fit a 100-character field), and small patterns
 * (codes, login names). Pure functions; no normalisation (that is utf8proc's job at the edge). */
#ifndef MANYI_CORE_TEXT_H
#define MANYI_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

/* Number of code points in s[0..len), or -1 when s is not valid UTF-8 (overlongs, surrogates,
 * code points past U+10FFFF and truncated sequences are invalid). */
long text_utf8_count(const char *s, size_t len);

/* True when s has a C0 control character other than tab/newline/CR (allow_newlines), DEL, or a
 * C1 control (U+0080–U+009F). */
bool text_has_control(const char *s, size_t len, bool allow_newlines);

/* Validates a text field: UTF-8, no control characters (newlines only when multiline),
 * min..max characters. On failure fills err naming field and returns MN_ERR_INVALID. */
enum mn_status text_check(const char *field, const char *s, size_t len, long min_chars,
                          long max_chars, bool multiline, struct mn_error *err);

/* True when every byte of s is in [A-Za-z0-9] or in extra (e.g. "_-"). Empty is false. */
bool text_is_token(const char *s, const char *extra);

#endif
