/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: an HTTP message head (whole, and framed only), the web
 * service rules on top of it, and the rule that makes its text safe to show.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "http_message.h"
#include "safe_text.h"
#include "signin_verdict.h"
#include "web_service.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What lp_safe_text() promises: NUL-terminated within cap, UTF-8, no control left. */
static void check_safe(const uint8_t *data, size_t size, size_t cap)
{
    char out[1024];
    size_t n = lp_safe_text((const char *)data, size, out, cap);

    if (n >= cap || out[n] != '\0' || strlen(out) != n || !g_utf8_validate(out, (gssize)n, NULL))
        abort();
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lp_http_head head, framing;
    lp_ws_request req;
    lp_ws_response resp;

    check_safe(data, size, 1 + size % 64);
    check_safe(data, size, 1024);
    if (lp_http_parse_head(data, size, &head) != LP_HTTP_HEAD_OK)
        return 0;
    /* A head framed only gives the same framing. */
    if (lp_http_parse_start(data, size, &framing) != LP_HTTP_HEAD_OK ||
        lp_http_parse_fields(data, size, &framing, true) != LP_HTTP_HEAD_OK ||
        framing.head_len != head.head_len || framing.chunked != head.chunked ||
        framing.has_length != head.has_length || framing.content_length != head.content_length)
        abort();
    if (head.view.is_request) {
        lp_ws_classify_request(&head.view, &req);
    } else {
        lp_ws_parse_response(&head.view, &resp);
        lp_verdict_response(&resp, size % 2 == 0);
    }
    return 0;
}
