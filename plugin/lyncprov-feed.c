/* lyncprov-feed.c - what the engine is fed, without asking tshark for fields
 *
 * A wanted field makes tshark build a protocol tree for every frame of its
 * first pass, which costs other traffic far more than this plugin's own
 * work (docs/wireshark-api-notes.md). So the engine gets what Wireshark has
 * anyway: the frame's bytes, and the plaintext of each TLS record that
 * Wireshark decrypted.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <epan/packet.h>
#include <epan/proto_data.h>
#include <epan/dissectors/packet-tls-utils.h>
#include <wiretap/wtap.h>

#include "lyncprov_compat.h"
#include "packet-lyncprov.h"

/* Wireshark's encapsulations of the link layers the engine reads. */
static const struct {
    int encap;
    int linktype;
} linktypes[] = {
    { WTAP_ENCAP_ETHERNET,             LP_LINKTYPE_ETHERNET },
    { WTAP_ENCAP_SLL,                  LP_LINKTYPE_LINUX_SLL },
    { WTAP_ENCAP_SLL2,                 LP_LINKTYPE_LINUX_SLL2 },
    { WTAP_ENCAP_RAW_IP,               LP_LINKTYPE_RAW },
    { WTAP_ENCAP_RAW_IP4,              LP_LINKTYPE_IPV4 },
    { WTAP_ENCAP_RAW_IP6,              LP_LINKTYPE_IPV6 },
    { WTAP_ENCAP_NULL,                 LP_LINKTYPE_NULL },
    { WTAP_ENCAP_LOOP,                 LP_LINKTYPE_LOOP },
    { WTAP_ENCAP_WIRESHARK_UPPER_PDU,  LP_LINKTYPE_WIRESHARK_UPPER_PDU },
};

static int linktype_of(int encap)
{
    for (size_t i = 0; i < G_N_ELEMENTS(linktypes); i++)
        if (linktypes[i].encap == encap)
            return linktypes[i].linktype;
    return -1;
}

/*
 * The application data of the TLS records Wireshark decrypted in this frame,
 * in order. The TLS dissector keeps them per layer, with the content type
 * that was inside the encryption: the decrypted data sources would also hold
 * handshake messages (Finished, and all of TLS 1.3's), which are not the
 * connection's HTTP or SIP.
 */
static void feed_decrypted(packet_info *pinfo, const lyncprov_feed_sink *sink, void *data)
{
    int proto_tls = proto_get_id_by_filter_name("tls");
    wmem_list_frame_t *layer;
    guint nth = 0;
    lp_addr src, dst;

    if (pinfo->ptype != PT_TCP || !lyncprov_addr(&pinfo->src, &src) || !lyncprov_addr(&pinfo->dst, &dst))
        return;
    for (layer = wmem_list_head(pinfo->layers); layer != NULL; layer = wmem_list_frame_next(layer)) {
        const SslPacketInfo *pi;
        const SslRecordInfo *rec;

        if (GPOINTER_TO_INT(wmem_list_frame_data(layer)) != proto_tls)
            continue;
        pi = (const SslPacketInfo *)p_get_proto_data(wmem_file_scope(), pinfo, proto_tls, LP_TLS_LAYER_KEY(++nth));
        for (rec = pi != NULL ? pi->records : NULL; rec != NULL; rec = rec->next)
            if (rec->type == SSL_ID_APP_DATA && rec->data_len > 0)
                sink->plaintext(data, &src, (guint16)pinfo->srcport, &dst, (guint16)pinfo->destport,
                                rec->plain_data, rec->data_len);
    }
}

void lyncprov_feed_packet(tvbuff_t *frame_tvb, packet_info *pinfo, const lyncprov_feed_sink *sink, void *data)
{
    guint len = tvb_captured_length(frame_tvb);
    int linktype = linktype_of(pinfo->rec->rec_header.packet_header.pkt_encap);

    if (len > 0 && linktype >= 0)
        sink->frame(data, linktype, tvb_get_ptr(frame_tvb, 0, (gint)len), len);
    feed_decrypted(pinfo, sink, data);
}
