#!/usr/bin/env bash
# The path users get on a host without kernel nbd: `lunbridge attach --mode fuse-loop` (iSCSI ->
# FUSE file -> direct-I/O loop device) against the fairest kernel-less peer built from Debian
# packages: qemu-nbd with libiscsi, nbdfuse (libnbd) exposing its export as a FUSE file, and the
# same losetup over that file. Both read and write the same tmpfs-backed tgtd LUN; fio (libaio,
# direct) runs on each /dev/loopN, interleaved A/B/A/B in one run (separate runs on a shared 2-core
# machine move by ±30 %).
#
# Prints per fio job: MB/s, IOPS, clat p50/p99, the user-space CPU seconds per GB moved (lunbridge's
# JVM; qemu-nbd + nbdfuse for the peer; the loop and FUSE kernel work is the same kind on both
# sides and not counted), and the ratio lunbridge/peer; the loop devices' direct-I/O state.
# Raw fio JSON and the logs stay in $OUT (default: a new /tmp/lunbridge-attach.*).
#
# Needs root (ip netns, tgtd, FUSE, loop). Environment:
#   RUNTIME=10   seconds per fio run      ROUNDS=2   A/B pairs per job
#   NET=198.19.252  /30 used: .1 host, .2 target (must be unused; checked)
#   SKIP_DEPS=1  do not run scripts/install-deps.sh      ONLY=REGEX  only the fio jobs matching
#   LUNBRIDGE_JAVA_OPTS  extra JVM options (bin/lunbridge passes them on)
# Everything it creates (namespace, veth, tgtd, both stacks, loop devices, FUSE mounts, tmpfs
# files) is removed on every exit path, by the names and PIDs it recorded.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib/target.sh
source "${root}/bench/lib/target.sh"
RUNTIME=${RUNTIME:-10}
ROUNDS=${ROUNDS:-2}
NET=${NET:-198.19.252}
IQN=iqn.2026-12.io.lunbridge.bench:attach
LUN_SIZE=1G

bench_init attach
if [[ -z ${SKIP_DEPS:-} ]]; then
  "${root}/scripts/install-deps.sh"
fi
for tool in tgtd tgtadm qemu-nbd nbdfuse fusermount3 losetup fio python3 java; do
  command -v "${tool}" >/dev/null || bench_die "${tool} missing"
done
[[ -f /usr/lib/x86_64-linux-gnu/qemu/block-iscsi.so ]] || bench_die "qemu-block-extra (block-iscsi.so) missing"

bench_target "${NET}" "${IQN}"
bench_lun 1 "${LUN_SIZE}" allocate
bench_pin_params
bench_target_ready

# --- lunbridge: attach --mode fuse-loop ---------------------------------------------------------
lb_pid=
LUNBRIDGE_LOG_LEVEL=INFO "${root}/bin/lunbridge" attach --mode fuse-loop --portal "${TARGET_ADDR}" \
  --target "${IQN}" --lun 1 --mount-dir "${WORK}/lbmnt" --config-dir "${WORK}/etc" \
  --initiator-name "${IQN%:*}:bench-lunbridge" >"${OUT}/lunbridge.out" 2>"${OUT}/lunbridge.log" &
lb_pid=$!                              # bin/lunbridge execs java: this is the JVM
bench_on_exit 'bench_stop_pid "${lb_pid}" "lunbridge attach"'
lb_dev=
for ((i = 0; i < 600; i++)); do
  lb_dev=$(grep -o '/dev/loop[0-9]*' "${OUT}/lunbridge.out" | head -1 || true)
  [[ -n ${lb_dev} ]] && break
  kill -0 "${lb_pid}" 2>/dev/null || bench_die "lunbridge attach exited: $(tail -5 "${OUT}/lunbridge.log")"
  sleep 0.1
done
[[ -n ${lb_dev} ]] || bench_die "lunbridge attach printed no loop device in 60 s"

# --- the peer: qemu-nbd (libiscsi) + nbdfuse + losetup -----------------------------------------
qn_pid= nf_pid= peer_dev=
qemu-nbd -t -e 8 --cache=none -k "${WORK}/qn.sock" --image-opts \
  "driver=iscsi,transport=tcp,portal=${TARGET_ADDR}:3260,target=${IQN},lun=1,initiator-name=${IQN%:*}:bench-qemu" \
  >"${OUT}/qemu-nbd.log" 2>&1 &
qn_pid=$!
bench_on_exit 'bench_stop_pid "${qn_pid}" qemu-nbd'
for ((i = 0; i < 600; i++)); do [[ -S ${WORK}/qn.sock ]] && break; sleep 0.1; done
[[ -S ${WORK}/qn.sock ]] || bench_die "qemu-nbd did not come up: $(tail -5 "${OUT}/qemu-nbd.log")"
mkdir -p "${WORK}/nfmnt"
nbdfuse -P "${WORK}/nbdfuse.pid" "${WORK}/nfmnt/disk" --unix "${WORK}/qn.sock" >"${OUT}/nbdfuse.log" 2>&1 &
bench_on_exit 'fusermount3 -u "${WORK}/nfmnt" 2>/dev/null; [[ -n ${nf_pid} ]] && bench_stop_pid "${nf_pid}" nbdfuse'
for ((i = 0; i < 600; i++)); do [[ -s ${WORK}/nbdfuse.pid ]] && break; sleep 0.1; done
[[ -s ${WORK}/nbdfuse.pid ]] || bench_die "nbdfuse did not come up: $(tail -5 "${OUT}/nbdfuse.log")"
nf_pid=$(cat "${WORK}/nbdfuse.pid")
peer_dev=$(losetup --find --show --direct-io=on --sector-size 512 "${WORK}/nfmnt/disk")
bench_on_exit 'losetup -d "${peer_dev}" 2>/dev/null'
dio() { cat "/sys/block/${1#/dev/}/loop/dio"; }

# Not measured: fill the LUN once so reads move real data, then warm lunbridge's JIT up.
fio --name=fill --ioengine=libaio --direct=1 --filename="${lb_dev}" --rw=write --bs=1M --iodepth=16 \
  --size="${LUN_SIZE}" --output="${OUT}/fill.txt" >/dev/null
fio --name=warm-4k --ioengine=libaio --direct=1 --filename="${lb_dev}" --rw=randrw --bs=4k --iodepth=32 \
  --size="${LUN_SIZE}" --time_based --runtime=8 --output="${OUT}/warm-4k.txt" >/dev/null

cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/${p}/stat"))); done; echo "${t}"; }
CLK_TCK=$(getconf CLK_TCK)
JOBS=(
  "seq-read-1M-qd16:--rw=read --bs=1M --iodepth=16"
  "seq-write-1M-qd16:--rw=write --bs=1M --iodepth=16"
  "rand-read-4k-qd32:--rw=randread --bs=4k --iodepth=32"
  "rand-write-4k-qd32:--rw=randwrite --bs=4k --iodepth=32"
  "rand-read-4k-qd1:--rw=randread --bs=4k --iodepth=1"
)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"${OUT}/runs.tsv"
for job in "${JOBS[@]}"; do
  name=${job%%:*}; args=${job#*:}
  [[ -z ${ONLY:-} || ${name} =~ ${ONLY} ]] || continue
  for ((r = 1; r <= ROUNDS; r++)); do
    for side in lunbridge peer; do
      if [[ ${side} == lunbridge ]]; then dev=${lb_dev} pids=("${lb_pid}"); else dev=${peer_dev} pids=("${qn_pid}" "${nf_pid}"); fi
      json="${OUT}/${name}-${side}-${r}.json"
      before=$(cpu_ticks "${pids[@]}")
      # shellcheck disable=SC2086 # args are word lists on purpose
      fio --name="${name}" --ioengine=libaio --direct=1 --filename="${dev}" ${args} --size="${LUN_SIZE}" \
        --time_based --runtime="${RUNTIME}" --ramp_time=1 --output-format=json --output="${json}" >/dev/null
      after=$(cpu_ticks "${pids[@]}")
      printf '%s\t%s\t%s\t%s\t%s\n' "${name}" "${side}" "${r}" "$((after - before))" "${json}" >>"${OUT}/runs.tsv"
      bench_log "${name} ${side} round ${r} done"
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/${lb_pid}/status")

echo "# lunbridge attach --mode fuse-loop vs qemu-nbd $(qemu-nbd --version | head -1 | awk '{print $2}') (libiscsi)"
echo "#   + nbdfuse $(nbdfuse --version 2>&1 | head -1 | awk '{print $2}') + losetup, fio $(fio --version) (libaio, direct)"
bench_machine
echo "load average before ${load_before}, after ${load_after}; LUN ${LUN_SIZE} on tmpfs"
echo "loop devices: lunbridge ${lb_dev} dio=$(dio "${lb_dev}"), peer ${peer_dev} dio=$(dio "${peer_dev}")"
echo "runs: ${RUNTIME} s each (+1 s ramp), ${ROUNDS} rounds, order lunbridge/peer/lunbridge/peer; means below"
echo
python3 "${root}/bench/lib/report.py" "${OUT}/runs.tsv" "${CLK_TCK}" lunbridge "lunbridge attach" peer "qemu-nbd+nbdfuse"
echo
echo "lunbridge attach peak RSS (VmHWM): $((hwm / 1024)) MiB"
echo "raw results: ${OUT}"
