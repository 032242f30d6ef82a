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
} change;

struct mf_drift_entry {
    const char *key;
    size_t rev;
    change what;
    mf_object_kind kind;
};

static int compare_entries(const void *a, const void *b) {
    const mf_drift_entry *x = a, *y = b;
    return strcmp(x->key, y->key);
}

typedef MF_VEC(mf_drift_entry) drift_entries;

static void add(drift_entries *out, const char *key, size_t rev, change what, mf_object_kind kind) {
    mf_drift_entry entry = {key, rev, what, kind};
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
                add(&entries, e->key, x, e->exists ? MADE : REMOVED, e->kind);
            else if (e->kind == MF_OBJECT_TABLE || !e->table)
                add(&entries, "*", x, UNNAMED, e->kind); /* a table, or on any table */
            else
                add(&entries, e->table, x, UNNAMED, e->kind);
            if (e->key && e->kind == MF_OBJECT_COLUMN && !e->exists && e->table)
                add(&entries, e->table, x, COLUMN_REMOVED, e->kind);
            /* drop_index without table_name: on any table of its schema. */
            if (e->key && !e->exists &&
                (e->kind == MF_OBJECT_CONSTRAINT || e->kind == MF_OBJECT_INDEX))
                add(&entries, e->table ? e->table : "*", x, REMOVED_THERE, e->kind);
        }
        for (size_t u = 0; u < rev->uses.len; u++) {
            const mf_schema_use *use = &rev->uses.items[u];
            size_t n = strlen(use->call);
            if (use->kind == MF_OBJECT_COLUMN && use->key && n >= 12 &&
                strcmp(use->call + n - 12, "alter_column") == 0)
                add(&entries, use->key, x, ALTERED, use->kind);
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

/* Whether an entry under KEY that ACCEPTS says that a revision other than
 * an ancestor of R (or R itself, further on) changes the object. */
static bool changed_under(const mf_chain *chain, size_t r, const char *key,
                          bool (*accepts)(const mf_drift_entry *, const void *), const void *data) {
    mf_drift_entry probe = {key, 0, MADE, MF_OBJECT_TABLE};
    size_t lo = 0, hi = chain->ndrift;
    while (lo < hi) { /* the first entry with KEY */
        size_t mid = lo + (hi - lo) / 2;
        if (compare_entries(&chain->drift[mid], &probe) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < chain->ndrift && strcmp(chain->drift[i].key, key) == 0; i++) {
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

bool mf_chain_changed_elsewhere(const mf_chain *chain, mf_arena *scratch, const char *revision,
                                const char *kind, const char *schema, const char *table,
                                const char *name) {
    size_t r = chain && revision && table ? revision_of(chain, revision) : SIZE_MAX;
    if (r == SIZE_MAX)
        return false; /* outside the chain: nothing is known of other revisions */
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
