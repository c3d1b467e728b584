/* dns_name.c - RFC 1035 section 4.1.4 names
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "dns_name.h"

#include <string.h>

/* More pointer hops than this is a loop: a real name has at most 127 labels. */
#define MAX_JUMPS 16

size_t lp_dns_read_name(const uint8_t *base, size_t len, size_t off, char *out, size_t cap)
{
    size_t pos = off, end = 0, used = 0;
    unsigned jumps = 0;

    if (cap == 0)
        return 0;
    out[0] = '\0';
    for (;;) {
        uint8_t l;

        if (pos >= len)
            return 0;
        l = base[pos];
        if (l == 0) {
            pos++;
            break;
        }
        if ((l & 0xc0) == 0xc0) {
            if (pos + 1 >= len || ++jumps > MAX_JUMPS)
                return 0;
            if (end == 0)
                end = pos + 2;
            pos = (size_t)(l & 0x3f) << 8 | base[pos + 1];
            continue;
        }
        if ((l & 0xc0) != 0 || l > len - pos - 1)
            return 0;
        if (used + l + 2 > cap)
            return 0;
        if (used > 0)
            out[used++] = '.';
        memcpy(out + used, base + pos + 1, l);
        used += l;
        out[used] = '\0';
        pos += 1 + (size_t)l;
    }
    return end != 0 ? end : pos;
}
