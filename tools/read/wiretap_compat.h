/* wiretap_compat.h - the libwiretap API differences pcap-summarize meets,
 * in one place (Wireshark 4.0 to 4.6)
 *
 * From 4.5 on a wtap_rec carries its own data buffer: wtap_rec_init takes
 * its first size, wtap_read has no Buffer argument. Before, the caller
 * keeps a Buffer beside the record.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_WIRETAP_COMPAT_H
#define PS_WIRETAP_COMPAT_H

#include <ws_version.h>
#include <wiretap/wtap.h>
#include <wiretap/pcap-encap.h>

#define PS_WS_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

#if PS_WS_AT_LEAST(4, 5)
typedef struct {
    wtap_rec rec;
} ps_wtap_rec;
#define ps_wtap_rec_init(r, size) wtap_rec_init(&(r)->rec, (size))
#define ps_wtap_rec_cleanup(r)    wtap_rec_cleanup(&(r)->rec)
#define ps_wtap_read(wth, r, err, err_info, off) wtap_read((wth), &(r)->rec, (err), (err_info), (off))
#define ps_wtap_rec_data(r)       ws_buffer_start_ptr(&(r)->rec.data)
#else
typedef struct {
    wtap_rec rec;
    Buffer   buf;
} ps_wtap_rec;
#define ps_wtap_rec_init(r, size) (wtap_rec_init(&(r)->rec), ws_buffer_init(&(r)->buf, (size)))
#define ps_wtap_rec_cleanup(r)    (wtap_rec_cleanup(&(r)->rec), ws_buffer_free(&(r)->buf))
#define ps_wtap_read(wth, r, err, err_info, off) \
    wtap_read((wth), &(r)->rec, &(r)->buf, (err), (err_info), (off))
#define ps_wtap_rec_data(r)       ws_buffer_start_ptr(&(r)->buf)
#endif

#endif /* PS_WIRETAP_COMPAT_H */
