/* tls_wipe.h - secrets are wiped before their memory is given back
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_WIPE_H
#define LP_WIPE_H

#include <string.h>

/* glibc's explicit_bzero: a memset the compiler may not drop. */
#define lp_wipe(p, n) explicit_bzero((p), (n))

#endif /* LP_WIPE_H */
