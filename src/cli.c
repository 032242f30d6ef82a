/* Option parsing (see cli.h). */
#include "cli.h"

#include "sql.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: migfix [OPTIONS] [PATH...]\n"
    "       migfix --golden DIR [--update] [OPTIONS]\n"
    "       migfix locate [--url URL] [--stamp [--force]] [--format text|json] [PATH...]\n"
    "\n"
    "Wraps each Alembic operation in the migrations at PATH (files; directories\n"
    "searched for *.py; - for standard input; with no PATH, the versions directories\n"
    "of the nearest alembic.ini) in an existence guard, so the migrations can run again on a\n"
    "database that already has some of their tables and columns. Every output is\n"
    "parsed again and checked before it is written; a file that fails a check is\n"
    "left unchanged.\n"
    "\n"
    "migfix locate places a database on its chain from its schema, shows the evidence\n"
    "and the drift, and prints (or with --stamp writes) what alembic_version should say\n"
    "(migfix locate --help).\n"
    "\n"
    "options:\n"
    "  --diff               print a unified diff on stdout instead of writing files\n"
    "  --check              write no file back; exit 1 if any file would change\n"
    "  --lint               write nothing; check the chain the files belong to: its graph\n"
    "                       (MF101-MF105), its schema flow (MF201-MF205) and replays\n"
    "                       (MF301); exit 1 if any error-level finding\n"
    "  --ignore RULES       report no finding of these rules (MF205 or MF205,MF301)\n"
    "  --format text|json|sarif|github\n"
    "                       report format on stdout (default: text; with --diff the\n"
    "                       text report goes to stderr, the JSON report carries the diff)\n"
    "  --config FILE        the alembic.ini to use (default: the nearest one, from the\n"
    "                       current directory up); its [migfix] section holds defaults\n"
    "  --exclude REGEX      skip paths matching this PCRE2 pattern\n"
    "  -j, --jobs N         files processed in parallel (default: one per core)\n"
    "  --backup[=SUFFIX]    keep each rewritten file's original as FILE.orig (or SUFFIX)\n"
    "  --color auto|always|never\n"
    "                       colour diffs (auto: when stdout is a terminal and NO_COLOR is\n"
    "                       not set)\n"
    "  --stdin-filename NAME  the name of `-` in messages\n"
    "  --no-cache           prove the helper block and read every file of the chain in\n"
    "                       this run, not from what an earlier run of this build kept (in\n"
    "                       $MIGFIX_CACHE_DIR, else $XDG_CACHE_HOME/migfix, else\n"
    "                       ~/.cache/migfix)\n"
    "  --templates DIR      guard and helper templates overriding the built-in ones\n"
    "  --helpers shared|inline|module:NAME\n"
    "                       where the checks the guards call live: in migfix_helpers.py\n"
    "                       next to the project's env.py, loaded by path (default; a\n"
    "                       file outside an alembic.ini's versions gets them inline),\n"
    "                       in each changed file, or in the Python module NAME\n"
    "  --print-helpers      print that module (every check) and exit\n"
    "  --style guard|native with native, use Alembic's own if_not_exists=/if_exists=\n"
    "                       where --alembic-version X.Y.Z has them (inspector guards\n"
    "                       elsewhere)\n"
    "  --alembic-version X.Y.Z  the Alembic version the migrations run with\n"
    "  --dialect postgresql|sqlite|mysql|mariadb\n"
    "                       the database raw SQL in op.execute is rewritten for\n"
    "                       (default: sqlalchemy.url in the nearest alembic.ini, else\n"
    "                       postgresql)\n"
    "  --golden DIR         check golden cases in DIR (NAME/input.py + NAME/expected.py,\n"
    "                       or NAME.py + NAME.expected.py): print a diff per mismatch,\n"
    "                       exit 1 if any differs or is missing\n"
    "  --update             with --golden: rewrite the expected files that differ\n"
    "                       (refused when the CI environment variable is set)\n"
    "  -q, --quiet          print errors only\n"
    "  -v, --verbose        report every operation, not only those left alone\n"
    "  -h, --help           show this help\n"
    "  -V, --version        show the version\n"
    "\n"
    "exit status:\n"
    "  0  done, or nothing to change\n"
    "  1  --check found files that would change (--golden: a case differs)\n"
    "  2  an error: a file could not be read, parsed, verified or written (other\n"
    "     files are still processed), or the command line is wrong\n";

/* MFnnn[,MFnnn...] */
static bool is_rule_list(const char *s) {
    for (;;) {
        if (strncmp(s, "MF", 2) != 0)
            return false;
        s += 2;
        for (int i = 0; i < 3; i++, s++)
            if (*s < '0' || *s > '9')
                return false;
        if (*s == '\0')
            return true;
        if (*s++ != ',')
            return false;
    }
}

/* A dotted Python module path: myapp.migration_guards */
static bool is_module_name(const char *s) {
    bool start = true;
    for (; *s; s++) {
        bool letter = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_';
        bool digit = *s >= '0' && *s <= '9';
        if (*s == '.' && !start)
            start = true;
        else if (letter || (digit && !start))
            start = false;
        else
            return false;
    }
    return !start;
}

/* "1.13.3" -> 11303. */
static bool parse_version(const char *s, unsigned *out) {
    unsigned major, minor, patch;
    int used = 0;
    if (sscanf(s, "%u.%u.%u%n", &major, &minor, &patch, &used) != 3 || s[used] != '\0' ||
        minor > 99 || patch > 99)
        return false;
    *out = major * 10000 + minor * 100 + patch;
    return *out > 0;
}

int mf_cli_parse(int argc, char **argv, mf_options *options) {
    enum {
        OPT_DIFF = 256,
        OPT_CHECK,
        OPT_FORMAT,
        OPT_TEMPLATES,
        OPT_GOLDEN,
        OPT_UPDATE,
        OPT_HELPERS,
        OPT_PRINT_HELPERS,
        OPT_STYLE,
        OPT_ALEMBIC_VERSION,
        OPT_DIALECT,
        OPT_CONFIG,
        OPT_EXCLUDE,
        OPT_STDIN_FILENAME,
        OPT_BACKUP,
        OPT_COLOR,
        OPT_LINT,
        OPT_NO_CACHE,
        OPT_IGNORE
    };
    static const struct option long_options[] = {
        {"diff", no_argument, NULL, OPT_DIFF},
        {"check", no_argument, NULL, OPT_CHECK},
        {"lint", no_argument, NULL, OPT_LINT},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"templates", required_argument, NULL, OPT_TEMPLATES},
        {"golden", required_argument, NULL, OPT_GOLDEN},
        {"helpers", required_argument, NULL, OPT_HELPERS},
        {"print-helpers", no_argument, NULL, OPT_PRINT_HELPERS},
        {"style", required_argument, NULL, OPT_STYLE},
        {"alembic-version", required_argument, NULL, OPT_ALEMBIC_VERSION},
        {"dialect", required_argument, NULL, OPT_DIALECT},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"exclude", required_argument, NULL, OPT_EXCLUDE},
        {"stdin-filename", required_argument, NULL, OPT_STDIN_FILENAME},
        {"jobs", required_argument, NULL, 'j'},
        {"backup", optional_argument, NULL, OPT_BACKUP},
        {"color", required_argument, NULL, OPT_COLOR},
        {"no-cache", no_argument, NULL, OPT_NO_CACHE},
        {"ignore", required_argument, NULL, OPT_IGNORE},
        {"update", no_argument, NULL, OPT_UPDATE},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    memset(options, 0, sizeof *options);
    bool diff = false, check = false, native = false;
    unsigned version = 0;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "qvhVj:", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_DIFF:
            diff = true;
            break;
        case OPT_CHECK:
            check = true;
            break;
        case OPT_LINT:
            options->lint = true;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "text") == 0) {
                options->format = MF_FORMAT_TEXT;
            } else if (strcmp(optarg, "json") == 0) {
                options->format = MF_FORMAT_JSON;
            } else if (strcmp(optarg, "sarif") == 0) {
                options->format = MF_FORMAT_SARIF;
            } else if (strcmp(optarg, "github") == 0) {
                options->format = MF_FORMAT_GITHUB;
            } else {
                fprintf(stderr,
                        "migfix: error: --format: unknown format '%s' (use text, json, sarif or "
                        "github)\n",
                        optarg);
                return MF_EXIT_ERROR;
            }
            break;
        case OPT_TEMPLATES:
            options->settings.templates_dir = optarg;
            break;
        case OPT_HELPERS:
            if (strcmp(optarg, "shared") == 0 || strcmp(optarg, "inline") == 0) {
                options->settings.helpers_module = NULL;
                options->settings.helpers_inline = optarg[0] == 'i';
            } else if (strncmp(optarg, "module:", 7) == 0 && is_module_name(optarg + 7)) {
                options->settings.helpers_module = optarg + 7;
                options->settings.helpers_inline = false;
            } else {
                fprintf(stderr,
                        "migfix: error: --helpers: '%s' is not 'shared', 'inline' or "
                        "'module:NAME' with NAME a Python module path (e.g. "
                        "module:myapp.migration_guards)\n",
                        optarg);
                return MF_EXIT_ERROR;
            }
            break;
        case OPT_PRINT_HELPERS:
            options->print_helpers = true;
            break;
        case OPT_STYLE:
            if (strcmp(optarg, "guard") == 0 || strcmp(optarg, "native") == 0) {
                native = strcmp(optarg, "native") == 0;
            } else {
                fprintf(stderr, "migfix: error: --style: '%s' is not 'guard' or 'native'\n",
                        optarg);
                return MF_EXIT_ERROR;
            }
            break;
        case OPT_ALEMBIC_VERSION:
            if (!parse_version(optarg, &version)) {
                fprintf(stderr, "migfix: error: --alembic-version: '%s' is not X.Y.Z\n", optarg);
                return MF_EXIT_ERROR;
            }
            break;
        case OPT_CONFIG:
            options->config_path = optarg;
            break;
        case OPT_EXCLUDE:
            options->exclude = optarg;
            break;
        case OPT_STDIN_FILENAME:
            options->stdin_filename = optarg;
            break;
        case 'j': {
            char *end;
            unsigned long jobs = strtoul(optarg, &end, 10);
            if (*end || jobs > 256 || optarg[0] == '-' || !optarg[0]) {
                fprintf(stderr, "migfix: error: --jobs: '%s' is not a number from 0 to 256\n",
                        optarg);
                return MF_EXIT_ERROR;
            }
            options->jobs = (unsigned)jobs;
            break;
        }
        case OPT_BACKUP:
            options->backup_suffix = optarg && *optarg ? optarg : ".orig";
            break;
        case OPT_NO_CACHE:
            options->no_cache = true;
            break;
        case OPT_IGNORE:
            if (!is_rule_list(optarg)) {
                fprintf(stderr, "migfix: --ignore takes rule ids such as MF205 or MF205,MF301\n");
                return MF_EXIT_ERROR;
            }
            options->ignore = optarg;
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") == 0) {
                options->color = MF_COLOR_AUTO;
            } else if (strcmp(optarg, "always") == 0) {
                options->color = MF_COLOR_ALWAYS;
            } else if (strcmp(optarg, "never") == 0) {
                options->color = MF_COLOR_NEVER;
            } else {
                fprintf(stderr, "migfix: error: --color: '%s' is not auto, always or never\n",
                        optarg);
                return MF_EXIT_ERROR;
            }
            break;
        case OPT_DIALECT:
            if (mf_dialect_parse(optarg) < 0) {
                fprintf(stderr,
                        "migfix: error: --dialect: '%s' is not postgresql, sqlite, mysql or "
                        "mariadb\n",
                        optarg);
                return MF_EXIT_ERROR;
            }
            options->settings.dialect = mf_dialect_parse(optarg);
            options->dialect_given = true;
            break;
        case OPT_GOLDEN:
            options->golden_dir = optarg;
            break;
        case OPT_UPDATE:
            options->update = true;
            break;
        case 'q':
            options->verbosity = -1;
            break;
        case 'v':
            options->verbosity = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            return MF_EXIT_OK;
        case 'V':
            printf("migfix %s\n", MIGFIX_VERSION);
            return MF_EXIT_OK;
        default:
            if (optopt)
                fprintf(stderr, "migfix: error: option -%c is unknown or needs an argument\n",
                        optopt);
            else
                fprintf(stderr, "migfix: error: %s: unknown option or missing argument\n",
                        argv[optind - 1]);
            fputs("Try 'migfix --help'.\n", stderr);
            return MF_EXIT_ERROR;
        }
    }
    if (native && !version) {
        fputs("migfix: error: --style native needs --alembic-version X.Y.Z (the version your "
              "project runs: its if_not_exists= and if_exists= keywords depend on it)\n",
              stderr);
        return MF_EXIT_ERROR;
    }
    options->settings.native_version = native ? version : 0;
    options->settings.alembic_version = version;
    if (options->print_helpers)
        return -1;
    if (diff && check) {
        fputs("migfix: error: --diff and --check cannot be combined\n", stderr);
        return MF_EXIT_ERROR;
    }
    if (options->lint && (diff || check || options->golden_dir)) {
        fputs("migfix: error: --lint writes nothing and takes no --diff, --check or --golden\n",
              stderr);
        return MF_EXIT_ERROR;
    }
    options->mode = diff ? MF_MODE_DIFF : check ? MF_MODE_CHECK : MF_MODE_WRITE;
    options->paths = argv + optind;
    options->npaths = (size_t)(argc - optind);
    if (options->update && !options->golden_dir) {
        fputs("migfix: error: --update goes with --golden DIR\n", stderr);
        return MF_EXIT_ERROR;
    }
    if (options->golden_dir) {
        if (options->npaths || diff || check) {
            fputs("migfix: error: --golden DIR takes no PATH, --diff or --check\n", stderr);
            return MF_EXIT_ERROR;
        }
        return -1;
    }
    return -1;
}
