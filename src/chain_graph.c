/* The revision graph (see chain.h): ids resolved to files, parents and
 * dependencies, topological order, ancestor sets, heads, and the graph
 * rules MF101-MF105. */
#include "chain_model.h"

#include <stdio.h>
#include <string.h>

const char *mf_severity_name(mf_severity severity) {
    return severity == MF_SEVERITY_ERROR ? "error" : "warning";
}

mf_chain *mf_chain_new(void) {
    mf_chain *chain = mf_xcalloc(1, sizeof(mf_chain));
    chain->sql = mf_sql_patterns_new(); /* compiled only if some file has SQL */
    return chain;
}

static void free_revision_facts(mf_revision *rev) {
    MF_VEC_FREE(&rev->suppressions);
    MF_VEC_FREE(&rev->unnamed_drops);
    MF_VEC_FREE(&rev->events);
    MF_VEC_FREE(&rev->uses);
    MF_VEC_FREE(&rev->down_events);
    MF_VEC_FREE(&rev->unsure_tables);
    MF_VEC_FREE(&rev->read_events);
    MF_VEC_FREE(&rev->alters);
}

const mf_sql_patterns *mf_chain_sql(const mf_chain *chain) {
    return chain->sql;
}

void mf_chain_set_dialect(mf_chain *chain, int dialect) {
    chain->dialect = dialect;
}

void mf_chain_ignore(mf_chain *chain, const char *rules) {
    chain->ignored = rules ? mf_arena_strndup(&chain->arena, rules, strlen(rules)) : NULL;
}

bool mf_chain_add_file(mf_chain *chain, const char *path, mf_slice text, const TSTree *tree,
                       bool report) {
    mf_revision rev;
    if (!mf_chain_read_file(&chain->arena, path, text, tree, NULL, chain->sql, &rev)) {
        free_revision_facts(&rev);
        return false;
    }
    rev.report = report;
    MF_VEC_PUSH(&chain->revisions, rev);
    return true;
}

mf_chain_file *mf_chain_read(const char *path, mf_slice text, const TSTree *tree,
                             const mf_found *found, const mf_sql_patterns *sql) {
    mf_chain_file *file = mf_xcalloc(1, sizeof *file);
    if (!mf_chain_read_file(&file->arena, path, text, tree, found, sql, &file->rev)) {
        mf_chain_file_free(file);
        return NULL;
    }
    return file;
}

static const char *copy_string(mf_arena *arena, const char *s) {
    return s ? mf_arena_strndup(arena, s, strlen(s)) : NULL;
}

static void copy_names(mf_arena *arena, mf_revision_names *names) {
    const char **copy = mf_arena_alloc(arena, (names->count ? names->count : 1) * sizeof *copy);
    for (size_t i = 0; i < names->count; i++)
        copy[i] = copy_string(arena, names->names[i]);
    names->names = copy;
}

static void copy_events(mf_arena *arena, mf_schema_events *events) {
    for (size_t i = 0; i < events->len; i++) {
        mf_schema_event *event = &events->items[i];
        event->key = copy_string(arena, event->key);
        event->table = copy_string(arena, event->table);
        event->name = copy_string(arena, event->name);
        event->schema_name = copy_string(arena, event->schema_name);
        event->table_name = copy_string(arena, event->table_name);
        event->definition = copy_string(arena, event->definition);
    }
}

/* The file's facts are copied into the chain's arena rather than the file's
 * arena kept: a file arena's first chunk is far larger than its facts, and a
 * fix run may read thousands of files. */
void mf_chain_add_read(mf_chain *chain, mf_chain_file *file, bool report) {
    mf_revision rev = file->rev;
    mf_arena *arena = &chain->arena;
    rev.report = report;
    rev.path = copy_string(arena, rev.path);
    copy_names(arena, &rev.revision);
    copy_names(arena, &rev.down_revision);
    copy_names(arena, &rev.depends_on);
    copy_names(arena, &rev.branch_labels);
    for (size_t i = 0; i < rev.suppressions.len; i++)
        rev.suppressions.items[i].rules = copy_string(arena, rev.suppressions.items[i].rules);
    for (size_t i = 0; i < rev.unnamed_drops.len; i++)
        rev.unnamed_drops.items[i].call = copy_string(arena, rev.unnamed_drops.items[i].call);
    copy_events(arena, &rev.events);
    copy_events(arena, &rev.read_events);
    for (size_t i = 0; i < rev.unsure_tables.len; i++)
        rev.unsure_tables.items[i] = copy_string(arena, rev.unsure_tables.items[i]);
    copy_events(arena, &rev.down_events);
    for (size_t i = 0; i < rev.alters.len; i++)
        rev.alters.items[i].key = copy_string(arena, rev.alters.items[i].key);
    for (size_t i = 0; i < rev.uses.len; i++) {
        mf_schema_use *use = &rev.uses.items[i];
        use->key = copy_string(arena, use->key);
        use->table = copy_string(arena, use->table);
        use->name = copy_string(arena, use->name);
        use->call = copy_string(arena, use->call);
    }
    MF_VEC_PUSH(&chain->revisions, rev);
    memset(&file->rev, 0, sizeof file->rev); /* its vectors moved with REV */
    mf_chain_file_free(file);
}

void mf_chain_file_free(mf_chain_file *file) {
    if (!file)
        return;
    free_revision_facts(&file->rev);
    mf_arena_free(&file->arena);
    free(file);
}

/* The id a revision declares, or NULL when it is not a literal string. */
const char *mf_chain_id(const mf_revision *rev) {
    return rev->revision.known && rev->revision.count == 1 ? rev->revision.names[0] : NULL;
}

void mf_chain_add_finding(mf_chain *chain, const mf_revision *rev, uint32_t line, uint32_t column,
                          const char *rule, mf_severity severity, const char *fmt, ...) {
    if (!rev->report || mf_chain_suppressed(rev, rule, line) ||
        (chain->ignored && mf_chain_rule_listed(chain->ignored, rule)))
        return;
    mf_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    mf_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    mf_finding f = {rev->path,       line,
                    column,          rule,
                    severity,        mf_arena_strndup(&chain->arena, msg.data, msg.len),
                    mf_chain_id(rev)};
    mf_buf_free(&msg);
    MF_VEC_PUSH(&chain->findings, f);
}

/* The revisions' literal ids, sorted, for lookups in O(log n) while the
 * graph is resolved (a scan of every revision per lookup was quadratic). */
typedef struct {
    mf_index_entry *entries;
    size_t n;
} id_index;

static id_index index_ids(const mf_chain *chain) {
    id_index ids = {mf_xmalloc((chain->revisions.len + 1) * sizeof *ids.entries), 0};
    for (size_t i = 0; i < chain->revisions.len; i++) {
        const char *id = mf_chain_id(&chain->revisions.items[i]);
        if (id)
            ids.entries[ids.n++] = (mf_index_entry){id, i};
    }
    qsort(ids.entries, ids.n, sizeof *ids.entries, mf_index_entry_order);
    return ids;
}

/* The first of the revisions declaring ID (in the order added) other than
 * SKIP, or SIZE_MAX. */
static size_t find_id_except(const id_index *ids, const char *id, size_t skip) {
    for (size_t at = mf_index_first(ids->entries, ids->n, id);
         at < ids->n && strcmp(ids->entries[at].key, id) == 0; at++)
        if (ids->entries[at].rev != skip)
            return ids->entries[at].rev;
    return SIZE_MAX;
}

/* The first revision (in the order added) declaring ID, or SIZE_MAX. */
static size_t find_id(const id_index *ids, const char *id) {
    return find_id_except(ids, id, SIZE_MAX);
}

/* depends_on may also name a branch label or a unique prefix of an id, as
 * Alembic resolves it. */
static size_t find_dependency(const mf_chain *chain, const id_index *ids, const char *name) {
    size_t exact = find_id(ids, name);
    if (exact != SIZE_MAX)
        return exact;
    size_t found = SIZE_MAX, prefixed = 0;
    for (size_t i = 0; i < chain->revisions.len; i++) {
        const mf_revision *rev = &chain->revisions.items[i];
        for (size_t k = 0; k < rev->branch_labels.count; k++)
            if (strcmp(rev->branch_labels.names[k], name) == 0)
                return i;
        const char *own = mf_chain_id(rev);
        if (own && strlen(name) >= 4 && strncmp(own, name, strlen(name)) == 0) {
            found = i;
            prefixed++;
        }
    }
    return prefixed == 1 ? found : SIZE_MAX;
}

static bool bit(const uint64_t *sets, size_t words, size_t ancestor, size_t of) {
    return (sets[of * words + ancestor / 64] >> (ancestor % 64)) & 1;
}

/* ANCESTOR is one of OF's, in REACH (see chain_model.h) or BITS. */
static bool is_ancestor_in(const mf_chain *chain, const int32_t *reach, const uint64_t *bits,
                           size_t ancestor, size_t of) {
    if (!reach)
        return bit(bits, chain->words, ancestor, of);
    uint32_t line = chain->line_of[ancestor];
    return line != UINT32_MAX && chain->line_of[of] != UINT32_MAX &&
           reach[of * chain->lines + line] >= (int32_t)chain->position[ancestor];
}

bool mf_chain_is_ancestor(const mf_chain *chain, size_t ancestor, size_t of) {
    return is_ancestor_in(chain, chain->reach, chain->ancestors, ancestor, of);
}

/* On one line, the earlier of two ancestors is an ancestor of the later. */
bool mf_chain_share_ancestor(const mf_chain *chain, size_t a, size_t b) {
    if (chain->reach) {
        const int32_t *x = chain->reach + a * chain->lines, *y = chain->reach + b * chain->lines;
        for (size_t l = 0; l < chain->lines; l++)
            if (x[l] >= 0 && y[l] >= 0)
                return true;
        return false;
    }
    const uint64_t *x = chain->ancestors + a * chain->words,
                   *y = chain->ancestors + b * chain->words;
    for (size_t w = 0; w < chain->words; w++)
        if (x[w] & y[w])
            return true;
    return false;
}

static void duplicates(mf_chain *chain, const id_index *ids) {
    for (size_t i = 0; i < chain->revisions.len; i++) {
        const mf_revision *rev = &chain->revisions.items[i];
        const char *id = mf_chain_id(rev);
        size_t k = id ? find_id_except(ids, id, i) : SIZE_MAX;
        if (k == SIZE_MAX)
            continue;
        const mf_revision *other = &chain->revisions.items[k];
        mf_chain_add_finding(chain, rev, rev->revision.line, rev->revision.column, "MF101",
                             MF_SEVERITY_ERROR,
                             "revision '%s' is also declared by %s:%u; Alembic keeps only one of "
                             "the two files",
                             id, other->path, other->revision.line);
    }
}

static void resolve(mf_chain *chain, const id_index *ids) {
    for (size_t i = 0; i < chain->revisions.len; i++) {
        mf_revision *rev = &chain->revisions.items[i];
        rev->in_graph = mf_chain_id(rev) && find_id(ids, mf_chain_id(rev)) == i;
        if (!rev->in_graph)
            continue; /* not literal, or a duplicate: the first file stands for the id */
        rev->partial = !rev->down_revision.present || !rev->down_revision.known;
        for (size_t k = 0; rev->down_revision.known && k < rev->down_revision.count; k++) {
            const char *name = rev->down_revision.names[k];
            size_t parent = find_id(ids, name);
            if (parent == SIZE_MAX)
                rev->partial = true;
            if (parent == SIZE_MAX)
                mf_chain_add_finding(chain, rev, rev->down_revision.line, rev->down_revision.column,
                                     "MF102", MF_SEVERITY_ERROR,
                                     "down_revision names '%s', which no revision declares", name);
            else if (parent == i)
                mf_chain_add_finding(chain, rev, rev->down_revision.line, rev->down_revision.column,
                                     "MF104", MF_SEVERITY_ERROR,
                                     "revision '%s' names itself as its down_revision (a cycle)",
                                     name);
            else {
                MF_VEC_PUSH(&rev->parents, parent);
                chain->revisions.items[parent].children++;
            }
        }
        for (size_t k = 0; rev->depends_on.known && k < rev->depends_on.count; k++) {
            const char *name = rev->depends_on.names[k];
            size_t dep = find_dependency(chain, ids, name);
            if (dep == SIZE_MAX)
                mf_chain_add_finding(chain, rev, rev->depends_on.line, rev->depends_on.column,
                                     "MF102", MF_SEVERITY_ERROR,
                                     "depends_on names '%s', which is no revision or branch label",
                                     name);
            else if (dep != i)
                MF_VEC_PUSH(&rev->depends, dep);
        }
    }
}

static bool in_graph(const mf_chain *chain, size_t i) {
    return chain->revisions.items[i].in_graph;
}

/* REV's edges: its parents, then (with DEPENDENCIES) its depends_on. */
static size_t edge_count(const mf_revision *rev, bool dependencies) {
    return rev->parents.len + (dependencies ? rev->depends.len : 0);
}

static size_t edge(const mf_revision *rev, size_t p) {
    return p < rev->parents.len ? rev->parents.items[p] : rev->depends.items[p - rev->parents.len];
}

/* A binary min-heap of revision indexes. */
typedef MF_VEC(size_t) index_heap;

static void heap_push(index_heap *heap, size_t value) {
    MF_VEC_PUSH(heap, value);
    for (size_t i = heap->len - 1; i > 0 && heap->items[(i - 1) / 2] > heap->items[i];
         i = (i - 1) / 2) {
        size_t parent = heap->items[(i - 1) / 2];
        heap->items[(i - 1) / 2] = heap->items[i];
        heap->items[i] = parent;
    }
}

static size_t heap_pop(index_heap *heap) {
    size_t top = heap->items[0];
    heap->items[0] = heap->items[--heap->len];
    for (size_t i = 0;;) {
        size_t least = i, l = 2 * i + 1, r = l + 1;
        if (l < heap->len && heap->items[l] < heap->items[least])
            least = l;
        if (r < heap->len && heap->items[r] < heap->items[least])
            least = r;
        if (least == i)
            break;
        size_t swap = heap->items[i];
        heap->items[i] = heap->items[least];
        heap->items[least] = swap;
        i = least;
    }
    return top;
}

/* Kahn's algorithm, ties broken by the order files were added (by path), so
 * the order is the same on every run: the smallest ready revision goes next
 * (a heap, and each revision's children listed once: linear in the edges,
 * where rescanning every revision at each step was quadratic). What is left
 * is on or behind a cycle. */
static void order(mf_chain *chain) {
    size_t n = chain->revisions.len;
    size_t *waiting = mf_xcalloc(n ? n : 1, sizeof *waiting);
    size_t *first_child = mf_xcalloc(n + 1, sizeof *first_child);
    bool *done = mf_xcalloc(n ? n : 1, sizeof *done);
    /* Children by parent, an edge per parent or dependency named (a
     * revision naming one twice waits for it twice). */
    for (size_t i = 0; i < n; i++) {
        const mf_revision *rev = &chain->revisions.items[i];
        waiting[i] = edge_count(rev, true);
        for (size_t p = 0; p < edge_count(rev, true); p++)
            first_child[edge(rev, p) + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        first_child[i + 1] += first_child[i];
    size_t *children = mf_xcalloc(first_child[n] ? first_child[n] : 1, sizeof *children);
    size_t *filled = mf_xcalloc(n ? n : 1, sizeof *filled);
    for (size_t i = 0; i < n; i++) {
        const mf_revision *rev = &chain->revisions.items[i];
        for (size_t p = 0; p < edge_count(rev, true); p++) {
            size_t a = edge(rev, p);
            children[first_child[a] + filled[a]++] = i;
        }
    }
    index_heap ready = {0};
    for (size_t i = 0; i < n; i++)
        if (!waiting[i] && in_graph(chain, i))
            heap_push(&ready, i);
    while (ready.len) {
        size_t i = heap_pop(&ready);
        done[i] = true;
        MF_VEC_PUSH(&chain->order, i);
        for (size_t c = first_child[i]; c < first_child[i + 1]; c++) {
            size_t k = children[c];
            if (--waiting[k] == 0 && in_graph(chain, k))
                heap_push(&ready, k);
        }
    }
    for (size_t i = 0; i < n; i++)
        chain->revisions.items[i].in_cycle = in_graph(chain, i) && !done[i];
    MF_VEC_FREE(&ready);
    free(children);
    free(filled);
    free(first_child);
    free(waiting);
    free(done);
}

/* Each revision left out of the order that lies on a cycle of parents. */
static void cycles(mf_chain *chain) {
    size_t n = chain->revisions.len;
    for (size_t i = 0; i < n; i++) {
        mf_revision *rev = &chain->revisions.items[i];
        if (!rev->in_cycle)
            continue;
        /* Follow parents (and dependencies) still in a cycle until I comes back. */
        mf_buf path = {0};
        mf_buf_puts(&path, mf_chain_id(rev));
        size_t at = i;
        bool back = false;
        for (size_t steps = 0; steps <= n && !back; steps++) {
            mf_revision *cur = &chain->revisions.items[at];
            size_t next = SIZE_MAX;
            for (size_t p = 0; p < cur->parents.len + cur->depends.len && next == SIZE_MAX; p++) {
                size_t cand = p < cur->parents.len ? cur->parents.items[p]
                                                   : cur->depends.items[p - cur->parents.len];
                if (chain->revisions.items[cand].in_cycle)
                    next = cand;
            }
            if (next == SIZE_MAX)
                break;
            mf_buf_printf(&path, " -> %s", mf_chain_id(&chain->revisions.items[next]));
            back = next == i;
            at = next;
        }
        if (back)
            mf_chain_add_finding(chain, rev, rev->down_revision.line, rev->down_revision.column,
                                 "MF104", MF_SEVERITY_ERROR, "revision '%s' is on a cycle: %s",
                                 mf_chain_id(rev), path.data);
        mf_buf_free(&path);
    }
}

/* SETS[r] = everything reachable from r through its parents (and, with
 * DEPENDENCIES, its depends_on), filled in topological order. */
static void fill_ancestors(mf_chain *chain, uint64_t *sets, bool dependencies) {
    for (size_t o = 0; o < chain->order.len; o++) {
        size_t r = chain->order.items[o];
        const mf_revision *rev = &chain->revisions.items[r];
        uint64_t *mine = sets + r * chain->words;
        for (size_t p = 0; p < edge_count(rev, dependencies); p++) {
            size_t a = edge(rev, p);
            const uint64_t *theirs = sets + a * chain->words;
            for (size_t w = 0; w < chain->words; w++)
                mine[w] |= theirs[w];
            mine[a / 64] |= (uint64_t)1 << (a % 64);
        }
    }
}

/* REACH[r] (see chain_model.h), filled in topological order: for each
 * parent (and, with DEPENDENCIES, each dependency) a, its own reach and a
 * itself. */
static void fill_reach(mf_chain *chain, int32_t *reach, bool dependencies) {
    size_t k = chain->lines;
    for (size_t i = 0; i < chain->revisions.len * k; i++)
        reach[i] = -1;
    for (size_t o = 0; o < chain->order.len; o++) {
        size_t r = chain->order.items[o];
        const mf_revision *rev = &chain->revisions.items[r];
        int32_t *mine = reach + r * k;
        for (size_t p = 0; p < edge_count(rev, dependencies); p++) {
            size_t a = edge(rev, p);
            const int32_t *theirs = reach + a * k;
            for (size_t l = 0; l < k; l++)
                if (theirs[l] > mine[l])
                    mine[l] = theirs[l];
            if ((int32_t)chain->position[a] > mine[chain->line_of[a]])
                mine[chain->line_of[a]] = (int32_t)chain->position[a];
        }
    }
}

static void ancestors(mf_chain *chain) {
    size_t n = chain->revisions.len;
    /* The lines: each revision continues the line of a parent it directly
     * follows there, or starts one. */
    chain->line_of = mf_xmalloc((n ? n : 1) * sizeof *chain->line_of);
    chain->position = mf_xmalloc((n ? n : 1) * sizeof *chain->position);
    for (size_t i = 0; i < n; i++)
        chain->line_of[i] = chain->position[i] = UINT32_MAX;
    MF_VEC(size_t) tails = {0}; /* the last revision of each line */
    for (size_t o = 0; o < chain->order.len; o++) {
        size_t r = chain->order.items[o];
        const mf_revision *rev = &chain->revisions.items[r];
        uint32_t line = UINT32_MAX;
        for (size_t p = 0; p < rev->parents.len && line == UINT32_MAX; p++) {
            size_t a = rev->parents.items[p];
            if (chain->line_of[a] != UINT32_MAX && tails.items[chain->line_of[a]] == a)
                line = chain->line_of[a];
        }
        if (line == UINT32_MAX) {
            line = (uint32_t)tails.len;
            MF_VEC_PUSH(&tails, r);
            chain->position[r] = 0;
        } else {
            chain->position[r] = chain->position[tails.items[line]] + 1;
            tails.items[line] = r;
        }
        chain->line_of[r] = line;
    }
    chain->lines = tails.len;
    MF_VEC_FREE(&tails);
    chain->words = (n + 63) / 64;
    if (chain->lines <= 2 * chain->words) {
        size_t cells = n * chain->lines + 1;
        chain->reach = mf_xmalloc(cells * sizeof *chain->reach);
        chain->parent_reach = mf_xmalloc(cells * sizeof *chain->parent_reach);
        fill_reach(chain, chain->reach, true);
        fill_reach(chain, chain->parent_reach, false);
    } else {
        chain->ancestors = mf_xcalloc(n * chain->words + 1, sizeof *chain->ancestors);
        chain->parent_ancestors = mf_xcalloc(n * chain->words + 1, sizeof *chain->ancestors);
        fill_ancestors(chain, chain->ancestors, true);
        fill_ancestors(chain, chain->parent_ancestors, false);
    }
    for (size_t o = 0; o < chain->order.len; o++) {
        mf_revision *rev = &chain->revisions.items[chain->order.items[o]];
        for (size_t p = 0; p < rev->parents.len; p++)
            rev->partial = rev->partial || chain->revisions.items[rev->parents.items[p]].partial;
    }
}

static void redundant_merges(mf_chain *chain) {
    for (size_t o = 0; o < chain->order.len; o++) {
        mf_revision *rev = &chain->revisions.items[chain->order.items[o]];
        for (size_t a = 0; rev->parents.len > 1 && a < rev->parents.len; a++)
            for (size_t b = 0; b < rev->parents.len; b++) {
                size_t p = rev->parents.items[a], q = rev->parents.items[b];
                if (a == b ||
                    !is_ancestor_in(chain, chain->parent_reach, chain->parent_ancestors, p, q))
                    continue;
                mf_chain_add_finding(
                    chain, rev, rev->down_revision.line, rev->down_revision.column, "MF105",
                    MF_SEVERITY_ERROR,
                    "merge revision '%s' lists '%s', which is already an ancestor of its "
                    "other parent '%s'; Alembic's stamp and downgrade refuse such a "
                    "merge: remove '%s' from down_revision",
                    mf_chain_id(rev), mf_chain_id(&chain->revisions.items[p]),
                    mf_chain_id(&chain->revisions.items[q]),
                    mf_chain_id(&chain->revisions.items[p]));
                break;
            }
    }
}

/* A revision that declares branch labels: literal ones, or a value migfix
 * cannot read (`(cli.EXPAND_BRANCH,)`, as OpenStack writes them). Alembic
 * refuses a label two revisions declare, so two such revisions label two
 * branches. */
static bool labels_branch(const mf_revision *rev) {
    return rev->branch_labels.present &&
           (rev->branch_labels.count > 0 || !rev->branch_labels.known);
}

/* Two heads are one branch that forked unless each carries a branch label
 * the other does not (independent branches, upgraded with `heads` or
 * `label@head`, are a design, not a defect). */
static bool same_branch(const mf_chain *chain, size_t a, size_t b) {
    /* No shared history: two chains read together (a plugin's own versions
     * directory beside the app's), not a fork. */
    bool shared = false;
    for (size_t i = 0; i < chain->revisions.len && !shared; i++)
        shared = mf_chain_is_ancestor(chain, i, a) && mf_chain_is_ancestor(chain, i, b);
    if (!shared)
        return false;
    /* A label passes down the history tree only (down_revision): a
     * depends_on between two labelled branches, as OpenStack's contract
     * revisions name expand ones, does not carry a label across. */
    bool a_labelled = false, b_labelled = false;
    for (size_t i = 0; i < chain->revisions.len; i++) {
        if (!labels_branch(&chain->revisions.items[i]))
            continue;
        bool in_a =
            i == a || is_ancestor_in(chain, chain->parent_reach, chain->parent_ancestors, i, a);
        bool in_b =
            i == b || is_ancestor_in(chain, chain->parent_reach, chain->parent_ancestors, i, b);
        if (in_a && in_b)
            return true; /* a labelled branch that forked */
        a_labelled = a_labelled || in_a;
        b_labelled = b_labelled || in_b;
    }
    return !(a_labelled && b_labelled);
}

static void heads(mf_chain *chain) {
    for (size_t o = 0; o < chain->order.len; o++) {
        size_t r = chain->order.items[o];
        if (chain->revisions.items[r].children == 0)
            MF_VEC_PUSH(&chain->heads, r);
    }
    /* Heads whose whole history is known; the others may join it through a
     * revision migfix cannot see. */
    MF_VEC(size_t) known = {0};
    for (size_t i = 0; i < chain->heads.len; i++)
        if (!chain->revisions.items[chain->heads.items[i]].partial)
            MF_VEC_PUSH(&known, chain->heads.items[i]);
    for (size_t a = 0; known.len > 1 && a < known.len; a++) {
        size_t h = known.items[a];
        mf_buf others = {0};
        size_t forked = 0;
        for (size_t b = 0; b < known.len; b++) {
            size_t g = known.items[b];
            if (g == h || !same_branch(chain, h, g))
                continue;
            mf_buf_printf(&others, "%s'%s'", forked++ ? ", " : "",
                          mf_chain_id(&chain->revisions.items[g]));
        }
        const mf_revision *rev = &chain->revisions.items[h];
        if (forked)
            mf_chain_add_finding(
                chain, rev, rev->revision.line, rev->revision.column, "MF103", MF_SEVERITY_WARNING,
                "revision '%s' is a head, and so %s %s: `alembic upgrade head` refuses "
                "several heads; join them with `alembic merge heads`",
                mf_chain_id(rev), others.data, forked == 1 ? "is" : "are");
        mf_buf_free(&others);
    }
    MF_VEC_FREE(&known);
}

/* MF204 needs no schema: the call alone says it fails. */
static void unnamed_drops(mf_chain *chain) {
    for (size_t i = 0; i < chain->revisions.len; i++) {
        const mf_revision *rev = &chain->revisions.items[i];
        for (size_t k = 0; k < rev->unnamed_drops.len; k++) {
            const mf_unnamed_drop *d = &rev->unnamed_drops.items[k];
            mf_chain_add_finding(
                chain, rev, d->line, d->column, "MF204", MF_SEVERITY_ERROR,
                "%s(None, ...) always fails when it runs: Alembic needs the "
                "constraint's name to drop it; write the name the database gave it "
                "(e.g. from a naming convention)",
                d->call);
        }
    }
}

int mf_finding_order(const void *a, const void *b) {
    const mf_finding *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    return strcmp(x->rule, y->rule);
}

void mf_chain_analyse(mf_chain *chain) {
    id_index ids = index_ids(chain);
    duplicates(chain, &ids);
    resolve(chain, &ids);
    free(ids.entries);
    order(chain);
    cycles(chain);
    ancestors(chain);
    redundant_merges(chain);
    heads(chain);
    unnamed_drops(chain);
    mf_chain_schema(chain);
    mf_chain_witness(chain);
    mf_chain_drift_index(chain);
    if (chain->findings.len > 1)
        qsort(chain->findings.items, chain->findings.len, sizeof *chain->findings.items,
              mf_finding_order);
}

size_t mf_chain_finding_count(const mf_chain *chain) {
    return chain->findings.len;
}

const mf_finding *mf_chain_finding(const mf_chain *chain, size_t index) {
    return &chain->findings.items[index];
}

size_t mf_chain_revision_count(const mf_chain *chain) {
    return chain->revisions.len;
}

const char *mf_chain_revision_id(const mf_chain *chain, size_t index) {
    return mf_chain_id(&chain->revisions.items[index]);
}

const char *mf_chain_revision_path(const mf_chain *chain, size_t index) {
    return chain->revisions.items[index].path;
}

size_t mf_chain_topological_count(const mf_chain *chain) {
    return chain->order.len;
}

size_t mf_chain_topological(const mf_chain *chain, size_t position) {
    return chain->order.items[position];
}

size_t mf_chain_head_count(const mf_chain *chain) {
    return chain->heads.len;
}

void mf_chain_free(mf_chain *chain) {
    if (!chain)
        return;
    mf_sql_patterns_free(chain->sql);
    MF_VEC_FREE(&chain->guards);
    for (size_t i = 0; i < chain->revisions.len; i++) {
        mf_revision *rev = &chain->revisions.items[i];
        free_revision_facts(rev);
        MF_VEC_FREE(&rev->parents);
        MF_VEC_FREE(&rev->depends);
    }
    MF_VEC_FREE(&chain->revisions);
    MF_VEC_FREE(&chain->order);
    MF_VEC_FREE(&chain->heads);
    MF_VEC_FREE(&chain->findings);
    free(chain->ancestors);
    free(chain->parent_ancestors);
    free(chain->reach);
    free(chain->parent_reach);
    free(chain->line_of);
    free(chain->position);
    mf_arena_free(&chain->arena);
    free(chain);
}
