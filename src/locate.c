/* The locate driver (see locate.h): options, the URL, the chain, the
 * database, the report and the stamp. */
#define _DEFAULT_SOURCE /* realpath */
#include "locate.h"

#include "chain.h"
#include "cli.h"
#include "db.h"
#include "lint.h"
#include "project.h"
#include "sql.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: migfix locate [--url URL] [--stamp [--force]] [--format text|json] [PATH...]\n"
    "\n"
    "Places a database on its migration chain from its schema: reads the database's\n"
    "tables, columns, indexes, constraints and enum types, finds the revision (or the\n"
    "set of revisions, or of heads) whose schema it has, shows the objects that decide\n"
    "it and what differs (drift), compares with what alembic_version says, and prints\n"
    "the `alembic stamp` command to run. PATH: the migrations (default: the versions\n"
    "directories of the nearest alembic.ini).\n"
    "\n"
    "options:\n"
    "  --url URL            the database, as SQLAlchemy writes it (default: sqlalchemy.url\n"
    "                       in alembic.ini, else $DATABASE_URL); postgresql, mysql,\n"
    "                       mariadb and sqlite, with any +driver\n"
    "  --stamp              write alembic_version (one transaction) when the answer is\n"
    "                       one revision or one set of heads, with no drift, and the\n"
    "                       table is absent, empty or names an unknown revision\n"
    "  --force              with --stamp: write it in any other case of one answer\n"
    "  --at REV             compare with the schema of REV (and what runs before it;\n"
    "                       repeat for several heads) instead of searching: its drift\n"
    "                       says why the database is or is not there\n"
    "  --version-table NAME the version table (default: alembic_version)\n"
    "  --version-schema NAME  its schema (default: the connection's)\n"
    "  --format text|json   report format on stdout (default: text)\n"
    "  --config FILE        the alembic.ini to use (default: the nearest one)\n"
    "  -v, --verbose        also list every revision migfix cannot read all of\n"
    "  -h, --help           show this help\n"
    "\n"
    "exit status:\n"
    "  0  placed: one revision (or set of heads), no drift\n"
    "  1  ambiguous (several revisions fit), or drift found\n"
    "  2  an error: no URL, the database cannot be reached or read, no migrations,\n"
    "     a database that is not of this chain, or the stamp failed or was refused\n";

typedef struct {
    const char *url, *config, *version_table, *version_schema;
    bool stamp, force, json;
    const char *at[16]; /* --at: the heads of the one state to compare */
    size_t nat;
    int verbosity;
    char **paths;
    size_t npaths;
} locate_options;

static int parse(int argc, char **argv, locate_options *o) {
    enum { URL = 256, STAMP, FORCE, FORMAT, CONFIG, VTABLE, VSCHEMA, AT };
    static const struct option long_options[] = {
        {"url", required_argument, NULL, URL},
        {"stamp", no_argument, NULL, STAMP},
        {"force", no_argument, NULL, FORCE},
        {"format", required_argument, NULL, FORMAT},
        {"config", required_argument, NULL, CONFIG},
        {"version-table", required_argument, NULL, VTABLE},
        {"version-schema", required_argument, NULL, VSCHEMA},
        {"at", required_argument, NULL, AT},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    *o = (locate_options){.version_table = "alembic_version"};
    optind = 1;
    for (int c; (c = getopt_long(argc, argv, "vh", long_options, NULL)) != -1;) {
        switch (c) {
        case URL:
            o->url = optarg;
            break;
        case STAMP:
            o->stamp = true;
            break;
        case FORCE:
            o->force = true;
            break;
        case FORMAT:
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0) {
                fprintf(stderr, "migfix locate: error: --format %s: text or json\n", optarg);
                return MF_EXIT_ERROR;
            }
            o->json = strcmp(optarg, "json") == 0;
            break;
        case CONFIG:
            o->config = optarg;
            break;
        case VTABLE:
            o->version_table = optarg;
            break;
        case VSCHEMA:
            o->version_schema = optarg;
            break;
        case AT:
            if (o->nat == sizeof o->at / sizeof *o->at) {
                fputs("migfix locate: error: at most 16 --at\n", stderr);
                return MF_EXIT_ERROR;
            }
            o->at[o->nat++] = optarg;
            break;
        case 'v':
            o->verbosity = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            return MF_EXIT_OK;
        default:
            fputs("usage: migfix locate [--url URL] [--stamp [--force]] [--format text|json] "
                  "[PATH...] (migfix locate --help)\n",
                  stderr);
            return MF_EXIT_ERROR;
        }
    }
    if (o->nat && o->stamp) {
        fputs("migfix locate: error: --at compares; it does not go with --stamp\n", stderr);
        return MF_EXIT_ERROR;
    }
    if (o->force && !o->stamp) {
        fputs("migfix locate: error: --force goes with --stamp\n", stderr);
        return MF_EXIT_ERROR;
    }
    o->paths = argv + optind;
    o->npaths = (size_t)(argc - optind);
    return -1;
}

/* TEXT with %(here)s replaced by HERE, as Alembic's configparser does. */
static char *expand_here(const char *text, const char *here) {
    mf_buf out = {0};
    for (const char *p = text; *p;) {
        if (strncmp(p, "%(here)s", 8) == 0) {
            mf_buf_puts(&out, here);
            p += 8;
        } else {
            mf_buf_putc(&out, *p++);
        }
    }
    return mf_buf_detach(&out);
}

/* The URL: --url, else alembic.ini's (when it is one locate reads: the
 * template's driver://... is not), else $DATABASE_URL. */
static int choose_url(const locate_options *o, const mf_project *project, mf_dburl *url,
                      char **error) {
    if (o->url)
        return mf_dburl_parse(o->url, url, error);
    if (project && project->url) {
        char *here = mf_xstrdup(project->path);
        char *slash = strrchr(here, '/');
        if (slash)
            *slash = '\0';
        char *text = expand_here(project->url, here);
        free(here);
        char *ini_error = NULL;
        int rc = mf_dburl_parse(text, url, &ini_error);
        free(text);
        if (rc == 0)
            return 0;
        if (!getenv("DATABASE_URL")) {
            mf_buf msg = {0};
            mf_buf_printf(&msg, "sqlalchemy.url in %s: %s (give --url or set $DATABASE_URL)",
                          project->path, ini_error);
            *error = mf_buf_detach(&msg);
            free(ini_error);
            return -1;
        }
        free(ini_error);
    }
    const char *env = getenv("DATABASE_URL");
    if (env)
        return mf_dburl_parse(env, url, error);
    *error = mf_xstrdup("no database URL: give --url, set sqlalchemy.url in alembic.ini, or set "
                        "$DATABASE_URL");
    return -1;
}

/* Whether revision X is in the state whose heads are HEADS. */
static bool in_state(const mf_chain *chain, size_t x, const char *const *heads, size_t nheads) {
    for (size_t h = 0; h < nheads; h++) {
        size_t head = mf_chain_find(chain, heads[h]);
        if (head == x || (head != SIZE_MAX && mf_chain_runs_before(chain, x, head)))
            return true;
    }
    return false;
}

/* Whether every head of A is in the state of B. */
static bool within(const mf_chain *chain, const char *const *a, size_t na, const char *const *b,
                   size_t nb) {
    for (size_t i = 0; i < na; i++)
        if (!in_state(chain, mf_chain_find(chain, a[i]), b, nb))
            return false;
    return true;
}

/* What alembic_version says, against the placement: "absent", "empty",
 * "unknown", "agrees", "behind", "ahead" or "differs". */
static const char *version_verdict(const mf_chain *chain, const mf_catalog *cat,
                                   const mf_placement *place) {
    if (!cat->has_version_table)
        return "absent";
    if (cat->versions.len == 0)
        return "empty";
    for (size_t i = 0; i < cat->versions.len; i++)
        if (mf_chain_find(chain, cat->versions.items[i]) == SIZE_MAX)
            return "unknown";
    if (place->candidates.len == 0)
        return "differs";
    const char *const *v = cat->versions.items;
    size_t nv = cat->versions.len;
    bool behind_all = true, ahead_all = true;
    for (size_t c = 0; c < place->candidates.len; c++) {
        const mf_place_state *s = &place->candidates.items[c];
        bool v_in_s = within(chain, v, nv, s->heads, s->nheads);
        bool s_in_v = within(chain, s->heads, s->nheads, v, nv);
        if (v_in_s && s_in_v)
            return "agrees";
        behind_all &= v_in_s;
        ahead_all &= s_in_v;
    }
    return behind_all ? "behind" : ahead_all ? "ahead" : "differs";
}

static const char *heads_text(mf_arena *arena, const mf_place_state *s) {
    if (s->nheads == 0)
        return "base";
    mf_buf b = {0};
    for (size_t i = 0; i < s->nheads; i++)
        mf_buf_printf(&b, "%s%s", i ? " " : "", s->heads[i]);
    const char *out = mf_arena_strndup(arena, b.data, b.len);
    mf_buf_free(&b);
    return out;
}

typedef enum { PLACED, AMBIGUOUS, DRIFT, UNMATCHED } verdict;

static const char *verdict_name(verdict v) {
    static const char *const names[] = {"placed", "ambiguous", "drift", "unmatched"};
    return names[v];
}

/* The alembic command that makes alembic_version say the placement. */
static const char *stamp_command(mf_arena *arena, const mf_placement *place, const char *version,
                                 verdict v) {
    if (v == UNMATCHED || place->candidates.len != 1)
        return NULL;
    const mf_place_state *s = &place->candidates.items[0];
    if (strcmp(version, "agrees") == 0)
        return NULL;
    return mf_arena_printf(arena, "alembic stamp %s%s",
                           strcmp(version, "unknown") == 0 ? "--purge " : "", heads_text(arena, s));
}

static void print_text(const mf_placement *place, const mf_catalog *cat, const char *shown_url,
                       const char *version, const char *command, verdict v, int verbosity,
                       mf_arena *arena) {
    printf("database: %s\n", shown_url);
    if (v == UNMATCHED) {
        printf("no revision matches: %zu of the %zu objects the first revision makes are "
               "missing\n",
               place->first_missing, place->first_objects);
    } else if (place->candidates.len == 1) {
        const mf_place_state *s = &place->candidates.items[0];
        if (s->nheads == 0)
            printf("schema: before the first revision (nothing run)%s\n",
                   v == DRIFT ? ", closest, with drift" : "");
        else
            printf("schema: at %s %s%s\n", s->nheads > 1 ? "heads" : "revision",
                   heads_text(arena, s), v == DRIFT ? " (closest, with drift)" : "");
    } else {
        printf("schema: %s, %zu states fit%s:\n",
               v == PLACED ? "placed by alembic_version" : "ambiguous",
               place->candidates.len + place->more_candidates,
               v == DRIFT ? " (closest, with drift)" : "");
        for (size_t i = 0; i < place->candidates.len; i++)
            printf("  %s\n", heads_text(arena, &place->candidates.items[i]));
        if (place->more_candidates)
            printf("  ... and %zu more\n", place->more_candidates);
        printf("the schema cannot tell these revisions apart:\n");
        for (size_t i = 0; i < place->undecided.len; i++)
            printf("  %s: %s\n", place->undecided.items[i].revision,
                   place->undecided.items[i].reason);
    }
    if (place->evidence.len && v != UNMATCHED) {
        printf("evidence:\n");
        for (size_t i = 0; i < place->evidence.len; i++) {
            const mf_place_evidence *e = &place->evidence.items[i];
            printf("  %-7s %s %s, %s %s\n", e->present ? "present" : "absent", e->what, e->name,
                   e->why, e->revision);
        }
    }
    if (place->drift.len) {
        printf("drift:\n");
        for (size_t i = 0; i < place->drift.len; i++) {
            const mf_place_drift *d = &place->drift.items[i];
            if (strcmp(d->kind, "type") == 0 || strcmp(d->kind, "nullable") == 0)
                printf("  %s %s: %s %s in the database, %s in the chain%s%s%s\n", d->what, d->name,
                       d->kind, d->actual, d->expected, d->revision ? " (from " : "",
                       d->revision ? d->revision : "", d->revision ? ")" : "");
            else if (strcmp(d->kind, "missing") == 0)
                printf("  missing %s %s (made by %s)\n", d->what, d->name,
                       d->revision ? d->revision : "?");
            else if (strcmp(d->kind, "unexpected") == 0)
                printf("  unexpected %s %s (%s %s)\n", d->what, d->name,
                       d->revision ? "see" : "no revision here makes it",
                       d->revision ? d->revision : "");
            else
                printf("  extra %s %s: no revision makes it\n", d->what, d->name);
        }
    }
    if (verbosity > 0 || (place->unreadable.len && v != PLACED)) {
        for (size_t i = 0; i < place->unreadable.len; i++)
            printf("unreadable: %s (%s): %s\n", place->unreadable.items[i].revision,
                   place->unreadable.items[i].path, place->unreadable.items[i].reason);
    }
    if (place->truncated)
        printf("note: too many branch combinations; only each revision with its ancestors was "
               "tried (%zu states)\n",
               place->states_tried);
    printf("alembic_version: %s", version);
    if (cat->versions.len) {
        printf(" (");
        for (size_t i = 0; i < cat->versions.len; i++)
            printf("%s%s", i ? " " : "", cat->versions.items[i]);
        printf(")");
    }
    printf("\n");
    if (command)
        printf("run: %s\n", command);
}

static json_t *strings(const char *const *items, size_t n) {
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_string(items[i]));
    return list;
}

static json_t *notes_json(const mf_place_note *notes, size_t n) {
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "revision", notes[i].revision,
                                              "path", notes[i].path, "reason", notes[i].reason));
    return list;
}

static void print_json(const mf_placement *place, const mf_catalog *cat, const char *shown_url,
                       const char *version, const char *command, verdict v, bool stamped) {
    json_t *candidates = json_array();
    for (size_t i = 0; i < place->candidates.len; i++)
        json_array_append_new(candidates, strings(place->candidates.items[i].heads,
                                                  place->candidates.items[i].nheads));
    json_t *evidence = json_array();
    for (size_t i = 0; i < place->evidence.len; i++) {
        const mf_place_evidence *e = &place->evidence.items[i];
        json_array_append_new(evidence, json_pack("{s:s, s:s, s:b, s:s, s:s}", "object", e->what,
                                                  "name", e->name, "present", e->present,
                                                  "revision", e->revision, "why", e->why));
    }
    json_t *drift = json_array();
    for (size_t i = 0; i < place->drift.len; i++) {
        const mf_place_drift *d = &place->drift.items[i];
        json_array_append_new(drift,
                              json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?}", "kind", d->kind,
                                        "object", d->what, "name", d->name, "expected", d->expected,
                                        "actual", d->actual, "revision", d->revision));
    }
    json_t *doc = json_pack(
        "{s:s, s:s, s:s, s:o, s:I, s:o, s:o, s:o, s:o, s:{s:b, s:s, s:o}, s:s?, s:b, s:b}",
        "database", shown_url, "dialect", mf_dialect_name((mf_dialect)cat->dialect), "status",
        verdict_name(v), "candidates", candidates, "more_candidates",
        (json_int_t)place->more_candidates, "undecided",
        notes_json(place->undecided.items, place->undecided.len), "evidence", evidence, "drift",
        drift, "unreadable", notes_json(place->unreadable.items, place->unreadable.len),
        "alembic_version", "table", cat->has_version_table, "verdict", version, "revisions",
        strings(cat->versions.items, cat->versions.len), "command", command, "stamped", stamped,
        "truncated", place->truncated);
    if (v == UNMATCHED)
        json_object_set_new(doc, "first_revision",
                            json_pack("{s:I, s:I}", "objects", (json_int_t)place->first_objects,
                                      "missing", (json_int_t)place->first_missing));
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    puts(text);
    free(text);
    json_decref(doc);
}

/* Writes alembic_version when the answer allows it; returns false (said)
 * when it refuses or fails. */
static bool stamp(const locate_options *o, mf_db *db, const mf_placement *place,
                  const char *version, verdict v) {
    if (v == PLACED && strcmp(version, "agrees") == 0)
        return true; /* nothing to write */
    if (v == UNMATCHED || place->candidates.len != 1) {
        fprintf(stderr,
                "migfix locate: --stamp refused: %s (stamp by hand with the revision you "
                "choose: alembic stamp REV)\n",
                v == UNMATCHED ? "no revision matches" : "several states fit the schema");
        return false;
    }
    bool free_to_write = strcmp(version, "absent") == 0 || strcmp(version, "empty") == 0 ||
                         strcmp(version, "unknown") == 0;
    if (!o->force && (v == DRIFT || !free_to_write)) {
        if (strcmp(version, "agrees") == 0 && v != DRIFT)
            return true; /* nothing to write */
        fprintf(stderr, "migfix locate: --stamp refused: %s; add --force to write it anyway\n",
                v == DRIFT ? "the schema differs from every revision (drift)"
                           : "alembic_version already names revisions of this chain");
        return false;
    }
    const mf_place_state *s = &place->candidates.items[0];
    char *error = NULL;
    if (mf_db_stamp(db, o->version_table, o->version_schema, s->heads, s->nheads, &error) != 0) {
        fprintf(stderr, "migfix locate: error: --stamp: %s\n", error);
        free(error);
        return false;
    }
    return true;
}

int mf_locate_main(int argc, char **argv) {
    locate_options o;
    int early = parse(argc, argv, &o);
    if (early >= 0)
        return early;

    char *ini = o.config ? realpath(o.config, NULL) : mf_find_alembic_ini(".");
    if (o.config && !ini) {
        fprintf(stderr, "migfix locate: error: --config %s: no such file\n", o.config);
        return MF_EXIT_ERROR;
    }
    mf_project project = {0};
    bool have_project = false;
    char *error = NULL;
    if (ini) {
        if (mf_project_read(ini, &project, &error) != 0) {
            fprintf(stderr, "migfix locate: error: %s\n", error);
            free(error);
            free(ini);
            return MF_EXIT_ERROR;
        }
        have_project = true;
    }
    free(ini);

    int code = MF_EXIT_ERROR;
    mf_dburl url = {0};
    mf_db *db = NULL;
    mf_chains *chains = NULL;
    const mf_chain *chain = NULL;
    mf_catalog catalog;
    bool have_catalog = false;
    if (choose_url(&o, have_project ? &project : NULL, &url, &error) != 0) {
        fprintf(stderr, "migfix locate: error: %s\n", error);
        free(error);
        goto done;
    }
    char **paths = o.paths;
    size_t npaths = o.npaths;
    if (npaths == 0) {
        if (!have_project || project.versions.len == 0) {
            fputs("migfix locate: error: no PATH given and no alembic.ini with a "
                  "script_location found here or above (give the versions directory, or "
                  "--config FILE)\n",
                  stderr);
            goto done;
        }
        paths = project.versions.items;
        npaths = project.versions.len;
    }

    chains = mf_chains_new(url.dialect, NULL);
    mf_options lint_options = {.format = MF_FORMAT_TEXT};
    bool read_all = mf_lint_read(&lint_options, chains, paths, npaths);
    if (mf_chains_revision_count(chains) == 0) {
        fputs("migfix locate: error: no migration declares a revision in the paths given\n",
              stderr);
        goto done;
    }
    if (mf_chains_count(chains) > 1) {
        /* One database has one alembic_version: the user names the
         * environment it belongs to. */
        fprintf(stderr,
                "migfix locate: error: the paths hold %zu separate chains (versions directories "
                "no down_revision links); give the one this database belongs to:\n",
                mf_chains_count(chains));
        for (size_t i = 0; i < mf_chains_count(chains); i++) {
            const char *first = mf_chain_revision_path(mf_chains_at(chains, i), 0);
            const char *slash = strrchr(first, '/');
            fprintf(stderr, "  %.*s (%zu revisions)\n", slash ? (int)(slash - first) : 1,
                    slash ? first : ".", mf_chain_revision_count(mf_chains_at(chains, i)));
        }
        goto done;
    }
    chain = mf_chains_at(chains, 0);
    if (!read_all)
        fputs("migfix locate: warning: the files above are left out of the chain: the answer "
              "may be wrong about them\n",
              stderr);

    db = mf_db_connect(&url, &error);
    if (!db) {
        fprintf(stderr, "migfix locate: error: %s\n", error);
        free(error);
        goto done;
    }
    mf_catalog_init(&catalog, url.dialect);
    have_catalog = true;
    if (mf_db_read_catalog(db, o.version_table, o.version_schema, &catalog, &error) != 0) {
        fprintf(stderr, "migfix locate: error: reading the catalog: %s\n", error);
        free(error);
        goto done;
    }

    if (o.verbosity > 0)
        fprintf(stderr, "migfix locate: %zu tables read with %zu queries; %zu revisions\n",
                catalog.tables.len, mf_db_queries(db), mf_chain_revision_count(chain));
    mf_placement place;
    for (size_t i = 0; i < o.nat; i++)
        if (mf_chain_find(chain, o.at[i]) == SIZE_MAX) {
            fprintf(stderr, "migfix locate: error: --at %s: no file of the chain declares it\n",
                    o.at[i]);
            goto done;
        }
    mf_chain_place(chain, &catalog, o.at, o.nat, &place);
    verdict v = place.unmatched                       ? UNMATCHED
                : place.candidates.len > 1            ? AMBIGUOUS
                : place.mismatches || place.drift.len ? DRIFT
                                                      : PLACED;
    const char *version = version_verdict(chain, &catalog, &place);
    /* Schema-equal states, one of which alembic_version names: the version
     * decides, and agrees. */
    if (v == AMBIGUOUS && !place.mismatches && !place.drift.len && strcmp(version, "agrees") == 0)
        v = PLACED;
    const char *command = stamp_command(&place.arena, &place, version, v);
    char *shown = mf_dburl_display(&url);
    bool stamped = false, refused = false;
    if (o.stamp) {
        stamped = stamp(&o, db, &place, version, v);
        refused = !stamped;
        stamped = stamped && strcmp(version, "agrees") != 0;
    }
    if (o.json)
        print_json(&place, &catalog, shown, version, command, v, stamped);
    else
        print_text(&place, &catalog, shown, version, stamped ? NULL : command, v, o.verbosity,
                   &place.arena);
    if (stamped && !o.json)
        printf("stamped: alembic_version now says %s\n",
               heads_text(&place.arena, &place.candidates.items[0]));
    free(shown);
    code = v == UNMATCHED || refused ? MF_EXIT_ERROR
           : v == PLACED             ? MF_EXIT_OK
                                     : MF_EXIT_WOULD_CHANGE;
    mf_placement_free(&place);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("migfix locate: error: writing to standard output failed\n", stderr);
        code = MF_EXIT_ERROR;
    }

done:
    if (have_catalog)
        mf_catalog_free(&catalog);
    if (db)
        mf_db_close(db);
    mf_chains_free(chains);
    mf_dburl_free(&url);
    if (have_project)
        mf_project_free(&project);
    return code;
}
