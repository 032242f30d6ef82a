/* SQLite through libsqlite3, loaded at run time, and its catalog: four
 * queries over sqlite_master joined with the table-valued PRAGMA functions
 * (columns, indexes, foreign keys, CREATE TABLE texts). SQLite names none of
 * its constraints in a PRAGMA, so their names come from the CREATE TABLE
 * text (db_sqlite_ddl.c), matched to what the PRAGMAs report by columns. */
#include "db_client.h"
#include "sql.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

enum {
    SQLITE_OK = 0,
    SQLITE_ROW = 100,
    SQLITE_DONE = 101,
    SQLITE_NULL = 5,
    SQLITE_OPEN_READWRITE = 0x2,
    SQLITE_OPEN_CREATE = 0x4,
};

typedef struct {
    sqlite3 *conn;
    int (*open_v2)(const char *, sqlite3 **, int, const char *);
    int (*prepare_v2)(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
    int (*step)(sqlite3_stmt *);
    int (*column_count)(sqlite3_stmt *);
    int (*column_type)(sqlite3_stmt *, int);
    const unsigned char *(*column_text)(sqlite3_stmt *, int);
    int (*column_bytes)(sqlite3_stmt *, int);
    int (*finalize)(sqlite3_stmt *);
    const char *(*errmsg)(sqlite3 *);
    int (*close)(sqlite3 *);
    int (*busy_timeout)(sqlite3 *, int);
} sqlite_state;

static int sqlite_query(mf_db *db, const char *sql, mf_db_rows *rows, char **error) {
    sqlite_state *s = db->state;
    db->queries++;
    const char *tail = sql;
    while (*tail) {
        sqlite3_stmt *stmt = NULL;
        if (s->prepare_v2(s->conn, tail, -1, &stmt, &tail) != SQLITE_OK) {
            *error = mf_xstrdup(s->errmsg(s->conn));
            return -1;
        }
        if (!stmt) /* only whitespace or a comment was left */
            break;
        int ncols = s->column_count(stmt);
        if (rows)
            rows->ncols = (size_t)ncols;
        int rc;
        while ((rc = s->step(stmt)) == SQLITE_ROW) {
            for (int c = 0; rows && c < ncols; c++) {
                if (s->column_type(stmt, c) == SQLITE_NULL) {
                    mf_db_rows_push(rows, NULL, 0);
                    continue;
                }
                const char *text = (const char *)s->column_text(stmt, c);
                mf_db_rows_push(rows, text ? text : "",
                                text ? (size_t)s->column_bytes(stmt, c) : 0);
            }
        }
        if (rc != SQLITE_DONE) {
            *error = mf_xstrdup(s->errmsg(s->conn));
            s->finalize(stmt);
            return -1;
        }
        s->finalize(stmt);
    }
    return 0;
}

/* ---- the catalog -------------------------------------------------------- */

/* Only the user's tables of main: not SQLite's own, not virtual tables (their
 * PRAGMAs need the module). */
#define USER_TABLES                                                                                \
    "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND "                           \
    "coalesce(m.sql, '') NOT LIKE 'CREATE VIRTUAL%'"

static const char columns_sql[] =
    "SELECT m.name, p.name, p.type, p.\"notnull\" = 0, p.pk FROM main.sqlite_master m "
    "JOIN pragma_table_xinfo(m.name, 'main') p WHERE " USER_TABLES " AND p.hidden <> 1 "
    "ORDER BY m.name, p.cid";
static const char indexes_sql[] =
    "SELECT m.name, il.name, il.\"unique\", il.origin, ii.name FROM main.sqlite_master m "
    "JOIN pragma_index_list(m.name, 'main') il JOIN pragma_index_info(il.name, 'main') ii "
    "WHERE " USER_TABLES " ORDER BY m.name, il.name, ii.seqno";
static const char foreign_keys_sql[] =
    "SELECT m.name, f.id, f.\"table\", f.\"from\" FROM main.sqlite_master m "
    "JOIN pragma_foreign_key_list(m.name, 'main') f WHERE " USER_TABLES
    " ORDER BY m.name, f.id, f.seq";
static const char create_sql[] =
    "SELECT m.name, m.sql FROM main.sqlite_master m WHERE " USER_TABLES " ORDER BY m.name";

/* What the catalog's tables need besides the catalog while it is read. */
typedef struct {
    bool has_primary_key;
    mf_sqlite_constraints declared; /* from the CREATE TABLE text */
    bool *used;                     /* declared[i] matched already */
} table_extra;

static bool same_columns(const mf_sqlite_constraint *c, const char *const *columns, size_t n) {
    if (c->ncolumns != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!c->columns[i] || !columns[i] || strcasecmp(c->columns[i], columns[i]) != 0)
            return false;
    return true;
}

/* The name of the first unused declared constraint of KIND over COLUMNS
 * (and, for a foreign key, to REF_TABLE), marked used; NULL when none. */
static const char *declared_name(table_extra *x, mf_constraint_kind kind,
                                 const char *const *columns, size_t n, const char *ref_table) {
    for (size_t i = 0; i < x->declared.len; i++) {
        mf_sqlite_constraint *c = &x->declared.items[i];
        if (x->used[i] || c->kind != kind || !same_columns(c, columns, n))
            continue;
        if (ref_table && (!c->ref_table || strcasecmp(c->ref_table, ref_table) != 0))
            continue;
        x->used[i] = true;
        return c->name;
    }
    return NULL;
}

/* Rows [FROM, END) of ROWS share their first KEYS cells. */
static size_t group_end(const mf_db_rows *rows, size_t from, size_t keys) {
    size_t end = from + 1;
    size_t n = mf_db_rows_count(rows);
    for (; end < n; end++) {
        for (size_t k = 0; k < keys; k++) {
            const char *a = mf_db_cell(rows, from, k), *b = mf_db_cell(rows, end, k);
            if (!a || !b || strcmp(a, b) != 0)
                return end;
        }
    }
    return end;
}

static int sqlite_read_catalog(mf_db *db, const char *version_table, const char *version_schema,
                               mf_catalog *out, char **error) {
    enum { COLUMNS, CREATE, INDEXES, FOREIGN_KEYS, NQUERIES };
    const char *const queries[NQUERIES] = {columns_sql, create_sql, indexes_sql, foreign_keys_sql};
    mf_db_rows rows[NQUERIES];
    memset(rows, 0, sizeof rows);
    for (int q = 0; q < NQUERIES; q++) {
        if (sqlite_query(db, queries[q], &rows[q], error) < 0) {
            for (int k = 0; k < NQUERIES; k++)
                mf_db_rows_free(&rows[k]);
            return -1;
        }
    }
    mf_db_add_tables(&rows[COLUMNS], version_table,
                     !version_schema || strcmp(version_schema, "main") == 0, out);
    size_t ntables = out->tables.len;
    table_extra *extra = mf_xcalloc(ntables ? ntables : 1, sizeof *extra);
    mf_arena scratch = {0};
    size_t hint = 0;
    /* PRIMARY KEY: a column with a pk position (a rowid alias has no index). */
    for (size_t r = 0; r < mf_db_rows_count(&rows[COLUMNS]); r++) {
        mf_catalog_table *t = mf_db_find_table(out, NULL, mf_db_cell(&rows[COLUMNS], r, 0), &hint);
        const char *pk = mf_db_cell(&rows[COLUMNS], r, 4);
        if (t && pk && strcmp(pk, "0") != 0)
            extra[t - out->tables.items].has_primary_key = true;
    }
    for (size_t r = 0; r < mf_db_rows_count(&rows[CREATE]); r++) {
        mf_catalog_table *t = mf_db_find_table(out, NULL, mf_db_cell(&rows[CREATE], r, 0), &hint);
        const char *text = mf_db_cell(&rows[CREATE], r, 1);
        if (!t || !text)
            continue;
        table_extra *x = &extra[t - out->tables.items];
        mf_sqlite_scan_constraints(text, &scratch, &x->declared);
        x->used = mf_arena_alloc(&scratch, (x->declared.len + 1) * sizeof(bool));
        memset(x->used, 0, (x->declared.len + 1) * sizeof(bool));
    }
    for (size_t i = 0; i < ntables; i++) {
        table_extra *x = &extra[i];
        if (!x->has_primary_key)
            continue;
        const char *name = NULL;
        for (size_t k = 0; k < x->declared.len; k++)
            if (x->declared.items[k].kind == MF_CONSTRAINT_PRIMARY) {
                name = x->declared.items[k].name;
                x->used[k] = true;
                break;
            }
        mf_catalog_add_constraint(out, &out->tables.items[i], name, MF_CONSTRAINT_PRIMARY);
    }
    /* Indexes: origin 'c' is CREATE INDEX; 'u' a UNIQUE constraint's
     * sqlite_autoindex_*; 'pk' the primary key's, already counted. */
    MF_VEC(const char *) columns = {0};
    for (size_t r = 0; r < mf_db_rows_count(&rows[INDEXES]);) {
        size_t end = group_end(&rows[INDEXES], r, 2);
        mf_catalog_table *t = mf_db_find_table(out, NULL, mf_db_cell(&rows[INDEXES], r, 0), &hint);
        const char *origin = mf_db_cell(&rows[INDEXES], r, 3);
        columns.len = 0;
        for (size_t k = r; k < end; k++)
            MF_VEC_PUSH(&columns, mf_db_cell(&rows[INDEXES], k, 4));
        if (t && origin && strcmp(origin, "c") == 0) {
            mf_catalog_add_index(out, t, mf_db_cell(&rows[INDEXES], r, 1),
                                 mf_db_truthy(mf_db_cell(&rows[INDEXES], r, 2)), columns.items,
                                 columns.len);
        } else if (t && origin && strcmp(origin, "u") == 0) {
            const char *name = declared_name(&extra[t - out->tables.items], MF_CONSTRAINT_UNIQUE,
                                             columns.items, columns.len, NULL);
            mf_catalog_add_constraint(out, t, name, MF_CONSTRAINT_UNIQUE);
        }
        r = end;
    }
    for (size_t r = 0; r < mf_db_rows_count(&rows[FOREIGN_KEYS]);) {
        size_t end = group_end(&rows[FOREIGN_KEYS], r, 2);
        mf_catalog_table *t =
            mf_db_find_table(out, NULL, mf_db_cell(&rows[FOREIGN_KEYS], r, 0), &hint);
        columns.len = 0;
        for (size_t k = r; k < end; k++)
            MF_VEC_PUSH(&columns, mf_db_cell(&rows[FOREIGN_KEYS], k, 3));
        if (t) {
            const char *name =
                declared_name(&extra[t - out->tables.items], MF_CONSTRAINT_FOREIGN, columns.items,
                              columns.len, mf_db_cell(&rows[FOREIGN_KEYS], r, 2));
            mf_catalog_add_constraint(out, t, name, MF_CONSTRAINT_FOREIGN);
        }
        r = end;
    }
    for (size_t i = 0; i < ntables; i++)
        for (size_t k = 0; k < extra[i].declared.len; k++)
            if (extra[i].declared.items[k].kind == MF_CONSTRAINT_CHECK)
                mf_catalog_add_constraint(out, &out->tables.items[i],
                                          extra[i].declared.items[k].name, MF_CONSTRAINT_CHECK);
    MF_VEC_FREE(&columns);
    for (size_t i = 0; i < ntables; i++)
        MF_VEC_FREE(&extra[i].declared);
    free(extra);
    for (int q = 0; q < NQUERIES; q++)
        mf_db_rows_free(&rows[q]);
    mf_arena_free(&scratch);
    return 0;
}

static void sqlite_close(mf_db *db) {
    sqlite_state *s = db->state;
    if (s && s->conn)
        s->close(s->conn);
    free(s);
}

static const mf_db_client sqlite_client = {sqlite_query, sqlite_read_catalog, sqlite_close,
                                           "BEGIN IMMEDIATE"};

mf_db *mf_db_sqlite_open(const mf_dburl *url, char **error) {
    const char *path = url->database ? url->database : ":memory:";
    int flags = SQLITE_OPEN_READWRITE;
    if (url->database) {
        /* locate reads a database, it never makes one: a mistyped path
         * would otherwise be an empty database that matches no revision. */
        struct stat st;
        if (stat(path, &st) != 0 && errno == ENOENT) {
            mf_buf b = {0};
            mf_buf_printf(&b, "no such database file: %s", path);
            *error = mf_buf_detach(&b);
            return NULL;
        }
    } else {
        flags |= SQLITE_OPEN_CREATE;
    }
    static const char *const names[] = {"libsqlite3.so.0"};
    void *lib = mf_db_load_library(names, 1, "libsqlite3-0", error);
    if (!lib)
        return NULL;
    sqlite_state *s = mf_xcalloc(1, sizeof *s);
    const mf_db_symbol symbols[] = {
        {"sqlite3_open_v2", &s->open_v2},
        {"sqlite3_prepare_v2", &s->prepare_v2},
        {"sqlite3_step", &s->step},
        {"sqlite3_column_count", &s->column_count},
        {"sqlite3_column_type", &s->column_type},
        {"sqlite3_column_text", &s->column_text},
        {"sqlite3_column_bytes", &s->column_bytes},
        {"sqlite3_finalize", &s->finalize},
        {"sqlite3_errmsg", &s->errmsg},
        {"sqlite3_close", &s->close},
        {"sqlite3_busy_timeout", &s->busy_timeout},
    };
    if (mf_db_bind(lib, names[0], symbols, sizeof symbols / sizeof symbols[0], error) < 0)
        goto fail;
    if (s->open_v2(path, &s->conn, flags, NULL) != SQLITE_OK) {
        mf_buf b = {0};
        mf_buf_printf(&b, "cannot open %s: %s", path,
                      s->conn ? s->errmsg(s->conn) : "out of memory");
        *error = mf_buf_detach(&b);
        goto fail;
    }
    s->busy_timeout(s->conn, 5000);
    return mf_db_new(&sqlite_client, lib, s);
fail:
    if (s->conn)
        s->close(s->conn);
    free(s);
    dlclose(lib);
    return NULL;
}
