/* The planner's state, shared by the planning files (plan.c: operations,
 * plan_sql.c: raw SQL, plan_helpers.c: the helper block). Private to them. */
#ifndef MIGFIX_PLANNER_H
#define MIGFIX_PLANNER_H

#include "bind.h"
#include "plan.h"

/* A statement that must start a line of its own. */
typedef struct {
    uint32_t start;
    mf_slice indent;
} line_split;

/* Statements to put under a guard: FIRST to LAST, siblings in one block. */
typedef struct {
    TSNode first, last;
    mf_slice guard, indent, unit;
} wrap_request;

typedef struct {
    const mf_plan_config *config;
    mf_arena *arena;
    mf_slice text;
    TSNode root;
    const mf_found *found;
    mf_plan *plan;
    bool needed[MF_CHECK_COUNT]; /* helpers the file's guards call */
    mf_slice module_unit;        /* indentation unit of the file's functions */
    pcre2_match_data *match;
    MF_VEC(line_split) splits;
    MF_VEC(wrap_request) wraps;
    MF_VEC(uint32_t) seeded; /* bulk_insert calls moved under their table's guard */
    bool ignore_file;        /* `# migfix: ignore-file` */
    mf_slice batch_alias;    /* while reading a batch operation: its `as` name */
    /* While reading an operation: the node of its column type fact, whose
     * text may be a copy on one line (planner_note_compared needs the node). */
    TSNode column_type;
    const mf_revision_guard *revision_guard;
    const char *revision;  /* the file's revision id, when there is a chain to ask */
    mf_bindings *bindings; /* built on the first lookup (bind.h) */
    /* Every `if ...: return` of the file by its block (early_return_before),
     * found in one walk on the first lookup. */
    struct early_return *early_returns;
    size_t nearly_returns;
    bool early_returns_found;
    /* add_column facts the revision guard compares when it skips the
     * revision whole (planner_note_compared). */
    MF_VEC(struct compared_column) compared;
} planner;

/* One add_column's column and its stable facts, usable at the top of
 * upgrade(); ONCE false when another add_column of the file adds it too. */
struct compared_column {
    const char *schema, *table, *column; /* schema NULL: the default */
    mf_slice type, nullable;
    bool once;
};

typedef struct {
    mf_slice vars[MF_VAR_COUNT]; /* source text to repeat in the guard, by placeholder */
    mf_check check;              /* the check this call needs */
} guard_args;

typedef enum { ARG_FOUND, ARG_ABSENT, ARG_HIDDEN } arg_state;

/* plan.c */
/* The blanks at the start of the line holding OFFSET. */
mf_slice planner_line_indent(mf_slice text, size_t offset);
arg_state planner_argument(TSNode arglist, int position, const char *keyword, mf_slice text,
                           TSNode *out);
void planner_add_edit(planner *p, uint32_t start, uint32_t end, mf_slice text);
/* The next statement after STMT in its block (comments skipped), or null. */
TSNode planner_next_statement(TSNode stmt);
/* Adds EDIT to edits already sorted, before any other at its offset. */
void planner_insert_edit(planner *p, mf_edit edit);
const char *planner_eol_of_line(planner *p, size_t offset);
mf_slice planner_render_guard(planner *p, const guard_args *args);
/* STMT is under migfix's guard for CHECK; one written otherwise (by an
 * earlier version) gets an edit that rewrites it to GUARD. */
bool planner_has_migfix_guard(planner *p, TSNode stmt, mf_slice guard, mf_check check);
/* NODE's tokens on one line, for a guard; empty when a comment or a
 * multi-line string is in it. */
mf_slice planner_one_line(planner *p, TSNode node);
/* The value of TEXT when it is a plain string literal, or `NAME.f(literal)`. */
const char *planner_literal_value(planner *p, mf_slice text);
void planner_report(planner *p, const mf_found_op *op, mf_status status, const char *reason);
/* Puts STMT under GUARD (which calls CHECK's helper) and reports it. */
void planner_wrap_statement(planner *p, const mf_found_op *op, TSNode stmt, mf_slice guard,
                            mf_check check, const char *reason);

/* plan_facts.c: reads one drift fact (SPEC's form is MF_ARG_COLUMN_TYPE or
 * after) into *OUT when the call states it literally. */
void planner_read_fact(planner *p, TSNode arglist, const mf_arg_spec *spec, mf_slice *out);
/* Drops ARGS' drift facts when the chain says another revision changes the
 * object, or when migfix cannot tell which object it is. */
void planner_keep_stable_facts(planner *p, const mf_found_op *op, guard_args *args);
/* Notes an add_column's stable facts for the revision guard (see planner). */
void planner_note_compared(planner *p, const mf_found_op *op, const guard_args *args);
/* plan_facts.c: create_table OP's column names as a list (`["id", "name"]`),
 * or an empty slice when migfix cannot name them all. */
mf_slice planner_table_columns(planner *p, const mf_found_op *op);
/* plan_facts.c: for the first operation of a batch block that may rebuild
 * its table, the indexes a rebuild stopped half way may have lost (MF_VAR_REBUILT). */
void planner_rebuilt_indexes(planner *p, const mf_found_op *op, guard_args *args);
/* plan_facts.c: a primary key dropped and made again in one function or batch. */
void planner_pair_primary_keys(planner *p, const mf_found_op *op, guard_args *args);

/* plan_sql.c: op.execute(SQL) and ENUM(...).create/drop(bind). */
void planner_execute(planner *p, const mf_found_op *op, TSNode stmt, const char *shape_problem);
void planner_type(planner *p, const mf_found_op *op);

/* plan_seeds.c: the last of the statements right after STMT (a
 * create_table, CREATE_CALL) that seed its table, or STMT. */
TSNode planner_seeds(planner *p, TSNode stmt, TSNode create_call);

/* plan_revision.c: the guard at the top of upgrade() that returns when the
 * database is already past the revision. */
void planner_revision(planner *p);
/* The upgrade() Alembic calls: the last one defined at module level (a null
 * node when there is none). */
TSNode planner_upgrade_function(planner *p);

/* plan_helpers.c: the indentation unit of the file's functions, and the edit
 * that adds or updates the helper block. */
mf_slice planner_module_unit(planner *p);
void planner_helpers(planner *p);

#endif
