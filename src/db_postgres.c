/* PostgreSQL through libpq, loaded at run time, and its catalog: five
 * queries over pg_catalog (the current schema, tables with their columns,
 * indexes, constraints, enum types) in every schema but PostgreSQL's own. */
#include "db_client.h"
#include "sql.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef void (*pq_notice_processor)(void *arg, const char *message);

enum {
    CONNECTION_OK = 0,
    PGRES_COMMAND_OK = 1,
    PGRES_TUPLES_OK = 2,
    PG_DIAG_MESSAGE_PRIMARY = 'M',
};

typedef struct {
    PGconn *conn;
    PGconn *(*connectdb_params)(const char *const *, const char *const *, int);
    int (*status)(const PGconn *);
    char *(*error_message)(const PGconn *);
    void (*finish)(PGconn *);
    PGresult *(*exec)(PGconn *, const char *);
    int (*result_status)(const PGresult *);
    char *(*result_error_field)(const PGresult *, int);
    int (*ntuples)(const PGresult *);
    int (*nfields)(const PGresult *);
    char *(*getvalue)(const PGresult *, int, int);
    int (*getlength)(const PGresult *, int, int);
    int (*getisnull)(const PGresult *, int, int);
    void (*clear)(PGresult *);
    pq_notice_processor (*set_notice_processor)(PGconn *, pq_notice_processor, void *);
} pg_state;

/* libpq's messages end in a newline (and may span lines): one line each. */
static char *one_line(const char *message) {
    mf_buf b = {0};
    const char *p = message ? message : "unknown error";
    while (*p == ' ' || *p == '\n')
        p++;
    for (; *p; p++) {
        if (*p == '\n') {
            while (b.len && b.data[b.len - 1] == ' ')
                b.data[--b.len] = '\0';
            while (p[1] == ' ' || p[1] == '\t')
                p++;
            if (p[1])
                mf_buf_puts(&b, "; ");
        } else {
            mf_buf_putc(&b, *p);
        }
    }
    while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == ';'))
        b.data[--b.len] = '\0';
    return mf_buf_detach(&b);
}

static int pg_query(mf_db *db, const char *sql, mf_db_rows *rows, char **error) {
    pg_state *s = db->state;
    db->queries++;
    PGresult *res = s->exec(s->conn, sql);
    int status = res ? s->result_status(res) : -1;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const char *message = res ? s->result_error_field(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
        *error = one_line(message ? message : s->error_message(s->conn));
        if (res)
            s->clear(res);
        return -1;
    }
    if (rows) {
        int n = s->ntuples(res), ncols = s->nfields(res);
        rows->ncols = (size_t)ncols;
        for (int r = 0; r < n; r++)
            for (int c = 0; c < ncols; c++) {
                if (s->getisnull(res, r, c))
                    mf_db_rows_push(rows, NULL, 0);
                else
                    mf_db_rows_push(rows, s->getvalue(res, r, c), (size_t)s->getlength(res, r, c));
            }
    }
    s->clear(res);
    return 0;
}

/* ---- the catalog -------------------------------------------------------- */

/* Schemas PostgreSQL keeps for itself (pg_catalog, pg_toast, other sessions'
 * pg_temp_N; user schemas cannot start with pg_) and information_schema. */
#define USER_SCHEMA "n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"
#define TABLES "c.relkind IN ('r', 'p')"

static const char current_schema_sql[] = "SELECT current_schema()";
/* A domain's family is its base type's; an enum's is ENUM whatever it is named. */
static const char columns_sql[] =
    "SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
    "NOT a.attnotnull, t.typtype, "
    "CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END "
    "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
    "AND NOT a.attisdropped LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
    "WHERE " TABLES " AND " USER_SCHEMA " ORDER BY n.nspname, c.relname, a.attnum";
/* Key columns only (not INCLUDE ones); attnum 0 is an expression. Not the
 * indexes of primary key, unique and exclusion constraints. */
static const char indexes_sql[] =
    "SELECT n.nspname, c.relname, i.relname, x.indisunique, a.attname "
    "FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid "
    "JOIN pg_catalog.pg_class c ON c.oid = x.indrelid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) "
    "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
    "AND k.attnum > 0 "
    "WHERE " TABLES " AND " USER_SCHEMA " AND k.ord <= x.indnkeyatts AND NOT EXISTS ("
    "SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conindid = x.indexrelid "
    "AND con.conrelid = c.oid AND con.contype IN ('p', 'u', 'x')) "
    "ORDER BY n.nspname, c.relname, i.relname, k.ord";
static const char constraints_sql[] =
    "SELECT n.nspname, c.relname, con.conname, con.contype "
    "FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE " TABLES " AND " USER_SCHEMA " AND con.contype IN ('p', 'u', 'f', 'c') "
    "ORDER BY n.nspname, c.relname, con.conname";
static const char enums_sql[] =
    "SELECT n.nspname, t.typname FROM pg_catalog.pg_type t "
    "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
    "WHERE t.typtype = 'e' AND " USER_SCHEMA " ORDER BY n.nspname, t.typname";

/* The catalog's schema for NSPNAME: NULL for the connection's own. */
static const char *schema_of(const char *nspname, const char *current) {
    return current && strcmp(nspname, current) == 0 ? NULL : nspname;
}

static void add_tables(const mf_db_rows *rows, const char *current, const char *version_table,
                       const char *version_schema, mf_catalog *out) {
    const char *version_nsp = version_schema ? version_schema : current;
    mf_catalog_table *table = NULL;
    const char *nsp = NULL, *name = NULL;
    for (size_t r = 0; r < mf_db_rows_count(rows); r++) {
        const char *row_nsp = mf_db_cell(rows, r, 0), *row_name = mf_db_cell(rows, r, 1);
        if (strcmp(row_name, version_table) == 0 && version_nsp &&
            strcmp(row_nsp, version_nsp) == 0)
            continue;
        if (!name || strcmp(nsp, row_nsp) != 0 || strcmp(name, row_name) != 0) {
            table = mf_catalog_add_table(out, schema_of(row_nsp, current), row_name);
            nsp = row_nsp;
            name = row_name;
        }
        const char *column = mf_db_cell(rows, r, 2);
        if (!column) /* a table without columns */
            continue;
        const char *type = mf_db_cell(rows, r, 3);
        mf_catalog_add_column(out, table, column, type, mf_db_truthy(mf_db_cell(rows, r, 4)));
        mf_catalog_column *col = &table->columns.items[table->columns.len - 1];
        const char *typtype = mf_db_cell(rows, r, 5), *base = mf_db_cell(rows, r, 6);
        if (typtype && strcmp(typtype, "e") == 0)
            col->family = MF_TYPE_ENUM;
        else if (base)
            col->family = mf_type_family_of_sql(base);
    }
}

static void add_indexes(const mf_db_rows *rows, const char *current, mf_catalog *out) {
    size_t hint = 0;
    MF_VEC(const char *) columns = {0};
    size_t n = mf_db_rows_count(rows);
    for (size_t r = 0; r < n;) {
        size_t end = r + 1;
        while (end < n && strcmp(mf_db_cell(rows, end, 0), mf_db_cell(rows, r, 0)) == 0 &&
               strcmp(mf_db_cell(rows, end, 1), mf_db_cell(rows, r, 1)) == 0 &&
               strcmp(mf_db_cell(rows, end, 2), mf_db_cell(rows, r, 2)) == 0)
            end++;
        columns.len = 0;
        for (size_t k = r; k < end; k++)
            MF_VEC_PUSH(&columns, mf_db_cell(rows, k, 4));
        mf_catalog_table *t = mf_db_find_table(out, schema_of(mf_db_cell(rows, r, 0), current),
                                               mf_db_cell(rows, r, 1), &hint);
        if (t)
            mf_catalog_add_index(out, t, mf_db_cell(rows, r, 2),
                                 mf_db_truthy(mf_db_cell(rows, r, 3)), columns.items, columns.len);
        r = end;
    }
    MF_VEC_FREE(&columns);
}

static void add_constraints(const mf_db_rows *rows, const char *current, mf_catalog *out) {
    size_t hint = 0;
    for (size_t r = 0; r < mf_db_rows_count(rows); r++) {
        mf_catalog_table *t = mf_db_find_table(out, schema_of(mf_db_cell(rows, r, 0), current),
                                               mf_db_cell(rows, r, 1), &hint);
        const char *type = mf_db_cell(rows, r, 3);
        mf_constraint_kind kind = type[0] == 'p'   ? MF_CONSTRAINT_PRIMARY
                                  : type[0] == 'u' ? MF_CONSTRAINT_UNIQUE
                                  : type[0] == 'f' ? MF_CONSTRAINT_FOREIGN
                                                   : MF_CONSTRAINT_CHECK;
        if (t)
            mf_catalog_add_constraint(out, t, mf_db_cell(rows, r, 2), kind);
    }
}

static int pg_read_catalog(mf_db *db, const char *version_table, const char *version_schema,
                           mf_catalog *out, char **error) {
    enum { CURRENT, COLUMNS, INDEXES, CONSTRAINTS, ENUMS, NQUERIES };
    const char *const queries[NQUERIES] = {current_schema_sql, columns_sql, indexes_sql,
                                           constraints_sql, enums_sql};
    mf_db_rows rows[NQUERIES];
    memset(rows, 0, sizeof rows);
    int rc = 0;
    for (int q = 0; q < NQUERIES && rc == 0; q++)
        rc = pg_query(db, queries[q], &rows[q], error);
    if (rc == 0) {
        /* NULL when no schema of the search path exists: then every table
         * keeps its schema's name. */
        const char *current =
            mf_db_rows_count(&rows[CURRENT]) ? mf_db_cell(&rows[CURRENT], 0, 0) : NULL;
        add_tables(&rows[COLUMNS], current, version_table, version_schema, out);
        add_indexes(&rows[INDEXES], current, out);
        add_constraints(&rows[CONSTRAINTS], current, out);
        for (size_t r = 0; r < mf_db_rows_count(&rows[ENUMS]); r++)
            mf_catalog_add_type(out, schema_of(mf_db_cell(&rows[ENUMS], r, 0), current),
                                mf_db_cell(&rows[ENUMS], r, 1));
    }
    for (int q = 0; q < NQUERIES; q++)
        mf_db_rows_free(&rows[q]);
    return rc;
}

static void pg_close(mf_db *db) {
    pg_state *s = db->state;
    if (s && s->conn)
        s->finish(s->conn);
    free(s);
}

static const mf_db_client pg_client = {pg_query, pg_read_catalog, pg_close, "BEGIN"};

/* Notices (CREATE ... IF NOT EXISTS skipping) would go to stderr. */
static void ignore_notice(void *arg, const char *message) {
    (void)arg;
    (void)message;
}

/* The URL's query parameters that are libpq connection keywords; the others
 * belong to the Python driver (asyncpg's, SQLAlchemy's) and are left out. */
static const char *const libpq_keywords[] = {
    "sslmode",
    "sslcert",
    "sslkey",
    "sslrootcert",
    "sslcrl",
    "sslcrldir",
    "sslpassword",
    "sslcompression",
    "sslsni",
    "requiressl",
    "gssencmode",
    "channel_binding",
    "connect_timeout",
    "application_name",
    "fallback_application_name",
    "options",
    "target_session_attrs",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "service",
    "passfile",
    "client_encoding",
    "krbsrvname",
    "gsslib",
    "hostaddr",
    "load_balance_hosts",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "require_auth",
};

static bool is_libpq_keyword(const char *key) {
    for (size_t i = 0; i < sizeof libpq_keywords / sizeof libpq_keywords[0]; i++)
        if (strcmp(key, libpq_keywords[i]) == 0)
            return true;
    return false;
}

static void add_param(const char **keys, const char **values, size_t *n, const char *key,
                      const char *value) {
    if (value) {
        keys[*n] = key;
        values[(*n)++] = value;
    }
}

mf_db *mf_db_postgres_open(const mf_dburl *url, char **error) {
    static const char *const names[] = {"libpq.so.5"};
    void *lib = mf_db_load_library(names, 1, "libpq5", error);
    if (!lib)
        return NULL;
    pg_state *s = mf_xcalloc(1, sizeof *s);
    const mf_db_symbol symbols[] = {
        {"PQconnectdbParams", &s->connectdb_params},
        {"PQstatus", &s->status},
        {"PQerrorMessage", &s->error_message},
        {"PQfinish", &s->finish},
        {"PQexec", &s->exec},
        {"PQresultStatus", &s->result_status},
        {"PQresultErrorField", &s->result_error_field},
        {"PQntuples", &s->ntuples},
        {"PQnfields", &s->nfields},
        {"PQgetvalue", &s->getvalue},
        {"PQgetlength", &s->getlength},
        {"PQgetisnull", &s->getisnull},
        {"PQclear", &s->clear},
        {"PQsetNoticeProcessor", &s->set_notice_processor},
    };
    if (mf_db_bind(lib, names[0], symbols, sizeof symbols / sizeof symbols[0], error) < 0)
        goto fail;

    size_t cap = 8 + (size_t)url->nquery;
    const char **keys = mf_xcalloc(cap, sizeof *keys);
    const char **values = mf_xcalloc(cap, sizeof *values);
    char port[16];
    size_t n = 0;
    bool encoding = false;
    add_param(keys, values, &n, "host", url->socket ? url->socket : url->host);
    if (url->port) {
        snprintf(port, sizeof port, "%d", url->port);
        add_param(keys, values, &n, "port", port);
    }
    add_param(keys, values, &n, "dbname", url->database);
    add_param(keys, values, &n, "user", url->user);
    add_param(keys, values, &n, "password", url->password);
    for (int i = 0; i < url->nquery; i++)
        if (is_libpq_keyword(url->query_keys[i])) {
            add_param(keys, values, &n, url->query_keys[i], url->query_values[i]);
            encoding = encoding || strcmp(url->query_keys[i], "client_encoding") == 0;
        }
    if (!encoding)
        add_param(keys, values, &n, "client_encoding", "UTF8");
    /* expand_dbname 0: a database name is a name, never a connection string. */
    s->conn = s->connectdb_params(keys, values, 0);
    free(keys);
    free(values);
    if (!s->conn) {
        *error = mf_xstrdup("libpq could not allocate a connection");
        goto fail;
    }
    if (s->status(s->conn) != CONNECTION_OK) {
        *error = one_line(s->error_message(s->conn));
        goto fail;
    }
    s->set_notice_processor(s->conn, ignore_notice, NULL);
    return mf_db_new(&pg_client, lib, s);
fail:
    if (s->conn)
        s->finish(s->conn);
    free(s);
    dlclose(lib);
    return NULL;
}
