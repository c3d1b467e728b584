/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for tools/output.c: the cause names each frame where the reader finds it. */
#include <string.h>

#include <glib.h>

#include "output.h"

static lp_phone_event event(lp_event_kind kind, double t, uint32_t frame, unsigned capture, uint32_t orig_frame,
                            const char *detail)
{
    lp_phone_event e;

    memset(&e, 0, sizeof e);
    e.ev.kind = kind;
    e.ev.t = t;
    e.ev.frame = frame;
    e.ev.capture = capture;
    e.ev.detail = detail;
    e.ev.reason = "";
    e.orig_frame = orig_frame;
    return e;
}

/*
 * x.pcapng and its Export PDU file: the root chain came from the PDU file
 * (record 6, frame 40 of x.pcapng), the TLS alert from x.pcapng. Both
 * frames the cause names are x.pcapng's, the second too.
 */
static void test_every_frame_is_the_originals(void)
{
    char *captures[] = { "x.pcapng", "x.pdu.pcap" };
    int original[] = { -1, 0 };
    ps_report r = { .captures = captures, .n_captures = 2, .original = original };
    lp_phone_event e[] = {
        event(LP_EV_DNS_ANSWER, 1, 4, 0, 0, "pool01 is 10.9.0.1"),
        event(LP_EV_ROOT_CHAIN, 1.2, 6, 1, 40, "root chain: HTTP 404 on port 80"),
        event(LP_EV_TLS_ALERT, 1.3, 44, 0, 0, "fatal alert unknown_ca (48)"),
    };
    lp_phone ph;
    char cause[PS_LOCATION_TEXT_MAX];

    memset(&ph, 0, sizeof ph);
    e[1].ev.status = 404;
    ph.events = g_array_new(FALSE, FALSE, sizeof(lp_phone_event));
    g_array_append_vals(ph.events, e, G_N_ELEMENTS(e));
    lp_phone_judge(&ph, 2);
    ps_phone_cause(&r, &ph, cause, sizeof cause);
    g_assert_cmpstr(cause, ==, "frame 44: fatal alert unknown_ca (48), after the root-chain download failed "
                               "(frame 40: root chain: HTTP 404 on port 80)");
    /* Without the original capture, the record is what the reader opens. */
    original[1] = -1;
    ps_phone_cause(&r, &ph, cause, sizeof cause);
    g_assert_cmpstr(cause, ==, "frame 44: fatal alert unknown_ca (48), after the root-chain download failed "
                               "(frame 6: root chain: HTTP 404 on port 80)");
    g_array_free(ph.events, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/output/cause-frames", test_every_frame_is_the_originals);
    return g_test_run();
}
