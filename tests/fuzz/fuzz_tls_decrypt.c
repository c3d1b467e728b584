/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: pcap-summarize's TLS decryption (tools/tls_conn.c and
 * below: the hellos, the key log, key derivation, record decryption).
 *
 * Input: a 2-byte big-endian length and that much NSS key log text, then
 * records, each a control byte (bit 0: sent by the server; bit 1: a gap
 * before it, bit 2: inside one record) and a whole TLS record (header and
 * body, cut by the end of the input). The seeds are real connections of the
 * lab captures with their key log lines (make-tls-decrypt-seeds.py), so
 * the fuzzer starts from records that decrypt.
 * A control byte with bit 7 set in the first record position instead picks
 * a suite (next byte, an index), a version and encrypt-then-MAC, and the
 * records go straight to the record layer with all-zero keys: the CBC,
 * stream and ChaCha20 paths get records of every length.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tls_conn.h"
#include "tls_decrypt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t direct_suites[] = { 0x0004, 0x0005, 0x002f, 0x0035, 0x003c, 0xc028, 0x009c,
                                          0xc030, 0xcca8, 0x1301, 0x1303 };
static uint8_t body[LP_TLS_RECORD_MAX];
static volatile uint8_t seen;

static void sink(void *data, int dir, uint8_t type, const uint8_t *p, size_t len)
{
    (void)data;
    (void)dir;
    seen ^= type ^ (len > 0 ? p[0] ^ p[len - 1] : 0);
}

/* The next record: its control byte, header and body (copied, for in-place decryption). */
static bool next(const uint8_t **p, size_t *left, uint8_t *ctl, lp_tls_record *rec, size_t *len)
{
    if (*left < 1 + LP_TLS_RECORD_HEADER)
        return false;
    *ctl = (*p)[0];
    rec->type = (*p)[1];
    rec->version = (uint16_t)((*p)[2] << 8 | (*p)[3]);
    rec->length = (uint16_t)((*p)[4] << 8 | (*p)[5]);
    *p += 1 + LP_TLS_RECORD_HEADER;
    *left -= 1 + LP_TLS_RECORD_HEADER;
    *len = rec->length < *left ? rec->length : *left;
    if (*len > sizeof body)
        *len = sizeof body;
    memcpy(body, *p, *len);
    *p += *len;
    *left -= *len;
    return true;
}

static void direct(const uint8_t *p, size_t left)
{
    const ps_tls_suite *suite;
    ps_tls_key_material km;
    ps_tls_protection *prot;
    uint16_t versions[] = { 0x0301, 0x0302, 0x0303, 0x0304 };
    uint8_t ctl, *plain, type;
    lp_tls_record rec;
    size_t len, plain_len;

    if (left < 2)
        return;
    suite = ps_tls_suite_find(direct_suites[p[0] % (sizeof direct_suites / sizeof direct_suites[0])]);
    memset(&km, 0, sizeof km);
    prot = ps_tls_protection_new(suite, versions[p[1] & 3], p[1] & 4, &km);
    p += 2;
    left -= 2;
    while (prot != NULL && next(&p, &left, &ctl, &rec, &len)) {
        type = rec.type;
        if (!ps_tls_protection_open(prot, &type, rec.version, body, len, &plain, &plain_len))
            ps_tls_protection_skip(prot);
        else
            sink(NULL, 0, type, plain, plain_len);
    }
    ps_tls_protection_free(prot);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ps_tls_keyring ring = { NULL, NULL };
    ps_tls_conn *c;
    lp_tls_record rec;
    size_t keylog_len, left, len;
    const uint8_t *p;
    uint8_t ctl;

    if (size < 3)
        return 0;
    keylog_len = (size_t)data[0] << 8 | data[1];
    if (keylog_len > size - 2)
        return 0;
    p = data + 2 + keylog_len;
    left = size - 2 - keylog_len;
    if (left > 0 && (p[0] & 0x80)) {
        direct(p + 1, left - 1);
        return 0;
    }
    ring.secrets = ps_tls_secrets_new();
    ps_tls_secrets_add_keylog(ring.secrets, (const char *)data + 2, keylog_len);
    c = ps_tls_conn_new(&ring);
    while (next(&p, &left, &ctl, &rec, &len)) {
        if (ctl & 2)
            ps_tls_conn_gap(c, ctl & 1, ctl & 4);
        if (ps_tls_conn_wants_records(c))
            ps_tls_conn_record(c, ctl & 1, &rec, body, len, sink, NULL);
    }
    (void)ps_tls_conn_note(c);
    ps_tls_conn_free(c);
    ps_tls_secrets_free(ring.secrets);
    return 0;
}
