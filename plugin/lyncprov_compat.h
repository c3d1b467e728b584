/* lyncprov_compat.h - every Wireshark 4.0 .. 4.6 API difference the plugin meets
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LYNCPROV_COMPAT_H
#define LYNCPROV_COMPAT_H

#include <ws_version.h>

#define LP_WS_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* Boolean preferences take a bool * from 4.2 on, a gboolean * before. */
#if LP_WS_AT_LEAST(4, 2)
typedef bool lp_pref_bool;
#else
typedef gboolean lp_pref_bool;
#endif

/* A stat_tap_ui's init callback says whether it worked from 4.6 on. */
#if LP_WS_AT_LEAST(4, 6)
#define LP_STAT_TAP_INIT_RET bool
#define LP_STAT_TAP_INIT_RETURN(ok) return (ok)
#else
#define LP_STAT_TAP_INIT_RET void
#define LP_STAT_TAP_INIT_RETURN(ok) return
#endif

/*
 * The keys of a frame's decrypted TLS records, given the TLS dissector's
 * call count in the frame: 0 in 4.0, the call's number (1, 2...) from 4.4 on
 * (docs/wireshark-api-notes.md). 4.2 is not checked: both are looked at.
 */
#if LP_WS_AT_LEAST(4, 4)
#define LP_TLS_RECORD_KEY_FIRST      1
#define LP_TLS_RECORD_KEY_LAST(calls) (calls)
#elif LP_WS_AT_LEAST(4, 2)
#define LP_TLS_RECORD_KEY_FIRST      0
#define LP_TLS_RECORD_KEY_LAST(calls) (calls)
#else
#define LP_TLS_RECORD_KEY_FIRST      0
#define LP_TLS_RECORD_KEY_LAST(calls) 0
#endif

/* Plugins describe themselves from 4.4 on. */
#if LP_WS_AT_LEAST(4, 4)
#define LP_HAVE_PLUGIN_DESCRIBE 1
#endif

/*
 * Flow Graph sequence analyses: libwireshark exports the functions in every
 * version, but wireshark-dev (4.0 to 4.6) does not install
 * epan/sequence_analysis.h. These are the leading members of its structs as
 * far as the plugin uses them (the library allocates them whole), checked
 * against each version's libwireshark: 4.0 has gboolean flags, 4.4 and 4.6
 * bool ones.
 */
#include <epan/address.h>
#include <epan/packet_info.h>
#include <epan/tap.h>

#if LP_WS_AT_LEAST(4, 4)
typedef bool lp_seq_flag;
#else
typedef gboolean lp_seq_flag;
#endif

typedef struct {
    guint32     frame_number;
    address     src_addr;
    guint16     port_src;
    address     dst_addr;
    guint16     port_dst;
    char       *frame_label;     /* above the arrow; g_free()d by Wireshark */
    char       *time_str;
    char       *comment;         /* right of the graph; g_free()d by Wireshark */
    guint16     conv_num;
    unsigned    fg_color;
    unsigned    bg_color;
    lp_seq_flag has_color_filter;
    lp_seq_flag display;
    unsigned    src_node;
    unsigned    dst_node;
    guint16     line_style;
    /* more members follow */
} lp_seq_analysis_item;

typedef struct {
    const char *name;
    lp_seq_flag any_addr;
    int         nconv;
    GQueue     *items;           /* of lp_seq_analysis_item */
    /* more members follow */
} lp_seq_analysis_info;

void register_seq_analysis(const char *name, const char *ui_name, const int proto_id, const char *tap_listener,
                           guint tap_flags, tap_packet_cb tap_func);
lp_seq_analysis_item *sequence_analysis_create_sai_with_addresses(packet_info *pinfo,
                                                                  lp_seq_analysis_info *sainfo);

#endif /* LYNCPROV_COMPAT_H */
