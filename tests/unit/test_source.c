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

/* PEP 263: a declared encoding other than UTF-8 is decoded, and the text is
 * written back in it. */
static void test_latin1_declaration_decodes(void **state) {
    (void)state;
    static const char file[] = "# -*- coding: latin-1 -*-\n# Caf\xe9\ns = \"\xe9t\xe9\"\n";
    mf_source src;
    mf_problem problem = {0};
    assert_int_equal(adopt(file, sizeof file - 1, &src, &problem), 0);
    assert_string_equal(src.encoding, "latin-1");
    assert_string_equal(src.iconv_name, "ISO-8859-1");
    assert_false(src.bom);
    const char *utf8 = "# -*- coding: latin-1 -*-\n# Caf\xc3\xa9\ns = \"\xc3\xa9t\xc3\xa9\"\n";
    assert_int_equal(src.text.len, strlen(utf8));
    assert_memory_equal(src.text.data, utf8, src.text.len);
    assert_int_equal(mf_utf8_invalid_offset(src.text.data, src.text.len), src.text.len);
    mf_source_free(&src);

    /* Python's other spellings, and cp1252 through a vim modeline */
    static const char vim[] = "# vim: set fileencoding=cp1252 :\nx = \"\x80\"\n";
    assert_int_equal(adopt(vim, sizeof vim - 1, &src, &problem), 0);
    assert_string_equal(src.iconv_name, "CP1252");
    assert_non_null(strstr(src.text.data, "\"\xe2\x82\xac\"")); /* U+20AC */
    mf_source_free(&src);
    static const char under[] = "# coding=Latin_1\n# \xe9\n";
    assert_int_equal(adopt(under, sizeof under - 1, &src, &problem), 0);
    assert_string_equal(src.iconv_name, "ISO-8859-1");
    mf_source_free(&src);
}

static void test_declared_encoding_round_trips(void **state) {
    (void)state;
    static const char file[] = "# coding: latin-1\r\n# Caf\xe9\r\ns = '\xe9'\r\nt = 1";
    mf_source src;
    mf_problem problem = {0};
    assert_int_equal(adopt(file, sizeof file - 1, &src, &problem), 0);
    assert_string_equal(src.eol, "\r\n");
    mf_buf out = {0};
    assert_int_equal(mf_source_encode(&src, src.text, &out, &problem), 0);
    assert_int_equal(out.len, sizeof file - 1);
    assert_memory_equal(out.data, file, out.len);
    mf_buf_free(&out);

    /* an ASCII edit: the bytes around it are the file's own */
    mf_buf edited = {0};
    size_t cut = (size_t)mf_slice_find(src.text, "s = ");
    mf_buf_put(&edited, src.text.data, cut);
    mf_buf_puts(&edited, "if True:\r\n    ");
    mf_buf_put(&edited, src.text.data + cut, src.text.len - cut);
    assert_int_equal(mf_source_encode(&src, mf_slice_of(edited.data, edited.len), &out, &problem),
                     0);
    static const char want[] =
        "# coding: latin-1\r\n# Caf\xe9\r\nif True:\r\n    s = '\xe9'\r\nt = 1";
    assert_int_equal(out.len, sizeof want - 1);
    assert_memory_equal(out.data, want, out.len);
    mf_buf_free(&out);
    mf_buf_free(&edited);

    /* a character latin-1 cannot hold: an error, with its position in the
     * fixed text, and nothing appended */
    mf_buf_puts(&out, "kept");
    mf_slice euro = mf_slice_cstr("# coding: latin-1\nx = '\xe2\x82\xac'\n");
    assert_int_equal(mf_source_encode(&src, euro, &out, &problem), -1);
    assert_string_equal(out.data, "kept");
    assert_int_equal(problem.line, 0);
    assert_non_null(strstr(problem.message, "U+20AC (its line 2, column 6)"));
    assert_non_null(strstr(problem.message, "latin-1"));
    mf_problem_free(&problem);
    mf_buf_free(&out);
    mf_source_free(&src);

    /* UTF-8 is written as before: the BOM put back */
    static const char bom[] = "\xEF\xBB\xBF# coding: utf-8\nx = '\xc3\xa9'\n";
    assert_int_equal(adopt(bom, sizeof bom - 1, &src, &problem), 0);
    assert_null(src.encoding);
    assert_int_equal(mf_source_encode(&src, src.text, &out, &problem), 0);
    assert_int_equal(out.len, sizeof bom - 1);
    assert_memory_equal(out.data, bom, out.len);
    mf_buf_free(&out);
    mf_source_free(&src);
}

/* Refused with MESSAGE at LINE:COLUMN. */
static void assert_refused(const char *bytes, const char *message, uint32_t line, uint32_t column) {
    mf_source src;
    mf_problem problem = {0};
    assert_int_equal(adopt(bytes, strlen(bytes), &src, &problem), -1);
    assert_non_null(strstr(problem.message, message));
    assert_int_equal(problem.line, line);
    assert_int_equal(problem.column, column);
    assert_null(src.bytes);
    mf_problem_free(&problem);
}

static void test_declarations_that_are_refused(void **state) {
    (void)state;
    /* undeclared, or declared as UTF-8: not UTF-8 is refused as before */
    assert_refused("x = 1\n# Caf\xe9\n", "invalid UTF-8", 2, 6);
    assert_refused("# coding: utf-8\n# Caf\xe9\n", "invalid UTF-8", 2, 6);
    assert_refused("# coding: utf8\n# Caf\xe9\n", "invalid UTF-8", 2, 6);
    assert_refused("# coding: klingon\nx = 1\n", "unknown encoding \"klingon\"", 1, 11);
    assert_refused("# coding: utf-16\nx = 1\n", "not ASCII-compatible", 1, 11);
    assert_refused("# coding: cp1252\nx = '\x81'\n", "invalid cp1252 (byte 0x81)", 2, 6);
    assert_refused("\xEF\xBB\xBF# coding: latin-1\n# \xe9\n", "UTF-8 BOM", 1, 11);
    mf_source src;
    mf_problem problem = {0};
    static const char nul[] = "# coding: latin-1\n\xe9 = 1\n\0";
    assert_int_equal(adopt(nul, sizeof nul - 1, &src, &problem), -1);
    assert_non_null(strstr(problem.message, "binary file"));
    assert_int_equal(problem.line, 3);
    assert_int_equal(problem.column, 1);
    mf_problem_free(&problem);
}

static void test_declaration_lines(void **state) {
    (void)state;
    mf_source src;
    mf_problem problem = {0};
    /* line 2 counts after a comment (or blank) line 1 */
    static const char two[] = "#!/usr/bin/env python\n# coding: latin-1\n# \xe9\n";
    assert_int_equal(adopt(two, sizeof two - 1, &src, &problem), 0);
    assert_string_equal(src.encoding, "latin-1");
    mf_source_free(&src);
    static const char blank[] = "\n  # coding: latin-1\n# \xe9\n";
    assert_int_equal(adopt(blank, sizeof blank - 1, &src, &problem), 0);
    assert_string_equal(src.encoding, "latin-1");
    mf_source_free(&src);
    /* line 3 does not; nor line 2 after a line of code; nor a comment after
     * code */
    assert_refused("#!/usr/bin/env python\n\n# coding: latin-1\n# \xe9\n", "invalid UTF-8", 4, 3);
    assert_refused("x = 1\n# coding: latin-1\n# \xe9\n", "invalid UTF-8", 3, 3);
    assert_refused("x = 1  # coding: latin-1\n# \xe9\n", "invalid UTF-8", 2, 3);
    /* the first "coding:" with a name is the one */
    static const char first[] = "# coding: # coding=latin-1 coding: utf-8\n# \xe9\n";
    assert_int_equal(adopt(first, sizeof first - 1, &src, &problem), 0);
    assert_string_equal(src.encoding, "latin-1");
    mf_source_free(&src);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bom_and_line_endings),
        cmocka_unit_test(test_binary_is_refused_with_position),
        cmocka_unit_test(test_invalid_utf8_is_refused_with_position),
        cmocka_unit_test(test_files_that_are_refused),
        cmocka_unit_test(test_positions_count_code_points),
        cmocka_unit_test(test_latin1_declaration_decodes),
        cmocka_unit_test(test_declared_encoding_round_trips),
        cmocka_unit_test(test_declarations_that_are_refused),
        cmocka_unit_test(test_declaration_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
