/* SQLAlchemy database URLs, as alembic.ini's sqlalchemy.url and
 * $DATABASE_URL hold them: dialect[+driver]://[user[:password]@][host][:port]
 * [/database][?key=value&...], percent-escapes decoded; sqlite:///relative,
 * sqlite:////absolute, sqlite:// and sqlite:///:memory: (in memory);
 * query parameters such as ?host=/run/postgresql (PostgreSQL's unix socket
 * directory) or ?unix_socket=/path (MySQL's), ?charset=... */
#ifndef MIGFIX_DBURL_H
#define MIGFIX_DBURL_H

#include <stdbool.h>

typedef struct {
    int dialect;       /* mf_dialect */
    char *driver;      /* "+asyncpg": "asyncpg"; NULL: none */
    char *user;        /* NULL: none */
    char *password;    /* NULL: none; never printed */
    char *host;        /* NULL: none (a socket, or the library's default) */
    int port;          /* 0: the default */
    char *database;    /* SQLite: the file path (NULL: in memory) */
    char *socket;      /* ?host=/dir (PostgreSQL) or ?unix_socket= (MySQL); NULL: none */
    char **query_keys; /* the other query parameters, in order */
    char **query_values;
    int nquery;
} mf_dburl;

/* Parses TEXT. Returns 0, or -1 with *ERROR (malloc'd; it never holds the
 * password) when it is no URL or names a dialect locate cannot read
 * (postgresql, postgres, sqlite, mysql, mariadb; any +driver). */
int mf_dburl_parse(const char *text, mf_dburl *url, char **error);
/* The URL as text with the password replaced by ***, malloc'd. */
char *mf_dburl_display(const mf_dburl *url);
void mf_dburl_free(mf_dburl *url);

#endif
