/* Schema flow, rules: walks what each revision makes and removes (read by
 * chain_schema_read.c) along the graph, and reports MF201 (an operation on
 * a table that is surely not there), MF202 (the same for a column), MF203
 * (a table, column, index or named constraint made where it already
 * exists) and MF205 (what the downgrade leaves behind). A finding needs
 * proof: every revision that could matter must be certain, and an event
 * that only may happen (under a branch, in a helper) silences it. */
#include "chain_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REV(f, i) (&(f)->chain->revisions.items[i])
#define BEFORE(f, a, b) mf_chain_is_ancestor((f)->chain, a, b)

/* A revision that runs before OF and surely leaves OBJ, with nothing after
 * it and before OF that may remove it; SIZE_MAX when there is none. For an
 * index, one on the same table (elsewhere the name may be free: MySQL names
 * indexes per table). */
static size_t certain_creator(const mf_object_index *f, size_t of, const mf_object *obj) {
    for (size_t i = 0; i < f->list.len; i++) {
        size_t a = f->list.items[i];
        if (a == of || !BEFORE(f, a, of) || !mf_object_leaves(REV(f, a), obj))
            continue;
        const mf_schema_event *made = mf_object_last_relevant(REV(f, a), obj);
        if (made->conventional)
            continue; /* its name is a guess */
        if (obj->kind == MF_OBJECT_INDEX &&
            (!made->table || !obj->table || strcmp(made->table, obj->table) != 0))
            continue;
        bool kept = true;
        for (size_t j = 0; kept && j < f->list.len; j++) {
            size_t b = f->list.items[j];
            if (b == of || b == a || !BEFORE(f, b, of) || BEFORE(f, b, a))
                continue; /* runs before A, or is not before OF */
            kept = REV(f, b)->certain && !mf_object_may_remove(REV(f, b), obj, SIZE_MAX);
        }
        if (kept)
            return a;
    }
    return SIZE_MAX;
}

/* Whether every revision in f->list that runs before OF and not before
 * SINCE (and is neither) is certain and leaves OBJ alone. */
static bool untouched_since(const mf_object_index *f, size_t since, size_t of,
                            const mf_object *obj) {
    for (size_t j = 0; j < f->list.len; j++) {
        size_t b = f->list.items[j];
        if (b == of || b == since || !BEFORE(f, b, of) || BEFORE(f, b, since))
            continue;
        if (!REV(f, b)->certain || mf_object_touches(REV(f, b), obj))
            return false;
    }
    return true;
}

/* What an ancestor's last event on an object must be for a rule. */
typedef bool (*last_event_test)(const mf_schema_event *last, const mf_object *obj);

/* It drops OBJ, or renames it away. */
static bool removes(const mf_schema_event *last, const mf_object *obj) {
    return mf_object_direct(last, obj) && !last->exists;
}

/* It creates OBJ's table, naming all its columns, and not OBJ. */
static bool makes_table_without(const mf_schema_event *last, const mf_object *obj) {
    (void)obj;
    return last->key && last->kind == MF_OBJECT_TABLE && last->exists && !last->opaque;
}

/* A certain ancestor of OF whose last event on OBJ passes TEST and surely
 * happens, with nothing after it and before OF that touches OBJ; SIZE_MAX if
 * none. With REMOVES, OBJ is surely gone at OF; with MAKES_TABLE_WITHOUT, a
 * column is surely not there. */
static size_t last_said(const mf_object_index *f, size_t of, const mf_object *obj,
                        last_event_test test) {
    for (size_t i = 0; i < f->list.len; i++) {
        size_t d = f->list.items[i];
        const mf_revision *rev = REV(f, d);
        const mf_schema_event *last = mf_object_last_relevant(rev, obj);
        if (d == of || !BEFORE(f, d, of) || !rev->certain || !last || !last->always ||
            !test(last, obj) || mf_object_changed_before(rev, obj, 0))
            continue;
        if (untouched_since(f, d, of, obj))
            return d;
    }
    return SIZE_MAX;
}

/* A revision that does not run before OF and creates table OBJ whenever it
 * runs, as the first thing it does to it, where nothing else that runs
 * before OF or before it touches the table and all of those are certain:
 * the table is then absent where they part, so absent at OF. SIZE_MAX if
 * none. */
static size_t other_creator(const mf_object_index *f, size_t of, const mf_object *obj) {
    const mf_chain *chain = f->chain;
    for (size_t i = 0; i < f->list.len; i++) {
        size_t c = f->list.items[i];
        const mf_revision *rev = REV(f, c);
        if (c == of || BEFORE(f, c, of) || !rev->in_graph || rev->in_cycle || rev->partial ||
            !rev->certain || mf_object_changed_before(rev, obj, 0))
            continue;
        const mf_schema_event *first = mf_object_first_direct(rev, obj);
        if (!first || !first->exists)
            continue;
        if (!BEFORE(f, of, c) && !mf_chain_share_ancestor(chain, of, c))
            continue;
        bool absent = true;
        for (size_t j = 0; absent && j < f->list.len; j++) {
            size_t x = f->list.items[j];
            if (x == of || x == c || (!BEFORE(f, x, of) && !BEFORE(f, x, c)))
                continue;
            absent = REV(f, x)->certain && !mf_object_touches(REV(f, x), obj);
        }
        if (absent)
            return c;
    }
    return SIZE_MAX;
}

/* A revision not before OF that adds column OBJ whenever it runs; SIZE_MAX if none. */
static size_t column_maker(const mf_object_index *f, size_t of, const mf_object *obj) {
    for (size_t i = 0; i < f->list.len; i++) {
        size_t c = f->list.items[i];
        const mf_schema_event *made = mf_object_first_direct(REV(f, c), obj);
        if (c != of && !BEFORE(f, c, of) && REV(f, c)->in_graph && made && made->exists &&
            made->always)
            return c;
    }
    return SIZE_MAX;
}

static const char *table_name(const char *key) {
    return strchr(key, '.') + 1;
}

/* How REV removed OBJ, for a message: "renamed it to 'x'" or "dropped it". */
static const char *how_removed(mf_arena *arena, const mf_revision *rev, const mf_object *obj) {
    const mf_schema_event *last = mf_object_last_relevant(rev, obj);
    const mf_schema_event *next = last + 1;
    if (next < rev->events.items + rev->events.len && next->exists && next->kind == last->kind &&
        next->line == last->line && next->column == last->column && next->name) {
        mf_buf out = {0};
        mf_buf_printf(&out, "renamed it to '%s'", next->name);
        const char *s = mf_arena_strndup(arena, out.data, out.len);
        mf_buf_free(&out);
        return s;
    }
    return "dropped it";
}

/* MF201 and MF202: an operation on a table or a column that is surely not
 * there. */
static void missing(mf_object_index *f, size_t r) {
    mf_chain *chain = f->chain;
    const mf_revision *rev = &chain->revisions.items[r];
    for (size_t k = 0; k < rev->uses.len; k++) {
        const mf_schema_use *use = &rev->uses.items[k];
        mf_object obj = {use->kind, use->key, use->table};
        if (mf_object_changed_before(rev, &obj, use->events_before))
            continue;
        mf_object_index_list(f, &obj);
        bool table = use->kind == MF_OBJECT_TABLE;
        const char *what = table ? "table" : "column";
        char where[512] = "";
        if (!table)
            snprintf(where, sizeof where, " of table '%s'", table_name(use->table));
        const char *rule = table ? "MF201" : "MF202";
        size_t remover = last_said(f, r, &obj, removes);
        if (remover != SIZE_MAX) {
            const mf_revision *gone = &chain->revisions.items[remover];
            mf_chain_add_finding(chain, rev, use->line, use->column, rule, MF_SEVERITY_ERROR,
                                 "%s on %s '%s'%s, which does not exist here: ancestor revision "
                                 "'%s' (%s:%u) %s and nothing since %s it",
                                 use->call, what, use->name, where, mf_chain_id(gone), gone->path,
                                 mf_object_last_relevant(gone, &obj)->line,
                                 how_removed(&chain->arena, gone, &obj),
                                 table ? "creates" : "adds");
            continue;
        }
        if (table) {
            size_t creator = other_creator(f, r, &obj);
            if (creator == SIZE_MAX)
                continue;
            const mf_revision *made = &chain->revisions.items[creator];
            const mf_schema_event *event = mf_object_first_direct(made, &obj);
            if (BEFORE(f, r, creator))
                mf_chain_add_finding(chain, rev, use->line, use->column, rule, MF_SEVERITY_ERROR,
                                     "%s on table '%s', which does not exist yet: only the later "
                                     "revision '%s' (%s:%u) creates it",
                                     use->call, use->name, mf_chain_id(made), made->path,
                                     event->line);
            else
                mf_chain_add_finding(chain, rev, use->line, use->column, rule, MF_SEVERITY_ERROR,
                                     "%s on table '%s', which may not exist here: revision '%s' "
                                     "(%s:%u) creates it, and it is not an ancestor of this one, "
                                     "so this works only when Alembic happens to run '%s' first; "
                                     "add it to depends_on or down_revision",
                                     use->call, use->name, mf_chain_id(made), made->path,
                                     event->line, mf_chain_id(made));
            continue;
        }
        size_t base = last_said(f, r, &obj, makes_table_without);
        if (base == SIZE_MAX)
            continue;
        size_t maker = column_maker(f, r, &obj);
        const mf_revision *created = &chain->revisions.items[base];
        if (maker == SIZE_MAX) {
            mf_chain_add_finding(chain, rev, use->line, use->column, rule, MF_SEVERITY_ERROR,
                                 "%s on column '%s'%s, which does not exist here: revision '%s' "
                                 "(%s:%u) created the table without it and nothing since adds it",
                                 use->call, use->name, where, mf_chain_id(created), created->path,
                                 mf_object_last_relevant(created, &obj)->line);
            continue;
        }
        const mf_revision *made = &chain->revisions.items[maker];
        const mf_schema_event *event = mf_object_first_direct(made, &obj);
        if (BEFORE(f, r, maker))
            mf_chain_add_finding(chain, rev, use->line, use->column, rule, MF_SEVERITY_ERROR,
                                 "%s on column '%s'%s, which does not exist yet: only the later "
                                 "revision '%s' (%s:%u) adds it",
                                 use->call, use->name, where, mf_chain_id(made), made->path,
                                 event->line);
        else
            mf_chain_add_finding(chain, rev, use->line, use->column, rule, MF_SEVERITY_ERROR,
                                 "%s on column '%s'%s, which may not exist here: revision '%s' "
                                 "(%s:%u) adds it, and it is not an ancestor of this one; add it "
                                 "to depends_on or down_revision",
                                 use->call, use->name, where, mf_chain_id(made), made->path,
                                 event->line);
    }
}

/* "table 'x'", "column 'c' of table 't'", ... for messages. */
static void describe(char *out, size_t size, const mf_schema_event *event) {
    switch (event->kind) {
    case MF_OBJECT_TABLE:
        snprintf(out, size, "table '%s'", event->name);
        break;
    case MF_OBJECT_COLUMN:
        snprintf(out, size, "column '%s' of table '%s'", event->name, table_name(event->table));
        break;
    case MF_OBJECT_INDEX:
        snprintf(out, size, "index '%s'", event->name);
        break;
    case MF_OBJECT_CONSTRAINT:
        snprintf(out, size, "constraint '%s' on table '%s'", event->name, table_name(event->table));
        break;
    case MF_OBJECT_TYPE:
        snprintf(out, size, "type '%s'", event->name);
        break;
    }
}

static const char *const duplicate_errors[] = {
    "DuplicateTable", "DuplicateColumn", "DuplicateTable", "DuplicateObject", "DuplicateObject"};

/* Whether the rules follow EVENT's kind of object on the chain's database:
 * an enum is a type of its own on PostgreSQL only. */
static bool followed(const mf_chain *chain, const mf_schema_event *event) {
    return event->kind != MF_OBJECT_TYPE || chain->dialect == MF_DIALECT_POSTGRESQL;
}

/* MF203: something made where it already exists. What a create_table makes
 * with its table is left to the table's own finding. */
static void duplicates(mf_object_index *f, size_t r) {
    mf_chain *chain = f->chain;
    const mf_revision *rev = &chain->revisions.items[r];
    for (size_t k = 0; k < rev->events.len; k++) {
        const mf_schema_event *event = &rev->events.items[k];
        if (!event->key || !event->exists || !event->always || event->with_table ||
            event->checked || event->conventional || !followed(chain, event))
            continue;
        mf_object obj = mf_object_of(event);
        if (mf_object_may_remove(rev, &obj, k))
            continue;
        bool again = false, table_made = false;
        for (size_t j = 0; j < k; j++) {
            const mf_schema_event *earlier = &rev->events.items[j];
            /* Two create_tables of one upgrade with one enum: made once. */
            again |= earlier->always && mf_object_direct(earlier, &obj) &&
                     !(earlier->by_table && event->by_table);
            table_made |= mf_object_relevant(earlier, &obj) && !mf_object_direct(earlier, &obj);
        }
        if (table_made)
            continue;
        char what[600];
        describe(what, sizeof what, event);
        if (again) {
            mf_chain_add_finding(chain, rev, event->line, event->column, "MF203", MF_SEVERITY_ERROR,
                                 "%s already exists here: this upgrade made it earlier, so this "
                                 "fails with %s",
                                 what, duplicate_errors[event->kind]);
            continue;
        }
        mf_object_index_list(f, &obj);
        size_t creator = certain_creator(f, r, &obj);
        if (creator == SIZE_MAX)
            continue;
        const mf_revision *made = &chain->revisions.items[creator];
        const mf_schema_event *maker = mf_object_last_relevant(made, &obj);
        if (event->by_table && maker->by_table) {
            /* One `alembic upgrade` running both makes it once. */
            mf_chain_add_finding(
                chain, rev, event->line, event->column, "MF203", MF_SEVERITY_WARNING,
                "%s already exists here when this revision runs in another "
                "`alembic upgrade` than ancestor revision '%s' (%s:%u), which "
                "made it: then this fails with %s (run in the same command, "
                "SQLAlchemy makes it once); postgresql.ENUM(..., "
                "create_type=False) here makes it safe",
                what, mf_chain_id(made), made->path, maker->line, duplicate_errors[event->kind]);
            continue;
        }
        mf_chain_add_finding(chain, rev, event->line, event->column, "MF203", MF_SEVERITY_ERROR,
                             "%s already exists here: ancestor revision '%s' (%s:%u) made it and "
                             "nothing since removes it, so this fails with %s",
                             what, mf_chain_id(made), made->path, maker->line,
                             duplicate_errors[event->kind]);
    }
}

/* Whether REV's downgrade may undo OBJ: an event on it or its table (for an
 * index or a constraint, on anything of its table: dropping a column drops
 * them too). */
static bool undone(const mf_revision *rev, const mf_object *obj) {
    for (size_t d = 0; d < rev->down_events.len; d++) {
        const mf_schema_event *event = &rev->down_events.items[d];
        if (mf_object_relevant(event, obj) ||
            ((obj->kind == MF_OBJECT_INDEX || obj->kind == MF_OBJECT_CONSTRAINT) &&
             (!event->table || (obj->table && strcmp(event->table, obj->table) == 0))))
            return true;
    }
    return false;
}

/* MF205: something the upgrade surely leaves that the downgrade does not
 * remove: after `alembic downgrade` it is still there, and the next upgrade
 * fails on it. */
static void left_behind(mf_object_index *f, size_t r) {
    mf_chain *chain = f->chain;
    const mf_revision *rev = &chain->revisions.items[r];
    if (!rev->down_certain)
        return;
    /* A downgrade that does nothing (`pass`) is not meant to run: one
     * finding for the revision, not one per object it keeps. */
    size_t kept = 0;
    const mf_schema_event *first_kept = NULL;
    for (size_t k = 0; k < rev->events.len; k++) {
        const mf_schema_event *event = &rev->events.items[k];
        if (!event->key || !event->exists || event->with_table || event->conventional ||
            !followed(chain, event))
            continue;
        mf_object obj = mf_object_of(event);
        if (mf_object_last_relevant(rev, &obj) != event || !mf_object_leaves(rev, &obj))
            continue;
        bool first = true; /* else it (or its table) was there before: the downgrade may keep it */
        for (size_t j = 0; j < k; j++)
            first &= !mf_object_relevant(&rev->events.items[j], &obj);
        if (!first || undone(rev, &obj))
            continue;
        mf_object_index_list(f, &obj);
        if (certain_creator(f, r, &obj) != SIZE_MAX)
            continue; /* it was there before (MF203): the downgrade is right to keep it */
        char what[600];
        describe(what, sizeof what, event);
        if (rev->down_keeps_all) {
            first_kept = first_kept ? first_kept : event;
            kept++;
        } else if (event->kind == MF_OBJECT_TYPE)
            mf_chain_add_finding(chain, rev, event->line, event->column, "MF205",
                                 MF_SEVERITY_WARNING,
                                 "the downgrade does not drop %s, which this upgrade makes "
                                 "(drop_table leaves a table's enum types behind): after `alembic "
                                 "downgrade` it is left behind, and the next upgrade fails with "
                                 "DuplicateObject; drop it with "
                                 "sa.Enum(name='%s').drop(op.get_bind())",
                                 what, event->name);
        else
            mf_chain_add_finding(chain, rev, event->line, event->column, "MF205",
                                 MF_SEVERITY_WARNING,
                                 "the downgrade does not drop %s, which this upgrade makes: after "
                                 "`alembic downgrade` it is left behind, and the next upgrade "
                                 "fails with %s",
                                 what, duplicate_errors[event->kind]);
    }
    if (kept) {
        char what[600];
        describe(what, sizeof what, first_kept);
        const char *advice = "raise NotImplementedError there if the revision is not meant to be "
                             "undone, or ignore MF205 for the project ([migfix] ignore = MF205 in "
                             "alembic.ini)";
        if (kept == 1)
            mf_chain_add_finding(chain, rev, rev->down_line, rev->down_column, "MF205",
                                 MF_SEVERITY_WARNING,
                                 "the downgrade does nothing: %s, which this upgrade makes, stays "
                                 "after `alembic downgrade`, and the next upgrade fails on it; "
                                 "undo it, or %s",
                                 what, advice);
        else
            mf_chain_add_finding(chain, rev, rev->down_line, rev->down_column, "MF205",
                                 MF_SEVERITY_WARNING,
                                 "the downgrade does nothing: the %zu objects this upgrade makes "
                                 "(the first: %s) stay after `alembic downgrade`, and the next "
                                 "upgrade fails on them; undo them, or %s",
                                 kept, what, advice);
    }
}

void mf_chain_schema(mf_chain *chain) {
    mf_object_index f;
    mf_object_index_open(&f, chain);
    for (size_t r = 0; r < chain->revisions.len; r++) {
        const mf_revision *rev = &chain->revisions.items[r];
        if (!rev->in_graph || rev->in_cycle || rev->partial || !rev->certain)
            continue;
        missing(&f, r);
        duplicates(&f, r);
        left_behind(&f, r);
    }
    mf_object_index_close(&f);
}
