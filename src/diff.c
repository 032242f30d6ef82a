/* Line diff (see diff.h): Myers' O(ND) greedy algorithm with a saved trace
 * for backtracking, after trimming the common head and tail. Past MAX_D edits
 * the middle is reported as one replacement: still a correct patch, just not
 * a minimal one, and memory stays bounded. */
#include "diff.h"

#include <stdint.h>
#include <string.h>

enum { CONTEXT = 3, MAX_D = 2048 };

typedef struct {
    mf_slice *items;
    size_t len;
} lines;

typedef enum { KEEP, DEL, ADD } step_kind;

typedef struct {
    step_kind kind;
    size_t a, b; /* line index in old (KEEP, DEL) and new (KEEP, ADD) */
} step;

typedef MF_VEC(step) script;

static lines split_lines(mf_slice text) {
    lines out = {NULL, 0};
    size_t count = 0;
    for (size_t i = 0; i < text.len; i++)
        count += text.data[i] == '\n';
    out.items = mf_xmalloc((count + 1) * sizeof *out.items);
    size_t start = 0;
    for (size_t i = 0; i < text.len; i++)
        if (text.data[i] == '\n') {
            out.items[out.len++] = mf_slice_of(text.data + start, i + 1 - start);
            start = i + 1;
        }
    if (start < text.len)
        out.items[out.len++] = mf_slice_of(text.data + start, text.len - start);
    return out;
}

/* Appends the steps turning a[0..n) into b[0..m) (both already offset). */
static void myers(const mf_slice *a, size_t n, const mf_slice *b, size_t m, size_t a0, size_t b0,
                  script *out) {
    long max = (long)(n + m);
    long limit = max < MAX_D ? max : MAX_D;
    long width = 2 * limit + 1;
    long *v = mf_xcalloc((size_t)width + 2, sizeof *v);
    long *trace = mf_xmalloc(((size_t)limit + 1) * (size_t)width * sizeof *trace);
    long found_d = -1;
    for (long d = 0; d <= limit && found_d < 0; d++) {
        for (long k = -d; k <= d; k += 2) {
            long x;
            if (k == -d || (k != d && v[k - 1 + limit] < v[k + 1 + limit]))
                x = v[k + 1 + limit];
            else
                x = v[k - 1 + limit] + 1;
            long y = x - k;
            while (x < (long)n && y < (long)m && mf_slice_eq(a[x], b[y])) {
                x++;
                y++;
            }
            v[k + limit] = x;
            if (x >= (long)n && y >= (long)m) {
                found_d = d;
                break;
            }
        }
        memcpy(trace + d * width, v, (size_t)width * sizeof *v);
    }
    size_t first = out->len;
    if (found_d < 0) { /* too different: one replacement */
        for (size_t i = 0; i < n; i++)
            MF_VEC_PUSH(out, ((step){DEL, a0 + i, b0}));
        for (size_t j = 0; j < m; j++)
            MF_VEC_PUSH(out, ((step){ADD, a0 + n, b0 + j}));
    } else {
        /* Backtrack from (n, m), collecting steps in reverse. */
        long x = (long)n, y = (long)m;
        for (long d = found_d; d >= 0; d--) {
            /* trace[d - 1] is V as round d found it. */
            const long *pv = d > 0 ? trace + (d - 1) * width : NULL;
            long k = x - y;
            long prev_k = 0;
            if (d > 0)
                prev_k =
                    (k == -d || (k != d && pv[k - 1 + limit] < pv[k + 1 + limit])) ? k + 1 : k - 1;
            long prev_x = d > 0 ? pv[prev_k + limit] : 0;
            long prev_y = prev_x - prev_k;
            while (x > prev_x && y > prev_y) {
                x--;
                y--;
                MF_VEC_PUSH(out, ((step){KEEP, a0 + (size_t)x, b0 + (size_t)y}));
            }
            if (d > 0) {
                if (x == prev_x) { /* came down: an addition */
                    y--;
                    MF_VEC_PUSH(out, ((step){ADD, a0 + (size_t)x, b0 + (size_t)y}));
                } else {
                    x--;
                    MF_VEC_PUSH(out, ((step){DEL, a0 + (size_t)x, b0 + (size_t)y}));
                }
            }
        }
        /* Reverse this call's steps into document order. */
        for (size_t i = first, j = out->len - 1; i < j; i++, j--) {
            step t = out->items[i];
            out->items[i] = out->items[j];
            out->items[j] = t;
        }
    }
    free(v);
    free(trace);
}

static void put_line(mf_buf *out, char sign, mf_slice line) {
    mf_buf_putc(out, sign);
    mf_buf_put(out, line.data, line.len);
    if (!line.len || line.data[line.len - 1] != '\n')
        mf_buf_puts(out, "\n\\ No newline at end of file\n");
}

static void put_range(mf_buf *out, size_t start, size_t count) {
    if (count == 1)
        mf_buf_printf(out, "%zu", start + 1);
    else
        mf_buf_printf(out, "%zu,%zu", count ? start + 1 : start, count);
}

char *mf_diff_file(const char *path, mf_slice old_text, mf_slice new_text) {
    while (strncmp(path, "./", 2) == 0)
        path += 2;
    mf_buf a = {0}, b = {0}, out = {0};
    mf_buf_printf(&a, "a/%s", path);
    mf_buf_printf(&b, "b/%s", path);
    mf_diff_unified(&out, a.data, b.data, old_text, new_text);
    mf_buf_free(&a);
    mf_buf_free(&b);
    return mf_buf_detach(&out);
}

void mf_diff_unified(mf_buf *out, const char *old_label, const char *new_label, mf_slice old_text,
                     mf_slice new_text) {
    if (mf_slice_eq(old_text, new_text))
        return;
    lines a = split_lines(old_text), b = split_lines(new_text);
    size_t head = 0;
    while (head < a.len && head < b.len && mf_slice_eq(a.items[head], b.items[head]))
        head++;
    size_t tail = 0;
    while (tail < a.len - head && tail < b.len - head &&
           mf_slice_eq(a.items[a.len - 1 - tail], b.items[b.len - 1 - tail]))
        tail++;
    script s = {0};
    for (size_t i = 0; i < head; i++)
        MF_VEC_PUSH(&s, ((step){KEEP, i, i}));
    myers(a.items + head, a.len - head - tail, b.items + head, b.len - head - tail, head, head, &s);
    for (size_t i = 0; i < tail; i++)
        MF_VEC_PUSH(&s, ((step){KEEP, a.len - tail + i, b.len - tail + i}));

    mf_buf_printf(out, "--- %s\n+++ %s\n", old_label, new_label);
    size_t i = 0;
    while (i < s.len) {
        while (i < s.len && s.items[i].kind == KEEP)
            i++;
        if (i == s.len)
            break;
        /* A hunk: from CONTEXT lines before this change to CONTEXT lines
         * after the last change that is at most 2*CONTEXT lines further. */
        size_t start = i >= CONTEXT ? i - CONTEXT : 0;
        size_t end = i, keep_run = 0;
        for (size_t j = i; j < s.len; j++) {
            if (s.items[j].kind == KEEP) {
                if (++keep_run > 2 * CONTEXT)
                    break;
            } else {
                keep_run = 0;
                end = j + 1;
            }
        }
        size_t stop = end + CONTEXT < s.len ? end + CONTEXT : s.len;
        size_t a_start = s.items[start].a, b_start = s.items[start].b, a_count = 0, b_count = 0;
        for (size_t j = start; j < stop; j++) {
            a_count += s.items[j].kind != ADD;
            b_count += s.items[j].kind != DEL;
        }
        mf_buf_puts(out, "@@ -");
        put_range(out, a_start, a_count);
        mf_buf_puts(out, " +");
        put_range(out, b_start, b_count);
        mf_buf_puts(out, " @@\n");
        for (size_t j = start; j < stop; j++) {
            const step *st = &s.items[j];
            if (st->kind == KEEP)
                put_line(out, ' ', a.items[st->a]);
            else if (st->kind == DEL)
                put_line(out, '-', a.items[st->a]);
            else
                put_line(out, '+', b.items[st->b]);
        }
        i = stop;
    }
    MF_VEC_FREE(&s);
    free(a.items);
    free(b.items);
}
