/* SQLAlchemy URLs (see dburl.h). The grammar follows SQLAlchemy's own
 * make_url pattern, so that a URL alembic.ini accepts splits the same way here:
 * the password runs to the first '@' (it may hold '/' and ':'), the host to
 * '/', ':' or '?', the database to '?'. No error message quotes the URL text:
 * it may hold the password. */
#include "dburl.h"

#include "buf.h"
#include "sql.h"

#include <stdio.h>
#include <string.h>

static int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* %XX decoded (an invalid escape stays as written, as Python's unquote
 * leaves it); PLUS_IS_SPACE for query strings (parse_qsl). */
static char *decode(const char *s, size_t len, bool plus_is_space) {
    char *out = mf_xmalloc(len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < len && (hi = hex_value(s[i + 1])) >= 0 &&
            (lo = hex_value(s[i + 2])) >= 0) {
            out[n++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (plus_is_space && s[i] == '+') {
            out[n++] = ' ';
        } else {
            out[n++] = s[i];
        }
    }
    out[n] = '\0';
    return out;
}

static void add_query(mf_dburl *url, char *key, char *value) {
    url->query_keys = mf_xrealloc(url->query_keys, (size_t)(url->nquery + 1) * sizeof(char *));
    url->query_values = mf_xrealloc(url->query_values, (size_t)(url->nquery + 1) * sizeof(char *));
    url->query_keys[url->nquery] = key;
    url->query_values[url->nquery] = value;
    url->nquery++;
}

/* key=value&key=value, as parse_qsl reads it (blank values dropped). The
 * socket parameters go to url->socket; ?host=name (no '/') to url->host. */
static void parse_query(mf_dburl *url, const char *q) {
    while (*q) {
        size_t len = strcspn(q, "&");
        const char *eq = memchr(q, '=', len);
        if (eq && eq + 1 < q + len) {
            char *key = decode(q, (size_t)(eq - q), true);
            char *value = decode(eq + 1, (size_t)(q + len - eq - 1), true);
            bool pg = url->dialect == MF_DIALECT_POSTGRESQL;
            bool my = url->dialect == MF_DIALECT_MYSQL || url->dialect == MF_DIALECT_MARIADB;
            if (((pg && strcmp(key, "host") == 0 && value[0] == '/') ||
                 (my && strcmp(key, "unix_socket") == 0)) &&
                !url->socket) {
                url->socket = value;
                free(key);
            } else if (pg && strcmp(key, "host") == 0 && !url->host) {
                url->host = value;
                free(key);
            } else {
                add_query(url, key, value);
            }
        }
        q += len;
        if (*q)
            q++;
    }
}

static int fail(mf_dburl *url, char **error, const char *message) {
    mf_dburl_free(url);
    *error = mf_xstrdup(message);
    return -1;
}

/* The dialect from "name[+driver]"; the name is echoed in the error only when
 * it is made of the characters a scheme may hold. */
static int parse_scheme(const char *s, size_t len, mf_dburl *url, char **error) {
    if (len == 0 ||
        strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+") < len)
        return fail(url, error, "not a database URL (expected dialect[+driver]://...)");
    const char *plus = memchr(s, '+', len);
    size_t name_len = plus ? (size_t)(plus - s) : len;
    char *name = mf_xstrndup(s, name_len);
    int dialect = strcmp(name, "postgres") == 0 ? MF_DIALECT_POSTGRESQL : mf_dialect_parse(name);
    if (dialect < 0) {
        char message[200];
        snprintf(message, sizeof message,
                 "unsupported database '%.60s' in the URL (locate reads postgresql, sqlite, "
                 "mysql and mariadb)",
                 name);
        free(name);
        return fail(url, error, message);
    }
    free(name);
    url->dialect = dialect;
    if (plus)
        url->driver = mf_xstrndup(plus + 1, len - name_len - 1);
    return 0;
}

/* [user[:password]@]: the user runs to ':' or '/' (it may hold '@': the last
 * one before them ends it), the password to the first '@'. Returns the
 * length consumed, 0 when there is none. */
static size_t parse_userinfo(const char *rest, mf_dburl *url) {
    size_t user_end = strcspn(rest, ":/");
    size_t at = 0;
    bool have = false;
    if (rest[user_end] == ':') {
        size_t pw_end = user_end + 1 + strcspn(rest + user_end + 1, "@");
        if (rest[pw_end] == '@') {
            url->user = decode(rest, user_end, false);
            url->password = decode(rest + user_end + 1, pw_end - user_end - 1, false);
            return pw_end + 1;
        }
    }
    for (size_t i = 0; i < user_end; i++)
        if (rest[i] == '@') {
            at = i;
            have = true;
        }
    if (!have)
        return 0;
    url->user = decode(rest, at, false);
    return at + 1;
}

int mf_dburl_parse(const char *text, mf_dburl *url, char **error) {
    memset(url, 0, sizeof *url);
    *error = NULL;
    const char *sep = strstr(text, "://");
    if (!sep)
        return fail(url, error, "not a database URL (expected dialect[+driver]://...)");
    if (parse_scheme(text, (size_t)(sep - text), url, error) < 0)
        return -1;
    const char *p = sep + 3;
    p += parse_userinfo(p, url);

    if (*p == '[') {
        size_t len = strcspn(p + 1, "]/?");
        if (p[1 + len] != ']' || len == 0)
            return fail(url, error, "the database URL's IPv6 host has no closing ]");
        url->host = mf_xstrndup(p + 1, len);
        p += len + 2;
    } else {
        size_t len = strcspn(p, "/:?");
        if (len)
            url->host = mf_xstrndup(p, len);
        p += len;
    }
    if (*p == ':') {
        p++;
        size_t len = strcspn(p, "/?");
        if (len) {
            long port = 0;
            for (size_t i = 0; i < len; i++) {
                if (p[i] < '0' || p[i] > '9' || port > 65535)
                    return fail(url, error,
                                "the port in the database URL is not a number from 1 to 65535");
                port = port * 10 + (p[i] - '0');
            }
            if (port < 1 || port > 65535)
                return fail(url, error,
                            "the port in the database URL is not a number from 1 to 65535");
            url->port = (int)port;
        }
        p += len;
    }
    if (*p != '\0' && *p != '/' && *p != '?')
        return fail(url, error, "the database URL's host is followed by something unexpected");
    if (*p == '/') {
        p++;
        size_t len = strcspn(p, "?");
        url->database = decode(p, len, false);
        p += len;
    }
    if (*p == '?')
        parse_query(url, p + 1);

    if (url->dialect == MF_DIALECT_SQLITE) {
        if (url->host || url->user || url->password || url->port)
            return fail(url, error,
                        "a sqlite URL names a file, not a server: sqlite:///relative/path, "
                        "sqlite:////absolute/path or sqlite:// (in memory)");
        if (url->database && (!url->database[0] || strcmp(url->database, ":memory:") == 0)) {
            free(url->database);
            url->database = NULL;
        }
    }
    return 0;
}

/* Percent-escapes what would change how the display splits again. */
static void put_escaped(mf_buf *b, const char *s, const char *special) {
    for (; *s; s++) {
        if (strchr(special, *s) || (unsigned char)*s < 0x20)
            mf_buf_printf(b, "%%%02X", (unsigned char)*s);
        else
            mf_buf_putc(b, *s);
    }
}

char *mf_dburl_display(const mf_dburl *url) {
    mf_buf b = {0};
    mf_buf_puts(&b, mf_dialect_name((mf_dialect)url->dialect));
    if (url->driver)
        mf_buf_printf(&b, "+%s", url->driver);
    mf_buf_puts(&b, "://");
    if (url->user || url->password) {
        if (url->user)
            put_escaped(&b, url->user, "%:/@?#&= ");
        if (url->password)
            mf_buf_puts(&b, ":***");
        mf_buf_putc(&b, '@');
    }
    if (url->host) {
        if (strchr(url->host, ':'))
            mf_buf_printf(&b, "[%s]", url->host);
        else
            mf_buf_puts(&b, url->host);
    }
    if (url->port)
        mf_buf_printf(&b, ":%d", url->port);
    if (url->database) {
        mf_buf_putc(&b, '/');
        put_escaped(&b, url->database, "%?#");
    }
    char sep = '?';
    if (url->socket) {
        mf_buf_printf(&b, "%c%s=", sep,
                      url->dialect == MF_DIALECT_POSTGRESQL ? "host" : "unix_socket");
        put_escaped(&b, url->socket, "%&=+#; ");
        sep = '&';
    }
    for (int i = 0; i < url->nquery; i++) {
        mf_buf_putc(&b, sep);
        put_escaped(&b, url->query_keys[i], "%&=+#; ");
        mf_buf_putc(&b, '=');
        put_escaped(&b, url->query_values[i], "%&=+#; ");
        sep = '&';
    }
    return mf_buf_detach(&b);
}

void mf_dburl_free(mf_dburl *url) {
    free(url->driver);
    free(url->user);
    free(url->password);
    free(url->host);
    free(url->database);
    free(url->socket);
    for (int i = 0; i < url->nquery; i++) {
        free(url->query_keys[i]);
        free(url->query_values[i]);
    }
    free(url->query_keys);
    free(url->query_values);
    memset(url, 0, sizeof *url);
}
