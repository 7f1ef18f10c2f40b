#!/usr/bin/env bash
# Wall time of `lunbridge discover` with discovery.policy = slp (RFC 2608 default timers), against
# the replaying responder of the openslp captures (it-tests SlpReplayResponder), in four cases:
#   da-configured   slp.directory-agents names the DA; it answers at once
#   da-multicast    no DA configured; the DA answers multicast DA discovery at once
#   dead-da         slp.directory-agents names an address where nothing listens on UDP 427
#                   (ICMP port unreachable); two SAs answer the multicast fallback
#   sas-only        no DA configured, none answers; two SAs answer multicast convergence
# Each case runs ROUNDS times; prints each wall time (JVM start included) and the heading
# `discover` printed, then the median per case. Then the lookup alone (SlpUserAgent.findTargets in
# one warm JVM, it-tests SlpTimings), which JVM start and machine load disturb far less. With COMPARE set, each round runs that CLI right
# after LUNBRIDGE (interleaved A/B, so both see the same machine load: separate runs on a shared
# 2-core machine differ by far more than the effect). Measures, asserts nothing.
#
# Needs root (ip netns). Environment:
#   ROUNDS=3               runs per case           ONLY=REGEX  run only the matching cases
#   NET=198.19.251         /24 used inside the namespaces (must be unused here; checked)
#   LUNBRIDGE=bin/lunbridge  the CLI to time
#   COMPARE=PATH           a second CLI (e.g. another checkout's bin/lunbridge), timed interleaved
#   COMPARE_CLASSES=DIR    that checkout's protocol/target/classes, for the lookup-alone timings
#   KEEP=1                 keep the work directory (responder logs, discover's stdout/stderr)
#   LUNBRIDGE_LOG_LEVEL=INFO  lunbridge's log level (its stderr is kept in err-CASE)
# The UA runs in its own namespace whose multicast route leads to a bridge joining the responders'
# namespaces, so no SLP multicast leaves them. Everything it creates (namespaces, responders, files)
# is removed on every exit path, by the names and PIDs it recorded.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=${ROUNDS:-3}
NET=${NET:-198.19.251}
LUNBRIDGE=${LUNBRIDGE:-${root}/bin/lunbridge}
TAG=lbslp$$
UA_NS=${TAG}-ua
UA_ADDR=${NET}.100
WORK=$(mktemp -d /tmp/lunbridge-slp-bench.XXXXXX)
CAPTURES=${root}/protocol/src/test/resources/slp
SYNTHETIC=${root}/it-tests/src/test/resources/slp/90-synthetic-replies.hex

log() { printf 'slp-bench: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ ${EUID} -eq 0 ]] || die "must run as root (ip netns)"

namespaces=() pids=()
cleanup() {
  local status=$? pid ns
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "${pid}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "${pid}" 2>/dev/null || true; done
  for ns in "${namespaces[@]}"; do ip netns del "${ns}" 2>/dev/null || true; done
  if [[ -n ${KEEP:-} ]]; then log "kept ${WORK}"; else rm -rf "${WORK}"; fi
  exit "${status}"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ip -4 -o addr | awk '{print $4}' | grep -q "^${NET}\."; then
  die "${NET}.0/24 is already configured on this host; choose another with NET=a.b.c"
fi
[[ -x ${LUNBRIDGE} ]] || die "LUNBRIDGE=${LUNBRIDGE} is not executable"
clis=("${LUNBRIDGE}")
if [[ -n ${COMPARE:-} ]]; then
  [[ -x ${COMPARE} ]] || die "COMPARE=${COMPARE} is not executable"
  clis+=("${COMPARE}")
fi

# --- the responder's class path (it-tests test classes), built without installing --------------
log "building the responder (it-tests test classes) ..."
(cd "${root}" && mvn -q -B -o -pl it-tests -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    "-Dmdep.outputFile=${WORK}/cp-\${project.artifactId}.txt" >"${WORK}/build.log" 2>&1) \
  || { cat "${WORK}/build.log" >&2; die "build failed"; }
CP=${root}/it-tests/target/test-classes:$(cat "${WORK}/cp-lunbridge-it-tests.txt")
for cli in "${clis[@]}"; do "${cli}" --help >/dev/null 2>&1 || true; done   # builds each jar once, untimed

# --- network: UA namespace with a bridge; one namespace per agent -------------------------------
ip netns add "${UA_NS}"; namespaces+=("${UA_NS}")
ip -n "${UA_NS}" link set lo up
ip -n "${UA_NS}" link add br0 type bridge mcast_snooping 0
ip -n "${UA_NS}" addr add "${UA_ADDR}/24" dev br0
ip -n "${UA_NS}" link set br0 up
ip -n "${UA_NS}" route add 224.0.0.0/4 dev br0
agent_ns() { # NAME HOST_OCTET: a namespace on the bridge with NET.HOST_OCTET
  local ns=${TAG}-$1 addr=${NET}.$2 n=${#namespaces[@]}
  ip netns add "${ns}"; namespaces+=("${ns}")
  ip -n "${UA_NS}" link add "b${n}" type veth peer name eth0 netns "${ns}"
  ip -n "${UA_NS}" link set "b${n}" master br0 up
  ip -n "${ns}" link set lo up
  ip -n "${ns}" addr add "${addr}/24" dev eth0
  ip -n "${ns}" link set eth0 up
  ip -n "${ns}" route add 224.0.0.0/4 dev eth0
}
agent_ns da 1; agent_ns dead 2; agent_ns sa1 11; agent_ns sa2 12

responder_pid=()
start_responder() { # NS ROLE ADDR FILES: the responder playing capture address ROLE
  local ns=$1 role=$2 addr=$3 files=$4 out=${WORK}/responder-$1.log fifo=${WORK}/control-$1
  rm -f "${fifo}"; mkfifo "${fifo}"
  ip netns exec "${ns}" java -cp "${CP}" io.lunbridge.it.slp.SlpReplayResponder --captures "${CAPTURES}" \
      --files "${files}" --role "${role}" --address "${addr}" --control "${fifo}" \
      --map 198.18.4.1="${NET}.1" --map 198.18.4.11="${NET}.11" --map 198.18.4.12="${NET}.12" >"${out}" 2>&1 &
  pids+=($!); responder_pid+=($!)
  local i
  for ((i = 0; i < 300; i++)); do grep -q '^READY' "${out}" && return 0; sleep 0.1; done
  die "responder in ${ns} did not start: $(tail -5 "${out}")"
}
stop_responders() {
  local pid
  for pid in "${responder_pid[@]}"; do kill -TERM "${pid}" 2>/dev/null || true; wait "${pid}" 2>/dev/null || true; done
  responder_pid=()
}

run_case() { # NAME DIRECTORY_AGENTS
  local name=$1 das=$2 dir=${WORK}/conf-$1 r c start end ms heading label
  mkdir -p "${dir}"
  printf 'discovery.policy = slp\nslp.directory-agents = %s\n' "${das}" >"${dir}/lunbridge.conf"
  for ((r = 1; r <= ROUNDS; r++)); do
    for c in "${!clis[@]}"; do
      label=$([[ ${c} -eq 0 ]] && echo A || echo B)
      start=$(date +%s%N)
      ip netns exec "${UA_NS}" "${clis[c]}" discover --config-dir "${dir}" \
          --initiator-name iqn.2026-11.test.lunbridge:initiator >"${WORK}/out-${name}" 2>"${WORK}/err-${name}-${label}" \
        || true
      end=$(date +%s%N)
      ms=$(((end - start) / 1000000))
      echo "${ms}" >>"${WORK}/times-${name}-${label}"
      heading=$(head -1 "${WORK}/out-${name}")
      printf '%-14s %s round %d  %6d ms  %s\n' "${name}" "${label}" "${r}" "${ms}" "${heading}"
    done
  done
  for c in "${!clis[@]}"; do
    label=$([[ ${c} -eq 0 ]] && echo A || echo B)
    sort -n "${WORK}/times-${name}-${label}" | awk -v n="${name}" -v l="${label}" \
      '{a[NR]=$1} END {printf "%-14s %s median  %6d ms  (%d rounds)\n", n, l, a[int((NR+1)/2)], NR}' >>"${WORK}/summary"
  done
}

want() { [[ -z ${ONLY:-} || $1 =~ ${ONLY} ]]; }
lookup_case() { # NAME DIRECTORY_AGENTS(or -): the lookup alone, A (and B with COMPARE_CLASSES)
  local name=$1 das=$2 label classes
  for label in A B; do
    if [[ ${label} == A ]]; then classes=${root}/protocol/target/classes
    elif [[ -n ${COMPARE_CLASSES:-} ]]; then classes=${COMPARE_CLASSES}
    else continue; fi
    ip netns exec "${UA_NS}" java -cp "${root}/it-tests/target/test-classes:${classes}:${CP}" \
        -Dlunbridge.log.level=WARN io.lunbridge.it.slp.SlpTimings "${UA_ADDR}" "${das}" "${ROUNDS}" \
        2>"${WORK}/lookup-err-${name}-${label}" | grep -E '^[0-9]+ [0-9]+ [0-9]+$' | sort -k2 -n | awk -v n="${name}" -v l="${label}" \
        '{t[NR]=$2; s=s " " $2} END {printf "%-14s %s lookup median %6d ms  (rounds:%s ms)\n", n, l, t[int((NR+1)/2)], s}' \
        >>"${WORK}/summary"
  done
}
log "timing A=${LUNBRIDGE}${COMPARE:+ B=${COMPARE}} (${ROUNDS} rounds per case; load average $(cut -d' ' -f1-3 /proc/loadavg))"
: >"${WORK}/summary"
if want da-configured; then
  start_responder "${TAG}-da" 198.18.4.1 "${NET}.1" "02-srvrqst-unicast-da.hex,04-attrrqst.hex,${SYNTHETIC}"
  run_case da-configured "${NET}.1"; lookup_case da-configured "${NET}.1"; stop_responders
fi
if want da-multicast; then
  start_responder "${TAG}-da" 198.18.4.1 "${NET}.1" "01-da-discovery.hex,04-attrrqst.hex,${SYNTHETIC}"
  run_case da-multicast ""; lookup_case da-multicast -; stop_responders
fi
if want 'dead-da|sas-only'; then
  start_responder "${TAG}-sa1" 198.18.4.11 "${NET}.11" "03-multicast-convergence-no-da.hex,${SYNTHETIC}"
  start_responder "${TAG}-sa2" 198.18.4.12 "${NET}.12" "03-multicast-convergence-no-da.hex,${SYNTHETIC}"
  if want dead-da; then run_case dead-da "${NET}.2"; lookup_case dead-da "${NET}.2"; fi
  if want sas-only; then run_case sas-only ""; lookup_case sas-only -; fi
  stop_responders
fi
echo
cat "${WORK}/summary"
log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
