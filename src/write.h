/* Stage 8, write: replacing a file so that it is, at every moment, either
 * exactly the old file or exactly the new one. */
#ifndef MIGFIX_WRITE_H
#define MIGFIX_WRITE_H

#include "buf.h"
#include "source.h"

/* Writes DATA to a temporary file next to PATH, flushes it to disk, gives it
 * MODE, and renames it over PATH (the single commit point); then syncs the
 * directory. On failure PATH is untouched, the temporary file is removed and
 * *problem names the step and the system error. */
int mf_write_atomic(const char *path, mf_slice data, mode_t mode, mf_problem *problem);

#endif
