/* The Alembic project around the files: alembic.ini, read with libinih. */
#ifndef MIGFIX_PROJECT_H
#define MIGFIX_PROJECT_H

/* The path of alembic.ini in DIR or its nearest parent that has one, or NULL
 * (malloc'd; the caller frees it). */
char *mf_find_alembic_ini(const char *dir);

/* The [alembic] sqlalchemy.url of the ini file at PATH, or NULL (malloc'd). */
char *mf_alembic_url(const char *path);

#endif
