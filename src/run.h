/* The per-file driver: read -> transform -> verify -> write / diff, with
 * every outcome recorded in an mf_result for the report. */
#ifndef MIGFIX_RUN_H
#define MIGFIX_RUN_H

#include "chain.h"
#include "pipeline.h"
#include "walk.h"

typedef enum { MF_MODE_WRITE, MF_MODE_DIFF, MF_MODE_CHECK } mf_mode;

typedef MF_VEC(mf_op_report) mf_op_reports;

typedef struct {
    char *path;       /* owned */
    bool changed;     /* the fixed file differs (and was written, in WRITE mode) */
    mf_problem error; /* .message is NULL when the file was processed fine */
    mf_arena arena;   /* owns the strings in ops */
    mf_op_reports ops;
    char *diff; /* owned; the unified diff in DIFF mode, NULL otherwise */
    /* owned; with mf_run_options.read_chain, the revision facts the chain
     * stage read from the file's own tree (NULL: none, or not asked) */
    mf_chain_file *chain_file;
} mf_result;

/* Fixes SRC in memory: transform, verify, and the bytes a rewrite would
 * write (the BOM put back). Appends the operation reports to OPS (strings
 * from ARENA). Returns 1 with OUT filled when the file changes, 0 when it
 * does not, -1 with *problem when it is refused. */
int mf_fix_source(const mf_config *config, TSParser *parser, const mf_source *src, mf_arena *arena,
                  mf_op_reports *ops, mf_buf *out, mf_problem *problem);
/* The same; with CHAIN_FILE, also the chain stage's reading of the input's
 * tree (no second parse), stored there (NULL when it declares no revision). */
int mf_fix_source_read(const mf_config *config, TSParser *parser, const mf_source *src,
                       const char *path, mf_arena *arena, mf_op_reports *ops, mf_buf *out,
                       mf_problem *problem, mf_chain_file **chain_file);

typedef struct {
    mf_mode mode;
    const char *backup_suffix; /* --backup: keep originals as PATH + suffix; NULL: no */
    bool read_chain;           /* fill mf_result.chain_file */
} mf_run_options;

/* Processes one input. A file with an error is never written. SLOT
 * identifies the calling worker (for the temporary-file registry). */
void mf_run_file(const mf_config *config, TSParser *parser, const mf_run_options *options,
                 unsigned slot, const mf_input *input, mf_result *result);
void mf_result_free(mf_result *result);

#endif
