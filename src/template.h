/* Guard and helper templates: loading, validation and rendering.
 *
 * templates/guards/CHECK.tmpl   one line, the `if` that guards an operation
 * templates/helpers/CHECK.py    the helper function the guard calls
 * templates/helpers/prelude.py  what every helper shares (inspector, offline)
 *
 * Placeholders are {{name}}; {{#name}}...{{/name}} keeps its text only when
 * the value is non-empty, {{^name}}...{{/name}} only when it is empty.
 * A loaded set is read-only and may be shared by threads.
 */
#ifndef MIGFIX_TEMPLATE_H
#define MIGFIX_TEMPLATE_H

#include "buf.h"
#include "ops.h"

typedef struct {
    const char *path; /* relative to templates/, e.g. "guards/table_missing.tmpl" */
    const char *data;
    size_t size;
} mf_builtin_template;

/* Generated at build time from templates/ (scripts/embed-templates.cmake). */
extern const mf_builtin_template mf_builtin_templates[];

typedef struct mf_templates mf_templates;

/* Loads the built-in templates, overridden file by file by those in DIR when
 * DIR is not NULL. Every template from DIR is rendered on sample values and
 * parsed before it is accepted; the built-in ones too with VALIDATE_BUILTIN
 * (the test suite does that: they cannot change after the build, so a run
 * does not pay for it). Returns NULL on failure with *error (malloc'd; the
 * caller frees it) naming the template and the problem. */
mf_templates *mf_templates_load(const char *dir, bool validate_builtin, char **error);
void mf_templates_free(mf_templates *templates);

const char *mf_templates_guard(const mf_templates *templates, mf_check check);
const char *mf_templates_helper(const mf_templates *templates, mf_check check);
const char *mf_templates_prelude(const mf_templates *templates);

/* Appends a Python module defining every check (for --helpers module:NAME):
 * what `migfix --print-helpers` prints. */
void mf_templates_module(const mf_templates *templates, mf_buf *out);

typedef struct {
    const char *name;
    mf_slice value;
} mf_template_var;

/* Appends TEMPLATE rendered with VARS to OUT. Returns 0, or -1 with *error
 * (a static string) for an unknown placeholder or an unbalanced section. */
int mf_template_render(mf_buf *out, const char *template_text, const mf_template_var *vars,
                       size_t nvars, const char **error);

#endif
