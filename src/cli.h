/* Command-line options: the option table, parsing and usage text. */
#ifndef MIGFIX_CLI_H
#define MIGFIX_CLI_H

#include "run.h"

/* Exit codes, as ruff and black use them. */
typedef enum {
    MF_EXIT_OK = 0,           /* done, or nothing to change */
    MF_EXIT_WOULD_CHANGE = 1, /* --check: some file would change */
    MF_EXIT_ERROR = 2,        /* any error: bad input, refused rewrite, I/O, usage */
} mf_exit;

typedef enum { MF_FORMAT_TEXT, MF_FORMAT_JSON, MF_FORMAT_SARIF, MF_FORMAT_GITHUB } mf_format;

typedef enum { MF_COLOR_AUTO, MF_COLOR_ALWAYS, MF_COLOR_NEVER } mf_color;

typedef struct {
    mf_mode mode;
    mf_format format;
    int verbosity;          /* -1 quiet, 0 normal, 1 verbose */
    mf_settings settings;   /* --templates, --helpers, --style, --alembic-version */
    const char *golden_dir; /* --golden: compare with expected files instead */
    bool update;            /* --update: rewrite expected files (never in CI) */
    bool print_helpers;     /* --print-helpers: print the helper module and exit */
    bool lint;              /* --lint: lint the revision graph, write nothing */
    bool dialect_given;     /* --dialect was given (else alembic.ini's, else postgresql) */
    char **paths;           /* borrowed from argv; none: the project's versions directories */
    size_t npaths;
    const char *config_path;    /* --config: alembic.ini to use instead of searching */
    const char *exclude;        /* --exclude: PCRE2 pattern on paths */
    const char *stdin_filename; /* --stdin-filename: the name `-` has in messages */
    unsigned jobs;              /* --jobs: 0 = one per core */
    const char *backup_suffix;  /* --backup[=SUFFIX]: keep originals; NULL = no */
    mf_color color;
    bool no_cache;      /* --no-cache: helper blocks proven in this run only (proofs.h) */
    const char *ignore; /* --ignore: lint rules to report no finding for ("MF205,MF301") */
} mf_options;

/* Parses ARGV. Returns -1 to continue with OPTIONS, or an exit code: 0 after
 * --help / --version, MF_EXIT_ERROR after a usage error (already printed). */
int mf_cli_parse(int argc, char **argv, mf_options *options);

#endif
