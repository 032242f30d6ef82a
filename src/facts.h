/* The chain facts of files, kept between runs (like black's and ruff's
 * caches; see cache.h for where): a pre-commit run on one staged file reads
 * its whole versions directory for the chain, and with this cache parses
 * only the files whose text it has not read before.
 *
 * An entry is keyed by the file's text (two independent 64-bit hashes and
 * its length): the facts are a function of the text alone for one build,
 * and the file is named after the build. The file carries a checksum; a
 * damaged or foreign file, or an entry that does not decode, is a miss.
 * Bounded: the entries this run used or added are kept first, then the
 * others in the file's order, up to FACTS_KEEP bytes (the least recently
 * used go). */
#ifndef MIGFIX_FACTS_H
#define MIGFIX_FACTS_H

#include "chain.h"

typedef struct mf_facts mf_facts;

/* Loads the cache at PATH (NULL, a missing or a damaged file: empty). */
mf_facts *mf_facts_open(const char *path);
/* This build's cache in the cache directory (cache.h), or NULL when there
 * is none to name. */
mf_facts *mf_facts_open_own(void);
/* TEXT's facts, as the file at PATH: true when the cache has them, with
 * *FILE (the caller's) NULL for a text that declares no revision. FACTS may
 * be NULL (no cache). Safe from several threads. */
bool mf_facts_get(mf_facts *facts, const char *path, mf_slice text, mf_chain_file **file);
/* Adds TEXT's facts (FILE NULL: it declares no revision). */
void mf_facts_put(mf_facts *facts, mf_slice text, const mf_chain_file *file);
/* How many lookups were answered from the cache, and how many were not. */
size_t mf_facts_hits(const mf_facts *facts);
size_t mf_facts_misses(const mf_facts *facts);
/* What -v says of them: "migfix: the chain: N files read, K of them from
 * the facts cache" and a newline, appended to OUT. */
void mf_facts_describe(const mf_facts *facts, mf_buf *out);
/* Saves the cache when this run added to it, and frees it. */
void mf_facts_close(mf_facts *facts);

#endif
