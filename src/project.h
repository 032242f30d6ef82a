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
void mf_locations_free(mf_locations *locations);

#endif
