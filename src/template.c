/* Template loading, validation and rendering (see template.h). */
#include "template.h"

#include "parse.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

struct mf_templates {
    char *guards[MF_CHECK_COUNT];
    char *helpers[MF_CHECK_COUNT];
    char *prelude;
};

/* ---- rendering ---------------------------------------------------------- */

static const mf_slice *find_var(const mf_template_var *vars, size_t nvars, mf_slice name) {
    for (size_t i = 0; i < nvars; i++)
        if (mf_slice_eq_cstr(name, vars[i].name))
            return &vars[i].value;
    return NULL;
}

static int render(mf_buf *out, const char *p, const char *end, const mf_template_var *vars,
                  size_t nvars, const char **error) {
    while (p < end) {
        const char *open = strstr(p, "{{");
        if (!open || open >= end) {
            mf_buf_put(out, p, (size_t)(end - p));
            return 0;
        }
        mf_buf_put(out, p, (size_t)(open - p));
        const char *close = strstr(open + 2, "}}");
        if (!close || close >= end) {
            *error = "'{{' without '}}'";
            return -1;
        }
        char sigil = open[2];
        bool section = sigil == '#' || sigil == '^';
        const char *name_start = open + 2 + (section || sigil == '/');
        mf_slice name = mf_slice_trim(mf_slice_of(name_start, (size_t)(close - name_start)));
        const mf_slice *value = find_var(vars, nvars, name);
        if (!value) {
            *error = "unknown placeholder (see the README for the known ones)";
            return -1;
        }
        if (sigil == '/') {
            *error = "'{{/...}}' without a matching '{{#...}}' or '{{^...}}'";
            return -1;
        }
        p = close + 2;
        if (!section) {
            mf_buf_put(out, value->data, value->len);
            continue;
        }
        /* Find the closing tag for this section. Same-name nesting is not
         * supported (no template needs it). */
        char closing[64];
        snprintf(closing, sizeof closing, "{{/%.*s}}", (int)name.len, name.data);
        const char *section_end = strstr(p, closing);
        if (!section_end || section_end >= end) {
            *error = "section is not closed";
            return -1;
        }
        bool keep = (sigil == '#') == (value->len > 0);
        if (keep && render(out, p, section_end, vars, nvars, error) < 0)
            return -1;
        p = section_end + strlen(closing);
    }
    return 0;
}

int mf_template_render(mf_buf *out, const char *template_text, const mf_template_var *vars,
                       size_t nvars, const char **error) {
    return render(out, template_text, template_text + strlen(template_text), vars, nvars, error);
}

/* ---- loading ------------------------------------------------------------ */

static const mf_builtin_template *builtin_entry(const char *path) {
    for (const mf_builtin_template *t = mf_builtin_templates; t->path; t++)
        if (strcmp(t->path, path) == 0)
            return t;
    return NULL;
}

static char *builtin(const char *path) {
    const mf_builtin_template *t = builtin_entry(path);
    return t ? mf_xstrndup(t->data, t->size) : NULL;
}

/* The template at PATH under DIR if DIR has it (*FROM_DIR set), else the
 * built-in one. Returns NULL with *error set when neither exists or DIR's copy
 * is unreadable. */
static char *load_one(const char *dir, const char *path, bool *from_dir, char **error) {
    *from_dir = false;
    if (dir) {
        mf_buf full = {0};
        mf_buf_printf(&full, "%s/%s", dir, path);
        FILE *f = fopen(full.data, "rb");
        if (f) {
            mf_buf text = {0};
            char chunk[4096];
            size_t n;
            while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
                mf_buf_put(&text, chunk, n);
            bool failed = ferror(f);
            fclose(f);
            if (failed) {
                mf_buf msg = {0};
                mf_buf_printf(&msg, "%s: read error", full.data);
                *error = mf_buf_detach(&msg);
                mf_buf_free(&full);
                mf_buf_free(&text);
                return NULL;
            }
            mf_buf_free(&full);
            *from_dir = true;
            return mf_buf_detach(&text);
        }
        if (errno != ENOENT) {
            mf_buf msg = {0};
            mf_buf_printf(&msg, "%s: %s", full.data, strerror(errno));
            *error = mf_buf_detach(&msg);
            mf_buf_free(&full);
            return NULL;
        }
        mf_buf_free(&full);
    }
    char *text = builtin(path);
    if (!text) {
        mf_buf msg = {0};
        mf_buf_printf(&msg, "templates/%s: missing from the built-in templates", path);
        *error = mf_buf_detach(&msg);
    }
    return text;
}

static void strip_final_newlines(char *text) {
    size_t n = strlen(text);
    while (n && (text[n - 1] == '\n' || text[n - 1] == '\r'))
        text[--n] = '\0';
}

static char *invalid(const char *dir, const char *path, const char *why) {
    mf_buf msg = {0};
    mf_buf_printf(&msg, "%s/%s: invalid template: %s", dir ? dir : "templates", path, why);
    return mf_buf_detach(&msg);
}

static bool parses(TSParser *parser, const char *code) {
    TSTree *tree = mf_parse(parser, mf_slice_cstr(code));
    bool ok = tree && !ts_node_has_error(ts_tree_root_node(tree));
    ts_tree_delete(tree);
    return ok;
}

/* A guard must render, with and without a schema, to one `if ...:` line that
 * parses as the header of a block. */
static const char *check_guard(TSParser *parser, const char *guard) {
    /* Once with every placeholder set, once with the optional ones empty. */
    for (int pass = 0; pass < 2; pass++) {
        mf_template_var vars[MF_VAR_COUNT];
        for (int v = 0; v < MF_VAR_COUNT; v++) {
            bool optional = v == MF_VAR_SCHEMA || v == MF_VAR_REFERENT_SCHEMA || v == MF_VAR_TYPE ||
                            v == MF_VAR_BATCH || v == MF_VAR_ANY_OF || v == MF_VAR_NONE_OF ||
                            v >= MF_VAR_COLUMN_TYPE;
            const char *sample = v == MF_VAR_COLUMNS || v == MF_VAR_REMOTE_COLUMNS ? "[\"c\"]"
                                 : v == MF_VAR_BATCH || v == MF_VAR_NULLABLE ||
                                         v == MF_VAR_PRIMARY_KEY || v == MF_VAR_UNIQUE
                                     ? "True"
                                 : v == MF_VAR_COLUMN_TYPE ? "sa.String(length=7)"
                                 : v == MF_VAR_ALL_OF || v == MF_VAR_ANY_OF || v == MF_VAR_NONE_OF
                                     ? "[(\"table\", None, \"t\")]"
                                     : "\"x\"";
            vars[v] = (mf_template_var){mf_var_name((mf_var)v),
                                        mf_slice_cstr(pass == 1 && optional ? "" : sample)};
        }
        mf_buf line = {0};
        const char *error = NULL;
        const char *why = NULL;
        if (mf_template_render(&line, guard, vars, MF_VAR_COUNT, &error) < 0)
            why = error;
        else if (!line.data || strchr(line.data, '\n'))
            why = "a guard must be exactly one line";
        else if (strncmp(line.data, "if ", 3) != 0)
            why = "a guard must be an `if ...:` line";
        if (!why) {
            mf_buf code = {0};
            mf_buf_printf(&code, "def f():\n    %s\n        pass\n", line.data);
            if (!parses(parser, code.data))
                why = "the rendered guard is not valid Python";
            mf_buf_free(&code);
        }
        mf_buf_free(&line);
        if (why)
            return why;
    }
    return NULL;
}

mf_templates *mf_templates_load(const char *dir, bool validate_builtin, char **error) {
    *error = NULL;
    mf_templates *t = mf_xcalloc(1, sizeof *t);
    TSParser *parser = mf_parser_new();
    char path[256];
    bool from_dir;

    t->prelude = load_one(dir, "helpers/prelude.py", &from_dir, error);
    if (t->prelude && (from_dir || validate_builtin) && !parses(parser, t->prelude))
        *error = invalid(dir, "helpers/prelude.py", "not valid Python");
    for (int c = 0; c < MF_CHECK_COUNT && !*error; c++) {
        const char *name = mf_check_name((mf_check)c);
        snprintf(path, sizeof path, "guards/%s.tmpl", name);
        t->guards[c] = load_one(dir, path, &from_dir, error);
        if (!t->guards[c])
            break;
        strip_final_newlines(t->guards[c]);
        const char *why = from_dir || validate_builtin ? check_guard(parser, t->guards[c]) : NULL;
        if (why) {
            *error = invalid(dir, path, why);
            break;
        }
        snprintf(path, sizeof path, "helpers/%s.py", name);
        t->helpers[c] = load_one(dir, path, &from_dir, error);
        if (!t->helpers[c])
            break;
        char def[128];
        snprintf(def, sizeof def, "def _migfix_%s(", name);
        if (!from_dir && !validate_builtin)
            continue;
        if (!parses(parser, t->helpers[c]))
            *error = invalid(dir, path, "not valid Python");
        else if (!strstr(t->helpers[c], def))
            *error = invalid(dir, path, "it must define the function its guard calls");
    }
    ts_parser_delete(parser);
    if (*error) {
        mf_templates_free(t);
        return NULL;
    }
    return t;
}

void mf_templates_free(mf_templates *t) {
    if (!t)
        return;
    for (int c = 0; c < MF_CHECK_COUNT; c++) {
        free(t->guards[c]);
        free(t->helpers[c]);
    }
    free(t->prelude);
    free(t);
}

/* What every check answers, said in both modules' docstrings. */
#define CHECKS_ANSWER                                                                              \
    "Every check answers \"go ahead\": true when its\noperation still has to run and what it "     \
    "needs is there, and always true when\nAlembic renders SQL offline.\n\"\"\"\n\n\n"

static void put_checks(const mf_templates *t, mf_buf *out) {
    mf_buf_puts(out, t->prelude);
    for (int c = 0; c < MF_CHECK_COUNT; c++) {
        mf_buf_puts(out, "\n\n");
        mf_buf_puts(out, t->helpers[c]);
    }
}

void mf_templates_shared_module(const mf_templates *t, mf_buf *out) {
    mf_buf_puts(out, MF_SHARED_HEADER
                "\n"
                "\"\"\"The checks that migfix's guards call, shared by this project's "
                "migrations.\n\n"
                "Each fixed migration loads this file by its path (`_migfix_shared` in its\n"
                "helper block), so it stays next to env.py. migfix rewrites it when its\n"
                "checks change; `migfix --helpers inline` puts them in each migration "
                "instead.\n" CHECKS_ANSWER);
    put_checks(t, out);
}

/* Built in and not overridable: the verifier knows these lines as migfix's
 * own, and they decide what the migration's names are. */
bool mf_shared_loader(mf_slice path, mf_buf *out) {
    for (size_t i = 0; i < path.len; i++) {
        char c = path.data[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '/' || c == '_' || c == '-' || c == '+' || c == ' '))
            return false; /* kept out of the string literal: inline helpers instead */
    }
    /* Rendered from the embedded bytes, with no copy: the planner asks for
     * every file, the verifier for every block it proves. */
    const mf_builtin_template *loader = builtin_entry("loader/shared.py");
    if (!loader || path.len == 0)
        return false;
    size_t n = loader->size;
    while (n > 0 && loader->data[n - 1] == '\n')
        n--;
    mf_template_var var = {"path", path};
    const char *error;
    return render(out, loader->data, loader->data + n, &var, 1, &error) == 0;
}

void mf_template_reindent(const char *text, mf_slice unit, const char *eol, mf_buf *out) {
    const char *line = text;
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        size_t spaces = 0;
        while (spaces < len && line[spaces] == ' ')
            spaces++;
        for (size_t i = 0; i < spaces / 4; i++)
            mf_buf_put(out, unit.data, unit.len);
        mf_buf_put(out, line + spaces - spaces % 4, len - (spaces - spaces % 4));
        if (!nl)
            break;
        line = nl + 1;
        if (*line)
            mf_buf_puts(out, eol);
    }
}

void mf_templates_module(const mf_templates *t, mf_buf *out) {
    mf_buf_puts(out, "\"\"\"Existence checks for migfix's guards (`migfix --helpers "
                     "module:NAME`).\n\n"
                     "Generated by `migfix --print-helpers`. " CHECKS_ANSWER);
    put_checks(t, out);
}

const char *mf_templates_guard(const mf_templates *t, mf_check check) {
    return t->guards[check];
}

const char *mf_templates_helper(const mf_templates *t, mf_check check) {
    return t->helpers[check];
}

const char *mf_templates_prelude(const mf_templates *t) {
    return t->prelude;
}
