/* A worker pool with in-order delivery (see pool.h). */
#include "pool.h"

#include "buf.h"

#include <pthread.h>
#include <unistd.h>

enum { WINDOW = 64 }; /* how far workers may run ahead of delivery */

typedef struct {
    const mf_pool_work *work;
    size_t count, next, delivered;
    void **results;
    bool *ready;
    pthread_mutex_t lock;
    pthread_cond_t changed;
} pool;

typedef struct {
    pool *pool;
    unsigned id;
} worker_arg;

static void *worker(void *arg) {
    worker_arg *w = arg;
    pool *p = w->pool;
    void *state = p->work->start ? p->work->start(p->work->context) : NULL;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (p->next < p->count && p->next >= p->delivered + WINDOW)
            pthread_cond_wait(&p->changed, &p->lock);
        size_t index = p->next;
        if (index < p->count)
            p->next++;
        pthread_mutex_unlock(&p->lock);
        if (index >= p->count)
            break;
        void *result = p->work->process(index, w->id, state, p->work->context);
        pthread_mutex_lock(&p->lock);
        p->results[index % WINDOW] = result;
        p->ready[index % WINDOW] = true;
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->lock);
    }
    if (p->work->stop)
        p->work->stop(state, p->work->context);
    return NULL;
}

void mf_pool_run(size_t count, unsigned jobs, const mf_pool_work *work) {
    if (jobs <= 1 || count <= 1) {
        void *state = work->start ? work->start(work->context) : NULL;
        for (size_t i = 0; i < count; i++)
            work->deliver(i, work->process(i, 0, state, work->context), work->context);
        if (work->stop)
            work->stop(state, work->context);
        return;
    }
    if (jobs > count)
        jobs = (unsigned)count;
    pool p = {work, count, 0, 0, NULL, NULL, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
    p.results = mf_xcalloc(WINDOW, sizeof *p.results);
    p.ready = mf_xcalloc(WINDOW, sizeof *p.ready);
    pthread_t *threads = mf_xcalloc(jobs, sizeof *threads);
    worker_arg *args = mf_xcalloc(jobs, sizeof *args);
    for (unsigned i = 0; i < jobs; i++) {
        args[i] = (worker_arg){&p, i};
        pthread_create(&threads[i], NULL, worker, &args[i]);
    }
    for (size_t i = 0; i < count; i++) {
        pthread_mutex_lock(&p.lock);
        while (!p.ready[i % WINDOW])
            pthread_cond_wait(&p.changed, &p.lock);
        void *result = p.results[i % WINDOW];
        p.ready[i % WINDOW] = false;
        pthread_mutex_unlock(&p.lock);
        work->deliver(i, result, work->context);
        pthread_mutex_lock(&p.lock);
        p.delivered = i + 1;
        pthread_cond_broadcast(&p.changed);
        pthread_mutex_unlock(&p.lock);
    }
    for (unsigned i = 0; i < jobs; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    free(args);
    free(p.results);
    free(p.ready);
}

unsigned mf_pool_cores(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}
