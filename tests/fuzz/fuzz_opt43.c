/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: option 43 content (first byte picks the vendor hint) and option 120. */
#include <stddef.h>
#include <stdint.h>

#include "dhcp_provisioning.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lp_opt43 o43;
    lp_opt120 o120;
    char url[64];

    if (size == 0)
        return 0;
    lp_opt43_parse(data + 1, size - 1, (lp_vendor)(data[0] % 3), &o43);
    lp_opt43_certprov_url(&o43, data + 1, url, sizeof url);
    lp_opt120_parse(data + 1, size - 1, &o120);
    return 0;
}
