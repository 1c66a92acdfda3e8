/* SPDX-License-Identifier: MIT */
/* QR codes for table cards and counters (libqrencode): the same symbol as a PNG (zlib-packed,
 * 1-bit greyscale) or as an SVG path. No I/O: both write into memory the caller frees. */
#ifndef MANYI_IO_QR_H
#define MANYI_IO_QR_H

#include <stddef.h>

#include "core/status.h"

/* text: the URL to encode. scale: pixels per module (1..32); margin: quiet-zone modules.
 * [out] png: malloc'd bytes, *len their count. */
enum mn_status qr_png(const char *text, int scale, int margin, unsigned char **png, size_t *len);
/* [out] svg: malloc'd NUL-terminated document with a viewBox of modules + 2 margins. */
enum mn_status qr_svg(const char *text, int margin, char **svg);

#endif
