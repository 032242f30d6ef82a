/* The chain stage's model, private to its files (chain_read.c: what one file
 * declares; chain_graph.c: the graph and its rules; chain_schema_read.c: what
 * each upgrade makes and removes; chain_schema.c: the schema rules).
 * Everything lives in the chain's arena. */
#ifndef MIGFIX_CHAIN_MODEL_H
#define MIGFIX_CHAIN_MODEL_H

#include "arena.h"
#include "catalog.h"
#include "chain.h"
#include "find.h"

/* A module-level assignment of revision names. */
typedef struct {
    bool present; /* the file assigns it */
    bool known;   /* its value is literal: None, a string, a tuple or list of them */
    const char **names;
    size_t count;
    uint32_t line, column;
} mf_revision_names;

/* `# migfix: ignore[...]` on a line, or `ignore-file[...]`: RULES is NULL for
 * every rule, else a comma-separated list ("MF101,MF103"). */
typedef struct {
    uint32_t line; /* 0: the whole file */
    const char *rules;
} mf_suppression;

typedef struct {
    uint32_t line, column;
    const char *call; /* "op.drop_constraint", "batch_op.drop_constraint" */
} mf_unnamed_drop;

/* The kinds of schema object the flow follows. */
typedef enum {
    MF_OBJECT_TABLE,
    MF_OBJECT_COLUMN,
    MF_OBJECT_INDEX,
    MF_OBJECT_CONSTRAINT,
    MF_OBJECT_TYPE, /* a PostgreSQL enum type: in a schema, on no table */
} mf_object_kind;

/* An upgrade (or downgrade) making (EXISTS) or removing a schema object, or
 * maybe doing so. KEY names the object in lower case, its kind first:
 * "t|schema.table" (the default schema empty), "c|schema.table|column",
 * "i|schema|index" (index names live in a schema), "k|schema.table|name" for a
 * named constraint, "y|schema|name" for a type. TABLE is the key of the table it belongs to (a
 * table's own key; NULL when not known). A NULL KEY is an object of KIND on TABLE (or on any table)
 * that migfix cannot name: it may appear or go. A rename is a removal and a creation. */
typedef struct {
    mf_object_kind kind;
    const char *key, *table;
    const char *name; /* as written, for messages */
    bool exists;
    bool always; /* runs whenever the upgrade does (not under an if, a loop, a helper) */
    /* A table made with columns migfix cannot all name (a splat or a helper
     * among create_table's columns, a rename target). */
    bool opaque;
    /* A table removed by renaming it: its indexes and constraints keep
     * their names, on the table of the new name. */
    bool renamed;
    /* A table made with indexes migfix does not name (index=True,
     * unique=True, Index(...) or UniqueConstraint(...) among its columns). */
    bool indexed;
    /* A column, index or constraint made by its table's create_table. */
    bool with_table;
    /* Made by SQL that says IF NOT EXISTS: it cannot fail on one already
     * there (no MF203). */
    bool checked;
    /* An index add_column's index=True makes: its name is SQLAlchemy's
     * default (ix_<table>_<column>), which a naming convention may change,
     * so the lint rules and witnesses leave it out. */
    bool conventional;
    /* A type a create_table makes for an Enum column: SQLAlchemy creates
     * it once per DDL runner, and Alembic's lives for a whole command, so a
     * second such use in the same `alembic upgrade` makes nothing. */
    bool by_table;
    /* A type made by an explicit `.create(bind)`: migfix adds
     * checkfirst=True to that call, after which it reads as making nothing
     * (a check-first create makes nothing to count on); so that a second
     * run sees what the first saw, it is no witness and no last statement. */
    bool by_call;
    /* An index made with a shape migfix can make again (see
     * mf_chain_indexes_before), as a Python tuple; NULL otherwise. */
    const char *definition;
    /* As written (for a guard that looks them up): the schema (NULL: the
     * default) and the name of its table. */
    const char *schema_name, *table_name;
    /* A column's type family and nullability as its Column(...) says
     * (MF_TYPE_UNKNOWN, -1: not said in a way migfix reads); a
     * constraint's being a primary key (MySQL names every one PRIMARY). */
    mf_type_family family;
    signed char nullable;
    bool primary;
    uint32_t line, column;
} mf_schema_event;

typedef MF_VEC(mf_schema_event) mf_schema_events;

/* alter_column's type_= or nullable= on a column that stays (a rename is
 * an event): FAMILY -1 and NULLABLE -1 when not changed, MF_TYPE_UNKNOWN
 * when changed to a type migfix does not read. AFTER: the events of its
 * upgrade that come first. */
typedef struct {
    const char *key;
    int family;
    signed char nullable;
    size_t after;
    uint32_t line;
} mf_column_alter;

/* An operation that needs a table or a column to exist (add_column,
 * alter_column, create_index, a batch operation, ...) and runs whenever the
 * upgrade does. */
typedef struct {
    mf_object_kind kind; /* TABLE or COLUMN */
    const char *key, *table, *name;
    const char *call;     /* "op.add_column" */
    size_t events_before; /* the events of its upgrade that come first */
    uint32_t line, column;
} mf_schema_use;

typedef struct {
    const char *path;
    bool report;
    mf_revision_names revision, down_revision, depends_on, branch_labels;
    MF_VEC(mf_suppression) suppressions;
    /* `drop_constraint(None, ...)` calls: where, and as written. */
    MF_VEC(mf_unnamed_drop) unnamed_drops;
    /* What its upgrade (and the helpers in its file) creates and removes, in
     * order; certain when no call could change tables unseen (else the
     * events are empty). Unnamed objects are events too (see above). */
    mf_schema_events events;
    MF_VEC(mf_schema_use) uses;
    /* Its alter_column calls that change a type or nullability, in order
     * (of a revision that is not certain too: what was read). */
    MF_VEC(mf_column_alter) alters;
    /* What its downgrade does (uses are not kept); certain as above, and
     * false when there is no downgrade or it raises. */
    mf_schema_events down_events;
    bool down_certain;
    /* Its downgrade never undoes anything: there is none, its first
     * statement raises, or it does nothing (pass, a docstring). */
    bool down_keeps_all;
    uint32_t down_line, down_column; /* where `def downgrade` is (0: none) */
    bool certain;
    /* When not certain: what migfix read of its upgrade (EVENTS stays
     * empty, so that other rules take it as doing anything), and the tables
     * (keys) the part it cannot read may touch; UNSURE_ANY when that part
     * may touch any table (or make a type). */
    mf_schema_events read_events;
    MF_VEC(const char *) unsure_tables;
    bool unsure_any;
    /* And any index or constraint (an ALTER INDEX migfix cannot read: on
     * PostgreSQL renaming a unique constraint's index renames it too). */
    bool unsure_indexes;
    /* The event that the upgrade's last DDL statement makes or removes
     * (statements run in order, so a database with it has all the rest);
     * MF_TAIL_UNKNOWN when that statement's effect is no single event
     * migfix can check (an unnamed object, an ALTER that makes nothing, an
     * index CREATE TABLE emits after the table, a batch rebuild, DDL under an
     * if or in a helper); MF_TAIL_NO_DDL when the upgrade emits none. */
    size_t tail;
    /* Its upgrade writes rows (bulk_insert, UPDATE/INSERT/DELETE): what a
     * replay would do twice. */
    bool has_data;
    /* Its file may commit part of the upgrade on its own (COMMIT, an
     * autocommit_block, CREATE INDEX CONCURRENTLY: words migfix finds
     * anywhere in it), so one transaction need not hold all of it. */
    bool may_commit;
    /* Filled by the graph: parents and dependencies as revision indexes
     * (SIZE_MAX for a name that resolves to nothing). */
    MF_VEC(size_t) parents;
    MF_VEC(size_t) depends;
    size_t children;
    bool in_cycle;
    /* Declared by a literal id, and the first file with that id: the one
     * that stands for it in the graph. */
    bool in_graph;
    /* Its history is not all known: a down_revision (of it or an ancestor)
     * names nothing or is not a literal. Such revisions are left out of the
     * head rule: uncertain facts produce no finding. */
    bool partial;
} mf_revision;

#define MF_TAIL_UNKNOWN SIZE_MAX
#define MF_TAIL_NO_DDL (SIZE_MAX - 1)

typedef struct mf_drift_entry mf_drift_entry; /* chain_drift.c */

struct mf_chain {
    mf_arena arena;
    const char *ignored;           /* rules given to mf_chain_ignore, or NULL */
    MF_VEC(mf_revision) revisions; /* in the order files were added */
    MF_VEC(size_t) order;          /* topological (parents first) */
    MF_VEC(size_t) heads;
    MF_VEC(mf_finding) findings;
    MF_VEC(mf_revision_guard) guards; /* sorted by revision id */
    mf_sql_patterns *sql;             /* owned: for the files mf_chain_add_file reads */
    int dialect;                      /* mf_dialect: enum types are followed on PostgreSQL only */
    /* Ancestors, through parents and dependencies (what runs first) and
     * through down_revision only (the history tree). The ordered revisions
     * are cut into paths ("lines": each one's parent is the one before it);
     * REACH[r * lines + l] is the last position on line l among r's
     * ancestors (-1: none), so memory grows with revisions x lines, one line
     * for a linear history. Past two lines per 64 revisions, bitsets of
     * revisions x revisions bits are smaller and are used instead. */
    size_t lines;
    uint32_t *line_of, *position; /* per revision; UINT32_MAX: not in the order */
    int32_t *reach, *parent_reach;
    size_t words; /* the bitsets, when used: words per revision */
    uint64_t *ancestors;
    uint64_t *parent_ancestors;
    mf_drift_entry *drift; /* what each revision changes, by key (in the arena) */
    size_t ndrift;
    size_t *uncertain; /* the revisions that are not certain (in the arena) */
    size_t nuncertain;
};

/* The object a rule asks about; TABLE is the key of its table (its own for
 * a table). */
typedef struct {
    mf_object_kind kind;
    const char *key, *table;
} mf_object;

/* chain_objects.c: the keys of objects (see mf_schema_event), made in
 * ARENA: a table's from its schema (NULL or "public": the default) and name,
 * another object's from its table's key and its name, a type's from its
 * schema and name. */
const char *mf_table_key(mf_arena *arena, const char *schema, const char *table);
const char *mf_object_key(mf_arena *arena, mf_object_kind kind, const char *table,
                          const char *name);
const char *mf_type_key(mf_arena *arena, const char *schema, const char *name);
/* chain_objects.c: OBJ and the events of one revision. */
mf_object mf_object_of(const mf_schema_event *event);
bool mf_object_relevant(const mf_schema_event *event, const mf_object *obj);
bool mf_object_direct(const mf_schema_event *event, const mf_object *obj);
const mf_schema_event *mf_object_last_relevant(const mf_revision *rev, const mf_object *obj);
const mf_schema_event *mf_object_first_direct(const mf_revision *rev, const mf_object *obj);
bool mf_object_may_remove(const mf_revision *rev, const mf_object *obj, size_t upto);
bool mf_object_changed_before(const mf_revision *rev, const mf_object *obj, size_t before);
bool mf_object_touches(const mf_revision *rev, const mf_object *obj);
bool mf_object_leaves(const mf_revision *rev, const mf_object *obj);

/* Revisions that may matter to one object: those with an event that may
 * concern it, and those that are not certain (which may do anything). */
typedef struct {
    const char *key;
    size_t rev;
} mf_index_entry;
/* By key, then revision (qsort); and the first entry whose key is not below
 * KEY in N sorted ENTRIES. */
int mf_index_entry_order(const void *a, const void *b);
size_t mf_index_first(const mf_index_entry *entries, size_t n, const char *key);

typedef struct {
    mf_chain *chain;
    mf_index_entry *entries; /* sorted by key, then revision */
    size_t nentries;
    MF_VEC(size_t) uncertain;
    MF_VEC(size_t) list;   /* the last query's answer, in revision order */
    MF_VEC(size_t) merged; /* scratch for the next answer */
    size_t *seen;          /* per revision: the query that listed it */
    size_t query;
} mf_object_index;
void mf_object_index_open(mf_object_index *f, mf_chain *chain);
void mf_object_index_close(mf_object_index *f);
/* Fills F->list with the revisions that may matter to OBJ. */
void mf_object_index_list(mf_object_index *f, const mf_object *obj);

/* chain_read.c: the revision facts of one file; false when it has none. */
bool mf_chain_read_file(mf_arena *arena, const char *path, mf_slice text, const TSTree *tree,
                        const mf_found *found, const mf_sql_patterns *sql, mf_revision *out);
/* True when a suppression of REV covers RULE on LINE; whether RULES (a
 * comma-separated list) names RULE. */
bool mf_chain_suppressed(const mf_revision *rev, const char *rule, uint32_t line);
bool mf_chain_rule_listed(const char *rules, const char *rule);

/* A file read, not yet in a chain (see mf_chain_read). */
struct mf_chain_file {
    mf_arena arena;
    mf_revision rev;
};

/* chain_graph.c, for the other rules. */
/* Findings by path, line, column and rule (qsort). */
int mf_finding_order(const void *a, const void *b);
const char *mf_chain_id(const mf_revision *rev);
bool mf_chain_is_ancestor(const mf_chain *chain, size_t ancestor, size_t of);
/* A and B have an ancestor in common. */
bool mf_chain_share_ancestor(const mf_chain *chain, size_t a, size_t b);
void mf_chain_add_finding(mf_chain *chain, const mf_revision *rev, uint32_t line, uint32_t column,
                          const char *rule, mf_severity severity, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* chain_schema_read.c: the schema events and uses of one file. */
void mf_chain_read_schema(mf_arena *arena, const TSTree *tree, const mf_found *found, mf_slice text,
                          const mf_sql_patterns *sql, mf_revision *rev);
/* chain_schema.c: the schema rules. */
void mf_chain_schema(mf_chain *chain);
/* chain_witness.c: each revision's guard, and MF301. */
void mf_chain_witness(mf_chain *chain);
/* chain_drift.c: the index mf_chain_changed_elsewhere answers from. */
void mf_chain_drift_index(mf_chain *chain);

#endif
