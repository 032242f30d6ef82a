/* Between db.c and its three clients (db_sqlite.c, db_postgres.c,
 * db_mysql.c): the connection every client fills, its result rows, and the
 * helpers they share. Client errors are the library's own text, unscrubbed:
 * db.c scrubs the password out of them before any leaves the layer. */
#ifndef MIGFIX_DB_CLIENT_H
#define MIGFIX_DB_CLIENT_H

#include "arena.h"
#include "buf.h"
#include "catalog.h"
#include "db.h"
#include "dburl.h"

#include <stdbool.h>
#include <stddef.h>

/* A result set as text: row-major cells in the arena, NULL for SQL NULL. */
typedef struct {
    mf_arena arena;
    size_t ncols;
    MF_VEC(const char *) cells;
} mf_db_rows;

size_t mf_db_rows_count(const mf_db_rows *rows);
const char *mf_db_cell(const mf_db_rows *rows, size_t row, size_t col);
/* Appends one cell (TEXT NULL: SQL NULL), copied. */
void mf_db_rows_push(mf_db_rows *rows, const char *text, size_t len);
void mf_db_rows_free(mf_db_rows *rows);

typedef struct {
    /* Runs one statement; with ROWS (initialised by the caller, empty), keeps
     * its result there. Returns 0, or -1 with *ERROR. */
    int (*query)(mf_db *db, const char *sql, mf_db_rows *rows, char **error);
    /* Fills OUT (initialised) with tables, columns, indexes, constraints and
     * types, the version table left out; db.c reads alembic_version. */
    int (*read_catalog)(mf_db *db, const char *version_table, const char *version_schema,
                        mf_catalog *out, char **error);
    void (*close)(mf_db *db); /* the connection and the client's state */
    const char *begin;        /* the statement that starts a write transaction */
} mf_db_client;

struct mf_db {
    int dialect; /* mf_dialect */
    const mf_db_client *client;
    void *lib;      /* the dlopen handle, closed by mf_db_close */
    void *state;    /* the client's */
    char *password; /* scrubbed from every error; NULL: none */
    size_t queries; /* statements sent, counted by each client's query */
};

/* A connection of CLIENT, owning LIB (the dlopen handle) and STATE. */
mf_db *mf_db_new(const mf_db_client *client, void *lib, void *state);

mf_db *mf_db_sqlite_open(const mf_dburl *url, char **error);
mf_db *mf_db_postgres_open(const mf_dburl *url, char **error);
mf_db *mf_db_mysql_open(const mf_dburl *url, char **error);

/* dlopen of the first of NAMES that loads; NULL with "cannot load NAMES[0]
 * (Debian package PACKAGE): <dlerror>" otherwise. */
void *mf_db_load_library(const char *const *names, size_t nnames, const char *package,
                         char **error);

/* A function the client needs from its library: SLOT is the address of its
 * function pointer. */
typedef struct {
    const char *name;
    void *slot;
} mf_db_symbol;
/* Fills every slot, or returns -1 with *ERROR naming the missing function. */
int mf_db_bind(void *lib, const char *library, const mf_db_symbol *symbols, size_t nsymbols,
               char **error);

/* TEXT with every PASSWORD (when non-empty) replaced by ***, malloc'd. */
char *mf_db_scrub(const char *text, const char *password);

/* S as an SQL string literal / a quoted identifier of DIALECT. */
void mf_db_put_literal(mf_buf *b, int dialect, const char *s);
void mf_db_put_identifier(mf_buf *b, int dialect, const char *s);

/* The table SCHEMA.NAME of CATALOG (SCHEMA NULL: the connection's own), or
 * NULL. *HINT remembers the last hit: results ordered by table find theirs at
 * once. */
mf_catalog_table *mf_db_find_table(mf_catalog *catalog, const char *schema, const char *name,
                                   size_t *hint);
/* Whether the cell text is true ("t", "1", "YES") as the clients render it. */
bool mf_db_truthy(const char *cell);
/* Tables and their columns from ROWS of (table, column or NULL for a table
 * without any, type, nullable), ordered by table; VERSION_TABLE is left out
 * when SKIP_VERSION. */
void mf_db_add_tables(const mf_db_rows *rows, const char *version_table, bool skip_version,
                      mf_catalog *out);

/* The constraints a SQLite CREATE TABLE statement spells, in order: SQLite
 * reports their columns (PRAGMA index_list, foreign_key_list) but not their
 * names, and its CHECK constraints not at all. */
typedef struct {
    mf_constraint_kind kind;
    const char *name;     /* NULL: unnamed */
    const char **columns; /* NULL items: an expression */
    size_t ncolumns;
    const char *ref_table; /* FOREIGN */
} mf_sqlite_constraint;
typedef MF_VEC(mf_sqlite_constraint) mf_sqlite_constraints;
/* Appends what SQL declares to OUT (vector malloc'd, strings in ARENA). */
void mf_sqlite_scan_constraints(const char *sql, mf_arena *arena, mf_sqlite_constraints *out);

#endif
