/* `migfix --lint`: the chain stage on a project, reported. Reads the files
 * given and, for context, the rest of the versions directories they belong
 * to (the project's, else each file's own directory); findings are reported
 * on the files given only. Writes nothing. */
#ifndef MIGFIX_LINT_H
#define MIGFIX_LINT_H

#include "cli.h"
#include "facts.h"
#include "project.h"

/* PATHS: what to lint (files or directories). CONTEXT: directories read to
 * complete the graph (may repeat PATHS). Returns 1 when any error-level
 * finding is reported, 2 when an input cannot be read or parsed, else 0. */
mf_exit mf_lint_run(const mf_options *options, char *const *paths, size_t npaths,
                    char *const *context, size_t ncontext);
/* For the fix run: CHAINS holds the files it fixes (READ: their paths, to
 * report); completes it with the rest of CONTEXT and analyses it (each
 * versions location a chain of its own, see mf_chains). Says
 * nothing about unreadable files (the fix run reports them). BLOCKS: the
 * run's proven helper blocks (see mf_parse_around_block), or NULL. FACTS:
 * the facts cache (facts.h), or NULL. */
void mf_lint_complete(mf_chains *chains, char *const *read, size_t nread, char *const *context,
                      size_t ncontext, mf_checked_blocks *blocks, mf_facts *facts);
/* For `migfix locate`: reads PATHS (files or directories) into CHAINS and
 * analyses it; a file that cannot be read or parsed is said on stderr and
 * makes it return false (the rest is read). */
bool mf_lint_read(const mf_options *options, mf_chains *chains, char *const *paths, size_t npaths);
/* Prints the error-level findings, and MF301, as warnings on stderr. */
void mf_lint_print_warnings(const mf_chains *chains);

#endif
