#define _GNU_SOURCE /* syncfs */
/* Fail-at-N fault injection for the `migfix-faults` test binary
 * (-DMIGFIX_FAULTS=ON; tests/fault/run.py). Linked with -Wl,--wrap=CALL, so
 * that every call migfix and tree-sitter make to CALL reaches __wrap_CALL,
 * which counts it and fails the N-th one as the real call would fail.
 *
 *   MIGFIX_FAULT_AT=N          fail the N-th counted call (1-based; 0 or unset: none)
 *   MIGFIX_FAULT_KINDS=io|alloc|all   which calls count (default io)
 *   MIGFIX_FAULT_ERRNO=ENOSPC  the errno of a failed I/O call (default: each
 *                              call's most likely one)
 *   MIGFIX_FAULT_LOG=FILE      "hit CALL" when the fault fires, "calls N" at exit
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tree_sitter/api.h>
#include <unistd.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *ptr, size_t size);
int __real_open(const char *path, int flags, ...);
ssize_t __real_read(int fd, void *buf, size_t count);
ssize_t __real_write(int fd, const void *buf, size_t count);
int __real_fsync(int fd);
int __real_syncfs(int fd);
int __real_rename(const char *from, const char *to);
int __real_link(const char *from, const char *to);
int __real_mkstemp(char *template);
DIR *__real_opendir(const char *path);
struct dirent *__real_readdir(DIR *dir);

static atomic_long calls;
static long fail_at;
static bool count_io = true, count_alloc;
static int forced_errno;
static const char *log_path;

static void log_line(const char *line) {
    if (!log_path)
        return;
    int fd = __real_open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
        (void)!__real_write(fd, line, strlen(line));
        close(fd);
    }
}

static void report_calls(void) {
    char line[64];
    snprintf(line, sizeof line, "calls %ld\n", (long)atomic_load(&calls));
    log_line(line);
}

__attribute__((constructor)) static void read_settings(void) {
    const char *at = getenv("MIGFIX_FAULT_AT"), *kinds = getenv("MIGFIX_FAULT_KINDS");
    const char *err = getenv("MIGFIX_FAULT_ERRNO");
    fail_at = at ? atol(at) : 0;
    if (kinds && strcmp(kinds, "alloc") == 0)
        count_io = false, count_alloc = true;
    else if (kinds && strcmp(kinds, "all") == 0)
        count_alloc = true;
    if (err && strcmp(err, "ENOSPC") == 0)
        forced_errno = ENOSPC;
    else if (err && strcmp(err, "EACCES") == 0)
        forced_errno = EACCES;
    log_path = getenv("MIGFIX_FAULT_LOG");
    if (log_path)
        atexit(report_calls);
}

/* Whether this call is the one to fail; sets errno to ERROR (or the forced one). */
static bool fails(bool counted, const char *name, int error) {
    if (!counted)
        return false;
    long n = atomic_fetch_add(&calls, 1) + 1;
    if (fail_at == 0 || n != fail_at)
        return false;
    char line[64];
    snprintf(line, sizeof line, "hit %s\n", name);
    log_line(line);
    errno = forced_errno && error != ENOMEM ? forced_errno : error;
    return true;
}

void *__wrap_malloc(size_t size) {
    return fails(count_alloc, "malloc", ENOMEM) ? NULL : __real_malloc(size);
}
void *__wrap_calloc(size_t count, size_t size) {
    return fails(count_alloc, "calloc", ENOMEM) ? NULL : __real_calloc(count, size);
}
void *__wrap_realloc(void *ptr, size_t size) {
    return fails(count_alloc, "realloc", ENOMEM) ? NULL : __real_realloc(ptr, size);
}
int __wrap_open(const char *path, int flags, ...) {
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    return fails(count_io, "open", EACCES) ? -1 : __real_open(path, flags, mode);
}
ssize_t __wrap_read(int fd, void *buf, size_t count) {
    return fails(count_io, "read", EIO) ? -1 : __real_read(fd, buf, count);
}
ssize_t __wrap_write(int fd, const void *buf, size_t count) {
    return fails(count_io, "write", ENOSPC) ? -1 : __real_write(fd, buf, count);
}
int __wrap_fsync(int fd) {
    return fails(count_io, "fsync", EIO) ? -1 : __real_fsync(fd);
}
int __wrap_syncfs(int fd) {
    return fails(count_io, "syncfs", EIO) ? -1 : __real_syncfs(fd);
}
int __wrap_rename(const char *from, const char *to) {
    return fails(count_io, "rename", EIO) ? -1 : __real_rename(from, to);
}
int __wrap_link(const char *from, const char *to) {
    return fails(count_io, "link", EPERM) ? -1 : __real_link(from, to);
}
int __wrap_mkstemp(char *template) {
    return fails(count_io, "mkstemp", EACCES) ? -1 : __real_mkstemp(template);
}
DIR *__wrap_opendir(const char *path) {
    return fails(count_io, "opendir", EACCES) ? NULL : __real_opendir(path);
}
struct dirent *__wrap_readdir(DIR *dir) {
    return fails(count_io, "readdir", EIO) ? NULL : __real_readdir(dir);
}

/* Counted work: every step migfix asks tree-sitter to take through a tree
 * (MIGFIX_FAULT_LOG gets "steps N" at exit). A lookup that walks the
 * function again for each name shows as steps that grow with the square of
 * the file (tests/fault/linear.py), without timing anything. An indexed
 * child costs its index: tree-sitter walks the children before it. */
static atomic_long steps;

static void report_steps(void) {
    char line[64];
    snprintf(line, sizeof line, "steps %ld\n", (long)atomic_load(&steps));
    log_line(line);
}

__attribute__((constructor)) static void count_steps(void) {
    if (getenv("MIGFIX_FAULT_LOG"))
        atexit(report_steps);
}

#define STEP(n) atomic_fetch_add_explicit(&steps, (long)(n), memory_order_relaxed)

bool __real_ts_tree_cursor_goto_first_child(TSTreeCursor *cursor);
bool __real_ts_tree_cursor_goto_next_sibling(TSTreeCursor *cursor);
bool __real_ts_tree_cursor_goto_parent(TSTreeCursor *cursor);
TSNode __real_ts_node_parent(TSNode node);
TSNode __real_ts_node_child(TSNode node, uint32_t index);
TSNode __real_ts_node_named_child(TSNode node, uint32_t index);
TSNode __real_ts_node_prev_named_sibling(TSNode node);
TSNode __real_ts_node_next_named_sibling(TSNode node);
TSNode __real_ts_node_child_by_field_name(TSNode node, const char *name, uint32_t length);

bool __wrap_ts_tree_cursor_goto_first_child(TSTreeCursor *cursor) {
    STEP(1);
    return __real_ts_tree_cursor_goto_first_child(cursor);
}
bool __wrap_ts_tree_cursor_goto_next_sibling(TSTreeCursor *cursor) {
    STEP(1);
    return __real_ts_tree_cursor_goto_next_sibling(cursor);
}
bool __wrap_ts_tree_cursor_goto_parent(TSTreeCursor *cursor) {
    STEP(1);
    return __real_ts_tree_cursor_goto_parent(cursor);
}
TSNode __wrap_ts_node_parent(TSNode node) {
    STEP(1);
    return __real_ts_node_parent(node);
}
TSNode __wrap_ts_node_child(TSNode node, uint32_t index) {
    STEP(index + 1);
    return __real_ts_node_child(node, index);
}
TSNode __wrap_ts_node_named_child(TSNode node, uint32_t index) {
    STEP(index + 1);
    return __real_ts_node_named_child(node, index);
}
TSNode __wrap_ts_node_prev_named_sibling(TSNode node) {
    STEP(1);
    return __real_ts_node_prev_named_sibling(node);
}
TSNode __wrap_ts_node_next_named_sibling(TSNode node) {
    STEP(1);
    return __real_ts_node_next_named_sibling(node);
}
TSNode __wrap_ts_node_child_by_field_name(TSNode node, const char *name, uint32_t length) {
    STEP(1);
    return __real_ts_node_child_by_field_name(node, name, length);
}
