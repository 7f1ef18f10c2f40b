#!/bin/bash
# Regenerates the iSCSI PDU captures under protocol/src/test/resources/captures/.
#
# It starts tgtd in a private network namespace (lbpdu-cap, 198.18.10.2), runs libiscsi clients
# (iscsi-ls, iscsi-inq, iscsi-readcapacity16) and qemu-io (libiscsi block driver: reads, writes
# with immediate data, R2T and Data-Out) from the host side (198.18.10.1) while tshark records the
# host-side veth, then writes the TCP payload of each connection, one file per direction, as hex.
#
# Two scenarios: "plain" (no digests) and "hdigest" (tgtd offers only HeaderDigest=CRC32C, the
# clients ask for it with the URL argument header_digest=crc32c). libiscsi 1.19 always offers
# DataDigest=None and cannot do data digests, so no capture has them.
#
# Every exit path removes the namespace and stops tgtd by its PID. Needs root.
# Usage: scripts/capture/pdu-captures.sh [OUTPUT_DIR]
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE/../../protocol/src/test/resources/captures}
NS=lbpdu-cap
HOST_IF=lbpdu-h
NS_IF=lbpdu-n
HOST_ADDR=198.18.10.1
TGT_ADDR=198.18.10.2
IQN=iqn.2026-01.io.lunbridge:pdu-capture
WORK=$(mktemp -d /tmp/lbpdu-capture.XXXXXX)
export TGT_IPC_SOCKET=$WORK/mgmt
TGTD_PID=""
TSHARK_PID=""
NS_CREATED=""

log() { echo "pdu-captures: $*" >&2; }

tgtadm_() { tgtadm --lld iscsi "$@"; }

# Waits until COMMAND succeeds, at most SECONDS seconds; fails with MESSAGE otherwise.
wait_for() {
  local seconds=$1 message=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then log "timed out: $message"; return 1; fi
    sleep 0.1
  done
}

stop_tshark() {
  if [ -n "$TSHARK_PID" ]; then
    kill -INT "$TSHARK_PID" 2>/dev/null || true
    wait "$TSHARK_PID" 2>/dev/null || true
    TSHARK_PID=""
  fi
}

cleanup() {
  set +e
  stop_tshark
  if [ -n "$TGTD_PID" ]; then
    # tgtd ignores SIGTERM while targets exist: delete them, then the system.
    tgtadm_ --mode target --op delete --force --tid 1 >/dev/null 2>&1
    tgtadm_ --mode system --op delete >/dev/null 2>&1
    local deadline=$((SECONDS + 5))
    while kill -0 "$TGTD_PID" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "$TGTD_PID" 2>/dev/null; then kill -9 "$TGTD_PID"; fi
    wait "$TGTD_PID" 2>/dev/null
  fi
  if [ -n "$NS_CREATED" ]; then ip netns del "$NS"; fi
  ip link del "$HOST_IF" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

setup_network() {
  ip netns add "$NS"
  NS_CREATED=1
  ip link add "$HOST_IF" type veth peer name "$NS_IF"
  ip link set "$NS_IF" netns "$NS"
  ip addr add "$HOST_ADDR/24" dev "$HOST_IF"
  ip link set "$HOST_IF" up
  ip netns exec "$NS" ip addr add "$TGT_ADDR/24" dev "$NS_IF"
  ip netns exec "$NS" ip link set "$NS_IF" up
  ip netns exec "$NS" ip link set lo up
}

start_tgtd() {
  # Fixed-content backing store so that captured reads are reproducible.
  python3 -c "import sys; sys.stdout.buffer.write(bytes((i * 7 + (i >> 9)) & 0xff for i in range(4 << 20)))" \
    > "$WORK/lun1.img"
  # ip netns exec execs tgtd in place, so $! is tgtd's own PID.
  ip netns exec "$NS" tgtd -f 2> "$WORK/tgtd.log" &
  TGTD_PID=$!
  wait_for 10 "tgtd control socket" tgtadm_ --mode system --op show
  tgtadm_ --mode target --op new --tid 1 --targetname "$IQN"
  tgtadm_ --mode logicalunit --op new --tid 1 --lun 1 --backing-store "$WORK/lun1.img"
  tgtadm_ --mode target --op bind --tid 1 --initiator-address ALL
}

# capture NAME COMMAND...: runs COMMAND while tshark records, then extracts the streams.
capture() {
  local name=$1; shift
  local pcap=$WORK/$name.pcapng
  tshark -i "$HOST_IF" -f "tcp port 3260" -w "$pcap" 2> "$WORK/$name.tshark.log" &
  TSHARK_PID=$!
  wait_for 20 "tshark start" grep -q "Capturing on" "$WORK/$name.tshark.log"
  log "$name: $*"
  "$@" > "$WORK/$name.out" 2>&1 || { cat "$WORK/$name.out" >&2; return 1; }
  # The client has exited; give the capture a moment to see the last FIN/ACK. The extractor
  # fails if any connection lacks a FIN in either direction, so a short capture cannot pass.
  sleep 1
  stop_tshark
  python3 "$HERE/extract_streams.py" "$pcap" "$OUT" "$name" "$*"
}

run_clients() {
  local scenario=$1 arg=$2 qemu_digest=$3
  capture "$scenario-iscsi-ls" iscsi-ls -s "iscsi://$TGT_ADDR$arg"
  capture "$scenario-iscsi-inq" iscsi-inq -e 1 -c 0x83 "iscsi://$TGT_ADDR/$IQN/1$arg"
  capture "$scenario-iscsi-readcapacity16" iscsi-readcapacity16 "iscsi://$TGT_ADDR/$IQN/1$arg"
  capture "$scenario-qemu-io" qemu-io --image-opts \
    "driver=iscsi,transport=tcp,portal=$TGT_ADDR:3260,target=$IQN,lun=1,header-digest=$qemu_digest" \
    -c "write -P 0x5a 4096 200k" -c "write -P 0xa5 0 512" -c "read 0 100k" -c "flush"
}

mkdir -p "$OUT"
setup_network
start_tgtd
rm -f "$OUT"/*.hex
run_clients plain "" none
tgtadm_ --mode target --op update --tid 1 --name HeaderDigest --value CRC32C
run_clients hdigest "?header_digest=crc32c" crc32c
log "done: $(ls "$OUT"/*.hex | wc -l) stream files in $OUT"
