/* migfix's cache directory, shared by the caches kept between runs (the
 * helper-block proofs, proofs.h; the chain facts, facts.h): like black's and
 * ruff's, $MIGFIX_CACHE_DIR, else $XDG_CACHE_HOME/migfix, else
 * ~/.cache/migfix. Each cache is one file named after migfix's version and
 * this binary's build id, so that no other build's file is ever taken; it is
 * read whole, checked, and replaced whole. Any failure is silent: a cache
 * only saves work. */
#ifndef MIGFIX_CACHE_H
#define MIGFIX_CACHE_H

#include "buf.h"

#include <stdbool.h>
#include <stdint.h>

/* The path of this build's cache file STEM ("proofs"), malloc'd; NULL when
 * no directory can be named or the binary carries no build id. */
char *mf_cache_file(const char *stem);
/* PATH's bytes appended to OUT when it is a regular file of at most MAX
 * bytes (not a symlink); false otherwise. */
bool mf_cache_read(const char *path, size_t max, mf_buf *out);
/* Replaces PATH with BYTES (written whole, then renamed over it: a reader
 * sees the old file or the new one), making its directories (mode 0700). */
void mf_cache_replace(const char *path, mf_slice bytes);
/* FNV-1a, 64 bits: against damage, not against an adversary (whoever can
 * write the user's cache can write the user's files). */
uint64_t mf_cache_hash(mf_slice bytes);

#endif
