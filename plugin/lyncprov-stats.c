/* lyncprov-stats.c - "tshark -z lyncprov,tree" and Statistics > Lync phone provisioning
 *
 * Counts what the HTTP part queued on the "lyncprov" tap. Whether a request
 * was answered, and how each phone's sign-in ended, is only known on a
 * second pass (tshark -2, or the GUI): without one, those parts are left out
 * rather than shown as zeros. The frame's visited flag cannot tell (tshark
 * sets it before a single pass's taps run): the judged phones can.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/stats_tree.h>

#include "ms_diagnostics.h"
#include "packet-lyncprov.h"

static const char st_phones[] = "Phones by outcome (second pass)";
static const char st_requests[] = "Requests by service and operation";
static const char st_users[] = "Requests by user";
static const char st_responses[] = "Responses by status";
static const char st_diags[] = "Responses by diagnostic id";
static const char st_results[] = "Responses by result";
static const char st_unanswered[] = "Unanswered requests (second pass)";
static const char st_time[] = "Response time (ms)";

static int st_node_requests = -1;
static int st_node_users = -1;
static int st_node_responses = -1;
static int st_node_diags = -1;
static int st_node_results = -1;
/* Made on the second pass only. */
static int st_node_phones = -1;
static int st_node_unanswered = -1;

static void lyncprov_stats_init(stats_tree *st)
{
    st_node_phones = -1;
    st_node_unanswered = -1;
    st_node_requests = stats_tree_create_node(st, st_requests, 0, STAT_DT_INT, TRUE);
    st_node_users = stats_tree_create_node(st, st_users, 0, STAT_DT_INT, TRUE);
    st_node_responses = stats_tree_create_node(st, st_responses, 0, STAT_DT_INT, TRUE);
    st_node_results = stats_tree_create_node(st, st_results, 0, STAT_DT_INT, TRUE);
    st_node_diags = stats_tree_create_node(st, st_diags, 0, STAT_DT_INT, TRUE);
    stats_tree_create_node(st, st_time, 0, STAT_DT_FLOAT, FALSE);
}

/* Once per run, at the first frame of a second pass: the judged phones and the unanswered node. */
static void second_pass_nodes(stats_tree *st)
{
    GPtrArray *phones;
    guint i;

    if (st_node_phones != -1)
        return;
    st_node_phones = stats_tree_create_node(st, st_phones, 0, STAT_DT_INT, TRUE);
    st_node_unanswered = stats_tree_create_node(st, st_unanswered, 0, STAT_DT_INT, TRUE);
    phones = lyncprov_signin_phones();
    for (i = 0; phones != NULL && i < phones->len; i++) {
        const lp_phone *ph = (const lp_phone *)g_ptr_array_index(phones, i);

        tick_stat_node(st, st_phones, 0, TRUE);
        tick_stat_node(st, lp_outcome_name(ph->verdict.outcome), st_node_phones, FALSE);
    }
}

static void count_request(stats_tree *st, const lync_http_msg *m)
{
    int node;

    tick_stat_node(st, st_requests, 0, TRUE);
    node = tick_stat_node(st, m->x->service, st_node_requests, TRUE);
    tick_stat_node(st, m->x->operation != NULL ? m->x->operation : "(none)", node, FALSE);
    tick_stat_node(st, st_users, 0, TRUE);
    tick_stat_node(st, m->x->extension != NULL ? m->x->extension : "(not visible)", st_node_users, FALSE);
    if (m->x->no_response) {
        tick_stat_node(st, st_unanswered, 0, TRUE);
        tick_stat_node(st, m->x->service, st_node_unanswered, FALSE);
    }
}

static void count_response(stats_tree *st, const lync_http_msg *m)
{
    char name[160];
    guint i;

    tick_stat_node(st, st_responses, 0, TRUE);
    g_snprintf(name, sizeof name, "%u", m->status);
    tick_stat_node(st, name, st_node_responses, FALSE);
    tick_stat_node(st, st_results, 0, TRUE);
    tick_stat_node(st, lp_resp_kind_name(m->kind), st_node_results, FALSE);
    for (i = 0; i < m->n_diag; i++) {
        const lp_diag_info *info;

        if (!m->diag[i].has_code)
            continue;
        info = lp_diag_lookup(m->diag[i].code);
        tick_stat_node(st, st_diags, 0, TRUE);
        if (info != NULL)
            g_snprintf(name, sizeof name, "%u %s", m->diag[i].code, info->meaning);
        else
            g_snprintf(name, sizeof name, "%u", m->diag[i].code);
        tick_stat_node(st, name, st_node_diags, FALSE);
    }
    if (m->x->request_frame != 0) /* else its request is not in the capture */
        avg_stat_node_add_value_float(st, st_time, 0, FALSE, (float)(nstime_to_sec(&m->delta) * 1000.0));
}

static tap_packet_status lyncprov_stats_packet(stats_tree *st, packet_info *pinfo _U_,
                                               epan_dissect_t *edt _U_, const void *data,
                                               tap_flags_t flags _U_)
{
    const lync_http_msg *m = (const lync_http_msg *)data;

    if (lyncprov_signin_judged())
        second_pass_nodes(st);
    if (m->is_request)
        count_request(st, m);
    else
        count_response(st, m);
    return TAP_PACKET_REDRAW;
}

void lyncprov_register_stats(void)
{
    stats_tree_register_plugin("lyncprov", "lyncprov", "Lync phone provisioning", 0,
                               lyncprov_stats_packet, lyncprov_stats_init, NULL);
}
