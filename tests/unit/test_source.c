/* Reading input: what is refused, with which position and message, and what
 * is recorded (BOM, line endings) so the output can keep it. */
#include "support.h"

#include "source.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int adopt(const char *bytes, size_t size, mf_source *src, mf_problem *problem) {
    char *copy = mf_xmalloc(size);
    memcpy(copy, bytes, size);
    return mf_source_adopt(src, copy, size, problem);
}

static void test_bom_and_line_endings(void **state) {
    (void)state;
    mf_source src;
    mf_problem problem = {0};
    assert_int_equal(adopt("\xEF\xBB\xBFx = 1\r\ny = 2\r\n", 17, &src, &problem), 0);
    assert_true(src.bom);
    assert_int_equal(src.text.len, 14);
    assert_string_equal(src.eol, "\r\n");
    mf_source_free(&src);
    assert_int_equal(adopt("x\ny\r\nz\n", 7, &src, &problem), 0);
    assert_false(src.bom);
    assert_string_equal(src.eol, "\n");
    mf_source_free(&src);
}

static void test_binary_is_refused_with_position(void **state) {
    (void)state;
    mf_source src;
    mf_problem problem = {0};
    assert_int_equal(adopt("x = 1\nab\0c\n", 11, &src, &problem), -1);
    assert_int_equal(problem.line, 2);
    assert_int_equal(problem.column, 3);
    assert_non_null(strstr(problem.message, "binary file"));
    mf_problem_free(&problem);
}

static void test_invalid_utf8_is_refused_with_position(void **state) {
    (void)state;
    static const struct {
        const char *bytes;
        uint32_t line, column;
    } cases[] = {
        {"# caf\xe9\n", 1, 6},              /* Latin-1 */
        {"x = 1\n\xc0\xaf\n", 2, 1},        /* overlong '/' */
        {"\"\xed\xa0\x80\"\n", 1, 2},       /* UTF-16 surrogate */
        {"s = '\xc3\xa9\xe2\x82'\n", 1, 7}, /* truncated sequence after a valid 'é' */
        {"\xf4\x90\x80\x80\n", 1, 1},       /* beyond U+10FFFF */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mf_source src;
        mf_problem problem = {0};
        assert_int_equal(adopt(cases[i].bytes, strlen(cases[i].bytes), &src, &problem), -1);
        assert_int_equal(problem.line, cases[i].line);
        assert_int_equal(problem.column, cases[i].column);
        assert_non_null(strstr(problem.message, "invalid UTF-8"));
        mf_problem_free(&problem);
    }
    mf_source src;
    mf_problem problem = {0};
    const char *fine = "name = \"caf\xc3\xa9 \xf0\x9f\x8d\xb0 \xe2\x82\xac\"\n";
    assert_int_equal(adopt(fine, strlen(fine), &src, &problem), 0);
    mf_source_free(&src);
}

static void test_files_that_are_refused(void **state) {
    (void)state;
    char dir[] = "/tmp/migfix-source-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[300], link[300];
    mf_source src;
    mf_problem problem = {0};

    snprintf(path, sizeof path, "%s/missing.py", dir);
    assert_int_equal(mf_source_read(&src, path, &problem), -1);
    assert_string_equal(problem.message, "No such file or directory");
    mf_problem_free(&problem);

    assert_int_equal(mf_source_read(&src, dir, &problem), -1);
    assert_string_equal(problem.message, "is a directory");
    mf_problem_free(&problem);

    snprintf(path, sizeof path, "%s/huge.py", dir);
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    assert_int_equal(ftruncate(fd, MF_MAX_SOURCE_SIZE + 1), 0);
    close(fd);
    assert_int_equal(mf_source_read(&src, path, &problem), -1);
    assert_non_null(strstr(problem.message, "file too large"));
    mf_problem_free(&problem);

    snprintf(link, sizeof link, "%s/link.py", dir);
    assert_int_equal(symlink(path, link), 0);
    assert_int_equal(mf_source_read(&src, link, &problem), -1);
    assert_non_null(strstr(problem.message, "symbolic link"));
    mf_problem_free(&problem);
    unlink(link);
    unlink(path);

    snprintf(path, sizeof path, "%s/fifo.py", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(mf_source_read(&src, path, &problem), -1);
    assert_string_equal(problem.message, "not a regular file");
    mf_problem_free(&problem);
    unlink(path);

    if (geteuid() != 0) { /* root reads everything */
        snprintf(path, sizeof path, "%s/secret.py", dir);
        fd = open(path, O_CREAT | O_WRONLY, 0000);
        close(fd);
        assert_int_equal(mf_source_read(&src, path, &problem), -1);
        assert_non_null(strstr(problem.message, "Permission denied"));
        mf_problem_free(&problem);
        unlink(path);
    }

    snprintf(path, sizeof path, "%s/ok.py", dir);
    FILE *f = fopen(path, "w");
    fputs("x = 1\n", f);
    fclose(f);
    chmod(path, 0640);
    assert_int_equal(mf_source_read(&src, path, &problem), 0);
    assert_int_equal(src.mode, 0640);
    mf_source_free(&src);
    unlink(path);
    rmdir(dir);
}

static void test_positions_count_code_points(void **state) {
    (void)state;
    mf_slice text = mf_slice_cstr("a\n\xc3\xa9t\xc3\xa9 = 1\n");
    uint32_t line, column;
    mf_position(text, 7, &line, &column); /* the space after "été" */
    assert_int_equal(line, 2);
    assert_int_equal(column, 4);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bom_and_line_endings),
        cmocka_unit_test(test_binary_is_refused_with_position),
        cmocka_unit_test(test_invalid_utf8_is_refused_with_position),
        cmocka_unit_test(test_files_that_are_refused),
        cmocka_unit_test(test_positions_count_code_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
