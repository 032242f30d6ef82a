/* The catalog's storage (see catalog.h) and the type families: a type name
 * is reduced to its words without parameters ("timestamp(6) without time
 * zone" -> "timestamp without time zone", "bigint(20) unsigned" -> "bigint")
 * and looked up by name, so that every dialect's spelling of one SQLAlchemy
 * type lands on one family. Names are matched whole: SQLite's substring
 * affinity rules would make PostgreSQL's "interval" and "point" integers. */
#include "catalog.h"

#include <ctype.h>
#include <string.h>

void mf_catalog_init(mf_catalog *catalog, int dialect) {
    memset(catalog, 0, sizeof *catalog);
    catalog->dialect = dialect;
}

void mf_catalog_free(mf_catalog *catalog) {
    for (size_t i = 0; i < catalog->tables.len; i++) {
        mf_catalog_table *t = &catalog->tables.items[i];
        MF_VEC_FREE(&t->columns);
        MF_VEC_FREE(&t->indexes);
        MF_VEC_FREE(&t->constraints);
    }
    MF_VEC_FREE(&catalog->tables);
    MF_VEC_FREE(&catalog->types);
    MF_VEC_FREE(&catalog->versions);
    mf_arena_free(&catalog->arena);
}

static const char *copy(mf_catalog *catalog, const char *s) {
    return s ? mf_arena_strndup(&catalog->arena, s, strlen(s)) : NULL;
}

mf_catalog_table *mf_catalog_add_table(mf_catalog *catalog, const char *schema, const char *name) {
    mf_catalog_table t = {0};
    t.schema = copy(catalog, schema);
    t.name = copy(catalog, name);
    MF_VEC_PUSH(&catalog->tables, t);
    return &catalog->tables.items[catalog->tables.len - 1];
}

void mf_catalog_add_column(mf_catalog *catalog, mf_catalog_table *table, const char *name,
                           const char *type, bool nullable) {
    mf_catalog_column c = {copy(catalog, name), copy(catalog, type),
                           type ? mf_type_family_of_sql(type) : MF_TYPE_UNKNOWN, nullable};
    MF_VEC_PUSH(&table->columns, c);
}

void mf_catalog_add_index(mf_catalog *catalog, mf_catalog_table *table, const char *name,
                          bool unique, const char *const *columns, size_t ncolumns) {
    mf_catalog_index ix = {copy(catalog, name), unique, NULL, ncolumns};
    ix.columns = mf_arena_alloc(&catalog->arena, (ncolumns ? ncolumns : 1) * sizeof(char *));
    for (size_t i = 0; i < ncolumns; i++)
        ix.columns[i] = copy(catalog, columns[i]);
    MF_VEC_PUSH(&table->indexes, ix);
}

void mf_catalog_add_constraint(mf_catalog *catalog, mf_catalog_table *table, const char *name,
                               mf_constraint_kind kind) {
    mf_catalog_constraint c = {copy(catalog, name), kind};
    MF_VEC_PUSH(&table->constraints, c);
}

void mf_catalog_add_type(mf_catalog *catalog, const char *schema, const char *name) {
    mf_catalog_type t = {copy(catalog, schema), copy(catalog, name)};
    MF_VEC_PUSH(&catalog->types, t);
}

void mf_catalog_add_version(mf_catalog *catalog, const char *revision) {
    const char *r = copy(catalog, revision);
    MF_VEC_PUSH(&catalog->versions, r);
}

/* ---- type families ------------------------------------------------------ */

static const char *const family_names[] = {
    "unknown", "integer", "boolean",  "string", "text", "numeric", "float", "datetime",
    "date",    "time",    "interval", "binary", "json", "uuid",    "enum",
};

const char *mf_type_family_name(mf_type_family family) {
    if ((size_t)family >= sizeof family_names / sizeof family_names[0])
        return "unknown";
    return family_names[family];
}

static const struct {
    const char *name;
    mf_type_family family;
} type_names[] = {
    {"integer", MF_TYPE_INTEGER},
    {"int", MF_TYPE_INTEGER},
    {"int2", MF_TYPE_INTEGER},
    {"int4", MF_TYPE_INTEGER},
    {"int8", MF_TYPE_INTEGER},
    {"smallint", MF_TYPE_INTEGER},
    {"bigint", MF_TYPE_INTEGER},
    {"tinyint", MF_TYPE_INTEGER},
    {"mediumint", MF_TYPE_INTEGER},
    {"serial", MF_TYPE_INTEGER},
    {"smallserial", MF_TYPE_INTEGER},
    {"bigserial", MF_TYPE_INTEGER},
    {"serial2", MF_TYPE_INTEGER},
    {"serial4", MF_TYPE_INTEGER},
    {"serial8", MF_TYPE_INTEGER},
    {"unsigned big int", MF_TYPE_INTEGER},
    {"boolean", MF_TYPE_BOOLEAN},
    {"bool", MF_TYPE_BOOLEAN},
    {"varchar", MF_TYPE_STRING},
    {"character varying", MF_TYPE_STRING},
    {"char varying", MF_TYPE_STRING},
    {"char", MF_TYPE_STRING},
    {"character", MF_TYPE_STRING},
    {"bpchar", MF_TYPE_STRING},
    {"nchar", MF_TYPE_STRING},
    {"nvarchar", MF_TYPE_STRING},
    {"varchar2", MF_TYPE_STRING},
    {"nvarchar2", MF_TYPE_STRING},
    {"national char", MF_TYPE_STRING},
    {"national character", MF_TYPE_STRING},
    {"national char varying", MF_TYPE_STRING},
    {"national character varying", MF_TYPE_STRING},
    {"nchar varying", MF_TYPE_STRING},
    {"varying character", MF_TYPE_STRING},
    {"native character", MF_TYPE_STRING},
    {"text", MF_TYPE_TEXT},
    {"tinytext", MF_TYPE_TEXT},
    {"mediumtext", MF_TYPE_TEXT},
    {"longtext", MF_TYPE_TEXT},
    {"clob", MF_TYPE_TEXT},
    {"ntext", MF_TYPE_TEXT},
    {"citext", MF_TYPE_TEXT},
    {"numeric", MF_TYPE_NUMERIC},
    {"decimal", MF_TYPE_NUMERIC},
    {"dec", MF_TYPE_NUMERIC},
    {"fixed", MF_TYPE_NUMERIC},
    {"real", MF_TYPE_FLOAT},
    {"float", MF_TYPE_FLOAT},
    {"float4", MF_TYPE_FLOAT},
    {"float8", MF_TYPE_FLOAT},
    {"double", MF_TYPE_FLOAT},
    {"double precision", MF_TYPE_FLOAT},
    {"timestamp", MF_TYPE_DATETIME},
    {"timestamptz", MF_TYPE_DATETIME},
    {"timestamp without time zone", MF_TYPE_DATETIME},
    {"timestamp with time zone", MF_TYPE_DATETIME},
    {"datetime", MF_TYPE_DATETIME},
    {"datetime2", MF_TYPE_DATETIME},
    {"smalldatetime", MF_TYPE_DATETIME},
    {"date", MF_TYPE_DATE},
    {"time", MF_TYPE_TIME},
    {"timetz", MF_TYPE_TIME},
    {"time without time zone", MF_TYPE_TIME},
    {"time with time zone", MF_TYPE_TIME},
    {"interval", MF_TYPE_INTERVAL},
    {"bytea", MF_TYPE_BINARY},
    {"blob", MF_TYPE_BINARY},
    {"tinyblob", MF_TYPE_BINARY},
    {"mediumblob", MF_TYPE_BINARY},
    {"longblob", MF_TYPE_BINARY},
    {"binary", MF_TYPE_BINARY},
    {"varbinary", MF_TYPE_BINARY},
    {"json", MF_TYPE_JSON},
    {"jsonb", MF_TYPE_JSON},
    {"uuid", MF_TYPE_UUID},
    {"enum", MF_TYPE_ENUM},
};

/* PostgreSQL's interval with fields ("interval day to second"). */
static const char *const interval_fields[] = {"year", "month", "day", "hour", "minute", "second"};

mf_type_family mf_type_family_of_sql(const char *type) {
    /* The words of TYPE, lowercased and single-spaced, without parameter
     * groups; the first group's text is kept for tinyint(1). */
    char words[128];
    size_t n = 0;
    const char *args = NULL;
    size_t args_len = 0;
    int depth = 0;
    for (const char *p = type; *p; p++) {
        char c = *p;
        if (c == '[')
            return MF_TYPE_UNKNOWN; /* an array is not its element's family */
        if (c == '(') {
            if (depth++ == 0 && !args) {
                args = p + 1;
                args_len = strcspn(args, ")");
            }
            continue;
        }
        if (c == ')') {
            if (depth > 0)
                depth--;
            continue;
        }
        if (depth > 0) {
            if (c == '\'') { /* enum('a)', ...): a quoted value holds anything */
                while (p[1] && (p[1] != '\'' || p[2] == '\''))
                    p += p[1] == '\'' ? 2 : 1;
                if (p[1])
                    p++;
            }
            continue;
        }
        if (isspace((unsigned char)c)) {
            if (n > 0 && words[n - 1] != ' ' && n < sizeof words - 1)
                words[n++] = ' ';
            continue;
        }
        if (n >= sizeof words - 1)
            return MF_TYPE_UNKNOWN;
        words[n++] = (char)tolower((unsigned char)c);
    }
    while (n > 0 && words[n - 1] == ' ')
        n--;
    words[n] = '\0';
    /* MySQL's attributes, and the charset/collation it may append. */
    static const char *const suffixes[] = {" unsigned", " signed", " zerofill"};
    for (bool again = true; again;) {
        again = false;
        for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
            size_t len = strlen(suffixes[i]);
            if (n > len && strcmp(words + n - len, suffixes[i]) == 0) {
                n -= len;
                words[n] = '\0';
                again = true;
            }
        }
    }
    char *cut = strstr(words, " character set ");
    if (!cut)
        cut = strstr(words, " collate ");
    if (cut)
        *cut = '\0';

    if (strcmp(words, "tinyint") == 0 && args && args_len == 1 && args[0] == '1')
        return MF_TYPE_BOOLEAN;
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
        if (strcmp(words, type_names[i].name) == 0)
            return type_names[i].family;
    if (strncmp(words, "interval ", 9) == 0)
        for (size_t i = 0; i < sizeof interval_fields / sizeof interval_fields[0]; i++)
            if (strncmp(words + 9, interval_fields[i], strlen(interval_fields[i])) == 0)
                return MF_TYPE_INTERVAL;
    return MF_TYPE_UNKNOWN;
}
