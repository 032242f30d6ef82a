/* The cache directory and its files (see cache.h). */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include "cache.h"

#include "write.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The GNU build id of the program, as hex: what tells this build from any
 * other, including one of the same version built from other sources. */
static int find_build_id(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    char *hex = data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE)
            continue;
        const char *at = (const char *)(info->dlpi_addr + ph->p_vaddr);
        const char *end = at + ph->p_memsz;
        while ((size_t)(end - at) >= sizeof(ElfW(Nhdr))) {
            const ElfW(Nhdr) *note = (const void *)at;
            const char *name = at + sizeof *note;
            const unsigned char *desc = (const unsigned char *)name + ((note->n_namesz + 3) & ~3u);
            if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 &&
                memcmp(name, "GNU", 4) == 0 && note->n_descsz >= 8 && note->n_descsz <= 64) {
                for (unsigned k = 0; k < note->n_descsz; k++)
                    sprintf(hex + 2 * k, "%02x", desc[k]);
                return 1;
            }
            at = (const char *)desc + ((note->n_descsz + 3) & ~3u);
        }
    }
    return 1; /* the first object is the program itself: stop there */
}

static const char *environment(const char *name) {
    const char *value = getenv(name);
    return value && *value ? value : NULL;
}

char *mf_cache_file(const char *stem) {
    char build[129] = "";
    dl_iterate_phdr(find_build_id, build);
    if (!*build)
        return NULL;
    mf_buf path = {0};
    const char *dir = environment("MIGFIX_CACHE_DIR");
    const char *xdg = environment("XDG_CACHE_HOME"), *home = environment("HOME");
    if (dir)
        mf_buf_puts(&path, dir);
    else if (xdg && xdg[0] == '/') /* the XDG spec ignores a relative one */
        mf_buf_printf(&path, "%s/migfix", xdg);
    else if (home)
        mf_buf_printf(&path, "%s/.cache/migfix", home);
    else
        return NULL;
    mf_buf_printf(&path, "/%s-%s-%.20s", stem, MIGFIX_VERSION, build);
    return mf_buf_detach(&path);
}

bool mf_cache_read(const char *path, size_t max, mf_buf *out) {
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return false;
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size <= max;
    char chunk[65536];
    for (ssize_t n; ok && (n = read(fd, chunk, sizeof chunk)) != 0;) {
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0 && out->len + (size_t)n <= max;
        if (ok)
            mf_buf_put(out, chunk, (size_t)n);
    }
    close(fd);
    return ok;
}

/* Makes the directories leading to PATH (mode 0700: the cache is the user's). */
static void make_parents(const char *path) {
    char *copy = mf_xstrdup(path);
    for (char *slash = strchr(copy + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(copy, 0700); /* an existing one is fine; any other failure shows below */
        *slash = '/';
    }
    free(copy);
}

void mf_cache_replace(const char *path, mf_slice bytes) {
    make_parents(path);
    /* Not flushed: a file a power cut damaged fails its checksum, and is
     * only a cache. */
    mf_buf temp = {0};
    mf_buf_printf(&temp, "%s.XXXXXX", path);
    int fd = mkstemp(temp.data);
    if (fd >= 0) {
        bool ok = mf_write_all(fd, bytes) == 0;
        ok = close(fd) == 0 && ok;
        if (!ok || rename(temp.data, path) != 0)
            unlink(temp.data);
    }
    mf_buf_free(&temp);
}

uint64_t mf_cache_hash(mf_slice bytes) {
    uint64_t hash = 14695981039346656037ull;
    for (size_t i = 0; i < bytes.len; i++)
        hash = (hash ^ (unsigned char)bytes.data[i]) * 1099511628211ull;
    return hash;
}
