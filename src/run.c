/* Processing one file (see run.h). */
#include "run.h"

#include "diff.h"
#include "parse.h"
#include "verify.h"
#include "write.h"

#include <string.h>
#include <unistd.h>

static void set_error(mf_result *result, mf_problem *problem) {
    result->error = *problem;
    problem->message = NULL;
    result->changed = false;
}

static TSPoint point_at(mf_slice text, size_t offset) {
    TSPoint p = {0, 0};
    for (size_t i = 0; i < offset; i++) {
        if (text.data[i] == '\n') {
            p.row++;
            p.column = 0;
        } else {
            p.column++;
        }
    }
    return p;
}

/* TEXT parsed as if [BEGIN, END) were not there; positions stay the file's. */
static TSTree *parse_around(TSParser *parser, mf_slice text, size_t begin, size_t end) {
    TSRange around[2] = {
        {point_at(text, 0), point_at(text, begin), 0, (uint32_t)begin},
        {point_at(text, end), point_at(text, text.len), (uint32_t)end, (uint32_t)text.len}};
    ts_parser_set_included_ranges(parser, around, 2);
    TSTree *tree = mf_parse(parser, text);
    ts_parser_set_included_ranges(parser, NULL, 0);
    return tree;
}

TSTree *mf_parse_around_block(TSParser *parser, mf_checked_blocks *checked, mf_slice text,
                              size_t *parsed_bytes) {
    /* The block's marker lines and all between, found by text alone: what
     * makes them migfix's is proven before the tree is taken. */
    size_t begin, end;
    TSTree *tree = NULL;
    if (mf_find_helper_block(text, (TSNode){0}, &begin, &end)) {
        end = mf_next_line(text, end);
        tree = parse_around(parser, text, begin, end);
        if (!mf_verify_block_transparent(checked, parser, text, tree, begin, end)) {
            ts_tree_delete(tree); /* the markers were not what they seemed, or the block */
            tree = NULL;
        }
    }
    if (parsed_bytes)
        *parsed_bytes = tree ? text.len - (end - begin) : text.len;
    return tree ? tree : mf_parse(parser, text);
}

mf_chain_file *mf_read_chain_file(const mf_config *config, TSParser *parser, const mf_input *input,
                                  mf_facts *facts, char **read_error, mf_parsed_file **keep) {
    mf_source src;
    mf_problem problem = {0};
    *read_error = NULL;
    if (keep)
        *keep = NULL;
    if (input->error)
        return NULL;
    if (mf_source_read(&src, input->path, &problem) < 0) {
        if (problem.line == 0) /* not its text: the file could not be read */
            *read_error = problem.message, problem.message = NULL;
        mf_problem_free(&problem);
        return NULL;
    }
    mf_slice text = src.text;
    mf_chain_file *file = NULL;
    mf_slice bytes = mf_slice_of(src.bytes, src.size); /* the cache's key */
    bool known = mf_facts_get(facts, input->path, bytes, &file);
    if (known && !keep) {
        mf_source_free(&src);
        return file;
    }
    size_t parsed_bytes;
    TSTree *tree = mf_parse_around_block(parser, config->checked_blocks, text, &parsed_bytes);
    if (!known && !mf_first_syntax_error(tree).found) {
        file = mf_chain_read(input->path, text, tree, NULL, config->plan.sql);
        mf_facts_put(facts, bytes, file);
    }
    if (keep) {
        *keep = mf_xmalloc(sizeof **keep);
        (*keep)->src = src;
        (*keep)->tree = tree;
        (*keep)->parsed_bytes = parsed_bytes;
        return file;
    }
    ts_tree_delete(tree);
    mf_source_free(&src);
    return file;
}

void mf_parsed_file_free(mf_parsed_file *parsed) {
    if (!parsed)
        return;
    ts_tree_delete(parsed->tree);
    mf_source_free(&parsed->src);
    free(parsed);
}

/* A plan made on TREE, parsed around a proven helper block, that changes
 * nothing is the whole file's (see mf_verify_block_transparent): taken,
 * with its reports. Frees TREE; false when the whole file must be planned. */
static bool unchanged_around_block(const mf_config *config, TSParser *parser, const mf_source *src,
                                   TSTree *tree, mf_arena *arena, mf_op_reports *ops,
                                   const mf_revision_guard **guard) {
    mf_transform t;
    mf_problem scratch = {0};
    bool unchanged =
        mf_transform_parsed(config, parser, arena, src->text, tree, &t, &scratch) == 0 &&
        t.plan.edits.len == 0;
    if (unchanged) {
        *guard = t.plan.revision_guard;
        for (size_t i = 0; i < t.plan.ops.len; i++)
            MF_VEC_PUSH(ops, t.plan.ops.items[i]);
    }
    mf_problem_free(&scratch);
    mf_transform_free(&t);
    return unchanged;
}

/* mf_fix_source, and the revision guard the file got in *GUARD. TREE: the
 * text already parsed as mf_parse_around_block does (taken; AROUND_BLOCK:
 * around its block), or NULL: parsed here that way. A fixed file is mostly
 * its helper block, and its everyday run (CI, pre-commit) changes nothing:
 * that is decided on the tree around the block; anything else is planned
 * again on the whole file. */
static int fix_source(const mf_config *config, TSParser *parser, const mf_source *src, TSTree *tree,
                      bool around_block, mf_arena *arena, mf_op_reports *ops, mf_buf *out,
                      mf_problem *problem, const mf_revision_guard **guard) {
    mf_transform t;
    *guard = NULL;
    if (mf_slice_starts_with(src->text, MF_SHARED_HEADER "\n") ||
        mf_slice_starts_with(src->text, MF_SHARED_HEADER "\r\n")) {
        ts_tree_delete(tree); /* the shared helper module: migfix's own, not a migration */
        return 0;
    }
    if (!tree) {
        size_t parsed;
        tree = mf_parse_around_block(parser, config->checked_blocks, src->text, &parsed);
        around_block = parsed < src->text.len;
    }
    if (around_block) {
        if (unchanged_around_block(config, parser, src, tree, arena, ops, guard))
            return 0;
        tree = mf_parse(parser, src->text);
    }
    int result = mf_transform_parsed(config, parser, arena, src->text, tree, &t, problem);
    if (result < 0)
        goto done;
    *guard = t.plan.revision_guard;
    for (size_t i = 0; i < t.plan.ops.len; i++)
        MF_VEC_PUSH(ops, t.plan.ops.items[i]);
    if (t.plan.edits.len == 0)
        goto done;
    if (config->corrupt_output)
        config->corrupt_output(&t.output, config->corrupt_data);
    mf_slice output = mf_slice_of(t.output.data, t.output.len);
    result = mf_verify(config, parser, src->text, t.tree, output, problem);
    if (result < 0)
        goto done;
    /* The BOM put back, or the text in the file's declared encoding. */
    result = mf_source_encode(src, output, out, problem) < 0 ? -1 : 1;
done:
    mf_transform_free(&t);
    return result;
}

int mf_fix_source(const mf_config *config, TSParser *parser, const mf_source *src, mf_arena *arena,
                  mf_op_reports *ops, mf_buf *out, mf_problem *problem) {
    const mf_revision_guard *guard;
    return fix_source(config, parser, src, NULL, false, arena, ops, out, problem, &guard);
}

/* TEXT's helper block loads the shared helper module. */
static bool loads_shared(mf_slice text) {
    size_t begin, end;
    return mf_find_helper_block(text, (TSNode){0}, &begin, &end) &&
           mf_slice_find(mf_slice_of(text.data + begin, end - begin),
                         "globals().update(_migfix_shared(") >= 0;
}

void mf_run_file(const mf_config *config, TSParser *parser, const mf_run_options *options,
                 const mf_input *input, mf_parsed_file *parsed, mf_result *result) {
    mf_mode mode = options->mode;
    /* The file is planned with its own chain (a run may hold several), and
     * its own path to the shared helper module. */
    mf_config own = *config;
    if (config->plan.chains)
        own.plan.chain = mf_chains_of(config->plan.chains, input->path);
    if (!config->plan.settings.helpers_module && !config->plan.settings.helpers_inline)
        own.plan.shared_helpers = input->shared_from;
    config = &own;
    memset(result, 0, sizeof *result);
    result->path = mf_xstrdup(input->path);
    mf_problem problem = {0};
    if (input->error) {
        mf_parsed_file_free(parsed);
        problem.message = mf_xstrdup(input->error);
        set_error(result, &problem);
        return;
    }
    mf_source src;
    TSTree *tree = NULL;
    bool around_block = false;
    if (parsed) {
        src = parsed->src;
        tree = parsed->tree;
        around_block = parsed->parsed_bytes < src.text.len;
        free(parsed);
    } else if (mf_source_read(&src, input->path, &problem) < 0) {
        set_error(result, &problem);
        return;
    }
    mf_buf bytes = {0};
    int fixed = fix_source(config, parser, &src, tree, around_block, &result->arena, &result->ops,
                           &bytes, &problem, &result->revision_guard);
    if (fixed >= 0 && config->plan.shared_helpers &&
        loads_shared(fixed > 0 ? mf_slice_of(bytes.data, bytes.len) : src.text))
        result->shared_file = input->shared_file;
    if (fixed < 0) {
        set_error(result, &problem);
    } else if (fixed > 0) {
        result->changed = true;
        if (mode == MF_MODE_DIFF) {
            result->diff = mf_diff_file(result->path, mf_slice_of(src.bytes, src.size),
                                        mf_slice_of(bytes.data, bytes.len));
        } else if (mode == MF_MODE_WRITE) {
            if ((src.mode & 0222) == 0 || access(input->path, W_OK) < 0) {
                problem.message = mf_xstrdup("read-only file: not rewritten (make it writable, or "
                                             "use --diff to see the change)");
                set_error(result, &problem);
            } else if (!(result->pending =
                             mf_write_prepare(input->path, mf_slice_of(bytes.data, bytes.len),
                                              src.mode, &problem))) {
                set_error(result, &problem);
            }
        }
    }
    mf_buf_free(&bytes);
    mf_source_free(&src);
}

void mf_result_free(mf_result *result) {
    if (result->pending)
        mf_write_discard(result->pending);
    free(result->path);
    mf_problem_free(&result->error);
    mf_arena_free(&result->arena);
    MF_VEC_FREE(&result->ops);
    free(result->diff);
    memset(result, 0, sizeof *result);
}

/* How many results wait for one commit: enough that one flush serves many
 * files, few enough that the report keeps pace and memory stays small. */
enum { COMMIT_BATCH = 64 };

struct mf_commit_queue {
    const char *backup_suffix;
    void (*deliver)(mf_result *result, void *context);
    void *context;
    MF_VEC(mf_result *) waiting;
    size_t pending; /* how many of them have a write to switch */
};

mf_commit_queue *mf_commit_queue_new(const char *backup_suffix,
                                     void (*deliver)(mf_result *result, void *context),
                                     void *context) {
    mf_commit_queue *queue = mf_xcalloc(1, sizeof *queue);
    queue->backup_suffix = backup_suffix;
    queue->deliver = deliver;
    queue->context = context;
    return queue;
}

static void commit_waiting(mf_commit_queue *queue) {
    size_t n = queue->waiting.len;
    mf_pending_write **writes = mf_xcalloc(n ? n : 1, sizeof *writes);
    mf_problem *problems = mf_xcalloc(n ? n : 1, sizeof *problems);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (queue->waiting.items[i]->pending)
            writes[k++] = queue->waiting.items[i]->pending;
    mf_write_commit(writes, k, queue->backup_suffix, problems);
    /* The writes are freed; their problems go to their results, in order. */
    for (size_t i = 0, j = 0; i < n; i++) {
        mf_result *result = queue->waiting.items[i];
        if (result->pending) {
            result->pending = NULL;
            if (problems[j].message)
                set_error(result, &problems[j]);
            j++;
        }
        queue->deliver(result, queue->context);
    }
    queue->waiting.len = 0;
    queue->pending = 0;
    free(writes);
    free(problems);
}

void mf_commit_queue_add(mf_commit_queue *queue, mf_result *result) {
    MF_VEC_PUSH(&queue->waiting, result);
    queue->pending += result->pending != NULL;
    /* Nothing to switch: delivered at once, unless it must wait its turn. */
    if (queue->pending >= COMMIT_BATCH || queue->waiting.len >= 4 * COMMIT_BATCH ||
        queue->pending == 0)
        commit_waiting(queue);
}

void mf_commit_queue_finish(mf_commit_queue *queue) {
    commit_waiting(queue);
    MF_VEC_FREE(&queue->waiting);
    free(queue);
}
