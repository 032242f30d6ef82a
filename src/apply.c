/* Applying edits (see apply.h). */
#include "apply.h"

int mf_apply_edits(mf_slice text, const mf_edit *edits, size_t nedits, mf_buf *out) {
    size_t copied = 0;
    for (size_t i = 0; i < nedits; i++) {
        const mf_edit *e = &edits[i];
        if (e->start < copied || e->end < e->start || e->end > text.len)
            return -1;
        mf_buf_put(out, text.data + copied, e->start - copied);
        mf_buf_put(out, e->text, e->len);
        copied = e->end;
    }
    mf_buf_put(out, text.data + copied, text.len - copied);
    return 0;
}
