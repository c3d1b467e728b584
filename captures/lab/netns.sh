# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Network namespaces of the capture lab; sourced by make-captures.sh.
#
#   lp-srv  server side: bridge br0 = 10.9.0.1/24 (fd09::1/64), dnsmasq,
#           server.py; every phone's veth peer is a port of br0.
#   lp-phN  phone N: eth0 = 10.9.0.(10+N)/24 (fd09::(10+N)/64),
#           MAC 00:04:f2:00:00:0N (Polycom OUI), default route via 10.9.0.1.
#
# Routes carry "quickack 1": every segment is ACKed at once, never delayed,
# so the order of ACKs and answers does not depend on timing or machine load.
#
# Nothing leaves these namespaces: they are joined only to each other.
# Processes started with lab_bg are remembered by id and ended by lab_down.

LAB_PIDS=()

ns() { ip netns exec "$@"; }

# IPv6 off unless asked for, and never autoconf/RS/DAD: no noise, no waiting.
lab_sysctl() {  # lab_sysctl NS IPV6(0|1)
    if [ "$2" = 1 ]; then
        ns "$1" sysctl -qw net.ipv6.conf.default.accept_ra=0 net.ipv6.conf.all.accept_ra=0 \
            net.ipv6.conf.default.autoconf=0 net.ipv6.conf.default.router_solicitations=0 \
            net.ipv6.conf.default.accept_dad=0
    else
        ns "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    fi
}

lab_quickack() {  # lab_quickack NS DEV SRC IPV6: the lab subnets' routes, with quickack
    ns "$1" ip route replace 10.9.0.0/24 dev "$2" src "$3" quickack 1
    [ "$4" = 1 ] && ns "$1" ip -6 route replace fd09::/64 dev "$2" metric 256 quickack 1
    return 0
}

lab_up() {  # lab_up IPV6
    ip netns add lp-srv
    lab_sysctl lp-srv "$1"
    ns lp-srv ip link set lo up
    ns lp-srv ip link add br0 address 02:00:0a:09:00:01 gso_max_segs 1 type bridge stp_state 0 forward_delay 0
    ns lp-srv ip addr add 10.9.0.1/24 dev br0
    [ "$1" = 1 ] && ns lp-srv ip addr add fd09::1/64 dev br0 nodad
    ns lp-srv ip link set br0 up
    lab_quickack lp-srv br0 10.9.0.1 "$1"
}

lab_add_phone() {  # lab_add_phone N IPV6
    local n=$1 p=lp-ph$1
    ip netns add "$p"
    lab_sysctl "$p" "$2"
    ns "$p" ip link set lo up
    # gso_max_segs 1: TCP hands over MTU-sized frames, as on a real wire.
    ip link add eth0 netns "$p" address "$(printf '00:04:f2:00:00:%02x' "$n")" gso_max_segs 1 type veth \
        peer name "ph$n" netns lp-srv address "$(printf '02:00:0a:09:01:%02x' "$n")" gso_max_segs 1
    ns lp-srv ip link set "ph$n" master br0 up
    ns "$p" ip addr add "10.9.0.$((10 + n))/24" dev eth0
    [ "$2" = 1 ] && ns "$p" ip addr add "fd09::$((10 + n))/64" dev eth0 nodad
    ns "$p" ip link set eth0 up
    lab_quickack "$p" eth0 "10.9.0.$((10 + n))" "$2"
    ns "$p" ip route add default via 10.9.0.1 quickack 1
}

lab_bg() {  # lab_bg LOGFILE NS CMD...: start CMD in NS in the background, remember its pid
    local log=$1 n=$2
    shift 2
    # "ip netns exec" execs CMD, so $! is CMD's own pid.
    ip netns exec "$n" "$@" >"$log" 2>&1 9>&- &  # not the lock (fd 9) of make-captures.sh
    LAB_PIDS+=($!)
}

lab_wait_port() {  # lab_wait_port NS tcp|udp PORT: until something listens
    for _ in $(seq 100); do
        ns "$1" ss -Hln --"$2" "sport = :$3" | grep -q . && return 0
        sleep 0.05
    done
    echo "nothing listens on $2/$3 in $1" >&2
    return 1
}

lab_wait_log() {  # lab_wait_log FILE TEXT: until the text appears
    for _ in $(seq 100); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    echo "no '$2' in $1" >&2
    return 1
}

lab_stop() {  # lab_stop PID...: end our processes, politely first
    local pid
    for pid in "$@"; do kill -INT "$pid" 2>/dev/null || true; done
    for pid in "$@"; do
        for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}

lab_down() {
    [ ${#LAB_PIDS[@]} -gt 0 ] && lab_stop "${LAB_PIDS[@]}"
    LAB_PIDS=()
    local n
    for n in $(ip netns list | awk '$1 ~ /^lp-(srv|ph[0-9]+)$/ {print $1}'); do
        ip netns del "$n"
    done
}
