/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: an HTTP message head and the web service rules on top of it. */
#include <stddef.h>
#include <stdint.h>

#include "http_message.h"
#include "signin_verdict.h"
#include "web_service.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lp_http_head head;
    lp_ws_request req;
    lp_ws_response resp;

    if (lp_http_parse_head(data, size, &head) != LP_HTTP_HEAD_OK)
        return 0;
    if (head.view.is_request) {
        lp_ws_classify_request(&head.view, &req);
    } else {
        lp_ws_parse_response(&head.view, &resp);
        lp_verdict_response(&resp, size % 2 == 0);
    }
    return 0;
}
