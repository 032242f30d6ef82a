/* Revision witnesses: for each revision, objects whose existence proves
 * that a database is already past it, so that its upgrade can return at
 * once instead of replaying its data statements (issue "Replay-safe
 * chains").
 *
 * An object is R's own witness when R surely makes it and leaves it, no
 * other revision could make it (so it is absent on a clean database until R
 * runs), no revision may remove it (so a database past R still has it), and
 * R's downgrade removes it (else it survives `downgrade base` and would
 * claim R on the next upgrade) or never undoes anything (none, one that
 * raises first, one that does nothing: all of R is still there, and skipping
 * R is right). A revision with none borrows the witness of
 * its nearest descendant that has one: that descendant cannot have run
 * before R. Only existence is evidence: absence is also the state of a
 * database from before the object was made. */
#include "chain_model.h"

#include <stdlib.h>
#include <string.h>

/* Whether a revision with EVENTS could make OBJ: it makes it, makes
 * something unnamed of its kind, or makes its table with columns migfix
 * cannot all name. */
static bool could_make(const mf_schema_events *events, const mf_object *obj) {
    for (size_t k = 0; k < events->len; k++) {
        const mf_schema_event *event = &events->items[k];
        if (!mf_object_relevant(event, obj))
            continue;
        if (!event->key || (mf_object_direct(event, obj) && event->exists) ||
            (obj->kind != MF_OBJECT_TABLE && event->kind == MF_OBJECT_TABLE && event->exists &&
             event->opaque))
            return true;
    }
    return false;
}

/* Whether, after REV's downgrade, OBJ can only be there with the rest of
 * REV: the downgrade surely ends with OBJ gone, or never undoes anything. */
static bool downgrade_removes(const mf_revision *rev, const mf_object *obj) {
    if (rev->down_keeps_all)
        return true;
    if (!rev->down_certain)
        return false;
    for (size_t d = rev->down_events.len; d-- > 0;) {
        const mf_schema_event *event = &rev->down_events.items[d];
        if (!mf_object_relevant(event, obj))
            continue;
        /* Removed, or its table made again without it (a rebuild back). */
        bool remade_without = obj->kind != MF_OBJECT_TABLE && event->key &&
                              event->kind == MF_OBJECT_TABLE && event->exists && !event->opaque;
        return event->always && (!event->exists || remade_without);
    }
    return false;
}

/* Whether REV removes OBJ by its own name (not with its table). */
static bool drops_itself(const mf_revision *rev, const mf_object *obj) {
    for (size_t k = 0; k < rev->events.len; k++)
        if (!rev->events.items[k].exists && mf_object_direct(&rev->events.items[k], obj))
            return true;
    return false;
}

/* A name the helper can be given as a plain Python string. */
static bool plain_name(const char *name) {
    if (!name || !*name)
        return false;
    for (const char *c = name; *c; c++)
        if (*c == '"' || *c == '\\' || (unsigned char)*c < 0x20)
            return false;
    return true;
}

static bool renderable(const mf_schema_event *event) {
    if (event->conventional || event->by_call) /* a guessed name; see by_call */
        return false;
    if (!plain_name(event->name) || (event->schema_name && !plain_name(event->schema_name)))
        return false;
    return event->kind == MF_OBJECT_TABLE || event->kind == MF_OBJECT_TYPE ||
           plain_name(event->table_name);
}

static void render_object(mf_buf *out, const mf_guard_object *o) {
    mf_buf_printf(out, "(\"%s\", ", o->kind);
    if (o->schema)
        mf_buf_printf(out, "\"%s\", ", o->schema);
    else
        mf_buf_puts(out, "None, ");
    if (o->table)
        mf_buf_printf(out, "\"%s\", ", o->table);
    mf_buf_printf(out, "\"%s\")", o->name);
}

/* The objects of REV (R) that a guard may check, as indexes into its
 * events: WITNESS (proof that a database is past R's start), KEPT (all that
 * R makes and that no revision removes: still there at head, so a database
 * that lacks one did not finish R) and GONE (what R removes and no revision
 * that may run after it makes again: a database that still has one did not
 * finish R). */
typedef MF_VEC(size_t) event_list;

static bool listed_table(const mf_revision *rev, const event_list *list, const char *table) {
    for (size_t i = 0; i < list->len; i++) {
        const mf_schema_event *event = &rev->events.items[list->items[i]];
        if (event->kind == MF_OBJECT_TABLE && strcmp(event->key, table) == 0)
            return true;
    }
    return false;
}

static void select_gone(mf_object_index *f, size_t r, event_list *gone) {
    const mf_chain *chain = f->chain;
    const mf_revision *rev = &chain->revisions.items[r];
    for (size_t k = 0; k < rev->events.len; k++) {
        const mf_schema_event *event = &rev->events.items[k];
        if (!event->key || event->exists || !event->always || !renderable(event) ||
            (event->kind == MF_OBJECT_TYPE && chain->dialect != MF_DIALECT_POSTGRESQL))
            continue;
        mf_object obj = mf_object_of(event);
        if (mf_object_last_relevant(rev, &obj) != event || mf_object_may_remove(rev, &obj, 0))
            continue; /* made again (or maybe) by R itself afterwards */
        mf_object_index_list(f, &obj);
        bool made = false;
        for (size_t i = 0; i < f->list.len && !made; i++) {
            size_t x = f->list.items[i];
            const mf_revision *other = &chain->revisions.items[x];
            /* One migfix cannot read may make it again: the guard then only
             * fails to skip. */
            made = x != r && other->certain && !mf_chain_is_ancestor(chain, x, r) &&
                   could_make(&other->events, &obj);
        }
        if (!made)
            MF_VEC_PUSH(gone, k);
    }
}

/* Whether a guard that checks ALL (made) and GONE (removed) shows that REV's
 * upgrade ran to its end: its witness only shows that it started. On
 * MySQL, MariaDB and SQLite each DDL statement commits on its own, so a
 * revision stopped half way keeps its first statements; statements run in
 * order, so the effect of the last one is the proof. */
static bool shows_end(const mf_revision *rev, const event_list *all, const event_list *gone) {
    if (rev->tail == MF_TAIL_NO_DDL)
        return true;
    if (rev->tail == MF_TAIL_UNKNOWN)
        return false;
    const mf_schema_event *tail = &rev->events.items[rev->tail];
    const event_list *list = tail->exists ? all : gone;
    for (size_t i = 0; i < list->len; i++)
        if (strcmp(rev->events.items[list->items[i]].key, tail->key) == 0)
            return true;
    return false;
}

/* Whether OTHER, a revision that is not certain, may touch OBJ: make it or
 * remove it. What migfix read of it counts as any revision's does; what it
 * could not, per table (mf_revision.unsure_tables), or any. */
static bool unsure_touches(const mf_revision *other, const mf_object *obj) {
    if (other->unsure_any || !obj->table || obj->kind == MF_OBJECT_TYPE ||
        (other->unsure_indexes &&
         (obj->kind == MF_OBJECT_INDEX || obj->kind == MF_OBJECT_CONSTRAINT)))
        return true;
    if (could_make(&other->read_events, obj))
        return true;
    for (size_t k = 0; k < other->read_events.len; k++)
        if (!other->read_events.items[k].exists &&
            mf_object_relevant(&other->read_events.items[k], obj))
            return true;
    for (size_t t = 0; t < other->unsure_tables.len; t++)
        if (strcmp(other->unsure_tables.items[t], obj->table) == 0)
            return true;
    return false;
}

/* Whether a database lost before R may have OBJ without being past R: a
 * revision that is not certain and could run before R (not a descendant)
 * may make OBJ, and another revision that could run after it and before R
 * may remove it again (a clean run of the original has OBJ absent right
 * before R, which makes it unguarded). Without such a remover, OBJ made
 * by the first would still be there when R ran, and R would have failed:
 * one unreadable revision alone proves nothing against R's witness. The
 * candidates are F's list for OBJ (what concerns it, and every revision
 * that is not certain). */
static bool unsure_before(mf_object_index *f, size_t r, const mf_object *obj) {
    const mf_chain *chain = f->chain;
    bool listed = false;
    for (size_t i = 0; i < f->uncertain.len; i++) {
        size_t u = f->uncertain.items[i];
        if (u == r || mf_chain_is_ancestor(chain, r, u) ||
            !unsure_touches(&chain->revisions.items[u], obj))
            continue;
        if (!listed)
            mf_object_index_list(f, obj);
        listed = true;
        for (size_t k = 0; k < f->list.len; k++) {
            size_t w = f->list.items[k];
            if (w == u || w == r || mf_chain_is_ancestor(chain, r, w) ||
                mf_chain_is_ancestor(chain, w, u))
                continue; /* not between U and R */
            const mf_revision *other = &chain->revisions.items[w];
            if (other->certain ? mf_object_may_remove(other, obj, SIZE_MAX)
                               : unsure_touches(other, obj))
                return true;
        }
    }
    return false;
}

/* Whether the object REV's last DDL statement makes, though not among what
 * no revision removes, still shows that REV finished: it is there at head,
 * and only REV and its descendants (which run after REV finished) may make
 * it. */
static bool tail_shows_end(mf_object_index *f, size_t r) {
    const mf_chain *chain = f->chain;
    const mf_revision *rev = &chain->revisions.items[r];
    if (rev->tail == MF_TAIL_UNKNOWN || rev->tail == MF_TAIL_NO_DDL)
        return false;
    const mf_schema_event *tail = &rev->events.items[rev->tail];
    mf_object obj = mf_object_of(tail);
    if (!tail->exists || !renderable(tail) || mf_object_last_relevant(rev, &obj) != tail ||
        !mf_object_leaves(rev, &obj) ||
        (tail->kind == MF_OBJECT_TYPE && chain->dialect != MF_DIALECT_POSTGRESQL) ||
        unsure_before(f, r, &obj))
        return false;
    mf_object_index_list(f, &obj);
    for (size_t i = 0; i < f->list.len; i++) {
        size_t x = f->list.items[i];
        const mf_revision *other = &chain->revisions.items[x];
        if (x == r || !other->certain) /* the uncertain: see unsure_before */
            continue;
        if (!mf_chain_is_ancestor(chain, r, x)
                ? could_make(&other->events, &obj)
                : !mf_object_leaves(other, &obj) && mf_object_may_remove(other, &obj, SIZE_MAX))
            return false;
    }
    return true;
}

static void select_objects(mf_object_index *f, size_t r, event_list *witness, event_list *kept) {
    const mf_chain *chain = f->chain;
    const mf_revision *rev = &chain->revisions.items[r];
    /* Tables and loose objects first; then what came with a create_table
     * whose table is not listed already. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < rev->events.len; k++) {
            const mf_schema_event *event = &rev->events.items[k];
            if (!event->key || !event->exists || !event->always || event->with_table != pass ||
                !renderable(event) ||
                (event->kind == MF_OBJECT_TYPE && chain->dialect != MF_DIALECT_POSTGRESQL))
                continue;
            mf_object obj = mf_object_of(event);
            if (mf_object_last_relevant(rev, &obj) != event || !mf_object_leaves(rev, &obj))
                continue;
            /* What came with a table already listed adds nothing to it. */
            bool keep = pass == 0 || !listed_table(rev, kept, event->table);
            bool witnessed = pass == 1 && listed_table(rev, witness, event->table);
            if (!keep && witnessed)
                continue;
            mf_object_index_list(f, &obj);
            bool removed = false, made = false, dropped_before = false;
            for (size_t i = 0; i < f->list.len; i++) {
                size_t x = f->list.items[i];
                if (x == r)
                    continue;
                /* A revision migfix cannot read is no proof either way: one that
                 * may run before R rules out R's witness (unsure_before); one
                 * after R that removes an object only makes a guard fail to
                 * skip, which is what happens today. */
                const mf_revision *other = &chain->revisions.items[x];
                if (!other->certain)
                    continue;
                /* What runs before R cannot remove what R makes afterwards;
                 * but dropping it by name shows that it may have been there
                 * before R (made outside the chain): R's is no proof. */
                bool before = mf_chain_is_ancestor(chain, x, r);
                removed |= !before && mf_object_may_remove(other, &obj, SIZE_MAX);
                dropped_before |= before && drops_itself(other, &obj);
                made |= could_make(&other->events, &obj);
            }
            if (removed)
                continue;
            if (keep)
                MF_VEC_PUSH(kept, k);
            if (!witnessed && !made && !dropped_before && downgrade_removes(rev, &obj) &&
                !unsure_before(f, r, &obj))
                MF_VEC_PUSH(witness, k);
        }
    }
}

/* The events of REV in LIST as guard objects, and as Python. */
static mf_guard_objects guard_objects(mf_arena *arena, const mf_revision *rev,
                                      const event_list *list) {
    static const char *const kinds[] = {"table", "column", "index", "constraint", "type"};
    mf_guard_object *items = mf_arena_alloc(arena, (list->len ? list->len : 1) * sizeof *items);
    mf_buf out = {0};
    mf_buf_putc(&out, '[');
    for (size_t i = 0; i < list->len; i++) {
        const mf_schema_event *event = &rev->events.items[list->items[i]];
        bool on_table = event->kind != MF_OBJECT_TABLE && event->kind != MF_OBJECT_TYPE;
        items[i] = (mf_guard_object){kinds[event->kind], event->schema_name,
                                     on_table ? event->table_name : NULL, event->name};
        if (i)
            mf_buf_puts(&out, ", ");
        render_object(&out, &items[i]);
    }
    mf_buf_putc(&out, ']');
    mf_guard_objects objects = {items, list->len, mf_arena_strndup(arena, out.data, out.len)};
    mf_buf_free(&out);
    return objects;
}

/* OBJECTS (a Python list) with ("transaction",) first. */
static const char *in_one_transaction(mf_arena *arena, const char *objects) {
    return mf_arena_printf(arena, "[(\"transaction\",)%s%s", objects[1] == ']' ? "" : ", ",
                           objects + 1);
}

static int compare_guards(const void *a, const void *b) {
    const mf_revision_guard *x = a, *y = b;
    return strcmp(x->revision, y->revision);
}

void mf_chain_witness(mf_chain *chain) {
    size_t n = chain->revisions.len;
    for (size_t r = 0; r < n; r++) {
        const mf_revision *rev = &chain->revisions.items[r];
        if (!rev->in_graph || rev->in_cycle || rev->partial || !mf_chain_id(rev))
            return; /* a graph migfix cannot read whole vouches for nothing */
    }
    mf_object_index f;
    mf_object_index_open(&f, chain);
    /* A revision's witness proves that it started, which proves that every
     * ancestor finished (Alembic runs one revision after the other): so
     * every witness can be lent to ancestors (LEND), but a revision relies on
     * its own only when its guard also shows its last statement's effect
     * (OWN). */
    mf_guard_objects *lend = mf_xcalloc(n ? n : 1, sizeof *lend);
    bool *own = mf_xcalloc(n ? n : 1, sizeof *own);
    mf_guard_objects *kept = mf_xcalloc(n ? n : 1, sizeof *kept);
    mf_guard_objects *removed = mf_xcalloc(n ? n : 1, sizeof *removed);
    for (size_t r = 0; r < n; r++) {
        const mf_revision *rev = &chain->revisions.items[r];
        if (!rev->certain)
            continue;
        event_list witness = {0}, all = {0}, gone = {0};
        select_objects(&f, r, &witness, &all);
        select_gone(&f, r, &gone);
        if (witness.len)
            lend[r] = guard_objects(&chain->arena, rev, &witness);
        for (size_t i = 0; i < witness.len; i++) { /* the guard checks both */
            bool listed = false;
            for (size_t j = 0; j < all.len; j++)
                listed |= all.items[j] == witness.items[i];
            if (!listed)
                MF_VEC_PUSH(&all, witness.items[i]);
        }
        bool ends = shows_end(rev, &all, &gone);
        if (!ends && witness.len && tail_shows_end(&f, r)) {
            MF_VEC_PUSH(&all, rev->tail);
            ends = true;
        }
        own[r] = witness.len && ends;
        kept[r] = guard_objects(&chain->arena, rev, &all);
        if (gone.len)
            removed[r] = guard_objects(&chain->arena, rev, &gone);
        MF_VEC_FREE(&witness);
        MF_VEC_FREE(&all);
        MF_VEC_FREE(&gone);
    }
    for (size_t i = 0; i < chain->order.len; i++) {
        size_t r = chain->order.items[i];
        const mf_revision *rev = &chain->revisions.items[r];
        if (!rev->certain || (!rev->events.len && !rev->has_data))
            continue; /* nothing to replay */
        mf_revision_guard guard = {mf_chain_id(rev), rev->path, {0}, {0}, {0}, NULL,
                                   rev->has_data,    false};
        if (own[r]) {
            guard.all_of = kept[r];
        } else {
            for (size_t j = i + 1; j < chain->order.len && !guard.any_of.python; j++) {
                size_t d = chain->order.items[j];
                if (lend[d].python && mf_chain_is_ancestor(chain, r, d)) {
                    guard.all_of = kept[r];
                    guard.any_of = lend[d];
                    guard.from = mf_chain_id(&chain->revisions.items[d]);
                }
            }
        }
        /* Where a revision runs in one transaction, any of its witnesses
         * shows that all of it ran (asked for a revision that writes rows:
         * one of DDL alone is as safe with its operations' guards, which
         * also compare what they find): PostgreSQL's DDL is transactional, and
         * Alembic runs an upgrade in a transaction (per migration, or one
         * for the command). The helper checks that it does before it
         * trusts the witness; elsewhere the revision runs as it would
         * without this guard. */
        if (!guard.all_of.python && rev->has_data && lend[r].python && !rev->may_commit &&
            chain->dialect == MF_DIALECT_POSTGRESQL) {
            guard.all_of = kept[r];
            guard.all_of.python = in_one_transaction(&chain->arena, kept[r].python);
            guard.one_transaction = true;
        }
        if (guard.all_of.python)
            guard.none_of = removed[r];
        if (guard.all_of.python) {
            MF_VEC_PUSH(&chain->guards, guard);
        } else if (rev->has_data) {
            mf_chain_add_finding(chain, rev, rev->revision.line, rev->revision.column, "MF301",
                                 MF_SEVERITY_WARNING,
                                 "no witness for this revision or any after it (an object only "
                                 "one revision makes, that nothing removes and that its "
                                 "downgrade drops or keeps with all the rest, that no "
                                 "revision migfix cannot read may make before another may "
                                 "remove it again), so a database past it cannot "
                                 "be told from one before it: "
                                 "if alembic_version is lost, its data statements run again");
        }
    }
    if (chain->guards.len > 1)
        qsort(chain->guards.items, chain->guards.len, sizeof *chain->guards.items, compare_guards);
    free(lend);
    free(own);
    free(kept);
    free(removed);
    mf_object_index_close(&f);
}

const mf_revision_guard *mf_chain_guard(const mf_chain *chain, const char *revision) {
    if (!chain || !revision || !chain->guards.len)
        return NULL;
    mf_revision_guard key = {revision, NULL, {0}, {0}, {0}, NULL, false, false};
    return bsearch(&key, chain->guards.items, chain->guards.len, sizeof key, compare_guards);
}
