/* lyncprov-stats.c - "tshark -z lyncprov,tree" and Statistics > Lync phone provisioning
 *
 * Counts what the HTTP part queued on the "lyncprov" tap. Whether a request
 * was answered is only known on a second pass (tshark -2, or the GUI).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/stats_tree.h>

#include "packet-lyncprov.h"

static const char st_requests[] = "Requests by service and operation";
static const char st_responses[] = "Responses by status";
static const char st_diags[] = "Responses by diagnostic id";
static const char st_results[] = "Responses by result";
static const char st_unanswered[] = "Unanswered requests (second pass)";
static const char st_time[] = "Response time (ms)";

static int st_node_requests = -1;
static int st_node_responses = -1;
static int st_node_diags = -1;
static int st_node_results = -1;
static int st_node_unanswered = -1;

static void lyncprov_stats_init(stats_tree *st)
{
    st_node_requests = stats_tree_create_node(st, st_requests, 0, STAT_DT_INT, TRUE);
    st_node_responses = stats_tree_create_node(st, st_responses, 0, STAT_DT_INT, TRUE);
    st_node_results = stats_tree_create_node(st, st_results, 0, STAT_DT_INT, TRUE);
    st_node_diags = stats_tree_create_node(st, st_diags, 0, STAT_DT_INT, TRUE);
    st_node_unanswered = stats_tree_create_node(st, st_unanswered, 0, STAT_DT_INT, TRUE);
    stats_tree_create_node(st, st_time, 0, STAT_DT_INT, FALSE);
}

static tap_packet_status lyncprov_stats_packet(stats_tree *st, packet_info *pinfo,
                                               epan_dissect_t *edt _U_, const void *data,
                                               tap_flags_t flags _U_)
{
    const lync_http_msg *m = (const lync_http_msg *)data;
    char name[64];
    int node;
    guint i;

    if (m->is_request) {
        tick_stat_node(st, st_requests, 0, TRUE);
        node = tick_stat_node(st, m->x->service, st_node_requests, TRUE);
        tick_stat_node(st, m->operation != NULL ? m->operation : "(none)", node, FALSE);
        if (m->x->response_frame == 0 && PINFO_FD_VISITED(pinfo)) {
            tick_stat_node(st, st_unanswered, 0, TRUE);
            tick_stat_node(st, m->x->service, st_node_unanswered, FALSE);
        }
        return TAP_PACKET_REDRAW;
    }

    tick_stat_node(st, st_responses, 0, TRUE);
    g_snprintf(name, sizeof name, "%u", m->status);
    tick_stat_node(st, name, st_node_responses, FALSE);
    tick_stat_node(st, st_results, 0, TRUE);
    tick_stat_node(st, lp_resp_kind_name(m->kind), st_node_results, FALSE);
    for (i = 0; i < m->n_diag; i++) {
        if (!m->diag[i].has_code)
            continue;
        tick_stat_node(st, st_diags, 0, TRUE);
        g_snprintf(name, sizeof name, "%u", m->diag[i].code);
        tick_stat_node(st, name, st_node_diags, FALSE);
    }
    if (m->x->request_frame != 0) /* else its request is not in the capture */
        avg_stat_node_add_value_int(st, st_time, 0, FALSE, (gint)(nstime_to_msec(&m->delta) + 0.5));
    return TAP_PACKET_REDRAW;
}

void lyncprov_register_stats(void)
{
    stats_tree_register_plugin("lyncprov", "lyncprov", "Lync phone provisioning", 0,
                               lyncprov_stats_packet, lyncprov_stats_init, NULL);
}
