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
/* --backup: the original's second name, TEMP + ".orig", until the switch. */
static char backup_names[MF_WRITE_SLOTS][PATH_MAX + 40];
static bool backup_in_use[MF_WRITE_SLOTS];
static bool dying;

/* Removes SLOT's temporary names; the caller holds the lock. Before the
 * switch a backup name is only a second link to the untouched original. */
static void remove_slot(unsigned slot) {
    if (temp_in_use[slot])
        unlink(temp_names[slot]);
    if (backup_in_use[slot])
        unlink(backup_names[slot]);
    temp_in_use[slot] = backup_in_use[slot] = false;
}

static void remove_temporaries(void) {
    for (unsigned i = 0; i < MF_WRITE_SLOTS; i++)
        remove_slot(i);
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

/* Out of memory, about to abort: nothing half-made may stay behind. No
 * thread allocates while it holds the lock, so it can be waited for; it is
 * kept, as the signal thread keeps it, so that no file appears afterwards. */
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

/* Switches PATH to TEMP and, given BACKUP, the original to BACKUP (which it
 * replaces), under the registry lock, so that the signal thread sees either
 * nothing done or everything. The original was linked as backup_names[SLOT]
 * beforehand: a hard link to the same inode keeps its bytes and permissions
 * exactly, and an older backup stays until the file has really changed. */
static int switch_files(const char *path, const char *temp, const char *backup, unsigned slot,
                        mf_problem *problem) {
    /* Nothing under the lock allocates: out of memory takes it to clean up. */
    enum { DONE, NOT_RENAMED, NO_BACKUP, ORIGINAL_ASIDE } outcome = DONE;
    int error = 0;
    char aside[sizeof backup_names[0]];
    pthread_mutex_lock(&registry);
    if (rename(temp, path) < 0) {
        outcome = NOT_RENAMED, error = errno;
    } else if (backup && rename(backup_names[slot], backup) < 0) {
        error = errno;
        /* Put the original back: the file stays as it was, with no new backup. */
        outcome = rename(backup_names[slot], path) == 0 ? NO_BACKUP : ORIGINAL_ASIDE;
        if (outcome == ORIGINAL_ASIDE) {
            memcpy(aside, backup_names[slot], sizeof aside);
            backup_in_use[slot] = false; /* the only copy of the original now */
        }
    } else {
        backup_in_use[slot] = false;
    }
    if (outcome == DONE)
        temp_in_use[slot] = false;
    pthread_mutex_unlock(&registry);
    if (outcome == NOT_RENAMED)
        return fail(problem, "rename", error);
    if (outcome == NO_BACKUP)
        return fail(problem, "keep a backup", error);
    if (outcome == ORIGINAL_ASIDE) {
        mf_buf msg = {0};
        mf_buf_printf(&msg, "keep a backup: %s (the file was fixed; its original is %s)",
                      strerror(error), aside);
        problem->line = problem->column = 0;
        problem->message = mf_buf_detach(&msg);
        return -1;
    }
    return 0;
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
    mf_buf backup = {0};
    if (result == 0 && backup_suffix) {
        mf_buf_printf(&backup, "%s%s", path, backup_suffix);
        pthread_mutex_lock(&registry);
        snprintf(backup_names[slot], sizeof backup_names[0], "%s.orig", temp);
        int linked = dying ? -1 : link(path, backup_names[slot]);
        int link_error = dying ? EINTR : errno;
        backup_in_use[slot] = linked == 0;
        pthread_mutex_unlock(&registry);
        if (linked < 0)
            result = fail(problem, "keep a backup", link_error);
    }
    if (result == 0)
        result = switch_files(path, temp, backup_suffix ? backup.data : NULL, slot, problem);
    mf_buf_free(&backup);
    if (result < 0) {
        pthread_mutex_lock(&registry);
        remove_slot(slot);
        pthread_mutex_unlock(&registry);
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
    temp_in_use[slot] = backup_in_use[slot] = false;
    pthread_mutex_unlock(&registry);
    mf_buf_free(&dir);
    return result;
}
