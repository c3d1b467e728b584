/* http_message.h - an HTTP/1.x message head, as views into the caller's bytes
 *
 * The engine parses heads with lp_http_parse_head() and hands the
 * lp_http_view to the web service rules.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_HTTP_MESSAGE_H
#define LP_HTTP_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lp_str.h"

#define LP_HTTP_MAX_HEADERS 48

typedef struct {
    lp_str name;
    lp_str value;
} lp_header;

typedef struct {
    bool            is_request;
    lp_str          method;      /* requests */
    lp_str          uri;
    unsigned        status;      /* responses */
    const lp_header *headers;
    size_t          n_headers;
    const uint8_t  *body;        /* what of the body is at hand; may be cut short */
    size_t          body_len;
} lp_http_view;

typedef enum {
    LP_HTTP_HEAD_OK = 0,
    LP_HTTP_HEAD_INCOMPLETE,     /* no blank line yet: wait for more bytes */
    LP_HTTP_HEAD_NOT_HTTP
} lp_http_head_result;

typedef struct {
    lp_http_view view;
    size_t       start_len;      /* the start line, with its line end */
    size_t       head_len;       /* bytes up to and including the blank line */
    bool         too_many_headers;
    bool         has_length;
    uint64_t     content_length;
    bool         chunked;
    lp_header    headers[LP_HTTP_MAX_HEADERS]; /* last: a framing-only parse never touches it */
} lp_http_head;

/* Parse a request or status line and the header fields that follow. */
lp_http_head_result lp_http_parse_head(const uint8_t *buf, size_t len, lp_http_head *head);

/*
 * The same in two steps, for a caller that decides from the start line
 * whether it reads the fields: lp_http_parse_start() reads the start line;
 * lp_http_parse_fields() the rest, keeping every field, or with
 * framing_only only Content-Length and Transfer-Encoding (n_headers stays 0).
 */
lp_http_head_result lp_http_parse_start(const uint8_t *buf, size_t len, lp_http_head *head);
lp_http_head_result lp_http_parse_fields(const uint8_t *buf, size_t len, lp_http_head *head, bool framing_only);

/* Split one header line, "Name: value\r\n". */
bool lp_http_split_header(const char *line, size_t len, lp_header *header);

/* The value of the first header of that name (case-insensitive), or NULL. */
const lp_str *lp_http_header(const lp_http_view *view, const char *name);

#endif /* LP_HTTP_MESSAGE_H */
