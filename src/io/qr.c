/* SPDX-License-Identifier: MIT */
/* QR symbols through libqrencode (error correction level M: a table card gets stained), written
 * as PNG by hand (signature, IHDR, one zlib IDAT, IEND — zlib does the compression) or as SVG. */
#include "io/qr.h"

#include <qrencode.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Appends one chunk (length, type, data, CRC) at *at. */
static void chunk(unsigned char *out, size_t *at, const char *type, const unsigned char *data,
                  size_t n)
{
    put32(out + *at, (uint32_t)n);
    memcpy(out + *at + 4, type, 4);
    if (n > 0)
        memcpy(out + *at + 8, data, n);
    uLong crc = crc32(0, out + *at + 4, (uInt)(n + 4));
    put32(out + *at + 8 + n, (uint32_t)crc);
    *at += 12 + n;
}

enum mn_status qr_png(const char *text, int scale, int margin, unsigned char **png, size_t *len)
{
    *png = NULL;
    *len = 0;
    if (scale < 1 || scale > 32 || margin < 0 || margin > 16)
        return MN_ERR_INVALID;
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (q == NULL)
        return MN_ERR_INVALID;
    size_t side = (size_t)(q->width + 2 * margin) * (size_t)scale;
    size_t row = 1 + (side + 7) / 8; /* filter byte + 1 bit per pixel */
    unsigned char *raw = calloc(side, row);
    if (raw == NULL) {
        QRcode_free(q);
        return MN_ERR_NOMEM;
    }
    for (size_t y = 0; y < side; y++) {
        unsigned char *r = raw + y * row;
        for (size_t x = 0; x < side; x++) {
            long mx = (long)(x / (size_t)scale) - margin, my = (long)(y / (size_t)scale) - margin;
            bool dark = mx >= 0 && my >= 0 && mx < q->width && my < q->width &&
                        (q->data[my * q->width + mx] & 1);
            if (!dark) /* 1 = white in 1-bit greyscale */
                r[1 + x / 8] |= (unsigned char)(0x80u >> (x % 8));
        }
    }
    QRcode_free(q);
    uLongf zcap = compressBound((uLong)(side * row));
    unsigned char *z = malloc(zcap);
    unsigned char *out = z != NULL ? malloc(zcap + 64) : NULL;
    if (out == NULL || compress2(z, &zcap, raw, (uLong)(side * row), 9) != Z_OK) {
        free(raw);
        free(z);
        free(out);
        return MN_ERR_NOMEM;
    }
    free(raw);
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    unsigned char ihdr[13] = {0};
    put32(ihdr, (uint32_t)side);
    put32(ihdr + 4, (uint32_t)side);
    ihdr[8] = 1; /* bit depth */
    ihdr[9] = 0; /* greyscale */
    size_t at = 8;
    memcpy(out, sig, 8);
    chunk(out, &at, "IHDR", ihdr, sizeof ihdr);
    chunk(out, &at, "IDAT", z, zcap);
    chunk(out, &at, "IEND", NULL, 0);
    free(z);
    *png = out;
    *len = at;
    return MN_OK;
}

enum mn_status qr_svg(const char *text, int margin, char **svg)
{
    *svg = NULL;
    if (margin < 0 || margin > 16)
        return MN_ERR_INVALID;
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (q == NULL)
        return MN_ERR_INVALID;
    int side = q->width + 2 * margin;
    size_t cap = 256 + (size_t)q->width * (size_t)q->width * 24;
    char *s = malloc(cap);
    if (s == NULL) {
        QRcode_free(q);
        return MN_ERR_NOMEM;
    }
    size_t at = (size_t)snprintf(s, cap,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
        "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
        "<path fill=\"#000\" d=\"", side, side, side, side);
    for (int y = 0; y < q->width; y++)
        for (int x = 0; x < q->width; x++)
            if (q->data[y * q->width + x] & 1)
                at += (size_t)snprintf(s + at, cap - at, "M%d %dh1v1h-1z", x + margin, y + margin);
    snprintf(s + at, cap - at, "\"/></svg>\n");
    QRcode_free(q);
    *svg = s;
    return MN_OK;
}
