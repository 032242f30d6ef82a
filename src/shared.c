/* The shared helper module (see shared.h). */
#include "shared.h"

#include "diff.h"
#include "parse.h"
#include "verify.h"
#include "write.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    char *path;    /* owned */
    bool changed;  /* see mf_shared_outcome */
    char *problem; /* owned, or NULL */
} shared_file;

struct mf_shared_files {
    bool write, diff;
    mf_buf module; /* the rendered module, proven on first use */
    bool proven;
    MF_VEC(shared_file) files;
};

mf_shared_files *mf_shared_files_new(const mf_templates *templates, bool write, bool diff) {
    mf_shared_files *files = mf_xcalloc(1, sizeof *files);
    files->write = write;
    files->diff = diff;
    mf_templates_shared_module(templates, &files->module);
    return files;
}

void mf_shared_files_free(mf_shared_files *files) {
    if (!files)
        return;
    for (size_t i = 0; i < files->files.len; i++) {
        free(files->files.items[i].path);
        free(files->files.items[i].problem);
    }
    MF_VEC_FREE(&files->files);
    mf_buf_free(&files->module);
    free(files);
}

/* FILE's first answer: read what PATH holds, and write the module when it
 * differs (in WRITE mode). */
static void first_answer(mf_shared_files *files, shared_file *file, const char *shown,
                         mf_shared_outcome *out) {
    mf_slice module = mf_slice_of(files->module.data, files->module.len);
    char *bytes = NULL;
    size_t size = 0;
    mode_t mode = 0644;
    struct stat st;
    mf_problem problem = {0};
    if (lstat(file->path, &st) < 0 && errno == ENOENT) {
        file->changed = true;
    } else if (mf_source_read_bytes(file->path, &bytes, &size, &mode, &problem) < 0) {
        file->problem = problem.message;
        return;
    } else {
        file->changed = size != module.len || memcmp(bytes, module.data, size) != 0;
    }
    if (!file->changed) {
        free(bytes);
        return; /* what is there is the module: nothing to prove or write */
    }
    if (!files->proven) {
        TSParser *parser = mf_parser_new();
        files->proven = mf_verify_shared_module(parser, module);
        ts_parser_delete(parser);
    }
    if (!files->proven) {
        file->problem = mf_xstrdup("the shared helper module does not verify (a template from "
                                   "--templates?): not written");
        file->changed = false;
        free(bytes);
        return;
    }
    if (files->diff)
        out->diff = mf_diff_file(shown, mf_slice_of(bytes ? bytes : "", size), module);
    free(bytes);
    if (file->changed && files->write &&
        mf_write_atomic(file->path, module, mode & 07777, NULL, &problem) < 0)
        file->problem = problem.message;
}

void mf_shared_files_ensure(mf_shared_files *files, const char *path, const char *shown,
                            mf_shared_outcome *out) {
    memset(out, 0, sizeof *out);
    shared_file *file = NULL;
    for (size_t i = 0; i < files->files.len && !file; i++)
        if (strcmp(files->files.items[i].path, path) == 0)
            file = &files->files.items[i];
    if (!file) {
        MF_VEC_PUSH(&files->files, ((shared_file){mf_xstrdup(path), false, NULL}));
        file = &files->files.items[files->files.len - 1];
        out->first = true;
        first_answer(files, file, shown, out);
    }
    out->changed = file->changed;
    if (file->problem)
        out->problem.message = mf_xstrdup(file->problem);
}
