/* packet-lyncprov-connect.c - connections to the pool that never opened,
 * TLS handshakes that failed, SIP connections the registrar closed, and
 * the registrar's answers to REGISTER
 *
 * The engine tells of both when the connection is over, frames after the
 * one they are about; the first pass keeps them (lyncprov-signin.c) and
 * every later pass draws each on its frame, with an expert. A certificate
 * failure carries what the engine found wrong with the pool's certificate.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/expert.h>

#include "signin_verdict.h"
#include "tls_certificate.h"
#include "packet-lyncprov.h"

static int hf_connection = -1;
static int hf_tls_failure = -1;
static int hf_certificate = -1;
static int hf_cert_problems = -1;
static int hf_cert_name = -1;
static int hf_cert_expired = -1;
static int hf_cert_not_yet_valid = -1;
static int hf_cert_untrusted = -1;
static int hf_cert_weak_signature = -1;
static int hf_cert_weak_key = -1;
static int hf_cert_phone_clock = -1;
static int hf_register = -1;
static int hf_register_result = -1;

static gint ett_lyncprov_connect = -1;
static gint ett_lyncprov_cert_problems = -1;

static expert_field ei_connect_failed = EI_INIT;
static expert_field ei_sip_closed = EI_INIT;
static expert_field ei_tls_failure = EI_INIT;

static const value_string tls_fail_vals[] = {
    { LP_TLS_FAIL_CERTIFICATE, "the phone refused the server's certificate" },
    { LP_TLS_FAIL_VERSION,     "no common TLS version or cipher suite" },
    { LP_TLS_FAIL_OTHER,       "another failure" },
    { 0, NULL }
};

/* What an answer to REGISTER does for the sign-in: the verdict's rule (lp_event_result). */
static const value_string register_result_vals[] = {
    { LP_RESULT_NONE,    "challenge (a leg of the registrar's authentication)" },
    { LP_RESULT_SUCCESS, "registered" },
    { LP_RESULT_FAILURE, "refused" },
    { LP_RESULT_UNKNOWN, "unknown" },
    { 0, NULL }
};

static void draw_register(tvbuff_t *tvb, packet_info *pinfo, proto_tree *st, proto_item *top, const lp_event *ev)
{
    lp_result result = lp_event_result(ev);

    proto_item_set_generated(proto_tree_add_uint(st, hf_register, tvb, 0, 0, ev->status));
    proto_item_set_generated(proto_tree_add_uint(st, hf_register_result, tvb, 0, 0, result));
    proto_item_append_text(top, ": REGISTER answered %u, %s", ev->status,
                           val_to_str_const(result, register_result_vals, "?"));
    if (result == LP_RESULT_SUCCESS)
        lyncprov_info_tag(pinfo, "registered");
}

void lyncprov_dissect_connect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, int proto)
{
    const lyncprov_failure *f = lyncprov_signin_failure(pinfo->num);
    proto_item *top, *ti;
    proto_tree *st;

    if (f == NULL)
        return;
    top = proto_tree_add_item(tree, proto, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(top);
    st = proto_item_add_subtree(top, ett_lyncprov_connect);
    lyncprov_add_phone(st, tvb, f->phone);
    if (f->ev.kind == LP_EV_SIP_RESPONSE) {
        draw_register(tvb, pinfo, st, top, &f->ev);
        return;
    }
    ti = proto_tree_add_string(st, hf_connection, tvb, 0, 0, f->ev.detail);
    proto_item_set_generated(ti);
    if (f->ev.kind == LP_EV_CONNECT_FAILED) {
        proto_item_append_text(top, ": connection never opened");
        expert_add_info_format(pinfo, top, &ei_connect_failed, "%s", f->ev.detail);
        lyncprov_info_tag(pinfo, "connect failed");
        return;
    }
    if (f->ev.kind == LP_EV_SIP_CLOSED) {
        proto_item_append_text(top, ": SIP connection closed by the registrar");
        expert_add_info_format(pinfo, top, &ei_sip_closed, "%s", f->ev.detail);
        lyncprov_info_tag(pinfo, "SIP closed");
        return;
    }
    proto_item_set_generated(proto_tree_add_uint(st, hf_tls_failure, tvb, 0, 0, f->ev.tls_fail));
    if (f->ev.cert_read) {
        static int *const problems[] = {
            &hf_cert_name, &hf_cert_expired, &hf_cert_not_yet_valid, &hf_cert_untrusted,
            &hf_cert_weak_signature, &hf_cert_weak_key, &hf_cert_phone_clock, NULL
        };

        proto_item_set_generated(proto_tree_add_string(st, hf_certificate, tvb, 0, 0, f->ev.reason));
        proto_item_set_generated(proto_tree_add_bitmask_value(st, tvb, 0, hf_cert_problems, ett_lyncprov_cert_problems,
                                                              problems, f->ev.cert_problems));
    }
    proto_item_append_text(top, ": TLS handshake failed");
    expert_add_info_format(pinfo, top, &ei_tls_failure, "TLS handshake failed (%s): %s",
                           val_to_str_const(f->ev.tls_fail, tls_fail_vals, "?"), f->ev.detail);
    lyncprov_info_tag(pinfo, "TLS failure");
}

void lyncprov_register_connect(int proto, expert_module_t *expert)
{
    static hf_register_info hf[] = {
        { &hf_connection,
          { "Connection", "lyncprov.connection", FT_STRING, BASE_NONE, NULL, 0x0,
            "What became of a connection to the pool that failed: never opened, or closed by the registrar", HFILL } },
        { &hf_tls_failure,
          { "TLS failure", "lyncprov.tls_failure", FT_UINT8, BASE_DEC, VALS(tls_fail_vals), 0x0,
            "What the TLS handshake failed on, which decides the advice", HFILL } },
        { &hf_certificate,
          { "Certificate", "lyncprov.certificate", FT_STRING, BASE_NONE, NULL, 0x0,
            "What the pool's certificate, as the server sent it, shows about the failure", HFILL } },
        { &hf_cert_problems,
          { "Certificate problems", "lyncprov.certificate.problems", FT_UINT8, BASE_HEX, NULL, 0x0,
            "What is wrong with the pool's certificate", HFILL } },
        { &hf_cert_name,
          { "Wrong name", "lyncprov.certificate.wrong_name", FT_BOOLEAN, 8, NULL, LP_CERT_NAME,
            "It names neither the phone's SNI nor the pool's FQDN", HFILL } },
        { &hf_cert_expired,
          { "Expired", "lyncprov.certificate.expired", FT_BOOLEAN, 8, NULL, LP_CERT_EXPIRED,
            "It had expired at the capture's time", HFILL } },
        { &hf_cert_not_yet_valid,
          { "Not yet valid", "lyncprov.certificate.not_yet_valid", FT_BOOLEAN, 8, NULL, LP_CERT_NOT_YET_VALID,
            "It was not valid yet at the capture's time", HFILL } },
        { &hf_cert_untrusted,
          { "Not from the root chain", "lyncprov.certificate.untrusted", FT_BOOLEAN, 8, NULL, LP_CERT_UNTRUSTED,
            "Its chain leads to no CA of the root chain the phone fetched", HFILL } },
        { &hf_cert_weak_signature,
          { "Weak signature", "lyncprov.certificate.weak_signature", FT_BOOLEAN, 8, NULL, LP_CERT_WEAK_SIGNATURE,
            "It is signed with MD5 or SHA-1", HFILL } },
        { &hf_cert_weak_key,
          { "Weak key", "lyncprov.certificate.weak_key", FT_BOOLEAN, 8, NULL, LP_CERT_WEAK_KEY,
            "Its key is weaker than RSA 2048", HFILL } },
        { &hf_cert_phone_clock,
          { "Phone's clock", "lyncprov.certificate.phone_clock", FT_BOOLEAN, 8, NULL, LP_CERT_PHONE_CLOCK,
            "The phone called it expired while it was valid at the capture's time", HFILL } },
        { &hf_register,
          { "REGISTER answered", "lyncprov.register", FT_UINT16, BASE_DEC, NULL, 0x0,
            "The registrar's status code to the phone's REGISTER (decrypted SIP)", HFILL } },
        { &hf_register_result,
          { "Registration", "lyncprov.register.result", FT_UINT8, BASE_DEC, VALS(register_result_vals), 0x0,
            "What that answer does for the sign-in: a challenge, registered, or refused", HFILL } },
    };
    static gint *ett[] = { &ett_lyncprov_connect, &ett_lyncprov_cert_problems };
    static ei_register_info ei[] = {
        { &ei_connect_failed,
          { "lyncprov.connect_failed", PI_SEQUENCE, PI_ERROR,
            "The phone's connection to the pool never opened", EXPFILL } },
        { &ei_sip_closed,
          { "lyncprov.sip_closed", PI_SEQUENCE, PI_WARN,
            "The registrar closed the phone's SIP connection", EXPFILL } },
        { &ei_tls_failure,
          { "lyncprov.tls_failed", PI_SECURITY, PI_ERROR,
            "The TLS handshake with the pool failed", EXPFILL } },
    };

    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert, ei, array_length(ei));
}
