/* http_body.c - Content-Encoding gzip and deflate, inflated with zlib
 *
 * The Lync web services compress their SOAP answers when the client offers
 * it; the certificate and the web ticket are then only readable inflated.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "http_body.h"

#include <limits.h>
#include <string.h>

#include <glib.h>
#include <zlib.h>

/* zlib's window bits: raw deflate, zlib or gzip header detected, as RFC 9110 8.4.1 allows. */
#define WBITS_RAW  (-MAX_WBITS)
#define WBITS_AUTO (MAX_WBITS + 32)

/* The coding named by Content-Encoding, trimmed; an empty view when none. */
static lp_str coding(const lp_http_view *v)
{
    const lp_str *h = lp_http_header(v, "Content-Encoding");
    lp_str s = { "", 0 };

    if (h == NULL)
        return s;
    s = *h;
    while (s.len > 0 && (s.ptr[0] == ' ' || s.ptr[0] == '\t'))
        s.ptr++, s.len--;
    while (s.len > 0 && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t'))
        s.len--;
    return s;
}

/* Inflate in into out[0..max); returns the bytes made, or -1 when the first bytes are not of this framing. */
static long inflate_into(int wbits, const uint8_t *in, size_t in_len, uint8_t *out, size_t max)
{
    z_stream z;
    int rc;

    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, wbits) != Z_OK)
        return -1;
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)(in_len < UINT_MAX ? in_len : UINT_MAX);
    z.next_out = out;
    z.avail_out = (uInt)max;
    rc = inflate(&z, Z_SYNC_FLUSH);
    inflateEnd(&z);
    if (rc == Z_DATA_ERROR && z.total_out == 0)
        return -1;
    return (long)z.total_out;
}

uint8_t *lp_http_body_decode(lp_http_view *v, size_t max)
{
    lp_str c = coding(v);
    uint8_t *out;
    long n;

    if (v->body_len == 0 || !(lp_str_ieq(c, "gzip") || lp_str_ieq(c, "x-gzip") || lp_str_ieq(c, "deflate")))
        return NULL;
    out = g_malloc(max);
    n = inflate_into(WBITS_AUTO, v->body, v->body_len, out, max);
    if (n < 0 && lp_str_ieq(c, "deflate"))
        n = inflate_into(WBITS_RAW, v->body, v->body_len, out, max); /* deflate sent without its zlib header */
    if (n < 0) {
        g_free(out);
        return NULL;
    }
    v->body = out;
    v->body_len = (size_t)n;
    return out;
}
