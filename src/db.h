/* `migfix locate`'s connection to a database: SQLite through libsqlite3,
 * PostgreSQL through libpq, MySQL and MariaDB through the MariaDB client
 * library. Each is loaded at run time (dlopen), so migfix and its wheel need
 * none of them until locate is asked for a database of that kind; a missing
 * one is a clear error naming the Debian package.
 *
 * URLs are SQLAlchemy's (see dburl.h). No output, error message included,
 * ever holds the password: errors from a client library are scrubbed of it. */
#ifndef MIGFIX_DB_H
#define MIGFIX_DB_H

#include "catalog.h"
#include "dburl.h"

#include <stdbool.h>

typedef struct mf_db mf_db;

/* Connects. Returns NULL with *ERROR (malloc'd) when the library is missing,
 * the server cannot be reached, or authentication fails. */
mf_db *mf_db_connect(const mf_dburl *url, char **error);
/* Reads the catalog with a fixed number of queries (not one per table):
 * tables, columns, indexes, constraints, enum types (PostgreSQL), in every
 * schema the user can see on PostgreSQL (not pg_catalog, information_schema,
 * pg_toast*), the connection's database on MySQL/MariaDB, main on SQLite; and
 * alembic_version (VERSION_TABLE, in VERSION_SCHEMA when not NULL). Returns
 * 0, or -1 with *ERROR. */
int mf_db_read_catalog(mf_db *db, const char *version_table, const char *version_schema,
                       mf_catalog *out, char **error);
/* Replaces what alembic_version says with REVISIONS, in one transaction
 * (creating the table as Alembic does when absent: version_num VARCHAR(32)
 * NOT NULL, primary key alembic_version_pkc). Returns 0, or -1 with *ERROR
 * (a read-only user: the database's own message, and that nothing changed). */
int mf_db_stamp(mf_db *db, const char *version_table, const char *version_schema,
                const char *const *revisions, size_t nrevisions, char **error);
/* Runs one SQL statement and drops any rows it returns. Returns 0, or -1 with
 * *ERROR (scrubbed). For the tests and locate's own end-to-end set-ups, which
 * make the schemas they then read. */
int mf_db_exec(mf_db *db, const char *sql, char **error);
/* The statements sent so far: what shows that reading the catalog takes a
 * fixed number of queries, not one per table. */
size_t mf_db_queries(const mf_db *db);
void mf_db_close(mf_db *db);

#endif
