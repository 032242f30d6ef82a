/* Stage 3, find operations: every call `RECEIVER.NAME(...)` where RECEIVER is
 * a name bound to Alembic's `op`, or the alias of an enclosing
 * `with op.batch_alter_table(...) as alias:`, and NAME is in the operation
 * table. */
#ifndef MIGFIX_FIND_H
#define MIGFIX_FIND_H

#include "buf.h"
#include "ops.h"

#include <tree_sitter/api.h>

enum { MF_MAX_RECEIVERS = 8 };

typedef struct {
    const mf_op_kind *kind;
    TSNode call;     /* the whole call */
    mf_slice callee; /* the called expression as written: "op.add_column" */
    /* For `X.NAME(...)` inside `with op.batch_alter_table(...) as X:`, the
     * batch_alter_table call; a null node otherwise. */
    TSNode batch;
} mf_found_op;

typedef struct {
    MF_VEC(mf_found_op) ops; /* in document order */
    /* Names that mean Alembic's op here: "op" and any `from alembic import op
     * as NAME` alias. */
    mf_slice receivers[MF_MAX_RECEIVERS];
    size_t nreceivers;
} mf_found;

void mf_find_operations(const TSTree *tree, mf_slice text, mf_found *out);
bool mf_found_is_receiver(const mf_found *found, mf_slice name);
/* Whether OP is a call of operation KIND ("add_column"). */
bool mf_found_op_is(const mf_found_op *op, const char *kind);
/* Whether batch operation OP makes its block rebuild its table when it ends
 * (SQLite's "move and copy": create, copy, drop, rename, then the indexes):
 * SQLite alters a table in place only to add a column or to make or drop an
 * index, and recreate= other than "auto" (or hidden in a splat) rebuilds on
 * every database. False for an operation outside a batch block. */
bool mf_found_batch_may_rebuild(const mf_found_op *op, mf_slice text);
void mf_found_free(mf_found *found);

#endif
