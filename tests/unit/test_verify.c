/* The verifier: each check is driven to failure with deliberately damaged
 * transformer output, and a damaged file is left byte-identical. */
#include "support.h"

#include "run.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char input[] = "from alembic import op\n"
                            "\n"
                            "x = 1\n"
                            "\n"
                            "def downgrade():\n"
                            "    # drop it\n"
                            "    op.drop_table('t')\n";

/* Replaces the first FROM in TEXT by TO. */
static char *replaced(const char *text, const char *from, const char *to) {
    const char *at = strstr(text, from);
    assert_non_null(at);
    mf_buf out = {0};
    mf_buf_put(&out, text, (size_t)(at - text));
    mf_buf_puts(&out, to);
    mf_buf_puts(&out, at + strlen(from));
    return mf_buf_detach(&out);
}

/* Verifies DAMAGED as the output for `input` and expects CHECK to fail. */
static void expect_failure(fixture *f, const char *damaged, const char *check) {
    transform(f, input);
    assert_int_equal(f->status, 0);
    mf_problem problem = {0};
    int result = mf_verify(f->config, f->parser, mf_slice_cstr(input), f->t.tree,
                           mf_slice_cstr(damaged), &problem);
    assert_int_equal(result, -1);
    if (!strstr(problem.message, check))
        fail_msg("expected %s, got: %s", check, problem.message);
    assert_true(problem.line >= 1);
    mf_problem_free(&problem);
}

static void test_undamaged_output_passes(void **state) {
    fixture *f = *state;
    transform(f, input);
    mf_problem problem = {0};
    assert_int_equal(mf_verify(f->config, f->parser, mf_slice_cstr(input), f->t.tree,
                               mf_slice_cstr(output_of(f)), &problem),
                     0);
}

static void test_reparse_fires(void **state) {
    fixture *f = *state;
    transform(f, input);
    char *damaged = replaced(output_of(f), "        op.drop_table('t')", "    op.drop_table('t')");
    expect_failure(f, damaged, "verify: reparse");
    free(damaged);
    transform(f, input);
    damaged = replaced(output_of(f), "op.drop_table('t')", "op.drop_table('t'");
    expect_failure(f, damaged, "verify: reparse");
    free(damaged);
}

static void test_preserve_fires(void **state) {
    fixture *f = *state;
    static const struct {
        const char *from, *to;
    } damage[] = {
        {"op.drop_table('t')", "op.drop_table('u')"}, /* an operation changed */
        {"op.drop_table('t')", "pass"},               /* an operation lost */
        {"# drop it", "# drop them"},                 /* a comment changed */
        {"x = 1", "x = 2"},                           /* another statement changed */
    };
    for (size_t i = 0; i < sizeof damage / sizeof damage[0]; i++) {
        transform(f, input);
        char *damaged = replaced(output_of(f), damage[i].from, damage[i].to);
        expect_failure(f, damaged, "verify: preserve");
        free(damaged);
    }
}

static void test_fidelity_fires(void **state) {
    fixture *f = *state;
    transform(f, input);
    char *damaged = replaced(output_of(f), "x = 1\n", "x = 1  \n"); /* trailing blanks */
    expect_failure(f, damaged, "verify: fidelity: this line differs");
    free(damaged);

    transform(f, input);
    damaged = replaced(output_of(f), "x = 1\n\n", "x = 1\n"); /* a blank line lost */
    expect_failure(f, damaged, "verify: fidelity");
    free(damaged);

    transform(f, input);
    damaged = mf_xstrdup(output_of(f));
    damaged[strlen(damaged) - 1] = '\0'; /* the final newline lost */
    expect_failure(f, damaged, "verify: fidelity: the final newline was lost");
    free(damaged);

    transform(f, input);
    damaged = replaced(output_of(f), "if _migfix_table_present('t'):\n",
                       "if _migfix_table_present('t'):\r\n"); /* on a line of migfix's own */
    expect_failure(f, damaged, "verify: fidelity: the output mixes line endings");
    free(damaged);
}

static void test_fixpoint_fires(void **state) {
    fixture *f = *state;
    transform(f, input);
    /* The guard still calls a helper the block no longer defines: a second
     * run would add it back. */
    const char *def = strstr(output_of(f), "\n\n\ndef _migfix_table_present(");
    const char *end = strstr(output_of(f), "\n" MF_HELPERS_END);
    assert_non_null(def);
    mf_buf damaged = {0};
    mf_buf_put(&damaged, output_of(f), (size_t)(def - output_of(f)));
    mf_buf_puts(&damaged, end);
    expect_failure(f, damaged.data, "verify: fixpoint");
    mf_buf_free(&damaged);
}

/* Both ways of checking agree on every golden input: what the check in parts
 * accepts, the whole check accepts too; and the check in parts can tell for
 * each output with an inline helper block. */
static void test_parts_agree_with_whole(void **state) {
    fixture *f = *state;
    DIR *dir = opendir(MIGFIX_GOLDEN_DIR);
    assert_non_null(dir);
    int told = 0;
    for (struct dirent *entry; (entry = readdir(dir));) {
        if (entry->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s/input.py", MIGFIX_GOLDEN_DIR, entry->d_name);
        mf_source src;
        mf_problem unreadable = {0};
        if (mf_source_read(&src, path, &unreadable) < 0) {
            mf_problem_free(&unreadable);
            continue;
        }
        char *code = strndup(src.text.data, src.text.len); /* after the BOM, if any */
        mf_source_free(&src);
        transform(f, code);
        const char *output = f->status == 0 ? output_of(f) : NULL;
        if (output) {
            mf_problem problem = {0};
            int whole = mf_verify_whole(f->config, f->parser, mf_slice_cstr(code), f->t.tree,
                                        mf_slice_cstr(output), &problem);
            if (whole != 0)
                fail_msg("%s: %s", entry->d_name, problem.message);
            bool parts = mf_verify_in_parts(f->config, f->parser, mf_slice_cstr(code), f->t.tree,
                                            mf_slice_cstr(output));
            bool expected = strstr(output, "def _migfix_") != NULL; /* an inline block */
            if (parts != expected)
                fail_msg("%s: the check in parts %s", entry->d_name,
                         parts ? "told, unexpectedly" : "could not tell");
            told += parts;
        }
        free(code);
    }
    closedir(dir);
    assert_true(told >= 20);
}

/* Verifies OUTPUT for INPUT both ways: the check in parts must not vouch for
 * it, and the whole check must give WHOLE (0, or -1 with CHECK). */
static void expect_parts_cannot_tell(fixture *f, const char *in, const char *output, int whole,
                                     const char *check) {
    transform(f, in);
    assert_int_equal(f->status, 0);
    assert_false(mf_verify_in_parts(f->config, f->parser, mf_slice_cstr(in), f->t.tree,
                                    mf_slice_cstr(output)));
    mf_problem problem = {0};
    assert_int_equal(mf_verify(f->config, f->parser, mf_slice_cstr(in), f->t.tree,
                               mf_slice_cstr(output), &problem),
                     whole);
    if (check && !strstr(problem.message, check))
        fail_msg("expected %s, got: %s", check, problem.message);
    mf_problem_free(&problem);
}

/* The markers alone prove nothing: the check in parts only vouches for a block
 * that stands alone, cut from between two top-level statements. */
static void test_parts_vouch_only_for_a_sound_block(void **state) {
    fixture *f = *state;
    /* The marker lines inside the docstring come first: cutting there splits
     * a string. The whole check then accepts the (good) output. */
    static const char in_string[] =
        "\"\"\"Notes\n" MF_HELPERS_BEGIN "\n" MF_HELPERS_END "\n\"\"\"\n"
        "from alembic import op\n"
        "\n"
        "def upgrade():\n"
        "    op.drop_table('t')\n";
    transform(f, in_string);
    char *good = mf_xstrdup(output_of(f));
    expect_parts_cannot_tell(f, in_string, good, 0, NULL);
    free(good);

    /* A block moved into a function body. */
    transform(f, input);
    const char *begin = strstr(output_of(f), MF_HELPERS_BEGIN);
    const char *end = strstr(output_of(f), MF_HELPERS_END "\n") + strlen(MF_HELPERS_END "\n");
    const char *body = strstr(output_of(f), "    # drop it\n");
    mf_buf moved = {0};
    mf_buf_put(&moved, output_of(f), (size_t)(begin - output_of(f)));
    mf_buf_put(&moved, end, (size_t)(body - end));
    mf_buf_put(&moved, begin, (size_t)(end - begin));
    mf_buf_puts(&moved, body);
    expect_parts_cannot_tell(f, input, moved.data, -1, "verify: ");
    mf_buf_free(&moved);

    /* A block that does not parse on its own. */
    transform(f, input);
    char *broken = replaced(output_of(f), "def _migfix_inspector():", "def _migfix_inspector(:");
    expect_parts_cannot_tell(f, input, broken, -1, "verify: reparse");
    free(broken);

    /* A block that holds an operation. */
    transform(f, input);
    char *with_op = replaced(output_of(f), "    import sqlalchemy\n",
                             "    import sqlalchemy\n    op.drop_table('x')\n");
    expect_parts_cannot_tell(f, input, with_op, -1, "verify: fixpoint");
    free(with_op);
}

/* The shared helpers' loader is migfix's own byte for byte: as written it
 * stands alone (its globals().update binds migfix's names only because the
 * loader filters them); changed by one character it is no longer proven,
 * and the whole check finds that a run would write it back. */
static void test_shared_loader_is_migfix_own(void **state) {
    fixture *f = *state;
    f->config->plan.shared_helpers = "../migfix_helpers.py";
    transform(f, input);
    assert_int_equal(f->status, 0);
    assert_non_null(
        strstr(output_of(f), "globals().update(_migfix_shared(\"../migfix_helpers.py\"))"));
    assert_null(strstr(output_of(f), "def _migfix_inspector("));
    assert_true(mf_verify_in_parts(f->config, f->parser, mf_slice_cstr(input), f->t.tree,
                                   mf_slice_cstr(output_of(f))));
    /* Taken as transparent (the chain reader parses around it) only as written. */
    size_t parsed;
    ts_tree_delete(mf_parse_around_block(f->parser, f->config->checked_blocks,
                                         mf_slice_cstr(output_of(f)), &parsed));
    assert_true(parsed < strlen(output_of(f)));
    char *unfiltered = replaced(output_of(f), "k.startswith(\"_migfix_\")", "k.startswith(\"\")");
    ts_tree_delete(mf_parse_around_block(f->parser, f->config->checked_blocks,
                                         mf_slice_cstr(unfiltered), &parsed));
    assert_int_equal(parsed, strlen(unfiltered));
    expect_parts_cannot_tell(f, input, unfiltered, -1, "verify: fixpoint");
    free(unfiltered);
    char *elsewhere = replaced(output_of(f), "\"../migfix_helpers.py\"))", "\"../x.py\"))");
    expect_parts_cannot_tell(f, input, elsewhere, -1, "verify: fixpoint");
    free(elsewhere);
    f->config->plan.shared_helpers = NULL;
}

/* The shared module is written only when it is a header, a docstring and
 * migfix's functions: what a loader copies into a migration is nothing else. */
static void test_shared_module_proven(void **state) {
    fixture *f = *state;
    mf_buf module = {0};
    mf_templates_shared_module(f->config->templates, &module);
    assert_true(mf_verify_shared_module(f->parser, mf_slice_of(module.data, module.len)));
    char *headless = replaced(module.data, MF_SHARED_HEADER "\n", "");
    assert_false(mf_verify_shared_module(f->parser, mf_slice_cstr(headless)));
    free(headless);
    char *binds =
        replaced(module.data, "\ndef _migfix_inspector(", "\nop = None\ndef _migfix_inspector(");
    assert_false(mf_verify_shared_module(f->parser, mf_slice_cstr(binds)));
    free(binds);
    char *broken = replaced(module.data, "def _migfix_inspector():", "def _migfix_inspector(:");
    assert_false(mf_verify_shared_module(f->parser, mf_slice_cstr(broken)));
    free(broken);
    mf_buf_free(&module);
}

/* Through the file driver: damaged output is refused, the file stays
 * byte-identical and the error says which check failed. */
static void corrupt(mf_buf *output, void *data) {
    (void)data;
    mf_buf_puts(output, "def broken(:\n");
}

static void test_refused_file_is_left_byte_identical(void **state) {
    fixture *f = *state;
    char path[] = "/tmp/migfix-verify-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, input, sizeof input - 1), (ssize_t)(sizeof input - 1));
    close(fd);
    f->config->corrupt_output = corrupt;
    mf_input in = {path, NULL, NULL, NULL};
    mf_result result;
    mf_run_options options = {MF_MODE_WRITE, NULL};
    mf_run_file(f->config, f->parser, &options, &in, NULL, &result);
    f->config->corrupt_output = NULL;
    assert_non_null(result.error.message);
    assert_non_null(strstr(result.error.message, "verify: reparse"));
    assert_false(result.changed);
    FILE *file = fopen(path, "rb");
    char back[sizeof input + 16] = {0};
    size_t n = fread(back, 1, sizeof back, file);
    fclose(file);
    assert_int_equal(n, sizeof input - 1);
    assert_memory_equal(back, input, sizeof input - 1);
    mf_result_free(&result);
    unlink(path);
}

static bool same_text(const char *a, const char *b) {
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* A fixed file is planned on a tree parsed around its helper block
 * (mf_verify_block_transparent): on every golden case's expected file,
 * which is a fixed file, what that reports must be what planning the
 * whole file reports, operation by operation. */
static void test_planned_around_the_block_as_on_the_whole_file(void **state) {
    fixture *f = *state;
    DIR *dir = opendir(MIGFIX_GOLDEN_DIR);
    assert_non_null(dir);
    int around = 0;
    for (struct dirent *entry; (entry = readdir(dir));) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s/expected.py", MIGFIX_GOLDEN_DIR, entry->d_name);
        mf_source src;
        mf_problem unreadable = {0};
        if (entry->d_name[0] == '.' || mf_source_read(&src, path, &unreadable) < 0) {
            mf_problem_free(&unreadable);
            continue;
        }
        mf_arena arena = {0};
        mf_op_reports ops = {0};
        mf_buf out = {0};
        mf_problem problem = {0};
        char *whole_text = strndup(src.text.data, src.text.len);
        transform(f, whole_text);
        assert_int_equal(f->status, 0);
        mf_checked_blocks_free(f->config->checked_blocks); /* each case proves its own */
        f->config->checked_blocks = mf_checked_blocks_new();
        int fixed = mf_fix_source(f->config, f->parser, &src, &arena, &ops, &out, &problem);
        /* A case whose expected file depends on its chain (golden/README) would
         * change here either way: both plans must still agree on that. */
        if ((fixed != 0) != (f->t.plan.edits.len != 0))
            fail_msg("%s: %d around the block, %zu edits on the whole file (%s)", entry->d_name,
                     fixed, f->t.plan.edits.len, problem.message ? problem.message : "");
        if (ops.len != f->t.plan.ops.len)
            fail_msg("%s: %zu operations reported, %zu on the whole file", entry->d_name, ops.len,
                     f->t.plan.ops.len);
        for (size_t i = 0; i < ops.len; i++) {
            const mf_op_report *a = &ops.items[i], *b = &f->t.plan.ops.items[i];
            if (a->line != b->line || a->column != b->column || a->status != b->status ||
                !same_text(a->call, b->call) || !same_text(a->reason, b->reason))
                fail_msg("%s: operation %zu: %u:%u %s %s (%s), on the whole file %u:%u %s %s (%s)",
                         entry->d_name, i, a->line, a->column, a->call, mf_status_name(a->status),
                         a->reason ? a->reason : "", b->line, b->column, b->call,
                         mf_status_name(b->status), b->reason ? b->reason : "");
        }
        /* An unchanged file is not verified: its block was proven (and
         * remembered) by planning around it. */
        if (fixed == 0 && strstr(whole_text, "def _migfix_")) {
            if (mf_checked_blocks_count(f->config->checked_blocks) != 1)
                fail_msg("%s: not planned around its block", entry->d_name);
            around++;
        }
        free(whole_text);
        MF_VEC_FREE(&ops);
        mf_buf_free(&out);
        mf_problem_free(&problem);
        mf_arena_free(&arena);
        mf_source_free(&src);
    }
    closedir(dir);
    assert_true(around >= 20);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_undamaged_output_passes, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_reparse_fires, setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_preserve_fires, setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_fidelity_fires, setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_fixpoint_fires, setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_refused_file_is_left_byte_identical, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_parts_agree_with_whole, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_planned_around_the_block_as_on_the_whole_file,
                                        setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_shared_loader_is_migfix_own, setup_fixture,
                                        teardown_fixture),
        cmocka_unit_test_setup_teardown(test_shared_module_proven, setup_fixture, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_parts_vouch_only_for_a_sound_block, setup_fixture,
                                        teardown_fixture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
