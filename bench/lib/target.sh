# bench/lib/target.sh - sourced by the bench scripts: a tgtd target in its own network namespace,
# reached from the host over one veth pair, and a cleanup that undoes everything on every exit path
# by the names and PIDs recorded (never by process name).
#
#   source "${root}/bench/lib/target.sh"
#   bench_init NAME                  # root check, WORK (tmpfs) and OUT dirs, traps
#   bench_on_exit 'command ...'      # run at exit, last registered first
#   bench_stop_pid PID NAME          # SIGTERM, wait up to 40 s, SIGKILL
#   bench_target NET IQN             # namespace + veth (NET.1 host, NET.2 target) + tgtd, tid 1
#   bench_lun N SIZE [allocate]      # LUN N backed by WORK/lunN.img (allocate: fallocate, not sparse)
#   bench_pin_params                 # the tuned parameters every bench pins (BENCH_PARAMS)
#   bench_target_ready               # bind the target to every initiator
# After bench_target: TARGET_ADDR, HOST_ADDR, BENCH_NS, BENCH_TGTD_PID are set; TGT_IPC_SOCKET is
# exported so tgtadm talks to this tgtd only.

bench_log() { printf 'bench: %s\n' "$*" >&2; }
bench_die() { bench_log "error: $*"; exit 1; }

BENCH_EXIT=()
bench_on_exit() { BENCH_EXIT+=("$1"); }

bench_cleanup() {
  local status=$? i
  trap - EXIT INT TERM
  for ((i = ${#BENCH_EXIT[@]} - 1; i >= 0; i--)); do
    eval "${BENCH_EXIT[i]}" || true
  done
  exit "${status}"
}

bench_stop_pid() {
  local pid=$1 name=$2 i
  [[ -n ${pid} ]] && kill -0 "${pid}" 2>/dev/null || return 0
  kill -TERM "${pid}" 2>/dev/null || true
  for ((i = 0; i < 400; i++)); do kill -0 "${pid}" 2>/dev/null || return 0; sleep 0.1; done
  bench_log "${name} (pid ${pid}) ignored SIGTERM; SIGKILL"
  kill -KILL "${pid}" 2>/dev/null || true
}

bench_init() {
  local name=$1
  [[ ${EUID} -eq 0 ]] || bench_die "must run as root (ip netns, tgtd)"
  WORK=$(mktemp -d "/dev/shm/lunbridge-${name}.XXXXXX")
  OUT=${OUT:-$(mktemp -d "/tmp/lunbridge-${name}.XXXXXX")}
  export TGT_IPC_SOCKET=${WORK}/mgmt
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  bench_on_exit 'rm -rf "${WORK}"'
}

bench_target() {
  local net=$1 iqn=$2 i
  HOST_ADDR=${net}.1
  TARGET_ADDR=${net}.2
  BENCH_IQN=${iqn}
  BENCH_NS=lbbench-$$
  local vh=lbb$$h vp=lbb$$p
  if ip -4 -o addr | awk '{print $4}' | grep -q "^${net}\."; then
    bench_die "${net}.0/30 is already configured on this host; choose another with NET=a.b.c"
  fi
  ip netns add "${BENCH_NS}"
  bench_on_exit "ip netns del ${BENCH_NS} 2>/dev/null"
  ip link add "${vh}" type veth peer name "${vp}"
  bench_on_exit "ip link del ${vh} 2>/dev/null"
  ip link set "${vp}" netns "${BENCH_NS}"
  ip addr add "${HOST_ADDR}/30" dev "${vh}"; ip link set "${vh}" up
  ip netns exec "${BENCH_NS}" ip addr add "${TARGET_ADDR}/30" dev "${vp}"
  ip netns exec "${BENCH_NS}" ip link set "${vp}" up
  ip netns exec "${BENCH_NS}" ip link set lo up
  ip netns exec "${BENCH_NS}" tgtd -f >"${OUT}/tgtd.log" 2>&1 &
  BENCH_TGTD_PID=$!
  bench_on_exit 'bench_stop_tgtd'
  for ((i = 0; i < 100; i++)); do tgtadm --mode system --op show >/dev/null 2>&1 && break; sleep 0.1; done
  tgtadm --lld iscsi --mode target --op new --tid 1 --targetname "${iqn}"
}

bench_stop_tgtd() {
  if [[ -n ${BENCH_TGTD_PID:-} ]] && kill -0 "${BENCH_TGTD_PID}" 2>/dev/null; then
    tgtadm --lld iscsi --mode target --op delete --force --tid 1 >/dev/null 2>&1 || true
    tgtadm --mode system --op delete >/dev/null 2>&1 || true
    bench_stop_pid "${BENCH_TGTD_PID}" tgtd
  fi
}

bench_lun() {
  local n=$1 size=$2 allocate=${3:-}
  if [[ ${allocate} == allocate ]]; then
    fallocate -l "${size}" "${WORK}/lun${n}.img"   # reads hit real tmpfs pages, not holes
  else
    truncate -s "${size}" "${WORK}/lun${n}.img"
  fi
  tgtadm --lld iscsi --mode logicalunit --op new --tid 1 --lun "${n}" --backing-store "${WORK}/lun${n}.img"
}

declare -A BENCH_PARAMS=([MaxRecvDataSegmentLength]=262144 [MaxBurstLength]=1048576 [FirstBurstLength]=262144
                         [InitialR2T]=No [ImmediateData]=Yes [MaxOutstandingR2T]=1)
bench_pin_params() {
  local p
  for p in "${!BENCH_PARAMS[@]}"; do
    tgtadm --lld iscsi --mode target --op update --tid 1 --name "${p}" --value "${BENCH_PARAMS[${p}]}"
  done
}

bench_target_ready() {
  tgtadm --lld iscsi --mode target --op bind --tid 1 --initiator-address ALL
}

bench_machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r),"
  echo "  $(java -version 2>&1 | head -1)"
  echo "target: tgtd $(tgtd --version 2>/dev/null | head -1 || echo '?'), pinned:"
  local p
  for p in "${!BENCH_PARAMS[@]}"; do echo "  ${p}=${BENCH_PARAMS[${p}]}"; done | sort
}
