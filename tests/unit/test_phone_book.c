/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <glib.h>

#include "phone_book.h"
#include "verdict_events.h"

static bool keep_all(const lp_phone_event *ev, void *data)
{
    (void)ev;
    (void)data;
    return true;
}

static void add(lp_phone_book *p, const lp_addr *ip, uint32_t conn, lp_event e)
{
    lp_phone_event pe = { e, 0, conn, LP_KEEP, NULL };

    lp_phones_add(p, ip, NULL, &pe);
}

static const lp_phone *of_user(GPtrArray *phones, const char *user)
{
    for (guint i = 0; i < phones->len; i++) {
        const lp_phone *ph = g_ptr_array_index(phones, i);

        if (g_strcmp0(ph->user, user) == 0)
            return ph;
    }
    g_assert_not_reached();
}

/*
 * Two users behind one address: each is judged by its own connections, and
 * what no user's connection shows goes only where it can belong: SIP to
 * the user that got a certificate, a failure to the one that did not.
 */
static void test_split_by_user(void)
{
    uint64_t full = 0, dropped = 0;
    lp_phone_book *p = lp_phones_new(&full, &dropped);
    lp_addr nat;
    lp_event refused = ev(LP_EV_HTTP_RESPONSE, 3, 30), alert = ev(LP_EV_TLS_ALERT, 1, 10);
    GPtrArray *phones;
    const lp_phone *a, *b;

    lp_addr_set(&nat, 4, (const uint8_t *)"\x0a\x09\x00\xfe");
    refused.response = LP_RESP_PIN_REJECTED;
    refused.status = 401;
    lp_phones_set_user(p, &nat, 1, "1234", true);
    lp_phones_set_user(p, &nat, 2, "1235", true);
    add(p, &nat, 1, ev(LP_EV_CERTIFICATE_ISSUED, 2, 20));
    add(p, &nat, 2, refused);
    add(p, &nat, 3, ev(LP_EV_SIP_CONNECT, 5, 50)); /* no user's: after 1234's certificate */
    add(p, &nat, 4, alert);                       /* no user's: a web failure, before either signed in */
    phones = lp_phones_finish(p, keep_all, NULL);
    g_assert_cmpuint(phones->len, ==, 2);
    for (guint i = 0; i < phones->len; i++)
        lp_phone_judge(g_ptr_array_index(phones, i), 10);
    a = of_user(phones, "1234");
    b = of_user(phones, "1235");
    g_assert_cmpint(a->verdict.outcome, ==, LP_OUT_SIGNED_IN);
    g_assert_cmpuint(a->verdict.frame, ==, 50);
    g_assert_cmpuint(a->events->len, ==, 2); /* its certificate and the SIP, not the failure */
    g_assert_cmpint(b->verdict.outcome, ==, LP_OUT_PIN_REJECTED);
    g_assert_cmpuint(b->events->len, ==, 2); /* its refusal and the web failure, not the SIP */
    g_assert_cmpuint(a->users_at_address, ==, 2);
    g_assert_cmpuint(full, ==, 0);
    g_ptr_array_free(phones, TRUE);
    lp_phones_free(p);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/phone-book/split-by-user", test_split_by_user);
    return g_test_run();
}
