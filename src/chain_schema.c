/* Schema flow, first slice: which tables each revision's upgrade creates,
 * drops and renames, and rule MF203 (a table created where it already
 * exists). Only what is read for certain counts: an upgrade whose body holds
 * anything other than plain operation calls (a branch, a loop, a helper, raw
 * SQL, a name that is not a literal) is uncertain, and an uncertain revision
 * between the creator and the creating revision silences the rule. */
#include "chain_model.h"
#include "find.h"
#include "parse.h"

#include <ctype.h>
#include <string.h>

/* "schema.table" in lower case; the default schema (none, or PostgreSQL's
 * "public") is the empty schema. */
static const char *table_key(mf_arena *arena, const char *schema, const char *table) {
    if (schema && strcmp(schema, "public") == 0)
        schema = NULL;
    size_t ns = schema ? strlen(schema) : 0, nt = strlen(table);
    char *key = mf_arena_alloc(arena, ns + nt + 2);
    for (size_t i = 0; i < ns; i++)
        key[i] = (char)tolower((unsigned char)schema[i]);
    key[ns] = '.';
    for (size_t i = 0; i < nt; i++)
        key[ns + 1 + i] = (char)tolower((unsigned char)table[i]);
    key[ns + nt + 1] = '\0';
    return key;
}

/* The argument at POSITION or by KEYWORD: true and *OUT when found (a null
 * node when absent); false when a splat may hide it. */
static bool argument(TSNode call, int position, const char *keyword, mf_slice text, TSNode *out) {
    *out = (TSNode){0};
    TSNode args = mf_node_field(call, "arguments");
    bool hidden = false;
    int index = 0;
    mf_children it;
    mf_children_open(&it, args);
    for (TSNode arg; mf_children_next(&it, &arg);) {
        if (mf_node_is(arg, "keyword_argument")) {
            if (keyword &&
                mf_slice_eq_cstr(mf_node_text(mf_node_field(arg, "name"), text), keyword))
                *out = mf_node_field(arg, "value");
        } else if (mf_node_is(arg, "list_splat") || mf_node_is(arg, "dictionary_splat")) {
            hidden = true;
        } else if (index++ == position && position >= 0) {
            *out = arg;
        }
    }
    mf_children_close(&it);
    return !ts_node_is_null(*out) || !hidden;
}

/* A table named by a literal (and a literal or absent schema=), as a key; NULL
 * when migfix cannot tell. */
static const char *literal_table(mf_arena *arena, TSNode call, int position, const char *keyword,
                                 mf_slice text) {
    TSNode name, schema;
    if (!argument(call, position, keyword, text, &name) || ts_node_is_null(name) ||
        !argument(call, -1, "schema", text, &schema))
        return NULL;
    const char *table = mf_chain_plain_string(arena, name, text);
    const char *in = NULL;
    if (!ts_node_is_null(schema) && !mf_node_is(schema, "none") &&
        !(in = mf_chain_plain_string(arena, schema, text)))
        return NULL;
    return table ? table_key(arena, in, table) : NULL;
}

static void add_event(mf_revision *rev, const char *key, bool exists, TSNode at) {
    TSPoint p = ts_node_start_point(at);
    mf_table_event event = {key, exists, p.row + 1, p.column + 1};
    MF_VEC_PUSH(&rev->table_events, event);
}

static const mf_found_op *operation_at(const mf_found *found, TSNode call) {
    for (size_t i = 0; i < found->ops.len; i++)
        if (ts_node_eq(found->ops.items[i].call, call))
            return &found->ops.items[i];
    return NULL;
}

/* A statement with no effect on which tables exist, or one operation call:
 * false when it is anything migfix does not read for certain. */
static bool read_statement(mf_arena *arena, const mf_found *found, TSNode stmt, mf_slice text,
                           mf_revision *rev, bool in_batch) {
    if (mf_node_is(stmt, "pass_statement"))
        return true;
    if (mf_node_is(stmt, "with_statement") && !in_batch) {
        /* `with op.batch_alter_table(...) as b:` whose body only calls b. */
        TSNode clause = mf_node_code_child(stmt, 0), body = mf_node_field(stmt, "body");
        uint32_t n = mf_node_code_child_count(clause);
        for (uint32_t i = 0; i < n; i++) {
            TSNode item = mf_node_code_child(mf_node_code_child(clause, i), 0);
            if (mf_node_is(item, "as_pattern"))
                item = mf_node_code_child(item, 0);
            if (!mf_node_is(item, "call") ||
                !mf_slice_eq_cstr(
                    mf_node_text(mf_node_field(mf_node_field(item, "function"), "attribute"), text),
                    "batch_alter_table"))
                return false;
        }
        bool certain = true;
        mf_children it;
        mf_children_open(&it, body);
        for (TSNode inner; certain && mf_children_next(&it, &inner);)
            certain = read_statement(arena, found, inner, text, rev, true);
        mf_children_close(&it);
        return certain;
    }
    if (!mf_node_is(stmt, "expression_statement") || mf_node_code_child_count(stmt) != 1)
        return false;
    TSNode expr = mf_node_code_child(stmt, 0);
    if (mf_node_is(expr, "string"))
        return true; /* a docstring */
    const mf_found_op *op = mf_node_is(expr, "call") ? operation_at(found, expr) : NULL;
    if (!op || (in_batch != !ts_node_is_null(op->batch)))
        return false;
    const char *kind = op->kind->name;
    if (strcmp(kind, "execute") == 0)
        return false; /* raw SQL may create or drop anything */
    if (strcmp(kind, "create_table") == 0 || strcmp(kind, "drop_table") == 0) {
        const char *key = literal_table(arena, expr, 0, "table_name", text);
        if (!key)
            return false;
        add_event(rev, key, kind[0] == 'c', expr);
    } else if (strcmp(kind, "rename_table") == 0) {
        const char *old = literal_table(arena, expr, 0, "old_table_name", text);
        const char *new = literal_table(arena, expr, 1, "new_table_name", text);
        if (!old || !new)
            return false;
        add_event(rev, old, false, expr);
        add_event(rev, new, true, expr);
    }
    return true;
}

void mf_chain_read_schema(mf_arena *arena, const TSTree *tree, mf_slice text, mf_revision *rev) {
    TSNode root = ts_tree_root_node(tree), upgrade = {0};
    mf_children it;
    mf_children_open(&it, root);
    for (TSNode stmt; mf_children_next(&it, &stmt);)
        if (mf_node_is(stmt, "function_definition") &&
            mf_slice_eq_cstr(mf_node_text(mf_node_field(stmt, "name"), text), "upgrade"))
            upgrade = stmt; /* the last definition is the one Alembic calls */
    mf_children_close(&it);
    rev->tables_certain = !ts_node_is_null(upgrade);
    if (!rev->tables_certain)
        return;
    mf_found found = {0};
    mf_find_operations(tree, text, &found);
    mf_children_open(&it, mf_node_field(upgrade, "body"));
    for (TSNode stmt; rev->tables_certain && mf_children_next(&it, &stmt);)
        rev->tables_certain = read_statement(arena, &found, stmt, text, rev, false);
    mf_children_close(&it);
    mf_found_free(&found);
    if (!rev->tables_certain)
        rev->table_events.len = 0;
}

/* REV's last event on KEY, or NULL when its upgrade leaves KEY alone. */
static const mf_table_event *last_event(const mf_revision *rev, const char *key) {
    for (size_t k = rev->table_events.len; k-- > 0;)
        if (strcmp(rev->table_events.items[k].key, key) == 0)
            return &rev->table_events.items[k];
    return NULL;
}

/* What REV's upgrade leaves of KEY: 1 exists, 0 gone, -1 untouched. */
static int last_effect(const mf_revision *rev, const char *key) {
    const mf_table_event *last = last_event(rev, key);
    return last ? last->exists : -1;
}

/* A revision that runs before OF, and whose upgrade leaves KEY in place with
 * nothing after it, certain or not, that could have removed it; SIZE_MAX when
 * there is none. */
static size_t certain_creator(const mf_chain *chain, size_t of, const char *key) {
    for (size_t a = 0; a < chain->revisions.len; a++) {
        if (a == of || !mf_chain_is_ancestor(chain, a, of) ||
            last_effect(&chain->revisions.items[a], key) != 1)
            continue;
        bool kept = true;
        for (size_t b = 0; kept && b < chain->revisions.len; b++) {
            if (b == of || b == a || !mf_chain_is_ancestor(chain, b, of) ||
                mf_chain_is_ancestor(chain, b, a))
                continue; /* runs before A, or is not before OF */
            const mf_revision *between = &chain->revisions.items[b];
            kept = between->tables_certain && last_effect(between, key) != 0;
        }
        if (kept)
            return a;
    }
    return SIZE_MAX;
}

void mf_chain_schema(mf_chain *chain) {
    for (size_t r = 0; r < chain->revisions.len; r++) {
        const mf_revision *rev = &chain->revisions.items[r];
        if (!rev->in_graph || rev->in_cycle || rev->partial || !rev->tables_certain)
            continue;
        for (size_t k = 0; k < rev->table_events.len; k++) {
            const mf_table_event *event = &rev->table_events.items[k];
            if (!event->exists)
                continue;
            int earlier = -1; /* what REV itself did to the table before */
            for (size_t j = 0; j < k; j++)
                if (strcmp(rev->table_events.items[j].key, event->key) == 0)
                    earlier = rev->table_events.items[j].exists;
            const char *table = strchr(event->key, '.') + 1;
            if (earlier == 1) {
                mf_chain_add_finding(chain, rev, event->line, event->column, "MF203",
                                     MF_SEVERITY_ERROR,
                                     "table '%s' already exists here: this upgrade created it "
                                     "earlier, so this fails with DuplicateTable",
                                     table);
                continue;
            }
            if (earlier == 0)
                continue;
            size_t creator = certain_creator(chain, r, event->key);
            if (creator == SIZE_MAX)
                continue;
            const mf_revision *made = &chain->revisions.items[creator];
            mf_chain_add_finding(chain, rev, event->line, event->column, "MF203", MF_SEVERITY_ERROR,
                                 "table '%s' already exists here: ancestor revision '%s' (%s:%u) "
                                 "created it and nothing since drops it, so this fails with "
                                 "DuplicateTable",
                                 table, mf_chain_id(made), made->path,
                                 last_event(made, event->key)->line);
        }
    }
}
