/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The link types a fuzz input picks by index (make-seeds.py writes the same table). */
#ifndef FUZZ_LINKTYPES_H
#define FUZZ_LINKTYPES_H

#include "engine.h"

static const int fuzz_linktypes[] = {
    LP_LINKTYPE_ETHERNET, LP_LINKTYPE_LINUX_SLL, LP_LINKTYPE_LINUX_SLL2, LP_LINKTYPE_RAW_DLT, LP_LINKTYPE_IPV4,
    LP_LINKTYPE_IPV6, LP_LINKTYPE_NULL, LP_LINKTYPE_LOOP, LP_LINKTYPE_WIRESHARK_UPPER_PDU,
};
#define FUZZ_N_LINKTYPES (sizeof fuzz_linktypes / sizeof fuzz_linktypes[0])

#endif /* FUZZ_LINKTYPES_H */
