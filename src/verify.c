/* The verifier (see verify.h). Black checks its own output the same way: an
 * independent look at the result rather than trust in the transformation. */
#include "verify.h"

#include "parse.h"
#include "sql.h"

#include <ctype.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

typedef struct {
    size_t start, end;
    size_t reach; /* the furthest end of this region and those sorted before it */
} region;

typedef MF_VEC(region) regions;

static bool is_blank_line(mf_slice text, size_t line) {
    size_t end = mf_line_content_end(text, line);
    for (size_t i = line; i < end; i++)
        if (text.data[i] != ' ' && text.data[i] != '\t')
            return false;
    return true;
}

/* The helper block whose marker lines start at BEGIN and END, with the blank
 * lines migfix writes with it: two before it, or two after it when it opens
 * the file. */
static region helper_region(mf_slice text, size_t begin, size_t end) {
    region r = {.start = begin, .end = mf_next_line(text, end)};
    for (int i = 0; i < 2 && r.start > 0; i++) {
        size_t previous = mf_line_start(text, r.start - 1);
        if (!is_blank_line(text, previous))
            break;
        r.start = previous;
    }
    for (int i = 0; i < 2 && begin == 0 && r.end < text.len; i++) {
        if (!is_blank_line(text, r.end))
            break;
        r.end = mf_next_line(text, r.end);
    }
    return r;
}

/* Python's simple statements: no block can stand inside one, so the
 * indentation walk need not enter them (where most of a tree's nodes are).
 * A type missing here is only entered in vain. */
static bool holds_no_block(TSNode node) {
    static const char *const simple[] = {"expression_statement",
                                         "return_statement",
                                         "import_statement",
                                         "import_from_statement",
                                         "future_import_statement",
                                         "assert_statement",
                                         "print_statement",
                                         "delete_statement",
                                         "raise_statement",
                                         "pass_statement",
                                         "break_statement",
                                         "continue_statement",
                                         "global_statement",
                                         "nonlocal_statement",
                                         "exec_statement",
                                         "type_alias_statement",
                                         "comment"};
    const char *type = ts_node_type(node);
    for (size_t i = 0; i < sizeof simple / sizeof *simple; i++)
        if (type[0] == simple[i][0] && strcmp(type, simple[i]) == 0)
            return true;
    return false;
}

static int region_order(const void *a, const void *b) {
    const region *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->end > y->end) - (x->end < y->end);
}

/* Sorts RS by start, then end, and sets each one's reach: every question
 * below is then a binary search (a file has a region per guard, and each
 * byte and token asks). */
static void index_regions(regions *rs) {
    if (rs->len)
        qsort(rs->items, rs->len, sizeof *rs->items, region_order);
    size_t reach = 0;
    for (size_t i = 0; i < rs->len; i++) {
        if (rs->items[i].end > reach)
            reach = rs->items[i].end;
        rs->items[i].reach = reach;
    }
}

/* The last region that starts at or before OFFSET, or SIZE_MAX. */
static size_t last_from(const regions *rs, size_t offset) {
    size_t lo = 0, hi = rs->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rs->items[mid].start <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : SIZE_MAX;
}

static bool in_regions(const regions *rs, size_t offset) {
    size_t k = last_from(rs, offset);
    return k != SIZE_MAX && rs->items[k].reach > offset;
}

/* migfix's own lines in TEXT: the helper block, and each guard header line
 * (an `if` whose condition calls a _migfix_ helper, alone on its line). */
static void migfix_regions(mf_slice text, const TSTree *tree, regions *out) {
    /* Text with none of migfix's marks has no region: most inputs. */
    static const char *const marks[] = {"_migfix_", MF_HELPERS_BEGIN, "if_not_exists", "if_exists",
                                        "checkfirst"};
    bool marked = false, native = false;
    for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++)
        if (mf_slice_find(text, marks[m]) >= 0)
            marked = true, native |= m >= 2;
    if (!marked)
        return;
    TSNode root = ts_tree_root_node(tree);
    size_t begin, end;
    if (mf_find_helper_block(text, root, &begin, &end))
        MF_VEC_PUSH(out, helper_region(text, begin, end));
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    for (;;) {
        TSNode node = ts_tree_cursor_current_node(&cursor);
        if (mf_node_is(node, "if_statement") &&
            ts_node_is_null(mf_node_field(node, "alternative"))) {
            mf_slice cond = mf_node_text(mf_node_field(node, "condition"), text);
            TSNode body = mf_node_field(node, "consequence");
            size_t line = mf_line_start(text, ts_node_start_byte(node));
            bool own_line = mf_line_start(text, ts_node_start_byte(body)) != line;
            if (own_line && mf_slice_find(cond, "_migfix_") >= 0) {
                region r = {.start = line, .end = mf_next_line(text, line)};
                /* The revision guard's body is migfix's too: one `return`. */
                TSNode only = mf_node_code_child(body, 0);
                if (mf_slice_starts_with(cond, "_migfix_revision_applied(") &&
                    mf_node_code_child_count(body) == 1 && mf_node_is(only, "return_statement") &&
                    ts_node_named_child_count(only) == 0)
                    r.end = mf_next_line(text, ts_node_start_byte(only));
                MF_VEC_PUSH(out, r);
            }
        }
        /* `, if_not_exists=True` / `, if_exists=True`: what --style native adds. */
        if (mf_node_is(node, "keyword_argument") &&
            mf_node_is(mf_node_field(node, "value"), "true") &&
            (mf_slice_eq_cstr(mf_node_text(mf_node_field(node, "name"), text), "if_not_exists") ||
             mf_slice_eq_cstr(mf_node_text(mf_node_field(node, "name"), text), "if_exists") ||
             mf_slice_eq_cstr(mf_node_text(mf_node_field(node, "name"), text), "checkfirst"))) {
            TSNode previous = ts_node_prev_named_sibling(node);
            while (mf_node_is_extra(previous))
                previous = ts_node_prev_named_sibling(previous);
            region r = {.start = ts_node_is_null(previous) ? ts_node_start_byte(node)
                                                           : ts_node_end_byte(previous),
                        .end = ts_node_end_byte(node)};
            MF_VEC_PUSH(out, r);
        }
        /* A guard is a statement: without native flags to look for, the
         * walk need not enter simple statements. */
        if (!mf_cursor_next(&cursor, native || !holds_no_block(node)))
            break;
    }
    ts_tree_cursor_delete(&cursor);
    index_regions(out);
}

/* Advances CURSOR to the next token (leaf with text) outside REGIONS. */
static bool next_token(TSTreeCursor *cursor, const regions *rs, bool *started, TSNode *token) {
    for (;;) {
        if (*started && !mf_cursor_next(cursor, true))
            return false;
        *started = true;
        TSNode node = ts_tree_cursor_current_node(cursor);
        if (ts_node_child_count(node) > 0 || ts_node_start_byte(node) == ts_node_end_byte(node))
            continue;
        if (in_regions(rs, ts_node_start_byte(node)))
            continue;
        *token = node;
        return true;
    }
}

/* The length of an SQL phrase migfix inserts into op.execute strings that
 * OUT has at B and IN does not have at A (" IF NOT EXISTS", or "IF NOT EXISTS "
 * with the blank after, in any case), or 0. That is the one change migfix
 * makes inside string literals. */
static size_t inserted_phrase(mf_slice in, size_t a, mf_slice out, size_t b) {
    if (b >= out.len)
        return 0;
    char first = (char)tolower((unsigned char)out.data[b]);
    for (const char *const *phrase = mf_sql_phrases; *phrase; phrase++) {
        size_t n = strlen(*phrase);
        /* Called at every byte: rule most out by their first. */
        if (b + n > out.len || (first != ' ' && first != tolower((unsigned char)(*phrase)[1])))
            continue;
        bool before = strncasecmp(out.data + b, *phrase, n) == 0;
        bool after =
            strncasecmp(out.data + b, *phrase + 1, n - 1) == 0 && out.data[b + n - 1] == ' ';
        bool in_input = a + n <= in.len && strncasecmp(in.data + a, out.data + b, n) == 0;
        if ((before || after) && !in_input)
            return n;
    }
    return 0;
}

/* A string's contents: the same once inserted SQL phrases are skipped. */
static bool same_sql(mf_slice in, mf_slice out) {
    size_t a = 0, b = 0;
    while (a < in.len || b < out.len) {
        size_t skip = inserted_phrase(in, a, out, b);
        if (skip) {
            b += skip;
        } else if (a < in.len && b < out.len && in.data[a] == out.data[b]) {
            a++;
            b++;
        } else {
            return false;
        }
    }
    return true;
}

static int fail(mf_problem *problem, mf_slice text, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(mf_problem *problem, mf_slice text, size_t offset, const char *fmt, ...) {
    mf_position(text, offset, &problem->line, &problem->column);
    mf_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    mf_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    mf_buf_puts(&msg, " (the file was left unchanged; this is a migfix bug, please report it)");
    problem->message = mf_buf_detach(&msg);
    return -1;
}

static int check_preserved(mf_slice input, const TSTree *input_tree, const regions *in_rs,
                           mf_slice output, const TSTree *output_tree, const regions *out_rs,
                           mf_problem *problem) {
    TSTreeCursor a = ts_tree_cursor_new(ts_tree_root_node(input_tree));
    TSTreeCursor b = ts_tree_cursor_new(ts_tree_root_node(output_tree));
    bool a_started = false, b_started = false;
    int result = 0;
    for (;;) {
        TSNode ta, tb;
        bool more_a = next_token(&a, in_rs, &a_started, &ta);
        bool more_b = next_token(&b, out_rs, &b_started, &tb);
        if (!more_a && !more_b)
            break;
        if (!more_a || !more_b) {
            size_t at = more_b ? ts_node_start_byte(tb) : output.len;
            result = fail(problem, output, at, "verify: preserve: the output %s",
                          more_b ? "has code the input does not" : "lost code from the input");
            break;
        }
        mf_slice sa = mf_node_text(ta, input), sb = mf_node_text(tb, output);
        bool sql = mf_node_is(ta, "string_content") && same_sql(sa, sb);
        if (ts_node_symbol(ta) != ts_node_symbol(tb) || (!mf_slice_eq(sa, sb) && !sql)) {
            uint32_t line, column;
            mf_position(input, ts_node_start_byte(ta), &line, &column);
            result = fail(problem, output, ts_node_start_byte(tb),
                          "verify: preserve: `%.*s` differs from the input's `%.*s` (input "
                          "line %u)",
                          (int)(sb.len > 40 ? 40 : sb.len), sb.data,
                          (int)(sa.len > 40 ? 40 : sa.len), sa.data, line);
            break;
        }
    }
    ts_tree_cursor_delete(&a);
    ts_tree_cursor_delete(&b);
    return result;
}

/* Skips the regions that start at OFFSET (whole lines, or the native flag
 * text inside one). */
static size_t skip_regions(const regions *rs, size_t offset) {
    for (;;) {
        /* Of the regions that start here, the last sorted ends furthest. */
        size_t k = last_from(rs, offset);
        if (k == SIZE_MAX || rs->items[k].start != offset || rs->items[k].end <= offset)
            return offset;
        offset = rs->items[k].end;
    }
}

static size_t skip_blanks(mf_slice text, size_t i) {
    while (i < text.len && (text.data[i] == ' ' || text.data[i] == '\t'))
        i++;
    return i;
}

static bool mixed_endings(mf_slice text) {
    bool crlf = false, lf = false;
    for (size_t i = 0; i < text.len; i++)
        if (text.data[i] == '\n')
            *(i > 0 && text.data[i - 1] == '\r' ? &crlf : &lf) = true;
    return crlf && lf;
}

/* Walks input and output together, outside migfix's own lines. They must be
 * the same bytes except for two things migfix does: indentation put in front
 * of a line's own indentation, and a line break (plus indentation) where a
 * statement after `:` or `;` is moved to a line of its own. */
static int check_fidelity(mf_slice input, const regions *in_rs, mf_slice output,
                          const regions *out_rs, mf_problem *problem) {
    bool in_final = input.len && input.data[input.len - 1] == '\n';
    bool out_final = output.len && output.data[output.len - 1] == '\n';
    if (in_final != out_final)
        return fail(problem, output, output.len, "verify: fidelity: the final newline %s",
                    in_final ? "was lost" : "was added");
    size_t a = 0, b = 0, indented = SIZE_MAX; /* the line start whose indentation was checked */
    char last = '\n';                         /* the last non-blank input byte compared */
    for (;;) {
        a = skip_regions(in_rs, a);
        b = skip_regions(out_rs, b);
        bool a_line = a == 0 || input.data[a - 1] == '\n';
        bool b_line = b == 0 || output.data[b - 1] == '\n';
        if (a >= input.len || b >= output.len) {
            if (a < input.len || b < output.len)
                return fail(problem, output, b, "verify: fidelity: the output has %s",
                            b < output.len ? "extra text at the end" : "lost the input's end");
            break;
        }
        if (a_line && b_line && indented != a) {
            size_t wa = skip_blanks(input, a) - a, wb = skip_blanks(output, b) - b;
            if (wb < wa || memcmp(output.data + b + wb - wa, input.data + a, wa) != 0)
                return fail(problem, output, b,
                            "verify: fidelity: this line's indentation is not the input's with "
                            "indentation added in front");
            a += wa;
            b += wb;
            indented = a;
            continue;
        }
        char cb = output.data[b];
        if ((cb == '\r' || cb == '\n') && input.data[a] != '\r' && input.data[a] != '\n' &&
            (last == ':' || last == ';')) {
            /* A split: the input's blanks became a line break, migfix's
             * lines and the new line's indentation. */
            a = skip_blanks(input, a);
            b = mf_next_line(output, b);
            b = skip_blanks(output, skip_regions(out_rs, b));
            continue;
        }
        size_t phrase = inserted_phrase(input, a, output, b);
        if (phrase) {
            b += phrase;
            continue;
        }
        if (input.data[a] != cb)
            return fail(problem, output, b,
                        "verify: fidelity: this line differs from the input's by more than "
                        "indentation");
        if (cb != ' ' && cb != '\t')
            last = cb;
        a++;
        b++;
    }
    if (!mixed_endings(input) && mixed_endings(output))
        return fail(problem, output, 0, "verify: fidelity: the output mixes line endings");
    return 0;
}

static int check_fixpoint(const mf_config *config, mf_slice output, TSTree *tree,
                          mf_problem *problem) {
    mf_arena arena = {0};
    mf_transform again = {0};
    mf_problem inner = {0};
    int result = 0;
    if (mf_transform_tree(config, &arena, output, tree, &again, &inner) < 0) {
        result =
            fail(problem, output, 0, "verify: fixpoint: a second run fails: %s", inner.message);
        mf_problem_free(&inner);
    } else if (again.plan.edits.len) {
        result = fail(problem, output, again.plan.edits.items[0].start,
                      "verify: fixpoint: a second run would change this line again");
    }
    mf_transform_free(&again);
    mf_arena_free(&arena);
    return result;
}

/* BLOCK, whose header starts at HEADER_START, against Python's rules (see
 * bad_indentation). */
static size_t bad_block(mf_slice text, TSNode block, size_t header_start) {
    size_t header = mf_line_start(text, header_start);
    size_t header_indent = 0, indent = SIZE_MAX, bad = header_start; /* if empty */
    while (strchr(" \t", text.data[header + header_indent]))
        header_indent++;
    mf_children it;
    mf_children_open(&it, block);
    for (TSNode statement; mf_children_next(&it, &statement);) {
        bad = SIZE_MAX;
        size_t start = ts_node_start_byte(statement);
        size_t line = mf_line_start(text, start);
        if (line == header)
            break; /* a one-line body */
        bool first_on_line = true;
        for (size_t k = line; k < start; k++)
            first_on_line = first_on_line && (text.data[k] == ' ' || text.data[k] == '\t');
        if (!first_on_line)
            continue; /* after a `;` */
        size_t here = start - line;
        if (indent == SIZE_MAX)
            indent = here;
        if (here != indent || here <= header_indent) {
            bad = start;
            break;
        }
    }
    mf_children_close(&it);
    return bad;
}

/* tree-sitter accepts some bad dedents (REFERENCE.md section 6), so the
 * reparse check also asks what Python's tokenizer would: every block that
 * starts on its own line is indented deeper than its header, and all its
 * statements start at that same indentation; no block is empty. Comments may
 * stand at any indentation, as in Python. Returns the offending offset or
 * SIZE_MAX. */
static size_t bad_indentation(mf_slice text, const TSTree *tree) {
    TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
    MF_VEC(uint32_t) starts = {0}; /* the start of the current node's ancestors, by depth */
    size_t bad = SIZE_MAX;
    while (bad == SIZE_MAX) {
        TSNode node = ts_tree_cursor_current_node(&cursor);
        uint32_t depth = ts_tree_cursor_current_depth(&cursor);
        starts.len = depth;
        MF_VEC_PUSH(&starts, ts_node_start_byte(node));
        if (depth > 0 && mf_node_is(node, "block"))
            bad = bad_block(text, node, starts.items[depth - 1]);
        if (!mf_cursor_next(&cursor, !holds_no_block(node)))
            break;
    }
    MF_VEC_FREE(&starts);
    ts_tree_cursor_delete(&cursor);
    return bad;
}

/* The preserve and fidelity checks of OUTPUT (parsed as TREE) against INPUT,
 * each outside migfix's own lines. */
static int check_against_input(mf_slice input, const TSTree *input_tree, mf_slice output,
                               const TSTree *tree, mf_problem *problem) {
    regions in_rs = {0}, out_rs = {0};
    migfix_regions(input, input_tree, &in_rs);
    migfix_regions(output, tree, &out_rs);
    int result = check_preserved(input, input_tree, &in_rs, output, tree, &out_rs, problem);
    if (result == 0)
        result = check_fidelity(input, &in_rs, output, &out_rs, problem);
    MF_VEC_FREE(&in_rs);
    MF_VEC_FREE(&out_rs);
    return result;
}

int mf_verify_whole(const mf_config *config, TSParser *parser, mf_slice input,
                    const TSTree *input_tree, mf_slice output, mf_problem *problem) {
    TSTree *tree = mf_parse(parser, output);
    mf_syntax_error syntax = mf_first_syntax_error(tree);
    if (syntax.found) {
        ts_tree_delete(tree);
        return fail(problem, output, syntax.offset,
                    "verify: reparse: the output would not parse%s%s",
                    syntax.missing ? ": missing " : "", syntax.missing ? syntax.expected : "");
    }
    size_t dedent = bad_indentation(output, tree);
    if (dedent != SIZE_MAX) {
        ts_tree_delete(tree);
        return fail(problem, output, dedent,
                    "verify: reparse: this statement is not indented like its block");
    }
    int result = check_against_input(input, input_tree, output, tree, problem);
    if (result == 0)
        result = check_fixpoint(config, output, tree, problem);
    ts_tree_delete(tree);
    return result;
}

/* The helper blocks a run has checked on their own (see verify.h). */
typedef struct {
    char *text; /* owned */
    size_t len;
    bool used; /* this run checked it or found it here */
} checked_block;

struct mf_checked_blocks {
    pthread_mutex_t lock;
    MF_VEC(checked_block) blocks;
    size_t bytes;
    bool added; /* a block checked by this run (not one adopted) */
};

/* Enough for every mix of checks a real project uses; beyond it a block is
 * simply checked again each time. */
enum { CHECKED_BYTES_MAX = 4 << 20 };

mf_checked_blocks *mf_checked_blocks_new(void) {
    mf_checked_blocks *checked = mf_xcalloc(1, sizeof *checked);
    pthread_mutex_init(&checked->lock, NULL);
    return checked;
}

void mf_checked_blocks_free(mf_checked_blocks *checked) {
    if (!checked)
        return;
    for (size_t i = 0; i < checked->blocks.len; i++)
        free(checked->blocks.items[i].text);
    MF_VEC_FREE(&checked->blocks);
    pthread_mutex_destroy(&checked->lock);
    free(checked);
}

/* By length, then bytes: a run knows a few blocks, mostly of other lengths. */
/* USE: the run uses the block (a block read from the cache is not used). */
static bool was_checked(mf_checked_blocks *checked, mf_slice block, bool use) {
    bool found = false;
    pthread_mutex_lock(&checked->lock);
    for (size_t i = 0; i < checked->blocks.len && !found; i++) {
        checked_block *b = &checked->blocks.items[i];
        found = b->len == block.len && memcmp(b->text, block.data, b->len) == 0;
        b->used |= found && use;
    }
    pthread_mutex_unlock(&checked->lock);
    return found;
}

static void remember(mf_checked_blocks *checked, mf_slice block, bool here) {
    pthread_mutex_lock(&checked->lock);
    if (checked->bytes + block.len <= CHECKED_BYTES_MAX) {
        checked_block b = {mf_xmalloc(block.len ? block.len : 1), block.len, here};
        memcpy(b.text, block.data, block.len);
        MF_VEC_PUSH(&checked->blocks, b);
        checked->bytes += block.len;
        checked->added |= here;
    }
    pthread_mutex_unlock(&checked->lock);
}

void mf_checked_blocks_adopt(mf_checked_blocks *checked, mf_slice block) {
    if (!was_checked(checked, block, false))
        remember(checked, block, false);
}

bool mf_checked_blocks_added(const mf_checked_blocks *checked) {
    return checked->added;
}

size_t mf_checked_blocks_count(const mf_checked_blocks *checked) {
    return checked->blocks.len;
}

bool mf_checked_blocks_used(const mf_checked_blocks *checked, size_t i) {
    return checked->blocks.items[i].used;
}

mf_slice mf_checked_blocks_at(const mf_checked_blocks *checked, size_t i) {
    return mf_slice_of(checked->blocks.items[i].text, checked->blocks.items[i].len);
}

/* STATEMENT, a top-level statement of a helper block, binds no name but
 * migfix's own (`def _migfix_...`, `from MODULE import _migfix_...`): code
 * outside the block cannot be read differently for it being there. */
static bool binds_only_migfix_names(TSNode statement, mf_slice block) {
    if (mf_node_is(statement, "comment"))
        return true;
    if (mf_node_is(statement, "function_definition"))
        return mf_slice_starts_with(mf_node_text(mf_node_field(statement, "name"), block),
                                    "_migfix_");
    TSNode module = mf_node_field(statement, "module_name");
    if (!mf_node_is(statement, "import_from_statement") ||
        mf_slice_eq_cstr(mf_node_text(module, block), "alembic"))
        return false;
    bool only = true, any = false;
    mf_children it;
    mf_children_open(&it, statement);
    for (TSNode name; only && mf_children_next(&it, &name);) {
        if (ts_node_eq(name, module))
            continue;
        any = true;
        only = mf_node_is(name, "dotted_name") &&
               mf_slice_starts_with(mf_node_text(name, block), "_migfix_");
    }
    mf_children_close(&it);
    return only && any;
}

/* No comment in TREE says `migfix:` (a directive such as ignore-file). */
static bool no_directive(mf_slice block, const TSTree *tree) {
    for (size_t from = 0; from < block.len;) {
        long found = mf_slice_find(mf_slice_of(block.data + from, block.len - from), "migfix:");
        if (found < 0)
            break;
        uint32_t at = (uint32_t)(from + (size_t)found);
        if (mf_node_is(ts_node_descendant_for_byte_range(ts_tree_root_node(tree), at, at),
                       "comment"))
            return false;
        from = at + 1;
    }
    return true;
}

/* BLOCK is, byte for byte, the helper block that loads the shared helper
 * module (mf_shared_loader) from the path its last statement names, in the
 * indentation unit and line ending it has: its `globals().update(...)` binds
 * migfix's names alone only because `_migfix_shared` is migfix's own. */
static bool is_shared_loader(mf_slice block) {
    static const char call[] = "globals().update(_migfix_shared(\"";
    long at = mf_slice_find(block, call);
    size_t first_end = mf_next_line(block, 0);
    if (at < 0 || first_end >= block.len)
        return false;
    size_t from = (size_t)at + sizeof call - 1, to = from;
    while (to < block.len && block.data[to] != '"' && block.data[to] != '\n')
        to++;
    mf_buf loader = {0}, want = {0};
    bool same = false;
    if (to < block.len && mf_shared_loader(mf_slice_of(block.data + from, to - from), &loader)) {
        /* The unit: the indentation of the def's first body line. */
        size_t body = mf_next_line(block, first_end), unit = body;
        while (unit < block.len && (block.data[unit] == ' ' || block.data[unit] == '\t'))
            unit++;
        const char *eol = first_end >= 2 && block.data[first_end - 2] == '\r' ? "\r\n" : "\n";
        mf_buf_puts(&want, MF_HELPERS_BEGIN);
        mf_buf_puts(&want, eol);
        mf_template_reindent(loader.data, mf_slice_of(block.data + body, unit - body), eol, &want);
        mf_buf_puts(&want, eol);
        mf_buf_puts(&want, MF_HELPERS_END);
        mf_buf_puts(&want, eol);
        same = want.len == block.len && memcmp(want.data, block.data, want.len) == 0;
    }
    mf_buf_free(&loader);
    mf_buf_free(&want);
    return same;
}

/* BLOCK (the marker lines and what they enclose, each line ended) is a
 * sequence of whole top-level statements that can stand anywhere a top-level
 * statement can: it parses on its own with no error, every block in it is
 * indented as Python requires, each of its statements starts a line at
 * column 0, and it holds no Alembic operation (so it adds nothing to report
 * or guard). It also binds no name but migfix's own and holds no migfix
 * directive: so the rest of a file reads the same with it or without it,
 * and a file can be planned around it (mf_verify_block_transparent). */
static bool block_stands_alone(TSParser *parser, mf_slice block) {
    if (block.len == 0 || block.data[block.len - 1] != '\n')
        return false;
    TSTree *tree = mf_parse(parser, block);
    TSNode root = ts_tree_root_node(tree);
    bool sound = !ts_node_has_error(root) && bad_indentation(block, tree) == SIZE_MAX &&
                 no_directive(block, tree);
    if (is_shared_loader(block)) {
        ts_tree_delete(tree);
        return sound;
    }
    uint32_t n = ts_node_child_count(root);
    for (uint32_t i = 0; i < n && sound; i++) {
        TSNode statement = ts_node_child(root, i);
        size_t start = ts_node_start_byte(statement);
        sound = (start == 0 || block.data[start - 1] == '\n') &&
                binds_only_migfix_names(statement, block);
    }
    if (sound) {
        mf_found found = {0};
        mf_find_operations(tree, block, &found);
        sound = found.ops.len == 0 && found.nreceivers == 1;
        mf_found_free(&found);
    }
    ts_tree_delete(tree);
    return sound;
}

bool mf_verify_shared_module(TSParser *parser, mf_slice text) {
    if (!mf_slice_starts_with(text, MF_SHARED_HEADER "\n"))
        return false;
    TSTree *tree = mf_parse(parser, text);
    TSNode root = ts_tree_root_node(tree);
    bool sound = !ts_node_has_error(root) && bad_indentation(text, tree) == SIZE_MAX;
    uint32_t n = ts_node_named_child_count(root);
    for (uint32_t i = 0; i < n && sound; i++) {
        TSNode statement = ts_node_named_child(root, i);
        bool docstring = i == 1 && mf_node_is(statement, "expression_statement") &&
                         ts_node_named_child_count(statement) == 1 &&
                         mf_node_is(ts_node_named_child(statement, 0), "string");
        sound = docstring || (mf_node_is(statement, "comment") && i == 0) ||
                (mf_node_is(statement, "function_definition") &&
                 binds_only_migfix_names(statement, text));
    }
    ts_tree_delete(tree);
    return sound;
}

/* [BEGIN, END) in TEXT lies between two top-level statements in the way
 * Python's tokenizer needs to insert a standalone block there unchanged: at
 * line starts, after a line that does not continue (`\`), inside no
 * statement (nor comment, nor continuation), with the next statement, if
 * any, at column 0, so no block is open across it. TREE is TEXT parsed
 * without [BEGIN, END) (cut out, or left out of its included ranges). */
static bool at_top_level_boundary(mf_slice text, const TSTree *tree, size_t begin, size_t end) {
    if (begin > 0) {
        if (text.data[begin - 1] != '\n')
            return false;
        size_t previous = mf_line_start(text, begin - 1);
        size_t stop = mf_line_content_end(text, previous);
        if (stop > previous && text.data[stop - 1] == '\\')
            return false;
    }
    TSNode root = ts_tree_root_node(tree);
    uint32_t n = ts_node_child_count(root);
    for (uint32_t i = 0; i < n; i++) {
        TSNode child = ts_node_child(root, i);
        size_t start = ts_node_start_byte(child), stop = ts_node_end_byte(child);
        if (start < begin && stop > begin)
            return false;
        if (start >= end && !mf_node_is_extra(child))
            return mf_line_start(text, start) == start;
    }
    return true;
}

/* BLOCK has been proven to stand alone, in this run or an earlier one, or
 * is proven now. */
static bool block_proven(mf_checked_blocks *checked, TSParser *parser, mf_slice block) {
    if (was_checked(checked, block, true))
        return true;
    if (!block_stands_alone(parser, block))
        return false;
    remember(checked, block, true);
    return true;
}

bool mf_verify_block_transparent(mf_checked_blocks *checked, TSParser *parser, mf_slice text,
                                 const TSTree *around, size_t begin, size_t end) {
    return checked && !ts_node_has_error(ts_tree_root_node(around)) &&
           block_proven(checked, parser, mf_slice_of(text.data + begin, end - begin)) &&
           at_top_level_boundary(text, around, begin, end);
}

/* The check of the output in two parts (see verify.h): true when OUTPUT passes
 * every check; false when this way cannot tell. */
bool mf_verify_in_parts(const mf_config *config, TSParser *parser, mf_slice input,
                        const TSTree *input_tree, mf_slice output) {
    /* The block's marker lines, found by text alone: what follows proves that
     * they are migfix's block and not, say, text inside a string. */
    TSNode unparsed = {0};
    size_t begin, end;
    if (!config->checked_blocks || !mf_find_helper_block(output, unparsed, &begin, &end))
        return false;
    mf_slice block = mf_slice_of(output.data + begin, mf_next_line(output, end) - begin);
    if (!block_proven(config->checked_blocks, parser, block))
        return false;

    region cut = helper_region(output, begin, end);
    mf_buf rest = {0};
    mf_buf_put(&rest, output.data, cut.start);
    mf_buf_put(&rest, output.data + cut.end, output.len - cut.end);
    mf_slice body = mf_slice_of(rest.data ? rest.data : "", rest.len);
    TSTree *tree = mf_parse(parser, body);
    bool verified = !ts_node_has_error(ts_tree_root_node(tree)) &&
                    bad_indentation(body, tree) == SIZE_MAX &&
                    at_top_level_boundary(body, tree, cut.start, cut.start);
    mf_problem scratch = {0};
    verified = verified && check_against_input(input, input_tree, body, tree, &scratch) == 0;
    if (verified) {
        /* A second run on OUTPUT changes nothing exactly when a second run on
         * the rest adds back this very block and nothing else. */
        mf_arena arena = {0};
        mf_transform again = {0};
        verified = mf_transform_tree(config, &arena, body, tree, &again, &scratch) == 0 &&
                   again.output.len == output.len &&
                   memcmp(again.output.data, output.data, output.len) == 0;
        mf_transform_free(&again);
        mf_arena_free(&arena);
    }
    mf_problem_free(&scratch);
    ts_tree_delete(tree);
    mf_buf_free(&rest);
    return verified;
}

int mf_verify(const mf_config *config, TSParser *parser, mf_slice input, const TSTree *input_tree,
              mf_slice output, mf_problem *problem) {
    if (mf_verify_in_parts(config, parser, input, input_tree, output))
        return 0;
    return mf_verify_whole(config, parser, input, input_tree, output, problem);
}
