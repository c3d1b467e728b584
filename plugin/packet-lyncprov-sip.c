/* packet-lyncprov-sip.c - the registrar's answers to REGISTER
 *
 * Reads the SIP messages Wireshark decrypted and makes the same events as
 * pcap-summarize from an Export PDU file: a final answer to REGISTER
 * (sip_response), so that a refused REGISTER is judged sip_rejected.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <epan/packet.h>

#include "phone_book.h"
#include "signin_facts.h"
#include "packet-lyncprov.h"

static int hf_sip_proto = -1;

void lyncprov_dissect_sip(packet_info *pinfo, proto_tree *tree)
{
    GPtrArray *found;
    lp_where w;
    lp_addr phone;
    guint i;

    if (PINFO_FD_VISITED(pinfo) || hf_sip_proto == -1 || pinfo->ptype != PT_TCP ||
        (found = proto_get_finfo_ptr_array(tree, hf_sip_proto)) == NULL ||
        !lyncprov_addr(&pinfo->dst, &phone))
        return;
    w = lyncprov_where(pinfo);
    for (i = 0; i < found->len; i++) {
        const field_info *fi = (const field_info *)g_ptr_array_index(found, i);
        lp_phone_event ev;

        memset(&ev, 0, sizeof ev);
        if (fi->ds_tvb == NULL || fi->length <= 0 || !tvb_bytes_exist(fi->ds_tvb, fi->start, fi->length) ||
            !lp_sip_answer_event(&ev.ev, &w, tvb_get_ptr(fi->ds_tvb, fi->start, fi->length), (size_t)fi->length))
            continue;
        lyncprov_signin_host_event(&phone, NULL, &ev);
    }
}

void lyncprov_sip_wanted_hfids(GArray *wanted)
{
    static const lyncprov_field fields[] = {
        { "sip", &hf_sip_proto },
    };

    lyncprov_want_fields(wanted, fields, G_N_ELEMENTS(fields));
}
