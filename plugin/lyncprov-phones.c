/* lyncprov-phones.c - "tshark -z lyncprov,phones" and Statistics > Lync phone sign-ins
 *
 * One block per phone with core's verdict, in the form of pcap-summarize's
 * text report, for the same capture.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>

#include <epan/packet.h>
#include <epan/funnel.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include "phone_book.h"
#include "signin_verdict.h"
#include "lyncprov_compat.h"
#include "packet-lyncprov.h"

static const char title[] = "Lync phone sign-ins";

static void append_phone(GString *out, const lp_phone *ph)
{
    char ip[LP_ADDR_STR_MAX] = "-", mac[LYNCPROV_MAC_STR_MAX], cause[LP_CAUSE_MAX], shared[256];

    if (ph->has_ip)
        lp_addr_str(&ph->ip, ip);
    g_string_append_printf(out, "phone=%s", ph->has_mac ? lyncprov_mac_str(ph->mac, mac) : ip);
    g_string_append_printf(out, " ip=%s user=%s outcome=%s frame=%u\n", ip, ph->user[0] ? ph->user : "-",
                           lp_outcome_name(ph->verdict.outcome), ph->verdict.frame);
    g_string_append_printf(out, "    cause:  %s\n    advice: %s\n",
                           lp_verdict_cause(&ph->verdict, NULL, NULL, cause, sizeof cause), ph->verdict.advice);
    if (lp_phone_shared_note(ph, shared, sizeof shared) != NULL)
        g_string_append_printf(out, "    shared: %s\n", shared);
}

/* The report; NULL when no capture is open. */
static GString *render(void)
{
    GPtrArray *phones = lyncprov_signin_phones();
    unsigned count[LP_OUT_COUNT] = { 0 };
    const char *sep = ":";
    GString *out;
    guint i;

    if (phones == NULL)
        return NULL;
    out = g_string_new("=== Lync phone sign-ins ===\n");
    for (i = 0; i < phones->len; i++) {
        const lp_phone *ph = (const lp_phone *)g_ptr_array_index(phones, i);

        append_phone(out, ph);
        count[ph->verdict.outcome]++;
    }
    g_string_append_printf(out, "=== %u phone%s", phones->len, phones->len == 1 ? "" : "s");
    for (i = 0; i < LP_OUT_COUNT; i++) {
        if (count[i] == 0)
            continue;
        g_string_append_printf(out, "%s %u %s", sep, count[i], lp_outcome_name((lp_outcome)i));
        sep = ",";
    }
    g_string_append(out, " ===\n");
    return out;
}

static tap_packet_status phones_packet(void *tapdata _U_, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                       const void *data _U_, tap_flags_t flags _U_)
{
    return TAP_PACKET_DONT_REDRAW; /* the verdicts come from the whole capture, at the end */
}

static void phones_draw(void *tapdata _U_)
{
    GString *out = render();

    if (out == NULL)
        return;
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
}

static LP_STAT_TAP_INIT_RET phones_init(const char *opt_arg _U_, void *userdata _U_)
{
    GString *error = register_tap_listener("lyncprov", (void *)title, NULL, TL_REQUIRES_NOTHING, NULL,
                                           phones_packet, phones_draw, NULL);

    if (error != NULL) {
        fprintf(stderr, "tshark: -z lyncprov,phones: %s\n", error->str);
        g_string_free(error, TRUE);
        LP_STAT_TAP_INIT_RETURN(FALSE);
    }
    LP_STAT_TAP_INIT_RETURN(TRUE);
}

/* Statistics menu of the GUI: the same report in a text window. */
static void phones_window(gpointer data _U_)
{
    const funnel_ops_t *ops = funnel_get_funnel_ops();
    GString *out;
    funnel_text_window_t *tw;

    if (ops == NULL || ops->new_text_window == NULL)
        return;
    out = render();
    tw = ops->new_text_window(ops->ops_id, title);
    ops->set_text(tw, out != NULL ? out->str : "No capture file is open.\n");
    if (out != NULL)
        g_string_free(out, TRUE);
}

void lyncprov_register_phones(void)
{
    static stat_tap_ui ui = {
        REGISTER_STAT_GROUP_GENERIC, title, "lyncprov,phones", phones_init, 0, NULL
    };

    register_stat_tap_ui(&ui, NULL);
    funnel_register_menu(title, REGISTER_PACKET_STAT_GROUP_UNSORTED, phones_window, NULL, NULL, FALSE);
}
