/* Schema flow, first slice: which tables each revision's upgrade (and
 * downgrade) creates, drops, renames and works on, and rules MF201 (an
 * operation on a table that is surely not there), MF203 (a table created
 * where it already exists) and MF205 (a table the downgrade leaves behind).
 * Only what is read for certain counts: an operation under a branch, a loop
 * or in a helper only may happen, and a revision with a call that may change
 * tables unseen (non-DML SQL, SQL or a name in a variable, DDL-ish names) is
 * uncertain and silences the rules wherever it could matter. */
#include "chain_model.h"
#include "parse.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

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
static const char *schema_table(mf_arena *arena, TSNode call, int position, const char *keyword,
                                const char *schema_keyword, mf_slice text) {
    TSNode name, schema;
    if (!argument(call, position, keyword, text, &name) || ts_node_is_null(name) ||
        !argument(call, -1, schema_keyword, text, &schema))
        return NULL;
    const char *table = mf_chain_plain_string(arena, name, text);
    const char *in = NULL;
    if (!ts_node_is_null(schema) && !mf_node_is(schema, "none") &&
        !(in = mf_chain_plain_string(arena, schema, text)))
        return NULL;
    return table ? table_key(arena, in, table) : NULL;
}

static const char *literal_table(mf_arena *arena, TSNode call, int position, const char *keyword,
                                 mf_slice text) {
    return schema_table(arena, call, position, keyword, "schema", text);
}

/* The table an operation other than create_table works on, as a key: from
 * its table argument, or for `batch_op.NAME(...)` from the batch block;
 * NULL when it names none or not as a literal. */
static const char *operated_table(mf_arena *arena, const mf_found_op *op, mf_slice text) {
    if (!ts_node_is_null(op->batch))
        return literal_table(arena, op->batch, 0, "table_name", text);
    const mf_arg_spec *table = NULL, *schema = NULL;
    for (const mf_arg_spec *arg = op->kind->op.args;
         arg < op->kind->op.args + MF_MAX_ARGS && arg->keyword; arg++) {
        if (arg->var == MF_VAR_TABLE)
            table = arg;
        else if (arg->var == MF_VAR_SCHEMA)
            schema = arg;
    }
    if (!table || table->form != MF_ARG_VALUE)
        return NULL;
    return schema_table(arena, op->call, table->position, table->keyword,
                        schema ? schema->keyword : "schema", text);
}

static void add_event(mf_revision *rev, const char *key, bool exists, bool always, TSNode at) {
    TSPoint p = ts_node_start_point(at);
    mf_table_event event = {key, exists, always, p.row + 1, p.column + 1};
    MF_VEC_PUSH(&rev->table_events, event);
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

/* Runs whenever the upgrade runs: a statement of its body, or of a `with`
 * block there (batch_alter_table). Anything under an `if`, a loop, a `try`
 * or in another function may or may not run. */
static bool runs_always(TSNode call, TSNode body) {
    TSNode stmt = ts_node_parent(call);
    if (!mf_node_is(stmt, "expression_statement"))
        return false;
    TSNode block = ts_node_parent(stmt);
    if (ts_node_eq(block, body))
        return true;
    TSNode with = ts_node_parent(block);
    return mf_node_is(with, "with_statement") && ts_node_eq(ts_node_parent(with), body);
}

/* SQL that can neither create nor drop a table: one literal UPDATE, INSERT,
 * DELETE or SELECT (not SELECT ... INTO), as a string or `sa.text(...)`. */
static bool literal_dml(mf_arena *arena, TSNode node, mf_slice text) {
    if (mf_node_is(node, "call")) {
        mf_slice callee = mf_node_text(mf_node_field(node, "function"), text);
        if (!(callee.len >= 4 && memcmp(callee.data + callee.len - 4, "text", 4) == 0) ||
            !argument(node, 0, NULL, text, &node) || ts_node_is_null(node))
            return false;
    }
    const char *sql = mf_chain_plain_string(arena, node, text);
    if (!sql)
        return false;
    while (isspace((unsigned char)*sql))
        sql++;
    size_t n = strlen(sql);
    while (n && (isspace((unsigned char)sql[n - 1]) || sql[n - 1] == ';'))
        n--;
    static const char *const verbs[] = {"update ", "insert ", "delete ", "select "};
    bool dml = false;
    for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
        dml |= n > 7 && strncasecmp(sql, verbs[i], 7) == 0;
    for (size_t i = 0; dml && i + 6 <= n; i++)
        if (sql[i] == ';' ||
            (strncasecmp(sql, "select", 6) == 0 && strncasecmp(sql + i, " into ", 6) == 0))
            return false;
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

static bool has_word(mf_slice name, const char *const *words, size_t n) {
    for (size_t i = 0; i < n; i++) {
        size_t w = strlen(words[i]);
        for (size_t k = 0; k + w <= name.len; k++)
            if (strncasecmp(name.data + k, words[i], w) == 0)
                return true;
    }
    return false;
}

/* A called name that may make or remove tables behind migfix's back. A
 * method is judged by its own name (`metadata.create_all`, `t.drop(bind)`);
 * a plain function from elsewhere also by words such as "table" or "setup"
 * (`make_tables()`), except SQLAlchemy's lightweight `table(...)`. */
static bool may_change_tables(mf_slice name, bool method) {
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

typedef struct {
    mf_arena *arena;
    const mf_found *found;
    mf_slice text;
    mf_revision *rev;
    mf_slice locals[64]; /* functions defined in the file: read, not assumed */
    size_t nlocals;
} schema_reader;

static bool is_local(const schema_reader *reader, mf_slice name) {
    for (size_t i = 0; i < reader->nlocals; i++)
        if (mf_slice_eq(reader->locals[i], name))
            return true;
    return reader->nlocals == sizeof reader->locals / sizeof *reader->locals;
}

/* One call in a function of the file; ALWAYS when it runs whenever the
 * upgrade does. False when the call may change tables in a way migfix cannot
 * read. */
static bool read_call(schema_reader *reader, TSNode call, bool always) {
    mf_arena *arena = reader->arena;
    mf_slice text = reader->text;
    const mf_found_op *op = operation_at(reader->found, call);
    if (op) {
        const char *kind = op->kind->name;
        TSNode sql;
        if (strcmp(kind, "execute") == 0)
            return argument(call, 0, "sqltext", text, &sql) && !ts_node_is_null(sql) &&
                   (literal_dml(arena, sql, text) || expression_dml(sql, text));
        const char *used =
            strcmp(kind, "create_table") == 0 ? NULL : operated_table(arena, op, text);
        if (used && always) {
            TSPoint at = ts_node_start_point(call);
            mf_table_use use = {
                used,
                op->callee.len ? mf_arena_strndup(arena, op->callee.data, op->callee.len) : kind,
                at.row + 1, at.column + 1};
            MF_VEC_PUSH(&reader->rev->table_uses, use);
        }
        if (strcmp(kind, "create_table") == 0 || strcmp(kind, "drop_table") == 0) {
            const char *key = literal_table(arena, call, 0, "table_name", text);
            if (!key)
                return false;
            add_event(reader->rev, key, kind[0] == 'c', always, call);
        } else if (strcmp(kind, "rename_table") == 0) {
            const char *old = literal_table(arena, call, 0, "old_table_name", text);
            const char *new = literal_table(arena, call, 1, "new_table_name", text);
            if (!old || !new)
                return false;
            add_event(reader->rev, old, false, always, call);
            add_event(reader->rev, new, true, always, call);
        }
        return true;
    }
    TSNode function = mf_node_field(call, "function");
    if (mf_node_is(function, "identifier"))
        return is_local(reader, mf_node_text(function, text)) ||
               !may_change_tables(mf_node_text(function, text), false);
    if (!mf_node_is(function, "attribute"))
        return false;
    mf_slice name = mf_node_text(mf_node_field(function, "attribute"), text);
    if (mf_slice_eq_cstr(name, "execute") || mf_slice_eq_cstr(name, "exec_driver_sql")) {
        TSNode sql;
        return argument(call, 0, "statement", text, &sql) && !ts_node_is_null(sql) &&
               (literal_dml(arena, sql, text) || expression_dml(sql, text));
    }
    return !may_change_tables(name, true);
}

/* Every call in FUNCTION (nested ones included); false at the first that
 * migfix cannot read. */
static bool read_function(schema_reader *reader, TSNode function, bool is_upgrade) {
    TSNode body = mf_node_field(function, "body");
    TSTreeCursor cursor = ts_tree_cursor_new(body);
    bool certain = true;
    do {
        TSNode node = ts_tree_cursor_current_node(&cursor);
        if (mf_node_is(node, "call"))
            certain = read_call(reader, node, is_upgrade && runs_always(node, body));
    } while (certain && mf_cursor_next(&cursor, true));
    ts_tree_cursor_delete(&cursor);
    return certain;
}

static TSNode definition(TSNode stmt) {
    if (mf_node_is(stmt, "decorated_definition"))
        stmt = mf_node_field(stmt, "definition");
    return mf_node_is(stmt, "function_definition") ? stmt : (TSNode){0};
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

/* Reads MAIN (upgrade or downgrade) into OUT: its own calls, and the
 * file's helpers as if they might run (what they do is never certain). The
 * other side never runs with it. False when something cannot be read. */
static bool read_side(schema_reader *reader, TSNode root, TSNode main, mf_revision *out) {
    mf_revision *owner = reader->rev;
    reader->rev = out;
    bool certain = true;
    mf_children it;
    mf_children_open(&it, root);
    for (TSNode stmt; certain && mf_children_next(&it, &stmt);) {
        TSNode function = definition(stmt);
        mf_slice name = mf_node_text(mf_node_field(function, "name"), reader->text);
        bool side = mf_slice_eq_cstr(name, "upgrade") || mf_slice_eq_cstr(name, "downgrade");
        if (!ts_node_is_null(function) && (!side || ts_node_eq(function, main)))
            certain = read_function(reader, function, ts_node_eq(function, main));
    }
    mf_children_close(&it);
    reader->rev = owner;
    return certain;
}

void mf_chain_read_schema(mf_arena *arena, const TSTree *tree, const mf_found *found, mf_slice text,
                          mf_revision *rev) {
    schema_reader reader = {.arena = arena, .found = found, .text = text, .rev = rev};
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
    rev->tables_certain = !ts_node_is_null(upgrade) && read_side(&reader, root, upgrade, rev);
    if (!rev->tables_certain) {
        rev->table_events.len = 0;
        rev->table_uses.len = 0;
        return;
    }
    /* A downgrade that raises says the revision is not meant to be undone. */
    mf_revision down = {0};
    rev->down_certain = !ts_node_is_null(downgrade) && !raises(downgrade) &&
                        read_side(&reader, root, downgrade, &down);
    rev->down_events = down.table_events;
    MF_VEC_FREE(&down.table_uses);
}

/* REV's last event on KEY, or NULL when its upgrade leaves KEY alone. */
static const mf_table_event *last_event(const mf_revision *rev, const char *key) {
    for (size_t k = rev->table_events.len; k-- > 0;)
        if (strcmp(rev->table_events.items[k].key, key) == 0)
            return &rev->table_events.items[k];
    return NULL;
}

/* Whether REV may remove KEY: among its first UPTO events, or anywhere in a
 * helper or a branch (whose place in the order is not known). */
static bool may_remove(const mf_revision *rev, const char *key, size_t upto) {
    for (size_t k = 0; k < rev->table_events.len; k++) {
        const mf_table_event *event = &rev->table_events.items[k];
        if (!event->exists && strcmp(event->key, key) == 0 && (k < upto || !event->always))
            return true;
    }
    return false;
}

/* Whether REV's upgrade surely leaves KEY in place: it creates it whenever it
 * runs, last, and nothing it may run removes it afterwards. */
static bool leaves_table(const mf_revision *rev, const char *key) {
    const mf_table_event *last = last_event(rev, key);
    if (!rev->tables_certain || !last || !last->exists || !last->always)
        return false;
    return !may_remove(rev, key, 0);
}

/* A revision that runs before OF and surely leaves KEY, with nothing after
 * it and before OF that may remove it; SIZE_MAX when there is none. */
static size_t certain_creator(const mf_chain *chain, size_t of, const char *key) {
    for (size_t a = 0; a < chain->revisions.len; a++) {
        if (a == of || !mf_chain_is_ancestor(chain, a, of) ||
            !leaves_table(&chain->revisions.items[a], key))
            continue;
        bool kept = true;
        for (size_t b = 0; kept && b < chain->revisions.len; b++) {
            if (b == of || b == a || !mf_chain_is_ancestor(chain, b, of) ||
                mf_chain_is_ancestor(chain, b, a))
                continue; /* runs before A, or is not before OF */
            const mf_revision *between = &chain->revisions.items[b];
            kept = between->tables_certain && !may_remove(between, key, SIZE_MAX);
        }
        if (kept)
            return a;
    }
    return SIZE_MAX;
}

/* Whether REV's upgrade creates, drops or renames KEY, or may. */
static bool touches(const mf_revision *rev, const char *key) {
    for (size_t k = 0; k < rev->table_events.len; k++)
        if (strcmp(rev->table_events.items[k].key, key) == 0)
            return true;
    return false;
}

/* An ancestor of OF that surely removes KEY (drops it, or renames it away),
 * with nothing after it and before OF that touches KEY; SIZE_MAX if none. */
static size_t certain_remover(const mf_chain *chain, size_t of, const char *key) {
    for (size_t d = 0; d < chain->revisions.len; d++) {
        const mf_revision *rev = &chain->revisions.items[d];
        const mf_table_event *last = last_event(rev, key);
        if (d == of || !mf_chain_is_ancestor(chain, d, of) || !rev->tables_certain || !last ||
            last->exists || !last->always)
            continue;
        bool maybe_back = false;
        for (size_t k = 0; k < rev->table_events.len; k++)
            maybe_back |= rev->table_events.items[k].exists && !rev->table_events.items[k].always &&
                          strcmp(rev->table_events.items[k].key, key) == 0;
        bool gone = !maybe_back;
        for (size_t b = 0; gone && b < chain->revisions.len; b++) {
            if (b == of || b == d || !mf_chain_is_ancestor(chain, b, of) ||
                mf_chain_is_ancestor(chain, b, d))
                continue;
            const mf_revision *between = &chain->revisions.items[b];
            gone = between->tables_certain && !touches(between, key);
        }
        if (gone)
            return d;
    }
    return SIZE_MAX;
}

/* A revision that does not run before OF and creates KEY whenever it runs,
 * as the first thing it does to KEY, where nothing else that runs before OF
 * touches KEY and everything that runs before only one of the two is
 * certain: KEY is then absent where they part, so absent at OF. SIZE_MAX if
 * none. */
static size_t other_creator(const mf_chain *chain, size_t of, const char *key) {
    for (size_t c = 0; c < chain->revisions.len; c++) {
        const mf_revision *rev = &chain->revisions.items[c];
        if (c == of || mf_chain_is_ancestor(chain, c, of) || !rev->in_graph || rev->in_cycle ||
            rev->partial || !rev->tables_certain)
            continue;
        const mf_table_event *first = NULL;
        bool maybe = false;
        for (size_t k = 0; k < rev->table_events.len; k++) {
            const mf_table_event *event = &rev->table_events.items[k];
            if (strcmp(event->key, key) != 0)
                continue;
            if (!first)
                first = event;
            maybe |= !event->always;
        }
        if (!first || !first->exists || maybe)
            continue;
        bool shared = mf_chain_is_ancestor(chain, of, c), absent = true;
        for (size_t x = 0; absent && x < chain->revisions.len; x++) {
            bool before_of = mf_chain_is_ancestor(chain, x, of);
            bool before_c = mf_chain_is_ancestor(chain, x, c);
            if (x == of || x == c || (!before_of && !before_c))
                continue;
            shared |= before_of && before_c;
            const mf_revision *other = &chain->revisions.items[x];
            if (before_of && touches(other, key))
                absent = false;
            else if (before_of != before_c)
                absent = other->tables_certain && !touches(other, key);
        }
        if (absent && shared)
            return c;
    }
    return SIZE_MAX;
}

/* MF201: an operation on a table that is surely not there. */
static void missing_tables(mf_chain *chain, size_t r) {
    const mf_revision *rev = &chain->revisions.items[r];
    for (size_t k = 0; k < rev->table_uses.len; k++) {
        const mf_table_use *use = &rev->table_uses.items[k];
        if (touches(rev, use->key))
            continue;
        const char *table = strchr(use->key, '.') + 1;
        size_t remover = certain_remover(chain, r, use->key);
        if (remover != SIZE_MAX) {
            const mf_revision *gone = &chain->revisions.items[remover];
            mf_chain_add_finding(chain, rev, use->line, use->column, "MF201", MF_SEVERITY_ERROR,
                                 "%s on table '%s', which does not exist here: ancestor revision "
                                 "'%s' (%s:%u) dropped or renamed it and nothing since creates it",
                                 use->call, table, mf_chain_id(gone), gone->path,
                                 last_event(gone, use->key)->line);
            continue;
        }
        size_t creator = other_creator(chain, r, use->key);
        if (creator == SIZE_MAX)
            continue;
        const mf_revision *made = &chain->revisions.items[creator];
        const mf_table_event *event = last_event(made, use->key);
        for (size_t e = 0; e < made->table_events.len; e++)
            if (strcmp(made->table_events.items[e].key, use->key) == 0) {
                event = &made->table_events.items[e];
                break;
            }
        if (mf_chain_is_ancestor(chain, r, creator))
            mf_chain_add_finding(chain, rev, use->line, use->column, "MF201", MF_SEVERITY_ERROR,
                                 "%s on table '%s', which does not exist yet: only the later "
                                 "revision '%s' (%s:%u) creates it",
                                 use->call, table, mf_chain_id(made), made->path, event->line);
        else
            mf_chain_add_finding(chain, rev, use->line, use->column, "MF201", MF_SEVERITY_ERROR,
                                 "%s on table '%s', which may not exist here: revision '%s' "
                                 "(%s:%u) creates it, and it is not an ancestor of this one, so "
                                 "this works only when Alembic happens to run '%s' first; add it "
                                 "to depends_on or down_revision",
                                 use->call, table, mf_chain_id(made), made->path, event->line,
                                 mf_chain_id(made));
    }
}

/* MF205: a table the upgrade surely leaves that the downgrade does not
 * remove: after `alembic downgrade` it is still there, and the next upgrade
 * fails on it. */
static void left_behind(mf_chain *chain, const mf_revision *rev) {
    if (!rev->down_certain)
        return;
    for (size_t k = 0; k < rev->table_events.len; k++) {
        const mf_table_event *event = &rev->table_events.items[k];
        if (!event->exists || last_event(rev, event->key) != event ||
            !leaves_table(rev, event->key))
            continue;
        bool first = true; /* else it was there before: the downgrade may keep it */
        for (size_t j = 0; j < k; j++)
            first &= strcmp(rev->table_events.items[j].key, event->key) != 0;
        if (!first)
            continue;
        bool removed = false;
        for (size_t d = 0; d < rev->down_events.len; d++)
            removed |= strcmp(rev->down_events.items[d].key, event->key) == 0;
        if (!removed)
            mf_chain_add_finding(chain, rev, event->line, event->column, "MF205",
                                 MF_SEVERITY_WARNING,
                                 "the downgrade does not drop table '%s', which this upgrade "
                                 "creates: after `alembic downgrade` it is left behind, and the "
                                 "next upgrade fails with DuplicateTable",
                                 strchr(event->key, '.') + 1);
    }
}

void mf_chain_schema(mf_chain *chain) {
    for (size_t r = 0; r < chain->revisions.len; r++) {
        const mf_revision *rev = &chain->revisions.items[r];
        if (!rev->in_graph || rev->in_cycle || rev->partial || !rev->tables_certain)
            continue;
        missing_tables(chain, r);
        left_behind(chain, rev);
        for (size_t k = 0; k < rev->table_events.len; k++) {
            const mf_table_event *event = &rev->table_events.items[k];
            if (!event->exists || !event->always || may_remove(rev, event->key, k))
                continue;
            bool again = false; /* this upgrade already created it */
            for (size_t j = 0; j < k; j++)
                again |= rev->table_events.items[j].always &&
                         strcmp(rev->table_events.items[j].key, event->key) == 0;
            const char *table = strchr(event->key, '.') + 1;
            if (again) {
                mf_chain_add_finding(chain, rev, event->line, event->column, "MF203",
                                     MF_SEVERITY_ERROR,
                                     "table '%s' already exists here: this upgrade created it "
                                     "earlier, so this fails with DuplicateTable",
                                     table);
                continue;
            }
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
