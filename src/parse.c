/* tree-sitter wrappers (see parse.h). */
#include "parse.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* tree-sitter allocates through migfix's checked allocator: out of memory
 * is then one clear message and an abort that leaves no temporary file,
 * wherever it happens (the grammar's scanner too: TREE_SITTER_REUSE_ALLOCATOR). */
static void use_checked_allocator(void) {
    ts_set_allocator(mf_xmalloc, mf_xcalloc, mf_xrealloc, free);
}

TSParser *mf_parser_new(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, use_checked_allocator);
    TSParser *parser = ts_parser_new();
    if (!ts_parser_set_language(parser, tree_sitter_python())) {
        /* Only a runtime/grammar ABI mismatch gets here: a build problem. */
        ts_parser_delete(parser);
        return NULL;
    }
    return parser;
}

void *mf_parser_start(void *context) {
    (void)context;
    return mf_parser_new();
}

void mf_parser_stop(void *parser, void *context) {
    (void)context;
    ts_parser_delete(parser);
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

TSNode mf_node_scope(TSNode node) {
    while (!ts_node_is_null(ts_node_parent(node)) && !mf_node_is(node, "function_definition"))
        node = ts_node_parent(node);
    return node;
}

mf_slice mf_node_text(TSNode node, mf_slice text) {
    if (ts_node_is_null(node))
        return mf_slice_of(NULL, 0);
    uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
    if (end > text.len)
        end = (uint32_t)text.len;
    if (start > end)
        start = end;
    return mf_slice_of(text.data + start, end - start);
}

bool mf_node_is(TSNode node, const char *type) {
    if (ts_node_is_null(node))
        return false;
    const char *name = ts_node_type(node);
    return name[0] == type[0] && strcmp(name, type) == 0; /* most differ at once */
}

/* Comments and `\` line continuations are extras: they can stand anywhere. */
bool mf_node_is_extra(TSNode node) {
    return mf_node_is(node, "comment") || mf_node_is(node, "line_continuation");
}

void mf_children_open(mf_children *it, TSNode node) {
    it->cursor = ts_tree_cursor_new(node);
    it->more = !ts_node_is_null(node) && ts_tree_cursor_goto_first_child(&it->cursor);
}

bool mf_children_next(mf_children *it, TSNode *child) {
    while (it->more) {
        TSNode node = ts_tree_cursor_current_node(&it->cursor);
        it->more = ts_tree_cursor_goto_next_sibling(&it->cursor);
        if (ts_node_is_named(node) && !mf_node_is_extra(node)) {
            *child = node;
            return true;
        }
    }
    return false;
}

void mf_children_close(mf_children *it) {
    ts_tree_cursor_delete(&it->cursor);
}

TSNode mf_node_code_child(TSNode node, uint32_t index) {
    TSNode child = {0}, found = {0};
    mf_children it;
    mf_children_open(&it, node);
    while (mf_children_next(&it, &child))
        if (index-- == 0) {
            found = child;
            break;
        }
    mf_children_close(&it);
    return found;
}

uint32_t mf_node_code_child_count(TSNode node) {
    uint32_t count = 0;
    TSNode child;
    mf_children it;
    mf_children_open(&it, node);
    while (mf_children_next(&it, &child))
        count++;
    mf_children_close(&it);
    return count;
}

TSNode mf_node_field(TSNode node, const char *field) {
    if (ts_node_is_null(node))
        return node;
    return ts_node_child_by_field_name(node, field, (uint32_t)strlen(field));
}

/* Skips a string literal starting at text[i] (a quote). Returns the offset
 * just after it, or the offset of the newline ending an unterminated
 * one-line string. */
static size_t skip_string(mf_slice text, size_t i) {
    char quote = text.data[i];
    bool triple = i + 2 < text.len && text.data[i + 1] == quote && text.data[i + 2] == quote;
    i += triple ? 3 : 1;
    while (i < text.len) {
        char c = text.data[i];
        if (c == '\\') {
            i += 2;
        } else if (c == '\n' && !triple) {
            return i;
        } else if (c == quote && (!triple || (i + 2 < text.len && text.data[i + 1] == quote &&
                                              text.data[i + 2] == quote))) {
            return i + (triple ? 3 : 1);
        } else {
            i++;
        }
    }
    return text.len;
}

size_t mf_pad_dedented_bracket_lines(mf_slice text, mf_buf *padded) {
    size_t depth = 0, opener_indent = 0, line_indent = 0, first = SIZE_MAX, copied = 0;
    bool line_start = true;
    size_t i = 0;
    while (i < text.len) {
        if (line_start) {
            size_t start = i;
            while (i < text.len && (text.data[i] == ' ' || text.data[i] == '\t'))
                i++;
            bool code = i < text.len && !strchr("#\r\n", text.data[i]);
            if (depth > 0 && code && i - start < opener_indent) {
                if (first == SIZE_MAX)
                    first = start;
                mf_buf_put(padded, text.data + copied, i - copied);
                for (size_t k = i - start; k < opener_indent; k++)
                    mf_buf_putc(padded, ' ');
                copied = i;
            }
            if (depth == 0 && code)
                line_indent = i - start;
            line_start = false;
            continue;
        }
        char c = text.data[i];
        if (c == '#') {
            while (i < text.len && text.data[i] != '\n')
                i++;
        } else if (c == '\'' || c == '"') {
            i = skip_string(text, i);
        } else if (c == '\\' && i + 1 < text.len && text.data[i + 1] == '\n') {
            i += 2; /* an explicit continuation is not a new line */
        } else {
            if (strchr("([{", c) && depth++ == 0)
                opener_indent = line_indent;
            else if (strchr(")]}", c) && depth > 0)
                depth--;
            line_start = c == '\n';
            i++;
        }
    }
    mf_buf_put(padded, text.data + copied, text.len - copied);
    return first;
}

/* The value of a Python string literal without prefixes, escapes or
 * interpolation, or NULL. Revision ids are plain words, so a literal that
 * needs decoding is not one migfix reads. */
const char *mf_plain_string(mf_arena *arena, TSNode node, mf_slice text) {
    if (mf_node_is(node, "concatenated_string")) { /* "a" "b": Python joins them */
        mf_buf joined = {0};
        const char *part = "";
        for (uint32_t i = 0; part && i < mf_node_code_child_count(node); i++)
            if ((part = mf_plain_string(arena, mf_node_code_child(node, i), text)))
                mf_buf_puts(&joined, part);
        const char *all =
            part ? mf_arena_strndup(arena, joined.data ? joined.data : "", joined.len) : NULL;
        mf_buf_free(&joined);
        return all;
    }
    if (!mf_node_is(node, "string"))
        return NULL;
    mf_slice content = {"", 0};
    uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; i++) {
        TSNode part = ts_node_named_child(node, i);
        if (mf_node_is(part, "string_content")) {
            if (ts_node_named_child_count(part) > 0)
                return NULL; /* escape sequences */
            content = mf_node_text(part, text);
        } else if (mf_node_is(part, "interpolation")) {
            return NULL;
        }
    }
    mf_slice start = mf_node_text(ts_node_child(node, 0), text); /* string_start: prefix + quote */
    for (size_t i = 0; i < start.len; i++)
        if (start.data[i] != '"' && start.data[i] != '\'' &&
            !(i == 0 && (start.data[i] == 'u' || start.data[i] == 'U')))
            return NULL; /* r"", b"", f""; u"" is the same str (Python 2 style, as in CKAN) */
    return mf_arena_strndup(arena, content.data, content.len);
}
