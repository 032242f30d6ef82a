/* The operation table (see ops.h). Signatures follow Alembic's op API; the
 * guard semantics follow REFERENCE.md section 1. */
#include "ops.h"

#include <string.h>

static const char *const check_names[MF_CHECK_COUNT] = {
    [MF_CHECK_TABLE_MISSING] = "table_missing",
    [MF_CHECK_TABLE_PRESENT] = "table_present",
    [MF_CHECK_COLUMN_MISSING] = "column_missing",
    [MF_CHECK_COLUMN_PRESENT] = "column_present",
};

const char *mf_check_name(mf_check check) {
    return check >= 0 && check < MF_CHECK_COUNT ? check_names[check] : NULL;
}

#define TABLE_ARG                                                                                  \
    { MF_ARG_VALUE, 0, "table_name" }
#define NO_ARG                                                                                     \
    { MF_ARG_ABSENT, -1, NULL }
#define NOT_YET "migfix has no guard for this operation yet"

static const mf_op_kind kinds[] = {
    {"create_table", MF_CHECK_TABLE_MISSING, TABLE_ARG, NO_ARG, "if_not_exists", NULL},
    {"drop_table", MF_CHECK_TABLE_PRESENT, TABLE_ARG, NO_ARG, "if_exists", NULL},
    {"add_column",
     MF_CHECK_COLUMN_MISSING,
     TABLE_ARG,
     {MF_ARG_COLUMN_NAME, 1, "column"},
     "if_not_exists",
     NULL},
    {"drop_column",
     MF_CHECK_COLUMN_PRESENT,
     TABLE_ARG,
     {MF_ARG_VALUE, 1, "column_name"},
     "if_exists",
     NULL},
    {"alter_column", MF_CHECK_NONE, NO_ARG, NO_ARG, NULL, NOT_YET},
    {"create_index", MF_CHECK_NONE, NO_ARG, NO_ARG, "if_not_exists", NOT_YET},
    {"drop_index", MF_CHECK_NONE, NO_ARG, NO_ARG, "if_exists", NOT_YET},
    {"create_unique_constraint", MF_CHECK_NONE, NO_ARG, NO_ARG, NULL, NOT_YET},
    {"create_foreign_key", MF_CHECK_NONE, NO_ARG, NO_ARG, NULL, NOT_YET},
    {"create_check_constraint", MF_CHECK_NONE, NO_ARG, NO_ARG, NULL, NOT_YET},
    {"create_primary_key", MF_CHECK_NONE, NO_ARG, NO_ARG, NULL, NOT_YET},
    {"create_exclude_constraint", MF_CHECK_NONE, NO_ARG, NO_ARG, NULL, NOT_YET},
    {"drop_constraint", MF_CHECK_NONE, NO_ARG, NO_ARG, "if_exists", NOT_YET},
    {"rename_table", MF_CHECK_NONE, NO_ARG, NO_ARG, NULL, NOT_YET},
    {"create_table_comment", MF_CHECK_NONE, NO_ARG, NO_ARG, NULL,
     "naturally re-runnable (setting a comment twice is harmless)"},
    {"drop_table_comment", MF_CHECK_NONE, NO_ARG, NO_ARG, NULL,
     "naturally re-runnable (dropping a comment twice is harmless)"},
    {"bulk_insert", MF_CHECK_NONE, NO_ARG, NO_ARG, NULL,
     "data operation: inserting rows cannot be made idempotent by an existence check"},
    {"execute", MF_CHECK_NONE, NO_ARG, NO_ARG, NULL, "raw SQL"},
};

const mf_op_kind *mf_op_kind_find(mf_slice name) {
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (mf_slice_eq_cstr(name, kinds[i].name))
            return &kinds[i];
    return NULL;
}
