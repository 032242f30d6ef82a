/* migfix: argv -> options (and the project's alembic.ini) -> files -> run on
 * a pool of workers -> report, in path order -> exit code. */
#define _DEFAULT_SOURCE /* realpath */
#include "cli.h"
#include "diff.h"
#include "golden.h"
#include "lint.h"
#include "locate.h"
#include "parse.h"
#include "pool.h"
#include "project.h"
#include "proofs.h"
#include "report.h"
#include "shared.h"
#include "sql.h"
#include "write.h"

#include <libgen.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef MF_VEC(char *) mf_path_list;

typedef struct {
    const mf_config *config;
    mf_inputs *inputs; /* the chain pass may mark one unreadable */
    mf_run_options run;
    mf_report *report;
    mf_commit_queue *commits; /* results wait here until their writes are switched */
    mf_shared_files *shared;  /* the shared helper modules the results load */
    /* Their results, reported after the migrations' (a review reads the
     * migrations first; the module itself was written before any of them). */
    MF_VEC(mf_result *) shared_results;
    char *here; /* the current directory's real path, for how they are named */
    /* First pass: the chain of the files to fix, and their paths. */
    mf_chains *chains;
    mf_locations *locations; /* of the files to fix, for CHAINS */
    mf_facts *facts;         /* the facts cache, or NULL (--no-cache) */
    mf_path_list chain_paths;
    /* Files the first pass parsed, by input index, kept for the second while
     * the text their trees cover stays within KEPT_BYTES_MAX. */
    mf_parsed_file **parsed;
    atomic_size_t kept_bytes;
} run_context;

/* A tree takes about 40 times the text it covers: 256 KB (a pre-commit run,
 * a small project) keep about 10 MB, well within the run's memory target. */
enum { KEPT_BYTES_MAX = 256 << 10 };

static void *process(size_t index, unsigned worker, void *state, void *context) {
    run_context *c = context;
    mf_result *result = mf_xmalloc(sizeof *result);
    (void)worker;
    mf_parsed_file *parsed = c->parsed ? c->parsed[index] : NULL; /* taken */
    mf_run_file(c->config, state, &c->run, &c->inputs->items[index], parsed, result);
    return result;
}

typedef struct {
    mf_chain_file *file;
    char *read_error;       /* see mf_read_chain_file */
    mf_parsed_file *parsed; /* for the second pass, or NULL */
} chain_read;

/* The first pass reads the chain's facts on the workers: the revision
 * guards need the whole chain before any file is fixed. Its trees are kept
 * for the second pass within KEPT_BYTES_MAX (beyond, a file is parsed
 * again there). */
static void *read_chain_file(size_t index, unsigned worker, void *state, void *context) {
    (void)worker;
    run_context *c = context;
    chain_read *read = mf_xmalloc(sizeof *read);
    read->file = mf_read_chain_file(c->config, state, &c->inputs->items[index], c->facts,
                                    &read->read_error, c->parsed ? &read->parsed : NULL);
    if (read->parsed &&
        atomic_fetch_add(&c->kept_bytes, read->parsed->parsed_bytes) + read->parsed->parsed_bytes >
            KEPT_BYTES_MAX) {
        mf_parsed_file_free(read->parsed);
        read->parsed = NULL;
    }
    return read;
}

static void add_chain_file(size_t index, void *result, void *context) {
    run_context *c = context;
    chain_read *read = result;
    mf_input *input = &c->inputs->items[index];
    if (read->file)
        mf_chains_add_read(c->chains, read->file, true, mf_location_of(c->locations, input->path));
    if (read->read_error && !input->error)
        input->error = read->read_error; /* refused now: the chain was read without it */
    else
        free(read->read_error);
    c->parsed[index] = read->parsed;
    free(read);
    if (!input->error)
        MF_VEC_PUSH(&c->chain_paths, mf_xstrdup(input->path));
}

/* PATH (absolute) as reports name files: from the current directory when
 * it lies under it. */
static const char *shown_path(const char *path, const char *here) {
    size_t n = here ? strlen(here) : 0;
    return here && strncmp(path, here, n) == 0 && path[n] == '/' ? path + n + 1 : path;
}

/* RESULT loads its project's shared helper module: the module is made sure
 * of (written, or compared) before RESULT's write can be switched, and
 * reported once, after the migrations. A module that cannot
 * be written keeps every file that would load it as it was. */
static void ensure_shared(run_context *c, mf_result *result) {
    const char *shown = shown_path(result->shared_file, c->here);
    mf_shared_outcome outcome;
    mf_shared_files_ensure(c->shared, result->shared_file, shown, &outcome);
    if (outcome.first && (outcome.changed || outcome.problem.message)) {
        mf_result *own = mf_xcalloc(1, sizeof *own);
        own->path = mf_xstrdup(shown);
        own->shared_module = true;
        own->changed = outcome.changed && !outcome.problem.message;
        own->diff = outcome.diff;
        outcome.diff = NULL;
        if (outcome.problem.message)
            own->error.message = mf_xstrdup(outcome.problem.message);
        MF_VEC_PUSH(&c->shared_results, own);
    }
    free(outcome.diff);
    if (outcome.problem.message && result->changed) {
        mf_problem_free(&result->error);
        mf_buf msg = {0};
        mf_buf_printf(&msg,
                      "not rewritten: it would load the shared helpers from %s, which "
                      "could not be written",
                      shown);
        result->error.message = mf_buf_detach(&msg);
        result->changed = false;
        free(result->diff);
        result->diff = NULL;
        if (result->pending)
            mf_write_discard(result->pending);
        result->pending = NULL;
    }
    mf_problem_free(&outcome.problem);
}

static void deliver(size_t index, void *result, void *context) {
    (void)index;
    run_context *c = context;
    mf_result *r = result;
    if (r->shared_file && c->shared)
        ensure_shared(c, r);
    mf_commit_queue_add(c->commits, result);
}

/* A result whose write (if any) is switched: reported, and done with. */
static void report_result(mf_result *result, void *context) {
    run_context *c = context;
    mf_report_file(c->report, result);
    mf_result_free(result);
    free(result);
}

/* `migfix -`: one file from stdin; its fixed text (or the diff) to stdout,
 * and the report to stderr. On any error the input goes out unchanged, so
 * an editor filtering through migfix never loses the buffer. */
static mf_exit run_stdin(const mf_options *options, const mf_config *config) {
    mf_buf in = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0 && in.len <= MF_MAX_SOURCE_SIZE)
        mf_buf_put(&in, chunk, n);
    const char *name = options->stdin_filename ? options->stdin_filename : "-";
    mf_result result = {0};
    result.path = mf_xstrdup(name);
    mf_buf out = {0};
    if (ferror(stdin)) {
        result.error.message = mf_xstrdup("cannot read standard input");
    } else if (in.len > MF_MAX_SOURCE_SIZE) {
        result.error.message = mf_xstrdup("input too large");
    } else {
        mf_source src;
        char *bytes = mf_xmalloc(in.len + 1);
        if (in.len)
            memcpy(bytes, in.data, in.len);
        if (mf_source_adopt(&src, bytes, in.len, &result.error) == 0) {
            TSParser *parser = mf_parser_new();
            int fixed = mf_fix_source(config, parser, &src, &result.arena, &result.ops, &out,
                                      &result.error);
            ts_parser_delete(parser);
            result.changed = fixed > 0;
            if (fixed > 0 && options->mode == MF_MODE_DIFF)
                result.diff = mf_diff_file(name, mf_slice_of(src.bytes, src.size),
                                           mf_slice_of(out.data, out.len));
            mf_source_free(&src);
        }
    }
    if (options->mode == MF_MODE_WRITE) {
        /* The fixed text, or the input as it came (unchanged, or refused). */
        mf_buf *text = result.changed ? &out : &in;
        if (text->len)
            fwrite(text->data, 1, text->len, stdout);
    } else if (options->mode == MF_MODE_DIFF && result.diff) {
        fputs(result.diff, stdout);
        free(result.diff);
        result.diff = NULL;
    }
    mf_report *report = mf_report_new(options, 1, true);
    mf_report_file(report, &result);
    mf_result_free(&result);
    mf_buf_free(&out);
    mf_buf_free(&in);
    return mf_report_finish(report);
}

/* The project's directories relative to the current one when they are under
 * it, so that reports name files the way a user would type them. */
static void relative_to_here(mf_project *project) {
    char *here = realpath(".", NULL);
    for (size_t i = 0; here && i < project->versions.len; i++) {
        char *dir = project->versions.items[i];
        char *real = realpath(dir, NULL);
        const char *path = real ? real : dir, *shown = shown_path(path, here);
        if (shown != path) {
            project->versions.items[i] = mf_xstrdup(shown);
            free(dir);
        }
        free(real);
    }
    free(here);
}

static void free_context(mf_path_list *context) {
    for (size_t k = 0; k < context->len; k++)
        free(context->items[k]);
    MF_VEC_FREE(context);
}

/* The graph is always of the whole chain, so the project's versions
 * directories and the directory of each file given are read for context.
 * False (CONTEXT left empty) when a PATH is standard input. */
static bool chain_context(char **paths, size_t npaths, const mf_project *project,
                          mf_path_list *context) {
    for (size_t i = 0; project && i < project->versions.len; i++)
        MF_VEC_PUSH(context, mf_xstrdup(project->versions.items[i]));
    for (size_t i = 0; i < npaths; i++) {
        if (strcmp(paths[i], "-") == 0) {
            free_context(context);
            return false;
        }
        struct stat st;
        if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            MF_VEC_PUSH(context, mf_xstrdup(paths[i]));
        } else {
            char *copy = mf_xstrdup(paths[i]);
            MF_VEC_PUSH(context, mf_xstrdup(dirname(copy)));
            free(copy);
        }
    }
    return true;
}

static mf_exit lint(const mf_options *options, char **paths, size_t npaths,
                    const mf_project *project) {
    mf_path_list context = {0};
    if (!chain_context(paths, npaths, project, &context)) {
        fputs("migfix: error: --lint reads files, not standard input\n", stderr);
        return MF_EXIT_ERROR;
    }
    mf_exit code = mf_lint_run(options, paths, npaths, context.items, context.len);
    free_context(&context);
    return code;
}

/* The fix run names the chain's error-level findings (and MF301) too, as
 * warnings (they do not change its exit code), read from the files as they
 * were before it ran. Only in the text format, and not with -q. */
static bool wants_lint_warnings(const mf_options *options, char **paths, size_t npaths) {
    if (options->format != MF_FORMAT_TEXT || options->verbosity < 0)
        return false;
    for (size_t i = 0; i < npaths; i++)
        if (strcmp(paths[i], "-") == 0)
            return false;
    return true;
}

/* The first pass: the chain of the files to fix, completed with the rest of
 * their versions directories and analysed (witnesses included). */
static void read_chain(run_context *c, unsigned jobs, char **paths, size_t npaths,
                       const mf_project *project) {
    mf_pool_work work = {mf_parser_start, mf_parser_stop, read_chain_file, add_chain_file, c};
    mf_pool_run(c->inputs->len, jobs, &work);
    mf_path_list context = {0};
    chain_context(paths, npaths, project, &context);
    mf_lint_complete(c->chains, c->chain_paths.items, c->chain_paths.len, context.items,
                     context.len, c->config->checked_blocks, c->facts);
    free_context(&context);
    free_context(&c->chain_paths);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "locate") == 0)
        return mf_locate_main(argc - 1, argv + 1);
    mf_options options;
    int early = mf_cli_parse(argc, argv, &options);
    if (early >= 0)
        return early;

    /* The project: --config, or the nearest alembic.ini from here up. */
    char *ini =
        options.config_path ? realpath(options.config_path, NULL) : mf_find_alembic_ini(".");
    if (options.config_path && !ini) {
        fprintf(stderr, "migfix: error: --config %s: no such file\n", options.config_path);
        return MF_EXIT_ERROR;
    }
    mf_project project = {0};
    char *error = NULL;
    bool have_project = false;
    char **merged = NULL;
    if (ini) {
        /* Read once: the files to fix (when no PATH is given), [migfix]
         * defaults and the database URL. Unreadable, it only matters when the
         * files come from it. */
        have_project = mf_project_read(ini, &project, &error) == 0;
        if (!have_project && options.npaths == 0 && !options.golden_dir && !options.print_helpers) {
            fprintf(stderr, "migfix: error: %s\n", error);
            free(error);
            free(ini);
            return MF_EXIT_ERROR;
        }
        free(error);
        error = NULL;
    }
    if (have_project && project.options.len) {
        /* [migfix] defaults first, so the command line wins. */
        size_t n = (size_t)argc + project.options.len;
        merged = mf_xcalloc(n + 1, sizeof *merged);
        merged[0] = argv[0];
        for (size_t i = 0; i < project.options.len; i++)
            merged[1 + i] = project.options.items[i];
        for (int i = 1; i < argc; i++)
            merged[project.options.len + (size_t)i] = argv[i];
        early = mf_cli_parse((int)n, merged, &options);
        if (early >= 0) {
            fprintf(stderr, "migfix: in the [migfix] section of %s\n", project.path);
            mf_project_free(&project);
            free(merged);
            free(ini);
            return early;
        }
    }
    if (!options.dialect_given && have_project && project.url) {
        int dialect = mf_dialect_of_url(project.url);
        if (dialect >= 0)
            options.settings.dialect = dialect;
    }
    free(ini);

    int code = MF_EXIT_OK;
    char *proofs = NULL;
    mf_config *config = mf_config_new(&options.settings, &error);
    if (!config) {
        fprintf(stderr, "migfix: error: %s\n", error);
        free(error);
        code = MF_EXIT_ERROR;
        goto done;
    }
    if (options.print_helpers) {
        mf_buf module = {0};
        mf_templates_module(config->templates, &module);
        fputs(module.data, stdout);
        mf_buf_free(&module);
        code = fflush(stdout) == 0 ? MF_EXIT_OK : MF_EXIT_ERROR;
        goto done;
    }
    if (options.golden_dir) {
        TSParser *parser = mf_parser_new();
        code = mf_golden_run(&options, config, parser);
        ts_parser_delete(parser);
        goto done;
    }
    /* Helper blocks this build proved in earlier runs (proofs.h). */
    proofs = options.no_cache || options.lint ? NULL : mf_proofs_path();
    if (proofs)
        mf_proofs_load(proofs, config->checked_blocks);
    if (options.npaths == 1 && strcmp(options.paths[0], "-") == 0) {
        code = run_stdin(&options, config);
        goto done;
    }
    char **paths = options.paths;
    size_t npaths = options.npaths;
    if (npaths == 0) {
        if (!have_project || project.versions.len == 0) {
            if (have_project)
                fprintf(stderr,
                        "migfix: error: no PATH given and %s names no script_location or "
                        "version_locations\n",
                        project.path);
            else
                fputs("migfix: error: no PATH given and no alembic.ini found here or above "
                      "(give migration files or a versions directory, or --config FILE)\n",
                      stderr);
            code = MF_EXIT_ERROR;
            goto done;
        }
        relative_to_here(&project);
        paths = project.versions.items;
        npaths = project.versions.len;
    }
    if (options.lint) {
        code = lint(&options, paths, npaths, have_project ? &project : NULL);
        goto done;
    }
    pcre2_code *exclude = NULL;
    if (options.exclude) {
        int err;
        PCRE2_SIZE offset;
        exclude = pcre2_compile((PCRE2_SPTR)options.exclude, PCRE2_ZERO_TERMINATED, 0, &err,
                                &offset, NULL);
        if (!exclude) {
            PCRE2_UCHAR message[256];
            pcre2_get_error_message(err, message, sizeof message);
            fprintf(stderr, "migfix: error: --exclude: %s at offset %zu\n", (char *)message,
                    (size_t)offset);
            code = MF_EXIT_ERROR;
            goto done;
        }
        pcre2_jit_compile(exclude, PCRE2_JIT_COMPLETE);
    }
    mf_inputs inputs = {0};
    mf_buf notes = {0};
    mf_walk_paths(paths, npaths, exclude, &inputs, &notes);
    pcre2_code_free(exclude);

    if (inputs.len > 16)
        mf_config_compile_fast(config);
    mf_write_install_cleanup();
    /* The chain's facts take about 5 KB a revision, kept for the whole run:
     * past a real project's size (25 MB at 5,000) the fix run leaves the
     * chain to --lint, and revision guards as they are, to stay within its
     * memory target. */
    enum { CHAIN_MAX_FILES = 5000 };
    bool chained = true;
    if (inputs.len > CHAIN_MAX_FILES) {
        chained = false;
        mf_buf_printf(&notes,
                      "migfix: %zu files: the chain is not read (over %d): no revision guard is "
                      "added or updated; run migfix --lint for its findings\n",
                      inputs.len, CHAIN_MAX_FILES);
    }
    run_context context = {
        .config = config, .inputs = &inputs, .run = {options.mode, options.backup_suffix}};
    unsigned jobs = options.jobs ? options.jobs : mf_pool_cores();
    context.locations = mf_locations_new();
    if (!options.settings.helpers_module && !options.settings.helpers_inline) {
        context.shared = mf_shared_files_new(config->templates, options.mode == MF_MODE_WRITE,
                                             options.mode == MF_MODE_DIFF);
        context.here = realpath(".", NULL);
        for (size_t i = 0; i < inputs.len; i++)
            if (!inputs.items[i].error)
                inputs.items[i].shared_file = mf_location_helpers(
                    context.locations, inputs.items[i].path, &inputs.items[i].shared_from);
    }
    if (chained) {
        context.parsed = mf_xcalloc(inputs.len ? inputs.len : 1, sizeof *context.parsed);
        context.chains = mf_chains_new(options.settings.dialect, options.ignore);
        context.facts = options.no_cache ? NULL : mf_facts_open_own();
        read_chain(&context, jobs, paths, npaths, have_project ? &project : NULL);
        if (context.facts && options.verbosity > 0 && options.format == MF_FORMAT_TEXT)
            mf_facts_describe(context.facts, &notes);
        config->plan.chains = context.chains;
    }
    context.report = mf_report_new(&options, inputs.len, false);
    if (notes.len)
        mf_report_note(context.report, notes.data);
    context.commits = mf_commit_queue_new(options.backup_suffix, report_result, &context);
    mf_pool_work work = {mf_parser_start, mf_parser_stop, process, deliver, &context};
    mf_pool_run(inputs.len, jobs, &work);
    for (size_t i = 0; i < context.shared_results.len; i++)
        mf_commit_queue_add(context.commits, context.shared_results.items[i]);
    MF_VEC_FREE(&context.shared_results);
    mf_commit_queue_finish(context.commits);
    /* Saved once the files are written, as the proofs are: a cache's write
     * never comes before the user's files'. */
    mf_facts_close(context.facts);
    if (context.chains && wants_lint_warnings(&options, paths, npaths))
        mf_lint_print_warnings(context.chains);
    code = mf_report_finish(context.report);
    free(context.parsed); /* each entry was taken by the file's process() */
    mf_shared_files_free(context.shared);
    free(context.here);
    mf_locations_free(context.locations); /* the inputs' shared paths are its */
    config->plan.chains = NULL;
    mf_chains_free(context.chains);
    mf_inputs_free(&inputs);
    mf_buf_free(&notes);
done:
    if (proofs && config)
        mf_proofs_save(proofs, config->checked_blocks);
    free(proofs);
    mf_config_free(config);
    mf_project_free(&project);
    free(merged);
    return code;
}
