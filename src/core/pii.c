/* SPDX-License-Identifier: MIT */
#include "core/pii.h"

#include <stdio.h>
#include <string.h>

bool pii_cn_mobile_normalize(const char *in, char out[12])
{
    char digits[32];
    size_t n = 0;
    const char *p = in;
    if (p == NULL)
        return false;
    if (*p == '+')
        p++;
    for (; *p != '\0'; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        if (*p < '0' || *p > '9' || n + 1 >= sizeof digits)
            return false;
        digits[n++] = *p;
    }
    digits[n] = '\0';
    const char *d = digits;
    if (n == 15 && strncmp(d, "0086", 4) == 0)
        d += 4, n -= 4;
    else if (n == 13 && strncmp(d, "86", 2) == 0)
        d += 2, n -= 2;
    if (n != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9')
        return false;
    memcpy(out, d, 12);
    return true;
}

void pii_mask_phone(const char *in, char *out, size_t outlen)
{
    size_t n = in != NULL ? strlen(in) : 0;
    if (outlen == 0)
        return;
    if (n == 11) {
        snprintf(out, outlen, "%.3s****%.4s", in, in + 7);
        return;
    }
    if (n < 6) {
        snprintf(out, outlen, "%s", n > 0 ? "***" : "");
        return;
    }
    snprintf(out, outlen, "%.3s****%.2s", in, in + n - 2);
}

void pii_mask_email(const char *in, char *out, size_t outlen)
{
    const char *at = in != NULL ? strchr(in, '@') : NULL;
    if (outlen == 0)
        return;
    if (in == NULL || *in == '\0') {
        out[0] = '\0';
        return;
    }
    if (at == NULL || at == in) {
        snprintf(out, outlen, "***");
        return;
    }
    /* keep the first byte only when it is ASCII, so a multi-byte character is never cut */
    if ((unsigned char)in[0] < 0x80)
        snprintf(out, outlen, "%c***%s", in[0], at);
    else
        snprintf(out, outlen, "***%s", at);
}

bool pii_email_valid(const char *s)
{
    const char *at = strchr(s, '@');
    if (at == NULL || at == s || strchr(at + 1, '@') != NULL || strchr(s, ' ') != NULL)
        return false;
    const char *dot = strrchr(at + 1, '.');
    return dot != NULL && dot > at + 1 && dot[1] != '\0';
}
