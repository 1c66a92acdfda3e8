/* SPDX-License-Identifier: MIT */
/* The SMS gateway adapter (see sms.h): one JSON POST per message through libcurl. */
#include "io/sms.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum mn_status sms_config_from_env(struct sms_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->url = getenv("MANYI_SMS_URL");
    cfg->token = getenv("MANYI_SMS_TOKEN");
    return cfg->url != NULL && *cfg->url != '\0' ? MN_OK : MN_ERR_NOT_FOUND;
}

static size_t discard(char *p, size_t size, size_t n, void *u)
{
    (void)p, (void)u;
    return size * n;
}

enum mn_status sms_send(const struct sms_config *cfg, const char *to, const char *text, char *err,
                        size_t err_cap)
{
    json_t *o = json_pack("{s:s, s:s}", "to", to, "text", text);
    char *body = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    CURL *c = body != NULL ? curl_easy_init() : NULL;
    if (c == NULL) {
        free(body);
        snprintf(err, err_cap, "out of memory");
        return MN_ERR_INTERNAL;
    }
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    char auth[300];
    if (cfg->token != NULL && *cfg->token != '\0') {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", cfg->token);
        h = curl_slist_append(h, auth);
    }
    curl_easy_setopt(c, CURLOPT_URL, cfg->url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->timeout_s > 0 ? cfg->timeout_s : 10L);
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    free(body);
    if (rc != CURLE_OK) {
        snprintf(err, err_cap, "%s", curl_easy_strerror(rc));
        return MN_ERR_INTERNAL;
    }
    if (status < 200 || status > 299) {
        snprintf(err, err_cap, "gateway answered HTTP %ld", status);
        return MN_ERR_INTERNAL;
    }
    return MN_OK;
}
