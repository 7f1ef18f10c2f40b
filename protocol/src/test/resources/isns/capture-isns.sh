#!/bin/bash
# Regenerates the iSNS captures in this directory: isnsadm (open-isns 0.101) talking to isnsd in
# the network namespace lbisns-cap (isnsd at 198.18.30.2, host side 198.18.30.1), recorded by
# tshark on the host-side veth; each message is written as the hex of its TCP payload.
# Every exit path stops isnsd and tshark by PID and deletes the namespace. Needs root.
# Usage: capture-isns.sh [OUTPUT_DIR]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE}
NS=lbisns-cap
HOST_IF=lbisns-ch
NS_IF=lbisns-cn
WORK=$(mktemp -d /tmp/lbisns-cap.XXXXXX)
ISNSD_PID=""; TSHARK_PID=""; NS_CREATED=""

cleanup() {
  set +e
  [ -n "$TSHARK_PID" ] && kill -INT "$TSHARK_PID" && wait "$TSHARK_PID"
  [ -n "$ISNSD_PID" ] && kill "$ISNSD_PID" && wait "$ISNSD_PID"
  [ -n "$NS_CREATED" ] && ip netns del "$NS"
  ip link del "$HOST_IF" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$NS"; NS_CREATED=1
ip link add "$HOST_IF" type veth peer name "$NS_IF"
ip link set "$NS_IF" netns "$NS"
ip addr add 198.18.30.1/24 dev "$HOST_IF"; ip link set "$HOST_IF" up
ip netns exec "$NS" ip addr add 198.18.30.2/24 dev "$NS_IF"
ip netns exec "$NS" ip link set "$NS_IF" up
ip netns exec "$NS" ip link set lo up
cat > "$WORK/isnsd.conf" <<CONF
SourceName = iqn.2026-01.io.lunbridge:isnsd
DefaultDiscoveryDomain = 1
RegistrationPeriod = 0
SLPRegister = 0
Security = 0
ControlSocket = $WORK/control
PIDFile = $WORK/isnsd.pid
CONF
ip netns exec "$NS" isnsd --config "$WORK/isnsd.conf" --foreground > "$WORK/isnsd.log" 2>&1 &
ISNSD_PID=$!
tshark -i "$HOST_IF" -f "tcp port 3205" -w "$WORK/isns.pcapng" 2> "$WORK/tshark.log" &
TSHARK_PID=$!
for _ in $(seq 100); do grep -q "Capturing on" "$WORK/tshark.log" && break; sleep 0.1; done

adm() { # adm SOURCE_NAME ARGS...
  local src=$1; shift
  printf 'SourceName = %s\nServerAddress = 198.18.30.2\nSecurity = 0\n' "$src" > "$WORK/adm.conf"
  isnsadm --config "$WORK/adm.conf" "$@"
}
P=iqn.2026-01.io.lunbridge
adm $P:target-a --register entity=ent-a target=$P:target-a portal=198.18.30.2:3260 pg,pgt=1  # c1 DevAttrReg
adm $P:target-b --register entity=ent-b target=$P:target-b portal=198.18.30.3:3260 pg,pgt=1  # c2
adm $P:admin --dd-register dd-name=dd-a dd-member-name=$P:target-a dd-member-name=$P:initiator # c3 DDReg
adm $P:admin --dd-register dd-name=dd-b dd-member-name=$P:target-b                         # c4
adm $P:initiator --register entity=ent-i initiator=$P:initiator portal=198.18.30.1:3260      # c5
adm $P:initiator --query iscsi-node-type=Target ?iscsi-name ?portal-addr ?portal-port        # c6 DevAttrQry
adm $P:initiator --query iscsi-name                                                          # c7
adm $P:target-b --deregister entity-id=ent-b                                                 # c8 DevDereg
sleep 1
kill -INT "$TSHARK_PID"; wait "$TSHARK_PID" || true; TSHARK_PID=""

# One line per TCP segment with payload: stream, source port, payload hex. isnsadm sends each
# message in one segment and isnsd answers in one; check that, then write one file per connection.
tshark -r "$WORK/isns.pcapng" -Y "tcp.len > 0" -T fields -e tcp.stream -e tcp.srcport -e tcp.payload > "$WORK/segments"
rm -f "$OUT"/*.hex
python3 - "$WORK/segments" "$OUT" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
streams = []
for s, _, _ in rows:
    if s not in streams: streams.append(s)
for n, s in enumerate(streams, 1):
    segs = [(p, bytes.fromhex(h.replace(":", ""))) for st, p, h in rows if st == s]
    with open(f"{sys.argv[2]}/isnsadm-c{n}.hex", "w") as f:
        for port, data in segs:
            if len(data) != 12 + int.from_bytes(data[4:6], "big"):
                sys.exit(f"stream {s}: segment of {len(data)} bytes is not exactly one PDU")
            f.write(("# server\n" if port == "3205" else "# client\n") + data.hex() + "\n")
PY
echo "capture-isns: $(ls "$OUT"/*.hex | wc -l) connections written to $OUT" >&2
