/* SPDX-License-Identifier: GPL-2.0-or-later */
/* verdict_events.h - lp_event values for the verdict tests */
#ifndef VERDICT_EVENTS_H
#define VERDICT_EVENTS_H

#include <string.h>

#include "signin_verdict.h"

/* An event of a WebTicket exchange unless the test says otherwise. */
static inline lp_event ev(lp_event_kind kind, double t, uint32_t frame)
{
    lp_event e;

    memset(&e, 0, sizeof e);
    e.kind = kind;
    e.t = t;
    e.frame = frame;
    e.service = LP_SVC_WEBTICKET;
    e.reason = e.detail = "";
    return e;
}

/* The verdict's cause as text, its frames as judged (valid until the next call). */
static inline const char *cause_text(const lp_verdict *v)
{
    static char buf[LP_CAUSE_MAX];

    return lp_verdict_cause(v, NULL, NULL, buf, sizeof buf);
}

#endif /* VERDICT_EVENTS_H */
