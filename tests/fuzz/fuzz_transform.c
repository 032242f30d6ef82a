#define _GNU_SOURCE /* memmem */
/* libFuzzer target: any bytes through read-check -> transform -> verify.
 * Whatever the input, migfix must not crash, leak or read out of bounds, and
 * an output the verifier accepts must parse and be a fixpoint. Seeded with
 * golden/ inputs by scripts/fuzz.
 *
 * An input that holds FILE_SEPARATOR is a chain: its parts are read as the
 * files of one versions directory, through the chain stages (graph, schema
 * flow, lint, witnesses), and each is fixed with the revision guard the chain
 * gives it; the fixed chain, read again as a chain, must be a fixpoint. */
#include "chain.h"
#include "parse.h"
#include "pipeline.h"
#include "run.h"
#include "verify.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FILE_SEPARATOR "\n# migfix-fuzz: next file\n"
enum { MAX_FILES = 8 };

typedef struct {
    mf_source src;
    bool readable;
    mf_buf fixed;    /* the file migfix writes; empty: unchanged or refused */
    mf_source again; /* FIXED read back, when there is one */
} chain_part;

/* The chain of PARTS (as given, or as fixed), analysed. */
static mf_chain *read_chain(const mf_config *config, TSParser *parser, chain_part *parts, size_t n,
                            bool fixed) {
    mf_chain *chain = mf_chain_new();
    for (size_t i = 0; i < n; i++) {
        if (!parts[i].readable)
            continue;
        mf_slice text = fixed && parts[i].fixed.len ? parts[i].again.text : parts[i].src.text;
        char path[32];
        snprintf(path, sizeof path, "versions/%zu.py", i);
        TSTree *tree = mf_parse(parser, text);
        mf_chain_file *file = mf_chain_read(path, text, tree, NULL, config->sql);
        if (file)
            mf_chain_add_read(chain, file, true);
        ts_tree_delete(tree);
    }
    mf_chain_analyse(chain);
    return chain;
}

static void fuzz_chain(mf_config *config, TSParser *parser, const uint8_t *data, size_t size) {
    chain_part parts[MAX_FILES] = {0};
    size_t n = 0;
    const char *at = (const char *)data, *end = at + size;
    size_t sep = strlen(FILE_SEPARATOR);
    while (n < MAX_FILES && at <= end) {
        const char *next = memmem(at, (size_t)(end - at), FILE_SEPARATOR, sep);
        const char *stop = next && n + 1 < MAX_FILES ? next : end;
        size_t len = (size_t)(stop - at);
        char *bytes = malloc(len + 1);
        memcpy(bytes, at, len);
        mf_problem problem = {0};
        parts[n].readable = mf_source_adopt(&parts[n].src, bytes, len, &problem) == 0;
        mf_problem_free(&problem);
        n++;
        if (stop == end)
            break;
        at = stop + sep;
    }
    mf_chain *chain = read_chain(config, parser, parts, n, false);
    config->plan.chain = chain;
    for (size_t i = 0; i < n; i++) {
        if (!parts[i].readable)
            continue;
        mf_arena arena = {0};
        mf_op_reports ops = {0};
        mf_problem problem = {0};
        if (mf_fix_source(config, parser, &parts[i].src, &arena, &ops, &parts[i].fixed, &problem) <=
            0)
            mf_buf_free(&parts[i].fixed);
        mf_problem_free(&problem);
        MF_VEC_FREE(&ops);
        mf_arena_free(&arena);
        if (parts[i].fixed.len) {
            char *copy = malloc(parts[i].fixed.len + 1);
            memcpy(copy, parts[i].fixed.data, parts[i].fixed.len);
            if (mf_source_adopt(&parts[i].again, copy, parts[i].fixed.len, &problem) < 0)
                abort(); /* migfix wrote a file it cannot read */
        }
    }
    /* Fixed again, with the chain the fixed files make, nothing changes. */
    mf_chain *again = read_chain(config, parser, parts, n, true);
    config->plan.chain = again;
    for (size_t i = 0; i < n; i++) {
        if (!parts[i].readable || !parts[i].fixed.len)
            continue;
        mf_arena arena = {0};
        mf_op_reports ops = {0};
        mf_buf out = {0};
        mf_problem problem = {0};
        if (mf_fix_source(config, parser, &parts[i].again, &arena, &ops, &out, &problem) != 0)
            abort(); /* not a fixpoint of the chain, or refused on a second run */
        mf_buf_free(&out);
        MF_VEC_FREE(&ops);
        mf_arena_free(&arena);
        mf_source_free(&parts[i].again);
    }
    config->plan.chain = NULL;
    mf_chain_free(again);
    mf_chain_free(chain);
    for (size_t i = 0; i < n; i++) {
        if (parts[i].readable)
            mf_source_free(&parts[i].src);
        mf_buf_free(&parts[i].fixed);
    }
}

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
    if (memmem(data, size, FILE_SEPARATOR, strlen(FILE_SEPARATOR))) {
        fuzz_chain(config, parser, data, size);
        return 0;
    }
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
    if (fixed == 0) {
        /* Unchanged, perhaps planned around a helper block: planning the
         * whole file says the same, operation for operation. */
        mf_transform t;
        mf_arena arena0 = {0};
        mf_problem whole = {0};
        if (mf_transform_text(config, parser, &arena0, src.text, &t, &whole) < 0 ||
            t.plan.edits.len != 0 || t.plan.ops.len != ops.len)
            abort();
        for (size_t i = 0; i < ops.len; i++)
            if (t.plan.ops.items[i].status != ops.items[i].status ||
                t.plan.ops.items[i].line != ops.items[i].line)
                abort();
        mf_transform_free(&t);
        mf_arena_free(&arena0);
        mf_problem_free(&whole);
    }
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
