/* Helper-block proofs kept between runs (see proofs.h). */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include "proofs.h"

#include "verify.h"
#include "write.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char MAGIC[] = "migfix-proofs 1\n";

/* A file larger than this is not one migfix wrote (it keeps at most the
 * run's 4 MB of checked blocks). */
enum { PROOFS_MAX = 8 << 20 };

/* What a save keeps: every run reads the whole file first (3.5 MB of blocks,
 * gathered from ten projects, cost 26 ms a run), while one project uses a
 * few dozen blocks of 5 to 15 KB. The blocks this run used come first, then
 * the others in the file's order, until this size: the least recently used
 * go. */
enum { PROOFS_KEEP = 512 << 10 };

/* FNV-1a, 64 bits: against damage, not against an adversary (whoever can
 * write the user's cache can write the user's files). */
static uint64_t checksum(mf_slice text) {
    uint64_t hash = 14695981039346656037ull;
    for (size_t i = 0; i < text.len; i++)
        hash = (hash ^ (unsigned char)text.data[i]) * 1099511628211ull;
    return hash;
}

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

char *mf_proofs_path(void) {
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
    mf_buf_printf(&path, "/proofs-%s-%.20s", MIGFIX_VERSION, build);
    return mf_buf_detach(&path);
}

/* The whole file, or false. */
static bool read_all(const char *path, mf_buf *out) {
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return false;
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= PROOFS_MAX;
    char chunk[65536];
    for (ssize_t n; ok && (n = read(fd, chunk, sizeof chunk)) != 0;) {
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0 && out->len + (size_t)n <= PROOFS_MAX;
        if (ok)
            mf_buf_put(out, chunk, (size_t)n);
    }
    close(fd);
    return ok;
}

/* After the magic line: the checksum of the rest as 16 hex digits and a
 * newline, then each block as its length in decimal, a newline, its bytes
 * and a newline. */
void mf_proofs_load(const char *path, mf_checked_blocks *checked) {
    mf_buf file = {0};
    size_t head = strlen(MAGIC) + 17;
    if (!read_all(path, &file) || file.len < head || memcmp(file.data, MAGIC, strlen(MAGIC)) != 0 ||
        file.data[head - 1] != '\n') {
        mf_buf_free(&file);
        return;
    }
    char sum[17];
    snprintf(sum, sizeof sum, "%016" PRIx64,
             checksum(mf_slice_of(file.data + head, file.len - head)));
    bool sound = memcmp(sum, file.data + strlen(MAGIC), 16) == 0;
    /* The checksum held: still, take nothing from a body that does not parse. */
    MF_VEC(mf_slice) blocks = {0};
    for (size_t at = head; sound && at < file.len;) {
        /* strtoull would also take blanks and a sign: only digits are ours. */
        char *digits_end = NULL;
        errno = 0;
        unsigned long long len = file.data[at] >= '0' && file.data[at] <= '9'
                                     ? strtoull(file.data + at, &digits_end, 10)
                                     : 0;
        size_t start = digits_end ? (size_t)(digits_end - file.data) + 1 : 0;
        sound = digits_end && errno == 0 && *digits_end == '\n' && len < file.len &&
                start + len < file.len && file.data[start + len] == '\n';
        if (sound) {
            mf_slice block = mf_slice_of(file.data + start, (size_t)len);
            MF_VEC_PUSH(&blocks, block);
            at = start + (size_t)len + 1;
        }
    }
    for (size_t i = 0; sound && i < blocks.len; i++)
        mf_checked_blocks_adopt(checked, blocks.items[i]);
    MF_VEC_FREE(&blocks);
    mf_buf_free(&file);
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

void mf_proofs_save(const char *path, const mf_checked_blocks *checked) {
    if (!mf_checked_blocks_added(checked))
        return;
    mf_buf body = {0}, file = {0}, temp = {0};
    for (int used = 1; used >= 0; used--)
        for (size_t i = 0; i < mf_checked_blocks_count(checked); i++) {
            mf_slice block = mf_checked_blocks_at(checked, i);
            if (mf_checked_blocks_used(checked, i) != used || body.len + block.len > PROOFS_KEEP)
                continue;
            mf_buf_printf(&body, "%zu\n", block.len);
            mf_buf_put(&body, block.data, block.len);
            mf_buf_putc(&body, '\n');
        }
    mf_buf_printf(&file, "%s%016" PRIx64 "\n", MAGIC, checksum(mf_slice_of(body.data, body.len)));
    mf_buf_put(&file, body.data, body.len);
    make_parents(path);
    /* Written whole, then renamed over the old one: a reader sees the old
     * file or the new one. Not flushed: a file a power cut damaged fails
     * its checksum, and is only a cache. */
    mf_buf_printf(&temp, "%s.XXXXXX", path);
    int fd = mkstemp(temp.data);
    if (fd >= 0) {
        bool ok = mf_write_all(fd, mf_slice_of(file.data, file.len)) == 0;
        ok = close(fd) == 0 && ok;
        if (!ok || rename(temp.data, path) != 0)
            unlink(temp.data);
    }
    mf_buf_free(&temp);
    mf_buf_free(&file);
    mf_buf_free(&body);
}
