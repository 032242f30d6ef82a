/* The per-file driver: read -> transform -> verify -> write / diff, with
 * every outcome recorded in an mf_result for the report. */
#ifndef MIGFIX_RUN_H
#define MIGFIX_RUN_H

#include "chain.h"
#include "facts.h"
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
    /* The revision guard its upgrade() got (the chain's), or NULL. */
    const mf_revision_guard *revision_guard;
    /* WRITE mode: the new file, written but not switched yet (see
     * mf_commit_queue); NULL otherwise. */
    struct mf_pending_write *pending;
    /* The shared helper module its text (fixed, or as it was) loads: the
     * input's shared_file, to be made sure of before the write is
     * switched; NULL when it loads none. */
    const char *shared_file;
    /* This result is the shared helper module itself (written or compared
     * for the files that load it), not a migration: reported apart. */
    bool shared_module;
} mf_result;

/* Fixes SRC in memory: transform, verify, and the bytes a rewrite would
 * write (the BOM put back, or the text in the file's declared encoding: a
 * character that encoding cannot hold is a problem). Appends the operation reports to OPS (strings
 * from ARENA). Returns 1 with OUT filled when the file changes, 0 when it
 * does not, -1 with *problem when it is refused. */
int mf_fix_source(const mf_config *config, TSParser *parser, const mf_source *src, mf_arena *arena,
                  mf_op_reports *ops, mf_buf *out, mf_problem *problem);
/* A file the chain pass read and parsed, handed to the fix pass so that a
 * small run neither reads nor parses it twice: the same bytes, the same
 * tree (of the whole text, or of the text around its helper block). */
typedef struct mf_parsed_file {
    mf_source src;
    TSTree *tree;        /* owned */
    size_t parsed_bytes; /* what the tree covers (less than the text: around its block) */
} mf_parsed_file;
void mf_parsed_file_free(mf_parsed_file *parsed);

/* TEXT parsed around migfix's helper block when it has one that CHECKED
 * proves (mf_verify_block_transparent: the block, most of a fixed file,
 * says nothing about the chain and holds nothing to plan; positions stay
 * the file's), else whole, so that a broken block is a syntax error as
 * anywhere. *PARSED_BYTES (if not NULL): how much of TEXT the tree covers. */
TSTree *mf_parse_around_block(TSParser *parser, mf_checked_blocks *checked, mf_slice text,
                              size_t *parsed_bytes);

/* The revision facts of INPUT for the chain stage, before anything is
 * fixed (the revision guards depend on the whole chain); NULL when it
 * declares no revision, or cannot be read or parsed (mf_run_file reports
 * that). A read that fails sets *READ_ERROR (malloc'd): the file must then
 * be refused even if a second read would succeed, since the chain was
 * analysed without it. With KEEP, the text and tree are left in *KEEP
 * (else NULL). FACTS: the facts cache (facts.h), or NULL; a text it knows
 * is not read again (nor parsed, without KEEP). */
mf_chain_file *mf_read_chain_file(const mf_config *config, TSParser *parser, const mf_input *input,
                                  mf_facts *facts, char **read_error, mf_parsed_file **keep);

typedef struct {
    mf_mode mode;
    const char *backup_suffix; /* --backup: keep originals as PATH + suffix; NULL: no */
} mf_run_options;

/* Processes one input (PARSED: its text and tree from the chain pass, taken;
 * NULL: read and parsed here). A file with an error is never written; in WRITE mode
 * a changed one is left pending: its new contents in a temporary file, to
 * be switched by an mf_commit_queue. */
void mf_run_file(const mf_config *config, TSParser *parser, const mf_run_options *options,
                 const mf_input *input, mf_parsed_file *parsed, mf_result *result);
void mf_result_free(mf_result *result);

/* Results in delivery order, held until their pending writes are switched
 * together (mf_write_commit: one flush for many files), then handed to
 * DELIVER in the same order, each with its outcome. */
typedef struct mf_commit_queue mf_commit_queue;
mf_commit_queue *mf_commit_queue_new(const char *backup_suffix,
                                     void (*deliver)(mf_result *result, void *context),
                                     void *context);
/* Takes RESULT (malloc'd); commits and delivers when enough are waiting. */
void mf_commit_queue_add(mf_commit_queue *queue, mf_result *result);
/* Commits and delivers what is waiting, and frees QUEUE. */
void mf_commit_queue_finish(mf_commit_queue *queue);

#endif
