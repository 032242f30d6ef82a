/* The chains of one run (see chain.h): files split by versions location,
 * joined where a revision names one only another location declares. */
#include "chain_model.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    mf_chain_file *file;
    bool report;
    size_t group; /* its location's index */
} pending_file;

struct mf_chains {
    mf_arena arena; /* locations and paths */
    int dialect;
    const char *ignored;
    mf_sql_patterns *sql;
    MF_VEC(pending_file) pending;
    MF_VEC(const char *) locations;
    MF_VEC(mf_chain *) chains;
    mf_chain *none;                 /* empty: for the files no chain holds */
    MF_VEC(mf_index_entry) by_path; /* path -> chain index, sorted */
    MF_VEC(mf_finding) findings;
    size_t revisions;
};

mf_chains *mf_chains_new(int dialect, const char *ignore) {
    mf_chains *chains = mf_xcalloc(1, sizeof *chains);
    chains->dialect = dialect;
    chains->ignored = ignore ? mf_arena_strndup(&chains->arena, ignore, strlen(ignore)) : NULL;
    chains->sql = mf_sql_patterns_new();
    return chains;
}

const mf_sql_patterns *mf_chains_sql(const mf_chains *chains) {
    return chains->sql;
}

static size_t location_index(mf_chains *chains, const char *location) {
    /* Few locations per run (one per versions directory): a scan. */
    for (size_t i = chains->locations.len; i-- > 0;)
        if (strcmp(chains->locations.items[i], location) == 0)
            return i;
    MF_VEC_PUSH(&chains->locations, mf_arena_strndup(&chains->arena, location, strlen(location)));
    return chains->locations.len - 1;
}

void mf_chains_add_read(mf_chains *chains, mf_chain_file *file, bool report, const char *location) {
    pending_file f = {file, report, location_index(chains, location ? location : "")};
    MF_VEC_PUSH(&chains->pending, f);
}

static size_t find_root(size_t *parent, size_t x) {
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

static void join(size_t *parent, size_t a, size_t b) {
    a = find_root(parent, a), b = find_root(parent, b);
    if (a != b)
        parent[a < b ? b : a] = a < b ? a : b; /* the earlier location stands for both */
}

typedef MF_VEC(mf_index_entry) name_list;

static void declare(name_list *names, const mf_revision_names *declared, size_t group) {
    for (size_t k = 0; declared->known && k < declared->count; k++) {
        mf_index_entry e = {declared->names[k], group};
        MF_VEC_PUSH(names, e);
    }
}

/* Joins GROUP with every other group that declares NAME, unless GROUP
 * declares it itself: an id resolves in its own location first. */
static void link_name(const mf_index_entry *names, size_t n, size_t *parent, size_t group,
                      const char *name) {
    size_t first = mf_index_first(names, n, name), end = first;
    while (end < n && strcmp(names[end].key, name) == 0)
        end++;
    for (size_t i = first; i < end; i++)
        if (names[i].rev == group)
            return;
    for (size_t i = first; i < end; i++)
        join(parent, group, names[i].rev);
}

static void link_groups(mf_chains *chains, size_t *parent) {
    name_list names = {0};
    for (size_t i = 0; i < chains->pending.len; i++) {
        const pending_file *f = &chains->pending.items[i];
        declare(&names, &f->file->rev.revision, f->group);
        declare(&names, &f->file->rev.branch_labels, f->group);
    }
    if (names.len > 1)
        qsort(names.items, names.len, sizeof *names.items, mf_index_entry_order);
    for (size_t i = 0; i < chains->pending.len; i++) {
        const pending_file *f = &chains->pending.items[i];
        const mf_revision_names *links[] = {&f->file->rev.down_revision, &f->file->rev.depends_on};
        for (size_t l = 0; l < 2; l++)
            for (size_t k = 0; links[l]->known && k < links[l]->count; k++)
                link_name(names.items, names.len, parent, f->group, links[l]->names[k]);
    }
    MF_VEC_FREE(&names);
}

void mf_chains_analyse(mf_chains *chains) {
    size_t ngroups = chains->locations.len;
    size_t *parent = mf_xmalloc((ngroups + 1) * sizeof *parent);
    size_t *chain_of = mf_xmalloc((ngroups + 1) * sizeof *chain_of);
    for (size_t g = 0; g < ngroups; g++)
        parent[g] = g, chain_of[g] = SIZE_MAX;
    link_groups(chains, parent);
    for (size_t i = 0; i < chains->pending.len; i++) {
        pending_file *f = &chains->pending.items[i];
        size_t root = find_root(parent, f->group);
        if (chain_of[root] == SIZE_MAX) {
            mf_chain *chain = mf_chain_new();
            mf_chain_set_dialect(chain, chains->dialect);
            mf_chain_ignore(chain, chains->ignored);
            chain_of[root] = chains->chains.len;
            MF_VEC_PUSH(&chains->chains, chain);
        }
        const char *path = f->file->rev.path;
        mf_index_entry e = {mf_arena_strndup(&chains->arena, path, strlen(path)), chain_of[root]};
        MF_VEC_PUSH(&chains->by_path, e);
        mf_chain_add_read(chains->chains.items[chain_of[root]], f->file, f->report);
        f->file = NULL;
    }
    MF_VEC_FREE(&chains->pending);
    free(parent);
    free(chain_of);
    if (chains->by_path.len > 1)
        qsort(chains->by_path.items, chains->by_path.len, sizeof *chains->by_path.items,
              mf_index_entry_order);
    for (size_t c = 0; c < chains->chains.len; c++) {
        mf_chain *chain = chains->chains.items[c];
        mf_chain_analyse(chain);
        chains->revisions += mf_chain_revision_count(chain);
        for (size_t i = 0; i < mf_chain_finding_count(chain); i++)
            MF_VEC_PUSH(&chains->findings, *mf_chain_finding(chain, i));
    }
    chains->none = mf_chain_new();
    mf_chain_analyse(chains->none);
    if (chains->findings.len > 1)
        qsort(chains->findings.items, chains->findings.len, sizeof *chains->findings.items,
              mf_finding_order);
}

size_t mf_chains_count(const mf_chains *chains) {
    return chains->chains.len;
}

const mf_chain *mf_chains_at(const mf_chains *chains, size_t index) {
    return chains->chains.items[index];
}

const mf_chain *mf_chains_of(const mf_chains *chains, const char *path) {
    if (!chains || !path)
        return NULL;
    size_t at = mf_index_first(chains->by_path.items, chains->by_path.len, path);
    if (at < chains->by_path.len && strcmp(chains->by_path.items[at].key, path) == 0)
        return chains->chains.items[chains->by_path.items[at].rev];
    return chains->none;
}

size_t mf_chains_finding_count(const mf_chains *chains) {
    return chains->findings.len;
}

const mf_finding *mf_chains_finding(const mf_chains *chains, size_t index) {
    return &chains->findings.items[index];
}

size_t mf_chains_revision_count(const mf_chains *chains) {
    return chains->revisions;
}

void mf_chains_free(mf_chains *chains) {
    if (!chains)
        return;
    for (size_t i = 0; i < chains->pending.len; i++)
        mf_chain_file_free(chains->pending.items[i].file);
    MF_VEC_FREE(&chains->pending);
    for (size_t i = 0; i < chains->chains.len; i++)
        mf_chain_free(chains->chains.items[i]);
    MF_VEC_FREE(&chains->chains);
    mf_chain_free(chains->none);
    MF_VEC_FREE(&chains->locations);
    MF_VEC_FREE(&chains->by_path);
    MF_VEC_FREE(&chains->findings);
    mf_sql_patterns_free(chains->sql);
    mf_arena_free(&chains->arena);
    free(chains);
}
