/* One file's chain facts as bytes and back (see chain.h), for the facts
 * cache: a run over a few files of a large versions directory reads the
 * others' facts instead of parsing them. The bytes are this build's only
 * (the cache file is named after the build): no versioning inside. */
#include "chain_model.h"

#include <string.h>

/* A field added to these structs must be written and read below: the
 * sizes catch the change at build time (LP64). */
_Static_assert(sizeof(mf_schema_event) == 88, "mf_schema_event changed: update chain_file_io.c");
_Static_assert(sizeof(mf_schema_use) == 56, "mf_schema_use changed: update chain_file_io.c");
_Static_assert(sizeof(mf_column_alter) == 32, "mf_column_alter changed: update chain_file_io.c");
_Static_assert(sizeof(mf_revision_names) == 32,
               "mf_revision_names changed: update chain_file_io.c");
_Static_assert(sizeof(mf_revision) == 440, "mf_revision changed: update chain_file_io.c");

/* ---- writing ------------------------------------------------------------ */

static void put_u32(mf_buf *out, uint32_t v) {
    char bytes[4];
    for (int i = 0; i < 4; i++)
        bytes[i] = (char)(v >> (8 * i));
    mf_buf_put(out, bytes, 4);
}

static void put_u8(mf_buf *out, unsigned v) {
    mf_buf_putc(out, (char)v);
}

static void put_str(mf_buf *out, const char *s) {
    if (!s) {
        put_u32(out, UINT32_MAX);
        return;
    }
    size_t n = strlen(s);
    put_u32(out, (uint32_t)n);
    mf_buf_put(out, s, n);
}

static void put_names(mf_buf *out, const mf_revision_names *names) {
    put_u8(out, names->present);
    put_u8(out, names->known);
    put_u32(out, names->line);
    put_u32(out, names->column);
    put_u32(out, (uint32_t)names->count);
    for (size_t i = 0; i < names->count; i++)
        put_str(out, names->names[i]);
}

static void put_events(mf_buf *out, const mf_schema_events *events) {
    put_u32(out, (uint32_t)events->len);
    for (size_t i = 0; i < events->len; i++) {
        const mf_schema_event *e = &events->items[i];
        put_u8(out, e->kind);
        put_str(out, e->key);
        put_str(out, e->table);
        put_str(out, e->name);
        unsigned flags = e->exists | e->always << 1 | e->opaque << 2 | e->renamed << 3 |
                         e->indexed << 4 | e->with_table << 5 | e->checked << 6 |
                         e->conventional << 7;
        put_u8(out, flags);
        put_u8(out, e->by_table | e->primary << 1 | e->by_call << 2);
        put_str(out, e->definition);
        put_str(out, e->schema_name);
        put_str(out, e->table_name);
        put_u32(out, (uint32_t)e->family);
        put_u8(out, (unsigned char)e->nullable);
        put_u32(out, e->line);
        put_u32(out, e->column);
    }
}

void mf_chain_file_encode(const mf_chain_file *file, mf_buf *out) {
    const mf_revision *r = &file->rev;
    put_names(out, &r->revision);
    put_names(out, &r->down_revision);
    put_names(out, &r->depends_on);
    put_names(out, &r->branch_labels);
    put_u32(out, (uint32_t)r->suppressions.len);
    for (size_t i = 0; i < r->suppressions.len; i++) {
        put_u32(out, r->suppressions.items[i].line);
        put_str(out, r->suppressions.items[i].rules);
    }
    put_u32(out, (uint32_t)r->unnamed_drops.len);
    for (size_t i = 0; i < r->unnamed_drops.len; i++) {
        put_u32(out, r->unnamed_drops.items[i].line);
        put_u32(out, r->unnamed_drops.items[i].column);
        put_str(out, r->unnamed_drops.items[i].call);
    }
    put_events(out, &r->events);
    put_u32(out, (uint32_t)r->uses.len);
    for (size_t i = 0; i < r->uses.len; i++) {
        const mf_schema_use *u = &r->uses.items[i];
        put_u8(out, u->kind);
        put_str(out, u->key);
        put_str(out, u->table);
        put_str(out, u->name);
        put_str(out, u->call);
        mf_buf_put_u64(out, u->events_before);
        put_u32(out, u->line);
        put_u32(out, u->column);
    }
    put_u32(out, (uint32_t)r->alters.len);
    for (size_t i = 0; i < r->alters.len; i++) {
        const mf_column_alter *a = &r->alters.items[i];
        put_str(out, a->key);
        put_u32(out, (uint32_t)a->family);
        put_u8(out, (unsigned char)a->nullable);
        mf_buf_put_u64(out, a->after);
        put_u32(out, a->line);
    }
    put_events(out, &r->down_events);
    put_u8(out, r->down_certain | r->down_keeps_all << 1 | r->certain << 2 | r->unsure_any << 3 |
                    r->unsure_indexes << 4 | r->has_data << 5 | r->may_commit << 6);
    put_u32(out, r->down_line);
    put_u32(out, r->down_column);
    put_events(out, &r->read_events);
    put_u32(out, (uint32_t)r->unsure_tables.len);
    for (size_t i = 0; i < r->unsure_tables.len; i++)
        put_str(out, r->unsure_tables.items[i]);
    mf_buf_put_u64(out, r->tail);
}

/* ---- reading ------------------------------------------------------------ */

typedef struct {
    const unsigned char *at, *end;
    bool bad; /* ran past the end, or a count or string that cannot be */
    mf_arena *arena;
} reader;

static uint64_t get_u64(reader *r) {
    if (r->end - r->at < 8) {
        r->bad = true;
        return 0;
    }
    uint64_t v = mf_load_u64(r->at);
    r->at += 8;
    return v;
}

static uint32_t get_u32(reader *r) {
    if (r->end - r->at < 4) {
        r->bad = true;
        return 0;
    }
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)r->at[i] << (8 * i);
    r->at += 4;
    return v;
}

static unsigned get_u8(reader *r) {
    if (r->at >= r->end) {
        r->bad = true;
        return 0;
    }
    return *r->at++;
}

static const char *get_str(reader *r) {
    uint32_t n = get_u32(r);
    if (n == UINT32_MAX || r->bad)
        return NULL;
    if ((size_t)(r->end - r->at) < n) {
        r->bad = true;
        return NULL;
    }
    const char *s = mf_arena_strndup(r->arena, (const char *)r->at, n);
    r->at += n;
    return s;
}

/* A count of items each at least MIN bytes long: no more than the bytes
 * left can hold (a damaged count must not allocate gigabytes). */
static size_t get_count(reader *r, size_t min) {
    uint32_t n = get_u32(r);
    if (!r->bad && (size_t)n * min > (size_t)(r->end - r->at))
        r->bad = true;
    return r->bad ? 0 : n;
}

static void get_names(reader *r, mf_revision_names *names) {
    names->present = get_u8(r);
    names->known = get_u8(r);
    names->line = get_u32(r);
    names->column = get_u32(r);
    names->count = get_count(r, 4);
    names->names = mf_arena_alloc(r->arena, (names->count ? names->count : 1) * sizeof(char *));
    for (size_t i = 0; i < names->count; i++)
        names->names[i] = get_str(r);
}

static void get_events(reader *r, mf_schema_events *events) {
    size_t n = get_count(r, 40);
    for (size_t i = 0; i < n && !r->bad; i++) {
        mf_schema_event e = {0};
        e.kind = (mf_object_kind)get_u8(r);
        e.key = get_str(r);
        e.table = get_str(r);
        e.name = get_str(r);
        unsigned flags = get_u8(r);
        e.exists = flags & 1, e.always = flags >> 1 & 1, e.opaque = flags >> 2 & 1;
        e.renamed = flags >> 3 & 1, e.indexed = flags >> 4 & 1, e.with_table = flags >> 5 & 1;
        e.checked = flags >> 6 & 1, e.conventional = flags >> 7 & 1;
        unsigned more = get_u8(r);
        e.by_table = more & 1, e.primary = more >> 1 & 1, e.by_call = more >> 2 & 1;
        e.definition = get_str(r);
        e.schema_name = get_str(r);
        e.table_name = get_str(r);
        e.family = (mf_type_family)(int32_t)get_u32(r);
        e.nullable = (signed char)get_u8(r);
        e.line = get_u32(r);
        e.column = get_u32(r);
        if (e.kind > MF_OBJECT_TYPE)
            r->bad = true;
        MF_VEC_PUSH(events, e);
    }
}

mf_chain_file *mf_chain_file_decode(const char *path, mf_slice data) {
    mf_chain_file *file = mf_xcalloc(1, sizeof *file);
    mf_revision *v = &file->rev;
    reader r = {(const unsigned char *)data.data, (const unsigned char *)data.data + data.len,
                false, &file->arena};
    v->path = mf_arena_strndup(&file->arena, path, strlen(path));
    get_names(&r, &v->revision);
    get_names(&r, &v->down_revision);
    get_names(&r, &v->depends_on);
    get_names(&r, &v->branch_labels);
    for (size_t i = 0, n = get_count(&r, 8); i < n && !r.bad; i++) {
        mf_suppression s = {get_u32(&r), NULL};
        s.rules = get_str(&r);
        MF_VEC_PUSH(&v->suppressions, s);
    }
    for (size_t i = 0, n = get_count(&r, 12); i < n && !r.bad; i++) {
        mf_unnamed_drop d = {0};
        d.line = get_u32(&r);
        d.column = get_u32(&r);
        d.call = get_str(&r);
        MF_VEC_PUSH(&v->unnamed_drops, d);
    }
    get_events(&r, &v->events);
    for (size_t i = 0, n = get_count(&r, 33); i < n && !r.bad; i++) {
        mf_schema_use u = {0};
        u.kind = (mf_object_kind)get_u8(&r);
        u.key = get_str(&r);
        u.table = get_str(&r);
        u.name = get_str(&r);
        u.call = get_str(&r);
        u.events_before = (size_t)get_u64(&r);
        u.line = get_u32(&r);
        u.column = get_u32(&r);
        MF_VEC_PUSH(&v->uses, u);
    }
    for (size_t i = 0, n = get_count(&r, 21); i < n && !r.bad; i++) {
        mf_column_alter a = {0};
        a.key = get_str(&r);
        a.family = (int)get_u32(&r);
        a.nullable = (signed char)get_u8(&r);
        a.after = (size_t)get_u64(&r);
        a.line = get_u32(&r);
        MF_VEC_PUSH(&v->alters, a);
    }
    get_events(&r, &v->down_events);
    unsigned flags = get_u8(&r);
    v->down_certain = flags & 1, v->down_keeps_all = flags >> 1 & 1, v->certain = flags >> 2 & 1;
    v->unsure_any = flags >> 3 & 1, v->unsure_indexes = flags >> 4 & 1,
    v->has_data = flags >> 5 & 1;
    v->may_commit = flags >> 6 & 1;
    v->down_line = get_u32(&r);
    v->down_column = get_u32(&r);
    get_events(&r, &v->read_events);
    for (size_t i = 0, n = get_count(&r, 4); i < n && !r.bad; i++) {
        const char *table = get_str(&r);
        MF_VEC_PUSH(&v->unsure_tables, table);
    }
    v->tail = (size_t)get_u64(&r);
    /* Every byte read, no index past its vector: else it is not ours. */
    size_t events = v->events.len > v->read_events.len ? v->events.len : v->read_events.len;
    bool sound = !r.bad && r.at == r.end && v->revision.present &&
                 (v->tail >= MF_TAIL_NO_DDL || v->tail < events);
    for (size_t i = 0; sound && i < v->uses.len; i++)
        sound = v->uses.items[i].events_before <= events;
    for (size_t i = 0; sound && i < v->alters.len; i++)
        sound = v->alters.items[i].after <= events;
    if (!sound) {
        mf_chain_file_free(file);
        return NULL;
    }
    return file;
}
