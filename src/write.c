/* Atomic file replacement, as SQLite does it (see write.h). */
#define _GNU_SOURCE /* syncfs */
#include "write.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Up to this many writes are made durable by an fsync each; more share one
 * syncfs per filesystem, which costs about what one fsync does. */
enum { FSYNC_EACH_MAX = 2 };

struct mf_pending_write {
    char *path, *dir; /* owned */
    char temp[PATH_MAX + 32];
    /* --backup: the original's second name, TEMP + ".orig", until the switch. */
    char backup_temp[PATH_MAX + 40];
    bool temp_exists, backup_exists; /* under the registry lock */
    int fd;                          /* the temporary file, open until the commit */
    dev_t device;
    mf_pending_write *prev, *next; /* in the registry */
};

/* Temporary files not switched yet. A dedicated thread receives SIGINT /
 * SIGTERM (blocked everywhere else): it takes the lock, for good, removes
 * what is registered and dies of the signal. Files are created and
 * registered under the same lock, so none can appear after the cleanup.
 * Nothing under the lock allocates: out of memory takes it to clean up. */
static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;
static mf_pending_write *registered;
static bool dying;

/* Removes W's temporary names; the caller holds the lock. Before the switch
 * a backup name is only a second link to the untouched original. */
static void remove_names(mf_pending_write *w) {
    if (w->temp_exists)
        unlink(w->temp);
    if (w->backup_exists)
        unlink(w->backup_temp);
    w->temp_exists = w->backup_exists = false;
}

static void remove_temporaries(void) {
    for (mf_pending_write *w = registered; w; w = w->next)
        remove_names(w);
}

static void *signal_thread(void *arg) {
    sigset_t *set = arg;
    int sig = 0;
    sigwait(set, &sig);
    pthread_mutex_lock(&registry);
    dying = true;
    remove_temporaries();
    /* Die of the same signal, still holding the lock. */
    signal(sig, SIG_DFL);
    pthread_sigmask(SIG_UNBLOCK, set, NULL);
    raise(sig);
    return NULL;
}

/* Out of memory, about to abort: nothing half-made may stay behind. The lock
 * is kept, as the signal thread keeps it, so that no file appears afterwards. */
static void remove_temporaries_dying(void) {
    pthread_mutex_lock(&registry);
    dying = true;
    remove_temporaries();
}

void mf_write_install_cleanup(void) {
    mf_on_out_of_memory(remove_temporaries_dying);
    static sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    /* Threads created from here on inherit the mask. */
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    pthread_t thread;
    if (pthread_create(&thread, NULL, signal_thread, &set) == 0)
        pthread_detach(thread);
}

static int fail(mf_problem *problem, const char *step, int error) {
    mf_buf msg = {0};
    mf_buf_printf(&msg, "%s: %s (the file was left unchanged)", step, strerror(error));
    problem->line = problem->column = 0;
    problem->message = mf_buf_detach(&msg);
    return -1;
}

/* Unregisters W, removes what is left of its names, frees it. */
static void discard(mf_pending_write *w) {
    pthread_mutex_lock(&registry);
    remove_names(w);
    if (w->prev)
        w->prev->next = w->next;
    else if (registered == w)
        registered = w->next;
    if (w->next)
        w->next->prev = w->prev;
    pthread_mutex_unlock(&registry);
    if (w->fd >= 0)
        close(w->fd);
    free(w->path);
    free(w->dir);
    free(w);
}

int mf_write_all(int fd, mf_slice data) {
    for (size_t done = 0; done < data.len;) {
        ssize_t n = write(fd, data.data + done, data.len - done);
        if (n < 0 && errno != EINTR)
            return errno;
        if (n > 0)
            done += (size_t)n;
    }
    return 0;
}

mf_pending_write *mf_write_prepare(const char *path, mf_slice data, mode_t mode,
                                   mf_problem *problem) {
    mf_pending_write *w = mf_xcalloc(1, sizeof *w);
    w->fd = -1;
    w->path = mf_xstrdup(path);
    char *copy = mf_xstrdup(path);
    w->dir = mf_xstrdup(dirname(copy));
    free(copy);
    copy = mf_xstrdup(path);
    snprintf(w->temp, sizeof w->temp, "%s/.%s.migfix-XXXXXX", w->dir, basename(copy));
    free(copy);
    pthread_mutex_lock(&registry);
    int fd = dying ? -1 : mkstemp(w->temp);
    int saved = dying ? EINTR : errno;
    if (fd >= 0) {
        w->temp_exists = true;
        w->next = registered;
        if (registered)
            registered->prev = w;
        registered = w;
    }
    pthread_mutex_unlock(&registry);
    if (fd < 0) {
        fail(problem, "create temporary file", saved);
        discard(w); /* registered nowhere yet: only freed */
        return NULL;
    }
    w->fd = fd;
    const char *step = NULL;
    int error = mf_write_all(fd, data);
    if (error)
        step = "write";
    struct stat st;
    if (!step && fchmod(fd, mode) < 0)
        step = "fchmod", error = errno;
    else if (!step && fstat(fd, &st) < 0)
        step = "fstat", error = errno;
    if (step) {
        fail(problem, step, error);
        discard(w);
        return NULL;
    }
    w->device = st.st_dev;
    return w;
}

/* Switches W's file to its temporary file and, given BACKUP, the original to
 * BACKUP (which it replaces), under the registry lock, so that the signal
 * thread sees either nothing done or everything. The original was linked as
 * W->backup_temp beforehand: a hard link to the same inode keeps its bytes
 * and permissions exactly, and an older backup stays until the file has
 * really changed. */
static int switch_files(mf_pending_write *w, const char *backup, mf_problem *problem) {
    enum { DONE, NOT_RENAMED, NO_BACKUP, ORIGINAL_ASIDE } outcome = DONE;
    int error = 0;
    pthread_mutex_lock(&registry);
    if (rename(w->temp, w->path) < 0) {
        outcome = NOT_RENAMED, error = errno;
    } else {
        w->temp_exists = false;
        if (backup && rename(w->backup_temp, backup) < 0) {
            error = errno;
            /* Put the original back: the file stays as it was, with no new backup. */
            outcome = rename(w->backup_temp, w->path) == 0 ? NO_BACKUP : ORIGINAL_ASIDE;
        }
        w->backup_exists = false; /* switched, put back, or the only copy of the original */
    }
    pthread_mutex_unlock(&registry);
    if (outcome == NOT_RENAMED)
        return fail(problem, "rename", error);
    if (outcome == NO_BACKUP)
        return fail(problem, "keep a backup", error);
    if (outcome == ORIGINAL_ASIDE) {
        mf_buf msg = {0};
        mf_buf_printf(&msg, "keep a backup: %s (the file was fixed; its original is %s)",
                      strerror(error), w->backup_temp);
        problem->line = problem->column = 0;
        problem->message = mf_buf_detach(&msg);
        return -1;
    }
    return 0;
}

/* Links W's original as W->backup_temp (registered, so that an interrupted
 * run removes it). */
static int link_backup(mf_pending_write *w, mf_problem *problem) {
    pthread_mutex_lock(&registry);
    snprintf(w->backup_temp, sizeof w->backup_temp, "%s.orig", w->temp);
    int linked = dying ? -1 : link(w->path, w->backup_temp);
    int error = dying ? EINTR : errno;
    w->backup_exists = linked == 0;
    pthread_mutex_unlock(&registry);
    return linked < 0 ? fail(problem, "keep a backup", error) : 0;
}

/* The new contents of WRITES reach the disk before any of them is switched:
 * an fsync each for a few, one syncfs per filesystem for more. A write that
 * fails here gets its problem (FAILED[i]). */
static void make_durable(mf_pending_write **writes, size_t n, mf_problem *problems, bool *failed) {
#ifdef __linux__
    if (n > FSYNC_EACH_MAX) {
        for (size_t i = 0; i < n; i++) {
            bool first_of_device = true;
            for (size_t j = 0; j < i && first_of_device; j++)
                first_of_device = writes[j]->device != writes[i]->device;
            if (!first_of_device)
                continue;
            if (syncfs(writes[i]->fd) == 0)
                continue;
            int error = errno;
            for (size_t j = i; j < n; j++)
                if (writes[j]->device == writes[i]->device && !failed[j])
                    failed[j] = fail(&problems[j], "syncfs", error) < 0;
        }
        return;
    }
#endif
    for (size_t i = 0; i < n; i++)
        if (fsync(writes[i]->fd) < 0)
            failed[i] = fail(&problems[i], "fsync", errno) < 0;
}

void mf_write_commit(mf_pending_write **writes, size_t n, const char *backup_suffix,
                     mf_problem *problems) {
    bool *failed = mf_xcalloc(n ? n : 1, sizeof *failed);
    make_durable(writes, n, problems, failed);
    for (size_t i = 0; i < n; i++) {
        mf_pending_write *w = writes[i];
        int closed = close(w->fd);
        w->fd = -1;
        if (closed < 0 && !failed[i])
            failed[i] = fail(&problems[i], "close", errno) < 0;
        if (failed[i])
            continue;
        mf_buf backup = {0};
        if (backup_suffix) {
            mf_buf_printf(&backup, "%s%s", w->path, backup_suffix);
            failed[i] = link_backup(w, &problems[i]) < 0;
        }
        if (!failed[i])
            failed[i] = switch_files(w, backup_suffix ? backup.data : NULL, &problems[i]) < 0;
        mf_buf_free(&backup);
    }
    /* The new directory entries are made durable too, once per directory. */
    for (size_t i = 0; i < n; i++) {
        bool first = !failed[i];
        for (size_t j = 0; j < i && first; j++)
            first = failed[j] || strcmp(writes[j]->dir, writes[i]->dir) != 0;
        if (!first)
            continue;
        int dfd = open(writes[i]->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
    }
    for (size_t i = 0; i < n; i++)
        discard(writes[i]);
    free(failed);
}

void mf_write_discard(mf_pending_write *write) {
    discard(write);
}

int mf_write_atomic(const char *path, mf_slice data, mode_t mode, const char *backup_suffix,
                    mf_problem *problem) {
    mf_pending_write *w = mf_write_prepare(path, data, mode, problem);
    if (!w)
        return -1;
    mf_write_commit(&w, 1, backup_suffix, problem);
    return problem->message ? -1 : 0;
}
