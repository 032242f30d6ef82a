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
}

const mf_sql_patterns *mf_chain_sql(const mf_chain *chain) {
    return chain->sql;
}

void mf_chain_set_dialect(mf_chain *chain, int dialect) {
    chain->dialect = dialect;
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

struct mf_chain_file {
    mf_arena arena;
    mf_revision rev;
};

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
    copy_events(arena, &rev.down_events);
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
    if (!rev->report || mf_chain_suppressed(rev, rule, line))
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

/* The first revision (in the order added) declaring ID, or SIZE_MAX. */
static size_t find_id(const mf_chain *chain, const char *id) {
    for (size_t i = 0; i < chain->revisions.len; i++) {
        const char *own = mf_chain_id(&chain->revisions.items[i]);
        if (own && strcmp(own, id) == 0)
            return i;
    }
    return SIZE_MAX;
}

/* depends_on may also name a branch label or a unique prefix of an id, as
 * Alembic resolves it. */
static size_t find_dependency(const mf_chain *chain, const char *name) {
    size_t exact = find_id(chain, name);
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

bool mf_chain_is_ancestor(const mf_chain *chain, size_t ancestor, size_t of) {
    return bit(chain->ancestors, chain->words, ancestor, of);
}

static void duplicates(mf_chain *chain) {
    for (size_t i = 0; i < chain->revisions.len; i++) {
        const mf_revision *rev = &chain->revisions.items[i];
        const char *id = mf_chain_id(rev);
        for (size_t k = 0; id && k < chain->revisions.len; k++) {
            const mf_revision *other = &chain->revisions.items[k];
            const char *other_id = mf_chain_id(other);
            if (k == i || !other_id || strcmp(id, other_id) != 0)
                continue;
            mf_chain_add_finding(
                chain, rev, rev->revision.line, rev->revision.column, "MF101", MF_SEVERITY_ERROR,
                "revision '%s' is also declared by %s:%u; Alembic keeps only one of "
                "the two files",
                id, other->path, other->revision.line);
            break;
        }
    }
}

static void resolve(mf_chain *chain) {
    for (size_t i = 0; i < chain->revisions.len; i++) {
        mf_revision *rev = &chain->revisions.items[i];
        rev->in_graph = mf_chain_id(rev) && find_id(chain, mf_chain_id(rev)) == i;
        if (!rev->in_graph)
            continue; /* not literal, or a duplicate: the first file stands for the id */
        rev->partial = !rev->down_revision.present || !rev->down_revision.known;
        for (size_t k = 0; rev->down_revision.known && k < rev->down_revision.count; k++) {
            const char *name = rev->down_revision.names[k];
            size_t parent = find_id(chain, name);
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
            size_t dep = find_dependency(chain, name);
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

/* Kahn's algorithm, ties broken by the order files were added (by path), so
 * the order is the same on every run. What is left is on or behind a cycle. */
static void order(mf_chain *chain) {
    size_t n = chain->revisions.len;
    size_t *waiting = mf_xcalloc(n ? n : 1, sizeof *waiting);
    bool *done = mf_xcalloc(n ? n : 1, sizeof *done);
    for (size_t i = 0; i < n; i++) {
        mf_revision *rev = &chain->revisions.items[i];
        waiting[i] = rev->parents.len + rev->depends.len;
    }
    for (bool progress = true; progress;) {
        progress = false;
        for (size_t i = 0; i < n; i++) {
            if (done[i] || waiting[i] || !in_graph(chain, i))
                continue;
            done[i] = true;
            progress = true;
            MF_VEC_PUSH(&chain->order, i);
            for (size_t k = 0; k < n; k++) {
                mf_revision *other = &chain->revisions.items[k];
                for (size_t p = 0; p < other->parents.len; p++)
                    waiting[k] -= other->parents.items[p] == i;
                for (size_t p = 0; p < other->depends.len; p++)
                    waiting[k] -= other->depends.items[p] == i;
            }
            break; /* restart from the first file: the smallest ready one goes next */
        }
    }
    for (size_t i = 0; i < n; i++)
        chain->revisions.items[i].in_cycle = in_graph(chain, i) && !done[i];
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
        size_t edges = rev->parents.len + (dependencies ? rev->depends.len : 0);
        for (size_t p = 0; p < edges; p++) {
            size_t a = p < rev->parents.len ? rev->parents.items[p]
                                            : rev->depends.items[p - rev->parents.len];
            const uint64_t *theirs = sets + a * chain->words;
            for (size_t w = 0; w < chain->words; w++)
                mine[w] |= theirs[w];
            mine[a / 64] |= (uint64_t)1 << (a % 64);
        }
    }
}

static void ancestors(mf_chain *chain) {
    size_t n = chain->revisions.len;
    chain->words = (n + 63) / 64;
    chain->ancestors = mf_xcalloc(n * chain->words + 1, sizeof *chain->ancestors);
    chain->parent_ancestors = mf_xcalloc(n * chain->words + 1, sizeof *chain->ancestors);
    fill_ancestors(chain, chain->ancestors, true);
    fill_ancestors(chain, chain->parent_ancestors, false);
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
                if (a == b || !bit(chain->parent_ancestors, chain->words, p, q))
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

/* Does HEAD carry (itself or through an ancestor) branch label LABEL? */
static bool has_label(const mf_chain *chain, size_t head, const char *label) {
    for (size_t i = 0; i < chain->revisions.len; i++) {
        if (i != head && !mf_chain_is_ancestor(chain, i, head))
            continue;
        const mf_revision_names *labels = &chain->revisions.items[i].branch_labels;
        for (size_t k = 0; k < labels->count; k++)
            if (strcmp(labels->names[k], label) == 0)
                return true;
    }
    return false;
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
    bool a_labelled = false, b_labelled = false;
    for (size_t i = 0; i < chain->revisions.len; i++) {
        const mf_revision_names *labels = &chain->revisions.items[i].branch_labels;
        for (size_t k = 0; k < labels->count; k++) {
            bool in_a = has_label(chain, a, labels->names[k]);
            bool in_b = has_label(chain, b, labels->names[k]);
            if (in_a && in_b)
                return true;
            a_labelled = a_labelled || in_a;
            b_labelled = b_labelled || in_b;
        }
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

static int compare_findings(const void *a, const void *b) {
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
    duplicates(chain);
    resolve(chain);
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
              compare_findings);
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
    mf_arena_free(&chain->arena);
    free(chain);
}
