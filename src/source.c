/* Reading and checking input files (see source.h). */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(mf_problem *problem, uint32_t line, uint32_t column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(mf_problem *problem, uint32_t line, uint32_t column, const char *fmt, ...) {
    mf_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    mf_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    problem->line = line;
    problem->column = column;
    problem->message = mf_buf_detach(&msg);
    return -1;
}

size_t mf_utf8_invalid_offset(const char *bytes, size_t size) {
    const unsigned char *s = (const unsigned char *)bytes;
    size_t i = 0;
    while (i < size) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        unsigned min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            min = 0x10000;
        } else {
            return i;
        }
        unsigned cp = c & (0x3F >> n);
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= size || (s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n + 1;
    }
    return size;
}

void mf_position(mf_slice text, size_t offset, uint32_t *line, uint32_t *column) {
    if (offset > text.len)
        offset = text.len;
    uint32_t l = 1, c = 1;
    for (size_t i = 0; i < offset; i++) {
        unsigned char ch = (unsigned char)text.data[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) { /* count code points, not bytes */
            c++;
        }
    }
    *line = l;
    *column = c;
}

const char *mf_source_eol_guess(mf_slice text) {
    size_t crlf = 0, lf = 0;
    for (size_t i = 0; i < text.len; i++)
        if (text.data[i] == '\n') {
            if (i > 0 && text.data[i - 1] == '\r')
                crlf++;
            else
                lf++;
        }
    return crlf > lf ? "\r\n" : "\n";
}

int mf_source_adopt(mf_source *src, char *bytes, size_t size, mf_problem *problem) {
    memset(src, 0, sizeof *src);
    src->bytes = bytes;
    src->size = size;
    src->mode = 0644;
    size_t skip = size >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    src->bom = skip == 3;
    src->text = mf_slice_of(bytes + skip, size - skip);

    const char *nul = memchr(src->text.data, '\0', src->text.len);
    uint32_t line, column;
    if (nul) {
        mf_position(src->text, (size_t)(nul - src->text.data), &line, &column);
        mf_source_free(src);
        return fail(problem, line, column, "binary file (NUL byte); not a Python migration");
    }
    size_t bad = mf_utf8_invalid_offset(src->text.data, src->text.len);
    if (bad < src->text.len) {
        mf_position(src->text, bad, &line, &column);
        unsigned byte = (unsigned char)src->text.data[bad];
        mf_source_free(src);
        return fail(problem, line, column,
                    "invalid UTF-8 (byte 0x%02X); migfix reads migrations as UTF-8", byte);
    }
    src->eol = mf_source_eol_guess(src->text);
    return 0;
}

int mf_source_read(mf_source *src, const char *path, mf_problem *problem) {
    memset(src, 0, sizeof *src);
    struct stat st;
    if (lstat(path, &st) < 0)
        return fail(problem, 0, 0, "%s", strerror(errno));
    if (S_ISLNK(st.st_mode))
        return fail(problem, 0, 0,
                    "symbolic link; not followed (rewriting it would replace the link with "
                    "a file): pass the file it points to");
    if (S_ISDIR(st.st_mode))
        return fail(problem, 0, 0, "is a directory");
    if (!S_ISREG(st.st_mode))
        return fail(problem, 0, 0, "not a regular file");
    if ((uintmax_t)st.st_size > MF_MAX_SOURCE_SIZE)
        return fail(problem, 0, 0, "file too large (%jd bytes; the limit is %u MiB)",
                    (intmax_t)st.st_size, MF_MAX_SOURCE_SIZE / (1024 * 1024));

    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return fail(problem, 0, 0, "cannot open: %s", strerror(errno));
    size_t cap = (size_t)st.st_size + 1, size = 0;
    char *bytes = mf_xmalloc(cap);
    for (;;) {
        if (size == cap) {
            if (cap > MF_MAX_SOURCE_SIZE) {
                close(fd);
                free(bytes);
                return fail(problem, 0, 0, "file too large (grew while being read)");
            }
            cap *= 2;
            bytes = mf_xrealloc(bytes, cap);
        }
        ssize_t n = read(fd, bytes + size, cap - size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int saved = errno;
            close(fd);
            free(bytes);
            return fail(problem, 0, 0, "read error: %s", strerror(saved));
        }
        if (n == 0)
            break;
        size += (size_t)n;
    }
    close(fd);
    if (mf_source_adopt(src, bytes, size, problem) < 0)
        return -1;
    src->mode = st.st_mode & 07777;
    return 0;
}

void mf_source_free(mf_source *src) {
    free(src->bytes);
    memset(src, 0, sizeof *src);
}

void mf_problem_free(mf_problem *problem) {
    free(problem->message);
    problem->message = NULL;
}

size_t mf_line_start(mf_slice text, size_t offset) {
    while (offset > 0 && text.data[offset - 1] != '\n')
        offset--;
    return offset;
}

size_t mf_line_content_end(mf_slice text, size_t offset) {
    while (offset < text.len && text.data[offset] != '\n')
        offset++;
    if (offset < text.len && offset > 0 && text.data[offset - 1] == '\r')
        offset--; /* a CRLF line's content ends before its '\r' */
    return offset;
}

size_t mf_next_line(mf_slice text, size_t offset) {
    while (offset < text.len && text.data[offset] != '\n')
        offset++;
    return offset < text.len ? offset + 1 : text.len;
}
