/* json_build.h - the json-glib steps both JSON outputs take
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_JSON_BUILD_H
#define PS_JSON_BUILD_H

#include <stdbool.h>
#include <stdio.h>

#include <json-glib/json-glib.h>

void ps_json_string(JsonBuilder *b, const char *name, const char *value);
void ps_json_int(JsonBuilder *b, const char *name, gint64 value);
void ps_json_bool(JsonBuilder *b, const char *name, bool value);
/* Open an object member; json_builder_end_object() closes it. */
void ps_json_begin(JsonBuilder *b, const char *name);
/* Write what b holds (no line end) and empty b for the next part. */
void ps_json_write(FILE *out, JsonBuilder *b);

#endif /* PS_JSON_BUILD_H */
