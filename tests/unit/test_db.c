/* The database layer of `migfix locate`: SQLAlchemy URLs (each form, decoding,
 * the password never shown), type families per dialect, SQLite's CREATE TABLE
 * constraint scan, and a real round trip (make a schema, read its catalog,
 * stamp, read again) on a SQLite file; on PostgreSQL and MariaDB too when
 * MIGFIX_PG_URL / MIGFIX_MARIADB_URL name servers (tests/e2e/with_*.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "catalog.h"
#include "db.h"
#include "db_client.h"
#include "dburl.h"
#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- URLs ----------------------------------------------------------------- */

typedef struct {
    const char *text;
    int dialect;
    const char *driver, *user, *password, *host;
    int port;
    const char *database, *socket;
    const char *key, *value; /* the first other query parameter, or NULL */
    const char *display;
} url_case;

static const url_case url_cases[] = {
    {"postgresql://u:s3cr@h:5432/db", MF_DIALECT_POSTGRESQL, NULL, "u", "s3cr", "h", 5432, "db",
     NULL, NULL, NULL, "postgresql://u:***@h:5432/db"},
    {"postgresql+psycopg2://scott:tiger@db.example.com/app", MF_DIALECT_POSTGRESQL, "psycopg2",
     "scott", "tiger", "db.example.com", 0, "app", NULL, NULL, NULL,
     "postgresql+psycopg2://scott:***@db.example.com/app"},
    {"postgresql+asyncpg://u@localhost/db?ssl=require", MF_DIALECT_POSTGRESQL, "asyncpg", "u", NULL,
     "localhost", 0, "db", NULL, "ssl", "require",
     "postgresql+asyncpg://u@localhost/db?ssl=require"},
    {"postgres://u:s3cr@h/db", MF_DIALECT_POSTGRESQL, NULL, "u", "s3cr", "h", 0, "db", NULL, NULL,
     NULL, "postgresql://u:***@h/db"},
    {"postgresql://u@/db?host=/var/run/postgresql", MF_DIALECT_POSTGRESQL, NULL, "u", NULL, NULL, 0,
     "db", "/var/run/postgresql", NULL, NULL, "postgresql://u@/db?host=/var/run/postgresql"},
    {"postgresql://u@/db?host=db.internal&sslmode=require", MF_DIALECT_POSTGRESQL, NULL, "u", NULL,
     "db.internal", 0, "db", NULL, "sslmode", "require",
     "postgresql://u@db.internal/db?sslmode=require"},
    {"mysql+pymysql://u:s3cr@h/db?charset=utf8mb4", MF_DIALECT_MYSQL, "pymysql", "u", "s3cr", "h",
     0, "db", NULL, "charset", "utf8mb4", "mysql+pymysql://u:***@h/db?charset=utf8mb4"},
    {"mariadb+mariadbconnector://u:s3cr@127.0.0.1:3307/db", MF_DIALECT_MARIADB, "mariadbconnector",
     "u", "s3cr", "127.0.0.1", 3307, "db", NULL, NULL, NULL,
     "mariadb+mariadbconnector://u:***@127.0.0.1:3307/db"},
    {"mysql://u@/db?unix_socket=/run/mysqld/mysqld.sock", MF_DIALECT_MYSQL, NULL, "u", NULL, NULL,
     0, "db", "/run/mysqld/mysqld.sock", NULL, NULL,
     "mysql://u@/db?unix_socket=/run/mysqld/mysqld.sock"},
    {"sqlite:///relative.db", MF_DIALECT_SQLITE, NULL, NULL, NULL, NULL, 0, "relative.db", NULL,
     NULL, NULL, "sqlite:///relative.db"},
    {"sqlite:////abs/path.db", MF_DIALECT_SQLITE, NULL, NULL, NULL, NULL, 0, "/abs/path.db", NULL,
     NULL, NULL, "sqlite:////abs/path.db"},
    {"sqlite+pysqlite:///app.db", MF_DIALECT_SQLITE, "pysqlite", NULL, NULL, NULL, 0, "app.db",
     NULL, NULL, NULL, "sqlite+pysqlite:///app.db"},
    {"sqlite://", MF_DIALECT_SQLITE, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL,
     "sqlite://"},
    {"sqlite:///:memory:", MF_DIALECT_SQLITE, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL,
     "sqlite://"},
    /* Percent-escapes: user, password, database and query values. */
    {"postgresql://us%40er:p%40ss%2Fw%3Ard@h/my%20db?application_name=my+app%21",
     MF_DIALECT_POSTGRESQL, NULL, "us@er", "p@ss/w:rd", "h", 0, "my db", NULL, "application_name",
     "my app!", "postgresql://us%40er:***@h/my db?application_name=my%20app!"},
    /* An unescaped '/' or ':' in the password: it runs to the first '@'. */
    {"mysql://u:pa/ss:w@h/db", MF_DIALECT_MYSQL, NULL, "u", "pa/ss:w", "h", 0, "db", NULL, NULL,
     NULL, "mysql://u:***@h/db"},
    {"postgresql://u:s3cr@[::1]:5433/db", MF_DIALECT_POSTGRESQL, NULL, "u", "s3cr", "::1", 5433,
     "db", NULL, NULL, NULL, "postgresql://u:***@[::1]:5433/db"},
    {"postgresql://[2001:db8::7]/db", MF_DIALECT_POSTGRESQL, NULL, NULL, NULL, "2001:db8::7", 0,
     "db", NULL, NULL, NULL, "postgresql://[2001:db8::7]/db"},
    {"mysql://h", MF_DIALECT_MYSQL, NULL, NULL, NULL, "h", 0, NULL, NULL, NULL, NULL, "mysql://h"},
};

static void assert_same(const char *got, const char *want) {
    if (!want)
        assert_null(got);
    else {
        assert_non_null(got);
        assert_string_equal(got, want);
    }
}

static void test_url_forms(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof url_cases / sizeof url_cases[0]; i++) {
        const url_case *c = &url_cases[i];
        mf_dburl url;
        char *error = NULL;
        if (mf_dburl_parse(c->text, &url, &error) != 0)
            fail_msg("%s: %s", c->text, error);
        assert_null(error);
        assert_int_equal(url.dialect, c->dialect);
        assert_same(url.driver, c->driver);
        assert_same(url.user, c->user);
        assert_same(url.password, c->password);
        assert_same(url.host, c->host);
        assert_int_equal(url.port, c->port);
        assert_same(url.database, c->database);
        assert_same(url.socket, c->socket);
        if (c->key) {
            assert_true(url.nquery >= 1);
            assert_string_equal(url.query_keys[0], c->key);
            assert_string_equal(url.query_values[0], c->value);
        } else {
            assert_int_equal(url.nquery, 0);
        }
        char *shown = mf_dburl_display(&url);
        if (strcmp(shown, c->display) != 0)
            fail_msg("%s: displayed as %s, not %s", c->text, shown, c->display);
        if (c->password)
            assert_null(strstr(shown, c->password));
        free(shown);
        mf_dburl_free(&url);
    }
}

static void test_bad_urls(void **state) {
    (void)state;
    static const struct {
        const char *text, *message; /* a part of the error */
    } bad[] = {
        {"oracle://scott:hunter2@h/db", "unsupported database 'oracle'"},
        {"mssql+pyodbc://u:hunter2@dsn", "unsupported database 'mssql'"},
        {"driver://user:hunter2@localhost/dbname", "unsupported database 'driver'"},
        {"u:hunter2@h/db", "not a database URL"},
        {"", "not a database URL"},
        {"://u:hunter2@h/db", "not a database URL"},
        {"post gres://u:hunter2@h/db", "not a database URL"},
        {"postgresql://u:hunter2@h:54x32/db", "port"},
        {"postgresql://u:hunter2@h:99999/db", "port"},
        {"postgresql://u:hunter2@h:0/db", "port"},
        {"postgresql://u:hunter2@[::1/db", "IPv6"},
        {"postgresql://u:hunter2@[::1]x/db", "unexpected"},
        {"sqlite://u:hunter2@host/file.db", "names a file"},
        {"sqlite://host/file.db", "names a file"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mf_dburl url;
        char *error = NULL;
        assert_int_equal(mf_dburl_parse(bad[i].text, &url, &error), -1);
        assert_non_null(error);
        if (!strstr(error, bad[i].message))
            fail_msg("%s: error '%s' lacks '%s'", bad[i].text, error, bad[i].message);
        assert_null(strstr(error, "hunter2"));
        /* A failed parse leaves nothing to free, and freeing is harmless. */
        assert_null(url.user);
        assert_null(url.password);
        mf_dburl_free(&url);
        free(error);
    }
}

/* ---- type families -------------------------------------------------------- */

static void test_type_families(void **state) {
    (void)state;
    static const struct {
        const char *type;
        mf_type_family family;
    } cases[] = {
        /* PostgreSQL, as format_type and information_schema spell them */
        {"integer", MF_TYPE_INTEGER},
        {"bigint", MF_TYPE_INTEGER},
        {"smallint", MF_TYPE_INTEGER},
        {"character varying(40)", MF_TYPE_STRING},
        {"character varying", MF_TYPE_STRING},
        {"character(1)", MF_TYPE_STRING},
        {"text", MF_TYPE_TEXT},
        {"boolean", MF_TYPE_BOOLEAN},
        {"numeric(10,2)", MF_TYPE_NUMERIC},
        {"double precision", MF_TYPE_FLOAT},
        {"real", MF_TYPE_FLOAT},
        {"timestamp without time zone", MF_TYPE_DATETIME},
        {"timestamp(6) with time zone", MF_TYPE_DATETIME},
        {"date", MF_TYPE_DATE},
        {"time without time zone", MF_TYPE_TIME},
        {"interval", MF_TYPE_INTERVAL},
        {"interval day to second", MF_TYPE_INTERVAL},
        {"bytea", MF_TYPE_BINARY},
        {"json", MF_TYPE_JSON},
        {"jsonb", MF_TYPE_JSON},
        {"uuid", MF_TYPE_UUID},
        {"USER-DEFINED", MF_TYPE_UNKNOWN},
        {"integer[]", MF_TYPE_UNKNOWN},
        {"point", MF_TYPE_UNKNOWN},
        {"tsvector", MF_TYPE_UNKNOWN},
        /* MySQL and MariaDB COLUMN_TYPE */
        {"tinyint(1)", MF_TYPE_BOOLEAN},
        {"tinyint(4)", MF_TYPE_INTEGER},
        {"tinyint", MF_TYPE_INTEGER},
        {"int(11)", MF_TYPE_INTEGER},
        {"bigint(20) unsigned", MF_TYPE_INTEGER},
        {"int unsigned zerofill", MF_TYPE_INTEGER},
        {"enum('a','b')", MF_TYPE_ENUM},
        {"enum('x(y)','b')", MF_TYPE_ENUM},
        {"enum('a)','b''c')", MF_TYPE_ENUM},
        {"longtext", MF_TYPE_TEXT},
        {"mediumtext", MF_TYPE_TEXT},
        {"datetime(6)", MF_TYPE_DATETIME},
        {"timestamp", MF_TYPE_DATETIME},
        {"varchar(255)", MF_TYPE_STRING},
        {"decimal(10,2)", MF_TYPE_NUMERIC},
        {"double", MF_TYPE_FLOAT},
        {"varbinary(16)", MF_TYPE_BINARY},
        {"binary(16)", MF_TYPE_BINARY},
        {"longblob", MF_TYPE_BINARY},
        {"set('a','b')", MF_TYPE_UNKNOWN},
        {"year", MF_TYPE_UNKNOWN},
        /* SQLite declared types */
        {"VARCHAR(50)", MF_TYPE_STRING},
        {"BOOLEAN", MF_TYPE_BOOLEAN},
        {"DATETIME", MF_TYPE_DATETIME},
        {"INTEGER", MF_TYPE_INTEGER},
        {"TEXT", MF_TYPE_TEXT},
        {"CHAR(32)", MF_TYPE_STRING},
        {"NUMERIC(10, 2)", MF_TYPE_NUMERIC},
        {"JSON", MF_TYPE_JSON},
        {"BLOB", MF_TYPE_BINARY},
        {"FLOAT", MF_TYPE_FLOAT},
        {"NVARCHAR(20)", MF_TYPE_STRING},
        {"  Double   Precision ", MF_TYPE_FLOAT},
        {"", MF_TYPE_UNKNOWN},
        {"GEOMETRY", MF_TYPE_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (mf_type_family_of_sql(cases[i].type) != cases[i].family)
            fail_msg("'%s' is %s, not %s", cases[i].type,
                     mf_type_family_name(mf_type_family_of_sql(cases[i].type)),
                     mf_type_family_name(cases[i].family));
    assert_string_equal(mf_type_family_name(MF_TYPE_INTEGER), "integer");
    assert_string_equal(mf_type_family_name(MF_TYPE_ENUM), "enum");
    assert_string_equal(mf_type_family_name(MF_TYPE_UNKNOWN), "unknown");
}

/* ---- helpers of the layer ------------------------------------------------- */

static void test_scrub_and_quoting(void **state) {
    (void)state;
    char *s = mf_db_scrub("user 'secret' failed: secret!", "secret");
    assert_string_equal(s, "user '***' failed: ***!");
    free(s);
    s = mf_db_scrub("nothing here", "");
    assert_string_equal(s, "nothing here");
    free(s);
    s = mf_db_scrub("nothing here", NULL);
    assert_string_equal(s, "nothing here");
    free(s);

    mf_buf b = {0};
    mf_db_put_literal(&b, MF_DIALECT_POSTGRESQL, "it's a\\b");
    mf_buf_putc(&b, ' ');
    mf_db_put_literal(&b, MF_DIALECT_SQLITE, "it's a\\b");
    mf_buf_putc(&b, ' ');
    mf_db_put_literal(&b, MF_DIALECT_MYSQL, "it's a\\b");
    mf_buf_putc(&b, ' ');
    mf_db_put_identifier(&b, MF_DIALECT_POSTGRESQL, "we\"ird");
    mf_buf_putc(&b, ' ');
    mf_db_put_identifier(&b, MF_DIALECT_MARIADB, "we`ird");
    assert_string_equal(b.data,
                        "E'it''s a\\\\b' 'it''s a\\b' 'it''s a\\\\b' \"we\"\"ird\" `we``ird`");
    mf_buf_free(&b);
}

static void test_missing_library(void **state) {
    (void)state;
    static const char *const names[] = {"libmigfix-nonexistent.so.9", "libalso-missing.so.1"};
    char *error = NULL;
    void *lib = mf_db_load_library(names, 2, "libmigfix-nonexistent9", &error);
    assert_null(lib);
    assert_non_null(error);
    assert_non_null(strstr(error, "cannot load libmigfix-nonexistent.so.9 (Debian package "
                                  "libmigfix-nonexistent9): "));
    free(error);
}

/* The constraint scan of SQLite's CREATE TABLE texts. */
static void test_sqlite_constraint_scan(void **state) {
    (void)state;
    mf_arena arena = {0};
    mf_sqlite_constraints out = {0};
    mf_sqlite_scan_constraints(
        "CREATE TABLE \"we ird\" ( -- a comment, with (parens\n"
        "  id INTEGER NOT NULL CONSTRAINT \"pk id\" PRIMARY KEY AUTOINCREMENT,\n"
        "  a TEXT DEFAULT ('x, y') CONSTRAINT nn NOT NULL UNIQUE /* unique, */,\n"
        "  [b c] INT CONSTRAINT fk_b REFERENCES other (id) ON DELETE SET NULL,\n"
        "  d REAL CHECK (d > (0)) CONSTRAINT ck_d CHECK (d < 10),\n"
        "  `check` TEXT,\n"
        "  CONSTRAINT uq_ab UNIQUE (a COLLATE NOCASE, \"b c\"),\n"
        "  UNIQUE (lower(a), d),\n"
        "  FOREIGN KEY (d, a) REFERENCES \"other\" (x, y),\n"
        "  CONSTRAINT 'ck all' CHECK (a <> 'CONSTRAINT x UNIQUE (a)')\n"
        ") WITHOUT ROWID",
        &arena, &out);
    static const struct {
        mf_constraint_kind kind;
        const char *name, *columns, *ref; /* columns joined by ',', '?' an expression */
    } want[] = {
        {MF_CONSTRAINT_PRIMARY, "pk id", "id", NULL},
        {MF_CONSTRAINT_UNIQUE, NULL, "a", NULL},
        {MF_CONSTRAINT_FOREIGN, "fk_b", "b c", "other"},
        {MF_CONSTRAINT_CHECK, NULL, "", NULL},
        {MF_CONSTRAINT_CHECK, "ck_d", "", NULL},
        {MF_CONSTRAINT_UNIQUE, "uq_ab", "a,b c", NULL},
        {MF_CONSTRAINT_UNIQUE, NULL, "?,d", NULL},
        {MF_CONSTRAINT_FOREIGN, NULL, "d,a", "other"},
        {MF_CONSTRAINT_CHECK, "ck all", "", NULL},
    };
    assert_int_equal(out.len, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < out.len; i++) {
        const mf_sqlite_constraint *c = &out.items[i];
        assert_int_equal(c->kind, want[i].kind);
        assert_same(c->name, want[i].name);
        assert_same(c->ref_table, want[i].ref);
        mf_buf cols = {0};
        mf_buf_puts(&cols, "");
        for (size_t k = 0; k < c->ncolumns; k++)
            mf_buf_printf(&cols, "%s%s", k ? "," : "", c->columns[k] ? c->columns[k] : "?");
        if (strcmp(cols.data, want[i].columns) != 0)
            fail_msg("constraint %zu: columns %s, not %s", i, cols.data, want[i].columns);
        mf_buf_free(&cols);
    }
    out.len = 0;
    mf_sqlite_scan_constraints("CREATE TABLE t AS SELECT 1 AS x", &arena, &out);
    assert_int_equal(out.len, 0);
    MF_VEC_FREE(&out);
    mf_arena_free(&arena);
}

/* ---- the round trip --------------------------------------------------------- */

static const mf_catalog_table *table_of(const mf_catalog *c, const char *schema, const char *name) {
    for (size_t i = 0; i < c->tables.len; i++) {
        const mf_catalog_table *t = &c->tables.items[i];
        if (strcmp(t->name, name) == 0 &&
            (schema ? t->schema && strcmp(t->schema, schema) == 0 : !t->schema))
            return t;
    }
    return NULL;
}

static void assert_column(const mf_catalog_table *t, const char *name, mf_type_family family,
                          bool nullable) {
    for (size_t i = 0; i < t->columns.len; i++) {
        const mf_catalog_column *c = &t->columns.items[i];
        if (strcmp(c->name, name) != 0)
            continue;
        if (c->family != family)
            fail_msg("%s.%s (%s) is %s, not %s", t->name, name, c->type,
                     mf_type_family_name(c->family), mf_type_family_name(family));
        if (c->nullable != nullable)
            fail_msg("%s.%s nullable is %d", t->name, name, c->nullable);
        return;
    }
    fail_msg("%s has no column %s", t->name, name);
}

static const mf_catalog_index *index_of(const mf_catalog_table *t, const char *name) {
    for (size_t i = 0; i < t->indexes.len; i++)
        if (strcmp(t->indexes.items[i].name, name) == 0)
            return &t->indexes.items[i];
    return NULL;
}

/* INDEX over COLUMNS ("a,b"; '?' an expression). */
static void assert_index(const mf_catalog_table *t, const char *name, bool unique,
                         const char *columns) {
    const mf_catalog_index *ix = index_of(t, name);
    if (!ix)
        fail_msg("%s has no index %s", t->name, name);
    assert_int_equal(ix->unique, unique);
    mf_buf b = {0};
    mf_buf_puts(&b, "");
    for (size_t i = 0; i < ix->ncolumns; i++)
        mf_buf_printf(&b, "%s%s", i ? "," : "", ix->columns[i] ? ix->columns[i] : "?");
    if (strcmp(b.data, columns) != 0)
        fail_msg("index %s is over %s, not %s", name, b.data, columns);
    mf_buf_free(&b);
}

static size_t count_constraints(const mf_catalog_table *t, mf_constraint_kind kind) {
    size_t n = 0;
    for (size_t i = 0; i < t->constraints.len; i++)
        n += t->constraints.items[i].kind == kind;
    return n;
}

static bool has_constraint(const mf_catalog_table *t, const char *name, mf_constraint_kind kind) {
    for (size_t i = 0; i < t->constraints.len; i++) {
        const mf_catalog_constraint *c = &t->constraints.items[i];
        if (c->kind == kind && (name ? c->name && strcmp(c->name, name) == 0 : !c->name))
            return true;
    }
    return false;
}

static bool has_version(const mf_catalog *c, const char *revision) {
    for (size_t i = 0; i < c->versions.len; i++)
        if (strcmp(c->versions.items[i], revision) == 0)
            return true;
    return false;
}

/* The number of rows SQL returns, through the client directly. */
static size_t count_rows(mf_db *db, const char *sql) {
    mf_db_rows rows = {0};
    char *error = NULL;
    if (db->client->query(db, sql, &rows, &error) != 0)
        fail_msg("%s: %s", sql, error);
    size_t n = mf_db_rows_count(&rows);
    mf_db_rows_free(&rows);
    return n;
}

static mf_db *connect_or_fail(const mf_dburl *url) {
    char *error = NULL;
    mf_db *db = mf_db_connect(url, &error);
    if (!db)
        fail_msg("cannot connect: %s", error);
    return db;
}

static void exec_all(mf_db *db, const char *const *statements) {
    for (; *statements; statements++) {
        char *error = NULL;
        if (mf_db_exec(db, *statements, &error) != 0)
            fail_msg("%s: %s", *statements, error);
    }
}

static void read_or_fail(mf_db *db, mf_catalog *catalog) {
    char *error = NULL;
    if (mf_db_read_catalog(db, "alembic_version", NULL, catalog, &error) != 0)
        fail_msg("reading the catalog: %s", error);
}

static void stamp_or_fail(mf_db *db, const char *const *revisions, size_t n) {
    char *error = NULL;
    if (mf_db_stamp(db, "alembic_version", NULL, revisions, n, &error) != 0)
        fail_msg("stamping: %s", error);
}

/* The schema every dialect builds (its own spelling in the DDL), then what
 * all of them must report the same. */
static void check_common(const mf_catalog *c, int dialect) {
    bool mysql = dialect == MF_DIALECT_MYSQL || dialect == MF_DIALECT_MARIADB;
    const mf_catalog_table *authors = table_of(c, NULL, "authors");
    const mf_catalog_table *books = table_of(c, NULL, "books");
    assert_non_null(authors);
    assert_non_null(books);
    assert_null(table_of(c, NULL, "v_books"));
    assert_null(table_of(c, NULL, "alembic_version"));

    assert_int_equal(authors->columns.len, 3);
    assert_column(authors, "id", MF_TYPE_INTEGER, false);
    assert_column(authors, "name", MF_TYPE_STRING, false);
    assert_column(authors, "email", MF_TYPE_STRING, true);
    assert_int_equal(authors->indexes.len, 0);
    assert_int_equal(count_constraints(authors, MF_CONSTRAINT_PRIMARY), 1);
    assert_true(has_constraint(authors, mysql ? "PRIMARY" : "pk_authors", MF_CONSTRAINT_PRIMARY));
    assert_int_equal(count_constraints(authors, MF_CONSTRAINT_UNIQUE), 1);
    assert_true(has_constraint(authors, "uq_authors_email", MF_CONSTRAINT_UNIQUE));
    assert_int_equal(authors->constraints.len, 2);

    assert_column(books, "id", MF_TYPE_INTEGER, false);
    assert_column(books, "author_id", MF_TYPE_INTEGER, true);
    assert_column(books, "price", MF_TYPE_NUMERIC, true);
    assert_column(books, "published", MF_TYPE_DATETIME, true);
    assert_column(books, "active", MF_TYPE_BOOLEAN, true);
    assert_column(books, "isbn", MF_TYPE_STRING, true);
    assert_column(books, "data", MF_TYPE_JSON, true);
    assert_column(books, "cover", MF_TYPE_BINARY, true);
    assert_column(books, "title", mysql ? MF_TYPE_STRING : MF_TYPE_TEXT, false);
    assert_int_equal(count_constraints(books, MF_CONSTRAINT_PRIMARY), 1);
    assert_int_equal(count_constraints(books, MF_CONSTRAINT_FOREIGN), 1);
    assert_true(has_constraint(books, "fk_books_author", MF_CONSTRAINT_FOREIGN));
    assert_int_equal(count_constraints(books, MF_CONSTRAINT_CHECK), 2);
    assert_true(has_constraint(books, "ck_books_title", MF_CONSTRAINT_CHECK));
    assert_index(books, "ix_books_title", false, "title");
    if (mysql) {
        /* information_schema makes every unique index a UNIQUE constraint */
        assert_null(index_of(books, "ux_books_author_title"));
        assert_true(has_constraint(books, "ux_books_author_title", MF_CONSTRAINT_UNIQUE));
        assert_int_equal(count_constraints(books, MF_CONSTRAINT_UNIQUE), 2);
    } else {
        assert_index(books, "ux_books_author_title", true, "author_id,title");
        assert_index(books, "ix_books_lower", false, "?");
        assert_int_equal(count_constraints(books, MF_CONSTRAINT_UNIQUE), 1);
        assert_int_equal(books->indexes.len, 3);
    }
}

/* Stamps and reads back: the table is made when absent, replaced after, never
 * listed among the tables; a revision with a quote is a literal. */
static void check_stamps(mf_db *db, size_t ntables) {
    mf_catalog c;
    read_or_fail(db, &c);
    assert_false(c.has_version_table);
    assert_int_equal(c.versions.len, 0);
    mf_catalog_free(&c);

    const char *one[] = {"abc123"};
    stamp_or_fail(db, one, 1);
    read_or_fail(db, &c);
    assert_true(c.has_version_table);
    assert_int_equal(c.versions.len, 1);
    assert_string_equal(c.versions.items[0], "abc123");
    assert_int_equal(c.tables.len, ntables);
    mf_catalog_free(&c);

    const char *two[] = {"r1", "r'2\\x"};
    stamp_or_fail(db, two, 2);
    read_or_fail(db, &c);
    assert_int_equal(c.versions.len, 2);
    assert_true(has_version(&c, "r1"));
    assert_true(has_version(&c, "r'2\\x"));
    assert_int_equal(c.tables.len, ntables);
    mf_catalog_free(&c);

    stamp_or_fail(db, NULL, 0);
    read_or_fail(db, &c);
    assert_true(c.has_version_table);
    assert_int_equal(c.versions.len, 0);
    mf_catalog_free(&c);

    /* Back to one revision, for the caller's checks. */
    stamp_or_fail(db, one, 1);
}

static void test_sqlite_round_trip(void **state) {
    (void)state;
    char path[] = "/tmp/migfix-test-db.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char text[128];
    snprintf(text, sizeof text, "sqlite:///%s", path);
    mf_dburl url;
    char *error = NULL;
    assert_int_equal(mf_dburl_parse(text, &url, &error), 0);
    assert_string_equal(url.database, path);
    mf_db *db = connect_or_fail(&url);
    static const char *const ddl[] = {
        "CREATE TABLE authors (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL, "
        "email VARCHAR(120), CONSTRAINT pk_authors PRIMARY KEY (id), "
        "CONSTRAINT uq_authors_email UNIQUE (email))",
        "CREATE TABLE books (id INTEGER NOT NULL PRIMARY KEY, "
        "author_id INTEGER CONSTRAINT fk_books_author REFERENCES authors (id), "
        "title TEXT NOT NULL, price NUMERIC(10, 2), published DATETIME, active BOOLEAN, "
        "isbn CHAR(13) UNIQUE, data JSON, cover BLOB, CHECK (price >= 0), "
        "CONSTRAINT ck_books_title CHECK (length(title) > 0))",
        "CREATE INDEX ix_books_title ON books (title)",
        "CREATE UNIQUE INDEX ux_books_author_title ON books (author_id, title)",
        "CREATE INDEX ix_books_lower ON books (lower(title))",
        "CREATE VIEW v_books AS SELECT id FROM books",
        NULL,
    };
    exec_all(db, ddl);
    mf_catalog c;
    read_or_fail(db, &c);
    assert_int_equal(c.dialect, MF_DIALECT_SQLITE);
    assert_int_equal(c.tables.len, 2);
    assert_int_equal(c.types.len, 0);
    check_common(&c, MF_DIALECT_SQLITE);
    const mf_catalog_table *books = table_of(&c, NULL, "books");
    /* SQLite names none of these itself */
    assert_true(has_constraint(books, NULL, MF_CONSTRAINT_PRIMARY));
    assert_true(has_constraint(books, NULL, MF_CONSTRAINT_UNIQUE));
    assert_true(has_constraint(books, NULL, MF_CONSTRAINT_CHECK));
    mf_catalog_free(&c);
    check_stamps(db, 2);

    /* The stamp's table is Alembic's, its primary key named as Alembic does. */
    assert_int_equal(
        count_rows(db, "SELECT 1 FROM sqlite_master WHERE name = 'alembic_version' AND sql = "
                       "'CREATE TABLE \"alembic_version\" (version_num VARCHAR(32) NOT NULL, "
                       "CONSTRAINT \"alembic_version_pkc\" PRIMARY KEY (version_num))'"),
        1);
    char *err = NULL;
    assert_int_equal(mf_db_exec(db, "INSERT INTO alembic_version VALUES ('abc123')", &err), -1);
    assert_non_null(strstr(err, "UNIQUE constraint failed"));
    free(err);
    assert_int_equal(mf_db_exec(db, "SELECT no_such_column FROM alembic_version", &err), -1);
    assert_non_null(strstr(err, "no_such_column"));
    free(err);
    mf_db_close(db);

    /* What was stamped is in the file. */
    db = connect_or_fail(&url);
    read_or_fail(db, &c);
    assert_true(c.has_version_table);
    assert_int_equal(c.versions.len, 1);
    assert_string_equal(c.versions.items[0], "abc123");
    mf_catalog_free(&c);
    mf_db_close(db);

    /* Read-only: the stamp fails and says nothing changed (root writes
     * anyway, so only as another user). */
    if (geteuid() != 0) {
        chmod(path, 0444);
        db = connect_or_fail(&url);
        const char *rev[] = {"zzz"};
        assert_int_equal(mf_db_stamp(db, "alembic_version", NULL, rev, 1, &err), -1);
        assert_non_null(strstr(err, "(nothing was changed)"));
        free(err);
        read_or_fail(db, &c);
        assert_true(has_version(&c, "abc123"));
        mf_catalog_free(&c);
        mf_db_close(db);
    }
    mf_dburl_free(&url);
    unlink(path);
}

static void test_sqlite_missing_file(void **state) {
    (void)state;
    mf_dburl url;
    char *error = NULL;
    assert_int_equal(mf_dburl_parse("sqlite:////tmp/migfix-no-such-dir/none.db", &url, &error), 0);
    mf_db *db = mf_db_connect(&url, &error);
    assert_null(db);
    assert_non_null(error);
    assert_string_equal(error, "no such database file: /tmp/migfix-no-such-dir/none.db");
    free(error);
    mf_dburl_free(&url);
    struct stat st;
    assert_int_not_equal(stat("/tmp/migfix-no-such-dir", &st), 0);

    /* In memory: an empty catalog, and a stamp that works. */
    assert_int_equal(mf_dburl_parse("sqlite://", &url, &error), 0);
    db = connect_or_fail(&url);
    mf_catalog c;
    read_or_fail(db, &c);
    assert_int_equal(c.tables.len, 0);
    assert_false(c.has_version_table);
    mf_catalog_free(&c);
    const char *rev[] = {"abc"};
    stamp_or_fail(db, rev, 1);
    read_or_fail(db, &c);
    assert_int_equal(c.tables.len, 0);
    assert_true(has_version(&c, "abc"));
    mf_catalog_free(&c);
    /* A version table in another schema is neither read from nor hidden in
     * main. */
    assert_int_equal(mf_db_read_catalog(db, "alembic_version", "nosuch", &c, &error), -1);
    assert_non_null(strstr(error, "nosuch"));
    free(error);
    assert_int_equal(c.tables.len, 0);
    mf_catalog_free(&c);
    mf_db_close(db);
    mf_dburl_free(&url);
}

/* ---- servers ---------------------------------------------------------------- */

/* The URL of ENV with DATABASE and, when given, USER and PASSWORD; false
 * when ENV is unset (no server: the test is skipped). */
static bool server_url(const char *env, const char *database, const char *user,
                       const char *password, mf_dburl *url) {
    const char *text = getenv(env);
    if (!text || !*text)
        return false;
    char *error = NULL;
    if (mf_dburl_parse(text, url, &error) != 0)
        fail_msg("%s: %s", env, error);
    if (database) {
        free(url->database);
        url->database = strdup(database);
    }
    if (user) {
        free(url->user);
        free(url->password);
        url->user = strdup(user);
        url->password = password ? strdup(password) : NULL;
    }
    return true;
}

/* A stamp by USER, who may only read: refused, and the versions unchanged. */
static void check_read_only_stamp(const mf_dburl *url, mf_db *admin, size_t nversions) {
    mf_db *db = connect_or_fail(url);
    const char *rev[] = {"readonly1"};
    char *error = NULL;
    assert_int_equal(mf_db_stamp(db, "alembic_version", NULL, rev, 1, &error), -1);
    assert_non_null(error);
    if (!strstr(error, " (nothing was changed)") ||
        (!strstr(error, "denied") && !strstr(error, "permission")))
        fail_msg("read-only stamp: %s", error);
    if (url->password)
        assert_null(strstr(error, url->password));
    free(error);
    mf_db_close(db);
    mf_catalog c;
    read_or_fail(admin, &c);
    assert_int_equal(c.versions.len, nversions);
    assert_int_equal(c.has_version_table, nversions > 0);
    mf_catalog_free(&c);
}

static void test_postgres_round_trip(void **state) {
    (void)state;
    mf_dburl url, admin_url, ro_url, bad_url;
    if (!server_url("MIGFIX_PG_URL", NULL, NULL, NULL, &admin_url))
        skip();
    mf_db *admin = connect_or_fail(&admin_url);
    static const char *const setup_sql[] = {
        "DROP DATABASE IF EXISTS migfix_dbtest",
        "CREATE DATABASE migfix_dbtest",
        "DROP ROLE IF EXISTS migfix_ro",
        "CREATE ROLE migfix_ro LOGIN PASSWORD 'ro_pw_123'",
        NULL,
    };
    exec_all(admin, setup_sql);
    mf_db_close(admin);

    server_url("MIGFIX_PG_URL", "migfix_dbtest", NULL, NULL, &url);
    mf_db *db = connect_or_fail(&url);
    static const char *const ddl[] = {
        "CREATE TYPE book_kind AS ENUM ('novel', 'essay')",
        "CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0)",
        "CREATE TABLE authors (id SERIAL NOT NULL, name VARCHAR(50) NOT NULL, "
        "email VARCHAR(120), CONSTRAINT pk_authors PRIMARY KEY (id), "
        "CONSTRAINT uq_authors_email UNIQUE (email))",
        "CREATE TABLE books (id INTEGER NOT NULL PRIMARY KEY, "
        "author_id INTEGER CONSTRAINT fk_books_author REFERENCES authors (id), "
        "title TEXT NOT NULL, price NUMERIC(10, 2), published TIMESTAMP WITHOUT TIME ZONE, "
        "active BOOLEAN, isbn CHAR(13) UNIQUE, data JSONB, cover BYTEA, kind book_kind, "
        "copies positive_int, tags TEXT[], CHECK (price >= 0), "
        "CONSTRAINT ck_books_title CHECK (length(title) > 0))",
        "CREATE INDEX ix_books_title ON books (title) INCLUDE (price)",
        "CREATE UNIQUE INDEX ux_books_author_title ON books (author_id, title)",
        "CREATE INDEX ix_books_lower ON books (lower(title))",
        "CREATE VIEW v_books AS SELECT id FROM books",
        "CREATE SCHEMA other",
        "CREATE TYPE other.mood AS ENUM ('ok')",
        "CREATE TABLE other.things (id UUID PRIMARY KEY, wait INTERVAL, m other.mood)",
        "CREATE TABLE other.books (id INTEGER)",
        "CREATE TABLE empty_one ()",
        "GRANT USAGE ON SCHEMA public, other TO migfix_ro",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public, other TO migfix_ro",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO migfix_ro",
        NULL,
    };
    exec_all(db, ddl);

    mf_catalog c;
    read_or_fail(db, &c);
    assert_int_equal(c.dialect, MF_DIALECT_POSTGRESQL);
    check_common(&c, MF_DIALECT_POSTGRESQL);
    assert_int_equal(c.tables.len, 5);
    const mf_catalog_table *books = table_of(&c, NULL, "books");
    assert_column(books, "kind", MF_TYPE_ENUM, true);
    assert_column(books, "copies", MF_TYPE_INTEGER, true);
    assert_column(books, "tags", MF_TYPE_UNKNOWN, true);
    assert_true(has_constraint(books, "books_pkey", MF_CONSTRAINT_PRIMARY));
    assert_true(has_constraint(books, "books_isbn_key", MF_CONSTRAINT_UNIQUE));
    const mf_catalog_table *things = table_of(&c, "other", "things");
    assert_non_null(things);
    assert_column(things, "id", MF_TYPE_UUID, false);
    assert_column(things, "wait", MF_TYPE_INTERVAL, true);
    assert_column(things, "m", MF_TYPE_ENUM, true);
    assert_int_equal(things->indexes.len, 0);
    const mf_catalog_table *other_books = table_of(&c, "other", "books");
    assert_non_null(other_books);
    assert_int_equal(other_books->columns.len, 1);
    assert_int_equal(other_books->indexes.len, 0);
    const mf_catalog_table *empty = table_of(&c, NULL, "empty_one");
    assert_non_null(empty);
    assert_int_equal(empty->columns.len, 0);
    assert_int_equal(c.types.len, 2);
    bool kind = false, mood = false;
    for (size_t i = 0; i < c.types.len; i++) {
        kind =
            kind || (!c.types.items[i].schema && strcmp(c.types.items[i].name, "book_kind") == 0);
        mood = mood || (c.types.items[i].schema && strcmp(c.types.items[i].schema, "other") == 0 &&
                        strcmp(c.types.items[i].name, "mood") == 0);
    }
    assert_true(kind);
    assert_true(mood);
    mf_catalog_free(&c);

    /* Read-only user, before and after the table exists. */
    server_url("MIGFIX_PG_URL", "migfix_dbtest", "migfix_ro", "ro_pw_123", &ro_url);
    check_read_only_stamp(&ro_url, db, 0);
    check_stamps(db, 5);
    check_read_only_stamp(&ro_url, db, 1);

    /* A revision longer than VARCHAR(32): the error, and nothing changed. */
    const char *too_long[] = {"fine", "0123456789012345678901234567890123456789"};
    char *error = NULL;
    assert_int_equal(mf_db_stamp(db, "alembic_version", NULL, too_long, 2, &error), -1);
    assert_non_null(strstr(error, "too long"));
    assert_non_null(strstr(error, "(nothing was changed)"));
    free(error);
    read_or_fail(db, &c);
    assert_int_equal(c.versions.len, 1);
    assert_string_equal(c.versions.items[0], "abc123");
    mf_catalog_free(&c);

    /* A version table in another schema: read there, and left out of the
     * tables; the connection's own is then a table like any other. */
    assert_int_equal(mf_db_stamp(db, "alembic_version", "other", too_long, 1, &error), 0);
    read_or_fail(db, &c);
    assert_non_null(table_of(&c, "other", "alembic_version"));
    assert_null(table_of(&c, NULL, "alembic_version"));
    assert_int_equal(c.versions.len, 1);
    assert_string_equal(c.versions.items[0], "abc123");
    mf_catalog_free(&c);
    assert_int_equal(mf_db_read_catalog(db, "alembic_version", "other", &c, &error), 0);
    assert_int_equal(c.versions.len, 1);
    assert_string_equal(c.versions.items[0], "fine");
    assert_null(table_of(&c, "other", "alembic_version"));
    assert_non_null(table_of(&c, NULL, "alembic_version"));
    mf_catalog_free(&c);
    assert_int_equal(count_rows(db, "SELECT 1 FROM pg_constraint WHERE conname = "
                                    "'alembic_version_pkc' AND contype = 'p'"),
                     2);
    mf_db_close(db);

    /* libpq's own error, with the password scrubbed out of it. */
    server_url("MIGFIX_PG_URL", "migfix_dbtest", "migfix_nosuch_zebra", "zebra", &bad_url);
    assert_null(mf_db_connect(&bad_url, &error));
    assert_non_null(error);
    assert_null(strstr(error, "zebra"));
    assert_non_null(strstr(error, "migfix_nosuch_***"));
    free(error);

    mf_dburl_free(&bad_url);
    mf_dburl_free(&ro_url);
    mf_dburl_free(&url);
    mf_dburl_free(&admin_url);
}

static void test_mariadb_round_trip(void **state) {
    (void)state;
    mf_dburl url, admin_url, ro_url, bad_url;
    if (!server_url("MIGFIX_MARIADB_URL", NULL, NULL, NULL, &admin_url))
        skip();
    mf_db *admin = connect_or_fail(&admin_url);
    static const char *const setup_sql[] = {
        "DROP DATABASE IF EXISTS migfix_dbtest",
        "CREATE DATABASE migfix_dbtest",
        "DROP USER IF EXISTS 'migfix_ro'@'%'",
        "CREATE USER 'migfix_ro'@'%' IDENTIFIED BY 'secret123'",
        "GRANT SELECT ON migfix_dbtest.* TO 'migfix_ro'@'%'",
        NULL,
    };
    exec_all(admin, setup_sql);
    mf_db_close(admin);

    server_url("MIGFIX_MARIADB_URL", "migfix_dbtest", NULL, NULL, &url);
    mf_db *db = connect_or_fail(&url);
    static const char *const ddl[] = {
        "CREATE TABLE authors (id INTEGER NOT NULL AUTO_INCREMENT, name VARCHAR(50) NOT NULL, "
        "email VARCHAR(120), CONSTRAINT pk_authors PRIMARY KEY (id), "
        "CONSTRAINT uq_authors_email UNIQUE (email))",
        "CREATE TABLE books (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER, "
        "title VARCHAR(200) NOT NULL, price NUMERIC(10, 2), published DATETIME, active BOOL, "
        "isbn CHAR(13) UNIQUE, data JSON, cover BLOB, kind ENUM('novel', 'essay'), "
        "notes LONGTEXT, n BIGINT UNSIGNED, "
        "CONSTRAINT fk_books_author FOREIGN KEY (author_id) REFERENCES authors (id), "
        "CHECK (price >= 0), CONSTRAINT ck_books_title CHECK (length(title) > 0))",
        "CREATE INDEX ix_books_title ON books (title)",
        "CREATE UNIQUE INDEX ux_books_author_title ON books (author_id, title)",
        "CREATE VIEW v_books AS SELECT id FROM books",
        /* names that differ in case only, which information_schema sorts
         * together */
        "CREATE TABLE Zed (b INT, a INT, UNIQUE INDEX ux (a), INDEX ix (b))",
        "CREATE TABLE zed (a INT, b INT, INDEX ix (a), INDEX ux (b))",
        NULL,
    };
    exec_all(db, ddl);
    mf_catalog c;
    read_or_fail(db, &c);
    assert_int_equal(c.dialect, MF_DIALECT_MARIADB);
    check_common(&c, MF_DIALECT_MARIADB);
    assert_int_equal(c.tables.len, 4);
    const mf_catalog_table *upper = table_of(&c, NULL, "Zed"), *lower = table_of(&c, NULL, "zed");
    assert_non_null(upper);
    assert_non_null(lower);
    assert_int_equal(upper->columns.len, 2);
    assert_string_equal(upper->columns.items[0].name, "b");
    assert_int_equal(lower->columns.len, 2);
    assert_string_equal(lower->columns.items[0].name, "a");
    assert_int_equal(upper->indexes.len, 1);
    assert_index(upper, "ix", false, "b");
    assert_true(has_constraint(upper, "ux", MF_CONSTRAINT_UNIQUE));
    assert_int_equal(lower->indexes.len, 2);
    assert_index(lower, "ix", false, "a");
    assert_index(lower, "ux", false, "b");
    assert_int_equal(lower->constraints.len, 0);
    const mf_catalog_table *books = table_of(&c, NULL, "books");
    assert_column(books, "kind", MF_TYPE_ENUM, true);
    assert_column(books, "notes", MF_TYPE_TEXT, true);
    assert_column(books, "n", MF_TYPE_INTEGER, true);
    assert_false(has_constraint(books, "data", MF_CONSTRAINT_CHECK));
    assert_true(has_constraint(books, "PRIMARY", MF_CONSTRAINT_PRIMARY));
    mf_catalog_free(&c);

    server_url("MIGFIX_MARIADB_URL", "migfix_dbtest", "migfix_ro", "secret123", &ro_url);
    check_read_only_stamp(&ro_url, db, 0);
    check_stamps(db, 4);
    check_read_only_stamp(&ro_url, db, 1);

    const char *too_long[] = {"fine", "0123456789012345678901234567890123456789"};
    char *error = NULL;
    assert_int_equal(mf_db_stamp(db, "alembic_version", NULL, too_long, 2, &error), -1);
    assert_non_null(strstr(error, "(nothing was changed)"));
    free(error);
    read_or_fail(db, &c);
    assert_int_equal(c.versions.len, 1);
    assert_string_equal(c.versions.items[0], "abc123");
    mf_catalog_free(&c);
    mf_db_close(db);

    /* A URL that names no database: nothing to read. */
    mf_dburl nodb;
    server_url("MIGFIX_MARIADB_URL", NULL, NULL, NULL, &nodb);
    free(nodb.database);
    nodb.database = NULL;
    db = connect_or_fail(&nodb);
    assert_int_equal(mf_db_read_catalog(db, "alembic_version", NULL, &c, &error), -1);
    assert_non_null(strstr(error, "names no database"));
    free(error);
    mf_catalog_free(&c);
    mf_db_close(db);
    mf_dburl_free(&nodb);

    /* A wrong password: refused, and never shown. */
    server_url("MIGFIX_MARIADB_URL", "migfix_dbtest", "migfix_ro", "wrongpass99", &bad_url);
    assert_null(mf_db_connect(&bad_url, &error));
    assert_non_null(error);
    assert_non_null(strstr(error, "Access denied"));
    assert_null(strstr(error, "wrongpass99"));
    free(error);
    mf_dburl_free(&bad_url);
    /* The library's message, scrubbed where it holds the password. */
    server_url("MIGFIX_MARIADB_URL", "migfix_dbtest", "migfix_zebra", "zebra", &bad_url);
    assert_null(mf_db_connect(&bad_url, &error));
    assert_non_null(error);
    assert_null(strstr(error, "zebra"));
    assert_non_null(strstr(error, "migfix_***"));
    free(error);

    mf_dburl_free(&bad_url);
    mf_dburl_free(&ro_url);
    mf_dburl_free(&url);
    mf_dburl_free(&admin_url);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_forms),           cmocka_unit_test(test_bad_urls),
        cmocka_unit_test(test_type_families),       cmocka_unit_test(test_scrub_and_quoting),
        cmocka_unit_test(test_missing_library),     cmocka_unit_test(test_sqlite_constraint_scan),
        cmocka_unit_test(test_sqlite_round_trip),   cmocka_unit_test(test_sqlite_missing_file),
        cmocka_unit_test(test_postgres_round_trip), cmocka_unit_test(test_mariadb_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
