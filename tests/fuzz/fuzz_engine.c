/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the sign-in engine's entry points (core/engine/engine.h),
 * as a front end calls them.
 *
 * The input is a run of records: a byte that says what it is, two bytes of
 * length (big-endian), then the bytes. A kind below the number of link types
 * is a frame of that link type; the next two are decrypted application bytes
 * of one TCP connection, from the phone and from the server, and the two
 * after them a decrypted handshake from the server and an alert from the
 * phone (lp_engine_plaintext, as the plugin gives Wireshark's decrypted TLS);
 * any other kind lets time go on (lp_engine_idle). Each record is a frame of its own, a millisecond
 * after the last. Then the capture ends, the phones are judged and
 * everything is freed; the budget of held stream bytes must be whole again.
 * An observer reads every message the engine reports, as the plugin does.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "fuzz_linktypes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define KIND_FROM_PHONE  FUZZ_N_LINKTYPES
#define KIND_FROM_SERVER (FUZZ_N_LINKTYPES + 1)
#define KIND_HANDSHAKE_FROM_SERVER (FUZZ_N_LINKTYPES + 2)
#define KIND_ALERT_FROM_PHONE      (FUZZ_N_LINKTYPES + 3)

/* What a front end reads of each report: every byte it may point to. */
static volatile uint8_t touched;

static void touch(const void *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        touched ^= ((const uint8_t *)p)[i];
}

static void on_event(void *data, const lp_addr *host, const uint8_t *mac, const lp_phone_event *ev)
{
    (void)data;
    if (host != NULL)
        touch(host, sizeof *host);
    if (mac != NULL)
        touch(mac, 6);
    touch(ev->ev.detail, strlen(ev->ev.detail));
}

static void on_dhcp(void *data, const lp_dhcp_seen *m)
{
    (void)data;
    touch(m->where, sizeof *m->where);
    touch(m->msg, m->len);
}

static void on_http(void *data, const lp_http_seen *m)
{
    (void)data;
    touch(m->client, sizeof *m->client);
    if (m->request != NULL)
        touch(m->request->user, strlen(m->request->user));
    if (m->response != NULL)
        for (size_t i = 0; i < m->response->n_diag; i++)
            touch(m->response->diag[i].reason.ptr, m->response->diag[i].reason.len);
    if (m->request_where != NULL)
        touch(m->request_where, sizeof *m->request_where);
}

static const lp_engine_observer observer = { on_event, on_dhcp, on_http };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t phone[4] = { 10, 9, 0, 11 }, server[4] = { 10, 9, 0, 1 };
    lp_where at = { 0, 0, 1700000000.0 };
    lp_addr a_phone, a_server;
    lp_engine e;
    GPtrArray *phones;

    lp_addr_set(&a_phone, 4, phone);
    lp_addr_set(&a_server, 4, server);
    lp_engine_init(&e, false);
    lp_engine_set_observer(&e, &observer, NULL);
    while (size >= 3) {
        unsigned kind = data[0];
        size_t len = (size_t)data[1] << 8 | data[2];

        data += 3;
        size -= 3;
        len = len < size ? len : size;
        at.frame++;
        at.t += 0.001;
        if (kind < FUZZ_N_LINKTYPES) {
            lp_frame f = { at, fuzz_linktypes[kind], data, (uint32_t)len };

            lp_engine_frame(&e, &f);
        } else if (kind == KIND_FROM_PHONE) {
            lp_engine_plaintext(&e, &a_phone, 50000, &a_server, 443, LP_TLS_CT_APPLICATION_DATA, data, len, &at);
        } else if (kind == KIND_FROM_SERVER) {
            lp_engine_plaintext(&e, &a_server, 443, &a_phone, 50000, LP_TLS_CT_APPLICATION_DATA, data, len, &at);
        } else if (kind == KIND_HANDSHAKE_FROM_SERVER) {
            lp_engine_plaintext(&e, &a_server, 443, &a_phone, 50000, LP_TLS_CT_HANDSHAKE, data, len, &at);
        } else if (kind == KIND_ALERT_FROM_PHONE) {
            lp_engine_plaintext(&e, &a_phone, 50000, &a_server, 443, LP_TLS_CT_ALERT, data, len, &at);
        } else {
            at.t += kind;
            lp_engine_idle(&e, at.t);
        }
        data += len;
        size -= len;
    }
    lp_engine_finish(&e, at.t);
    if (e.held != 0)
        __builtin_trap(); /* every connection ended: each held byte must be back in the budget */
    phones = lp_engine_phones(&e, at.t);
    for (guint i = 0; i < phones->len; i++) {
        char cause[LP_CAUSE_MAX];

        lp_verdict_cause(&((const lp_phone *)g_ptr_array_index(phones, i))->verdict, NULL, NULL, cause, sizeof cause);
        touch(cause, strlen(cause));
    }
    g_ptr_array_free(phones, TRUE);
    lp_engine_free(&e);
    return 0;
}
