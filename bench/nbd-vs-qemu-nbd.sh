#!/usr/bin/env bash
# lunbridge serve vs qemu-nbd (libiscsi) on the same tmpfs-backed tgtd LUN, measured with fio's nbd
# engine, interleaved A/B/A/B in one run (separate runs on a shared 2-core machine move by ±30 %).
#
# Prints, per fio job: MB/s, IOPS, clat p50/p99, the server's CPU seconds (utime+stime from
# /proc/PID/stat) per GB moved, and the ratio lunbridge/qemu-nbd; then lunbridge's RSS with 8 LUNs
# exported. Raw fio JSON and the servers' logs stay in $OUT (default: a new /tmp/lunbridge-bench.*).
#
# Needs root (ip netns, tgtd). Environment:
#   RUNTIME=10        seconds per fio run          ROUNDS=2     A/B pairs per job
#   NET=198.19.250    /30 used: .1 host, .2 target (must be unused; checked)
#   SKIP_DEPS=1       do not run scripts/install-deps.sh
#   ONLY=REGEX        run only the fio jobs whose name matches (e.g. ONLY=seq-write)
#   LUNBRIDGE_JAVA_OPTS  extra JVM options (bin/lunbridge passes them on)
#   LUNS=8            LUNs the target has and lunbridge exports (fio uses LUN 1; the RSS line says how
#                     many); bench/rss-by-lun-count.sh runs this script for 8, 32 and 128
#   NMT=1             after the runs, save jcmd VM.native_memory summary and GC.heap_info in $OUT (with
#                     LUNBRIDGE_JAVA_OPTS=-XX:NativeMemoryTracking=summary)
#   ALLOC=1           record each lunbridge run with JFR (jcmd JFR.start/stop around it) and print
#                     bytes allocated per I/O and the top allocation sites (bench/alloc-per-io.py)
# Everything it creates (namespace, veth, tgtd, both servers, tmpfs files) is removed on every exit
# path, by the names and PIDs it recorded.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib/target.sh
source "${root}/bench/lib/target.sh"
RUNTIME=${RUNTIME:-10}
ROUNDS=${ROUNDS:-2}
NET=${NET:-198.19.250}
IQN=iqn.2026-11.io.lunbridge.bench:disk
LUN_SIZE=1G
LUNS=${LUNS:-8}
[[ ${LUNS} =~ ^[0-9]+$ && ${LUNS} -ge 1 && ${LUNS} -le 255 ]] || { echo "bench: LUNS=${LUNS}: expected 1..255" >&2; exit 2; }
EXTRA_LUNS=$((LUNS - 1))   # LUNs 2..LUNS, 64 MiB sparse each (for the RSS row)
log() { bench_log "$@"; }
die() { bench_die "$@"; }

bench_init bench
if [[ -z ${SKIP_DEPS:-} ]]; then
  "${root}/scripts/install-deps.sh"
fi
for tool in tgtd tgtadm qemu-nbd fio python3 java; do command -v "${tool}" >/dev/null || die "${tool} missing"; done
[[ -f /usr/lib/x86_64-linux-gnu/qemu/block-iscsi.so ]] || die "qemu-block-extra (block-iscsi.so) missing"

# --- target: tgtd in a namespace, tmpfs LUNs, pinned parameters --------------------------------
bench_target "${NET}" "${IQN}"
bench_lun 1 "${LUN_SIZE}" allocate
for ((l = 2; l <= EXTRA_LUNS + 1; l++)); do
  bench_lun "${l}" 64M
done
bench_pin_params
bench_target_ready
lb_pid= qn_pid=
bench_on_exit 'bench_stop_pid "${lb_pid}" "lunbridge serve"; bench_stop_pid "${qn_pid}" qemu-nbd'

# --- the two servers, both up for the whole run ------------------------------------------------
LUNBRIDGE_LOG_LEVEL=INFO "${root}/bin/lunbridge" serve --portal "${TARGET_ADDR}" --target "${IQN}" \
  --nbd "unix:${WORK}/lb.sock" --config-dir "${WORK}/etc" --initiator-name "${IQN%:*}:bench-lunbridge" \
  >"${OUT}/lunbridge.out" 2>"${OUT}/lunbridge.log" &
lb_pid=$!                              # bin/lunbridge execs java: this is the JVM
qemu-nbd -t -e 8 --cache=none -k "${WORK}/qn.sock" --image-opts \
  "driver=iscsi,transport=tcp,portal=${TARGET_ADDR}:3260,target=${IQN},lun=1,initiator-name=${IQN%:*}:bench-qemu" \
  >"${OUT}/qemu-nbd.log" 2>&1 &
qn_pid=$!
for ((i = 0; i < 600; i++)); do
  [[ -S ${WORK}/lb.sock && -S ${WORK}/qn.sock ]] && grep -q '^listening on' "${OUT}/lunbridge.out" && break
  kill -0 "${lb_pid}" 2>/dev/null || die "lunbridge serve exited: $(tail -5 "${OUT}/lunbridge.log")"
  kill -0 "${qn_pid}" 2>/dev/null || die "qemu-nbd exited: $(tail -5 "${OUT}/qemu-nbd.log")"
  sleep 0.1
done
[[ -S ${WORK}/lb.sock && -S ${WORK}/qn.sock ]] || die "servers did not come up in 60 s"
LB_URI="nbd+unix:///${IQN}/lun1?socket=${WORK}/lb.sock"
QN_URI="nbd+unix:///?socket=${WORK}/qn.sock"
rss_idle=$(awk '/^VmRSS/ {print $2}' "/proc/${lb_pid}/status")
hwm_at() { awk '/^VmHWM/ {printf "%d", $2 / 1024}' "/proc/${lb_pid}/status"; }
hwm_stages="idle $(hwm_at)"

# Not measured: fill the LUN once so reads move real data, through lunbridge, then warm its JIT up
# (a profile of a cold first run showed 60 % of lunbridge's CPU in the C1/C2 compiler threads).
fio --name=fill --ioengine=nbd --uri="${LB_URI}" --rw=write --bs=1M --iodepth=16 --size="${LUN_SIZE}" \
  --output="${OUT}/fill.txt" >/dev/null
hwm_stages+=", fill $(hwm_at)"
fio --name=warm-4k --ioengine=nbd --uri="${LB_URI}" --rw=randrw --bs=4k --iodepth=32 --size="${LUN_SIZE}" \
  --time_based --runtime=8 --output="${OUT}/warm-4k.txt" >/dev/null
hwm_stages+=", warm-4k $(hwm_at)"
fio --name=warm-1M --ioengine=nbd --uri="${LB_URI}" --rw=read --bs=1M --iodepth=16 --size="${LUN_SIZE}" \
  --time_based --runtime=4 --output="${OUT}/warm-1M.txt" >/dev/null
hwm_stages+=", warm-1M $(hwm_at)"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)
JOBS=(
  "seq-read-1M-qd16:--rw=read --bs=1M --iodepth=16"
  "seq-write-1M-qd16:--rw=write --bs=1M --iodepth=16"
  "rand-read-4k-qd32:--rw=randread --bs=4k --iodepth=32"
  "rand-write-4k-qd32:--rw=randwrite --bs=4k --iodepth=32"
  "rand-read-4k-qd1:--rw=randread --bs=4k --iodepth=1"
)
if [[ ${ALLOC:-0} == 1 ]]; then
  # JFR's profile settings with allocation samples at 20000/s instead of 300/s: each sample carries
  # the bytes since the previous one, so few samples pin a whole TLAB's worth on a random site
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  sed '/"jdk.ObjectAllocationSample"/,/<\/event>/ s#<setting name="throttle"[^>]*>[^<]*<#<setting name="throttle">20000/s<#' \
    "${java_home}/lib/jfr/profile.jfc" >"${OUT}/alloc.jfc"
  grep -q '20000/s' "${OUT}/alloc.jfc" || die "could not derive the JFR settings from ${java_home}/lib/jfr/profile.jfc"
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"${OUT}/runs.tsv"
for job in "${JOBS[@]}"; do
  name=${job%%:*}; args=${job#*:}
  [[ -z ${ONLY:-} || ${name} =~ ${ONLY} ]] || continue
  for ((r = 1; r <= ROUNDS; r++)); do
    for server in lunbridge qemu-nbd; do
      if [[ ${server} == lunbridge ]]; then uri=${LB_URI} pid=${lb_pid}; else uri=${QN_URI} pid=${qn_pid}; fi
      json="${OUT}/${name}-${server}-${r}.json"
      if [[ ${ALLOC:-0} == 1 && ${server} == lunbridge ]]; then
        jcmd "${pid}" JFR.start name=alloc settings="${OUT}/alloc.jfc" filename="${json%.json}.jfr" >/dev/null
      fi
      before=$(cpu_ticks "${pid}")
      # shellcheck disable=SC2086 # args are word lists on purpose
      fio --name="${name}" --ioengine=nbd --uri="${uri}" ${args} --size="${LUN_SIZE}" --time_based \
        --runtime="${RUNTIME}" --ramp_time=1 --output-format=json --output="${json}" >/dev/null
      after=$(cpu_ticks "${pid}")
      if [[ ${ALLOC:-0} == 1 && ${server} == lunbridge ]]; then
        jcmd "${pid}" JFR.stop name=alloc >/dev/null
      fi
      printf '%s\t%s\t%s\t%s\t%s\n' "${name}" "${server}" "${r}" "$((after - before))" "${json}" >>"${OUT}/runs.tsv"
      [[ ${server} == lunbridge ]] && hwm_stages+=", ${name}-${r} $(hwm_at)"
      log "${name} ${server} round ${r} done"
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rss_after=$(awk '/^VmRSS/ {print $2}' "/proc/${lb_pid}/status")
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/${lb_pid}/status")
qn_hwm=$(awk '/^VmHWM/ {print $2}' "/proc/${qn_pid}/status")
if [[ ${NMT:-0} == 1 ]]; then   # needs LUNBRIDGE_JAVA_OPTS=-XX:NativeMemoryTracking=summary
  jcmd "${lb_pid}" VM.native_memory summary >"${OUT}/nmt.txt" 2>&1 || true
  jcmd "${lb_pid}" GC.heap_info >"${OUT}/heap.txt" 2>&1 || true
  grep -E '^(Vm|Rss)' "/proc/${lb_pid}/status" >"${OUT}/status.txt"
fi

echo "# lunbridge serve vs qemu-nbd $(qemu-nbd --version | head -1 | awk '{print $2}') (libiscsi), fio $(fio --version)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r),"
echo "  $(java -version 2>&1 | head -1), load average before ${load_before}, after ${load_after}"
echo "target: tgtd $(tgtd --version 2>/dev/null | head -1 || echo '?'), LUN ${LUN_SIZE} on tmpfs, pinned:"
for p in "${!BENCH_PARAMS[@]}"; do echo "  ${p}=${BENCH_PARAMS[${p}]}"; done | sort
echo "lunbridge negotiated: $(grep -o 'SessionParameters\[[^]]*\]' "${OUT}/lunbridge.log" | head -1)"
echo "lunbridge JVM: $(tr '\0' ' ' <"/proc/${lb_pid}/cmdline" | sed 's/ -jar .*//')"
echo "lunbridge glibc malloc settings: $(tr '\0' '\n' <"/proc/${lb_pid}/environ" | grep '^MALLOC_' | sort | xargs)"
echo "runs: ${RUNTIME} s each (+1 s ramp), ${ROUNDS} rounds, order lunbridge/qemu-nbd/lunbridge/qemu-nbd; means below"
echo
python3 "${root}/bench/lib/report.py" "${OUT}/runs.tsv" "${CLK_TCK}" lunbridge lunbridge qemu-nbd qemu-nbd 1.2
echo
echo "lunbridge RSS with $((EXTRA_LUNS + 1)) LUNs exported: VmRSS idle $((rss_idle / 1024)) MiB, after the runs $((rss_after / 1024)) MiB, peak (VmHWM) $((hwm / 1024)) MiB (goal ≤ 128 MiB with 8)"
echo "lunbridge VmHWM (MiB) after each stage: ${hwm_stages}"
echo "qemu-nbd RSS (one process exports one LUN): peak (VmHWM) $((qn_hwm / 1024)) MiB"
printf 'rss-kib\tluns=%s\tlunbridge-idle=%s\tlunbridge-after=%s\tlunbridge-hwm=%s\tqemu-nbd-hwm=%s\tload-after=%s\n' \
  "$((EXTRA_LUNS + 1))" "${rss_idle}" "${rss_after}" "${hwm}" "${qn_hwm}" "${load_after// /,}"
if [[ ${ALLOC:-0} == 1 ]]; then
  echo
  echo "lunbridge allocation per I/O (JFR, recording = fio run incl. its 1 s ramp):"
  while IFS=$'\t' read -r name server rnd _ json; do
    [[ ${server} == lunbridge ]] || continue
    python3 "${root}/bench/alloc-per-io.py" "${json%.json}.jfr" "${json}" "${name} round ${rnd}"
  done <"${OUT}/runs.tsv"
fi
echo "raw results: ${OUT}"
