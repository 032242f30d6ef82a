/* Running files on several threads with results delivered in input order,
 * so that the output of a run does not depend on the number of jobs. */
#ifndef MIGFIX_POOL_H
#define MIGFIX_POOL_H

#include <stddef.h>

typedef struct {
    /* Called once per worker thread before any work: its private state (a
     * parser: tree-sitter parsers are not thread-safe). */
    void *(*start)(void *context);
    void (*stop)(void *state, void *context);
    /* Produces the result for item INDEX on a worker. */
    void *(*process)(size_t index, unsigned worker, void *state, void *context);
    /* Consumes results on the calling thread, in index order. */
    void (*deliver)(size_t index, void *result, void *context);
    void *context;
} mf_pool_work;

/* Processes items 0..COUNT-1 on JOBS threads (JOBS 1: on the calling thread).
 * Workers run at most a bounded number of items ahead of delivery, so memory
 * does not grow with COUNT. */
void mf_pool_run(size_t count, unsigned jobs, const mf_pool_work *work);

/* The number of online processors (at least 1). */
unsigned mf_pool_cores(void);

#endif
