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
 */
#ifndef MIGFIX_VERIFY_H
#define MIGFIX_VERIFY_H

#include "pipeline.h"

/* Checks OUTPUT, the transformer's result for INPUT (parsed as INPUT_TREE).
 * Returns 0, or -1 with *problem naming the check, the position in the output
 * and what differed. */
int mf_verify(const mf_config *config, TSParser *parser, mf_slice input, const TSTree *input_tree,
              mf_slice output, mf_problem *problem);

#endif
