/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the verdict rules on encrypted sign-ins (TLS without keys)
 * and on the CPE-OCPHONE VLAN answer, in core/signin_verdict.c. */
#include <string.h>

#include <glib.h>

#include "signin_verdict.h"
#include "verdict_events.h"

static lp_event unseen(double t, uint32_t frame, gboolean gave_up, unsigned retries)
{
    lp_event e = ev(LP_EV_HTTP_RESPONSE, t, frame);

    e.service = LP_SVC_WEBTICKET;
    e.response = LP_RESP_UNSEEN;
    e.inferred = TRUE;
    e.gave_up = gave_up;
    e.retries = retries;
    return e;
}

static void test_answer_then_giving_up_is_unknown(void)
{
    lp_event e[] = { ev(LP_EV_TLS_HANDSHAKE, 1, 10), unseen(2, 26, FALSE, 0), unseen(3, 30, TRUE, 0) };
    lp_verdict v;

    lp_verdict_phone(e, G_N_ELEMENTS(e), 4, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_UNKNOWN);
    g_assert_cmpuint(v.frame, ==, 30);
    g_assert_nonnull(strstr(cause_text(&v), "encrypted"));
    g_assert_nonnull(strstr(cause_text(&v), "frame 30"));
    g_assert_nonnull(strstr(v.advice, "TLS keys"));
}

static void test_retries_mean_refusals(void)
{
    lp_event e[] = { unseen(2, 26, FALSE, 0), unseen(3, 30, FALSE, 0), unseen(4, 42, TRUE, 3) };
    lp_verdict v;

    lp_verdict_phone(e, G_N_ELEMENTS(e), 5, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_AUTH_FAILED);
    g_assert_nonnull(strstr(cause_text(&v), "3 time(s)"));
    g_assert_nonnull(strstr(v.advice, "Unlock-CsClientPin"));
}

static void test_unseen_answers_are_progress(void)
{
    lp_event e[] = { ev(LP_EV_TLS_ALERT, 1, 5), unseen(2, 26, FALSE, 0), ev(LP_EV_SIP_CONNECT, 3, 50) };
    lp_verdict v;

    lp_verdict_phone(e, G_N_ELEMENTS(e), 4, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_SIGNED_IN);
    /* Without the SIP connection: still busy at the end of the capture. */
    lp_verdict_phone(e, 2, 4, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_INCOMPLETE);
}

static void test_inferred_no_response(void)
{
    lp_event e = ev(LP_EV_NO_RESPONSE, 1, 28);
    lp_verdict v;

    e.service = LP_SVC_WEBTICKET;
    e.waited = 30;
    e.inferred = TRUE;
    lp_verdict_phone(&e, 1, 31, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_NO_RESPONSE);
    g_assert_nonnull(strstr(cause_text(&v), "WebTicket at frame 28"));
    g_assert_nonnull(strstr(cause_text(&v), "inferred"));
}

static void test_vlan_answer_is_not_provisioning(void)
{
    lp_event e[] = { ev(LP_EV_DHCP_INFORM, 1, 1), ev(LP_EV_DHCP_ACK, 1.1, 2) };
    lp_verdict v;

    e[1].vlan_only = TRUE;
    lp_verdict_phone(e, G_N_ELEMENTS(e), 2, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_INCOMPLETE);
    e[1].vlan_only = FALSE;
    lp_verdict_phone(e, G_N_ELEMENTS(e), 2, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_NO_PROVISIONING);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/verdict-encrypted/answer-then-giving-up", test_answer_then_giving_up_is_unknown);
    g_test_add_func("/verdict-encrypted/retries-mean-refusals", test_retries_mean_refusals);
    g_test_add_func("/verdict-encrypted/unseen-answers-are-progress", test_unseen_answers_are_progress);
    g_test_add_func("/verdict-encrypted/inferred-no-response", test_inferred_no_response);
    g_test_add_func("/verdict-encrypted/vlan-answer", test_vlan_answer_is_not_provisioning);
    return g_test_run();
}
