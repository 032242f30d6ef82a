/* The operation table (see ops.h). Signatures follow Alembic's Operations and
 * BatchOperations; what each guard checks follows REFERENCE.md section 1. */
#include "ops.h"

#include <string.h>

static const char *const check_names[MF_CHECK_COUNT] = {
    [MF_CHECK_TABLE_MISSING] = "table_missing",
    [MF_CHECK_TABLE_PRESENT] = "table_present",
    [MF_CHECK_TABLE_RENAMABLE] = "table_renamable",
    [MF_CHECK_COLUMN_MISSING] = "column_missing",
    [MF_CHECK_COLUMN_PRESENT] = "column_present",
    [MF_CHECK_COLUMN_RENAMABLE] = "column_renamable",
    [MF_CHECK_INDEX_MISSING] = "index_missing",
    [MF_CHECK_INDEX_PRESENT] = "index_present",
    [MF_CHECK_UNIQUE_MISSING] = "unique_missing",
    [MF_CHECK_FOREIGN_KEY_MISSING] = "foreign_key_missing",
    [MF_CHECK_CHECK_MISSING] = "check_missing",
    [MF_CHECK_PRIMARY_KEY_MISSING] = "primary_key_missing",
    [MF_CHECK_CONSTRAINT_MISSING] = "constraint_missing",
    [MF_CHECK_CONSTRAINT_PRESENT] = "constraint_present",
    [MF_CHECK_TYPE_MISSING] = "type_missing",
    [MF_CHECK_TRIGGER_MISSING] = "trigger_missing",
    [MF_CHECK_ENTITY_MISSING] = "entity_missing",
    [MF_CHECK_ENTITY_PRESENT] = "entity_present",
    [MF_CHECK_REVISION_APPLIED] = "revision_applied",
};

static const char *const var_names[MF_VAR_COUNT] = {
    [MF_VAR_TABLE] = "table",
    [MF_VAR_COLUMN] = "column",
    [MF_VAR_SCHEMA] = "schema",
    [MF_VAR_NAME] = "name",
    [MF_VAR_COLUMNS] = "columns",
    [MF_VAR_NEW_NAME] = "new_name",
    [MF_VAR_REFERENT] = "referent",
    [MF_VAR_REMOTE_COLUMNS] = "remote_columns",
    [MF_VAR_REFERENT_SCHEMA] = "referent_schema",
    [MF_VAR_TYPE] = "type",
    [MF_VAR_BATCH] = "batch",
    [MF_VAR_ALL_OF] = "all_of",
    [MF_VAR_ANY_OF] = "any_of",
    [MF_VAR_NONE_OF] = "none_of",
    [MF_VAR_COMPARE] = "compare",
    [MF_VAR_ENTITY] = "entity",
    [MF_VAR_COLUMN_TYPE] = "column_type",
    [MF_VAR_NULLABLE] = "nullable",
    [MF_VAR_PRIMARY_KEY] = "primary_key",
    [MF_VAR_UNIQUE] = "unique",
    [MF_VAR_FOREIGN_KEYS] = "foreign_keys",
    [MF_VAR_COLUMN_INDEX] = "index",
    [MF_VAR_INDEXES] = "indexes",
    [MF_VAR_TYPES] = "types",
    [MF_VAR_REPLACED_BY] = "replaced_by",
    [MF_VAR_REPLACING] = "replacing",
    [MF_VAR_SEEDED] = "seeded",
    [MF_VAR_REBUILT] = "rebuilt",
};

const char *mf_check_name(mf_check check) {
    return check >= 0 && check < MF_CHECK_COUNT ? check_names[check] : NULL;
}

const char *mf_var_name(mf_var var) {
    return var >= 0 && var < MF_VAR_COUNT ? var_names[var] : NULL;
}

/* Argument specs: ARG(placeholder, position, keyword), OPT(...) if optional. */
#define ARG(var, pos, kw)                                                                          \
    { MF_VAR_##var, pos, kw, MF_ARG_VALUE, false }
#define OPT(var, pos, kw)                                                                          \
    { MF_VAR_##var, pos, kw, MF_ARG_VALUE, true }
#define COLUMN_OBJECT(pos)                                                                         \
    { MF_VAR_COLUMN, pos, "column", MF_ARG_COLUMN_NAME, false }
#define SCHEMA OPT(SCHEMA, -1, "schema")
/* What add_column's Column says (at POS), for the drift comparison, and the
 * foreign keys Alembic adds after the column. */
#define COLUMN_FACTS(pos)                                                                          \
    {MF_VAR_COLUMN_TYPE, pos, "column", MF_ARG_COLUMN_TYPE, true},                                 \
        {MF_VAR_NULLABLE, pos, "column", MF_ARG_COLUMN_NULLABLE, true},                            \
        {MF_VAR_PRIMARY_KEY, pos, "column", MF_ARG_COLUMN_PRIMARY_KEY, true},                      \
        {MF_VAR_FOREIGN_KEYS, pos, "column", MF_ARG_COLUMN_FOREIGN_KEYS, true}, {                  \
        MF_VAR_COLUMN_INDEX, pos, "column", MF_ARG_COLUMN_INDEX, true                              \
    }
#define CHECK(name) MF_CHECK_##name
#define NONE                                                                                       \
    {                                                                                              \
        MF_CHECK_NONE, {                                                                           \
            { 0 }                                                                                  \
        }                                                                                          \
    }

static const mf_op_kind kinds[] = {
    {"create_table",
     {CHECK(TABLE_MISSING),
      {ARG(TABLE, 0, "table_name"),
       SCHEMA,
       {MF_VAR_COLUMNS, 1, "columns", MF_ARG_TABLE_COLUMNS, true},
       {MF_VAR_INDEXES, 1, "columns", MF_ARG_TABLE_INDEXES, true},
       {MF_VAR_TYPES, 1, "columns", MF_ARG_TABLE_TYPES, true}}},
     NONE,
     MF_CHECK_NONE,
     false,
     "if_not_exists",
     11303,
     NULL},
    {"drop_table",
     {CHECK(TABLE_PRESENT), {ARG(TABLE, 0, "table_name"), SCHEMA}},
     NONE,
     MF_CHECK_NONE,
     false,
     "if_exists",
     11303,
     NULL},
    {"rename_table",
     {CHECK(TABLE_RENAMABLE),
      {ARG(TABLE, 0, "old_table_name"), ARG(NEW_NAME, 1, "new_table_name"), SCHEMA}},
     NONE,
     MF_CHECK_NONE,
     false,
     NULL,
     0,
     NULL},
    {"add_column",
     {CHECK(COLUMN_MISSING),
      {ARG(TABLE, 0, "table_name"), COLUMN_OBJECT(1), SCHEMA, COLUMN_FACTS(1)}},
     {CHECK(COLUMN_MISSING), {COLUMN_OBJECT(0), COLUMN_FACTS(0)}},
     MF_CHECK_NONE,
     false,
     "if_not_exists",
     11600,
     NULL},
    {"drop_column",
     {CHECK(COLUMN_PRESENT), {ARG(TABLE, 0, "table_name"), ARG(COLUMN, 1, "column_name"), SCHEMA}},
     {CHECK(COLUMN_PRESENT), {ARG(COLUMN, 0, "column_name")}},
     MF_CHECK_NONE,
     false,
     "if_exists",
     11600,
     NULL},
    {"alter_column",
     {CHECK(COLUMN_PRESENT),
      {ARG(TABLE, 0, "table_name"), ARG(COLUMN, 1, "column_name"),
       OPT(NEW_NAME, -1, "new_column_name"), SCHEMA}},
     {CHECK(COLUMN_PRESENT), {ARG(COLUMN, 0, "column_name"), OPT(NEW_NAME, -1, "new_column_name")}},
     CHECK(COLUMN_RENAMABLE),
     false,
     NULL,
     0,
     NULL},
    {"create_index",
     {CHECK(INDEX_MISSING),
      {ARG(NAME, 0, "index_name"),
       ARG(TABLE, 1, "table_name"),
       ARG(COLUMNS, 2, "columns"),
       SCHEMA,
       {MF_VAR_UNIQUE, -1, "unique", MF_ARG_LITERAL_BOOL, true}}},
     {CHECK(INDEX_MISSING),
      {ARG(NAME, 0, "index_name"),
       ARG(COLUMNS, 1, "columns"),
       {MF_VAR_UNIQUE, -1, "unique", MF_ARG_LITERAL_BOOL, true}}},
     MF_CHECK_NONE,
     false,
     "if_not_exists",
     11102,
     NULL},
    {"drop_index",
     {CHECK(INDEX_PRESENT), {ARG(NAME, 0, "index_name"), OPT(TABLE, 1, "table_name"), SCHEMA}},
     {CHECK(INDEX_PRESENT), {ARG(NAME, 0, "index_name")}},
     MF_CHECK_NONE,
     true,
     "if_exists",
     11102,
     NULL},
    {"create_unique_constraint",
     {CHECK(UNIQUE_MISSING),
      {ARG(NAME, 0, "constraint_name"), ARG(TABLE, 1, "table_name"), ARG(COLUMNS, 2, "columns"),
       SCHEMA}},
     {CHECK(UNIQUE_MISSING), {ARG(NAME, 0, "constraint_name"), ARG(COLUMNS, 1, "columns")}},
     MF_CHECK_NONE,
     false,
     NULL,
     0,
     NULL},
    {"create_foreign_key",
     {CHECK(FOREIGN_KEY_MISSING),
      {ARG(NAME, 0, "constraint_name"), ARG(TABLE, 1, "source_table"),
       ARG(REFERENT, 2, "referent_table"), ARG(COLUMNS, 3, "local_cols"),
       ARG(REMOTE_COLUMNS, 4, "remote_cols"), OPT(SCHEMA, -1, "source_schema"),
       OPT(REFERENT_SCHEMA, -1, "referent_schema")}},
     {CHECK(FOREIGN_KEY_MISSING),
      {ARG(NAME, 0, "constraint_name"), ARG(REFERENT, 1, "referent_table"),
       ARG(COLUMNS, 2, "local_cols"), ARG(REMOTE_COLUMNS, 3, "remote_cols"),
       OPT(REFERENT_SCHEMA, -1, "referent_schema")}},
     MF_CHECK_NONE,
     false,
     NULL,
     0,
     NULL},
    {"create_check_constraint",
     {CHECK(CHECK_MISSING), {ARG(NAME, 0, "constraint_name"), ARG(TABLE, 1, "table_name"), SCHEMA}},
     {CHECK(CHECK_MISSING), {ARG(NAME, 0, "constraint_name")}},
     MF_CHECK_NONE,
     true,
     NULL,
     0,
     NULL},
    {"create_primary_key",
     {CHECK(PRIMARY_KEY_MISSING),
      {ARG(TABLE, 1, "table_name"), ARG(COLUMNS, 2, "columns"), SCHEMA}},
     {CHECK(PRIMARY_KEY_MISSING), {ARG(COLUMNS, 1, "columns")}},
     MF_CHECK_NONE,
     false,
     NULL,
     0,
     NULL},
    {"create_exclude_constraint",
     {CHECK(CONSTRAINT_MISSING),
      {ARG(NAME, 0, "constraint_name"), ARG(TABLE, 1, "table_name"), SCHEMA}},
     {CHECK(CONSTRAINT_MISSING), {ARG(NAME, 0, "constraint_name")}},
     MF_CHECK_NONE,
     true,
     NULL,
     0,
     NULL},
    {"drop_constraint",
     {CHECK(CONSTRAINT_PRESENT),
      {ARG(NAME, 0, "constraint_name"), ARG(TABLE, 1, "table_name"), OPT(TYPE, 2, "type_"),
       SCHEMA}},
     {CHECK(CONSTRAINT_PRESENT), {ARG(NAME, 0, "constraint_name"), OPT(TYPE, 1, "type_")}},
     MF_CHECK_NONE,
     true,
     "if_exists",
     11600,
     NULL},
    {"create_table_comment", NONE, NONE, MF_CHECK_NONE, false, NULL, 0,
     "naturally re-runnable (setting a comment twice is harmless)"},
    {"drop_table_comment", NONE, NONE, MF_CHECK_NONE, false, NULL, 0,
     "naturally re-runnable (dropping a comment twice is harmless)"},
    {"bulk_insert", NONE, NONE, MF_CHECK_NONE, false, NULL, 0,
     "data operation: inserting rows cannot be made idempotent by an existence check"},
    {"execute", NONE, NONE, MF_CHECK_NONE, false, NULL, 0, "raw SQL"},
    /* Extensions that register operations on op. */
    {"sync_enum_values", NONE, NONE, MF_CHECK_NONE, false, NULL, 0,
     "re-runnable (alembic-postgresql-enum: sets the enum's values to the list given)"},
    {"replace_entity", NONE, NONE, MF_CHECK_NONE, false, NULL, 0,
     "re-runnable (alembic_utils: CREATE OR REPLACE)"},
    /* alembic_utils: op.create_entity(target), op.drop_entity(target, ...). */
    {"create_entity",
     {CHECK(ENTITY_MISSING), {{MF_VAR_ENTITY, 0, "target", MF_ARG_ENTITY, false}}},
     NONE,
     MF_CHECK_NONE,
     false,
     NULL,
     0,
     NULL},
    {"drop_entity",
     {CHECK(ENTITY_PRESENT), {{MF_VAR_ENTITY, 0, "target", MF_ARG_ENTITY, false}}},
     NONE,
     MF_CHECK_NONE,
     false,
     NULL,
     0,
     NULL},
};

static const mf_op_kind unknown = {"unknown", NONE, NONE, MF_CHECK_NONE,
                                   false,     NULL, 0,    "not an Alembic operation migfix knows"};

const mf_op_kind *mf_op_kind_unknown(void) {
    return &unknown;
}

bool mf_op_kind_rerunnable(const mf_op_kind *kind) {
    return strcmp(kind->name, "sync_enum_values") == 0 || strcmp(kind->name, "replace_entity") == 0;
}

bool mf_op_is_helper(mf_slice name) {
    static const char *const helpers[] = {"f",
                                          "get_bind",
                                          "get_context",
                                          "inline_literal",
                                          "batch_alter_table",
                                          "invoke",
                                          "implementation_for",
                                          "run_async",
                                          "register_operation",
                                          "get_context",
                                          "migration_context",
                                          "impl"};
    for (size_t i = 0; i < sizeof helpers / sizeof *helpers; i++)
        if (mf_slice_eq_cstr(name, helpers[i]))
            return true;
    return false;
}

static const mf_op_kind type_create = {"create", NONE,         NONE, MF_CHECK_NONE,
                                       false,    "checkfirst", 0,    NULL};
static const mf_op_kind type_drop = {"drop", NONE,         NONE, MF_CHECK_NONE,
                                     false,  "checkfirst", 0,    NULL};

const mf_op_kind *mf_op_kind_type_create(void) {
    return &type_create;
}

const mf_op_kind *mf_op_kind_type_drop(void) {
    return &type_drop;
}

const mf_op_kind *mf_op_kind_find(mf_slice name) {
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (mf_slice_eq_cstr(name, kinds[i].name))
            return &kinds[i];
    return NULL;
}
