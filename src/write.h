/* Stage 8, write: replacing a file so that it is, at every moment, either
 * exactly the old file or exactly the new one. */
#ifndef MIGFIX_WRITE_H
#define MIGFIX_WRITE_H

#include "buf.h"
#include "source.h"

/* Temporary files being written: one slot per worker thread. */
enum { MF_WRITE_SLOTS = 257 };

/* Writes DATA to a temporary file next to PATH, flushes it to disk, gives it
 * MODE, and renames it over PATH (the single commit point); then syncs the
 * directory. With BACKUP_SUFFIX the original is first linked under a
 * temporary name, which becomes PATH + BACKUP_SUFFIX right after the switch
 * (when that fails the original is put back), so an older backup is replaced
 * only when the file really changes. SLOT (< MF_WRITE_SLOTS,
 * one per thread) registers the temporary file for the signal handler. On
 * failure PATH is untouched, the temporary file is removed and *problem names
 * the step and the system error. */
int mf_write_atomic(const char *path, mf_slice data, mode_t mode, const char *backup_suffix,
                    unsigned slot, mf_problem *problem);

/* From now on SIGINT and SIGTERM are blocked in this thread and the threads
 * it creates, and received by a dedicated thread that removes the registered
 * temporary files and dies of the same signal. Call before starting workers. */
void mf_write_install_cleanup(void);

#endif
