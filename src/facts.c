/* Chain facts kept between runs (see facts.h). */
#define _DEFAULT_SOURCE /* MAP_POPULATE */
#include "facts.h"

#include "cache.h"

#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char MAGIC[] = "migfix-chain-facts 1\n";

/* A larger file is not one migfix wrote; a save keeps this much: about 20
 * projects of 176 revisions (a revision's facts take 1 to 2 KB). */
enum { FACTS_MAX = 16 << 20, FACTS_KEEP = 4 << 20 };

typedef struct {
    uint64_t h1, h2, len; /* the text's */
    mf_slice payload;     /* mf_chain_file_encode's bytes; empty: no revision */
    atomic_bool used;
} entry;

struct mf_facts {
    char *path;
    pthread_mutex_t lock;
    /* The loaded bytes (the entries' payloads): the file mapped, not read
     * into a growing buffer (a warm run's page faults were a third of it). */
    const char *map;
    size_t map_len;
    MF_VEC(entry) entries; /* loaded, sorted by key */
    MF_VEC(entry) added;   /* this run's (payloads malloc'd) */
    atomic_size_t hits, misses;
};

/* Two 64-bit hashes of the bytes, eight at a time (FNV's byte at a time
 * was a third of a warm run's reading), with unrelated constants and a
 * final mix each, so that the two do not fail together. */
static uint64_t mix(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

static entry key_of(mf_slice text) {
    uint64_t h1 = 0x9e3779b97f4a7c15ull ^ text.len, h2 = 0x243f6a8885a308d3ull ^ (text.len << 1);
    size_t i = 0;
    for (; i + 8 <= text.len; i += 8) {
        uint64_t w;
        memcpy(&w, text.data + i, 8);
        h1 = (h1 ^ w) * 0x100000001b3ull;
        h1 = h1 << 29 | h1 >> 35;
        h2 = (h2 + w) * 0x87c37b91114253d5ull;
        h2 ^= h2 >> 31;
    }
    uint64_t last = 0;
    if (i < text.len)
        memcpy(&last, text.data + i, text.len - i);
    return (entry){mix(h1 ^ last), mix(h2 + last * 0x4cf5ad432745937full), text.len, {0}, false};
}

static int compare_keys(const void *a, const void *b) {
    const entry *x = a, *y = b;
    if (x->h1 != y->h1)
        return x->h1 < y->h1 ? -1 : 1;
    if (x->h2 != y->h2)
        return x->h2 < y->h2 ? -1 : 1;
    return (x->len > y->len) - (x->len < y->len);
}

/* FACTS->path mapped (a regular file, not a link, at most FACTS_MAX). */
static bool map_file(mf_facts *facts, mf_slice *out) {
    int fd = open(facts->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return false;
    struct stat st;
    bool ok =
        fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size <= FACTS_MAX;
    void *map = ok ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0)
                   : MAP_FAILED;
    close(fd);
    if (map == MAP_FAILED)
        return false;
    facts->map = map;
    facts->map_len = (size_t)st.st_size;
    *out = mf_slice_of(map, facts->map_len);
    return true;
}

/* After the magic line: the checksum of the rest as 16 hex digits and a
 * newline, then each entry as h1, h2, the text's length and the payload's
 * (8 bytes each, little-endian) and the payload. */
static void load(mf_facts *facts) {
    size_t head = strlen(MAGIC) + 17;
    mf_slice file;
    if (!map_file(facts, &file))
        return;
    const mf_slice *f = &file;
    if (f->len < head || memcmp(f->data, MAGIC, strlen(MAGIC)) != 0 || f->data[head - 1] != '\n')
        return;
    char sum[17];
    snprintf(sum, sizeof sum, "%016" PRIx64, key_of(mf_slice_of(f->data + head, f->len - head)).h1);
    if (memcmp(sum, f->data + strlen(MAGIC), 16) != 0)
        return;
    for (size_t at = head; at < f->len;) {
        if (f->len - at < 32)
            goto damaged;
        entry e = {mf_load_u64(f->data + at),
                   mf_load_u64(f->data + at + 8),
                   mf_load_u64(f->data + at + 16),
                   {0},
                   false};
        uint64_t n = mf_load_u64(f->data + at + 24);
        at += 32;
        if (n > f->len - at)
            goto damaged;
        e.payload = mf_slice_of(f->data + at, (size_t)n);
        at += (size_t)n;
        MF_VEC_PUSH(&facts->entries, e);
    }
    if (facts->entries.len > 1)
        qsort(facts->entries.items, facts->entries.len, sizeof(entry), compare_keys);
    return;
damaged:
    MF_VEC_FREE(&facts->entries);
}

mf_facts *mf_facts_open(const char *path) {
    mf_facts *facts = mf_xcalloc(1, sizeof *facts);
    pthread_mutex_init(&facts->lock, NULL);
    if (path) {
        facts->path = mf_xstrdup(path);
        load(facts);
    }
    return facts;
}

mf_facts *mf_facts_open_own(void) {
    char *path = mf_cache_file("chain-facts");
    mf_facts *facts = path ? mf_facts_open(path) : NULL;
    free(path);
    return facts;
}

void mf_facts_describe(const mf_facts *facts, mf_buf *out) {
    mf_buf_printf(out, "migfix: the chain: %zu files read, %zu of them from the facts cache\n",
                  mf_facts_hits(facts) + mf_facts_misses(facts), mf_facts_hits(facts));
}

bool mf_facts_get(mf_facts *facts, const char *path, mf_slice text, mf_chain_file **file) {
    *file = NULL;
    if (!facts)
        return false;
    /* The loaded entries do not change after mf_facts_open: no lock (a
     * lookup per file, from every worker, contended on one). */
    entry key = key_of(text);
    entry *e = facts->entries.len ? bsearch(&key, facts->entries.items, facts->entries.len,
                                            sizeof key, compare_keys)
                                  : NULL;
    bool found = e != NULL;
    if (found && e->payload.len) {
        *file = mf_chain_file_decode(path, e->payload);
        found = *file != NULL; /* not ours after all: read the file */
    }
    if (found)
        atomic_store(&e->used, true);
    atomic_fetch_add(found ? &facts->hits : &facts->misses, 1);
    return found;
}

void mf_facts_put(mf_facts *facts, mf_slice text, const mf_chain_file *file) {
    if (!facts || !facts->path)
        return;
    entry e = key_of(text);
    mf_buf payload = {0};
    if (file)
        mf_chain_file_encode(file, &payload);
    e.payload = mf_slice_of(payload.data, payload.len); /* owned: freed on close */
    e.used = true;
    pthread_mutex_lock(&facts->lock);
    MF_VEC_PUSH(&facts->added, e);
    pthread_mutex_unlock(&facts->lock);
}

size_t mf_facts_hits(const mf_facts *facts) {
    return facts ? facts->hits : 0;
}

size_t mf_facts_misses(const mf_facts *facts) {
    return facts ? facts->misses : 0;
}

static void put_entry(mf_buf *body, const entry *e) {
    mf_buf_put_u64(body, e->h1);
    mf_buf_put_u64(body, e->h2);
    mf_buf_put_u64(body, e->len);
    mf_buf_put_u64(body, e->payload.len);
    mf_buf_put(body, e->payload.data, e->payload.len);
}

static void save(mf_facts *facts) {
    mf_buf body = {0}, file = {0};
    /* This run's first (used, then added), then the others, to the limit;
     * a text added twice (two files alike), or also loaded (two runs at
     * once), once. */
    if (facts->added.len > 1)
        qsort(facts->added.items, facts->added.len, sizeof(entry), compare_keys);
    for (size_t i = 0; i < facts->entries.len; i++)
        if (facts->entries.items[i].used &&
            body.len + facts->entries.items[i].payload.len + 32 <= FACTS_KEEP)
            put_entry(&body, &facts->entries.items[i]);
    for (size_t i = 0; i < facts->added.len; i++) {
        const entry *e = &facts->added.items[i];
        bool known = facts->entries.len &&
                     bsearch(e, facts->entries.items, facts->entries.len, sizeof *e, compare_keys);
        bool repeated = i > 0 && compare_keys(e, e - 1) == 0; /* sorted below */
        if (!known && !repeated && body.len + e->payload.len + 32 <= FACTS_KEEP)
            put_entry(&body, e);
    }
    for (size_t i = 0; i < facts->entries.len; i++)
        if (!facts->entries.items[i].used &&
            body.len + facts->entries.items[i].payload.len + 32 <= FACTS_KEEP)
            put_entry(&body, &facts->entries.items[i]);
    mf_buf_printf(&file, "%s%016" PRIx64 "\n", MAGIC, key_of(mf_slice_of(body.data, body.len)).h1);
    mf_buf_put(&file, body.data, body.len);
    mf_cache_replace(facts->path, mf_slice_of(file.data, file.len));
    mf_buf_free(&file);
    mf_buf_free(&body);
}

void mf_facts_close(mf_facts *facts) {
    if (!facts)
        return;
    if (facts->path && facts->added.len)
        save(facts);
    for (size_t i = 0; i < facts->added.len; i++)
        free((char *)facts->added.items[i].payload.data);
    MF_VEC_FREE(&facts->added);
    MF_VEC_FREE(&facts->entries);
    if (facts->map)
        munmap((void *)facts->map, facts->map_len);
    pthread_mutex_destroy(&facts->lock);
    free(facts->path);
    free(facts);
}
