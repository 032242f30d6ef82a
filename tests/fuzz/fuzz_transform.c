/* libFuzzer target: any bytes through read-check -> transform -> verify.
 * Whatever the input, migfix must not crash, leak or read out of bounds, and
 * an output the verifier accepts must parse and be a fixpoint. Seeded with
 * golden/ inputs by scripts/fuzz. */
#include "parse.h"
#include "pipeline.h"
#include "run.h"
#include "verify.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static mf_config *config;
    static TSParser *parser;
    if (!config) {
        static const mf_settings settings = {0};
        char *error = NULL;
        config = mf_config_new(&settings, &error);
        parser = mf_parser_new();
    }
    if (size > 64 * 1024)
        return 0;
    char *bytes = malloc(size + 1);
    memcpy(bytes, data, size);
    mf_source src;
    mf_problem problem = {0};
    if (mf_source_adopt(&src, bytes, size, &problem) < 0) {
        mf_problem_free(&problem);
        return 0;
    }
    mf_arena arena = {0};
    mf_op_reports ops = {0};
    mf_buf out = {0};
    int fixed = mf_fix_source(config, parser, &src, &arena, &ops, &out, &problem);
    if (fixed > 0) {
        /* Accepted, perhaps by the check in parts: the whole check agrees. */
        mf_transform t;
        mf_arena arena1 = {0};
        if (mf_transform_text(config, parser, &arena1, src.text, &t, &problem) < 0 ||
            mf_verify_whole(config, parser, src.text, t.tree,
                            mf_slice_of(t.output.data, t.output.len), &problem) < 0)
            abort();
        mf_transform_free(&t);
        mf_arena_free(&arena1);
        /* It must parse, and a second run must change nothing. */
        mf_source again;
        char *copy = malloc(out.len + 1);
        memcpy(copy, out.data, out.len);
        if (mf_source_adopt(&again, copy, out.len, &problem) < 0)
            abort();
        mf_arena arena2 = {0};
        mf_op_reports ops2 = {0};
        mf_buf out2 = {0};
        if (mf_fix_source(config, parser, &again, &arena2, &ops2, &out2, &problem) != 0)
            abort(); /* not a fixpoint, or refused on a second run */
        mf_buf_free(&out2);
        MF_VEC_FREE(&ops2);
        mf_arena_free(&arena2);
        mf_source_free(&again);
    }
    mf_problem_free(&problem);
    mf_buf_free(&out);
    MF_VEC_FREE(&ops);
    mf_arena_free(&arena);
    mf_source_free(&src);
    return 0;
}
