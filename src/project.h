/* The Alembic project around the files: alembic.ini, read with libinih.
 *
 * With no PATH, migfix works on the project's migrations: the versions
 * directories named by [alembic] script_location / version_locations. The
 * same file's [migfix] section holds defaults for migfix's options.
 */
#ifndef MIGFIX_PROJECT_H
#define MIGFIX_PROJECT_H

#include "buf.h"

/* The path of alembic.ini in DIR or its nearest parent that has one, or NULL
 * (malloc'd; the caller frees it). */
char *mf_find_alembic_ini(const char *dir);

typedef struct {
    char *path; /* the ini file */
    char *url;  /* [alembic] sqlalchemy.url, or NULL */
    /* [alembic] script_location made absolute (env.py's directory), or NULL
     * when it names none or names a package resource (pkg:dir). */
    char *script_dir;
    MF_VEC(char *)
    versions; /* the versions directories, %(here)s expanded; none
                 without script_location / version_locations */
    /* [migfix] options as "--name=value" arguments, in file order. */
    MF_VEC(char *) options;
} mf_project;

/* Reads the ini file at PATH. Returns 0, or -1 with *error (malloc'd) when it
 * cannot be read or parsed. */
int mf_project_read(const char *path, mf_project *project, char **error);
void mf_project_free(mf_project *project);

/* Where migration files live, to split a run into chains (see mf_chains):
 * a file's location is the nearest alembic.ini whose versions directories
 * hold it (they are one chain; its path is the key), else the file's own
 * directory. Answers are kept per directory. */
typedef struct mf_locations mf_locations;
mf_locations *mf_locations_new(void);
/* The key of PATH's location, owned by LOCATIONS. */
const char *mf_location_of(mf_locations *locations, const char *path);
/* The shared helper module's name (--helpers shared, the default). */
#define MF_SHARED_HELPERS_FILE "migfix_helpers.py"

/* Where PATH's location keeps the shared helper module (--helpers shared):
 * migfix_helpers.py in the script_location directory of the alembic.ini
 * whose versions directories hold PATH (not one inside a versions
 * directory, where Alembic would load it as a revision), else in the
 * directory holding env.py whose versions/ holds PATH (Alembic's layout),
 * as a real path owned by LOCATIONS; NULL when there is neither. *FROM: the same file as a path
 * from PATH's directory. */
const char *mf_location_helpers(mf_locations *locations, const char *path, const char **from);
void mf_locations_free(mf_locations *locations);

#endif
