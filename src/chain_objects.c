/* Schema objects and what one revision does to them: the predicates the
 * schema rules (chain_schema.c) and the revision witnesses
 * (chain_witness.c) share. */
#include "chain_model.h"

#include <string.h>

mf_object mf_object_of(const mf_schema_event *event) {
    return (mf_object){event->kind, event->key,
                       event->kind == MF_OBJECT_TABLE ? event->key : event->table};
}

/* Whether EVENT may concern OBJ: it is about OBJ, about OBJ's table as a
 * whole (dropping a table drops its columns), or about an unnamed object of
 * OBJ's kind there. */
bool mf_object_relevant(const mf_schema_event *event, const mf_object *obj) {
    if (!event->key)
        return event->kind == MF_OBJECT_TABLE ||
               (event->kind == obj->kind &&
                (!event->table || (obj->table && strcmp(event->table, obj->table) == 0)));
    return strcmp(event->key, obj->key) == 0 ||
           (obj->kind != MF_OBJECT_TABLE && event->kind == MF_OBJECT_TABLE && obj->table &&
            strcmp(event->key, obj->table) == 0);
}

bool mf_object_direct(const mf_schema_event *event, const mf_object *obj) {
    return event->key && strcmp(event->key, obj->key) == 0;
}

const mf_schema_event *mf_object_last_relevant(const mf_revision *rev, const mf_object *obj) {
    for (size_t k = rev->events.len; k-- > 0;)
        if (mf_object_relevant(&rev->events.items[k], obj))
            return &rev->events.items[k];
    return NULL;
}

const mf_schema_event *mf_object_first_direct(const mf_revision *rev, const mf_object *obj) {
    for (size_t k = 0; k < rev->events.len; k++)
        if (mf_object_direct(&rev->events.items[k], obj))
            return &rev->events.items[k];
    return NULL;
}

/* Whether REV may remove OBJ: among its first UPTO events, or anywhere in a
 * helper or a branch (whose place in the order is not known). */
bool mf_object_may_remove(const mf_revision *rev, const mf_object *obj, size_t upto) {
    for (size_t k = 0; k < rev->events.len; k++) {
        const mf_schema_event *event = &rev->events.items[k];
        if (!event->exists && (k < upto || !event->always) && mf_object_relevant(event, obj))
            return true;
    }
    return false;
}

/* Whether an event on OBJ only may happen in REV. */
bool mf_object_has_maybe(const mf_revision *rev, const mf_object *obj) {
    for (size_t k = 0; k < rev->events.len; k++)
        if (!rev->events.items[k].always && mf_object_relevant(&rev->events.items[k], obj))
            return true;
    return false;
}

bool mf_object_touches(const mf_revision *rev, const mf_object *obj) {
    return mf_object_last_relevant(rev, obj) != NULL;
}

/* Whether REV's upgrade surely leaves OBJ in place: it makes it whenever it
 * runs, last, and nothing it may run removes it afterwards. */
bool mf_object_leaves(const mf_revision *rev, const mf_object *obj) {
    const mf_schema_event *last = mf_object_last_relevant(rev, obj);
    return rev->certain && last && mf_object_direct(last, obj) && last->exists && last->always &&
           !mf_object_may_remove(rev, obj, 0);
}
