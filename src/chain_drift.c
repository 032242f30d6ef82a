/* Drift facts the chain vouches for: a guard compares what exists with what
 * its operation says only when no other revision changes that object, nor
 * the rest of its own revision (issue "Drift made visible"). Otherwise, on a
 * database past those changes, the comparison would report as drift what
 * the chain itself did: a column added NULL and made NOT NULL later, a table
 * whose column a later revision drops. */
#include "chain_model.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* KEY (as chain_schema_read.c writes keys) into OUT: PREFIX, the schema
 * (PostgreSQL's "public" and none are the empty one), SEP, then the rest. */
static void key_of(char *out, size_t size, const char *prefix, const char *schema, const char *sep,
                   const char *table, const char *name) {
    if (!schema || strcmp(schema, "public") == 0)
        schema = "";
    snprintf(out, size, "%s%s%s%s%s%s", prefix, schema, sep, table ? table : "", name ? "|" : "",
             name ? name : "");
    for (char *c = out; *c; c++)
        *c = (char)tolower((unsigned char)*c);
}

static const mf_revision *revision_of(const mf_chain *chain, const char *id, size_t *index) {
    for (size_t i = 0; i < chain->revisions.len; i++) {
        const mf_revision *rev = &chain->revisions.items[i];
        const char *own = mf_chain_id(rev);
        if (rev->in_graph && own && strcmp(own, id) == 0) {
            *index = i;
            return rev;
        }
    }
    return NULL;
}

/* Whether revision X changes OBJ: an event that may concern it (in its own
 * revision, OWN, only a removal: making it is the operation itself), an
 * alter_column of it (a column), or (COLUMNS_OF_TABLE) a column of the table
 * removed. */
static bool changes(const mf_revision *x, const mf_object *obj, bool columns_of_table, bool own) {
    for (size_t k = 0; k < x->events.len; k++) {
        const mf_schema_event *event = &x->events.items[k];
        if (mf_object_relevant(event, obj) && (!own || !event->exists))
            return true;
        if (columns_of_table && event->kind == MF_OBJECT_COLUMN && !event->exists &&
            (!event->table || strcmp(event->table, obj->key) == 0))
            return true;
    }
    if (obj->kind == MF_OBJECT_COLUMN)
        for (size_t u = 0; u < x->uses.len; u++) {
            const mf_schema_use *use = &x->uses.items[u];
            size_t n = strlen(use->call);
            if (use->kind == MF_OBJECT_COLUMN && use->key && strcmp(use->key, obj->key) == 0 &&
                n >= 12 && strcmp(use->call + n - 12, "alter_column") == 0)
                return true;
        }
    return false;
}

bool mf_chain_changed_elsewhere(const mf_chain *chain, const char *revision, const char *kind,
                                const char *schema, const char *table, const char *name) {
    size_t r;
    if (!chain || !revision || !table || !revision_of(chain, revision, &r))
        return false; /* outside the chain: nothing is known of other revisions */
    char table_key[512], key[1024];
    key_of(table_key, sizeof table_key, "t|", schema, ".", table, NULL);
    mf_object obj = {MF_OBJECT_TABLE, table_key, table_key};
    bool columns_of_table = strcmp(kind, "table") == 0;
    if (strcmp(kind, "column") == 0) {
        key_of(key, sizeof key, "c|", schema, ".", table, name);
        obj = (mf_object){MF_OBJECT_COLUMN, key, table_key};
    } else if (strcmp(kind, "index") == 0) {
        key_of(key, sizeof key, "i|", schema, "", NULL, name);
        obj = (mf_object){MF_OBJECT_INDEX, key, table_key};
    } else if (strcmp(kind, "constraint") == 0) {
        key_of(key, sizeof key, "k|", schema, ".", table, name);
        obj = (mf_object){MF_OBJECT_CONSTRAINT, key, table_key};
    }
    for (size_t x = 0; x < chain->revisions.len; x++) {
        const mf_revision *other = &chain->revisions.items[x];
        /* What runs before REVISION cannot change what it makes; REVISION
         * itself may, further on (a column added NULL, then made NOT NULL). */
        bool own = x == r;
        if (other->in_graph && (own || (other->certain && !mf_chain_is_ancestor(chain, x, r))) &&
            changes(other, &obj, columns_of_table, own))
            return true;
    }
    return false;
}
