/* Stage 1, read: a migration's bytes, checked and described.
 *
 * The text migfix parses and edits is the file without its UTF-8 BOM; the
 * BOM, the line-ending style and the final-newline state are recorded so the
 * output can keep them exactly.
 *
 * A file whose PEP 263 coding declaration (line 1, or line 2 after a comment
 * or blank line 1) names an encoding other than UTF-8 is decoded with iconv:
 * its text is then UTF-8 like any other, and mf_source_encode writes an
 * edited text back in the file's own encoding.
 */
#ifndef MIGFIX_SOURCE_H
#define MIGFIX_SOURCE_H

#include "buf.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Larger files are refused: no real migration comes close. */
#define MF_MAX_SOURCE_SIZE (10u * 1024 * 1024)

typedef struct {
    char *bytes; /* owned: the file exactly as read */
    size_t size;
    /* The text in UTF-8: borrowed from bytes (everything after the BOM), or
     * from decoded for a file in another encoding. */
    mf_slice text;
    bool bom;
    const char *eol; /* the line ending most lines use: "\n" or "\r\n" */
    mode_t mode;     /* permission bits, kept when the file is replaced */
    /* A file declaring an encoding other than UTF-8 (all NULL otherwise):
     * the name as declared (for messages), iconv's name for it, and the
     * decoded text. Each owned. */
    char *encoding;
    char *iconv_name;
    char *decoded;
} mf_source;

typedef struct {
    uint32_t line, column; /* 1-based; 0 when the problem has no position */
    char *message;         /* owned (malloc) */
} mf_problem;

/* Reads PATH (not following a symbolic link) and checks it is a regular,
 * readable, reasonably sized text file: UTF-8, or valid in the encoding its
 * PEP 263 declaration names (one iconv knows, ASCII-compatible, whose bytes
 * convert back identically). Returns 0, or -1 with *problem filled in; SRC
 * is then empty. */
int mf_source_read(mf_source *src, const char *path, mf_problem *problem);

/* The first half of mf_source_read: PATH's bytes as read (*BYTES malloc'd,
 * the caller's) and its permission bits, with the same checks on the file
 * (not a link, regular, not too large); not yet checked as text. */
int mf_source_read_bytes(const char *path, char **bytes, size_t *size, mode_t *mode,
                         mf_problem *problem);
/* Takes ownership of BYTES (malloc'd) and checks them as mf_source_read does. */
int mf_source_adopt(mf_source *src, char *bytes, size_t size, mf_problem *problem);

/* Appends to OUT the bytes of a file holding TEXT (UTF-8: SRC's text,
 * edited) the way SRC is held: the BOM put back, or converted to SRC's
 * declared encoding. Returns 0, or -1 with *problem (and OUT unchanged) when
 * TEXT has a character that encoding cannot hold. */
int mf_source_encode(const mf_source *src, mf_slice text, mf_buf *out, mf_problem *problem);

void mf_source_free(mf_source *src);
void mf_problem_free(mf_problem *problem);

/* 1-based line and column (in code points) of byte OFFSET of TEXT. */
void mf_position(mf_slice text, size_t offset, uint32_t *line, uint32_t *column);

/* Offset of the first byte that is not valid UTF-8, or SIZE when all are. */
size_t mf_utf8_invalid_offset(const char *bytes, size_t size);

/* Line navigation over text. mf_line_start: offset of the start of the line
 * holding OFFSET. mf_line_content_end: offset where that line's content ends
 * (before "\n" or "\r\n", or the end of text). mf_next_line: offset just after
 * that line's "\n" (the end of text for the last line). */
size_t mf_line_start(mf_slice text, size_t offset);
size_t mf_line_content_end(mf_slice text, size_t offset);
size_t mf_next_line(mf_slice text, size_t offset);

/* The line ending most lines of TEXT use: "\r\n" or "\n" (also for text
 * with no line ending at all). */
const char *mf_source_eol_guess(mf_slice text);

#endif
