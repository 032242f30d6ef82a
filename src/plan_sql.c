/* Planning raw SQL: op.execute / conn.execute made idempotent for the
 * dialect (with sql.c), and ENUM types created and dropped with checkfirst. */
#include "planner.h"

#include "parse.h"
#include "source.h"
#include "sql.h"

#include <string.h>

/* A run of SQL text that stands in the source at SRC (SQL offsets
 * [sql, sql + len)). */
typedef struct {
    size_t sql, len;
    uint32_t src;
} sql_segment;

typedef MF_VEC(sql_segment) sql_segments;

/* Appends the literal run [FROM, TO) of the source to SQL, recording where it
 * stands. */
static void put_run(planner *p, uint32_t from, uint32_t to, mf_buf *sql, sql_segments *segments) {
    if (to <= from)
        return;
    sql_segment segment = {sql->len, to - from, from};
    MF_VEC_PUSH(segments, segment);
    mf_buf_put(sql, p->text.data + from, to - from);
}

/* A string's contents as the database will see them: escape sequences are
 * decoded (\" is ", a backslash-newline is nothing), the literal runs between
 * them keep their place in the source for inserts. */
static void collect_content(planner *p, TSNode content, mf_buf *sql, sql_segments *segments) {
    uint32_t at = ts_node_start_byte(content);
    uint32_t n = ts_node_named_child_count(content);
    for (uint32_t i = 0; i < n; i++) {
        TSNode escape = ts_node_named_child(content, i);
        if (!mf_node_is(escape, "escape_sequence"))
            continue;
        put_run(p, at, ts_node_start_byte(escape), sql, segments);
        mf_slice e = mf_node_text(escape, p->text);
        char c = e.len == 2 ? e.data[1] : 0;
        if (c == '\n' || (c == '\r' && e.len == 2))
            ; /* a line continuation inside the string */
        else if (c == 'n')
            mf_buf_putc(sql, '\n');
        else if (c == 't')
            mf_buf_putc(sql, '\t');
        else if (c == '"' || c == '\'' || c == '\\')
            mf_buf_putc(sql, c);
        else
            mf_buf_put(sql, e.data, e.len);
        at = ts_node_end_byte(escape);
    }
    put_run(p, at, ts_node_end_byte(content), sql, segments);
}

/* Appends the literal text of the string expression NODE to SQL, recording
 * where each piece stands in the source. Interpolated values become
 * MF_SQL_HOLE. Returns NULL, or what the expression is when it is not SQL
 * text migfix can read. */
static const char *collect_sql(planner *p, TSNode node, mf_buf *sql, sql_segments *segments,
                               int depth) {
    if (depth > 8)
        return "SQL built by an expression migfix does not read";
    if (mf_node_is(node, "parenthesized_expression"))
        return collect_sql(p, mf_node_code_child(node, 0), sql, segments, depth + 1);
    if (mf_node_is(node, "concatenated_string")) {
        uint32_t n = mf_node_code_child_count(node);
        for (uint32_t i = 0; i < n; i++) {
            const char *why = collect_sql(p, mf_node_code_child(node, i), sql, segments, depth + 1);
            if (why)
                return why;
        }
        return NULL;
    }
    if (mf_node_is(node, "string")) {
        uint32_t n = ts_node_named_child_count(node);
        for (uint32_t i = 0; i < n; i++) {
            TSNode part = ts_node_named_child(node, i);
            if (mf_node_is(part, "string_content")) {
                collect_content(p, part, sql, segments);
            } else if (mf_node_is(part, "interpolation")) {
                mf_buf_putc(sql, MF_SQL_HOLE);
            }
        }
        return NULL;
    }
    if (mf_node_is(node, "binary_operator")) /* "... %s ..." % values: the template */
        return collect_sql(p, mf_node_field(node, "left"), sql, segments, depth + 1);
    if (mf_node_is(node, "call")) {
        TSNode function = mf_node_field(node, "function");
        TSNode name =
            mf_node_is(function, "attribute") ? mf_node_field(function, "attribute") : function;
        mf_slice called = mf_node_text(name, p->text);
        if (mf_node_is(function, "attribute") && mf_slice_eq_cstr(called, "format"))
            return collect_sql(p, mf_node_field(function, "object"), sql, segments, depth + 1);
        if (mf_slice_eq_cstr(called, "text") || mf_slice_eq_cstr(called, "literal_column"))
            return collect_sql(p, mf_node_code_child(mf_node_field(node, "arguments"), 0), sql,
                               segments, depth + 1);
        return "not SQL text (a SQLAlchemy construct or a computed value)";
    }
    if (mf_node_is(node, "identifier")) {
        /* `sql = "CREATE TABLE ..."` then `op.execute(sql)`: read where the
         * name is assigned, when that is what reaches here and the name is
         * used nowhere else (an edit there changes only this call's SQL). */
        mf_slice name = mf_node_text(node, p->text);
        TSNode bound = mf_bound_value(&p->bindings, p->arena, node, name, p->text);
        TSNode root = ts_tree_root_node(node.tree);
        if (!ts_node_is_null(bound) && mf_node_is(ts_node_parent(bound), "assignment") &&
            mf_name_uses(&p->bindings, p->arena, node, name, ts_node_start_byte(root),
                         ts_node_end_byte(root), p->text) == 2)
            return collect_sql(p, bound, sql, segments, depth + 1);
        return "SQL held in a variable that is not assigned once, where it is used, and used "
               "only there";
    }
    return "not SQL text migfix can read";
}

/* The source offset of SQL offset AT (an insert after a keyword always falls
 * in or at the end of a literal piece). */
static bool source_offset(const sql_segments *segments, size_t at, uint32_t *out) {
    for (size_t i = 0; i < segments->len; i++) {
        const sql_segment *s = &segments->items[i];
        if (at > s->sql && at <= s->sql + s->len) {
            *out = s->src + (uint32_t)(at - s->sql);
            return true;
        }
    }
    return false;
}

/* NAME as a Python string literal. */
static mf_slice python_string(planner *p, mf_slice name) {
    mf_buf out = {0};
    mf_buf_put_python_string(&out, name);
    mf_slice s = mf_slice_cstr(mf_arena_strndup(p->arena, out.data, out.len));
    mf_buf_free(&out);
    return s;
}

/* op.execute(SQL): rewrite what the dialect lets be idempotent; put a
 * statement that needs a check under a guard; say why the rest stays. */
void planner_execute(planner *p, const mf_found_op *op, TSNode stmt, const char *shape_problem) {
    TSNode arglist = mf_node_field(op->call, "arguments");
    TSNode argument_node = mf_node_code_child(arglist, 0);
    if (mf_node_is(argument_node, "keyword_argument"))
        argument_node = mf_node_field(argument_node, "value");
    mf_buf sql = {0};
    sql_segments segments = {0};
    const char *why = ts_node_is_null(argument_node)
                          ? "no SQL argument"
                          : collect_sql(p, argument_node, &sql, &segments, 0);
    if (why) {
        planner_report(p, op, MF_LEFT_ALONE, mf_arena_printf(p->arena, "raw SQL: %s", why));
        goto done;
    }
    mf_sql_analysis analysis;
    mf_sql_analyse(p->config->sql, p->config->settings.dialect,
                   mf_slice_of(sql.data ? sql.data : "", sql.len), p->arena, &analysis);
    size_t rewritten = 0, idempotent = 0;
    const mf_sql_statement *guarded = NULL, *as_written = NULL;
    mf_buf done_what = {0};
    for (size_t i = 0; i < analysis.statements.len; i++) {
        const mf_sql_statement *st = &analysis.statements.items[i];
        if (st->verdict == MF_SQL_REWRITE) {
            rewritten++;
            mf_buf_printf(&done_what, "%s%s", done_what.len ? ", " : "", st->what);
        } else if (st->verdict == MF_SQL_IDEMPOTENT) {
            idempotent++;
        } else if (st->verdict == MF_SQL_GUARD && analysis.statements.len == 1) {
            guarded = st;
        } else if (!as_written) {
            as_written = st;
        }
    }
    const char *dialect = mf_dialect_name(p->config->settings.dialect);
    /* Alone in its op.execute, a statement with prerequisites is checked
     * first like op.create_index / op.add_column, whether or not it says IF
     * [NOT] EXISTS: that would not notice that a later migration removed its
     * table or columns. */
    const mf_sql_statement *alone =
        analysis.statements.len == 1 ? &analysis.statements.items[0] : NULL;
    mf_sql_statement prerequisite;
    if (alone && alone->prerequisites != MF_CHECK_NONE && alone->verdict != MF_SQL_GUARD) {
        prerequisite = *alone;
        prerequisite.check = alone->prerequisites;
        prerequisite.reason = alone->prerequisites == MF_CHECK_INDEX_MISSING
                                  ? "the index's table and columns must exist, the index not"
                                  : "the column's table must exist";
        guarded = &prerequisite;
        rewritten = 0;
        as_written = NULL;
    }
    if (rewritten) {
        for (size_t i = 0; i < analysis.inserts.len; i++) {
            uint32_t at;
            if (source_offset(&segments, analysis.inserts.items[i].at, &at))
                planner_add_edit(p, at, at, mf_slice_cstr(analysis.inserts.items[i].text));
        }
        planner_report(
            p, op, MF_GUARDED,
            mf_arena_printf(p->arena, "SQL made idempotent for %s (%s)%s%s", dialect,
                            done_what.data, as_written ? "; left as written: " : "",
                            as_written ? (as_written->reason ? as_written->reason : "") : ""));
    } else if (guarded) {
        guard_args args = {{{0}}, guarded->check};
        args.vars[MF_VAR_NAME] = python_string(p, guarded->name);
        if (guarded->table.data)
            args.vars[MF_VAR_TABLE] = python_string(p, guarded->table);
        if (guarded->schema.data)
            args.vars[MF_VAR_SCHEMA] = python_string(p, guarded->schema);
        if (guarded->check == MF_CHECK_COLUMN_MISSING || guarded->check == MF_CHECK_COLUMN_PRESENT)
            args.vars[MF_VAR_COLUMN] = args.vars[MF_VAR_NAME];
        if (guarded->columns.data)
            args.vars[MF_VAR_COLUMNS] = guarded->columns;
        mf_slice guard = planner_render_guard(p, &args);
        if (!shape_problem && planner_has_migfix_guard(p, stmt, guard, args.check)) {
            p->needed[args.check] = true;
            planner_report(p, op, MF_ALREADY_GUARDED, "guarded by migfix");
        } else if (shape_problem) {
            planner_report(
                p, op, MF_LEFT_ALONE,
                mf_arena_printf(p->arena, "%s, and it is %s", guarded->reason, shape_problem));
        } else {
            planner_wrap_statement(
                p, op, stmt, guard, args.check,
                mf_arena_printf(p->arena, "checked first: %s (%s)", guarded->reason, dialect));
        }
    } else if (idempotent && !as_written) {
        planner_report(p, op, MF_ALREADY_GUARDED,
                       "the SQL already says IF [NOT] EXISTS or OR REPLACE");
    } else if (as_written) {
        planner_report(p, op, MF_LEFT_ALONE,
                       mf_arena_printf(p->arena, "raw SQL: %s",
                                       as_written->reason ? as_written->reason : as_written->what));
    } else {
        planner_report(p, op, MF_LEFT_ALONE, "raw SQL: no statement in it");
    }
    mf_buf_free(&done_what);
    mf_sql_analysis_free(&analysis);
done:
    mf_buf_free(&sql);
    MF_VEC_FREE(&segments);
}

/* TYPE.create(bind) / TYPE.drop(bind) of an ENUM: SQLAlchemy checks first
 * when asked to. */
void planner_type(planner *p, const mf_found_op *op) {
    TSNode arglist = mf_node_field(op->call, "arguments");
    TSNode value = {0};
    arg_state state = planner_argument(arglist, -1, "checkfirst", p->text, &value);
    if (state == ARG_FOUND && mf_node_is(value, "true")) {
        planner_report(p, op, MF_ALREADY_GUARDED, "passes checkfirst=True");
    } else if (state != ARG_ABSENT) {
        planner_report(p, op, MF_LEFT_ALONE,
                       "passes checkfirst explicitly (or may, through **kwargs); left as written");
    } else {
        uint32_t n = mf_node_code_child_count(arglist);
        uint32_t at = n ? ts_node_end_byte(mf_node_code_child(arglist, n - 1))
                        : ts_node_start_byte(arglist) + 1;
        planner_add_edit(p, at, at, mf_slice_cstr(n ? ", checkfirst=True" : "checkfirst=True"));
        planner_report(p, op, MF_GUARDED,
                       op->kind == mf_op_kind_type_create()
                           ? "checkfirst=True: the type is created only if it does not exist"
                           : "checkfirst=True: the type is dropped only if it exists");
    }
}
