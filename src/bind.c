/* The bindings table (bind.h): one preorder walk records every binding in
 * each scope that holds it, then one sort orders them by scope and name. */
#include "bind.h"

#include "parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t scope;
    mf_slice name;
    TSNode value;
    size_t order; /* in the walk: the sort keeps the source order */
} binding;

typedef struct {
    uint32_t start, end; /* bytes of its function_definition (the module: all) */
    size_t parent;       /* the scope around it; SIZE_MAX for the module */
    size_t first, count; /* its bindings in the table's sorted array */
} scope;

/* An identifier where it is written. */
typedef struct {
    mf_slice name;
    uint32_t start;
} use;

struct mf_bindings {
    scope *scopes; /* [0]: the module; then functions in preorder (by start) */
    size_t nscopes;
    binding *bindings;
    size_t nbindings;
    use *uses; /* every identifier of the file, by name, then place */
    size_t nuses;
};

static int slice_order(mf_slice a, mf_slice b) {
    int c = memcmp(a.data, b.data, a.len < b.len ? a.len : b.len);
    return c ? c : (a.len > b.len) - (a.len < b.len);
}

static int binding_order(const void *x, const void *y) {
    const binding *a = x, *b = y;
    if (a->scope != b->scope)
        return a->scope < b->scope ? -1 : 1;
    int c = slice_order(a->name, b->name);
    return c ? c : (a->order > b->order) - (a->order < b->order);
}

static int use_order(const void *x, const void *y) {
    const use *a = x, *b = y;
    int c = slice_order(a->name, b->name);
    return c ? c : (a->start > b->start) - (a->start < b->start);
}

typedef MF_VEC(binding) binding_list;
typedef MF_VEC(size_t) scope_list;

/* NAME is bound in every open scope, to VALUE (null: to something migfix
 * does not follow, which only makes the name unknown). */
static void bind(binding_list *bindings, const scope_list *open, mf_slice name, TSNode value) {
    binding b = {0, name, value, bindings->len};
    for (size_t i = 0; i < open->len; i++) {
        b.scope = open->items[i];
        MF_VEC_PUSH(bindings, b);
    }
}

/* Every identifier in TARGET (a name, or a tuple or list of them), bound to
 * nothing migfix follows. */
static void bind_names(binding_list *bindings, const scope_list *open, TSNode target,
                       mf_slice text) {
    if (mf_node_is(target, "identifier")) {
        bind(bindings, open, mf_node_text(target, text), (TSNode){0});
        return;
    }
    if (mf_node_is(target, "attribute") || mf_node_is(target, "subscript"))
        return; /* changes an object, binds no name */
    uint32_t n = ts_node_named_child_count(target);
    for (uint32_t i = 0; i < n; i++)
        bind_names(bindings, open, ts_node_named_child(target, i), text);
}

/* The names NODE binds other than by `NAME = value`: parameters, `as`
 * targets, imports, `:=`, comprehension and unpacking targets, `global`,
 * and the names of functions and classes. A lookup must not look past them
 * (a parameter named like a module-level assignment is not that value). */
static void bind_others(binding_list *bindings, const scope_list *open, TSNode node,
                        mf_slice text) {
    TSNode left = mf_node_field(node, "left");
    if ((mf_node_is(node, "assignment") || mf_node_is(node, "augmented_assignment") ||
         mf_node_is(node, "for_statement") || mf_node_is(node, "for_in_clause")) &&
        !mf_node_is(left, "identifier"))
        bind_names(bindings, open, left, text);
    else if (mf_node_is(node, "for_in_clause"))
        bind_names(bindings, open, left, text);
    else if (mf_node_is(node, "parameters") || mf_node_is(node, "lambda_parameters")) {
        uint32_t n = ts_node_named_child_count(node);
        for (uint32_t i = 0; i < n; i++) {
            TSNode parameter = ts_node_named_child(node, i);
            TSNode name = mf_node_field(parameter, "name");
            if (ts_node_is_null(name))
                name = mf_node_is(parameter, "identifier") ? parameter
                                                           : ts_node_named_child(parameter, 0);
            bind_names(bindings, open, name, text);
        }
    } else if (mf_node_is(node, "as_pattern_target") || mf_node_is(node, "global_statement") ||
               mf_node_is(node, "nonlocal_statement"))
        bind_names(bindings, open, node, text);
    else if (mf_node_is(node, "aliased_import"))
        bind_names(bindings, open, mf_node_field(node, "alias"), text);
    else if (mf_node_is(node, "dotted_name") &&
             (mf_node_is(ts_node_parent(node), "import_statement") ||
              mf_node_is(ts_node_parent(node), "import_from_statement")) &&
             !ts_node_eq(node, mf_node_field(ts_node_parent(node), "module_name")))
        bind_names(bindings, open, ts_node_named_child(node, 0), text);
    else if (mf_node_is(node, "named_expression") || mf_node_is(node, "function_definition") ||
             mf_node_is(node, "class_definition"))
        bind_names(bindings, open, mf_node_field(node, "name"), text);
}

static mf_bindings *build(mf_arena *arena, TSNode root, mf_slice text) {
    MF_VEC(scope) scopes = {0};
    binding_list bindings = {0};
    MF_VEC(use) uses = {0};
    /* The scopes the walk is in, with the depth each was entered at. */
    scope_list open = {0};
    MF_VEC(uint32_t) depths = {0};
    MF_VEC_PUSH(&scopes, ((scope){0, UINT32_MAX, SIZE_MAX, 0, 0}));
    MF_VEC_PUSH(&open, 0);
    MF_VEC_PUSH(&depths, 0);
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    uint32_t depth = 0;
    for (bool more = ts_tree_cursor_goto_first_child(&cursor); more;) {
        depth++;
        TSNode node = ts_tree_cursor_current_node(&cursor);
        while (open.len > 1 && depths.items[depths.len - 1] >= depth) {
            open.len--;
            depths.len--;
        }
        if (mf_node_is(node, "identifier"))
            MF_VEC_PUSH(&uses, ((use){mf_node_text(node, text), ts_node_start_byte(node)}));
        else
            bind_others(&bindings, &open, node, text); /* a function's name: around it */
        if (mf_node_is(node, "function_definition")) {
            scope s = {ts_node_start_byte(node), ts_node_end_byte(node), open.items[open.len - 1],
                       0, 0};
            MF_VEC_PUSH(&scopes, s);
            MF_VEC_PUSH(&open, scopes.len - 1);
            MF_VEC_PUSH(&depths, depth);
        } else if (mf_node_is(node, "assignment") || mf_node_is(node, "augmented_assignment") ||
                   mf_node_is(node, "for_statement")) {
            TSNode left = mf_node_field(node, "left");
            if (!ts_node_is_null(left))
                bind(&bindings, &open, mf_node_text(left, text), mf_node_field(node, "right"));
        }
        /* Preorder: down, else along, else up until there is a next. */
        if (ts_tree_cursor_goto_first_child(&cursor))
            continue;
        depth--;
        while (!(more = ts_tree_cursor_goto_next_sibling(&cursor)) &&
               ts_tree_cursor_goto_parent(&cursor))
            depth--;
    }
    ts_tree_cursor_delete(&cursor);
    MF_VEC_FREE(&open);
    MF_VEC_FREE(&depths);
    if (bindings.len)
        qsort(bindings.items, bindings.len, sizeof *bindings.items, binding_order);
    mf_bindings *table = mf_arena_alloc(arena, sizeof *table);
    table->nscopes = scopes.len;
    table->scopes = mf_arena_alloc(arena, scopes.len * sizeof *table->scopes);
    memcpy(table->scopes, scopes.items, scopes.len * sizeof *table->scopes);
    table->nbindings = bindings.len;
    table->bindings = mf_arena_alloc(arena, (bindings.len + 1) * sizeof *table->bindings);
    if (bindings.len)
        memcpy(table->bindings, bindings.items, bindings.len * sizeof *table->bindings);
    for (size_t i = 0; i < bindings.len; i++) {
        scope *s = &table->scopes[bindings.items[i].scope];
        if (!s->count++)
            s->first = i;
    }
    if (uses.len)
        qsort(uses.items, uses.len, sizeof *uses.items, use_order);
    table->nuses = uses.len;
    table->uses = mf_arena_alloc(arena, (uses.len + 1) * sizeof *table->uses);
    if (uses.len)
        memcpy(table->uses, uses.items, uses.len * sizeof *table->uses);
    MF_VEC_FREE(&scopes);
    MF_VEC_FREE(&bindings);
    MF_VEC_FREE(&uses);
    return table;
}

/* The first use of NAME at or after byte FROM (the uses' count when none). */
static size_t first_use(const mf_bindings *table, mf_slice name, uint32_t from) {
    use key = {name, from};
    size_t lo = 0, hi = table->nuses;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (use_order(&table->uses[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t mf_name_uses(mf_bindings **table, mf_arena *arena, TSNode any, mf_slice name, uint32_t from,
                    uint32_t to, mf_slice text) {
    if (ts_node_is_null(any) || from >= to)
        return 0;
    if (!*table)
        *table = build(arena, ts_tree_root_node(any.tree), text);
    return first_use(*table, name, to) - first_use(*table, name, from);
}

/* The innermost function around AT (a function is around itself), else the
 * module (0). */
static size_t scope_of(const mf_bindings *table, TSNode at) {
    uint32_t start = ts_node_start_byte(at), end = ts_node_end_byte(at);
    size_t lo = 1, hi = table->nscopes; /* the last function starting at or before AT */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (table->scopes[mid].start <= start)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* Any function around AT is that one or one around it. */
    size_t s = lo - 1;
    while (s != 0 && table->scopes[s].end < end)
        s = table->scopes[s].parent;
    return s;
}

/* How often SCOPE binds NAME (0, 1 or 2 for more), and the value of the one. */
static size_t bound_in(const mf_bindings *table, size_t s, mf_slice name, TSNode *value) {
    const scope *sc = &table->scopes[s];
    size_t lo = sc->first, hi = sc->first + sc->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (slice_order(table->bindings[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t n = 0, end = sc->first + sc->count;
    for (size_t i = lo; i < end && n < 2 && slice_order(table->bindings[i].name, name) == 0; i++)
        if (n++ == 0)
            *value = table->bindings[i].value;
    return n;
}

TSNode mf_bound_value(mf_bindings **table, mf_arena *arena, TSNode at, mf_slice name,
                      mf_slice text) {
    if (ts_node_is_null(at))
        return (TSNode){0};
    if (!*table)
        *table = build(arena, ts_tree_root_node(at.tree), text);
    TSNode value = {0};
    size_t s = scope_of(*table, at);
    size_t n = bound_in(*table, s, name, &value);
    if (!n && s != 0)
        n = bound_in(*table, 0, name, &value);
    return n == 1 ? value : (TSNode){0};
}
