/* The revision guard: the first statement of upgrade() returns at once when
 * the database is already past the revision, as its witness shows (see
 * chain.h's mf_revision_guard). The chain stage says what to check; this
 * file only writes it, keeps it up to date, or takes it away:
 *
 *     def upgrade():
 *         if _migfix_revision_applied([("table", None, "accounts")]):
 *             return
 *         ...the body, with its own guards...
 */
#include "chain.h"
#include "parse.h"
#include "planner.h"
#include "source.h"

#include <string.h>

TSNode planner_upgrade_function(planner *p) {
    TSNode upgrade = {0};
    mf_children it;
    mf_children_open(&it, p->root);
    for (TSNode stmt; mf_children_next(&it, &stmt);) {
        TSNode def =
            mf_node_is(stmt, "decorated_definition") ? mf_node_field(stmt, "definition") : stmt;
        if (mf_node_is(def, "function_definition") &&
            mf_slice_eq_cstr(mf_node_text(mf_node_field(def, "name"), p->text), "upgrade"))
            upgrade = def;
    }
    mf_children_close(&it);
    return upgrade;
}

static bool is_docstring(TSNode stmt) {
    return mf_node_is(stmt, "expression_statement") &&
           mf_node_is(mf_node_code_child(stmt, 0), "string");
}

/* Whether STMT is a revision guard migfix wrote: `if _migfix_revision_applied(...):`
 * on its own line, then `return` alone on the next. */
static bool is_revision_guard(planner *p, TSNode stmt) {
    if (!mf_node_is(stmt, "if_statement") || !ts_node_is_null(mf_node_field(stmt, "alternative")))
        return false;
    TSNode condition = mf_node_field(stmt, "condition");
    TSNode called = mf_node_field(condition, "function");
    TSNode body = mf_node_field(stmt, "consequence");
    TSNode only = mf_node_code_child(body, 0);
    return mf_node_is(condition, "call") &&
           mf_slice_eq_cstr(mf_node_text(called, p->text), "_migfix_revision_applied") &&
           mf_node_code_child_count(body) == 1 && mf_node_is(only, "return_statement") &&
           ts_node_named_child_count(only) == 0 &&
           mf_line_start(p->text, ts_node_start_byte(only)) !=
               mf_line_start(p->text, ts_node_start_byte(stmt));
}

static bool same_name(const char *a, const char *b) {
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The columns of ALL_OF this file adds with facts the chain vouches for,
 * as `[(schema, table, column, type_, nullable), ...]`: what a revision
 * skipped whole still compares (its per-operation guards do not run), or
 * NULL when there is none. */
static const char *compared(planner *p, const mf_guard_objects *all_of) {
    mf_buf out = {0};
    for (size_t i = 0; i < all_of->len; i++) {
        const mf_guard_object *o = &all_of->items[i];
        for (size_t k = 0; strcmp(o->kind, "column") == 0 && k < p->compared.len; k++) {
            const struct compared_column *c = &p->compared.items[k];
            if (!c->once || !same_name(c->schema, o->schema) || strcmp(c->table, o->table) != 0 ||
                strcmp(c->column, o->name) != 0)
                continue;
            mf_buf_puts(&out, out.len ? ", (" : "[(");
            if (c->schema)
                mf_buf_put_python_string(&out, mf_slice_cstr(c->schema));
            else
                mf_buf_puts(&out, "None");
            mf_buf_puts(&out, ", ");
            mf_buf_put_python_string(&out, mf_slice_cstr(c->table));
            mf_buf_puts(&out, ", ");
            mf_buf_put_python_string(&out, mf_slice_cstr(c->column));
            mf_buf_puts(&out, ", ");
            if (c->type.len)
                mf_buf_put(&out, c->type.data, c->type.len);
            else
                mf_buf_puts(&out, "None");
            mf_buf_puts(&out, ", ");
            if (c->nullable.len)
                mf_buf_put(&out, c->nullable.data, c->nullable.len);
            else
                mf_buf_puts(&out, "None");
            mf_buf_puts(&out, ")");
        }
    }
    if (!out.len)
        return NULL;
    mf_buf_puts(&out, "]");
    const char *list = mf_arena_strndup(p->arena, out.data, out.len);
    mf_buf_free(&out);
    return list;
}

static mf_slice render(planner *p, const mf_revision_guard *guard) {
    guard_args args = {{{0}}, MF_CHECK_REVISION_APPLIED};
    args.vars[MF_VAR_ALL_OF] = mf_slice_cstr(guard->all_of.python);
    if (guard->any_of.python)
        args.vars[MF_VAR_ANY_OF] = mf_slice_cstr(guard->any_of.python);
    if (guard->none_of.python)
        args.vars[MF_VAR_NONE_OF] = mf_slice_cstr(guard->none_of.python);
    const char *compare = compared(p, &guard->all_of);
    if (compare) {
        args.vars[MF_VAR_COMPARE] = mf_slice_cstr(compare);
        p->needed[MF_CHECK_COLUMN_MISSING] = true; /* it defines the comparison */
    }
    return planner_render_guard(p, &args);
}

static void add_edit(planner *p, size_t start, size_t end, mf_slice text) {
    mf_edit edit = {(uint32_t)start, (uint32_t)end, mf_arena_strndup(p->arena, text.data, text.len),
                    text.len};
    planner_insert_edit(p, edit); /* before the first statement's own guard */
}

void planner_revision(planner *p) {
    TSNode upgrade = planner_upgrade_function(p);
    if (ts_node_is_null(upgrade) || p->ignore_file)
        return;
    TSNode body = mf_node_field(upgrade, "body");
    uint32_t at = 0;
    TSNode first = mf_node_code_child(body, at);
    if (is_docstring(first))
        first = mf_node_code_child(body, ++at);
    if (ts_node_is_null(first))
        return;
    bool existing = is_revision_guard(p, first);
    const mf_revision_guard *guard = NULL;
    if (p->config->chain) {
        guard = mf_chain_guard(p->config->chain, p->revision);
    } else if (existing) {
        p->needed[MF_CHECK_REVISION_APPLIED] = true; /* no chain to say otherwise: kept */
        return;
    }
    size_t line = mf_line_start(p->text, ts_node_start_byte(first));
    if (existing && !guard) {
        /* The chain no longer vouches for it: its two lines go. */
        TSNode ret = mf_node_code_child(mf_node_field(first, "consequence"), 0);
        add_edit(p, line, mf_next_line(p->text, ts_node_start_byte(ret)), mf_slice_cstr(""));
        return;
    }
    if (!guard)
        return;
    p->needed[MF_CHECK_REVISION_APPLIED] = true;
    p->revision_guard = guard;
    mf_slice header = render(p, guard);
    if (existing) {
        size_t start = ts_node_start_byte(first);
        size_t end = mf_line_content_end(p->text, start);
        mf_slice written = mf_slice_of(p->text.data + start, end - start);
        if (!mf_slice_eq(written, header))
            add_edit(p, start, end, header);
        return;
    }
    mf_slice indent = planner_line_indent(p->text, ts_node_start_byte(first));
    if (indent.data + indent.len != p->text.data + ts_node_start_byte(first) ||
        line == mf_line_start(p->text, ts_node_start_byte(upgrade)))
        return; /* `def upgrade(): ...` or `"""doc"""; op.x()`: no line of its own to go above */
    const char *eol = planner_eol_of_line(p, line);
    mf_buf text = {0};
    mf_buf_put(&text, indent.data, indent.len);
    mf_buf_put(&text, header.data, header.len);
    mf_buf_puts(&text, eol);
    mf_buf_put(&text, indent.data, indent.len);
    mf_buf_put(&text, p->module_unit.data, p->module_unit.len);
    mf_buf_puts(&text, "return");
    mf_buf_puts(&text, eol);
    add_edit(p, line, line, mf_slice_of(text.data, text.len));
    mf_buf_free(&text);
}
