/* The helper blocks proven to stand alone, kept between runs: a run that
 * fixes one small file (pre-commit, an editor) spends half its time proving
 * the block it adds, and the block is the same text run after run.
 *
 * Like black's and ruff's caches: a file in the user's cache directory
 * ($MIGFIX_CACHE_DIR, else $XDG_CACHE_HOME/migfix, else ~/.cache/migfix),
 * named after migfix's version and this binary's build id, so that no other
 * build's proofs are ever taken. It holds the proven texts themselves, and a
 * checksum: a block counts as proven only when it is byte for byte a text
 * this build parsed and checked; a damaged or foreign file is ignored. The
 * cache never decides anything else, and any failure to read or write it is
 * silent: the run then proves its blocks itself. */
#ifndef MIGFIX_PROOFS_H
#define MIGFIX_PROOFS_H

#include "pipeline.h"

/* The cache file of this build (malloc'd), or NULL when there is none: no
 * directory can be named, or the binary carries no build id. */
char *mf_proofs_path(void);

/* Adopts the blocks PATH holds into CHECKED. */
void mf_proofs_load(const char *path, mf_checked_blocks *checked);

/* When the run proved a block itself, replaces PATH (atomically, creating
 * its directory) with every block CHECKED holds. */
void mf_proofs_save(const char *path, const mf_checked_blocks *checked);

#endif
