/* SPDX-License-Identifier: MIT */
/* SMTP sending through libcurl (see mail.h). The message is built in memory: headers, then the
 * body in base64 so any UTF-8 survives 7-bit relays. */
#include "io/mail.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum mn_status mail_config_from_env(struct mail_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->url = getenv("MANYI_SMTP_URL");
    cfg->from = getenv("MANYI_SMTP_FROM");
    cfg->username = getenv("MANYI_SMTP_USER");
    cfg->password = getenv("MANYI_SMTP_PASSWORD");
    if (cfg->url == NULL || cfg->url[0] == '\0' || cfg->from == NULL || cfg->from[0] == '\0')
        return MN_ERR_NOT_FOUND;
    return MN_OK;
}

static bool header_safe(const char *s)
{
    return s != NULL && s[0] != '\0' && strpbrk(s, "\r\n<>") == NULL;
}

struct reader { const char *data; size_t len, pos; };

static size_t read_cb(char *buf, size_t size, size_t n, void *ud)
{
    struct reader *r = ud;
    size_t want = size * n, left = r->len - r->pos;
    size_t k = want < left ? want : left;
    memcpy(buf, r->data + r->pos, k);
    r->pos += k;
    return k;
}

/* Base64 of s, wrapped at 76 characters with CRLF (RFC 2045). Returns malloc'd text. */
static char *b64_lines(const char *s, size_t len)
{
    size_t enc = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
    char *flat = malloc(enc), *out = malloc(enc + enc / 76 * 2 + 4);
    if (flat == NULL || out == NULL) {
        free(flat);
        free(out);
        return NULL;
    }
    sodium_bin2base64(flat, enc, (const unsigned char *)s, len, sodium_base64_VARIANT_ORIGINAL);
    size_t k = 0, flen = strlen(flat);
    for (size_t i = 0; i < flen; i += 76) {
        size_t part = flen - i < 76 ? flen - i : 76;
        memcpy(out + k, flat + i, part);
        k += part;
        out[k++] = '\r';
        out[k++] = '\n';
    }
    out[k] = '\0';
    free(flat);
    return out;
}

enum mn_status mail_send(const struct mail_config *cfg, const struct mail_msg *msg, char *err,
                         size_t err_cap)
{
    if (!header_safe(msg->to) || !header_safe(cfg->from) || msg->subject == NULL ||
        strpbrk(msg->subject, "\r\n") != NULL) {
        snprintf(err, err_cap, "address or subject would break the message headers");
        return MN_ERR_INVALID;
    }
    char *subj = b64_lines(msg->subject, strlen(msg->subject));
    char *body = b64_lines(msg->text != NULL ? msg->text : "", msg->text ? strlen(msg->text) : 0);
    size_t cap = (subj ? strlen(subj) : 0) + (body ? strlen(body) : 0) + 1024;
    char *data = malloc(cap);
    if (subj == NULL || body == NULL || data == NULL) {
        free(subj);
        free(body);
        free(data);
        snprintf(err, err_cap, "out of memory");
        return MN_ERR_NOMEM;
    }
    /* the encoded subject must stay on one line: drop the wrapping CRLFs */
    for (char *p = subj; *p != '\0'; p++)
        if (*p == '\r' || *p == '\n')
            memmove(p, p + 1, strlen(p)), p--;
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    int len = snprintf(data, cap,
                       "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\nSubject: =?UTF-8?B?%s?=\r\n"
                       "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                       "Content-Transfer-Encoding: base64\r\n\r\n%s",
                       date, cfg->from, msg->to, subj, body);
    free(subj);
    free(body);
    struct reader rd = {data, (size_t)(len > 0 ? len : 0), 0};
    CURL *c = curl_easy_init();
    if (c == NULL) {
        free(data);
        snprintf(err, err_cap, "curl_easy_init failed");
        return MN_ERR_INTERNAL;
    }
    char from[300], cerr[CURL_ERROR_SIZE] = "";
    snprintf(from, sizeof from, "<%s>", cfg->from);
    struct curl_slist *rcpt = curl_slist_append(NULL, msg->to);
    curl_easy_setopt(c, CURLOPT_URL, cfg->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &rd);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->timeout_s > 0 ? cfg->timeout_s : 20L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
    if (cfg->username != NULL && cfg->username[0] != '\0') {
        curl_easy_setopt(c, CURLOPT_USERNAME, cfg->username);
        curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->password != NULL ? cfg->password : "");
        curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    }
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    free(data);
    if (rc != CURLE_OK) {
        snprintf(err, err_cap, "%s", cerr[0] != '\0' ? cerr : curl_easy_strerror(rc));
        return MN_ERR_INTERNAL;
    }
    err[0] = '\0';
    return MN_OK;
}
