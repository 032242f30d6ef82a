/* MySQL and MariaDB through the MariaDB client library (or MySQL's), loaded at
 * run time, text protocol only; and their catalog: four queries over
 * information_schema (the database, tables with their columns, indexes,
 * constraints) in the connection's database. */
#include "db_client.h"
#include "sql.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct st_mysql MYSQL;
typedef struct st_mysql_res MYSQL_RES;
typedef char **MYSQL_ROW;

typedef struct {
    MYSQL *conn;
    bool mariadb; /* the server's kind, whatever the URL says */
    unsigned long version;
    MYSQL *(*init)(MYSQL *);
    MYSQL *(*real_connect)(MYSQL *, const char *, const char *, const char *, const char *,
                           unsigned int, const char *, unsigned long);
    int (*query)(MYSQL *, const char *);
    MYSQL_RES *(*store_result)(MYSQL *);
    MYSQL_ROW (*fetch_row)(MYSQL_RES *);
    unsigned long *(*fetch_lengths)(MYSQL_RES *);
    unsigned int (*num_fields)(MYSQL_RES *);
    unsigned int (*field_count)(MYSQL *);
    void (*free_result)(MYSQL_RES *);
    const char *(*error)(MYSQL *);
    void (*close)(MYSQL *);
    int (*set_character_set)(MYSQL *, const char *);
    const char *(*get_server_info)(MYSQL *);
    unsigned long (*get_server_version)(MYSQL *);
} mysql_state;

static int my_query(mf_db *db, const char *sql, mf_db_rows *rows, char **error) {
    mysql_state *s = db->state;
    db->queries++;
    if (s->query(s->conn, sql) != 0) {
        *error = mf_xstrdup(s->error(s->conn));
        return -1;
    }
    MYSQL_RES *res = s->store_result(s->conn);
    if (!res) {
        if (s->field_count(s->conn) != 0) { /* rows were due but did not come */
            *error = mf_xstrdup(s->error(s->conn));
            return -1;
        }
        return 0;
    }
    unsigned int ncols = s->num_fields(res);
    if (rows)
        rows->ncols = ncols;
    MYSQL_ROW row;
    while (rows && (row = s->fetch_row(res))) {
        unsigned long *lengths = s->fetch_lengths(res);
        for (unsigned int c = 0; c < ncols; c++)
            mf_db_rows_push(rows, row[c], row[c] ? lengths[c] : 0);
    }
    s->free_result(res);
    return 0;
}

/* ---- the catalog -------------------------------------------------------- */

static const char database_sql[] = "SELECT DATABASE()";
/* information_schema compares names without case, yet two tables may differ
 * in case only: names are joined and ordered byte-wise too (the plain
 * comparison stays for the server's lookup by name). */
#define SAME_NAME(a, b) a " = " b " AND CAST(" a " AS BINARY) = CAST(" b " AS BINARY)"
#define BYTES(a) "CAST(" a " AS BINARY)"
static const char columns_sql[] =
    "SELECT t.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE = 'YES' "
    "FROM information_schema.TABLES t LEFT JOIN information_schema.COLUMNS c "
    "ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND " SAME_NAME(
        "c.TABLE_NAME",
        "t.TABLE_NAME") " WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' "
                        "ORDER BY " BYTES("t.TABLE_NAME") ", c.ORDINAL_POSITION";
/* Not PRIMARY: a constraint. SUB_PART (a prefix length) does not make a
 * column an expression; a NULL COLUMN_NAME (MySQL 8's functional index)
 * does. The indexes of UNIQUE constraints are left out in add_indexes:
 * MariaDB 10.11 matches a correlated subquery on information_schema by name
 * without case, whatever the comparison says. */
static const char indexes_sql[] =
    "SELECT s.TABLE_NAME, s.INDEX_NAME, s.NON_UNIQUE = 0, s.COLUMN_NAME "
    "FROM information_schema.STATISTICS s WHERE s.TABLE_SCHEMA = DATABASE() "
    "AND s.INDEX_NAME <> 'PRIMARY' "
    "ORDER BY " BYTES("s.TABLE_NAME") ", " BYTES("s.INDEX_NAME") ", s.SEQ_IN_INDEX";
/* Keys from KEY_COLUMN_USAGE and checks from CHECK_CONSTRAINTS, not from
 * TABLE_CONSTRAINTS: MariaDB lists no constraint there to a user who may
 * only SELECT (10.11), where these two list them all. With each CHECK's
 * clause where the server has it: MariaDB keeps a JSON column as LONGTEXT
 * with a CHECK (json_valid(`col`)) named after it. */
#define KEYS_SQL                                                                                   \
    "SELECT DISTINCT k.TABLE_NAME AS t, k.CONSTRAINT_NAME AS n, "                                  \
    "CASE WHEN k.CONSTRAINT_NAME = 'PRIMARY' THEN 'PRIMARY KEY' "                                  \
    "WHEN k.REFERENCED_TABLE_NAME IS NOT NULL THEN 'FOREIGN KEY' ELSE 'UNIQUE' END AS k, "         \
    "NULL AS clause FROM information_schema.KEY_COLUMN_USAGE k "                                   \
    "WHERE k.TABLE_SCHEMA = DATABASE() "
static const char constraints_mariadb_sql[] =
    "SELECT * FROM (" KEYS_SQL "UNION ALL SELECT cc.TABLE_NAME, cc.CONSTRAINT_NAME, 'CHECK', "
    "cc.CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS cc "
    "WHERE cc.CONSTRAINT_SCHEMA = DATABASE()) c "
    "ORDER BY " BYTES("c.t") ", " BYTES("c.n");
static const char constraints_mysql_sql[] =
    "SELECT * FROM (" KEYS_SQL "UNION ALL SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, 'CHECK', NULL "
    "FROM information_schema.TABLE_CONSTRAINTS tc WHERE tc.TABLE_SCHEMA = DATABASE() "
    "AND tc.CONSTRAINT_TYPE = 'CHECK') c "
    "ORDER BY " BYTES("c.t") ", " BYTES("c.n");

/* Whether NAME is a UNIQUE constraint of T: information_schema makes every
 * unique index one, and locate counts it as that constraint, not an index. */
static bool unique_constraint(const mf_catalog_table *t, const char *name) {
    for (size_t i = 0; i < t->constraints.len; i++)
        if (t->constraints.items[i].kind == MF_CONSTRAINT_UNIQUE &&
            strcasecmp(t->constraints.items[i].name, name) == 0)
            return true;
    return false;
}

static void add_indexes(const mf_db_rows *rows, mf_catalog *out) {
    size_t hint = 0;
    MF_VEC(const char *) columns = {0};
    size_t n = mf_db_rows_count(rows);
    for (size_t r = 0; r < n;) {
        size_t end = r + 1;
        while (end < n && strcmp(mf_db_cell(rows, end, 0), mf_db_cell(rows, r, 0)) == 0 &&
               strcmp(mf_db_cell(rows, end, 1), mf_db_cell(rows, r, 1)) == 0)
            end++;
        columns.len = 0;
        for (size_t k = r; k < end; k++)
            MF_VEC_PUSH(&columns, mf_db_cell(rows, k, 3));
        mf_catalog_table *t = mf_db_find_table(out, NULL, mf_db_cell(rows, r, 0), &hint);
        if (t && !unique_constraint(t, mf_db_cell(rows, r, 1)))
            mf_catalog_add_index(out, t, mf_db_cell(rows, r, 1),
                                 mf_db_truthy(mf_db_cell(rows, r, 2)), columns.items, columns.len);
        r = end;
    }
    MF_VEC_FREE(&columns);
}

/* MariaDB's JSON: the CHECK (json_valid(`NAME`)) on a LONGTEXT column NAME
 * makes the column JSON, and is no constraint of the model's. */
static bool json_check(mf_catalog_table *t, const char *name, const char *clause) {
    if (!clause || strncmp(clause, "json_valid(`", 12) != 0)
        return false;
    size_t len = strlen(name);
    if (strncmp(clause + 12, name, len) != 0 || strcmp(clause + 12 + len, "`)") != 0)
        return false;
    for (size_t i = 0; i < t->columns.len; i++)
        if (strcmp(t->columns.items[i].name, name) == 0 &&
            t->columns.items[i].family == MF_TYPE_TEXT) {
            t->columns.items[i].family = MF_TYPE_JSON;
            return true;
        }
    return false;
}

static void add_constraints(const mf_db_rows *rows, mf_catalog *out) {
    size_t hint = 0;
    for (size_t r = 0; r < mf_db_rows_count(rows); r++) {
        mf_catalog_table *t = mf_db_find_table(out, NULL, mf_db_cell(rows, r, 0), &hint);
        const char *name = mf_db_cell(rows, r, 1), *type = mf_db_cell(rows, r, 2);
        if (!t || !type)
            continue;
        mf_constraint_kind kind;
        if (strcmp(type, "PRIMARY KEY") == 0)
            kind = MF_CONSTRAINT_PRIMARY;
        else if (strcmp(type, "UNIQUE") == 0)
            kind = MF_CONSTRAINT_UNIQUE;
        else if (strcmp(type, "FOREIGN KEY") == 0)
            kind = MF_CONSTRAINT_FOREIGN;
        else if (strcmp(type, "CHECK") == 0)
            kind = MF_CONSTRAINT_CHECK;
        else
            continue;
        if (kind == MF_CONSTRAINT_CHECK && json_check(t, name, mf_db_cell(rows, r, 3)))
            continue;
        mf_catalog_add_constraint(out, t, name, kind);
    }
}

static int my_read_catalog(mf_db *db, const char *version_table, const char *version_schema,
                           mf_catalog *out, char **error) {
    mysql_state *s = db->state;
    enum { DATABASE, COLUMNS, INDEXES, CONSTRAINTS, NQUERIES };
    /* CHECK_CONSTRAINTS exists from MariaDB 10.2.22 and MySQL 8.0.16, with
     * TABLE_NAME on MariaDB only; JSON is a type of its own on MySQL. */
    const char *const queries[NQUERIES] = {
        database_sql, columns_sql, indexes_sql,
        s->mariadb && s->version >= 100222 ? constraints_mariadb_sql : constraints_mysql_sql};
    mf_db_rows rows[NQUERIES];
    memset(rows, 0, sizeof rows);
    int rc = 0;
    for (int q = 0; q < NQUERIES && rc == 0; q++)
        rc = my_query(db, queries[q], &rows[q], error);
    const char *database =
        rc == 0 && mf_db_rows_count(&rows[DATABASE]) ? mf_db_cell(&rows[DATABASE], 0, 0) : NULL;
    if (rc == 0 && !database) {
        *error = mf_xstrdup("the database URL names no database (mysql://user@host/DATABASE)");
        rc = -1;
    }
    if (rc == 0) {
        bool skip_version = !version_schema || strcmp(version_schema, database) == 0;
        mf_db_add_tables(&rows[COLUMNS], version_table, skip_version, out);
        add_constraints(&rows[CONSTRAINTS], out);
        add_indexes(&rows[INDEXES], out);
    }
    for (int q = 0; q < NQUERIES; q++)
        mf_db_rows_free(&rows[q]);
    return rc;
}

static void my_close(mf_db *db) {
    mysql_state *s = db->state;
    if (s && s->conn)
        s->close(s->conn);
    free(s);
}

static const mf_db_client mysql_client = {my_query, my_read_catalog, my_close, "START TRANSACTION"};

mf_db *mf_db_mysql_open(const mf_dburl *url, char **error) {
    static const char *const names[] = {"libmariadb.so.3", "libmysqlclient.so.21"};
    void *lib = mf_db_load_library(names, 2, "libmariadb3", error);
    if (!lib)
        return NULL;
    mysql_state *s = mf_xcalloc(1, sizeof *s);
    const mf_db_symbol symbols[] = {
        {"mysql_init", &s->init},
        {"mysql_real_connect", &s->real_connect},
        {"mysql_query", &s->query},
        {"mysql_store_result", &s->store_result},
        {"mysql_fetch_row", &s->fetch_row},
        {"mysql_fetch_lengths", &s->fetch_lengths},
        {"mysql_num_fields", &s->num_fields},
        {"mysql_field_count", &s->field_count},
        {"mysql_free_result", &s->free_result},
        {"mysql_error", &s->error},
        {"mysql_close", &s->close},
        {"mysql_set_character_set", &s->set_character_set},
        {"mysql_get_server_info", &s->get_server_info},
        {"mysql_get_server_version", &s->get_server_version},
    };
    if (mf_db_bind(lib, names[0], symbols, sizeof symbols / sizeof symbols[0], error) < 0)
        goto fail;
    s->conn = s->init(NULL);
    if (!s->conn) {
        *error = mf_xstrdup("the MySQL client library could not allocate a connection");
        goto fail;
    }
    const char *charset = "utf8mb4";
    for (int i = 0; i < url->nquery; i++)
        if (strcmp(url->query_keys[i], "charset") == 0)
            charset = url->query_values[i];
    if (!s->real_connect(s->conn, url->host, url->user, url->password ? url->password : "",
                         url->database, (unsigned int)url->port, url->socket, 0) ||
        s->set_character_set(s->conn, charset) != 0) {
        *error = mf_xstrdup(s->error(s->conn));
        goto fail;
    }
    const char *info = s->get_server_info(s->conn);
    s->mariadb = info && strstr(info, "MariaDB");
    s->version = s->get_server_version(s->conn);
    return mf_db_new(&mysql_client, lib, s);
fail:
    if (s->conn)
        s->close(s->conn);
    free(s);
    dlclose(lib);
    return NULL;
}
