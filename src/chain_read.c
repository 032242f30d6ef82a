/* What one migration declares about its place in the chain: `revision`,
 * `down_revision`, `depends_on`, `branch_labels`, read from module-level
 * literals only (a value computed at import time is marked unknown, never
 * guessed), and its `# migfix: ignore[...]` comments. */
#include "chain_model.h"

#include "find.h"
#include "parse.h"
#include "source.h"

#include <string.h>
#include <strings.h>

static void read_names(mf_arena *arena, TSNode value, mf_slice text, mf_revision_names *out) {
    while (mf_node_is(value, "parenthesized_expression"))
        value = mf_node_code_child(value, 0);
    out->known = false;
    out->count = 0;
    if (mf_node_is(value, "none")) {
        out->known = true;
        return;
    }
    const char *one = mf_plain_string(arena, value, text);
    if (one) {
        out->names = mf_arena_alloc(arena, sizeof *out->names);
        out->names[0] = one;
        out->count = 1;
        out->known = true;
        return;
    }
    if (!mf_node_is(value, "tuple") && !mf_node_is(value, "list"))
        return;
    uint32_t n = mf_node_code_child_count(value);
    out->names = mf_arena_alloc(arena, (n ? n : 1) * sizeof *out->names);
    for (uint32_t i = 0; i < n; i++) {
        const char *name = mf_plain_string(arena, mf_node_code_child(value, i), text);
        if (!name)
            return;
        out->names[out->count++] = name;
    }
    out->known = true;
}

/* `# migfix: ignore[MF101, MF103]` (or ignore-file[...]) in COMMENT. */
static void read_suppression(mf_arena *arena, TSNode comment, mf_slice text, mf_revision *rev) {
    mf_slice c = mf_node_text(comment, text);
    long at = mf_slice_find(c, "migfix:");
    if (at < 0)
        return;
    size_t i = (size_t)at + strlen("migfix:");
    while (i < c.len && c.data[i] == ' ')
        i++;
    bool file = false;
    if (i + 11 <= c.len && memcmp(c.data + i, "ignore-file", 11) == 0) {
        file = true;
        i += 11;
    } else if (i + 6 <= c.len && memcmp(c.data + i, "ignore", 6) == 0) {
        i += 6;
    } else {
        return;
    }
    mf_suppression s = {0, NULL};
    if (i < c.len && c.data[i] == '[') {
        size_t close = i;
        while (close < c.len && c.data[close] != ']')
            close++;
        if (close == c.len)
            return;
        mf_buf rules = {0};
        for (size_t k = i + 1; k < close; k++)
            if (c.data[k] != ' ')
                mf_buf_putc(&rules, c.data[k]);
        s.rules = mf_arena_strndup(arena, rules.data ? rules.data : "", rules.len);
        mf_buf_free(&rules);
    } else if (i < c.len && c.data[i] != ' ' && c.data[i] != '\t' && c.data[i] != '#') {
        return; /* another word: ignored-something */
    }
    if (!file)
        s.line = ts_node_start_point(comment).row + 1;
    MF_VEC_PUSH(&rev->suppressions, s);
}

bool mf_chain_rule_listed(const char *rules, const char *rule) {
    size_t n = strlen(rule);
    for (const char *r = rules; (r = strstr(r, rule)) != NULL; r += n)
        if ((r == rules || r[-1] == ',') && (r[n] == '\0' || r[n] == ','))
            return true;
    return false;
}

bool mf_chain_suppressed(const mf_revision *rev, const char *rule, uint32_t line) {
    for (size_t i = 0; i < rev->suppressions.len; i++) {
        const mf_suppression *s = &rev->suppressions.items[i];
        if (s->line != 0 && s->line != line)
            continue;
        if (!s->rules || mf_chain_rule_listed(s->rules, rule))
            return true;
    }
    return false;
}

/* `drop_constraint(None, ...)`: Alembic needs the name to emit DROP
 * CONSTRAINT, so the call fails whenever it runs (autogenerate writes it
 * for constraints that had no name in the model). */
static void read_unnamed_drops(mf_arena *arena, const mf_found *found, mf_slice text,
                               mf_revision *rev) {
    for (size_t i = 0; i < found->ops.len; i++) {
        const mf_found_op *op = &found->ops.items[i];
        if (!mf_found_op_is(op, "drop_constraint"))
            continue;
        TSNode args = mf_node_field(op->call, "arguments");
        TSNode name = {0};
        mf_children it;
        mf_children_open(&it, args);
        for (TSNode arg; mf_children_next(&it, &arg);) {
            if (mf_node_is(arg, "keyword_argument")) {
                if (mf_slice_eq_cstr(mf_node_text(mf_node_field(arg, "name"), text),
                                     "constraint_name"))
                    name = mf_node_field(arg, "value");
            } else if (ts_node_is_null(name) && !mf_node_is(arg, "list_splat") &&
                       !mf_node_is(arg, "dictionary_splat")) {
                name = arg;
                break;
            } else {
                break;
            }
        }
        mf_children_close(&it);
        if (!mf_node_is(name, "none"))
            continue;
        TSPoint at = ts_node_start_point(op->call);
        mf_unnamed_drop drop = {at.row + 1, at.column + 1,
                                mf_arena_strndup(arena, op->callee.data, op->callee.len)};
        MF_VEC_PUSH(&rev->unnamed_drops, drop);
    }
}

/* The module-level assignments of revision, down_revision, depends_on and
 * branch_labels into OUT (the last of each is what Python keeps). */
static void read_revision_names(mf_arena *arena, TSNode root, mf_slice text, mf_revision *out) {
    mf_children it;
    mf_children_open(&it, root);
    for (TSNode stmt; mf_children_next(&it, &stmt);) {
        if (!mf_node_is(stmt, "expression_statement"))
            continue;
        TSNode assign = mf_node_code_child(stmt, 0);
        if (!mf_node_is(assign, "assignment"))
            continue;
        TSNode left = mf_node_field(assign, "left");
        mf_slice name = mf_node_text(left, text);
        mf_revision_names *target = NULL;
        if (!mf_node_is(left, "identifier"))
            continue;
        if (mf_slice_eq_cstr(name, "revision"))
            target = &out->revision;
        else if (mf_slice_eq_cstr(name, "down_revision"))
            target = &out->down_revision;
        else if (mf_slice_eq_cstr(name, "depends_on"))
            target = &out->depends_on;
        else if (mf_slice_eq_cstr(name, "branch_labels"))
            target = &out->branch_labels;
        TSNode value = mf_node_field(assign, "right");
        if (!target || ts_node_is_null(value))
            continue; /* `revision: str` alone binds nothing */
        target->present = true;
        TSPoint at = ts_node_start_point(stmt);
        target->line = at.row + 1;
        target->column = at.column + 1;
        read_names(arena, value, text, target);
    }
    mf_children_close(&it);
}

const char *mf_chain_file_revision(mf_arena *arena, const TSTree *tree, mf_slice text) {
    mf_revision rev = {0};
    read_revision_names(arena, ts_tree_root_node(tree), text, &rev);
    return mf_chain_id(&rev);
}

/* Words that can end a transaction inside an upgrade: COMMIT (also
 * autocommit_block, .commit()), CONCURRENTLY (an index built outside one).
 * In any case, anywhere in the file's own code: not in a comment at module
 * level, nor in migfix's helpers (whose docstrings speak of commits). A
 * false alarm only loses a guard. */
static bool says_commit(mf_slice text) {
    static const char *const words[] = {"commit", "concurrently"};
    for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
        size_t n = strlen(words[w]);
        for (size_t i = 0; i + n <= text.len; i++)
            if ((text.data[i] | 0x20) == words[w][0] &&
                strncasecmp(text.data + i, words[w], n) == 0)
                return true;
    }
    return false;
}

static bool may_commit(TSNode root, mf_slice text) {
    uint32_t n = ts_node_named_child_count(root);
    for (uint32_t i = 0; i < n; i++) {
        TSNode stmt = ts_node_named_child(root, i), function = stmt;
        if (mf_node_is(stmt, "comment"))
            continue;
        if (mf_node_is(function, "decorated_definition"))
            function = mf_node_field(function, "definition");
        if (mf_node_is(function, "function_definition") &&
            mf_slice_starts_with(mf_node_text(mf_node_field(function, "name"), text), "_migfix_"))
            continue;
        if (says_commit(mf_node_text(stmt, text)))
            return true;
    }
    return false;
}

bool mf_chain_read_file(mf_arena *arena, const char *path, mf_slice text, const TSTree *tree,
                        const mf_found *found, const mf_sql_patterns *sql, mf_revision *out) {
    memset(out, 0, sizeof *out);
    out->path = mf_arena_strndup(arena, path, strlen(path));
    TSNode root = ts_tree_root_node(tree);
    read_revision_names(arena, root, text, out);
    if (!out->revision.present)
        return false;
    /* Suppression comments anywhere in the file. */
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    do {
        TSNode node = ts_tree_cursor_current_node(&cursor);
        if (mf_node_is(node, "comment"))
            read_suppression(arena, node, text, out);
    } while (mf_cursor_next(&cursor, true));
    ts_tree_cursor_delete(&cursor);
    mf_found own = {0};
    if (!found) {
        mf_find_operations(tree, text, &own);
        found = &own;
    }
    read_unnamed_drops(arena, found, text, out);
    out->may_commit = may_commit(root, text);
    mf_chain_read_schema(arena, tree, found, text, sql, out);
    mf_found_free(&own);
    return true;
}
