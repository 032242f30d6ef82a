/* Golden mode (see golden.h). Go's printer tests and snapshot tools work the
 * same way: compare, show the diff, update only when asked and never in CI. */
#include "golden.h"

#include "diff.h"
#include "lint.h"
#include "project.h"
#include "walk.h"
#include "write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    char *name, *input, *expected, *args; /* owned paths; args may not exist */
    char *dir;                            /* where relative paths in args start */
} golden_case;

typedef MF_VEC(golden_case) golden_cases;

static bool exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

static char *join(const char *dir, const char *name, const char *suffix) {
    mf_buf path = {0};
    mf_buf_printf(&path, "%s/%s%s", dir, name, suffix);
    return mf_buf_detach(&path);
}

static int find_cases(const char *dir, golden_cases *out) {
    mf_names names = {0};
    if (mf_dir_names(dir, &names) < 0)
        return -1;
    for (size_t i = 0; i < names.len; i++) {
        const char *name = names.items[i];
        char *sub = join(dir, name, "");
        char *input = join(sub, "input.py", "");
        golden_case c = {0};
        if (exists(input)) {
            c = (golden_case){mf_xstrdup(name), input, join(sub, "expected.py", ""),
                              join(sub, "args", ""), mf_xstrdup(sub)};
        } else if (mf_ends_with(name, ".py") && !mf_ends_with(name, ".expected.py")) {
            free(input);
            char *stem = mf_xstrndup(name, strlen(name) - 3);
            c = (golden_case){stem, join(dir, name, ""), join(dir, stem, ".expected.py"),
                              join(dir, stem, ".args"), mf_xstrdup(dir)};
        } else {
            free(input);
        }
        if (c.name)
            MF_VEC_PUSH(out, c);
        free(sub);
    }
    mf_names_free(&names);
    return 0;
}

static void free_cases(golden_cases *cases) {
    for (size_t i = 0; i < cases->len; i++) {
        golden_case *c = &cases->items[i];
        free(c->name);
        free(c->input);
        free(c->expected);
        free(c->args);
        free(c->dir);
    }
    MF_VEC_FREE(cases);
}

/* The options a case's args file asks for. Paths are resolved against the
 * case directory; the strings in SETTINGS belong to this struct. */
typedef struct {
    mf_settings settings;
    char *templates, *module;
    /* `--helpers shared`: the case is planned as a migration in a versions
     * directory whose script directory holds the shared module, which the
     * case's migfix_helpers.py must equal. */
    bool shared;
} case_options;

/* Reads C's args file into *OUT. Returns false when there is none (use the
 * run's own config), or with *error set when it is invalid. */
static bool read_case_options(const golden_case *c, case_options *out, char **error) {
    memset(out, 0, sizeof *out);
    FILE *f = fopen(c->args, "r");
    if (!f)
        return false;
    MF_VEC(char *) argv = {0};
    MF_VEC_PUSH(&argv, mf_xstrdup("migfix"));
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        mf_slice option = mf_slice_trim(mf_slice_cstr(line));
        if (!option.len || option.data[0] == '#')
            continue;
        /* `--helpers shared` said, not the default: a case has no project. */
        out->shared |= mf_slice_eq_cstr(option, "--helpers=shared") ||
                       (mf_slice_eq_cstr(option, "shared") &&
                        strcmp(argv.items[argv.len - 1], "--helpers") == 0);
        MF_VEC_PUSH(&argv, mf_xstrndup(option.data, option.len));
    }
    fclose(f);
    MF_VEC_PUSH(&argv, mf_xstrdup(c->input));
    mf_options options;
    if (mf_cli_parse((int)argv.len, argv.items, &options) >= 0) {
        mf_buf msg = {0};
        mf_buf_printf(&msg, "%s: invalid options", c->args);
        *error = mf_buf_detach(&msg);
    } else {
        out->settings = options.settings;
        const char *dir = options.settings.templates_dir;
        if (dir)
            out->templates = dir[0] == '/' ? mf_xstrdup(dir) : join(c->dir, dir, "");
        if (options.settings.helpers_module)
            out->module = mf_xstrdup(options.settings.helpers_module);
        out->settings.templates_dir = out->templates;
        out->settings.helpers_module = out->module;
    }
    for (size_t i = 0; i < argv.len; i++)
        free(argv.items[i]);
    MF_VEC_FREE(&argv);
    return true;
}

/* Fixes the file at PATH in memory: *OUT becomes what a run would write. */
static int fix_file(const mf_config *config, TSParser *parser, const char *path, mf_buf *in,
                    mf_buf *out, mf_problem *problem) {
    mf_source src;
    if (mf_source_read(&src, path, problem) < 0)
        return -1;
    mf_buf_put(in, src.bytes, src.size);
    mf_arena arena = {0};
    mf_op_reports ops = {0};
    int fixed = mf_fix_source(config, parser, &src, &arena, &ops, out, problem);
    if (fixed == 0)
        mf_buf_put(out, src.bytes, src.size);
    MF_VEC_FREE(&ops);
    mf_arena_free(&arena);
    mf_source_free(&src);
    return fixed < 0 ? -1 : 0;
}

static void print_diff(const char *path, mf_slice old_text, mf_slice new_text) {
    char *diff = mf_diff_file(path, old_text, new_text);
    fputs(diff, stdout);
    free(diff);
}

static const char *problem_text(mf_problem *problem, mf_buf *buf) {
    if (problem->line)
        mf_buf_printf(buf, "%u:%u: ", problem->line, problem->column);
    mf_buf_puts(buf, problem->message);
    mf_problem_free(problem);
    return buf->data;
}

/* A `--helpers shared` case that holds a migfix_helpers.py: it is the
 * module a run writes (or, with --update, becomes it). One case holding it
 * is enough; the others leave it out. */
static bool shared_module_matches(const mf_options *options, const mf_config *config,
                                  const golden_case *c) {
    char *path = join(c->dir, MF_SHARED_HELPERS_FILE, "");
    if (!exists(path)) {
        free(path);
        return true;
    }
    mf_buf want = {0};
    mf_templates_shared_module(config->templates, &want);
    mf_slice module = mf_slice_of(want.data, want.len);
    char *bytes = NULL;
    size_t size = 0;
    mode_t mode;
    mf_problem problem = {0};
    bool same = mf_source_read_bytes(path, &bytes, &size, &mode, &problem) == 0 &&
                mf_slice_eq(module, mf_slice_of(bytes, size));
    mf_problem_free(&problem);
    if (!same && options->update) {
        same = mf_write_atomic(path, module, 0644, NULL, &problem) == 0;
        printf(same ? "updated - %s: %s\n" : "FAIL - %s: cannot write %s\n", c->name, path);
        mf_problem_free(&problem);
    } else if (!same) {
        printf("FAIL - %s: %s differs from the shared module a run writes:\n", c->name, path);
        print_diff(path, mf_slice_of(bytes ? bytes : "", size), module);
    }
    free(bytes);
    free(path);
    mf_buf_free(&want);
    return same;
}

/* Runs one case. Returns true when it passes (or was updated). */
static bool run_case(const mf_options *options, const mf_config *default_config, TSParser *parser,
                     const golden_case *c) {
    char *error = NULL;
    case_options own_options;
    mf_config *own = NULL;
    if (read_case_options(c, &own_options, &error) && !error)
        own = mf_config_new(&own_options.settings, &error);
    if (error) {
        printf("FAIL - %s: %s\n", c->name, error);
        free(error);
        free(own_options.templates);
        free(own_options.module);
        return false;
    }
    /* A case with a chain/ directory: input.py is one revision of that
     * chain, which gives it its revision guard. */
    char *chain_dir = join(c->dir, "chain", "");
    mf_chains *chains = NULL;
    if (mf_ends_with(c->input, "/input.py") && exists(chain_dir)) {
        if (!own)
            own = mf_config_new(&options->settings, &error);
        if (!own) {
            printf("FAIL - %s: %s\n", c->name, error);
            free(error);
            free(chain_dir);
            return false;
        }
        chains = mf_chains_new(own->plan.settings.dialect, NULL);
        char *context[] = {c->input, chain_dir};
        mf_lint_complete(chains, NULL, 0, context, 2, NULL, NULL);
        own->plan.chain = mf_chains_of(chains, c->input);
    }
    free(chain_dir);
    if (own && own_options.shared)
        own->plan.shared_helpers = "../" MF_SHARED_HELPERS_FILE;
    const mf_config *config = own ? own : default_config;
    mf_buf input = {0}, actual = {0}, expected = {0}, again = {0}, msg = {0};
    mf_problem problem = {0};
    bool pass = false;
    const char *expected_path = c->expected;
    while (strncmp(expected_path, "./", 2) == 0)
        expected_path += 2;

    if (fix_file(config, parser, c->input, &input, &actual, &problem) < 0) {
        printf("FAIL - %s: the input is refused: %s\n", c->name, problem_text(&problem, &msg));
        goto done;
    }
    mf_slice got = mf_slice_of(actual.data, actual.len);
    if (!exists(c->expected)) {
        if (options->update)
            goto update;
        printf("FAIL - %s: %s is missing (review the output, then create it, e.g. with "
               "--update)\n",
               c->name, expected_path);
        goto done;
    }
    if (fix_file(config, parser, c->expected, &expected, &again, &problem) < 0) {
        printf("FAIL - %s: %s is refused: %s\n", c->name, expected_path,
               problem_text(&problem, &msg));
        goto done;
    }
    mf_slice want = mf_slice_of(expected.data, expected.len);
    if (!mf_slice_eq(want, got)) {
        if (options->update)
            goto update;
        printf("FAIL - %s: the output differs from %s:\n", c->name, expected_path);
        print_diff(expected_path, want, got);
        goto done;
    }
    if (!mf_slice_eq(want, mf_slice_of(again.data, again.len))) {
        printf("FAIL - %s: %s is not a fixpoint; a run would change it:\n", c->name, expected_path);
        print_diff(expected_path, want, mf_slice_of(again.data, again.len));
        goto done;
    }
    if (own && own_options.shared && !shared_module_matches(options, own, c))
        goto done;
    if (options->verbosity >= 0)
        printf("ok   - %s\n", c->name);
    pass = true;
    goto done;
update:
    if (mf_write_atomic(c->expected, got, 0644, NULL, &problem) < 0) {
        printf("FAIL - %s: cannot write %s: %s\n", c->name, expected_path,
               problem_text(&problem, &msg));
    } else {
        printf("updated - %s: %s\n", c->name, expected_path);
        pass = !(own && own_options.shared) || shared_module_matches(options, own, c);
    }
done:
    mf_buf_free(&input);
    mf_buf_free(&actual);
    mf_buf_free(&expected);
    mf_buf_free(&again);
    mf_buf_free(&msg);
    mf_config_free(own);
    mf_chains_free(chains);
    free(own_options.templates);
    free(own_options.module);
    return pass;
}

mf_exit mf_golden_run(const mf_options *options, const mf_config *config, TSParser *parser) {
    const char *ci = getenv("CI");
    if (options->update && ci && *ci && strcmp(ci, "0") != 0 && strcmp(ci, "false") != 0) {
        fputs("migfix: error: --update refuses to rewrite expected files when CI is set: "
              "review and update them on a workstation\n",
              stderr);
        return MF_EXIT_ERROR;
    }
    golden_cases cases = {0};
    if (find_cases(options->golden_dir, &cases) < 0) {
        fprintf(stderr, "migfix: error: %s: cannot read the golden directory\n",
                options->golden_dir);
        return MF_EXIT_ERROR;
    }
    size_t passed = 0, failed = 0;
    for (size_t i = 0; i < cases.len; i++) {
        if (run_case(options, config, parser, &cases.items[i]))
            passed++;
        else
            failed++;
    }
    size_t count = cases.len;
    free_cases(&cases);
    if (count == 0)
        fprintf(stderr, "migfix: error: %s: no golden cases found\n", options->golden_dir);
    printf("golden: %zu passed, %zu failed\n", passed, failed);
    if (fflush(stdout) != 0)
        return MF_EXIT_ERROR;
    return count == 0 ? MF_EXIT_ERROR : failed ? MF_EXIT_WOULD_CHANGE : MF_EXIT_OK;
}
