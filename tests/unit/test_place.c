/* Placing a database on its chain (mf_chain_place): catalogs made by hand
 * against chains read from source, one case per answer locate gives: one
 * revision, a set of schema-equal ones, drift, branches and merges, parts
 * migfix cannot read, a database of another chain. */
#include "support.h"

#include "catalog.h"
#include "chain.h"
#include "parse.h"
#include "sql.h"

#include <stdio.h>
#include <string.h>

static TSParser *parser;

typedef struct {
    const char *path, *text;
} file;

static mf_chain *chain_of(const file *files, size_t n, int dialect) {
    mf_chain *chain = mf_chain_new();
    mf_chain_set_dialect(chain, dialect);
    for (size_t i = 0; i < n; i++) {
        mf_slice text = mf_slice_cstr(files[i].text);
        TSTree *tree = mf_parse(parser, text);
        mf_chain_add_file(chain, files[i].path, text, tree, false);
        ts_tree_delete(tree);
    }
    mf_chain_analyse(chain);
    return chain;
}

/* "accounts: id INTEGER NOT NULL, name VARCHAR(40)" */
static void table(mf_catalog *c, const char *spec) {
    char buf[512];
    snprintf(buf, sizeof buf, "%s", spec);
    char *colon = strchr(buf, ':');
    if (colon)
        *colon = '\0';
    mf_catalog_table *t = mf_catalog_add_table(c, NULL, buf);
    for (char *col = colon ? strtok(colon + 1, ",") : NULL; col; col = strtok(NULL, ",")) {
        while (*col == ' ')
            col++;
        char *type = strchr(col, ' ');
        *type++ = '\0';
        char *notnull = strstr(type, " NOT NULL");
        if (notnull)
            *notnull = '\0';
        mf_catalog_add_column(c, t, col, type, !notnull);
    }
}

static mf_catalog_table *find_table(mf_catalog *c, const char *name) {
    for (size_t i = 0; i < c->tables.len; i++)
        if (strcmp(c->tables.items[i].name, name) == 0)
            return &c->tables.items[i];
    fail_msg("no table %s", name);
    return NULL;
}

/* The answer as "heads | heads" (base: nothing run), then "; kind what
 * name" per drift item, then "; unmatched" when it is. */
static char *place(const mf_chain *chain, const mf_catalog *c) {
    mf_placement p;
    mf_chain_place(chain, c, NULL, 0, &p);
    mf_buf out = {0};
    for (size_t i = 0; i < p.candidates.len; i++) {
        const mf_place_state *s = &p.candidates.items[i];
        mf_buf_puts(&out, i ? " | " : "");
        if (!s->nheads)
            mf_buf_puts(&out, "base");
        for (size_t h = 0; h < s->nheads; h++)
            mf_buf_printf(&out, "%s%s", h ? " " : "", s->heads[h]);
    }
    for (size_t i = 0; i < p.drift.len; i++)
        mf_buf_printf(&out, "; %s %s %s", p.drift.items[i].kind, p.drift.items[i].what,
                      p.drift.items[i].name);
    if (p.unmatched)
        mf_buf_printf(&out, "; unmatched %zu/%zu", p.first_missing, p.first_objects);
    mf_placement_free(&p);
    return mf_buf_detach(&out);
}

#define EXPECT(expected, chain, catalog)                                                           \
    do {                                                                                           \
        char *got = place(chain, catalog);                                                         \
        assert_string_equal(got, expected);                                                        \
        free(got);                                                                                 \
    } while (0)

#define HEAD "from alembic import op\nimport sqlalchemy as sa\n"
#define REV(id, down) HEAD "revision = '" id "'\ndown_revision = " down "\n\ndef upgrade():\n"

static const file linear[] = {
    {"r1.py", REV("r1", "None") "    op.create_table('accounts', sa.Column('id', sa.Integer(), "
                                "primary_key=True), sa.Column('name', sa.String(40)))\n"},
    {"r2.py", REV("r2", "'r1'") "    op.add_column('accounts', sa.Column('email', sa.String(80), "
                                "nullable=False))\n"},
    {"r3.py", REV("r3", "'r2'") "    op.execute(\"UPDATE accounts SET name = 'x'\")\n"},
    {"r4.py", REV("r4", "'r3'") "    op.create_index('ix_accounts_email', 'accounts', "
                                "['email'])\n"},
    {"r5.py", REV("r5", "'r4'") "    op.create_table('audit', sa.Column('id', sa.Integer(), "
                                "primary_key=True))\n"
                                "    op.alter_column('accounts', 'name', nullable=False)\n"},
};

static void accounts(mf_catalog *c, bool email) {
    table(c, email ? "accounts: id INTEGER NOT NULL, name VARCHAR(40), email VARCHAR(80) NOT NULL"
                   : "accounts: id INTEGER NOT NULL, name VARCHAR(40)");
    mf_catalog_add_constraint(c, find_table(c, "accounts"), "accounts_pkey", MF_CONSTRAINT_PRIMARY);
}

static void one_revision_or_a_set(void **state) {
    (void)state;
    mf_chain *chain = chain_of(linear, 5, MF_DIALECT_POSTGRESQL);
    mf_catalog c;
    /* Nothing there: nothing run. */
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    EXPECT("base", chain, &c);
    mf_catalog_free(&c);
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    accounts(&c, false);
    EXPECT("r1", chain, &c);
    mf_catalog_free(&c);
    /* r3 writes rows only: r2 and r3 leave the same schema. */
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    accounts(&c, true);
    EXPECT("r2 | r3", chain, &c);
    mf_placement p;
    mf_chain_place(chain, &c, NULL, 0, &p);
    assert_int_equal(p.undecided.len, 1);
    assert_string_equal(p.undecided.items[0].revision, "r3");
    assert_non_null(strstr(p.undecided.items[0].reason, "rows only"));
    mf_placement_free(&p);
    const char *email[] = {"email"};
    mf_catalog_add_index(&c, find_table(&c, "accounts"), "ix_accounts_email", false, email, 1);
    EXPECT("r4", chain, &c);
    /* The evidence: the index r4 made is there, audit (next) is not. */
    mf_chain_place(chain, &c, NULL, 0, &p);
    bool made = false, next = false;
    for (size_t i = 0; i < p.evidence.len; i++) {
        const mf_place_evidence *e = &p.evidence.items[i];
        made |= e->present && strcmp(e->name, "ix_accounts_email on accounts") == 0 &&
                strcmp(e->revision, "r4") == 0;
        next |= !e->present && strcmp(e->name, "audit") == 0 && strcmp(e->revision, "r5") == 0 &&
                strcmp(e->why, "made next by") == 0;
    }
    assert_true(made);
    assert_true(next);
    mf_placement_free(&p);
    table(&c, "audit: id INTEGER NOT NULL");
    /* r5 also makes name NOT NULL: before it, the table is drift. */
    EXPECT("r5; nullable column accounts.name", chain, &c);
    mf_catalog_free(&c);
    mf_chain_free(chain);
}

static void drift(void **state) {
    (void)state;
    mf_chain *chain = chain_of(linear, 5, MF_DIALECT_POSTGRESQL);
    mf_catalog c;
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    table(&c, "accounts: id INTEGER NOT NULL, name VARCHAR(40) NOT NULL, email INTEGER NOT NULL");
    const char *email[] = {"email"};
    mf_catalog_add_index(&c, find_table(&c, "accounts"), "ix_accounts_email", false, email, 1);
    table(&c, "audit: id INTEGER NOT NULL");
    /* A type changed by hand: placed, and said. */
    EXPECT("r5; type column accounts.email", chain, &c);
    /* A table no revision makes. */
    table(&c, "scratch: x TEXT");
    EXPECT("r5; type column accounts.email; extra table scratch", chain, &c);
    mf_catalog_free(&c);
    /* A column missing: the closest state, with the column said missing. */
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    table(&c, "accounts: id INTEGER NOT NULL, name VARCHAR(40) NOT NULL");
    mf_catalog_add_index(&c, find_table(&c, "accounts"), "ix_accounts_email", false, email, 1);
    table(&c, "audit: id INTEGER NOT NULL");
    EXPECT("r5; missing column accounts.email", chain, &c);
    mf_catalog_free(&c);
    /* Near miss: a type the dialect spells otherwise is no drift (an
     * Enum is a VARCHAR on SQLite, a Boolean a TINYINT(1) on MySQL). */
    mf_catalog_init(&c, MF_DIALECT_MYSQL);
    accounts(&c, true);
    EXPECT("r2 | r3", chain, &c);
    mf_catalog_free(&c);
    mf_chain_free(chain);
}

static void branches_and_merges(void **state) {
    (void)state;
    const file files[] = {
        {"r1.py", REV("r1", "None") "    op.create_table('accounts', sa.Column('id', "
                                    "sa.Integer(), primary_key=True))\n"},
        {"a1.py", REV("a1", "'r1'") "    op.add_column('accounts', sa.Column('x', "
                                    "sa.Integer()))\n"},
        {"b1.py", REV("b1", "'r1'") "    op.create_table('b', sa.Column('id', sa.Integer(), "
                                    "primary_key=True))\n"},
        {"m.py", REV("m", "('a1', 'b1')") "    pass\n"},
        {"c1.py", REV("c1", "'m'") "    op.drop_column('accounts', 'x')\n"},
    };
    mf_chain *chain = chain_of(files, 5, MF_DIALECT_POSTGRESQL);
    mf_catalog c;
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    table(&c, "accounts: id INTEGER NOT NULL, x INTEGER");
    EXPECT("a1", chain, &c);
    table(&c, "b: id INTEGER NOT NULL");
    /* Both branches: the two heads, or the merge that changes nothing. */
    EXPECT("a1 b1 | m", chain, &c);
    mf_catalog_free(&c);
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    table(&c, "accounts: id INTEGER NOT NULL");
    table(&c, "b: id INTEGER NOT NULL");
    /* b1 alone, or all of it (c1 drops what a1 added). */
    EXPECT("b1 | c1", chain, &c);
    mf_catalog_free(&c);
    mf_chain_free(chain);
}

static void unreadable_revisions(void **state) {
    (void)state;
    const file files[] = {
        {"r1.py", REV("r1", "None") "    op.create_table('accounts', sa.Column('id', "
                                    "sa.Integer(), primary_key=True))\n"},
        {"r2.py", REV("r2", "'r1'") "    op.execute(build_statements())\n"},
        {"r3.py", REV("r3", "'r2'") "    op.create_table('c', sa.Column('id', sa.Integer(), "
                                    "primary_key=True))\n"},
    };
    mf_chain *chain = chain_of(files, 3, MF_DIALECT_POSTGRESQL);
    mf_catalog c;
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    table(&c, "accounts: id INTEGER NOT NULL");
    /* r2 may do anything: the answer widens to it, and says why. */
    EXPECT("r1 | r2", chain, &c);
    mf_placement p;
    mf_chain_place(chain, &c, NULL, 0, &p);
    assert_int_equal(p.unreadable.len, 1);
    assert_string_equal(p.unreadable.items[0].revision, "r2");
    assert_int_equal(p.undecided.len, 1);
    mf_placement_free(&p);
    /* With c there: r3 made it, or r2 may have (it may make any table). */
    table(&c, "c: id INTEGER NOT NULL");
    EXPECT("r2 | r3", chain, &c);
    mf_catalog_free(&c);
    mf_chain_free(chain);
}

/* A table made by SQL migfix reads as a table only: a column a later
 * revision adds unconditionally was absent until then (a clean run of the
 * original has it so), so it still decides. */
static void absent_until_added(void **state) {
    (void)state;
    const file files[] = {
        {"r1.py", REV("r1", "None") "    op.execute('CREATE TABLE t (id INTEGER PRIMARY KEY)')\n"},
        {"r2.py", REV("r2", "'r1'") "    op.add_column('t', sa.Column('x', sa.Integer()))\n"},
    };
    mf_chain *chain = chain_of(files, 2, MF_DIALECT_SQLITE);
    mf_catalog c;
    mf_catalog_init(&c, MF_DIALECT_SQLITE);
    table(&c, "t: id INTEGER NOT NULL");
    EXPECT("r1", chain, &c);
    mf_catalog_free(&c);
    mf_chain_free(chain);
    /* Near miss: a revision between them migfix cannot read may have
     * dropped an x that r1 made: at r1, x may be there. After r1a it is not
     * (else r2 fails on a clean run): r1a is ruled out all the same. */
    const file unsure[] = {
        files[0],
        {"r1a.py", REV("r1a", "'r1'") "    op.execute(statements_for('t'))\n"},
        {"r2.py", REV("r2", "'r1a'") "    op.add_column('t', sa.Column('x', sa.Integer()))\n"},
    };
    chain = chain_of(unsure, 3, MF_DIALECT_SQLITE);
    mf_catalog_init(&c, MF_DIALECT_SQLITE);
    table(&c, "t: id INTEGER NOT NULL, x INTEGER");
    EXPECT("r1 | r2", chain, &c);
    mf_catalog_free(&c);
    mf_chain_free(chain);
}

/* A helper that adds a column to tables migfix cannot name may concern
 * columns of that name only; SQL migfix cannot read may concern any, but a
 * column a later revision adds unconditionally was not among them (a clean
 * run has it absent until then). */
static void unknown_until_added(void **state) {
    (void)state;
    const file named[] = {
        {"r1.py", REV("r1", "None") "    op.create_table('t', sa.Column('id', sa.Integer()))\n"},
        {"r2.py", REV("r2", "'r1'") "    for name in TABLES:\n        _audit(name)\n\n"
                                    "def _audit(name):\n"
                                    "    op.add_column(name, sa.Column('at', sa.DateTime()))\n"},
        {"r3.py", REV("r3", "'r2'") "    op.add_column('t', sa.Column('x', sa.Integer()))\n"},
    };
    mf_chain *chain = chain_of(named, 3, MF_DIALECT_POSTGRESQL);
    mf_catalog c;
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    table(&c, "t: id INTEGER, at TIMESTAMP");
    /* A column named as the helper names its own is evidence the helper
     * ran: not at r1. */
    EXPECT("r2", chain, &c);
    /* A table no revision makes stays drift, its helper column or not. */
    table(&c, "u: id INTEGER, at TIMESTAMP");
    EXPECT("r2; extra table u", chain, &c);
    mf_catalog_free(&c);
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    table(&c, "t: id INTEGER, at TIMESTAMP, x INTEGER");
    EXPECT("r3", chain, &c);
    mf_catalog_free(&c);
    mf_chain_free(chain);

    file unread[] = {named[0], named[1], named[2]};
    unread[1].text = REV("r2", "'r1'") "    op.execute(build_statements())\n";
    chain = chain_of(unread, 3, MF_DIALECT_POSTGRESQL);
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    table(&c, "t: id INTEGER");
    EXPECT("r1 | r2", chain, &c);
    table(&c, "u: id INTEGER");
    /* A table no revision names is drift, not evidence: r2 may have made
     * it, but a hand may have too (counted, it would pull every answer
     * past the revisions migfix cannot read). */
    EXPECT("r1 | r2; extra table u", chain, &c);
    mf_catalog_free(&c);
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    table(&c, "t: id INTEGER, x INTEGER");
    EXPECT("r3", chain, &c);
    mf_catalog_free(&c);
    mf_chain_free(chain);
    /* Near miss: dropping a column drops its index with it (warehouse's
     * 8c8be2c0e69e, whose index a later revision makes again): that index
     * is not proven absent after r2 (where it is still there). */
    const file dropped[] = {
        {"r1.py", REV("r1", "None") "    op.create_table('t', sa.Column('a', sa.Integer()))\n"
                                    "    op.create_index('ix_a', 't', ['a'])\n"},
        unread[1],
        {"r3.py", REV("r3", "'r2'") "    op.drop_column('t', 'a')\n"},
        {"r4.py", REV("r4", "'r3'") "    op.add_column('t', sa.Column('a', sa.Integer()))\n"
                                    "    op.create_index('ix_a', 't', ['a'])\n"},
    };
    chain = chain_of(dropped, 4, MF_DIALECT_POSTGRESQL);
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    table(&c, "t: a INTEGER");
    const char *a[] = {"a"};
    mf_catalog_add_index(&c, find_table(&c, "t"), "ix_a", false, a, 1);
    EXPECT("r1 | r2 | r4", chain, &c);
    mf_catalog_free(&c);
    mf_chain_free(chain);
    /* Near miss: a parallel branch adds x too; then x after r2 is not known. */
    const file branches[] = {
        unread[0],
        unread[1],
        unread[2],
        {"b1.py", REV("b1", "'r1'") "    op.add_column('t', sa.Column('x', sa.Integer()))\n"},
    };
    chain = chain_of(branches, 4, MF_DIALECT_POSTGRESQL);
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    table(&c, "t: id INTEGER, x INTEGER");
    EXPECT("r2 | b1 | r3 | r2 b1 | r3 b1", chain, &c);
    mf_catalog_free(&c);
    mf_chain_free(chain);
}

/* A constraint made without a name takes the database's (PostgreSQL's
 * t_x_fkey), which may be the name of one dropped before it (warehouse's
 * 8c8be2c0e69e). */
static void unnamed_constraints(void **state) {
    (void)state;
    const file files[] = {
        {"r1.py", REV("r1", "None") "    op.create_table('t', sa.Column('x', sa.Integer()))\n"
                                    "    op.create_foreign_key('t_x_fkey', 't', 'u', ['x'], "
                                    "['id'])\n"},
        {"r2.py", REV("r2", "'r1'") "    op.drop_constraint('t_x_fkey', 't')\n"
                                    "    op.create_foreign_key(None, 't', 'u', ['x'], ['id'])\n"},
    };
    mf_chain *chain = chain_of(files, 2, MF_DIALECT_POSTGRESQL);
    mf_catalog c;
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    table(&c, "t: x INTEGER");
    mf_catalog_add_constraint(&c, find_table(&c, "t"), "t_x_fkey", MF_CONSTRAINT_FOREIGN);
    EXPECT("r1 | r2", chain, &c);
    mf_catalog_free(&c);
    mf_chain_free(chain);
    /* CASCADE drops foreign keys of other tables too (warehouse's
     * ee5b8f66a223): no constraint is known after it. */
    const file cascade[] = {
        {"r1.py", REV("r1", "None") "    op.create_table('p', sa.Column('id', sa.Integer()))\n"
                                    "    op.create_table('r', sa.Column('p_id', sa.Integer()))\n"
                                    "    op.create_foreign_key('r_p_fkey', 'r', 'p', ['p_id'], "
                                    "['id'])\n"},
        {"r2.py", REV("r2", "'r1'") "    op.execute('ALTER TABLE p DROP CONSTRAINT p_pkey "
                                    "CASCADE')\n"},
    };
    chain = chain_of(cascade, 2, MF_DIALECT_POSTGRESQL);
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    table(&c, "p: id INTEGER");
    table(&c, "r: p_id INTEGER");
    EXPECT("r2", chain, &c);
    mf_catalog_free(&c);
    mf_chain_free(chain);
    /* A table renamed keeps its indexes' names (warehouse's 0e8f7729161a,
     * whose next revision drops the index by its old name). */
    const file renamed[] = {
        {"r1.py", REV("r1", "None") "    op.create_table('b', sa.Column('by', sa.Integer()))\n"
                                    "    op.create_index('ix_b_by', 'b', ['by'])\n"},
        {"r2.py", REV("r2", "'r1'") "    op.rename_table('b', 'p')\n"},
        {"r3.py", REV("r3", "'r2'") "    op.drop_index('ix_b_by', table_name='p')\n"},
    };
    chain = chain_of(renamed, 3, MF_DIALECT_POSTGRESQL);
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    table(&c, "p: by INTEGER");
    const char *by[] = {"by"};
    mf_catalog_add_index(&c, find_table(&c, "p"), "ix_b_by", false, by, 1);
    EXPECT("r2", chain, &c);
    mf_catalog_free(&c);
    mf_chain_free(chain);
}

static void another_chain(void **state) {
    (void)state;
    mf_chain *chain = chain_of(linear, 5, MF_DIALECT_SQLITE);
    mf_catalog c;
    mf_catalog_init(&c, MF_DIALECT_SQLITE);
    table(&c, "users: id INTEGER NOT NULL");
    EXPECT("base; extra table users; unmatched 3/3", chain, &c);
    mf_catalog_free(&c);
    mf_chain_free(chain);
}

/* A state per revision of a long chain: the search stays quadratic in
 * revisions (counted by the states it tries), not exponential. */
static void long_chain(void **state) {
    (void)state;
    enum { N = 300 };
    file *files = mf_xcalloc(N, sizeof *files);
    char **texts = mf_xcalloc(N, sizeof *texts);
    for (int i = 0; i < N; i++) {
        mf_buf b = {0};
        mf_buf_printf(&b, HEAD "revision = 'r%d'\ndown_revision = ", i);
        if (i)
            mf_buf_printf(&b, "'r%d'", i - 1);
        else
            mf_buf_puts(&b, "None");
        mf_buf_printf(&b,
                      "\n\ndef upgrade():\n    op.create_table('t%d', sa.Column('id', "
                      "sa.Integer()))\n",
                      i);
        texts[i] = mf_buf_detach(&b);
        files[i] = (file){"f.py", texts[i]};
    }
    mf_chain *chain = chain_of(files, N, MF_DIALECT_POSTGRESQL);
    mf_catalog c;
    mf_catalog_init(&c, MF_DIALECT_POSTGRESQL);
    for (int i = 0; i < 200; i++) {
        char spec[32];
        snprintf(spec, sizeof spec, "t%d: id INTEGER", i);
        table(&c, spec);
    }
    EXPECT("r199", chain, &c);
    mf_placement p;
    mf_chain_place(chain, &c, NULL, 0, &p);
    assert_int_equal(p.states_tried, N + 1);
    assert_false(p.truncated);
    mf_placement_free(&p);
    mf_catalog_free(&c);
    mf_chain_free(chain);
    for (int i = 0; i < N; i++)
        free(texts[i]);
    free(texts);
    free(files);
}

int main(void) {
    parser = mf_parser_new();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_revision_or_a_set),
        cmocka_unit_test(drift),
        cmocka_unit_test(branches_and_merges),
        cmocka_unit_test(unreadable_revisions),
        cmocka_unit_test(absent_until_added),
        cmocka_unit_test(unknown_until_added),
        cmocka_unit_test(unnamed_constraints),
        cmocka_unit_test(another_chain),
        cmocka_unit_test(long_chain),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    ts_parser_delete(parser);
    return failed;
}
