/* lp_text.c - the texts events carry, kept once
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lp_text.h"

#include <glib.h>

/* Event texts are short; chunks of this size hold a few hundred. */
#define CHUNK_SIZE 16384

static GStringChunk *texts;

const char *lp_text_intern(const char *s)
{
    if (s[0] == '\0')
        return "";
    if (texts == NULL)
        texts = g_string_chunk_new(CHUNK_SIZE);
    return g_string_chunk_insert_const(texts, s);
}

void lp_text_reset(void)
{
    if (texts != NULL)
        g_string_chunk_free(texts);
    texts = NULL;
}
