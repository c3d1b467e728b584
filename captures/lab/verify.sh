#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks that each reference capture decodes as intended with stock tshark
# and only the secrets embedded in it: prints a one-line signature per capture
# and compares it with the expected one below.  Exit status 1 on a mismatch.
#
#   captures/lab/verify.sh [DIR] [SCENARIO...]
#
# DIR: where the captures are (default: captures/, the committed ones), e.g.
# a rebuild's LAB_OUT; taken as DIR when the first argument is a directory.
# SCENARIO: default every capture listed below; a missing file is a failure.
#
# Signature: [link=<link layers, when not plain Ethernet>] dhcp=<message types, "+43" when the ACK has option 43>
#   dns=<rcode of each answer>  http=<per TCP connection: methods and status
#   codes in order>  [ipv6: HTTP/SIP over IPv6]  sip=<status codes>  alert=<TLS alert descriptions>
#   pdu=<same HTTP methods/codes found in the .pdu.pcap export, or "-">
#   [pieces=<per HTTP message: TLS records, or TCP segments in plain HTTP>; only
#   checked where the expectation has it]
# HTTP on TCP 8080 is decoded as HTTP (-d; stock tshark does so anyway).
set -uo pipefail

DIR=$(dirname "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)")

CHALLENGE="GET 200 GET 200 POST 401"
declare -A EXPECT=(
  [dhcp-ms-uc-client]="dhcp=8,5+43"
  [dhcp-cpe-ocphone]="dhcp=8,5+43"
  [dhcp-no-reply]="dhcp=8,8,8"
  [dhcp-bad-option43]="dhcp=8,5+43"
  [signin-success]="dhcp=8,5+43 dns=0,0 http=[$CHALLENGE POST 200 POST 200] sip=200 pdu=ok"
  [signin-wrong-pin]="dhcp=8,5+43 dns=0 http=[$CHALLENGE POST 401] pdu=ok"
  [signin-wrong-pin-vlan]="link=eth:vlan dhcp=8,5+43 dns=0 http=[$CHALLENGE POST 401] pdu=ok"
  [signin-wrong-pin-sll2]="link=sll dhcp=8,5+43 dns=0 http=[$CHALLENGE POST 401] pdu=ok"
  [signin-webticket-hung]="dhcp=8,5+43 dns=0 http=[$CHALLENGE POST] pdu=ok"
  [signin-locked]="dhcp=8,5+43 dns=0 http=[$CHALLENGE POST 401 POST 401 POST 401 POST 401] pdu=ok"
  [signin-server-error]="dhcp=8,5+43 dns=0 http=[$CHALLENGE POST 500] pdu=ok"
  [signin-no-provisioning]="dhcp=8,5"
  [signin-dns-failure]="dhcp=8,5+43 dns=3"
  [signin-tls-failure]="dhcp=8,5+43 dns=0 alert=48"
  [signin-multi-phone]="dhcp=8,5+43,8,5+43,8,5+43 dns=0,0,0,0 http=[$CHALLENGE POST 200 POST 200][$CHALLENGE POST 401][$CHALLENGE POST] sip=200 pdu=ok"
  [signin-success-ipv6]="dhcp=8,5+43 dns=0,0 http=[$CHALLENGE POST 200 POST 200] ipv6 sip=200 pdu=ok"
  [signin-cleartext-8080]="dhcp=8,5+43 dns=0,0 http=[$CHALLENGE POST 200 POST 200] sip=200 pieces=1,5,1,7,2,1,2,2,4,4"
  [signin-cleartext-gzip]="dhcp=8,5+43 dns=0,0 http=[$CHALLENGE POST 200 POST 200] sip=200 gzip=5"
  [signin-success-records]="dhcp=8,5+43 dns=0,0 http=[$CHALLENGE POST 200 POST 200] sip=200 pdu=ok pieces=1,1,1,7,1,1,2,1,1,4"
)
# A message is counted where it is complete: tshark 4.0's Export PDU also writes
# the first TLS record of a message split over several records, on its own.
COMPLETE='http && (!http.content_length || http.content_length == 0 || len(http.file_data) >= http.content_length)'

http_tokens() {  # http_tokens FILE: "GET 200 POST 401 ..." in frame order
    tshark -o tls.keylog_file: -d tcp.port==8080,http -r "$1" -Y "$COMPLETE" -T fields \
        -e http.request.method -e http.response.code 2>/dev/null |
        tr -s '\t\n' '  ' | sed 's/ $//'
}

signature() {
    local f=$DIR/$1.pcapng pdu=$DIR/$1.pdu.pcap link
    link=$(tshark -r "$f" -c 1 -T fields -e frame.protocols 2>/dev/null | sed 's/:ip.*//; s/:ethertype//g')
    [ "$link" = eth ] || printf 'link=%s ' "$link"
    tshark -o tls.keylog_file: -d tcp.port==8080,http -r "$f" \
        -Y 'dhcp || dns.flags.response == 1 || http || sip.Status-Code || tls.alert_message' \
        -T fields -E separator='|' -e dhcp.option.dhcp -e dhcp.option.type -e dns.flags.rcode -e tcp.stream \
        -e http.request.method -e http.response.code -e sip.Status-Code -e tls.alert_message.desc -e ipv6.src 2>/dev/null |
    awk -F'|' '
        function add(list, item) { return list == "" ? item : list "," item }
        $1 != "" { dhcp = add(dhcp, $1 ((($1 == 5) && ("," $2 ",") ~ /,43,/) ? "+43" : "")) }
        $3 != "" && $1 == "" { dns = add(dns, $3) }
        $5 != "" || $6 != "" {
            if (!($4 in http)) order[n++] = $4
            http[$4] = http[$4] ($5 != "" ? " " $5 : "") ($6 != "" ? " " $6 : "")
        }
        ($5 != "" || $6 != "" || $7 != "") && $9 != "" { v6 = 1 }
        $7 != "" { sip = add(sip, $7) }
        $8 != "" { alert = add(alert, $8) }
        END {
            out = "dhcp=" dhcp
            if (dns != "") out = out " dns=" dns
            if (n) { out = out " http="; for (i = 0; i < n; i++) out = out "[" substr(http[order[i]], 2) "]" }
            if (v6) out = out " ipv6"
            if (sip != "") out = out " sip=" sip
            if (alert != "") out = out " alert=" alert
            print out
        }'
    if [ -e "$pdu" ]; then
        [ "$(http_tokens "$f")" = "$(http_tokens "$pdu")" ] && echo " pdu=ok" || echo " pdu=differs"
    fi
    [[ ${EXPECT[$1]:-} == *pieces=* ]] && echo " pieces=$(pieces "$f")"
    [[ ${EXPECT[$1]:-} == *gzip=* ]] && echo " gzip=$(gzipped "$f")"
    return 0
}

gzipped() {  # gzipped FILE: HTTP answers with a gzip body that tshark inflates, chunked
    tshark -d tcp.port==8080,http -r "$1" -Y 'http.content_encoding == "gzip" && http.transfer_encoding == "chunked"' \
        2>/dev/null | wc -l
}

pieces() {  # pieces FILE: TLS records (TLS) or TCP segments (plain) of each HTTP message
    tshark -o tls.keylog_file: -d tcp.port==8080,http -r "$1" -Y http -T fields -E separator='|' \
        -e frame.protocols -e tls.segment.count -e tcp.segment.count 2>/dev/null |
    awk -F'|' '{ n = ($1 ~ /:tls:/) ? $2 : $3; out = out (NR > 1 ? "," : "") (n == "" ? 1 : n) } END { print out }'
}

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
    if [ "$got" = "${EXPECT[$n]}" ]; then
        printf 'ok    %-24s %s\n' "$n" "$got"
    else
        printf 'FAIL  %-24s %s\n      %-24s expected %s\n' "$n" "$got" "" "${EXPECT[$n]}"
        bad=1
    fi
done
exit $bad
