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
size_t mf_chain_topological(const mf_chain *chain, size_t position); /* index of the N-th */
size_t mf_chain_topological_count(const mf_chain *chain);
/* Heads: revisions no other revision lists as a parent. */
size_t mf_chain_head_count(const mf_chain *chain);
void mf_chain_free(mf_chain *chain);

#endif
