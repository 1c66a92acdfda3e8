/* SPDX-License-Identifier: MIT */
/* Sending personal links by SMS (io/sms.h) and email (io/mail.h), with reminders to those who
 * have not answered. The store keeps only the token's hash for look-ups; for sending, the token
 * is sealed with MANYI_SECRET_KEY (libsodium secretbox), so a copy of the database alone cannot
 * answer anyone's survey. Without the key, email/SMS invitations are refused at creation. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/mail.h"
#include "io/sms.h"
#include "service/survey.h"
#include "store/survey.h"

enum {
    REMIND_AFTER_SECONDS = 3 * 86400, /* a reminder 3 days after the last message */
    MAX_REMINDERS = 2,
    SEND_BATCH = 200,
};

static bool secret_key(unsigned char key[crypto_secretbox_KEYBYTES])
{
    const char *hex = getenv("MANYI_SECRET_KEY");
    size_t len = 0;
    return hex != NULL && sodium_hex2bin(key, crypto_secretbox_KEYBYTES, hex, strlen(hex), NULL,
                                         &len, NULL) == 0 &&
           len == crypto_secretbox_KEYBYTES;
}

bool survey_token_seal(const char *token, char out[160]);
bool survey_token_seal(const char *token, char out[160])
{
    unsigned char key[crypto_secretbox_KEYBYTES];
    unsigned char box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 64];
    size_t n = strlen(token);
    out[0] = '\0';
    if (n > 64 || !secret_key(key))
        return false;
    randombytes_buf(box, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)token, n, box,
                          key);
    sodium_memzero(key, sizeof key);
    sodium_bin2base64(out, 160, box, crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return true;
}

static bool token_unseal(const char *sealed, char token[65])
{
    unsigned char key[crypto_secretbox_KEYBYTES];
    unsigned char box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 64];
    size_t n = 0;
    if (!secret_key(key) ||
        sodium_base642bin(box, sizeof box, sealed, strlen(sealed), NULL, &n, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        n <= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return false;
    size_t tn = n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
    bool ok = crypto_secretbox_open_easy((unsigned char *)token, box + crypto_secretbox_NONCEBYTES,
                                         n - crypto_secretbox_NONCEBYTES, box, key) == 0;
    sodium_memzero(key, sizeof key);
    token[ok ? tn : 0] = '\0';
    return ok;
}

/* The message of an invitation in its language; reminders say so. An SMS is one short line
 * (reply TD, or the link at the foot of the page); an email has a subject, the personal link and
 * an opt-out link of its own (the respondent page's opt-out view: a button, never a GET that
 * changes anything, since mail scanners open links). */
static void compose(const struct survey_invitation *v, const char *tenant, const char *title,
                    const char *url, bool reminder, char *text, size_t cap, char *subject,
                    size_t scap)
{
    bool mail = strcmp(v->channel, "email") == 0;
    if (strcmp(v->lang, "en") == 0) {
        snprintf(subject, scap, "%s%s", reminder ? "Reminder: " : "", title);
        if (mail)
            snprintf(text, cap,
                     "Hello,\n\n%sThank you for choosing %s. Please take two minutes to tell us "
                     "how we did - \"%s\":\n\n%s\n\nThis link is for you alone; please do not "
                     "forward it.\n\nTo receive no more such invitations: %s?optout=1\n",
                     reminder ? "A friendly reminder. " : "", tenant, title, url, url);
        else
            snprintf(text, cap,
                     "[%s] %s%s: %s  (Reply TD or open the link to stop these messages.)", tenant,
                     reminder ? "A friendly reminder - " : "", title, url);
    } else if (strcmp(v->lang, "zh-TW") == 0) {
        snprintf(subject, scap, "%s%s", reminder ? "提醒:" : "", title);
        if (mail)
            snprintf(text, cap,
                     "您好!\n\n%s感謝您選擇%s。誠邀您花兩分鐘填寫「%s」:\n\n%s\n\n"
                     "此連結僅供您本人使用,請勿轉發。\n\n如不希望再收到此類邀請,請點此退訂:%s?optout=1\n",
                     reminder ? "溫馨提醒:" : "", tenant, title, url, url);
        else
            snprintf(text, cap, "【%s】%s%s:%s 回覆TD或在頁面底部退訂", tenant,
                     reminder ? "溫馨提醒," : "", title, url);
    } else {
        snprintf(subject, scap, "%s%s", reminder ? "提醒:" : "", title);
        if (mail)
            snprintf(text, cap,
                     "您好!\n\n%s感谢您选择%s。诚邀您花两分钟填写「%s」:\n\n%s\n\n"
                     "此链接仅供您本人使用,请勿转发。\n\n如不希望再收到此类邀请,请点此退订:%s?optout=1\n",
                     reminder ? "温馨提醒:" : "", tenant, title, url, url);
        else
            snprintf(text, cap, "【%s】%s%s:%s 回复TD或在页面底部退订", tenant,
                     reminder ? "温馨提醒," : "", title, url);
    }
}

static enum mn_status send_one(struct db *db, const struct survey_invitation *v, int64_t now,
                               const struct sms_config *sms, bool has_sms,
                               const struct mail_config *mail, bool has_mail, char *why,
                               size_t wcap)
{
    bool reminder = v->last_sent_at != 0;
    if (survey_optouts_has(db, v->tenant_id, v->recipient)) {
        survey_invitations_set_status(db, v->tenant_id, v->id, "opted_out");
        snprintf(why, wcap, "opted out");
        return MN_ERR_CONFLICT;
    }
    char token[65];
    if (!token_unseal(v->token_sealed, token)) {
        survey_invitations_set_status(db, v->tenant_id, v->id, "failed");
        snprintf(why, wcap, "the token cannot be unsealed (MANYI_SECRET_KEY)");
        return MN_ERR_INTERNAL;
    }
    if (survey_invitations_claim(db, v->tenant_id, v->id, v->last_sent_at, now) != MN_OK) {
        sodium_memzero(token, sizeof token);
        snprintf(why, wcap, "claimed by another sender");
        return MN_ERR_CONFLICT;
    }
    struct tenant t = {0};
    tenants_get(db, v->tenant_id, &t);
    struct survey_row s;
    const char *title = "";
    char title_buf[404] = "";
    if (surveys_get(db, v->tenant_id, v->survey_id, &s) == MN_OK) {
        snprintf(title_buf, sizeof title_buf, "%s", s.name);
        title = title_buf;
        survey_row_release(&s);
    }
    const char *base = getenv("MANYI_PUBLIC_URL");
    char url[300], text[2000], subject[500];
    snprintf(url, sizeof url, "%s/s/%s", base != NULL ? base : "http://127.0.0.1:8080", token);
    sodium_memzero(token, sizeof token);
    compose(v, t.name, title, url, reminder, text, sizeof text, subject, sizeof subject);
    enum mn_status rc;
    if (strcmp(v->channel, "sms") == 0)
        rc = has_sms ? sms_send(sms, v->recipient, text, why, wcap) : MN_ERR_NOT_FOUND;
    else {
        struct mail_msg msg = {v->recipient, subject, text};
        rc = has_mail ? mail_send(mail, &msg, why, wcap) : MN_ERR_NOT_FOUND;
    }
    sodium_memzero(text, sizeof text);
    sodium_memzero(url, sizeof url);
    if (rc == MN_ERR_NOT_FOUND)
        snprintf(why, wcap, "no %s gateway configured", v->channel);
    if (rc != MN_OK) {
        survey_invitations_unclaim(db, v->tenant_id, v->id, v->last_sent_at);
        return rc;
    }
    return survey_invitations_mark_sent(db, v->tenant_id, v->id, now, reminder);
}

enum mn_status survey_job_invitations(struct db *db, int64_t now, char *summary, size_t cap)
{
    struct sms_config sms;
    struct mail_config mail;
    bool has_sms = sms_config_from_env(&sms) == MN_OK;
    bool has_mail = mail_config_from_env(&mail) == MN_OK;
    struct survey_invitation *vs = NULL;
    size_t n = 0;
    enum mn_status rc = survey_invitations_due(db, now, REMIND_AFTER_SECONDS, MAX_REMINDERS,
                                               SEND_BATCH, &vs, &n);
    if (rc != MN_OK)
        return rc;
    int sent = 0, reminded = 0, skipped = 0, failed = 0;
    char why[256] = "";
    for (size_t i = 0; i < n; i++) {
        char w[256] = "";
        enum mn_status one = send_one(db, &vs[i], now, &sms, has_sms, &mail, has_mail, w,
                                      sizeof w);
        if (one == MN_OK)
            vs[i].last_sent_at != 0 ? reminded++ : sent++;
        else if (one == MN_ERR_CONFLICT)
            skipped++;
        else {
            failed++;
            snprintf(why, sizeof why, "%s", w);
        }
    }
    free(vs);
    snprintf(summary, cap, "%d invitations sent, %d reminders, %d skipped, %d failed%s%s", sent,
             reminded, skipped, failed, failed ? ": " : "", failed ? why : "");
    return MN_OK;
}
