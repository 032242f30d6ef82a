/* alembic.ini (see project.h). */
#define _DEFAULT_SOURCE /* realpath */
#include "project.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *mf_find_alembic_ini(const char *dir) {
    char *here = realpath(dir, NULL);
    if (!here)
        return NULL;
    for (;;) {
        mf_buf path = {0};
        mf_buf_printf(&path, "%s/alembic.ini", strcmp(here, "/") == 0 ? "" : here);
        if (access(path.data, R_OK) == 0) {
            free(here);
            return mf_buf_detach(&path);
        }
        mf_buf_free(&path);
        char *slash = strrchr(here, '/');
        if (!slash || strcmp(here, "/") == 0)
            break;
        if (slash == here)
            here[1] = '\0'; /* "/" last */
        else
            *slash = '\0';
    }
    free(here);
    return NULL;
}

typedef struct {
    char *here;
    char *script_location, *version_locations, *separator, *url;
    mf_project *project;
} reader;

/* VALUE with %(here)s replaced by the ini file's directory (what Alembic's
 * ConfigParser interpolation does for it). */
static char *expand(const reader *r, const char *value) {
    mf_buf out = {0};
    for (const char *p = value; *p;) {
        if (strncmp(p, "%(here)s", 8) == 0) {
            mf_buf_puts(&out, r->here);
            p += 8;
        } else if (strncmp(p, "%%", 2) == 0) {
            mf_buf_putc(&out, '%');
            p += 2;
        } else {
            mf_buf_putc(&out, *p++);
        }
    }
    return mf_buf_detach(&out);
}

static void set(char **slot, char *value) {
    free(*slot);
    *slot = value;
}

static int on_entry(void *user, const char *section, const char *name, const char *value) {
    reader *r = user;
    if (strcmp(section, "alembic") == 0) {
        if (strcmp(name, "script_location") == 0)
            set(&r->script_location, expand(r, value));
        else if (strcmp(name, "version_locations") == 0)
            set(&r->version_locations, expand(r, value));
        else if (strcmp(name, "version_path_separator") == 0)
            set(&r->separator, mf_xstrdup(value));
        else if (strcmp(name, "sqlalchemy.url") == 0)
            set(&r->url, mf_xstrdup(value));
    } else if (strcmp(section, "migfix") == 0) {
        mf_buf option = {0};
        mf_buf_printf(&option, "--%s=%s", name, value);
        char *text = mf_buf_detach(&option);
        MF_VEC_PUSH(&r->project->options, text);
    }
    return 1;
}

/* PATH made absolute against the ini file's directory. */
static char *absolute(const reader *r, const char *path) {
    if (path[0] == '/')
        return mf_xstrdup(path);
    mf_buf out = {0};
    mf_buf_printf(&out, "%s/%s", r->here, path);
    return mf_buf_detach(&out);
}

static void add_versions(reader *r, const char *dir) {
    char *path = absolute(r, dir);
    MF_VEC_PUSH(&r->project->versions, path);
}

int mf_project_read(const char *path, mf_project *project, char **error) {
    memset(project, 0, sizeof *project);
    *error = NULL;
    char *full = realpath(path, NULL);
    if (!full) {
        mf_buf msg = {0};
        mf_buf_printf(&msg, "%s: %s", path, strerror(errno));
        *error = mf_buf_detach(&msg);
        return -1;
    }
    reader r = {0};
    r.project = project;
    r.here = mf_xstrdup(full);
    char *slash = strrchr(r.here, '/');
    if (slash)
        *(slash == r.here ? slash + 1 : slash) = '\0';
    project->path = full;
    int line = ini_parse(full, on_entry, &r);
    if (line != 0) {
        mf_buf msg = {0};
        if (line < 0)
            mf_buf_printf(&msg, "%s: cannot read", full);
        else
            mf_buf_printf(&msg, "%s:%d: not a valid ini line", full, line);
        *error = mf_buf_detach(&msg);
    } else if (r.version_locations) {
        /* Alembic: version_path_separator names the separator; without it,
         * locations are separated by spaces or commas. */
        const char *separators = " ,";
        if (r.separator && strcmp(r.separator, "os") == 0)
            separators = ":";
        else if (r.separator && strcmp(r.separator, "space") == 0)
            separators = " ";
        else if (r.separator && strlen(r.separator) == 1)
            separators = r.separator;
        char *list = mf_xstrdup(r.version_locations);
        for (char *save = NULL, *item = strtok_r(list, separators, &save); item;
             item = strtok_r(NULL, separators, &save))
            if (*item)
                add_versions(&r, item);
        free(list);
    } else if (r.script_location) {
        mf_buf versions = {0};
        mf_buf_printf(&versions, "%s/versions", r.script_location);
        add_versions(&r, versions.data);
        mf_buf_free(&versions);
    }
    project->url = r.url;
    if (r.script_location && !strchr(r.script_location, ':'))
        project->script_dir = absolute(&r, r.script_location);
    free(r.here);
    free(r.script_location);
    free(r.version_locations);
    free(r.separator);
    if (*error) {
        mf_project_free(project);
        return -1;
    }
    return 0;
}

void mf_project_free(mf_project *project) {
    free(project->path);
    free(project->url);
    free(project->script_dir);
    for (size_t i = 0; i < project->versions.len; i++)
        free(project->versions.items[i]);
    for (size_t i = 0; i < project->options.len; i++)
        free(project->options.items[i]);
    MF_VEC_FREE(&project->versions);
    MF_VEC_FREE(&project->options);
    memset(project, 0, sizeof *project);
}

/* ---- versions locations, to split a run into chains ------------------- */

typedef struct {
    char *dir, *key;
    char *helpers;      /* see mf_location_helpers */
    char *helpers_from; /* HELPERS from this directory */
} known_dir;

typedef struct {
    char *ini;
    MF_VEC(char *) versions; /* real paths; none when the ini cannot be read */
    char *helpers;           /* see mf_location_helpers */
} known_ini;

struct mf_locations {
    MF_VEC(known_dir) dirs;
    MF_VEC(known_ini) inis;
};

mf_locations *mf_locations_new(void) {
    return mf_xcalloc(1, sizeof(mf_locations));
}

static bool within(const char *dir, const char *root) {
    size_t n = strlen(root);
    return strncmp(dir, root, n) == 0 &&
           (dir[n] == '\0' || dir[n] == '/' || strcmp(root, "/") == 0);
}

static const known_ini *ini_versions(mf_locations *l, const char *ini) {
    for (size_t i = 0; i < l->inis.len; i++)
        if (strcmp(l->inis.items[i].ini, ini) == 0)
            return &l->inis.items[i];
    known_ini k = {mf_xstrdup(ini), {0}, NULL};
    mf_project project;
    char *error = NULL;
    if (mf_project_read(ini, &project, &error) == 0) {
        for (size_t i = 0; i < project.versions.len; i++) {
            char *real = realpath(project.versions.items[i], NULL);
            if (real)
                MF_VEC_PUSH(&k.versions, real);
        }
        char *script = project.script_dir ? realpath(project.script_dir, NULL) : NULL;
        bool apart = script != NULL;
        for (size_t i = 0; apart && i < k.versions.len; i++)
            apart = !within(script, k.versions.items[i]);
        if (apart) {
            mf_buf path = {0};
            mf_buf_printf(&path, "%s/%s", strcmp(script, "/") == 0 ? "" : script,
                          MF_SHARED_HELPERS_FILE);
            k.helpers = mf_buf_detach(&path);
        }
        free(script);
        mf_project_free(&project);
    }
    free(error); /* the run that needs the ini reports it */
    MF_VEC_PUSH(&l->inis, k);
    return &l->inis.items[l->inis.len - 1];
}

/* Alembic's own layout, for the many projects whose alembic.ini names no
 * script_location (Flask-Migrate sets it in code) or that have none: DIR
 * (a real path) lies in SCRIPT/versions, at most two levels down, and
 * SCRIPT holds env.py. Then the shared module goes in SCRIPT, else NULL. */
static char *script_dir_helpers(const char *dir) {
    char *script = mf_xstrdup(dir);
    char *found = NULL;
    for (int level = 0; level < 3 && !found; level++) {
        char *slash = strrchr(script, '/');
        if (!slash || slash == script)
            break;
        bool versions = strcmp(slash + 1, "versions") == 0;
        *slash = '\0';
        mf_buf env = {0};
        mf_buf_printf(&env, "%s/env.py", script);
        if (versions && access(env.data, F_OK) == 0) {
            mf_buf path = {0};
            mf_buf_printf(&path, "%s/%s", script, MF_SHARED_HELPERS_FILE);
            found = mf_buf_detach(&path);
        }
        mf_buf_free(&env);
    }
    free(script);
    return found;
}

/* TARGET (a real path) as a path from directory DIR (a real path). */
static char *path_from(const char *dir, const char *target) {
    size_t i = 0, base = 0;
    for (; dir[i] && dir[i] == target[i]; i++)
        if (dir[i] == '/')
            base = i + 1;
    const char *up = dir + base; /* DIR's components below the common part */
    if (dir[i] == '\0' && target[i] == '/')
        up = dir + i, base = i + 1; /* TARGET lies under DIR */
    mf_buf out = {0};
    for (const char *p = up; *p;) {
        mf_buf_puts(&out, "../");
        const char *slash = strchr(p, '/');
        if (!slash)
            break;
        p = slash + 1;
    }
    mf_buf_puts(&out, target + base);
    return mf_buf_detach(&out);
}

static const known_dir *dir_of(mf_locations *l, const char *path) {
    char *copy = mf_xstrdup(path);
    char *slash = strrchr(copy, '/');
    if (!slash)
        strcpy(copy, ".");
    else
        *(slash == copy ? slash + 1 : slash) = '\0';
    /* Kept by the directory as written (a walk gives its files together):
     * resolved once. */
    for (size_t i = l->dirs.len; i-- > 0;)
        if (strcmp(l->dirs.items[i].dir, copy) == 0) {
            free(copy);
            return &l->dirs.items[i];
        }
    char *dir = realpath(copy, NULL);
    if (!dir)
        dir = mf_xstrdup(copy);
    known_dir d = {copy, NULL, NULL, NULL};
    char *ini = mf_find_alembic_ini(dir);
    if (ini) {
        const known_ini *k = ini_versions(l, ini);
        for (size_t i = 0; i < k->versions.len && !d.key; i++)
            if (within(dir, k->versions.items[i])) {
                d.key = mf_xstrdup(k->ini);
                d.helpers = k->helpers ? mf_xstrdup(k->helpers) : NULL;
            }
        free(ini);
    }
    if (!d.helpers)
        d.helpers = script_dir_helpers(dir);
    d.helpers_from = d.helpers ? path_from(dir, d.helpers) : NULL;
    if (!d.key)
        d.key = mf_xstrdup(dir);
    free(dir);
    MF_VEC_PUSH(&l->dirs, d);
    return &l->dirs.items[l->dirs.len - 1];
}

const char *mf_location_of(mf_locations *l, const char *path) {
    return dir_of(l, path)->key;
}

const char *mf_location_helpers(mf_locations *l, const char *path, const char **from) {
    const known_dir *d = dir_of(l, path);
    *from = d->helpers_from;
    return d->helpers;
}

void mf_locations_free(mf_locations *l) {
    if (!l)
        return;
    for (size_t i = 0; i < l->dirs.len; i++)
        free(l->dirs.items[i].dir), free(l->dirs.items[i].key), free(l->dirs.items[i].helpers),
            free(l->dirs.items[i].helpers_from);
    for (size_t i = 0; i < l->inis.len; i++) {
        free(l->inis.items[i].ini);
        free(l->inis.items[i].helpers);
        for (size_t v = 0; v < l->inis.items[i].versions.len; v++)
            free(l->inis.items[i].versions.items[v]);
        MF_VEC_FREE(&l->inis.items[i].versions);
    }
    MF_VEC_FREE(&l->dirs);
    MF_VEC_FREE(&l->inis);
    free(l);
}
