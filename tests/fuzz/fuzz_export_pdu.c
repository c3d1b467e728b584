/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the tags of a Wireshark Export PDU record. */
#include <stddef.h>
#include <stdint.h>

#include "export_pdu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lp_epdu pdu;

    if (lp_epdu_parse(data, size, &pdu) && pdu.payload_off > size)
        __builtin_trap(); /* the payload must lie inside the record */
    return 0;
}
