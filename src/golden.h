/* Golden mode (`migfix --golden DIR`): regression checks against reviewed
 * outputs, for migfix's own tests and for teams' CI.
 *
 * A case is either a directory DIR/NAME/ with input.py, expected.py and
 * optionally args (one option per line, e.g. `--templates house`, paths
 * relative to the case), or a pair DIR/NAME.py + DIR/NAME.expected.py (with
 * DIR/NAME.args). Each input is fixed in memory exactly as a real run would
 * fix it and compared with its expected file byte for byte; every expected
 * file must itself be a fixpoint.
 */
#ifndef MIGFIX_GOLDEN_H
#define MIGFIX_GOLDEN_H

#include "cli.h"

/* Runs every case under OPTIONS->golden_dir (or, with OPTIONS->update,
 * rewrites the expected files that differ or are missing). Prints a unified
 * diff per mismatch on stdout. Returns MF_EXIT_OK when all match,
 * MF_EXIT_WOULD_CHANGE on any mismatch or missing expected file, and
 * MF_EXIT_ERROR when it cannot run (e.g. --update while CI is set). */
mf_exit mf_golden_run(const mf_options *options, const mf_config *config, TSParser *parser);

#endif
