/* Stage 8, write: replacing a file so that it is, at every moment, either
 * exactly the old file or exactly the new one. */
#ifndef MIGFIX_WRITE_H
#define MIGFIX_WRITE_H

#include "buf.h"
#include "source.h"

/* Temporary files being written: one slot per worker thread. */
enum { MF_WRITE_SLOTS = 257 };

/* Writes DATA to a temporary file next to PATH, flushes it to disk, gives it
 * MODE, optionally keeps the original as PATH + BACKUP_SUFFIX (a hard link,
 * made before the switch), and renames the temporary file over PATH (the
 * single commit point); then syncs the directory. SLOT (< MF_WRITE_SLOTS,
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
