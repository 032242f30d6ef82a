/* Drift facts the chain vouches for: a guard compares what exists with what
 * its operation says only when no other revision changes that object, nor
 * the rest of its own revision (issue "Drift made visible"). Otherwise, on a
 * database past those changes, the comparison would report as drift what
 * the chain itself did: a column added NULL and made NOT NULL later, a table
 * whose column a later revision drops.
 *
 * Every guard of every file asks, so the changes are indexed once, by key,
 * when the chain is analysed (a scan of the chain per question made a run
 * quadratic in the number of revisions). */
#include "chain_model.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Which change an entry records; an entry is kept under the key of the
 * object it may concern (ANY_TABLE: under "*", every object). */
typedef enum {
    MADE,           /* the object (or, under a table's key, the table) made */
    REMOVED,        /* removed (or renamed away) */
    ALTERED,        /* a column's alter_column */
    UNNAMED,        /* an object of KIND migfix cannot name, on the table */
    COLUMN_REMOVED, /* under a table's key: one of its columns removed */
    REMOVED_THERE,  /* under a table's key: a named object of KIND removed there */
    INDEX_THERE,    /* under a table's key: a named index made or removed there (EVENT) */
} change;

struct mf_drift_entry {
    const char *key;
    size_t rev;
    change what;
    mf_object_kind kind;
    size_t event; /* the event of REV the entry stands for */
};

static int compare_entries(const void *a, const void *b) {
    const mf_drift_entry *x = a, *y = b;
    return strcmp(x->key, y->key);
}

typedef MF_VEC(mf_drift_entry) drift_entries;

static void add(drift_entries *out, const char *key, size_t rev, change what, mf_object_kind kind,
                size_t event) {
    mf_drift_entry entry = {key, rev, what, kind, event};
    MF_VEC_PUSH(out, entry);
}

void mf_chain_drift_index(mf_chain *chain) {
    drift_entries entries = {0};
    for (size_t x = 0; x < chain->revisions.len; x++) {
        const mf_revision *rev = &chain->revisions.items[x];
        if (!rev->in_graph)
            continue;
        for (size_t k = 0; k < rev->events.len; k++) {
            const mf_schema_event *e = &rev->events.items[k];
            if (e->key)
                add(&entries, e->key, x, e->exists ? MADE : REMOVED, e->kind, k);
            else if (e->kind == MF_OBJECT_TABLE || !e->table)
                add(&entries, "*", x, UNNAMED, e->kind, k); /* a table, or on any table */
            else
                add(&entries, e->table, x, UNNAMED, e->kind, k);
            if (e->key && e->kind == MF_OBJECT_COLUMN && !e->exists && e->table)
                add(&entries, e->table, x, COLUMN_REMOVED, e->kind, k);
            /* drop_index without table_name: on any table of its schema. */
            if (e->key && !e->exists &&
                (e->kind == MF_OBJECT_CONSTRAINT || e->kind == MF_OBJECT_INDEX))
                add(&entries, e->table ? e->table : "*", x, REMOVED_THERE, e->kind, k);
            if (e->key && e->kind == MF_OBJECT_INDEX && e->table)
                add(&entries, e->table, x, INDEX_THERE, e->kind, k);
        }
        for (size_t u = 0; u < rev->uses.len; u++) {
            const mf_schema_use *use = &rev->uses.items[u];
            size_t n = strlen(use->call);
            if (use->kind == MF_OBJECT_COLUMN && use->key && n >= 12 &&
                strcmp(use->call + n - 12, "alter_column") == 0)
                add(&entries, use->key, x, ALTERED, use->kind, u);
        }
    }
    if (entries.len > 1)
        qsort(entries.items, entries.len, sizeof *entries.items, compare_entries);
    chain->drift =
        mf_arena_alloc(&chain->arena, (entries.len ? entries.len : 1) * sizeof *chain->drift);
    if (entries.len)
        memcpy(chain->drift, entries.items, entries.len * sizeof *entries.items);
    chain->ndrift = entries.len;
    MF_VEC_FREE(&entries);
    chain->uncertain =
        mf_arena_alloc(&chain->arena, (chain->revisions.len + 1) * sizeof *chain->uncertain);
    chain->nuncertain = 0;
    for (size_t x = 0; x < chain->revisions.len; x++)
        if (chain->revisions.items[x].in_graph && !chain->revisions.items[x].certain)
            chain->uncertain[chain->nuncertain++] = x;
}

static size_t revision_of(const mf_chain *chain, const char *id) {
    for (size_t i = 0; i < chain->revisions.len; i++) {
        const mf_revision *rev = &chain->revisions.items[i];
        const char *own = mf_chain_id(rev);
        if (rev->in_graph && own && strcmp(own, id) == 0)
            return i;
    }
    return SIZE_MAX;
}

/* The first entry under KEY (or ndrift). */
static size_t first_entry(const mf_chain *chain, const char *key) {
    mf_drift_entry probe = {key, 0, MADE, MF_OBJECT_TABLE, 0};
    size_t lo = 0, hi = chain->ndrift;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (compare_entries(&chain->drift[mid], &probe) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool under(const mf_chain *chain, size_t i, const char *key) {
    return i < chain->ndrift && strcmp(chain->drift[i].key, key) == 0;
}

/* Whether an entry under KEY that ACCEPTS says that a revision other than
 * an ancestor of R (or R itself, further on) changes the object. */
static bool changed_under(const mf_chain *chain, size_t r, const char *key,
                          bool (*accepts)(const mf_drift_entry *, const void *), const void *data) {
    for (size_t i = first_entry(chain, key); under(chain, i, key); i++) {
        const mf_drift_entry *entry = &chain->drift[i];
        const mf_revision *other = &chain->revisions.items[entry->rev];
        bool own = entry->rev == r;
        /* What runs before R cannot change what it makes; in R itself, making
         * the object is the operation asked about. */
        if (own ? entry->what == MADE
                : !other->certain || mf_chain_is_ancestor(chain, entry->rev, r))
            continue;
        if (accepts(entry, data))
            return true;
    }
    return false;
}

typedef struct {
    mf_object_kind kind;
    bool columns_of_table;
    bool every_one; /* any object of KIND on the table removed, named or not */
} asking;

static bool about_the_object(const mf_drift_entry *entry, const void *data) {
    (void)entry, (void)data;
    return true;
}

/* Under the table's key: the table made or removed, an unnamed object of the
 * kind asked about, or (a table's columns) one of them removed. */
static bool about_its_table(const mf_drift_entry *entry, const void *data) {
    const asking *a = data;
    if (entry->what == INDEX_THERE)
        return false; /* the index's own key says it */
    if (entry->what == UNNAMED)
        return entry->kind == a->kind;
    if (entry->what == COLUMN_REMOVED)
        return a->columns_of_table;
    if (entry->what == REMOVED_THERE)
        return a->every_one && entry->kind == a->kind;
    return entry->kind == MF_OBJECT_TABLE;
}

static bool about_any_table(const mf_drift_entry *entry, const void *data) {
    const asking *a = data;
    if (entry->what == REMOVED_THERE)
        return a->every_one && entry->kind == a->kind;
    return entry->kind == MF_OBJECT_TABLE || entry->kind == a->kind;
}

static bool changed_elsewhere(const mf_chain *chain, mf_arena *scratch, size_t r, const char *kind,
                              const char *schema, const char *table, const char *name) {
    const char *table_key = mf_table_key(scratch, schema, table);
    asking a = {MF_OBJECT_TABLE, strcmp(kind, "table") == 0, false};
    if (strcmp(kind, "column") == 0)
        a.kind = MF_OBJECT_COLUMN;
    else if (strcmp(kind, "index") == 0 || strcmp(kind, "indexes") == 0)
        a.kind = MF_OBJECT_INDEX;
    else if (strcmp(kind, "constraint") == 0 || strcmp(kind, "constraints") == 0)
        a.kind = MF_OBJECT_CONSTRAINT;
    a.every_one = strcmp(kind, "constraints") == 0 || strcmp(kind, "indexes") == 0;
    if (a.kind != MF_OBJECT_TABLE && name &&
        changed_under(chain, r, mf_object_key(scratch, a.kind, table_key, name), about_the_object,
                      &a))
        return true;
    return changed_under(chain, r, table_key, about_its_table, &a) ||
           changed_under(chain, r, "*", about_any_table, &a);
}

bool mf_chain_changed_elsewhere(const mf_chain *chain, mf_arena *scratch, const char *revision,
                                const char *kind, const char *schema, const char *table,
                                const char *name) {
    size_t r = chain && revision && table ? revision_of(chain, revision) : SIZE_MAX;
    if (r == SIZE_MAX)
        return false; /* outside the chain: nothing is known of other revisions */
    return changed_elsewhere(chain, scratch, r, kind, schema, table, name);
}

/* ---- the indexes a SQLite batch rebuild may have lost ------------------- */

static const mf_schema_event *event_of(const mf_chain *chain, const mf_drift_entry *entry) {
    return &chain->revisions.items[entry->rev].events.items[entry->event];
}

/* LATER may have run after EARLIER: later in the same upgrade, or in a
 * revision that does not surely run before EARLIER's. */
static bool may_follow(const mf_chain *chain, size_t later_rev, size_t later_event,
                       const mf_drift_entry *earlier) {
    if (later_rev == earlier->rev)
        return later_event > earlier->event;
    return !mf_chain_is_ancestor(chain, later_rev, earlier->rev);
}

/* Whether the index shape SHAPE may name COLUMN (a quoted name in a list, a
 * word of its SQL): guessed generously, since a yes only does less. */
static bool may_name(const char *shape, const char *column) {
    size_t n = strlen(column);
    for (const char *at = shape; n && (at = strstr(at, column)); at++) {
        bool before = at == shape || !(isalnum((unsigned char)at[-1]) || at[-1] == '_');
        bool after = !(isalnum((unsigned char)at[n]) || at[n] == '_');
        if (before && after)
            return true;
    }
    return false;
}

/* Whether the index MADE made (in an ancestor of R) is still there, as made,
 * when R begins, and R leaves it to its batch block: nothing that ran since
 * (or may have) makes or removes it again, removes or makes its table again,
 * removes a column it may name or an index migfix cannot name; no revision
 * migfix cannot read ran since; R itself neither makes nor removes it, its
 * table, nor a column it may name (the batch block may be there to). */
static bool still_made(const mf_chain *chain, size_t r, const mf_drift_entry *made,
                       const char *table_key) {
    const mf_schema_event *index = event_of(chain, made);
    for (size_t i = first_entry(chain, index->key); under(chain, i, index->key); i++) {
        const mf_drift_entry *x = &chain->drift[i];
        if (x->rev == made->rev && x->event == made->event)
            continue;
        if (x->rev == r ||
            (mf_chain_is_ancestor(chain, x->rev, r) && may_follow(chain, x->rev, x->event, made)))
            return false;
    }
    static const char *const anywhere = "*";
    for (int pass = 0; pass < 2; pass++) {
        const char *key = pass ? anywhere : table_key;
        for (size_t i = first_entry(chain, key); under(chain, i, key); i++) {
            const mf_drift_entry *x = &chain->drift[i];
            bool relevant = x->kind == MF_OBJECT_TABLE ||
                            (x->what == UNNAMED && x->kind == MF_OBJECT_INDEX) ||
                            (x->what == COLUMN_REMOVED &&
                             may_name(index->definition, event_of(chain, x)->name));
            if (relevant && (x->rev == r || (mf_chain_is_ancestor(chain, x->rev, r) &&
                                             may_follow(chain, x->rev, x->event, made))))
                return false;
        }
    }
    for (size_t u = 0; u < chain->nuncertain; u++) {
        size_t x = chain->uncertain[u];
        if (mf_chain_is_ancestor(chain, x, r) && may_follow(chain, x, SIZE_MAX, made))
            return false;
    }
    return true;
}

static int compare_strings(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *mf_chain_indexes_before(const mf_chain *chain, mf_arena *scratch, const char *revision,
                                    const char *schema, const char *table) {
    size_t r = chain && revision && table ? revision_of(chain, revision) : SIZE_MAX;
    if (r == SIZE_MAX || !chain->revisions.items[r].certain)
        return NULL;
    const char *table_key = mf_table_key(scratch, schema, table);
    MF_VEC(const char *) shapes = {0};
    for (size_t i = first_entry(chain, table_key); under(chain, i, table_key); i++) {
        const mf_drift_entry *made = &chain->drift[i];
        const mf_schema_event *e = made->what == INDEX_THERE ? event_of(chain, made) : NULL;
        if (!e || !e->exists || !e->always || !e->definition ||
            !mf_chain_is_ancestor(chain, made->rev, r) || !still_made(chain, r, made, table_key) ||
            changed_elsewhere(chain, scratch, r, "index", schema, table, e->name))
            continue;
        MF_VEC_PUSH(&shapes, e->definition);
    }
    const char *list = NULL;
    if (shapes.len) {
        qsort(shapes.items, shapes.len, sizeof *shapes.items, compare_strings);
        mf_buf out = {0};
        mf_buf_putc(&out, '[');
        for (size_t i = 0; i < shapes.len; i++)
            if (!i || strcmp(shapes.items[i], shapes.items[i - 1]) != 0)
                mf_buf_printf(&out, "%s%s", i ? ", " : "", shapes.items[i]);
        mf_buf_putc(&out, ']');
        list = mf_arena_strndup(scratch, out.data, out.len);
        mf_buf_free(&out);
    }
    MF_VEC_FREE(&shapes);
    return list;
}
