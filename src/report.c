/* Reporting (see report.h). */
#include "report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct mf_report {
    const mf_options *options;
    FILE *out;  /* the report's stream */
    FILE *text; /* text report lines: stdout, or stderr with --diff / stdin */
    size_t total, files, changed, errors;
    size_t shared_changed, shared_errors; /* shared helper modules: written (or would
                                             be), or not (also in ERRORS) */
    json_t *shared_json;                  /* JSON: those modules, for the summary */
    size_t by_status[3];
    bool color, progress, progress_shown, json_started;
    json_t *sarif_results; /* SARIF only */
};

/* SARIF rules: the kinds of finding migfix reports. */
static const struct {
    const char *id, *name, *text;
} rules[] = {
    {"MF001", "operation-left-alone", "An Alembic operation migfix leaves without a guard"},
    {"MF002", "file-error", "A file migfix could not read, parse, verify or write"},
    {"MF003", "operation-needs-guard", "An Alembic operation that is not safe to re-run yet"},
};

mf_report *mf_report_new(const mf_options *options, size_t total, bool stdin_mode) {
    mf_report *r = mf_xcalloc(1, sizeof *r);
    r->options = options;
    r->total = total;
    r->out = stdin_mode ? stderr : stdout;
    r->text = stdin_mode || options->mode == MF_MODE_DIFF ? stderr : stdout;
    const char *no_color = getenv("NO_COLOR");
    r->color =
        options->color == MF_COLOR_ALWAYS ||
        (options->color == MF_COLOR_AUTO && isatty(STDOUT_FILENO) && !(no_color && *no_color));
    r->progress = options->format == MF_FORMAT_TEXT && options->verbosity >= 0 && total >= 20 &&
                  isatty(STDERR_FILENO) && !stdin_mode;
    if (options->format == MF_FORMAT_SARIF)
        r->sarif_results = json_array();
    return r;
}

static void clear_progress(mf_report *r) {
    if (r->progress_shown) {
        fputs("\r\033[K", stderr);
        r->progress_shown = false;
    }
}

static void show_progress(mf_report *r) {
    enum { WIDTH = 30 };
    size_t filled = r->total ? r->files * WIDTH / r->total : WIDTH;
    char bar[WIDTH + 1];
    for (size_t i = 0; i < WIDTH; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\rmigfix [%s] %zu/%zu files", bar, r->files, r->total);
    fflush(stderr);
    r->progress_shown = true;
}

static char *error_text(const mf_problem *error) {
    mf_buf msg = {0};
    if (error->line)
        mf_buf_printf(&msg, "%u:%u: ", error->line, error->column);
    mf_buf_puts(&msg, error->message);
    return mf_buf_detach(&msg);
}

static const char *path_of(const mf_result *result) {
    const char *path = result->path;
    while (strncmp(path, "./", 2) == 0)
        path += 2;
    return path;
}

/* ---- text --------------------------------------------------------------- */

static void put_diff(mf_report *r, const char *diff) {
    if (!r->color) {
        fputs(diff, r->out);
        return;
    }
    for (const char *line = diff; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        const char *color = strncmp(line, "+++", 3) == 0 || strncmp(line, "---", 3) == 0 ? "\033[1m"
                            : line[0] == '@' ? "\033[36m"
                            : line[0] == '+' ? "\033[32m"
                            : line[0] == '-' ? "\033[31m"
                                             : NULL;
        if (color)
            fprintf(r->out, "%s%.*s\033[0m\n", color, (int)len, line);
        else
            fprintf(r->out, "%.*s\n", (int)len, line);
        line = nl ? nl + 1 : line + len;
    }
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
        const mf_revision_guard *g = result->revision_guard;
        if (g && verbosity >= 1 && !g->any_of.python)
            fprintf(r->text, "%s: revision '%s': skipped whole when %sthese exist: %s%s%s\n",
                    result->path, g->revision,
                    g->one_transaction ? "it runs in one transaction (PostgreSQL) and " : "",
                    g->all_of.python, g->none_of.python ? ", and none of " : "",
                    g->none_of.python ? g->none_of.python : "");
        else if (g && verbosity >= 1)
            fprintf(r->text,
                    "%s: revision '%s': skipped whole when one of later revision '%s''s witness "
                    "exists: %s%s%s%s%s\n",
                    result->path, g->revision, g->from, g->any_of.python,
                    g->all_of.len ? ", and all of " : "", g->all_of.len ? g->all_of.python : "",
                    g->none_of.python ? ", and none of " : "",
                    g->none_of.python ? g->none_of.python : "");
        if (result->changed && r->options->mode != MF_MODE_DIFF)
            fprintf(r->text, "%s %s\n", r->options->mode == MF_MODE_CHECK ? "would fix" : "fixed",
                    result->path);
    }
    if (result->diff)
        put_diff(r, result->diff);
}

/* ---- JSON --------------------------------------------------------------- */

static json_t *objects_json(const mf_guard_objects *objects) {
    if (!objects->python)
        return json_null();
    json_t *list = json_array();
    for (size_t i = 0; i < objects->len; i++) {
        const mf_guard_object *o = &objects->items[i];
        json_t *item =
            json_pack("[s, o]", o->kind, o->schema ? json_string(o->schema) : json_null());
        if (o->table)
            json_array_append_new(item, json_string(o->table));
        json_array_append_new(item, json_string(o->name));
        json_array_append_new(list, item);
    }
    return list;
}

static json_t *witness_json(const mf_revision_guard *g) {
    if (!g)
        return json_null();
    return json_pack("{s:s, s:o, s:o, s:o, s:o, s:b, s:b}", "revision", g->revision, "all_of",
                     objects_json(&g->all_of), "any_of", objects_json(&g->any_of), "none_of",
                     g->none_of.python ? objects_json(&g->none_of) : json_array(), "from",
                     g->from ? json_string(g->from) : json_null(), "writes_rows", g->writes_rows,
                     "one_transaction", g->one_transaction);
}

static json_t *json_file(mf_report *r, const mf_result *result) {
    json_t *ops = json_array();
    for (size_t i = 0; i < result->ops.len; i++) {
        const mf_op_report *op = &result->ops.items[i];
        json_array_append_new(ops,
                              json_pack("{s:i, s:i, s:s, s:s, s:o}", "line", (json_int_t)op->line,
                                        "column", (json_int_t)op->column, "call", op->call,
                                        "status", mf_status_name(op->status), "reason",
                                        op->reason ? json_string(op->reason) : json_null()));
    }
    json_t *file = json_pack("{s:s, s:b, s:o, s:o, s:o}", "path", result->path, "changed",
                             result->changed, "error", json_null(), "operations", ops, "witness",
                             witness_json(result->revision_guard));
    if (result->error.message) {
        char *text = error_text(&result->error);
        json_object_set_new(file, "error", json_string(text));
        free(text);
    }
    if (r->options->mode == MF_MODE_DIFF)
        json_object_set_new(file, "diff", result->diff ? json_string(result->diff) : json_null());
    return file;
}

/* ---- SARIF and GitHub ----------------------------------------------------- */

static void sarif_result(mf_report *r, const char *rule, const char *level, const mf_result *result,
                         unsigned line, unsigned column, const char *message) {
    json_t *region = json_object();
    if (line) {
        json_object_set_new(region, "startLine", json_integer(line));
        json_object_set_new(region, "startColumn", json_integer(column ? column : 1));
    }
    json_t *location = json_pack("{s:{s:{s:s}, s:o}}", "physicalLocation", "artifactLocation",
                                 "uri", path_of(result), "region", region);
    if (!line)
        json_object_del(json_object_get(location, "physicalLocation"), "region");
    json_array_append_new(r->sarif_results,
                          json_pack("{s:s, s:s, s:{s:s}, s:[o]}", "ruleId", rule, "level", level,
                                    "message", "text", message, "locations", location));
}

/* GitHub's workflow commands: % CR LF escaped in data; also : and , in
 * properties. */
void mf_github_escape(mf_buf *out, const char *text, bool property) {
    for (const char *c = text; *c; c++) {
        if (*c == '%')
            mf_buf_puts(out, "%25");
        else if (*c == '\r')
            mf_buf_puts(out, "%0D");
        else if (*c == '\n')
            mf_buf_puts(out, "%0A");
        else if (property && *c == ':')
            mf_buf_puts(out, "%3A");
        else if (property && *c == ',')
            mf_buf_puts(out, "%2C");
        else
            mf_buf_putc(out, *c);
    }
}

static void github_annotation(mf_report *r, const char *level, const mf_result *result,
                              unsigned line, unsigned column, const char *message) {
    mf_buf out = {0};
    mf_buf_printf(&out, "::%s file=", level);
    mf_github_escape(&out, path_of(result), true);
    if (line)
        mf_buf_printf(&out, ",line=%u,col=%u", line, column ? column : 1);
    mf_buf_puts(&out, ",title=migfix::");
    mf_github_escape(&out, message, false);
    fprintf(r->out, "%s\n", out.data);
    mf_buf_free(&out);
}

static void findings(mf_report *r, const mf_result *result) {
    bool sarif = r->options->format == MF_FORMAT_SARIF;
    if (result->error.message) {
        if (sarif)
            sarif_result(r, "MF002", "error", result, result->error.line, result->error.column,
                         result->error.message);
        else
            github_annotation(r, "error", result, result->error.line, result->error.column,
                              result->error.message);
    }
    for (size_t i = 0; i < result->ops.len; i++) {
        const mf_op_report *op = &result->ops.items[i];
        bool needs = op->status == MF_GUARDED && r->options->mode != MF_MODE_WRITE;
        if (op->status != MF_LEFT_ALONE && !needs)
            continue;
        mf_buf msg = {0};
        if (needs)
            mf_buf_printf(&msg, "%s is not safe to re-run: migfix would guard it", op->call);
        else
            mf_buf_printf(&msg, "%s left alone: %s", op->call, op->reason ? op->reason : "");
        if (sarif)
            sarif_result(r, needs ? "MF003" : "MF001", needs ? "warning" : "note", result, op->line,
                         op->column, msg.data);
        else
            github_annotation(r, needs ? "warning" : "notice", result, op->line, op->column,
                              msg.data);
        mf_buf_free(&msg);
    }
}

/* ---- dispatch ------------------------------------------------------------- */

/* The shared helper module: a line of its own, its diff, and no place
 * among the migrations' counts (but in the exit code). */
static void report_shared_module(mf_report *r, const mf_result *result) {
    r->shared_changed += result->changed;
    r->shared_errors += result->error.message != NULL;
    r->errors += result->error.message != NULL;
    clear_progress(r);
    if (result->error.message)
        fprintf(stderr, "%s: error: %s\n", path_of(result), result->error.message);
    if (r->options->format == MF_FORMAT_JSON) {
        if (!r->shared_json)
            r->shared_json = json_array();
        json_array_append_new(
            r->shared_json,
            json_pack("{s:s, s:b, s:o}", "path", path_of(result), "changed", result->changed,
                      "error",
                      result->error.message ? json_string(result->error.message) : json_null()));
    } else if (r->options->format == MF_FORMAT_TEXT && r->options->verbosity >= 0 &&
               result->changed && r->options->mode != MF_MODE_DIFF) {
        fprintf(r->text,
                "%s %s: the checks the project's migrations load (commit it with them: a "
                "migration copied alone needs it at the path its loader names)\n",
                r->options->mode == MF_MODE_CHECK ? "would write" : "wrote", path_of(result));
    }
    if (result->diff)
        put_diff(r, result->diff);
}

void mf_report_file(mf_report *r, const mf_result *result) {
    if (result->shared_module) {
        report_shared_module(r, result);
        return;
    }
    r->files++;
    r->changed += result->changed;
    r->errors += result->error.message != NULL;
    for (size_t i = 0; i < result->ops.len; i++)
        r->by_status[result->ops.items[i].status]++;
    clear_progress(r);
    switch (r->options->format) {
    case MF_FORMAT_JSON: {
        json_t *file = json_file(r, result);
        fputs(r->json_started ? ",\n" : "{\"files\": [\n", r->out);
        r->json_started = true;
        json_dumpf(file, r->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(file);
        break;
    }
    case MF_FORMAT_SARIF:
    case MF_FORMAT_GITHUB:
        findings(r, result);
        break;
    case MF_FORMAT_TEXT:
        text_file(r, result);
        break;
    }
    if (r->progress && r->files < r->total)
        show_progress(r);
}

void mf_report_note(mf_report *r, const char *text) {
    if (r->options->verbosity > 0 && r->options->format == MF_FORMAT_TEXT)
        fputs(text, stderr);
}

static json_t *summary(mf_report *r) {
    size_t ops = r->by_status[0] + r->by_status[1] + r->by_status[2];
    json_t *shared = r->shared_json ? r->shared_json : json_array();
    r->shared_json = NULL;
    return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:o}", "files", (json_int_t)r->files,
                     "changed", (json_int_t)r->changed, "unchanged",
                     (json_int_t)(r->files - r->changed - (r->errors - r->shared_errors)), "errors",
                     (json_int_t)r->errors, "operations", (json_int_t)ops, "guarded",
                     (json_int_t)r->by_status[MF_GUARDED], "already-guarded",
                     (json_int_t)r->by_status[MF_ALREADY_GUARDED], "left-alone",
                     (json_int_t)r->by_status[MF_LEFT_ALONE], "shared_helpers", shared);
}

static void print_sarif(mf_report *r) {
    json_t *rule_list = json_array();
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        json_array_append_new(rule_list,
                              json_pack("{s:s, s:s, s:{s:s}}", "id", rules[i].id, "name",
                                        rules[i].name, "shortDescription", "text", rules[i].text));
    json_t *doc = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:o}]}", "$schema",
                            "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0",
                            "runs", "tool", "driver", "name", "migfix", "version", MIGFIX_VERSION,
                            "rules", rule_list, "results", r->sarif_results);
    json_dumpf(doc, r->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', r->out);
    json_decref(doc);
}

mf_exit mf_report_finish(mf_report *r) {
    clear_progress(r);
    size_t ops = r->by_status[0] + r->by_status[1] + r->by_status[2];
    bool check = r->options->mode == MF_MODE_CHECK;
    const char *changed_word = r->options->mode == MF_MODE_WRITE ? "fixed" : "would be fixed";
    switch (r->options->format) {
    case MF_FORMAT_JSON: {
        fputs(r->json_started ? "\n],\n\"summary\": " : "{\"files\": [],\n\"summary\": ", r->out);
        json_t *s = summary(r);
        json_dumpf(s, r->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(s);
        fputs("}\n", r->out);
        break;
    }
    case MF_FORMAT_SARIF:
        print_sarif(r);
        break;
    case MF_FORMAT_GITHUB:
    case MF_FORMAT_TEXT:
        if (r->options->verbosity >= 0)
            fprintf(r->options->format == MF_FORMAT_GITHUB ? stderr : r->text,
                    "migfix: %zu file%s: %zu %s, %zu unchanged, %zu error%s; %zu operation%s: "
                    "%zu guarded, %zu already guarded, %zu left alone\n",
                    r->files, r->files == 1 ? "" : "s", r->changed, changed_word,
                    r->files - r->changed - (r->errors - r->shared_errors), r->errors,
                    r->errors == 1 ? "" : "s", ops, ops == 1 ? "" : "s", r->by_status[MF_GUARDED],
                    r->by_status[MF_ALREADY_GUARDED], r->by_status[MF_LEFT_ALONE]);
        break;
    }
    if (r->options->format == MF_FORMAT_TEXT && r->options->verbosity >= 0 && r->changed &&
        r->options->settings.helpers_module)
        fprintf(r->text,
                "migfix: the fixed files import their checks from %s: it must be importable "
                "wherever Alembic runs them\n",
                r->options->settings.helpers_module);
    mf_exit code = r->errors                                    ? MF_EXIT_ERROR
                   : check && (r->changed || r->shared_changed) ? MF_EXIT_WOULD_CHANGE
                                                                : MF_EXIT_OK;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("migfix: error: writing to standard output failed\n", stderr);
        code = MF_EXIT_ERROR;
    }
    free(r);
    return code;
}
