/* alembic.ini (see project.h). */
#define _DEFAULT_SOURCE /* realpath */
#include "project.h"

#include "buf.h"

#include <ini.h>
#include <limits.h>
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
        if (!slash || slash == here) {
            if (strcmp(here, "/") == 0)
                break;
            here[1] = '\0'; /* try "/" last */
            continue;
        }
        *slash = '\0';
    }
    free(here);
    return NULL;
}

static int on_entry(void *user, const char *section, const char *name, const char *value) {
    char **url = user;
    if (strcmp(section, "alembic") == 0 && strcmp(name, "sqlalchemy.url") == 0) {
        free(*url);
        *url = mf_xstrdup(value);
    }
    return 1;
}

char *mf_alembic_url(const char *path) {
    char *url = NULL;
    if (ini_parse(path, on_entry, &url) < 0) {
        free(url);
        return NULL;
    }
    return url;
}
