/* app_sip.c - decrypted SIP, from Export PDU records or from TLS records
 * a front end decrypted
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "app_sip.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "app.h"
#include "signin_facts.h"

/* The phone reached the SIP server when it sends it a request (REGISTER). */
static void sip(lp_engine *ctx, lp_flow *f, int dir, const uint8_t *p, size_t len, const lp_where *w,
                uint32_t orig_frame)
{
    const uint8_t *sp = memchr(p, ' ', len < 16 ? len : 16);
    char a[LP_ADDR_STR_MAX], server[LP_ADDR_STR_MAX + 8];
    lp_phone_event ev;

    /* METHOD SP sip:... */
    if (dir != LP_C2S || f->sip_reported || sp == NULL || sp == p || (size_t)(sp - p) + 4 > len ||
        g_ascii_strncasecmp((const char *)sp + 1, "sip", 3) != 0)
        return;
    f->sip_reported = true;
    snprintf(server, sizeof server, "%s:%u", lp_addr_str(&f->addr[LP_S2C], a), f->port[LP_S2C]);
    memset(&ev, 0, sizeof ev);
    lp_sip_request_event(&ev.ev, w, (const char *)p, (size_t)(sp - p), server);
    ev.orig_frame = orig_frame;
    lp_app_emit(ctx, f, &ev);
}

/* The registrar's final answer to REGISTER: whether the phone registered.
 * tshark exports each SIP message twice: the second copy is skipped. */
static void sip_answer(lp_engine *ctx, lp_flow *f, int dir, const uint8_t *p, size_t len, const lp_where *w,
                       uint32_t orig_frame)
{
    lp_phone_event ev;

    memset(&ev, 0, sizeof ev);
    if (dir != LP_S2C || (orig_frame != 0 && orig_frame == f->sip_answer_frame) ||
        !lp_sip_answer_event(&ev.ev, w, p, len))
        return;
    f->sip_answer_frame = orig_frame;
    ev.orig_frame = orig_frame;
    lp_app_emit(ctx, f, &ev);
}

void lp_sip_message(lp_engine *ctx, lp_flow *f, int dir, const uint8_t *p, size_t len, const lp_where *w,
                    uint32_t orig_frame)
{
    sip(ctx, f, dir, p, len, w, orig_frame);
    sip_answer(ctx, f, dir, p, len, w, orig_frame);
}
