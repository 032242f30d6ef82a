/* Bump allocation in chunks (see arena.h). */
#include "arena.h"

#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct mf_arena_chunk {
    mf_arena_chunk *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

enum { CHUNK_SIZE = 16 * 1024 };

void *mf_arena_alloc(mf_arena *arena, size_t size) {
    size = (size + 15) & ~(size_t)15;
    mf_arena_chunk *c = arena->head;
    if (!c || c->cap - c->used < size) {
        size_t cap = size > CHUNK_SIZE ? size : CHUNK_SIZE;
        c = mf_xmalloc(sizeof *c + cap);
        c->used = 0;
        c->cap = cap;
        c->next = arena->head;
        arena->head = c;
    }
    void *p = c->data + c->used;
    c->used += size;
    return p;
}

char *mf_arena_strndup(mf_arena *arena, const char *s, size_t len) {
    char *p = mf_arena_alloc(arena, len + 1);
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *mf_arena_printf(mf_arena *arena, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = mf_arena_alloc(arena, n > 0 ? (size_t)n + 1 : 1);
    va_start(ap, fmt);
    vsnprintf(p, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
    va_end(ap);
    return p;
}

void mf_arena_free(mf_arena *arena) {
    mf_arena_chunk *c = arena->head;
    while (c) {
        mf_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    arena->head = NULL;
}
