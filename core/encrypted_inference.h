/* encrypted_inference.h - what an encrypted sign-in's requests probably were
 *
 * Without the TLS keys a web exchange is only a request size, an answer
 * size and their times. The order of the sign-in (MS-OCAUTHWS 1.3.1.1) and
 * the sizes say which service each request went to and when the phone gave
 * up; the rules are listed in pcap-summarize(1), "ENCRYPTED CAPTURES".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_ENCRYPTED_INFERENCE_H
#define LP_ENCRYPTED_INFERENCE_H

#include <stddef.h>

#include "signin_verdict.h"

/*
 * Name the service of each encrypted exchange of one phone (events in time
 * order; those with .encrypted set), and mark where it gave up. capture_end
 * is the time of the capture's last packet.
 */
void lp_infer_encrypted(lp_event *events, size_t n, double capture_end);

#endif /* LP_ENCRYPTED_INFERENCE_H */
