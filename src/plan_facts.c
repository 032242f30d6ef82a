/* Drift facts: what a call says literally about the object it makes (a
 * column's type, nullability and primary key; a table's column names; an
 * index's uniqueness). The guard passes them to its helper, which compares
 * them with the object when it exists already and says how they differ
 * (issue "Drift made visible"). Reading them never fails: a fact the call
 * does not state literally is left out, and the guard checks existence only. */
#include <string.h>

#include "parse.h"
#include "planner.h"

/* The call NODE is to a function whose last name is NAME (`Column`,
 * `sa.Column`, `db.Column`). */
static bool calls(planner *p, TSNode node, const char *name) {
    TSNode function = mf_node_field(node, "function");
    TSNode last =
        mf_node_is(function, "attribute") ? mf_node_field(function, "attribute") : function;
    return mf_node_is(node, "call") && mf_node_is(last, "identifier") &&
           mf_slice_eq_cstr(mf_node_text(last, p->text), name);
}

/* A type the helper may build a second time to compare: a dotted name, or
 * a call of a class (its name is capitalised, as type classes are) over
 * literals and other such types (`sa.String(length=7)`, `sa.Enum("a", "b",
 * name="mood")`, `sa.ARRAY(sa.Integer())`); not `make_type()`, which may do
 * anything. */
static bool is_type_expression(planner *p, TSNode node, int depth) {
    if (depth > 8)
        return false;
    if (mf_node_is(node, "identifier"))
        return true;
    if (mf_node_is(node, "attribute"))
        return is_type_expression(p, mf_node_field(node, "object"), depth + 1);
    if (mf_node_is(node, "integer") || mf_node_is(node, "float") || mf_node_is(node, "true") ||
        mf_node_is(node, "false") || mf_node_is(node, "none"))
        return depth > 0;
    if (mf_node_is(node, "string"))
        return depth > 0 && mf_plain_string(p->arena, node, p->text) != NULL;
    if (mf_node_is(node, "keyword_argument"))
        return is_type_expression(p, mf_node_field(node, "value"), depth + 1);
    bool call = mf_node_is(node, "call");
    if (call) {
        TSNode function = mf_node_field(node, "function");
        TSNode last =
            mf_node_is(function, "attribute") ? mf_node_field(function, "attribute") : function;
        mf_slice name = mf_node_text(last, p->text);
        if (!is_type_expression(p, function, depth + 1) || !name.len || name.data[0] < 'A' ||
            name.data[0] > 'Z')
            return false;
    }
    TSNode list = call ? mf_node_field(node, "arguments") : node;
    if (!mf_node_is(list, "argument_list") && !mf_node_is(list, "list") &&
        !mf_node_is(list, "tuple"))
        return false;
    for (uint32_t i = 0, n = mf_node_code_child_count(list); i < n; i++)
        if (!is_type_expression(p, mf_node_code_child(list, i), depth + 1))
            return false;
    return true;
}

/* Column(...) arguments that are schema items, not the column's type. */
static bool is_schema_item(planner *p, TSNode node) {
    static const char *const items[] = {"ForeignKey",  "Sequence",        "Computed",
                                        "Identity",    "CheckConstraint", "DefaultClause",
                                        "FetchedValue"};
    for (size_t i = 0; i < sizeof items / sizeof *items; i++)
        if (calls(p, node, items[i]))
            return true;
    return false;
}

/* NODE on one line, or an empty slice. */
static mf_slice fact_text(planner *p, TSNode node) {
    mf_slice text = mf_node_text(node, p->text);
    return memchr(text.data, '\n', text.len) ? planner_one_line(p, node) : text;
}

/* A Python list literal the facts are written as, built item by item. */
typedef struct {
    mf_buf text;
    size_t items;
} fact_list;

/* Starts the next item of LIST (its text follows). */
static mf_buf *fact_list_next(fact_list *list) {
    mf_buf_puts(&list->text, list->items++ ? ", " : "[");
    return &list->text;
}

/* LIST as a slice in the arena when KNOWN and not empty, else an empty slice;
 * frees LIST. */
static mf_slice fact_list_end(planner *p, fact_list *list, bool known) {
    mf_slice result = mf_slice_of(NULL, 0);
    if (known && list->items) {
        mf_buf_puts(&list->text, "]");
        result = mf_slice_cstr(mf_arena_strndup(p->arena, list->text.data, list->text.len));
    }
    mf_buf_free(&list->text);
    return result;
}

/* create_table's column names, as written (`["id", "email"]`), when every
 * Column(...) among its arguments has a plain string for a name. */
static mf_slice table_columns(planner *p, TSNode arglist, int from) {
    fact_list list = {0};
    bool known = true;
    int index = 0;
    mf_children it;
    mf_children_open(&it, arglist);
    for (TSNode arg; known && mf_children_next(&it, &arg);) {
        if (mf_node_is(arg, "list_splat")) {
            known = false;
        } else if (!mf_node_is(arg, "keyword_argument") && !mf_node_is(arg, "dictionary_splat") &&
                   index++ >= from && calls(p, arg, "Column")) {
            TSNode name = {0};
            known = planner_argument(mf_node_field(arg, "arguments"), 0, "name", p->text, &name) ==
                        ARG_FOUND &&
                    mf_node_is(name, "string") && mf_plain_string(p->arena, name, p->text);
            if (known) {
                mf_slice text = mf_node_text(name, p->text);
                mf_buf_put(fact_list_next(&list), text.data, text.len);
            }
        }
    }
    mf_children_close(&it);
    return fact_list_end(p, &list, known);
}

mf_slice planner_table_columns(planner *p, const mf_found_op *op) {
    TSNode arglist = mf_node_field(op->call, "arguments"), name = {0};
    /* The columns follow the name, unless the name is given as table_name=. */
    bool keyword = planner_argument(arglist, -1, "table_name", p->text, &name) == ARG_FOUND;
    return table_columns(p, arglist, keyword ? 0 : 1);
}

/* A literal a helper may evaluate a second time: a plain string, a number,
 * True, False or None. */
static bool is_literal(planner *p, TSNode node) {
    return mf_node_is(node, "integer") || mf_node_is(node, "true") || mf_node_is(node, "false") ||
           mf_node_is(node, "none") ||
           (mf_node_is(node, "string") && mf_plain_string(p->arena, node, p->text));
}

/* The ForeignKey(...) arguments of a Column(...) as a list (`[sa.ForeignKey(
 * "users.id", ondelete="CASCADE")]`), when each names its column by a
 * string and passes literals only; else an empty slice. */
static mf_slice column_foreign_keys(planner *p, TSNode column_args) {
    fact_list list = {0};
    bool known = true;
    mf_children it;
    mf_children_open(&it, column_args);
    for (TSNode arg; known && mf_children_next(&it, &arg);) {
        if (!calls(p, arg, "ForeignKey"))
            continue;
        TSNode args = mf_node_field(arg, "arguments");
        for (uint32_t i = 0, n = mf_node_code_child_count(args); known && i < n; i++) {
            TSNode item = mf_node_code_child(args, i);
            known = is_literal(
                p, mf_node_is(item, "keyword_argument") ? mf_node_field(item, "value") : item);
        }
        TSNode target = mf_node_code_child(args, 0);
        known = known && mf_node_is(target, "string");
        mf_slice text = fact_text(p, arg);
        known = known && text.len;
        if (known)
            mf_buf_put(fact_list_next(&list), text.data, text.len);
    }
    mf_children_close(&it);
    return fact_list_end(p, &list, known);
}

/* A keyword value an Index(...) may be given a second time: a literal, or
 * `text("...")` (postgresql_where=sa.text("deleted IS NULL")). */
static bool is_index_option(planner *p, TSNode node) {
    TSNode args = mf_node_field(node, "arguments");
    return is_literal(p, node) || (calls(p, node, "text") && mf_node_code_child_count(args) == 1 &&
                                   is_literal(p, mf_node_code_child(args, 0)));
}

/* What create_table emits after CREATE TABLE, for the helper to finish when
 * a revision stopped in between: its indexes, as a list of the Index(...)
 * arguments as written (a name and column names, options literal) and
 * index=True columns (`"name"`, or `("name", True)` with unique=True). Any
 * index written otherwise leaves the list empty. */
static mf_slice table_indexes(planner *p, TSNode arglist, int from) {
    fact_list list = {0};
    bool known = true;
    int index = 0;
    mf_children it;
    mf_children_open(&it, arglist);
    for (TSNode arg; known && mf_children_next(&it, &arg);) {
        if (mf_node_is(arg, "keyword_argument") || mf_node_is(arg, "dictionary_splat") ||
            index++ < from)
            continue;
        TSNode args = mf_node_field(arg, "arguments"), value = {0}, unique = {0};
        if (calls(p, arg, "Index")) {
            for (uint32_t i = 0, n = mf_node_code_child_count(args); known && i < n; i++) {
                TSNode item = mf_node_code_child(args, i);
                known =
                    mf_node_is(item, "keyword_argument")
                        ? is_index_option(p, mf_node_field(item, "value"))
                        : mf_node_is(item, "string") && mf_plain_string(p->arena, item, p->text);
            }
            mf_slice text = fact_text(p, arg);
            known = known && mf_node_code_child_count(args) > 1 && text.len;
            if (known)
                mf_buf_put(fact_list_next(&list), text.data, text.len);
        } else if (calls(p, arg, "Column") &&
                   planner_argument(args, -1, "index", p->text, &value) == ARG_FOUND &&
                   !mf_node_is(value, "false") && !mf_node_is(value, "none")) {
            TSNode name = {0};
            known = mf_node_is(value, "true") &&
                    planner_argument(args, 0, "name", p->text, &name) == ARG_FOUND &&
                    mf_node_is(name, "string") && mf_plain_string(p->arena, name, p->text);
            bool is_unique = planner_argument(args, -1, "unique", p->text, &unique) == ARG_FOUND;
            known =
                known && (!is_unique || mf_node_is(unique, "true") || mf_node_is(unique, "false"));
            bool unique_index = is_unique && mf_node_is(unique, "true");
            if (known) {
                mf_slice text = mf_node_text(name, p->text);
                mf_buf *out = fact_list_next(&list);
                mf_buf_puts(out, unique_index ? "(" : "");
                mf_buf_put(out, text.data, text.len);
                mf_buf_puts(out, unique_index ? ", True)" : "");
            }
        }
    }
    mf_children_close(&it);
    return fact_list_end(p, &list, known);
}

/* The named enum types create_table's columns make (CREATE TYPE before
 * CREATE TABLE on PostgreSQL), as `[(schema, "name"), ...]`: the helper
 * tells the DDL runner that those already there are made, so that a
 * revision stopped between the two finishes instead of failing on
 * DuplicateObject. Names or schemas not written as plain strings are left
 * out: that type is made as before. */
static mf_slice table_types(planner *p, TSNode arglist, int from) {
    fact_list list = {0};
    int index = 0;
    mf_children it;
    mf_children_open(&it, arglist);
    for (TSNode arg; mf_children_next(&it, &arg);) {
        if (mf_node_is(arg, "keyword_argument") || index++ < from || !calls(p, arg, "Column"))
            continue;
        mf_children col;
        mf_children_open(&col, mf_node_field(arg, "arguments"));
        for (TSNode item; mf_children_next(&col, &item);) {
            TSNode type =
                mf_node_is(item, "keyword_argument") ? mf_node_field(item, "value") : item;
            if (!calls(p, type, "Enum") && !calls(p, type, "ENUM"))
                continue;
            TSNode type_args = mf_node_field(type, "arguments"), name = {0}, schema = {0},
                   flag = {0};
            bool makes = true;
            for (int k = 0; k < 2; k++)
                if (planner_argument(type_args, -1, k ? "create_type" : "native_enum", p->text,
                                     &flag) == ARG_FOUND)
                    makes &= !mf_node_is(flag, "false");
            if (!makes || planner_argument(type_args, -1, "name", p->text, &name) != ARG_FOUND ||
                !mf_node_is(name, "string") || !mf_plain_string(p->arena, name, p->text))
                continue;
            bool in_schema =
                planner_argument(type_args, -1, "schema", p->text, &schema) == ARG_FOUND;
            if (in_schema &&
                !(mf_node_is(schema, "string") && mf_plain_string(p->arena, schema, p->text)))
                continue;
            mf_slice text = mf_node_text(name, p->text);
            mf_slice in = in_schema ? mf_node_text(schema, p->text) : mf_slice_cstr("None");
            mf_buf_printf(fact_list_next(&list), "(%.*s, %.*s)", (int)in.len, in.data,
                          (int)text.len, text.data);
        }
        mf_children_close(&col);
    }
    mf_children_close(&it);
    return fact_list_end(p, &list, true);
}

/* Reads one drift fact into *OUT when the call states it literally; else
 * leaves *OUT empty. Never a reason to leave the call alone. */
void planner_read_fact(planner *p, TSNode arglist, const mf_arg_spec *spec, mf_slice *out) {
    if (spec->form == MF_ARG_TABLE_COLUMNS) {
        *out = table_columns(p, arglist, spec->position);
        return;
    }
    if (spec->form == MF_ARG_TABLE_INDEXES) {
        *out = table_indexes(p, arglist, spec->position);
        return;
    }
    if (spec->form == MF_ARG_TABLE_TYPES) {
        *out = table_types(p, arglist, spec->position);
        return;
    }
    TSNode node = {0};
    if (planner_argument(arglist, spec->position, spec->keyword, p->text, &node) != ARG_FOUND)
        return;
    if (spec->form == MF_ARG_LITERAL_BOOL) {
        if (mf_node_is(node, "true") || mf_node_is(node, "false"))
            *out = mf_node_text(node, p->text);
        return;
    }
    if (!calls(p, node, "Column"))
        return;
    TSNode column_args = mf_node_field(node, "arguments"), value = {0};
    if (spec->form == MF_ARG_COLUMN_FOREIGN_KEYS) {
        *out = column_foreign_keys(p, column_args);
    } else if (spec->form == MF_ARG_COLUMN_INDEX) {
        TSNode unique = {0};
        bool is_unique =
            planner_argument(column_args, -1, "unique", p->text, &unique) == ARG_FOUND &&
            mf_node_is(unique, "true");
        if (planner_argument(column_args, -1, "index", p->text, &value) == ARG_FOUND &&
            mf_node_is(value, "true"))
            *out = mf_slice_cstr(is_unique ? "\"unique\"" : "True");
    } else if (spec->form == MF_ARG_COLUMN_TYPE) {
        if (planner_argument(column_args, 1, "type_", p->text, &value) == ARG_FOUND &&
            !is_schema_item(p, value) && is_type_expression(p, value, 0)) {
            *out = fact_text(p, value);
            p->column_type = value;
        }
    } else if (planner_argument(column_args, -1,
                                spec->form == MF_ARG_COLUMN_NULLABLE ? "nullable" : "primary_key",
                                p->text, &value) == ARG_FOUND &&
               (mf_node_is(value, "true") ||
                (spec->form == MF_ARG_COLUMN_NULLABLE && mf_node_is(value, "false")))) {
        *out = mf_node_text(value, p->text);
    }
}

/* The table (and schema: NULL for the default) a guard's arguments name as
 * plain literals; false when they are not. */
static bool literal_table(planner *p, const guard_args *args, const char **table,
                          const char **schema) {
    *table = planner_literal_value(p, args->vars[MF_VAR_TABLE]);
    mf_slice written = args->vars[MF_VAR_SCHEMA];
    bool default_schema = !written.len || mf_slice_eq_cstr(written, "None");
    *schema = default_schema ? NULL : planner_literal_value(p, written);
    return *table && (default_schema || *schema);
}

/* The foreign keys and the index an add_column guard may finish: only where
 * the chain says that no revision that may run later changes the column or
 * removes a constraint or an index of its table, since on a database past
 * such a revision a missing one is the chain's own doing (dropped on
 * purpose), not a revision stopped half way. */
static void keep_finishable_column_facts(planner *p, guard_args *args) {
    if (!args->vars[MF_VAR_FOREIGN_KEYS].len && !args->vars[MF_VAR_COLUMN_INDEX].len)
        return;
    const char *table, *schema;
    const char *column = planner_literal_value(p, args->vars[MF_VAR_COLUMN]);
    const mf_chain *chain = p->config->chain;
    bool stable =
        chain && literal_table(p, args, &table, &schema) && column &&
        !mf_chain_changed_elsewhere(chain, p->arena, p->revision, "column", schema, table,
                                    column) &&
        !mf_chain_changed_elsewhere(chain, p->arena, p->revision, "constraints", schema, table,
                                    NULL) &&
        !mf_chain_changed_elsewhere(chain, p->arena, p->revision, "indexes", schema, table, NULL);
    if (!stable) {
        args->vars[MF_VAR_FOREIGN_KEYS] = mf_slice_of(NULL, 0);
        args->vars[MF_VAR_COLUMN_INDEX] = mf_slice_of(NULL, 0);
    }
}

/* The indexes a create_table guard may finish: as for foreign keys, only
 * where no revision that may run later changes the table, its columns or
 * its indexes. */
static void keep_finishable_indexes(planner *p, guard_args *args) {
    if (!args->vars[MF_VAR_INDEXES].len)
        return;
    const char *table, *schema;
    const mf_chain *chain = p->config->chain;
    bool stable =
        chain && literal_table(p, args, &table, &schema) &&
        !mf_chain_changed_elsewhere(chain, p->arena, p->revision, "table", schema, table, NULL) &&
        !mf_chain_changed_elsewhere(chain, p->arena, p->revision, "indexes", schema, table, NULL);
    if (!stable)
        args->vars[MF_VAR_INDEXES] = mf_slice_of(NULL, 0);
}

/* The literal `type_="primary"` of a drop_constraint. */
static bool drops_primary_key(planner *p, const mf_found_op *op) {
    TSNode args = mf_node_field(op->call, "arguments"), type = {0};
    bool batch = !ts_node_is_null(op->batch);
    const char *value =
        mf_found_op_is(op, "drop_constraint") &&
                planner_argument(args, batch ? 1 : 2, "type_", p->text, &type) == ARG_FOUND
            ? mf_plain_string(p->arena, type, p->text)
            : NULL;
    return value && strcmp(value, "primary") == 0;
}

/* The table OP works on as written: its second argument (drop_constraint,
 * create_primary_key), or its batch's first. */
static mf_slice operated_on(planner *p, const mf_found_op *op) {
    TSNode args = ts_node_is_null(op->batch) ? mf_node_field(op->call, "arguments")
                                             : mf_node_field(op->batch, "arguments");
    int position = ts_node_is_null(op->batch) ? 1 : 0;
    TSNode table = {0};
    if (planner_argument(args, position, "table_name", p->text, &table) != ARG_FOUND)
        return mf_slice_of(NULL, 0);
    return mf_node_text(table, p->text);
}

/* Whether A and B work on one table in one place: the same batch block, or
 * (outside batches) the same function and the same table as written (the
 * guards migfix wrote around them must not part them on a second run). */
static bool same_place(planner *p, const mf_found_op *a, const mf_found_op *b) {
    if (ts_node_is_null(a->batch) != ts_node_is_null(b->batch))
        return false;
    if (!ts_node_is_null(a->batch))
        return ts_node_eq(a->batch, b->batch);
    mf_slice x = operated_on(p, a), y = operated_on(p, b);
    return x.len && mf_slice_eq(x, y) && ts_node_eq(mf_node_scope(a->call), mf_node_scope(b->call));
}

/* A primary key widened or moved: drop_constraint(type_="primary"), then
 * create_primary_key on the same table. Checked one by one against the
 * database, a batch (which runs both when its block ends) saw the old key and
 * skipped the create, and a re-run on a database that has the new key
 * dropped it. Each guard is told of the other: the drop is done once the key
 * is over the new columns (REPLACED_BY), and the create goes ahead over a key
 * the drop before it removes (REPLACING). */
void planner_pair_primary_keys(planner *p, const mf_found_op *op, guard_args *args) {
    bool drop = drops_primary_key(p, op);
    if (!drop && !mf_found_op_is(op, "create_primary_key"))
        return;
    const mf_found *found = p->found;
    size_t at = 0;
    while (at < found->ops.len && !ts_node_eq(found->ops.items[at].call, op->call))
        at++;
    if (at == found->ops.len)
        return;
    if (drop) {
        for (size_t j = at + 1; j < found->ops.len; j++) {
            const mf_found_op *next = &found->ops.items[j];
            if (!same_place(p, op, next) ||
                !(mf_found_op_is(next, "create_primary_key") || drops_primary_key(p, next)))
                continue;
            TSNode columns = {0};
            bool batch = !ts_node_is_null(next->batch);
            if (mf_found_op_is(next, "create_primary_key") &&
                planner_argument(mf_node_field(next->call, "arguments"), batch ? 1 : 2, "columns",
                                 p->text, &columns) == ARG_FOUND &&
                (mf_node_is(columns, "list") || mf_node_is(columns, "tuple"))) {
                mf_slice text = fact_text(p, columns);
                bool literal = text.len > 0;
                for (uint32_t i = 0, n = mf_node_code_child_count(columns); literal && i < n; i++)
                    literal = is_literal(p, mf_node_code_child(columns, i));
                if (literal)
                    args->vars[MF_VAR_REPLACED_BY] = text;
            }
            return;
        }
        return;
    }
    for (size_t j = at; j-- > 0;) {
        const mf_found_op *before = &found->ops.items[j];
        if (!same_place(p, op, before) ||
            !(mf_found_op_is(before, "create_primary_key") || drops_primary_key(p, before)))
            continue;
        if (drops_primary_key(p, before))
            args->vars[MF_VAR_REPLACING] = mf_slice_cstr("True");
        return;
    }
}

void planner_rebuilt_indexes(planner *p, const mf_found_op *op, guard_args *args) {
    const mf_chain *chain = p->config->chain;
    const char *table, *schema;
    /* The chain knows the indexes where upgrade() runs, not downgrade(). */
    if (!chain || ts_node_is_null(op->batch) || !literal_table(p, args, &table, &schema) ||
        !ts_node_eq(mf_node_scope(op->batch), planner_upgrade_function(p)))
        return;
    /* Its first operation's guard runs first, before the block ends. */
    const mf_found_op *first = NULL;
    bool rebuilds = false;
    for (size_t i = 0; i < p->found->ops.len; i++) {
        const mf_found_op *other = &p->found->ops.items[i];
        if (!ts_node_eq(other->batch, op->batch))
            continue;
        first = first ? first : other;
        rebuilds |= mf_found_batch_may_rebuild(other, p->text);
    }
    const char *list = rebuilds && ts_node_eq(first->call, op->call)
                           ? mf_chain_indexes_before(chain, p->arena, p->revision, schema, table)
                           : NULL;
    if (list)
        args->vars[MF_VAR_REBUILT] = mf_slice_cstr(list);
}

/* Whether the fact at NODE means at the top of its function what it means
 * there: no name in it is bound in that function. */
static bool means_the_same_at_top(planner *p, TSNode node) {
    if (ts_node_is_null(node))
        return false;
    TSTreeCursor cursor = ts_tree_cursor_new(node);
    bool same = true;
    do {
        TSNode at = ts_tree_cursor_current_node(&cursor);
        if (mf_node_is(at, "identifier"))
            same = !mf_bound_in_function(&p->bindings, p->arena, at, mf_node_text(at, p->text),
                                         p->text);
    } while (same && mf_cursor_next(&cursor, true));
    ts_tree_cursor_delete(&cursor);
    return same;
}

void planner_note_compared(planner *p, const mf_found_op *op, const guard_args *args) {
    mf_slice type = args->vars[MF_VAR_COLUMN_TYPE], nullable = args->vars[MF_VAR_NULLABLE];
    const char *table, *schema;
    const char *column = planner_literal_value(p, args->vars[MF_VAR_COLUMN]);
    if (!p->config->chain || !mf_found_op_is(op, "add_column") || !(type.len || nullable.len) ||
        !column || !literal_table(p, args, &table, &schema))
        return;
    for (size_t i = 0; i < p->compared.len; i++) {
        struct compared_column *c = &p->compared.items[i];
        if (strcmp(c->table, table) == 0 && strcmp(c->column, column) == 0 &&
            (c->schema == schema || (c->schema && schema && strcmp(c->schema, schema) == 0))) {
            c->once = false;
            return;
        }
    }
    if (type.len && !means_the_same_at_top(p, p->column_type))
        type = mf_slice_of(NULL, 0);
    struct compared_column c = {schema, table, column, type, nullable, true};
    if (type.len || nullable.len)
        MF_VEC_PUSH(&p->compared, c);
}

void planner_keep_stable_facts(planner *p, const mf_found_op *op, guard_args *args) {
    keep_finishable_column_facts(p, args);
    keep_finishable_indexes(p, args);
    static const mf_var facts[] = {MF_VAR_COLUMN_TYPE, MF_VAR_NULLABLE, MF_VAR_PRIMARY_KEY,
                                   MF_VAR_UNIQUE};
    bool any = false;
    for (size_t i = 0; i < sizeof facts / sizeof *facts; i++)
        any |= args->vars[facts[i]].len > 0;
    bool table_facts = mf_found_op_is(op, "create_table") && args->vars[MF_VAR_COLUMNS].len;
    if (!p->config->chain || (!any && !table_facts))
        return;
    const char *table, *schema;
    bool known = literal_table(p, args, &table, &schema);
    bool stable;
    if (table_facts) {
        stable = known && !mf_chain_changed_elsewhere(p->config->chain, p->arena, p->revision,
                                                      "table", schema, table, NULL);
    } else {
        bool column = args->vars[MF_VAR_COLUMN].len > 0;
        const char *name =
            planner_literal_value(p, args->vars[column ? MF_VAR_COLUMN : MF_VAR_NAME]);
        stable = known && name &&
                 !mf_chain_changed_elsewhere(p->config->chain, p->arena, p->revision,
                                             column ? "column" : "index", schema, table, name);
    }
    if (stable)
        return;
    for (size_t i = 0; i < sizeof facts / sizeof *facts; i++)
        args->vars[facts[i]] = mf_slice_of(NULL, 0);
    if (table_facts)
        args->vars[MF_VAR_COLUMNS] = mf_slice_of(NULL, 0);
}
