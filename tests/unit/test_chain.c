/* The chain stage's graph: each rule with a case that must fire and a near
 * miss that must not, the topological order, and what is read statically. */
#include "support.h"

#include "chain.h"
#include "parse.h"

#include <stdio.h>
#include <string.h>

static TSParser *parser;
static int dialect = MF_DIALECT_POSTGRESQL; /* of the chains lint() builds */
static bool with_mf301;                     /* lint() reports MF301 too */

typedef struct {
    const char *path, *text;
    bool report;
} file;

/* Builds a chain of FILES and returns its findings, one per line as
 * "path:line RULE", malloc'd. */
static char *lint(const file *files, size_t n, mf_chain **keep) {
    mf_chain *chain = mf_chain_new();
    mf_chain_set_dialect(chain, dialect);
    for (size_t i = 0; i < n; i++) {
        mf_slice text = mf_slice_cstr(files[i].text);
        TSTree *tree = mf_parse(parser, text);
        mf_chain_add_file(chain, files[i].path, text, tree, files[i].report);
        ts_tree_delete(tree);
    }
    mf_chain_analyse(chain);
    mf_buf out = {0};
    for (size_t i = 0; i < mf_chain_finding_count(chain); i++) {
        const mf_finding *f = mf_chain_finding(chain, i);
        if (strcmp(f->rule, "MF301") != 0 || with_mf301) /* most tests are about other rules */
            mf_buf_printf(&out, "%s:%u %s\n", f->path, f->line, f->rule);
    }
    if (keep)
        *keep = chain;
    else
        mf_chain_free(chain);
    return out.data ? mf_buf_detach(&out) : mf_xstrdup("");
}

#define LINT(expected, ...)                                                                        \
    do {                                                                                           \
        const file files[] = {__VA_ARGS__};                                                        \
        char *got = lint(files, sizeof files / sizeof files[0], NULL);                             \
        assert_string_equal(got, expected);                                                        \
        free(got);                                                                                 \
    } while (0)

static void duplicate_ids(void **state) {
    (void)state;
    LINT("a.py:1 MF101\nb.py:1 MF101\n", {"a.py", "revision = 'r1'\ndown_revision = None\n", true},
         {"b.py", "revision = 'r1'\ndown_revision = None\n", true});
    /* Near miss: ids that share a prefix are different revisions. */
    LINT("", {"a.py", "revision = 'r1'\ndown_revision = None\n", true},
         {"b.py", "revision = 'r10'\ndown_revision = 'r1'\n", true});
}

static void dangling_parents(void **state) {
    (void)state;
    LINT("b.py:2 MF102\n", {"a.py", "revision = 'r1'\ndown_revision = None\n", true},
         {"b.py", "revision = 'r2'\ndown_revision = 'r0'\n", true});
    /* depends_on: an unknown name fires; a branch label or a unique prefix of
     * an id resolves, as Alembic resolves it. */
    LINT("c.py:3 MF102\n",
         {"a.py", "revision = 'abcdef12'\ndown_revision = None\nbranch_labels = ('rep',)\n", true},
         {"b.py", "revision = 'r2'\ndown_revision = 'abcdef12'\ndepends_on = ['rep', 'abcd']\n",
          true},
         {"c.py", "revision = 'r3'\ndown_revision = 'r2'\ndepends_on = 'nope'\n", true});
    /* u"..." is the same str (CKAN writes its ids so); b"..." is not. */
    LINT("", {"a.py", "revision = u'r1'\ndown_revision = None\n", true},
         {"b.py", "revision = 'r2'\ndown_revision = 'r1'\n", true},
         {"c.py", "revision = U\"r3\"\ndown_revision = u'r2'\n", true},
         {"d.py", "revision = 'r4'\ndown_revision = 'r3'\n", true});
    LINT("b.py:2 MF102\n", {"a.py", "revision = b'r1'\ndown_revision = None\n", true},
         {"b.py", "revision = 'r2'\ndown_revision = 'r1'\n", true});
    /* A value computed at import time is unknown: no finding, no guess. */
    LINT("", {"a.py", "revision = 'r1'\ndown_revision = None\n", true},
         {"b.py", "revision = 'r2'\ndown_revision = PREVIOUS\n", true});
    /* Annotated assignments, as Alembic's own template writes them. */
    LINT("b.py:2 MF102\n",
         {"a.py", "revision: str = 'r1'\ndown_revision: Union[str, None] = None\n", true},
         {"b.py", "revision: str = 'r2'\ndown_revision: Union[str, Sequence[str], None] = 'x'\n",
          true});
}

static void heads(void **state) {
    (void)state;
    LINT("b.py:1 MF103\nc.py:1 MF103\n", {"a.py", "revision = 'r1'\ndown_revision = None\n", true},
         {"b.py", "revision = 'r2'\ndown_revision = 'r1'\n", true},
         {"c.py", "revision = 'r3'\ndown_revision = 'r1'\n", true});
    /* Near miss: the fork is merged again. */
    LINT("", {"a.py", "revision = 'r1'\ndown_revision = None\n", true},
         {"b.py", "revision = 'r2'\ndown_revision = 'r1'\n", true},
         {"c.py", "revision = 'r3'\ndown_revision = 'r1'\n", true},
         {"d.py", "revision = 'r4'\ndown_revision = ('r2', 'r3')\n", true});
    /* Near miss: two chains with no shared history (a plugin's versions
     * directory read beside the app's). */
    LINT("", {"a.py", "revision = 'a1'\ndown_revision = None\n", true},
         {"b.py", "revision = 'p1'\ndown_revision = None\n", true});
    /* Near miss: independent labelled branches (multiple bases) are a design. */
    LINT("", {"a.py", "revision = 'a1'\ndown_revision = None\nbranch_labels = ('app',)\n", true},
         {"b.py", "revision = 'a2'\ndown_revision = 'a1'\n", true},
         {"c.py", "revision = 'b1'\ndown_revision = None\nbranch_labels = ('audit',)\n", true});
}

static void unnamed_drops(void **state) {
    (void)state;
    LINT("a.py:4 MF204\na.py:6 MF204\n",
         {"a.py",
          "revision = 'r1'\ndown_revision = None\ndef downgrade():\n"
          "    op.drop_constraint(None, 'users', type_='foreignkey')\n"
          "    with op.batch_alter_table('t') as b:\n"
          "        b.drop_constraint(constraint_name=None)\n",
          true});
    /* Near miss: a name, or a name from a variable, is not None. */
    LINT("", {"a.py",
              "revision = 'r1'\ndown_revision = None\ndef downgrade():\n"
              "    op.drop_constraint('fk_users', 'users', type_='foreignkey')\n"
              "    op.drop_constraint(name, 'users')\n    x.drop_constraint(None, 't')\n",
              true});
}

static void cycles(void **state) {
    (void)state;
    LINT("a.py:2 MF104\nb.py:2 MF104\n", {"a.py", "revision = 'r1'\ndown_revision = 'r2'\n", true},
         {"b.py", "revision = 'r2'\ndown_revision = 'r1'\n", true},
         {"c.py", "revision = 'r3'\ndown_revision = 'r2'\n", true});
    LINT("a.py:2 MF104\n", {"a.py", "revision = 'r1'\ndown_revision = 'r1'\n", true});
}

static void redundant_merges(void **state) {
    (void)state;
    LINT("c.py:2 MF105\n", {"a.py", "revision = 'r1'\ndown_revision = None\n", true},
         {"b.py", "revision = 'r2'\ndown_revision = 'r1'\n", true},
         {"c.py", "revision = 'r3'\ndown_revision = ('r1', 'r2')\n", true});
    /* Near miss: a dependency is no parent, so it makes no merge redundant. */
    LINT("", {"a.py", "revision = 'r1'\ndown_revision = None\n", true},
         {"b.py", "revision = 'r2'\ndown_revision = 'r1'\n", true},
         {"c.py", "revision = 'r3'\ndown_revision = 'r1'\ndepends_on = 'r2'\n", true},
         {"d.py", "revision = 'r4'\ndown_revision = ('r2', 'r3')\n", true});
}

static void suppression_and_context(void **state) {
    (void)state;
    LINT("", {"a.py", "revision = 'r1'\ndown_revision = None\n", true},
         {"b.py", "revision = 'r2'\ndown_revision = 'r0'  # migfix: ignore[MF102]\n", true});
    LINT("b.py:2 MF102\n", {"a.py", "revision = 'r1'\ndown_revision = None\n", true},
         {"b.py", "revision = 'r2'\ndown_revision = 'r0'  # migfix: ignore[MF101]\n", true});
    LINT("", {"b.py", "# migfix: ignore-file\nrevision = 'r2'\ndown_revision = 'r0'\n", true});
    /* The marker inside a string is no comment. */
    LINT("b.py:2 MF102\n",
         {"b.py", "revision = 'r2'\ndown_revision = 'r0'; s = '# migfix: ignore'\n", true});
    /* A context file completes the graph but gets no finding. */
    LINT("b.py:1 MF101\n", {"a.py", "revision = 'r1'\ndown_revision = 'r0'\n", false},
         {"b.py", "revision = 'r1'\ndown_revision = None\n", true});
    /* A module without a module-level revision is not a revision. */
    LINT("", {"env.py", "def run():\n    revision = 'x'\n", true},
         {"a.py", "revision = 'r1'\ndown_revision = None\n", true});
}

static void topological_order(void **state) {
    (void)state;
    const file files[] = {
        {"a.py", "revision = 'm'\ndown_revision = ('b', 'c')\n", true},
        {"b.py", "revision = 'b'\ndown_revision = 'r'\n", true},
        {"c.py", "revision = 'c'\ndown_revision = 'r'\ndepends_on = 'b'\n", true},
        {"d.py", "revision = 'r'\ndown_revision = None\n", true},
    };
    mf_chain *chain;
    char *got = lint(files, 4, &chain);
    assert_string_equal(got, "");
    free(got);
    assert_int_equal(mf_chain_topological_count(chain), 4);
    const char *want[] = {"r", "b", "c", "m"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(mf_chain_revision_id(chain, mf_chain_topological(chain, i)), want[i]);
    assert_int_equal(mf_chain_head_count(chain), 1);
    mf_chain_free(chain);
}

#define R1 "revision = 'r1'\ndown_revision = None\ndef upgrade():\n"
#define R2 "revision = 'r2'\ndown_revision = 'r1'\ndef upgrade():\n"
#define R3 "revision = 'r3'\ndown_revision = 'r2'\ndef upgrade():\n"

static void duplicate_tables(void **state) {
    (void)state;
    /* An ancestor made it (any case, "public" is the default schema); the
     * same upgrade twice. */
    LINT("b.py:4 MF203\n", {"a.py", R1 "    op.create_table('Users', sa.Column('id'))\n", true},
         {"b.py", R2 "    op.create_table('users', sa.Column('id'), schema='public')\n", true});
    LINT("a.py:5 MF203\n",
         {"a.py", R1 "    op.create_table('t')\n    op.create_table('t')\n", true});
    /* Through a rename, and across a batch block and a docstring. */
    LINT("c.py:4 MF203\n", {"a.py", R1 "    op.create_table('old')\n", true},
         {"b.py",
          R2 "    '''doc'''\n    op.rename_table('old', 'new')\n"
             "    with op.batch_alter_table('new') as b:\n        b.add_column(c)\n",
          true},
         {"c.py", R3 "    op.create_table('new')\n", true});
    /* Near misses: dropped (or renamed away) and re-created; another schema;
     * made on a sibling branch, not an ancestor (two heads, no MF203). */
    LINT("", {"a.py", R1 "    op.create_table('t')\n", true},
         {"b.py", R2 "    op.drop_table('t')\n    op.create_table('t')\n", true});
    LINT("", {"a.py", R1 "    op.create_table('t')\n", true},
         {"b.py", R2 "    op.rename_table('t', 'u')\n", true},
         {"c.py", R3 "    op.create_table('t')\n", true});
    LINT("", {"a.py", R1 "    op.create_table('t')\n", true},
         {"b.py", R2 "    op.create_table('t', schema='audit')\n", true});
    LINT("b.py:1 MF103\nc.py:1 MF103\n", {"a.py", R1 "    pass\n", true},
         {"b.py",
          "revision = 'b'\ndown_revision = 'r1'\ndef upgrade():\n    op.create_table('t')\n", true},
         {"c.py",
          "revision = 'c'\ndown_revision = 'r1'\ndef upgrade():\n    op.create_table('t')\n",
          true});
    /* Data statements and branches that cannot touch tables leave the model
     * certain. */
    LINT("c.py:4 MF203\n", {"a.py", R1 "    op.create_table('t')\n", true},
         {"b.py",
          R2 "    conn = op.get_bind()\n    conn.execute(sa.text('UPDATE t SET a = 1;'))\n"
             "    op.execute(t.update().values(a=2))\n"
             "    if conn.dialect.name == 'postgresql':\n        op.add_column('t', c)\n",
          true},
         {"c.py", R3 "    op.create_table('t')\n", true});
    /* Near misses: something between drops it (raw SQL, alone or after a
     * data statement, a loop over literal names), or might (a helper, a
     * branch, a name migfix cannot read, DDL built in Python, SELECT INTO,
     * SQL in a variable). */
    const char *between[] = {
        "    drop_everything()\n",
        "    op.execute('DROP TABLE t')\n",
        "    if context.is_offline_mode():\n        op.drop_table('t')\n",
        "    op.drop_table(name)\n",
        "    for name in ('t',):\n        op.drop_table(name)\n",
        "    wipe()\ndef wipe():\n    op.drop_table('t')\n",
        "    sa.Table('t', meta).drop(op.get_bind())\n",
        "    op.execute('SELECT * INTO t2 FROM t')\n",
        "    op.get_bind().execute(query)\n",
        "    op.execute('UPDATE t SET a = 1; DROP TABLE t')\n",
    };
    for (size_t i = 0; i < sizeof between / sizeof *between; i++) {
        char text[256];
        snprintf(text, sizeof text, R2 "%s", between[i]);
        LINT("", {"a.py", R1 "    op.create_table('t')\n", true}, {"b.py", text, true},
             {"c.py", R3 "    op.create_table('t')\n", true});
    }
    /* ... or the creating upgrade itself is not all read. */
    LINT("", {"a.py", R1 "    op.create_table('t')\n", true},
         {"b.py", R2 "    if not has_table('t'):\n        op.create_table('t')\n", true});
}

static void missing_tables(void **state) {
    (void)state;
    /* Dropped, or renamed away, by an ancestor. */
    LINT("b.py:5 MF201\n", {"a.py", R1 "    op.create_table('t')\n    op.drop_table('t')\n", true},
         {"b.py",
          "revision = 'r2'\ndown_revision = 'r1'\ndef upgrade():\n    pass\n"
          "    op.add_column('T', sa.Column('x'))\n",
          true});
    LINT("b.py:6 MF201\n", {"a.py", R1 "    op.rename_table('t', 'u')\n", true},
         {"b.py",
          R2 "    x = 1\n    with op.batch_alter_table('t') as b:\n        b.drop_column('x')\n",
          true});
    /* Made only later, or on another branch. */
    LINT("a.py:4 MF201\n", {"a.py", R1 "    op.create_index('ix', 't', ['a'])\n", true},
         {"b.py", R2 "    op.create_table('t')\n", true});
    LINT("b.py:1 MF103\nb.py:4 MF201\nc.py:1 MF103\n", {"a.py", R1 "    pass\n", true},
         {"b.py",
          "revision = 'b'\ndown_revision = 'r1'\ndef upgrade():\n    op.drop_column('t', 'x')\n",
          true},
         {"c.py",
          "revision = 'c'\ndown_revision = 'r1'\ndef upgrade():\n    op.create_table('t')\n",
          true});
    /* Near misses: renamed and used by its new name; dropped and re-created;
     * a baseline table (used, never created); another schema; a depends_on
     * that orders the branches; an uncertain revision that may have made it. */
    LINT("", {"a.py", R1 "    op.create_table('t')\n    op.rename_table('t', 'u')\n", true},
         {"b.py", R2 "    op.add_column('u', c)\n", true});
    LINT("", {"a.py", R1 "    op.create_table('t')\n    op.drop_table('t')\n", true},
         {"b.py", R2 "    op.create_table('t')\n", true},
         {"c.py", R3 "    op.add_column('t', c)\n", true});
    LINT("", {"a.py", R1 "    op.add_column('users', c)\n", true},
         {"b.py", R2 "    op.drop_column('users', 'x')\n", true});
    LINT("",
         {"a.py",
          R1 "    op.create_table('t', schema='audit')\n    op.drop_table('t', schema='audit')\n",
          true},
         {"b.py", R2 "    op.add_column('t', c)\n", true});
    LINT("", {"a.py", R1 "    pass\n", true},
         {"b.py",
          "revision = 'b'\ndown_revision = 'c'\ndef upgrade():\n    op.add_column('t', c)\n", true},
         {"c.py",
          "revision = 'c'\ndown_revision = 'r1'\ndef upgrade():\n    op.create_table('t')\n",
          true});
    LINT("", {"a.py", R1 "    op.create_table('t')\n    op.drop_table('t')\n", true},
         {"b.py", R2 "    make_tables()\n", true},
         {"c.py", R3 "    op.drop_column('t', 'x')\n", true});
    LINT("", {"a.py", R1 "    op.create_table('t')\n    op.drop_table('t')\n", true},
         {"b.py", R2 "    if sqlite:\n        op.create_table('t')\n", true},
         {"c.py", R3 "    op.drop_column('t', 'x')\n", true});
}

#define DOWN "def downgrade():\n"

static void missing_columns(void **state) {
    (void)state;
    /* Renamed away by the parent, and used by its old name (in a batch block
     * too); dropped by an ancestor; never in the table an ancestor made. */
    LINT("b.py:4 MF202\n",
         {"a.py",
          R1 "    op.create_table('t', sa.Column('a'))\n"
             "    op.alter_column('t', 'a', new_column_name='b')\n",
          true},
         {"b.py", R2 "    op.alter_column('t', 'a', nullable=False)\n", true});
    LINT("b.py:5 MF202\n", {"a.py", R1 "    op.drop_column('t', 'a')\n", true},
         {"b.py", R2 "    with op.batch_alter_table('t') as b:\n        b.drop_column('a')\n",
          true});
    LINT("b.py:4 MF202\n", {"a.py", R1 "    op.create_table('t', sa.Column('id'))\n", true},
         {"b.py", R2 "    op.create_index(op.f('ix_t_a'), 't', ['id', 'a'])\n", true});
    LINT("b.py:4 MF202\n", {"a.py", R1 "    op.create_table('t', sa.Column('id'))\n", true},
         {"b.py", R2 "    op.create_foreign_key('fk', 'u', 't', ['t_id'], ['tid'])\n", true});
    /* Made only later. */
    LINT("b.py:4 MF202\n", {"a.py", R1 "    op.create_table('t', sa.Column('id'))\n", true},
         {"b.py", R2 "    op.drop_column('t', 'a')\n", true},
         {"c.py", R3 "    op.add_column('t', sa.Column('a'))\n", true});
    /* Near misses: renamed and used by its new name; dropped and added back;
     * a table made with columns migfix cannot all name (a splat, a helper's,
     * a mixin); a column a helper may add; a table dropped and re-created by
     * an uncertain revision; a baseline table (never created here); a column
     * expression in an index. */
    LINT("",
         {"a.py",
          R1 "    op.create_table('t', sa.Column('a'))\n"
             "    op.alter_column('t', 'a', new_column_name='b')\n",
          true},
         {"b.py", R2 "    op.alter_column('t', 'b', nullable=False)\n", true});
    LINT("", {"a.py", R1 "    op.drop_column('t', 'a')\n", true},
         {"b.py", R2 "    op.add_column('t', sa.Column('a'))\n", true},
         {"c.py", R3 "    op.drop_column('t', 'a')\n", true});
    const char *opaque[] = {
        "    op.create_table('t', sa.Column('id'), *columns())\n",
        "    op.create_table('t', sa.Column('id'), audit_columns())\n",
        "    op.create_table('t', sa.Column(name))\n",
        "    op.create_table('t', sa.Column('id'))\n    add_more()\ndef add_more():\n"
        "    op.add_column('t', sa.Column('a'))\n",
        "    op.create_table('t', sa.Column('id'))\n    op.add_column('t', column)\n",
        "    op.create_table('t', sa.Column('id'))\n    op.add_column(name, sa.Column('a'))\n",
        "    op.create_table('x', sa.Column('a'))\n    op.rename_table('x', 't')\n",
        "    op.create_table('t', sa.Column('id'))\n"
        "    with op.batch_alter_table('t', copy_from=t_table) as b:\n        "
        "b.alter_column('id')\n",
    };
    for (size_t i = 0; i < sizeof opaque / sizeof *opaque; i++) {
        char text[256];
        snprintf(text, sizeof text, R1 "%s", opaque[i]);
        LINT("", {"a.py", text, true},
             {"b.py", R2 "    op.alter_column('t', 'a', nullable=False)\n", true});
    }
    LINT("", {"a.py", R1 "    op.create_table('t', sa.Column('id'))\n", true},
         {"b.py", R2 "    op.execute('DROP TABLE t; CREATE TABLE t (a int)')\n", true},
         {"c.py", R3 "    op.drop_column('t', 'a')\n", true});
    LINT("", {"a.py", R1 "    op.add_column('users', sa.Column('b'))\n", true},
         {"b.py", R2 "    op.alter_column('users', 'a', nullable=False)\n", true});
    LINT("", {"a.py", R1 "    op.create_table('t', sa.Column('id'))\n", true},
         {"b.py", R2 "    op.create_index('ix', 't', [sa.text('lower(a)')])\n", true});
}

static void duplicate_objects(void **state) {
    (void)state;
    /* A column create_table made, or one added twice; an index or a named
     * constraint an ancestor made. */
    LINT("b.py:4 MF203\n", {"a.py", R1 "    op.create_table('t', sa.Column('a'))\n", true},
         {"b.py", R2 "    op.add_column('t', sa.Column('a', sa.Integer()))\n", true});
    LINT("a.py:5 MF203\n",
         {"a.py",
          R1 "    op.add_column('t', sa.Column('a'))\n    op.add_column('t', sa.Column('a'))\n",
          true});
    LINT("b.py:4 MF203\n", {"a.py", R1 "    op.create_index('ix_t_a', 't', ['a'])\n", true},
         {"b.py", R2 "    op.create_index(op.f('ix_t_a'), 't', ['a'])\n", true});
    LINT("b.py:4 MF203\n",
         {"a.py",
          R1 "    op.create_table('t', sa.Column('a'), sa.UniqueConstraint('a', name='uq_a'))\n",
          true},
         {"b.py", R2 "    op.create_unique_constraint('uq_a', 't', ['a'])\n", true});
    /* Near misses: dropped in between (the index, its column, its table);
     * an index of the same name on another table (MySQL names them per
     * table); a constraint with no name. */
    LINT("", {"a.py", R1 "    op.create_index('ix_t_a', 't', ['a'])\n", true},
         {"b.py", R2 "    op.drop_index('ix_t_a')\n", true},
         {"c.py", R3 "    op.create_index('ix_t_a', 't', ['a'])\n", true});
    LINT("", {"a.py", R1 "    op.create_table('t', sa.Column('a'))\n", true},
         {"b.py", R2 "    op.drop_table('t')\n    op.create_table('t')\n", true},
         {"c.py", R3 "    op.add_column('t', sa.Column('a'))\n", true});
    LINT("", {"a.py", R1 "    op.create_index('ix', 't', ['a'])\n", true},
         {"b.py", R2 "    op.create_index('ix', 'u', ['a'])\n", true});
    LINT("", {"a.py", R1 "    op.create_unique_constraint(None, 't', ['a'])\n", true},
         {"b.py", R2 "    op.create_unique_constraint(None, 't', ['a'])\n", true});
    LINT("", {"a.py", R1 "    op.create_index('ix', 't', ['a'])\n", true},
         {"b.py", R2 "    op.drop_index(name)\n", true},
         {"c.py", R3 "    op.create_index('ix', 't', ['a'])\n", true});
}

/* Raw SQL DDL that sql.c reads is followed like the operations. */
static void raw_sql(void **state) {
    (void)state;
    /* Session statements make no object: the revision is read whole (its
     * create_table is then seen made twice); SET search_path may send
     * later DDL elsewhere: not read. */
    LINT("b.py:5 MF203\n", {"a.py", R1 "    op.create_table('t')\n", true},
         {"b.py",
          R2 "    op.execute('SET statement_timeout = 1000')\n    op.create_table('t')\n"
             "    op.get_bind().execute(sa.text('COMMIT'))\n",
          true});
    LINT("", {"a.py", R1 "    op.create_table('t')\n", true},
         {"b.py", R2 "    op.execute('SET search_path TO other')\n    op.create_table('t')\n",
          true});
    /* Also read: a raw string; a data statement other than UPDATE, INSERT
     * or DELETE (WITH, TRUNCATE); an extension known to make no table.
     * Near misses: SELECT ... INTO makes a table; postgis makes one. */
    const char *read[] = {
        "    op.execute(r'CREATE INDEX ix ON t (a)')\n",
        "    op.execute('WITH x AS (SELECT 1) UPDATE t SET a = 1')\n",
        "    op.execute('TRUNCATE t')\n",
        "    op.execute('CREATE EXTENSION IF NOT EXISTS citext')\n",
    };
    for (size_t i = 0; i < sizeof read / sizeof *read; i++) {
        char text[256];
        snprintf(text, sizeof text, R2 "%s    op.create_table('t')\n", read[i]);
        LINT("b.py:5 MF203\n", {"a.py", R1 "    op.create_table('t')\n", true},
             {"b.py", text, true});
    }
    const char *unread[] = {
        "    op.execute('WITH x AS (SELECT 1) SELECT * INTO u FROM x')\n",
        "    op.execute('CREATE EXTENSION postgis')\n",
    };
    for (size_t i = 0; i < sizeof unread / sizeof *unread; i++) {
        char text[256];
        snprintf(text, sizeof text, R2 "%s    op.create_table('t')\n", unread[i]);
        LINT("", {"a.py", R1 "    op.create_table('t')\n", true}, {"b.py", text, true});
    }
    /* SQL assigned to a name that reaches op.execute is read there; rebound
     * under an if, it is not (the revision may do anything). */
    LINT("b.py:4 MF203\n",
         {"a.py", R1 "    sql = 'CREATE TABLE t (id int)'\n    op.execute(sql)\n", true},
         {"b.py", R2 "    op.create_table('t')\n", true});
    LINT("",
         {"a.py",
          R1 "    sql = 'CREATE TABLE t (id int)'\n    if x:\n        sql = other\n"
             "    op.execute(sql)\n",
          true},
         {"b.py", R2 "    op.create_table('t')\n", true});
    /* Adjacent literals are one string, as in Python. */
    LINT("b.py:4 MF203\n",
         {"a.py", R1 "    op.execute('CREATE TABLE t '\n               '(id int)')\n", true},
         {"b.py", R2 "    op.create_table('t')\n", true});
    LINT("b.py:4 MF203\n", {"a.py", R1 "    op.execute('CREATE TABLE t (id int)')\n", true},
         {"b.py", R2 "    op.create_table('t')\n", true});
    LINT("c.py:4 MF201\n", {"a.py", R1 "    op.create_table('t')\n", true},
         {"b.py", R2 "    op.execute(sa.text('UPDATE t SET a = 1; DROP TABLE \"t\"'))\n", true},
         {"c.py", R3 "    op.add_column('t', sa.Column('a'))\n", true});
    LINT("b.py:4 MF203\n",
         {"a.py", R1 "    op.get_bind().execute('ALTER TABLE t ADD COLUMN a integer')\n", true},
         {"b.py", R2 "    op.add_column('t', sa.Column('a'))\n", true});
    LINT("b.py:4 MF203\n", {"a.py", R1 "    op.execute('CREATE INDEX ix ON t (a)')\n", true},
         {"b.py", R2 "    op.create_index('ix', 't', ['a'])\n", true});
    /* IF NOT EXISTS reads as without it (what migfix writes must not change
     * the chain), and leaves the table there; but it cannot fail itself. */
    LINT("b.py:4 MF203\n",
         {"a.py", R1 "    op.execute('CREATE TABLE IF NOT EXISTS t (id int)')\n", true},
         {"b.py", R2 "    op.create_table('t')\n", true});
    LINT("", {"a.py", R1 "    op.create_table('t')\n", true},
         {"b.py", R2 "    op.execute('create table if not exists t (id int)')\n", true});
    /* Near misses: a session's temporary table, a name migfix cannot read,
     * several tables at once, a statement sql.c does not follow. */
    const char *sql[] = {
        "    op.execute('CREATE TEMPORARY TABLE t (id int)')\n",
        "    op.execute(f'CREATE TABLE {name} (id int)')\n",
        "    op.execute('CREATE TABLE t (id int); CREATE MATERIALIZED VIEW v AS SELECT 1')\n",
    };
    for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
        char text[256];
        snprintf(text, sizeof text, R1 "%s", sql[i]);
        LINT("", {"a.py", text, true}, {"b.py", R2 "    op.create_table('t')\n", true});
    }
    /* A view, a function or a trigger makes no table, column or index: the
     * rest is still followed. */
    const char *no_object[] = {
        "CREATE VIEW v AS SELECT 1",
        "CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()",
    };
    for (size_t i = 0; i < sizeof no_object / sizeof *no_object; i++) {
        char text[256];
        snprintf(text, sizeof text, R1 "    op.execute('CREATE TABLE t (id int); %s')\n",
                 no_object[i]);
        LINT("b.py:4 MF203\n", {"a.py", text, true},
             {"b.py", R2 "    op.create_table('t')\n", true});
    }
    LINT("", {"a.py", R1 "    op.create_table('t')\n", true},
         {"b.py", R2 "    op.execute('DROP TABLE t, u')\n", true},
         {"c.py", R3 "    op.add_column('t', sa.Column('a'))\n", true});
}

/* PostgreSQL's enum types: create_table makes them (with no check) and
 * drop_table leaves them. */
static void enum_types(void **state) {
    (void)state;
#define MOOD "sa.Enum('happy', 'sad', name='mood')"
    /* Two tables of one upgrade with the same enum: SQLAlchemy makes it
     * once per DDL runner, and Alembic's lives for the whole command. In
     * two revisions, it fails only when they run in separate commands: a
     * warning (the rule and place are what LINT prints). */
    LINT("", {"a.py",
              R1 "    op.create_table('a', sa.Column('m', " MOOD "))\n"
                 "    op.create_table('b', sa.Column('m', " MOOD "))\n",
              true});
    LINT("b.py:4 MF203\n",
         {"a.py", R1 "    op.create_table('a', sa.Column('m', " MOOD "))\n", true},
         {"b.py", R2 "    op.create_table('b', sa.Column('m', " MOOD "))\n", true});
    /* An explicit create after create_table made it; an ancestor's SQL made
     * it; a name bound to the Enum. */
    LINT("b.py:4 MF203\n",
         {"a.py", R1 "    op.create_table('a', sa.Column('m', " MOOD "))\n", true},
         {"b.py", R2 "    " MOOD ".create(op.get_bind())\n", true});
    LINT("b.py:4 MF203\n",
         {"a.py", R1 "    op.execute(\"CREATE TYPE mood AS ENUM ('happy', 'sad')\")\n", true},
         {"b.py", R2 "    op.create_table('a', sa.Column('m', mood))\nmood = " MOOD "\n", true});
    /* The downgrade drops the table but not its type. */
    LINT("a.py:4 MF205\n",
         {"a.py",
          R1 "    op.create_table('a', sa.Column('m', " MOOD "))\n" DOWN "    op.drop_table('a')\n",
          true});
    /* Near misses: dropped in between (by name, or through a name migfix
     * cannot read); create_type=False and native_enum=False make no type; a
     * create that checks first; one create_table using it twice; the
     * downgrade drops it; not PostgreSQL. */
    LINT(
        "", {"a.py", R1 "    op.create_table('a', sa.Column('m', " MOOD "))\n", true},
        {"b.py", R2 "    op.drop_table('a')\n    sa.Enum(name='mood').drop(op.get_bind())\n", true},
        {"c.py", R3 "    op.create_table('b', sa.Column('m', " MOOD "))\n", true});
    LINT("", {"a.py", R1 "    op.create_table('a', sa.Column('m', " MOOD "))\n", true},
         {"b.py", R2 "    kind.drop(op.get_bind())\n", true},
         {"c.py", R3 "    op.create_table('b', sa.Column('m', " MOOD "))\n", true});
    LINT("", {"a.py", R1 "    op.create_table('a', sa.Column('m', " MOOD "))\n", true},
         {"b.py",
          R2 "    op.create_table('b', sa.Column('m', postgresql.ENUM('happy', name='mood', "
             "create_type=False)))\n"
             "    op.create_table('c', sa.Column('m', sa.Enum('x', name='mood', "
             "native_enum=False)))\n"
             "    postgresql.ENUM('happy', 'sad', name='mood').create(op.get_bind())\n"
             "    " MOOD ".create(op.get_bind(), checkfirst=True)\n",
          true});
    LINT("", {"a.py",
              R1 "    op.create_table('a', sa.Column('m', " MOOD "), sa.Column('n', " MOOD
                 "))\n" DOWN "    op.drop_table('a')\n    " MOOD ".drop(op.get_bind())\n",
              true});
    dialect = MF_DIALECT_SQLITE;
    LINT("", {"a.py",
              R1 "    op.create_table('a', sa.Column('m', " MOOD "))\n"
                 "    op.create_table('b', sa.Column('m', " MOOD "))\n" DOWN
                 "    op.drop_table('a')\n    op.drop_table('b')\n",
              true});
    dialect = MF_DIALECT_POSTGRESQL;
#undef MOOD
}

/* The guard of revision ID in the chain of FILES, as "all_of" or "all_of
 * any_of from FROM", or "-" for none; malloc'd. */
static char *guard_of(const file *files, size_t n, const char *id) {
    mf_chain *chain;
    free(lint(files, n, &chain));
    const mf_revision_guard *g = mf_chain_guard(chain, id);
    mf_buf out = {0};
    if (!g)
        mf_buf_puts(&out, "-");
    else if (!g->any_of.python)
        mf_buf_puts(&out, g->all_of.python);
    else
        mf_buf_printf(&out, "%s any_of %s from %s", g->all_of.python, g->any_of.python, g->from);
    if (g && g->none_of.python)
        mf_buf_printf(&out, " none_of %s", g->none_of.python);
    mf_chain_free(chain);
    return mf_buf_detach(&out);
}

#define GUARD(id, expected, ...)                                                                   \
    do {                                                                                           \
        const file files[] = {__VA_ARGS__};                                                        \
        char *got = guard_of(files, sizeof files / sizeof files[0], id);                           \
        assert_string_equal(got, expected);                                                        \
        free(got);                                                                                 \
    } while (0)

#define DROP_T DOWN "    op.drop_table('t')\n"

/* Revision witnesses: what only one revision makes, nothing removes and its
 * downgrade drops; borrowed from the nearest descendant when a revision has
 * none. */
static void witnesses(void **state) {
    (void)state;
    GUARD("r1", "[(\"table\", None, \"t\")]",
          {"a.py", R1 "    op.create_table('t')\n" DROP_T, true});
    /* Schema and spelling as written; a column added to a table made
     * elsewhere; everything R makes that survives is checked too. */
    GUARD(
        "r2",
        "[(\"column\", \"audit\", \"Log\", \"who\"), (\"index\", \"audit\", \"Log\", \"ix_who\")]",
        {"a.py",
         R1 "    op.create_table('Log', schema='audit')\n" DOWN
            "    op.drop_table('Log', schema='audit')\n",
         true},
        {"b.py",
         R2 "    op.add_column('Log', sa.Column('who'), schema='audit')\n"
            "    op.create_index('ix_who', 'Log', ['who'], schema='audit')\n" DOWN
            "    op.drop_table('Log', schema='audit')\n",
         true});
    /* A data-only revision borrows its child's witness. */
    GUARD("r2", "[] any_of [(\"table\", None, \"u\")] from r3",
          {"a.py", R1 "    op.create_table('t')\n" DROP_T, true},
          {"b.py", R2 "    op.execute('UPDATE t SET a = a * 100')\n", true},
          {"c.py", R3 "    op.create_table('u')\n" DOWN "    op.drop_table('u')\n", true});
    /* A table rebuild: the table is not its own (r1 made it), the new column
     * is. */
    GUARD("r2",
          "[(\"table\", None, \"t\"), (\"column\", None, \"t\", \"c\")] none_of [(\"table\", None, "
          "\"t_old\")]",
          {"a.py", R1 "    op.create_table('t', sa.Column('id'))\n" DROP_T, true},
          {"b.py",
           R2 "    op.rename_table('t', 't_old')\n"
              "    op.create_table('t', sa.Column('id'), sa.Column('c'))\n"
              "    op.execute('INSERT INTO t (id) SELECT id FROM t_old')\n"
              "    op.drop_table('t_old')\n" DOWN "    op.rename_table('t', 't_old')\n"
              "    op.create_table('t', sa.Column('id'))\n    op.drop_table('t_old')\n",
           true});
    /* What an ancestor removed before R ran does not count against R's. */
    GUARD("r3", "[(\"column\", None, \"t\", \"note\")]",
          {"a.py", R1 "    op.create_table('t', sa.Column('id'))\n" DROP_T, true},
          {"b.py",
           R2 "    op.rename_table('t', 't_old')\n    op.create_table('t', sa.Column('id'))\n"
              "    op.drop_table('t_old')\n",
           true},
          {"c.py",
           R3 "    op.add_column('t', sa.Column('note'))\n" DOWN
              "    op.drop_column('t', 'note')\n",
           true});
    /* A downgrade that never undoes anything (none, raising first, doing
     * nothing) leaves all of R with its witness: skipping R is right. */
    const char *keeps_all[] = {"", DOWN "    raise NotImplementedError('no way back')\n",
                               DOWN "    \"\"\"Irreversible.\"\"\"\n    pass\n", DOWN "    ...\n"};
    for (size_t i = 0; i < sizeof keeps_all / sizeof *keeps_all; i++) {
        char text[256];
        snprintf(text, sizeof text, R1 "    op.create_table('t')\n%s", keeps_all[i]);
        GUARD("r1", "[(\"table\", None, \"t\")]", {"a.py", text, true});
    }
    /* A revision migfix cannot read wholly before R counts only for the
     * tables it may touch: what it reads, and what it cannot (an ALTER
     * TABLE of a form migfix does not follow). */
#define ALTER_U "    op.execute('ALTER TABLE u ALTER COLUMN a TYPE bigint')\n"
    GUARD("r2", "[(\"column\", None, \"t\", \"c\")]",
          {"a.py", R1 "    op.create_table('t')\n    op.create_table('u')\n" ALTER_U, true},
          {"b.py",
           R2 "    op.add_column('t', sa.Column('c'))\n" DOWN "    op.drop_column('t', 'c')\n",
           true});
    /* The same for what renames inside a table (a constraint), an index or
     * a type's value; a session statement makes nothing at all. */
    const char *elsewhere[] = {
        "    op.execute('ALTER TABLE u RENAME CONSTRAINT a TO b')\n",
        "    op.execute('ALTER INDEX ix_u RENAME TO ix_v')\n",
        "    op.execute(\"ALTER TYPE mood RENAME VALUE 'a' TO 'b'\")\n",
        "    op.execute('SET lock_timeout = 1000')\n",
        /* Read since: a sequence renamed beside a constraint (RENAME TO is
         * a table's only in ALTER TABLE); an index dropped; a schema or a
         * sequence made; a session's own table and what touches it; data
         * written through interpolated SQL; INTO in a comment. */
        "    op.execute('ALTER SEQUENCE u_id_seq RENAME TO v_id_seq; "
        "ALTER TABLE u RENAME CONSTRAINT a TO b')\n",
        "    op.execute('DROP INDEX ix_u')\n",
        "    op.execute(sa.schema.CreateSchema('audit'))\n",
        "    op.execute('CREATE TEMPORARY TABLE tmp AS SELECT a FROM u; CREATE INDEX ix_tmp ON tmp "
        "(a); UPDATE u SET a = 1 FROM tmp; DROP TABLE tmp')\n",
        "    op.execute(f'UPDATE u SET a = {value} WHERE b = {other}')\n",
        "    op.execute('''UPDATE u SET a = '%s' ''' % value)\n",
        "    op.execute(sa.text('UPDATE {} SET a = 1'.format(name)))\n",
        "    op.execute('UPDATE u SET a = 1 -- merged into b')\n",
        "    op.execute(f'''WITH x AS (SELECT a FROM u) INSERT INTO v SELECT a FROM x WHERE b = "
        "{b}''')\n",
        /* Triggers, functions and views are not followed; an enum's values
         * synced by alembic-postgresql-enum change types only. */
        "    op.execute('DROP TRIGGER tr ON u')\n",
        "    op.execute('CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE "
        "sql')\n",
        "    op.sync_enum_values('public', 'mood', ['a'], [TableReference(table_schema='public', "
        "table_name='u', column_name='m')])\n",
        "    value = MutableDict(data)\n",
        /* A name's SQL given through sa.text(...). */
        "    backfill = 'WITH x AS (SELECT a FROM u) UPDATE u SET a = 1 FROM x'\n"
        "    op.get_bind().execute(sa.text(backfill))\n",
        /* Read since: a table renamed in SQL, as op.rename_table is read
         * (u goes, w comes); values bound to a text() statement; SQL a
         * function of the file only returns, called directly or through a
         * loop over a list of such functions (Prefect's batches). */
        "    op.execute('ALTER TABLE u RENAME TO w')\n",
        "    op.execute('ALTER SEQUENCE u_id_seq RENAME TO v_id_seq; ALTER TABLE u RENAME TO "
        "\"w\";')\n",
        "    op.get_bind().execute(sa.text('UPDATE u SET a = :a').params(a=1))\n",
        "    def fill(n):\n        \"\"\"One batch.\"\"\"\n        return f'UPDATE u SET a = 1 "
        "LIMIT {n}'\n"
        "    op.get_bind().execute(sa.text(fill(500)))\n",
        "    def fill(n):\n        return f'UPDATE u SET a = 1 LIMIT {n}'\n"
        "    def clear(n):\n        return f'DELETE FROM u WHERE a IS NULL LIMIT {n}'\n"
        "    statements = [fill, clear]\n    for query in statements:\n"
        "        sql = sa.text(query(500))\n        op.get_bind().execute(sql)\n",
        /* SQL in a name a loop's body binds anew: its iterable was
         * evaluated once, before. */
        "    query = 'UPDATE u SET a = 1'\n    for row in op.get_bind().execute(query):\n"
        "        query = 'UPDATE u SET b = 2'\n        op.get_bind().execute(query)\n",
    };
    /* (Each with W, another revision that may alter t and could run
     * between them: were r1's statement read as touching t, W could remove
     * what r1 made, and R's witness would be ruled out.) */
#define W_ALTERS_T                                                                                 \
    {                                                                                              \
        "w.py",                                                                                    \
            "revision = 'rw'\ndown_revision = 'r1'\ndef upgrade():\n"                              \
            "    op.execute('ALTER TABLE t ALTER COLUMN a TYPE bigint')\n",                        \
            true                                                                                   \
    }
    for (size_t i = 0; i < sizeof elsewhere / sizeof *elsewhere; i++) {
        char text[512];
        snprintf(text, sizeof text, R1 "    op.create_table('t')\n    op.create_table('u')\n%s",
                 elsewhere[i]);
        GUARD("r2", "[(\"column\", None, \"t\", \"c\")]", {"a.py", text, true},
              {"b.py",
               R2 "    op.add_column('t', sa.Column('c'))\n" DOWN "    op.drop_column('t', 'c')\n",
               true},
              W_ALTERS_T);
    }
    /* DDL interpolated from a loop over a module's constant rows: read
     * with each row's names, so it touches u only; near miss: a row names
     * t. */
    const char *loop_over = "    op.create_table('t')\n    op.create_table('u')\n"
                            "    for schema, name in TABLES:\n"
                            "        op.execute(f'ALTER TABLE {schema}.{name} ALTER COLUMN a TYPE "
                            "bigint')\n";
    const file r2_adds_c = {
        "b.py", R2 "    op.add_column('t', sa.Column('c'))\n" DOWN "    op.drop_column('t', 'c')\n",
        true};
    char rows[512];
    snprintf(rows, sizeof rows, "TABLES = (('public', 'u'),)\n" R1 "%s", loop_over);
    GUARD("r2", "[(\"column\", None, \"t\", \"c\")]", {"a.py", rows, true}, r2_adds_c, W_ALTERS_T);
    snprintf(rows, sizeof rows, "TABLES = (('public', 'u'), ('public', 't'))\n" R1 "%s", loop_over);
    GUARD("r2", "-", {"a.py", rows, true}, r2_adds_c, W_ALTERS_T);
    /* An ALTER INDEX before R may make R's index (renamed), and only a
     * revision that may remove it again before R makes a lost database
     * have it before R: a clean run of the original, which makes it
     * unguarded in R, shows it absent right before R. */
#define R2_MAKES_IX                                                                                \
    {                                                                                              \
        "b.py",                                                                                    \
            R2 "    op.create_index('ix_t_a', 't', ['a'])\n" DOWN                                  \
               "    op.drop_index('ix_t_a', table_name='t')\n",                                    \
            true                                                                                   \
    }
    const file alter_index = {
        "a.py",
        R1 "    op.create_table('t')\n    op.execute('ALTER INDEX ix_u RENAME TO ix_t_a')\n", true};
    GUARD("r2", "[(\"index\", None, \"t\", \"ix_t_a\")]", alter_index, R2_MAKES_IX);
    GUARD("r2", "-", alter_index, R2_MAKES_IX,
          {"w.py",
           "revision = 'rw'\ndown_revision = 'r1'\ndef upgrade():\n"
           "    op.execute('ALTER INDEX ix_t_a RENAME TO ix_v')\n",
           true});
    GUARD("r2", "-", alter_index, R2_MAKES_IX,
          {"w.py",
           "revision = 'rw'\ndown_revision = 'r1'\ndef upgrade():\n    op.drop_index('ix_t_a')\n",
           true});
#undef R2_MAKES_IX
    /* Near misses: it alters the witness's table, renames (a table of any
     * name), or touches a table it names in SQL migfix cannot read; a
     * revision before R drops the witness by name (it may have been there
     * before R, made outside the chain). */
    const char *unsure_t[] = {
        "    op.create_table('t')\n    op.execute('ALTER TABLE t ALTER COLUMN a TYPE bigint')\n",
        /* A table renamed to t (its columns unread: c among them?), or
         * into another schema; DDL a function of the file returns, or
         * SQL from a function that does more than return it, or from one
         * of two of the same name. */
        "    op.create_table('u')\n    op.execute('ALTER TABLE u RENAME TO t')\n",
        "    op.create_table('t')\n    op.execute('ALTER TABLE u RENAME TO s.w')\n",
        "    op.create_table('t')\n    def add(n):\n        return f'ALTER TABLE t ADD COLUMN c{n} "
        "int'\n"
        "    op.get_bind().execute(sa.text(add(1)))\n",
        "    op.create_table('t')\n    def fill(n):\n        log(n)\n"
        "        return f'UPDATE u SET a = {n}'\n    op.get_bind().execute(sa.text(fill(1)))\n",
        "    op.create_table('t')\n    def fill(n):\n        return f'UPDATE u SET a = {n}'\n"
        "    def fill(n):\n        return f'DROP TABLE t'\n    "
        "op.get_bind().execute(sa.text(fill(1)))\n",
        "    op.create_table('t')\n    op.execute(sql)\n",
        "    op.create_table('t')\n    op.drop_column('t', 'c')\n",
        /* ... and what still is not read: DDL on an interpolated table, a
         * statement after an interpolated `;`, SELECT ... INTO, a table
         * renamed beside a sequence. */
        "    op.create_table('t')\n    op.execute(f'ALTER TABLE {name} ADD COLUMN c int')\n",
        "    op.create_table('t')\n    op.execute(f'UPDATE u SET a = 1; {more}')\n",
        "    op.create_table('t')\n    op.execute('SELECT a INTO w FROM u')\n",
        "    op.create_table('t')\n    op.execute('CREATE OR REPLACE TABLE t (a int, c int)')\n",
        "    op.create_table('t')\n    op.execute('DROP SCHEMA s CASCADE')\n",
        "    op.create_table('t')\n    op.execute('DROP MATERIALIZED VIEW mv')\n",
        "    op.create_table('t')\n    op.execute('WITH x AS (SELECT 1) SELECT * INTO w FROM x')\n",
        "    op.create_table('t')\n    query = 'UPDATE u SET a = 1'\n    while flag:\n"
        "        op.get_bind().execute(query)\n        query = 'DROP TABLE t'\n",
    };
    for (size_t i = 0; i < sizeof unsure_t / sizeof *unsure_t; i++) {
        char text[512];
        snprintf(text, sizeof text, R1 "%s", unsure_t[i]);
        const file r2 = {"b.py",
                         R2 "    op.add_column('t', sa.Column('c'))\n" DOWN
                            "    op.drop_column('t', 'c')\n",
                         true};
        GUARD("r2", "-", {"a.py", text, true}, r2, W_ALTERS_T);
        /* Alone, it proves nothing against R (but a drop by name does, and
         * a table made again may make the column). */
        /* Read: t made again, or a table renamed to t (its columns unread). */
        bool made_twice = strstr(unsure_t[i], "OR REPLACE TABLE t") != NULL ||
                          strstr(unsure_t[i], "RENAME TO t'") != NULL;
        GUARD("r2",
              strstr(unsure_t[i], "drop_column") || made_twice
                  ? "-"
                  : "[(\"column\", None, \"t\", \"c\")]",
              {"a.py", text, true}, r2);
    }
#undef ALTER_U
#undef W_ALTERS_T
    /* No witness: the downgrade undoes part of R and keeps it (rows; a
     * column, then it raises); another revision makes it too; a later one
     * drops it; a revision migfix cannot read runs before; a helper may make
     * it. Data with no witness after it is MF301. */
    GUARD("r1", "-",
          {"a.py",
           R1 "    op.create_table('t')\n    op.execute('INSERT INTO t VALUES (1)')\n" DOWN
              "    op.execute('DELETE FROM t')\n",
           true});
    GUARD("r1", "-",
          {"a.py",
           R1 "    op.create_table('t')\n    op.create_table('u')\n" DOWN
              "    op.drop_table('u')\n    raise NotImplementedError()\n",
           true});
    GUARD(
        "r1", "-", {"a.py", R1 "    op.create_table('t')\n" DROP_T, true},
        {"b.py", R2 "    op.drop_table('t')\n    op.create_table('t')\n" DOWN "    pass\n", true});
    /* A helper may make it: alone, that is no proof (a clean run shows it
     * did not, or R would fail), but with a revision that may drop it again
     * before R (here on another branch), a lost database may have it. */
    GUARD("r2", "[(\"table\", None, \"u\")]", {"a.py", R1 "    make_tables()\n", true},
          {"b.py", R2 "    op.create_table('u')\n" DOWN "    op.drop_table('u')\n", true});
    GUARD("r2", "-", {"a.py", R1 "    make_tables()\n", true},
          {"b.py", R2 "    op.create_table('u')\n" DOWN "    op.drop_table('u')\n", true},
          {"w.py",
           "revision = 'rw'\ndown_revision = 'r1'\ndef upgrade():\n    op.drop_table('u')\n",
           true});
    GUARD("r1", "-", {"a.py", R1 "    op.create_table('t')\n" DROP_T, true},
          {"b.py", R2 "    pass\ndef helper():\n    op.create_table('t')\n", true});
    with_mf301 = true;
    LINT("b.py:1 MF301\n", {"a.py", R1 "    op.create_table('t')\n" DROP_T, true},
         {"b.py", R2 "    op.execute('UPDATE t SET a = 1')\n", true});
    /* ... but not when a later revision has one, nor for a revision that
     * writes no rows. */
    LINT("", {"a.py", R1 "    op.create_table('t')\n" DROP_T, true},
         {"b.py", R2 "    op.execute('UPDATE t SET a = 1')\n", true},
         {"c.py", R3 "    op.create_table('u')\n" DOWN "    op.drop_table('u')\n", true});
    /* A sequence set from its table's max(...) is the same when run again:
     * no rows; from a constant, a replay resets it. */
    LINT("", {"a.py", R1 "    op.create_table('t')\n" DROP_T, true},
         {"b.py", R2 "    op.execute(\"SELECT setval('t_id_seq', max(id)) FROM t\")\n", true});
    LINT("b.py:1 MF301\n", {"a.py", R1 "    op.create_table('t')\n" DROP_T, true},
         {"b.py", R2 "    op.execute(\"SELECT setval('t_id_seq', 1)\")\n", true});
    with_mf301 = false;
    /* Nothing for a chain migfix cannot read whole. */
    GUARD("r1", "-", {"a.py", R1 "    op.create_table('t')\n" DROP_T, true},
          {"b.py", "revision = name\ndown_revision = 'r1'\ndef upgrade():\n    pass\n", true});
}

/* A witness shows that a revision started; it is relied on only when the
 * guard also checks the effect of the revision's last DDL statement (MySQL,
 * MariaDB and SQLite keep the first statements of a revision that stopped
 * half way). Otherwise the revision borrows a descendant's witness: a
 * revision that started proves that its ancestors finished. */
static void finished_revisions(void **state) {
    (void)state;
    dialect = MF_DIALECT_MYSQL; /* where a revision can stop half way (one_transaction) */
#define T1                                                                                         \
    {                                                                                              \
        "a.py",                                                                                    \
            R1 "    op.create_table('t')\n    op.create_table('u')\n" DOWN                         \
               "    op.drop_table('t')\n    op.drop_table('u')\n",                                 \
            true                                                                                   \
    }
#define DROP_C DOWN "    op.drop_column('t', 'c')\n"
#define OWN_C "[(\"column\", None, \"t\", \"c\")]"
#define V_FROM_R3 " any_of [(\"table\", None, \"v\")] from r3"
#define R3_V                                                                                       \
    { "c.py", R3 "    op.create_table('v')\n" DOWN "    op.drop_table('v')\n", true }
    /* The last statement is the witness; rows before it. */
    GUARD("r2", OWN_C, T1, {"b.py", R2 "    op.add_column('t', sa.Column('c'))\n" DROP_C, true});
    GUARD("r2", OWN_C, T1,
          {"b.py",
           R2
           "    op.execute('UPDATE t SET a = 1')\n    op.add_column('t', sa.Column('c'))\n" DROP_C,
           true});
    /* Rows after the last DDL statement commit with the version row, after
     * the DDL: the column does not show that they were written. */
    GUARD("r2", "-", T1,
          {"b.py",
           R2
           "    op.add_column('t', sa.Column('c'))\n    op.execute('UPDATE t SET c = 1')\n" DROP_C,
           true});
    GUARD("r2", OWN_C V_FROM_R3, T1,
          {"b.py",
           R2
           "    op.add_column('t', sa.Column('c'))\n    op.execute('UPDATE t SET c = 1')\n" DROP_C,
           true},
          R3_V);
    /* Statements after the witness that no check can see: an unnamed foreign
     * key; a foreign key, unique=True or index=True inside add_column's
     * Column; an index create_table emits after the table; an ALTER that
     * makes nothing; a batch block that may rebuild its table; DDL under an
     * if, or in a helper of the file. */
    const char *tails[] = {
        "    op.add_column('t', sa.Column('c'))\n"
        "    op.create_foreign_key(None, 't', 'u', ['c'], ['id'])\n",
        "    op.add_column('t', sa.Column('c', sa.ForeignKey('u.id')))\n",
        "    op.add_column('t', sa.Column('c', unique=True))\n",
        "    op.add_column('t', sa.Column('c', index=True))\n",
        "    op.add_column('t', sa.Column('c'))\n"
        "    op.create_table('w', sa.Column('x', index=True))\n",
        "    op.add_column('t', sa.Column('c'))\n"
        "    op.create_table('w', sa.Column('x'), sa.Index('ix_w_x', 'x'))\n",
        "    op.add_column('t', sa.Column('c'))\n    op.alter_column('t', 'c', nullable=False)\n",
        "    with op.batch_alter_table('t') as b:\n        b.add_column(sa.Column('c'))\n"
        "        b.alter_column('c', nullable=False)\n",
        "    with op.batch_alter_table('t') as b:\n        b.alter_column('id', nullable=False)\n"
        "        b.add_column(sa.Column('c'))\n",
        "    with op.batch_alter_table('t', recreate='always') as b:\n"
        "        b.add_column(sa.Column('c'))\n",
        "    op.add_column('t', sa.Column('c'))\n    if op.get_context().dialect.name == "
        "'sqlite':\n"
        "        op.create_index('ix_t_c', 't', ['c'])\n",
        "    op.add_column('t', sa.Column('c'))\n    more()\n"
        "def more():\n    op.create_index('ix_t_c', 't', ['c'])\n",
        "    op.add_column('t', sa.Column('c'))\n    op.execute('CREATE VIEW v AS SELECT c FROM "
        "t')\n",
    };
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
        char text[512];
        snprintf(text, sizeof text, R2 "%s" DROP_C, tails[i]);
        GUARD("r2", "-", T1, {"b.py", text, true});
        /* The witness of a revision that started is still lent to it. */
        const file files[] = {T1, {"b.py", text, true}, R3_V};
        char *got = guard_of(files, 3, "r2");
        const char *end = got + strlen(got) - strlen(V_FROM_R3);
        assert_true(strncmp(got, OWN_C, strlen(OWN_C) - 1) == 0 && end > got &&
                    strcmp(end, V_FROM_R3) == 0);
        free(got);
    }
    /* Near misses: a named foreign key, the column's index made by its own
     * create_index or by raw SQL, index=False, a batch that only adds a
     * column. */
    GUARD("r2", "[(\"column\", None, \"t\", \"c\"), (\"index\", None, \"t\", \"ix_t_c\")]", T1,
          {"b.py",
           R2 "    op.add_column('t', sa.Column('c'))\n"
              "    op.get_bind().execute('CREATE INDEX ix_t_c ON t (c)')\n" DROP_C
              "    op.drop_index('ix_t_c', table_name='t')\n",
           true});
    GUARD("r2", "[(\"column\", None, \"t\", \"c\"), (\"constraint\", None, \"t\", \"fk_c\")]", T1,
          {"b.py",
           R2 "    op.add_column('t', sa.Column('c'))\n"
              "    op.create_foreign_key('fk_c', 't', 'u', ['c'], ['id'])\n" DROP_C,
           true});
    GUARD("r2", "[(\"column\", None, \"t\", \"c\"), (\"index\", None, \"t\", \"ix_t_c\")]", T1,
          {"b.py",
           R2 "    op.add_column('t', sa.Column('c', index=False))\n"
              "    op.create_index('ix_t_c', 't', ['c'])\n" DROP_C,
           true});
    GUARD(
        "r2", OWN_C, T1,
        {"b.py",
         R2
         "    with op.batch_alter_table('t') as b:\n        b.add_column(sa.Column('c'))\n" DROP_C,
         true});
    /* The last statement's index, dropped and made again by a descendant:
     * still there at head, and only made after R finished. Near miss: the
     * descendant only drops it. */
    GUARD("r2", "[(\"column\", None, \"t\", \"c\"), (\"index\", None, \"t\", \"ix\")]", T1,
          {"b.py",
           R2
           "    op.add_column('t', sa.Column('c'))\n    op.create_index('ix', 't', ['c'])\n" DROP_C,
           true},
          {"c.py",
           R3 "    op.drop_index('ix', table_name='t')\n    op.create_index('ix', 't', ['c'], "
              "unique=True)\n",
           true});
    GUARD("r2", "-", T1,
          {"b.py",
           R2
           "    op.add_column('t', sa.Column('c'))\n    op.create_index('ix', 't', ['c'])\n" DROP_C,
           true},
          {"c.py", R3 "    op.drop_index('ix', table_name='t')\n", true});
    /* The same through another table's witness; near miss: a revision on
     * another branch that migfix cannot read wholly alters the index's table,
     * so it may make the index before R finished. */
#define R2_W_IX                                                                                    \
    {"b.py",                                                                                       \
     R2 "    op.create_table('w')\n    op.create_index('ix', 't', ['a'])\n" DOWN                   \
        "    op.drop_table('w')\n",                                                                \
     true}
#define R3_IX_AGAIN                                                                                \
    {                                                                                              \
        "c.py",                                                                                    \
            R3 "    op.drop_index('ix', table_name='t')\n    op.create_index('ix', 't', ['a'])\n", \
            true                                                                                   \
    }
    GUARD("r2", "[(\"table\", None, \"w\"), (\"index\", None, \"t\", \"ix\")]", T1, R2_W_IX,
          R3_IX_AGAIN);
    const file rb = {"d.py",
                     "revision = 'rb'\ndown_revision = 'r1'\ndef upgrade():\n"
                     "    op.execute('ALTER TABLE t ALTER COLUMN a TYPE bigint')\n",
                     true};
    GUARD("r2", "[(\"table\", None, \"w\"), (\"index\", None, \"t\", \"ix\")]", T1, R2_W_IX,
          R3_IX_AGAIN, rb); /* alone, rb proves nothing against r2 */
    GUARD("r2", "-", T1, R2_W_IX, R3_IX_AGAIN, rb,
          {"e.py",
           "revision = 'rc'\ndown_revision = 'rb'\ndef upgrade():\n"
           "    op.drop_index('ix', table_name='t')\n",
           true});
#undef R2_W_IX
#undef R3_IX_AGAIN
    /* The last statement removes a table: checked gone, unless a revision
     * that may run later makes it again. */
    GUARD("r2", "[(\"table\", None, \"w\")] none_of [(\"table\", None, \"u\")]", T1,
          {"b.py",
           R2 "    op.create_table('w')\n    op.drop_table('u')\n" DOWN
              "    op.create_table('u')\n    op.drop_table('w')\n",
           true});
    GUARD("r2", "-", T1,
          {"b.py",
           R2 "    op.create_table('w')\n    op.drop_table('u')\n" DOWN
              "    op.create_table('u')\n    op.drop_table('w')\n",
           true},
          {"c.py", R3 "    op.create_table('u')\n" DOWN "    op.drop_table('u')\n", true});
#undef T1
#undef DROP_C
#undef OWN_C
#undef V_FROM_R3
#undef R3_V
    dialect = MF_DIALECT_POSTGRESQL;
}

/* A type made by an explicit `.create(bind)` is no witness: migfix adds
 * checkfirst=True to the call, after which it reads as making nothing, and a
 * second run must give the guard the first gave. */
static void created_types(void **state) {
    (void)state;
    const char *forms[] = {"op.get_bind()", "op.get_bind(), checkfirst=True"};
    for (size_t i = 0; i < 2; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 R1 "    sa.Enum('a', 'b', name='mood').create(%s)\n"
                    "    op.create_table('t', sa.Column('m', postgresql.ENUM(name='mood', "
                    "create_type=False)))\n" DOWN "    op.drop_table('t')\n"
                    "    sa.Enum(name='mood').drop(op.get_bind())\n",
                 forms[i]);
        GUARD("r1", "[(\"table\", None, \"t\")]", {"a.py", text, true});
    }
}

/* Where a revision runs in one transaction (PostgreSQL's DDL is
 * transactional, and Alembic opens one), a witness that is not the last
 * statement's effect still shows that all of the revision ran: the guard
 * says so with ("transaction",) first, which the helper checks at run time. */
static void one_transaction(void **state) {
    (void)state;
    const file t = {"a.py", R1 "    op.create_table('t')\n" DROP_T, true};
    const char *after =
        R2 "    op.add_column('t', sa.Column('c'))\n"
           "    op.execute('UPDATE t SET c = 1')\n" DOWN "    op.drop_column('t', 'c')\n";
    GUARD("r2", "[(\"transaction\",), (\"column\", None, \"t\", \"c\")]", t, {"b.py", after, true});
    with_mf301 = true;
    LINT("", t, {"b.py", after, true}); /* no MF301: the guard holds there */
    with_mf301 = false;
    /* Near misses: a database without it; a file that may commit on its
     * own; a witness a later revision lends comes first; no witness. */
    dialect = MF_DIALECT_SQLITE;
    GUARD("r2", "-", t, {"b.py", after, true});
    dialect = MF_DIALECT_POSTGRESQL;
    const char *commits[] = {
        "    with op.get_context().autocommit_block():\n        op.execute('VACUUM')\n",
        "    op.execute('CREATE INDEX CONCURRENTLY ix_t_c ON t (c)')\n",
        "    op.execute('COMMIT')\n",
    };
    for (size_t i = 0; i < sizeof commits / sizeof *commits; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 R2 "    op.add_column('t', sa.Column('c'))\n%s    op.execute('UPDATE t SET c = "
                    "1')\n" DOWN "    op.drop_column('t', 'c')\n",
                 commits[i]);
        GUARD("r2", "-", t, {"b.py", text, true});
    }
    GUARD("r2", "[(\"column\", None, \"t\", \"c\")] any_of [(\"table\", None, \"v\")] from r3", t,
          {"b.py", after, true},
          {"c.py", R3 "    op.create_table('v')\n" DOWN "    op.drop_table('v')\n", true});
    GUARD("r2", "-", t,
          {"b.py",
           R2 "    if flag:\n        op.add_column('t', sa.Column('c'))\n"
              "    op.execute('UPDATE t SET a = 1')\n" DOWN "    op.drop_column('t', 'c')\n",
           true});
}

/* Loops over literal names run once per name, certainly. */
/* The indexes of table 't' that revision ID's batch blocks may have to make
 * again (mf_chain_indexes_before), or "-". */
static char *indexes_of(const file *files, size_t n, const char *id) {
    mf_chain *chain;
    free(lint(files, n, &chain));
    mf_arena scratch = {0};
    const char *list = mf_chain_indexes_before(chain, &scratch, id, NULL, "t");
    char *out = mf_xstrdup(list ? list : "-");
    mf_arena_free(&scratch);
    mf_chain_free(chain);
    return out;
}

#define INDEXES(id, expected, ...)                                                                 \
    do {                                                                                           \
        const file files[] = {__VA_ARGS__};                                                        \
        char *got = indexes_of(files, sizeof files / sizeof files[0], id);                         \
        assert_string_equal(got, expected);                                                        \
        free(got);                                                                                 \
    } while (0)

static void rebuilt_indexes(void **state) {
    (void)state;
#define TABLE_T "    op.create_table('t', sa.Column('a'), sa.Column('b'))\n"
#define IX_A "(\"ix_a\", [\"a\"], False)"
#define BATCH "    with op.batch_alter_table('t') as batch_op:\n        batch_op.drop_column('b')\n"
    /* Each shape migfix can make again: create_index (unique, options of
     * other databases), CREATE INDEX as written, index=True by its default
     * name; sorted by name. */
    INDEXES(
        "r2",
        "[(\"ix_a\", [\"a\"], False), (\"ix_s\", \"CREATE UNIQUE INDEX ix_s ON t (lower(a))\"), "
        "(\"ix_t_c\", [\"c\"], True, True), (\"ix_u\", [\"a\"], True)]",
        {"a.py",
         R1 TABLE_T "    op.create_index('ix_u', 't', ['a'], unique=True,"
                    " postgresql_using='btree')\n"
                    "    op.create_index(op.f('ix_a'), 't', ['a'])\n"
                    "    op.execute('CREATE UNIQUE INDEX ix_s ON t (lower(a))')\n"
                    "    op.add_column('t', sa.Column('c', index=True, unique=True))\n",
         true},
        {"b.py", R2 BATCH, true});
    /* Near misses: a shape SQLite would make otherwise (sqlite_where), an
     * index made under an if, dropped since, made where a revision migfix
     * cannot read ran since, removed by the revision itself or by a later
     * one, or over a column the revision removes. */
    INDEXES("r2", "-",
            {"a.py",
             R1 TABLE_T "    op.create_index('ix_w', 't', ['a'], sqlite_where=sa.text('a'))\n",
             true},
            {"b.py", R2 BATCH, true});
    INDEXES("r2", "-",
            {"a.py", R1 TABLE_T "    if x:\n        op.create_index('ix_a', 't', ['a'])\n", true},
            {"b.py", R2 BATCH, true});
    INDEXES("r3", "-", {"a.py", R1 TABLE_T "    op.create_index('ix_a', 't', ['a'])\n", true},
            {"b.py", R2 "    op.drop_index('ix_a', table_name='t')\n", true},
            {"c.py", R3 BATCH, true});
    INDEXES("r3", "-", {"a.py", R1 TABLE_T "    op.create_index('ix_a', 't', ['a'])\n", true},
            {"b.py", R2 "    op.execute(sql)\n", true}, {"c.py", R3 BATCH, true});
    INDEXES("r2", "-", {"a.py", R1 TABLE_T "    op.create_index('ix_a', 't', ['a'])\n", true},
            {"b.py", R2 BATCH "        batch_op.drop_index('ix_a')\n", true});
    INDEXES("r2", "-", {"a.py", R1 TABLE_T "    op.create_index('ix_a', 't', ['a'])\n", true},
            {"b.py", R2 BATCH, true},
            {"c.py", R3 "    op.drop_index('ix_a', table_name='t')\n", true});
    INDEXES("r2", "-", {"a.py", R1 TABLE_T "    op.create_index('ix_b', 't', ['b'])\n", true},
            {"b.py", R2 BATCH, true});
    /* Still there when a revision in between changes other things. */
    INDEXES("r3", "[" IX_A "]",
            {"a.py", R1 TABLE_T "    op.create_index('ix_a', 't', ['a'])\n", true},
            {"b.py", R2 "    op.create_index('ix_other', 'u', ['a'])\n", true},
            {"c.py", R3 BATCH, true});
#undef TABLE_T
#undef IX_A
#undef BATCH
}

/* An object every branch of an `if ... else` makes is made whenever the
 * upgrade runs (a dialect check with the same column on both sides). */
static void every_branch(void **state) {
    (void)state;
#define TABLE_T "    op.create_table('t', sa.Column('a'), sa.Column('b'))\n"
#define BATCH "    with op.batch_alter_table('t') as batch_op:\n        batch_op.drop_column('b')\n"
#define BOTH(first, second) "    if x:\n        " first "\n    else:\n        " second "\n"
    INDEXES("r2", "[(\"ix_a\", [\"a\"], False)]",
            {"a.py",
             R1 TABLE_T BOTH("op.create_index('ix_a', 't', ['a'])",
                             "op.create_index('ix_a', 't', ['a'], postgresql_using='hash')"),
             true},
            {"b.py", R2 BATCH, true});
    INDEXES("r2", "[(\"ix_a\", [\"a\"], False)]",
            {"a.py",
             R1 TABLE_T "    if x:\n        op.create_index('ix_a', 't', ['a'])\n"
                        "    elif y:\n        op.create_index('ix_a', 't', ['a'])\n"
                        "    else:\n        op.create_index('ix_a', 't', ['a'])\n",
             true},
            {"b.py", R2 BATCH, true});
    /* Near misses: no else; another shape in one branch; made in one branch
     * only; dropped again in one; made under a further if in one. */
    INDEXES("r2", "-",
            {"a.py",
             R1 TABLE_T "    if x:\n        op.create_index('ix_a', 't', ['a'])\n"
                        "    elif y:\n        op.create_index('ix_a', 't', ['a'])\n",
             true},
            {"b.py", R2 BATCH, true});
    INDEXES("r2", "-",
            {"a.py",
             R1 TABLE_T BOTH("op.create_index('ix_a', 't', ['a'])",
                             "op.create_index('ix_a', 't', ['a'], unique=True)"),
             true},
            {"b.py", R2 BATCH, true});
    INDEXES("r2", "-",
            {"a.py", R1 TABLE_T BOTH("op.create_index('ix_a', 't', ['a'])", "pass"), true},
            {"b.py", R2 BATCH, true});
    INDEXES("r2", "-",
            {"a.py",
             R1 TABLE_T BOTH("op.create_index('ix_a', 't', ['a'])",
                             "op.create_index('ix_a', 't', ['a'])\n"
                             "        op.drop_index('ix_a', table_name='t')"),
             true},
            {"b.py", R2 BATCH, true});
    INDEXES("r2", "-",
            {"a.py",
             R1 TABLE_T BOTH("op.create_index('ix_a', 't', ['a'])",
                             "if y:\n            op.create_index('ix_a', 't', ['a'])"),
             true},
            {"b.py", R2 BATCH, true});
    /* The lint rules see it as made: made again later is MF203; under an
     * if without else it is not. */
    LINT("b.py:4 MF203\n",
         {"a.py", R1 BOTH("op.create_table('u')", "op.create_table('u', sa.Column('a'))"), true},
         {"b.py", R2 "    op.create_table('u')\n", true});
    LINT("", {"a.py", R1 "    if x:\n        op.create_table('u')\n", true},
         {"b.py", R2 "    op.create_table('u')\n", true});
    /* A column every branch drops is gone whatever the dialect (MF202 after
     * it); dropped in one branch only, it may be there. */
    LINT("c.py:4 MF202\n", {"a.py", R1 "    op.create_table('t', sa.Column('a'))\n", true},
         {"b.py",
          R2 BOTH("op.drop_column('t', 'a')",
                  "with op.batch_alter_table('t') as b:\n            b.drop_column('a')"),
          true},
         {"c.py", R3 "    op.alter_column('t', 'a', nullable=False)\n", true});
    LINT("", {"a.py", R1 "    op.create_table('t', sa.Column('a'))\n", true},
         {"b.py", R2 BOTH("op.drop_column('t', 'a')", "pass"), true},
         {"c.py", R3 "    op.alter_column('t', 'a', nullable=False)\n", true});
    /* And a witness: a column both branches add. */
    GUARD("r2", "[(\"column\", None, \"t\", \"c\")]",
          {"a.py", R1 "    op.create_table('t')\n" DROP_T, true},
          {"b.py",
           R2 BOTH("op.add_column('t', sa.Column('c', sa.Text()))",
                   "op.add_column('t', sa.Column('c', sa.String()))") DOWN
           "    op.drop_column('t', 'c')\n",
           true});
#undef TABLE_T
#undef BATCH
#undef BOTH
}

/* use_alter=True: op.create_table leaves the constraint out where the
 * database has ALTER (SQLite keeps it inline): not made, and CREATE TABLE
 * is the revision's last statement. */
static void use_alter(void **state) {
    (void)state;
#define FK(flag)                                                                                   \
    "    op.create_table('w', sa.Column('x'), sa.ForeignKeyConstraint(['x'], ['u.id'], "           \
    "name='fk_w_x', use_alter=" flag "))\n"
    LINT("", {"a.py", R1 FK("True"), true},
         {"b.py", R2 "    op.create_foreign_key('fk_w_x', 'w', 'u', ['x'], ['id'])\n", true});
    LINT("b.py:4 MF203\n", {"a.py", R1 FK("False"), true},
         {"b.py", R2 "    op.create_foreign_key('fk_w_x', 'w', 'u', ['x'], ['id'])\n", true});
    GUARD("r2", "[(\"table\", None, \"w\")]",
          {"a.py", R1 "    op.create_table('u')\n" DOWN "    op.drop_table('u')\n", true},
          {"b.py",
           R2 "    op.execute('UPDATE u SET a = 1')\n" FK("True") DOWN "    op.drop_table('w')\n",
           true});
#undef FK
}

/* A Column given through a local name is read as the column it makes. */
static void local_columns(void **state) {
    (void)state;
    GUARD("r2", "[(\"column\", None, \"t\", \"c\")]",
          {"a.py", R1 "    op.create_table('t')\n" DROP_T, true},
          {"b.py",
           R2 "    col = sa.Column('c', sa.Text())\n    op.add_column('t', col)\n" DOWN
              "    op.drop_column('t', 'c')\n",
           true});
    /* Near miss: the function binds the name to something else than the
     * module's Column, so which column is not known (an unnamed column of t
     * may appear): no witness. */
    GUARD("r2", "-", {"a.py", R1 "    op.create_table('t')\n" DROP_T, true},
          {"b.py",
           R2 "    col = make_column()\n    op.add_column('t', col)\n" DOWN
              "    op.drop_column('t', 'c')\ncol = sa.Column('c')\n",
           true});
}

static void literal_loops(void **state) {
    (void)state;
    LINT("b.py:4 MF203\n",
         {"a.py", R1 "    for name in ('t', 'u'):\n        op.create_table(name)\n", true},
         {"b.py", R2 "    op.create_table('u')\n", true});
    LINT("b.py:4 MF202\n",
         {"a.py",
          R1 "    op.create_table('t', sa.Column('a'), sa.Column('b'))\n"
             "    for table, column in [('t', 'a'), ('t', 'b')]:\n"
             "        op.drop_column(table, column)\n",
          true},
         {"b.py", R2 "    op.alter_column('t', 'b', nullable=True)\n", true});
    /* Near misses: the loop body may stop early, the names are not all
     * literal, or the loop rebinds its name; each leaves the revision
     * unread, and nothing is reported. */
    const char *loops[] = {
        "    for name in ('t', 'u'):\n        if name == 'u':\n            break\n"
        "        op.drop_table(name)\n",
        "    for name in ('t', other):\n        op.drop_table(name)\n",
        "    for name in ('t', 'u'):\n        name = name + '_old'\n        op.drop_table(name)\n",
    };
    for (size_t i = 0; i < sizeof loops / sizeof *loops; i++) {
        char text[256];
        snprintf(text, sizeof text, R2 "%s", loops[i]);
        LINT("", {"a.py", R1 "    op.create_table('u')\n", true}, {"b.py", text, true},
             {"c.py", R3 "    op.create_table('u')\n", true});
    }
}

static void left_behind(void **state) {
    (void)state;
    /* A downgrade that does nothing: one finding, on `def downgrade`. */
    LINT("a.py:5 MF205\n", {"a.py", R1 "    op.create_table('t')\n" DOWN "    pass\n", true});
    LINT("a.py:6 MF205\n",
         {"a.py", R1 "    op.create_table('t')\n    op.create_table('u')\n" DOWN "    pass\n",
          true});
    LINT("a.py:4 MF205\n",
         {"a.py", R1 "    op.create_table('t')\n" DOWN "    op.drop_table('u')\n", true});
    /* Near misses: dropped, or renamed away; a table that was there before
     * (dropped and re-created); a downgrade that raises (irreversible), is
     * missing, or may drop it in a helper. */
    LINT("", {"a.py", R1 "    op.create_table('t')\n" DOWN "    op.drop_table('T')\n", true});
    LINT("",
         {"a.py", R1 "    op.create_table('t')\n" DOWN "    op.rename_table('t', 'old')\n", true});
    LINT("",
         {"a.py", R1 "    op.drop_table('t')\n    op.create_table('t')\n" DOWN "    pass\n", true});
    LINT("",
         {"a.py", R1 "    op.create_table('t')\n" DOWN "    raise NotImplementedError()\n", true});
    LINT("", {"a.py", R1 "    op.create_table('t')\n", true});
    LINT("", {"a.py",
              R1 "    op.create_table('t')\n" DOWN "    undo()\ndef undo():\n"
                 "    op.drop_table('t')\n",
              true});
    /* Columns, indexes and constraints too: a downgrade that forgets them;
     * near misses: it drops them, their table, or (for an index) a column
     * under it; the column was there before (MF203 says so). */
    LINT("a.py:4 MF205\na.py:5 MF205\n",
         {"a.py",
          R1 "    op.add_column('t', sa.Column('a'))\n    op.create_index('ix', 't', ['b'])\n" DOWN
             "    op.execute('UPDATE t SET b = 0')\n",
          true});
    LINT("",
         {"a.py",
          R1 "    op.add_column('t', sa.Column('a'))\n    op.create_index('ix', 't', ['a'])\n" DOWN
             "    op.drop_column('t', 'a')\n",
          true});
    LINT("",
         {"a.py",
          R1 "    op.add_column('t', sa.Column('a'))\n    op.create_index('ix', 't', ['b'])\n" DOWN
             "    op.drop_table('t')\n",
          true});
    LINT("b.py:4 MF203\n",
         {"a.py", R1 "    op.create_table('t', sa.Column('a'))\n" DOWN "    op.drop_table('t')\n",
          true},
         {"b.py", R2 "    op.add_column('t', sa.Column('a'))\n" DOWN "    pass\n", true});
}

int main(void) {
    parser = mf_parser_new();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(duplicate_ids),
        cmocka_unit_test(dangling_parents),
        cmocka_unit_test(heads),
        cmocka_unit_test(cycles),
        cmocka_unit_test(redundant_merges),
        cmocka_unit_test(suppression_and_context),
        cmocka_unit_test(topological_order),
        cmocka_unit_test(unnamed_drops),
        cmocka_unit_test(duplicate_tables),
        cmocka_unit_test(missing_tables),
        cmocka_unit_test(missing_columns),
        cmocka_unit_test(duplicate_objects),
        cmocka_unit_test(literal_loops),
        cmocka_unit_test(raw_sql),
        cmocka_unit_test(enum_types),
        cmocka_unit_test(witnesses),
        cmocka_unit_test(finished_revisions),
        cmocka_unit_test(created_types),
        cmocka_unit_test(one_transaction),
        cmocka_unit_test(rebuilt_indexes),
        cmocka_unit_test(every_branch),
        cmocka_unit_test(local_columns),
        cmocka_unit_test(use_alter),
        cmocka_unit_test(left_behind),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    ts_parser_delete(parser);
    return failed;
}
