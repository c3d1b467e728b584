/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: X-Ms-diagnostics values, Warning headers and SOAP faults. */
#include <stddef.h>
#include <stdint.h>

#include "ms_diagnostics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    lp_diag d[4];
    lp_warning w;
    lp_soap_fault f;
    char out[LP_DIAG_VALUE_MAX];
    size_t i, n = lp_diag_parse(s, size, d, 4);

    for (i = 0; i < n; i++) {
        if (d[i].present & LP_DIAG_HAS_REASON)
            lp_unescape(s + d[i].reason.off, d[i].reason.len, out, sizeof out);
        if (d[i].present & LP_DIAG_HAS_CODE)
            lp_diag_lookup(d[i].code);
    }
    lp_warning_parse(s, size, &w);
    lp_soap_fault_parse(data, size, &f);
    return 0;
}
