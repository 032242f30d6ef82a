/* Schema flow, reading: what one revision's upgrade (and downgrade) makes
 * and removes (tables, their columns, indexes, named constraints) and which
 * tables and columns its operations need. Only what is read for certain
 * counts: an operation under a branch, a loop over something other than
 * literal names, or in a helper only may happen, and a revision with a call
 * that may change tables unseen (non-DML SQL, SQL or a table name in a
 * variable, DDL-ish names) is uncertain: it has no events, and the rules
 * treat it as possibly doing anything. */
#include "bind.h"
#include "chain_model.h"
#include "parse.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* The argument at POSITION or by KEYWORD: true and *OUT when found (a null
 * node when absent); false when a splat may hide it. */
static bool argument(TSNode call, int position, const char *keyword, mf_slice text, TSNode *out) {
    *out = (TSNode){0};
    TSNode args = mf_node_field(call, "arguments");
    bool hidden = false;
    int index = 0;
    mf_children it;
    mf_children_open(&it, args);
    bool spread = false; /* positions past a *splat are not known */
    for (TSNode arg; mf_children_next(&it, &arg);) {
        if (mf_node_is(arg, "keyword_argument")) {
            if (keyword &&
                mf_slice_eq_cstr(mf_node_text(mf_node_field(arg, "name"), text), keyword))
                *out = mf_node_field(arg, "value");
        } else if (mf_node_is(arg, "list_splat")) {
            /* *args fills positions only: it hides POSITION from here on. */
            hidden |= position >= index;
            spread = true;
        } else if (mf_node_is(arg, "dictionary_splat")) {
            hidden |= keyword != NULL; /* **kwargs fills keywords only */
        } else if (index++ == position && position >= 0 && !spread) {
            *out = arg;
        }
    }
    mf_children_close(&it);
    return !ts_node_is_null(*out) || !hidden;
}

enum { MAX_BOUND = 4 };

/* A table key and how the file writes it. */
typedef struct {
    const char *key, *schema, *name;
} written_table;

typedef struct {
    mf_arena *arena;
    const mf_found *found;
    const mf_sql_patterns *sql; /* NULL: raw DDL is not read */
    mf_slice text;
    mf_revision *rev;
    mf_slice locals[64]; /* functions defined in the file: read, not assumed */
    size_t nlocals;
    /* The names of a loop over literal strings being expanded, and their
     * values in this round. */
    bool mentions_enum;            /* the text says "Enum" or "ENUM": names are worth resolving */
    MF_VEC(written_table) written; /* the tables named so far */
    mf_slice bound[MAX_BOUND];
    const char *values[MAX_BOUND];
    size_t nbound;
    /* The upgrade's last DDL statement (mf_revision.tail), followed while
     * the upgrade itself is read (TRACKING); DDL in a helper of the file
     * may run at any point of it. */
    bool upgrade_side, tracking, helper_ddl;
    size_t tail;
    /* The call just read emits statements after the one its last event
     * stands for (an index after CREATE TABLE, a foreign key after ADD
     * COLUMN). */
    bool trailing;
    TSNode rebuilt_batch; /* a batch block that may rebuild its table at its end */
    /* What the upgrade's unreadable parts may touch (mf_revision.unsure_tables). */
    MF_VEC(const char *) unsure;
    bool unsure_any, unsure_indexes;
    /* The session's own tables SQL has made (CREATE TEMP TABLE): what
     * touches them leaves the schema as it was. */
    MF_VEC(const char *) temporary;
    size_t unsure_marks;
    mf_bindings *bindings; /* built on the first lookup (bind.h) */
} schema_reader;

/* An unreadable part of the upgrade that may touch TABLE (a key; NULL: any
 * table, or a type). */
static void mark_unsure(schema_reader *reader, const char *table) {
    if (!reader->upgrade_side)
        return;
    reader->unsure_marks++;
    if (!table) {
        reader->unsure_any = true;
        return;
    }
    for (size_t i = 0; i < reader->unsure.len; i++)
        if (strcmp(reader->unsure.items[i], table) == 0)
            return;
    MF_VEC_PUSH(&reader->unsure, table);
}

/* An unreadable part that may touch indexes only (ALTER INDEX ... RENAME). */
static void mark_unsure_indexes(schema_reader *reader) {
    if (!reader->upgrade_side)
        return;
    reader->unsure_marks++;
    reader->unsure_indexes = true;
}

/* The string NODE stands for: a plain literal, `op.f("name")` (Alembic's
 * mark for a final name), a name bound by an expanded loop or to a literal;
 * else NULL. */
/* The value an assignment gives the name NODE where it is used (the one
 * that reaches it, or the module's only one); a null node otherwise. */
static TSNode assigned_value(schema_reader *reader, TSNode node) {
    TSNode bound = mf_bound_value(&reader->bindings, reader->arena, node,
                                  mf_node_text(node, reader->text), reader->text);
    return !ts_node_is_null(bound) && mf_node_is(ts_node_parent(bound), "assignment") ? bound
                                                                                      : (TSNode){0};
}

static const char *string_of(schema_reader *reader, TSNode node) {
    if (mf_node_is(node, "identifier")) {
        mf_slice name = mf_node_text(node, reader->text);
        for (size_t i = 0; i < reader->nbound; i++)
            if (mf_slice_eq(reader->bound[i], name))
                return reader->values[i];
        /* A name bound to a string literal where it is used (a module's
         * `REVIEWS = "reviews"`, a local `table = "t"`). */
        TSNode bound = assigned_value(reader, node);
        return ts_node_is_null(bound) ? NULL : mf_plain_string(reader->arena, bound, reader->text);
    }
    if (mf_node_is(node, "call")) {
        TSNode function = mf_node_field(node, "function"), arg;
        if (!mf_node_is(function, "attribute") ||
            !mf_slice_eq_cstr(mf_node_text(mf_node_field(function, "attribute"), reader->text),
                              "f") ||
            mf_node_code_child_count(mf_node_field(node, "arguments")) != 1 ||
            !argument(node, 0, NULL, reader->text, &arg) || ts_node_is_null(arg))
            return NULL;
        return string_of(reader, arg);
    }
    return mf_plain_string(reader->arena, node, reader->text);
}

/* An f-string whose every interpolation is a name string_of knows (a loop's
 * value being expanded, a module's `SCHEMA = "x"`), filled in; else NULL. */
static const char *filled_fstring(schema_reader *reader, TSNode node) {
    if (!mf_node_is(node, "string"))
        return NULL;
    mf_slice start = mf_node_text(ts_node_child(node, 0), reader->text);
    bool f = false;
    for (size_t i = 0; i < start.len; i++) {
        if (start.data[i] == 'b' || start.data[i] == 'B' || start.data[i] == 'r' ||
            start.data[i] == 'R')
            return NULL;
        f |= start.data[i] == 'f' || start.data[i] == 'F';
    }
    if (!f)
        return NULL;
    mf_buf out = {0};
    uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; i++) {
        TSNode part = ts_node_named_child(node, i);
        const char *value = NULL;
        if (mf_node_is(part, "string_start") || mf_node_is(part, "string_end"))
            continue;
        if (mf_node_is(part, "string_content")) {
            if (ts_node_named_child_count(part) > 0)
                break; /* escape sequences */
            mf_slice t = mf_node_text(part, reader->text);
            mf_buf_put(&out, t.data, t.len);
            continue;
        }
        if (mf_node_is(part, "interpolation") && ts_node_named_child_count(part) == 1 &&
            mf_node_is(ts_node_named_child(part, 0), "identifier"))
            value = string_of(reader, ts_node_named_child(part, 0));
        if (!value) {
            mf_buf_free(&out);
            return NULL;
        }
        mf_buf_puts(&out, value);
    }
    const char *filled = mf_arena_strndup(reader->arena, out.data ? out.data : "", out.len);
    mf_buf_free(&out);
    return filled;
}

/* A table named by a string (and a string or absent SCHEMA_KEYWORD), as a
 * key, its name as written in *NAME; NULL when migfix cannot tell. */
/* Remembers how the file writes table KEY (the first spelling wins). */
static const char *remember_table(schema_reader *reader, const char *key, const char *schema,
                                  const char *name) {
    for (size_t i = 0; i < reader->written.len; i++)
        if (strcmp(reader->written.items[i].key, key) == 0)
            return key;
    written_table t = {key, schema, name};
    MF_VEC_PUSH(&reader->written, t);
    return key;
}

static const written_table *written_as(const schema_reader *reader, const char *key) {
    for (size_t i = 0; key && i < reader->written.len; i++)
        if (strcmp(reader->written.items[i].key, key) == 0)
            return &reader->written.items[i];
    return NULL;
}

static const char *table_of(schema_reader *reader, TSNode call, int position, const char *keyword,
                            const char *schema_keyword, const char **name) {
    TSNode table, schema;
    if (!argument(call, position, keyword, reader->text, &table) || ts_node_is_null(table) ||
        !argument(call, -1, schema_keyword, reader->text, &schema))
        return NULL;
    const char *in = NULL;
    if (!ts_node_is_null(schema) && !mf_node_is(schema, "none") &&
        !(in = string_of(reader, schema)))
        return NULL;
    *name = string_of(reader, table);
    return *name ? remember_table(reader, mf_table_key(reader->arena, in, *name), in, *name) : NULL;
}

/* The form of OP's call: `op.NAME(...)`, or `batch_op.NAME(...)`. */
static const mf_op_form *form_of(const mf_found_op *op) {
    return ts_node_is_null(op->batch) ? &op->kind->op : &op->kind->batch;
}

static const mf_arg_spec *spec_of(const mf_found_op *op, mf_var var) {
    const mf_op_form *form = form_of(op);
    for (const mf_arg_spec *arg = form->args; arg < form->args + MF_MAX_ARGS && arg->keyword; arg++)
        if (arg->var == var)
            return arg;
    return NULL;
}

static bool callee_ends_with(TSNode call, mf_slice text, const char *suffix) {
    mf_slice callee = mf_node_text(mf_node_field(call, "function"), text);
    size_t n = strlen(suffix);
    return callee.len >= n && memcmp(callee.data + callee.len - n, suffix, n) == 0;
}

/* NODE, or the Column(...) a local name in it is bound to once
 * (`col = sa.Column("x", ...)` then `op.add_column("t", col)`). */
static TSNode local_column(schema_reader *reader, TSNode node) {
    if (!mf_node_is(node, "identifier"))
        return node;
    TSNode bound = mf_bound_value(&reader->bindings, reader->arena, node,
                                  mf_node_text(node, reader->text), reader->text);
    return mf_node_is(bound, "call") && callee_ends_with(bound, reader->text, "Column") ? bound
                                                                                        : node;
}

/* The argument of OP that fills VAR: true and *OUT (a null node when it is
 * absent or the form has none); false when a splat may hide it. */
static bool value_of(schema_reader *reader, const mf_found_op *op, mf_var var, TSNode *out) {
    const mf_arg_spec *spec = spec_of(op, var);
    *out = (TSNode){0};
    if (!spec)
        return true;
    if (!argument(op->call, spec->position, spec->keyword, reader->text, out))
        return false;
    if (spec->form == MF_ARG_COLUMN_NAME && !ts_node_is_null(*out)) {
        TSNode column = local_column(reader, *out);
        if (!mf_node_is(column, "call") || !argument(column, 0, "name", reader->text, out))
            *out = (TSNode){0};
    }
    return true;
}

/* The table an operation other than create_table works on (VAR TABLE, or
 * REFERENT with its schema), as a key: from its argument, or for
 * `batch_op.NAME(...)` from the batch block; NULL when it names none or not
 * as a string. */
static const char *operated_table(schema_reader *reader, const mf_found_op *op, mf_var var,
                                  const char **name) {
    if (var == MF_VAR_TABLE && !ts_node_is_null(op->batch))
        return table_of(reader, op->batch, 0, "table_name", "schema", name);
    const mf_arg_spec *table = spec_of(op, var);
    const mf_arg_spec *schema =
        spec_of(op, var == MF_VAR_TABLE ? MF_VAR_SCHEMA : MF_VAR_REFERENT_SCHEMA);
    if (!table || table->form != MF_ARG_VALUE)
        return NULL;
    return table_of(reader, op->call, table->position, table->keyword,
                    schema ? schema->keyword : "schema", name);
}

/* Appends an event on KEY (NULL: an object migfix cannot name, which may
 * appear or go) at AT. */
static mf_schema_event *push_event(schema_reader *reader, mf_object_kind kind, const char *key,
                                   const char *table, const char *name, bool exists, bool always,
                                   TSNode at) {
    TSPoint p = ts_node_start_point(at);
    mf_schema_event event = {.kind = kind,
                             .key = key,
                             .table = table,
                             .name = name,
                             .exists = key && exists,
                             .always = key && always,
                             .nullable = -1,
                             .line = p.row + 1,
                             .column = p.column + 1};
    MF_VEC_PUSH(&reader->rev->events, event);
    return &reader->rev->events.items[reader->rev->events.len - 1];
}

static mf_schema_event *add_event(schema_reader *reader, mf_object_kind kind, const char *table,
                                  const char *name, bool exists, bool always, TSNode at) {
    const char *key = !name || !table           ? NULL
                      : kind == MF_OBJECT_TABLE ? table
                                                : mf_object_key(reader->arena, kind, table, name);
    mf_schema_event *event = push_event(reader, kind, key, table, name, exists, always, at);
    const written_table *t = written_as(reader, table);
    if (t) {
        event->schema_name = t->schema;
        event->table_name = t->name;
    }
    return event;
}

static void add_use(schema_reader *reader, mf_object_kind kind, const char *table,
                    const char *table_name, const char *column, const mf_found_op *op) {
    TSPoint at = ts_node_start_point(op->call);
    mf_schema_use use = {
        .kind = kind,
        .key = kind == MF_OBJECT_TABLE ? table : mf_object_key(reader->arena, kind, table, column),
        .table = table,
        .name = kind == MF_OBJECT_TABLE ? table_name : column,
        .call = op->callee.len ? mf_arena_strndup(reader->arena, op->callee.data, op->callee.len)
                               : op->kind->name,
        .events_before = reader->rev->events.len,
        .line = at.row + 1,
        .column = at.column + 1};
    MF_VEC_PUSH(&reader->rev->uses, use);
}

/* Uses of the named columns in a list or tuple argument (column expressions
 * such as `sa.text("lower(name)")` name none). */
static void use_columns(schema_reader *reader, const mf_found_op *op, mf_var var,
                        const char *table) {
    TSNode list;
    if (!table || !value_of(reader, op, var, &list) ||
        !(mf_node_is(list, "list") || mf_node_is(list, "tuple")))
        return;
    mf_children it;
    mf_children_open(&it, list);
    for (TSNode item; mf_children_next(&it, &item);) {
        const char *column = string_of(reader, item);
        if (column)
            add_use(reader, MF_OBJECT_COLUMN, table, NULL, column, op);
    }
    mf_children_close(&it);
}

/* Whether CALL's callee ends with SUFFIX ("sa.Column", "UniqueConstraint"). */

static void add_type_event(schema_reader *reader, const char *schema, const char *name, bool exists,
                           bool always, TSNode at) {
    push_event(reader, MF_OBJECT_TYPE, name ? mf_type_key(reader->arena, schema, name) : NULL, NULL,
               name, exists, always, at)
        ->schema_name = schema;
}

static bool is_enum_call(TSNode node, mf_slice text) {
    return mf_node_is(node, "call") &&
           (callee_ends_with(node, text, "Enum") || callee_ends_with(node, text, "ENUM"));
}

/* The Enum(...) call NODE stands for: itself, or the one value its name is
 * given in its function (else the module); a null node when there is no
 * such single call. */
static TSNode enum_call(schema_reader *reader, TSNode node) {
    if (is_enum_call(node, reader->text))
        return node;
    if (!reader->mentions_enum || !mf_node_is(node, "identifier"))
        return (TSNode){0};
    TSNode value = mf_bound_value(&reader->bindings, reader->arena, node,
                                  mf_node_text(node, reader->text), reader->text);
    return is_enum_call(value, reader->text) ? value : (TSNode){0};
}

/* What an Enum(...) call makes on PostgreSQL: false when it makes no type
 * (native_enum=False, create_type=False); else true, with its name and
 * schema (*NAME NULL when migfix cannot read them). */
static bool enum_type(schema_reader *reader, TSNode call, const char **name, const char **schema) {
    TSNode flag, named, in;
    *name = *schema = NULL;
    for (int i = 0; i < 2; i++)
        if (argument(call, -1, i ? "create_type" : "native_enum", reader->text, &flag) &&
            mf_node_is(flag, "false"))
            return false;
    if (!argument(call, -1, "name", reader->text, &named) || ts_node_is_null(named) ||
        !argument(call, -1, "schema", reader->text, &in))
        return true;
    if (!ts_node_is_null(in) && !mf_node_is(in, "none") && !(*schema = string_of(reader, in)))
        return true;
    *name = string_of(reader, named);
    return true;
}

/* The types a column of create_table makes: its Enum types, which
 * create_table creates (CREATE TYPE, with no check) before the table. */
static void read_column_types(schema_reader *reader, TSNode column, bool always, const char **made,
                              size_t *nmade, size_t max) {
    mf_children it;
    mf_children_open(&it, mf_node_field(column, "arguments"));
    for (TSNode arg; mf_children_next(&it, &arg);) {
        TSNode value = mf_node_is(arg, "keyword_argument") ? mf_node_field(arg, "value") : arg;
        TSNode type = enum_call(reader, value);
        const char *name, *schema;
        if (ts_node_is_null(type) || !enum_type(reader, type, &name, &schema) || !name)
            continue;
        const char *key = mf_type_key(reader->arena, schema, name);
        bool again = false; /* one create_table makes a type once */
        for (size_t i = 0; i < *nmade; i++)
            again |= strcmp(made[i], key) == 0;
        if (again || *nmade == max)
            continue;
        made[(*nmade)++] = key;
        add_type_event(reader, schema, name, true, always, value);
        reader->rev->events.items[reader->rev->events.len - 1].by_table = true;
    }
    mf_children_close(&it);
}

/* `Enum(...).create(bind)` and `.drop(bind)`, or through a name bound to
 * one. A create that checks first (postgresql.ENUM's default) makes nothing
 * migfix can count on; a drop leaves the type gone. */
static void read_type_operation(schema_reader *reader, const mf_found_op *op, bool always) {
    TSNode object = mf_node_field(mf_node_field(op->call, "function"), "object");
    TSNode type = enum_call(reader, object), check;
    const char *name = NULL, *schema = NULL;
    if (!ts_node_is_null(type) && !enum_type(reader, type, &name, &schema))
        return;
    bool create = mf_found_op_is(op, "create");
    if (create) {
        bool checks = !ts_node_is_null(type) && callee_ends_with(type, reader->text, "ENUM");
        if (!argument(op->call, 1, "checkfirst", reader->text, &check))
            return;
        if (!ts_node_is_null(check))
            checks = !mf_node_is(check, "false");
        if (checks || !name)
            return;
    }
    add_type_event(reader, schema, name, create, always, op->call);
    reader->rev->events.items[reader->rev->events.len - 1].by_call = create;
}

/* Whether CALL passes KEYWORD a value other than False or None. */
static bool keyword_set(const schema_reader *reader, TSNode call, const char *keyword) {
    TSNode value;
    return argument(call, -1, keyword, reader->text, &value) && !ts_node_is_null(value) &&
           !mf_node_is(value, "false") && !mf_node_is(value, "none");
}

static const char *buf_in_arena(mf_arena *arena, mf_buf *buf) {
    const char *copy = mf_arena_strndup(arena, buf->data ? buf->data : "", buf->len);
    mf_buf_free(buf);
    return copy;
}

/* `("name", ["a", "b"], unique[, True])` (True: NAME is SQLAlchemy's
 * default for index=True, to be checked against the project's naming
 * convention); NULL when a column is not a plain string. */
static const char *index_shape(schema_reader *reader, const char *name, TSNode columns, bool unique,
                               bool conventional) {
    mf_buf out = {0};
    mf_buf_putc(&out, '(');
    mf_buf_put_python_string(&out, mf_slice_cstr(name));
    mf_buf_puts(&out, ", [");
    bool known = true;
    size_t n = 0;
    if (mf_node_is(columns, "string")) {
        const char *column = mf_plain_string(reader->arena, columns, reader->text);
        known = column != NULL;
        if (known)
            mf_buf_put_python_string(&out, mf_slice_cstr(column)), n++;
    } else if (mf_node_is(columns, "list") || mf_node_is(columns, "tuple")) {
        mf_children it;
        mf_children_open(&it, columns);
        for (TSNode item; known && mf_children_next(&it, &item);) {
            const char *column = mf_plain_string(reader->arena, item, reader->text);
            known = column != NULL;
            if (known) {
                mf_buf_puts(&out, n++ ? ", " : "");
                mf_buf_put_python_string(&out, mf_slice_cstr(column));
            }
        }
        mf_children_close(&it);
    } else {
        known = false;
    }
    mf_buf_printf(&out, "], %s%s)", unique ? "True" : "False", conventional ? ", True" : "");
    if (!known || !n) {
        mf_buf_free(&out);
        return NULL;
    }
    return buf_in_arena(reader->arena, &out);
}

/* create_index's shape (index_shape), when nothing but its name, table,
 * columns and unique=True|False shape the index on SQLite: options of other
 * databases are allowed; sqlite_where or any other keyword is not. */
static const char *create_index_shape(schema_reader *reader, const mf_found_op *op,
                                      const char *name) {
    TSNode columns;
    if (!value_of(reader, op, MF_VAR_COLUMNS, &columns) || ts_node_is_null(columns))
        return NULL;
    static const char *const allowed[] = {"unique",        "table_name", "schema",
                                          "if_not_exists", "index_name", "columns"};
    static const char *const other_databases[] = {"postgresql_", "mysql_", "mariadb_", "mssql_",
                                                  "oracle_"};
    bool unique = false, known = true;
    mf_children it;
    mf_children_open(&it, mf_node_field(op->call, "arguments"));
    for (TSNode arg; known && mf_children_next(&it, &arg);) {
        if (mf_node_is(arg, "list_splat") || mf_node_is(arg, "dictionary_splat")) {
            known = false;
            continue;
        }
        if (!mf_node_is(arg, "keyword_argument"))
            continue;
        mf_slice key = mf_node_text(mf_node_field(arg, "name"), reader->text);
        TSNode value = mf_node_field(arg, "value");
        bool listed = false;
        for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
            listed |= mf_slice_eq_cstr(key, allowed[i]);
        for (size_t i = 0; i < sizeof other_databases / sizeof *other_databases; i++)
            listed |= mf_slice_starts_with(key, other_databases[i]);
        if (mf_slice_eq_cstr(key, "unique")) {
            listed = mf_node_is(value, "true") || mf_node_is(value, "false");
            unique = mf_node_is(value, "true");
        }
        known = listed;
    }
    mf_children_close(&it);
    return known ? index_shape(reader, name, columns, unique, false) : NULL;
}

/* The index=True of add_column's Column(name, ..., index=True[,
 * unique=True]): CREATE INDEX ix_<table>_<column> after ADD COLUMN (the
 * name a naming convention may change). */
/* The family of a SQLAlchemy type as written (sa.String(50), Integer,
 * postgresql.JSONB(...)), by its class name: what `migfix locate` compares
 * with the type a database reports. */
static mf_type_family python_type_family(const schema_reader *reader, TSNode type) {
    static const struct {
        const char *name;
        mf_type_family family;
    } names[] = {
        {"Integer", MF_TYPE_INTEGER},
        {"BigInteger", MF_TYPE_INTEGER},
        {"SmallInteger", MF_TYPE_INTEGER},
        {"INTEGER", MF_TYPE_INTEGER},
        {"BIGINT", MF_TYPE_INTEGER},
        {"SMALLINT", MF_TYPE_INTEGER},
        {"INT", MF_TYPE_INTEGER},
        {"Boolean", MF_TYPE_BOOLEAN},
        {"BOOLEAN", MF_TYPE_BOOLEAN},
        {"String", MF_TYPE_STRING},
        {"Unicode", MF_TYPE_STRING},
        {"VARCHAR", MF_TYPE_STRING},
        {"NVARCHAR", MF_TYPE_STRING},
        {"CHAR", MF_TYPE_STRING},
        {"NCHAR", MF_TYPE_STRING},
        {"Text", MF_TYPE_TEXT},
        {"UnicodeText", MF_TYPE_TEXT},
        {"TEXT", MF_TYPE_TEXT},
        {"CLOB", MF_TYPE_TEXT},
        {"MEDIUMTEXT", MF_TYPE_TEXT},
        {"LONGTEXT", MF_TYPE_TEXT},
        {"Numeric", MF_TYPE_NUMERIC},
        {"NUMERIC", MF_TYPE_NUMERIC},
        {"DECIMAL", MF_TYPE_NUMERIC},
        {"Float", MF_TYPE_FLOAT},
        {"FLOAT", MF_TYPE_FLOAT},
        {"REAL", MF_TYPE_FLOAT},
        {"Double", MF_TYPE_FLOAT},
        {"DOUBLE", MF_TYPE_FLOAT},
        {"DOUBLE_PRECISION", MF_TYPE_FLOAT},
        {"DateTime", MF_TYPE_DATETIME},
        {"DATETIME", MF_TYPE_DATETIME},
        {"TIMESTAMP", MF_TYPE_DATETIME},
        {"Date", MF_TYPE_DATE},
        {"DATE", MF_TYPE_DATE},
        {"Time", MF_TYPE_TIME},
        {"TIME", MF_TYPE_TIME},
        {"Interval", MF_TYPE_INTERVAL},
        {"INTERVAL", MF_TYPE_INTERVAL},
        {"LargeBinary", MF_TYPE_BINARY},
        {"BLOB", MF_TYPE_BINARY},
        {"BYTEA", MF_TYPE_BINARY},
        {"VARBINARY", MF_TYPE_BINARY},
        {"JSON", MF_TYPE_JSON},
        {"JSONB", MF_TYPE_JSON},
        {"UUID", MF_TYPE_UUID},
        {"Uuid", MF_TYPE_UUID},
        {"Enum", MF_TYPE_ENUM},
        {"ENUM", MF_TYPE_ENUM},
    };
    if (mf_node_is(type, "call"))
        type = mf_node_field(type, "function");
    if (mf_node_is(type, "attribute"))
        type = mf_node_field(type, "attribute");
    if (!mf_node_is(type, "identifier"))
        return MF_TYPE_UNKNOWN;
    mf_slice name = mf_node_text(type, reader->text);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (mf_slice_eq_cstr(name, names[i].name))
            return names[i].family;
    return MF_TYPE_UNKNOWN;
}

/* True or False as written: 1 or 0; else -1. */
static signed char literal_bool(TSNode node) {
    return mf_node_is(node, "true") ? 1 : mf_node_is(node, "false") ? 0 : -1;
}

/* What a Column(...) says of its type and nullability (SQLAlchemy's
 * default: nullable unless a primary key). */
static void read_column_attributes(const schema_reader *reader, TSNode column,
                                   mf_schema_event *event) {
    if (!mf_node_is(column, "call") || !callee_ends_with(column, reader->text, "Column"))
        return;
    TSNode type, nullable, primary;
    if (argument(column, 1, "type_", reader->text, &type) && !ts_node_is_null(type))
        event->family = python_type_family(reader, type);
    if (!argument(column, -1, "nullable", reader->text, &nullable) ||
        !argument(column, -1, "primary_key", reader->text, &primary))
        return;
    event->nullable = !ts_node_is_null(nullable)  ? literal_bool(nullable)
                      : ts_node_is_null(primary)  ? 1
                      : literal_bool(primary) < 0 ? -1
                                                  : (signed char)!literal_bool(primary);
}

/* alter_column's type_= and nullable=, on KEY (the column as it is named
 * after the call). */
static void read_column_alter(schema_reader *reader, const mf_found_op *op, const char *key,
                              bool always) {
    TSNode type, nullable;
    mf_column_alter alter = {.key = key,
                             .family = -1,
                             .nullable = -1,
                             .after = reader->rev->events.len,
                             .line = ts_node_start_point(op->call).row + 1};
    bool seen = argument(op->call, -1, "type_", reader->text, &type);
    if (!seen || !ts_node_is_null(type))
        alter.family = seen && always ? (int)python_type_family(reader, type) : MF_TYPE_UNKNOWN;
    seen = argument(op->call, -1, "nullable", reader->text, &nullable);
    if (!seen || !ts_node_is_null(nullable))
        alter.nullable = seen && always && literal_bool(nullable) >= 0 ? literal_bool(nullable) : 2;
    if (key && (alter.family >= 0 || alter.nullable >= 0))
        MF_VEC_PUSH(&reader->rev->alters, alter);
}

static void read_column_index(schema_reader *reader, TSNode column, const char *table,
                              const char *table_name, const char *name, bool always) {
    TSNode index, unique;
    if (!table || !table_name || !name || !mf_node_is(column, "call") ||
        !callee_ends_with(column, reader->text, "Column") ||
        !argument(column, -1, "index", reader->text, &index) || !mf_node_is(index, "true") ||
        !argument(column, -1, "unique", reader->text, &unique))
        return;
    if (!ts_node_is_null(unique) && !mf_node_is(unique, "true") && !mf_node_is(unique, "false"))
        return;
    const char *index_name = mf_arena_printf(reader->arena, "ix_%s_%s", table_name, name);
    mf_schema_event *event =
        add_event(reader, MF_OBJECT_INDEX, table, index_name, true, always, column);
    event->conventional = true;
    TSNode first;
    argument(column, 0, "name", reader->text, &first);
    event->definition = index_shape(reader, index_name, first,
                                    !ts_node_is_null(unique) && mf_node_is(unique, "true"), true);
}

/* Whether the Column(...) add_column adds brings statements of its own
 * after ADD COLUMN (Alembic adds the table's constraints and indexes one by
 * one): a ForeignKey or a constraint among its arguments, unique=True,
 * index=True. A column that is not a literal Column(...) may too. */
static bool column_statements(const schema_reader *reader, TSNode column) {
    if (!mf_node_is(column, "call") || !callee_ends_with(column, reader->text, "Column"))
        return true;
    if (keyword_set(reader, column, "unique") || keyword_set(reader, column, "index"))
        return true;
    bool more = false;
    mf_children it;
    mf_children_open(&it, mf_node_field(column, "arguments"));
    for (TSNode arg; mf_children_next(&it, &arg);)
        more |= mf_node_is(arg, "call") && (callee_ends_with(arg, reader->text, "ForeignKey") ||
                                            callee_ends_with(arg, reader->text, "Constraint"));
    mf_children_close(&it);
    return more;
}

/* Whether a constraint's positional arguments name COLUMN as a string. */
static bool names_column(schema_reader *reader, TSNode constraint, const char *column) {
    bool found = false;
    mf_children it;
    mf_children_open(&it, mf_node_field(constraint, "arguments"));
    for (TSNode arg; mf_children_next(&it, &arg);) {
        const char *name = mf_node_is(arg, "string") ? string_of(reader, arg) : NULL;
        found |= name && strcmp(name, column) == 0;
    }
    mf_children_close(&it);
    return found;
}

/* create_table: the table, and the columns and named constraints among its
 * arguments. Anything else there (a splat, a variable, a helper's columns)
 * makes the table opaque. */
static bool read_create_table(schema_reader *reader, TSNode call, bool always) {
    const char *name, *table = table_of(reader, call, 0, "table_name", "schema", &name);
    if (!table)
        return false;
    size_t at = reader->rev->events.len;
    add_event(reader, MF_OBJECT_TABLE, table, name, true, always, call);
    bool opaque = false, indexed = false;
    TSNode primary_key = {0};
    const char *types[16];
    size_t ntypes = 0;
    TSNode keyword;
    argument(call, -1, "table_name", reader->text, &keyword);
    uint32_t index = ts_node_is_null(keyword) ? 0 : 1; /* the first positional is the name */
    mf_children it;
    mf_children_open(&it, mf_node_field(call, "arguments"));
    for (TSNode arg; mf_children_next(&it, &arg);) {
        if (mf_node_is(arg, "keyword_argument") || index++ == 0)
            continue;
        TSNode first, named;
        if (mf_node_is(arg, "call") && callee_ends_with(arg, reader->text, "Column")) {
            const char *column =
                argument(arg, 0, "name", reader->text, &first) && !ts_node_is_null(first)
                    ? string_of(reader, first)
                    : NULL;
            if (column) {
                mf_schema_event *made =
                    add_event(reader, MF_OBJECT_COLUMN, table, column, true, always, arg);
                made->with_table = true;
                read_column_attributes(reader, arg, made);
            } else
                opaque = true;
            /* index=True is a CREATE INDEX after the CREATE TABLE. */
            reader->trailing |= keyword_set(reader, arg, "index");
            indexed |= keyword_set(reader, arg, "index") || keyword_set(reader, arg, "unique");
            read_column_types(reader, arg, always, types, &ntypes, sizeof types / sizeof *types);
        } else if (mf_node_is(arg, "call") && (callee_ends_with(arg, reader->text, "Constraint") ||
                                               callee_ends_with(arg, reader->text, "Index"))) {
            /* Unnamed constraints take a convention's name, and indexes are
             * not followed here: neither is needed to say what exists. */
            const char *constraint = argument(arg, -1, "name", reader->text, &named) &&
                                             !ts_node_is_null(named) &&
                                             !callee_ends_with(arg, reader->text, "Index")
                                         ? string_of(reader, named)
                                         : NULL;
            /* use_alter=True: where the database has ALTER, CREATE TABLE
             * leaves the constraint out and op.create_table adds it by no
             * other statement (metadata's create_all would); SQLite keeps
             * it inline. Whether it exists is not known here: a constraint
             * of the table that may appear, never one made. */
            bool primary = callee_ends_with(arg, reader->text, "PrimaryKeyConstraint");
            if (primary)
                primary_key = arg;
            if (keyword_set(reader, arg, "use_alter")) {
                add_event(reader, MF_OBJECT_CONSTRAINT, table, NULL, true, always, arg);
            } else if (constraint) {
                mf_schema_event *made =
                    add_event(reader, MF_OBJECT_CONSTRAINT, table, constraint, true, always, arg);
                made->with_table = true;
                made->primary = primary;
            }
            reader->trailing |= callee_ends_with(arg, reader->text, "Index");
            indexed |= callee_ends_with(arg, reader->text, "Index") ||
                       callee_ends_with(arg, reader->text, "UniqueConstraint");
        } else {
            opaque = true;
        }
    }
    mf_children_close(&it);
    reader->rev->events.items[at].opaque = opaque;
    reader->rev->events.items[at].indexed = indexed;
    /* A primary key's columns are NOT NULL whatever their Column says. */
    for (size_t i = at + 1; i < reader->rev->events.len && !ts_node_is_null(primary_key); i++) {
        mf_schema_event *made = &reader->rev->events.items[i];
        if (made->kind == MF_OBJECT_COLUMN && made->name &&
            names_column(reader, primary_key, made->name))
            made->nullable = 0;
    }
    return true;
}

/* The SQL of a plain string literal, or of `sa.text("...")`; else NULL. */
static const char *literal_sql(mf_arena *arena, TSNode node, mf_slice text) {
    if (mf_node_is(node, "call") &&
        (!callee_ends_with(node, text, "text") || !argument(node, 0, NULL, text, &node) ||
         ts_node_is_null(node)))
        return NULL;
    const char *plain = mf_plain_string(arena, node, text);
    if (plain || !mf_node_is(node, "string"))
        return plain;
    /* r"..." (SQL with backslashes in a regular expression): its text is
     * its value, when nothing is interpolated. */
    mf_slice start = mf_node_text(ts_node_child(node, 0), text);
    if (start.len < 2 || (start.data[0] != 'r' && start.data[0] != 'R') || start.data[1] == 'b' ||
        start.data[1] == 'B' || start.data[1] == 'f' || start.data[1] == 'F')
        return NULL;
    mf_buf content = {0};
    uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; i++) {
        TSNode part = ts_node_named_child(node, i);
        if (mf_node_is(part, "interpolation")) {
            mf_buf_free(&content);
            return NULL;
        }
        if (mf_node_is(part, "string_content")) {
            mf_slice s = mf_node_text(part, text);
            mf_buf_put(&content, s.data, s.len);
        }
    }
    const char *raw = mf_arena_strndup(arena, content.data ? content.data : "", content.len);
    mf_buf_free(&content);
    return raw;
}

static bool makes_table_into(const char *sql);

/* SQL that can neither create nor drop a table: one UPDATE, INSERT, DELETE
 * or SELECT (not SELECT ... INTO). */
static bool dml_text(const char *sql) {
    while (isspace((unsigned char)*sql))
        sql++;
    size_t n = strlen(sql);
    while (n && (isspace((unsigned char)sql[n - 1]) || sql[n - 1] == ';'))
        n--;
    static const char *const verbs[] = {"update", "insert", "delete", "select", "with"};
    bool dml = false;
    for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++) {
        size_t v = strlen(verbs[i]);
        dml |= n > v + 1 && strncasecmp(sql, verbs[i], v) == 0 && isspace((unsigned char)sql[v]);
    }
    /* A WITH ends in SELECT, INSERT, UPDATE or DELETE: rows, unless an
     * INTO makes a table (as a SELECT's may). */
    if (dml && (strncasecmp(sql, "select", 6) == 0 || strncasecmp(sql, "with", 4) == 0) &&
        makes_table_into(sql))
        return false;
    for (size_t i = 0; dml && i < n; i++) /* a `;` in the last characters too */
        if (sql[i] == ';' || (i + 6 <= n && strncasecmp(sql + i, "setval", 6) == 0)) /* sql.c's */
            return false;
    return dml;
}

static bool literal_dml(mf_arena *arena, TSNode node, mf_slice text) {
    const char *sql = literal_sql(arena, node, text);
    return sql && dml_text(sql);
}

/* SQL built with interpolation (f"UPDATE {t} SET ...", "... '%s'" % x,
 * "...".format(x)), also in sa.text(...), whose written text is one data
 * statement: what is filled in stands for a value or a name, and a data
 * statement touches rows whatever its table. The written parts must say it
 * all (no `;` but at the end, no SELECT ... INTO). */
static bool interpolated_dml(mf_arena *arena, TSNode node, mf_slice text) {
    if (mf_node_is(node, "call")) {
        TSNode function = mf_node_field(node, "function");
        if (mf_node_is(function, "attribute") &&
            mf_slice_eq_cstr(mf_node_text(mf_node_field(function, "attribute"), text), "format"))
            node = mf_node_field(function, "object");
        else if (callee_ends_with(node, text, "text") && argument(node, 0, NULL, text, &node) &&
                 !ts_node_is_null(node))
            return interpolated_dml(arena, node, text);
        else
            return false;
    } else if (mf_node_is(node, "binary_operator")) {
        if (!mf_slice_eq_cstr(mf_node_text(mf_node_field(node, "operator"), text), "%"))
            return false;
        node = mf_node_field(node, "left");
    } else if (mf_node_is(node, "parenthesized_expression")) {
        return interpolated_dml(arena, ts_node_named_child(node, 0), text);
    }
    if (!mf_node_is(node, "string"))
        return false;
    mf_slice start = mf_node_text(ts_node_child(node, 0), text);
    for (size_t i = 0; i < start.len; i++)
        if (start.data[i] == 'b' || start.data[i] == 'B')
            return false; /* bytes */
    mf_buf content = {0};
    uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; i++) {
        TSNode part = ts_node_named_child(node, i);
        if (mf_node_is(part, "interpolation")) {
            mf_buf_puts(&content, " x ");
        } else if (mf_node_is(part, "string_content")) {
            mf_slice s = mf_node_text(part, text);
            mf_buf_put(&content, s.data, s.len);
        }
    }
    bool dml = content.data && dml_text(content.data);
    mf_buf_free(&content);
    return dml;
}

/* A query built with SQLAlchemy's expression language (`t.update()...`,
 * `sa.select(...)`), which reads or writes rows, never tables. */
static bool expression_dml(TSNode node, mf_slice text) {
    if (!mf_node_is(node, "call"))
        return false;
    mf_slice all = mf_node_text(node, text);
    static const char *const ddl[] = {"Create", "Drop", "DDL", "Alter", "Rename", "text("};
    for (size_t i = 0; i < sizeof ddl / sizeof *ddl; i++)
        for (size_t k = 0; k + strlen(ddl[i]) <= all.len; k++)
            if (memcmp(all.data + k, ddl[i], strlen(ddl[i])) == 0)
                return false;
    static const char *const verbs[] = {"select(", "insert(", "update(", "delete("};
    for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
        for (size_t k = 0; k + 7 <= all.len; k++)
            if (memcmp(all.data + k, verbs[i], 7) == 0 && (k == 0 || all.data[k - 1] == '.'))
                return true;
    return false;
}

/* Whether SQL (an op.execute argument) only reads or writes rows. */
static bool rows_only(const schema_reader *reader, TSNode sql) {
    return !ts_node_is_null(sql) &&
           (literal_dml(reader->arena, sql, reader->text) || expression_dml(sql, reader->text) ||
            interpolated_dml(reader->arena, sql, reader->text));
}

static TSNode definition(TSNode stmt) {
    if (mf_node_is(stmt, "decorated_definition"))
        stmt = mf_node_field(stmt, "definition");
    return mf_node_is(stmt, "function_definition") ? stmt : (TSNode){0};
}

/* The function NAME names where it is called: a `def` of that name, the
 * only one, among the statements of a function around it or else of the
 * module; a null node otherwise. */
static TSNode local_def(const schema_reader *reader, TSNode name) {
    mf_slice wanted = mf_node_text(name, reader->text);
    for (TSNode scope = ts_node_parent(name); !ts_node_is_null(scope);
         scope = ts_node_parent(scope)) {
        bool function = mf_node_is(scope, "function_definition");
        if (!function && !mf_node_is(scope, "module"))
            continue;
        TSNode block = function ? mf_node_field(scope, "body") : scope, found = {0};
        int count = 0;
        uint32_t n = ts_node_named_child_count(block);
        for (uint32_t i = 0; i < n; i++) {
            TSNode def = definition(ts_node_named_child(block, i));
            if (!ts_node_is_null(def) &&
                mf_slice_eq(mf_node_text(mf_node_field(def, "name"), reader->text), wanted))
                found = def, count++;
        }
        if (count)
            return count == 1 ? found : (TSNode){0};
    }
    return (TSNode){0};
}

/* What FUNCTION returns when its body does nothing else (a docstring and
 * comments aside): `return f"""UPDATE ..."""`; a null node otherwise. */
static TSNode only_returned(TSNode function) {
    TSNode body = mf_node_field(function, "body"), returned = {0};
    uint32_t n = ts_node_named_child_count(body);
    for (uint32_t i = 0; i < n; i++) {
        TSNode stmt = ts_node_named_child(body, i);
        if (mf_node_is(stmt, "comment") || (i == 0 && mf_node_is(stmt, "expression_statement") &&
                                            mf_node_is(ts_node_named_child(stmt, 0), "string")))
            continue;
        if (!ts_node_is_null(returned) || !mf_node_is(stmt, "return_statement") ||
            ts_node_named_child_count(stmt) != 1)
            return (TSNode){0};
        returned = ts_node_named_child(stmt, 0);
    }
    return returned;
}

/* SQL that the file's own functions return, each of them rows only:
 * `sa.text(build(n))` where `build` only returns a data statement, or
 * where the called name goes over a list of such functions (Prefect's
 * `for query in [populate_a, populate_b]: conn.execute(sa.text(query(500)))`).
 * Their arguments only fill in the statement, as in interpolated_dml. */
static bool local_rows(schema_reader *reader, TSNode node) {
    TSNode arg;
    if (mf_node_is(node, "call") && callee_ends_with(node, reader->text, "text") &&
        argument(node, 0, NULL, reader->text, &arg) && !ts_node_is_null(arg))
        node = arg;
    TSNode callee = mf_node_field(node, "function");
    if (!mf_node_is(node, "call") || !mf_node_is(callee, "identifier"))
        return false;
    TSNode functions[8];
    size_t n = 0;
    TSNode def = local_def(reader, callee);
    if (!ts_node_is_null(def)) {
        functions[n++] = def;
    } else {
        TSNode list = mf_bound_value(&reader->bindings, reader->arena, callee,
                                     mf_node_text(callee, reader->text), reader->text);
        if (mf_node_is(list, "identifier")) /* `for query in statements:` */
            list = assigned_value(reader, list);
        if (!mf_node_is(list, "list") && !mf_node_is(list, "tuple"))
            return false;
        uint32_t items = ts_node_named_child_count(list);
        for (uint32_t i = 0; i < items; i++) {
            TSNode item = ts_node_named_child(list, i);
            def = mf_node_is(item, "identifier") ? local_def(reader, item) : (TSNode){0};
            if (ts_node_is_null(def) || n == sizeof functions / sizeof *functions)
                return false;
            functions[n++] = def;
        }
    }
    for (size_t i = 0; i < n; i++) {
        TSNode returned = only_returned(functions[i]);
        if (ts_node_is_null(returned) || !rows_only(reader, returned))
            return false;
    }
    return n > 0;
}

static bool has_word(mf_slice name, const char *const *words, size_t n) {
    for (size_t i = 0; i < n; i++) {
        size_t w = strlen(words[i]);
        for (size_t k = 0; k + w <= name.len; k++)
            if (strncasecmp(name.data + k, words[i], w) == 0)
                return true;
    }
    return false;
}

/* Whether CALLEE is one of NAMES, plain or after a dot (`sa.schema.X`). */
static bool named_one_of(mf_slice callee, const char *const *names, size_t count) {
    for (size_t i = 0; i < count; i++) {
        size_t n = strlen(names[i]);
        if (callee.len >= n && memcmp(callee.data + callee.len - n, names[i], n) == 0 &&
            (callee.len == n || callee.data[callee.len - n - 1] == '.'))
            return true;
    }
    return false;
}

/* SQLAlchemy's CreateSchema(...) and CreateSequence(...): executed, a schema
 * or a sequence appears, neither of which the flow follows (no table,
 * column or index); built, nothing happens. */
static bool makes_schema_or_sequence(mf_slice callee) {
    static const char *const names[] = {"CreateSchema", "CreateSequence"};
    return named_one_of(callee, names, sizeof names / sizeof *names);
}

/* A called name that may make or remove tables behind migfix's back. A
 * method is judged by its own name (`metadata.create_all`, `t.drop(bind)`);
 * a plain function from elsewhere also by words such as "table" or "setup"
 * (`make_tables()`), except SQLAlchemy's lightweight `table(...)`. */
static bool may_change_tables(mf_slice name, bool method) {
    /* alembic-postgresql-enum's arguments to sync_enum_values, and
     * SQLAlchemy's mutable types ("Mutable" holds "table"): data. */
    static const char *const plain[] = {"TableReference", "ColumnType", "MutableDict",
                                        "MutableList", "MutableSet"};
    if (named_one_of(name, plain, sizeof plain / sizeof *plain) || makes_schema_or_sequence(name))
        return false;
    static const char *const words[] = {"create", "drop",    "rename",  "ddl",       "exec",
                                        "eval",   "migrate", "upgrade", "downgrade", "command"};
    static const char *const more[] = {"table", "make",     "schema", "setup", "init",
                                       "build", "populate", "load",   "apply", "run"};
    if (has_word(name, words, sizeof words / sizeof *words))
        return true;
    if (method || mf_slice_eq_cstr(name, "table") || mf_slice_eq_cstr(name, "Table"))
        return false;
    return has_word(name, more, sizeof more / sizeof *more);
}

/* SQL without the phrases migfix writes into it (sql.h's mf_sql_phrases, in
 * any case, before a word boundary); *FOUND when there was one. */
static const char *without_phrases(mf_arena *arena, const char *sql, bool *found) {
    size_t n = strlen(sql);
    char *out = mf_arena_alloc(arena, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t skip = 0;
        for (const char *const *p = mf_sql_phrases; *p && !skip; p++) {
            size_t len = strlen(*p);
            if (i + len <= n && strncasecmp(sql + i, *p, len) == 0 &&
                (i + len == n || !(isalnum((unsigned char)sql[i + len]) || sql[i + len] == '_')))
                skip = len;
        }
        if (skip) {
            *found = true;
            i += skip;
        } else {
            out[o++] = sql[i++];
        }
    }
    out[o] = '\0';
    return out;
}

static const char *slice_table(schema_reader *reader, mf_slice schema, mf_slice table) {
    return remember_table(reader, mf_table_key(reader->arena, schema.data, table.data), schema.data,
                          table.data);
}

/* DDL that makes no object the flow follows (see read_sql). */
static bool mentions(const char *sql, const char *word) {
    for (size_t n = strlen(word); *sql; sql++)
        if (strncasecmp(sql, word, n) == 0)
            return true;
    return false;
}

/* CASCADE as a word of SQL (not in a name such as cascade_rules). */
static bool has_cascade(const char *sql) {
    for (const char *c = sql; *c; c++)
        if (strncasecmp(c, "cascade", 7) == 0 &&
            (c == sql || !(isalnum((unsigned char)c[-1]) || c[-1] == '_')) &&
            !(isalnum((unsigned char)c[7]) || c[7] == '_'))
            return true;
    return false;
}

/* The extension SQL makes, when it makes one (one CREATE EXTENSION) that is
 * known to make no table: types, functions and operators only (citext,
 * pg_trgm, ...; not postgis, which makes spatial_ref_sys). */
static bool tableless_extension(const char *sql) {
    static const char *const known[] = {"citext",
                                        "pg_trgm",
                                        "fuzzystrmatch",
                                        "uuid-ossp",
                                        "hstore",
                                        "unaccent",
                                        "btree_gin",
                                        "btree_gist",
                                        "pgcrypto",
                                        "intarray",
                                        "ltree",
                                        "cube",
                                        "earthdistance",
                                        "isn",
                                        "tablefunc",
                                        "plpgsql",
                                        "pg_stat_statements"};
    const char *at = NULL;
    for (const char *c = sql; *c; c++)
        if (strncasecmp(c, "extension", 9) == 0) {
            if (at)
                return false; /* more than one: not this simple case */
            at = c + 9;
        }
    if (!at)
        return false;
    while (isspace((unsigned char)*at))
        at++;
    if (*at == '"')
        at++;
    for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
        size_t n = strlen(known[i]);
        if (strncasecmp(at, known[i], n) == 0 &&
            (at[n] == '"' || at[n] == ';' || at[n] == '\0' || isspace((unsigned char)at[n])))
            return true;
    }
    return false;
}

/* The kinds sql.c calls data statements: they read or write rows, and make
 * a table only with SELECT ... INTO (makes_table_into). */
static bool data_statement(const char *what) {
    static const char *const kinds[] = {"UPDATE", "INSERT", "DELETE",   "WITH",    "SELECT",
                                        "MERGE",  "COPY",   "TRUNCATE", "REPLACE", "VALUES"};
    for (size_t i = 0; what && i < sizeof kinds / sizeof *kinds; i++)
        if (strcasecmp(what, kinds[i]) == 0)
            return true;
    return false;
}

/* Whether SQL has an INTO that is not INSERT's, MERGE's or REPLACE's: a
 * SELECT ... INTO makes a table. */
static bool makes_table_into(const char *sql) {
    for (const char *c = sql; *c; c++) {
        /* Not in a comment or a quoted string ("-- merged into ..."). */
        const char *skip = NULL;
        if (c[0] == '-' && c[1] == '-')
            skip = strchr(c, '\n');
        else if (c[0] == '/' && c[1] == '*')
            skip = strstr(c + 2, "*/");
        else if (c[0] == '\'' || c[0] == '"')
            skip = strchr(c + 1, c[0]);
        if (skip) {
            c = skip; /* the loop steps past its last character */
            continue;
        }
        if (c[0] == '-' && c[1] == '-')
            break; /* a comment to the end */
        bool word = (c == sql || !(isalnum((unsigned char)c[-1]) || c[-1] == '_')) &&
                    strncasecmp(c, "into", 4) == 0 &&
                    !(isalnum((unsigned char)c[4]) || c[4] == '_');
        if (!word)
            continue;
        const char *end = c;
        while (end > sql && isspace((unsigned char)end[-1]))
            end--;
        const char *start = end;
        while (start > sql && (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
            start--;
        size_t n = (size_t)(end - start);
        if (!((n == 6 && strncasecmp(start, "insert", 6) == 0) ||
              (n == 5 && strncasecmp(start, "merge", 5) == 0) ||
              (n == 7 && strncasecmp(start, "replace", 7) == 0)))
            return true;
    }
    return false;
}

/* Whether ST as written starts with WORDS (blank-separated, any case). */
static bool starts_with_words(const mf_sql_statement *st, const char *words) {
    size_t at = 0;
    mf_slice src = st->source;
    for (const char *w = words; *w;) {
        while (at < src.len && isspace((unsigned char)src.data[at]))
            at++;
        size_t n = strcspn(w, " ");
        if (at + n > src.len || strncasecmp(src.data + at, w, n) != 0 ||
            (at + n < src.len &&
             (isalnum((unsigned char)src.data[at + n]) || src.data[at + n] == '_')))
            return false;
        at += n;
        w += n;
        while (*w == ' ')
            w++;
    }
    return true;
}

/* Whether ST, a statement of SQL, makes or removes no table, column or
 * index. */
static bool makes_no_object(const mf_sql_statement *st, const char *sql) {
    /* Functions, procedures, views, triggers and rules are not among the
     * objects followed (a view is no table here). Not CREATE OR REPLACE
     * TABLE (MariaDB's drops the table), DROP SCHEMA, nor DROP MATERIALIZED
     * VIEW (its indexes go with it). */
    static const char *const routines[] = {"DROP TRIGGER",
                                           "DROP VIEW",
                                           "DROP FUNCTION",
                                           "DROP PROCEDURE",
                                           "DROP RULE",
                                           "CREATE OR REPLACE FUNCTION",
                                           "CREATE OR REPLACE PROCEDURE",
                                           "CREATE OR REPLACE VIEW",
                                           "CREATE OR REPLACE TRIGGER",
                                           "CREATE OR REPLACE RULE"};
    for (size_t i = 0; st->source.data && i < sizeof routines / sizeof *routines; i++)
        if (starts_with_words(st, routines[i]))
            return true;
    /* Sequences are not among the objects followed: no table, column or
     * index appears or goes with one. */
    static const char *const kinds[] = {"CREATE VIEW",     "CREATE FUNCTION", "CREATE TRIGGER",
                                        "CREATE SEQUENCE", "ALTER SEQUENCE",  "DROP SEQUENCE"};
    /* Session and maintenance statements (SET statement_timeout, COMMIT,
     * GRANT, VACUUM, ...): no table, column or index appears or goes. Not
     * CALL (a procedure may), USE or SET search_path (later DDL then lands
     * elsewhere). */
    static const char *const session[] = {
        "SET",       "SHOW",    "RESET",  "COMMIT",  "BEGIN",      "START",   "END",    "ROLLBACK",
        "SAVEPOINT", "RELEASE", "PRAGMA", "GRANT",   "REVOKE",     "ANALYZE", "VACUUM", "REINDEX",
        "REFRESH",   "LOCK",    "NOTIFY", "CLUSTER", "CHECKPOINT", "DISCARD", "EXPLAIN"};
    if (!st->what)
        return false;
    if (strcmp(st->what, "CREATE EXTENSION") == 0)
        return tableless_extension(sql);
    if (st->verdict == MF_SQL_AS_WRITTEN && !mentions(sql, "search_path"))
        for (size_t i = 0; i < sizeof session / sizeof *session; i++)
            if (strcasecmp(st->what, session[i]) == 0)
                return true;
    if (strncmp(st->what, "ALTER TYPE ADD VALUE", 20) == 0 ||
        strcmp(st->what, "SELECT setval") == 0)
        return true;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(st->what, kinds[i]) == 0)
            return true;
    return false;
}

static bool is_temporary(const schema_reader *reader, const char *table) {
    for (size_t i = 0; i < reader->temporary.len; i++)
        if (strcmp(reader->temporary.items[i], table) == 0)
            return true;
    return false;
}

/* Literal SQL that is not one DML statement: what sql.c reads of each
 * statement (CREATE/DROP TABLE, a lone ALTER TABLE ADD/DROP COLUMN, CREATE
 * INDEX) becomes events; false when a statement is anything else that could
 * change the schema. */
/* The new name of `ALTER TABLE ... RENAME TO name` in STATEMENT, unquoted
 * (arena); NULL when it is not a plain or quoted name (a schema-qualified
 * one, MySQL's, names another schema). */
static const char *renamed_to(mf_arena *arena, mf_slice statement) {
    for (size_t i = 0; i + 9 <= statement.len; i++) {
        if (strncasecmp(statement.data + i, "RENAME", 6) != 0)
            continue;
        size_t k = i + 6;
        while (k < statement.len && isspace((unsigned char)statement.data[k]))
            k++;
        if (k + 2 > statement.len || strncasecmp(statement.data + k, "TO", 2) != 0)
            continue;
        k += 2;
        while (k < statement.len && isspace((unsigned char)statement.data[k]))
            k++;
        char quote = k < statement.len && strchr("\"`", statement.data[k]) ? statement.data[k] : 0;
        size_t start = k + (quote != 0), end = start;
        while (end < statement.len &&
               (quote ? statement.data[end] != quote
                      : isalnum((unsigned char)statement.data[end]) || statement.data[end] == '_'))
            end++;
        size_t after = end + (quote != 0);
        while (after < statement.len && isspace((unsigned char)statement.data[after]))
            after++;
        if (end == start || (quote && end == statement.len) ||
            (after < statement.len && statement.data[after] != ';'))
            return NULL;
        return mf_arena_strndup(arena, statement.data + start, end - start);
    }
    return NULL;
}

/* The SQL node an execute() reads: a name's value where one assignment
 * reaches it (`sql = "..."; op.execute(sql)`), also inside sa.text(...)
 * (`conn.execute(sa.text(backfill))`, which says the same). */
static TSNode sql_node(schema_reader *reader, TSNode node) {
    /* sa.text("...").params(...) / .bindparams(...) / .execution_options(...)
     * bind values or options: the same statement. */
    static const char *const same[] = {"params", "bindparams", "execution_options"};
    for (TSNode function;
         mf_node_is(node, "call") &&
         mf_node_is(function = mf_node_field(node, "function"), "attribute") &&
         mf_node_is(mf_node_field(function, "object"), "call") &&
         named_one_of(mf_node_text(mf_node_field(function, "attribute"), reader->text), same,
                      sizeof same / sizeof *same);)
        node = mf_node_field(function, "object");
    if (mf_node_is(node, "call")) {
        TSNode arg;
        if (callee_ends_with(node, reader->text, "text") &&
            mf_node_code_child_count(mf_node_field(node, "arguments")) == 1 &&
            argument(node, 0, NULL, reader->text, &arg) && mf_node_is(arg, "identifier"))
            node = arg;
        else
            return node;
    }
    if (mf_node_is(node, "identifier")) {
        TSNode bound = assigned_value(reader, node);
        if (!ts_node_is_null(bound))
            return bound;
    }
    return node;
}

static bool read_sql(schema_reader *reader, TSNode node, bool always, TSNode at) {
    node = sql_node(reader, node);
    if (rows_only(reader, node) || local_rows(reader, node)) {
        reader->rev->has_data = true;
        return true;
    }
    if (mf_node_is(node, "call") &&
        makes_schema_or_sequence(mf_node_text(mf_node_field(node, "function"), reader->text)))
        return true;
    const char *sql = literal_sql(reader->arena, node, reader->text);
    if (!sql)
        sql = filled_fstring(reader, node);
    if (!sql || !reader->sql)
        return false;
    /* IF [NOT] EXISTS and OR REPLACE are read as if absent, so that the SQL
     * migfix made idempotent reads as it did before (the chain of fixed
     * files is the chain of their originals); what they create cannot
     * fail on a duplicate. */
    bool checked = false;
    sql = without_phrases(reader->arena, sql, &checked);
    mf_sql_analysis analysis;
    mf_sql_analyse(reader->sql, MF_DIALECT_POSTGRESQL, mf_slice_cstr(sql), reader->arena,
                   &analysis);
    bool known = analysis.statements.len > 0;
    for (size_t i = 0; i < analysis.statements.len; i++) {
        const mf_sql_statement *st = &analysis.statements.items[i];
        const char *table = st->table.data ? slice_table(reader, st->schema, st->table) : NULL;
        /* An ALTER TABLE ... RENAME TO makes a table of another name: one
         * migfix cannot read may then touch any table (RENAME COLUMN,
         * CONSTRAINT, or an ALTER INDEX / SEQUENCE ... RENAME TO do not). */
        bool renames = st->what && strncmp(st->what, "ALTER TABLE", 11) == 0 && st->reason &&
                       strstr(st->reason, "... RENAME TO:");
        const char *renamed = renames ? renamed_to(reader->arena, st->source) : NULL;
        if (renamed && st->altered.data) {
            /* As op.rename_table reads: the old name goes, the new one comes
             * (its columns unread), in the same schema. */
            const char *old = slice_table(reader, st->altered_schema, st->altered);
            add_event(reader, MF_OBJECT_TABLE, old, st->altered.data, false, always, at)->renamed =
                true;
            add_event(reader, MF_OBJECT_TABLE,
                      slice_table(reader, st->altered_schema, mf_slice_cstr(renamed)), renamed,
                      true, always, at)
                ->opaque = true;
            reader->trailing = false;
            continue;
        }
        if (st->temporary && table) {
            MF_VEC_PUSH(&reader->temporary, table);
            reader->trailing = true;
            continue;
        }
        if (table && is_temporary(reader, table)) {
            reader->trailing = true; /* an index on it, rows into it, its drop */
            continue;
        }
        if (st->table_effect != MF_CHECK_NONE && table) {
            /* Its columns are in SQL migfix does not read: opaque. */
            mf_schema_event *event =
                add_event(reader, MF_OBJECT_TABLE, table, st->table.data,
                          st->table_effect == MF_CHECK_TABLE_MISSING, always, at);
            event->opaque = true;
            event->checked = checked;
        } else if ((st->prerequisites == MF_CHECK_COLUMN_MISSING ||
                    st->prerequisites == MF_CHECK_COLUMN_PRESENT) &&
                   table && st->name.data) {
            add_event(reader, MF_OBJECT_COLUMN, table, st->name.data,
                      st->prerequisites == MF_CHECK_COLUMN_MISSING, always, at)
                ->checked = checked;
        } else if (st->prerequisites == MF_CHECK_INDEX_MISSING && table && st->name.data) {
            mf_schema_event *event =
                add_event(reader, MF_OBJECT_INDEX, table, st->name.data, true, always, at);
            event->checked = checked;
            if (analysis.statements.len == 1) { /* made again as written: ("name", "CREATE ...") */
                mf_buf shape = {0};
                mf_buf_putc(&shape, '(');
                mf_buf_put_python_string(&shape, mf_slice_cstr(st->name.data));
                mf_buf_puts(&shape, ", ");
                mf_buf_put_python_string(&shape, mf_slice_cstr(sql));
                mf_buf_putc(&shape, ')');
                event->definition = buf_in_arena(reader->arena, &shape);
            }
        } else if (st->verdict == MF_SQL_GUARD && st->check == MF_CHECK_TYPE_MISSING &&
                   st->name.data) {
            add_type_event(reader, st->schema.data, st->name.data, true, always, at);
        } else if (makes_no_object(st, sql)) {
            /* A new label, a view, a function, a trigger: no table, column,
             * index or constraint appears or goes (a materialized view,
             * which may have indexes, is another statement). */
        } else {
            /* Rows only: a data statement (UPDATE, INSERT, DELETE, WITH,
             * SELECT, ...) that makes no table with INTO. A SELECT may call
             * a function that writes: it counts as rows, as a literal one
             * does in rows_only. */
            bool rows = st->verdict == MF_SQL_AS_WRITTEN && data_statement(st->what) &&
                        !makes_table_into(sql);
            reader->rev->has_data |= rows;
            if (!rows) {
                known = false;
                bool alters = st->what && strncmp(st->what, "ALTER TABLE", 11) == 0 &&
                              st->altered.data && !renames;
                /* ALTER INDEX (a rename, a tablespace) touches indexes only;
                 * ALTER TYPE types only, which any revision migfix cannot
                 * read already may touch. */
                if (st->what &&
                    (strcmp(st->what, "ALTER INDEX") == 0 || strcmp(st->what, "DROP INDEX") == 0))
                    mark_unsure_indexes(reader);
                else if (st->what && strcmp(st->what, "ALTER TYPE") == 0 && reader->upgrade_side)
                    reader->unsure_marks++;
                else
                    mark_unsure(reader, alters
                                            ? slice_table(reader, st->altered_schema, st->altered)
                                            : NULL);
            }
            continue;
        }
        /* The statements that made an event are checkable; a later one that
         * made none is not. */
        reader->trailing = makes_no_object(st, sql);
    }
    mf_sql_analysis_free(&analysis);
    /* CASCADE drops what depends on the object too: foreign keys of other
     * tables (warehouse's DROP CONSTRAINT packages_pkey CASCADE took
     * roles_package_name_fkey), which migfix cannot name. */
    if (has_cascade(sql)) {
        mark_unsure_indexes(reader);
        known = false;
    }
    return known;
}

static bool is_local(const schema_reader *reader, mf_slice name) {
    for (size_t i = 0; i < reader->nlocals; i++)
        if (mf_slice_eq(reader->locals[i], name))
            return true;
    return reader->nlocals == sizeof reader->locals / sizeof *reader->locals;
}

/* An operation other than create_table and execute: what it needs, and
 * what it makes or removes. Names migfix cannot read make events on unknown
 * objects of their table (or of any table). */
static void read_operation(schema_reader *reader, const mf_found_op *op, bool always) {
    TSNode call = op->call, node;
    const char *table_name = NULL, *table = operated_table(reader, op, MF_VAR_TABLE, &table_name);
    if (table && always)
        add_use(reader, MF_OBJECT_TABLE, table, table_name, NULL, op);
    if (mf_found_op_is(op, "drop_table")) {
        add_event(reader, MF_OBJECT_TABLE, table, table_name, false, always, call);
        return;
    }
    if (mf_found_op_is(op, "rename_table")) {
        /* The new name is in the same schema=. */
        const char *new_name, *renamed = operated_table(reader, op, MF_VAR_NEW_NAME, &new_name);
        add_event(reader, MF_OBJECT_TABLE, table, table_name, false, always, call)->renamed = true;
        add_event(reader, MF_OBJECT_TABLE, renamed, new_name, true, always, call)->opaque = true;
        return;
    }
    const char *column = value_of(reader, op, MF_VAR_COLUMN, &node) && !ts_node_is_null(node)
                             ? string_of(reader, node)
                             : NULL;
    const char *name = value_of(reader, op, MF_VAR_NAME, &node) && !ts_node_is_null(node)
                           ? string_of(reader, node)
                           : NULL;
    if (mf_found_op_is(op, "bulk_insert"))
        reader->rev->has_data = true;
    if (mf_found_op_is(op, "add_column")) {
        mf_schema_event *added =
            add_event(reader, MF_OBJECT_COLUMN, table, column, true, always, call);
        const mf_arg_spec *spec = spec_of(op, MF_VAR_COLUMN);
        TSNode made;
        if (spec && argument(call, spec->position, spec->keyword, reader->text, &made) &&
            !ts_node_is_null(made)) {
            read_column_attributes(reader, local_column(reader, made), added);
            read_column_index(reader, local_column(reader, made), table, table_name, column,
                              always);
        }
    } else if (mf_found_op_is(op, "drop_column") || mf_found_op_is(op, "alter_column")) {
        if (table && column && always)
            add_use(reader, MF_OBJECT_COLUMN, table, NULL, column, op);
        bool renames = true;
        const char *new_name = NULL;
        if (mf_found_op_is(op, "alter_column")) {
            renames = value_of(reader, op, MF_VAR_NEW_NAME, &node) && !ts_node_is_null(node) &&
                      !mf_node_is(node, "none");
            new_name = renames ? string_of(reader, node) : NULL;
        }
        if (renames)
            add_event(reader, MF_OBJECT_COLUMN, table, column, false, always, call);
        if (renames && mf_found_op_is(op, "alter_column"))
            add_event(reader, MF_OBJECT_COLUMN, table, new_name, true, always, call);
        const char *stays = renames ? new_name : column;
        if (mf_found_op_is(op, "alter_column") && table && stays)
            read_column_alter(reader, op,
                              mf_object_key(reader->arena, MF_OBJECT_COLUMN, table, stays), always);
    } else if (mf_found_op_is(op, "create_index")) {
        if (always)
            use_columns(reader, op, MF_VAR_COLUMNS, table);
        if (name && table)
            add_event(reader, MF_OBJECT_INDEX, table, name, true, always, call)->definition =
                create_index_shape(reader, op, name);
    } else if (mf_found_op_is(op, "drop_index")) {
        TSNode schema;
        const char *in = NULL, *at = table;
        if (!at && argument(call, -1, "schema", reader->text, &schema) &&
            (ts_node_is_null(schema) || (in = string_of(reader, schema))))
            at = mf_table_key(reader->arena, in, ""); /* the schema is all an index needs */
        mf_schema_event *event = add_event(reader, MF_OBJECT_INDEX, at, name, false, always, call);
        event->table = table;
    } else if (mf_found_op_is(op, "drop_constraint")) {
        add_event(reader, MF_OBJECT_CONSTRAINT, table, name, false, always, call);
    } else if (mf_found_op_is(op, "create_unique_constraint") ||
               mf_found_op_is(op, "create_foreign_key") ||
               mf_found_op_is(op, "create_check_constraint") ||
               mf_found_op_is(op, "create_primary_key") ||
               mf_found_op_is(op, "create_exclude_constraint")) {
        if (always) {
            use_columns(reader, op, MF_VAR_COLUMNS, table);
            const char *referent_name;
            const char *referent = operated_table(reader, op, MF_VAR_REFERENT, &referent_name);
            if (referent) {
                add_use(reader, MF_OBJECT_TABLE, referent, referent_name, NULL, op);
                use_columns(reader, op, MF_VAR_REMOTE_COLUMNS, referent);
            }
        }
        /* Unnamed (None), the database or a naming convention names it: a
         * constraint of the table that may appear, under a name an earlier
         * one had (PostgreSQL's accounts_user_pkey). */
        if (table)
            add_event(reader, MF_OBJECT_CONSTRAINT, table, name, true, always, call)->primary =
                mf_found_op_is(op, "create_primary_key");
    }
}

/* The operation whose call is CALL, or NULL. The operations are in document
 * order, so a binary search by start byte finds it (every call of a file is
 * looked up). */
static const mf_found_op *operation_at(const mf_found *found, TSNode call) {
    uint32_t start = ts_node_start_byte(call);
    size_t lo = 0, hi = found->ops.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ts_node_start_byte(found->ops.items[mid].call) < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < found->ops.len && ts_node_start_byte(found->ops.items[lo].call) == start; lo++)
        if (ts_node_eq(found->ops.items[lo].call, call))
            return &found->ops.items[lo];
    return NULL;
}

/* Rows written after the upgrade's last DDL statement: on MySQL and
 * MariaDB (and SQLite under Alembic) they commit with the alembic_version
 * row, after the DDL did, so a revision stopped at that row keeps its DDL
 * and loses its rows. What the DDL made then shows no end: the revision
 * borrows a descendant's witness, which does (a revision that started
 * proves its ancestors committed). */
static void note_rows(schema_reader *reader) {
    if (reader->upgrade_side && reader->tracking && reader->tail != MF_TAIL_NO_DDL)
        reader->tail = MF_TAIL_UNKNOWN;
}

/* Follows the upgrade's last DDL statement: OP's call just added the
 * events from BEFORE on. Rows (bulk_insert, DML) are no DDL. */
static void note_statement(schema_reader *reader, const mf_found_op *op, size_t before,
                           bool always) {
    TSNode node;
    if (mf_found_op_is(op, "bulk_insert") ||
        (mf_found_op_is(op, "execute") && argument(op->call, 0, "sqltext", reader->text, &node) &&
         rows_only(reader, sql_node(reader, node)))) {
        note_rows(reader);
        return;
    }
    if (!reader->upgrade_side)
        return;
    if (!reader->tracking) {
        reader->helper_ddl = true;
        return;
    }
    const mf_schema_events *events = &reader->rev->events;
    size_t last = events->len > before ? events->len - 1 : MF_TAIL_UNKNOWN;
    if (mf_found_op_is(op, "create_table") && events->len > before)
        last = before; /* one CREATE TABLE makes the table and all it declares */
    if (last != MF_TAIL_UNKNOWN && events->items[last].by_call)
        last = MF_TAIL_UNKNOWN;
    if (mf_found_op_is(op, "add_column") && value_of(reader, op, MF_VAR_COLUMN, &node) &&
        !ts_node_is_null(node)) {
        TSNode column;
        const mf_arg_spec *spec = spec_of(op, MF_VAR_COLUMN);
        reader->trailing |=
            !spec || !argument(op->call, spec->position, spec->keyword, reader->text, &column) ||
            column_statements(reader, local_column(reader, column));
    }
    if (!ts_node_is_null(op->batch)) {
        /* Its last statements make the table's indexes again, which no
         * event of the revision names. */
        if (mf_found_batch_may_rebuild(op, reader->text))
            reader->rebuilt_batch = op->batch;
        if (!ts_node_is_null(reader->rebuilt_batch) && ts_node_eq(reader->rebuilt_batch, op->batch))
            last = MF_TAIL_UNKNOWN;
    }
    if (reader->trailing || !always || last == MF_TAIL_UNKNOWN || !events->items[last].key ||
        !events->items[last].always)
        last = MF_TAIL_UNKNOWN;
    reader->tail = last;
    reader->trailing = false;
}

/* One call in a function of the file; ALWAYS when it runs whenever the
 * upgrade does. False when the call may change tables in a way migfix cannot
 * read. */
static bool read_op_call(schema_reader *reader, const mf_found_op *op, bool always) {
    TSNode call = op->call, sql;
    if (mf_found_op_is(op, "execute"))
        return argument(call, 0, "sqltext", reader->text, &sql) && !ts_node_is_null(sql) &&
               read_sql(reader, sql, always, call);
    if (mf_found_op_is(op, "create_table"))
        return read_create_table(reader, call, always);
    if (mf_found_op_is(op, "sync_enum_values")) {
        /* alembic-postgresql-enum makes the type again with the values given
         * and alters its columns to it: types change, as with an ALTER
         * TYPE; no table, column or index appears or goes. */
        if (reader->upgrade_side)
            reader->unsure_marks++;
        return false;
    }
    if (mf_found_op_is(op, "unknown") || mf_found_op_is(op, "create_entity") ||
        mf_found_op_is(op, "drop_entity") || mf_found_op_is(op, "replace_entity"))
        return false; /* an extension's operation may make or drop anything */
    if (mf_found_op_is(op, "create") || mf_found_op_is(op, "drop")) {
        read_type_operation(reader, op, always);
        return true;
    }
    const char *name;
    if ((mf_found_op_is(op, "drop_table") || mf_found_op_is(op, "rename_table")) &&
        !operated_table(reader, op, MF_VAR_TABLE, &name))
        return false;
    if (mf_found_op_is(op, "rename_table") && !operated_table(reader, op, MF_VAR_NEW_NAME, &name))
        return false;
    read_operation(reader, op, always);
    return true;
}

/* One call in a function of the file (see read_op_call), and the last DDL
 * statement it leaves. */
static bool read_call(schema_reader *reader, TSNode call, bool always) {
    mf_slice text = reader->text;
    const mf_found_op *op = operation_at(reader->found, call);
    if (op) {
        size_t before = reader->rev->events.len;
        bool certain = read_op_call(reader, op, always);
        note_statement(reader, op, before, always);
        return certain;
    }
    TSNode function = mf_node_field(call, "function");
    if (mf_node_is(function, "identifier")) /* migfix's own helpers only look */
        return is_local(reader, mf_node_text(function, text)) ||
               mf_slice_starts_with(mf_node_text(function, text), "_migfix_") ||
               !may_change_tables(mf_node_text(function, text), false);
    if (!mf_node_is(function, "attribute"))
        return false;
    mf_slice name = mf_node_text(mf_node_field(function, "attribute"), text);
    if (mf_slice_eq_cstr(name, "execute") || mf_slice_eq_cstr(name, "exec_driver_sql")) {
        TSNode sql;
        if (!argument(call, 0, "statement", text, &sql) || ts_node_is_null(sql))
            return false;
        TSNode statement = sql_node(reader, sql);
        if (!rows_only(reader, statement) && !local_rows(reader, statement)) {
            /* DDL through the connection */
            reader->helper_ddl |= reader->upgrade_side && !reader->tracking;
            reader->tail = MF_TAIL_UNKNOWN;
        } else {
            note_rows(reader);
        }
        return read_sql(reader, sql, always, call);
    }
    TSNode copy;
    if (mf_slice_eq_cstr(name, "batch_alter_table") &&
        argument(call, -1, "copy_from", text, &copy) && !ts_node_is_null(copy)) {
        /* The batch rebuilds the table from a definition of its own. */
        const char *table_name,
            *table = table_of(reader, call, 0, "table_name", "schema", &table_name);
        add_event(reader, MF_OBJECT_COLUMN, table, NULL, false, false, call);
        reader->tail = MF_TAIL_UNKNOWN;
    }
    return !may_change_tables(name, true);
}

/* A guard migfix wrote around an operation: `if _migfix_...(...):`. It
 * only skips what is already done, so what it holds counts as run. */
static bool is_migfix_guard(TSNode node, mf_slice text) {
    TSNode condition = mf_node_field(node, "condition");
    return mf_node_is(node, "if_statement") &&
           ts_node_is_null(mf_node_field(node, "alternative")) && mf_node_is(condition, "call") &&
           mf_slice_starts_with(mf_node_text(mf_node_field(condition, "function"), text),
                                "_migfix_");
}

/* A statement of BLOCK, or of a `with` block there (batch_alter_table), or
 * of a migfix guard there: runs whenever BLOCK does. Anything under an
 * `if`, a loop, a `try` or in another function may or may not run. */
static bool runs_with(TSNode stmt, TSNode block, mf_slice text) {
    TSNode node = stmt;
    for (int depth = 0; depth < 8; depth++) {
        TSNode parent = ts_node_parent(node);
        if (ts_node_eq(parent, block))
            return true;
        TSNode holder = ts_node_parent(parent);
        if (!mf_node_is(parent, "block") ||
            !(mf_node_is(holder, "with_statement") || is_migfix_guard(holder, text)))
            return false;
        node = holder;
    }
    return false;
}

static bool runs_always(TSNode call, TSNode block, mf_slice text) {
    TSNode stmt = ts_node_parent(call);
    return mf_node_is(stmt, "expression_statement") && runs_with(stmt, block, text);
}

static bool read_calls(schema_reader *reader, TSNode node, TSNode block, bool always);

/* `for NAME in ("a", "b"):` or `for A, B in [("a", "x"), ...]:` whose body
 * cannot leave early or rebind the names: read once per value, with the
 * names bound (true when it was; then *CERTAIN says how it went). */
static bool expand_loop(schema_reader *reader, TSNode loop, bool always, bool *certain) {
    TSNode left = mf_node_field(loop, "left"), right = mf_node_field(loop, "right");
    TSNode body = mf_node_field(loop, "body");
    if (mf_node_is(right, "identifier")) { /* a module's `TABLES = (("a", "b"), ...)` */
        TSNode bound = assigned_value(reader, right);
        if (!ts_node_is_null(bound))
            right = bound;
    }
    if (reader->nbound || !ts_node_is_null(mf_node_field(loop, "alternative")) ||
        !(mf_node_is(right, "tuple") || mf_node_is(right, "list")))
        return false;
    size_t n = 0;
    if (mf_node_is(left, "identifier"))
        reader->bound[n++] = mf_node_text(left, reader->text);
    else if (mf_node_is(left, "pattern_list") || mf_node_is(left, "tuple_pattern")) {
        uint32_t count = mf_node_code_child_count(left);
        for (uint32_t i = 0; i < count && n < MAX_BOUND; i++) {
            TSNode name = mf_node_code_child(left, i);
            if (!mf_node_is(name, "identifier"))
                return false;
            reader->bound[n++] = mf_node_text(name, reader->text);
        }
        if (count != n)
            return false;
    } else
        return false;
    /* Every row must be literal before any is read. */
    uint32_t rows = mf_node_code_child_count(right);
    for (uint32_t r = 0; r < rows; r++) {
        TSNode row = mf_node_code_child(right, r);
        if (n == 1 ? !mf_plain_string(reader->arena, row, reader->text)
                   : !(mf_node_is(row, "tuple") || mf_node_is(row, "list")) ||
                         mf_node_code_child_count(row) != n)
            return false;
        for (uint32_t i = 0; n > 1 && i < n; i++)
            if (!mf_plain_string(reader->arena, mf_node_code_child(row, i), reader->text))
                return false;
    }
    TSTreeCursor cursor = ts_tree_cursor_new(body);
    bool plain = true;
    do {
        TSNode node = ts_tree_cursor_current_node(&cursor);
        if (mf_node_is(node, "break_statement") || mf_node_is(node, "continue_statement") ||
            mf_node_is(node, "return_statement") || mf_node_is(node, "yield"))
            plain = false;
        TSNode target = mf_node_field(node, "left");
        for (size_t i = 0;
             plain && i < n &&
             (mf_node_is(node, "assignment") || mf_node_is(node, "augmented_assignment") ||
              mf_node_is(node, "for_statement"));
             i++)
            plain = !mf_slice_eq(mf_node_text(target, reader->text), reader->bound[i]);
    } while (plain && mf_cursor_next(&cursor, true));
    ts_tree_cursor_delete(&cursor);
    if (!plain)
        return false;
    *certain = true;
    for (uint32_t r = 0; r < rows; r++) {
        TSNode row = mf_node_code_child(right, r);
        for (size_t i = 0; i < n; i++)
            reader->values[i] = mf_plain_string(
                reader->arena, n == 1 ? row : mf_node_code_child(row, (uint32_t)i), reader->text);
        reader->nbound = n;
        *certain &= read_calls(reader, body, body, always);
        reader->nbound = 0;
    }
    reader->nbound = 0;
    return true;
}

/* The last event of EVENTS[from, to) that may concern OBJ, or SIZE_MAX; and
 * whether each such event there is one the branch always runs. */
static size_t last_relevant_in(const mf_schema_events *events, size_t from, size_t to,
                               const mf_object *obj, bool *all_always) {
    size_t last = SIZE_MAX;
    *all_always = true;
    for (size_t k = from; k < to; k++)
        if (mf_object_relevant(&events->items[k], obj)) {
            last = k;
            *all_always &= events->items[k].always;
        }
    return last;
}

enum { MAX_BRANCHES = 8 };

/* An object every branch of an `if ... else` makes (or removes), last and
 * whenever the branch runs, is made (removed) whenever the statement runs (a
 * dialect check with the same column on both sides, a foreign key dropped
 * before its index on MySQL and after it elsewhere): the first branch's
 * event stands for all,
 * the others' twins go. Every other event of the branches only may happen.
 * The events of branch I are EVENTS[from[I], to[I]). STANDS_FOR (one per
 * event from START) becomes, for each event, the index of the event that
 * stands for it afterwards (SIZE_MAX: none). */
static void merge_branches(schema_reader *reader, size_t start, const size_t *from,
                           const size_t *to, size_t n, size_t *stands_for) {
    mf_schema_events *events = &reader->rev->events;
    size_t end = events->len;
    bool *gone = mf_arena_alloc(reader->arena, (end - start) * sizeof *gone + 1);
    memset(gone, 0, (end - start) * sizeof *gone + 1);
    bool *kept = mf_arena_alloc(reader->arena, (end - start) * sizeof *kept + 1);
    memset(kept, 0, (end - start) * sizeof *kept + 1);
    for (size_t k = from[0]; k < to[0]; k++) {
        const mf_schema_event *event = &events->items[k];
        if (!event->key || !event->always)
            continue;
        mf_object obj = mf_object_of(event);
        size_t twins[MAX_BRANCHES];
        bool every = true;
        for (size_t i = 0; i < n && every; i++) {
            bool all_always;
            twins[i] = last_relevant_in(events, from[i], to[i], &obj, &all_always);
            const mf_schema_event *twin = twins[i] == SIZE_MAX ? NULL : &events->items[twins[i]];
            every = all_always && twin && mf_object_direct(twin, &obj) &&
                    twin->exists == event->exists &&
                    (!event->exists ||
                     (twin->with_table == event->with_table && twin->opaque == event->opaque &&
                      twin->conventional == event->conventional));
        }
        if (!every || twins[0] != k)
            continue;
        mf_schema_event *merged = &events->items[k];
        for (size_t i = 1; i < n; i++) {
            const mf_schema_event *twin = &events->items[twins[i]];
            merged->checked &= twin->checked;
            if (!merged->definition || !twin->definition ||
                strcmp(merged->definition, twin->definition) != 0)
                merged->definition = NULL;
            gone[twins[i] - start] = true;
            stands_for[twins[i] - start] = k;
        }
        kept[k - start] = true;
    }
    size_t out = start;
    for (size_t k = start; k < end; k++) {
        if (gone[k - start])
            continue;
        mf_schema_event event = events->items[k];
        event.always = kept[k - start];
        stands_for[k - start] = kept[k - start] ? out : SIZE_MAX;
        events->items[out++] = event;
    }
    /* A twin stands for what its merged event became. */
    for (size_t k = start; k < end; k++)
        if (gone[k - start])
            stands_for[k - start] = stands_for[stands_for[k - start] - start];
    events->len = out;
}

/* `if ... elif ... else` that runs whenever the upgrade does: each branch
 * is read as if it ran, then merged (merge_branches). False, and nothing
 * read, for an `if` without an `else` (the caller reads it as it reads any
 * statement). Conditions are read as calls that may run. */
static bool read_branches(schema_reader *reader, TSNode stmt, TSNode block, bool *certain) {
    TSNode bodies[MAX_BRANCHES], conditions[MAX_BRANCHES];
    size_t n = 0;
    bodies[n] = mf_node_field(stmt, "consequence");
    conditions[n++] = mf_node_field(stmt, "condition");
    bool otherwise = false;
    mf_children it;
    mf_children_open(&it, stmt);
    for (TSNode clause; mf_children_next(&it, &clause);) {
        bool elif = mf_node_is(clause, "elif_clause"), last = mf_node_is(clause, "else_clause");
        if (!elif && !last)
            continue;
        if (n == MAX_BRANCHES || otherwise) {
            otherwise = false;
            break;
        }
        bodies[n] = mf_node_field(clause, elif ? "consequence" : "body");
        conditions[n++] = elif ? mf_node_field(clause, "condition") : (TSNode){0};
        otherwise = last;
    }
    mf_children_close(&it);
    if (!otherwise)
        return false;
    size_t start = reader->rev->events.len, uses = reader->rev->uses.len, before = reader->tail;
    size_t from[MAX_BRANCHES], to[MAX_BRANCHES], tails[MAX_BRANCHES];
    *certain = true;
    for (size_t i = 0; i < n; i++) {
        if (!ts_node_is_null(conditions[i]))
            *certain &= read_calls(reader, conditions[i], block, false);
        from[i] = reader->rev->events.len;
        reader->tail = before;
        *certain &= read_calls(reader, bodies[i], bodies[i], true);
        tails[i] = reader->tail;
        to[i] = reader->rev->events.len;
    }
    /* A branch's operations need their table only when it runs. */
    reader->rev->uses.len = uses;
    size_t end = reader->rev->events.len;
    size_t *stands_for = mf_arena_alloc(reader->arena, (end - start + 1) * sizeof *stands_for);
    merge_branches(reader, start, from, to, n, stands_for);
    /* The last DDL statement: the same event on every path, or unknown. */
    reader->tail = before;
    for (size_t i = 0; i < n; i++) {
        /* The tail follows the upgrade only: reading a downgrade, it
         * names none of these events. */
        size_t tail = tails[i] == MF_TAIL_UNKNOWN || tails[i] == MF_TAIL_NO_DDL || tails[i] < start
                          ? tails[i]
                      : tails[i] < end ? stands_for[tails[i] - start]
                                       : MF_TAIL_UNKNOWN;
        if (tail == SIZE_MAX || (i > 0 && tail != reader->tail))
            tail = MF_TAIL_UNKNOWN;
        reader->tail = tail;
    }
    return true;
}

/* Every call under NODE (nested ones included), in order; those that are
 * statements of BLOCK run whenever it does, when ALWAYS. False at the first
 * that migfix cannot read. */
static bool read_calls(schema_reader *reader, TSNode node, TSNode block, bool always) {
    TSTreeCursor cursor = ts_tree_cursor_new(node);
    bool certain = true, descend;
    do {
        TSNode at = ts_tree_cursor_current_node(&cursor);
        descend = true;
        size_t marks = reader->unsure_marks;
        bool read = true;
        if (mf_node_is(at, "call"))
            read = read_call(reader, at, always && runs_always(at, block, reader->text));
        else if (mf_node_is(at, "for_statement") &&
                 expand_loop(reader, at, always && runs_with(at, block, reader->text), &read))
            descend = false;
        else if (mf_node_is(at, "if_statement") && always && runs_with(at, block, reader->text) &&
                 read_branches(reader, at, block, &read))
            descend = false;
        /* Read on: what the rest touches counts too (mark_unsure). */
        if (!read && reader->unsure_marks == marks)
            mark_unsure(reader, NULL);
        certain &= read;
    } while (mf_cursor_next(&cursor, descend));
    ts_tree_cursor_delete(&cursor);
    return certain;
}

static bool raises(TSNode function) {
    TSTreeCursor cursor = ts_tree_cursor_new(mf_node_field(function, "body"));
    bool found = false;
    do
        found = mf_node_is(ts_tree_cursor_current_node(&cursor), "raise_statement");
    while (!found && mf_cursor_next(&cursor, true));
    ts_tree_cursor_delete(&cursor);
    return found;
}

/* Whether downgrade FUNCTION (null: none) never undoes anything: Alembic
 * stops at a missing or raising one before any of it ran, and one that does
 * nothing leaves all the upgrade made. */
static bool keeps_all(TSNode function) {
    if (ts_node_is_null(function))
        return true;
    TSNode body = mf_node_field(function, "body");
    for (uint32_t i = 0, n = mf_node_code_child_count(body); i < n; i++) {
        TSNode stmt = mf_node_code_child(body, i);
        TSNode only = mf_node_code_child(stmt, 0);
        if (mf_node_is(stmt, "pass_statement") ||
            (mf_node_is(stmt, "expression_statement") && mf_node_code_child_count(stmt) == 1 &&
             (mf_node_is(only, "string") || mf_node_is(only, "ellipsis"))))
            continue;
        return mf_node_is(stmt, "raise_statement");
    }
    return true;
}

/* Reads MAIN (upgrade or downgrade) into OUT: its own calls, and the
 * file's helpers as if they might run (what they do is never certain). The
 * other side never runs with it. False when something cannot be read. */
static bool read_side(schema_reader *reader, TSNode root, TSNode main, mf_revision *out) {
    mf_revision *owner = reader->rev;
    reader->rev = out;
    bool certain = true;
    mf_children it;
    mf_children_open(&it, root);
    for (TSNode stmt; mf_children_next(&it, &stmt);) {
        TSNode function = definition(stmt);
        mf_slice name = mf_node_text(mf_node_field(function, "name"), reader->text);
        bool side = mf_slice_eq_cstr(name, "upgrade") || mf_slice_eq_cstr(name, "downgrade");
        bool own = mf_slice_starts_with(name, "_migfix_"); /* migfix's helpers change nothing */
        if (!ts_node_is_null(function) && !own && (!side || ts_node_eq(function, main))) {
            TSNode body = mf_node_field(function, "body");
            reader->tracking = reader->upgrade_side && ts_node_eq(function, main);
            certain &= read_calls(reader, body, body, ts_node_eq(function, main));
            reader->tracking = false;
        }
    }
    mf_children_close(&it);
    reader->rev = owner;
    return certain;
}

void mf_chain_read_schema(mf_arena *arena, const TSTree *tree, const mf_found *found, mf_slice text,
                          const mf_sql_patterns *sql, mf_revision *rev) {
    schema_reader reader = {.arena = arena, .found = found, .sql = sql, .text = text, .rev = rev};
    reader.mentions_enum = mf_slice_find(text, "Enum") >= 0 || mf_slice_find(text, "ENUM") >= 0;
    TSNode root = ts_tree_root_node(tree), upgrade = {0}, downgrade = {0};
    mf_children it;
    mf_children_open(&it, root);
    for (TSNode stmt; mf_children_next(&it, &stmt);) {
        TSNode function = definition(stmt);
        if (ts_node_is_null(function))
            continue;
        /* The last definition of each is the one Alembic calls. */
        mf_slice name = mf_node_text(mf_node_field(function, "name"), text);
        if (mf_slice_eq_cstr(name, "upgrade"))
            upgrade = function;
        else if (mf_slice_eq_cstr(name, "downgrade"))
            downgrade = function;
        if (reader.nlocals < sizeof reader.locals / sizeof *reader.locals)
            reader.locals[reader.nlocals++] = name;
    }
    mf_children_close(&it);
    reader.upgrade_side = true;
    reader.tail = MF_TAIL_NO_DDL;
    rev->certain = !ts_node_is_null(upgrade) && read_side(&reader, root, upgrade, rev);
    reader.upgrade_side = false;
    rev->tail = reader.helper_ddl || !rev->certain ? MF_TAIL_UNKNOWN : reader.tail;
    if (!rev->certain) {
        /* What it may touch: what migfix read of it, and what it could not. */
        rev->read_events = rev->events;
        rev->events = (mf_schema_events){0};
        rev->unsure_tables.items = reader.unsure.items;
        rev->unsure_tables.len = reader.unsure.len;
        rev->unsure_tables.cap = reader.unsure.cap;
        rev->unsure_any = reader.unsure_any || ts_node_is_null(upgrade);
        rev->unsure_indexes = reader.unsure_indexes;
        rev->uses.len = 0;
        MF_VEC_FREE(&reader.written);
        MF_VEC_FREE(&reader.temporary);
        return;
    }
    MF_VEC_FREE(&reader.unsure);
    MF_VEC_FREE(&reader.temporary);
    rev->down_keeps_all = keeps_all(downgrade);
    if (!ts_node_is_null(downgrade)) {
        TSPoint at = ts_node_start_point(mf_node_field(downgrade, "name"));
        rev->down_line = at.row + 1;
        rev->down_column = at.column + 1;
    }
    /* A downgrade that raises says the revision is not meant to be undone. */
    mf_revision down = {0};
    rev->down_certain = !ts_node_is_null(downgrade) && !raises(downgrade) &&
                        read_side(&reader, root, downgrade, &down);
    rev->down_events = down.events;
    MF_VEC_FREE(&down.uses);
    MF_VEC_FREE(&down.alters);
    MF_VEC_FREE(&reader.written);
}
