#!/usr/bin/env bash
# Peak RSS of `lunbridge serve` against the number of LUNs it exports (8, 32, 128 by default), under
# the 1M QD16 sequential read and write jobs of bench/nbd-vs-qemu-nbd.sh, beside qemu-nbd's (which
# exports one LUN per process). Runs that script once per LUN count and round, the counts interleaved
# (8 32 128 8 32 128 ...), and prints per count the median of the rounds with each round's value, the
# throughput ratios of the same runs and the load average after each run. lunbridge runs with the
# launcher's defaults: since issue 9 item 4 they trim native memory (-XX:TrimNativeHeapInterval=1000
# when the JDK has it, fixed glibc thresholds; docs/performance.md "Trimming native memory");
# LUNBRIDGE_JAVA_OPTS=-XX:TrimNativeHeapInterval=0 measures without the trim option. The peak moves
# by ±10 MiB between runs (C2 compile bursts): quote medians of 3 or more rounds.
#
# Needs root (as nbd-vs-qemu-nbd.sh). Environment:
#   COUNTS="8 32 128"   LUN counts       ROUNDS=3   runs per count (each: 1 round of both jobs)
#   RUNTIME=10          seconds per fio run
#   LUNBRIDGE_JAVA_OPTS, NET, SKIP_DEPS   passed on
# Every run's full output stays in $OUT/luns-N-rR.txt (default: a new /tmp/lunbridge-rss.*).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COUNTS=${COUNTS:-8 32 128}
ROUNDS=${ROUNDS:-3}
OUT=${OUT:-$(mktemp -d /tmp/lunbridge-rss.XXXXXX)}
mkdir -p "${OUT}"
[[ ${EUID} -eq 0 ]] || { echo "rss-by-lun-count: must run as root" >&2; exit 1; }

: >"${OUT}/rss.tsv"
for ((r = 1; r <= ROUNDS; r++)); do
  for n in ${COUNTS}; do
    run="${OUT}/luns-${n}-r${r}"
    mkdir -p "${run}"
    echo "rss-by-lun-count: ${n} LUNs, round ${r}" >&2
    LUNS=${n} ONLY=seq-.*-1M-qd16 ROUNDS=1 OUT="${run}" SKIP_DEPS=${SKIP_DEPS:-} \
      "${root}/bench/nbd-vs-qemu-nbd.sh" >"${run}.txt" 2>"${run}.log"
    SKIP_DEPS=1   # installed once is enough
    line=$(grep '^rss-kib' "${run}.txt")
    ratios=$(awk -F'|' '/^\| seq-(read|write)-1M-qd16 \| [0-9.]+ \|/ {gsub(/ /, "", $3); printf "%s ", $3}' "${run}.txt")
    printf '%s\tround=%s\tratios=%s\n' "${line}" "${r}" "${ratios% }" >>"${OUT}/rss.tsv"
  done
done

python3 - "${OUT}/rss.tsv" <<'PY'
import sys, statistics, collections
by = collections.OrderedDict()
for line in open(sys.argv[1]):
    f = dict(kv.split("=", 1) for kv in line.rstrip("\n").split("\t")[1:])
    by.setdefault(int(f["luns"]), []).append(f)
mib = lambda kib: int(kib) / 1024
print("| LUNs exported | lunbridge peak RSS MiB (median) | per run | idle | qemu-nbd peak MiB (1 LUN) | "
      "throughput ratio read / write | load after |")
print("|---:|---:|---|---:|---:|---|---|")
for n, runs in sorted(by.items()):
    hwm = [mib(x["lunbridge-hwm"]) for x in runs]
    print("| %d | %.0f | %s | %.0f | %.0f | %s | %s |" % (
        n, statistics.median(hwm), " ".join("%.0f" % h for h in hwm),
        statistics.median(mib(x["lunbridge-idle"]) for x in runs),
        statistics.median(mib(x["qemu-nbd-hwm"]) for x in runs),
        "; ".join(x["ratios"].replace(" ", " / ") for x in runs),
        "; ".join(x["load-after"].split(",")[0] for x in runs)))
PY
echo "raw results: ${OUT}"
