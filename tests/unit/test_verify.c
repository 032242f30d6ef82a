/* The verifier: each check is driven to failure with deliberately damaged
 * transformer output, and a damaged file is left byte-identical. */
#include "support.h"

#include "run.h"

#include <stdio.h>
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
    mf_input in = {path, NULL};
    mf_result result;
    mf_run_options options = {MF_MODE_WRITE, NULL};
    mf_run_file(f->config, f->parser, &options, 0, &in, &result);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
