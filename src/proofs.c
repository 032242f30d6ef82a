/* Helper-block proofs kept between runs (see proofs.h). */
#include "proofs.h"

#include "cache.h"
#include "verify.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

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

char *mf_proofs_path(void) {
    return mf_cache_file("proofs");
}

/* After the magic line: the checksum of the rest as 16 hex digits and a
 * newline, then each block as its length in decimal, a newline, its bytes
 * and a newline. */
void mf_proofs_load(const char *path, mf_checked_blocks *checked) {
    mf_buf file = {0};
    size_t head = strlen(MAGIC) + 17;
    if (!mf_cache_read(path, PROOFS_MAX, &file) || file.len < head ||
        memcmp(file.data, MAGIC, strlen(MAGIC)) != 0 || file.data[head - 1] != '\n') {
        mf_buf_free(&file);
        return;
    }
    char sum[17];
    snprintf(sum, sizeof sum, "%016" PRIx64,
             mf_cache_hash(mf_slice_of(file.data + head, file.len - head)));
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

void mf_proofs_save(const char *path, const mf_checked_blocks *checked) {
    if (!mf_checked_blocks_added(checked))
        return;
    mf_buf body = {0}, file = {0};
    for (int used = 1; used >= 0; used--)
        for (size_t i = 0; i < mf_checked_blocks_count(checked); i++) {
            mf_slice block = mf_checked_blocks_at(checked, i);
            if (mf_checked_blocks_used(checked, i) != used || body.len + block.len > PROOFS_KEEP)
                continue;
            mf_buf_printf(&body, "%zu\n", block.len);
            mf_buf_put(&body, block.data, block.len);
            mf_buf_putc(&body, '\n');
        }
    mf_buf_printf(&file, "%s%016" PRIx64 "\n", MAGIC,
                  mf_cache_hash(mf_slice_of(body.data, body.len)));
    mf_buf_put(&file, body.data, body.len);
    mf_cache_replace(path, mf_slice_of(file.data, file.len));
    mf_buf_free(&file);
    mf_buf_free(&body);
}
