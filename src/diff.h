/* Unified diffs between two texts, line by line (Myers' algorithm), in the
 * format `git apply` and `patch -p1` accept. */
#ifndef MIGFIX_DIFF_H
#define MIGFIX_DIFF_H

#include "buf.h"

/* Appends a unified diff from OLD to NEW with 3 lines of context to OUT,
 * headed `--- OLD_LABEL` / `+++ NEW_LABEL`. Appends nothing when the texts are
 * equal. Lines keep their own endings; a last line without one is followed by
 * `\ No newline at end of file`. */
void mf_diff_unified(mf_buf *out, const char *old_label, const char *new_label, mf_slice old_text,
                     mf_slice new_text);

/* The patch for PATH (git's a/PATH and b/PATH labels, leading "./" dropped,
 * so that `git apply` and `patch -p1` take it), malloc'd; "" when the texts
 * are equal. */
char *mf_diff_file(const char *path, mf_slice old_text, mf_slice new_text);

#endif
