/* dns_name.h - RFC 1035 domain names in wire form (labels, compression)
 *
 * Shared by DNS messages and DHCP option 120 (RFC 3361), whose compression
 * pointers count from the start of their own buffer.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_DNS_NAME_H
#define LP_DNS_NAME_H

#include <stddef.h>
#include <stdint.h>

/*
 * Read the name at off into out as dotted text (NUL-terminated). Compression
 * pointers are offsets from base. Returns the offset just after the name as
 * it is written at off (after the first pointer, if any), or 0 when the name
 * is malformed, loops or does not fit in cap.
 */
size_t lp_dns_read_name(const uint8_t *base, size_t len, size_t off, char *out, size_t cap);

#endif /* LP_DNS_NAME_H */
