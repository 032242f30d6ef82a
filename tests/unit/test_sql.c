/* The SQL analyser: for each dialect, what a statement becomes (the SQL with
 * the inserts applied) or why it is left as written. */
#include "support.h"

#include "sql.h"

static mf_sql_patterns *patterns;

typedef struct {
    const char *dialect, *sql;
    const char *rewritten;  /* the SQL after the inserts; NULL when unchanged */
    mf_sql_verdict verdict; /* of the first statement */
    const char *detail;     /* reason / guard name contained in it, or NULL */
} sql_case;

static const sql_case cases[] = {
    /* CREATE */
    {"postgresql", "CREATE TABLE t (id int)", "CREATE TABLE IF NOT EXISTS t (id int)",
     MF_SQL_REWRITE, NULL},
    {"sqlite", "create temp table t (id int)", "create temp table if not exists t (id int)",
     MF_SQL_REWRITE, NULL},
    {"postgresql", "CREATE UNIQUE INDEX CONCURRENTLY ix ON t (a)",
     "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON t (a)", MF_SQL_REWRITE, NULL},
    {"mysql", "CREATE INDEX ix ON t (a)", NULL, MF_SQL_AS_WRITTEN,
     "MySQL has no CREATE INDEX IF NOT EXISTS"},
    {"mariadb", "CREATE INDEX ix ON t (a)", "CREATE INDEX IF NOT EXISTS ix ON t (a)",
     MF_SQL_REWRITE, NULL},
    {"postgresql", "CREATE INDEX ON t (a)", NULL, MF_SQL_AS_WRITTEN, "unnamed index"},
    {"postgresql", "CREATE SEQUENCE s", "CREATE SEQUENCE IF NOT EXISTS s", MF_SQL_REWRITE, NULL},
    {"postgresql", "CREATE SCHEMA audit", "CREATE SCHEMA IF NOT EXISTS audit", MF_SQL_REWRITE,
     NULL},
    {"postgresql", "CREATE EXTENSION \"uuid-ossp\"", "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\"",
     MF_SQL_REWRITE, NULL},
    {"postgresql", "CREATE VIEW v AS SELECT 1", "CREATE OR REPLACE VIEW v AS SELECT 1",
     MF_SQL_REWRITE, NULL},
    {"sqlite", "CREATE VIEW v AS SELECT 1", "CREATE VIEW IF NOT EXISTS v AS SELECT 1",
     MF_SQL_REWRITE, NULL},
    {"postgresql", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
     "CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", MF_SQL_REWRITE,
     NULL},
    {"mysql", "CREATE FUNCTION f() RETURNS int RETURN 1", NULL, MF_SQL_AS_WRITTEN,
     "MySQL has no CREATE OR REPLACE"},
    {"postgresql", "CREATE TYPE status AS ENUM ('a', 'b')", NULL, MF_SQL_GUARD, "status"},
    {"postgresql", "CREATE TRIGGER trg BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION f()",
     NULL, MF_SQL_GUARD, "trg"},
    {"sqlite", "CREATE TRIGGER trg AFTER INSERT ON t BEGIN SELECT 1; END",
     "CREATE TRIGGER IF NOT EXISTS trg AFTER INSERT ON t BEGIN SELECT 1; END", MF_SQL_REWRITE,
     NULL},
    /* DROP */
    {"postgresql", "DROP TABLE t", "DROP TABLE IF EXISTS t", MF_SQL_REWRITE, NULL},
    {"postgresql", "DROP INDEX CONCURRENTLY ix", "DROP INDEX CONCURRENTLY IF EXISTS ix",
     MF_SQL_REWRITE, NULL},
    {"mysql", "DROP INDEX ix ON t", NULL, MF_SQL_AS_WRITTEN, "cannot say IF EXISTS"},
    {"postgresql", "drop type status", "drop type if exists status", MF_SQL_REWRITE, NULL},
    {"sqlite", "DROP TYPE status", NULL, MF_SQL_AS_WRITTEN, "cannot say IF EXISTS"},
    {"postgresql", "DROP FUNCTION f(int)", "DROP FUNCTION IF EXISTS f(int)", MF_SQL_REWRITE, NULL},
    {"postgresql", "DROP TRIGGER trg ON t", "DROP TRIGGER IF EXISTS trg ON t", MF_SQL_REWRITE,
     NULL},
    {"postgresql", "DROP MATERIALIZED VIEW mv", "DROP MATERIALIZED VIEW IF EXISTS mv",
     MF_SQL_REWRITE, NULL},
    /* ALTER */
    {"postgresql", "ALTER TYPE status ADD VALUE 'c'",
     "ALTER TYPE status ADD VALUE IF NOT EXISTS 'c'", MF_SQL_REWRITE, NULL},
    {"postgresql", "ALTER TABLE t ADD COLUMN c int", "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int",
     MF_SQL_REWRITE, NULL},
    {"postgresql", "ALTER TABLE ONLY s.t ADD c int, DROP COLUMN d",
     "ALTER TABLE ONLY s.t ADD IF NOT EXISTS c int, DROP COLUMN IF EXISTS d", MF_SQL_REWRITE, NULL},
    {"postgresql", "ALTER TABLE t DROP CONSTRAINT fk", "ALTER TABLE t DROP CONSTRAINT IF EXISTS fk",
     MF_SQL_REWRITE, NULL},
    {"postgresql", "ALTER TABLE t ADD CONSTRAINT uq UNIQUE (a)", NULL, MF_SQL_GUARD, "uq"},
    {"sqlite", "ALTER TABLE t ADD COLUMN c int", NULL, MF_SQL_GUARD, "c"},
    {"mysql", "ALTER TABLE t DROP COLUMN c", NULL, MF_SQL_GUARD, "c"},
    {"mariadb", "ALTER TABLE t ADD COLUMN c int", "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int",
     MF_SQL_REWRITE, NULL},
    {"postgresql", "ALTER TABLE t RENAME COLUMN a TO b", NULL, MF_SQL_AS_WRITTEN, "RENAME COLUMN"},
    {"postgresql", "ALTER TABLE t ADD COLUMN c int, RENAME d TO e", NULL, MF_SQL_AS_WRITTEN,
     "RENAME"},
    {"postgresql", "ALTER TABLE t ADD PRIMARY KEY (id)", NULL, MF_SQL_AS_WRITTEN,
     "unnamed constraint"},
    /* Left as written */
    {"postgresql", "UPDATE t SET a = 1", NULL, MF_SQL_AS_WRITTEN, "data statement (UPDATE)"},
    {"postgresql", "  -- fix data\n  delete from t", NULL, MF_SQL_AS_WRITTEN,
     "data statement (DELETE)"},
    {"postgresql",
     "DO $$ BEGIN CREATE TYPE x AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN null; END $$",
     NULL, MF_SQL_AS_WRITTEN, "DO block"},
    {"postgresql", "SET LOCAL lock_timeout = '5s'", NULL, MF_SQL_AS_WRITTEN, "re-runnable"},
    {"postgresql", "ALTER SEQUENCE s RESTART", NULL, MF_SQL_AS_WRITTEN,
     "does not rewrite (ALTER SEQUENCE)"},
    /* A sequence set from its table's max(...) is the same when run again;
     * from a constant it is a data statement (a replay resets it). */
    {"postgresql", "SELECT setval('trove_classifiers_id_seq', max(id)) FROM trove_classifiers",
     NULL, MF_SQL_AS_WRITTEN, "re-runnable: sets the sequence"},
    {"postgresql",
     "select setval(pg_get_serial_sequence('t', 'id'), (SELECT COALESCE(MAX(id), 1) FROM t))", NULL,
     MF_SQL_AS_WRITTEN, "re-runnable: sets the sequence"},
    {"postgresql", "SELECT setval('t_id_seq', 1000)", NULL, MF_SQL_AS_WRITTEN, "data statement"},
    /* Already idempotent */
    {"postgresql", "CREATE TABLE IF NOT EXISTS t (id int)", NULL, MF_SQL_IDEMPOTENT, NULL},
    {"postgresql", "drop index if exists ix", NULL, MF_SQL_IDEMPOTENT, NULL},
    {"postgresql", "CREATE OR REPLACE VIEW v AS SELECT 1", NULL, MF_SQL_IDEMPOTENT, NULL},
    {"postgresql", "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int", NULL, MF_SQL_IDEMPOTENT, NULL},
    /* Interpolated names */
    {"postgresql", "DROP TABLE \x01", "DROP TABLE IF EXISTS \x01", MF_SQL_REWRITE, NULL},
    {"postgresql", "CREATE TYPE \x01 AS ENUM ('a')", NULL, MF_SQL_AS_WRITTEN, "interpolated"},
};

static char *apply(const char *sql, const mf_sql_analysis *analysis) {
    mf_buf out = {0};
    size_t copied = 0;
    for (size_t i = 0; i < analysis->inserts.len; i++) {
        mf_buf_put(&out, sql + copied, analysis->inserts.items[i].at - copied);
        mf_buf_puts(&out, analysis->inserts.items[i].text);
        copied = analysis->inserts.items[i].at;
    }
    mf_buf_puts(&out, sql + copied);
    return mf_buf_detach(&out);
}

static void test_statements(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const sql_case *c = &cases[i];
        mf_arena arena = {0};
        mf_sql_analysis analysis;
        mf_sql_analyse(patterns, (mf_dialect)mf_dialect_parse(c->dialect), mf_slice_cstr(c->sql),
                       &arena, &analysis);
        char *got = apply(c->sql, &analysis);
        const mf_sql_statement *st = &analysis.statements.items[0];
        const char *detail = st->verdict == MF_SQL_GUARD ? st->name.data : st->reason;
        if (strcmp(got, c->rewritten ? c->rewritten : c->sql) != 0 || st->verdict != c->verdict ||
            (c->detail && (!detail || !strstr(detail, c->detail))))
            fail_msg("%s: %s\n  got %s (verdict %d, %s)", c->dialect, c->sql, got, st->verdict,
                     detail ? detail : "-");
        free(got);
        mf_sql_analysis_free(&analysis);
        mf_arena_free(&arena);
    }
}

/* What a statement needs before it can run, whether or not it says IF [NOT]
 * EXISTS: its check, name, table and (for an index) plain columns. */
static void test_prerequisites(void **state) {
    (void)state;
    static const struct {
        const char *sql;
        mf_check check;
        const char *name, *table, *columns;
    } cases[] = {
        {"CREATE INDEX ix ON t (a)", MF_CHECK_INDEX_MISSING, "ix", "t", "[\"a\"]"},
        {"CREATE INDEX IF NOT EXISTS ix_events_user_id ON events(user_id)", MF_CHECK_INDEX_MISSING,
         "ix_events_user_id", "events", "[\"user_id\"]"},
        {"create unique index concurrently if not exists ix on s.t (a, lower(b))",
         MF_CHECK_INDEX_MISSING, "ix", "t", "[\"a\"]"},
        {"ALTER TABLE t ADD COLUMN IF NOT EXISTS c int", MF_CHECK_COLUMN_MISSING, "c", "t", NULL},
        {"ALTER TABLE t ADD IF NOT EXISTS \"C\" int", MF_CHECK_COLUMN_MISSING, "C", "t", NULL},
        {"ALTER TABLE t DROP COLUMN IF EXISTS c", MF_CHECK_COLUMN_PRESENT, "c", "t", NULL},
        /* Near misses: a constraint; two actions; a table that needs nothing. */
        {"ALTER TABLE t DROP CONSTRAINT IF EXISTS fk", MF_CHECK_NONE, NULL, NULL, NULL},
        {"ALTER TABLE t ADD COLUMN IF NOT EXISTS c int, ADD COLUMN IF NOT EXISTS d int",
         MF_CHECK_NONE, NULL, NULL, NULL},
        {"CREATE TABLE IF NOT EXISTS t (id int)", MF_CHECK_NONE, NULL, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mf_arena arena = {0};
        mf_sql_analysis analysis;
        mf_sql_analyse(patterns, MF_DIALECT_POSTGRESQL, mf_slice_cstr(cases[i].sql), &arena,
                       &analysis);
        const mf_sql_statement *st = &analysis.statements.items[0];
        bool same =
            st->prerequisites == cases[i].check &&
            (!cases[i].name || (st->name.data && strcmp(st->name.data, cases[i].name) == 0)) &&
            (!cases[i].table || (st->table.data && strcmp(st->table.data, cases[i].table) == 0)) &&
            (!cases[i].columns ||
             (st->columns.data &&
              strncmp(st->columns.data, cases[i].columns, st->columns.len) == 0 &&
              strlen(cases[i].columns) == st->columns.len));
        if (!same)
            fail_msg("%s: prerequisites %d (%s on %s %.*s)", cases[i].sql, st->prerequisites,
                     st->name.data ? st->name.data : "-", st->table.data ? st->table.data : "-",
                     (int)st->columns.len, st->columns.data ? st->columns.data : "");
        mf_sql_analysis_free(&analysis);
        mf_arena_free(&arena);
    }
}

/* Several statements, comments and quotes: only real statement boundaries
 * count, and each statement is judged on its own. */
static void test_multi_statement_strings(void **state) {
    (void)state;
    const char *sql = "/* one; */ CREATE TABLE a (s text DEFAULT ';');\n"
                      "-- two; still a comment\n"
                      "UPDATE a SET s = 'x;y';\n"
                      "drop view v";
    mf_arena arena = {0};
    mf_sql_analysis analysis;
    mf_sql_analyse(patterns, MF_DIALECT_POSTGRESQL, mf_slice_cstr(sql), &arena, &analysis);
    assert_int_equal(analysis.statements.len, 3);
    assert_int_equal(analysis.statements.items[0].verdict, MF_SQL_REWRITE);
    assert_int_equal(analysis.statements.items[1].verdict, MF_SQL_AS_WRITTEN);
    assert_int_equal(analysis.statements.items[2].verdict, MF_SQL_REWRITE);
    char *got = apply(sql, &analysis);
    assert_string_equal(got, "/* one; */ CREATE TABLE IF NOT EXISTS a (s text DEFAULT ';');\n"
                             "-- two; still a comment\n"
                             "UPDATE a SET s = 'x;y';\n"
                             "drop view if exists v");
    free(got);
    mf_sql_analysis_free(&analysis);
    mf_arena_free(&arena);
}

static void test_dialects_from_urls(void **state) {
    (void)state;
    assert_int_equal(mf_dialect_of_url("postgresql+psycopg2://u@h/db"), MF_DIALECT_POSTGRESQL);
    assert_int_equal(mf_dialect_of_url("sqlite:///app.db"), MF_DIALECT_SQLITE);
    assert_int_equal(mf_dialect_of_url("mysql+pymysql://u@h/db"), MF_DIALECT_MYSQL);
    assert_int_equal(mf_dialect_of_url("mariadb://u@h/db"), MF_DIALECT_MARIADB);
    assert_int_equal(mf_dialect_of_url("driver://user:pass@localhost/dbname"), -1);
}

static int setup(void **state) {
    (void)state;
    patterns = mf_sql_patterns_new();
    return 0;
}

static int teardown(void **state) {
    (void)state;
    mf_sql_patterns_free(patterns);
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statements),
        cmocka_unit_test(test_multi_statement_strings),
        cmocka_unit_test(test_prerequisites),
        cmocka_unit_test(test_dialects_from_urls),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
