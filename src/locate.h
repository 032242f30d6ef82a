/* `migfix locate`: where a database is on its chain, from its schema.
 *
 * Reads the database's catalog (db.h), reads the chain (the project's
 * versions directories, or PATHs), places the one on the other
 * (mf_chain_place) and reports the answer, its evidence, the drift and what
 * alembic_version says; with --stamp, writes alembic_version. */
#ifndef MIGFIX_LOCATE_H
#define MIGFIX_LOCATE_H

/* ARGV[0] is "locate". Returns the exit status: 0 placed, 1 ambiguous or
 * drift, 2 an error (also a database that is not of this chain). */
int mf_locate_main(int argc, char **argv);

#endif
