/* Stage 6, apply edits: the plan's edits applied to the text in one pass. */
#ifndef MIGFIX_APPLY_H
#define MIGFIX_APPLY_H

#include "plan.h"

/* Writes TEXT with EDITS applied to OUT. Returns 0, or -1 when the edits are
 * not sorted and disjoint (a planning bug: the file is then refused). */
int mf_apply_edits(mf_slice text, const mf_edit *edits, size_t nedits, mf_buf *out);

#endif
