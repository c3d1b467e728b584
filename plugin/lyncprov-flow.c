/* lyncprov-flow.c - the sign-in as a ladder: Statistics > Flow Graph "Lync sign-in"
 * and tshark -2 -q -z flow,lyncprov,network
 *
 * The parts name each step of a frame (DHCP, DNS, web services, SIP) while
 * they draw it; the frame's steps go to the "lyncprov.flow" tap, and the
 * registered sequence analysis turns each into one arrow between the
 * frame's addresses.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdarg.h>

#include <epan/packet.h>
#include <epan/proto_data.h>
#include <epan/tap.h>
#include <wsutil/wmem/wmem.h>

#include "lyncprov_compat.h"
#include "packet-lyncprov.h"

/* Proto data keys of a frame's steps (wmem_list_t of labels): drawn now, and kept from the first pass. */
#define FLOW_KEY      0x4c46 /* "LF" */
#define FLOW_KEPT_KEY 0x4c4b /* "LK" */

static int proto = -1;
static int flow_tap = -1;

void lyncprov_flow_step(packet_info *pinfo, const char *fmt, ...)
{
    wmem_list_t *steps;
    va_list ap;

    if (!have_tap_listener(flow_tap))
        return;
    steps = (wmem_list_t *)p_get_proto_data(pinfo->pool, pinfo, proto, FLOW_KEY);
    if (steps == NULL) {
        steps = wmem_list_new(pinfo->pool);
        p_add_proto_data(pinfo->pool, pinfo, proto, FLOW_KEY, steps);
    }
    va_start(ap, fmt);
    wmem_list_append(steps, wmem_strdup_vprintf(pinfo->pool, fmt, ap));
    va_end(ap);
}

void lyncprov_flow_remember(packet_info *pinfo, const char *label)
{
    wmem_list_t *kept = (wmem_list_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto, FLOW_KEPT_KEY);

    if (kept == NULL) {
        kept = wmem_list_new(wmem_file_scope());
        p_add_proto_data(wmem_file_scope(), pinfo, proto, FLOW_KEPT_KEY, kept);
    }
    wmem_list_append(kept, wmem_strdup(wmem_file_scope(), label));
}

void lyncprov_flow_flush(packet_info *pinfo)
{
    wmem_list_t *kept, *steps;
    wmem_list_frame_t *f;

    if (!have_tap_listener(flow_tap)) /* every frame comes here: nothing else unless the ladder is open */
        return;
    kept = (wmem_list_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto, FLOW_KEPT_KEY);
    steps = (wmem_list_t *)p_get_proto_data(pinfo->pool, pinfo, proto, FLOW_KEY);
    if (kept == NULL && steps == NULL)
        return;
    if (kept != NULL && steps != NULL) {
        /* The kept steps come first: a frame's HTTP is drawn after them. */
        for (f = wmem_list_tail(kept); f != NULL; f = wmem_list_frame_prev(f))
            wmem_list_prepend(steps, wmem_list_frame_data(f));
    }
    tap_queue_packet(flow_tap, pinfo, steps != NULL ? steps : kept);
}

static tap_packet_status flow_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_,
                                     const void *data, tap_flags_t flags _U_)
{
    lp_seq_analysis_info *sainfo = (lp_seq_analysis_info *)tapdata;
    wmem_list_frame_t *f;

    for (f = wmem_list_head((wmem_list_t *)data); f != NULL; f = wmem_list_frame_next(f)) {
        lp_seq_analysis_item *sai = sequence_analysis_create_sai_with_addresses(pinfo, sainfo);

        if (sai == NULL)
            continue;
        sai->frame_number = pinfo->num;
        sai->port_src = (guint16)pinfo->srcport;
        sai->port_dst = (guint16)pinfo->destport;
        sai->frame_label = g_strdup((const char *)wmem_list_frame_data(f));
        sai->comment = g_strdup(sai->frame_label);
        sai->line_style = 1;
        sai->display = TRUE;
        g_queue_push_tail(sainfo->items, sai);
    }
    return TAP_PACKET_REDRAW;
}

void lyncprov_register_flow(int proto_lyncprov)
{
    proto = proto_lyncprov;
    flow_tap = register_tap("lyncprov.flow");
    register_seq_analysis("lyncprov", "Lync sign-in", proto_lyncprov, "lyncprov.flow", TL_REQUIRES_NOTHING,
                          flow_packet);
}
