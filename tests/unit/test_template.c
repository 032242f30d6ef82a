/* Template rendering and loading: placeholders, sections, and validation of
 * a team's own templates before any file is touched. */
#include "support.h"

#include "template.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static char *render(const char *tmpl, const char *schema, const char **error) {
    mf_template_var vars[] = {{"table", mf_slice_cstr("\"users\"")},
                              {"column", mf_slice_cstr("\"email\"")},
                              {"schema", mf_slice_cstr(schema)}};
    mf_buf out = {0};
    *error = NULL;
    if (mf_template_render(&out, tmpl, vars, 3, error) < 0) {
        mf_buf_free(&out);
        return NULL;
    }
    return mf_buf_detach(&out);
}

static void test_placeholders_and_sections(void **state) {
    (void)state;
    const char *error;
    const char *tmpl = "if f({{table}}, {{ column }}{{#schema}}, schema={{schema}}{{/schema}}):";
    char *with = render(tmpl, "\"s\"", &error);
    assert_string_equal(with, "if f(\"users\", \"email\", schema=\"s\"):");
    char *without = render(tmpl, "", &error);
    assert_string_equal(without, "if f(\"users\", \"email\"):");
    char *inverted = render("{{^schema}}default{{/schema}}", "", &error);
    assert_string_equal(inverted, "default");
    free(with);
    free(without);
    free(inverted);
}

static void test_render_errors(void **state) {
    (void)state;
    const char *error;
    assert_null(render("{{tabel}}", "", &error));
    assert_non_null(strstr(error, "unknown placeholder"));
    assert_null(render("{{#schema}}x", "\"s\"", &error));
    assert_non_null(strstr(error, "not closed"));
    assert_null(render("x{{/schema}}", "", &error));
    assert_null(render("{{table", "", &error));
}

static void test_builtin_templates_load(void **state) {
    (void)state;
    char *error = NULL;
    mf_templates *t = mf_templates_load(NULL, true, &error);
    assert_non_null(t);
    assert_null(error);
    for (int c = 0; c < MF_CHECK_COUNT; c++) {
        assert_non_null(strstr(mf_templates_guard(t, (mf_check)c), "_migfix_"));
        assert_non_null(mf_templates_helper(t, (mf_check)c));
    }
    assert_non_null(strstr(mf_templates_prelude(t), "is_offline_mode"));
    mf_templates_free(t);
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A team's directory overrides file by file; a bad template is refused at
 * load with its path and the problem. */
static void test_directory_override_and_validation(void **state) {
    (void)state;
    char dir[] = "/tmp/migfix-templates-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char guards[300], path[400];
    snprintf(guards, sizeof guards, "%s/guards", dir);
    mkdir(guards, 0700);

    snprintf(path, sizeof path, "%s/table_missing.tmpl", guards);
    write_file(path, "if not _migfix_table_present({{table}}):  # house style\n");
    char *error = NULL;
    mf_templates *t = mf_templates_load(dir, false, &error);
    assert_non_null(t);
    assert_string_equal(mf_templates_guard(t, MF_CHECK_TABLE_MISSING),
                        "if not _migfix_table_present({{table}}):  # house style");
    mf_templates_free(t);

    static const struct {
        const char *text, *why;
    } bad[] = {
        {"if _migfix_table_missing({{table}}:\n", "not valid Python"},
        {"_migfix_table_missing({{table}})\n", "`if ...:` line"},
        {"if _migfix_table_missing({{tabel}}):\n", "unknown placeholder"},
        {"if a:\n    pass\n", "exactly one line"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(path, bad[i].text);
        t = mf_templates_load(dir, false, &error);
        assert_null(t);
        assert_non_null(strstr(error, "guards/table_missing.tmpl"));
        assert_non_null(strstr(error, bad[i].why));
        free(error);
    }
    unlink(path);

    char helpers[300];
    snprintf(helpers, sizeof helpers, "%s/helpers", dir);
    mkdir(helpers, 0700);
    snprintf(path, sizeof path, "%s/column_missing.py", helpers);
    write_file(path, "def _migfix_column_missing(table, column, schema=None):\n    return True\n");
    t = mf_templates_load(dir, false, &error);
    assert_non_null(t);
    mf_templates_free(t);
    write_file(path, "def other(table):\n    return True\n");
    t = mf_templates_load(dir, false, &error);
    assert_null(t);
    assert_non_null(strstr(error, "must define the function its guard calls"));
    free(error);
    write_file(path, "def _migfix_column_missing(:\n");
    t = mf_templates_load(dir, false, &error);
    assert_null(t);
    assert_non_null(strstr(error, "helpers/column_missing.py: invalid template: not valid Python"));
    free(error);
    unlink(path);
    rmdir(helpers);
    rmdir(guards);
    rmdir(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders_and_sections),
        cmocka_unit_test(test_render_errors),
        cmocka_unit_test(test_builtin_templates_load),
        cmocka_unit_test(test_directory_override_and_validation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
