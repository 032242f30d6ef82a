/* Owned growable byte buffers, borrowed slices, and a typed vector macro.
 *
 * Every pipeline stage passes text around as an mf_slice (borrowed, not
 * NUL-terminated) and builds new text in an mf_buf (owned; free with
 * mf_buf_free or hand over with mf_buf_detach). Out of memory aborts with one
 * message: there is no sensible way to continue a rewrite without memory.
 */
#ifndef MIGFIX_BUF_H
#define MIGFIX_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct {
    const char *data;
    size_t len;
} mf_slice;

typedef struct {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
} mf_buf;

/* On allocation failure FN runs (once) before the message and abort: it
 * removes what must not outlive the process (write.c's temporary files). */
void mf_on_out_of_memory(void (*fn)(void));
void *mf_xmalloc(size_t size);
void *mf_xcalloc(size_t count, size_t size);
void *mf_xrealloc(void *ptr, size_t size);
char *mf_xstrdup(const char *s);
char *mf_xstrndup(const char *s, size_t len);

void mf_buf_put(mf_buf *buf, const char *data, size_t len);
void mf_buf_puts(mf_buf *buf, const char *s);
/* Appends S as a Python string literal ("..." with \\, \" and control
 * characters escaped). */
void mf_buf_put_python_string(mf_buf *b, mf_slice s);
void mf_buf_putc(mf_buf *buf, char c);
/* V as 8 bytes, little-endian (the caches' layout); and back from AT. */
void mf_buf_put_u64(mf_buf *buf, uint64_t v);
uint64_t mf_load_u64(const void *at);
void mf_buf_printf(mf_buf *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mf_buf_vprintf(mf_buf *buf, const char *fmt, va_list ap);
/* Hands the NUL-terminated contents to the caller (free with free()) and
 * leaves the buffer empty. Never returns NULL. */
char *mf_buf_detach(mf_buf *buf);
void mf_buf_free(mf_buf *buf);

static inline mf_slice mf_slice_of(const char *data, size_t len) {
    mf_slice s = {data, len};
    return s;
}
mf_slice mf_slice_cstr(const char *s);
bool mf_slice_eq(mf_slice a, mf_slice b);
bool mf_slice_eq_cstr(mf_slice a, const char *s);
bool mf_slice_starts_with(mf_slice a, const char *prefix);
mf_slice mf_slice_trim(mf_slice s);
bool mf_ends_with(const char *s, const char *suffix);

/* Offset of the first NEEDLE in HAY, or -1. */
long mf_slice_find(mf_slice hay, const char *needle);

/* A growable array of T, owned by whoever holds it: MF_VEC_FREE releases it. */
#define MF_VEC(T)                                                                                  \
    struct {                                                                                       \
        T *items;                                                                                  \
        size_t len, cap;                                                                           \
    }
#define MF_VEC_PUSH(vec, value)                                                                    \
    do {                                                                                           \
        if ((vec)->len == (vec)->cap) {                                                            \
            (vec)->cap = (vec)->cap ? (vec)->cap * 2 : 8;                                          \
            (vec)->items = mf_xrealloc((vec)->items, (vec)->cap * sizeof *(vec)->items);           \
        }                                                                                          \
        (vec)->items[(vec)->len++] = (value);                                                      \
    } while (0)
#define MF_VEC_FREE(vec)                                                                           \
    do {                                                                                           \
        free((vec)->items);                                                                        \
        (vec)->items = NULL;                                                                       \
        (vec)->len = (vec)->cap = 0;                                                               \
    } while (0)

#endif
