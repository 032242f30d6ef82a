/* Stage 8b, the shared helper module (--helpers shared, the default): the
 * checks that every fixed migration of a project loads from one file,
 * migfix_helpers.py next to its env.py, instead of carrying them. The module
 * is rendered from the templates, proven (mf_verify_shared_module), compared
 * with what the file holds, and written atomically before the first
 * migration that loads it is switched: a migration never points at a module
 * that is not there. */
#ifndef MIGFIX_SHARED_H
#define MIGFIX_SHARED_H

#include "source.h"
#include "template.h"

typedef struct mf_shared_files mf_shared_files;

/* WRITE: files are written; else only compared. DIFF: outcomes carry the
 * unified diff. */
mf_shared_files *mf_shared_files_new(const mf_templates *templates, bool write, bool diff);
void mf_shared_files_free(mf_shared_files *files);

typedef struct {
    bool first;         /* the first call for this file: the one to report */
    bool changed;       /* it differed (missing, older, edited): written, or would be */
    char *diff;         /* DIFF mode, FIRST and CHANGED: the diff (malloc'd) */
    mf_problem problem; /* .message: it cannot be read, proven or written (on every call) */
} mf_shared_outcome;

/* Makes sure the file at PATH (absolute) holds the shared module, once per
 * PATH and run; later calls repeat the first answer. SHOWN: the path as
 * reports and diffs name it. */
void mf_shared_files_ensure(mf_shared_files *files, const char *path, const char *shown,
                            mf_shared_outcome *out);

#endif
