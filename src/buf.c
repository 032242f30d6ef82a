/* Buffers, slices and checked allocation (see buf.h). */
#include "buf.h"

#include <stdio.h>
#include <string.h>

static void (*before_abort)(void);

void mf_on_out_of_memory(void (*fn)(void)) {
    before_abort = fn;
}

static void out_of_memory(size_t size) {
    void (*fn)(void) = before_abort;
    before_abort = NULL;
    if (fn)
        fn();
    fprintf(stderr, "migfix: fatal: out of memory (allocating %zu bytes)\n", size);
    abort();
}

void *mf_xmalloc(size_t size) {
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *mf_xcalloc(size_t count, size_t size) {
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *mf_xrealloc(void *ptr, size_t size) {
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

char *mf_xstrndup(const char *s, size_t len) {
    char *p = mf_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *mf_xstrdup(const char *s) {
    return mf_xstrndup(s, strlen(s));
}

static void reserve(mf_buf *buf, size_t extra) {
    size_t need = buf->len + extra + 1;
    if (need <= buf->cap)
        return;
    size_t cap = buf->cap ? buf->cap : 64;
    while (cap < need)
        cap *= 2;
    buf->data = mf_xrealloc(buf->data, cap);
    buf->cap = cap;
}

void mf_buf_put(mf_buf *buf, const char *data, size_t len) {
    reserve(buf, len);
    if (len)
        memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void mf_buf_puts(mf_buf *buf, const char *s) {
    mf_buf_put(buf, s, strlen(s));
}

void mf_buf_putc(mf_buf *buf, char c) {
    mf_buf_put(buf, &c, 1);
}

void mf_buf_put_u64(mf_buf *buf, uint64_t v) {
    char bytes[8];
    for (int i = 0; i < 8; i++)
        bytes[i] = (char)(v >> (8 * i));
    mf_buf_put(buf, bytes, 8);
}

uint64_t mf_load_u64(const void *at) {
    const unsigned char *b = at;
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

void mf_buf_vprintf(mf_buf *buf, const char *fmt, va_list ap) {
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return;
    reserve(buf, (size_t)n);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    buf->len += (size_t)n;
}

void mf_buf_printf(mf_buf *buf, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    mf_buf_vprintf(buf, fmt, ap);
    va_end(ap);
}

char *mf_buf_detach(mf_buf *buf) {
    char *data = buf->data ? buf->data : mf_xstrdup("");
    buf->data = NULL;
    buf->len = buf->cap = 0;
    return data;
}

void mf_buf_free(mf_buf *buf) {
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

mf_slice mf_slice_cstr(const char *s) {
    return mf_slice_of(s, strlen(s));
}

bool mf_slice_eq(mf_slice a, mf_slice b) {
    return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

bool mf_slice_eq_cstr(mf_slice a, const char *s) {
    return mf_slice_eq(a, mf_slice_cstr(s));
}

bool mf_slice_starts_with(mf_slice a, const char *prefix) {
    size_t n = strlen(prefix);
    return a.len >= n && memcmp(a.data, prefix, n) == 0;
}

mf_slice mf_slice_trim(mf_slice s) {
    while (s.len &&
           (s.data[0] == ' ' || s.data[0] == '\t' || s.data[0] == '\r' || s.data[0] == '\n')) {
        s.data++;
        s.len--;
    }
    while (s.len && (s.data[s.len - 1] == ' ' || s.data[s.len - 1] == '\t' ||
                     s.data[s.len - 1] == '\r' || s.data[s.len - 1] == '\n'))
        s.len--;
    return s;
}

bool mf_ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

long mf_slice_find(mf_slice hay, const char *needle) {
    size_t n = strlen(needle);
    if (n == 0 || n > hay.len)
        return n == 0 ? 0 : -1;
    const char *p = hay.data, *end = hay.data + hay.len - n + 1;
    while (p < end && (p = memchr(p, needle[0], (size_t)(end - p)))) {
        if (memcmp(p, needle, n) == 0)
            return (long)(p - hay.data);
        p++;
    }
    return -1;
}

void mf_buf_put_python_string(mf_buf *b, mf_slice s) {
    mf_buf_putc(b, '"');
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.data[i];
        if (c == '"' || c == '\\')
            mf_buf_printf(b, "\\%c", c);
        else if (c == '\n')
            mf_buf_puts(b, "\\n");
        else if (c < 0x20 || c == 0x7f)
            mf_buf_printf(b, "\\x%02x", c);
        else
            mf_buf_putc(b, (char)c);
    }
    mf_buf_putc(b, '"');
}
