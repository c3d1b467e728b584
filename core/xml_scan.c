/* xml_scan.c - tag scanning for SOAP bodies
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE /* memmem */
#include "xml_scan.h"

#include <string.h>

#include "lp_str.h"

typedef struct {
    size_t start;      /* offset of '<' */
    size_t end;        /* offset after '>' */
    size_t name_off;   /* the whole qualified name */
    size_t name_len;
    size_t local_off;  /* after the prefix */
    size_t local_len;
    bool   closing;    /* </name> */
    bool   empty;      /* <name/> */
} xml_tag;

static bool is_name_char(uint8_t c)
{
    return c > ' ' && c != '>' && c != '/' && c != '=' && c != '<' && c != '"' && c != '\'';
}

/*
 * The next start or end tag at or after *pos; declarations, processing
 * instructions and comments are skipped. Returns false at the end or on a
 * tag that is never closed.
 */
static bool next_tag(const uint8_t *xml, size_t len, size_t *pos, xml_tag *tag)
{
    size_t p = *pos;

    for (;;) {
        const uint8_t *lt;
        size_t i;
        uint8_t quote = 0;

        if (p >= len)
            return false;
        lt = memchr(xml + p, '<', len - p);
        if (lt == NULL)
            return false;
        p = (size_t)(lt - xml);
        if (len - p >= 4 && memcmp(xml + p, "<!--", 4) == 0) {
            for (i = p + 4; i + 3 <= len && memcmp(xml + i, "-->", 3) != 0; i++)
                ;
            if (i + 3 > len)
                return false;
            p = i + 3;
            continue;
        }
        memset(tag, 0, sizeof *tag);
        tag->start = p;
        /* Find the closing '>' outside attribute quotes. */
        for (i = p + 1; i < len; i++) {
            if (quote) {
                if (xml[i] == quote)
                    quote = 0;
            } else if (xml[i] == '"' || xml[i] == '\'') {
                quote = xml[i];
            } else if (xml[i] == '>') {
                break;
            }
        }
        if (i >= len)
            return false;
        tag->end = i + 1;
        if (p + 1 < len && (xml[p + 1] == '?' || xml[p + 1] == '!')) {
            p = tag->end;
            continue;
        }
        i = p + 1;
        if (xml[i] == '/') {
            tag->closing = true;
            i++;
        }
        tag->name_off = i;
        while (i < tag->end - 1 && is_name_char(xml[i]))
            i++;
        tag->name_len = i - tag->name_off;
        tag->empty = !tag->closing && tag->end >= 2 && xml[tag->end - 2] == '/';
        tag->local_off = tag->name_off;
        tag->local_len = tag->name_len;
        for (i = tag->name_off; i < tag->name_off + tag->name_len; i++) {
            if (xml[i] == ':') {
                tag->local_off = i + 1;
                tag->local_len = tag->name_off + tag->name_len - i - 1;
            }
        }
        *pos = tag->end;
        return tag->name_len > 0;
    }
}

static bool local_is(const uint8_t *xml, const xml_tag *tag, const char *local)
{
    size_t n = strlen(local);

    return tag->local_len == n && memcmp(xml + tag->local_off, local, n) == 0;
}

static bool find_start_tag(const uint8_t *xml, size_t len, const char *local, xml_tag *tag)
{
    size_t pos = 0;

    /* Most lookups are for an element the body does not have (a Password
     * when the credentials came in the header): memmem rules those out far
     * faster than scanning tag by tag. */
    if (len == 0 || memmem(xml, len, local, strlen(local)) == NULL)
        return false;
    while (next_tag(xml, len, &pos, tag))
        if (!tag->closing && local_is(xml, tag, local))
            return true;
    return false;
}

bool lp_xml_element_text(const uint8_t *xml, size_t len, const char *local, lp_span *text)
{
    xml_tag tag;
    const uint8_t *lt;

    if (!find_start_tag(xml, len, local, &tag))
        return false;
    text->off = tag.end;
    if (tag.empty) {
        text->len = 0;
        return true;
    }
    lt = memchr(xml + tag.end, '<', len - tag.end);
    text->len = (lt != NULL ? (size_t)(lt - xml) : len) - tag.end;
    return true;
}

bool lp_xml_attribute(const uint8_t *xml, size_t len, const char *local, const char *attr,
                      lp_span *value)
{
    size_t attr_len = strlen(attr);
    xml_tag tag;
    size_t i;

    if (!find_start_tag(xml, len, local, &tag))
        return false;
    i = tag.name_off + tag.name_len;
    while (i < tag.end) {
        size_t name_off, name_end, local_off;
        uint8_t quote;

        while (i < tag.end && !is_name_char(xml[i]))
            i++;
        name_off = i;
        while (i < tag.end && is_name_char(xml[i]))
            i++;
        name_end = i;
        if (name_end == name_off)
            break;
        i = lp_skip_space((const char *)xml, tag.end, i);
        if (i >= tag.end || xml[i] != '=')
            continue;
        i++;
        i = lp_skip_space((const char *)xml, tag.end, i);
        if (i >= tag.end || (xml[i] != '"' && xml[i] != '\''))
            continue;
        quote = xml[i++];
        value->off = i;
        while (i < tag.end && xml[i] != quote)
            i++;
        if (i >= tag.end)
            return false;
        value->len = i - value->off;
        i++;
        local_off = name_off;
        for (size_t k = name_off; k < name_end; k++)
            if (xml[k] == ':')
                local_off = k + 1;
        if (name_end - local_off == attr_len && memcmp(xml + local_off, attr, attr_len) == 0)
            return true;
    }
    return false;
}

bool lp_xml_operation(const uint8_t *xml, size_t len, lp_span *name)
{
    size_t pos = 0;
    xml_tag tag;
    bool in_body = false, first = true;

    while (next_tag(xml, len, &pos, &tag)) {
        if (tag.closing)
            continue;
        if (first && !local_is(xml, &tag, "Envelope")) {
            name->off = tag.local_off;
            name->len = tag.local_len;
            return true;
        }
        first = false;
        if (in_body) {
            name->off = tag.local_off;
            name->len = tag.local_len;
            return true;
        }
        if (local_is(xml, &tag, "Body") && !tag.empty)
            in_body = true;
    }
    return false;
}
