/* Schema objects and what one revision does to them: the predicates the
 * schema rules (chain_schema.c) and the revision witnesses
 * (chain_witness.c) share. */
#include "chain_model.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static char *lower_join(mf_arena *arena, const char *const *parts, size_t n) {
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(parts[i]);
    char *out = mf_arena_alloc(arena, len + 1), *at = out;
    for (size_t i = 0; i < n; i++)
        for (const char *c = parts[i]; *c; c++)
            *at++ = (char)tolower((unsigned char)*c);
    *at = '\0';
    return out;
}

/* "t|schema.table"; the default schema (none, or PostgreSQL's "public") is
 * the empty schema. */
const char *mf_table_key(mf_arena *arena, const char *schema, const char *table) {
    if (!schema || strcmp(schema, "public") == 0)
        schema = "";
    const char *parts[] = {"t|", schema, ".", table};
    return lower_join(arena, parts, 4);
}

/* The key of NAME of KIND on table TABLE ("t|schema.table"). */
const char *mf_object_key(mf_arena *arena, mf_object_kind kind, const char *table,
                          const char *name) {
    static const char *const prefixes[] = {"t|", "c|", "i|", "k|", "y|"};
    if (kind == MF_OBJECT_INDEX) { /* in the table's schema, not on the table */
        const char *dot = strchr(table, '.');
        char *schema = mf_arena_strndup(arena, table + 2, (size_t)(dot - table - 2));
        const char *parts[] = {"i|", schema, "|", name};
        return lower_join(arena, parts, 4);
    }
    const char *parts[] = {prefixes[kind], table + 2, "|", name};
    return lower_join(arena, parts, 4);
}

/* The schema key of a type in SCHEMA ("y|schema|name"). */
const char *mf_type_key(mf_arena *arena, const char *schema, const char *name) {
    if (!schema || strcmp(schema, "public") == 0)
        schema = "";
    const char *parts[] = {"y|", schema, "|", name};
    return lower_join(arena, parts, 4);
}

mf_object mf_object_of(const mf_schema_event *event) {
    return (mf_object){event->kind, event->key,
                       event->kind == MF_OBJECT_TABLE ? event->key : event->table};
}

/* Whether EVENT may concern OBJ: it is about OBJ, about OBJ's table as a
 * whole (dropping a table drops its columns), or about an unnamed object of
 * OBJ's kind there. */
bool mf_object_relevant(const mf_schema_event *event, const mf_object *obj) {
    if (!event->key)
        return event->kind == MF_OBJECT_TABLE ||
               (event->kind == obj->kind &&
                (!event->table || (obj->table && strcmp(event->table, obj->table) == 0)));
    return strcmp(event->key, obj->key) == 0 ||
           (obj->kind != MF_OBJECT_TABLE && event->kind == MF_OBJECT_TABLE && obj->table &&
            strcmp(event->key, obj->table) == 0);
}

bool mf_object_direct(const mf_schema_event *event, const mf_object *obj) {
    return event->key && strcmp(event->key, obj->key) == 0;
}

const mf_schema_event *mf_object_last_relevant(const mf_revision *rev, const mf_object *obj) {
    for (size_t k = rev->events.len; k-- > 0;)
        if (mf_object_relevant(&rev->events.items[k], obj))
            return &rev->events.items[k];
    return NULL;
}

const mf_schema_event *mf_object_first_direct(const mf_revision *rev, const mf_object *obj) {
    for (size_t k = 0; k < rev->events.len; k++)
        if (mf_object_direct(&rev->events.items[k], obj))
            return &rev->events.items[k];
    return NULL;
}

/* Whether REV may remove OBJ: among its first UPTO events, or anywhere in a
 * helper or a branch (whose place in the order is not known). */
bool mf_object_may_remove(const mf_revision *rev, const mf_object *obj, size_t upto) {
    for (size_t k = 0; k < rev->events.len; k++) {
        const mf_schema_event *event = &rev->events.items[k];
        if (!event->exists && (k < upto || !event->always) && mf_object_relevant(event, obj))
            return true;
    }
    return false;
}

/* Whether REV may change OBJ before its event BEFORE: an event among the
 * first BEFORE, or one that only may happen (in a helper or a branch, whose
 * place in the order is not known). BEFORE 0: whether any only may. */
bool mf_object_changed_before(const mf_revision *rev, const mf_object *obj, size_t before) {
    for (size_t k = 0; k < rev->events.len; k++)
        if ((k < before || !rev->events.items[k].always) &&
            mf_object_relevant(&rev->events.items[k], obj))
            return true;
    return false;
}

bool mf_object_touches(const mf_revision *rev, const mf_object *obj) {
    return mf_object_last_relevant(rev, obj) != NULL;
}

/* Whether REV's upgrade surely leaves OBJ in place: it makes it whenever it
 * runs, last, and nothing it may run removes it afterwards. */
bool mf_object_leaves(const mf_revision *rev, const mf_object *obj) {
    const mf_schema_event *last = mf_object_last_relevant(rev, obj);
    return rev->certain && last && mf_object_direct(last, obj) && last->exists && last->always &&
           !mf_object_may_remove(rev, obj, 0);
}

int mf_index_entry_order(const void *a, const void *b) {
    const mf_index_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->rev > y->rev) - (x->rev < y->rev);
}

/* Unnamed objects are filed under "?KIND|TABLE", or "?KIND|*" for any table. */
static const char *unnamed_key(mf_arena *arena, mf_object_kind kind, const char *table) {
    static const char kinds[] = "tcik";
    const char *in = table ? table : "*";
    char *key = mf_arena_alloc(arena, strlen(in) + 4);
    key[0] = '?';
    key[1] = kinds[kind];
    key[2] = '|';
    strcpy(key + 3, in);
    return key;
}

void mf_object_index_open(mf_object_index *f, mf_chain *chain) {
    *f = (mf_object_index){.chain = chain};
    size_t n = 0;
    for (size_t r = 0; r < chain->revisions.len; r++)
        n += chain->revisions.items[r].events.len;
    f->entries = mf_xmalloc((n ? n : 1) * sizeof *f->entries);
    for (size_t r = 0; r < chain->revisions.len; r++) {
        const mf_revision *rev = &chain->revisions.items[r];
        if (!rev->certain)
            MF_VEC_PUSH(&f->uncertain, r);
        for (size_t k = 0; k < rev->events.len; k++) {
            const mf_schema_event *event = &rev->events.items[k];
            const char *key = event->key;
            if (!key)
                key = unnamed_key(&chain->arena, event->kind,
                                  event->kind == MF_OBJECT_TABLE ? NULL : event->table);
            f->entries[f->nentries++] = (mf_index_entry){key, r};
        }
    }
    qsort(f->entries, f->nentries, sizeof *f->entries, mf_index_entry_order);
    f->seen = mf_xcalloc(chain->revisions.len + 1, sizeof *f->seen);
}

void mf_object_index_close(mf_object_index *f) {
    free(f->entries);
    free(f->seen);
    MF_VEC_FREE(&f->uncertain);
    MF_VEC_FREE(&f->list);
    MF_VEC_FREE(&f->merged);
}

size_t mf_index_first(const mf_index_entry *entries, size_t n, const char *key) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(entries[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void list_key(mf_object_index *f, const char *key) {
    size_t lo = mf_index_first(f->entries, f->nentries, key);
    for (; lo < f->nentries && strcmp(f->entries[lo].key, key) == 0; lo++)
        if (f->seen[f->entries[lo].rev] != f->query) {
            f->seen[f->entries[lo].rev] = f->query;
            MF_VEC_PUSH(&f->list, f->entries[lo].rev);
        }
}

static int index_order(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Fills f->list with the revisions that may matter to OBJ. */
void mf_object_index_list(mf_object_index *f, const mf_object *obj) {
    f->query++;
    f->list.len = 0;
    mf_arena *arena = &f->chain->arena;
    list_key(f, obj->key);
    list_key(f, "?t|*");
    if (obj->kind != MF_OBJECT_TABLE) {
        if (obj->table) {
            list_key(f, obj->table);
            list_key(f, unnamed_key(arena, obj->kind, obj->table));
        }
        list_key(f, unnamed_key(arena, obj->kind, NULL));
    }
    /* The few revisions found by key sorted, then merged with the uncertain
     * ones (in order already): sorting every answer whole cost a warm
     * pre-commit run a sixth of its time where many revisions are
     * uncertain. */
    if (f->list.len > 1)
        qsort(f->list.items, f->list.len, sizeof *f->list.items, index_order);
    if (!f->uncertain.len)
        return;
    f->merged.len = 0;
    size_t k = 0;
    for (size_t i = 0; i < f->uncertain.len; i++) {
        size_t u = f->uncertain.items[i];
        if (f->seen[u] == f->query)
            continue;
        f->seen[u] = f->query;
        for (; k < f->list.len && f->list.items[k] < u; k++)
            MF_VEC_PUSH(&f->merged, f->list.items[k]);
        MF_VEC_PUSH(&f->merged, u);
    }
    for (; k < f->list.len; k++)
        MF_VEC_PUSH(&f->merged, f->list.items[k]);
    f->list.len = 0;
    for (size_t i = 0; i < f->merged.len; i++)
        MF_VEC_PUSH(&f->list, f->merged.items[i]);
}
