/* Atomic file replacement, as SQLite does it (see write.h). */
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

/* Temporary files being written, one slot per worker. A dedicated thread
 * receives SIGINT / SIGTERM (blocked everywhere else): it takes the lock, for
 * good, removes what is registered and dies of the signal. Files are created
 * and registered under the same lock, so none can appear after the cleanup. */
static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;
static char temp_names[MF_WRITE_SLOTS][PATH_MAX + 32];
static bool temp_in_use[MF_WRITE_SLOTS];
static bool dying;

static void *signal_thread(void *arg) {
    sigset_t *set = arg;
    int sig = 0;
    sigwait(set, &sig);
    pthread_mutex_lock(&registry);
    dying = true;
    for (int i = 0; i < MF_WRITE_SLOTS; i++)
        if (temp_in_use[i])
            unlink(temp_names[i]);
    /* Die of the same signal, still holding the lock. */
    signal(sig, SIG_DFL);
    pthread_sigmask(SIG_UNBLOCK, set, NULL);
    raise(sig);
    return NULL;
}

void mf_write_install_cleanup(void) {
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

/* Keeps the current PATH as PATH + SUFFIX: a hard link to the same inode, so
 * the original bytes and permissions stay exactly as they were. */
static int keep_backup(const char *path, const char *suffix, mf_problem *problem) {
    mf_buf backup = {0};
    mf_buf_printf(&backup, "%s%s", path, suffix);
    int result = 0;
    if (unlink(backup.data) < 0 && errno != ENOENT)
        result = fail(problem, "remove the old backup", errno);
    else if (link(path, backup.data) < 0)
        result = fail(problem, "keep a backup", errno);
    mf_buf_free(&backup);
    return result;
}

int mf_write_atomic(const char *path, mf_slice data, mode_t mode, const char *backup_suffix,
                    unsigned slot, mf_problem *problem) {
    char *copy = mf_xstrdup(path);
    mf_buf dir = {0};
    mf_buf_puts(&dir, dirname(copy));
    free(copy);
    copy = mf_xstrdup(path);
    slot %= MF_WRITE_SLOTS;
    char *temp = temp_names[slot];
    int result = -1;
    pthread_mutex_lock(&registry);
    snprintf(temp, sizeof temp_names[0], "%s/.%s.migfix-XXXXXX", dir.data, basename(copy));
    free(copy);
    int fd = dying ? -1 : mkstemp(temp);
    int saved = dying ? EINTR : errno;
    temp_in_use[slot] = fd >= 0;
    pthread_mutex_unlock(&registry);
    if (fd < 0) {
        result = fail(problem, "create temporary file", saved);
        goto out;
    }
    size_t done = 0;
    while (done < data.len) {
        ssize_t n = write(fd, data.data + done, data.len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            result = fail(problem, "write", errno);
            break;
        }
        done += (size_t)n;
    }
    if (done == data.len) {
        if (fchmod(fd, mode) < 0)
            result = fail(problem, "fchmod", errno);
        else if (fsync(fd) < 0)
            result = fail(problem, "fsync", errno);
        else
            result = 0;
    }
    if (close(fd) < 0 && result == 0)
        result = fail(problem, "close", errno);
    if (result == 0 && backup_suffix)
        result = keep_backup(path, backup_suffix, problem);
    if (result == 0 && rename(temp, path) < 0)
        result = fail(problem, "rename", errno);
    if (result < 0) {
        unlink(temp);
        goto out;
    }
    /* Make the new directory entry durable too. */
    int dfd = open(dir.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
out:
    pthread_mutex_lock(&registry);
    temp_in_use[slot] = false;
    pthread_mutex_unlock(&registry);
    mf_buf_free(&dir);
    return result;
}
