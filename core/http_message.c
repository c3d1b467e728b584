/* http_message.c - HTTP/1.x message heads (RFC 9112)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "http_message.h"

#include <stddef.h>
#include <string.h>

static lp_str trim(const char *p, size_t len)
{
    lp_str s = { p, len };

    while (s.len > 0 && lp_is_space(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len > 0 && lp_is_space(s.ptr[s.len - 1]))
        s.len--;
    return s;
}

bool lp_http_split_header(const char *line, size_t len, lp_header *h)
{
    const char *colon = memchr(line, ':', len);

    if (colon == NULL || colon == line)
        return false;
    h->name = trim(line, (size_t)(colon - line));
    h->value = trim(colon + 1, len - (size_t)(colon - line) - 1);
    return h->name.len > 0;
}

const lp_str *lp_http_header(const lp_http_view *view, const char *name)
{
    size_t i, n = strlen(name); /* once, not per header: several lookups per message */

    for (i = 0; i < view->n_headers; i++)
        if (view->headers[i].name.len == n && lp_mem_ieq(view->headers[i].name.ptr, name, n))
            return &view->headers[i].value;
    return NULL;
}

/* The next line (without CR LF); returns false when no LF is in reach. */
static bool next_line(const uint8_t *buf, size_t len, size_t *pos, lp_str *line)
{
    const uint8_t *lf;
    size_t end;

    if (*pos >= len)
        return false;
    lf = memchr(buf + *pos, '\n', len - *pos);
    if (lf == NULL)
        return false;
    end = (size_t)(lf - buf);
    line->ptr = (const char *)buf + *pos;
    line->len = end - *pos;
    if (line->len > 0 && line->ptr[line->len - 1] == '\r')
        line->len--;
    *pos = end + 1;
    return true;
}

static bool is_token_char(char c)
{
    return c > ' ' && c < 0x7f;
}

static bool parse_start_line(lp_str line, lp_http_view *v)
{
    const char *sp1, *sp2;
    size_t i;

    if (lp_str_istarts(line, "HTTP/1.")) {
        uint64_t status;

        if (line.len < 12 || line.ptr[8] != ' ' || lp_parse_uint(line.ptr + 9, 3, 999, &status) != 3)
            return false;
        v->is_request = false;
        v->status = (unsigned)status;
        return true;
    }
    sp1 = memchr(line.ptr, ' ', line.len);
    if (sp1 == NULL || sp1 == line.ptr)
        return false;
    for (i = 0; line.ptr + i < sp1; i++)
        if (!is_token_char(line.ptr[i]) || (line.ptr[i] >= 'a' && line.ptr[i] <= 'z'))
            return false;
    sp2 = memchr(sp1 + 1, ' ', line.len - (size_t)(sp1 + 1 - line.ptr));
    if (sp2 == NULL || sp2 == sp1 + 1)
        return false;
    {
        lp_str version = { sp2 + 1, line.len - (size_t)(sp2 + 1 - line.ptr) };
        if (!lp_str_istarts(version, "HTTP/1."))
            return false;
    }
    v->is_request = true;
    v->method.ptr = line.ptr;
    v->method.len = (size_t)(sp1 - line.ptr);
    v->uri.ptr = sp1 + 1;
    v->uri.len = (size_t)(sp2 - sp1 - 1);
    return true;
}

static void note_framing(lp_http_head *head, const lp_header *h)
{
    if (lp_str_ieq(h->name, "Content-Length")) {
        uint64_t v;

        if (h->value.len > 0 && lp_parse_uint(h->value.ptr, h->value.len, UINT64_MAX, &v) == h->value.len) {
            head->has_length = true;
            head->content_length = v;
        }
    } else if (lp_str_ieq(h->name, "Transfer-Encoding") &&
               lp_str_ifind(h->value, "chunked") < h->value.len) {
        head->chunked = true;
    }
}

lp_http_head_result lp_http_parse_start(const uint8_t *buf, size_t len, lp_http_head *head)
{
    lp_str line;

    memset(head, 0, offsetof(lp_http_head, headers));
    head->view.headers = head->headers;
    if (!next_line(buf, len, &head->start_len, &line))
        return len > 8192 ? LP_HTTP_HEAD_NOT_HTTP : LP_HTTP_HEAD_INCOMPLETE;
    return parse_start_line(line, &head->view) ? LP_HTTP_HEAD_OK : LP_HTTP_HEAD_NOT_HTTP;
}

/* Whether a line may be one of the fields that frame the body (a cheap first test; names are trimmed). */
static bool may_frame(lp_str line)
{
    size_t i = lp_skip_space(line.ptr, line.len, 0);
    char c = i < line.len ? (char)(line.ptr[i] | 0x20) : '\0';

    return c == 'c' || c == 't';
}

lp_http_head_result lp_http_parse_fields(const uint8_t *buf, size_t len, lp_http_head *head, bool framing_only)
{
    size_t pos = head->start_len;
    lp_str line;

    for (;;) {
        lp_header h;

        if (!next_line(buf, len, &pos, &line))
            return LP_HTTP_HEAD_INCOMPLETE;
        if (line.len == 0)
            break;
        if ((framing_only && !may_frame(line)) || !lp_http_split_header(line.ptr, line.len, &h))
            continue; /* obsolete folding or junk: ignored, as most servers do */
        note_framing(head, &h);
        if (framing_only)
            continue;
        if (head->view.n_headers == LP_HTTP_MAX_HEADERS) {
            head->too_many_headers = true;
            continue;
        }
        head->headers[head->view.n_headers++] = h;
    }
    head->head_len = pos;
    head->view.body = buf + pos;
    head->view.body_len = len - pos;
    return LP_HTTP_HEAD_OK;
}

lp_http_head_result lp_http_parse_head(const uint8_t *buf, size_t len, lp_http_head *head)
{
    lp_http_head_result r = lp_http_parse_start(buf, len, head);

    return r == LP_HTTP_HEAD_OK ? lp_http_parse_fields(buf, len, head, false) : r;
}
