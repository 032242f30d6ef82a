/* Expanding paths into files (see walk.h). */
#define _DEFAULT_SOURCE /* realpath */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    dev_t dev;
    ino_t ino;
} identity;

/* Open addressing, linear probing: a list scanned for every file made a
 * walk over 100,000 files quadratic. */
typedef struct {
    identity *slots;
    bool *used;
    size_t cap, len;
} identity_set;

typedef struct {
    const pcre2_code *exclude;
    pcre2_match_data *match;
    MF_VEC(char *) roots;    /* real paths of the given directories */
    identity_set seen_dirs;  /* loop detection */
    identity_set seen_files; /* each file once */
    mf_inputs *out;
    mf_buf *notes;
} walker;

static void add(mf_inputs *out, const char *path, const char *error) {
    mf_input input = {mf_xstrdup(path), error ? mf_xstrdup(error) : NULL, NULL, NULL};
    MF_VEC_PUSH(out, input);
}

static void note(walker *w, const char *path, const char *why) {
    if (w->notes)
        mf_buf_printf(w->notes, "%s: skipped: %s\n", path, why);
}

static size_t slot_of(const identity_set *set, identity id) {
    uint64_t h =
        ((uint64_t)id.dev * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)id.ino * 0xc2b2ae3d27d4eb4full);
    size_t i = (size_t)(h ^ (h >> 29)) & (set->cap - 1);
    while (set->used[i] && !(set->slots[i].dev == id.dev && set->slots[i].ino == id.ino))
        i = (i + 1) & (set->cap - 1);
    return i;
}

static void grow(identity_set *set) {
    identity_set bigger = {mf_xcalloc(set->cap ? 2 * set->cap : 64, sizeof *set->slots),
                           mf_xcalloc(set->cap ? 2 * set->cap : 64, sizeof *set->used),
                           set->cap ? 2 * set->cap : 64, set->len};
    for (size_t i = 0; i < set->cap; i++)
        if (set->used[i]) {
            size_t at = slot_of(&bigger, set->slots[i]);
            bigger.slots[at] = set->slots[i];
            bigger.used[at] = true;
        }
    free(set->slots);
    free(set->used);
    *set = bigger;
}

static void identity_set_free(identity_set *set) {
    free(set->slots);
    free(set->used);
}

static bool seen(identity_set *set, const struct stat *st) {
    if (2 * (set->len + 1) > set->cap)
        grow(set);
    identity id = {st->st_dev, st->st_ino};
    size_t at = slot_of(set, id);
    if (set->used[at])
        return true;
    set->slots[at] = id;
    set->used[at] = true;
    set->len++;
    return false;
}

static bool excluded(walker *w, const char *path) {
    return w->exclude && pcre2_match(w->exclude, (PCRE2_SPTR)path, PCRE2_ZERO_TERMINATED, 0, 0,
                                     w->match, NULL) >= 0;
}

/* The real path of PATH lies inside one of the roots. */
static bool inside_roots(walker *w, const char *path) {
    char *real = realpath(path, NULL);
    bool inside = false;
    for (size_t i = 0; real && !inside && i < w->roots.len; i++) {
        size_t n = strlen(w->roots.items[i]);
        inside = strncmp(real, w->roots.items[i], n) == 0 && (real[n] == '/' || real[n] == '\0');
    }
    free(real);
    return inside;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int mf_dir_names(const char *dir, mf_names *out) {
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *entry;
    /* readdir says "no more" and "failed" both with NULL; only errno tells. */
    while ((errno = 0, entry = readdir(d)))
        if (entry->d_name[0] != '.')
            MF_VEC_PUSH(out, mf_xstrdup(entry->d_name));
    int failed = errno;
    closedir(d);
    if (failed) {
        mf_names_free(out);
        errno = failed;
        return -1;
    }
    if (out->len > 1)
        qsort(out->items, out->len, sizeof *out->items, compare_names);
    return 0;
}

void mf_names_free(mf_names *names) {
    for (size_t i = 0; i < names->len; i++)
        free(names->items[i]);
    MF_VEC_FREE(names);
}

static bool is_virtualenv(const char *dir) {
    mf_buf cfg = {0};
    mf_buf_printf(&cfg, "%s/pyvenv.cfg", dir);
    struct stat st;
    bool venv = stat(cfg.data, &st) == 0;
    mf_buf_free(&cfg);
    return venv;
}

static void walk_dir(walker *w, const char *dir, int depth) {
    mf_names names = {0};
    if (mf_dir_names(dir, &names) < 0) {
        add(w->out, dir, strerror(errno));
        return;
    }
    for (size_t i = 0; i < names.len; i++) {
        if (strcmp(names.items[i], "__pycache__") == 0)
            continue;
        mf_buf path = {0};
        size_t n = strlen(dir);
        mf_buf_printf(&path, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", names.items[i]);
        struct stat st;
        bool link = lstat(path.data, &st) == 0 && S_ISLNK(st.st_mode);
        if (link && !inside_roots(w, path.data)) {
            note(w, path.data, "a symbolic link leading outside the given paths");
        } else if (stat(path.data, &st) < 0) {
            note(w, path.data, strerror(errno)); /* e.g. a dangling link */
        } else if (excluded(w, path.data)) {
            note(w, path.data, "matches --exclude");
        } else if (S_ISDIR(st.st_mode)) {
            if (is_virtualenv(path.data))
                note(w, path.data, "a virtual environment");
            else if (seen(&w->seen_dirs, &st) || depth >= 64)
                note(w, path.data, "already searched (a symbolic link loop)");
            else
                walk_dir(w, path.data, depth + 1);
        } else if (S_ISREG(st.st_mode) && mf_ends_with(names.items[i], ".py")) {
            if (link || seen(&w->seen_files, &st))
                note(w, path.data,
                     link ? "a symbolic link to a file inside the given paths "
                            "(processed under its own name)"
                          : "the same file as one found before");
            else
                add(w->out, path.data, NULL);
        }
        mf_buf_free(&path);
    }
    mf_names_free(&names);
}

static int compare_inputs(const void *a, const void *b) {
    return strcmp(((const mf_input *)a)->path, ((const mf_input *)b)->path);
}

void mf_walk_paths(char *const *paths, size_t npaths, const pcre2_code *exclude, mf_inputs *out,
                   mf_buf *notes) {
    walker w = {exclude, exclude ? pcre2_match_data_create_from_pattern(exclude, NULL) : NULL,
                {0},     {0},
                {0},     out,
                notes};
    for (size_t i = 0; i < npaths; i++) {
        char *real = realpath(paths[i], NULL);
        if (real)
            MF_VEC_PUSH(&w.roots, real);
    }
    size_t first = out->len;
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (lstat(paths[i], &st) < 0) {
            add(out, paths[i], strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            seen(&w.seen_dirs, &st);
            walk_dir(&w, paths[i], 0);
        } else if (S_ISREG(st.st_mode) && seen(&w.seen_files, &st)) {
            note(&w, paths[i], "the same file as one found before");
        } else {
            add(out, paths[i], NULL); /* files (and links) given by name: read.c decides */
        }
    }
    if (out->len - first > 1)
        qsort(out->items + first, out->len - first, sizeof *out->items, compare_inputs);
    for (size_t i = 0; i < w.roots.len; i++)
        free(w.roots.items[i]);
    MF_VEC_FREE(&w.roots);
    identity_set_free(&w.seen_dirs);
    identity_set_free(&w.seen_files);
    pcre2_match_data_free(w.match);
}

void mf_inputs_free(mf_inputs *inputs) {
    for (size_t i = 0; i < inputs->len; i++) {
        free(inputs->items[i].path);
        free(inputs->items[i].error);
    }
    MF_VEC_FREE(inputs);
}
