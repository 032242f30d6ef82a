/* The database layer's front (see db.h): picks the client for the URL's
 * dialect, reads and writes alembic_version the same way on all three, and
 * scrubs the password out of every error before it leaves. The helpers the
 * clients share (library loading, quoting, result rows) live here too. */
#include "db.h"

#include "db_client.h"
#include "sql.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* mf_db_bind stores dlsym's object pointer into a function pointer's bytes,
 * which POSIX makes well-defined on the platforms it runs on. */
_Static_assert(sizeof(void (*)(void)) == sizeof(void *), "function pointers are data-sized");

/* ---- shared helpers ----------------------------------------------------- */

size_t mf_db_rows_count(const mf_db_rows *rows) {
    return rows->ncols ? rows->cells.len / rows->ncols : 0;
}

const char *mf_db_cell(const mf_db_rows *rows, size_t row, size_t col) {
    return rows->cells.items[row * rows->ncols + col];
}

void mf_db_rows_push(mf_db_rows *rows, const char *text, size_t len) {
    const char *cell = text ? mf_arena_strndup(&rows->arena, text, len) : NULL;
    MF_VEC_PUSH(&rows->cells, cell);
}

void mf_db_rows_free(mf_db_rows *rows) {
    MF_VEC_FREE(&rows->cells);
    mf_arena_free(&rows->arena);
    rows->ncols = 0;
}

void *mf_db_load_library(const char *const *names, size_t nnames, const char *package,
                         char **error) {
    char *first = NULL;
    for (size_t i = 0; i < nnames; i++) {
        /* NODELETE: the libraries keep process-wide state from their first
         * connection (libmariadb's client init, TLS set-up), which an unload
         * would lose without freeing; a later connection reuses it. */
        void *lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
        if (lib) {
            free(first);
            return lib;
        }
        if (!first) {
            const char *why = dlerror();
            mf_buf b = {0};
            mf_buf_printf(&b, "cannot load %s (Debian package %s): %s", names[0], package,
                          why ? why : "not found");
            first = mf_buf_detach(&b);
        }
    }
    *error = first ? first : mf_xstrdup("no library to load");
    return NULL;
}

int mf_db_bind(void *lib, const char *library, const mf_db_symbol *symbols, size_t nsymbols,
               char **error) {
    for (size_t i = 0; i < nsymbols; i++) {
        void *fn = dlsym(lib, symbols[i].name);
        if (!fn) {
            mf_buf b = {0};
            mf_buf_printf(&b, "%s has no function %s (too old a version?)", library,
                          symbols[i].name);
            *error = mf_buf_detach(&b);
            return -1;
        }
        memcpy(symbols[i].slot, &fn, sizeof fn);
    }
    return 0;
}

char *mf_db_scrub(const char *text, const char *password) {
    mf_buf b = {0};
    size_t plen = password ? strlen(password) : 0;
    const char *p = text;
    const char *hit;
    while (plen && (hit = strstr(p, password))) {
        mf_buf_put(&b, p, (size_t)(hit - p));
        mf_buf_puts(&b, "***");
        p = hit + plen;
    }
    mf_buf_puts(&b, p);
    return mf_buf_detach(&b);
}

void mf_db_put_literal(mf_buf *b, int dialect, const char *s) {
    /* PostgreSQL: E'' reads backslashes the same whatever
     * standard_conforming_strings says. MySQL: a doubled backslash is safe
     * with and without NO_BACKSLASH_ESCAPES. SQLite has no escapes. */
    bool backslashes = dialect != MF_DIALECT_SQLITE;
    if (dialect == MF_DIALECT_POSTGRESQL)
        mf_buf_putc(b, 'E');
    mf_buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'' || (backslashes && *s == '\\'))
            mf_buf_putc(b, *s);
        mf_buf_putc(b, *s);
    }
    mf_buf_putc(b, '\'');
}

void mf_db_put_identifier(mf_buf *b, int dialect, const char *s) {
    char q = dialect == MF_DIALECT_MYSQL || dialect == MF_DIALECT_MARIADB ? '`' : '"';
    mf_buf_putc(b, q);
    for (; *s; s++) {
        if (*s == q)
            mf_buf_putc(b, q);
        mf_buf_putc(b, *s);
    }
    mf_buf_putc(b, q);
}

static bool same(const char *a, const char *b) {
    return a == b || (a && b && strcmp(a, b) == 0);
}

mf_catalog_table *mf_db_find_table(mf_catalog *catalog, const char *schema, const char *name,
                                   size_t *hint) {
    size_t n = catalog->tables.len;
    for (size_t k = 0; k < n; k++) {
        size_t i = (*hint + k) % n;
        mf_catalog_table *t = &catalog->tables.items[i];
        if (same(t->schema, schema) && strcmp(t->name, name) == 0) {
            *hint = i;
            return t;
        }
    }
    return NULL;
}

mf_db *mf_db_new(const mf_db_client *client, void *lib, void *state) {
    mf_db *db = mf_xcalloc(1, sizeof *db);
    db->client = client;
    db->lib = lib;
    db->state = state;
    return db;
}

bool mf_db_truthy(const char *cell) {
    return cell && (strcmp(cell, "t") == 0 || strcmp(cell, "1") == 0 || strcmp(cell, "YES") == 0 ||
                    strcmp(cell, "true") == 0);
}

void mf_db_add_tables(const mf_db_rows *rows, const char *version_table, bool skip_version,
                      mf_catalog *out) {
    mf_catalog_table *table = NULL;
    const char *current = NULL;
    for (size_t r = 0; r < mf_db_rows_count(rows); r++) {
        const char *name = mf_db_cell(rows, r, 0);
        if (skip_version && strcmp(name, version_table) == 0)
            continue;
        if (!current || strcmp(current, name) != 0) {
            table = mf_catalog_add_table(out, NULL, name);
            current = name;
        }
        const char *type = mf_db_cell(rows, r, 2);
        if (mf_db_cell(rows, r, 1))
            mf_catalog_add_column(out, table, mf_db_cell(rows, r, 1), type ? type : "",
                                  mf_db_truthy(mf_db_cell(rows, r, 3)));
    }
}

/* ---- the public layer --------------------------------------------------- */

/* ERROR (a client's, malloc'd) scrubbed, with SUFFIX appended; frees it. */
static char *scrubbed(const mf_db *db, char *error, const char *suffix) {
    char *clean = mf_db_scrub(error ? error : "unknown error", db ? db->password : NULL);
    free(error);
    if (!suffix)
        return clean;
    mf_buf b = {0};
    mf_buf_printf(&b, "%s%s", clean, suffix);
    free(clean);
    return mf_buf_detach(&b);
}

mf_db *mf_db_connect(const mf_dburl *url, char **error) {
    *error = NULL;
    mf_db *db = NULL;
    switch (url->dialect) {
    case MF_DIALECT_SQLITE:
        db = mf_db_sqlite_open(url, error);
        break;
    case MF_DIALECT_POSTGRESQL:
        db = mf_db_postgres_open(url, error);
        break;
    case MF_DIALECT_MYSQL:
    case MF_DIALECT_MARIADB:
        db = mf_db_mysql_open(url, error);
        break;
    default:
        *error = mf_xstrdup("locate reads postgresql, sqlite, mysql and mariadb databases");
        return NULL;
    }
    if (!db) {
        char *clean = mf_db_scrub(*error ? *error : "cannot connect", url->password);
        free(*error);
        *error = clean;
        return NULL;
    }
    db->dialect = url->dialect;
    db->password = url->password && url->password[0] ? mf_xstrdup(url->password) : NULL;
    return db;
}

int mf_db_exec(mf_db *db, const char *sql, char **error) {
    *error = NULL;
    if (db->client->query(db, sql, NULL, error) < 0) {
        *error = scrubbed(db, *error, NULL);
        return -1;
    }
    return 0;
}

static void put_version_table(mf_buf *b, int dialect, const char *table, const char *schema) {
    if (schema) {
        mf_db_put_identifier(b, dialect, schema);
        mf_buf_putc(b, '.');
    }
    mf_db_put_identifier(b, dialect, table);
}

/* Whether TABLE (in SCHEMA, or the connection's own) exists: one query. */
static int version_table_exists(mf_db *db, const char *table, const char *schema, bool *exists,
                                char **error) {
    mf_buf sql = {0};
    switch (db->dialect) {
    case MF_DIALECT_SQLITE:
        mf_buf_puts(&sql, "SELECT 1 FROM ");
        if (schema) {
            mf_db_put_identifier(&sql, db->dialect, schema);
            mf_buf_putc(&sql, '.');
        }
        mf_buf_puts(&sql, "sqlite_master WHERE type = 'table' AND name = ");
        mf_db_put_literal(&sql, db->dialect, table);
        break;
    case MF_DIALECT_POSTGRESQL:
        mf_buf_puts(&sql, "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                          "ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND "
                          "c.relname = ");
        mf_db_put_literal(&sql, db->dialect, table);
        mf_buf_puts(&sql, " AND n.nspname = ");
        if (schema)
            mf_db_put_literal(&sql, db->dialect, schema);
        else
            mf_buf_puts(&sql, "current_schema()");
        break;
    default:
        mf_buf_puts(&sql, "SELECT 1 FROM information_schema.TABLES WHERE TABLE_TYPE = "
                          "'BASE TABLE' AND TABLE_SCHEMA = ");
        if (schema)
            mf_db_put_literal(&sql, db->dialect, schema);
        else
            mf_buf_puts(&sql, "DATABASE()");
        mf_buf_puts(&sql, " AND TABLE_NAME = ");
        mf_db_put_literal(&sql, db->dialect, table);
        break;
    }
    mf_db_rows rows = {0};
    int rc = db->client->query(db, sql.data, &rows, error);
    *exists = rc == 0 && mf_db_rows_count(&rows) > 0;
    mf_db_rows_free(&rows);
    mf_buf_free(&sql);
    return rc;
}

int mf_db_read_catalog(mf_db *db, const char *version_table, const char *version_schema,
                       mf_catalog *out, char **error) {
    *error = NULL;
    mf_catalog_init(out, db->dialect);
    bool exists = false;
    if (db->client->read_catalog(db, version_table, version_schema, out, error) < 0 ||
        version_table_exists(db, version_table, version_schema, &exists, error) < 0)
        goto fail;
    out->has_version_table = exists;
    if (exists) {
        mf_buf sql = {0};
        mf_buf_puts(&sql, "SELECT version_num FROM ");
        put_version_table(&sql, db->dialect, version_table, version_schema);
        mf_buf_puts(&sql, " ORDER BY version_num");
        mf_db_rows rows = {0};
        int rc = db->client->query(db, sql.data, &rows, error);
        mf_buf_free(&sql);
        for (size_t i = 0; rc == 0 && i < mf_db_rows_count(&rows); i++)
            if (mf_db_cell(&rows, i, 0))
                mf_catalog_add_version(out, mf_db_cell(&rows, i, 0));
        mf_db_rows_free(&rows);
        if (rc < 0)
            goto fail;
    }
    return 0;
fail:
    mf_catalog_free(out);
    mf_catalog_init(out, db->dialect);
    *error = scrubbed(db, *error, NULL);
    return -1;
}

/* Runs SQL (freed here) through the client. */
static int run(mf_db *db, mf_buf *sql, char **error) {
    int rc = db->client->query(db, sql->data, NULL, error);
    mf_buf_free(sql);
    return rc;
}

int mf_db_stamp(mf_db *db, const char *version_table, const char *version_schema,
                const char *const *revisions, size_t nrevisions, char **error) {
    *error = NULL;
    int d = db->dialect;
    /* MySQL commits before and after any DDL: there the table is made before
     * the transaction, and dropped again when the rest fails. */
    bool ddl_commits = d == MF_DIALECT_MYSQL || d == MF_DIALECT_MARIADB;
    bool exists = false, in_transaction = false, created = false;
    mf_buf sql = {0};
    if (version_table_exists(db, version_table, version_schema, &exists, error) < 0)
        goto fail;
    for (int step = 0; step < 2; step++) {
        if (step == (ddl_commits ? 1 : 0)) {
            mf_buf_puts(&sql, db->client->begin);
            if (run(db, &sql, error) < 0)
                goto fail;
            in_transaction = true;
        }
        if (step == (ddl_commits ? 0 : 1) && !exists) {
            mf_buf_puts(&sql, "CREATE TABLE ");
            put_version_table(&sql, d, version_table, version_schema);
            mf_buf_puts(&sql, " (version_num VARCHAR(32) NOT NULL, CONSTRAINT ");
            mf_buf b = {0};
            mf_buf_printf(&b, "%s_pkc", version_table);
            mf_db_put_identifier(&sql, d, b.data);
            mf_buf_free(&b);
            mf_buf_puts(&sql, " PRIMARY KEY (version_num))");
            if (run(db, &sql, error) < 0)
                goto fail;
            created = true;
        }
    }
    mf_buf_puts(&sql, "DELETE FROM ");
    put_version_table(&sql, d, version_table, version_schema);
    if (run(db, &sql, error) < 0)
        goto fail;
    for (size_t i = 0; i < nrevisions; i++) {
        mf_buf_puts(&sql, "INSERT INTO ");
        put_version_table(&sql, d, version_table, version_schema);
        mf_buf_puts(&sql, " (version_num) VALUES (");
        mf_db_put_literal(&sql, d, revisions[i]);
        mf_buf_putc(&sql, ')');
        if (run(db, &sql, error) < 0)
            goto fail;
    }
    mf_buf_puts(&sql, "COMMIT");
    if (run(db, &sql, error) < 0)
        goto fail;
    return 0;
fail:
    mf_buf_free(&sql);
    char *ignored = NULL;
    if (in_transaction) {
        db->client->query(db, "ROLLBACK", NULL, &ignored);
        free(ignored);
        ignored = NULL;
    }
    if (created && ddl_commits) {
        mf_buf_puts(&sql, "DROP TABLE ");
        put_version_table(&sql, d, version_table, version_schema);
        run(db, &sql, &ignored);
        free(ignored);
    }
    *error = scrubbed(db, *error, " (nothing was changed)");
    return -1;
}

size_t mf_db_queries(const mf_db *db) {
    return db->queries;
}

void mf_db_close(mf_db *db) {
    if (!db)
        return;
    db->client->close(db);
    if (db->lib)
        dlclose(db->lib);
    free(db->password);
    free(db);
}
