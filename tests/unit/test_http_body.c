/* Unit tests for tools/http_body.c: the codings a web service may send, and
 * bodies cut short or not what they claim. */
#include <string.h>

#include <glib.h>
#include <zlib.h>

#include "http_body.h"

#define TEXT "<s:Envelope><s:Body><RequestSecurityTokenResponse/></s:Body></s:Envelope>"

/* TEXT compressed with these window bits: 31 gzip, 15 zlib, -15 raw deflate. */
static size_t pack(int wbits, uint8_t *out, size_t cap)
{
    z_stream z;

    memset(&z, 0, sizeof z);
    g_assert_cmpint(deflateInit2(&z, 9, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY), ==, Z_OK);
    z.next_in = (Bytef *)TEXT;
    z.avail_in = sizeof TEXT - 1;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    g_assert_cmpint(deflate(&z, Z_FINISH), ==, Z_STREAM_END);
    deflateEnd(&z);
    return z.total_out;
}

/* A view whose only header is Content-Encoding: coding (none when NULL). */
static lp_http_view view(const char *coding, const uint8_t *body, size_t len, lp_header *h)
{
    lp_http_view v = { 0 };

    if (coding != NULL) {
        h->name = (lp_str){ "content-encoding", 16 };
        h->value = (lp_str){ coding, strlen(coding) };
        v.headers = h;
        v.n_headers = 1;
    }
    v.body = body;
    v.body_len = len;
    return v;
}

static void check_inflated(const char *coding, int wbits)
{
    uint8_t packed[256];
    size_t n = pack(wbits, packed, sizeof packed);
    lp_header h;
    lp_http_view v = view(coding, packed, n, &h);
    uint8_t *out = lp_http_body_decode(&v, 4096);

    g_assert_nonnull(out);
    g_assert_true(v.body == out);
    g_assert_cmpuint(v.body_len, ==, sizeof TEXT - 1);
    g_assert_true(memcmp(v.body, TEXT, v.body_len) == 0);
    g_free(out);
}

static void test_gzip(void)
{
    check_inflated("gzip", MAX_WBITS + 16);
    check_inflated(" GZIP ", MAX_WBITS + 16);
    check_inflated("x-gzip", MAX_WBITS + 16);
}

static void test_deflate_zlib_and_raw(void)
{
    check_inflated("deflate", MAX_WBITS);
    check_inflated("deflate", -MAX_WBITS);  /* sent without the zlib header, as some servers do */
}

static void test_cut_short_gives_what_there_is(void)
{
    uint8_t packed[256];
    size_t n = pack(MAX_WBITS + 16, packed, sizeof packed);
    lp_header h;
    lp_http_view v = view("gzip", packed, n / 2, &h);
    uint8_t *out = lp_http_body_decode(&v, 4096);

    g_assert_nonnull(out);
    g_assert_cmpuint(v.body_len, <, sizeof TEXT - 1);
    g_assert_true(memcmp(v.body, TEXT, v.body_len) == 0);
    g_free(out);
}

static void test_bounded_by_max(void)
{
    uint8_t packed[256];
    size_t n = pack(MAX_WBITS + 16, packed, sizeof packed);
    lp_header h;
    lp_http_view v = view("gzip", packed, n, &h);
    uint8_t *out = lp_http_body_decode(&v, 10);

    g_assert_nonnull(out);
    g_assert_cmpuint(v.body_len, ==, 10);
    g_assert_true(memcmp(v.body, TEXT, 10) == 0);
    g_free(out);
}

static void test_left_alone(void)
{
    static const uint8_t plain[] = TEXT, junk[] = "\x1f\x8b not really gzip";
    lp_header h;
    lp_http_view v;

    v = view(NULL, plain, sizeof plain - 1, &h);           /* no coding */
    g_assert_null(lp_http_body_decode(&v, 4096));
    g_assert_true(v.body == plain);
    v = view("identity", plain, sizeof plain - 1, &h);     /* a coding not compressed */
    g_assert_null(lp_http_body_decode(&v, 4096));
    v = view("br", plain, sizeof plain - 1, &h);           /* one zlib does not know */
    g_assert_null(lp_http_body_decode(&v, 4096));
    v = view("gzip", plain, sizeof plain - 1, &h);         /* says gzip, is not */
    g_assert_null(lp_http_body_decode(&v, 4096));
    g_assert_true(v.body == plain && v.body_len == sizeof plain - 1);
    v = view("gzip", junk, sizeof junk - 1, &h);            /* a gzip magic, then garbage */
    g_assert_null(lp_http_body_decode(&v, 4096));
    v = view("gzip", plain, 0, &h);                          /* no body */
    g_assert_null(lp_http_body_decode(&v, 4096));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/http_body/gzip", test_gzip);
    g_test_add_func("/http_body/deflate", test_deflate_zlib_and_raw);
    g_test_add_func("/http_body/cut_short", test_cut_short_gives_what_there_is);
    g_test_add_func("/http_body/bounded", test_bounded_by_max);
    g_test_add_func("/http_body/left_alone", test_left_alone);
    return g_test_run();
}
