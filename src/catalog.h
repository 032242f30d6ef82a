/* What a database holds, as `migfix locate` compares it with the chain: its
 * tables with their columns, indexes and constraints, its enum types (on
 * PostgreSQL) and what its alembic_version table says. Filled by db.c from a
 * live connection, or by a test by hand; read by chain_place.c. Everything
 * lives in the catalog's arena (one free: mf_catalog_free).
 *
 * Names are as the database reports them. SCHEMA is NULL for the schema the
 * connection works in (PostgreSQL's current_schema(), MySQL's database,
 * SQLite's main), so that they compare with a migration that names none. */
#ifndef MIGFIX_CATALOG_H
#define MIGFIX_CATALOG_H

#include "arena.h"
#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

/* A column's type reduced to what the chain can compare it with: SQLAlchemy
 * types of one family land on these whatever the dialect spells. */
typedef enum {
    MF_TYPE_UNKNOWN, /* not read, or a family migfix does not compare */
    MF_TYPE_INTEGER, /* INTEGER, BIGINT, SMALLINT, SERIAL, MySQL's TINYINT(n>1) */
    MF_TYPE_BOOLEAN, /* BOOLEAN; MySQL's TINYINT(1) */
    MF_TYPE_STRING,  /* VARCHAR, CHAR, CHARACTER VARYING, NVARCHAR */
    MF_TYPE_TEXT,    /* TEXT, CLOB, MEDIUMTEXT, LONGTEXT */
    MF_TYPE_NUMERIC, /* NUMERIC, DECIMAL */
    MF_TYPE_FLOAT,   /* REAL, FLOAT, DOUBLE */
    MF_TYPE_DATETIME,
    MF_TYPE_DATE,
    MF_TYPE_TIME,
    MF_TYPE_INTERVAL,
    MF_TYPE_BINARY, /* BYTEA, BLOB, VARBINARY */
    MF_TYPE_JSON,   /* JSON, JSONB */
    MF_TYPE_UUID,
    MF_TYPE_ENUM, /* a PostgreSQL enum type, MySQL's ENUM(...) */
} mf_type_family;

const char *mf_type_family_name(mf_type_family family); /* "integer", ... */
/* The family of a type as a database or SQL spells it ("character
 * varying(40)", "tinyint(1)", "timestamp without time zone"). */
mf_type_family mf_type_family_of_sql(const char *type);

typedef struct {
    const char *name;
    const char *type; /* as the database spells it */
    mf_type_family family;
    bool nullable;
} mf_catalog_column;

typedef struct {
    const char *name;
    bool unique;
    const char **columns; /* NULL items: an expression */
    size_t ncolumns;
} mf_catalog_index;

typedef enum {
    MF_CONSTRAINT_PRIMARY,
    MF_CONSTRAINT_UNIQUE,
    MF_CONSTRAINT_FOREIGN,
    MF_CONSTRAINT_CHECK,
} mf_constraint_kind;

typedef struct {
    const char *name; /* NULL: unnamed (SQLite) */
    mf_constraint_kind kind;
} mf_catalog_constraint;

typedef struct {
    const char *schema; /* NULL: the connection's own */
    const char *name;
    MF_VEC(mf_catalog_column) columns;
    /* Indexes made by CREATE INDEX or index=True; not those a constraint
     * makes for itself (PostgreSQL's unique and primary key indexes,
     * SQLite's sqlite_autoindex_*), which are constraints. */
    MF_VEC(mf_catalog_index) indexes;
    MF_VEC(mf_catalog_constraint) constraints;
} mf_catalog_table;

typedef struct {
    const char *schema; /* NULL: the connection's own */
    const char *name;
} mf_catalog_type;

typedef struct {
    mf_arena arena;
    int dialect;                     /* mf_dialect */
    MF_VEC(mf_catalog_table) tables; /* without alembic_version */
    MF_VEC(mf_catalog_type) types;
    /* The alembic_version table: present, and the revisions its rows name
     * (in the arena). */
    bool has_version_table;
    MF_VEC(const char *) versions;
} mf_catalog;

void mf_catalog_init(mf_catalog *catalog, int dialect);
void mf_catalog_free(mf_catalog *catalog);
/* Adds a table (names copied into the arena) and returns it, to fill. */
mf_catalog_table *mf_catalog_add_table(mf_catalog *catalog, const char *schema, const char *name);
void mf_catalog_add_column(mf_catalog *catalog, mf_catalog_table *table, const char *name,
                           const char *type, bool nullable);
void mf_catalog_add_index(mf_catalog *catalog, mf_catalog_table *table, const char *name,
                          bool unique, const char *const *columns, size_t ncolumns);
void mf_catalog_add_constraint(mf_catalog *catalog, mf_catalog_table *table, const char *name,
                               mf_constraint_kind kind);
void mf_catalog_add_type(mf_catalog *catalog, const char *schema, const char *name);
void mf_catalog_add_version(mf_catalog *catalog, const char *revision);

#endif
