/* infer.h - what an encrypted sign-in's requests probably were
 *
 * Without the TLS keys a web exchange is only a request size, an answer
 * size and their times. The order of the sign-in (MS-OCAUTHWS 1.3.1.1) and
 * the sizes say which service each request went to and when the phone gave
 * up; the rules are listed in pcap-summarize(1), "ENCRYPTED CAPTURES".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_INFER_H
#define PS_INFER_H

#include "phones.h"

/* Name the service of each encrypted exchange of the phone, and mark where it gave up. */
void ps_infer_encrypted(ps_phone *phone, double capture_end);

#endif /* PS_INFER_H */
