/* json_write.h - the streaming JSON writer both JSON outputs share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_JSON_WRITE_H
#define PS_JSON_WRITE_H

#include <stdbool.h>
#include <stdio.h>

#include <glib.h>

/* One record at a time: values are appended to buf, ps_json_write() writes them out. */
typedef struct {
    GString *buf;
    bool     comma;  /* the next value or member follows another one */
} ps_json;

void ps_json_init(ps_json *w);
void ps_json_free(ps_json *w);

void ps_json_begin_object(ps_json *w);
void ps_json_end_object(ps_json *w);
void ps_json_begin_array(ps_json *w);
void ps_json_end_array(ps_json *w);
/* A member's name; its value comes next. */
void ps_json_name(ps_json *w, const char *name);

void ps_json_add_string(ps_json *w, const char *value);  /* NULL: null */
void ps_json_add_null(ps_json *w);
void ps_json_add_int(ps_json *w, gint64 value);
void ps_json_add_double(ps_json *w, double value);
void ps_json_add_bool(ps_json *w, bool value);

/* A member and its value. */
void ps_json_string(ps_json *w, const char *name, const char *value);
void ps_json_int(ps_json *w, const char *name, gint64 value);
void ps_json_bool(ps_json *w, const char *name, bool value);
/* Open an object member; ps_json_end_object() closes it. */
void ps_json_begin(ps_json *w, const char *name);

/* Write what w holds (no line end) and empty it for the next record. */
void ps_json_write(FILE *out, ps_json *w);

#endif /* PS_JSON_WRITE_H */
