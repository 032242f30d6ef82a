/* Where a database is on the chain (see chain.h, mf_chain_place).
 *
 * A state is a set of revisions closed under "runs before" (parents and
 * dependencies): what Alembic can have left. Each state's schema is the
 * events of its revisions replayed in topological order, object by object:
 * present, absent, or unknown (what migfix cannot read, made under an if,
 * named by a convention). A state fits the catalog as well as the objects it
 * knows agree with it: first presence, then a column's type family and
 * nullability. Every state is tried (depth first, applying and undoing one
 * revision at a time, so a linear chain of N revisions costs N^2 steps of
 * the search and one replay per revision); past a bound on branch
 * combinations, each revision with its ancestors only. Unknown objects
 * agree with anything: what migfix cannot read widens the answer rather
 * than guessing it. */
#include "chain_model.h"
#include "sql.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

enum { ABSENT, PRESENT, UNKNOWN };

#define NO_REVISION UINT32_MAX
#define MAX_STATES 200000   /* leaves of the search before it is cut short */
#define MAX_STEPS 20000000u /* revisions applied before it is */
#define MAX_LISTED 64       /* candidates kept */
#define MAX_EVIDENCE 8      /* per revision */

typedef struct {
    const char *key;
    mf_object_kind kind;
    const char *what, *name; /* for messages */
    uint32_t table;          /* the table's id; UINT32_MAX: none known */
    bool in_chain;           /* some revision says something of it */
    bool in_db;
    bool primary;             /* a primary key constraint */
    int db_family;            /* mf_type_family, -1: not a column of the database */
    signed char db_null;      /* -1: not known */
    MF_VEC(uint32_t) members; /* a table's columns, indexes, constraints */
} object;

typedef MF_VEC(uint32_t) id_list;

typedef struct {
    uint32_t id;
    uint8_t status;
    int8_t family, nullable;
    uint32_t origin;
} undo;

typedef struct {
    const mf_chain *chain;
    const mf_catalog *catalog;
    mf_arena *arena; /* the placement's */
    MF_VEC(object) objects;
    uint32_t *slots; /* open addressing over keys: id + 1, 0 empty */
    size_t nslots;
    /* The state being tried. */
    uint8_t *status;
    int8_t *family, *nullable; /* -1 unknown */
    uint32_t *origin;          /* the revision that set its status last */
    MF_VEC(undo) log;
    size_t wrong, wrong_attrs; /* objects the state gets wrong */
    bool recording;            /* keep the log (the search), or not (a replay) */
    /* The search. */
    size_t *order, n;   /* revisions in topological order */
    uint32_t *position; /* per revision; UINT32_MAX: not ordered */
    bool *in;           /* per revision: in the state */
    size_t words;
    size_t best_wrong, best_attrs, nbest;
    MF_VEC(uint64_t *) best; /* bitsets over positions */
    /* Per revision: objects it leaves unknown that a clean run proves
     * absent after it (absent_until_added). */
    id_list *proven;
    /* Per object: the revisions that may change it (in topological order);
     * and those that may change any object, or any index and constraint. */
    id_list *touches;
    id_list touch_any, touch_indexes;
    size_t leaves, steps;
    bool cut;
} placer;

static uint64_t hash_key(const char *s) {
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static uint32_t lookup(const placer *p, const char *key) {
    if (!p->nslots)
        return UINT32_MAX;
    for (size_t i = hash_key(key) & (p->nslots - 1);; i = (i + 1) & (p->nslots - 1)) {
        if (!p->slots[i])
            return UINT32_MAX;
        if (strcmp(p->objects.items[p->slots[i] - 1].key, key) == 0)
            return p->slots[i] - 1;
    }
}

static void rehash(placer *p) {
    size_t n = p->nslots ? p->nslots * 2 : 1024;
    uint32_t *slots = mf_xcalloc(n, sizeof *slots);
    for (size_t id = 0; id < p->objects.len; id++) {
        size_t i = hash_key(p->objects.items[id].key) & (n - 1);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = (uint32_t)id + 1;
    }
    free(p->slots);
    p->slots = slots;
    p->nslots = n;
}

static const char *const what_of[] = {"table", "column", "index", "constraint", "type"};

/* The id of KEY, added when new. */
static uint32_t intern(placer *p, const char *key, mf_object_kind kind, const char *name) {
    uint32_t id = lookup(p, key);
    if (id != UINT32_MAX)
        return id;
    if ((p->objects.len + 1) * 2 > p->nslots)
        rehash(p);
    object o = {.key = key,
                .kind = kind,
                .what = what_of[kind],
                .name = name,
                .table = UINT32_MAX,
                .db_family = -1,
                .db_null = -1};
    MF_VEC_PUSH(&p->objects, o);
    id = (uint32_t)p->objects.len - 1;
    size_t i = hash_key(key) & (p->nslots - 1);
    while (p->slots[i])
        i = (i + 1) & (p->nslots - 1);
    p->slots[i] = id + 1;
    return id;
}

static void belongs(placer *p, uint32_t id, uint32_t table) {
    object *o = &p->objects.items[id];
    if (o->table != UINT32_MAX || table == UINT32_MAX || table == id)
        return;
    o->table = table;
    MF_VEC_PUSH(&p->objects.items[table].members, id);
}

/* An event's object as it is named in messages. */
static const char *event_name(mf_arena *arena, const mf_schema_event *e) {
    const char *table = e->table_name ? e->table_name : "?";
    const char *qualified =
        e->schema_name ? mf_arena_printf(arena, "%s.%s", e->schema_name, table) : table;
    switch (e->kind) {
    case MF_OBJECT_TABLE:
        return e->name ? (e->schema_name ? mf_arena_printf(arena, "%s.%s", e->schema_name, e->name)
                                         : e->name)
                       : "?";
    case MF_OBJECT_COLUMN:
        return mf_arena_printf(arena, "%s.%s", qualified, e->name ? e->name : "?");
    case MF_OBJECT_TYPE:
        return e->name ? e->name : "?";
    default:
        return e->name ? mf_arena_printf(arena, "%s on %s", e->name, qualified) : "?";
    }
}

static const mf_schema_events *events_of(const mf_revision *rev) {
    return rev->certain ? &rev->events : &rev->read_events;
}

/* Whether object O is a column named NAME (on any table). */
static bool column_named(const object *o, const char *name) {
    return o->kind == MF_OBJECT_COLUMN && strcasecmp(strrchr(o->key, '|') + 1, name) == 0;
}

/* An event on a column of a table migfix cannot name, the column's name
 * known (a helper's `add_column(table, sa.Column("created_at", ...))`): it
 * may concern columns of that name only. */
static bool named_anywhere(const mf_schema_event *e) {
    return !e->key && e->kind == MF_OBJECT_COLUMN && !e->table && e->name;
}

/* Every object a revision names, and every object of the catalog. */
static void gather(placer *p) {
    const mf_chain *chain = p->chain;
    for (size_t o = 0; o < p->n; o++) {
        const mf_revision *rev = &chain->revisions.items[p->order[o]];
        const mf_schema_events *events = events_of(rev);
        for (size_t i = 0; i < events->len; i++) {
            const mf_schema_event *e = &events->items[i];
            /* Types are objects of their own on PostgreSQL only. */
            if (!e->key ||
                (e->kind == MF_OBJECT_TYPE && p->catalog->dialect != MF_DIALECT_POSTGRESQL))
                continue;
            uint32_t id = intern(p, e->key, e->kind, event_name(p->arena, e));
            /* SQLite keeps a constraint's name only in its CREATE TABLE
             * text, and a batch rebuild may not keep it: not compared. */
            p->objects.items[id].in_chain |=
                e->kind != MF_OBJECT_CONSTRAINT || p->catalog->dialect != MF_DIALECT_SQLITE;
            p->objects.items[id].primary |= e->primary;
            if (e->kind != MF_OBJECT_TABLE && e->table && e->kind != MF_OBJECT_TYPE) {
                uint32_t table = intern(p, e->table, MF_OBJECT_TABLE,
                                        e->table_name ? e->table_name : e->table + 2);
                belongs(p, id, table);
            }
        }
        for (size_t i = 0; i < rev->alters.len; i++)
            p->objects
                .items[intern(p, rev->alters.items[i].key, MF_OBJECT_COLUMN,
                              rev->alters.items[i].key + 2)]
                .in_chain = true;
    }
    const mf_catalog *cat = p->catalog;
    mf_arena *a = p->arena;
    for (size_t t = 0; t < cat->tables.len; t++) {
        const mf_catalog_table *table = &cat->tables.items[t];
        const char *tkey = mf_table_key(a, table->schema, table->name);
        const char *tname =
            table->schema ? mf_arena_printf(a, "%s.%s", table->schema, table->name) : table->name;
        uint32_t tid = intern(p, tkey, MF_OBJECT_TABLE, tname);
        p->objects.items[tid].in_db = true;
        for (size_t c = 0; c < table->columns.len; c++) {
            const mf_catalog_column *col = &table->columns.items[c];
            uint32_t id = intern(p, mf_object_key(a, MF_OBJECT_COLUMN, tkey, col->name),
                                 MF_OBJECT_COLUMN, mf_arena_printf(a, "%s.%s", tname, col->name));
            belongs(p, id, tid);
            object *o = &p->objects.items[id];
            o->in_db = true;
            o->db_family = (int)col->family;
            o->db_null = col->nullable;
        }
        bool has_primary = false;
        for (size_t k = 0; k < table->constraints.len; k++) {
            const mf_catalog_constraint *con = &table->constraints.items[k];
            has_primary |= con->kind == MF_CONSTRAINT_PRIMARY;
            if (!con->name)
                continue;
            /* An index and a constraint answer for each other: MySQL calls
             * every unique index a constraint, PostgreSQL backs unique
             * constraints by an index of the same name. */
            const char *keys[] = {mf_object_key(a, MF_OBJECT_CONSTRAINT, tkey, con->name),
                                  mf_object_key(a, MF_OBJECT_INDEX, tkey, con->name)};
            for (int i = 0; i < 2; i++) {
                uint32_t id = i == 0 ? intern(p, keys[0], MF_OBJECT_CONSTRAINT,
                                              mf_arena_printf(a, "%s on %s", con->name, tname))
                                     : lookup(p, keys[1]);
                if (id == UINT32_MAX)
                    continue;
                belongs(p, id, tid);
                p->objects.items[id].in_db = true;
            }
        }
        for (size_t x = 0; x < table->indexes.len; x++) {
            const mf_catalog_index *ix = &table->indexes.items[x];
            const char *keys[] = {mf_object_key(a, MF_OBJECT_INDEX, tkey, ix->name),
                                  mf_object_key(a, MF_OBJECT_CONSTRAINT, tkey, ix->name)};
            for (int i = 0; i < 2; i++) {
                uint32_t id = i == 0 ? intern(p, keys[0], MF_OBJECT_INDEX,
                                              mf_arena_printf(a, "%s on %s", ix->name, tname))
                                     : lookup(p, keys[1]);
                if (id == UINT32_MAX || (i == 1 && !ix->unique))
                    continue;
                belongs(p, id, tid);
                p->objects.items[id].in_db = true;
            }
        }
        /* MySQL names every primary key PRIMARY: the chain's name for one
         * cannot be checked, only that the table has one. */
        if (cat->dialect == MF_DIALECT_MYSQL || cat->dialect == MF_DIALECT_MARIADB)
            for (size_t m = 0; m < p->objects.items[tid].members.len; m++) {
                object *o = &p->objects.items[p->objects.items[tid].members.items[m]];
                if (o->primary)
                    o->in_db = has_primary;
            }
    }
    /* A column of the database named as a helper names the one it adds to
     * tables migfix cannot name: the chain says something of it (absent
     * until that revision, unknown after). */
    for (size_t o = 0; o < p->n; o++) {
        const mf_schema_events *events = events_of(&p->chain->revisions.items[p->order[o]]);
        for (size_t i = 0; i < events->len; i++)
            if (named_anywhere(&events->items[i]))
                for (uint32_t c = 0; c < p->objects.len; c++)
                    if (column_named(&p->objects.items[c], events->items[i].name))
                        p->objects.items[c].in_chain = true;
    }
    if (cat->dialect == MF_DIALECT_POSTGRESQL)
        for (size_t t = 0; t < cat->types.len; t++) {
            const mf_catalog_type *type = &cat->types.items[t];
            uint32_t id =
                intern(p, mf_type_key(a, type->schema, type->name), MF_OBJECT_TYPE, type->name);
            p->objects.items[id].in_db = true;
        }
}

/* Whether a type family the chain says and one the database reports may be
 * the same SQLAlchemy type (dialects spell some types as others). */
static bool families_agree(int dialect, int expected, int actual) {
    if (expected == actual || expected <= MF_TYPE_UNKNOWN || actual <= MF_TYPE_UNKNOWN)
        return true;
#define EITHER(a, b) ((expected == (a) && actual == (b)) || (expected == (b) && actual == (a)))
    if (EITHER(MF_TYPE_STRING, MF_TYPE_TEXT) || EITHER(MF_TYPE_ENUM, MF_TYPE_STRING))
        return true; /* Enum(native_enum=False) is a VARCHAR everywhere */
    if (dialect != MF_DIALECT_POSTGRESQL &&
        (EITHER(MF_TYPE_UUID, MF_TYPE_STRING) || EITHER(MF_TYPE_UUID, MF_TYPE_BINARY) ||
         EITHER(MF_TYPE_JSON, MF_TYPE_TEXT) || EITHER(MF_TYPE_JSON, MF_TYPE_STRING) ||
         EITHER(MF_TYPE_INTERVAL, MF_TYPE_DATETIME) || EITHER(MF_TYPE_BOOLEAN, MF_TYPE_INTEGER) ||
         EITHER(MF_TYPE_ENUM, MF_TYPE_TEXT)))
        return true;
    if (dialect == MF_DIALECT_SQLITE &&
        (EITHER(MF_TYPE_NUMERIC, MF_TYPE_FLOAT) || EITHER(MF_TYPE_NUMERIC, MF_TYPE_INTEGER)))
        return true;
#undef EITHER
    return false;
}

/* How many things the state gets wrong about object ID: presence, then a
 * column's type family and nullability. */
static size_t wrong_presence(const placer *p, uint32_t id) {
    const object *o = &p->objects.items[id];
    if (!o->in_chain)
        return 0;
    return (p->status[id] == PRESENT && !o->in_db) || (p->status[id] == ABSENT && o->in_db);
}

static size_t wrong_attributes(const placer *p, uint32_t id) {
    const object *o = &p->objects.items[id];
    if (!o->in_chain || p->status[id] != PRESENT || !o->in_db || o->kind != MF_OBJECT_COLUMN)
        return 0;
    size_t n = !families_agree(p->catalog->dialect, p->family[id], o->db_family);
    n += p->nullable[id] >= 0 && o->db_null >= 0 && p->nullable[id] != o->db_null;
    return n;
}

static void set(placer *p, uint32_t id, uint8_t status, int family, int nullable, uint32_t origin) {
    if (p->status[id] == status && p->family[id] == family && p->nullable[id] == nullable)
        return;
    if (p->recording) {
        undo u = {id, p->status[id], p->family[id], p->nullable[id], p->origin[id]};
        MF_VEC_PUSH(&p->log, u);
    }
    p->wrong -= wrong_presence(p, id);
    p->wrong_attrs -= wrong_attributes(p, id);
    p->status[id] = status;
    p->family[id] = (int8_t)family;
    p->nullable[id] = (int8_t)nullable;
    p->origin[id] = origin;
    p->wrong += wrong_presence(p, id);
    p->wrong_attrs += wrong_attributes(p, id);
}

static void set_status(placer *p, uint32_t id, uint8_t status, uint32_t origin) {
    set(p, id, status, status == PRESENT ? p->family[id] : -1,
        status == PRESENT ? p->nullable[id] : -1, origin);
}

static void rollback(placer *p, size_t mark) {
    while (p->log.len > mark) {
        undo u = p->log.items[--p->log.len];
        p->wrong -= wrong_presence(p, u.id);
        p->wrong_attrs -= wrong_attributes(p, u.id);
        p->status[u.id] = u.status;
        p->family[u.id] = u.family;
        p->nullable[u.id] = u.nullable;
        p->origin[u.id] = u.origin;
        p->wrong += wrong_presence(p, u.id);
        p->wrong_attrs += wrong_attributes(p, u.id);
    }
}

/* Members of table ID of KIND (all kinds: -1) become STATUS. */
static void set_members(placer *p, uint32_t table, int kind, uint8_t status, uint32_t origin) {
    const object *t = &p->objects.items[table];
    for (size_t m = 0; m < t->members.len; m++) {
        uint32_t id = t->members.items[m];
        if (kind < 0 || (int)p->objects.items[id].kind == kind)
            set_status(p, id, status, origin);
    }
}

static void set_all(placer *p, int kind, uint8_t status, uint32_t origin) {
    for (uint32_t id = 0; id < p->objects.len; id++)
        if (kind < 0 || (int)p->objects.items[id].kind == kind)
            set_status(p, id, status, origin);
}

/* A column removed (dropped, or renamed away): its indexes and
 * constraints may go with it. */
static bool drops_column(const mf_schema_event *e) {
    return e->key && e->kind == MF_OBJECT_COLUMN && !e->exists && e->table;
}

/* Pushes revision R on LIST once (revisions come in topological order). */
static void touch(id_list *list, size_t r) {
    if (!list->len || list->items[list->len - 1] != (uint32_t)r)
        MF_VEC_PUSH(list, (uint32_t)r);
}

static void touch_members(placer *p, uint32_t table, int kind, size_t r) {
    const object *t = &p->objects.items[table];
    for (size_t m = 0; m < t->members.len; m++)
        if (kind < 0 || (int)p->objects.items[t->members.items[m]].kind == kind)
            touch(&p->touches[t->members.items[m]], r);
}

/* Which revisions may change each object: its own events, its table's, an
 * unnamed object of its kind there, what migfix cannot read of its table;
 * and those that may change any object (or any index and constraint). */
static void index_touches(placer *p) {
    p->touches = mf_xcalloc(p->objects.len + 1, sizeof *p->touches);
    for (size_t o = 0; o < p->n; o++) {
        size_t r = p->order[o];
        const mf_revision *rev = &p->chain->revisions.items[r];
        const mf_schema_events *events = events_of(rev);
        for (size_t i = 0; i < events->len; i++) {
            const mf_schema_event *e = &events->items[i];
            uint32_t id = e->key ? lookup(p, e->key) : e->table ? lookup(p, e->table) : UINT32_MAX;
            if (named_anywhere(e)) {
                for (uint32_t c = 0; c < p->objects.len; c++)
                    if (column_named(&p->objects.items[c], e->name))
                        touch(&p->touches[c], r);
            } else if (e->key && id != UINT32_MAX) {
                touch(&p->touches[id], r);
                if (e->kind == MF_OBJECT_TABLE)
                    touch_members(p, id, -1, r);
                uint32_t table = drops_column(e) ? lookup(p, e->table) : UINT32_MAX;
                if (table != UINT32_MAX) {
                    touch_members(p, table, MF_OBJECT_INDEX, r);
                    touch_members(p, table, MF_OBJECT_CONSTRAINT, r);
                }
            } else if (!e->key && e->kind != MF_OBJECT_TABLE && id != UINT32_MAX) {
                touch_members(p, id, (int)e->kind, r);
            } else if (!e->key && e->kind != MF_OBJECT_TYPE) {
                touch(e->kind == MF_OBJECT_INDEX || e->kind == MF_OBJECT_CONSTRAINT
                          ? &p->touch_indexes
                          : &p->touch_any,
                      r);
            }
        }
        for (size_t i = 0; i < rev->alters.len; i++)
            touch(&p->touches[lookup(p, rev->alters.items[i].key)], r);
        if (rev->certain)
            continue;
        if (rev->unsure_any)
            touch(&p->touch_any, r);
        if (rev->unsure_indexes)
            touch(&p->touch_indexes, r);
        for (size_t t = 0; t < rev->unsure_tables.len; t++) {
            uint32_t table = lookup(p, rev->unsure_tables.items[t]);
            if (table != UINT32_MAX) {
                touch(&p->touches[table], r);
                touch_members(p, table, -1, r);
            }
        }
    }
}

/* How revision R first concerns object ID: 1 it adds it unconditionally
 * (not IF NOT EXISTS, not a name a convention may change), 2 anything else
 * (it may drop, make or change it some other way). */
static int first_concern(const placer *p, size_t r, uint32_t id) {
    const object *x = &p->objects.items[id];
    const mf_revision *rev = &p->chain->revisions.items[r];
    const mf_schema_events *events = events_of(rev);
    for (size_t i = 0; i < events->len; i++) {
        const mf_schema_event *e = &events->items[i];
        if (e->key && strcmp(e->key, x->key) == 0)
            return e->exists && e->always && !e->checked && !e->conventional && rev->certain ? 1
                                                                                             : 2;
        bool on_table = x->table != UINT32_MAX && e->key &&
                        strcmp(e->kind == MF_OBJECT_TABLE ? e->key
                               : e->table                 ? e->table
                                                          : "",
                               p->objects.items[x->table].key) == 0;
        if (on_table && drops_column(e) &&
            (x->kind == MF_OBJECT_INDEX || x->kind == MF_OBJECT_CONSTRAINT))
            return 2;
        if (e->key ? e->kind == MF_OBJECT_TABLE && on_table
                   : e->kind == MF_OBJECT_TABLE ||
                         (e->kind == x->kind && (!named_anywhere(e) || column_named(x, e->name))))
            return 2;
    }
    return 2; /* an alter, or what migfix cannot read */
}

/* Whether object ID, which revision W leaves unknown (its table made
 * without saying it, a helper, what migfix cannot read), is absent when W
 * ends until a later revision R adds it unconditionally: a clean run of
 * the original has it absent right before R (else R fails), and no revision
 * between W and R, nor one on a parallel branch, may have made or dropped
 * it (nor W itself by name). */
static bool absent_until_added(const placer *p, size_t w, uint32_t id) {
    const mf_chain *chain = p->chain;
    const object *x = &p->objects.items[id];
    const id_list *lists[] = {&p->touches[id], &p->touch_any, &p->touch_indexes};
    size_t nlists = x->kind == MF_OBJECT_INDEX || x->kind == MF_OBJECT_CONSTRAINT ? 3 : 2;
    size_t at[3] = {0, 0, 0}, adder = SIZE_MAX;
    const mf_schema_events *own = events_of(&chain->revisions.items[w]);
    for (size_t i = 0; i < own->len; i++)
        if (own->items[i].key && strcmp(own->items[i].key, x->key) == 0)
            return false; /* W names it: what it does to it is its own */
    for (;;) {
        /* The next revision of the three lists, in topological order. */
        size_t best = SIZE_MAX;
        for (size_t l = 0; l < nlists; l++)
            if (at[l] < lists[l]->len &&
                (best == SIZE_MAX || p->position[lists[l]->items[at[l]]] < p->position[best]))
                best = lists[l]->items[at[l]];
        if (best == SIZE_MAX)
            return adder != SIZE_MAX;
        for (size_t l = 0; l < nlists; l++) /* one revision may be on several */
            if (at[l] < lists[l]->len && lists[l]->items[at[l]] == best)
                at[l]++;
        size_t r = best;
        if (r == w)
            continue;
        if (mf_chain_is_ancestor(chain, r, w))
            continue; /* before W: its wildcard covers it */
        if (adder != SIZE_MAX && mf_chain_is_ancestor(chain, adder, r))
            continue; /* after the add: not this question */
        if (adder == SIZE_MAX && mf_chain_is_ancestor(chain, w, r) &&
            first_concern(p, r, id) == 1) {
            adder = r;
            continue;
        }
        return false;
    }
}

/* mf_placer.proven: per revision, the objects it leaves unknown that a
 * clean run proves absent after it (absent_until_added). Only objects some
 * revision adds can be. */
static void prove_absences(placer *p) {
    index_touches(p);
    p->proven = mf_xcalloc(p->chain->revisions.len + 1, sizeof *p->proven);
    for (uint32_t id = 0; id < p->objects.len; id++) {
        const object *x = &p->objects.items[id];
        if (!x->in_chain || x->kind == MF_OBJECT_TABLE || x->kind == MF_OBJECT_TYPE)
            continue;
        bool added = false;
        for (size_t i = 0; i < p->touches[id].len && !added; i++)
            added = first_concern(p, p->touches[id].items[i], id) == 1;
        if (!added)
            continue;
        /* Every revision that may leave it unknown: on its lists. */
        const id_list *lists[] = {&p->touches[id], &p->touch_any, &p->touch_indexes};
        size_t nlists = x->kind == MF_OBJECT_INDEX || x->kind == MF_OBJECT_CONSTRAINT ? 3 : 2;
        for (size_t l = 0; l < nlists; l++)
            for (size_t i = 0; i < lists[l]->len; i++) {
                size_t w = lists[l]->items[i];
                if (first_concern(p, w, id) == 2 && absent_until_added(p, w, id))
                    MF_VEC_PUSH(&p->proven[w], id);
            }
    }
}

static void apply_event(placer *p, const mf_schema_event *e, uint32_t rev) {
    if (!e->key) {
        /* An object migfix cannot name: any of its kind there may change. */
        uint32_t table = e->table ? lookup(p, e->table) : UINT32_MAX;
        if (named_anywhere(e)) {
            for (uint32_t c = 0; c < p->objects.len; c++)
                if (column_named(&p->objects.items[c], e->name))
                    set_status(p, c, UNKNOWN, rev);
        } else if (e->kind == MF_OBJECT_TABLE || (!e->table && e->kind != MF_OBJECT_TYPE))
            set_all(p, e->kind == MF_OBJECT_TABLE ? -1 : (int)e->kind, UNKNOWN, rev);
        else if (table != UINT32_MAX)
            set_members(p, table, (int)e->kind, UNKNOWN, rev);
        return;
    }
    uint32_t id = lookup(p, e->key);
    if (id == UINT32_MAX) /* a type, on a database without them */
        return;
    uint8_t status = !e->always || e->conventional ? UNKNOWN : e->exists ? PRESENT : ABSENT;
    if (e->kind == MF_OBJECT_TABLE) {
        if (status == ABSENT && e->renamed) {
            /* Its indexes and constraints go with it under the new name. */
            set_members(p, id, MF_OBJECT_COLUMN, ABSENT, rev);
            set_members(p, id, MF_OBJECT_INDEX, UNKNOWN, rev);
            set_members(p, id, MF_OBJECT_CONSTRAINT, UNKNOWN, rev);
        } else if (status == ABSENT) {
            set_members(p, id, -1, ABSENT, rev);
        } else {
            /* A new table has no column it does not name, nor an index
             * unless its columns ask for one unnamed (and on MySQL, where a
             * foreign key makes one); its constraints may have names a
             * convention or the database gave. */
            bool known = status == PRESENT && !e->opaque;
            bool mysql = p->catalog->dialect == MF_DIALECT_MYSQL ||
                         p->catalog->dialect == MF_DIALECT_MARIADB;
            set_members(p, id, MF_OBJECT_COLUMN, known ? ABSENT : UNKNOWN, rev);
            set_members(p, id, MF_OBJECT_INDEX, known && !e->indexed && !mysql ? ABSENT : UNKNOWN,
                        rev);
            set_members(p, id, MF_OBJECT_CONSTRAINT, UNKNOWN, rev);
        }
        set_status(p, id, status, rev);
        return;
    }
    if (status == PRESENT && e->kind == MF_OBJECT_COLUMN)
        set(p, id, PRESENT, e->family ? (int)e->family : -1, e->nullable, rev);
    else
        set_status(p, id, status, rev);
    if (drops_column(e) && p->objects.items[id].table != UINT32_MAX) {
        /* The database drops the indexes and constraints on a column with
         * it; which ones migfix does not know. */
        const object *t = &p->objects.items[p->objects.items[id].table];
        for (size_t m = 0; m < t->members.len; m++) {
            uint32_t other = t->members.items[m];
            mf_object_kind kind = p->objects.items[other].kind;
            if ((kind == MF_OBJECT_INDEX || kind == MF_OBJECT_CONSTRAINT) &&
                p->status[other] == PRESENT)
                set_status(p, other, UNKNOWN, rev);
        }
    }
}

static void apply_alter(placer *p, const mf_column_alter *alter) {
    uint32_t id = lookup(p, alter->key);
    if (id == UINT32_MAX || p->status[id] != PRESENT)
        return;
    int family = alter->family < 0 ? p->family[id] : alter->family ? alter->family : -1;
    int nullable = alter->nullable < 0   ? p->nullable[id]
                   : alter->nullable > 1 ? -1
                                         : alter->nullable;
    set(p, id, PRESENT, family, nullable, p->origin[id]);
}

static void apply_unsure(placer *p, const mf_revision *rev, uint32_t origin);

/* What revision R does to the state. */
static void apply(placer *p, size_t r) {
    const mf_revision *rev = &p->chain->revisions.items[r];
    const mf_schema_events *events = events_of(rev);
    uint32_t origin = (uint32_t)r;
    size_t a = 0;
    for (size_t i = 0; i < events->len; i++) {
        for (; a < rev->alters.len && rev->alters.items[a].after <= i; a++)
            apply_alter(p, &rev->alters.items[a]);
        apply_event(p, &events->items[i], origin);
    }
    for (; a < rev->alters.len; a++)
        apply_alter(p, &rev->alters.items[a]);
    if (!rev->certain)
        apply_unsure(p, rev, origin);
    for (size_t i = 0; i < p->proven[r].len; i++)
        if (p->status[p->proven[r].items[i]] == UNKNOWN)
            set_status(p, p->proven[r].items[i], ABSENT, origin);
}

/* What migfix cannot read of REV makes what it may touch unknown. */
static void apply_unsure(placer *p, const mf_revision *rev, uint32_t origin) {
    if (rev->unsure_any) {
        set_all(p, -1, UNKNOWN, origin);
        return;
    }
    for (size_t t = 0; t < rev->unsure_tables.len; t++) {
        uint32_t id = lookup(p, rev->unsure_tables.items[t]);
        if (id != UINT32_MAX) {
            set_members(p, id, -1, UNKNOWN, origin);
            set_status(p, id, UNKNOWN, origin);
        }
    }
    if (rev->unsure_indexes) {
        set_all(p, MF_OBJECT_INDEX, UNKNOWN, origin);
        set_all(p, MF_OBJECT_CONSTRAINT, UNKNOWN, origin);
    }
    /* What it cannot read touches no table: an ALTER TYPE. */
    if (!rev->unsure_tables.len && !rev->unsure_indexes)
        set_all(p, MF_OBJECT_TYPE, UNKNOWN, origin);
}

static void reset(placer *p) {
    for (size_t id = 0; id < p->objects.len; id++) {
        p->status[id] = ABSENT;
        p->family[id] = p->nullable[id] = -1;
        p->origin[id] = NO_REVISION;
    }
    p->wrong = p->wrong_attrs = 0;
    for (uint32_t id = 0; id < p->objects.len; id++) {
        p->wrong += wrong_presence(p, id);
        p->wrong_attrs += wrong_attributes(p, id);
    }
    p->log.len = 0;
}

/* Whether every revision R needs first is in the state. */
static bool ready(const placer *p, size_t r) {
    const mf_revision *rev = &p->chain->revisions.items[r];
    for (size_t i = 0; i < rev->parents.len; i++)
        if (rev->parents.items[i] == SIZE_MAX || !p->in[rev->parents.items[i]])
            return false;
    for (size_t i = 0; i < rev->depends.len; i++)
        if (rev->depends.items[i] == SIZE_MAX || !p->in[rev->depends.items[i]])
            return false;
    return true;
}

static void record(placer *p) {
    p->leaves++;
    if (p->nbest &&
        (p->wrong > p->best_wrong || (p->wrong == p->best_wrong && p->wrong_attrs > p->best_attrs)))
        return;
    if (!p->nbest || p->wrong < p->best_wrong || p->wrong_attrs < p->best_attrs) {
        p->best_wrong = p->wrong;
        p->best_attrs = p->wrong_attrs;
        p->nbest = 0;
    }
    p->nbest++;
    if (p->nbest > MAX_LISTED)
        return;
    if (p->best.len < p->nbest) {
        uint64_t *bits = mf_xcalloc(p->words ? p->words : 1, sizeof *bits);
        MF_VEC_PUSH(&p->best, bits);
    }
    uint64_t *bits = p->best.items[p->nbest - 1];
    memset(bits, 0, (p->words ? p->words : 1) * sizeof *bits);
    for (size_t o = 0; o < p->n; o++)
        if (p->in[p->order[o]])
            bits[o / 64] |= (uint64_t)1 << (o % 64);
}

static void search(placer *p, size_t o) {
    if (p->cut)
        return;
    if (o == p->n) {
        record(p);
        p->cut = p->leaves >= MAX_STATES || p->steps >= MAX_STEPS;
        return;
    }
    size_t r = p->order[o];
    p->steps++;
    if (ready(p, r)) {
        size_t mark = p->log.len;
        apply(p, r);
        p->in[r] = true;
        search(p, o + 1);
        p->in[r] = false;
        rollback(p, mark);
    }
    search(p, o + 1);
}

/* The state BITS (over positions), replayed from nothing. */
static void replay(placer *p, const uint64_t *bits) {
    bool saved = p->recording;
    p->recording = false;
    reset(p);
    for (size_t o = 0; o < p->n; o++) {
        p->in[p->order[o]] = bits[o / 64] >> (o % 64) & 1;
        if (p->in[p->order[o]])
            apply(p, p->order[o]);
    }
    p->recording = saved;
}

/* Each revision with its ancestors: the states tried when there are too
 * many to try all. */
static void search_closures(placer *p) {
    p->nbest = 0;
    uint64_t *bits = mf_xcalloc(p->words ? p->words : 1, sizeof *bits);
    for (size_t top = 0; top <= p->n; top++) {
        memset(bits, 0, (p->words ? p->words : 1) * sizeof *bits);
        for (size_t o = 0; top > 0 && o < p->n; o++)
            if (o == top - 1 || mf_chain_is_ancestor(p->chain, p->order[o], p->order[top - 1]))
                bits[o / 64] |= (uint64_t)1 << (o % 64);
        replay(p, bits);
        record(p);
    }
    free(bits);
}

/* Candidates in the order a reader expects: fewer revisions run first,
 * then the earlier ones. */
static int earlier_state(const uint64_t *x, const uint64_t *y, size_t words) {
    int nx = 0, ny = 0;
    for (size_t w = 0; w < words; w++) {
        nx += __builtin_popcountll(x[w]);
        ny += __builtin_popcountll(y[w]);
    }
    if (nx != ny)
        return nx < ny ? -1 : 1;
    for (size_t w = 0; w < words; w++)
        if (x[w] != y[w]) {
            uint64_t differ = x[w] ^ y[w];
            /* The lowest position that differs: who has it ran an earlier one. */
            return (x[w] & differ & -differ) ? -1 : 1;
        }
    return 0;
}

static bool bit(const uint64_t *bits, size_t o) {
    return bits[o / 64] >> (o % 64) & 1;
}

/* The revisions of a state no other of it runs after. */
static mf_place_state heads_of(placer *p, const uint64_t *bits) {
    mf_place_state state = {0};
    state.heads = mf_arena_alloc(p->arena, (p->n ? p->n : 1) * sizeof *state.heads);
    for (size_t o = 0; o < p->n; o++) {
        if (!bit(bits, o))
            continue;
        bool head = true;
        for (size_t later = o + 1; later < p->n && head; later++)
            head =
                !bit(bits, later) || !mf_chain_is_ancestor(p->chain, p->order[o], p->order[later]);
        if (head)
            state.heads[state.nheads++] = mf_chain_id(&p->chain->revisions.items[p->order[o]]);
    }
    return state;
}

static const char *revision_id(const placer *p, uint32_t r) {
    return r == NO_REVISION ? NULL : mf_chain_id(&p->chain->revisions.items[r]);
}

static const char *unreadable_reason(mf_arena *arena, const mf_revision *rev) {
    if (rev->unsure_any)
        return "migfix cannot read all of its upgrade (SQL, a helper or a call it does not "
               "know): it may touch any table";
    mf_buf tables = {0};
    for (size_t i = 0; i < rev->unsure_tables.len; i++) {
        const char *key = rev->unsure_tables.items[i];
        mf_buf_printf(&tables, "%s%s", i ? ", " : "", key[2] == '.' ? key + 3 : key + 2);
    }
    const char *reason = mf_arena_printf(
        arena, "migfix cannot read all of its upgrade: it may change %s%s%s",
        tables.len ? "table " : "", tables.len ? tables.data : "",
        rev->unsure_indexes ? (tables.len ? " and any index" : "any index or constraint")
        : tables.len        ? ""
                            : "an enum type (ALTER TYPE)");
    mf_buf_free(&tables);
    return reason;
}

/* What the schema cannot say about revision R (some candidates ran it). */
static const char *undecided_reason(mf_arena *arena, const mf_revision *rev, int dialect) {
    if (!rev->certain)
        return unreadable_reason(arena, rev);
    if (rev->tail == MF_TAIL_NO_DDL)
        return rev->has_data ? "it writes rows only: the schema is the same before and after it"
                             : "it changes no schema object";
    bool conditional = false, constraints_only = true;
    for (size_t i = 0; i < rev->events.len; i++) {
        conditional |= !rev->events.items[i].always;
        constraints_only &= rev->events.items[i].kind == MF_OBJECT_CONSTRAINT;
    }
    if (conditional)
        return "some of what it changes runs under a condition (an if, a loop, a helper) migfix "
               "cannot evaluate";
    if (constraints_only && dialect == MF_DIALECT_SQLITE)
        return "it changes constraints only, and SQLite keeps no constraint names to compare";
    return "what it changes does not show in the database's catalog (a type, a default, an "
           "object without a name)";
}

/* Evidence for the state in P->in: what HEAD (a revision of it) or NEXT (one
 * that could run next) changes that the database agrees with. */
static void add_evidence(placer *p, mf_placement *out, size_t r, bool next) {
    size_t nobj = p->objects.len;
    uint8_t *before = mf_xmalloc(nobj ? nobj : 1);
    memcpy(before, p->status, nobj);
    uint64_t *bits = mf_xcalloc(p->words ? p->words : 1, sizeof *bits);
    for (size_t o = 0; o < p->n; o++)
        if (p->in[p->order[o]] != (p->order[o] == r))
            bits[o / 64] |= (uint64_t)1 << (o % 64);
    bool *saved = mf_xmalloc(p->chain->revisions.len * sizeof *saved);
    memcpy(saved, p->in, p->chain->revisions.len * sizeof *saved);
    replay(p, bits);
    size_t listed = 0;
    for (uint32_t id = 0; id < nobj && listed < MAX_EVIDENCE; id++) {
        const object *o = &p->objects.items[id];
        uint8_t was = before[id], other = p->status[id];
        if (!o->in_chain || was == other || was == UNKNOWN || other == UNKNOWN ||
            (was == PRESENT) != o->in_db)
            continue;
        /* Columns of a table that decides already say nothing more. */
        if (o->table != UINT32_MAX && before[o->table] != p->status[o->table])
            continue;
        mf_place_evidence ev = {o->what, o->name, o->in_db, revision_id(p, (uint32_t)r), NULL};
        bool made = next ? other == PRESENT : was == PRESENT;
        ev.why =
            next ? (made ? "made next by" : "removed next by") : (made ? "made by" : "removed by");
        MF_VEC_PUSH(&out->evidence, ev);
        listed++;
    }
    memcpy(p->in, saved, p->chain->revisions.len * sizeof *saved);
    /* Back to the state itself. */
    for (size_t o = 0; o < p->n; o++)
        bits[o / 64] = (bits[o / 64] & ~((uint64_t)1 << (o % 64))) | (uint64_t)p->in[p->order[o]]
                                                                         << (o % 64);
    replay(p, bits);
    free(saved);
    free(bits);
    free(before);
}

static const char *nullable_text(int nullable) {
    return nullable ? "NULL" : "NOT NULL";
}

/* The first revision that makes object ID outside the state, or NULL. */
static const char *made_later(const placer *p, uint32_t id) {
    for (size_t o = 0; o < p->n; o++) {
        size_t r = p->order[o];
        if (p->in[r])
            continue;
        const mf_schema_events *events = events_of(&p->chain->revisions.items[r]);
        for (size_t i = 0; i < events->len; i++)
            if (events->items[i].key && events->items[i].exists &&
                strcmp(events->items[i].key, p->objects.items[id].key) == 0)
                return mf_chain_id(&p->chain->revisions.items[r]);
    }
    return NULL;
}

static void add_drift(placer *p, mf_placement *out) {
    for (uint32_t id = 0; id < p->objects.len; id++) {
        const object *o = &p->objects.items[id];
        uint8_t st = p->status[id];
        mf_place_drift d = {.what = o->what, .name = o->name};
        if (!o->in_chain) {
            /* Only tables and columns: indexes and constraints take names
             * from conventions and the database, and SQLAlchemy makes enum
             * types along with columns. */
            bool table_known = o->table != UINT32_MAX && p->objects.items[o->table].in_chain &&
                               p->status[o->table] == PRESENT;
            if (!o->in_db || st == UNKNOWN ||
                !(o->kind == MF_OBJECT_TABLE || (o->kind == MF_OBJECT_COLUMN && table_known)))
                continue;
            d.kind = "extra";
        } else if (st == PRESENT && !o->in_db) {
            d.kind = "missing";
            d.revision = revision_id(p, p->origin[id]);
        } else if (st == ABSENT && o->in_db) {
            d.kind = "unexpected";
            d.revision =
                p->origin[id] != NO_REVISION ? revision_id(p, p->origin[id]) : made_later(p, id);
        } else if (wrong_attributes(p, id)) {
            d.revision = revision_id(p, p->origin[id]);
            if (!families_agree(p->catalog->dialect, p->family[id], o->db_family)) {
                mf_place_drift t = d;
                t.kind = "type";
                t.expected = mf_type_family_name((mf_type_family)p->family[id]);
                t.actual = mf_type_family_name((mf_type_family)o->db_family);
                MF_VEC_PUSH(&out->drift, t);
            }
            if (p->nullable[id] >= 0 && o->db_null >= 0 && p->nullable[id] != o->db_null) {
                d.kind = "nullable";
                d.expected = nullable_text(p->nullable[id]);
                d.actual = nullable_text(o->db_null);
                MF_VEC_PUSH(&out->drift, d);
            }
            continue;
        } else {
            continue;
        }
        MF_VEC_PUSH(&out->drift, d);
    }
}

size_t mf_chain_find(const mf_chain *chain, const char *revision) {
    for (size_t i = 0; i < chain->revisions.len; i++) {
        const mf_revision *rev = &chain->revisions.items[i];
        if (rev->in_graph && !rev->in_cycle && strcmp(mf_chain_id(rev), revision) == 0)
            return i;
    }
    return SIZE_MAX;
}

bool mf_chain_runs_before(const mf_chain *chain, size_t a, size_t b) {
    return mf_chain_is_ancestor(chain, a, b);
}

void mf_chain_place(const mf_chain *chain, const mf_catalog *catalog, const char *const *at,
                    size_t nat, mf_placement *out) {
    memset(out, 0, sizeof *out);
    placer p = {.chain = chain, .catalog = catalog, .arena = &out->arena, .recording = true};
    size_t nrev = chain->revisions.len;
    p.order = mf_xcalloc(chain->order.len + 1, sizeof *p.order);
    p.position = mf_xmalloc((nrev + 1) * sizeof *p.position);
    for (size_t i = 0; i < nrev; i++)
        p.position[i] = UINT32_MAX;
    for (size_t o = 0; o < chain->order.len; o++) {
        size_t r = chain->order.items[o];
        if (chain->revisions.items[r].in_graph && !chain->revisions.items[r].in_cycle) {
            p.position[r] = (uint32_t)p.n;
            p.order[p.n++] = r;
        }
    }
    p.words = (p.n + 63) / 64;
    p.in = mf_xcalloc(nrev + 1, sizeof *p.in);
    gather(&p);
    prove_absences(&p);
    size_t nobj = p.objects.len ? p.objects.len : 1;
    p.status = mf_xmalloc(nobj);
    p.family = mf_xmalloc(nobj);
    p.nullable = mf_xmalloc(nobj);
    p.origin = mf_xmalloc(nobj * sizeof *p.origin);
    reset(&p);

    if (nat) {
        /* The one state asked for: AT and what runs before them. */
        uint64_t *bits = mf_xcalloc(p.words ? p.words : 1, sizeof *bits);
        for (size_t o = 0; o < p.n; o++)
            for (size_t h = 0; h < nat; h++) {
                size_t head = mf_chain_find(chain, at[h]);
                if (head == p.order[o] ||
                    (head != SIZE_MAX && mf_chain_is_ancestor(chain, p.order[o], head)))
                    bits[o / 64] |= (uint64_t)1 << (o % 64);
            }
        replay(&p, bits);
        record(&p);
        free(bits);
    } else {
        search(&p, 0);
    }
    out->states_tried = p.leaves;
    if (p.cut) {
        out->truncated = true;
        p.recording = false;
        search_closures(&p);
        out->states_tried += p.n + 1;
    }
    out->mismatches = p.best_wrong + p.best_attrs;
    size_t listed = p.nbest < MAX_LISTED ? p.nbest : MAX_LISTED;
    for (size_t i = 1; i < listed; i++) /* at most MAX_LISTED */
        for (size_t j = i; j > 0 && earlier_state(p.best.items[j], p.best.items[j - 1],
                                                  p.words ? p.words : 1) < 0;
             j--) {
            uint64_t *t = p.best.items[j];
            p.best.items[j] = p.best.items[j - 1];
            p.best.items[j - 1] = t;
        }
    out->more_candidates = p.nbest - listed;
    for (size_t i = 0; i < listed; i++)
        MF_VEC_PUSH(&out->candidates, heads_of(&p, p.best.items[i]));

    /* Revisions some candidates ran and others did not. */
    for (size_t o = 0; o < p.n && listed > 1; o++) {
        size_t count = 0;
        for (size_t i = 0; i < listed; i++)
            count += bit(p.best.items[i], o);
        if (count == 0 || count == listed)
            continue;
        const mf_revision *rev = &chain->revisions.items[p.order[o]];
        mf_place_note note = {mf_chain_id(rev), rev->path,
                              undecided_reason(&out->arena, rev, catalog->dialect)};
        MF_VEC_PUSH(&out->undecided, note);
    }
    for (size_t o = 0; o < p.n; o++) {
        const mf_revision *rev = &chain->revisions.items[p.order[o]];
        if (!rev->certain) {
            mf_place_note note = {mf_chain_id(rev), rev->path, unreadable_reason(&out->arena, rev)};
            MF_VEC_PUSH(&out->unreadable, note);
        }
    }

    if (listed > 0) {
        /* Does the database belong to this chain at all: some candidate has
         * an object of it, or may have (unknown)? */
        size_t matched = 0;
        for (size_t i = 0; i < listed; i++) {
            replay(&p, p.best.items[i]);
            for (uint32_t id = 0; id < p.objects.len; id++)
                matched += p.objects.items[id].in_db &&
                           (p.status[id] == UNKNOWN ||
                            (p.objects.items[id].in_chain && p.status[id] == PRESENT));
        }
        replay(&p, p.best.items[0]);
        add_drift(&p, out);
        if (matched == 0 && catalog->tables.len > 0 && p.n > 0) {
            out->unmatched = true;
            uint64_t *first = mf_xcalloc(p.words ? p.words : 1, sizeof *first);
            first[0] = 1;
            replay(&p, first);
            for (uint32_t id = 0; id < p.objects.len; id++)
                if (p.objects.items[id].in_chain && p.status[id] == PRESENT) {
                    out->first_objects++;
                    out->first_missing += !p.objects.items[id].in_db;
                }
            free(first);
            replay(&p, p.best.items[0]);
        }
        /* The evidence: what its heads made, and what would run next. */
        for (size_t o = 0; o < p.n; o++) {
            size_t r = p.order[o];
            bool is_head = false;
            const mf_place_state *state = &out->candidates.items[0];
            for (size_t h = 0; h < state->nheads; h++)
                is_head |= strcmp(state->heads[h], mf_chain_id(&chain->revisions.items[r])) == 0;
            if (is_head)
                add_evidence(&p, out, r, false);
            else if (!p.in[r] && ready(&p, r))
                add_evidence(&p, out, r, true);
        }
    }

    for (size_t i = 0; i < p.best.len; i++)
        free(p.best.items[i]);
    MF_VEC_FREE(&p.best);
    for (size_t i = 0; i < nrev; i++)
        MF_VEC_FREE(&p.proven[i]);
    free(p.proven);
    for (size_t i = 0; i < p.objects.len; i++)
        MF_VEC_FREE(&p.touches[i]);
    free(p.touches);
    MF_VEC_FREE(&p.touch_any);
    MF_VEC_FREE(&p.touch_indexes);
    for (size_t i = 0; i < p.objects.len; i++)
        MF_VEC_FREE(&p.objects.items[i].members);
    MF_VEC_FREE(&p.objects);
    MF_VEC_FREE(&p.log);
    free(p.slots);
    free(p.status);
    free(p.family);
    free(p.nullable);
    free(p.origin);
    free(p.order);
    free(p.position);
    free(p.in);
}

void mf_placement_free(mf_placement *placement) {
    MF_VEC_FREE(&placement->candidates);
    MF_VEC_FREE(&placement->undecided);
    MF_VEC_FREE(&placement->unreadable);
    MF_VEC_FREE(&placement->evidence);
    MF_VEC_FREE(&placement->drift);
    mf_arena_free(&placement->arena);
}
