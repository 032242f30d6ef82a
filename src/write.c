/* Atomic file replacement, as SQLite does it (see write.h). */
#include "write.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(mf_problem *problem, const char *step, int error) {
    mf_buf msg = {0};
    mf_buf_printf(&msg, "%s: %s (the file was left unchanged)", step, strerror(error));
    problem->line = problem->column = 0;
    problem->message = mf_buf_detach(&msg);
    return -1;
}

int mf_write_atomic(const char *path, mf_slice data, mode_t mode, mf_problem *problem) {
    char *copy = mf_xstrdup(path);
    mf_buf dir = {0}, temp = {0};
    mf_buf_puts(&dir, dirname(copy));
    free(copy);
    copy = mf_xstrdup(path);
    mf_buf_printf(&temp, "%s/.%s.migfix-XXXXXX", dir.data, basename(copy));
    free(copy);

    int result = -1;
    int fd = mkstemp(temp.data);
    if (fd < 0) {
        result = fail(problem, "create temporary file", errno);
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
    if (result == 0 && rename(temp.data, path) < 0)
        result = fail(problem, "rename", errno);
    if (result < 0) {
        unlink(temp.data);
        goto out;
    }
    /* Make the new directory entry durable too. */
    int dfd = open(dir.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
out:
    mf_buf_free(&dir);
    mf_buf_free(&temp);
    return result;
}
