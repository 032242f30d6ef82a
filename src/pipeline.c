/* The in-memory transformer (see pipeline.h). */
#include "pipeline.h"

#include "parse.h"

#include <string.h>

mf_config *mf_config_new(const char *templates_dir, char **error) {
    mf_templates *templates = mf_templates_load(templates_dir, error);
    if (!templates)
        return NULL;
    mf_config *config = mf_xcalloc(1, sizeof *config);
    config->templates = templates;
    config->hand_guard = mf_hand_guard_pattern();
    config->plan.templates = templates;
    config->plan.hand_guard = config->hand_guard;
    return config;
}

void mf_config_free(mf_config *config) {
    if (!config)
        return;
    mf_templates_free(config->templates);
    pcre2_code_free(config->hand_guard);
    free(config);
}

/* tree-sitter reports a line inside brackets that is indented less than its
 * block as an error, although Python accepts it. Say so rather than blame the
 * input. */
static bool looks_like_dedented_bracket_line(mf_slice text, const TSTree *tree, uint32_t offset) {
    TSNode node = ts_node_descendant_for_byte_range(ts_tree_root_node(tree), offset, offset);
    for (; !ts_node_is_null(node); node = ts_node_parent(node)) {
        const char *type = ts_node_type(node);
        if (strcmp(type, "argument_list") == 0 || strcmp(type, "parenthesized_expression") == 0 ||
            strcmp(type, "list") == 0 || strcmp(type, "dictionary") == 0 ||
            strcmp(type, "tuple") == 0) {
            size_t line = mf_line_start(text, offset);
            size_t indent = 0;
            while (line + indent < text.len && text.data[line + indent] == ' ')
                indent++;
            size_t opening = mf_line_start(text, ts_node_start_byte(node));
            size_t outer = 0;
            while (opening + outer < text.len && text.data[opening + outer] == ' ')
                outer++;
            return indent < outer;
        }
    }
    return false;
}

int mf_transform_text(const mf_config *config, TSParser *parser, mf_arena *arena, mf_slice text,
                      mf_transform *out, mf_problem *problem) {
    memset(out, 0, sizeof *out);
    out->tree = mf_parse(parser, text);
    mf_syntax_error syntax = mf_first_syntax_error(out->tree);
    if (syntax.found) {
        mf_position(text, syntax.offset, &problem->line, &problem->column);
        mf_buf msg = {0};
        if (looks_like_dedented_bracket_line(text, out->tree, syntax.offset))
            mf_buf_puts(&msg, "cannot parse this line: a line inside brackets indented less than "
                              "its block is valid Python but trips migfix's parser "
                              "(tree-sitter); indent it further and run again");
        else if (syntax.missing)
            mf_buf_printf(&msg, "syntax error in the input: expected '%s' here", syntax.expected);
        else
            mf_buf_puts(&msg, "syntax error in the input");
        mf_buf_puts(&msg, " (the file was left unchanged)");
        problem->message = mf_buf_detach(&msg);
        return -1;
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
    ts_tree_delete(transform->tree);
    mf_found_free(&transform->found);
    mf_plan_free(&transform->plan);
    mf_buf_free(&transform->output);
    memset(transform, 0, sizeof *transform);
}
