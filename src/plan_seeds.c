/* Seeds that belong to a table's creation: the statements right after
 * `op.create_table("t", ...)` that only insert rows into t go under t's
 * guard with it, so that rows are seeded exactly when the table is created
 * (a replay that finds the table skips them, instead of inserting them
 * again). Recognised: `op.bulk_insert(T, rows)`, `op.execute(T.insert()...)`
 * where T is `sa.table("t", ...)` or a name bound to one, and raw
 * `op.execute("INSERT INTO t ...")` of one statement; the same through the
 * migration's connection (`bind = op.get_bind()`, `bind.execute(...)`);
 * with statements in between that only build the table object or rows. */
#include "parse.h"
#include "planner.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* The table NODE describes: `sa.table("t", ...)` / `sa.Table("t", ...)`, or
 * a name bound to one where it is used; NULL otherwise. */
static const char *table_of(planner *p, TSNode node) {
    if (mf_node_is(node, "identifier"))
        node = mf_bound_value(&p->bindings, p->arena, node, mf_node_text(node, p->text), p->text);
    if (!mf_node_is(node, "call"))
        return NULL;
    mf_slice callee = mf_node_text(mf_node_field(node, "function"), p->text);
    if (!(callee.len >= 5 && strncasecmp(callee.data + callee.len - 5, "table", 5) == 0 &&
          (callee.len == 5 || callee.data[callee.len - 6] == '.')))
        return NULL;
    return mf_plain_string(p->arena, mf_node_code_child(mf_node_field(node, "arguments"), 0),
                           p->text);
}

/* `INSERT INTO t ...` (t plain or quoted), one statement. */
static bool inserts_into(planner *p, TSNode node, const char *table) {
    if (mf_node_is(node, "call")) { /* sa.text("...") */
        mf_slice callee = mf_node_text(mf_node_field(node, "function"), p->text);
        if (!(callee.len >= 4 && memcmp(callee.data + callee.len - 4, "text", 4) == 0))
            return false;
        node = mf_node_code_child(mf_node_field(node, "arguments"), 0);
    }
    const char *sql = mf_plain_string(p->arena, node, p->text);
    if (!sql)
        return false;
    while (isspace((unsigned char)*sql))
        sql++;
    if (strncasecmp(sql, "INSERT", 6) != 0 || !isspace((unsigned char)sql[6]))
        return false;
    sql += 6;
    while (isspace((unsigned char)*sql))
        sql++;
    if (strncasecmp(sql, "INTO", 4) != 0 || !isspace((unsigned char)sql[4]))
        return false;
    sql += 4;
    while (isspace((unsigned char)*sql))
        sql++;
    bool quoted = *sql == '"' || *sql == '`';
    size_t n = strlen(table);
    if (quoted ? strncmp(sql + 1, table, n) != 0 || sql[n + 1] != sql[0]
               : strncasecmp(sql, table, n) != 0 || isalnum((unsigned char)sql[n]) ||
                     sql[n] == '_' || sql[n] == '.')
        return false;
    const char *semicolon = strchr(sql, ';');
    if (semicolon) /* only a final one */
        for (const char *c = semicolon + 1; *c; c++)
            if (!isspace((unsigned char)*c))
                return false;
    return true;
}

/* `T.insert()...`: a query built on table T's insert(). */
static bool expression_insert(planner *p, TSNode node, const char *table) {
    while (mf_node_is(node, "call")) {
        TSNode function = mf_node_field(node, "function");
        if (!mf_node_is(function, "attribute"))
            return false;
        TSNode object = mf_node_field(function, "object");
        if (mf_slice_eq_cstr(mf_node_text(mf_node_field(function, "attribute"), p->text),
                             "insert")) {
            const char *name = table_of(p, object);
            return name && strcmp(name, table) == 0;
        }
        node = object;
    }
    return false;
}

/* NODE is the migration's connection: `op.get_bind()`, or a name bound to
 * it where it is used (`bind = op.get_bind()`). */
static bool is_connection(planner *p, TSNode node) {
    if (mf_node_is(node, "identifier"))
        node = mf_bound_value(&p->bindings, p->arena, node, mf_node_text(node, p->text), p->text);
    TSNode function = mf_node_field(node, "function");
    return mf_node_is(node, "call") && mf_node_is(function, "attribute") &&
           mf_found_is_receiver(p->found,
                                mf_node_text(mf_node_field(function, "object"), p->text)) &&
           mf_slice_eq_cstr(mf_node_text(mf_node_field(function, "attribute"), p->text),
                            "get_bind") &&
           mf_node_code_child_count(mf_node_field(node, "arguments")) == 0;
}

/* Whether STMT is `op.bulk_insert(...)` / `op.execute(...)` seeding TABLE,
 * or `execute(...)` on the migration's connection. */
static bool seeds(planner *p, TSNode stmt, const char *table) {
    TSNode call = mf_node_code_child(stmt, 0);
    if (!mf_node_is(stmt, "expression_statement") || mf_node_code_child_count(stmt) != 1 ||
        !mf_node_is(call, "call"))
        return false;
    TSNode function = mf_node_field(call, "function");
    TSNode args = mf_node_field(call, "arguments");
    TSNode first = mf_node_code_child(args, 0);
    if (!mf_node_is(function, "attribute"))
        return false;
    TSNode object = mf_node_field(function, "object");
    mf_slice method = mf_node_text(mf_node_field(function, "attribute"), p->text);
    if (!mf_found_is_receiver(p->found, mf_node_text(object, p->text)) &&
        !(mf_slice_eq_cstr(method, "execute") && is_connection(p, object)))
        return false;
    if (mf_slice_eq_cstr(method, "bulk_insert")) {
        const char *name = table_of(p, first);
        return name && strcmp(name, table) == 0;
    }
    /* execute(statement) or execute(statement, rows) */
    uint32_t n = mf_node_code_child_count(args);
    return mf_slice_eq_cstr(method, "execute") && (n == 1 || n == 2) &&
           !mf_node_is(first, "keyword_argument") &&
           !mf_node_is(mf_node_code_child(args, n - 1), "list_splat") &&
           !mf_node_is(mf_node_code_child(args, n - 1), "dictionary_splat") &&
           (inserts_into(p, first, table) || expression_insert(p, first, table));
}

/* The contiguous seeds after STMT, with nothing in between. */
static TSNode planner_seeds_plain(planner *p, TSNode stmt, const char *table) {
    TSNode last = stmt;
    for (TSNode next = planner_next_statement(stmt);
         !ts_node_is_null(next) && seeds(p, next, table); next = planner_next_statement(next))
        last = next;
    return last;
}

/* Whether STMT only builds what a seed uses: `NAME = sa.table(...)` or rows
 * written out (`rows = [...]`, a tuple or a dict); its name in *NAME. */
static bool builds(planner *p, TSNode stmt, mf_slice *name) {
    TSNode assignment = mf_node_code_child(stmt, 0);
    TSNode left = mf_node_field(assignment, "left"), right = mf_node_field(assignment, "right");
    if (!mf_node_is(stmt, "expression_statement") || mf_node_code_child_count(stmt) != 1 ||
        !mf_node_is(assignment, "assignment") || !mf_node_is(left, "identifier") ||
        !ts_node_is_null(mf_node_field(assignment, "type")))
        return false;
    *name = mf_node_text(left, p->text);
    return table_of(p, right) || mf_node_is(right, "list") || mf_node_is(right, "tuple") ||
           mf_node_is(right, "dictionary");
}

TSNode planner_seeds(planner *p, TSNode stmt, TSNode create_call) {
    const char *table = mf_plain_string(
        p->arena, mf_node_code_child(mf_node_field(create_call, "arguments"), 0), p->text);
    TSNode last = stmt;
    if (!table)
        return last;
    /* Seeds, and between them what only builds their table object or rows
     * (then under the guard too, so each such name must be used nowhere
     * after the last seed: skipping would leave it unbound). */
    enum { MAX_BUILDS = 16 };
    mf_slice built[MAX_BUILDS];
    size_t nbuilt = 0, kept = 0;
    for (TSNode next = planner_next_statement(stmt); !ts_node_is_null(next);
         next = planner_next_statement(next)) {
        mf_slice name;
        if (seeds(p, next, table)) {
            last = next;
            kept = nbuilt;
        } else if (nbuilt < MAX_BUILDS && builds(p, next, &name)) {
            built[nbuilt++] = name;
        } else {
            break;
        }
    }
    TSNode scope = mf_node_scope(stmt);
    uint32_t end = ts_node_end_byte(last);
    for (size_t i = 0; i < kept; i++)
        if (mf_name_uses(&p->bindings, p->arena, stmt, built[i], end, ts_node_end_byte(scope),
                         p->text) > 0)
            return planner_seeds_plain(p, stmt, table);
    return last;
}
