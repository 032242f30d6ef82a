/* tree-sitter-python's external scanner, compiled with its one direct
 * allocation checked: scanner.c allocates its state with calloc and uses the
 * result unchecked, so a failed allocation crashed instead of ending with
 * migfix's out-of-memory message (found by tests/fault). Everything else in
 * it allocates through the runtime's allocator (TREE_SITTER_REUSE_ALLOCATOR),
 * which migfix sets to the same checked functions (parse.c). */
#include <stdlib.h>

void *mf_xcalloc(size_t count, size_t size);
#define calloc(count, size) mf_xcalloc(count, size)

#include "scanner.c"
