/* SPDX-License-Identifier: MIT */
/* One signed webhook POST over libcurl (see webhook.h). */
#include "io/webhook.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

void webhook_sign(const char *secret, int64_t timestamp, const char *body, char out_hex[65])
{
    crypto_auth_hmacsha256_state st;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    char ts[32];
    int n = snprintf(ts, sizeof ts, "%" PRId64 ".", timestamp);
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, (unsigned long long)n);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, strlen(body));
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2hex(out_hex, 65, mac, sizeof mac);
    sodium_memzero(&st, sizeof st);
}

/* The receiver's answer is not needed; drop it rather than print it. */
static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p, (void)ud;
    return size * n;
}

enum mn_status webhook_post(const struct webhook_request *rq, long *http_status, char *err,
                            size_t err_cap)
{
    *http_status = 0;
    CURL *c = curl_easy_init();
    if (c == NULL) {
        snprintf(err, err_cap, "curl_easy_init failed");
        return MN_ERR_INTERNAL;
    }
    struct curl_slist *h = NULL;
    char line[160], sig[65];
    h = curl_slist_append(h, "Content-Type: application/json; charset=utf-8");
    h = curl_slist_append(h, "User-Agent: manyi-webhook/1");
    snprintf(line, sizeof line, "X-Manyi-Event: %s", rq->event);
    h = curl_slist_append(h, line);
    snprintf(line, sizeof line, "X-Manyi-Delivery: %" PRId64, rq->delivery_id);
    h = curl_slist_append(h, line);
    snprintf(line, sizeof line, "X-Manyi-Timestamp: %" PRId64, rq->timestamp);
    h = curl_slist_append(h, line);
    if (rq->secret != NULL && rq->secret[0] != '\0') {
        webhook_sign(rq->secret, rq->timestamp, rq->body, sig);
        snprintf(line, sizeof line, "X-Manyi-Signature: sha256=%s", sig);
        h = curl_slist_append(h, line);
    }
    char cerr[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, rq->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(rq->body));
    curl_easy_setopt(c, CURLOPT_TIMEOUT, rq->timeout_s > 0 ? rq->timeout_s : 10L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, http_status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK) {
        snprintf(err, err_cap, "%s", cerr[0] != '\0' ? cerr : curl_easy_strerror(rc));
        return MN_ERR_INTERNAL;
    }
    if (*http_status < 200 || *http_status > 299) {
        snprintf(err, err_cap, "receiver answered HTTP %ld", *http_status);
        return MN_ERR_INTERNAL;
    }
    err[0] = '\0';
    return MN_OK;
}
