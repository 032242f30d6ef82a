/* Finding the files to process: files as given; directories searched
 * recursively for *.py, skipping hidden directories and __pycache__. */
#ifndef MIGFIX_WALK_H
#define MIGFIX_WALK_H

#include "buf.h"

typedef struct {
    char *path;  /* owned */
    char *error; /* owned; why this path cannot be processed, or NULL */
} mf_input;

typedef MF_VEC(mf_input) mf_inputs;

/* Appends the files under each of PATHS to OUT: each argument's files in
 * sorted order, arguments in the order given. */
void mf_walk_paths(char *const *paths, size_t npaths, mf_inputs *out);
void mf_inputs_free(mf_inputs *inputs);

#endif
