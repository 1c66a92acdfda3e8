/* SPDX-License-Identifier: MIT */
/* Personal data: Chinese mobile numbers (validate, normalise) and masking of phone numbers and
 * e-mail addresses for roles that do not need them in full (PRODUCT.md, "What every part must
 * also be"). Pure string functions. */
#ifndef MANYI_CORE_PII_H
#define MANYI_CORE_PII_H

#include <stdbool.h>
#include <stddef.h>

/* Normalises a mainland mobile number: accepts +86 / 0086 / 86 prefixes, spaces and dashes;
 * the result is 11 digits starting with 1[3-9]. out must hold 12 bytes. Returns false (out
 * untouched) when the input is not such a number. */
bool pii_cn_mobile_normalize(const char *in, char out[12]);

/* 13812345678 → 138****5678; other phone strings keep their first 3 and last 2 characters
 * (ASCII) with the middle starred; short ones are fully starred. Always NUL-terminates. */
void pii_mask_phone(const char *in, char *out, size_t outlen);

/* zhang@example.com → z***@example.com; not an address → "***". */
void pii_mask_email(const char *in, char *out, size_t outlen);

/* The stand-in of a masked free text (a text answer, an "other" text): the same everywhere, so
 * that clients can tell it (service/survey_pii.c applies it to stored answers). */
#define PII_TEXT_MASK "***"

/* Loose e-mail check: one @, non-empty local part, a dot in the domain, no spaces. */
bool pii_email_valid(const char *s);

#endif
