/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: a DNS message (the UDP payload). */
#include <stddef.h>
#include <stdint.h>

#include "dns_message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lp_dns_msg msg;

    if (lp_dns_msg_parse(data, size, &msg))
        lp_dns_rcode_name(msg.rcode);
    return 0;
}
