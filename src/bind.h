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

/* The one value NAME is given in the function around AT (else, when that
 * function never binds it, in the module); a binding is an assignment, an
 * augmented assignment or a `for` whose target is written as NAME, anywhere
 * in that scope (nested functions included). A null node when it is bound
 * more than once, by a loop, or not at all. *TABLE is the file's table: built
 * in ARENA from AT's tree on the first lookup (NULL before), reused after;
 * it lives as long as ARENA and the tree. */
TSNode mf_bound_value(mf_bindings **table, mf_arena *arena, TSNode at, mf_slice name,
                      mf_slice text);

/* How many identifiers spelled NAME start in bytes [FROM, TO) of the file
 * ANY belongs to (the table as above). */
size_t mf_name_uses(mf_bindings **table, mf_arena *arena, TSNode any, mf_slice name, uint32_t from,
                    uint32_t to, mf_slice text);

#endif
