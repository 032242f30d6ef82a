/* Expanding paths into files (see walk.h). */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void add(mf_inputs *out, const char *path, const char *error) {
    mf_input input = {mf_xstrdup(path), error ? mf_xstrdup(error) : NULL};
    MF_VEC_PUSH(out, input);
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void walk_dir(const char *dir, mf_inputs *out, int depth) {
    DIR *d = opendir(dir);
    if (!d) {
        add(out, dir, strerror(errno));
        return;
    }
    MF_VEC(char *) names = {0};
    struct dirent *entry;
    while ((entry = readdir(d)))
        if (entry->d_name[0] != '.' && strcmp(entry->d_name, "__pycache__") != 0)
            MF_VEC_PUSH(&names, mf_xstrdup(entry->d_name));
    closedir(d);
    if (names.len > 1)
        qsort(names.items, names.len, sizeof *names.items, compare_names);
    for (size_t i = 0; i < names.len; i++) {
        mf_buf path = {0};
        size_t n = strlen(dir);
        mf_buf_printf(&path, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", names.items[i]);
        struct stat st;
        if (lstat(path.data, &st) == 0) {
            /* Links inside a tree are not followed (they could lead out of
             * it, or in circles). */
            if (S_ISDIR(st.st_mode) && depth < 64)
                walk_dir(path.data, out, depth + 1);
            else if (S_ISREG(st.st_mode) && ends_with(names.items[i], ".py"))
                add(out, path.data, NULL);
        }
        mf_buf_free(&path);
        free(names.items[i]);
    }
    MF_VEC_FREE(&names);
}

void mf_walk_paths(char *const *paths, size_t npaths, mf_inputs *out) {
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (lstat(paths[i], &st) < 0)
            add(out, paths[i], strerror(errno));
        else if (S_ISDIR(st.st_mode))
            walk_dir(paths[i], out, 0);
        else
            add(out, paths[i], NULL); /* files (and links) given by name: read.c decides */
    }
}

void mf_inputs_free(mf_inputs *inputs) {
    for (size_t i = 0; i < inputs->len; i++) {
        free(inputs->items[i].path);
        free(inputs->items[i].error);
    }
    MF_VEC_FREE(inputs);
}
