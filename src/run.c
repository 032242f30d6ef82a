/* Processing one file (see run.h). */
#include "run.h"

#include "diff.h"
#include "verify.h"
#include "write.h"

#include <string.h>
#include <unistd.h>

static void set_error(mf_result *result, mf_problem *problem) {
    result->error = *problem;
    problem->message = NULL;
    result->changed = false;
}

static void make_diff(mf_result *result, mf_slice old_bytes, mf_slice new_bytes) {
    const char *path = result->path;
    while (strncmp(path, "./", 2) == 0)
        path += 2;
    mf_buf a = {0}, b = {0}, out = {0};
    mf_buf_printf(&a, "a/%s", path);
    mf_buf_printf(&b, "b/%s", path);
    mf_diff_unified(&out, a.data, b.data, old_bytes, new_bytes);
    result->diff = mf_buf_detach(&out);
    mf_buf_free(&a);
    mf_buf_free(&b);
}

void mf_run_file(const mf_config *config, TSParser *parser, mf_mode mode, const mf_input *input,
                 mf_result *result) {
    memset(result, 0, sizeof *result);
    result->path = mf_xstrdup(input->path);
    mf_problem problem = {0};
    if (input->error) {
        problem.message = mf_xstrdup(input->error);
        set_error(result, &problem);
        return;
    }
    mf_source src;
    if (mf_source_read(&src, input->path, &problem) < 0) {
        set_error(result, &problem);
        return;
    }
    mf_transform t;
    if (mf_transform_text(config, parser, &result->arena, src.text, &t, &problem) < 0) {
        set_error(result, &problem);
        goto done;
    }
    for (size_t i = 0; i < t.plan.ops.len; i++)
        MF_VEC_PUSH(&result->ops, t.plan.ops.items[i]);
    if (t.plan.edits.len == 0)
        goto done;

    if (config->corrupt_output)
        config->corrupt_output(&t.output, config->corrupt_data);
    mf_slice output = mf_slice_of(t.output.data, t.output.len);
    if (mf_verify(config, parser, src.text, t.tree, output, &problem) < 0) {
        set_error(result, &problem);
        goto done;
    }
    /* The bytes to write: the BOM (if any) back in front of the new text. */
    mf_buf bytes = {0};
    mf_buf_put(&bytes, src.bytes, src.size - src.text.len);
    mf_buf_put(&bytes, output.data, output.len);
    result->changed = true;
    if (mode == MF_MODE_DIFF) {
        make_diff(result, mf_slice_of(src.bytes, src.size), mf_slice_of(bytes.data, bytes.len));
    } else if (mode == MF_MODE_WRITE) {
        if ((src.mode & 0222) == 0 || access(input->path, W_OK) < 0) {
            problem.message = mf_xstrdup("read-only file: not rewritten (make it writable, or "
                                         "use --diff to see the change)");
            set_error(result, &problem);
        } else if (mf_write_atomic(input->path, mf_slice_of(bytes.data, bytes.len), src.mode,
                                   &problem) < 0) {
            set_error(result, &problem);
        }
    }
    mf_buf_free(&bytes);
done:
    mf_transform_free(&t);
    mf_source_free(&src);
}

void mf_result_free(mf_result *result) {
    free(result->path);
    mf_problem_free(&result->error);
    mf_arena_free(&result->arena);
    MF_VEC_FREE(&result->ops);
    free(result->diff);
    memset(result, 0, sizeof *result);
}
