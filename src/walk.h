/* Finding the files to process. Files given by name are taken as they are.
 * Directories are searched recursively for *.py, skipping hidden directories,
 * __pycache__ and virtual environments (a directory with a pyvenv.cfg). A
 * symbolic link inside them is followed only when it leads to a place inside
 * one of the given roots (loops are detected), and a file reached twice is
 * processed once. The list is sorted by path, so a run's output does not
 * depend on the order the file system lists entries in. */
#ifndef MIGFIX_WALK_H
#define MIGFIX_WALK_H

#include "buf.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

typedef struct {
    char *path;  /* owned */
    char *error; /* owned; why this path cannot be processed, or NULL */
    /* Its project's shared helper module (--helpers shared): the file's
     * real path, and the path from this file's directory; NULL: none.
     * Not owned (mf_locations keeps them). */
    const char *shared_file, *shared_from;
} mf_input;

typedef MF_VEC(mf_input) mf_inputs;

/* Appends the files under PATHS to OUT. EXCLUDE (may be NULL) is matched
 * against each path found in a directory; matching ones are skipped, as are
 * directories that match. Notes about what was skipped and why go to NOTES
 * (one line each) when NOTES is not NULL. */
void mf_walk_paths(char *const *paths, size_t npaths, const pcre2_code *exclude, mf_inputs *out,
                   mf_buf *notes);
void mf_inputs_free(mf_inputs *inputs);

typedef MF_VEC(char *) mf_names;

/* The entries of DIR that do not start with '.', sorted (malloc'd strings:
 * free them and the vector with mf_names_free). Returns -1 with errno set
 * when DIR cannot be read. */
int mf_dir_names(const char *dir, mf_names *out);
void mf_names_free(mf_names *names);

#endif
