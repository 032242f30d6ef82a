/* Planning guards (see plan.h); raw SQL is planned in plan_sql.c and the
 * helper block in plan_helpers.c.
 *
 * For each operation, in this order: is it already guarded (Alembic's own
 * flag, migfix's exact guard, or a hand-written existence check around it)?
 * Can it be guarded (the operation has a check, its arguments can be repeated
 * safely, it is a statement of its own on its own lines)? Then the guard line
 * is rendered from its template and the statement is re-indented under it.
 */
#include "planner.h"

#include "parse.h"
#include "source.h"

#include <stdio.h>
#include <string.h>

const char *mf_status_name(mf_status status) {
    switch (status) {
    case MF_GUARDED:
        return "guarded";
    case MF_ALREADY_GUARDED:
        return "already-guarded";
    case MF_LEFT_ALONE:
        break;
    }
    return "left-alone";
}

pcre2_code *mf_hand_guard_pattern(void) {
    /* Calls that ask the database what exists, in the spellings found in real
     * migrations: inspector methods, has_*(), *_exists(), and migfix's own. */
    static const char pattern[] =
        "\\b(?:has_(?:table|column|index|constraint|sequence|schema|type|enum|view|trigger"
        "|foreign_key|unique|pk|fk)\\w*"
        "|get_(?:table_names|columns|indexes|unique_constraints|foreign_keys"
        "|check_constraints|pk_constraint|view_names|sequence_names|enums)"
        "|\\w*(?:table|column|index|constraint|sequence|schema|type|enum|view|trigger|key|fk"
        "|unique)s?_exists?|exists?_\\w*(?:table|column|index|constraint|sequence|schema|type"
        "|enum|view|trigger|key|fk|unique)s?|_migfix_\\w+)\\s*\\("
        "|\\bin\\s+[\\w.]*(?:tables|columns|indexes|indices|constraints)\\b";
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &code, &offset, NULL);
    return re; /* mf_config_compile_fast: a one-file run is faster without the JIT's compile */
}

/* ---- small helpers ------------------------------------------------------ */

static mf_slice excerpt(planner *p, mf_slice s) {
    enum { MAX = 60 };
    mf_slice t = mf_slice_trim(s);
    const char *nl = memchr(t.data, '\n', t.len);
    size_t n = nl ? (size_t)(nl - t.data) : t.len;
    if (n > MAX)
        n = MAX;
    bool cut = n < t.len;
    char *copy = mf_arena_printf(p->arena, "%.*s%s", (int)n, t.data, cut ? "..." : "");
    return mf_slice_cstr(copy);
}

static bool is_blank(mf_slice text, size_t from, size_t to) {
    for (size_t i = from; i < to; i++)
        if (text.data[i] != ' ' && text.data[i] != '\t')
            return false;
    return true;
}

mf_slice planner_line_indent(mf_slice text, size_t offset) {
    size_t start = mf_line_start(text, offset), end = start;
    while (end < text.len && (text.data[end] == ' ' || text.data[end] == '\t'))
        end++;
    return mf_slice_of(text.data + start, end - start);
}

const char *planner_eol_of_line(planner *p, size_t offset) {
    size_t end = mf_line_content_end(p->text, offset);
    if (end < p->text.len && p->text.data[end] == '\r')
        return "\r\n";
    if (end < p->text.len)
        return "\n";
    return mf_source_eol_guess(p->text);
}

/* True when OFFSET lies inside a string literal (not at its opening quote):
 * the inner lines of a multi-line string are never re-indented. */
bool mf_inside_string(TSNode root, uint32_t offset) {
    TSNode node = ts_node_descendant_for_byte_range(root, offset, offset);
    for (; !ts_node_is_null(node); node = ts_node_parent(node))
        if (mf_node_is(node, "string") && ts_node_start_byte(node) < offset)
            return true;
    return false;
}

static bool inside_string(planner *p, uint32_t offset) {
    return mf_inside_string(p->root, offset);
}

static int compare_edits(const void *a, const void *b) {
    const mf_edit *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

void planner_insert_edit(planner *p, mf_edit edit) {
    size_t i = 0;
    while (i < p->plan->edits.len && p->plan->edits.items[i].start < edit.start)
        i++;
    MF_VEC_PUSH(&p->plan->edits, edit);
    memmove(&p->plan->edits.items[i + 1], &p->plan->edits.items[i],
            (p->plan->edits.len - 1 - i) * sizeof edit);
    p->plan->edits.items[i] = edit;
}

void planner_add_edit(planner *p, uint32_t start, uint32_t end, mf_slice text) {
    mf_edit edit = {start, end, mf_arena_strndup(p->arena, text.data, text.len), text.len};
    MF_VEC_PUSH(&p->plan->edits, edit);
}

/* ---- arguments ---------------------------------------------------------- */

/* An expression that can be evaluated a second time, in the guard, without
 * changing what the migration does: literals, names, attribute and subscript
 * reads, operators over those, f-strings over those, and `op.f(...)`. */
static bool is_repeatable(planner *p, TSNode node, int depth) {
    if (ts_node_is_null(node) || depth > 48)
        return false;
    const char *type = ts_node_type(node);
    static const char *const leaves[] = {"identifier",      "integer",
                                         "float",           "true",
                                         "false",           "none",
                                         "string_start",    "string_content",
                                         "string_end",      "escape_sequence",
                                         "comment",         "line_continuation",
                                         "type_conversion", "escape_interpolation"};
    for (size_t i = 0; i < sizeof leaves / sizeof leaves[0]; i++)
        if (strcmp(type, leaves[i]) == 0)
            return true;
    static const char *const composites[] = {"string",
                                             "concatenated_string",
                                             "interpolation",
                                             "format_specifier",
                                             "attribute",
                                             "subscript",
                                             "parenthesized_expression",
                                             "binary_operator",
                                             "unary_operator",
                                             "boolean_operator",
                                             "not_operator",
                                             "comparison_operator",
                                             "conditional_expression",
                                             "list",
                                             "tuple",
                                             "argument_list"};
    bool composite = false;
    for (size_t i = 0; i < sizeof composites / sizeof composites[0]; i++)
        composite = composite || strcmp(type, composites[i]) == 0;
    if (!composite && strcmp(type, "call") == 0) {
        /* op.f("name") only marks a name as already converted; text(...) and
         * literal_column(...) only wrap SQL text. */
        TSNode function = mf_node_field(node, "function");
        TSNode object = mf_node_field(function, "object");
        bool attribute = mf_node_is(function, "attribute") && mf_node_is(object, "identifier");
        mf_slice called =
            mf_node_text(attribute ? mf_node_field(function, "attribute") : function, p->text);
        mf_slice owner = attribute ? mf_node_text(object, p->text) : mf_slice_of(NULL, 0);
        bool op_like = mf_found_is_receiver(p->found, owner) ||
                       (p->batch_alias.len && mf_slice_eq(owner, p->batch_alias));
        composite =
            (attribute && op_like && mf_slice_eq_cstr(called, "f")) ||
            ((attribute || mf_node_is(function, "identifier")) &&
             (mf_slice_eq_cstr(called, "text") || mf_slice_eq_cstr(called, "literal_column")));
        if (composite)
            return is_repeatable(p, mf_node_field(node, "arguments"), depth + 1);
    }
    if (!composite)
        return false;
    uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; i++)
        if (!is_repeatable(p, ts_node_named_child(node, i), depth + 1))
            return false;
    return true;
}

/* NODE's tokens on one line, for a guard: line breaks (and `\`) between
 * tokens become one space, or none next to a bracket. String contents are
 * copied as they are; an expression with a comment or a multi-line string
 * inside cannot be put on one line (empty slice). */
mf_slice planner_one_line(planner *p, TSNode node) {
    mf_buf out = {0};
    TSTreeCursor cursor = ts_tree_cursor_new(node);
    uint32_t previous = ts_node_start_byte(node);
    bool ok = true;
    do {
        TSNode leaf = ts_tree_cursor_current_node(&cursor);
        if (ts_node_child_count(leaf) > 0 || mf_node_is(leaf, "line_continuation"))
            continue;
        mf_slice token = mf_node_text(leaf, p->text);
        if (!token.len)
            continue;
        ok = !mf_node_is(leaf, "comment") && !memchr(token.data, '\n', token.len);
        char before = out.len ? out.data[out.len - 1] : '(';
        bool gap = ts_node_start_byte(leaf) > previous;
        if (gap && !strchr("([{", before) && !strchr(")]},", token.data[0]))
            mf_buf_putc(&out, ' ');
        mf_buf_put(&out, token.data, token.len);
        previous = ts_node_end_byte(leaf);
    } while (ok && mf_cursor_next(&cursor, true));
    ts_tree_cursor_delete(&cursor);
    mf_slice result = mf_slice_of(NULL, 0);
    if (ok)
        result = mf_slice_cstr(mf_arena_strndup(p->arena, out.data ? out.data : "", out.len));
    mf_buf_free(&out);
    return result;
}

/* Finds the argument at POSITION or passed as KEYWORD. ARG_HIDDEN: a *args
 * before that position, or a **kwargs, may be carrying it. */
arg_state planner_argument(TSNode arglist, int position, const char *keyword, mf_slice text,
                           TSNode *out) {
    int index = 0;
    bool hidden = false;
    arg_state state = ARG_ABSENT;
    mf_children it;
    mf_children_open(&it, arglist);
    for (TSNode arg; state == ARG_ABSENT && mf_children_next(&it, &arg);) {
        if (mf_node_is(arg, "keyword_argument")) {
            if (keyword &&
                mf_slice_eq_cstr(mf_node_text(mf_node_field(arg, "name"), text), keyword)) {
                *out = mf_node_field(arg, "value");
                state = ARG_FOUND;
            }
        } else if (mf_node_is(arg, "list_splat")) {
            hidden = hidden || index <= position;
            index = position + 1; /* positions after it are unknown */
        } else if (mf_node_is(arg, "dictionary_splat")) {
            hidden = hidden || keyword != NULL;
        } else if (index++ == position && !hidden) {
            *out = arg;
            state = ARG_FOUND;
        }
    }
    mf_children_close(&it);
    return state == ARG_FOUND ? ARG_FOUND : hidden ? ARG_HIDDEN : ARG_ABSENT;
}

/* VALUE constructs an alembic_utils entity of a kind whose existence the
 * entity helper can look up in PostgreSQL's catalogue. */
static bool is_known_entity(planner *p, TSNode value) {
    if (!mf_node_is(value, "call"))
        return false;
    TSNode function = mf_node_field(value, "function");
    TSNode name =
        mf_node_is(function, "attribute") ? mf_node_field(function, "attribute") : function;
    static const char *const classes[] = {"PGFunction",         "PGProcedure", "PGView",
                                          "PGMaterializedView", "PGTrigger",   "PGPolicy",
                                          "PGExtension"};
    for (size_t i = 0; mf_node_is(name, "identifier") && i < sizeof classes / sizeof *classes; i++)
        if (mf_slice_eq_cstr(mf_node_text(name, p->text), classes[i]))
            return true;
    return false;
}

/* Whether NODE is a call of Column (`sa.Column(...)`, `Column(...)`). */
static bool calls_column(planner *p, TSNode node) {
    TSNode function = mf_node_field(node, "function");
    TSNode name =
        mf_node_is(function, "attribute") ? mf_node_field(function, "attribute") : function;
    return mf_node_is(node, "call") && mf_node_is(name, "identifier") &&
           mf_slice_eq_cstr(mf_node_text(name, p->text), "Column");
}

/* Reads one guard value into *OUT. Returns NULL, or why it cannot be used.
 * An optional argument (schema) that is absent leaves *OUT empty. */
static const char *read_value(planner *p, TSNode arglist, const mf_arg_spec *spec, const char *what,
                              bool optional, mf_slice *out) {
    TSNode node = {0};
    arg_state state = planner_argument(arglist, spec->position, spec->keyword, p->text, &node);
    if (state == ARG_HIDDEN)
        return mf_arena_printf(p->arena, "the %s argument may be inside *args or **kwargs", what);
    if (state == ARG_ABSENT)
        return optional ? NULL : mf_arena_printf(p->arena, "cannot find the %s argument", what);
    if (spec->form == MF_ARG_COLUMN_NAME) {
        /* `col = sa.Column("x", ...)` then `op.add_column("t", col)`: the
         * guard names the column by its literal name; the drift facts stay
         * out (their text would be evaluated where the guard is). */
        TSNode column = node;
        bool local = mf_node_is(node, "identifier");
        if (local)
            column =
                mf_bound_value(&p->bindings, p->arena, node, mf_node_text(node, p->text), p->text);
        if (!calls_column(p, column))
            return mf_arena_printf(p->arena,
                                   "the column `%s` is not written as Column(name, ...) in the "
                                   "call%s, so its name is not known",
                                   excerpt(p, mf_node_text(node, p->text)).data,
                                   local ? ", nor a name bound to Column(\"name\", ...) where it "
                                           "is used"
                                         : "");
        if (planner_argument(mf_node_field(column, "arguments"), 0, "name", p->text, &node) !=
            ARG_FOUND)
            return "the Column's name is not given as its first argument";
        if (local && !mf_plain_string(p->arena, node, p->text))
            return "the Column a local name is bound to has no literal name";
    }
    if (spec->form == MF_ARG_ENTITY) {
        /* The guard names the same object; what it looks up is read from
         * the object at run time, so only its kind must be known here. */
        TSNode value =
            mf_node_is(node, "identifier")
                ? mf_bound_value(&p->bindings, p->arena, node, mf_node_text(node, p->text), p->text)
                : (TSNode){0};
        if (!is_known_entity(p, value))
            return mf_arena_printf(
                p->arena,
                "alembic_utils entity `%s` is not a name bound, where it is used, to a PGFunction, "
                "PGProcedure, PGView, PGMaterializedView, PGTrigger, PGPolicy or PGExtension "
                "(the kinds migfix can look up)",
                excerpt(p, mf_node_text(node, p->text)).data);
    }
    mf_slice text = mf_node_text(node, p->text);
    if (optional && mf_node_is(node, "none"))
        return NULL; /* `schema=None` says what leaving it out says */
    if (!is_repeatable(p, node, 0))
        return mf_arena_printf(p->arena,
                               "the %s argument `%s` may have side effects; a guard would "
                               "evaluate it a second time",
                               what, excerpt(p, text).data);
    if (memchr(text.data, '\n', text.len)) {
        text = planner_one_line(p, node);
        if (!text.data)
            return mf_arena_printf(p->arena,
                                   "the %s argument `%s` spans several lines with a comment or a "
                                   "multi-line string in it",
                                   what, excerpt(p, mf_node_text(node, p->text)).data);
    }
    *out = text;
    return NULL;
}

/* The column (or table) names in a Column(...) argument, or the argument. */
static const char *read_form(planner *p, TSNode arglist, const mf_arg_spec *specs,
                             guard_args *args) {
    for (const mf_arg_spec *spec = specs; spec->keyword; spec++) {
        if (spec->form >= MF_ARG_COLUMN_TYPE) {
            planner_read_fact(p, arglist, spec, &args->vars[spec->var]);
            continue;
        }
        const char *why = read_value(p, arglist, spec, mf_var_name(spec->var), spec->optional,
                                     &args->vars[spec->var]);
        if (why)
            return why;
    }
    return NULL;
}

static const char *read_args(planner *p, const mf_found_op *op, guard_args *args) {
    memset(args, 0, sizeof *args);
    const mf_op_kind *kind = op->kind;
    bool batch = !ts_node_is_null(op->batch);
    const mf_op_form *form = batch ? &kind->batch : &kind->op;
    if (form->check == MF_CHECK_NONE)
        return kind->reason ? kind->reason
                            : "not a batch operation (batch_alter_table has no such call)";
    TSNode arglist = mf_node_field(op->call, "arguments");
    if (!mf_node_is(arglist, "argument_list"))
        return "unusual argument list";
    if (batch) {
        /* The table and schema are the batch's: with op.batch_alter_table(t, schema=s). */
        static const mf_arg_spec from_with[] = {
            {MF_VAR_TABLE, 0, "table_name", MF_ARG_VALUE, false},
            {MF_VAR_SCHEMA, -1, "schema", MF_ARG_VALUE, true},
            {0, 0, NULL, 0, false}};
        const char *why = read_form(p, mf_node_field(op->batch, "arguments"), from_with, args);
        if (why)
            return why;
        args->vars[MF_VAR_BATCH] = mf_slice_cstr("True");
    }
    p->batch_alias =
        batch ? mf_node_text(mf_node_field(mf_node_field(op->call, "function"), "object"), p->text)
              : mf_slice_of(NULL, 0);
    p->column_type = (TSNode){0};
    const char *why = read_form(p, arglist, form->args, args);
    p->batch_alias = mf_slice_of(NULL, 0);
    if (why)
        return why;
    planner_keep_stable_facts(p, op, args);
    planner_note_compared(p, op, args);
    planner_pair_primary_keys(p, op, args);
    planner_rebuilt_indexes(p, op, args);
    if (kind->needs_name && mf_slice_eq_cstr(args->vars[MF_VAR_NAME], "None"))
        return "unnamed (None): there is no name to look it up by";
    args->check = form->check;
    if (kind->rename_check != MF_CHECK_NONE && args->vars[MF_VAR_NEW_NAME].len)
        args->check = kind->rename_check;
    return NULL;
}

static bool passes_true(planner *p, TSNode call, const char *keyword) {
    TSNode value = {0};
    return planner_argument(mf_node_field(call, "arguments"), -1, keyword, p->text, &value) ==
               ARG_FOUND &&
           mf_node_is(value, "true");
}

/* ---- guards ------------------------------------------------------------- */

mf_slice planner_render_guard(planner *p, const guard_args *args) {
    mf_template_var vars[MF_VAR_COUNT];
    for (int v = 0; v < MF_VAR_COUNT; v++)
        vars[v] = (mf_template_var){mf_var_name((mf_var)v), args->vars[v]};
    mf_buf line = {0};
    const char *error = NULL;
    /* Templates were validated at load, so rendering cannot fail here. */
    mf_template_render(&line, mf_templates_guard(p->config->templates, args->check), vars,
                       MF_VAR_COUNT, &error);
    char *copy = mf_arena_strndup(p->arena, line.data ? line.data : "", line.len);
    mf_buf_free(&line);
    return mf_slice_cstr(copy);
}

/* The line holding IF_NODE's `if ...:`, from `if` on (a template may end
 * it with a comment), without trailing blanks. */
static mf_slice if_header(planner *p, TSNode if_node) {
    size_t start = ts_node_start_byte(if_node);
    size_t end = mf_line_content_end(p->text, start);
    while (end > start && (p->text.data[end - 1] == ' ' || p->text.data[end - 1] == '\t'))
        end--;
    return mf_slice_of(p->text.data + start, end - start);
}

/* STMT opens the body of exactly the `if` migfix would write for it. */
static mf_check migfix_check_called(mf_slice condition);

/* STMT opens the body of the `if` migfix writes for it. An `if` that calls
 * the same check otherwise, on one line over STMT alone (what an earlier
 * version of migfix, or of the templates, wrote: before the drift facts,
 * say), is migfix's too, and its line is rewritten to GUARD. */
bool planner_has_migfix_guard(planner *p, TSNode stmt, mf_slice guard, mf_check check) {
    TSNode block = ts_node_parent(stmt);
    TSNode owner = ts_node_parent(block);
    if (!mf_node_is(block, "block") || !mf_node_is(owner, "if_statement") ||
        !ts_node_is_null(mf_node_field(owner, "alternative")) ||
        !ts_node_eq(mf_node_code_child(block, 0), stmt))
        return false;
    mf_slice header = if_header(p, owner);
    if (mf_slice_eq(header, guard))
        return true;
    TSNode condition = mf_node_field(owner, "condition");
    TSNode function = mf_node_field(condition, "function");
    bool older = mf_node_is(condition, "call") && mf_node_is(function, "identifier") &&
                 mf_node_code_child_count(block) == 1 &&
                 ts_node_end_byte(condition) <= ts_node_start_byte(owner) + header.len &&
                 migfix_check_called(mf_node_text(condition, p->text)) == check;
    if (older)
        planner_add_edit(p, ts_node_start_byte(owner),
                         ts_node_start_byte(owner) + (uint32_t)header.len, guard);
    return older;
}

/* Whether NODE asks the database what exists: its text does (the hand
 * guard pattern), or a name in it is bound, in its function or the module,
 * to something that does (`names = inspector.get_table_names()`, `existing =
 * {i["name"] for i in inspector.get_indexes(t)}`), a few bindings deep. */
static bool asks_database(planner *p, TSNode node, int depth) {
    mf_slice text = mf_node_text(node, p->text);
    if (pcre2_match(p->config->hand_guard, (PCRE2_SPTR)text.data, text.len, 0, 0, p->match, NULL) >=
        0)
        return true;
    if (depth >= 3)
        return false;
    bool asks = false;
    TSTreeCursor cursor = ts_tree_cursor_new(node);
    do {
        TSNode at = ts_tree_cursor_current_node(&cursor);
        if (!mf_node_is(at, "identifier"))
            continue;
        TSNode value =
            mf_bound_value(&p->bindings, p->arena, at, mf_node_text(at, p->text), p->text);
        asks = !ts_node_is_null(value) && asks_database(p, value, depth + 1);
    } while (!asks && mf_cursor_next(&cursor, true));
    ts_tree_cursor_delete(&cursor);
    return asks;
}

/* What a hand check must name to be an operation's own: the object the
 * operation makes or drops (its column, else its name, else its table; a
 * rename's new name too). A check about another object, such as the table
 * of a column being added, still lets the operation fail on a database
 * where that object exists already. */
typedef struct {
    mf_slice expression[2]; /* as written in the call; none: any check counts */
    const char *value[2];   /* the string it is ("x", op.f("x")), or NULL */
} own_object;

const char *planner_literal_value(planner *p, mf_slice text) {
    long open = mf_slice_find(text, ".f(");
    if (open > 0 && text.len && text.data[text.len - 1] == ')')
        text = mf_slice_of(text.data + open + 3, text.len - (size_t)open - 4);
    if (text.len < 2 || (text.data[0] != '"' && text.data[0] != '\'') ||
        text.data[text.len - 1] != text.data[0] || memchr(text.data, '\\', text.len) ||
        memchr(text.data + 1, text.data[0], text.len - 2))
        return NULL;
    return mf_arena_strndup(p->arena, text.data + 1, text.len - 2);
}

static own_object own_object_of(planner *p, const guard_args *args) {
    own_object object = {0};
    static const mf_var order[] = {MF_VAR_ENTITY, MF_VAR_COLUMN, MF_VAR_NAME, MF_VAR_TABLE};
    for (size_t i = 0; i < sizeof order / sizeof *order && !object.expression[0].len; i++)
        if (args->vars[order[i]].len && !mf_slice_eq_cstr(args->vars[order[i]], "None"))
            object.expression[0] = args->vars[order[i]];
    object.expression[1] = args->vars[MF_VAR_NEW_NAME];
    for (int i = 0; i < 2; i++)
        object.value[i] =
            object.expression[i].len ? planner_literal_value(p, object.expression[i]) : NULL;
    return object;
}

/* NODE names OBJECT: a string with its value, the expression it is written
 * as, or a name bound to something that does, a few bindings deep. */
static bool names_object(planner *p, TSNode node, const own_object *object, int depth) {
    if (!object || !object->expression[0].len)
        return true;
    bool named = false;
    TSTreeCursor cursor = ts_tree_cursor_new(node);
    do {
        TSNode at = ts_tree_cursor_current_node(&cursor);
        mf_slice text = mf_node_text(at, p->text);
        const char *value =
            mf_node_is(at, "string") ? mf_plain_string(p->arena, at, p->text) : NULL;
        for (int i = 0; i < 2 && !named; i++)
            named = object->expression[i].len &&
                    (object->value[i] ? value && strcmp(value, object->value[i]) == 0
                                      : mf_slice_eq(text, object->expression[i]));
        if (!named && depth < 3 && mf_node_is(at, "identifier")) {
            TSNode bound = mf_bound_value(&p->bindings, p->arena, at, text, p->text);
            named = !ts_node_is_null(bound) && names_object(p, bound, object, depth + 1);
        }
    } while (!named && mf_cursor_next(&cursor, true));
    ts_tree_cursor_delete(&cursor);
    return named;
}

/* CONDITION asks the database about OBJECT (NULL: about anything). */
static bool checks_object(planner *p, TSNode condition, const own_object *object) {
    return asks_database(p, condition, 0) && names_object(p, condition, object, 0);
}

/* The condition of an enclosing `if`/`elif` in the same function that already
 * asks the database whether OBJECT exists, or an empty slice. */
static mf_slice hand_guard_around(planner *p, TSNode node, const own_object *object) {
    for (node = ts_node_parent(node); !ts_node_is_null(node); node = ts_node_parent(node)) {
        if (mf_node_is(node, "function_definition") || mf_node_is(node, "class_definition") ||
            mf_node_is(node, "lambda"))
            break;
        if (!mf_node_is(node, "if_statement") && !mf_node_is(node, "elif_clause"))
            continue;
        TSNode condition = mf_node_field(node, "condition");
        if (checks_object(p, condition, object))
            return mf_node_text(condition, p->text);
    }
    return mf_slice_of(NULL, 0);
}

/* The check whose helper CONDITION calls (`_migfix_NAME(...)`), or
 * MF_CHECK_NONE. */
static mf_check migfix_check_called(mf_slice condition) {
    static const char prefix[] = "_migfix_";
    if (!mf_slice_starts_with(condition, prefix))
        return MF_CHECK_NONE;
    mf_slice rest = mf_slice_of(condition.data + strlen(prefix), condition.len - strlen(prefix));
    for (int c = 0; c < MF_CHECK_COUNT; c++) {
        const char *name = mf_check_name((mf_check)c);
        size_t n = strlen(name);
        if (rest.len > n && memcmp(rest.data, name, n) == 0 && rest.data[n] == '(')
            return (mf_check)c;
    }
    return MF_CHECK_NONE;
}

/* The condition of an `if` earlier in NODE's function, beside NODE or one
 * of the statements around it, that asks the database about OBJECT and then
 * returns (`if "t" in inspector.get_table_names(): return`): what follows runs only
 * when that check says so, like the body of an enclosing one. Empty when
 * there is none. migfix's own revision guard is such an `if`, but it skips
 * a revision that is done, not an operation: it does not count. */
struct early_return {
    const void *block; /* the block's node id */
    uint32_t start;
    TSNode statement;
};

static int early_return_order(const void *a, const void *b) {
    const struct early_return *x = a, *y = b;
    if (x->block != y->block)
        return (uintptr_t)x->block < (uintptr_t)y->block ? -1 : 1;
    return (x->start > y->start) - (x->start < y->start);
}

/* Every `if CONDITION: ... return` without else that is a statement of a
 * block, sorted by block and place: one walk, so that each operation looks
 * at the few of its own blocks instead of at every statement before it. */
static void find_early_returns(planner *p) {
    MF_VEC(struct early_return) found = {0};
    TSTreeCursor cursor = ts_tree_cursor_new(p->root);
    do {
        TSNode block = ts_tree_cursor_current_node(&cursor);
        if (!mf_node_is(block, "block"))
            continue;
        mf_children it;
        mf_children_open(&it, block);
        for (TSNode stmt; mf_children_next(&it, &stmt);) {
            if (!mf_node_is(stmt, "if_statement") ||
                !ts_node_is_null(mf_node_field(stmt, "alternative")))
                continue;
            TSNode body = mf_node_field(stmt, "consequence");
            uint32_t n = mf_node_code_child_count(body);
            if (n && mf_node_is(mf_node_code_child(body, n - 1), "return_statement"))
                MF_VEC_PUSH(&found,
                            ((struct early_return){block.id, ts_node_start_byte(stmt), stmt}));
        }
        mf_children_close(&it);
    } while (mf_cursor_next(&cursor, true));
    ts_tree_cursor_delete(&cursor);
    if (found.len)
        qsort(found.items, found.len, sizeof *found.items, early_return_order);
    p->nearly_returns = found.len;
    p->early_returns = mf_arena_alloc(p->arena, (found.len + 1) * sizeof *p->early_returns);
    if (found.len)
        memcpy(p->early_returns, found.items, found.len * sizeof *found.items);
    MF_VEC_FREE(&found);
    p->early_returns_found = true;
}

static mf_slice early_return_before(planner *p, TSNode node, const own_object *object) {
    if (!object)
        return mf_slice_of(NULL, 0); /* only a check known to be about the object counts */
    if (!p->early_returns_found)
        find_early_returns(p);
    if (!p->nearly_returns)
        return mf_slice_of(NULL, 0);
    for (TSNode at = node; !ts_node_is_null(at); at = ts_node_parent(at)) {
        if (mf_node_is(at, "function_definition") || mf_node_is(at, "class_definition") ||
            mf_node_is(at, "lambda") || mf_node_is(at, "module"))
            break;
        TSNode block = ts_node_parent(at);
        if (!mf_node_is(block, "block"))
            continue;
        /* The block's early returns that come before AT, nearest first. */
        struct early_return key = {.block = block.id, .start = ts_node_start_byte(at)};
        size_t lo = 0, hi = p->nearly_returns;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (early_return_order(&p->early_returns[mid], &key) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t i = lo; i-- > 0 && p->early_returns[i].block == block.id;) {
            TSNode condition = mf_node_field(p->early_returns[i].statement, "condition");
            mf_slice text = mf_node_text(condition, p->text);
            if (migfix_check_called(text) == MF_CHECK_NONE && checks_object(p, condition, object))
                return text;
        }
    }
    return mf_slice_of(NULL, 0);
}

/* Why an operation is already guarded by hand, or NULL. OBJECT: what the
 * check must be about; NULL when migfix cannot read it: then an enclosing
 * check counts whatever it asks, as it always has, and an early return does
 * not. */
static const char *hand_guarded(planner *p, TSNode call, const own_object *object) {
    mf_slice around = hand_guard_around(p, call, object);
    if (around.data)
        return mf_arena_printf(p->arena, "inside an existence check: if %s",
                               excerpt(p, around).data);
    mf_slice before = early_return_before(p, call, object);
    if (before.data)
        return mf_arena_printf(p->arena, "after an existence check that returns: if %s: return",
                               excerpt(p, before).data);
    return NULL;
}

/* The statement that consists of CALL alone (`op.x(...)` or `op.x(...),`), or
 * a null node with *why saying what else it is part of. */
static TSNode statement_of(planner *p, TSNode call, const char **why) {
    TSNode null = {0};
    TSNode parent = ts_node_parent(call);
    if (mf_node_is(parent, "tuple") && mf_node_code_child_count(parent) == 1)
        parent = ts_node_parent(parent);
    if (mf_node_is(parent, "expression_statement") && mf_node_code_child_count(parent) == 1)
        return parent;
    if (mf_node_is(parent, "assignment") || mf_node_is(parent, "augmented_assignment"))
        *why = "its result is assigned to a name; skipping it would leave the name unbound";
    else if (mf_node_is(parent, "lambda"))
        *why = "inside a lambda";
    else
        *why = mf_arena_printf(p->arena, "part of a larger expression (%s)", ts_node_type(parent));
    return null;
}

/* The next statement after STMT in its block (comments skipped), or null. */
TSNode planner_next_statement(TSNode stmt) {
    TSNode next = ts_node_next_named_sibling(stmt);
    while (mf_node_is_extra(next))
        next = ts_node_next_named_sibling(next);
    return next;
}

/* True when the call in expression statement STMT is `RECEIVER.bulk_insert(NAME, ...)`. */
static bool is_bulk_insert_into(planner *p, TSNode stmt, mf_slice name) {
    if (!mf_node_is(stmt, "expression_statement"))
        return false;
    TSNode call = ts_node_named_child(stmt, 0);
    if (!mf_node_is(call, "call"))
        return false;
    TSNode function = mf_node_field(call, "function");
    TSNode object = mf_node_field(function, "object");
    TSNode first = mf_node_code_child(mf_node_field(call, "arguments"), 0);
    return mf_node_is(function, "attribute") &&
           mf_found_is_receiver(p->found, mf_node_text(object, p->text)) &&
           mf_slice_eq_cstr(mf_node_text(mf_node_field(function, "attribute"), p->text),
                            "bulk_insert") &&
           mf_node_is(first, "identifier") && mf_slice_eq(mf_node_text(first, p->text), name);
}

/* For `t = op.create_table(...)` directly followed by `op.bulk_insert(t, ...)`
 * statements: the assignment statement, with *LAST the last insert, so that
 * all of them go under the table's guard and rows are seeded exactly when the
 * table is created. A null node with *why when the shape is not that. */
static TSNode seed_group(planner *p, TSNode call, TSNode *last, const char **why) {
    TSNode null = {0};
    TSNode assignment = ts_node_parent(call);
    TSNode stmt = ts_node_parent(assignment);
    TSNode target = mf_node_field(assignment, "left");
    if (!mf_node_is(assignment, "assignment") || !mf_node_is(target, "identifier") ||
        !mf_node_is(stmt, "expression_statement") || mf_node_code_child_count(stmt) != 1)
        return null;
    mf_slice name = mf_node_text(target, p->text);
    *last = stmt;
    for (TSNode next = planner_next_statement(stmt); is_bulk_insert_into(p, next, name);
         next = planner_next_statement(next))
        *last = next;
    if (ts_node_eq(*last, stmt)) {
        *why = "its result is assigned to a name that is not only passed to op.bulk_insert "
               "right after it; skipping it would leave the name unbound";
        return null;
    }
    /* The name must not be used anywhere else in its scope. */
    TSNode scope = mf_node_scope(stmt);
    uint32_t from = ts_node_start_byte(stmt), to = ts_node_end_byte(*last);
    size_t in_scope = mf_name_uses(&p->bindings, p->arena, scope, name, ts_node_start_byte(scope),
                                   ts_node_end_byte(scope), p->text);
    if (in_scope > mf_name_uses(&p->bindings, p->arena, scope, name, from, to, p->text)) {
        *why = mf_arena_printf(p->arena,
                               "its result `%.*s` is used elsewhere; skipping it would leave "
                               "the name unbound",
                               (int)name.len, name.data);
        return null;
    }
    *why = NULL;
    return stmt;
}

/* `# migfix: ignore` (not ignore-file) in a comment in [FROM, TO). */
static bool has_ignore_comment(planner *p, size_t from, size_t to, bool file) {
    static const char marker[] = "migfix:";
    mf_slice range = mf_slice_of(p->text.data + from, to - from);
    for (long at; (at = mf_slice_find(range, marker)) >= 0;) {
        size_t offset = (size_t)(range.data - p->text.data) + (size_t)at;
        TSNode node =
            ts_node_descendant_for_byte_range(p->root, (uint32_t)offset, (uint32_t)offset);
        size_t i = offset + sizeof marker - 1;
        while (i < p->text.len && p->text.data[i] == ' ')
            i++;
        const char *word = file ? "ignore-file" : "ignore";
        size_t n = strlen(word);
        char after = i + n < p->text.len ? p->text.data[i + n] : ' ';
        /* `ignore[MF102]` names lint rules: it does not stop the guard. */
        bool word_ends =
            !(after == '-' || after == '_' || after == '[' || (after >= 'a' && after <= 'z') ||
              (after >= 'A' && after <= 'Z') || (after >= '0' && after <= '9'));
        bool match = mf_node_is(node, "comment") && i + n <= p->text.len &&
                     memcmp(p->text.data + i, word, n) == 0 && word_ends;
        if (match)
            return true;
        range.data += at + 1;
        range.len -= (size_t)at + 1;
    }
    return false;
}

/* Asks for the statement starting at START to begin its own line, indented
 * by INDENT (the blanks before it become a line break). */
static void request_split(planner *p, uint32_t start, mf_slice indent) {
    for (size_t i = 0; i < p->splits.len; i++)
        if (p->splits.items[i].start == start)
            return;
    line_split split = {start, indent};
    MF_VEC_PUSH(&p->splits, split);
}

/* Works out where STMT will stand once it is wrapped: the indentation of its
 * own line and the block's indentation unit. A statement that shares its line
 * (a one-line body `def f(): op.x()`, or `a(); op.x(); b()`) is moved to a
 * line of its own, and so are its neighbours on that line, so that the guard
 * covers exactly this statement. Returns NULL, or why it cannot be wrapped. */
static const char *layout(planner *p, TSNode stmt, TSNode last, mf_slice *indent, mf_slice *unit) {
    uint32_t start = ts_node_start_byte(stmt);
    TSNode block = ts_node_parent(stmt);
    bool at_line_start = is_blank(p->text, mf_line_start(p->text, start), start);
    if (mf_node_is(block, "module")) {
        *indent = planner_line_indent(p->text, start);
        *unit = p->module_unit;
    } else {
        TSNode owner = ts_node_parent(block);
        mf_slice outer = planner_line_indent(p->text, ts_node_start_byte(owner));
        TSNode first = mf_node_code_child(block, 0);
        uint32_t first_start = ts_node_start_byte(first);
        if (mf_line_start(p->text, first_start) ==
            mf_line_start(p->text, ts_node_start_byte(owner))) {
            /* A one-line body: the block gets lines of its own. */
            char *text = mf_arena_printf(p->arena, "%.*s%.*s", (int)outer.len, outer.data,
                                         (int)p->module_unit.len, p->module_unit.data);
            *indent = mf_slice_cstr(text);
            *unit = p->module_unit;
            request_split(p, first_start, *indent);
        } else {
            *indent = planner_line_indent(p->text, first_start);
            if (indent->len <= outer.len || memcmp(indent->data, outer.data, outer.len) != 0)
                return "its block's indentation does not extend its header's (tabs mixed with "
                       "spaces?)";
            *unit = mf_slice_of(indent->data + outer.len, indent->len - outer.len);
        }
    }
    if (!at_line_start)
        request_split(p, start, *indent);
    TSNode next = planner_next_statement(last);
    if (!ts_node_is_null(next) && mf_line_start(p->text, ts_node_start_byte(next)) ==
                                      mf_line_start(p->text, ts_node_end_byte(last)))
        request_split(p, ts_node_start_byte(next), *indent);
    return NULL;
}

/* The start of the blanks just before OFFSET on its line. */
static uint32_t blanks_before(planner *p, uint32_t offset) {
    while (offset > 0 && (p->text.data[offset - 1] == ' ' || p->text.data[offset - 1] == '\t'))
        offset--;
    return offset;
}

static const line_split *split_at(planner *p, uint32_t start) {
    for (size_t i = 0; i < p->splits.len; i++)
        if (p->splits.items[i].start == start)
            return &p->splits.items[i];
    return NULL;
}

/* Turns the wraps and splits into edits, in document order. */
static void emit_edits(planner *p) {
    for (size_t w = 0; w < p->wraps.len; w++) {
        const wrap_request *wrap = &p->wraps.items[w];
        uint32_t start = ts_node_start_byte(wrap->first), end = ts_node_end_byte(wrap->last);
        const char *eol = planner_eol_of_line(p, start);
        mf_buf head = {0};
        if (split_at(p, start)) {
            /* `...: op.x()` or `...; op.x()`: the blanks before the statement
             * become a line break, the guard, and the statement's new line. */
            mf_buf_puts(&head, eol);
            mf_buf_put(&head, wrap->indent.data, wrap->indent.len);
            mf_buf_put(&head, wrap->guard.data, wrap->guard.len);
            mf_buf_puts(&head, eol);
            mf_buf_put(&head, wrap->indent.data, wrap->indent.len);
            mf_buf_put(&head, wrap->unit.data, wrap->unit.len);
            planner_add_edit(p, blanks_before(p, start), start, mf_slice_of(head.data, head.len));
        } else {
            /* The guard line goes above; the unit goes in front of the line's
             * own indentation. */
            uint32_t line = (uint32_t)mf_line_start(p->text, start);
            mf_buf_put(&head, wrap->indent.data, wrap->indent.len);
            mf_buf_put(&head, wrap->guard.data, wrap->guard.len);
            mf_buf_puts(&head, eol);
            mf_buf_put(&head, wrap->unit.data, wrap->unit.len);
            planner_add_edit(p, line, line, mf_slice_of(head.data, head.len));
        }
        mf_buf_free(&head);
        for (size_t line = mf_next_line(p->text, start); line < end;
             line = mf_next_line(p->text, line)) {
            if (is_blank(p->text, line, mf_line_content_end(p->text, line)) ||
                inside_string(p, (uint32_t)line))
                continue;
            planner_add_edit(p, (uint32_t)line, (uint32_t)line, wrap->unit);
        }
    }
    for (size_t i = 0; i < p->splits.len; i++) {
        const line_split *split = &p->splits.items[i];
        bool wrapped = false;
        for (size_t w = 0; w < p->wraps.len && !wrapped; w++)
            wrapped = ts_node_start_byte(p->wraps.items[w].first) == split->start;
        if (wrapped)
            continue;
        mf_buf text = {0};
        mf_buf_puts(&text, planner_eol_of_line(p, split->start));
        mf_buf_put(&text, split->indent.data, split->indent.len);
        planner_add_edit(p, blanks_before(p, split->start), split->start,
                         mf_slice_of(text.data, text.len));
        mf_buf_free(&text);
    }
    if (p->plan->edits.len > 1)
        qsort(p->plan->edits.items, p->plan->edits.len, sizeof(mf_edit), compare_edits);
}

void planner_report(planner *p, const mf_found_op *op, mf_status status, const char *reason) {
    TSPoint point = ts_node_start_point(op->call);
    size_t start = ts_node_start_byte(op->call);
    uint32_t line, column;
    size_t line_start = mf_line_start(p->text, start);
    mf_position(mf_slice_of(p->text.data + line_start, start - line_start), start - line_start,
                &line, &column);
    mf_op_report r = {point.row + 1, column,
                      mf_arena_strndup(p->arena, op->callee.data, op->callee.len), status, reason};
    MF_VEC_PUSH(&p->plan->ops, r);
}

/* --style native: the operation gets Alembic's own keyword instead of a guard
 * when the chosen Alembic version has it for this op.NAME (not a batch one),
 * the call does not pass it already (or might, through **kwargs), and the
 * call is a plain statement (a create that seeds rows keeps its guard:
 * if_not_exists would skip the create but not the inserts). */
static bool use_native_flag(planner *p, const mf_found_op *op, TSNode stmt, TSNode last) {
    unsigned version = p->config->settings.native_version;
    const mf_op_kind *kind = op->kind;
    if (!version || !kind->native_since || version < kind->native_since ||
        !ts_node_is_null(op->batch) || !ts_node_eq(stmt, last))
        return false;
    TSNode value = {0};
    TSNode arglist = mf_node_field(op->call, "arguments");
    return mf_node_code_child_count(arglist) > 0 &&
           planner_argument(arglist, -1, kind->native_flag, p->text, &value) == ARG_ABSENT;
}

static bool is_seeded(planner *p, TSNode call) {
    for (size_t i = 0; i < p->seeded.len; i++)
        if (p->seeded.items[i] == ts_node_start_byte(call))
            return true;
    return false;
}

/* Puts STMT under GUARD (which calls CHECK's helper) and reports it. */
void planner_wrap_statement(planner *p, const mf_found_op *op, TSNode stmt, mf_slice guard,
                            mf_check check, const char *reason) {
    mf_slice indent, unit;
    const char *layout_problem = layout(p, stmt, stmt, &indent, &unit);
    if (layout_problem) {
        planner_report(p, op, MF_LEFT_ALONE, layout_problem);
        return;
    }
    wrap_request wrap = {stmt, stmt, guard, indent, unit};
    MF_VEC_PUSH(&p->wraps, wrap);
    p->needed[check] = true;
    planner_report(p, op, MF_GUARDED, reason);
}

static void plan_op(planner *p, const mf_found_op *op) {
    const mf_op_kind *kind = op->kind;
    const char *shape_problem = NULL;
    TSNode stmt = statement_of(p, op->call, &shape_problem), last = stmt;
    if (ts_node_is_null(stmt) && strcmp(kind->name, "create_table") == 0)
        stmt = seed_group(p, op->call, &last, &shape_problem);
    else if (strcmp(kind->name, "create_table") == 0)
        last = planner_seeds(p, stmt, op->call);
    size_t end = ts_node_end_byte(ts_node_is_null(last) ? op->call : last);

    if (p->ignore_file) {
        planner_report(p, op, MF_LEFT_ALONE, "ignored (# migfix: ignore-file)");
        return;
    }
    if (has_ignore_comment(p, mf_line_start(p->text, ts_node_start_byte(op->call)),
                           mf_line_content_end(p->text, end), false)) {
        planner_report(p, op, MF_LEFT_ALONE, "ignored (# migfix: ignore)");
        return;
    }
    if (is_seeded(p, op->call)) {
        planner_report(p, op, MF_GUARDED,
                       "seeds a table created just before: under that table's guard");
        return;
    }
    if (mf_op_kind_rerunnable(kind)) {
        planner_report(p, op, MF_ALREADY_GUARDED, kind->reason);
        return;
    }
    if (kind == mf_op_kind_type_create() || kind == mf_op_kind_type_drop()) {
        planner_type(p, op);
        return;
    }
    if (strcmp(kind->name, "execute") == 0) {
        mf_slice around = hand_guard_around(p, op->call, NULL);
        mf_check helper = migfix_check_called(around);
        if (helper != MF_CHECK_NONE) {
            /* Keeps the helper in the block, as for any guard of migfix's. */
            p->needed[helper] = true;
            planner_report(p, op, MF_ALREADY_GUARDED, "guarded by migfix");
        } else if (around.data) {
            planner_report(p, op, MF_ALREADY_GUARDED, hand_guarded(p, op->call, NULL));
        } else {
            planner_execute(p, op, stmt, shape_problem);
        }
        return;
    }
    guard_args args;
    const char *arg_problem = read_args(p, op, &args);
    if (!arg_problem && !ts_node_is_null(last) && !ts_node_eq(stmt, last))
        args.vars[MF_VAR_SEEDED] = planner_table_columns(p, op); /* rows under its guard */
    mf_slice guard = arg_problem ? mf_slice_of(NULL, 0) : planner_render_guard(p, &args);

    const char *why_guarded = NULL;
    unsigned alembic = p->config->settings.alembic_version;
    if (kind->native_flag && passes_true(p, op->call, kind->native_flag)) {
        if (!alembic || (kind->native_since && alembic >= kind->native_since)) {
            planner_report(p, op, MF_ALREADY_GUARDED,
                           mf_arena_printf(p->arena, "passes %s=True (Alembic's own check)",
                                           kind->native_flag));
            return;
        }
        /* That Alembic warns about the keyword and ignores it. */
        why_guarded = mf_arena_printf(
            p->arena, "passes %s=True, which Alembic %u.%u.%u ignores (op.%s has it from %u.%u.%u)",
            kind->native_flag, alembic / 10000, alembic / 100 % 100, alembic % 100, kind->name,
            kind->native_since / 10000, kind->native_since / 100 % 100, kind->native_since % 100);
    }
    if (guard.len && !shape_problem && planner_has_migfix_guard(p, stmt, guard, args.check)) {
        p->needed[args.check] = true;
        planner_report(p, op, MF_ALREADY_GUARDED, "guarded by migfix");
        return;
    }
    own_object object = own_object_of(p, &args);
    const char *hand = hand_guarded(p, op->call, arg_problem ? NULL : &object);
    if (hand) {
        planner_report(p, op, MF_ALREADY_GUARDED, hand);
        return;
    }
    if (arg_problem || shape_problem) {
        planner_report(p, op, MF_LEFT_ALONE, arg_problem ? arg_problem : shape_problem);
        return;
    }
    if (use_native_flag(p, op, stmt, last)) {
        TSNode arglist = mf_node_field(op->call, "arguments");
        TSNode final = mf_node_code_child(arglist, mf_node_code_child_count(arglist) - 1);
        char *text = mf_arena_printf(p->arena, ", %s=True", kind->native_flag);
        planner_add_edit(p, ts_node_end_byte(final), ts_node_end_byte(final), mf_slice_cstr(text));
        planner_report(p, op, MF_GUARDED,
                       mf_arena_printf(p->arena, "with Alembic's own %s=True", kind->native_flag));
        return;
    }
    mf_slice indent, unit;
    const char *layout_problem = layout(p, stmt, last, &indent, &unit);
    if (layout_problem) {
        planner_report(p, op, MF_LEFT_ALONE, layout_problem);
        return;
    }
    if (ts_node_eq(stmt, last)) {
        planner_wrap_statement(p, op, stmt, guard, args.check, why_guarded);
        return;
    }
    wrap_request wrap = {stmt, last, guard, indent, unit};
    MF_VEC_PUSH(&p->wraps, wrap);
    for (TSNode s = planner_next_statement(stmt);
         !ts_node_is_null(s) && !ts_node_eq(s, planner_next_statement(last));
         s = planner_next_statement(s))
        MF_VEC_PUSH(&p->seeded, ts_node_start_byte(ts_node_named_child(s, 0)));
    p->needed[args.check] = true;
    planner_report(p, op, MF_GUARDED, why_guarded);
}

void mf_plan_file(const mf_plan_config *config, mf_arena *arena, mf_slice text, const TSTree *tree,
                  const mf_found *found, mf_plan *plan) {
    planner p = {.config = config,
                 .arena = arena,
                 .text = text,
                 .root = ts_tree_root_node(tree),
                 .found = found,
                 .plan = plan};
    p.module_unit = planner_module_unit(&p);
    if (config->chain)
        p.revision = mf_chain_file_revision(arena, tree, text);
    /* `# migfix: ignore-file` in a comment in the first lines. */
    size_t head = 0;
    for (int line = 0; line < 10 && head < text.len; line++)
        head = mf_next_line(text, head);
    p.ignore_file = has_ignore_comment(&p, 0, head, true);
    p.match = pcre2_match_data_create_from_pattern(config->hand_guard, NULL);
    for (size_t i = 0; i < found->ops.len; i++)
        plan_op(&p, &found->ops.items[i]);
    emit_edits(&p);
    planner_revision(&p);
    plan->revision_guard = p.revision_guard;
    planner_helpers(&p);
    pcre2_match_data_free(p.match);
    MF_VEC_FREE(&p.splits);
    MF_VEC_FREE(&p.wraps);
    MF_VEC_FREE(&p.compared);
    MF_VEC_FREE(&p.seeded);
}

void mf_plan_free(mf_plan *plan) {
    MF_VEC_FREE(&plan->ops);
    MF_VEC_FREE(&plan->edits);
}
