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

static int proto_tls = -1;

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
 * The TLS records Wireshark decrypted in this frame, in order, with the
 * content type that was inside the encryption: application data (the HTTP
 * or SIP), and the handshake messages and alerts TLS 1.3 encrypts (the
 * server's certificate, the phone's alert). The TLS dissector keeps each
 * call's records (what Follow TLS Stream reads); naming the "Decrypted TLS"
 * data sources instead would allocate. Its key changed between 4.0 and 4.4
 * (lyncprov_compat.h).
 */
static void feed_decrypted(packet_info *pinfo, const lyncprov_feed_sink *sink, void *data)
{
    const int *calls;
    lp_addr src, dst;
    bool have_addrs = false;

    if (proto_tls == -1)
        proto_tls = proto_get_id_by_filter_name("tls");
    calls = (const int *)wmem_map_lookup(pinfo->proto_layers, GINT_TO_POINTER(proto_tls));
    for (int key = LP_TLS_RECORD_KEY_FIRST; calls != NULL && key <= LP_TLS_RECORD_KEY_LAST(*calls); key++) {
        const SslPacketInfo *pi = (const SslPacketInfo *)p_get_proto_data(wmem_file_scope(), pinfo, proto_tls,
                                                                           (guint32)key);

        for (const SslRecordInfo *rec = pi != NULL ? pi->records : NULL; rec != NULL; rec = rec->next) {
            if ((rec->type != SSL_ID_APP_DATA && rec->type != SSL_ID_HANDSHAKE && rec->type != SSL_ID_ALERT) ||
                rec->data_len == 0)
                continue;
            if (!have_addrs) {
                /* The TCP segment's network addresses; the ports are those the TLS dissector saw. */
                if (!lyncprov_addr(&pinfo->net_src, &src) || !lyncprov_addr(&pinfo->net_dst, &dst))
                    return;
                have_addrs = true;
            }
            sink->plaintext(data, &src, (guint16)pi->srcport, &dst, (guint16)pi->destport, (guint8)rec->type,
                            rec->plain_data, rec->data_len);
        }
    }
}

void lyncprov_feed_packet(tvbuff_t *frame_tvb, packet_info *pinfo, const lyncprov_feed_sink *sink, void *data)
{
    guint len = tvb_captured_length(frame_tvb);
    int linktype;

    if (pinfo->rec == NULL || pinfo->rec->rec_type != REC_TYPE_PACKET)
        return;
    linktype = linktype_of(pinfo->rec->rec_header.packet_header.pkt_encap);
    if (len > 0 && linktype >= 0)
        sink->frame(data, linktype, tvb_get_ptr(frame_tvb, 0, (gint)len), len);
    feed_decrypted(pinfo, sink, data);
}
