/* The in-memory transformer (see pipeline.h). */
#include "pipeline.h"

#include "parse.h"
#include "sql.h"
#include "verify.h"

#include <string.h>

mf_config *mf_config_new(const mf_settings *settings, char **error) {
    mf_templates *templates = mf_templates_load(settings->templates_dir, false, error);
    if (!templates)
        return NULL;
    mf_config *config = mf_xcalloc(1, sizeof *config);
    config->templates = templates;
    config->hand_guard = mf_hand_guard_pattern();
    config->plan.templates = templates;
    config->plan.hand_guard = config->hand_guard;
    config->sql = mf_sql_patterns_new();
    config->plan.sql = config->sql;
    config->plan.settings = *settings;
    config->checked_blocks = mf_checked_blocks_new();
    return config;
}

void mf_config_compile_fast(mf_config *config) {
    pcre2_jit_compile(config->hand_guard, PCRE2_JIT_COMPLETE); /* else the interpreter runs it */
}

void mf_config_free(mf_config *config) {
    if (!config)
        return;
    mf_templates_free(config->templates);
    pcre2_code_free(config->hand_guard);
    mf_sql_patterns_free(config->sql);
    mf_checked_blocks_free(config->checked_blocks);
    free(config);
}

int mf_transform_text(const mf_config *config, TSParser *parser, mf_arena *arena, mf_slice text,
                      mf_transform *out, mf_problem *problem) {
    return mf_transform_parsed(config, parser, arena, text, mf_parse(parser, text), out, problem);
}

int mf_transform_parsed(const mf_config *config, TSParser *parser, mf_arena *arena, mf_slice text,
                        TSTree *tree, mf_transform *out, mf_problem *problem) {
    memset(out, 0, sizeof *out);
    out->tree = tree;
    mf_syntax_error syntax = mf_first_syntax_error(out->tree);
    if (syntax.found) {
        mf_buf padded = {0}, msg = {0};
        size_t dedented = mf_pad_dedented_bracket_lines(text, &padded);
        if (dedented != SIZE_MAX) {
            /* Only tree-sitter's false error if indenting those lines fixes it. */
            TSTree *again = mf_parse(parser, mf_slice_of(padded.data, padded.len));
            if (ts_node_has_error(ts_tree_root_node(again)))
                dedented = SIZE_MAX;
            ts_tree_delete(again);
        }
        mf_buf_free(&padded);
        if (dedented != SIZE_MAX) {
            mf_position(text, dedented, &problem->line, &problem->column);
            mf_buf_puts(&msg, "cannot parse this file: this line continues a bracket but is "
                              "indented less than the line that opened it; Python accepts that, "
                              "but migfix's parser (tree-sitter) does not. Indent the line "
                              "further and run migfix again");
        } else {
            mf_position(text, syntax.offset, &problem->line, &problem->column);
            if (syntax.missing)
                mf_buf_printf(&msg, "syntax error in the input: expected '%s' here",
                              syntax.expected);
            else
                mf_buf_puts(&msg, "syntax error in the input");
        }
        mf_buf_puts(&msg, " (the file was left unchanged)");
        problem->message = mf_buf_detach(&msg);
        return -1;
    }
    return mf_transform_tree(config, arena, text, out->tree, out, problem);
}

int mf_transform_tree(const mf_config *config, mf_arena *arena, mf_slice text, TSTree *tree,
                      mf_transform *out, mf_problem *problem) {
    if (out->tree != tree) {
        memset(out, 0, sizeof *out);
        out->tree = tree;
        out->borrowed = true;
    }
    mf_find_operations(out->tree, text, &out->found);
    mf_plan_file(&config->plan, arena, text, out->tree, &out->found, &out->plan);
    if (mf_apply_edits(text, out->plan.edits.items, out->plan.edits.len, &out->output) < 0) {
        problem->line = problem->column = 0;
        problem->message = mf_xstrdup("internal error: overlapping edits (the file was left "
                                      "unchanged; please report this)");
        return -1;
    }
    return 0;
}

void mf_transform_free(mf_transform *transform) {
    if (!transform->borrowed)
        ts_tree_delete(transform->tree);
    mf_found_free(&transform->found);
    mf_plan_free(&transform->plan);
    mf_buf_free(&transform->output);
    memset(transform, 0, sizeof *transform);
}
