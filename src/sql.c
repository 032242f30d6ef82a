/* SQL analysis for op.execute (see sql.h). The facts about which database
 * accepts which IF [NOT] EXISTS / OR REPLACE come from REFERENCE.md section 3
 * and the databases' manuals; each rule names the dialects it holds for. */
#include "sql.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const mf_sql_phrases[] = {" IF NOT EXISTS", " IF EXISTS", " OR REPLACE", NULL};

static const char *const dialect_names[] = {"postgresql", "sqlite", "mysql", "mariadb"};

const char *mf_dialect_name(mf_dialect dialect) {
    return dialect_names[dialect];
}

int mf_dialect_parse(const char *name) {
    for (int d = 0; d < 4; d++)
        if (strcmp(name, dialect_names[d]) == 0)
            return d;
    return -1;
}

int mf_dialect_of_url(const char *url) {
    static const struct {
        const char *scheme;
        mf_dialect dialect;
    } schemes[] = {{"postgresql", MF_DIALECT_POSTGRESQL},
                   {"postgres", MF_DIALECT_POSTGRESQL},
                   {"sqlite", MF_DIALECT_SQLITE},
                   {"mysql", MF_DIALECT_MYSQL},
                   {"mariadb", MF_DIALECT_MARIADB}};
    size_t n = strcspn(url, "+:");
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (strlen(schemes[i].scheme) == n && strncmp(url, schemes[i].scheme, n) == 0)
            return (int)schemes[i].dialect;
    return -1;
}

/* ---- rules -------------------------------------------------------------- */

enum { PG = 1, SQ = 2, MY = 4, MA = 8, ALL = 15 };

typedef enum { INSERT, IDEMPOTENT, GUARD, AS_WRITTEN, ALTER_TABLE } action;

/* An identifier, possibly quoted, possibly schema-qualified. */
#define ID "(?:\"[^\"]*\"|`[^`]*`|\\[[^\\]]*\\]|[\\w$\\x01]+)"
#define QN ID "(?:\\s*\\.\\s*" ID ")?"

typedef struct {
    const char *pattern; /* anchored, caseless. INSERT: group 1 ends where the text goes;
                            GUARD: group 1 is the name, group 2 the table */
    action act;
    unsigned dialects;
    const char *what;
    const char *insert; /* INSERT */
    mf_check check;     /* GUARD */
    const char *reason; /* AS_WRITTEN */
} rule;

#define NOT_IN(dialect) "no IF [NOT] EXISTS for this in " dialect

static const rule statement_rules[] = {
    /* Already idempotent. */
    {"CREATE\\s+OR\\s+REPLACE\\b", IDEMPOTENT, ALL, "CREATE OR REPLACE", NULL, 0, NULL},
    {"CREATE\\s+(?:\\w+\\s+){0,3}?(?:TABLE|INDEX|SEQUENCE|SCHEMA|DATABASE|EXTENSION|VIEW|TRIGGER|"
     "TYPE)"
     "\\s+(?:CONCURRENTLY\\s+)?IF\\s+NOT\\s+EXISTS\\b",
     IDEMPOTENT, ALL, "CREATE ... IF NOT EXISTS", NULL, 0, NULL},
    {"DROP\\s+(?:\\w+\\s+){1,2}?IF\\s+EXISTS\\b", IDEMPOTENT, ALL, "DROP ... IF EXISTS", NULL, 0,
     NULL},
    {"ALTER\\s+TYPE\\s+" QN "\\s+ADD\\s+VALUE\\s+IF\\s+NOT\\s+EXISTS\\b", IDEMPOTENT, PG,
     "ALTER TYPE ADD VALUE IF NOT EXISTS", NULL, 0, NULL},
    /* CREATE */
    {"(CREATE\\s+(?:(?:GLOBAL|LOCAL)\\s+)?(?:(?:TEMPORARY|TEMP|UNLOGGED)\\s+)?TABLE)\\b", INSERT,
     ALL, "CREATE TABLE", " IF NOT EXISTS", 0, NULL},
    {"CREATE\\s+(?:UNIQUE\\s+)?INDEX(?:\\s+CONCURRENTLY)?\\s+ON\\b", AS_WRITTEN, ALL,
     "CREATE INDEX", NULL, 0, "an unnamed index cannot say IF NOT EXISTS"},
    {"(CREATE\\s+(?:UNIQUE\\s+)?INDEX(?:\\s+CONCURRENTLY)?)\\b", INSERT, PG | SQ | MA,
     "CREATE INDEX", " IF NOT EXISTS", 0, NULL},
    {"CREATE\\s+(?:UNIQUE\\s+)?INDEX\\b", AS_WRITTEN, MY, "CREATE INDEX", NULL, 0,
     "MySQL has no CREATE INDEX IF NOT EXISTS"},
    {"(CREATE\\s+SEQUENCE)\\b", INSERT, PG | MA, "CREATE SEQUENCE", " IF NOT EXISTS", 0, NULL},
    {"(CREATE\\s+SCHEMA)\\b", INSERT, PG | MY | MA, "CREATE SCHEMA", " IF NOT EXISTS", 0, NULL},
    {"(CREATE\\s+DATABASE)\\b", INSERT, MY | MA, "CREATE DATABASE", " IF NOT EXISTS", 0, NULL},
    {"(CREATE\\s+EXTENSION)\\b", INSERT, PG, "CREATE EXTENSION", " IF NOT EXISTS", 0, NULL},
    {"(CREATE\\s+MATERIALIZED\\s+VIEW)\\b", INSERT, PG, "CREATE MATERIALIZED VIEW",
     " IF NOT EXISTS", 0, NULL},
    {"(CREATE)\\s+(?:(?:TEMP|TEMPORARY)\\s+)?(?:RECURSIVE\\s+)?VIEW\\b", INSERT, PG | MY | MA,
     "CREATE VIEW", " OR REPLACE", 0, NULL},
    {"(CREATE\\s+(?:(?:TEMP|TEMPORARY)\\s+)?VIEW)\\b", INSERT, SQ, "CREATE VIEW", " IF NOT EXISTS",
     0, NULL},
    {"(CREATE)\\s+(?:FUNCTION|PROCEDURE)\\b", INSERT, PG | MA, "CREATE FUNCTION", " OR REPLACE", 0,
     NULL},
    {"CREATE\\s+(?:FUNCTION|PROCEDURE)\\b", AS_WRITTEN, MY, "CREATE FUNCTION", NULL, 0,
     "MySQL has no CREATE OR REPLACE FUNCTION"},
    {"(CREATE\\s+TRIGGER)\\b", INSERT, SQ | MA, "CREATE TRIGGER", " IF NOT EXISTS", 0, NULL},
    {"CREATE\\s+(?:CONSTRAINT\\s+)?TRIGGER\\s+(" ID ")[\\s\\S]*?\\bON\\s+(" QN ")", GUARD, PG,
     "CREATE TRIGGER", NULL, MF_CHECK_TRIGGER_MISSING,
     "CREATE TRIGGER cannot say IF NOT EXISTS before PostgreSQL 14"},
    {"CREATE\\s+TRIGGER\\b", AS_WRITTEN, MY, "CREATE TRIGGER", NULL, 0,
     "MySQL before 8.0.29 has no CREATE TRIGGER IF NOT EXISTS"},
    {"CREATE\\s+TYPE\\s+(" QN ")", GUARD, PG, "CREATE TYPE", NULL, MF_CHECK_TYPE_MISSING,
     "CREATE TYPE cannot say IF NOT EXISTS"},
    /* DROP */
    {"(DROP\\s+(?:TABLE|VIEW|TRIGGER))\\b", INSERT, ALL, "DROP", " IF EXISTS", 0, NULL},
    {"(DROP\\s+INDEX(?:\\s+CONCURRENTLY)?)\\b", INSERT, PG | SQ | MA, "DROP INDEX", " IF EXISTS", 0,
     NULL},
    {"(DROP\\s+(?:SCHEMA|DATABASE|FUNCTION|PROCEDURE))\\b", INSERT, PG | MY | MA, "DROP",
     " IF EXISTS", 0, NULL},
    {"(DROP\\s+SEQUENCE)\\b", INSERT, PG | MA, "DROP SEQUENCE", " IF EXISTS", 0, NULL},
    {"(DROP\\s+(?:MATERIALIZED\\s+VIEW|TYPE|DOMAIN|EXTENSION|AGGREGATE|RULE|POLICY))\\b", INSERT,
     PG, "DROP", " IF EXISTS", 0, NULL},
    {"DROP\\s+\\w+", AS_WRITTEN, ALL, "DROP", NULL, 0, "this DROP cannot say IF EXISTS"},
    /* ALTER */
    {"(ALTER\\s+TYPE\\s+" QN "\\s+ADD\\s+VALUE)\\b", INSERT, PG, "ALTER TYPE ADD VALUE",
     " IF NOT EXISTS", 0, NULL},
    {"ALTER\\s+TYPE\\s+" QN "\\s+\\w+", AS_WRITTEN, ALL, "ALTER TYPE", NULL, 0,
     "ALTER TYPE ... (other than ADD VALUE) cannot say IF [NOT] EXISTS"},
    {"ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?(" QN ")\\s+", ALTER_TABLE, ALL,
     "ALTER TABLE", NULL, 0, NULL},
    /* Left as written. A sequence set from its table's max(...) (a resync
     * after rows were copied in) is the same when run again: no data write. */
    {"SELECT\\s+(?:pg_catalog\\.)?setval\\s*\\(\\s*(?:'[^']*'|\\w+\\s*\\([^)]*\\))\\s*"
     "(?:::\\s*regclass\\s*)?,\\s*(?:\\(\\s*SELECT\\s+)?(?:COALESCE\\s*\\(\\s*)?MAX\\s*\\(",
     AS_WRITTEN, PG, "SELECT setval", NULL, 0,
     "re-runnable: sets the sequence from its table's max(...)"},
    {"(?:UPDATE|INSERT|DELETE|SELECT|WITH|MERGE|COPY|TRUNCATE|REPLACE|VALUES)\\b", AS_WRITTEN, ALL,
     NULL, NULL, 0, "data statement"},
    {"DO\\b", AS_WRITTEN, ALL, "DO", NULL, 0, "a DO block is left as written"},
    {"(?:SET|SHOW|RESET|COMMIT|BEGIN|START|END|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA|GRANT|REVOKE"
     "|COMMENT\\s+ON|ANALYZE|VACUUM|REINDEX|REFRESH|LOCK|NOTIFY|CLUSTER|CHECKPOINT|DISCARD"
     "|EXPLAIN|CALL|USE)\\b",
     AS_WRITTEN, ALL, NULL, NULL, 0, "re-runnable or session statement, left as written"},
};

/* Actions of ALTER TABLE t <action>, <action>, ... */
static const rule action_rules[] = {
    /* Group 1 the verb, group 2 the column or constraint. */
    {"(ADD(?:\\s+COLUMN)?|DROP(?:\\s+COLUMN|\\s+CONSTRAINT)?)\\s+IF\\s+(?:NOT\\s+)?EXISTS\\b\\s*"
     "(" ID ")?",
     IDEMPOTENT, ALL, "IF [NOT] EXISTS", NULL, 0, NULL},
    {"ADD\\s+CONSTRAINT\\s+(" ID ")", GUARD, PG, "ADD CONSTRAINT", NULL,
     MF_CHECK_CONSTRAINT_MISSING, "ADD CONSTRAINT cannot say IF NOT EXISTS"},
    {"ADD\\s+CONSTRAINT\\b", AS_WRITTEN, SQ | MY | MA, "ADD CONSTRAINT", NULL, 0,
     "ADD CONSTRAINT cannot say IF NOT EXISTS"},
    {"ADD\\s+(?:PRIMARY|UNIQUE|FOREIGN|CHECK|INDEX|KEY|FULLTEXT|SPATIAL|EXCLUDE)\\b", AS_WRITTEN,
     ALL, "ADD", NULL, 0, "an unnamed constraint or index cannot be made idempotent in SQL"},
    {"(ADD(?:\\s+COLUMN)?)\\s+(" ID ")", INSERT, PG | MA, "ADD COLUMN", " IF NOT EXISTS", 0, NULL},
    {"ADD(?:\\s+COLUMN)?\\s+(" ID ")", GUARD, SQ | MY, "ADD COLUMN", NULL, MF_CHECK_COLUMN_MISSING,
     "ADD COLUMN cannot say IF NOT EXISTS"},
    {"(DROP\\s+CONSTRAINT)\\s+" ID, INSERT, PG | MA, "DROP CONSTRAINT", " IF EXISTS", 0, NULL},
    {"DROP\\s+CONSTRAINT\\s+(" ID ")", GUARD, SQ | MY, "DROP CONSTRAINT", NULL,
     MF_CHECK_CONSTRAINT_PRESENT, "DROP CONSTRAINT cannot say IF EXISTS"},
    {"DROP\\s+(?:PRIMARY|FOREIGN|INDEX|KEY|CHECK|DEFAULT)\\b", AS_WRITTEN, ALL, "DROP", NULL, 0,
     "this DROP cannot say IF EXISTS"},
    {"(DROP(?:\\s+COLUMN)?)\\s+(" ID ")", INSERT, PG | MA, "DROP COLUMN", " IF EXISTS", 0, NULL},
    {"DROP(?:\\s+COLUMN)?\\s+(" ID ")", GUARD, SQ | MY, "DROP COLUMN", NULL,
     MF_CHECK_COLUMN_PRESENT, "DROP COLUMN cannot say IF EXISTS"},
    {"\\w+(?:\\s+\\w+)?", AS_WRITTEN, ALL, NULL, NULL, 0, "cannot say IF [NOT] EXISTS"},
};

#define NRULES(a) (sizeof a / sizeof a[0])

/* The one table after CREATE TABLE / DROP TABLE (a list of tables, or a
 * name with an interpolated part, is not one the schema flow can follow). */
static const char table_subject[] = "\\s+(" QN ")\\s*(?:\\(|AS\\b|CASCADE\\b|RESTRICT\\b|$)";

/* CREATE INDEX name ON table (...): group 1 the index, group 2 the table. */
static const char index_target[] =
    "CREATE\\s+(?:UNIQUE\\s+)?INDEX(?:\\s+CONCURRENTLY)?\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(" QN
    ")\\s+ON\\s+(?:ONLY\\s+)?(" QN ")\\s*(?:USING\\s+\\w+\\s*)?\\(";

struct mf_sql_patterns {
    pthread_mutex_t lock;
    bool compiled;
    pcre2_code *statements[NRULES(statement_rules)];
    pcre2_code *actions[NRULES(action_rules)];
    pcre2_code *index_target;
    pcre2_code *table_subject;
};

static pcre2_code *compile(const char *pattern) {
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                      PCRE2_CASELESS | PCRE2_ANCHORED | PCRE2_UCP, &code, &offset, NULL);
    if (!re)
        abort(); /* the patterns are constants: a failure is a build bug */
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

/* Patterns are compiled on first use, once, whatever the number of threads:
 * most files have no raw SQL, and a run over one file should not pay for them. */
static void compile_all(mf_sql_patterns *p) {
    for (size_t i = 0; i < NRULES(statement_rules); i++)
        p->statements[i] = compile(statement_rules[i].pattern);
    for (size_t i = 0; i < NRULES(action_rules); i++)
        p->actions[i] = compile(action_rules[i].pattern);
    p->index_target = compile(index_target);
    p->table_subject = compile(table_subject);
}

mf_sql_patterns *mf_sql_patterns_new(void) {
    mf_sql_patterns *p = mf_xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->lock, NULL);
    return p;
}

static void ensure_compiled(const mf_sql_patterns *patterns) {
    mf_sql_patterns *p = (mf_sql_patterns *)patterns; /* compiling once is not a change */
    pthread_mutex_lock(&p->lock);
    if (!p->compiled)
        compile_all(p);
    p->compiled = true;
    pthread_mutex_unlock(&p->lock);
}

void mf_sql_patterns_free(mf_sql_patterns *p) {
    if (!p)
        return;
    pthread_mutex_destroy(&p->lock);
    for (size_t i = 0; i < NRULES(statement_rules); i++)
        pcre2_code_free(p->statements[i]);
    for (size_t i = 0; i < NRULES(action_rules); i++)
        pcre2_code_free(p->actions[i]);
    pcre2_code_free(p->index_target);
    pcre2_code_free(p->table_subject);
    free(p);
}

/* ---- lexing ------------------------------------------------------------- */

/* Skips a quoted string, quoted identifier, comment or dollar-quoted body
 * starting at S[I], returning the offset after it; I itself otherwise. */
static size_t skip_quoted(mf_slice s, size_t i) {
    char c = s.data[i];
    if (c == '\'' || c == '"' || c == '`') {
        for (i++; i < s.len; i++)
            if (s.data[i] == c) {
                if (i + 1 < s.len && s.data[i + 1] == c)
                    i++; /* doubled quote */
                else
                    return i + 1;
            }
        return s.len;
    }
    if (c == '-' && i + 1 < s.len && s.data[i + 1] == '-') {
        while (i < s.len && s.data[i] != '\n')
            i++;
        return i;
    }
    if (c == '/' && i + 1 < s.len && s.data[i + 1] == '*') {
        for (i += 2; i + 1 < s.len; i++)
            if (s.data[i] == '*' && s.data[i + 1] == '/')
                return i + 2;
        return s.len;
    }
    if (c == '$') { /* $tag$ ... $tag$ */
        size_t j = i + 1;
        while (j < s.len &&
               (s.data[j] == '_' || ((s.data[j] | 0x20) >= 'a' && (s.data[j] | 0x20) <= 'z')))
            j++;
        if (j < s.len && s.data[j] == '$') {
            size_t tag = j + 1 - i;
            for (size_t k = j + 1; k + tag <= s.len; k++)
                if (memcmp(s.data + k, s.data + i, tag) == 0)
                    return k + tag;
            return s.len;
        }
    }
    return i;
}

/* The offset of the first character at or after I that is not blank or in
 * a comment, within [I, END). */
static size_t skip_blanks_and_comments(mf_slice s, size_t i, size_t end) {
    while (i < end) {
        char c = s.data[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            i++;
        } else if ((c == '-' || c == '/') && skip_quoted(s, i) != i) {
            i = skip_quoted(s, i);
        } else {
            break;
        }
    }
    return i;
}

/* Offset of the next top-level SEPARATOR (';' or ',') in [I, END), or END. */
static size_t next_separator(mf_slice s, size_t i, size_t end, char separator) {
    int depth = 0;
    while (i < end) {
        size_t after = skip_quoted(s, i);
        if (after != i) {
            i = after;
            continue;
        }
        char c = s.data[i];
        if (c == '(')
            depth++;
        else if (c == ')' && depth > 0)
            depth--;
        else if (c == separator && depth == 0)
            return i;
        i++;
    }
    return end;
}

/* ---- analysis ----------------------------------------------------------- */

typedef struct {
    const mf_sql_patterns *patterns;
    mf_dialect dialect;
    mf_slice sql;
    mf_arena *arena;
    mf_sql_analysis *out;
    pcre2_match_data *match;
    int groups; /* what the last match returned: groups beyond it are unset */
} analyser;

/* Matches the first rule of RULES (compiled as CODES) that applies to the
 * dialect at [AT, END). Returns its index or -1. */
static int match_rule(analyser *a, const rule *rules, pcre2_code *const *codes, size_t n, size_t at,
                      size_t end) {
    unsigned bit = 1u << a->dialect;
    for (size_t i = 0; i < n; i++) {
        if (!(rules[i].dialects & bit))
            continue;
        a->groups =
            pcre2_match(codes[i], (PCRE2_SPTR)a->sql.data, end, at, PCRE2_ANCHORED, a->match, NULL);
        if (a->groups >= 0)
            return (int)i;
    }
    return -1;
}

static mf_slice group(analyser *a, int n) {
    PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(a->match);
    if (n >= a->groups || ovector[2 * n] == PCRE2_UNSET)
        return mf_slice_of(NULL, 0);
    return mf_slice_of(a->sql.data + ovector[2 * n], ovector[2 * n + 1] - ovector[2 * n]);
}

/* Splits a possibly qualified, possibly quoted name into schema and name,
 * unquoted. Returns false when part of it is interpolated. */
static bool split_name(analyser *a, mf_slice qualified, mf_slice *schema, mf_slice *name) {
    if (!qualified.data || memchr(qualified.data, MF_SQL_HOLE, qualified.len))
        return false;
    *schema = mf_slice_of(NULL, 0);
    size_t dot = next_separator(qualified, 0, qualified.len, '.');
    mf_slice parts[2] = {qualified, {NULL, 0}};
    if (dot < qualified.len) {
        parts[0] = mf_slice_trim(mf_slice_of(qualified.data, dot));
        parts[1] = mf_slice_trim(mf_slice_of(qualified.data + dot + 1, qualified.len - dot - 1));
    }
    for (int i = 0; i < (dot < qualified.len ? 2 : 1); i++) {
        mf_slice p = parts[i];
        if (p.len >= 2 && strchr("\"`[", p.data[0])) {
            p.data++;
            p.len -= 2;
        }
        parts[i] = mf_slice_cstr(mf_arena_strndup(a->arena, p.data, p.len));
    }
    if (dot < qualified.len) {
        *schema = parts[0];
        *name = parts[1];
    } else {
        *name = parts[0];
    }
    return true;
}

static const char *upper_words(analyser *a, size_t at, size_t end, int words) {
    mf_buf out = {0};
    size_t i = at;
    for (int w = 0; w < words && i < end; w++) {
        if (w)
            mf_buf_putc(&out, ' ');
        while (i < end && ((a->sql.data[i] | 0x20) >= 'a' && (a->sql.data[i] | 0x20) <= 'z'))
            mf_buf_putc(&out, (char)(a->sql.data[i++] & ~0x20));
        while (i < end && strchr(" \t\r\n", a->sql.data[i]))
            i++;
    }
    const char *text = mf_arena_strndup(a->arena, out.data ? out.data : "", out.len);
    mf_buf_free(&out);
    return text;
}

/* Insert text in the case the statement is written in. */
static const char *cased(analyser *a, const char *insert, size_t statement) {
    bool lower = (a->sql.data[statement] | 0x20) == a->sql.data[statement] &&
                 a->sql.data[statement] >= 'a' && a->sql.data[statement] <= 'z';
    if (!lower)
        return insert;
    char *copy = mf_arena_strndup(a->arena, insert, strlen(insert));
    for (char *c = copy; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c |= 0x20;
    return copy;
}

static void add_insert(analyser *a, size_t at, const char *text) {
    mf_sql_insert insert = {at, text};
    MF_VEC_PUSH(&a->out->inserts, insert);
}

/* ALTER TABLE <table> <actions>: every action must become idempotent for the
 * statement to be rewritten; a single action that needs a check is guarded. */
static void alter_table(analyser *a, mf_sql_statement *st, size_t at, size_t end, size_t start) {
    mf_slice table_name = group(a, 1);
    mf_slice schema, table;
    bool named = split_name(a, table_name, &schema, &table);
    MF_VEC(mf_sql_insert) pending = {0};
    size_t actions = 0;
    const rule *guard = NULL;
    mf_slice guard_name = {0}, column_name = {0};
    mf_check column_action = MF_CHECK_NONE;
    st->verdict = MF_SQL_IDEMPOTENT;
    st->what = "ALTER TABLE";
    if (named) {
        st->altered = table;
        st->altered_schema = schema;
    }
    for (size_t i = at; i < end; actions++) {
        size_t stop = next_separator(a->sql, i, end, ',');
        size_t begin = skip_blanks_and_comments(a->sql, i, stop);
        int r =
            match_rule(a, action_rules, a->patterns->actions, NRULES(action_rules), begin, stop);
        const rule *ru = r >= 0 ? &action_rules[r] : &action_rules[NRULES(action_rules) - 1];
        if (ru->what && r >= 0)
            st->what = mf_arena_printf(a->arena, "ALTER TABLE %s", ru->what);
        if (ru->act == INSERT) {
            if (strcmp(ru->what, "ADD COLUMN") == 0 || strcmp(ru->what, "DROP COLUMN") == 0) {
                column_action =
                    ru->what[0] == 'A' ? MF_CHECK_COLUMN_MISSING : MF_CHECK_COLUMN_PRESENT;
                column_name = group(a, 2);
            }
            mf_sql_insert ins = {begin + group(a, 1).len, cased(a, ru->insert, start)};
            MF_VEC_PUSH(&pending, ins);
            st->verdict = MF_SQL_REWRITE;
        } else if (ru->act == IDEMPOTENT && r == 0 && group(a, 2).data) {
            /* ADD COLUMN IF NOT EXISTS / DROP COLUMN IF EXISTS still need
             * their table: the prerequisites below. */
            mf_slice verb = group(a, 1);
            bool add = strncasecmp(verb.data, "ADD", 3) == 0;
            bool constraint =
                verb.len > 10 && strncasecmp(verb.data + verb.len - 10, "CONSTRAINT", 10) == 0;
            if (!constraint) {
                column_action = add ? MF_CHECK_COLUMN_MISSING : MF_CHECK_COLUMN_PRESENT;
                column_name = group(a, 2);
            }
        } else if (ru->act == GUARD) {
            guard = ru;
            guard_name = group(a, 1);
        } else if (ru->act == AS_WRITTEN) {
            st->verdict = MF_SQL_AS_WRITTEN;
            st->reason = mf_arena_printf(a->arena, "ALTER TABLE ... %s: %s",
                                         upper_words(a, begin, stop, 2), ru->reason);
        }
        i = stop < end ? stop + 1 : end;
    }
    if (st->verdict != MF_SQL_AS_WRITTEN && guard) {
        mf_slice ignored_schema;
        if (actions == 1 && named && split_name(a, guard_name, &ignored_schema, &st->name)) {
            st->verdict = MF_SQL_GUARD;
            st->check = guard->check;
            st->table = table;
            st->schema = schema;
            st->reason = guard->reason;
            st->what = mf_arena_printf(a->arena, "ALTER TABLE %s", guard->what);
        } else {
            st->verdict = MF_SQL_AS_WRITTEN;
            st->reason =
                mf_arena_printf(a->arena, "ALTER TABLE %s: %s%s", guard->what, guard->reason,
                                actions == 1 ? " (the name is interpolated)"
                                             : " (and the statement has other actions)");
        }
    }
    if (st->verdict == MF_SQL_REWRITE)
        for (size_t i = 0; i < pending.len; i++)
            add_insert(a, pending.items[i].at, pending.items[i].text);
    /* A lone ADD/DROP COLUMN also needs its table: say which check covers it. */
    mf_slice ignored;
    if ((st->verdict == MF_SQL_REWRITE || st->verdict == MF_SQL_IDEMPOTENT) && actions == 1 &&
        named && column_action != MF_CHECK_NONE &&
        split_name(a, column_name, &ignored, &st->name)) {
        st->prerequisites = column_action;
        st->table = table;
        st->schema = schema;
    }
    MF_VEC_FREE(&pending);
}

/* CREATE INDEX name ON table (a, "b" DESC, lower(c)): the index, its table
 * and its plain columns (expressions are left out: the helper checks the
 * names it is given). Fills ST's prerequisites when all of it is readable. */
static void index_prerequisites(analyser *a, mf_sql_statement *st, size_t start, size_t end) {
    a->groups = pcre2_match(a->patterns->index_target, (PCRE2_SPTR)a->sql.data, end, start,
                            PCRE2_ANCHORED, a->match, NULL);
    mf_slice index_schema, table_schema, index, table;
    if (a->groups < 0 || !split_name(a, group(a, 1), &index_schema, &index) ||
        !split_name(a, group(a, 2), &table_schema, &table))
        return;
    size_t open = pcre2_get_ovector_pointer(a->match)[1]; /* just after '(' */
    size_t close = next_separator(a->sql, open, end, ')');
    if (close >= end)
        return;
    mf_buf list = {0};
    mf_buf_putc(&list, '[');
    size_t names = 0;
    for (size_t i = open; i < close;) {
        size_t stop = next_separator(a->sql, i, close, ',');
        mf_slice element = mf_slice_trim(mf_slice_of(a->sql.data + i, stop - i));
        size_t word = 0;
        while (word < element.len && !strchr(" \t\r\n", element.data[word]))
            word++;
        mf_slice first = mf_slice_of(element.data, word);
        mf_slice rest = mf_slice_trim(mf_slice_of(element.data + word, element.len - word));
        bool plain = rest.len == 0 || (rest.len == 3 && strncasecmp(rest.data, "ASC", 3) == 0) ||
                     (rest.len == 4 && strncasecmp(rest.data, "DESC", 4) == 0);
        mf_slice schema, column;
        if (plain && first.len && !memchr(first.data, '(', first.len) && first.data[0] != '\'' &&
            split_name(a, first, &schema, &column) && !schema.data)
            mf_buf_printf(&list, "%s\"%.*s\"", names++ ? ", " : "", (int)column.len, column.data);
        i = stop + 1;
    }
    mf_buf_putc(&list, ']');
    st->prerequisites = MF_CHECK_INDEX_MISSING;
    st->name = index;
    st->table = table;
    st->schema = table_schema;
    st->columns = mf_slice_cstr(mf_arena_strndup(a->arena, list.data, list.len));
    mf_buf_free(&list);
}

/* CREATE TABLE t / DROP TABLE t: which table, for the schema flow. */
static void table_effect(analyser *a, mf_sql_statement *st, size_t start, size_t end) {
    mf_slice keyword = group(a, 1);
    mf_check effect = MF_CHECK_NONE;
    bool temporary = false; /* a session's own table: not part of the schema */
    for (size_t i = 0; i + 4 <= keyword.len; i++)
        temporary |= strncasecmp(keyword.data + i, "TEMP", 4) == 0;
    if (strcmp(st->what, "CREATE TABLE") == 0 && !temporary)
        effect = MF_CHECK_TABLE_MISSING;
    if (strcmp(st->what, "CREATE TABLE") == 0 && temporary) {
        a->groups = pcre2_match(a->patterns->table_subject, (PCRE2_SPTR)a->sql.data, end,
                                start + keyword.len, PCRE2_ANCHORED, a->match, NULL);
        st->temporary = a->groups >= 0 && split_name(a, group(a, 1), &st->schema, &st->table);
        return;
    } else if (keyword.len > 4 && strncasecmp(keyword.data, "DROP", 4) == 0 &&
               strncasecmp(mf_slice_trim(mf_slice_of(keyword.data + 4, keyword.len - 4)).data,
                           "TABLE", 5) == 0)
        effect = MF_CHECK_TABLE_PRESENT;
    if (effect == MF_CHECK_NONE)
        return;
    size_t at = start + keyword.len;
    a->groups = pcre2_match(a->patterns->table_subject, (PCRE2_SPTR)a->sql.data, end, at,
                            PCRE2_ANCHORED, a->match, NULL);
    if (a->groups >= 0 && split_name(a, group(a, 1), &st->schema, &st->table))
        st->table_effect = effect;
}

static void analyse_statement(analyser *a, size_t start, size_t end) {
    mf_sql_statement st = {.verdict = MF_SQL_AS_WRITTEN,
                           .check = MF_CHECK_NONE,
                           .prerequisites = MF_CHECK_NONE,
                           .table_effect = MF_CHECK_NONE,
                           .source = mf_slice_of(a->sql.data + start, end - start)};
    int r = match_rule(a, statement_rules, a->patterns->statements, NRULES(statement_rules), start,
                       end);
    if (r < 0) {
        st.what = upper_words(a, start, end, 2);
        st.reason = mf_arena_printf(a->arena, "SQL migfix does not rewrite (%s)", st.what);
        MF_VEC_PUSH(&a->out->statements, st);
        return;
    }
    const rule *ru = &statement_rules[r];
    st.what = ru->what ? ru->what : upper_words(a, start, end, 1);
    switch (ru->act) {
    case INSERT:
        st.verdict = MF_SQL_REWRITE;
        add_insert(a, start + group(a, 1).len, cased(a, ru->insert, start));
        table_effect(a, &st, start, end);
        break;
    case IDEMPOTENT:
        st.verdict = MF_SQL_IDEMPOTENT;
        break;
    case GUARD: {
        mf_slice schema, table_schema;
        st.reason = ru->reason;
        if (split_name(a, group(a, 1), &schema, &st.name) &&
            (!group(a, 2).data || split_name(a, group(a, 2), &table_schema, &st.table))) {
            st.verdict = MF_SQL_GUARD;
            st.check = ru->check;
            st.schema = group(a, 2).data ? table_schema : schema;
        } else {
            st.reason = mf_arena_printf(a->arena, "%s (and the name is interpolated)", ru->reason);
        }
        break;
    }
    case ALTER_TABLE: {
        PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(a->match);
        alter_table(a, &st, ovector[1], end, start);
        break;
    }
    case AS_WRITTEN:
        st.reason =
            ru->what ? ru->reason : mf_arena_printf(a->arena, "%s (%s)", ru->reason, st.what);
        break;
    }
    /* CREATE INDEX, and CREATE INDEX IF NOT EXISTS: IF NOT EXISTS looks at
     * the index, not at the table and columns it needs. */
    if ((st.what && strcmp(st.what, "CREATE INDEX") == 0) || st.verdict == MF_SQL_IDEMPOTENT)
        index_prerequisites(a, &st, start, end);
    MF_VEC_PUSH(&a->out->statements, st);
}

void mf_sql_analyse(const mf_sql_patterns *patterns, mf_dialect dialect, mf_slice sql,
                    mf_arena *arena, mf_sql_analysis *out) {
    memset(out, 0, sizeof *out);
    ensure_compiled(patterns);
    analyser a = {patterns, dialect, sql, arena, out, NULL, 0};
    a.match = pcre2_match_data_create(16, NULL);
    for (size_t i = 0; i < sql.len;) {
        size_t end = next_separator(sql, i, sql.len, ';');
        size_t start = skip_blanks_and_comments(sql, i, end);
        if (start < end)
            analyse_statement(&a, start, end);
        i = end + 1;
    }
    pcre2_match_data_free(a.match);
}

void mf_sql_analysis_free(mf_sql_analysis *analysis) {
    MF_VEC_FREE(&analysis->statements);
    MF_VEC_FREE(&analysis->inserts);
}
