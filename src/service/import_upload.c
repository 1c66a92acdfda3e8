/* SPDX-License-Identifier: MIT */
/* Uploads of import files in parts (service/import_upload.h). The client declares the size, then
 * sends parts at the offset the server has received so far; a dropped connection resumes from
 * GET's `received`. The bytes go to a file the server names at random (never from anything the
 * client sends), created O_EXCL with mode 0600 in MANYI_TMPDIR; the row in import_uploads says
 * how much of it is valid. A part is written under an exclusive flock(2) of that file and only
 * then counted (compare-and-set on `received`), so parts racing for one offset cannot interleave
 * and a part that was not counted is overwritten by its retry. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "core/text.h"
#include "service/import_upload.h"

json_t *encode_upload(const struct fu_upload *u)
{
    return json_pack("{s:I, s:s, s:I, s:I, s:b, s:o, s:o, s:o}",
                     "id", (json_int_t)u->id, "filename", u->filename,
                     "size", (json_int_t)u->size, "received", (json_int_t)u->received,
                     "complete", u->received == u->size,
                     "import_id", u->import_id > 0 ? json_integer(u->import_id) : json_null(),
                     "created_at", json_time_or_null(u->created_at),
                     "updated_at", json_time_or_null(u->updated_at));
}

static enum mn_status insert_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct fu_upload *u = arg;
    enum mn_status rc = fu_uploads_insert(ctx->db, u);
    if (rc != MN_OK)
        return rc;
    json_t *a = encode_upload(u);
    rc = svc_audit(ctx, "create", "import_upload", u->id, NULL, a);
    json_decref(a);
    return rc;
}

enum mn_status svc_upload_create(struct svc_ctx *ctx, const char *filename, int64_t size,
                                 int64_t max, const char *dir, struct fu_upload *out,
                                 struct mn_error *err)
{
    if (!svc_may_import(ctx))
        return MN_ERR_FORBIDDEN;
    if (text_check("filename", filename, strlen(filename), 0, 100, false, err) != MN_OK)
        return MN_ERR_INVALID;
    if (size <= 0)
        return mn_fail(err, MN_ERR_INVALID, "size", "must be the file's size in bytes (at least 1)");
    if (size > max)
        return mn_fail(err, MN_ERR_TOO_LARGE, "size",
                       "is over the import limit of %lld MiB (MANYI_IMPORT_MAX_MB)",
                       (long long)(max >> 20));
    struct statvfs fs;
    if (statvfs(dir, &fs) == 0 && (uint64_t)fs.f_bavail * fs.f_frsize < (uint64_t)size)
        return mn_fail(err, MN_ERR_TOO_LARGE, "size",
                       "is more than the server's upload directory has free");
    *out = (struct fu_upload){.tenant_id = ctx->who.tenant_id, .user_id = ctx->who.user_id,
                              .size = size};
    snprintf(out->filename, sizeof out->filename, "%s", filename);
    int fd = -1;
    for (int attempt = 0; attempt < 4 && fd < 0; attempt++) {
        unsigned char rnd[16];
        char hex[33];
        randombytes_buf(rnd, sizeof rnd);
        sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
        int n = snprintf(out->path, sizeof out->path, "%s/manyi-upload-%s.part", dir, hex);
        if (n < 0 || (size_t)n >= sizeof out->path) {
            errno = ENAMETOOLONG;
            break;
        }
        fd = open(out->path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        fprintf(stderr, "manyi: cannot create an upload file in %s: %s\n", dir, strerror(errno));
        return MN_ERR_INTERNAL;
    }
    close(fd);
    enum mn_status rc = svc_run_tx(ctx, insert_tx, out, err);
    if (rc != MN_OK)
        unlink(out->path);
    return rc;
}

/* The caller's own upload; any other (another user's, another tenant's) is not found. */
static enum mn_status own_upload(struct svc_ctx *ctx, int64_t id, struct fu_upload *out)
{
    enum mn_status rc = fu_uploads_get(ctx->db, ctx->who.tenant_id, id, out);
    if (rc != MN_OK)
        return rc;
    if (out->user_id != ctx->who.user_id)
        return MN_ERR_NOT_FOUND;
    return MN_OK;
}

enum mn_status svc_upload_get(struct svc_ctx *ctx, int64_t id, struct fu_upload *out)
{
    if (!svc_may_import(ctx))
        return MN_ERR_NOT_FOUND; /* as GET /imports/{id}: nothing of it is theirs to see */
    return own_upload(ctx, id, out);
}

struct advance_tx { const struct fu_upload *u; int64_t from, to; };

static enum mn_status advance_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    const struct advance_tx *t = arg;
    return fu_uploads_advance(ctx->db, ctx->who.tenant_id, t->u->id, t->from, t->to,
                              store_now());
}

/* The checks of a part against the upload's state (before and again under the lock). */
static enum mn_status check_part(const struct fu_upload *u, int64_t offset, int64_t len,
                                 struct mn_error *err)
{
    if (u->import_id > 0)
        return mn_fail(err, MN_ERR_CONFLICT, "id",
                       "is being imported or was imported (import %lld); start a new upload",
                       (long long)u->import_id);
    if (offset != u->received)
        return mn_fail(err, MN_ERR_CONFLICT, "offset",
                       "must be %lld, the bytes received so far; send the rest from there",
                       (long long)u->received);
    if (len > u->size - offset)
        return mn_fail(err, MN_ERR_TOO_LARGE, "body",
                       "ends at byte %lld, past the declared size of %lld",
                       (long long)(offset + len), (long long)u->size);
    return MN_OK;
}

enum mn_status svc_upload_append(struct svc_ctx *ctx, int64_t id, int64_t offset, int64_t len,
                                 upload_fill_fn fill, void *arg, struct fu_upload *out,
                                 struct mn_error *err)
{
    if (!svc_may_import(ctx))
        return MN_ERR_FORBIDDEN;
    enum mn_status rc = own_upload(ctx, id, out);
    if (rc != MN_OK)
        return rc;
    if (len <= 0 && offset == out->received && out->import_id == 0)
        return mn_fail(err, MN_ERR_INVALID, "body", "a part has at least one byte");
    if ((rc = check_part(out, offset, len, err)) != MN_OK)
        return rc;
    int fd = open(out->path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT)
            return mn_fail(err, MN_ERR_CONFLICT, "id",
                           "has lost its file on the server; start a new upload");
        fprintf(stderr, "manyi: upload %lld: %s: %s\n", (long long)id, out->path,
                strerror(errno));
        return MN_ERR_INTERNAL;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return mn_fail(err, MN_ERR_CONFLICT, "offset",
                       "another part of this upload is being written; retry from `received`");
    }
    /* under the lock: the state may have moved since it was read */
    if ((rc = own_upload(ctx, id, out)) != MN_OK || (rc = check_part(out, offset, len, err)) != MN_OK) {
        close(fd);
        return rc;
    }
    if (lseek(fd, (off_t)offset, SEEK_SET) != (off_t)offset)
        rc = MN_ERR_INTERNAL;
    if (rc == MN_OK)
        rc = fill(arg, fd, len);
    /* the bytes are on disk before `received` says so; a tail a failed part left is cut */
    if (rc == MN_OK && (fdatasync(fd) != 0 || ftruncate(fd, (off_t)(offset + len)) != 0))
        rc = MN_ERR_INTERNAL;
    if (rc != MN_OK)
        fprintf(stderr, "manyi: upload %lld: writing a part to %s failed: %s\n", (long long)id,
                out->path, strerror(errno));
    if (rc == MN_OK) {
        struct advance_tx t = {out, offset, offset + len};
        rc = svc_run_tx(ctx, advance_tx, &t, err);
        if (rc == MN_ERR_CONFLICT) { /* cannot happen under the lock; say where it stands */
            own_upload(ctx, id, out);
            rc = mn_fail(err, MN_ERR_CONFLICT, "offset", "must be %lld",
                         (long long)out->received);
        } else if (rc == MN_OK) {
            out->received = offset + len;
            out->updated_at = store_now();
        }
    }
    close(fd); /* releases the lock */
    return rc;
}

enum mn_status svc_upload_open(struct svc_ctx *ctx, int64_t id, FILE **f, struct fu_upload *out,
                               struct mn_error *err)
{
    *f = NULL;
    if (!svc_may_import(ctx))
        return MN_ERR_FORBIDDEN;
    enum mn_status rc = own_upload(ctx, id, out);
    if (rc == MN_ERR_NOT_FOUND)
        return mn_fail(err, MN_ERR_NOT_FOUND, "upload_id", "no such upload");
    if (rc != MN_OK)
        return rc;
    if (out->import_id > 0)
        return mn_fail(err, MN_ERR_CONFLICT, "upload_id",
                       "is being imported or was imported (import %lld); upload the file again",
                       (long long)out->import_id);
    if (out->received != out->size)
        return mn_fail(err, MN_ERR_CONFLICT, "upload_id",
                       "is incomplete: %lld of %lld bytes received; send the rest first",
                       (long long)out->received, (long long)out->size);
    *f = fopen(out->path, "rbe");
    if (*f == NULL) {
        if (errno == ENOENT)
            return mn_fail(err, MN_ERR_CONFLICT, "upload_id",
                           "has lost its file on the server; upload the file again");
        fprintf(stderr, "manyi: upload %lld: %s: %s\n", (long long)id, out->path,
                strerror(errno));
        return MN_ERR_INTERNAL;
    }
    return MN_OK;
}
