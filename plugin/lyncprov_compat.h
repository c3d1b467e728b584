/* lyncprov_compat.h - every Wireshark 4.0 .. 4.6 API difference the plugin meets
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LYNCPROV_COMPAT_H
#define LYNCPROV_COMPAT_H

#include <ws_version.h>

#define LP_WS_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* Boolean preferences take a bool * from 4.2 on, a gboolean * before. */
#if LP_WS_AT_LEAST(4, 2)
typedef bool lp_pref_bool;
#else
typedef gboolean lp_pref_bool;
#endif

/* field_info.value became a pointer (fvalue_t *) in 4.2. */
#if LP_WS_AT_LEAST(4, 2)
#define LP_FI_FVALUE(fi) ((fi)->value)
#else
/* 4.0 getters take a non-const fvalue_t *, even for reading. */
#define LP_FI_FVALUE(fi) ((fvalue_t *)&(fi)->value)
#endif

/* A stat_tap_ui's init callback says whether it worked from 4.6 on. */
#if LP_WS_AT_LEAST(4, 6)
#define LP_STAT_TAP_INIT_RET bool
#define LP_STAT_TAP_INIT_RETURN(ok) return (ok)
#else
#define LP_STAT_TAP_INIT_RET void
#define LP_STAT_TAP_INIT_RETURN(ok) return
#endif

/* Plugins describe themselves from 4.4 on. */
#if LP_WS_AT_LEAST(4, 4)
#define LP_HAVE_PLUGIN_DESCRIBE 1
#endif

#endif /* LYNCPROV_COMPAT_H */
