/* SPDX-License-Identifier: MIT */
/* Unit tests for io/text_encoding: encoding names, detection (BOMs, UTF-16 without a BOM, valid
 * UTF-8 vs GBK), and conversion to UTF-8 with hand-made bytes checked with iconv(1):
 * 王 = GBK CD F5 = UTF-8 E7 8E 8B, 李 = GBK C0 EE = UTF-8 E6 9D 8E, 😀 = GB18030 94 39 FC 36 =
 * UTF-8 F0 9F 98 80, and in UTF-16LE 王 = 8B 73, 李 = 4E 67. Invalid sequences become one
 * U+001A each, and the byte after an invalid lead byte (a comma) survives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/text_encoding.h"

#define WANG "\xE7\x8E\x8B"
#define LI "\xE6\x9D\x8E"

/* Converts the pieces in order (the last one final) and compares with want. */
static void convert(enum text_enc e, const char *const *pieces, const size_t *lens, size_t n,
                    const char *want, size_t want_len, size_t want_invalid)
{
    struct text_dec *d = text_dec_new(e);
    assert_non_null(d);
    char *out = NULL;
    size_t len = 0, cap = 0;
    for (size_t i = 0; i < n; i++)
        assert_int_equal(text_dec_feed(d, pieces[i], lens[i], i == n - 1, &out, &len, &cap),
                         MN_OK);
    if (len != want_len || memcmp(out, want, len) != 0) {
        char got[256] = "";
        for (size_t i = 0; i < len && i < 80; i++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%02X ", (unsigned char)out[i]);
        fail_msg("got %zu bytes: %s", len, got);
    }
    assert_int_equal(text_dec_invalid(d), want_invalid);
    text_dec_free(d);
    free(out);
}

#define CONVERT1(e, in, want, bad)                                                               \
    do {                                                                                         \
        const char *p_[] = {in};                                                                 \
        size_t l_[] = {sizeof(in) - 1};                                                          \
        convert(e, p_, l_, 1, want, sizeof(want) - 1, bad);                                      \
    } while (0)

static void names(void **state)
{
    (void)state;
    enum text_enc e = TEXT_ENC_UTF8;
    assert_true(text_enc_parse(NULL, &e));
    assert_int_equal(e, TEXT_ENC_AUTO);
    assert_true(text_enc_parse("", &e));
    assert_int_equal(e, TEXT_ENC_AUTO);
    assert_true(text_enc_parse("GBK", &e));
    assert_int_equal(e, TEXT_ENC_GB18030);
    assert_true(text_enc_parse("gb18030", &e));
    assert_int_equal(e, TEXT_ENC_GB18030);
    assert_true(text_enc_parse("UTF-16LE", &e));
    assert_int_equal(e, TEXT_ENC_UTF16LE);
    assert_true(text_enc_parse("utf8", &e));
    assert_int_equal(e, TEXT_ENC_UTF8);
    assert_false(text_enc_parse("latin1", &e));
    assert_false(text_enc_parse("utf-8 ", &e));
    assert_string_equal(text_enc_name(TEXT_ENC_GB18030), "gb18030");
    assert_string_equal(text_enc_name(TEXT_ENC_UTF16LE), "utf-16le");
}

static enum text_enc detect(const char *p, size_t n, bool more, size_t *bom)
{
    return text_enc_detect((const unsigned char *)p, n, more, bom);
}

static void detection(void **state)
{
    (void)state;
    size_t bom = 99;
    assert_int_equal(detect("\xEF\xBB\xBF" "a,b", 6, false, &bom), TEXT_ENC_UTF8);
    assert_int_equal(bom, 3);
    assert_int_equal(detect("\xFF\xFE" "a\0", 4, false, &bom), TEXT_ENC_UTF16LE);
    assert_int_equal(bom, 2);
    assert_int_equal(detect("\xFE\xFF\0a", 4, false, &bom), TEXT_ENC_UTF16BE);
    assert_int_equal(bom, 2);
    /* no BOM */
    assert_int_equal(detect("a\0,\0b\0", 6, false, &bom), TEXT_ENC_UTF16LE);
    assert_int_equal(bom, 0);
    assert_int_equal(detect("\0a\0,\0b", 6, false, &bom), TEXT_ENC_UTF16BE);
    assert_int_equal(detect(WANG "," LI, 7, false, &bom), TEXT_ENC_UTF8);
    assert_int_equal(detect("\xCD\xF5,\xC0\xEE", 5, false, &bom), TEXT_ENC_GB18030);
    assert_int_equal(detect("id,name\r\n1,x", 12, false, &bom), TEXT_ENC_UTF8); /* ASCII */
    /* 王 cut after two bytes: valid UTF-8 so far when more follows, not at the end */
    assert_int_equal(detect("a," WANG, 4, true, &bom), TEXT_ENC_UTF8);
    assert_int_equal(detect("a," WANG, 4, false, &bom), TEXT_ENC_GB18030);
    /* GBK that happens to start like UTF-8 is still caught by a later invalid sequence */
    assert_int_equal(detect("\xC0\xEE", 2, false, &bom), TEXT_ENC_GB18030);
    /* overlong and surrogate encodings are not UTF-8 */
    assert_int_equal(detect("\xC0\xAF", 2, false, &bom), TEXT_ENC_GB18030);
    assert_int_equal(detect("\xED\xA0\x80", 3, false, &bom), TEXT_ENC_GB18030);
    assert_int_equal(text_enc_bom(TEXT_ENC_UTF8, (const unsigned char *)"\xFF\xFE", 2), 0);
    assert_int_equal(text_enc_bom(TEXT_ENC_UTF16LE, (const unsigned char *)"\xFF\xFE", 2), 2);
}

static void gbk(void **state)
{
    (void)state;
    CONVERT1(TEXT_ENC_GB18030, "\xCD\xF5,\xC0\xEE\r\n", WANG "," LI "\r\n", 0);
    CONVERT1(TEXT_ENC_GB18030, "\x94\x39\xFC\x36", "\xF0\x9F\x98\x80", 0); /* 4-byte form */
    /* a character split between two reads */
    const char *p[] = {"a\xCD", "\xF5\xC0", "\xEE"};
    size_t l[] = {2, 2, 1};
    convert(TEXT_ENC_GB18030, p, l, 3, "a" WANG LI, 7, 0);
    /* invalid: a lone lead byte before a comma, 0xFF, a lead byte cut off at the end */
    CONVERT1(TEXT_ENC_GB18030, "\xCD,\xC0\xEE", "\x1A," LI, 1);
    CONVERT1(TEXT_ENC_GB18030, "A\xFF" "B", "A\x1A" "B", 1);
    CONVERT1(TEXT_ENC_GB18030, "\xC0\xEE\xCD", LI "\x1A", 1);
}

static void utf16(void **state)
{
    (void)state;
    CONVERT1(TEXT_ENC_UTF16LE, "\x8B\x73,\0\x4E\x67\r\0\n\0", WANG "," LI "\r\n", 0);
    CONVERT1(TEXT_ENC_UTF16BE, "\x73\x8B\0,", WANG ",", 0);
    /* a lone high surrogate, then a comma */
    CONVERT1(TEXT_ENC_UTF16LE, "\x00\xD8,\0a\0", "\x1A,a", 1);
    /* an odd byte at the very end */
    CONVERT1(TEXT_ENC_UTF16LE, "a\0b", "a\x1A", 1);
}

static void utf8(void **state)
{
    (void)state;
    CONVERT1(TEXT_ENC_UTF8, WANG "," LI, WANG "," LI, 0);
    CONVERT1(TEXT_ENC_UTF8, "a\xC3(b", "a\x1A(b", 1);
    CONVERT1(TEXT_ENC_UTF8, "\xCD\xF5,\xC0\xEE", "\x1A\x1A,\x1A\x1A", 4); /* GBK read as UTF-8 */
    const char *p[] = {"x\xE7\x8E", "\x8By"};
    size_t l[] = {3, 2};
    convert(TEXT_ENC_UTF8, p, l, 2, "x" WANG "y", 5, 0);
}

static void big_input(void **state)
{
    (void)state;
    /* 100,000 × 王 in GBK → 300,000 bytes of UTF-8, fed in odd-sized pieces */
    enum { N = 100000 };
    char *in = malloc(2 * N);
    assert_non_null(in);
    for (size_t i = 0; i < N; i++)
        memcpy(in + 2 * i, "\xCD\xF5", 2);
    struct text_dec *d = text_dec_new(TEXT_ENC_GB18030);
    char *out = NULL;
    size_t len = 0, cap = 0;
    for (size_t off = 0; off < 2 * N; off += 4097) {
        size_t n = 2 * N - off < 4097 ? 2 * N - off : 4097;
        assert_int_equal(text_dec_feed(d, in + off, n, off + n == 2 * N, &out, &len, &cap), MN_OK);
    }
    assert_int_equal(len, 3 * N);
    for (size_t i = 0; i < N; i++)
        if (memcmp(out + 3 * i, WANG, 3) != 0)
            fail_msg("character %zu differs", i);
    assert_int_equal(text_dec_invalid(d), 0);
    text_dec_free(d);
    free(out);
    free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names), cmocka_unit_test(detection), cmocka_unit_test(gbk),
        cmocka_unit_test(utf16), cmocka_unit_test(utf8),      cmocka_unit_test(big_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
