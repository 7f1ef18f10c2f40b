#!/usr/bin/env bash
# Multipath figures, each against its own baseline measured in the same run (the machine is shared):
#  1. failover time: the longest gap between completions of a 4k QD16 random-write fio job while the
#     active path's link goes down, for keepalive (NOP-Out) intervals of 1 and 2 s, as a multiple of
#     the interval (goal: under 2x);
#  2. round-robin over two paths against one path (failover policy), 1M QD16 sequential read;
#  3. the cost of the multipath layer: 4k QD32 random read through `serve` of this checkout (every
#     LUN is a MultipathDevice, here with one path) against `serve` built from BASE (default
#     090d3d7, the last commit whose serve exported the bare LogicalUnit), interleaved.
# Prints a table per row with the ratio; raw fio JSON and logs stay in $OUT.
#
# Needs root (ip netns, tgtd). Environment:
#   RUNTIME=10  seconds per fio run   ROUNDS=2  A/B pairs   NET=198.19.251 (two /30s: .0 and .4)
#   SKIP_DEPS=1 do not run scripts/install-deps.sh   BASE=REV  the baseline commit of row 3
#   ONLY=REGEX  rows to run (failover|round-robin|layer)
# Everything it creates (namespace, veths, tgtd, servers, a worktree of BASE, tmpfs files) is
# removed on every exit path, by the names and PIDs it recorded.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNTIME=${RUNTIME:-10}
ROUNDS=${ROUNDS:-2}
NET=${NET:-198.19.251}
BASE=${BASE:-090d3d7}
NS=lbmp-$$
VA=lbma$$; VB=lbmb$$
IQN=iqn.2026-12.io.lunbridge.bench:mpio
WORK=$(mktemp -d /dev/shm/lunbridge-mpio.XXXXXX)
OUT=${OUT:-$(mktemp -d /tmp/lunbridge-mpio.XXXXXX)}
export TGT_IPC_SOCKET=$WORK/mgmt

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
[[ ${EUID} -eq 0 ]] || die "must run as root (ip netns, tgtd)"

tgtd_pid= srv_pid= ns_created= base_tree=
stop_pid() {
  local pid=$1 i
  [[ -n ${pid} ]] && kill -0 "${pid}" 2>/dev/null || return 0
  kill -TERM "${pid}" 2>/dev/null || true
  for ((i = 0; i < 400; i++)); do kill -0 "${pid}" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "${pid}" 2>/dev/null || true
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_pid "${srv_pid}"
  if [[ -n ${tgtd_pid} ]]; then
    tgtadm --lld iscsi --mode target --op delete --force --tid 1 >/dev/null 2>&1 || true
    tgtadm --mode system --op delete >/dev/null 2>&1 || true
    stop_pid "${tgtd_pid}"
  fi
  ip link del "${VA}" 2>/dev/null || true
  ip link del "${VB}" 2>/dev/null || true
  [[ -n ${ns_created} ]] && ip netns del "${NS}" 2>/dev/null || true
  [[ -n ${base_tree} ]] && git -C "${root}" worktree remove --force "${base_tree}" 2>/dev/null || true
  rm -rf "${WORK}"
  exit "${status}"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[[ -n ${SKIP_DEPS:-} ]] || "${root}/scripts/install-deps.sh"
for tool in tgtd tgtadm fio python3 java git; do command -v "${tool}" >/dev/null || die "${tool} missing"; done
if ip -4 -o addr | awk '{print $4}' | grep -q "^${NET}\."; then die "${NET}.0/29 is in use; choose NET=a.b.c"; fi
want() { [[ -z ${ONLY:-} || $1 =~ ${ONLY} ]]; }

# --- target: one namespace reached over two veth pairs -----------------------------------------
ip netns add "${NS}"; ns_created=1
ip link add "${VA}" type veth peer name "${VA}p"
ip link add "${VB}" type veth peer name "${VB}p"
ip link set "${VA}p" netns "${NS}"; ip link set "${VB}p" netns "${NS}"
ip addr add "${NET}.1/30" dev "${VA}"; ip link set "${VA}" up
ip addr add "${NET}.5/30" dev "${VB}"; ip link set "${VB}" up
ip netns exec "${NS}" ip addr add "${NET}.2/30" dev "${VA}p"
ip netns exec "${NS}" ip addr add "${NET}.6/30" dev "${VB}p"
ip netns exec "${NS}" ip link set "${VA}p" up
ip netns exec "${NS}" ip link set "${VB}p" up
ip netns exec "${NS}" ip link set lo up
ip netns exec "${NS}" tgtd -f >"${OUT}/tgtd.log" 2>&1 &
tgtd_pid=$!
for ((i = 0; i < 100; i++)); do tgtadm --mode system --op show >/dev/null 2>&1 && break; sleep 0.1; done
tgtadm --lld iscsi --mode target --op new --tid 1 --targetname "${IQN}"
fallocate -l 512M "${WORK}/lun1.img"
tgtadm --lld iscsi --mode logicalunit --op new --tid 1 --lun 1 --backing-store "${WORK}/lun1.img"
for p in MaxRecvDataSegmentLength=262144 MaxBurstLength=1048576 FirstBurstLength=262144 InitialR2T=No ImmediateData=Yes; do
  tgtadm --lld iscsi --mode target --op update --tid 1 --name "${p%%=*}" --value "${p#*=}"
done
tgtadm --lld iscsi --mode target --op bind --tid 1 --initiator-address ALL

# serve LAUNCHER CONFDIR ARGS...: starts a server on $WORK/s.sock, sets srv_pid
serve() {
  local launcher=$1 conf=$2; shift 2
  rm -f "${WORK}/s.sock"
  LUNBRIDGE_LOG_LEVEL=INFO "${launcher}" serve --target "${IQN}" --nbd "unix:${WORK}/s.sock" --config-dir "${conf}" \
    --initiator-name "iqn.2026-12.io.lunbridge.bench:host" "$@" >"${OUT}/serve.out" 2>>"${OUT}/serve.log" &
  srv_pid=$!
  for ((i = 0; i < 600; i++)); do
    grep -q '^listening on' "${OUT}/serve.out" 2>/dev/null && return 0
    kill -0 "${srv_pid}" 2>/dev/null || die "serve exited: $(tail -5 "${OUT}/serve.log")"
    sleep 0.1
  done
  die "serve did not come up in 60 s"
}
stop_serve() { stop_pid "${srv_pid}"; srv_pid=; }
fio_json() { # NAME OUTFILE ARGS...
  local name=$1 json=$2; shift 2
  fio --name="${name}" --ioengine=nbd --uri="nbd+unix:///?socket=${WORK}/s.sock" --size=512M --output-format=json \
    --output="${json}" "$@" >/dev/null
}
conf() { # DIR KEEPALIVE [plain]: a config dir with that keepalive interval and timeout (plain: no mpio.* key,
  mkdir -p "$1"   # for the baseline build, which refuses keys it does not know)
  printf 'session.keepalive-interval = %s\nsession.keepalive-timeout = %s\n' "$2" "$2" >"$1/lunbridge.conf"
  [[ ${3:-} == plain ]] || printf 'mpio.replacement-timeout = 60\n' >>"$1/lunbridge.conf"
}
TWO_PATHS=(--portal "${NET}.2" --portal "${NET}.6" --iface "${VA}" --iface "${VB}")
: >"${OUT}/rows.tsv"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- 1. failover time -----------------------------------------------------------------------------
if want failover; then
  for ka in 1 2; do
    conf "${WORK}/etc-ka${ka}" "${ka}"
    for ((r = 1; r <= ROUNDS; r++)); do
      serve "${root}/bin/lunbridge" "${WORK}/etc-ka${ka}" "${TWO_PATHS[@]}"
      ( sleep 4; ip link set "${VA}" down ) &
      pulled=$!
      fio_json failover "${OUT}/failover-ka${ka}-${r}.json" --rw=randwrite --bs=4k --iodepth=16 --time_based \
        --runtime="$((RUNTIME + 8))"
      wait "${pulled}"   # not a bare wait: the server is a child too
      ip link set "${VA}" up
      stop_serve
      printf 'failover\tka%s\t%s\t%s\n' "${ka}" "${r}" "${OUT}/failover-ka${ka}-${r}.json" >>"${OUT}/rows.tsv"
      log "failover keepalive ${ka} s round ${r} done"
    done
  done
fi

# --- 2. round-robin over two paths vs one path ----------------------------------------------------
if want round-robin; then
  conf "${WORK}/etc-rr" 5
  for ((r = 1; r <= ROUNDS; r++)); do
    for policy in failover round-robin; do
      serve "${root}/bin/lunbridge" "${WORK}/etc-rr" "${TWO_PATHS[@]}" --mpio-policy "${policy}"
      fio_json warm "${OUT}/warm.json" --rw=read --bs=1M --iodepth=16 --time_based --runtime=3
      fio_json rr "${OUT}/rr-${policy}-${r}.json" --rw=read --bs=1M --iodepth=16 --time_based --runtime="${RUNTIME}" --ramp_time=1
      stop_serve
      printf 'round-robin\t%s\t%s\t%s\n' "${policy}" "${r}" "${OUT}/rr-${policy}-${r}.json" >>"${OUT}/rows.tsv"
      log "round-robin ${policy} round ${r} done"
    done
  done
fi

# --- 3. cost of the multipath layer --------------------------------------------------------------
if want layer; then
  base_tree=$(mktemp -d /tmp/lunbridge-base.XXXXXX)
  rmdir "${base_tree}"
  git -C "${root}" worktree add -q --detach "${base_tree}" "${BASE}"
  (cd "${base_tree}" && mvn -q -B -o -DskipTests -pl packaging -am package >"${OUT}/base-build.log" 2>&1 \
    || mvn -q -B -DskipTests -pl packaging -am package >>"${OUT}/base-build.log" 2>&1) || die "cannot build ${BASE}"
  conf "${WORK}/etc-layer" 5 plain
  cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
  for ((r = 1; r <= ROUNDS; r++)); do
    for build in mpio bare; do
      if [[ ${build} == mpio ]]; then launcher=${root}/bin/lunbridge; else launcher=${base_tree}/bin/lunbridge; fi
      serve "${launcher}" "${WORK}/etc-layer" --portal "${NET}.2"
      fio_json warm "${OUT}/warm.json" --rw=randread --bs=4k --iodepth=32 --time_based --runtime=4
      before=$(cpu_ticks "${srv_pid}")
      fio_json layer "${OUT}/layer-${build}-${r}.json" --rw=randread --bs=4k --iodepth=32 --time_based \
        --runtime="${RUNTIME}" --ramp_time=1
      after=$(cpu_ticks "${srv_pid}")
      stop_serve
      printf 'layer\t%s\t%s\t%s\t%s\n' "${build}" "${r}" "${OUT}/layer-${build}-${r}.json" "$((after - before))" >>"${OUT}/rows.tsv"
      log "layer ${build} round ${r} done"
    done
  done
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "# lunbridge multipath bench, fio $(fio --version), $(nproc) cores, kernel $(uname -r)"
echo "load average before ${load_before}, after ${load_after}; ${RUNTIME} s runs, ${ROUNDS} rounds; raw data in ${OUT}"
python3 - "${OUT}/rows.tsv" "$(getconf CLK_TCK)" <<'PY'
import json, sys, collections
tck = float(sys.argv[2])
rows = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    job = json.load(open(f[3]))["jobs"][0]
    rw = job["read"] if job["read"]["io_bytes"] > job["write"]["io_bytes"] else job["write"]
    v = dict(iops=rw["iops"], mbs=rw["bw_bytes"] / 1e6, max_ms=rw["clat_ns"]["max"] / 1e6,
             errors=job.get("error", 0), ios=rw["total_ios"])
    if len(f) > 4:
        v["cpu_us_per_io"] = int(f[4]) / tck * 1e6 / max(1, rw["total_ios"])
    rows[f[0]][f[1]].append(v)
mean = lambda xs, k: sum(x[k] for x in xs) / len(xs)
if "failover" in rows:
    print("\n| keepalive interval | longest I/O during failover (ms), per run | x interval | fio errors |")
    print("|---|---|---:|---:|")
    for ka, xs in sorted(rows["failover"].items()):
        s = int(ka[2:])
        print("| %d s | %s | %.2f | %d |" % (s, " ".join("%.0f" % x["max_ms"] for x in xs),
              max(x["max_ms"] for x in xs) / 1000 / s, sum(x["errors"] for x in xs)))
if "round-robin" in rows:
    r = rows["round-robin"]
    print("\n| 1M QD16 seq read | MB/s per run | mean |")
    print("|---|---|---:|")
    for p in ("failover", "round-robin"):
        print("| %s | %s | %.0f |" % (p, " ".join("%.0f" % x["mbs"] for x in r[p]), mean(r[p], "mbs")))
    print("ratio round-robin / one path: %.2f" % (mean(r["round-robin"], "mbs") / mean(r["failover"], "mbs")))
if "layer" in rows:
    r = rows["layer"]
    print("\n| 4k QD32 rand read | IOPS per run | mean IOPS | server CPU µs per I/O |")
    print("|---|---|---:|---:|")
    for b in ("bare", "mpio"):
        print("| %s | %s | %.0f | %.1f |" % ("MultipathDevice, one path" if b == "mpio" else "bare LogicalUnit (" + "base)",
              " ".join("%.0f" % x["iops"] for x in r[b]), mean(r[b], "iops"), mean(r[b], "cpu_us_per_io")))
    print("ratio multipath / bare: IOPS %.2f, CPU per I/O %.2f" % (mean(r["mpio"], "iops") / mean(r["bare"], "iops"),
          mean(r["mpio"], "cpu_us_per_io") / mean(r["bare"], "cpu_us_per_io")))
PY
