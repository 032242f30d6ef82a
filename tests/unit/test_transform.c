/* The transformer on strings: what is guarded and how the output looks,
 * what is left alone and why, what counts as already guarded, and that a
 * second run changes nothing. */
#include "support.h"

static const mf_op_report *op_at(fixture *f, size_t i) {
    assert_true(i < f->t.plan.ops.len);
    return &f->t.plan.ops.items[i];
}

/* Transforms INPUT, then transforms the output again and asserts that the
 * second run plans no edit. Returns the first output (or NULL: unchanged). */
static const char *fixed(fixture *f, const char *input) {
    transform(f, input);
    assert_int_equal(f->status, 0);
    if (!output_of(f))
        return NULL;
    static char *last = NULL;
    free(last);
    last = mf_xstrdup(output_of(f));
    fixture *again = fixture_new();
    transform(again, last);
    assert_int_equal(again->status, 0);
    assert_int_equal(again->t.plan.edits.len, 0);
    fixture_free(again);
    return last;
}

/* The part of OUTPUT after the helper block (the block is checked elsewhere). */
static const char *after_helpers(const char *output) {
    const char *end = strstr(output, MF_HELPERS_END);
    assert_non_null(end);
    return strchr(end, '\n') + 1;
}

static void test_guards_the_four_operations(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "from alembic import op\n"
                               "import sqlalchemy as sa\n"
                               "\n"
                               "\n"
                               "def upgrade():\n"
                               "    op.create_table('t', sa.Column('id', sa.Integer))\n"
                               "    op.add_column('t', sa.Column('c', sa.Text), schema='s')\n"
                               "\n"
                               "\n"
                               "def downgrade():\n"
                               "    op.drop_column('t', 'c', schema='s')\n"
                               "    op.drop_table('t')\n");
    assert_string_equal(after_helpers(out),
                        "\n"
                        "\n"
                        "def upgrade():\n"
                        "    if _migfix_table_missing('t', columns=['id']):\n"
                        "        op.create_table('t', sa.Column('id', sa.Integer))\n"
                        "    if _migfix_column_missing('t', 'c', schema='s', type_=sa.Text):\n"
                        "        op.add_column('t', sa.Column('c', sa.Text), schema='s')\n"
                        "\n"
                        "\n"
                        "def downgrade():\n"
                        "    if _migfix_column_present('t', 'c', schema='s'):\n"
                        "        op.drop_column('t', 'c', schema='s')\n"
                        "    if _migfix_table_present('t'):\n"
                        "        op.drop_table('t')\n");
    /* The helper block comes right after the imports and defines exactly the
     * helpers used. */
    assert_memory_equal(
        out, "from alembic import op\nimport sqlalchemy as sa\n\n\n" MF_HELPERS_BEGIN,
        strlen("from alembic import op\nimport sqlalchemy as sa\n\n\n" MF_HELPERS_BEGIN));
    assert_non_null(strstr(out, "def _migfix_inspector():"));
    assert_non_null(
        strstr(out, "def _migfix_column_present(table, column, schema=None, rebuilt=None):"));
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(op_at(f, i)->status, MF_GUARDED);
    assert_int_equal(op_at(f, 1)->line, 7);
    assert_int_equal(op_at(f, 1)->column, 5);
    assert_string_equal(op_at(f, 1)->call, "op.add_column");
}

static void test_keyword_forms_and_repeatable_names(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "def upgrade():\n"
                               "    op.add_column(table_name=T, column=sa.Column(name=f'c_{i}'))\n"
                               "    op.drop_table(names[0] + '_old')\n");
    assert_non_null(
        strstr(out, "    if _migfix_column_missing(T, f'c_{i}'):\n        op.add_column("));
    assert_non_null(strstr(out, "    if _migfix_table_present(names[0] + '_old'):\n"));
}

static void test_continuation_lines_and_multiline_strings(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "def upgrade():\n"
                               "    op.create_table('t',\n"
                               "    sa.Column('id'),  # comment in the call\n"
                               "\n"
                               "    sa.Column('doc', server_default='''line one\n"
                               "  line two\n"
                               "'''),\n"
                               "    )\n");
    assert_string_equal(after_helpers(out), "\n\n"
                                            "def upgrade():\n"
                                            "    if _migfix_table_missing('t', columns=['id', "
                                            "'doc']):\n"
                                            "        op.create_table('t',\n"
                                            "        sa.Column('id'),  # comment in the call\n"
                                            "\n"
                                            "        sa.Column('doc', server_default='''line one\n"
                                            "  line two\n"
                                            "'''),\n"
                                            "        )\n");
}

static void test_tabs_crlf_and_module_level(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "import sqlalchemy as sa\r\n"
                               "\r\n"
                               "def upgrade():\r\n"
                               "\top.drop_table('t')\r\n");
    assert_null(strstr(out, "    ")); /* the helpers are indented with tabs too */
    for (const char *p = strchr(out, '\n'); p; p = strchr(p + 1, '\n'))
        assert_int_equal(p[-1], '\r');
    assert_non_null(strstr(out, "\tif _migfix_table_present('t'):\r\n\t\top.drop_table('t')\r\n"));

    out = fixed(f, "from alembic import op\n"
                   "op.drop_table('t')\n");
    assert_string_equal(after_helpers(out), "if _migfix_table_present('t'):\n"
                                            "    op.drop_table('t')\n");
}

static void test_alias_and_trailing_comma(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "from alembic import op as m\n"
                               "def upgrade():\n"
                               "    m.drop_table('t'),\n");
    assert_non_null(
        strstr(out, "    if _migfix_table_present('t'):\n        m.drop_table('t'),\n"));
    assert_string_equal(op_at(f, 0)->call, "m.drop_table");
}

static void assert_left_alone(fixture *f, const char *input, const char *reason) {
    transform(f, input);
    assert_int_equal(f->status, 0);
    assert_int_equal(f->t.plan.ops.len, 1);
    assert_int_equal(op_at(f, 0)->status, MF_LEFT_ALONE);
    if (!strstr(op_at(f, 0)->reason, reason))
        fail_msg("reason \"%s\" does not contain \"%s\"", op_at(f, 0)->reason, reason);
    assert_null(output_of(f)); /* nothing else to do: the file is unchanged */
}

static void test_left_alone_with_reasons(void **state) {
    fixture *f = *state;
    assert_left_alone(f, "def upgrade():\n    t = op.create_table('t')\n", "assigned to a name");
    assert_left_alone(f, "def f():\n    op.drop_table(next(names))\n", "may have side effects");
    assert_left_alone(f, "def f():\n    op.add_column('t', col)\n", "not written as Column");
    assert_left_alone(f, "def f():\n    op.drop_table(*args)\n", "inside *args");
    assert_left_alone(f, "def f():\n    op.drop_table('t', **kw)\n", "inside *args or **kwargs");
    assert_left_alone(f, "def f():\n    op.execute('UPDATE t SET a = 1')\n",
                      "raw SQL: data statement (UPDATE)");
    assert_left_alone(f, "def f():\n    op.execute(query)\n", "SQL held in a variable");
    assert_left_alone(f, "def f():\n    op.execute(t.update().values(a=1))\n",
                      "not SQL text (a SQLAlchemy construct");
    assert_left_alone(f, "def f():\n    run(lambda: op.drop_table('t'))\n", "inside a lambda");
    assert_left_alone(f, "def f():\n    op.drop_table('t') or x\n", "part of a larger expression");
    assert_left_alone(f, "def f():\n    op.drop_constraint(None, 't', type_='foreignkey')\n",
                      "unnamed (None)");
    assert_left_alone(f, "def f():\n    op.create_check_constraint(None, 't', 'a > 0')\n",
                      "unnamed (None)");
    assert_left_alone(
        f, "def f():\n    with op.batch_alter_table('t') as b:\n        b.execute('x')\n",
        "raw SQL");
    assert_left_alone(f, "def f():\n    op.bulk_insert(t, rows)\n", "data operation");
}

static void assert_already_guarded(fixture *f, const char *input, const char *reason) {
    transform(f, input);
    assert_int_equal(f->status, 0);
    assert_true(f->t.plan.ops.len >= 1);
    assert_int_equal(op_at(f, 0)->status, MF_ALREADY_GUARDED);
    if (!strstr(op_at(f, 0)->reason, reason))
        fail_msg("reason \"%s\" does not contain \"%s\"", op_at(f, 0)->reason, reason);
    assert_null(output_of(f)); /* byte-identical, and no helper block either */
}

static void test_already_guarded(void **state) {
    fixture *f = *state;
    assert_already_guarded(f, "def f():\n    op.create_table('t', if_not_exists=True)\n",
                           "if_not_exists=True");
    assert_already_guarded(f,
                           "def f():\n"
                           "    if not sa.inspect(op.get_bind()).has_table('t'):\n"
                           "        op.create_table('t')\n",
                           "inside an existence check: if not sa.inspect");
    assert_already_guarded(f,
                           "def f():\n"
                           "    tables = inspector.get_table_names()\n"
                           "    if 't' not in tables:\n"
                           "        op.create_table('t')\n",
                           "existence check");
    assert_already_guarded(f,
                           "def f():\n"
                           "    if not column_exists('t', 'c'):\n"
                           "        if x:\n"
                           "            op.add_column('t', sa.Column('c'))\n",
                           "column_exists");
    /* A condition about something else is not an existence check. */
    transform(f, "def f():\n    if has_data() or user_exists(u):\n        op.drop_table('t')\n");
    assert_int_equal(op_at(f, 0)->status, MF_GUARDED);
}

static int count(const char *text, const char *needle) {
    int n = 0;
    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void test_migfix_guard_recognised_and_helpers_kept(void **state) {
    fixture *f = *state;
    /* Already guarded by migfix, helper block present: nothing to do. */
    const char *first = fixed(f, "from alembic import op\n\ndef f():\n    op.drop_table('t')\n");
    char *guarded = mf_xstrdup(first);
    transform(f, guarded);
    assert_int_equal(op_at(f, 0)->status, MF_ALREADY_GUARDED);
    assert_string_equal(op_at(f, 0)->reason, "guarded by migfix");
    assert_null(output_of(f));

    /* The same for raw SQL migfix checked first: on a second run its guard is
     * migfix's, not a hand-written check, and keeps its helper wanted. */
    const char *sql = fixed(f, "from alembic import op\n\ndef f():\n"
                               "    op.execute('CREATE INDEX ix ON t (c)')\n");
    char *sql_guarded = mf_xstrdup(sql);
    assert_non_null(strstr(sql_guarded, "    if _migfix_index_missing("));
    transform(f, sql_guarded);
    assert_int_equal(op_at(f, 0)->status, MF_ALREADY_GUARDED);
    assert_string_equal(op_at(f, 0)->reason, "guarded by migfix");
    assert_true(f->t.plan.ops.len == 1 && !output_of(f));
    free(sql_guarded);

    /* A new operation needing another helper: the block is regenerated with
     * both helpers, in place, and the old guard is left as it is. */
    mf_buf more = {0};
    mf_buf_puts(&more, guarded);
    mf_buf_puts(&more, "    op.create_table('u')\n");
    const char *out = fixed(f, more.data);
    assert_non_null(strstr(out, "def _migfix_table_present("));
    assert_non_null(strstr(out, "def _migfix_table_missing("));
    assert_int_equal(count(out, MF_HELPERS_BEGIN), 1);
    assert_non_null(strstr(out,
                           "    if _migfix_table_present('t'):\n        op.drop_table('t')\n"
                           "    if _migfix_table_missing('u'):\n        op.create_table('u')\n"));
    assert_int_equal(op_at(f, 0)->status, MF_ALREADY_GUARDED);
    assert_int_equal(op_at(f, 1)->status, MF_GUARDED);
    mf_buf_free(&more);
    free(guarded);
}

/* A check through a local name bound to what an inspector said is a guard;
 * a name bound to anything else, or a check inside a lambda, is not. */
/* A column given through a local name bound to Column("name", ...):
 * guarded by its literal name, without drift facts (their text would be
 * evaluated where the guard is, where a name in it may mean another thing). */
static void test_columns_through_local_names(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "from alembic import op\nimport sqlalchemy as sa\n\n\n"
                               "def upgrade():\n"
                               "    col = sa.Column('note', sa.Text(), nullable=True)\n"
                               "    op.add_column('t', col)\n"
                               "    with op.batch_alter_table('u') as batch_op:\n"
                               "        batch_op.add_column(col)\n");
    assert_non_null(strstr(out, "    if _migfix_column_missing('t', 'note'):\n"
                                "        op.add_column('t', col)\n"));
    assert_non_null(strstr(out, "        if _migfix_column_missing('u', 'note'):\n"
                                "            batch_op.add_column(col)\n"));
    /* Module level too, when the function does not bind the name. */
    out = fixed(f, "from alembic import op\nimport sqlalchemy as sa\n\n"
                   "COL = sa.Column('note', sa.Text())\n\n\n"
                   "def upgrade():\n    op.add_column('t', COL)\n");
    assert_non_null(strstr(out, "    if _migfix_column_missing('t', 'note'):\n"));
    /* Rebound: the binding that reaches the call counts. */
    out = fixed(f, "from alembic import op\nimport sqlalchemy as sa\n\n\n"
                   "def upgrade():\n    col = sa.Column('a')\n    op.add_column('t', col)\n"
                   "    col = sa.Column('b')\n    op.add_column('t', col)\n");
    assert_non_null(strstr(out, "    if _migfix_column_missing('t', 'a'):\n"));
    assert_non_null(strstr(out, "    if _migfix_column_missing('t', 'b'):\n"));
    /* Near misses: a parameter of that name (not the module's Column), a
     * name rebound under an `if` or later in a loop around the call, a name
     * that is not a literal, not a Column. */
    assert_left_alone(f, "COL = sa.Column('note')\n\ndef add(COL):\n    op.add_column('t', COL)\n",
                      "nor a name bound to Column");
    assert_left_alone(
        f,
        "def f():\n    col = sa.Column('a')\n    if x:\n        col = sa.Column('b')\n"
        "    op.add_column('t', col)\n",
        "nor a name bound to Column");
    assert_left_alone(f,
                      "def f():\n    col = sa.Column('a')\n    for t in ts:\n"
                      "        op.add_column(t, col)\n        col = sa.Column('b')\n",
                      "nor a name bound to Column");
    assert_left_alone(f, "def f():\n    col = sa.Column(name)\n    op.add_column('t', col)\n",
                      "has no literal name");
    assert_left_alone(f, "def f():\n    col = make('a')\n    op.add_column('t', col)\n",
                      "nor a name bound to Column");
    assert_left_alone(f, "def f():\n    for col in cols:\n        op.add_column('t', col)\n",
                      "nor a name bound to Column");
}

/* SQL assigned to a name that reaches op.execute and is used nowhere else
 * is read, checked and rewritten where it is assigned. */
static void test_sql_through_local_names(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "from alembic import op\n\nCREATE = 'CREATE TABLE t (a int)'\n\n\n"
                               "def upgrade():\n    sql = 'CREATE INDEX ix_a ON t (a)'\n"
                               "    op.execute(CREATE)\n    op.execute(sql)\n");
    assert_non_null(strstr(out, "CREATE = 'CREATE TABLE IF NOT EXISTS t (a int)'\n"));
    assert_non_null(strstr(out, "    if _migfix_index_missing(\"ix_a\", \"t\", [\"a\"]):\n"
                                "        op.execute(sql)\n"));
    /* Near misses: used elsewhere too (an edit would change that use), bound
     * under an if, a parameter. */
    assert_left_alone(f,
                      "def f():\n    sql = 'CREATE TABLE t (a int)'\n    log(sql)\n"
                      "    op.execute(sql)\n",
                      "SQL held in a variable");
    assert_left_alone(f,
                      "def f():\n    sql = 'CREATE TABLE t (a int)'\n    if x:\n"
                      "        sql = 'CREATE TABLE u (a int)'\n    op.execute(sql)\n",
                      "SQL held in a variable");
    assert_left_alone(f, "SQL = 'CREATE TABLE t (a int)'\ndef f(SQL):\n    op.execute(SQL)\n",
                      "SQL held in a variable");
}

static void test_hand_guards_through_names(void **state) {
    fixture *f = *state;
    static const char *const guarded[] = {
        "from alembic import op\n\ndef f():\n    tables = sa.inspect(op.get_bind())"
        ".get_table_names()\n    if 't' not in tables:\n        op.create_table('t')\n",
        "from alembic import op\n\ndef f():\n    i = sa.inspect(op.get_bind())\n"
        "    seen = {c['name'] for c in i.get_columns('t')}\n    known = seen\n"
        "    if 'c' not in known:\n        op.add_column('t', sa.Column('c'))\n",
        /* An existence check that returns guards what follows, deeper too. */
        "from alembic import op\n\ndef f():\n    if op.get_bind().dialect.has_table(b, 't'):\n"
        "        log('t exists')\n        return\n    for c in 'ab':\n"
        "        op.create_table('t')\n",
        /* The check names the operation's object through a bound name, or as
         * the same expression. */
        "from alembic import op\n\ndef f():\n    ix = 'ix_t_a'\n"
        "    if ix not in {i['name'] for i in insp.get_indexes('t')}:\n"
        "        op.create_index(op.f('ix_t_a'), 't', ['a'])\n",
        "from alembic import op\n\ndef f(name):\n    if not index_exists(name):\n"
        "        op.create_index(name, 't', ['a'])\n",
    };
    for (size_t i = 0; i < sizeof guarded / sizeof *guarded; i++) {
        char *text = mf_xstrdup(guarded[i]);
        transform(f, text);
        assert_int_equal(op_at(f, 0)->status, MF_ALREADY_GUARDED);
        assert_null(output_of(f));
        free(text);
    }
    /* A name refreshed between two checks: each reads the binding that
     * reaches it (before, the second was not recognised and got a guard). */
    transform(f, "from alembic import op\n\ndef f():\n    names = insp.get_table_names()\n"
                 "    if 't' not in names:\n        op.create_table('t')\n"
                 "    names = insp.get_table_names()\n"
                 "    if 'u' not in names:\n        op.create_table('u')\n");
    assert_int_equal(op_at(f, 0)->status, MF_ALREADY_GUARDED);
    assert_int_equal(op_at(f, 1)->status, MF_ALREADY_GUARDED);
    assert_null(output_of(f));
    static const char *const not_guarded[] = {
        "from alembic import op\n\ndef f():\n    wanted = ['t']\n"
        "    if 't' in wanted:\n        op.create_table('t')\n",
        "from alembic import op\n\ndef f():\n    seen = sa.inspect(b).get_table_names()\n"
        "    seen = []\n    if 't' not in seen:\n        op.create_table('t')\n",
        /* The binding that reaches the check may be either (under an if). */
        "from alembic import op\n\ndef f():\n    seen = sa.inspect(b).get_table_names()\n"
        "    if x:\n        seen = []\n    if 't' not in seen:\n        op.create_table('t')\n",
        /* An `else`, a return that is not the last statement, one in a nested
         * function, and migfix's revision guard do not guard what follows. */
        "from alembic import op\n\ndef f():\n    if has_table('t'):\n        return\n"
        "    else:\n        pass\n    op.create_table('t')\n",
        "from alembic import op\n\ndef f():\n    if has_table('t'):\n        if x:\n"
        "            return\n        pass\n    op.create_table('t')\n",
        "from alembic import op\n\ndef f():\n    def g():\n        if has_table('t'):\n"
        "            return\n    op.create_table('t')\n",
        "from alembic import op\n\ndef upgrade():\n"
        "    if _migfix_revision_applied([('table', None, 't')]):\n        return\n"
        "    op.create_table('t')\n",
        /* A check about another object (the table of the column being added)
         * leaves the operation to fail where the column exists already. */
        "from alembic import op\n\ndef f():\n    tables = insp.get_table_names()\n"
        "    if 't' in tables:\n        op.add_column('t', sa.Column('c'))\n",
        "from alembic import op\n\ndef f():\n    if 't' not in insp.get_table_names():\n"
        "        return\n    op.add_column('t', sa.Column('c'))\n",
    };
    for (size_t i = 0; i < sizeof not_guarded / sizeof *not_guarded; i++) {
        char *text = mf_xstrdup(not_guarded[i]);
        transform(f, text);
        assert_int_equal(op_at(f, 0)->status, MF_GUARDED);
        free(text);
    }
}

/* alembic_utils entities: a name whose binding that reaches the call is a
 * kind the helper can look up is checked (a drop needs the lookup that
 * entity_missing defines); built inline, of another kind, or bound under an
 * `if` (either binding may reach it), it is left alone. */
static void test_alembic_utils_entities(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "from alembic import op\n"
                               "v = PGView(schema='public', signature='v', definition='select 1')\n"
                               "\n"
                               "\n"
                               "def downgrade():\n"
                               "    op.drop_entity(v)\n");
    assert_int_equal(op_at(f, 0)->status, MF_GUARDED);
    assert_non_null(strstr(out, "    if _migfix_entity_present(v):\n        op.drop_entity(v)\n"));
    assert_non_null(strstr(out, "def _migfix_entity_present(entity):"));
    assert_non_null(strstr(out, "def _migfix_entity_found(entity):"));
    out = fixed(f, "from alembic import op\n"
                   "def upgrade():\n"
                   "    fn = alembic_utils.pg_function.PGFunction(schema='s', signature='f()',\n"
                   "                                               definition='x')\n"
                   "    op.create_entity(target=fn)\n");
    assert_int_equal(op_at(f, 0)->status, MF_GUARDED);
    assert_non_null(strstr(out, "    if _migfix_entity_missing(fn):\n        op.create_entity("));
    assert_left_alone(f,
                      "def upgrade():\n    op.create_entity(PGView(schema='s', signature='v'))\n",
                      "is not a name bound, where it is used, to a PGFunction");
    assert_left_alone(f,
                      "def upgrade():\n    g = PGGrantTable(schema='s')\n    op.create_entity(g)\n",
                      "is not a name bound");
    out = fixed(f, "from alembic import op\n"
                   "def upgrade():\n    v = PGView(signature='a')\n    v = PGView(signature='b')\n"
                   "    op.create_entity(v)\n");
    assert_int_equal(op_at(f, 0)->status, MF_GUARDED);
    assert_left_alone(
        f,
        "def upgrade():\n    v = PGView(signature='a')\n    if x:\n        v = PGGrantTable()\n"
        "    op.create_entity(v)\n",
        "is not a name bound");
    assert_left_alone(f, "def upgrade():\n    op.create_entity(*entities)\n", "inside *args");
}

/* What a call states literally about the object it makes goes into the
 * guard, for the helper's drift comparison; what it does not state, or
 * states through something that might do anything, is left out. */
static void test_drift_facts(void **state) {
    fixture *f = *state;
    static const struct {
        const char *call, *guard;
    } cases[] = {
        {"op.add_column('t', sa.Column('c', sa.String(length=7), nullable=False, "
         "primary_key=True))",
         "if _migfix_column_missing('t', 'c', type_=sa.String(length=7), nullable=False, "
         "primary_key=True):"},
        {"op.add_column('t', sa.Column('c', type_=postgresql.ENUM('a', 'b', name='m')))",
         "if _migfix_column_missing('t', 'c', type_=postgresql.ENUM('a', 'b', name='m')):"},
        {"op.add_column('t', sa.Column('c', sa.ForeignKey('u.id'), nullable=flag))",
         "if _migfix_column_missing('t', 'c'):"},
        {"op.add_column('t', sa.Column('c', make_type(), primary_key=False))",
         "if _migfix_column_missing('t', 'c'):"},
        {"op.add_column('t', sa.Column('c', sa.String(*sizes)))",
         "if _migfix_column_missing('t', 'c'):"},
        {"op.create_table('t', sa.Column('id'), sa.UniqueConstraint('id'), sa.Column('v'))",
         "if _migfix_table_missing('t', columns=['id', 'v']):"},
        {"op.create_table('t', sa.Column('id'), sa.Column(name, sa.Integer))",
         "if _migfix_table_missing('t'):"},
        {"op.create_table('t', sa.Column('id'), *more)", "if _migfix_table_missing('t'):"},
        {"op.create_index('ix', 't', ['a'], unique=flag)",
         "if _migfix_index_missing('ix', 't', ['a']):"},
        {"op.create_index('ix', 't', ['a'], unique=False)",
         "if _migfix_index_missing('ix', 't', ['a'], unique=False):"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        mf_buf input = {0}, want = {0};
        mf_buf_printf(&input, "def upgrade():\n    %s\n", cases[i].call);
        mf_buf_printf(&want, "    %s\n        %s\n", cases[i].guard, cases[i].call);
        const char *out = fixed(f, input.data);
        if (!out || !strstr(out, want.data))
            fail_msg("%s\n--- got:\n%s", cases[i].call, out ? after_helpers(out) : "(unchanged)");
        mf_buf_free(&want);
        mf_buf_free(&input);
    }
}

/* A guard an earlier version wrote for the same check (before the drift
 * facts) is migfix's: its line is brought up to date, and so is an
 * outdated helper block. An `if` that does more than call the check is a
 * hand guard and stays as it is. */
static void test_older_guards_and_helpers_brought_up_to_date(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "from alembic import op\n"
                               "\n"
                               "\n" MF_HELPERS_BEGIN "\n"
                               "def _migfix_inspector():\n"
                               "    return None\n"
                               "\n"
                               "\n"
                               "def _migfix_column_missing(table, column, schema=None):\n"
                               "    return True\n" MF_HELPERS_END "\n"
                               "\n"
                               "\n"
                               "def upgrade():\n"
                               "    if _migfix_column_missing('t', 'c'):  # old\n"
                               "        op.add_column('t', sa.Column('c', sa.Text))\n");
    assert_int_equal(op_at(f, 0)->status, MF_ALREADY_GUARDED);
    assert_string_equal(op_at(f, 0)->reason, "guarded by migfix");
    assert_string_equal(after_helpers(out),
                        "\n"
                        "\n"
                        "def upgrade():\n"
                        "    if _migfix_column_missing('t', 'c', type_=sa.Text):\n"
                        "        op.add_column('t', sa.Column('c', sa.Text))\n");
    /* The block is the templates' now, not the outdated one. */
    assert_non_null(strstr(out, "An Inspector caches what it reflects"));
    assert_null(strstr(out, "_migfix_inspector():\n    return None\n"));
    assert_null(strstr(out, "schema=None):\n    return True\n"));
    assert_already_guarded(f,
                           "def upgrade():\n    if _migfix_column_missing('t', 'c') and ready:\n"
                           "        op.add_column('t', sa.Column('c', sa.Text))\n",
                           "inside an existence check");
}

static void test_files_without_operations_are_untouched(void **state) {
    fixture *f = *state;
    transform(f, "\"\"\"merge heads\"\"\"\nrevision = 'a'\ndown_revision = ('b', 'c')\n\n"
                 "def upgrade():\n    pass\n");
    assert_int_equal(f->status, 0);
    assert_int_equal(f->t.plan.ops.len, 0);
    assert_null(output_of(f));
    /* op.f, op.get_bind and friends are helpers, not operations. */
    transform(f, "def upgrade():\n    bind = op.get_bind()\n    name = op.f('ix')\n");
    assert_int_equal(f->t.plan.ops.len, 0);
}

static void test_syntax_errors_are_refused_with_position(void **state) {
    fixture *f = *state;
    transform(f, "def upgrade():\n    op.drop_table('t'\n\nx = )\n");
    assert_int_equal(f->status, -1);
    assert_true(f->problem.line >= 2);
    assert_non_null(strstr(f->problem.message, "syntax error in the input"));
    assert_non_null(strstr(f->problem.message, "left unchanged"));
    transform(f, "def f(:\n    pass\n");
    assert_int_equal(f->status, -1);
    assert_int_equal(f->problem.line, 1);
}

/* tree-sitter-python rejects a line that continues a bracket but is indented
 * less than its opener (valid Python): the message must say so, and a real
 * error with a similar shape must still be blamed on the input. */
static void test_tree_sitter_false_error_is_named(void **state) {
    fixture *f = *state;
    transform(f, "def upgrade():\n"
                 "    op.alter_column('t', 'c', server_default=1+\n"
                 "2)\n"
                 "    op.drop_table('x')\n");
    assert_int_equal(f->status, -1);
    assert_int_equal(f->problem.line, 3);
    assert_int_equal(f->problem.column, 1);
    assert_non_null(strstr(f->problem.message, "Python accepts that"));
    assert_non_null(strstr(f->problem.message, "tree-sitter"));

    transform(f, "def upgrade():\n    op.drop_table('t'\n\nx = )\n");
    assert_int_equal(f->status, -1);
    assert_non_null(strstr(f->problem.message, "syntax error in the input"));
}

/* Every guarded operation, in its op form: the guard line migfix writes. */
static void test_catalogue_guards(void **state) {
    fixture *f = *state;
    static const struct {
        const char *call, *guard;
    } cases[] = {
        {"op.rename_table('a', 'b', schema='s')",
         "if _migfix_table_renamable('a', 'b', schema='s'):"},
        {"op.alter_column('t', 'c', nullable=True)", "if _migfix_column_present('t', 'c'):"},
        {"op.alter_column('t', 'c', new_column_name='d')",
         "if _migfix_column_renamable('t', 'c', 'd'):"},
        {"op.create_index(op.f('ix_t_a'), 't', ['a'], unique=True)",
         "if _migfix_index_missing(op.f('ix_t_a'), 't', ['a'], unique=True):"},
        {"op.create_index('ix', 't', [sa.text('lower(a)')])",
         "if _migfix_index_missing('ix', 't', [sa.text('lower(a)')]):"},
        {"op.drop_index(op.f('ix_t_a'), table_name='t')",
         "if _migfix_index_present(op.f('ix_t_a'), 't'):"},
        {"op.drop_index('ix')", "if _migfix_index_present('ix'):"},
        {"op.create_index(None, 't', ['a'])", "if _migfix_index_missing(None, 't', ['a']):"},
        {"op.create_unique_constraint('uq', 't', ['a', 'b'])",
         "if _migfix_unique_missing('uq', 't', ['a', 'b']):"},
        {"op.create_unique_constraint(None, 't', ['a'])",
         "if _migfix_unique_missing(None, 't', ['a']):"},
        {"op.create_foreign_key('fk', 'a', 'b', ['b_id'], ['id'], referent_schema='r')",
         "if _migfix_foreign_key_missing('fk', 'a', 'b', ['b_id'], ['id'], referent_schema='r'):"},
        {"op.create_foreign_key(None, 'a', 'b', ['b_id'], ['id'], source_schema='s')",
         "if _migfix_foreign_key_missing(None, 'a', 'b', ['b_id'], ['id'], source_schema='s'):"},
        {"op.create_check_constraint('ck', 't', 'a > 0')", "if _migfix_check_missing('ck', 't'):"},
        {"op.create_primary_key('pk', 't', ['id'])",
         "if _migfix_primary_key_missing('t', ['id']):"},
        {"op.create_exclude_constraint('ex', 't', ('period', '&&'))",
         "if _migfix_constraint_missing('ex', 't'):"},
        {"op.drop_constraint('fk', 't', type_='foreignkey')",
         "if _migfix_constraint_present('fk', 't', type_='foreignkey'):"},
        {"op.drop_constraint('uq', 't')", "if _migfix_constraint_present('uq', 't'):"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mf_buf input = {0}, want = {0};
        mf_buf_printf(&input, "def upgrade():\n    %s\n", cases[i].call);
        mf_buf_printf(&want, "\n\ndef upgrade():\n    %s\n        %s\n", cases[i].guard,
                      cases[i].call);
        const char *out = fixed(f, input.data);
        if (!out || strcmp(after_helpers(out), want.data) != 0)
            fail_msg("%s\n--- got:\n%s", cases[i].call, out ? after_helpers(out) : "(nothing)");
        assert_int_equal(op_at(f, 0)->status, MF_GUARDED);
        mf_buf_free(&input);
        mf_buf_free(&want);
    }
}

/* In `with op.batch_alter_table(t, schema=s) as X:` the table and schema come
 * from the `with`, and column prerequisites are relaxed (batch=True). */
static void test_batch_forms_take_the_table_from_the_with(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "def upgrade():\n"
                               "    with op.batch_alter_table('t', schema='s') as bo:\n"
                               "        bo.add_column(sa.Column('c', sa.Integer))\n"
                               "        bo.alter_column('c', new_column_name='d')\n"
                               "        bo.create_index('ix_t_d', ['d'])\n"
                               "        bo.create_foreign_key('fk', 'u', ['d'], ['id'])\n"
                               "        bo.drop_constraint('ck', type_='check')\n"
                               "        bo.drop_column('old')\n");
    assert_string_equal(
        after_helpers(out),
        "\n\ndef upgrade():\n"
        "    with op.batch_alter_table('t', schema='s') as bo:\n"
        "        if _migfix_column_missing('t', 'c', schema='s', type_=sa.Integer):\n"
        "            bo.add_column(sa.Column('c', sa.Integer))\n"
        "        if _migfix_column_renamable('t', 'c', 'd', schema='s'):\n"
        "            bo.alter_column('c', new_column_name='d')\n"
        "        if _migfix_index_missing('ix_t_d', 't', ['d'], schema='s', batch=True):\n"
        "            bo.create_index('ix_t_d', ['d'])\n"
        "        if _migfix_foreign_key_missing('fk', 't', 'u', ['d'], ['id'], source_schema='s', "
        "batch=True):\n"
        "            bo.create_foreign_key('fk', 'u', ['d'], ['id'])\n"
        "        if _migfix_constraint_present('ck', 't', type_='check', schema='s'):\n"
        "            bo.drop_constraint('ck', type_='check')\n"
        "        if _migfix_column_present('t', 'old', schema='s'):\n"
        "            bo.drop_column('old')\n");
    assert_string_equal(op_at(f, 0)->call, "bo.add_column");
}

/* A statement sharing its line is moved to a line of its own (and so are its
 * neighbours on that line) so the guard covers exactly it; every token stays,
 * a trailing `;` included. */
static void test_one_line_bodies_and_semicolons(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "def downgrade(): op.drop_table('t')\n"
                               "def upgrade():\n"
                               "    if x: op.drop_table('a'); op.drop_table('b')\n"
                               "    else: op.drop_table('c'); log('done')\n"
                               "    x = 1; op.drop_table('d');  # trailing\n"
                               "    for t in T: op.drop_table(t)\n");
    assert_string_equal(after_helpers(out), "\n\n"
                                            "def downgrade():\n"
                                            "    if _migfix_table_present('t'):\n"
                                            "        op.drop_table('t')\n"
                                            "def upgrade():\n"
                                            "    if x:\n"
                                            "        if _migfix_table_present('a'):\n"
                                            "            op.drop_table('a');\n"
                                            "        if _migfix_table_present('b'):\n"
                                            "            op.drop_table('b')\n"
                                            "    else:\n"
                                            "        if _migfix_table_present('c'):\n"
                                            "            op.drop_table('c');\n"
                                            "        log('done')\n"
                                            "    x = 1;\n"
                                            "    if _migfix_table_present('d'):\n"
                                            "        op.drop_table('d');  # trailing\n"
                                            "    for t in T:\n"
                                            "        if _migfix_table_present(t):\n"
                                            "            op.drop_table(t)\n");
}

/* `t = op.create_table(...)` then `op.bulk_insert(t, ...)`: one guard, so
 * rows are seeded exactly when the table is created. */
static void test_create_then_seed(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "def upgrade():\n"
                               "    roles = op.create_table('roles', sa.Column('id'))\n"
                               "    # seed it\n"
                               "    op.bulk_insert(roles, [{'id': 1}])\n"
                               "    op.drop_table('x')\n");
    assert_string_equal(after_helpers(out),
                        "\n\ndef upgrade():\n"
                        "    if _migfix_table_missing('roles', columns=['id'], seeded=['id']):\n"
                        "        roles = op.create_table('roles', sa.Column('id'))\n"
                        "        # seed it\n"
                        "        op.bulk_insert(roles, [{'id': 1}])\n"
                        "    if _migfix_table_present('x'):\n"
                        "        op.drop_table('x')\n");
    assert_int_equal(op_at(f, 1)->status, MF_GUARDED);
    assert_non_null(strstr(op_at(f, 1)->reason, "under that table's guard"));

    transform(f, "def upgrade():\n    t = op.create_table('t')\n    op.bulk_insert(t, [])\n"
                 "    log(t)\n");
    assert_null(output_of(f));
    assert_int_equal(op_at(f, 0)->status, MF_LEFT_ALONE);
    assert_non_null(strstr(op_at(f, 0)->reason, "`t` is used elsewhere"));
    assert_int_equal(op_at(f, 1)->status, MF_LEFT_ALONE);
    assert_non_null(strstr(op_at(f, 1)->reason, "data operation"));
}

/* Seeds through the migration's connection, with what only builds their
 * table object or rows in between, go under the table's guard too (issue
 * 30, class 4). */
static void test_seeds_through_the_connection(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "def upgrade():\n    bind = op.get_bind()\n"
                               "    op.create_table('t', sa.Column('id'))\n"
                               "    t = sa.table('t', sa.column('id'))\n"
                               "    rows = [{'id': 1}]\n"
                               "    bind.execute(t.insert(), rows)\n"
                               "    op.get_bind().execute(\"INSERT INTO t (id) VALUES (2)\")\n");
    assert_non_null(strstr(out,
                           "    if _migfix_table_missing('t', columns=['id'], seeded=['id']):\n"
                           "        op.create_table('t', sa.Column('id'))\n"
                           "        t = sa.table('t', sa.column('id'))\n"
                           "        rows = [{'id': 1}]\n"
                           "        bind.execute(t.insert(), rows)\n"
                           "        op.get_bind().execute("));
    /* Near misses: a name built in between and used after the seeds (it
     * would be unbound when the guard skips); a connection that is not the
     * migration's; a builder with no seed after it. */
    static const char *const apart[] = {
        "def upgrade():\n    op.create_table('t', sa.Column('id'))\n"
        "    t = sa.table('t', sa.column('id'))\n    op.execute(t.insert())\n    log(t)\n",
        "def upgrade():\n    other = engine.connect()\n    op.create_table('t', sa.Column('id'))\n"
        "    other.execute(\"INSERT INTO t (id) VALUES (1)\")\n",
        "def upgrade():\n    op.create_table('t', sa.Column('id'))\n    rows = [{'id': 1}]\n",
    };
    for (size_t i = 0; i < sizeof apart / sizeof *apart; i++) {
        out = fixed(f, apart[i]);
        assert_non_null(strstr(out, "    if _migfix_table_missing('t', columns=['id']):\n"
                                    "        op.create_table('t', sa.Column('id'))\n    "));
    }
}

static void test_suppression_comments(void **state) {
    fixture *f = *state;
    assert_left_alone(f, "def f():\n    op.drop_table('t')  # migfix: ignore\n",
                      "ignored (# migfix: ignore)");
    assert_left_alone(f, "def f():\n    op.drop_table(\n        't',  # migfix:ignore\n    )\n",
                      "ignored");
    transform(f, "# migfix: ignore-file\nfrom alembic import op\ndef f():\n    op.drop_table('a')\n"
                 "    op.drop_table('b')\n");
    assert_null(output_of(f));
    assert_int_equal(f->t.plan.ops.len, 2);
    assert_string_equal(op_at(f, 1)->reason, "ignored (# migfix: ignore-file)");
    /* Not a suppression: in a string, or another word. */
    transform(f, "def f():\n    op.drop_table('# migfix: ignore')\n    op.drop_table('u')  # "
                 "migfix: ignored\n");
    assert_int_equal(op_at(f, 0)->status, MF_GUARDED);
    assert_int_equal(op_at(f, 1)->status, MF_GUARDED);
}

/* A name written over several lines in brackets is repeated on one line in
 * the guard: its tokens, string contents untouched. */
static void test_multi_line_arguments_on_one_line(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "def upgrade():\n"
                               "    op.drop_constraint(\n"
                               "        constraint_name=('uniq_a0'\n"
                               "                         'b'),\n"
                               "        table_name=T, type_='unique')\n");
    assert_non_null(strstr(out, "    if _migfix_constraint_present(('uniq_a0' 'b'), T, "
                                "type_='unique'):\n        op.drop_constraint(\n"));
    assert_left_alone(f, "def f():\n    op.drop_table('a'  # the a table\n        'b')\n",
                      "with a comment or a multi-line string");
}

/* op.execute / conn.execute: SQL made idempotent in place (only the SQL text
 * changes), or checked first, for the configured dialect. */
static void test_raw_sql(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "def upgrade():\n"
                               "    op.execute('CREATE TABLE t (id int)')\n"
                               "    op.execute(sa.text(\"DROP INDEX ix_a\"))\n"
                               "    op.execute('CREATE TYPE mood AS ENUM (%s)' % values)\n"
                               "    conn = op.get_bind()\n"
                               "    conn.execute(f'drop table {name}')\n"
                               "    op.get_bind().execute('CREATE SCHEMA audit')\n");
    assert_string_equal(after_helpers(out),
                        "\n\ndef upgrade():\n"
                        "    op.execute('CREATE TABLE IF NOT EXISTS t (id int)')\n"
                        "    op.execute(sa.text(\"DROP INDEX IF EXISTS ix_a\"))\n"
                        "    if _migfix_type_missing(\"mood\"):\n"
                        "        op.execute('CREATE TYPE mood AS ENUM (%s)' % values)\n"
                        "    conn = op.get_bind()\n"
                        "    conn.execute(f'drop table if exists {name}')\n"
                        "    op.get_bind().execute('CREATE SCHEMA IF NOT EXISTS audit')\n");
    assert_string_equal(op_at(f, 3)->call, "conn.execute");
    assert_non_null(
        strstr(op_at(f, 0)->reason, "SQL made idempotent for postgresql (CREATE TABLE)"));
    assert_non_null(
        strstr(op_at(f, 2)->reason, "checked first: CREATE TYPE cannot say IF NOT EXISTS"));

    /* Alone in its op.execute, CREATE INDEX is checked like op.create_index:
     * its table and columns must still exist. */
    out = fixed(f, "def upgrade():\n    op.execute('CREATE INDEX ix_t_a ON t (a, lower(b))')\n");
    assert_non_null(strstr(out, "    if _migfix_index_missing(\"ix_t_a\", \"t\", [\"a\"]):\n"));
    transform(f, "def f():\n    op.execute('DROP TABLE IF EXISTS t')\n");
    assert_int_equal(op_at(f, 0)->status, MF_ALREADY_GUARDED);
    assert_null(output_of(f));
}

static void test_enum_types_check_first(void **state) {
    fixture *f = *state;
    const char *out = fixed(f, "mood = postgresql.ENUM('a', 'b', name='mood')\n"
                               "def upgrade():\n"
                               "    mood.create(op.get_bind())\n"
                               "    sa.Enum('x', name='e').create(bind=op.get_bind())\n"
                               "def downgrade():\n"
                               "    mood.drop(op.get_bind(), checkfirst=False)\n");
    assert_string_equal(out,
                        "mood = postgresql.ENUM('a', 'b', name='mood')\n"
                        "def upgrade():\n"
                        "    mood.create(op.get_bind(), checkfirst=True)\n"
                        "    sa.Enum('x', name='e').create(bind=op.get_bind(), checkfirst=True)\n"
                        "def downgrade():\n"
                        "    mood.drop(op.get_bind(), checkfirst=False)\n");
    assert_int_equal(op_at(f, 2)->status, MF_LEFT_ALONE);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hand_guards_through_names, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_guards_the_four_operations, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_keyword_forms_and_repeatable_names, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_continuation_lines_and_multiline_strings,
                                        setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_tabs_crlf_and_module_level, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_alias_and_trailing_comma, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_catalogue_guards, setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_raw_sql, setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_enum_types_check_first, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_multi_line_arguments_on_one_line, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_create_then_seed, setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_seeds_through_the_connection, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_suppression_comments, setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_one_line_bodies_and_semicolons, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_batch_forms_take_the_table_from_the_with,
                                        setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_left_alone_with_reasons, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_already_guarded, setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_alembic_utils_entities, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_drift_facts, setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_older_guards_and_helpers_brought_up_to_date,
                                        setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_migfix_guard_recognised_and_helpers_kept,
                                        setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_files_without_operations_are_untouched, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_syntax_errors_are_refused_with_position, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_sql_through_local_names, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_columns_through_local_names, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_tree_sitter_false_error_is_named, setup_fixture,
                                        teardown_fixture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
