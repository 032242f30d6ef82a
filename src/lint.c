/* The lint driver (see lint.h). */
#define _DEFAULT_SOURCE /* realpath */
#include "lint.h"

#include "chain.h"
#include "facts.h"
#include "parse.h"
#include "pool.h"
#include "report.h"
#include "run.h"
#include "source.h"
#include "verify.h"
#include "walk.h"

#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *id, *name, *text;
} lint_rules[] = {
    {"MF101", "duplicate-revision", "Two files declare the same revision id"},
    {"MF102", "unknown-revision", "down_revision or depends_on names no revision"},
    {"MF103", "several-heads", "The chain has more than one head"},
    {"MF104", "revision-cycle", "The revision graph has a cycle"},
    {"MF105", "redundant-merge-parent", "A merge lists a parent that is an ancestor of another"},
    {"MF201", "missing-table", "An operation on a table that does not exist at that point"},
    {"MF202", "missing-column", "An operation on a column that does not exist at that point"},
    {"MF203", "already-exists",
     "Creates a table, column, index, named constraint or enum type that already exists"},
    {"MF204", "unnamed-constraint-drop", "drop_constraint(None, ...) always fails at run time"},
    {"MF205", "left-behind-on-downgrade",
     "The downgrade leaves behind a table, column, index, constraint or type its upgrade made"},
    {"MF301", "replayable-data",
     "Data statements that a replay would run again: no witness here or after"},
};

typedef struct {
    char *real;       /* realpath, owned: one entry per file */
    const char *name; /* the path as given or found (borrowed): what reports say */
    bool report;
} seen_file;

static void print_error(const mf_options *options, const char *path, const mf_problem *problem) {
    if (options->format == MF_FORMAT_GITHUB)
        printf("::error file=%s,line=%u::migfix: %s\n", path, problem->line ? problem->line : 1,
               problem->message);
    else if (problem->line)
        fprintf(stderr, "%s:%u:%u: error: %s\n", path, problem->line, problem->column,
                problem->message);
    else
        fprintf(stderr, "%s: error: %s\n", path, problem->message);
}

/* One file of the chain, read on a worker: its facts, or what went wrong. */
typedef struct {
    mf_chain_file *file; /* NULL: no revision, or unreadable */
    mf_problem problem;  /* .message set: it cannot be read or parsed */
} read_result;

typedef struct {
    const mf_options *options;
    mf_chains *chains;
    mf_locations *locations;
    const seen_file *files;
    bool *failed;
    mf_checked_blocks *blocks; /* helper blocks proven, so files are parsed around them */
    mf_facts *facts;           /* or NULL */
} reading;

static void *read_one(size_t index, unsigned worker, void *parser, void *context) {
    (void)worker;
    const reading *r = context;
    const char *path = r->files[index].name;
    read_result *out = mf_xcalloc(1, sizeof *out);
    /* Known bytes are not checked as text, nor parsed, again: the facts
     * cache has what they declare. */
    char *bytes;
    size_t size;
    mode_t mode;
    if (mf_source_read_bytes(path, &bytes, &size, &mode, &out->problem) < 0)
        return out;
    if (mf_facts_get(r->facts, path, mf_slice_of(bytes, size), &out->file)) {
        free(bytes);
        return out;
    }
    mf_source src;
    if (mf_source_adopt(&src, bytes, size, &out->problem) < 0)
        return out;
    TSTree *tree = mf_parse_around_block(parser, r->blocks, src.text, NULL);
    mf_syntax_error syntax = mf_first_syntax_error(tree);
    if (syntax.found) {
        /* A file that does not parse cannot be placed in the graph. */
        mf_position(src.text, syntax.offset, &out->problem.line, &out->problem.column);
        out->problem.message = mf_xstrdup("cannot parse this file (a syntax error here); its "
                                          "revision is left out of the chain");
    } else {
        out->file = mf_chain_read(path, src.text, tree, NULL, mf_chains_sql(r->chains));
        mf_facts_put(r->facts, mf_slice_of(src.bytes, src.size), out->file);
    }
    ts_tree_delete(tree);
    mf_source_free(&src);
    return out;
}

/* Adds a file to the chain, in the order given; a file to report that
 * cannot be read or parsed is said (unless there are no OPTIONS) and fails. */
static void add_one(size_t index, void *result, void *context) {
    const reading *r = context;
    read_result *read = result;
    bool report = r->files[index].report;
    if (read->problem.message) {
        if (report && r->options)
            print_error(r->options, r->files[index].name, &read->problem);
        *r->failed |= report;
    } else if (read->file) {
        mf_chains_add_read(r->chains, read->file, report,
                           mf_location_of(r->locations, r->files[index].real));
    }
    mf_problem_free(&read->problem);
    free(read);
}

static void print_json(const mf_chains *chains, size_t errors, size_t warnings) {
    json_t *list = json_array();
    for (size_t i = 0; i < mf_chains_finding_count(chains); i++) {
        const mf_finding *f = mf_chains_finding(chains, i);
        json_array_append_new(list, json_pack("{s:s, s:i, s:i, s:s, s:s, s:s, s:s?}", "path",
                                              f->path, "line", (json_int_t)f->line, "column",
                                              (json_int_t)f->column, "rule", f->rule, "severity",
                                              mf_severity_name(f->severity), "message", f->message,
                                              "revision", f->revision));
    }
    json_t *doc = json_pack("{s:o, s:{s:i, s:i, s:i}}", "findings", list, "summary", "findings",
                            (json_int_t)(errors + warnings), "errors", (json_int_t)errors,
                            "warnings", (json_int_t)warnings);
    json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(doc);
}

static void print_sarif(const mf_chains *chains) {
    json_t *rules = json_array();
    for (size_t i = 0; i < sizeof lint_rules / sizeof lint_rules[0]; i++)
        json_array_append_new(rules, json_pack("{s:s, s:s, s:{s:s}}", "id", lint_rules[i].id,
                                               "name", lint_rules[i].name, "shortDescription",
                                               "text", lint_rules[i].text));
    json_t *results = json_array();
    for (size_t i = 0; i < mf_chains_finding_count(chains); i++) {
        const mf_finding *f = mf_chains_finding(chains, i);
        json_array_append_new(
            results,
            json_pack("{s:s, s:s, s:{s:s}, s:[{s:{s:{s:s}, s:{s:i, s:i}}}]}", "ruleId", f->rule,
                      "level", mf_severity_name(f->severity), "message", "text", f->message,
                      "locations", "physicalLocation", "artifactLocation", "uri", f->path, "region",
                      "startLine", (json_int_t)f->line, "startColumn", (json_int_t)f->column));
    }
    json_t *doc = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:o}]}", "$schema",
                            "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0",
                            "runs", "tool", "driver", "name", "migfix", "version", MIGFIX_VERSION,
                            "rules", rules, "results", results);
    json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(doc);
}

/* CHAIN completed with PATHS (reported) and CONTEXT (read for the graph
 * only), except the files in READ (already in CHAIN), and analysed.
 * *FAILED: a file to report could not be read or parsed (said why unless
 * OPTIONS is NULL). */
typedef struct {
    const char *real;
    size_t index;
} by_path;

static int compare_paths(const void *a, const void *b) {
    const by_path *x = a, *y = b;
    int c = strcmp(x->real, y->real);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Keeps the first entry of each real path, in order (by sorting, not by
 * comparing every pair: a chain may have thousands of files); *ALREADY, the
 * number of leading entries read already, is kept in step. */
static void drop_repeated(seen_file *items, size_t *len, size_t *already) {
    size_t n = *len, kept = 0, leading = *already;
    by_path *sorted = mf_xmalloc((n ? n : 1) * sizeof *sorted);
    bool *repeated = mf_xcalloc(n ? n : 1, sizeof *repeated);
    for (size_t i = 0; i < n; i++)
        sorted[i] = (by_path){items[i].real, i};
    qsort(sorted, n, sizeof *sorted, compare_paths);
    for (size_t i = 1; i < n; i++)
        repeated[sorted[i].index] = strcmp(sorted[i].real, sorted[i - 1].real) == 0;
    for (size_t i = 0; i < n; i++) {
        if (repeated[i]) {
            free(items[i].real);
            *already -= i < leading;
        } else {
            items[kept++] = items[i];
        }
    }
    *len = kept;
    free(sorted);
    free(repeated);
}

/* PATH's real path: its directory's (resolved once per directory, in
 * *LAST: a walk gives a directory's files together) and its name. realpath
 * asks every component of every file (1,800 readlink calls for one staged
 * file in a 176-file directory); a file that is itself a link is refused
 * when read. */
typedef struct {
    char *dir, *real;
} resolved_dir;

static char *real_path(const char *path, resolved_dir *last) {
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    char *dir = slash ? mf_xstrndup(path, n ? n : 1) : mf_xstrdup(".");
    if (!last->dir || strcmp(last->dir, dir) != 0) {
        free(last->dir);
        free(last->real);
        last->dir = dir;
        last->real = realpath(dir, NULL);
    } else {
        free(dir);
    }
    if (!last->real)
        return realpath(path, NULL);
    mf_buf real = {0};
    mf_buf_printf(&real, "%s/%s", strcmp(last->real, "/") == 0 ? "" : last->real,
                  slash ? slash + 1 : path);
    return mf_buf_detach(&real);
}

static void build_chain(const mf_options *options, mf_chains *chains, char *const *read,
                        size_t nread, char *const *paths, size_t npaths, char *const *context,
                        size_t ncontext, mf_checked_blocks *blocks, mf_facts *facts, bool *failed) {
    mf_inputs inputs = {0}, around = {0};
    mf_walk_paths(paths, npaths, NULL, &inputs, NULL);
    mf_walk_paths(context, ncontext, NULL, &around, NULL);
    /* One entry per file, by real path: a file given and also in a context
     * directory is read once, and reported. */
    MF_VEC(seen_file) files = {0};
    for (size_t i = 0; i < nread; i++) {
        char *real = realpath(read[i], NULL);
        seen_file f = {real ? real : mf_xstrdup(read[i]), read[i], false};
        MF_VEC_PUSH(&files, f);
    }
    size_t already = files.len;
    *failed = false;
    resolved_dir last = {0};
    for (size_t i = 0; i < inputs.len + around.len; i++) {
        const mf_input *in = i < inputs.len ? &inputs.items[i] : &around.items[i - inputs.len];
        bool report = i < inputs.len;
        if (in->error) {
            if (report && options) {
                mf_problem problem = {0, 0, in->error};
                print_error(options, in->path, &problem);
            }
            *failed |= report;
            continue;
        }
        char *real = real_path(in->path, &last);
        seen_file f = {real ? real : mf_xstrdup(in->path), in->path, report};
        MF_VEC_PUSH(&files, f);
    }
    free(last.dir);
    free(last.real);
    drop_repeated(files.items, &files.len, &already);
    /* Read on the workers (a pre-commit run on one file reads its whole
     * versions directory), added in order: the chain does not depend on
     * --jobs. */
    mf_locations *locations = mf_locations_new();
    reading r = {options,   chains,
                 locations, files.items + already,
                 failed,    blocks ? blocks : mf_checked_blocks_new(),
                 facts};
    mf_pool_work work = {mf_parser_start, mf_parser_stop, read_one, add_one, &r};
    unsigned jobs = options && options->jobs ? options->jobs : mf_pool_cores();
    mf_pool_run(files.len - already, jobs, &work);
    if (!blocks)
        mf_checked_blocks_free(r.blocks);
    mf_locations_free(locations);
    mf_chains_analyse(chains);
    for (size_t i = 0; i < files.len; i++)
        free(files.items[i].real);
    MF_VEC_FREE(&files);
    mf_inputs_free(&inputs);
    mf_inputs_free(&around);
}

/* This build's facts cache, unless --no-cache. */
static mf_facts *open_facts(const mf_options *options) {
    return options->no_cache ? NULL : mf_facts_open_own();
}

void mf_lint_complete(mf_chains *chains, char *const *read, size_t nread, char *const *context,
                      size_t ncontext, mf_checked_blocks *blocks, mf_facts *facts) {
    bool failed;
    build_chain(NULL, chains, read, nread, NULL, 0, context, ncontext, blocks, facts, &failed);
}

bool mf_lint_read(const mf_options *options, mf_chains *chains, char *const *paths, size_t npaths) {
    bool failed;
    mf_facts *facts = open_facts(options);
    build_chain(options, chains, NULL, 0, paths, npaths, NULL, 0, NULL, facts, &failed);
    mf_facts_close(facts);
    return !failed;
}

void mf_lint_print_warnings(const mf_chains *chains) {
    for (size_t i = 0; i < mf_chains_finding_count(chains); i++) {
        const mf_finding *f = mf_chains_finding(chains, i);
        if (f->severity == MF_SEVERITY_ERROR || strcmp(f->rule, "MF301") == 0)
            fprintf(stderr, "%s:%u:%u: warning: %s %s (migfix --lint)\n", f->path, f->line,
                    f->column, f->rule, f->message);
    }
}

mf_exit mf_lint_run(const mf_options *options, char *const *paths, size_t npaths,
                    char *const *context, size_t ncontext) {
    bool failed;
    mf_chains *chains = mf_chains_new(options->settings.dialect, options->ignore);
    mf_facts *facts = open_facts(options);
    build_chain(options, chains, NULL, 0, paths, npaths, context, ncontext, NULL, facts, &failed);
    if (facts && options->verbosity > 0 && options->format == MF_FORMAT_TEXT) {
        mf_buf said = {0};
        mf_facts_describe(facts, &said);
        fputs(said.data, stderr);
        mf_buf_free(&said);
    }
    mf_facts_close(facts);

    size_t errors = 0, warnings = 0;
    for (size_t i = 0; i < mf_chains_finding_count(chains); i++) {
        const mf_finding *f = mf_chains_finding(chains, i);
        if (f->severity == MF_SEVERITY_ERROR)
            errors++;
        else
            warnings++;
        if (options->format == MF_FORMAT_TEXT) {
            printf("%s:%u:%u: %s %s\n", f->path, f->line, f->column, f->rule, f->message);
        } else if (options->format == MF_FORMAT_GITHUB) {
            mf_buf line = {0};
            mf_buf_printf(&line,
                          "::%s file=", f->severity == MF_SEVERITY_ERROR ? "error" : "warning");
            mf_github_escape(&line, f->path, true);
            mf_buf_printf(&line, ",line=%u,col=%u,title=migfix %s::", f->line, f->column, f->rule);
            mf_github_escape(&line, f->message, false);
            puts(line.data);
            mf_buf_free(&line);
        }
    }
    if (options->format == MF_FORMAT_JSON)
        print_json(chains, errors, warnings);
    else if (options->format == MF_FORMAT_SARIF)
        print_sarif(chains);
    else if (options->verbosity >= 0)
        fprintf(stderr,
                "migfix: %zu revision%s linted: %zu finding%s (%zu error%s, %zu warning%s)\n",
                mf_chains_revision_count(chains), mf_chains_revision_count(chains) == 1 ? "" : "s",
                errors + warnings, errors + warnings == 1 ? "" : "s", errors,
                errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    mf_chains_free(chains);
    mf_exit code = failed ? MF_EXIT_ERROR : errors ? MF_EXIT_WOULD_CHANGE : MF_EXIT_OK;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("migfix: error: writing to standard output failed\n", stderr);
        code = MF_EXIT_ERROR;
    }
    return code;
}
