/* Stage 8, write: replacing a file so that it is, at every moment, either
 * exactly the old file or exactly the new one. */
#ifndef MIGFIX_WRITE_H
#define MIGFIX_WRITE_H

#include "buf.h"
#include "source.h"

/* A file's new contents in a temporary file next to it, not yet switched. */
typedef struct mf_pending_write mf_pending_write;

/* Writes DATA to a temporary file next to PATH and gives it MODE; nothing is
 * switched yet, and the data may not be on disk. Returns NULL with *problem
 * naming the step and the system error (nothing is left behind). */
mf_pending_write *mf_write_prepare(const char *path, mf_slice data, mode_t mode,
                                   mf_problem *problem);
/* Switches WRITES (and frees them): their data is made durable first (an
 * fsync each for a few, one syncfs per filesystem for more: the cost of a
 * rewrite of many files is then about that of one flush), then each
 * temporary file is renamed over its file (the single commit point); with
 * BACKUP_SUFFIX the original is first linked under a temporary name, which
 * becomes PATH + BACKUP_SUFFIX right after the switch (when that fails the
 * original is put back), so an older backup is replaced only when the file
 * really changes. Then each directory is synced once. A write that fails
 * gets PROBLEMS[i] (zeroed by the caller) and its file is untouched; the
 * others go on. At every moment each file is exactly old or exactly new. */
void mf_write_commit(mf_pending_write **writes, size_t n, const char *backup_suffix,
                     mf_problem *problems);
/* Drops WRITE without switching it. */
void mf_write_discard(mf_pending_write *write);
/* Prepare and commit for one file. Returns 0, or -1 with *problem (zeroed by
 * the caller). */
int mf_write_atomic(const char *path, mf_slice data, mode_t mode, const char *backup_suffix,
                    mf_problem *problem);

/* Writes all of DATA to FD (retrying short writes and EINTR). Returns 0,
 * or the errno of the write that failed. */
int mf_write_all(int fd, mf_slice data);

/* From now on SIGINT and SIGTERM are blocked in this thread and the threads
 * it creates, and received by a dedicated thread that removes the registered
 * temporary files and dies of the same signal. Call before starting workers. */
void mf_write_install_cleanup(void);

#endif
