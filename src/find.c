/* Finding Alembic operations in a syntax tree (see find.h). */
#include "find.h"

#include "parse.h"

#include <string.h>

static void add_receiver(mf_found *found, mf_slice name) {
    if (mf_found_is_receiver(found, name) || found->nreceivers == MF_MAX_RECEIVERS)
        return;
    found->receivers[found->nreceivers++] = name;
}

bool mf_found_is_receiver(const mf_found *found, mf_slice name) {
    for (size_t i = 0; i < found->nreceivers; i++)
        if (mf_slice_eq(found->receivers[i], name))
            return true;
    return false;
}

/* `from alembic import op as m` binds `m`; `op` itself is always taken to be
 * Alembic's (a migration may receive it as a parameter without importing). */
static void collect_receivers(TSNode module, mf_slice text, mf_found *found) {
    add_receiver(found, mf_slice_cstr("op"));
    uint32_t n = ts_node_named_child_count(module);
    for (uint32_t i = 0; i < n; i++) {
        TSNode stmt = ts_node_named_child(module, i);
        if (!mf_node_is(stmt, "import_from_statement"))
            continue;
        TSNode from = mf_node_field(stmt, "module_name");
        if (!mf_slice_eq_cstr(mf_node_text(from, text), "alembic"))
            continue;
        uint32_t m = ts_node_named_child_count(stmt);
        for (uint32_t k = 0; k < m; k++) {
            TSNode name = ts_node_named_child(stmt, k);
            if (!mf_node_is(name, "aliased_import"))
                continue;
            if (mf_slice_eq_cstr(mf_node_text(mf_node_field(name, "name"), text), "op"))
                add_receiver(found, mf_node_text(mf_node_field(name, "alias"), text));
        }
    }
}

/* The nodes around the one a walk is at that find asks about: with
 * statements (batch aliases), functions and lambdas (where a binding ends). */
typedef MF_VEC(TSNode) enclosing;

/* The `op.batch_alter_table(...)` call of the innermost enclosing `with` that
 * binds NAME, or a null node. */
static TSNode batch_binding(const enclosing *around, mf_slice name, mf_slice text,
                            const mf_found *found) {
    TSNode null = {0};
    for (size_t k = around->len; k-- > 0;) {
        TSNode node = around->items[k];
        if (!mf_node_is(node, "with_statement"))
            return null; /* a function or lambda */
        TSNode clause = ts_node_named_child(node, 0);
        uint32_t n = ts_node_named_child_count(clause);
        for (uint32_t i = 0; i < n; i++) {
            TSNode value = mf_node_field(ts_node_named_child(clause, i), "value");
            /* `with (op.batch_alter_table("t") as b):`, Python 3.10's form */
            if (mf_node_is(value, "parenthesized_expression") &&
                ts_node_named_child_count(value) == 1)
                value = ts_node_named_child(value, 0);
            if (!mf_node_is(value, "as_pattern"))
                continue;
            TSNode alias = ts_node_named_child(mf_node_field(value, "alias"), 0);
            TSNode call = ts_node_named_child(value, 0);
            TSNode function = mf_node_field(call, "function");
            TSNode object = mf_node_field(function, "object");
            if (mf_node_is(call, "call") && mf_node_is(function, "attribute") &&
                mf_slice_eq(mf_node_text(alias, text), name) &&
                mf_found_is_receiver(found, mf_node_text(object, text)) &&
                mf_slice_eq_cstr(mf_node_text(mf_node_field(function, "attribute"), text),
                                 "batch_alter_table"))
                return call;
        }
    }
    return null;
}

/* The innermost function around, or the module. */
static TSNode scope_of(const enclosing *around, TSNode root) {
    for (size_t k = around->len; k-- > 0;)
        if (mf_node_is(around->items[k], "function_definition"))
            return around->items[k];
    return root;
}

/* CALL is `RECEIVER.get_bind()`. */
static bool is_get_bind(TSNode call, mf_slice text, const mf_found *found) {
    TSNode function = mf_node_field(call, "function");
    return mf_node_is(call, "call") && mf_node_is(function, "attribute") &&
           mf_found_is_receiver(found, mf_node_text(mf_node_field(function, "object"), text)) &&
           mf_slice_eq_cstr(mf_node_text(mf_node_field(function, "attribute"), text), "get_bind");
}

/* NAME is assigned `op.get_bind()` in SCOPE_NODE, or VALUE_TEST holds
 * for what it is assigned (at module level too). */
static bool bound_to(TSNode scope_node, mf_slice name, mf_slice text, const mf_found *found,
                     bool (*value_test)(TSNode value, mf_slice text, const mf_found *found)) {
    for (int pass = 0; pass < 2; pass++) {
        TSNode scope = pass == 0 ? scope_node : ts_tree_root_node(scope_node.tree);
        TSTreeCursor cursor = ts_tree_cursor_new(scope);
        bool bound = false;
        while (!bound && mf_cursor_next(&cursor, true)) {
            TSNode assignment = ts_tree_cursor_current_node(&cursor);
            if (!mf_node_is(assignment, "assignment"))
                continue;
            TSNode left = mf_node_field(assignment, "left");
            bound = mf_node_is(left, "identifier") && mf_slice_eq(mf_node_text(left, text), name) &&
                    value_test(mf_node_field(assignment, "right"), text, found);
        }
        ts_tree_cursor_delete(&cursor);
        if (bound)
            return true;
    }
    return false;
}

/* VALUE is a call to ENUM(...) / Enum(...) (postgresql.ENUM, sa.Enum, ...). */
static bool is_enum_type(TSNode value, mf_slice text, const mf_found *found) {
    (void)found;
    TSNode function = mf_node_field(value, "function");
    TSNode name =
        mf_node_is(function, "attribute") ? mf_node_field(function, "attribute") : function;
    mf_slice called = mf_node_text(name, text);
    return mf_node_is(value, "call") &&
           (mf_slice_eq_cstr(called, "ENUM") || mf_slice_eq_cstr(called, "Enum"));
}

static bool is_bind(TSNode value, mf_slice text, const mf_found *found) {
    return is_get_bind(value, text, found);
}

static void add_op(mf_found *found, const mf_op_kind *kind, TSNode call, TSNode function,
                   mf_slice text, TSNode batch) {
    mf_found_op op = {kind, call, mf_node_text(function, text), batch};
    MF_VEC_PUSH(&found->ops, op);
}

static void consider_call(TSNode call, const enclosing *around, mf_slice text, mf_found *found) {
    TSNode function = mf_node_field(call, "function");
    if (!mf_node_is(function, "attribute"))
        return;
    TSNode object = mf_node_field(function, "object");
    mf_slice attribute = mf_node_text(mf_node_field(function, "attribute"), text);
    TSNode null = {0};
    /* ENUM(...).create(bind) / type.drop(bind) */
    bool create = mf_slice_eq_cstr(attribute, "create"), drop = mf_slice_eq_cstr(attribute, "drop");
    if ((create || drop) && (is_enum_type(object, text, found) ||
                             (mf_node_is(object, "identifier") &&
                              bound_to(scope_of(around, ts_tree_root_node(call.tree)),
                                       mf_node_text(object, text), text, found, is_enum_type)))) {
        add_op(found, create ? mf_op_kind_type_create() : mf_op_kind_type_drop(), call, function,
               text, null);
        return;
    }
    /* conn.execute(...) with conn = op.get_bind(), and op.get_bind().execute(...) */
    if (mf_slice_eq_cstr(attribute, "execute") &&
        (is_get_bind(object, text, found) ||
         (mf_node_is(object, "identifier") &&
          !mf_found_is_receiver(found, mf_node_text(object, text)) &&
          bound_to(scope_of(around, ts_tree_root_node(call.tree)), mf_node_text(object, text), text,
                   found, is_bind)))) {
        add_op(found, mf_op_kind_find(attribute), call, function, text, null);
        return;
    }
    if (!mf_node_is(object, "identifier"))
        return;
    const mf_op_kind *kind = mf_op_kind_find(attribute);
    if (!kind && mf_op_is_helper(attribute))
        return;
    if (!kind)
        kind = mf_op_kind_unknown(); /* reported, never silently skipped */
    mf_slice receiver = mf_node_text(object, text);
    TSNode batch = {0};
    if (!mf_found_is_receiver(found, receiver)) {
        batch = batch_binding(around, receiver, text, found);
        if (ts_node_is_null(batch))
            return;
    }
    add_op(found, kind, call, function, text, batch);
}

void mf_find_operations(const TSTree *tree, mf_slice text, mf_found *out) {
    TSNode root = ts_tree_root_node(tree);
    collect_receivers(root, text, out);
    /* Pre-order walk with a cursor: document order, no recursion. What
     * encloses the node is kept as the walk goes (asking tree-sitter for a
     * node's parent starts again from the root each time). */
    enclosing around = {0};
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    for (;;) {
        TSNode node = ts_tree_cursor_current_node(&cursor);
        uint32_t start = ts_node_start_byte(node);
        while (around.len && ts_node_end_byte(around.items[around.len - 1]) <= start &&
               ts_node_end_byte(node) > start)
            around.len--;
        if (mf_node_is(node, "call"))
            consider_call(node, &around, text, out);
        /* migfix's own helpers (the block's `def _migfix_...`) are not the
         * file's operations, though some finish what a stopped revision left
         * with op.create_index or op.create_foreign_key. */
        bool own =
            mf_node_is(node, "function_definition") &&
            mf_slice_starts_with(mf_node_text(mf_node_field(node, "name"), text), "_migfix_");
        if (mf_node_is(node, "with_statement") || mf_node_is(node, "function_definition") ||
            mf_node_is(node, "lambda"))
            MF_VEC_PUSH(&around, node);
        if (!mf_cursor_next(&cursor, !own))
            break;
    }
    ts_tree_cursor_delete(&cursor);
    MF_VEC_FREE(&around);
}

bool mf_found_op_is(const mf_found_op *op, const char *kind) {
    return strcmp(op->kind->name, kind) == 0;
}

bool mf_found_batch_may_rebuild(const mf_found_op *op, mf_slice text) {
    if (ts_node_is_null(op->batch))
        return false;
    static const char *const in_place[] = {"add_column", "create_index", "drop_index"};
    bool rebuilds = true;
    for (size_t i = 0; i < sizeof in_place / sizeof *in_place; i++)
        rebuilds &= !mf_found_op_is(op, in_place[i]);
    mf_children it;
    mf_children_open(&it, mf_node_field(op->batch, "arguments"));
    for (TSNode arg; !rebuilds && mf_children_next(&it, &arg);) {
        if (mf_node_is(arg, "dictionary_splat")) {
            rebuilds = true;
        } else if (mf_node_is(arg, "keyword_argument") &&
                   mf_slice_eq_cstr(mf_node_text(mf_node_field(arg, "name"), text), "recreate")) {
            mf_slice value = mf_node_text(mf_node_field(arg, "value"), text);
            rebuilds = !mf_slice_eq_cstr(value, "\"auto\"") && !mf_slice_eq_cstr(value, "'auto'");
        }
    }
    mf_children_close(&it);
    return rebuilds;
}

void mf_found_free(mf_found *found) {
    MF_VEC_FREE(&found->ops);
    found->nreceivers = 0;
}
