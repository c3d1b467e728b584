/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: a TLS record header and the hello it may carry. */
#include <stddef.h>
#include <stdint.h>

#include "tls_record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lp_tls_record rec;
    lp_tls_client_hello ch;
    lp_tls_server_hello sh;

    if (!lp_tls_record_parse(data, size, &rec))
        return 0;
    if (rec.type == LP_TLS_CT_HANDSHAKE) {
        lp_tls_client_hello_parse(data + LP_TLS_RECORD_HEADER, size - LP_TLS_RECORD_HEADER, &ch);
        lp_tls_server_hello_parse(data + LP_TLS_RECORD_HEADER, size - LP_TLS_RECORD_HEADER, &sh);
    } else if (rec.type == LP_TLS_CT_ALERT && size >= LP_TLS_RECORD_HEADER + 2) {
        lp_tls_alert_name(data[LP_TLS_RECORD_HEADER + 1]);
    }
    lp_tls_version_name(rec.version);
    return 0;
}
