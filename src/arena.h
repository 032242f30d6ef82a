/* A per-file bump allocator: everything a file's processing creates that
 * lives as long as the file (operation records, rendered guards, messages)
 * comes from its arena and is released with one mf_arena_free. */
#ifndef MIGFIX_ARENA_H
#define MIGFIX_ARENA_H

#include <stddef.h>

typedef struct mf_arena_chunk mf_arena_chunk;
typedef struct {
    mf_arena_chunk *head;
} mf_arena;

void *mf_arena_alloc(mf_arena *arena, size_t size);
char *mf_arena_strndup(mf_arena *arena, const char *s, size_t len);
char *mf_arena_printf(mf_arena *arena, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mf_arena_free(mf_arena *arena);

#endif
