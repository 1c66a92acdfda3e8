/* SPDX-License-Identifier: MIT */
/* Encoding detection and iconv-based streaming conversion to UTF-8 (see text_encoding.h). */
#include "io/text_encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct { const char *name; enum text_enc e; } names[] = {
    {"auto", TEXT_ENC_AUTO},         {"utf-8", TEXT_ENC_UTF8},       {"utf8", TEXT_ENC_UTF8},
    {"gb18030", TEXT_ENC_GB18030},   {"gbk", TEXT_ENC_GB18030},      {"gb2312", TEXT_ENC_GB18030},
    {"cp936", TEXT_ENC_GB18030},     {"utf-16le", TEXT_ENC_UTF16LE}, {"utf-16", TEXT_ENC_UTF16LE},
    {"utf16le", TEXT_ENC_UTF16LE},   {"utf-16be", TEXT_ENC_UTF16BE}, {"utf16be", TEXT_ENC_UTF16BE},
};

bool text_enc_parse(const char *name, enum text_enc *out)
{
    if (name == NULL || *name == '\0') {
        *out = TEXT_ENC_AUTO;
        return true;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].name) == 0) {
            *out = names[i].e;
            return true;
        }
    return false;
}

const char *text_enc_name(enum text_enc e)
{
    switch (e) {
    case TEXT_ENC_UTF8: return "utf-8";
    case TEXT_ENC_GB18030: return "gb18030";
    case TEXT_ENC_UTF16LE: return "utf-16le";
    case TEXT_ENC_UTF16BE: return "utf-16be";
    case TEXT_ENC_AUTO: break;
    }
    return "auto";
}

size_t text_enc_bom(enum text_enc e, const unsigned char *p, size_t n)
{
    if ((e == TEXT_ENC_UTF8 || e == TEXT_ENC_AUTO) && n >= 3 && p[0] == 0xEF && p[1] == 0xBB &&
        p[2] == 0xBF)
        return 3;
    if ((e == TEXT_ENC_UTF16LE || e == TEXT_ENC_AUTO) && n >= 2 && p[0] == 0xFF && p[1] == 0xFE)
        return 2;
    if ((e == TEXT_ENC_UTF16BE || e == TEXT_ENC_AUTO) && n >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        return 2;
    return 0;
}

/* Length of the valid UTF-8 sequence at p (1..4), 0 when invalid, -1 when cut off by the end. */
static int utf8_seq(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    int len;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    unsigned cp = c & (0x3Fu >> (len - 1));
    for (int i = 1; i < len; i++) {
        if ((size_t)i >= n)
            return -1;
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

enum text_enc text_enc_detect(const unsigned char *p, size_t n, bool more, size_t *bom_len)
{
    size_t bom = text_enc_bom(TEXT_ENC_AUTO, p, n);
    *bom_len = bom;
    if (bom == 3)
        return TEXT_ENC_UTF8;
    if (bom == 2)
        return p[0] == 0xFF ? TEXT_ENC_UTF16LE : TEXT_ENC_UTF16BE;
    size_t nul_even = 0, nul_odd = 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] == 0) {
            if (i % 2 == 0)
                nul_even++;
            else
                nul_odd++;
        }
    if (nul_odd + nul_even > n / 8 && n >= 2)
        return nul_odd >= nul_even ? TEXT_ENC_UTF16LE : TEXT_ENC_UTF16BE;
    for (size_t i = 0; i < n;) {
        int k = utf8_seq(p + i, n - i);
        if (k == 0 || (k < 0 && !more))
            return TEXT_ENC_GB18030;
        if (k < 0)
            break;
        i += (size_t)k;
    }
    return TEXT_ENC_UTF8;
}

struct text_dec {
    iconv_t cd;
    size_t unit;         /* bytes skipped past an invalid sequence: 1, or 2 for UTF-16 */
    unsigned char pend[8];
    size_t npend;        /* a sequence cut off at the end of the last input */
    size_t invalid;
};

struct text_dec *text_dec_new(enum text_enc e)
{
    const char *from = e == TEXT_ENC_UTF8      ? "UTF-8"
                       : e == TEXT_ENC_GB18030 ? "GB18030"
                       : e == TEXT_ENC_UTF16LE ? "UTF-16LE"
                       : e == TEXT_ENC_UTF16BE ? "UTF-16BE"
                                               : NULL;
    if (from == NULL)
        return NULL;
    struct text_dec *d = calloc(1, sizeof *d);
    if (d == NULL)
        return NULL;
    d->cd = iconv_open("UTF-8", from);
    if (d->cd == (iconv_t)-1) {
        free(d);
        return NULL;
    }
    d->unit = e == TEXT_ENC_UTF16LE || e == TEXT_ENC_UTF16BE ? 2 : 1;
    return d;
}

void text_dec_free(struct text_dec *d)
{
    if (d == NULL)
        return;
    iconv_close(d->cd);
    free(d);
}

size_t text_dec_invalid(const struct text_dec *d)
{
    return d->invalid;
}

static bool reserve(char **out, size_t *len, size_t *cap, size_t more)
{
    if (*len + more <= *cap)
        return true;
    size_t nc = *cap == 0 ? 4096 : *cap;
    while (nc < *len + more)
        nc *= 2;
    char *p = realloc(*out, nc);
    if (p == NULL)
        return false;
    *out = p;
    *cap = nc;
    return true;
}

static void bad(struct text_dec *d, char *out, size_t *len)
{
    memcpy(out + *len, TEXT_ENC_BAD, 1);
    (*len)++;
    d->invalid++;
}

enum mn_status text_dec_feed(struct text_dec *d, const char *in, size_t n, bool final,
                             char **out, size_t *len, size_t *cap)
{
    /* a sequence cut off last time is completed with the first bytes of this input */
    char *joined = NULL;
    if (d->npend > 0) {
        joined = malloc(d->npend + n);
        if (joined == NULL)
            return MN_ERR_NOMEM;
        memcpy(joined, d->pend, d->npend);
        if (n > 0)
            memcpy(joined + d->npend, in, n);
        in = joined;
        n += d->npend;
        d->npend = 0;
    }
    char *src = (char *)in;
    size_t left = n;
    enum mn_status rc = MN_OK;
    while (left > 0) {
        /* UTF-8 needs at most 4 bytes per input byte (GB18030's 4-byte sequences: 4) */
        if (!reserve(out, len, cap, left * 2 + 16)) {
            rc = MN_ERR_NOMEM;
            break;
        }
        char *dst = *out + *len;
        size_t room = *cap - *len;
        size_t r = iconv(d->cd, &src, &left, &dst, &room);
        *len = (size_t)(dst - *out);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG) {
            if (!reserve(out, len, cap, *cap)) {
                rc = MN_ERR_NOMEM;
                break;
            }
        } else if (errno == EINVAL && !final && left < sizeof d->pend) {
            memcpy(d->pend, src, left); /* cut off: wait for the rest */
            d->npend = left;
            left = 0;
        } else {
            /* EILSEQ, or cut off at the very end: one substitute, skip one unit */
            if (!reserve(out, len, cap, 1)) {
                rc = MN_ERR_NOMEM;
                break;
            }
            bad(d, *out, len);
            size_t skip = left < d->unit ? left : d->unit;
            src += skip;
            left -= skip;
        }
    }
    if (final && rc == MN_OK) {
        if (!reserve(out, len, cap, 16)) {
            rc = MN_ERR_NOMEM;
        } else {
            char *dst = *out + *len;
            size_t room = *cap - *len;
            iconv(d->cd, NULL, NULL, &dst, &room); /* reset the shift state */
            *len = (size_t)(dst - *out);
        }
    }
    free(joined);
    return rc;
}
