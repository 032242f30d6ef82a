/* The Alembic operation catalogue: one row per operation migfix knows.
 *
 * A row says how to read the operation's arguments (where the table and the
 * column are, positionally or by keyword) and which existence check guards it.
 * Supporting a new operation is one row here plus one guard template and one
 * helper template named after its check (templates/guards/CHECK.tmpl,
 * templates/helpers/CHECK.py).
 */
#ifndef MIGFIX_OPS_H
#define MIGFIX_OPS_H

#include "buf.h"

/* The existence checks a guard can make. Each one is "go ahead": true when the
 * operation still has to run and what it needs is there, and true offline. */
typedef enum {
    MF_CHECK_NONE = -1,
    MF_CHECK_TABLE_MISSING,
    MF_CHECK_TABLE_PRESENT,
    MF_CHECK_COLUMN_MISSING,
    MF_CHECK_COLUMN_PRESENT,
    MF_CHECK_COUNT
} mf_check;

/* Template / helper base name of a check, e.g. "table_missing". */
const char *mf_check_name(mf_check check);

typedef enum {
    MF_ARG_ABSENT,      /* the operation has no such argument */
    MF_ARG_VALUE,       /* the argument expression itself */
    MF_ARG_COLUMN_NAME, /* the name inside a Column("name", ...) argument */
} mf_arg_form;

typedef struct {
    mf_arg_form form;
    int position;        /* 0-based positional index, or -1 for keyword-only */
    const char *keyword; /* keyword that may carry it instead */
} mf_arg_spec;

typedef struct {
    const char *name; /* attribute on `op`, e.g. "add_column" */
    mf_check check;   /* MF_CHECK_NONE: reported as left alone with `reason` */
    mf_arg_spec table;
    mf_arg_spec column;
    /* Alembic's own idempotence keyword ("if_not_exists"); a call that passes
     * it as True is already guarded. NULL when the operation has none. */
    const char *native_flag;
    const char *reason; /* why an unguarded operation is left alone */
} mf_op_kind;

/* The row for `op.NAME`, or NULL when NAME is not an operation (op.f,
 * op.get_bind, op.batch_alter_table, ... are helpers, not operations). */
const mf_op_kind *mf_op_kind_find(mf_slice name);

#endif
