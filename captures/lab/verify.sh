#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks that each reference capture decodes as intended with stock tshark
# and only the secrets embedded in it: prints a one-line signature per capture
# and compares it with the expected one below.  Exit status 1 on a mismatch.
#
#   captures/lab/verify.sh [DIR] [SCENARIO...]
#   captures/lab/verify.sh --names      (the captures it knows)
#
# DIR: where the captures are (default: captures/, the committed ones), e.g.
# a rebuild's LAB_OUT; taken as DIR when the first argument is a directory.
# SCENARIO: default every capture listed below; a missing file is a failure.
#
# Signature: [link=<link layers, when not plain Ethernet; "+" between those
#   of several interfaces>] dhcp=<message types, "+43" when the ACK has option
#   43, "+42" when it has NTP, "+120a" when option 120 is a plain ASCII name>
#   dns=<rcode of each answer>  root=<the port-80 root-chain step: "get<tls"
#   when its GET comes before the first TLS Client Hello, "rst" when port 80
#   refused>  http=<per TCP connection: methods and status codes in order>
#   [ipv6: HTTP/SIP over IPv6]  sip=<status codes>  dsk=<SIP 401s offering
#   TLS-DSK with an sts-uri>/<SIP 401s carrying TLS-DSK gssapi-data>
#   alert=<TLS alert descriptions, close_notify left out>  [tls=<version/cipher suite, when not TLS
#   1.2>]  chunked=<decrypted HTTP responses with chunked bodies>
#   pdu=<same HTTP methods/codes found in the .pdu.pcap export, or "-">
#   [tls=rst@hello: a server reset the connection at the Client Hello]
#   [sipclose=<SIP connections the server closed (FIN) before the phone did (FIN or close_notify)>]
#   [connect=<port>:<what answered SYNs that got no SYN-ACK: "icmp<code>", "rst",
#   or "syns" for none to SYNs sent again>, per port but 80]
#   [pieces=<per HTTP message: TLS records, or TCP segments in plain HTTP>; only
#   checked where the expectation has it]
#   [cert=<the first server certificate's DNS names, "+" between them>/<"valid",
#   "expired" or "early" at the time of its frame>/<its signature's hash>-<RSA
#   key bits>; only checked where the expectation has it]
# HTTP on TCP 8080 is decoded as HTTP (-d; stock tshark does so anyway).
# A capture with keys/NAME.key (RSA key exchange, no key log) is decrypted
# with that key (uat:rsa_keys) and nothing else.
set -uo pipefail

DIR=$(dirname "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)")

CHALLENGE="GET 200 GET 200 POST 401"
NTLM="GET 200 GET 200 POST 401 POST 401"  # both mex, then NTLM's offer and CHALLENGE_MESSAGE
ROOT="[GET 200]"             # the root-chain download on port 80, its own connection
ACK="8,5+42+43"              # INFORM, ACK with NTP and option 43
SIP="sip=401,401,401,200"    # challenge, TLS-DSK in two 401s, 200
TAIL="root=get<tls dsk=1/2"  # root chain before TLS; one TLS-DSK offer, two gssapi-data legs
declare -A EXPECT=(
  [dhcp-ms-uc-client]="dhcp=$ACK"
  [dhcp-cpe-ocphone]="dhcp=8,5+43"
  [dhcp-no-reply]="dhcp=8,8,8"
  [dhcp-bad-option43]="dhcp=8,5+42+43"
  [dhcp-option120-ascii]="dhcp=8,5+42+43+120a"
  [signin-success]="dhcp=$ACK dns=0,0 http=${ROOT}[$CHALLENGE POST 200 POST 200] $SIP $TAIL chunked=5 pdu=ok"
  [signin-wrong-pin]="dhcp=$ACK dns=0 http=${ROOT}[$CHALLENGE POST 401] root=get<tls chunked=3 pdu=ok"
  [signin-wrong-pin-vlan]="link=eth:vlan dhcp=$ACK dns=0 http=${ROOT}[$CHALLENGE POST 401] root=get<tls chunked=3 pdu=ok"
  [signin-wrong-pin-sll2]="link=sll dhcp=$ACK dns=0 http=${ROOT}[$CHALLENGE POST 401] root=get<tls chunked=3 pdu=ok"
  [signin-webticket-hung]="dhcp=$ACK dns=0 http=${ROOT}[$CHALLENGE POST] root=get<tls chunked=3 pdu=ok"
  [signin-locked]="dhcp=$ACK dns=0 http=${ROOT}[$CHALLENGE POST 401 POST 401 POST 401 POST 401] root=get<tls chunked=3 pdu=ok"
  [signin-server-error]="dhcp=$ACK dns=0 http=${ROOT}[$CHALLENGE POST 500] root=get<tls chunked=4 pdu=ok"
  [signin-no-provisioning]="dhcp=8,5+42"
  [signin-dns-failure]="dhcp=$ACK dns=3"
  [signin-tls-failure]="dhcp=$ACK dns=0 http=${ROOT} alert=48 root=get<tls chunked=1"
  [signin-port80-blocked]="dhcp=$ACK dns=0 alert=48 root=rst"
  [signin-not-sip-enabled]="dhcp=$ACK dns=0 http=${ROOT}[$CHALLENGE POST 403] root=get<tls chunked=3 pdu=ok"
  [signin-windows-auth-error]="dhcp=$ACK dns=0 http=${ROOT}[$CHALLENGE POST 500] root=get<tls chunked=4 pdu=ok"
  [signin-register-rejected]="dhcp=$ACK dns=0,0 http=${ROOT}[$CHALLENGE POST 200 POST 200] sip=401,401,401,403 $TAIL chunked=5 pdu=ok"
  [signin-legacy-tls10]="dhcp=$ACK dns=0,0 http=${ROOT}[$CHALLENGE POST 200 POST 200] $SIP $TAIL tls=1.0/0x002f chunked=5 pdu=ok"
  [signin-tls13]="dhcp=$ACK dns=0,0 http=${ROOT}[$CHALLENGE POST 200 POST 200] $SIP $TAIL tls=1.3/0x1302 chunked=5 pdu=ok"
  [signin-443-dropped]="dhcp=$ACK dns=0 http=${ROOT} connect=443:syns chunked=1"
  [signin-443-rejected]="dhcp=$ACK dns=0 http=${ROOT} connect=443:icmp13 chunked=1"
  [signin-proxy-502]="dhcp=$ACK dns=0 http=${ROOT}[GET 502] chunked=1"
  [signin-tls13-cert-expired]="dhcp=$ACK dns=0 http=${ROOT} alert=45 root=get<tls tls=1.3/0x1302 chunked=1 cert=pool01.contoso.test+sip.contoso.test/expired/sha256-2048"
  # pidgin-sipe: REGISTER first (401 offering TLS-DSK), then one HTTPS connection for
  # both mex documents and NTLM's three legs (offer, CHALLENGE_MESSAGE, ticket), then the
  # certificate and TLS-DSK; it unregisters at sign-off (the second 200).
  [sipe-signin]="dns=0,0 http=[$NTLM POST 200 POST 200] sip=401,401,401,401,200,200 dsk=2/2 chunked=4"
  [sipe-wrong-password]="dns=0,0 http=[$NTLM POST 401] sip=401 dsk=1/0 chunked=2"
  [sipe-webticket-hung]="dns=0,0 http=[$NTLM POST] sip=401 dsk=1/0 chunked=2"
  # TLS-DSK refused: sipe sends REGISTER once more (a new offer) before it closes, or closes first.
  [sipe-dsk-refused]="dns=0,0 http=[$NTLM POST 200 POST 200] sip=401,401,401,401,401 dsk=3/2 chunked=4|dns=0,0 http=[$NTLM POST 200 POST 200] sip=401,401,401,401 dsk=2/2 chunked=4"
  [signin-suites-refused]="dhcp=$ACK dns=0 http=${ROOT} alert=40 root=get<tls chunked=1"
  [signin-5061-dropped]="dhcp=$ACK dns=0,0 http=${ROOT}[$CHALLENGE POST 200 POST 200] root=get<tls connect=5061:syns chunked=5 pdu=ok"
  [signin-443-reset]="dhcp=$ACK dns=0 http=${ROOT} connect=443:rst chunked=1"
  [signin-tls10-refused]="dhcp=$ACK dns=0 http=${ROOT} alert=70 root=get<tls chunked=1"
  [signin-one-way]="dhcp=8 http=[GET] root=get<tls connect=443:syn connect=5061:syn"
  [signin-tls10-reset]="dhcp=$ACK dns=0 http=${ROOT} root=get<tls tls=rst@hello chunked=1"
  [signin-cert-wrong-name]="dhcp=$ACK dns=0 http=${ROOT} alert=42 root=get<tls chunked=1 cert=fe01.contoso.test/valid/sha256-2048"
  [signin-cert-expired]="dhcp=$ACK dns=0 http=${ROOT} alert=45 root=get<tls chunked=1 cert=pool01.contoso.test+sip.contoso.test/expired/sha256-2048"
  [signin-cert-untrusted]="dhcp=$ACK dns=0 http=${ROOT} alert=48 root=get<tls chunked=1 cert=pool01.contoso.test+sip.contoso.test/valid/sha256-2048"
  [signin-cert-weak]="dhcp=$ACK dns=0 http=${ROOT} alert=42 root=get<tls chunked=1 cert=pool01.contoso.test+sip.contoso.test/valid/sha1-1024"
  [signin-phone-clock]="dhcp=8,5+43 dns=0 http=${ROOT} alert=45 root=get<tls chunked=1 cert=pool01.contoso.test+sip.contoso.test/valid/sha256-2048"
  [signin-multi-interface]="link=eth+sll dhcp=8,$ACK,8,$ACK dns=0,0,0 http=${ROOT}${ROOT}[$CHALLENGE POST 200 POST 200][$CHALLENGE POST 401] $SIP $TAIL chunked=8 pdu=ok"
  [signin-multi-phone]="dhcp=$ACK,$ACK,$ACK dns=0,0,0,0 http=${ROOT}${ROOT}${ROOT}[$CHALLENGE POST 200 POST 200][$CHALLENGE POST 401][$CHALLENGE POST] $SIP $TAIL chunked=11 pdu=ok"
  [signin-sip-flap]="dhcp=$ACK dns=0,0 http=${ROOT}[$CHALLENGE POST 200 POST 200] root=get<tls sipclose=4 chunked=5 pdu=ok"
  [signin-nat]="dns=0,0,0 http=${ROOT}${ROOT}[$CHALLENGE POST 200 POST 200][$CHALLENGE POST 401] sip=401,401,401,200 root=get<tls dsk=1/2 chunked=8 pdu=ok"
  [signin-server-side]="dns=38x0 http=18x[$CHALLENGE POST 200 POST 200],2x[$CHALLENGE POST 401],20x${ROOT} sip=18x200,54x401 root=get<tls dsk=18/36 chunked=96 pdu=ok"
  [signin-success-ipv6]="dhcp=$ACK dns=0,0 http=${ROOT}[$CHALLENGE POST 200 POST 200] ipv6 $SIP $TAIL chunked=5 pdu=ok"
  [signin-cleartext-gzip]="dhcp=$ACK dns=0,0 http=${ROOT}[$CHALLENGE POST 200 POST 200] $SIP $TAIL chunked=6 gzip=5"
  [signin-cleartext-8080]="dhcp=$ACK dns=0,0 http=${ROOT}[$CHALLENGE POST 200 POST 200] $SIP $TAIL chunked=5 pieces=1,1,1,5,1,7,2,4,2,2,4,5"
  [signin-success-records]="dhcp=$ACK dns=0,0 http=${ROOT}[$CHALLENGE POST 200 POST 200] $SIP $TAIL chunked=5 pdu=ok pieces=1,1,1,1,1,7,1,1,2,1,1,5"
)
# A message is counted where it is complete: tshark 4.0's Export PDU also writes
# the first TLS record of a message split over several records, on its own, and
# of a chunked message split so, several partial copies (marked malformed).
COMPLETE='http && !_ws.malformed && (!http.content_length || http.content_length == 0 || len(http.file_data) >= http.content_length)'

http_tokens() {  # http_tokens FILE: "GET 200 POST 401 ..." in frame order, without port 80 (plain TCP: no PDU export)
    ts "$1" -Y "$COMPLETE && !(tcp.port == 80)" -T fields -e http.request.method -e http.response.code |
        tr -s '\t\n' '  ' | sed 's/ $//'
}

# tshark on a capture: decrypted with its shipped RSA key if there is one, else
# with the secrets embedded in it only.
ts() {
    local f=$1 key
    shift
    key=$DIR/keys/$(basename "$f" .pcapng).key
    if [ -e "$key" ]; then
        tshark -o tls.keylog_file: -o "uat:rsa_keys:\"$key\",\"\"" -d tcp.port==8080,http -r "$f" "$@" 2>/dev/null
    else
        tshark -o tls.keylog_file: -d tcp.port==8080,http -r "$f" "$@" 2>/dev/null
    fi
}

# One pass over every frame: the signature but for pdu= and pieces=.
signature() {
    local f=$DIR/$1.pcapng pdu=$DIR/$1.pdu.pcap
    ts "$f" -T fields -E separator='|' -E aggregator='~' \
        -e frame.number -e frame.protocols -e dhcp.option.dhcp -e dhcp.option.type -e dns.flags.rcode \
        -e dns.flags.response -e tcp.stream -e http.request.method -e http.response.code -e sip.Status-Code \
        -e tls.alert_message.desc -e ipv6.src -e dhcp.option.sip_server.encoding -e tcp.srcport \
        -e tcp.dstport -e tcp.flags.reset -e tls.handshake.type -e tls.handshake.version \
        -e tls.handshake.ciphersuite -e sip.WWW-Authenticate -e http.transfer_encoding \
        -e tls.handshake.extensions.supported_version -e tcp.flags.syn -e tcp.flags.ack -e icmp.type -e icmp.code \
        -e tcp.flags.fin |
    awk -F'|' '
        function add(list, item) { return list == "" ? item : list "," item }
        function first(v) { sub(/~.*/, "", v); return v }
        # Many phones interleave differently in each run: counts instead of order.
        function counted(list,   k, m, i, j, c, u, nu, t, out) {
            m = split(list, k, ","); nu = 0
            for (i = 1; i <= m; i++) { if (!(k[i] in c)) u[++nu] = k[i]; c[k[i]]++ }
            for (i = 2; i <= nu; i++) for (j = i; j > 1 && u[j - 1] > u[j]; j--) { t = u[j]; u[j] = u[j - 1]; u[j - 1] = t }
            out = ""; for (i = 1; i <= nu; i++) out = out "," c[u[i]] "x" u[i]
            return substr(out, 2)
        }
        {
            l = $2; sub(/:ip.*/, "", l); gsub(/:ethertype/, "", l)
            if (!(l in seen)) { seen[l] = 1; links = links (links == "" ? "" : "+") l }
        }
        $3 != "" {
            ack = ""
            if ($3 == 5) {
                if (("~" $4 "~") ~ /~42~/) ack = ack "+42"
                if (("~" $4 "~") ~ /~43~/) ack = ack "+43"
                if ($13 != "" && $13 > 1) ack = ack "+120a"
            }
            dhcp = add(dhcp, $3 ack)
        }
        $6 == 1 && $3 == "" { dns = add(dns, $5) }
        $8 != "" || $9 != "" {
            if (!($7 in http)) order[n++] = $7
            http[$7] = http[$7] ($8 != "" ? " " $8 : "") ($9 != "" ? " " $9 : "")
        }
        ($8 != "" || $9 != "" || $10 != "") && $12 != "" { v6 = 1 }
        $10 != "" {
            sip = add(sip, $10)
            if ($10 == 401 && $20 ~ /sts-uri=/) offer++
            if ($10 == 401 && $20 ~ /gssapi-data=/) legs++
        }
        # close_notify is an orderly end, sent or not as a client hurries: not listed.
        $11 != "" { na = split($11, al, "~"); for (i = 1; i <= na; i++) if (al[i] != 0) alert = add(alert, al[i]) }
        $8 != "" && $15 == 80 && !get { get = $1 }
        first($17) == 1 && !hello { hello = $1 }
        $14 == 80 && $16 == 1 { rst = 1 }
        # Connections that never opened: SYNs, and what came back (ICMP quotes the ports of the SYN).
        $25 == "" && first($23) == 1 && first($24) == 0 && $15 != 80 { if (!($15 in syn)) sports[ns++] = $15; syn[$15]++ }
        $25 == "" && first($23) == 1 && first($24) == 1 { synack[$14] = 1 }
        $25 == "" && $16 == 1 { reset[$14] = 1 }
        $25 == 3 { unreach[$15] = $26 }
        # A server that ends the handshake at the ClientHello with a reset.
        first($17) == 1 { chello[$7] = 1 }
        first($17) == 2 { shello[$7] = 1 }
        $16 == 1 && $7 in chello && !($7 in shello) && $15 > $14 { hello_rst = 1 }
        first($17) == 2 { sv = first($22) != "" ? first($22) : first($18) }  # TLS 1.3: supported_versions
        first($17) == 2 && sv != "0x0303" && !((sv "/" first($19)) in tls) {
            tls[sv "/" first($19)] = 1
            v = sv == "0x0301" ? "1.0" : sv == "0x0304" ? "1.3" : sv
            tlsv = tlsv " tls=" v "/" first($19)
        }
        $9 != "" && $21 == "chunked" { chunked++ }
        # SIP connections the server closed first.
        $15 == 5061 && (first($27) == 1 || $11 != "") { phonefin[$7] = 1 }  # its FIN, or its close_notify
        $14 == 5061 && first($27) == 1 && !($7 in phonefin) && !($7 in srvfin) { srvfin[$7] = 1; sipclose++ }
        END {
            many = n > 8
            out = links == "eth" ? "" : "link=" links " "
            out = out (dhcp == "" ? "" : "dhcp=" dhcp)
            if (dns != "") out = out " dns=" (many ? counted(dns) : dns)
            if (n && many) {
                for (i = 0; i < n; i++) conns = add(conns, "[" substr(http[order[i]], 2) "]")
                out = out " http=" counted(conns)
            } else if (n) {
                out = out " http="; for (i = 0; i < n; i++) out = out "[" substr(http[order[i]], 2) "]"
            }
            if (v6) out = out " ipv6"
            if (sip != "") out = out " sip=" (many ? counted(sip) : sip)
            if (alert != "") out = out " alert=" alert
            if (get && hello && get < hello) out = out " root=get<tls"
            else if (rst) out = out " root=rst"
            if (sip != "") out = out " dsk=" (offer + 0) "/" (legs + 0)
            out = out tlsv
            if (hello_rst) out = out " tls=rst@hello"
            for (i = 0; i < ns; i++) {
                p = sports[i]
                if (p in synack) continue
                out = out " connect=" p ":" (p in unreach ? "icmp" unreach[p] : p in reset ? "rst" : syn[p] > 1 ? "syns" : "syn")
            }
            if (sipclose) out = out " sipclose=" sipclose
            if (chunked) out = out " chunked=" chunked
            sub(/^ /, "", out)
            printf "%s", out
        }'
    if [ -e "$pdu" ]; then
        [ "$(http_tokens "$f")" = "$(http_tokens "$pdu")" ] && echo " pdu=ok" || echo " pdu=differs"
    fi
    [[ ${EXPECT[$1]:-} == *pieces=* ]] && echo " pieces=$(pieces "$f")"
    [[ ${EXPECT[$1]:-} == *gzip=* ]] && echo " gzip=$(gzipped "$f")"
    [[ ${EXPECT[$1]:-} == *cert=* ]] && echo " cert=$(certificate "$f")"
    return 0
}

gzipped() {  # gzipped FILE: HTTP answers with a gzip body that tshark inflates, chunked
    tshark -d tcp.port==8080,http -r "$1" -Y 'http.content_encoding == "gzip" && http.transfer_encoding == "chunked"' \
        2>/dev/null | wc -l
}

certificate() {  # certificate FILE: the first server certificate's names, validity when sent, hash and key size
    local t names times algs modulus from to state hash
    IFS='|' read -r t names times algs modulus < <(tshark -r "$1" -Y 'tls.handshake.type == 11' -T fields \
        -E separator='|' -e frame.time_epoch -e x509ce.dNSName -e x509af.utcTime -e x509af.algorithm.id \
        -e pkcs1.modulus 2>/dev/null | head -1)
    [ -n "${times:-}" ] || { echo none; return; }
    from=$(date -d "$(echo "${times%%,*}" | tr -d '()')" +%s)
    to=$(date -d "$(echo "${times#*,}" | cut -d, -f1 | tr -d '()')" +%s)
    t=${t%%.*}
    state=valid
    [ "$t" -gt "$to" ] && state=expired
    [ "$t" -lt "$from" ] && state=early
    case ${algs%%,*} in
    1.2.840.113549.1.1.4) hash=md5 ;; 1.2.840.113549.1.1.5) hash=sha1 ;; 1.2.840.113549.1.1.11) hash=sha256 ;;
    *) hash=${algs%%,*} ;;
    esac
    modulus=${modulus%%,*}
    modulus=${modulus#00}
    echo "${names//,/+}/$state/$hash-$((${#modulus} * 4))"
}

pieces() {  # pieces FILE: TLS records (TLS) or TCP segments (plain) of each HTTP message
    tshark -o tls.keylog_file: -d tcp.port==8080,http -r "$1" -Y http -T fields -E separator='|' \
        -e frame.protocols -e tls.segment.count -e tcp.segment.count 2>/dev/null |
    awk -F'|' '{ n = ($1 ~ /:tls:/) ? $2 : $3; out = out (NR > 1 ? "," : "") (n == "" ? 1 : n) } END { print out }'
}

if [ "${1:-}" = --names ]; then  # the captures it knows, one per line
    printf '%s\n' "${!EXPECT[@]}" | sort
    exit 0
fi
if [ $# -gt 0 ] && [ -d "$1" ] && [ -z "${EXPECT[$1]+set}" ]; then
    DIR=$(cd "$1" && pwd)
    shift
fi
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${!EXPECT[@]}")
# A scenario name stands for its derived captures too.
for n in "${names[@]}"; do
    [ "$n" = signin-wrong-pin ] && names+=(signin-wrong-pin-vlan signin-wrong-pin-sll2)
done
mapfile -t names < <(printf '%s\n' "${names[@]}" | sort -u)

bad=0
for n in "${names[@]}"; do
    if [ ! -e "$DIR/$n.pcapng" ]; then
        printf 'FAIL  %-24s no %s\n' "$n" "$DIR/$n.pcapng"
        bad=1
        continue
    fi
    got=$(signature "$n" | tr -d '\n')
    # Several expectations, "|" between them: where a real client's timing picks one.
    IFS='|' read -r -a alternatives <<<"${EXPECT[$n]}"
    if printf '%s\n' "${alternatives[@]}" | grep -qxF -- "$got"; then
        printf 'ok    %-24s %s\n' "$n" "$got"
    else
        printf 'FAIL  %-24s %s\n      %-24s expected %s\n' "$n" "$got" "" "${EXPECT[$n]}"
        bad=1
    fi
done
exit $bad
