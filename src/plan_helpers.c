/* The helper block: the functions migfix's guards call, added once per file
 * after its imports (or, with --helpers module:NAME, imported), and kept in
 * step with the guards the file has. */
#include "planner.h"

#include "parse.h"
#include "source.h"

#include <stdio.h>
#include <string.h>

/* The indentation unit of the file's first function body; four spaces if the
 * file has none. Used for module-level statements and for the helpers. */
mf_slice planner_module_unit(planner *p) {
    uint32_t n = ts_node_named_child_count(p->root);
    for (uint32_t i = 0; i < n; i++) {
        TSNode def = ts_node_named_child(p->root, i);
        if (mf_node_is(def, "decorated_definition"))
            def = mf_node_field(def, "definition");
        if (!mf_node_is(def, "function_definition") && !mf_node_is(def, "class_definition"))
            continue;
        TSNode first = mf_node_code_child(mf_node_field(def, "body"), 0);
        if (ts_node_is_null(first))
            continue;
        size_t start = ts_node_start_byte(first);
        mf_slice indent = planner_line_indent(p->text, start);
        mf_slice outer = planner_line_indent(p->text, ts_node_start_byte(def));
        if (indent.data + indent.len == p->text.data + start && indent.len > outer.len)
            return mf_slice_of(indent.data + outer.len, indent.len - outer.len);
    }
    return mf_slice_cstr("    ");
}

/* Offset of the line at or after FROM that starts with MARKER, outside string
 * literals (when ROOT is not null), or SIZE_MAX. */
static size_t find_marker(mf_slice text, TSNode root, const char *marker, size_t from) {
    size_t n = strlen(marker);
    for (size_t line = from; line < text.len; line = mf_next_line(text, line)) {
        if (text.len - line >= n && memcmp(text.data + line, marker, n) == 0 &&
            (ts_node_is_null(root) || !mf_inside_string(root, (uint32_t)line)))
            return line;
    }
    return SIZE_MAX;
}

bool mf_find_helper_block(mf_slice text, TSNode root, size_t *begin, size_t *end) {
    *begin = find_marker(text, root, MF_HELPERS_BEGIN, 0);
    *end = *begin == SIZE_MAX ? SIZE_MAX : find_marker(text, root, MF_HELPERS_END, *begin);
    return *end != SIZE_MAX;
}

static void put_converted(planner *p, mf_buf *out, const char *text, const char *eol) {
    mf_template_reindent(text, p->module_unit, eol, out);
}

/* --helpers module:NAME: the block imports the checks instead of defining
 * them, on one line when it fits, else one name per line. */
static void render_import(planner *p, const bool *want, const char *eol, mf_buf *out) {
    const char *module = p->config->settings.helpers_module;
    mf_buf line = {0};
    mf_buf_printf(&line, "from %s import ", module);
    size_t names = 0;
    for (int c = 0; c < MF_CHECK_COUNT; c++)
        if (want[c])
            mf_buf_printf(&line, "%s_migfix_%s", names++ ? ", " : "", mf_check_name((mf_check)c));
    if (line.len <= 99) {
        mf_buf_put(out, line.data, line.len);
    } else {
        mf_buf_printf(out, "from %s import (%s", module, eol);
        for (int c = 0; c < MF_CHECK_COUNT; c++) {
            if (!want[c])
                continue;
            mf_buf_put(out, p->module_unit.data, p->module_unit.len);
            mf_buf_printf(out, "_migfix_%s,%s", mf_check_name((mf_check)c), eol);
        }
        mf_buf_puts(out, ")");
    }
    mf_buf_free(&line);
}

static void render_block(planner *p, const bool *want, const char *eol, mf_buf *out) {
    mf_buf_puts(out, MF_HELPERS_BEGIN);
    mf_buf_puts(out, eol);
    if (p->config->settings.helpers_module) {
        render_import(p, want, eol, out);
        mf_buf_puts(out, eol);
        mf_buf_puts(out, MF_HELPERS_END);
        return;
    }
    mf_buf loader = {0};
    if (p->config->shared_helpers &&
        mf_shared_loader(mf_slice_cstr(p->config->shared_helpers), &loader)) {
        put_converted(p, out, loader.data, eol);
        mf_buf_free(&loader);
        mf_buf_puts(out, eol);
        mf_buf_puts(out, MF_HELPERS_END);
        return;
    }
    mf_buf_free(&loader);
    put_converted(p, out, mf_templates_prelude(p->config->templates), eol);
    for (int c = 0; c < MF_CHECK_COUNT; c++) {
        if (!want[c])
            continue;
        for (int i = 0; i < 3; i++)
            mf_buf_puts(out, eol);
        put_converted(p, out, mf_templates_helper(p->config->templates, (mf_check)c), eol);
    }
    mf_buf_puts(out, eol);
    mf_buf_puts(out, MF_HELPERS_END);
}

/* Where a new helper block goes: after the imports at the top of the module,
 * else after the docstring or leading comments, else at the very start. */
static size_t helper_position(planner *p) {
    size_t position = 0;
    uint32_t n = ts_node_named_child_count(p->root);
    for (uint32_t i = 0; i < n; i++) {
        TSNode child = ts_node_named_child(p->root, i);
        const char *type = ts_node_type(child);
        if (strcmp(type, "function_definition") == 0 || strcmp(type, "class_definition") == 0 ||
            strcmp(type, "decorated_definition") == 0)
            break;
        bool leading = position == ts_node_start_byte(child) || i == 0;
        bool docstring = i == 0 && mf_node_is(child, "expression_statement") &&
                         mf_node_is(ts_node_named_child(child, 0), "string");
        if (strstr(type, "import") || docstring || (leading && mf_node_is(child, "comment")))
            position = mf_next_line(p->text, ts_node_end_byte(child));
    }
    return position;
}

/* BLOCK defines or imports the helper for check NAME (as a whole word). */
static bool defines(mf_slice block, const char *name) {
    char word[64];
    snprintf(word, sizeof word, "_migfix_%s", name);
    size_t n = strlen(word);
    for (long at; (at = mf_slice_find(block, word)) >= 0;) {
        size_t after = (size_t)at + n;
        char c = after < block.len ? block.data[after] : ' ';
        if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9')))
            return true;
        block.data += after;
        block.len -= after;
    }
    return false;
}

void planner_helpers(planner *p) {
    bool any = false;
    for (int c = 0; c < MF_CHECK_COUNT; c++)
        any = any || p->needed[c];
    if (!any)
        return;
    size_t begin, end;
    mf_find_helper_block(p->text, p->root, &begin, &end);
    bool want[MF_CHECK_COUNT];
    memcpy(want, p->needed, sizeof want);
    /* Both entity checks share the lookup defined with entity_missing. */
    want[MF_CHECK_ENTITY_MISSING] |= want[MF_CHECK_ENTITY_PRESENT];
    mf_buf block = {0};
    mf_edit edit;
    if (end != SIZE_MAX) {
        /* Keep every helper the block already has (a guard this run does not
         * recognise may still call it), add the missing ones, and bring the
         * rest up to date with the templates: a block written by an earlier
         * version lacks what the current guards pass and log. */
        mf_slice existing = mf_slice_of(p->text.data + begin, end - begin);
        /* A block that loads or imports the checks names none of them: the
         * calls in the file say which ones it has. */
        if (mf_slice_find(existing, "def _migfix_inspector(") < 0)
            existing = p->text;
        for (int c = 0; c < MF_CHECK_COUNT; c++)
            want[c] = want[c] || defines(existing, mf_check_name((mf_check)c));
        render_block(p, want, planner_eol_of_line(p, begin), &block);
        size_t stop = mf_line_content_end(p->text, end);
        if (block.len == stop - begin && memcmp(block.data, p->text.data + begin, block.len) == 0) {
            mf_buf_free(&block);
            return;
        }
        edit = (mf_edit){(uint32_t)begin, (uint32_t)stop, NULL, 0};
    } else {
        size_t at = helper_position(p);
        const char *eol = mf_source_eol_guess(p->text);
        if (at == 0) {
            render_block(p, want, eol, &block);
            for (int i = 0; i < 3; i++)
                mf_buf_puts(&block, eol);
        } else {
            bool ends_line = p->text.data[at - 1] == '\n';
            mf_buf_puts(&block, ends_line ? "" : eol);
            mf_buf_puts(&block, eol);
            mf_buf_puts(&block, eol);
            render_block(p, want, eol, &block);
            if (ends_line)
                mf_buf_puts(&block, eol);
        }
        edit = (mf_edit){(uint32_t)at, (uint32_t)at, NULL, 0};
    }
    edit.text = mf_arena_strndup(p->arena, block.data, block.len);
    edit.len = block.len;
    mf_buf_free(&block);
    planner_insert_edit(p, edit); /* at an equal offset the helper block comes first */
}
