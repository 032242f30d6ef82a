/* The constraints of a SQLite CREATE TABLE text (see db_client.h): a small
 * tokenizer (words, quoted names, strings, comments, punctuation) and a walk
 * over the definitions between the outer parentheses. Table constraints
 * start with CONSTRAINT, PRIMARY, UNIQUE, CHECK or FOREIGN; in a column
 * definition PRIMARY KEY, UNIQUE, CHECK and REFERENCES are the constraints,
 * and a CONSTRAINT name belongs to the one that follows it. The text is what
 * SQLite accepted, so malformed input only needs not to crash. */
#include "db_client.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

typedef enum { TOK_WORD, TOK_NAME, TOK_STRING, TOK_PUNCT, TOK_OTHER } tok_kind;

typedef struct {
    tok_kind kind;
    const char *text; /* WORD, NAME, STRING: the value (unquoted); PUNCT: the character */
} token;

typedef MF_VEC(token) tokens;

/* Reads one quoted token closed by CLOSE (a doubled CLOSE is one). */
static const char *read_quoted(const char *p, char close, mf_arena *arena, const char **value) {
    mf_buf b = {0};
    p++;
    while (*p) {
        if (*p == close) {
            if (p[1] == close && close != ']') {
                mf_buf_putc(&b, close);
                p += 2;
                continue;
            }
            p++;
            break;
        }
        mf_buf_putc(&b, *p++);
    }
    *value = mf_arena_strndup(arena, b.data ? b.data : "", b.len);
    mf_buf_free(&b);
    return p;
}

static void tokenize(const char *p, mf_arena *arena, tokens *out) {
    while (*p) {
        unsigned char c = (unsigned char)*p;
        token t = {TOK_OTHER, NULL};
        if (isspace(c)) {
            p++;
            continue;
        }
        if (c == '-' && p[1] == '-') {
            p += strcspn(p, "\n");
            continue;
        }
        if (c == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end ? end + 2 : p + strlen(p);
            continue;
        }
        if (c == '"' || c == '`' || c == '[') {
            t.kind = TOK_NAME;
            p = read_quoted(p, c == '[' ? ']' : (char)c, arena, &t.text);
        } else if (c == '\'') {
            t.kind = TOK_STRING;
            p = read_quoted(p, '\'', arena, &t.text);
        } else if (isalnum(c) || c == '_' || c == '$' || c >= 0x80) {
            const char *start = p;
            while (*p && (isalnum((unsigned char)*p) || *p == '_' || *p == '$' ||
                          (unsigned char)*p >= 0x80))
                p++;
            t.kind = TOK_WORD;
            t.text = mf_arena_strndup(arena, start, (size_t)(p - start));
        } else {
            t.kind = c == '(' || c == ')' || c == ',' ? TOK_PUNCT : TOK_OTHER;
            t.text = mf_arena_strndup(arena, p, 1);
            p++;
        }
        MF_VEC_PUSH(out, t);
    }
}

static bool is_word(const token *t, const char *word) {
    return t->kind == TOK_WORD && strcasecmp(t->text, word) == 0;
}

static bool is_punct(const token *t, char c) {
    return t->kind == TOK_PUNCT && t->text[0] == c;
}

static bool is_name(const token *t) {
    return t->kind == TOK_WORD || t->kind == TOK_NAME || t->kind == TOK_STRING;
}

/* The index after the parenthesised group that starts at I (or I when there
 * is none). */
static size_t skip_group(const tokens *ts, size_t i, size_t end) {
    if (i >= end || !is_punct(&ts->items[i], '('))
        return i;
    int depth = 0;
    for (; i < end; i++) {
        if (is_punct(&ts->items[i], '('))
            depth++;
        else if (is_punct(&ts->items[i], ')') && --depth == 0)
            return i + 1;
    }
    return end;
}

/* The column list "(a, b COLLATE x DESC, lower(c))" at I: each part's name
 * when it is a bare name, NULL when it is an expression. */
static void read_columns(const tokens *ts, size_t i, size_t end, mf_arena *arena,
                         mf_sqlite_constraint *c) {
    size_t close = skip_group(ts, i, end);
    if (close == i)
        return;
    MF_VEC(const char *) names = {0};
    size_t part = i + 1;
    int depth = 0;
    for (size_t k = i + 1; k < close; k++) {
        const token *t = &ts->items[k];
        bool last = k + 1 == close;
        if (is_punct(t, '('))
            depth++;
        else if (is_punct(t, ')') && !last)
            depth--;
        if ((depth == 0 && is_punct(t, ',')) || last) {
            bool bare = is_name(&ts->items[part]) &&
                        (part + 1 == k || !is_punct(&ts->items[part + 1], '('));
            if (part < k)
                MF_VEC_PUSH(&names, bare ? ts->items[part].text : NULL);
            part = k + 1;
        }
    }
    c->ncolumns = names.len;
    c->columns = mf_arena_alloc(arena, (names.len ? names.len : 1) * sizeof(char *));
    if (names.len)
        memcpy(c->columns, names.items, names.len * sizeof(char *));
    MF_VEC_FREE(&names);
}

static void one_column(mf_arena *arena, mf_sqlite_constraint *c, const char *column) {
    c->ncolumns = 1;
    c->columns = mf_arena_alloc(arena, sizeof(char *));
    c->columns[0] = column;
}

/* A table constraint in [I, END). */
static void table_constraint(const tokens *ts, size_t i, size_t end, mf_arena *arena,
                             mf_sqlite_constraints *out) {
    mf_sqlite_constraint c = {0};
    if (is_word(&ts->items[i], "CONSTRAINT")) {
        if (i + 1 < end && is_name(&ts->items[i + 1]))
            c.name = ts->items[i + 1].text;
        i += 2;
    }
    if (i >= end)
        return;
    const token *t = &ts->items[i];
    if (is_word(t, "PRIMARY") || is_word(t, "UNIQUE")) {
        c.kind = is_word(t, "PRIMARY") ? MF_CONSTRAINT_PRIMARY : MF_CONSTRAINT_UNIQUE;
        i++;
        if (i < end && is_word(&ts->items[i], "KEY"))
            i++;
        read_columns(ts, i, end, arena, &c);
    } else if (is_word(t, "CHECK")) {
        c.kind = MF_CONSTRAINT_CHECK;
    } else if (is_word(t, "FOREIGN")) {
        c.kind = MF_CONSTRAINT_FOREIGN;
        i++;
        if (i < end && is_word(&ts->items[i], "KEY"))
            i++;
        read_columns(ts, i, end, arena, &c);
        i = skip_group(ts, i, end);
        if (i + 1 < end && is_word(&ts->items[i], "REFERENCES") && is_name(&ts->items[i + 1]))
            c.ref_table = ts->items[i + 1].text;
    } else {
        return;
    }
    MF_VEC_PUSH(out, c);
}

/* A column definition in [I, END): its name, then its type and constraints. */
static void column_constraints(const tokens *ts, size_t i, size_t end, mf_arena *arena,
                               mf_sqlite_constraints *out) {
    if (!is_name(&ts->items[i]))
        return;
    const char *column = ts->items[i].text;
    const char *pending = NULL; /* a CONSTRAINT name waiting for its constraint */
    for (i++; i < end;) {
        const token *t = &ts->items[i];
        mf_sqlite_constraint c = {0};
        bool found = true;
        if (is_punct(t, '(')) {
            i = skip_group(ts, i, end);
            continue;
        }
        if (is_word(t, "CONSTRAINT")) {
            pending = i + 1 < end && is_name(&ts->items[i + 1]) ? ts->items[i + 1].text : NULL;
            i += 2;
            continue;
        }
        if (is_word(t, "PRIMARY")) {
            c.kind = MF_CONSTRAINT_PRIMARY;
        } else if (is_word(t, "UNIQUE")) {
            c.kind = MF_CONSTRAINT_UNIQUE;
        } else if (is_word(t, "CHECK")) {
            c.kind = MF_CONSTRAINT_CHECK;
        } else if (is_word(t, "REFERENCES")) {
            c.kind = MF_CONSTRAINT_FOREIGN;
            if (i + 1 < end && is_name(&ts->items[i + 1]))
                c.ref_table = ts->items[i + 1].text;
        } else {
            found = false;
            /* NOT NULL, DEFAULT, COLLATE, GENERATED take a name too. */
            if (is_word(t, "NOT") || is_word(t, "NULL") || is_word(t, "DEFAULT") ||
                is_word(t, "COLLATE") || is_word(t, "GENERATED") || is_word(t, "AS"))
                pending = NULL;
        }
        if (found) {
            c.name = pending;
            pending = NULL;
            if (c.kind != MF_CONSTRAINT_CHECK)
                one_column(arena, &c, column);
            MF_VEC_PUSH(out, c);
        }
        i++;
    }
}

void mf_sqlite_scan_constraints(const char *sql, mf_arena *arena, mf_sqlite_constraints *out) {
    tokens ts = {0};
    tokenize(sql, arena, &ts);
    size_t open = 0;
    while (open < ts.len && !is_punct(&ts.items[open], '(')) {
        if (is_word(&ts.items[open], "AS")) { /* CREATE TABLE ... AS SELECT */
            MF_VEC_FREE(&ts);
            return;
        }
        open++;
    }
    size_t close = skip_group(&ts, open, ts.len);
    if (close == open) {
        MF_VEC_FREE(&ts);
        return;
    }
    size_t body_end = close - 1; /* the closing parenthesis, or the end */
    if (!is_punct(&ts.items[body_end], ')'))
        body_end = close;
    size_t item = open + 1;
    int depth = 0;
    for (size_t k = open + 1; k <= body_end && k < ts.len; k++) {
        const token *t = &ts.items[k];
        bool at_end = k == body_end;
        if (!at_end && is_punct(t, '('))
            depth++;
        else if (!at_end && is_punct(t, ')'))
            depth--;
        if (at_end || (depth == 0 && is_punct(t, ','))) {
            if (item < k) {
                const token *first = &ts.items[item];
                if (is_word(first, "CONSTRAINT") || is_word(first, "PRIMARY") ||
                    is_word(first, "UNIQUE") || is_word(first, "CHECK") ||
                    is_word(first, "FOREIGN"))
                    table_constraint(&ts, item, k, arena, out);
                else
                    column_constraints(&ts, item, k, arena, out);
            }
            item = k + 1;
        }
    }
    MF_VEC_FREE(&ts);
}
