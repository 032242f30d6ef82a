/* The chain stage: every migration of a project read as one revision graph.
 *
 * Files are added one by one (each already parsed); mf_chain_analyse builds
 * the graph (revisions, parents, heads, topological order) and lints it. All
 * memory belongs to the chain (one arena per chain run): free it with
 * mf_chain_free. The schema flow of the "Chain model" design builds on the
 * same graph (revisions in topological order, ancestor sets).
 */
#ifndef MIGFIX_CHAIN_H
#define MIGFIX_CHAIN_H

#include "arena.h"
#include "buf.h"
#include "catalog.h"
#include "find.h"
#include "sql.h"

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

typedef enum { MF_SEVERITY_ERROR, MF_SEVERITY_WARNING } mf_severity;

const char *mf_severity_name(mf_severity severity); /* "error", "warning" */

typedef struct {
    const char *path;
    uint32_t line, column; /* 1-based */
    const char *rule;      /* "MF101" */
    mf_severity severity;
    const char *message;
    const char *revision; /* the revision the file declares, or NULL */
} mf_finding;

typedef struct mf_chain mf_chain;

/* A revision's guard against being replayed (chain_witness.c): its upgrade
 * returns at once when every object of ALL_OF exists, none of NONE_OF does,
 * and, with ANY_OF (a descendant's witness, FROM), one of those exists too.
 * ALL_OF and NONE_OF show that the revision ran to its end. The lists are
 * Python literals of tuples such as ("table", None, "accounts") or
 * ("column", "audit", "accounts", "currency"). */
typedef struct {
    const char *kind;   /* "table", "column", "index", "constraint", "type" */
    const char *schema; /* NULL: the default schema */
    const char *table;  /* NULL for a table or a type */
    const char *name;
} mf_guard_object;

typedef struct {
    const mf_guard_object *items;
    size_t len;
    const char *python; /* the same as a Python list literal */
} mf_guard_objects;

typedef struct {
    const char *revision, *path;
    mf_guard_objects all_of;
    mf_guard_objects any_of;  /* .python NULL: ALL_OF holds the revision's own witness */
    mf_guard_objects none_of; /* .python NULL: nothing to check gone */
    const char *from;
    bool writes_rows; /* what the guard keeps from running twice includes rows */
    /* ALL_OF holds only where the revision ran in one transaction
     * (transactional DDL, as on PostgreSQL): its witness is not its last
     * statement's effect, and no later revision lends one. Its Python list
     * starts with ("transaction",), which the helper checks first. */
    bool one_transaction;
} mf_revision_guard;

mf_chain *mf_chain_new(void);
/* The database the chain runs on (an mf_dialect; PostgreSQL unless set):
 * enum types are separate objects there only. */
void mf_chain_set_dialect(mf_chain *chain, int dialect);
/* Rules no finding is made for ("MF205,MF301"; NULL: none), as --ignore
 * and `[migfix] ignore` ask: copied. */
void mf_chain_ignore(mf_chain *chain, const char *rules);
/* Reads the revision a file declares (module-level `revision = ...`). TEXT
 * and TREE are only read during the call. Findings are reported on the file
 * only when REPORT (context files complete the graph but are not linted).
 * Returns false when the file declares no revision: it is not part of the
 * graph. */
bool mf_chain_add_file(mf_chain *chain, const char *path, mf_slice text, const TSTree *tree,
                       bool report);
/* The same in two steps, so that the reading can happen where the tree is
 * (a worker thread of the fix run) and the adding on the chain's thread.
 * mf_chain_read returns NULL when the file declares no revision; the file
 * owns its memory until mf_chain_add_read takes it (and frees FILE). */
typedef struct mf_chain_file mf_chain_file;
/* FOUND: the file's operations when the caller has them already (else NULL).
 * SQL: the raw SQL rules, to follow the tables and columns op.execute makes
 * (NULL: such a revision is not read). */
mf_chain_file *mf_chain_read(const char *path, mf_slice text, const TSTree *tree,
                             const mf_found *found, const mf_sql_patterns *sql);
void mf_chain_add_read(mf_chain *chain, mf_chain_file *file, bool report);
/* The raw SQL rules the chain reads files with (safe to share between threads). */
const mf_sql_patterns *mf_chain_sql(const mf_chain *chain);
void mf_chain_file_free(mf_chain_file *file);
/* FILE's facts as bytes, appended to OUT; and back, as the file at PATH
 * (NULL when DATA is not what this build wrote). For the facts cache. */
void mf_chain_file_encode(const mf_chain_file *file, mf_buf *out);
mf_chain_file *mf_chain_file_decode(const char *path, mf_slice data);
/* The guard of REVISION after mf_chain_analyse, or NULL: it has no witness,
 * nothing to replay, or the chain cannot vouch for one. CHAIN may be NULL. */
const mf_revision_guard *mf_chain_guard(const mf_chain *chain, const char *revision);
/* Whether a revision of CHAIN other than REVISION (one migfix can read)
 * changes the object a guard in REVISION compares with what its operation
 * says (drift): KIND "table" (the table, or one of its columns removed),
 * "column", "index" or "constraint" NAME on TABLE, or "constraints" (any
 * constraint of TABLE removed, or one migfix cannot name made or removed;
 * NAME unused) or "indexes" (the same for its indexes), in SCHEMA (NULL: the
 * default). False when REVISION is not in CHAIN. The lookup keys are made in
 * SCRATCH (the caller's: CHAIN is shared by the workers). */
bool mf_chain_changed_elsewhere(const mf_chain *chain, mf_arena *scratch, const char *revision,
                                const char *kind, const char *schema, const char *table,
                                const char *name);
/* The indexes TABLE (in SCHEMA; NULL: the default) has, as far as CHAIN
 * knows, when REVISION begins and its batch blocks on TABLE do not change:
 * what a SQLite batch rebuild makes again last, and loses for good when it
 * stops after its RENAME. A Python list of `("name", ["col", ...], unique)`
 * (with a fourth item True when the name is SQLAlchemy's default for
 * index=True) and `("name", "CREATE INDEX ...")` tuples, in SCRATCH; only
 * indexes made with such a shape by an ancestor, that nothing since may have
 * changed, that REVISION leaves alone (nor their table, nor a column they may
 * name) and that no other revision changes (mf_chain_changed_elsewhere).
 * NULL when there are none. */
const char *mf_chain_indexes_before(const mf_chain *chain, mf_arena *scratch, const char *revision,
                                    const char *schema, const char *table);
/* The literal id a parsed migration assigns to `revision` at module level,
 * or NULL. */
const char *mf_chain_file_revision(mf_arena *arena, const TSTree *tree, mf_slice text);
/* Builds the graph and runs the rules; findings are sorted by path and line. */
void mf_chain_analyse(mf_chain *chain);
size_t mf_chain_finding_count(const mf_chain *chain);
const mf_finding *mf_chain_finding(const mf_chain *chain, size_t index);
/* The revisions in topological order (parents first); cycles are left out. */
size_t mf_chain_revision_count(const mf_chain *chain);
const char *mf_chain_revision_id(const mf_chain *chain, size_t index);
const char *mf_chain_revision_path(const mf_chain *chain, size_t index);
size_t mf_chain_topological(const mf_chain *chain, size_t position); /* index of the N-th */
size_t mf_chain_topological_count(const mf_chain *chain);
/* Heads: revisions no other revision lists as a parent. */
size_t mf_chain_head_count(const mf_chain *chain);
void mf_chain_free(mf_chain *chain);

/* The chains of one run (chain_set.c). A tree may hold several Alembic
 * environments (`revisions/core/versions` and `revisions/tenant/versions`,
 * each with its own root, ids that may repeat): each is a chain of its own,
 * linted, guarded and placed alone. A chain is one versions location (the
 * caller names it: the directories an alembic.ini joins, else the file's
 * own directory), joined with another only where a down_revision or
 * depends_on names a revision or branch label that only the other
 * declares. Files are collected, then split and analysed at once. */
typedef struct mf_chains mf_chains;

/* DIALECT and IGNORE as mf_chain_set_dialect and mf_chain_ignore take them. */
mf_chains *mf_chains_new(int dialect, const char *ignore);
/* The raw SQL rules to read files with (see mf_chain_read). */
const mf_sql_patterns *mf_chains_sql(const mf_chains *chains);
/* Takes FILE; LOCATION (copied) names the versions location it is in. */
void mf_chains_add_read(mf_chains *chains, mf_chain_file *file, bool report, const char *location);
/* Splits the files into chains and analyses each (mf_chain_analyse). */
void mf_chains_analyse(mf_chains *chains);
/* The chains, in the order of their first file. */
size_t mf_chains_count(const mf_chains *chains);
const mf_chain *mf_chains_at(const mf_chains *chains, size_t index);
/* The chain of the file added with PATH; for a file no chain holds (a
 * module of helpers, a file of no revision), an empty chain, which knows no
 * other revision. NULL before mf_chains_analyse. */
const mf_chain *mf_chains_of(const mf_chains *chains, const char *path);
/* Every chain's findings, by path and line; and every chain's revisions. */
size_t mf_chains_finding_count(const mf_chains *chains);
const mf_finding *mf_chains_finding(const mf_chains *chains, size_t index);
size_t mf_chains_revision_count(const mf_chains *chains);
void mf_chains_free(mf_chains *chains);

/* Where a database is on the chain (chain_place.c), for `migfix locate`:
 * the states of the chain (sets of revisions run, as Alembic leaves them:
 * every parent of one run before it) whose schema fits the catalog best. */
typedef struct {
    const char **heads; /* as `alembic current` shows them; none: nothing run */
    size_t nheads;
} mf_place_state;

/* An object that decides the placement: PRESENT in the database or not,
 * and the revision that makes or removes it (WHY: "made by", "removed by",
 * "made next by", "removed next by"). */
typedef struct {
    const char *what; /* "table", "column", "index", "constraint", "type" */
    const char *name; /* as written: "accounts", "accounts.currency", "ix_a" */
    bool present;
    const char *revision, *why;
} mf_place_evidence;

/* What the database has that the chain does not say, or has otherwise.
 * KIND: "missing" (the chain makes it, the database lacks it),
 * "unexpected" (the chain has it gone or not yet made), "extra" (no
 * revision makes it), "type" or "nullable" (EXPECTED and ACTUAL differ). */
typedef struct {
    const char *kind, *what, *name;
    const char *expected, *actual; /* NULL but for type and nullable */
    const char *revision;          /* whose word it is, or NULL */
} mf_place_drift;

/* A revision the schema cannot place: REASON says why (not all of it is
 * read, it writes rows only, ...). */
typedef struct {
    const char *revision, *path, *reason;
} mf_place_note;

typedef struct {
    mf_arena arena;
    /* The states that fit best (none fits with no drift: the closest), in
     * topological order of their heads. */
    MF_VEC(mf_place_state) candidates;
    size_t more_candidates; /* past those listed */
    size_t mismatches;      /* objects the best states get wrong (drift) */
    /* The revisions some candidates have run and others not: why the
     * schema cannot tell. */
    MF_VEC(mf_place_note) undecided;
    /* Revisions migfix cannot read all of, anywhere in the chain. */
    MF_VEC(mf_place_note) unreadable;
    MF_VEC(mf_place_evidence) evidence; /* for the first candidate */
    MF_VEC(mf_place_drift) drift;       /* for the first candidate */
    /* No state shares a single object with a database that has tables:
     * UNMATCHED, and FIRST_MISSING of FIRST_OBJECTS the first revision
     * makes are missing. */
    bool unmatched;
    size_t first_missing, first_objects;
    /* Too many branch combinations to try all: only each revision with
     * its ancestors was. */
    bool truncated;
    size_t states_tried;
} mf_placement;

/* CHAIN after mf_chain_analyse (its dialect the catalog's); OUT is filled
 * and freed by mf_placement_free. With NAT revisions AT (ids the chain
 * has), the state they and their ancestors make is the only one tried: its
 * drift says why it does or does not fit. */
void mf_chain_place(const mf_chain *chain, const mf_catalog *catalog, const char *const *at,
                    size_t nat, mf_placement *out);
void mf_placement_free(mf_placement *placement);
/* The chain's index of REVISION (an id), or SIZE_MAX; whether A is an
 * ancestor of B (both ids known). */
size_t mf_chain_find(const mf_chain *chain, const char *revision);
bool mf_chain_runs_before(const mf_chain *chain, size_t a, size_t b);

#endif
