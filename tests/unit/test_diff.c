/* Unified diffs: exact output on small cases, and on many random pairs the
 * property a user relies on, that applying the diff to the old text gives
 * the new one. */
#include "support.h"

#include "diff.h"

#include <stdio.h>

static char *diff(const char *a, const char *b) {
    mf_buf out = {0};
    mf_diff_unified(&out, "a/f.py", "b/f.py", mf_slice_cstr(a), mf_slice_cstr(b));
    return mf_buf_detach(&out);
}

static void test_equal_texts_give_nothing(void **state) {
    (void)state;
    char *d = diff("a\nb\n", "a\nb\n");
    assert_string_equal(d, "");
    free(d);
}

static void test_small_change_exact(void **state) {
    (void)state;
    char *d = diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n");
    assert_string_equal(d,
                        "--- a/f.py\n+++ b/f.py\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n"
                        " 8\n");
    free(d);
    d = diff("x\n", "");
    assert_string_equal(d, "--- a/f.py\n+++ b/f.py\n@@ -1 +0,0 @@\n-x\n");
    free(d);
    d = diff("", "x\n");
    assert_string_equal(d, "--- a/f.py\n+++ b/f.py\n@@ -0,0 +1 @@\n+x\n");
    free(d);
}

static void test_missing_final_newline_is_marked(void **state) {
    (void)state;
    char *d = diff("a\nb", "a\nc");
    assert_string_equal(d, "--- a/f.py\n+++ b/f.py\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end "
                           "of file\n+c\n\\ No newline at end of file\n");
    free(d);
}

/* A minimal patch(1): applies D's hunks to OLD. */
static char *apply(const char *old, const char *d) {
    mf_buf out = {0};
    const char *o = old;
    const char *p = strstr(d, "@@");
    size_t line = 1;
    while (p && strncmp(p, "@@ -", 4) == 0) {
        size_t start = strtoul(p + 4, NULL, 10);
        if (start == 0)
            start = 1;
        else if (strchr(p, ',') && strchr(p, ',') < strchr(p + 2, '+') &&
                 strtoul(strchr(p, ',') + 1, NULL, 10) == 0)
            start++; /* an empty old range names the line before it */
        while (line < start) {
            const char *nl = strchr(o, '\n');
            size_t n = nl ? (size_t)(nl - o) + 1 : strlen(o);
            mf_buf_put(&out, o, n);
            o += n;
            line++;
        }
        p = strchr(p, '\n') + 1;
        while (*p == ' ' || *p == '-' || *p == '+' || *p == '\\') {
            const char *nl = strchr(p, '\n');
            size_t n = (size_t)(nl - p);
            bool no_newline = strncmp(nl + 1, "\\ No newline", 12) == 0;
            if (*p == ' ' || *p == '-') {
                const char *onl = strchr(o, '\n');
                o += onl ? (size_t)(onl - o) + 1 : strlen(o);
                line++;
            }
            if (*p == ' ' || *p == '+') {
                mf_buf_put(&out, p + 1, n - 1);
                if (!no_newline)
                    mf_buf_putc(&out, '\n');
            }
            p = nl + 1;
        }
    }
    mf_buf_puts(&out, o);
    return mf_buf_detach(&out);
}

static void random_text(mf_buf *out, unsigned *seed, int lines) {
    static const char *const words[] = {"a", "b", "c", "d", "    op.x()", ""};
    for (int i = 0; i < lines; i++) {
        mf_buf_puts(out, words[rand_r(seed) % 6]);
        mf_buf_putc(out, '\n');
    }
}

static void test_random_diffs_apply(void **state) {
    (void)state;
    unsigned seed = 12345;
    for (int round = 0; round < 500; round++) {
        mf_buf a = {0}, b = {0};
        random_text(&a, &seed, rand_r(&seed) % 40);
        /* b: a with random edits, so the texts share runs like real ones */
        const char *p = a.data ? a.data : "";
        while (*p) {
            const char *nl = strchr(p, '\n');
            int r = rand_r(&seed) % 10;
            if (r == 0)
                random_text(&b, &seed, 1 + rand_r(&seed) % 3);
            if (r != 1)
                mf_buf_put(&b, p, (size_t)(nl - p) + 1);
            p = nl + 1;
        }
        if (rand_r(&seed) % 4 == 0 && b.len)
            b.data[--b.len] = '\0'; /* sometimes no final newline */
        const char *at = a.data ? a.data : "", *bt = b.data ? b.data : "";
        char *d = diff(at, bt);
        char *patched = apply(at, d);
        if (strcmp(patched, bt) != 0)
            fail_msg("round %d: patch does not reproduce the new text\n--- diff:\n%s", round, d);
        free(d);
        free(patched);
        mf_buf_free(&a);
        mf_buf_free(&b);
    }
}

static void test_very_different_texts_still_apply(void **state) {
    (void)state;
    mf_buf a = {0}, b = {0};
    for (int i = 0; i < 3000; i++) {
        mf_buf_printf(&a, "old %d\n", i);
        mf_buf_printf(&b, "new %d\n", i);
    }
    char *d = diff(a.data, b.data);
    char *patched = apply(a.data, d);
    assert_string_equal(patched, b.data);
    free(d);
    free(patched);
    mf_buf_free(&a);
    mf_buf_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_texts_give_nothing),
        cmocka_unit_test(test_small_change_exact),
        cmocka_unit_test(test_missing_final_newline_is_marked),
        cmocka_unit_test(test_random_diffs_apply),
        cmocka_unit_test(test_very_different_texts_still_apply),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
