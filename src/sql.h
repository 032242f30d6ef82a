/* Raw SQL in op.execute: which statements a string holds, what each one is,
 * and how to make it idempotent in a given dialect.
 *
 * Works on the SQL text alone (the planner maps offsets back to the Python
 * string literals). Patterns are PCRE2, compiled once with JIT and shared
 * read-only by all threads; each analysis gets its own match data.
 */
#ifndef MIGFIX_SQL_H
#define MIGFIX_SQL_H

#include "arena.h"
#include "buf.h"
#include "ops.h"

typedef enum {
    MF_DIALECT_POSTGRESQL,
    MF_DIALECT_SQLITE,
    MF_DIALECT_MYSQL,
    MF_DIALECT_MARIADB,
} mf_dialect;

/* "postgresql", "sqlite", ... and back; -1 for an unknown name. */
const char *mf_dialect_name(mf_dialect dialect);
int mf_dialect_parse(const char *name);
/* The dialect of an SQLAlchemy URL ("postgresql+psycopg2://..."), or -1. */
int mf_dialect_of_url(const char *url);

/* A byte that stands for an interpolated value (f-string field, %s) in SQL
 * text: it is never an identifier migfix can name in a guard. */
#define MF_SQL_HOLE '\x01'

typedef enum {
    MF_SQL_REWRITE,    /* made idempotent by the inserts below */
    MF_SQL_IDEMPOTENT, /* already says IF [NOT] EXISTS / OR REPLACE */
    MF_SQL_GUARD,      /* needs a Python check: `check` with `name` / `table` */
    MF_SQL_AS_WRITTEN, /* left as written: data, session, re-runnable, unknown */
} mf_sql_verdict;

typedef struct {
    size_t at;        /* offset in the SQL text */
    const char *text; /* what to insert there, e.g. " IF NOT EXISTS" */
} mf_sql_insert;

typedef struct {
    mf_sql_verdict verdict;
    const char *what;             /* the statement's kind, e.g. "CREATE TABLE" (arena) */
    const char *reason;           /* AS_WRITTEN / GUARD: why (arena) */
    mf_check check;               /* GUARD */
    mf_slice name, table, schema; /* GUARD, prerequisites: identifiers, unquoted (arena) */
    /* A statement with prerequisites (CREATE INDEX needs its table and
     * columns; ALTER TABLE ADD/DROP COLUMN its table): the check that covers
     * both them and "not done yet", for when the statement stands alone in
     * its op.execute; MF_CHECK_NONE otherwise. */
    mf_check prerequisites;
    mf_slice columns; /* CREATE INDEX: the plain column names as a Python list */
    /* CREATE TABLE (TABLE_MISSING) or DROP TABLE (TABLE_PRESENT) of the one
     * table in `table`/`schema`, for the chain's schema flow; MF_CHECK_NONE
     * otherwise. */
    mf_check table_effect;
    /* ALTER TABLE: the table it alters, whatever it does to it (unquoted;
     * empty when migfix cannot name it). */
    mf_slice altered, altered_schema;
    /* CREATE TEMP[ORARY] TABLE: a session's own table (in `table`), gone
     * when the session ends; no table_effect. */
    bool temporary;
    /* The statement as written (a view of the SQL analysed). */
    mf_slice source;
} mf_sql_statement;

typedef struct {
    MF_VEC(mf_sql_statement) statements;
    MF_VEC(mf_sql_insert) inserts; /* in text order */
} mf_sql_analysis;

typedef struct mf_sql_patterns mf_sql_patterns;

mf_sql_patterns *mf_sql_patterns_new(void);
void mf_sql_patterns_free(mf_sql_patterns *patterns);

/* Analyses SQL for DIALECT. Strings come from ARENA. */
void mf_sql_analyse(const mf_sql_patterns *patterns, mf_dialect dialect, mf_slice sql,
                    mf_arena *arena, mf_sql_analysis *out);
void mf_sql_analysis_free(mf_sql_analysis *analysis);

/* The phrases a rewrite may insert into SQL text (the verifier allows exactly
 * these), NULL-terminated. */
extern const char *const mf_sql_phrases[];

#endif
