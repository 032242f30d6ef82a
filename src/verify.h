/* Stage 7, verify: nothing is written or printed until its output passes
 * every check. There is no way to skip this.
 *
 *  reparse   the output parses with no ERROR or MISSING node;
 *  preserve  with migfix's guards and helper block taken away, the output's
 *            tokens (operations, other statements, comments, string contents)
 *            are the input's, in the same order;
 *  fidelity  every line outside migfix's own lines is the input's line, at
 *            most with indentation added in front; line endings and the
 *            final-newline state are the input's;
 *  fixpoint  planning the output again finds nothing to do.
 *
 * The output's own code and the helper block may be checked apart (see
 * mf_verify_in_parts): every byte of the output is parsed, the block's in
 * this run or, as the very same text, in an earlier run of this same build
 * (proofs.h; --no-cache: in this run).
 */
#ifndef MIGFIX_VERIFY_H
#define MIGFIX_VERIFY_H

#include "pipeline.h"

/* Checks OUTPUT, the transformer's result for INPUT (parsed as INPUT_TREE):
 * mf_verify_in_parts when it can tell, else mf_verify_whole. Returns 0, or -1
 * with *problem naming the check, the position in the output and what
 * differed. */
int mf_verify(const mf_config *config, TSParser *parser, mf_slice input, const TSTree *input_tree,
              mf_slice output, mf_problem *problem);

/* Every check on the output as one text: reparse it all, and so on. */
int mf_verify_whole(const mf_config *config, TSParser *parser, mf_slice input,
                    const TSTree *input_tree, mf_slice output, mf_problem *problem);

/* The same checks in two parts, because the helper block is the same text in
 * file after file (and most of a small migration's output): the block is
 * parsed and checked once per run, on its own, and remembered in
 * CONFIG->checked_blocks; each output is reparsed and checked without it, and
 * must have had it cut out of a top-level statement boundary. Python's grammar
 * makes a module a sequence of statements, so whole statements that parse on
 * their own, put between two statements at column 0, parse the same there.
 * The fixpoint check becomes: a second run on the output without its block
 * gives back exactly the output. Returns true when every check passed; false
 * when this way cannot tell (no block, a block or boundary it cannot vouch
 * for, or a failed check): mf_verify_whole then decides and explains. */
bool mf_verify_in_parts(const mf_config *config, TSParser *parser, mf_slice input,
                        const TSTree *input_tree, mf_slice output);

/* Whether TREE, TEXT parsed around the helper block at [BEGIN, END) (its
 * marker lines and all between, left out of the included ranges), may
 * stand for the whole file when planning it: the block is proven to stand
 * alone (mf_verify_in_parts; proven now, and added to CHECKED, if it was
 * not yet) and to bind no name but migfix's own, and it lies between two
 * top-level statements of TREE. A plan made on such a tree that changes
 * nothing is the whole file's plan; one that changes something is made
 * again on the whole file. */
bool mf_verify_block_transparent(mf_checked_blocks *checked, TSParser *parser, mf_slice text,
                                 const TSTree *tree, size_t begin, size_t end);

/* The helper blocks a run has checked, shared by its threads. */
mf_checked_blocks *mf_checked_blocks_new(void);
void mf_checked_blocks_free(mf_checked_blocks *checked);
/* BLOCK counts as checked without being checked here: one this same build
 * checked in an earlier run (see proofs.h). */
void mf_checked_blocks_adopt(mf_checked_blocks *checked, mf_slice block);
/* Whether this run checked a block itself; and every block it knows, in
 * the order they came. */
bool mf_checked_blocks_added(const mf_checked_blocks *checked);
size_t mf_checked_blocks_count(const mf_checked_blocks *checked);
mf_slice mf_checked_blocks_at(const mf_checked_blocks *checked, size_t i);
/* Whether the I-th block was checked or found by this run (not only read). */
bool mf_checked_blocks_used(const mf_checked_blocks *checked, size_t i);

/* TEXT, the shared helper module migfix is about to write, stands as one:
 * it parses with no error, every block is indented as Python requires, and
 * its top-level statements are its header comment, its docstring and
 * functions named _migfix_*: what a migration's loader copies into its own
 * names is migfix's checks and nothing else. */
bool mf_verify_shared_module(TSParser *parser, mf_slice text);

#endif
