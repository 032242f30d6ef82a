/* The benchmark's baseline: parse every file named on stdin (one path a line)
 * with tree-sitter's Python grammar and nothing else, on one thread. What
 * migfix does per file is measured against this. Not part of migfix. */
#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    TSParser *parser = mf_parser_new();
    char path[4096];
    size_t files = 0, bytes = 0, errors = 0;
    mf_buf text = {0};
    while (fgets(path, sizeof path, stdin)) {
        path[strcspn(path, "\n")] = '\0';
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        text.len = 0;
        char chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
            mf_buf_put(&text, chunk, n);
        fclose(f);
        TSTree *tree = mf_parse(parser, mf_slice_of(text.data ? text.data : "", text.len));
        errors += ts_node_has_error(ts_tree_root_node(tree));
        ts_tree_delete(tree);
        files++;
        bytes += text.len;
    }
    printf("%zu files, %zu bytes, %zu with errors\n", files, bytes, errors);
    mf_buf_free(&text);
    ts_parser_delete(parser);
    return 0;
}
