/* Reporting (see report.h). */
#include "report.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

struct mf_report {
    const mf_options *options;
    FILE *text; /* where text report lines go: stdout, or stderr with --diff */
    size_t files, changed, errors;
    size_t by_status[3];
    json_t *json_files; /* JSON format only */
};

mf_report *mf_report_new(const mf_options *options) {
    mf_report *r = mf_xcalloc(1, sizeof *r);
    r->options = options;
    r->text = options->mode == MF_MODE_DIFF ? stderr : stdout;
    if (options->format == MF_FORMAT_JSON)
        r->json_files = json_array();
    return r;
}

static char *error_text(const mf_problem *error) {
    mf_buf msg = {0};
    if (error->line)
        mf_buf_printf(&msg, "%u:%u: ", error->line, error->column);
    mf_buf_puts(&msg, error->message);
    return mf_buf_detach(&msg);
}

static void json_file(mf_report *r, const mf_result *result) {
    json_t *ops = json_array();
    for (size_t i = 0; i < result->ops.len; i++) {
        const mf_op_report *op = &result->ops.items[i];
        json_array_append_new(ops,
                              json_pack("{s:i, s:i, s:s, s:s, s:o}", "line", (json_int_t)op->line,
                                        "column", (json_int_t)op->column, "call", op->call,
                                        "status", mf_status_name(op->status), "reason",
                                        op->reason ? json_string(op->reason) : json_null()));
    }
    json_t *file = json_pack("{s:s, s:b, s:o, s:o}", "path", result->path, "changed",
                             result->changed, "error", json_null(), "operations", ops);
    if (result->error.message) {
        char *text = error_text(&result->error);
        json_object_set_new(file, "error", json_string(text));
        free(text);
    }
    if (r->options->mode == MF_MODE_DIFF)
        json_object_set_new(file, "diff", result->diff ? json_string(result->diff) : json_null());
    json_array_append_new(r->json_files, file);
}

static void text_file(mf_report *r, const mf_result *result) {
    int verbosity = r->options->verbosity;
    if (result->error.message) {
        if (result->error.line)
            fprintf(stderr, "%s:%u:%u: error: %s\n", result->path, result->error.line,
                    result->error.column, result->error.message);
        else
            fprintf(stderr, "%s: error: %s\n", result->path, result->error.message);
    }
    if (verbosity >= 0) {
        for (size_t i = 0; i < result->ops.len; i++) {
            const mf_op_report *op = &result->ops.items[i];
            if (op->status != MF_LEFT_ALONE && verbosity < 1)
                continue;
            fprintf(r->text, "%s:%u:%u: %s: %s%s%s\n", result->path, op->line, op->column, op->call,
                    op->status == MF_ALREADY_GUARDED ? "already guarded"
                    : op->status == MF_GUARDED       ? "guarded"
                                                     : "left alone",
                    op->reason ? ": " : "", op->reason ? op->reason : "");
        }
        if (result->changed && r->options->mode != MF_MODE_DIFF)
            fprintf(r->text, "%s %s\n", r->options->mode == MF_MODE_CHECK ? "would fix" : "fixed",
                    result->path);
    }
    if (result->diff)
        fputs(result->diff, stdout);
}

void mf_report_file(mf_report *r, const mf_result *result) {
    r->files++;
    r->changed += result->changed;
    r->errors += result->error.message != NULL;
    for (size_t i = 0; i < result->ops.len; i++)
        r->by_status[result->ops.items[i].status]++;
    if (r->json_files)
        json_file(r, result);
    else
        text_file(r, result);
}

mf_exit mf_report_finish(mf_report *r) {
    size_t ops =
        r->by_status[MF_GUARDED] + r->by_status[MF_ALREADY_GUARDED] + r->by_status[MF_LEFT_ALONE];
    bool check = r->options->mode == MF_MODE_CHECK;
    const char *changed_word = r->options->mode == MF_MODE_WRITE ? "fixed" : "would be fixed";
    if (r->json_files) {
        json_t *summary = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "files",
                                    (json_int_t)r->files, "changed", (json_int_t)r->changed,
                                    "unchanged", (json_int_t)(r->files - r->changed - r->errors),
                                    "errors", (json_int_t)r->errors, "operations", (json_int_t)ops,
                                    "guarded", (json_int_t)r->by_status[MF_GUARDED],
                                    "already-guarded", (json_int_t)r->by_status[MF_ALREADY_GUARDED],
                                    "left-alone", (json_int_t)r->by_status[MF_LEFT_ALONE]);
        json_t *doc = json_pack("{s:o, s:o}", "files", r->json_files, "summary", summary);
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(doc);
    } else if (r->options->verbosity >= 0) {
        fprintf(r->text,
                "migfix: %zu file%s: %zu %s, %zu unchanged, %zu error%s; %zu operation%s: %zu "
                "guarded, %zu already guarded, %zu left alone\n",
                r->files, r->files == 1 ? "" : "s", r->changed, changed_word,
                r->files - r->changed - r->errors, r->errors, r->errors == 1 ? "" : "s", ops,
                ops == 1 ? "" : "s", r->by_status[MF_GUARDED], r->by_status[MF_ALREADY_GUARDED],
                r->by_status[MF_LEFT_ALONE]);
    }
    mf_exit code = r->errors             ? MF_EXIT_ERROR
                   : check && r->changed ? MF_EXIT_WOULD_CHANGE
                                         : MF_EXIT_OK;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("migfix: error: writing to standard output failed\n", stderr);
        code = MF_EXIT_ERROR;
    }
    free(r);
    return code;
}
