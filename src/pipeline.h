/* The transformer: parse -> find operations -> plan -> apply, on text in
 * memory. The file driver (run.c) and the verifier's fixpoint check both use
 * it, so "a second run changes nothing" is checked with the very same code.
 */
#ifndef MIGFIX_PIPELINE_H
#define MIGFIX_PIPELINE_H

#include "apply.h"
#include "find.h"
#include "plan.h"
#include "source.h"
#include "template.h"

typedef struct mf_checked_blocks mf_checked_blocks;

/* Everything shared by all files of a run: read-only but for the cache of
 * helper blocks already checked, which has its own lock. */
typedef struct {
    mf_templates *templates;           /* owned */
    pcre2_code *hand_guard;            /* owned */
    mf_sql_patterns *sql;              /* owned */
    mf_plan_config plan;               /* views of the two above */
    mf_checked_blocks *checked_blocks; /* owned; see verify.h */
    /* Test hook: damages the transformer's output before it is verified, so
     * tests can show that every verifier check fires. NULL in real runs. */
    void (*corrupt_output)(mf_buf *output, void *data);
    void *corrupt_data;
} mf_config;

/* Loads templates (built-in, overridden by SETTINGS->templates_dir) and
 * compiles patterns. SETTINGS' strings must outlive the config. Returns NULL
 * with *error (malloc'd) on failure. */
mf_config *mf_config_new(const mf_settings *settings, char **error);
/* Compiles the hand-guard pattern to machine code: worth its 0.1 ms in a
 * run over many files, not in a run over one. Before any file is processed. */
void mf_config_compile_fast(mf_config *config);
void mf_config_free(mf_config *config);

typedef struct {
    TSTree *tree; /* owned unless borrowed (mf_transform_tree) */
    bool borrowed;
    mf_found found;
    mf_plan plan;
    mf_buf output; /* the text with the plan's edits applied */
} mf_transform;

/* Runs the transformer on TEXT, which must outlive OUT. Strings in the plan
 * come from ARENA. Returns 0, or -1 with *problem when TEXT does not parse
 * (the input's fault) or the plan cannot be applied (migfix's). */
int mf_transform_text(const mf_config *config, TSParser *parser, mf_arena *arena, mf_slice text,
                      mf_transform *out, mf_problem *problem);
/* The same with TEXT already parsed as TREE (taken: OUT owns it). */
int mf_transform_parsed(const mf_config *config, TSParser *parser, mf_arena *arena, mf_slice text,
                        TSTree *tree, mf_transform *out, mf_problem *problem);
/* The same on TEXT already parsed as TREE (borrowed: it must outlive OUT and
 * have no syntax error); the verifier plans its reparsed output this way. */
int mf_transform_tree(const mf_config *config, mf_arena *arena, mf_slice text, TSTree *tree,
                      mf_transform *out, mf_problem *problem);
void mf_transform_free(mf_transform *transform);

#endif
