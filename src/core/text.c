/* SPDX-License-Identifier: MIT */
/* UTF-8 validation and character counting by hand (RFC 3629 table), so core stays free of
 * libraries; the HTTP layer rejects anything that fails here before it reaches a store. */
#include "core/text.h"

#include <stdint.h>
#include <string.h>

long text_utf8_count(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    long n = 0;
    while (i < len) {
        unsigned c = p[i];
        size_t need;
        uint32_t cp, min;
        if (c < 0x80) {
            i++;
            n++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            need = 1, cp = c & 0x1F, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2, cp = c & 0x0F, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return -1;
        }
        if (len - i <= need)
            return -1;
        for (size_t k = 1; k <= need; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return -1;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return -1;
        i += need + 1;
        n++;
    }
    return n;
}

bool text_has_control(const char *s, size_t len, bool allow_newlines)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0x7F)
            return true;
        /* C1 controls U+0080–U+009F are encoded C2 80 … C2 9F */
        if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] <= 0x9F &&
            (unsigned char)s[i + 1] >= 0x80)
            return true;
        if (c < 0x20) {
            if (allow_newlines && (c == '\n' || c == '\r' || c == '\t'))
                continue;
            return true;
        }
    }
    return false;
}

enum mn_status text_check(const char *field, const char *s, size_t len, long min_chars,
                          long max_chars, bool multiline, struct mn_error *err)
{
    long n = text_utf8_count(s, len);
    if (n < 0)
        return mn_fail(err, MN_ERR_INVALID, field, "is not valid UTF-8");
    if (memchr(s, '\0', len) != NULL || text_has_control(s, len, multiline))
        return mn_fail(err, MN_ERR_INVALID, field, "contains control characters");
    if (n < min_chars)
        return min_chars == 1 ? mn_fail(err, MN_ERR_INVALID, field, "must not be empty")
                              : mn_fail(err, MN_ERR_INVALID, field,
                                        "must be at least %ld characters", min_chars);
    if (n > max_chars)
        return mn_fail(err, MN_ERR_INVALID, field, "must be at most %ld characters", max_chars);
    return MN_OK;
}

bool text_is_token(const char *s, const char *extra)
{
    if (s == NULL || *s == '\0')
        return false;
    for (; *s != '\0'; s++) {
        char c = *s;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  (extra != NULL && strchr(extra, c) != NULL);
        if (!ok)
            return false;
    }
    return true;
}
