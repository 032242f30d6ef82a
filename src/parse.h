/* Parsing Python with tree-sitter. One TSParser per thread (parsers are not
 * thread-safe); trees are owned by the caller (ts_tree_delete). */
#ifndef MIGFIX_PARSE_H
#define MIGFIX_PARSE_H

#include "arena.h"
#include "buf.h"

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);

/* A parser for Python; free with ts_parser_delete. */
TSParser *mf_parser_new(void);
/* A worker's state for mf_pool_run (pool.h): its own parser, since
 * tree-sitter parsers are not thread-safe. CONTEXT is unused. */
void *mf_parser_start(void *context);
void mf_parser_stop(void *parser, void *context);

/* Parses TEXT (which must outlive the tree). Never returns NULL for inputs
 * under 4 GiB: syntax errors become ERROR / MISSING nodes. */
TSTree *mf_parse(TSParser *parser, mf_slice text);

typedef struct {
    bool found;
    uint32_t offset;      /* byte offset of the first error */
    bool missing;         /* a MISSING node (something expected was absent) */
    const char *expected; /* for MISSING: the node type that was expected */
} mf_syntax_error;

/* The first ERROR or MISSING node in document order. Walks with a cursor, so
 * pathological nesting cannot overflow the stack. */
mf_syntax_error mf_first_syntax_error(const TSTree *tree);

/* Finds the lines that continue an open bracket but are indented less than
 * the line that opened it. Python accepts them; tree-sitter-python can report
 * them as errors (its issue #256). Writes TEXT with those lines indented up
 * to their opener to PADDED, and returns the offset of the first one, or
 * SIZE_MAX when there is none. */
size_t mf_pad_dedented_bracket_lines(mf_slice text, mf_buf *padded);

/* Moves CURSOR to the next node in document (pre-)order, entering the current
 * node's children only when DESCEND. Returns false past the last node. A
 * cursor walk needs no recursion, so deep nesting cannot overflow the stack. */
bool mf_cursor_next(TSTreeCursor *cursor, bool descend);

/* Source text of NODE (empty for a null node). */
mf_slice mf_node_text(TSNode node, mf_slice text);
bool mf_node_is(TSNode node, const char *type);
/* Comments and `\` line continuations: extras, which can stand anywhere. */
bool mf_node_is_extra(TSNode node);
/* The innermost function definition around NODE (itself included), or the
 * module: the scope its names live in. */
TSNode mf_node_scope(TSNode node);
/* Named child that is not a comment or `\` continuation, by index among such
 * children. */
TSNode mf_node_code_child(TSNode node, uint32_t index);
uint32_t mf_node_code_child_count(TSNode node);

/* Iterates over a node's code children (as above) in order. A cursor moves
 * to the next child in constant time, where ts_node_named_child(node, i)
 * walks from the first child each time. Close to free the cursor. */
typedef struct {
    TSTreeCursor cursor;
    bool more;
} mf_children;

void mf_children_open(mf_children *it, TSNode node);
bool mf_children_next(mf_children *it, TSNode *child);
void mf_children_close(mf_children *it);
/* NODE's child in FIELD; a null node when there is none or NODE is null. */
TSNode mf_node_field(TSNode node, const char *field);

/* The value of a plain Python string literal (no escape, interpolation or
 * prefix but u), from ARENA, or NULL. Names are plain words: a literal that
 * needs decoding is not one migfix reads. */
const char *mf_plain_string(mf_arena *arena, TSNode node, mf_slice text);

#endif
