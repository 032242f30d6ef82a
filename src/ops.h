/* The Alembic operation catalogue: one row per operation migfix knows.
 *
 * A row says where each value its guard needs is found, in the `op.NAME(...)`
 * form and in the `batch_op.NAME(...)` form (inside `with
 * op.batch_alter_table(table) as batch_op:`, where the table comes from the
 * `with`), and which existence check guards it. Supporting a new operation is
 * one row here plus, for a new kind of check, one guard template and one
 * helper template named after it (templates/guards/CHECK.tmpl,
 * templates/helpers/CHECK.py) and one entry in mf_check.
 */
#ifndef MIGFIX_OPS_H
#define MIGFIX_OPS_H

#include "buf.h"

/* The existence checks a guard can make. Each answers "go ahead": true when
 * the operation's result is missing and what it needs is there (or the
 * object to drop is present), and always true offline. */
typedef enum {
    MF_CHECK_NONE = -1,
    MF_CHECK_TABLE_MISSING,
    MF_CHECK_TABLE_PRESENT,
    MF_CHECK_TABLE_RENAMABLE,
    MF_CHECK_COLUMN_MISSING,
    MF_CHECK_COLUMN_PRESENT,
    MF_CHECK_COLUMN_RENAMABLE,
    MF_CHECK_INDEX_MISSING,
    MF_CHECK_INDEX_PRESENT,
    MF_CHECK_UNIQUE_MISSING,
    MF_CHECK_FOREIGN_KEY_MISSING,
    MF_CHECK_CHECK_MISSING,
    MF_CHECK_PRIMARY_KEY_MISSING,
    MF_CHECK_CONSTRAINT_MISSING,
    MF_CHECK_CONSTRAINT_PRESENT,
    MF_CHECK_TYPE_MISSING,
    MF_CHECK_TRIGGER_MISSING,
    /* alembic_utils entities (PGFunction, PGView, PGTrigger, ...): the
     * entity object itself is the argument; the helper reads its kind,
     * schema and signature. */
    MF_CHECK_ENTITY_MISSING,
    MF_CHECK_ENTITY_PRESENT,
    /* Not an operation's: the database is already past the revision (its
     * witness exists), so upgrade() returns at once. */
    MF_CHECK_REVISION_APPLIED,
    MF_CHECK_COUNT
} mf_check;

/* Template / helper base name of a check, e.g. "table_missing". */
const char *mf_check_name(mf_check check);

/* The placeholders a guard template can use, in a fixed order. */
typedef enum {
    MF_VAR_TABLE,
    MF_VAR_COLUMN,
    MF_VAR_SCHEMA,
    MF_VAR_NAME,
    MF_VAR_COLUMNS,
    MF_VAR_NEW_NAME,
    MF_VAR_REFERENT,
    MF_VAR_REMOTE_COLUMNS,
    MF_VAR_REFERENT_SCHEMA,
    MF_VAR_TYPE,
    MF_VAR_BATCH,
    MF_VAR_ALL_OF,  /* revision_applied: objects that must all exist */
    MF_VAR_ANY_OF,  /* and a descendant's witness, one of which must */
    MF_VAR_NONE_OF, /* and what the revision removes, none of which may */
    MF_VAR_COMPARE, /* and the facts of its columns it compares when it skips */
    MF_VAR_ENTITY,  /* an alembic_utils entity object, by the name it is bound to */
    /* What the call says literally about the object it makes, for the
     * helper to compare with an object that exists already (drift). */
    MF_VAR_COLUMN_TYPE, /* add_column: the Column's type expression */
    MF_VAR_NULLABLE,    /* add_column: the Column's nullable=True/False */
    MF_VAR_PRIMARY_KEY, /* add_column: primary_key=True */
    MF_VAR_UNIQUE,      /* create_index: unique=True/False */
    /* What a call emits after its first statement, for the helper to finish
     * when a revision stopped in between (issue 29). */
    MF_VAR_FOREIGN_KEYS, /* add_column: the Column's ForeignKey(...) arguments, as a list */
    MF_VAR_COLUMN_INDEX, /* add_column: index=True: True, or "unique" with unique=True */
    MF_VAR_INDEXES,      /* create_table: its Index(...) arguments and index=True columns */
    MF_VAR_TYPES,        /* create_table: the PostgreSQL enum types its columns make */
    /* A primary key replaced by drop_constraint(type_="primary") then
     * create_primary_key on the same table (or batch): the new key's columns
     * for the drop, True for the create. */
    MF_VAR_REPLACED_BY,
    MF_VAR_REPLACING,
    MF_VAR_SEEDED, /* create_table with its seeds (or a copy) under its guard: its columns */
    /* The first operation of a batch block that may rebuild its table: the
     * indexes the chain says the table has there (mf_chain_indexes_before),
     * for the helper to make again where a rebuild stopped after its RENAME
     * lost them (SQLite makes them again last). */
    MF_VAR_REBUILT,
    MF_VAR_COUNT
} mf_var;

const char *mf_var_name(mf_var var); /* "table", "column", ... */

typedef enum {
    MF_ARG_VALUE,       /* the argument expression itself */
    MF_ARG_COLUMN_NAME, /* the name inside a Column("name", ...) argument */
    /* A name bound, where it is used (bind.h), to a call of an
     * alembic_utils entity class the helper knows how to look up. */
    MF_ARG_ENTITY,
    /* Drift facts, always optional: read when the call states them
     * literally, else left empty; never a reason to leave a call alone. */
    MF_ARG_COLUMN_TYPE,         /* the type in Column(name, TYPE, ...) */
    MF_ARG_COLUMN_NULLABLE,     /* Column(..., nullable=True|False) */
    MF_ARG_COLUMN_PRIMARY_KEY,  /* Column(..., primary_key=True) */
    MF_ARG_TABLE_COLUMNS,       /* create_table: the names of its Column(...) arguments */
    MF_ARG_LITERAL_BOOL,        /* a keyword passed as True or False */
    MF_ARG_COLUMN_FOREIGN_KEYS, /* Column(..., ForeignKey("t.c", ...)) with literal arguments */
    MF_ARG_COLUMN_INDEX,        /* Column(..., index=True[, unique=True]) */
    MF_ARG_TABLE_INDEXES,       /* create_table: see MF_VAR_INDEXES */
    MF_ARG_TABLE_TYPES,         /* create_table: see MF_VAR_TYPES */
} mf_arg_form;

typedef struct {
    mf_var var;          /* the placeholder it fills */
    int position;        /* 0-based positional index, or -1 for keyword-only */
    const char *keyword; /* keyword that may carry it instead; NULL ends a list */
    mf_arg_form form;
    bool optional; /* absent: the placeholder stays empty */
} mf_arg_spec;

enum { MF_MAX_ARGS = 10 };

typedef struct {
    mf_check check; /* MF_CHECK_NONE: this form does not exist / is not guarded */
    mf_arg_spec args[MF_MAX_ARGS];
} mf_op_form;

typedef struct {
    const char *name; /* attribute on `op`, e.g. "add_column" */
    mf_op_form op;    /* op.NAME(...) */
    mf_op_form batch; /* batch_op.NAME(...): the table comes from the `with` */
    /* When the NEW_NAME placeholder has a value (alter_column with
     * new_column_name=), this check replaces the form's. */
    mf_check rename_check;
    /* The NAME placeholder must not be None: the check looks the object up by
     * name and has nothing else to go on. */
    bool needs_name;
    /* Alembic's own idempotence keyword ("if_not_exists"); a call that passes
     * it as True is already guarded. NULL when the operation has none. */
    const char *native_flag;
    /* The first Alembic version whose op.NAME accepts native_flag, as
     * major*10000 + minor*100 + patch (REFERENCE.md section 2); 0: none. */
    unsigned native_since;
    const char *reason; /* why an unguarded operation is left alone */
} mf_op_kind;

/* The row for `op.NAME`, or NULL when NAME is not an operation (op.f,
 * op.get_bind, op.batch_alter_table, ... are helpers, not operations). */
const mf_op_kind *mf_op_kind_find(mf_slice name);

/* Rows for what is not called on `op` but changes the schema all the same:
 * `ENUM(...).create(bind)` / `.drop(bind)` (SQLAlchemy types). */
const mf_op_kind *mf_op_kind_type_create(void);
const mf_op_kind *mf_op_kind_type_drop(void);

/* A call on `op` (or a batch alias) that is neither an operation migfix
 * knows nor one of Alembic's helpers: reported, left alone. */
const mf_op_kind *mf_op_kind_unknown(void);
/* Re-runnable by design (an extension's CREATE OR REPLACE): already
 * guarded, its reason says why. */
bool mf_op_kind_rerunnable(const mf_op_kind *kind);
/* Names on `op` that are helpers, not operations (f, get_bind, ...). */
bool mf_op_is_helper(mf_slice name);

#endif
