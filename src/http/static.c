/* SPDX-License-Identifier: MIT */
#include "http/static.h"

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},               {".png", "image/png"},
    {".ico", "image/x-icon"},                {".json", "application/json"},
    {".woff2", "font/woff2"},                {".woff", "font/woff"},
    {".ttf", "font/ttf"},                    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
};

static const char *content_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot != NULL)
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcmp(dot, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}

static bool safe_path(const char *path)
{
    return path[0] == '/' && strstr(path, "..") == NULL && strchr(path, '\\') == NULL &&
           strstr(path, "//") == NULL;
}

static int send_text(struct evhttp_request *ev, int status, const char *text)
{
    struct evbuffer *b = evbuffer_new();
    evbuffer_add_printf(b, "%s", text);
    evhttp_add_header(evhttp_request_get_output_headers(ev), "Content-Type",
                      "application/json; charset=utf-8");
    evhttp_send_reply(ev, status, NULL, b);
    evbuffer_free(b);
    return status;
}

static bool accepts_gzip(struct evhttp_request *ev)
{
    const char *ae = evhttp_find_header(evhttp_request_get_input_headers(ev), "Accept-Encoding");
    return ae != NULL && strstr(ae, "gzip") != NULL;
}

/* Opens root+rel (or its .gz twin); fills *size and *gz. -1 when absent. */
static int open_file(const char *root, const char *rel, bool try_gz, off_t *size, bool *gz)
{
    char full[1024];
    struct stat st;
    if (try_gz) {
        snprintf(full, sizeof full, "%s%s.gz", root, rel);
        int fd = open(full, O_RDONLY | O_CLOEXEC);
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
            *size = st.st_size;
            *gz = true;
            return fd;
        }
        if (fd >= 0)
            close(fd);
    }
    snprintf(full, sizeof full, "%s%s", root, rel);
    int fd = open(full, O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        *size = st.st_size;
        *gz = false;
        return fd;
    }
    if (fd >= 0)
        close(fd);
    return -1;
}

int static_serve(struct evhttp_request *ev, const char *root, const char *path)
{
    if (root == NULL || !safe_path(path))
        return send_text(ev, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no such file\"}}");
    const char *rel = strcmp(path, "/") == 0 ? "/index.html" : path;
    bool try_gz = accepts_gzip(ev), gz = false;
    off_t size = 0;
    int fd = open_file(root, rel, try_gz, &size, &gz);
    if (fd < 0) {
        /* the SPA's own routes (/stores, /login …) have no dot in their last segment; the
         * respondent page (a separate light entry, web/survey/) owns /s/… links */
        const char *last = strrchr(path, '/');
        if (last != NULL && strchr(last, '.') == NULL) {
            rel = strncmp(path, "/s/", 3) == 0 ? "/survey/index.html" : "/index.html";
            fd = open_file(root, rel, try_gz, &size, &gz);
        }
    }
    if (fd < 0)
        return send_text(ev, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no such file\"}}");
    struct evkeyvalq *h = evhttp_request_get_output_headers(ev);
    evhttp_add_header(h, "Content-Type", content_type(rel));
    evhttp_add_header(h, "Cache-Control", strncmp(rel, "/assets/", 8) == 0
                                              ? "public, max-age=31536000, immutable"
                                              : "no-cache");
    evhttp_add_header(h, "Vary", "Accept-Encoding");
    if (gz)
        evhttp_add_header(h, "Content-Encoding", "gzip");
    struct evbuffer *b = evbuffer_new();
    if (evhttp_request_get_command(ev) == EVHTTP_REQ_HEAD) {
        close(fd);
        char len[32];
        snprintf(len, sizeof len, "%lld", (long long)size);
        evhttp_add_header(h, "Content-Length", len);
    } else {
        evbuffer_add_file(b, fd, 0, size); /* takes the fd */
    }
    evhttp_send_reply(ev, 200, NULL, b);
    evbuffer_free(b);
    return 200;
}
