/* Shared by the unit tests: run the transformer on a string. */
#ifndef MIGFIX_TEST_SUPPORT_H
#define MIGFIX_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "parse.h"
#include "pipeline.h"
#include "verify.h"

#include <string.h>

typedef struct {
    mf_config *config;
    TSParser *parser;
    mf_arena arena;
    mf_transform t;
    mf_problem problem;
    int status; /* mf_transform_text's result */
} fixture;

static inline fixture *fixture_new(void) {
    fixture *f = mf_xcalloc(1, sizeof *f);
    char *error = NULL;
    static const mf_settings defaults = {0};
    f->config = mf_config_new(&defaults, &error);
    assert_non_null(f->config);
    f->parser = mf_parser_new();
    return f;
}

/* Transforms INPUT; the result stays in F until the next call or free. */
static inline void transform(fixture *f, const char *input) {
    mf_transform_free(&f->t);
    mf_problem_free(&f->problem);
    f->status = mf_transform_text(f->config, f->parser, &f->arena, mf_slice_cstr(input), &f->t,
                                  &f->problem);
}

static inline const char *output_of(fixture *f) {
    return f->t.plan.edits.len ? f->t.output.data : NULL;
}

static inline void fixture_free(fixture *f) {
    mf_transform_free(&f->t);
    mf_problem_free(&f->problem);
    mf_arena_free(&f->arena);
    ts_parser_delete(f->parser);
    mf_config_free(f->config);
    free(f);
}

static inline int setup_fixture(void **state) {
    *state = fixture_new();
    return 0;
}

static inline int teardown_fixture(void **state) {
    fixture_free(*state);
    return 0;
}

#endif
