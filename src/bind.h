/* What each name is bound to, per scope (the module and each function),
 * read in one walk of a file's tree and then shared by every lookup: a
 * lookup costs two binary searches instead of a walk of the function and
 * of the module, which made files with many local names quadratic. */
#ifndef MIGFIX_BIND_H
#define MIGFIX_BIND_H

#include "arena.h"
#include "buf.h"

#include <tree_sitter/api.h>

typedef struct mf_bindings mf_bindings;

/* The value NAME has at AT: that of the binding that reaches AT in the
 * function around it, which is the last one written before AT when it is a
 * statement of a block around AT and no later binding sits in a loop around
 * AT; else, when that function never binds NAME, the module's one binding.
 * A binding is `NAME = value` (or a `for` over a value: that value); other
 * ways to bind a name (parameters, imports, `as`, `:=`, `+=`, unpacking,
 * comprehensions, `global`, def, class) bind it to no value migfix
 * follows. Nested functions' bindings count in the functions around them.
 * A null node when no value can be told. *TABLE is the file's table: built
 * in ARENA from AT's tree on the first lookup (NULL before), reused after;
 * it lives as long as ARENA and the tree. */
TSNode mf_bound_value(mf_bindings **table, mf_arena *arena, TSNode at, mf_slice name,
                      mf_slice text);

/* Whether the function around AT binds NAME anywhere (any binding, nested
 * functions' included): an expression naming it means something else at
 * the function's top than at AT. False outside functions. */
bool mf_bound_in_function(mf_bindings **table, mf_arena *arena, TSNode at, mf_slice name,
                          mf_slice text);

/* How many identifiers spelled NAME start in bytes [FROM, TO) of the file
 * ANY belongs to (the table as above). */
size_t mf_name_uses(mf_bindings **table, mf_arena *arena, TSNode any, mf_slice name, uint32_t from,
                    uint32_t to, mf_slice text);

#endif
