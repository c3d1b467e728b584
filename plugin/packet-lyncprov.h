/* packet-lyncprov.h - what the parts of the lyncprov plugin share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_LYNCPROV_H
#define PACKET_LYNCPROV_H

#include <epan/packet.h>

void proto_register_lyncprov(void);
void proto_reg_handoff_lyncprov(void);

/* Keys of the per-frame data the postdissector keeps (p_add_proto_data). */
enum {
    LYNCPROV_KEY_DHCP = 0
};

/*
 * Where a message of another protocol lies. The postdissector only sees the
 * frame's tvb, and wanted fields are filled on the first pass only; data
 * sources (frame, reassembled, decrypted) come back in the same order on
 * every pass, so a data source index and offsets find the bytes again.
 */
typedef struct {
    guint ds_index;
    gint  start;
    gint  length;
} lyncprov_ref;

gboolean lyncprov_ref_from_finfo(packet_info *pinfo, const field_info *fi, lyncprov_ref *ref);
tvbuff_t *lyncprov_ref_tvb(packet_info *pinfo, const lyncprov_ref *ref);

/* DHCP provisioning (packet-lyncprov-dhcp.c). */
void lyncprov_register_dhcp(int proto);
void lyncprov_dhcp_wanted_hfids(GArray *wanted);
void lyncprov_dissect_dhcp(packet_info *pinfo, proto_tree *tree, int proto);

#endif /* PACKET_LYNCPROV_H */
