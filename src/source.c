/* Reading and checking input files (see source.h). */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
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

/* --- PEP 263 ------------------------------------------------------------- */

static bool ascii_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The encoding LINE (without its "\n") declares, found the way CPython's
 * tokenizer finds it: a line holding only a comment, and in it
 * "coding[:=][ \t]*NAME". Returns false when there is none; *COMMENT_ONLY
 * then tells whether LINE is blank or only a comment (so that the next line
 * may still declare one). */
static bool coding_spec(mf_slice line, size_t *begin, size_t *len, bool *comment_only) {
    size_t i = 0;
    while (i < line.len && (line.data[i] == ' ' || line.data[i] == '\t' || line.data[i] == '\f'))
        i++;
    *comment_only = i == line.len || line.data[i] == '\r' || line.data[i] == '#';
    if (i == line.len || line.data[i] != '#')
        return false;
    for (; i + 6 < line.len; i++) {
        if (memcmp(line.data + i, "coding", 6) != 0 ||
            (line.data[i + 6] != ':' && line.data[i + 6] != '='))
            continue;
        size_t t = i + 7;
        while (t < line.len && (line.data[t] == ' ' || line.data[t] == '\t'))
            t++;
        size_t name = t;
        while (t < line.len && (ascii_alnum(line.data[t]) || line.data[t] == '-' ||
                                line.data[t] == '_' || line.data[t] == '.'))
            t++;
        if (t > name) {
            *begin = name;
            *len = t - name;
            return true;
        }
    }
    return false;
}

/* The declared encoding of TEXT: on line 1, or on line 2 when line 1 is
 * blank or only a comment. NAME is borrowed from TEXT. */
static bool find_declaration(mf_slice text, mf_slice *name, uint32_t *line, uint32_t *column) {
    size_t start = 0;
    for (uint32_t n = 1; n <= 2 && start < text.len; n++) {
        size_t end = start;
        while (end < text.len && text.data[end] != '\n')
            end++;
        size_t begin, len;
        bool comment_only;
        if (coding_spec(mf_slice_of(text.data + start, end - start), &begin, &len, &comment_only)) {
            *name = mf_slice_of(text.data + start + begin, len);
            *line = n;
            *column = (uint32_t)begin + 1;
            return true;
        }
        if (!comment_only)
            break;
        start = end + 1;
    }
    return false;
}

/* NAME the way Python's codec registry compares names: lowercase, each run
 * of characters other than letters, digits and '.' one '_', none at the
 * ends. */
static void codec_key(mf_slice name, mf_buf *key) {
    bool punct = false;
    for (size_t i = 0; i < name.len; i++) {
        char c = name.data[i];
        if (ascii_alnum(c) || c == '.') {
            if (punct && key->len)
                mf_buf_putc(key, '_');
            mf_buf_putc(key, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
            punct = false;
        } else {
            punct = true;
        }
    }
    if (!key->data)
        mf_buf_puts(key, "");
}

/* Python's names for UTF-8 (and the tokenizer's "utf-8-..." rule). */
static bool is_utf8(const char *key) {
    static const char *const names[] = {"utf_8",     "utf8",      "u8",      "utf",
                                        "utf8_ucs2", "utf8_ucs4", "cp65001", "utf_8_sig"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(key, names[i]) == 0)
            return true;
    return strncmp(key, "utf_8_", 6) == 0;
}

/* Python codec names whose iconv name is spelt differently. */
static const struct {
    const char *key, *iconv;
} codec_aliases[] = {
    {"latin_1", "ISO-8859-1"},
    {"latin1", "ISO-8859-1"},
    {"l1", "ISO-8859-1"},
    {"latin", "ISO-8859-1"},
    {"iso_8859_1", "ISO-8859-1"},
    {"iso8859_1", "ISO-8859-1"},
    {"iso_latin_1", "ISO-8859-1"},
    {"8859", "ISO-8859-1"},
    {"cp819", "ISO-8859-1"},
    {"ibm819", "ISO-8859-1"},
    {"iso_ir_100", "ISO-8859-1"},
    {"csisolatin1", "ISO-8859-1"},
    {"ascii", "ASCII"},
    {"us_ascii", "ASCII"},
    {"us", "ASCII"},
    {"646", "ASCII"},
    {"ansi_x3.4_1968", "ASCII"},
    {"ansi_x3_4_1968", "ASCII"},
    {"ansi_x3.4_1986", "ASCII"},
    {"cp367", "ASCII"},
    {"ibm367", "ASCII"},
    {"csascii", "ASCII"},
    {"iso646_us", "ASCII"},
    {"iso_646.irv_1991", "ASCII"},
    {"iso_ir_6", "ASCII"},
    {"cp1252", "CP1252"},
    {"windows_1252", "CP1252"},
    {"1252", "CP1252"},
    {"mac_roman", "MACINTOSH"},
    {"macroman", "MACINTOSH"},
    {"macintosh", "MACINTOSH"},
    {"shift_jis", "SHIFT_JIS"},
    {"sjis", "SHIFT_JIS"},
    {"s_jis", "SHIFT_JIS"},
    {"csshiftjis", "SHIFT_JIS"},
    {"cp932", "CP932"},
    {"ms932", "CP932"},
    {"mskanji", "CP932"},
    {"ms_kanji", "CP932"},
    {"euc_jp", "EUC-JP"},
    {"eucjp", "EUC-JP"},
    {"ujis", "EUC-JP"},
    {"u_jis", "EUC-JP"},
    {"euc_kr", "EUC-KR"},
    {"euckr", "EUC-KR"},
    {"gbk", "GBK"},
    {"cp936", "GBK"},
    {"ms936", "GBK"},
    {"936", "GBK"},
    {"big5_tw", "BIG5"},
    {"csbig5", "BIG5"},
    {"big5hkscs", "BIG5-HKSCS"},
    {"big5_hkscs", "BIG5-HKSCS"},
    {"hkscs", "BIG5-HKSCS"},
};

/* The names to try with iconv for a Python codec KEY, best first, as one
 * string of NUL-terminated names ended by an empty one. */
static void iconv_candidates(const char *key, mf_buf *names) {
    for (size_t i = 0; i < sizeof codec_aliases / sizeof codec_aliases[0]; i++)
        if (strcmp(key, codec_aliases[i].key) == 0) {
            mf_buf_put(names, codec_aliases[i].iconv, strlen(codec_aliases[i].iconv) + 1);
            break;
        }
    const char *digits = NULL;
    if (strncmp(key, "windows_", 8) == 0) /* windows_1250 .. windows_1258 */
        digits = key + 8;
    if (digits && *digits) {
        mf_buf_printf(names, "CP%s", digits);
        mf_buf_putc(names, '\0');
    }
    if (strncmp(key, "iso8859_", 8) == 0 || strncmp(key, "iso_8859_", 9) == 0) {
        mf_buf_printf(names, "ISO-8859-%s", strrchr(key, '_') + 1);
        mf_buf_putc(names, '\0');
    }
    for (int dash = 1; dash >= 0; dash--) { /* KOI8_R as KOI8-R, then as it is */
        for (const char *c = key; *c; c++) {
            char upper = *c >= 'a' && *c <= 'z' ? (char)(*c - 'a' + 'A') : *c;
            mf_buf_putc(names, upper == '_' && dash ? '-' : upper);
        }
        mf_buf_putc(names, '\0');
    }
    mf_buf_putc(names, '\0');
}

/* Converts IN from FROM to TO with iconv, appending to OUT. Returns 0; -1
 * with *BAD the offset in IN of what cannot be converted (bytes not valid in
 * FROM, or a character TO cannot hold); -2 when iconv does not know TO or
 * FROM. */
static int transcode(const char *to, const char *from, mf_slice in, mf_buf *out, size_t *bad) {
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1)
        return -2;
    char *in_at = (char *)in.data;
    size_t in_left = in.len;
    char chunk[4096];
    int result = 0;
    for (bool flushed = false; !flushed;) {
        char *out_at = chunk;
        size_t out_left = sizeof chunk;
        size_t n;
        if (in_left > 0) {
            n = iconv(cd, &in_at, &in_left, &out_at, &out_left);
        } else { /* the final shift sequence of a stateful encoding */
            n = iconv(cd, NULL, NULL, &out_at, &out_left);
            flushed = n != (size_t)-1;
        }
        mf_buf_put(out, chunk, sizeof chunk - out_left);
        if (n == (size_t)-1 && errno != E2BIG) {
            *bad = (size_t)(in_at - in.data);
            result = -1;
            break;
        }
    }
    iconv_close(cd);
    return result;
}

static bool same_bytes(mf_slice a, const mf_buf *b) {
    return a.len == b->len && (a.len == 0 || memcmp(a.data, b->data, a.len) == 0);
}

/* Decodes SRC's text from the encoding NAME declares (at LINE:COLUMN). */
static int decode(mf_source *src, mf_slice name, uint32_t line, uint32_t column,
                  mf_problem *problem) {
    char *declared = mf_xstrndup(name.data, name.len);
    if (src->bom) {
        fail(problem, line, column,
             "UTF-8 BOM, but the coding declaration says \"%s\" (CPython refuses this too)",
             declared);
        free(declared);
        return -1;
    }
    mf_buf key = {0}, names = {0}, probe_out = {0};
    codec_key(name, &key);
    iconv_candidates(key.data, &names);
    mf_buf_free(&key);
    /* The probe: every ASCII character a Python file can hold. Its encoding
     * must be itself, or the declaration (read as ASCII) and migfix's ASCII
     * edits would mean something else in the file. */
    char probe[100];
    size_t probe_len = 0;
    probe[probe_len++] = '\t';
    probe[probe_len++] = '\n';
    probe[probe_len++] = '\f';
    probe[probe_len++] = '\r';
    for (char c = ' '; c <= '~'; c++)
        probe[probe_len++] = c;
    const char *found = NULL;
    size_t bad;
    for (const char *n = names.data; *n; n += strlen(n) + 1) {
        if (transcode(n, "UTF-8", mf_slice_of(probe, probe_len), &probe_out, &bad) != -2) {
            found = n;
            break;
        }
    }
    int result = -1;
    if (!found) {
        fail(problem, line, column,
             "unknown encoding \"%s\" in the coding declaration (iconv knows no such encoding)",
             declared);
        goto done;
    }
    if (!same_bytes(mf_slice_of(probe, probe_len), &probe_out)) {
        fail(problem, line, column,
             "the declared encoding \"%s\" is not ASCII-compatible; migfix cannot edit such a file",
             declared);
        goto done;
    }
    mf_buf decoded = {0}, back = {0};
    if (transcode("UTF-8", found, src->text, &decoded, &bad) < 0) {
        uint32_t l, c;
        mf_position(mf_slice_of(decoded.data, decoded.len), decoded.len, &l, &c);
        fail(problem, l, c, "invalid %s (byte 0x%02X), the encoding the file declares", declared,
             (unsigned char)src->text.data[bad]);
        mf_buf_free(&decoded);
        goto done;
    }
    if (transcode(found, "UTF-8", mf_slice_of(decoded.data, decoded.len), &back, &bad) < 0 ||
        !same_bytes(src->text, &back)) {
        fail(problem, line, column,
             "the file's %s bytes do not convert back to themselves, so migfix could not keep "
             "them byte-identical",
             declared);
        mf_buf_free(&back);
        mf_buf_free(&decoded);
        goto done;
    }
    mf_buf_free(&back);
    src->encoding = declared;
    declared = NULL;
    src->iconv_name = mf_xstrdup(found);
    src->text.len = decoded.len;
    src->decoded = mf_buf_detach(&decoded);
    src->text.data = src->decoded;
    result = 0;
done:
    free(declared);
    mf_buf_free(&names);
    mf_buf_free(&probe_out);
    return result;
}

/* The code point of the UTF-8 sequence at S (valid UTF-8). */
static unsigned code_point_at(const unsigned char *s) {
    if (s[0] < 0x80)
        return s[0];
    size_t n = s[0] >= 0xF0 ? 3 : s[0] >= 0xE0 ? 2 : 1;
    unsigned cp = s[0] & (0x3F >> n);
    for (size_t k = 1; k <= n; k++)
        cp = (cp << 6) | (s[k] & 0x3F);
    return cp;
}

int mf_source_encode(const mf_source *src, mf_slice text, mf_buf *out, mf_problem *problem) {
    if (!src->encoding) {
        if (src->bom)
            mf_buf_put(out, "\xEF\xBB\xBF", 3);
        mf_buf_put(out, text.data, text.len);
        return 0;
    }
    size_t start = out->len, bad;
    int converted = transcode(src->iconv_name, "UTF-8", text, out, &bad);
    mf_buf back = {0};
    if (converted == 0) /* what a reader of the file will see */
        converted = transcode("UTF-8", src->iconv_name,
                              mf_slice_of(out->data + start, out->len - start), &back, &bad) < 0 ||
                            !same_bytes(text, &back)
                        ? -3
                        : 0;
    mf_buf_free(&back);
    if (converted == 0)
        return 0;
    out->len = start;
    if (out->data)
        out->data[start] = '\0';
    if (converted == -1) { /* positions are the input's: this one is in the output */
        uint32_t line, column;
        mf_position(text, bad, &line, &column);
        return fail(problem, 0, 0,
                    "the fixed text needs U+%04X (its line %u, column %u), which %s (the file's "
                    "declared encoding) cannot hold; the file is not written",
                    code_point_at((const unsigned char *)text.data + bad), line, column,
                    src->encoding);
    }
    return fail(problem, 0, 0,
                "the fixed text does not convert to %s (the file's declared encoding) and back "
                "unchanged; the file is not written",
                src->encoding);
}

int mf_source_adopt(mf_source *src, char *bytes, size_t size, mf_problem *problem) {
    memset(src, 0, sizeof *src);
    src->bytes = bytes;
    src->size = size;
    src->mode = 0644;
    size_t skip = size >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    src->bom = skip == 3;
    src->text = mf_slice_of(bytes + skip, size - skip);

    mf_slice declared;
    uint32_t line, column;
    if (find_declaration(src->text, &declared, &line, &column)) {
        mf_buf key = {0};
        codec_key(declared, &key);
        bool utf8 = is_utf8(key.data);
        mf_buf_free(&key);
        if (!utf8 && decode(src, declared, line, column, problem) < 0) {
            mf_source_free(src);
            return -1;
        }
    }
    const char *nul = memchr(src->text.data, '\0', src->text.len);
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
    char *bytes;
    size_t size;
    mode_t mode;
    if (mf_source_read_bytes(path, &bytes, &size, &mode, problem) < 0 ||
        mf_source_adopt(src, bytes, size, problem) < 0)
        return -1;
    src->mode = mode;
    return 0;
}

int mf_source_read_bytes(const char *path, char **out, size_t *out_size, mode_t *mode,
                         mf_problem *problem) {
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
    *out = bytes;
    *out_size = size;
    *mode = st.st_mode & 07777;
    return 0;
}

void mf_source_free(mf_source *src) {
    free(src->bytes);
    free(src->encoding);
    free(src->iconv_name);
    free(src->decoded);
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
