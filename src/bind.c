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
    TSNode value;   /* null: a value migfix does not follow */
    size_t order;   /* in the walk: the sort keeps the source order */
    uint32_t start; /* where the binding is written */
    /* The block it is a statement of (empty when it is not one): every use
     * in it after START runs after the binding. */
    uint32_t block_start, block_end;
    /* The outermost loop of its function around it (UINT32_MAX: none), and
     * the least of those among the same name's later bindings in its scope:
     * a later binding in a loop around a use may reach it again. */
    uint32_t loop, later_loop;
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

/* The walk: the nodes it is in (by depth) and the scopes open there. */
typedef struct {
    binding_list bindings;
    scope_list open;
    MF_VEC(uint32_t) scope_depths; /* the depth each open scope was entered at */
    MF_VEC(TSNode) path;           /* path.items[d]: the node at depth d */
    mf_slice text;
} walk;

/* Where the outermost for/while around depth DEPTH in the innermost
 * function starts running again: a while's condition, but a for's body (its
 * iterable is evaluated once, before any turn: `for row in
 * conn.execute(query):` takes the query bound before the loop, even if the
 * body binds the name anew). */
static uint32_t outer_loop(const walk *w, size_t depth) {
    size_t from = w->scope_depths.items[w->scope_depths.len - 1] + 1;
    for (size_t d = from; d < depth && d < w->path.len; d++) {
        TSNode loop = w->path.items[d];
        if (mf_node_is(loop, "while_statement"))
            return ts_node_start_byte(loop);
        if (mf_node_is(loop, "for_statement")) {
            TSNode body = mf_node_field(loop, "body");
            return ts_node_start_byte(ts_node_is_null(body) ? loop : body);
        }
    }
    return UINT32_MAX;
}

/* NAME is bound at AT (the node at DEPTH), in every open scope, to VALUE
 * (null: to something migfix does not follow, which only makes the name
 * unknown there). BLOCK: the block AT is a statement of (null: none). */
static void bind(walk *w, size_t depth, TSNode at, mf_slice name, TSNode value, TSNode block) {
    binding b = {.name = name,
                 .value = value,
                 .start = ts_node_start_byte(at),
                 .block_start = ts_node_is_null(block) ? 0 : ts_node_start_byte(block),
                 .block_end = ts_node_is_null(block) ? 0 : ts_node_end_byte(block),
                 .loop = outer_loop(w, depth)};
    for (size_t i = 0; i < w->open.len; i++) {
        b.scope = w->open.items[i];
        b.order = w->bindings.len;
        MF_VEC_PUSH(&w->bindings, b);
    }
}

/* Every identifier in TARGET (a name, or a tuple or list of them), bound at
 * DEPTH to nothing migfix follows. */
static void bind_names(walk *w, size_t depth, TSNode target) {
    if (mf_node_is(target, "identifier")) {
        bind(w, depth, target, mf_node_text(target, w->text), (TSNode){0}, (TSNode){0});
        return;
    }
    if (mf_node_is(target, "attribute") || mf_node_is(target, "subscript"))
        return; /* changes an object, binds no name */
    uint32_t n = ts_node_named_child_count(target);
    for (uint32_t i = 0; i < n; i++)
        bind_names(w, depth, ts_node_named_child(target, i));
}

/* The names NODE binds other than by `NAME = value`: parameters, `as`
 * targets, imports, `:=`, comprehension and unpacking targets, `global`,
 * and the names of functions and classes. A lookup must not look past them
 * (a parameter named like a module-level assignment is not that value). */
static void bind_others(walk *w, size_t depth, TSNode node) {
    TSNode left = mf_node_field(node, "left");
    TSNode parent = depth > 0 ? w->path.items[depth - 1] : (TSNode){0};
    if ((mf_node_is(node, "assignment") || mf_node_is(node, "augmented_assignment") ||
         mf_node_is(node, "for_statement") || mf_node_is(node, "for_in_clause")) &&
        !mf_node_is(left, "identifier"))
        bind_names(w, depth, left);
    else if (mf_node_is(node, "for_in_clause"))
        bind_names(w, depth, left);
    else if (mf_node_is(node, "parameters") || mf_node_is(node, "lambda_parameters")) {
        uint32_t n = ts_node_named_child_count(node);
        for (uint32_t i = 0; i < n; i++) {
            TSNode parameter = ts_node_named_child(node, i);
            TSNode name = mf_node_field(parameter, "name");
            if (ts_node_is_null(name))
                name = mf_node_is(parameter, "identifier") ? parameter
                                                           : ts_node_named_child(parameter, 0);
            bind_names(w, depth, name);
        }
    } else if (mf_node_is(node, "as_pattern_target") || mf_node_is(node, "global_statement") ||
               mf_node_is(node, "nonlocal_statement"))
        bind_names(w, depth, node);
    else if (mf_node_is(node, "aliased_import"))
        bind_names(w, depth, mf_node_field(node, "alias"));
    else if (mf_node_is(node, "dotted_name") &&
             (mf_node_is(parent, "import_statement") ||
              mf_node_is(parent, "import_from_statement")) &&
             !ts_node_eq(node, mf_node_field(parent, "module_name")))
        bind_names(w, depth, ts_node_named_child(node, 0));
    else if (mf_node_is(node, "named_expression") || mf_node_is(node, "function_definition") ||
             mf_node_is(node, "class_definition"))
        bind_names(w, depth, mf_node_field(node, "name"));
}

/* The block NODE (at DEPTH) is a statement of, through its expression
 * statement; null when it is not a statement (a nested assignment). */
static TSNode statement_block(const walk *w, size_t depth) {
    if (depth < 2 || !mf_node_is(w->path.items[depth - 1], "expression_statement"))
        return (TSNode){0};
    TSNode block = w->path.items[depth - 2];
    return mf_node_is(block, "block") || mf_node_is(block, "module") ? block : (TSNode){0};
}

static mf_bindings *build(mf_arena *arena, TSNode root, mf_slice text) {
    MF_VEC(scope) scopes = {0};
    MF_VEC(use) uses = {0};
    walk w = {.text = text};
    MF_VEC_PUSH(&scopes, ((scope){0, UINT32_MAX, SIZE_MAX, 0, 0}));
    MF_VEC_PUSH(&w.open, 0);
    MF_VEC_PUSH(&w.scope_depths, 0);
    MF_VEC_PUSH(&w.path, root);
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    size_t depth = 0;
    for (bool more = ts_tree_cursor_goto_first_child(&cursor); more;) {
        depth++;
        TSNode node = ts_tree_cursor_current_node(&cursor);
        w.path.len = depth;
        MF_VEC_PUSH(&w.path, node);
        while (w.open.len > 1 && w.scope_depths.items[w.scope_depths.len - 1] >= depth) {
            w.open.len--;
            w.scope_depths.len--;
        }
        if (mf_node_is(node, "identifier"))
            MF_VEC_PUSH(&uses, ((use){mf_node_text(node, text), ts_node_start_byte(node)}));
        else
            bind_others(&w, depth, node); /* a function's name: around it */
        if (mf_node_is(node, "function_definition")) {
            scope s = {ts_node_start_byte(node), ts_node_end_byte(node),
                       w.open.items[w.open.len - 1], 0, 0};
            MF_VEC_PUSH(&scopes, s);
            MF_VEC_PUSH(&w.open, scopes.len - 1);
            MF_VEC_PUSH(&w.scope_depths, depth);
        } else if (mf_node_is(node, "assignment") || mf_node_is(node, "for_statement")) {
            /* A loop's name runs through its body; its value here is what
             * it goes over (the readers look into it). */
            TSNode left = mf_node_field(node, "left");
            TSNode block = mf_node_is(node, "for_statement") ? node : statement_block(&w, depth);
            if (!ts_node_is_null(left))
                bind(&w, depth, node, mf_node_text(left, text), mf_node_field(node, "right"),
                     block);
        } else if (mf_node_is(node, "augmented_assignment")) {
            TSNode left = mf_node_field(node, "left");
            if (!ts_node_is_null(left)) /* `x += 1` leaves x no value migfix knows */
                bind(&w, depth, node, mf_node_text(left, text), (TSNode){0}, (TSNode){0});
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
    MF_VEC_FREE(&w.open);
    MF_VEC_FREE(&w.scope_depths);
    MF_VEC_FREE(&w.path);
    binding_list *bindings = &w.bindings;
    if (bindings->len)
        qsort(bindings->items, bindings->len, sizeof *bindings->items, binding_order);
    /* Each binding's later_loop, from the end of its (scope, name) group. */
    for (size_t i = bindings->len; i-- > 0;) {
        const binding *next = i + 1 < bindings->len ? &bindings->items[i + 1] : NULL;
        bool same = next && next->scope == bindings->items[i].scope &&
                    slice_order(next->name, bindings->items[i].name) == 0;
        uint32_t later = same ? next->later_loop : UINT32_MAX;
        if (same && next->loop < later)
            later = next->loop;
        bindings->items[i].later_loop = later;
    }
    mf_bindings *table = mf_arena_alloc(arena, sizeof *table);
    table->nscopes = scopes.len;
    table->scopes = mf_arena_alloc(arena, scopes.len * sizeof *table->scopes);
    memcpy(table->scopes, scopes.items, scopes.len * sizeof *table->scopes);
    table->nbindings = bindings->len;
    table->bindings = mf_arena_alloc(arena, (bindings->len + 1) * sizeof *table->bindings);
    if (bindings->len)
        memcpy(table->bindings, bindings->items, bindings->len * sizeof *table->bindings);
    for (size_t i = 0; i < bindings->len; i++) {
        scope *sc = &table->scopes[bindings->items[i].scope];
        if (!sc->count++)
            sc->first = i;
    }
    if (uses.len)
        qsort(uses.items, uses.len, sizeof *uses.items, use_order);
    table->nuses = uses.len;
    table->uses = mf_arena_alloc(arena, (uses.len + 1) * sizeof *table->uses);
    if (uses.len)
        memcpy(table->uses, uses.items, uses.len * sizeof *table->uses);
    MF_VEC_FREE(&scopes);
    MF_VEC_FREE(bindings);
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

/* SCOPE's bindings of NAME: [*FIRST, *END) of the table's array. */
static void bindings_of(const mf_bindings *table, size_t s, mf_slice name, size_t *first,
                        size_t *end) {
    const scope *sc = &table->scopes[s];
    size_t lo = sc->first, hi = sc->first + sc->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (slice_order(table->bindings[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = lo;
    for (hi = sc->first + sc->count; lo < hi;) { /* the first past NAME */
        size_t mid = lo + (hi - lo) / 2;
        if (slice_order(table->bindings[mid].name, name) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *end = lo;
}

/* The value of the binding of [FIRST, END) that reaches AT: the last one
 * written before AT, when it is a statement of a block around AT (so it ran
 * before AT, and no other binding came in between) and no later one sits
 * in a loop around AT (which would run again before AT's next turn). */
static TSNode reaching(const mf_bindings *table, size_t first, size_t end, TSNode at) {
    uint32_t start = ts_node_start_byte(at), stop = ts_node_end_byte(at);
    size_t lo = first, hi = end;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (table->bindings[mid].start < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == first)
        return (TSNode){0};
    const binding *b = &table->bindings[lo - 1];
    bool dominates = b->block_start <= start && stop <= b->block_end && b->block_end > 0;
    if (!dominates || b->later_loop <= start)
        return (TSNode){0};
    return b->value;
}

bool mf_bound_in_function(mf_bindings **table, mf_arena *arena, TSNode at, mf_slice name,
                          mf_slice text) {
    if (ts_node_is_null(at))
        return false;
    if (!*table)
        *table = build(arena, ts_tree_root_node(at.tree), text);
    size_t s = scope_of(*table, at), first, end;
    if (s == 0)
        return false;
    bindings_of(*table, s, name, &first, &end);
    return first < end;
}

TSNode mf_bound_value(mf_bindings **table, mf_arena *arena, TSNode at, mf_slice name,
                      mf_slice text) {
    if (ts_node_is_null(at))
        return (TSNode){0};
    if (!*table)
        *table = build(arena, ts_tree_root_node(at.tree), text);
    size_t s = scope_of(*table, at), first, end;
    bindings_of(*table, s, name, &first, &end);
    if (first < end)
        return reaching(*table, first, end, at);
    if (s == 0)
        return (TSNode){0};
    /* Not bound in its function: the module's, when it binds the name once
     * (it ran before any function is called). */
    bindings_of(*table, 0, name, &first, &end);
    return end - first == 1 ? (*table)->bindings[first].value : (TSNode){0};
}
