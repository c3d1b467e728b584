/* json_build.c - the json-glib steps both JSON outputs take
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "json_build.h"

void ps_json_string(JsonBuilder *b, const char *name, const char *value)
{
    json_builder_set_member_name(b, name);
    json_builder_add_string_value(b, value);
}

void ps_json_int(JsonBuilder *b, const char *name, gint64 value)
{
    json_builder_set_member_name(b, name);
    json_builder_add_int_value(b, value);
}

void ps_json_bool(JsonBuilder *b, const char *name, bool value)
{
    json_builder_set_member_name(b, name);
    json_builder_add_boolean_value(b, value);
}

void ps_json_begin(JsonBuilder *b, const char *name)
{
    json_builder_set_member_name(b, name);
    json_builder_begin_object(b);
}

void ps_json_write(FILE *out, JsonBuilder *b)
{
    JsonNode *root = json_builder_get_root(b);
    gchar *text = json_to_string(root, FALSE);

    fputs(text, out);
    g_free(text);
    json_node_unref(root);
    json_builder_reset(b);
}
