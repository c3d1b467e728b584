/* tls_setup.c - secrets from the command line and from the capture files
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tls_setup.h"

#include <stdio.h>

#include <glib.h>

#include "read.h"

static void embedded(void *data, const char *keylog, size_t len)
{
    ps_tls_keyring *ring = data;

    ps_tls_secrets_add_keylog(ring->secrets, keylog, len);
}

void ps_tls_setup(ps_tls_keyring *ring, const char *keylog, const char *rsa_key, const char *password)
{
    char *error = NULL;

    ring->secrets = ps_tls_secrets_new();
    ring->rsa = NULL;
    if (keylog != NULL && !ps_tls_secrets_load_keylog(ring->secrets, keylog, &error)) {
        fprintf(stderr, "pcap-summarize: --keylog %s; going on without it\n", error);
        g_free(error);
        error = NULL;
    }
    if (rsa_key != NULL && (ring->rsa = ps_rsa_key_load(rsa_key, password, &error)) == NULL) {
        fprintf(stderr, "pcap-summarize: %s; going on without it\n", error);
        g_free(error);
    }
    ps_reader_set_secrets_sink(embedded, ring);
}

void ps_tls_teardown(ps_tls_keyring *ring)
{
    ps_reader_set_secrets_sink(NULL, NULL);
    ps_tls_secrets_free(ring->secrets);
    ps_rsa_key_free((ps_rsa_key *)ring->rsa);
    ring->secrets = NULL;
    ring->rsa = NULL;
}
