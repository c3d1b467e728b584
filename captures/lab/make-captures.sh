#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Rebuilds the reference captures in captures/ from real components:
# dnsmasq (DHCP + DNS), server.py (Lync web services over TLS or plain HTTP, SIP/TLS),
# phone.py (the sign-in), tcpdump, editcap and tshark.  Run as root:
#
#   captures/lab/make-captures.sh [SCENARIO...]     (default: all of them)
#
# LAB_OUT=DIR writes the files to DIR (made if missing) instead of captures/,
# e.g. to check a rebuild without touching the committed captures.
# LAB_KEEP=1 keeps the work directory (logs of dnsmasq, server, phones).
# LAB_LIVE=PROGRAM also runs PROGRAM (pcap-summarize) live on the phone's side
# (-i eth0 -w): NAME.live.log and NAME.live.pcapng in the output directory.
# One lab run at a time (lock file /run/lock/lyncprov-lab.lock): the namespaces
# have fixed names.
#
# Each scenario runs in fresh network namespaces (netns.sh) that are torn
# down afterwards, also on failure.  What goes on the wire: WIRE.md.
set -euo pipefail

LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3   # Debian's python3, where python3-scapy lives
# Only what the sign-in uses; ARP, IPv6 ND/MLD and the like stay out.
FILTER='udp port 67 or udp port 68 or port 53 or tcp port 80 or tcp port 443 or tcp port 8080 or tcp port 5061 or icmp or (icmp6 and ip6[40] < 128)'
ALL=(dhcp-ms-uc-client dhcp-cpe-ocphone dhcp-no-reply dhcp-bad-option43
     signin-success signin-wrong-pin signin-webticket-hung signin-locked signin-server-error
     signin-no-provisioning signin-dns-failure signin-tls-failure signin-multi-phone
     signin-success-ipv6 signin-cleartext-8080 signin-cleartext-gzip signin-success-records
     dhcp-option120-ascii signin-port80-blocked signin-not-sip-enabled signin-windows-auth-error
     signin-register-rejected signin-legacy-tls10 signin-multi-interface signin-server-side
     signin-tls13 signin-443-dropped signin-443-rejected signin-443-reset signin-tls10-refused signin-tls10-reset signin-one-way
     signin-cert-wrong-name signin-cert-expired signin-phone-clock signin-cert-untrusted signin-cert-weak signin-nat
     signin-sip-flap signin-5061-dropped signin-proxy-502 signin-suites-refused
     signin-tls13-cert-expired)
# signin-wrong-pin-vlan and signin-wrong-pin-sll2 come out of the signin-wrong-pin run.
# A real client, pidgin-sipe, driven through libpurple (sipe-driver.c): only by
# name (tests/lab/sipe.sh), as it needs pidgin-sipe and libpurple-dev.
SIPE=(sipe-signin sipe-wrong-password sipe-webticket-hung sipe-dsk-refused)

[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces, tcpdump)" >&2; exit 2; }
OUT=${LAB_OUT:-$(dirname "$LAB")}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

install_missing() {
    local missing=() pair
    for pair in dnsmasq:dnsmasq-base tcpdump:tcpdump tshark:tshark editcap:wireshark-common mergecap:wireshark-common \
                openssl:openssl ip:iproute2 ss:iproute2 nft:nftables faketime:faketime nginx:nginx-light; do
        command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
    done
    $PY -c 'import scapy' 2>/dev/null || missing+=(python3-scapy)
    $PY -c 'import Cryptodome' 2>/dev/null || missing+=(python3-pycryptodome)
    [ ${#missing[@]} = 0 ] && return
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

make_pki() {  # lab CA, server certificates (good, wrong name, expired), a CA the phone trusts instead (TLS failure)
    local d=$WORK/pki
    mkdir -p "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/DC=test/DC=contoso/CN=contoso-LAB-CA" \
        -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Phone Vendor Root CA (lab)" \
        -keyout "$d/vendor.key" -out "$d/vendor.pem" 2>/dev/null
    openssl req -new -newkey rsa:2048 -nodes -subj "/CN=pool01.contoso.test" \
        -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
    printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=digitalSignature,keyEncipherment" \
        "extendedKeyUsage=serverAuth,clientAuth" "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" \
        "subjectAltName=DNS:pool01.contoso.test,DNS:sip.contoso.test" >"$d/server.ext"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -set_serial 0x1001 \
        -days 365 -extfile "$d/server.ext" -out "$d/server.pem" 2>/dev/null
    # The front end's own name only, not the pool's (the same key).
    openssl req -new -key "$d/server.key" -subj "/CN=fe01.contoso.test" -out "$d/fe01.csr"
    sed 's/^subjectAltName=.*/subjectAltName=DNS:fe01.contoso.test/' "$d/server.ext" >"$d/fe01.ext"
    openssl x509 -req -in "$d/fe01.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -set_serial 0x1002 \
        -days 365 -extfile "$d/fe01.ext" -out "$d/server-wrong-name.pem" 2>/dev/null
    # Issued by a CA that is not in the root chain the pool hands out.
    openssl x509 -req -in "$d/server.csr" -CA "$d/vendor.pem" -CAkey "$d/vendor.key" -set_serial 0x1004 \
        -days 365 -extfile "$d/server.ext" -out "$d/server-other-ca.pem" 2>/dev/null
    # SHA-1 and RSA 1024, as an old pool's: a key of its own.
    openssl req -new -newkey rsa:1024 -nodes -subj "/CN=pool01.contoso.test" \
        -keyout "$d/server-weak.key" -out "$d/weak.csr" 2>/dev/null
    openssl x509 -req -sha1 -in "$d/weak.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -set_serial 0x1005 \
        -days 365 -extfile "$d/server.ext" -out "$d/server-weak.pem" 2>/dev/null
    # Issued a year ago for 30 days: expired.
    faketime -f -365d openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -set_serial 0x1003 \
        -days 30 -extfile "$d/server.ext" -out "$d/server-expired.pem" 2>/dev/null
    # Wireshark's RSA key list wants PKCS#8 or PKCS#1 PEM without a password: openssl req writes PKCS#8.
}

nginx_conf() {  # nginx_conf WORKFILE: a reverse proxy on 8080 for a front end (127.0.0.1:8082) that is down
    cat <<EOF
daemon off;
pid $1.nginx.pid;
error_log $1.nginx.log;
events {}
http {
    access_log off;
    client_body_temp_path $1.nginx-body;
    proxy_temp_path $1.nginx-proxy;
    server {
        listen 8080;
        location / { proxy_pass http://127.0.0.1:8082; }
    }
}
EOF
}

dnsmasq_conf() {  # dnsmasq_conf full|http-8080|no-option43|no-pool-dns|bad-option43|ascii-120|no-ntp
    cat <<EOF
interface=br0
bind-interfaces
no-resolv
no-hosts
local=/contoso.test/
domain=contoso.test
leasefile-ro
log-facility=-
log-queries
log-dhcp
# Phones already have a lease: only answer their DHCPINFORMs.
dhcp-range=10.9.0.0,static,255.255.255.0
address=/sip.contoso.test/10.9.0.1
address=/sip.contoso.test/fd09::1
# Lync Phone Edition asks with vendor class CPE-OCPHONE for its voice VLAN: 2 bytes, 100.
dhcp-option=vendor:CPE-OCPHONE,10,00:64
EOF
    # NTP next to 43 and 120: a wrong clock breaks TLS and the web ticket.
    [ "$1" = no-ntp ] || echo "dhcp-option=option:ntp-server,10.9.0.1"
    [ "$1" = no-pool-dns ] || printf '%s\n' address=/pool01.contoso.test/10.9.0.1 address=/pool01.contoso.test/fd09::1
    # http-8080: the web services in clear text on 8080 (what a decrypting proxy hands on).
    local scheme=https port=443
    [ "$1" = http-8080 ] && scheme=http port=8080
    [ "$1" = no-option43 ] || [ "$1" = bad-option43 ] || cat <<EOF
dhcp-option=vendor:MS-UC-Client,1,"MS-UC-Client"
dhcp-option=vendor:MS-UC-Client,2,"$scheme"
dhcp-option=vendor:MS-UC-Client,3,"pool01.contoso.test"
dhcp-option=vendor:MS-UC-Client,4,"$port"
dhcp-option=vendor:MS-UC-Client,5,"/CertProv/CertProvisioningService.svc"
EOF
    if [ "$1" = bad-option43 ]; then
        # Cisco IOS 15.1(3)S+ "option 43 hex" keeps 90 bytes: with a 27-character
        # web FQDN sub-option 5 loses its last 4 bytes (".svc").
        echo "dhcp-vendorclass=set:ucclient,MS-UC-Client"
        echo "dhcp-option=tag:ucclient,43,$(printf '\x01\x0cMS-UC-Client\x02\x05https\x03\x1bwebpool01.corp.contoso.test\x04\x03443\x05\x25/CertProv/CertProvisioningService.svc' \
            | head -c 90 | od -An -v -tx1 | tr -s ' \n' ':' | sed 's/^://; s/:$//')"
    fi
    if [ "$1" = ascii-120 ]; then
        # Option 120 as a plain ASCII name (not RFC 3361), as some manuals configure it.
        echo "dhcp-option=120,$(printf 'sip.contoso.test' | od -An -v -tx1 | tr -s ' \n' ':' | sed 's/^://; s/:$//')"
    else
        echo "dhcp-option=option:sip-server,sip.contoso.test"
    fi
}

# Scenario table: DHCP (dnsmasq flavour or "none"), SERVER (server.py arguments
# or "none"), V6, BRIDGE (capture where all phones are seen), PDU (0: no
# .pdu.pcap even with TLS secrets), RSA (1: decrypt with the server's RSA key,
# shipped in keys/, instead of a key log), SLL2ND (1: phone 2 is also captured,
# on "any" as Linux cooked, and both captures merged into one pcapng of two
# interfaces), ROUTER (1: the phones sit behind a router, the capture is the
# server's bridge), FIREWALL (an nft rule on what reaches the server, e.g. "tcp dport
# 443 drop"), DIRECTION (tcpdump -Q on the phone's side: "out" keeps what it sent), CERT (the
# server's certificate, pki/CERT.pem), CLOCK (the phones' clock off by this much, faketime -f),
# NAT (1: the router masquerades the phones as its own address), PROXY (1: nginx
# answers the clear-text web services on 8080 as a reverse proxy whose front end is down),
# CLIENT (sipe: the client is pidgin-sipe, sipe-driver.c, signing in as alice with a password)
# and PHONES: one entry per phone, "N EXPECTED-RESULT [phone.py or sipe-driver arguments]".
scenario() {
    DHCP=full SERVER="--mode normal" V6=0 BRIDGE=0 PDU=1 RSA=0 SLL2ND=0 ROUTER=0 FIREWALL= DIRECTION= CERT=server CLOCK=
    NAT=0 PROXY=0 CLIENT=phone PHONES=()
    case $1 in
    dhcp-ms-uc-client)      SERVER=none PHONES=("1 incomplete --dhcp-only") ;;
    dhcp-cpe-ocphone)       SERVER=none PHONES=("1 incomplete --dhcp-only --vendor-class CPE-OCPHONE") ;;
    dhcp-no-reply)          SERVER=none DHCP=none PHONES=("1 no_provisioning --dhcp-only") ;;
    dhcp-bad-option43)      SERVER=none DHCP=bad-option43 PHONES=("1 no_provisioning --dhcp-only") ;;
    signin-success)         PHONES=("1 signed_in") ;;
    signin-wrong-pin)       PHONES=("1 pin_rejected --pin 654321") ;;
    signin-webticket-hung)  SERVER="--mode hung" PHONES=("1 no_response") ;;
    signin-locked)          SERVER="--mode lockout --lock-after 3" PHONES=("1 auth_failed --pin 654321 --attempts 4") ;;
    signin-server-error)    SERVER="--mode server-error" PHONES=("1 server_error") ;;
    signin-no-provisioning) SERVER=none DHCP=no-option43 PHONES=("1 no_provisioning") ;;
    signin-dns-failure)     SERVER=none DHCP=no-pool-dns PHONES=("1 dns_failure") ;;
    signin-tls-failure)     PHONES=("1 tls_failure --trust $WORK/pki/vendor.pem") ;;
    signin-multi-phone)     SERVER="--mode-for 1236=hung" BRIDGE=1
                            PHONES=("1 signed_in" "2 pin_rejected --pin 654321" "3 no_response") ;;
    signin-success-ipv6)    V6=1 PHONES=("1 signed_in --ip6 fd09::11") ;;
    # Web services in clear text on 8080 (SIP stays TLS on 5061): every POST in two
    # writes, both mex and the certificate answer in 600-byte writes (TCP segments).
    signin-cleartext-8080)  DHCP=http-8080 SERVER="--http-port 8080 --chunk-size 600 --chunk certprov-mex,webticket-mex,cert"
                            PDU=0 PHONES=("1 signed_in --split post") ;;
    # The clear-text sign-in with every answer body gzipped and chunked (IIS dynamic compression).
    signin-cleartext-gzip)  DHCP=http-8080 SERVER="--http-port 8080 --gzip" PDU=0
                            PHONES=("1 signed_in --accept-gzip") ;;
    # signin-success with the WebTicket mex and certificate answers in 600-byte TLS
    # records and the credentialed IssueToken in two records (head, body).
    signin-success-records) SERVER="--chunk-size 600 --chunk webticket-mex,cert"
                            PHONES=("1 signed_in --split credentials") ;;
    dhcp-option120-ascii)   SERVER=none DHCP=ascii-120 PHONES=("1 incomplete --dhcp-only") ;;
    # Nothing listens on port 80: no root chain, so the phone cannot trust the pool.
    signin-port80-blocked)  SERVER="--no-port80" PHONES=("1 tls_failure") ;;
    signin-not-sip-enabled) SERVER="--mode not-sip-enabled" PHONES=("1 auth_failed") ;;
    signin-windows-auth-error) SERVER="--mode windows-auth-error" PHONES=("1 server_error") ;;
    signin-register-rejected) SERVER="--mode register-rejected" PHONES=("1 sip_rejected") ;;
    # The registrar closes every SIP connection at its first REGISTER; the phone connects again, three times.
    signin-sip-flap)        SERVER="--mode sip-flap" PHONES=("1 sip_rejected --sip-reconnects 3") ;;
    # Lync Phone Edition / old Yealink firmware: TLS 1.0, RSA key exchange.
    signin-legacy-tls10)    SERVER="--tls10" RSA=1 PHONES=("1 signed_in --tls10") ;;
    # A pool that allows TLS 1.3 (the phone offers it): HTTPS and SIP over TLS 1.3.
    signin-tls13)           SERVER="--tls13" PHONES=("1 signed_in") ;;
    # A firewall in front of the pool: HTTPS dropped, rejected with ICMP, rejected with a reset.
    signin-443-dropped)     FIREWALL="tcp dport 443 drop" PHONES=("1 connect_failed") ;;
    signin-443-rejected)    FIREWALL="tcp dport 443 reject with icmpx type admin-prohibited" PHONES=("1 connect_failed") ;;
    signin-443-reset)       FIREWALL="tcp dport 443 reject with tcp reset" PHONES=("1 connect_failed") ;;
    # The registrar's port dropped: the certificate comes, SIP never connects.
    signin-5061-dropped)    FIREWALL="tcp dport 5061 drop" PHONES=("1 connect_failed") ;;
    # A TLS 1.0 phone and a pool with TLS 1.0 turned off: OpenSSL's protocol_version alert, SChannel's reset.
    signin-tls10-refused)   PHONES=("1 tls_failure --tls10") ;;
    signin-tls10-reset)     SERVER="--reset-legacy-tls" PHONES=("1 tls_failure --tls10") ;;
    # A TLS 1.2 phone with RSA key exchange and CBC only, against a pool hardened to ECDHE with AES-GCM.
    signin-suites-refused)  SERVER="--ciphers ECDHE+AESGCM" PHONES=("1 tls_failure --ciphers AES128-SHA:AES256-SHA") ;;
    # The pool's certificate names only the front end; it expired; it is valid, but the phone's
    # clock is a year ahead and DHCP gives no NTP servers.
    signin-cert-wrong-name) CERT=server-wrong-name PHONES=("1 tls_failure") ;;
    signin-cert-expired)    CERT=server-expired PHONES=("1 tls_failure") ;;
    signin-phone-clock)     CLOCK=+400d DHCP=no-ntp PHONES=("1 tls_failure") ;;
    # Issued by a CA the root chain does not hold; signed with SHA-1 and an RSA 1024 key.
    signin-cert-untrusted)  CERT=server-other-ca PHONES=("1 tls_failure") ;;
    signin-cert-weak)       CERT=server-weak SERVER="--weak-cert" PHONES=("1 tls_failure") ;;
    # The expired certificate over TLS 1.3: encrypted, read from the key log.
    signin-tls13-cert-expired) CERT=server-expired SERVER="--tls13" PDU=0 PHONES=("1 tls_failure") ;;
    # signin-success seen by a mirror port that copies one direction: only what the phone sent.
    signin-one-way)         DIRECTION=out PDU=0 PHONES=("1 signed_in") ;;
    signin-multi-interface) SLL2ND=1 PHONES=("1 signed_in" "2 pin_rejected --pin 654321") ;;
    # The front end's own interface: 20 phones behind a router, no DHCP in sight.
    signin-server-side)     SERVER="--mode normal" BRIDGE=1 ROUTER=1 PHONES=()
                            for n in $(seq 20); do
                                case $n in 7|14) PHONES+=("$n pin_rejected --pin 654321") ;; *) PHONES+=("$n signed_in") ;; esac
                            done ;;
    # Two phones behind a NAT, one address on the front end's side: one signs in, one has a wrong PIN.
    signin-nat)             BRIDGE=1 ROUTER=1 NAT=1 PHONES=("1 signed_in" "2 pin_rejected --pin 654321") ;;
    # A reverse proxy (nginx) publishes the web services in clear text on 8080; its front end is down: 502.
    signin-proxy-502)       DHCP=http-8080 PROXY=1 PDU=0 PHONES=("1 server_error") ;;
    # pidgin-sipe: user and password by NTLM, then TLS-DSK; signed on; a wrong password;
    # the web ticket service hung at NTLM's AUTHENTICATE_MESSAGE; the registrar refusing TLS-DSK.
    sipe-signin)            CLIENT=sipe PDU=0 PHONES=("1 signed_on") ;;
    sipe-wrong-password)    CLIENT=sipe PDU=0 PHONES=("1 connection_error --password Wrong-Passw0rd") ;;
    sipe-webticket-hung)    CLIENT=sipe PDU=0 SERVER="--mode hung" PHONES=("1 timeout --timeout 45") ;;
    sipe-dsk-refused)       CLIENT=sipe PDU=0 SERVER="--mode dsk-refused" PHONES=("1 connection_error") ;;
    # Only by name (tests/lab/live.sh): a wrong PIN in clear text.
    signin-cleartext-8080-wrong-pin) DHCP=http-8080 SERVER="--http-port 8080" PDU=0
                            PHONES=("1 pin_rejected --pin 654321") ;;
    *) echo "unknown scenario: $1 (known: ${ALL[*]} signin-wrong-pin-vlan signin-wrong-pin-sll2)" >&2; return 2 ;;
    esac
}

# pidgin-sipe in phone N's namespace, its resolver pointed at dnsmasq by a
# bind mount that stays in the namespace's own mount namespace (ip netns exec
# makes one), the libxml2 shim preloaded (sipe-xml-shim.c).
start_sipe() {  # start_sipe NAME N ARGS...
    local name=$1 n=$2
    shift 2
    echo "nameserver 10.9.0.1" >"$WORK/$name.resolv.conf"
    lab_bg "$WORK/$name.phone$n.log" "lp-ph$n" sh -c 'mount --bind "$1" /etc/resolv.conf && shift && exec "$@"' sh \
        "$WORK/$name.resolv.conf" env LD_PRELOAD="$WORK/sipe/sipe-xml-shim.so" "$WORK/sipe/sipe-driver" \
        --account sip:alice@contoso.test --login 'CONTOSO\alice' --password Lab-Passw0rd \
        --server sip.contoso.test:5061 --debug "$@"
}

start_phone() {  # start_phone NAME N ARGS...: phone N in the background, log in $WORK
    local name=$1 n=$2
    if [ "$CLIENT" = sipe ]; then
        start_sipe "$@"
        return
    fi
    shift 2
    if [ "$ROUTER" = 1 ]; then  # behind the router: all in lp-ph1, provisioned without DHCP
        lab_bg "$WORK/$name.phone$n.log" lp-ph1 $PY "$LAB/phone.py" --mac "$(printf '00:04:f2:00:00:%02x' "$n")" \
            --ip "10.9.1.$((10 + n))" --ext "$((1233 + n))" \
            --provisioned https://pool01.contoso.test:443/CertProv/CertProvisioningService.svc sip.contoso.test "$@"
        return
    fi
    # shellcheck disable=SC2086
    lab_bg "$WORK/$name.phone$n.log" "lp-ph$n" ${CLOCK:+faketime -f "$CLOCK"} $PY "$LAB/phone.py" --mac "$(printf '00:04:f2:00:00:%02x' "$n")" \
        --ip "10.9.0.$((10 + n))" --ext "$((1233 + n))" "$@"
}

check_phone() {  # check_phone NAME N EXPECTED: show its log, check its result
    local log=$WORK/$1.phone$2.log
    sed 's/^/    /' "$log"
    grep -qx "result: $3" "$log" || { echo "$1: phone $2 did not end with '$3'" >&2; return 1; }
}

run() {  # run NAME: one scenario in fresh namespaces; leaves $WORK/NAME.pcap (+ .keys)
    local name=$1 w=$WORK/$1 spec words i=0 pids=() dumps=()
    scenario "$name"
    echo "== $name"
    lab_up "$V6"
    if [ "$ROUTER" = 1 ]; then
        lab_add_router ${#PHONES[@]}
        [ "$NAT" = 1 ] && ns lp-rt nft "add table ip nat; add chain ip nat post { type nat hook postrouting priority srcnat; }; add rule ip nat post oifname \"rt0\" masquerade"
    else
        for spec in "${PHONES[@]}"; do lab_add_phone "${spec%% *}" "$V6"; done
    fi
    if [ -n "$FIREWALL" ]; then
        ns lp-srv nft "add table inet lab; add chain inet lab input { type filter hook input priority 0; }; add rule inet lab input $FIREWALL"
    fi
    if [ "$DHCP" != none ]; then
        dnsmasq_conf "$DHCP" >"$w.dnsmasq.conf"
        lab_bg "$w.dnsmasq.log" lp-srv dnsmasq --no-daemon --conf-file="$w.dnsmasq.conf" --pid-file="$w.dnsmasq.pid"
        lab_wait_port lp-srv udp 67
    fi
    : >"$w.keys"
    if [ "$SERVER" != none ]; then
        local key=$WORK/pki/$CERT.key
        [ -e "$key" ] || key=$WORK/pki/server.key
        # shellcheck disable=SC2086
        lab_bg "$w.server.log" lp-srv $PY "$LAB/server.py" --cert "$WORK/pki/$CERT.pem" \
            --key "$key" --ca-cert "$WORK/pki/ca.pem" --ca-key "$WORK/pki/ca.key" \
            --keylog "$w.keys" $SERVER
        lab_wait_port lp-srv tcp 443
    fi
    if [ "$PROXY" = 1 ]; then
        nginx_conf "$w" >"$w.nginx.conf"
        lab_bg "$w.nginx.out" lp-srv nginx -c "$w.nginx.conf"
        lab_wait_port lp-srv tcp 8080
    fi
    if [ "$BRIDGE" = 1 ]; then
        lab_bg "$w.tcpdump.log" lp-srv tcpdump -n -U --immediate-mode -B 8192 -i br0 -w "$w.pcap" "$FILTER"
    else
        lab_bg "$w.tcpdump.log" lp-ph1 tcpdump -n -U --immediate-mode -B 8192 -i eth0 ${DIRECTION:+-Q "$DIRECTION"} \
            -w "$w.pcap" "$FILTER"
    fi
    dumps+=("${LAB_PIDS[-1]}")
    lab_wait_log "$w.tcpdump.log" "listening on"
    if [ "$name" = signin-wrong-pin ]; then  # the same packets once more, as Linux cooked v2
        lab_bg "$w.sll2.log" lp-ph1 tcpdump -n -U --immediate-mode -B 8192 -i any -y LINUX_SLL2 -w "$w.sll2.pcap" "$FILTER"
        dumps+=("${LAB_PIDS[-1]}")
        lab_wait_log "$w.sll2.log" "listening on"
    fi
    if [ "$SLL2ND" = 1 ]; then  # phone 2 on a second interface, as Linux cooked v1
        lab_bg "$w.if2.log" lp-ph2 tcpdump -n -U --immediate-mode -B 8192 -i any -y LINUX_SLL -w "$w.if2.pcap" "$FILTER"
        dumps+=("${LAB_PIDS[-1]}")
        lab_wait_log "$w.if2.log" "listening on"
    fi
    if [ -n "${LAB_LIVE:-}" ]; then  # stopped with the tcpdumps (SIGINT): it reports then
        lab_bg "$OUT/$name.live.log" lp-ph1 "$LAB_LIVE" -i eth0 -w "$OUT/$name.live.pcapng"
        dumps+=("${LAB_PIDS[-1]}")
        lab_wait_log "$OUT/$name.live.log" "capturing on"
    fi
    # Several phones: all start from one clock, 0.1 s apart, so that their
    # steps (0.3 s apart) interleave the same way in every run.
    local t0 start=()
    t0=$(date +%s.%N)
    for spec in "${PHONES[@]}"; do
        read -r -a words <<<"$spec"  # N EXPECTED ARGS...
        [ ${#PHONES[@]} -gt 1 ] && start=(--start-at "$(awk "BEGIN { printf \"%.2f\", $t0 + 3 + $i * 0.1 }")")
        start_phone "$name" "${words[0]}" "${words[@]:2}" "${start[@]}"
        pids+=("${LAB_PIDS[-1]}")
        i=$((i + 1))
    done
    for i in "${pids[@]}"; do wait "$i" || true; done
    sleep 0.5  # the last FIN/ACKs
    # A field capture goes on after the client stops: long enough to show that
    # it answered no challenge any more (a client answers one at once).
    [ "$CLIENT" != sipe ] || sleep 6
    lab_stop "${dumps[@]}"
    lab_down
    if [ "$SLL2ND" = 1 ]; then  # one pcapng, one interface block per capture (Ethernet, Linux cooked)
        mergecap -F pcapng -w "$w.merged" "$w.pcap" "$w.if2.pcap"
        mv "$w.merged" "$w.pcap"
    fi
    local failed=0
    for spec in "${PHONES[@]}"; do
        read -r -a words <<<"$spec"
        check_phone "$name" "${words[0]}" "${words[1]}" || failed=1
    done
    [ "$failed" = 0 ] || { echo "$name: failed; logs in $WORK" >&2; return 1; }
}

finish() {  # finish NAME [SOURCE]: captures/NAME.pcapng (+ .keys, .pdu.pcap) from $WORK/SOURCE
    local name=$1 src=$WORK/${2:-$1} out=$OUT/$1
    rm -f "$out.pcapng" "$out.keys" "$out.pdu.pcap"
    if [ "$RSA" = 1 ]; then
        # No key log: the server's RSA key decrypts (RSA key exchange), as an
        # administrator holding the pool certificate would decrypt a field capture.
        mkdir -p "$OUT/keys"
        cp "$WORK/pki/server.key" "$OUT/keys/$name.key"
        editcap -F pcapng "$src.pcap" "$out.pcapng"
        tshark -o "uat:rsa_keys:\"$OUT/keys/$name.key\",\"\"" -r "$out.pcapng" -U "OSI layer 7" \
            -w "$out.pdu.pcap" >/dev/null 2>&1
    elif grep -qE '^(CLIENT_RANDOM|CLIENT_TRAFFIC_SECRET_0|SERVER_HANDSHAKE_TRAFFIC_SECRET) ' "$src.keys"; then
        editcap --inject-secrets "tls,$src.keys" "$src.pcap" "$out.pcapng"
        cp "$src.keys" "$out.keys"
        # PDU=0: tshark 4.0 exports no plain-TCP HTTP at layer 7 (only SIP would be left).
        [ "$PDU" = 0 ] || tshark -o "tls.keylog_file:$out.keys" -r "$out.pcapng" -U "OSI layer 7" \
            -w "$out.pdu.pcap" >/dev/null 2>&1
    else
        editcap -F pcapng "$src.pcap" "$out.pcapng"
    fi
}

build() {  # build NAME: run it and write its files
    case $1 in
    signin-wrong-pin|signin-wrong-pin-vlan|signin-wrong-pin-sll2)
        [ -e "$WORK/signin-wrong-pin.pcap" ] && return  # already built in this run
        run signin-wrong-pin
        finish signin-wrong-pin
        $PY "$LAB/vlan-tag.py" "$WORK/signin-wrong-pin.pcap" "$WORK/signin-wrong-pin-vlan.pcap" 100
        cp "$WORK/signin-wrong-pin.keys" "$WORK/signin-wrong-pin-vlan.keys"
        cp "$WORK/signin-wrong-pin.keys" "$WORK/signin-wrong-pin.sll2.keys"
        finish signin-wrong-pin-vlan
        finish signin-wrong-pin-sll2 signin-wrong-pin.sll2
        ;;
    *)  run "$1"
        finish "$1" ;;
    esac
}

install_missing
# The namespaces (lp-srv, lp-phN) have fixed names: wait for another lab run to end.
mkdir -p /run/lock
exec 9>/run/lock/lyncprov-lab.lock
flock -n 9 || { echo "waiting for another lab run to end" >&2; flock 9; }
WORK=$(mktemp -d /tmp/lyncprov-lab.XXXXXX)
cleanup() {
    local rc=$?
    lab_down
    if [ "$rc" = 0 ] && [ -z "${LAB_KEEP:-}" ]; then rm -rf "$WORK"; else echo "kept $WORK (logs, raw captures)" >&2; fi
}
# shellcheck source=netns.sh
. "$LAB/netns.sh"
trap cleanup EXIT
trap 'exit 130' INT TERM
lab_down  # namespaces left by an interrupted earlier run

scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=("${ALL[@]}")
for s in "${scenarios[@]}"; do
    case $s in signin-wrong-pin-vlan|signin-wrong-pin-sll2) ;; *) scenario "$s" ;; esac
done
make_pki
for s in "${scenarios[@]}"; do
    scenario "$s"
    if [ "$CLIENT" = sipe ]; then
        "$LAB/build-sipe.sh" "$WORK/sipe"
        break
    fi
done
began=$(date +%s)
for s in "${scenarios[@]}"; do build "$s"; done
echo "built ${#scenarios[@]} scenario(s) in $(( $(date +%s) - began )) s"
echo "files in $OUT"
# verify.sh knows the reference captures; a scenario run only by name has no reference.
checked=()
for s in "${scenarios[@]}"; do [ "$s" = signin-cleartext-8080-wrong-pin ] || checked+=("$s"); done
[ ${#checked[@]} = 0 ] || "$LAB/verify.sh" "$OUT" "${checked[@]}"
