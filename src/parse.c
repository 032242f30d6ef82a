/* tree-sitter wrappers (see parse.h). */
#include "parse.h"

#include <string.h>

TSParser *mf_parser_new(void) {
    TSParser *parser = ts_parser_new();
    if (!ts_parser_set_language(parser, tree_sitter_python())) {
        /* Only a runtime/grammar ABI mismatch gets here: a build problem. */
        ts_parser_delete(parser);
        return NULL;
    }
    return parser;
}

TSTree *mf_parse(TSParser *parser, mf_slice text) {
    return ts_parser_parse_string(parser, NULL, text.data, (uint32_t)text.len);
}

mf_syntax_error mf_first_syntax_error(const TSTree *tree) {
    mf_syntax_error err = {0};
    TSNode root = ts_tree_root_node(tree);
    if (!ts_node_has_error(root))
        return err;
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    for (;;) {
        TSNode node = ts_tree_cursor_current_node(&cursor);
        if (ts_node_is_error(node) || ts_node_is_missing(node)) {
            err.found = true;
            err.offset = ts_node_start_byte(node);
            err.missing = ts_node_is_missing(node);
            err.expected = err.missing ? ts_node_type(node) : NULL;
            break;
        }
        /* Descend only into subtrees that contain an error. */
        if (!mf_cursor_next(&cursor, ts_node_has_error(node)))
            break;
    }
    ts_tree_cursor_delete(&cursor);
    if (!err.found) { /* has_error without a visible node: report the root */
        err.found = true;
        err.offset = ts_node_start_byte(root);
    }
    return err;
}

bool mf_cursor_next(TSTreeCursor *cursor, bool descend) {
    if (descend && ts_tree_cursor_goto_first_child(cursor))
        return true;
    do {
        if (ts_tree_cursor_goto_next_sibling(cursor))
            return true;
    } while (ts_tree_cursor_goto_parent(cursor));
    return false;
}

mf_slice mf_node_text(TSNode node, mf_slice text) {
    uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
    if (end > text.len)
        end = (uint32_t)text.len;
    if (start > end)
        start = end;
    return mf_slice_of(text.data + start, end - start);
}

bool mf_node_is(TSNode node, const char *type) {
    return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

TSNode mf_node_code_child(TSNode node, uint32_t index) {
    uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; i++) {
        TSNode child = ts_node_named_child(node, i);
        if (mf_node_is(child, "comment"))
            continue;
        if (index-- == 0)
            return child;
    }
    TSNode null = {0};
    return null;
}

uint32_t mf_node_code_child_count(TSNode node) {
    uint32_t n = ts_node_named_child_count(node), count = 0;
    for (uint32_t i = 0; i < n; i++)
        if (!mf_node_is(ts_node_named_child(node, i), "comment"))
            count++;
    return count;
}

TSNode mf_node_field(TSNode node, const char *field) {
    return ts_node_child_by_field_name(node, field, (uint32_t)strlen(field));
}
