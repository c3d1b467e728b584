/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: one packet through the whole of pcap-summarize.
 *
 * The first byte picks the link type (its low bits; bit 7 turns --show-pin
 * on), the rest is the frame. It goes through the pipeline as the tool runs
 * it (link, IP, TCP or UDP, the applications, the phones), then the capture
 * ends: flows, DHCP and DNS are finished, the phones judged and written in
 * every format, and everything freed, so that a leak anywhere is caught.
 * The budget of held stream bytes must then be whole again.
 */
#include <stdio.h>
#include <stdlib.h>

#include "output.h"
#include "engine.h"
#include "fuzz_linktypes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SHOW_PIN    0x80

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    const lp_where at = { 0, 1, 1700000000.0 };
    lp_frame pkt;
    ps_report rep = { 0 };
    char *captures[] = { "fuzz" };
    lp_engine ctx;

    if (size < 1)
        return 0;
    if (sink == NULL && (sink = fopen("/dev/null", "w")) == NULL)
        abort();
    lp_engine_init(&ctx, (data[0] & SHOW_PIN) != 0);
    pkt.where = at;
    pkt.linktype = fuzz_linktypes[(data[0] & ~SHOW_PIN) % FUZZ_N_LINKTYPES];
    pkt.data = data + 1;
    pkt.caplen = (uint32_t)(size - 1);
    lp_engine_frame(&ctx, &pkt);
    lp_engine_finish(&ctx, at.t);
    if (ctx.held != 0)
        __builtin_trap(); /* every connection ended: each held byte must be back in the budget */

    rep.phones = lp_engine_phones(&ctx, at.t);
    rep.captures = captures;
    rep.n_captures = 1;
    rep.events = true;
    rep.limits = &ctx.limits;
    ps_output_text(sink, &rep);
    ps_output_json(sink, &rep);
    ps_output_csv(sink, &rep);
    g_ptr_array_free(rep.phones, TRUE);
    lp_engine_free(&ctx);
    return 0;
}
