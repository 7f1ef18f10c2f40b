#!/usr/bin/env python3
"""The A/B table of the interleaved fio benches (bench/nbd-vs-qemu-nbd.sh, bench/attach-vs-nbdfuse.sh).

usage: report.py RUNS_TSV CLK_TCK A_KEY A_LABEL B_KEY B_LABEL [GOAL]

RUNS_TSV has one line per fio run: job, side key, round, CPU ticks of that side's processes over
the run, path of fio's JSON. Prints the means per job and side (MB/s, IOPS, clat p50/p99, CPU
seconds per GB), then per job the ratios A/B of throughput, CPU per GB and p50 latency, and
whether the throughput ratio reaches GOAL when one is given.
"""
import collections
import json
import sys


def main(argv):
    if len(argv) not in (7, 8):
        sys.exit(__doc__)
    runs, tck, a_key, a_label, b_key, b_label = argv[1], float(argv[2]), argv[3], argv[4], argv[5], argv[6]
    goal = float(argv[7]) if len(argv) == 8 else None
    rows = collections.OrderedDict()
    for line in open(runs):
        name, side, _rnd, ticks, path = line.rstrip("\n").split("\t")
        job = json.load(open(path))["jobs"][0]
        rw = job["read"] if job["read"]["io_bytes"] > job["write"]["io_bytes"] else job["write"]
        gb = (job["read"]["io_bytes"] + job["write"]["io_bytes"]) / 1e9
        pct = rw["clat_ns"].get("percentile", {})
        rows.setdefault(name, {}).setdefault(side, []).append(dict(
            mbs=rw["bw_bytes"] / 1e6, iops=rw["iops"], p50=pct.get("50.000000", 0) / 1e3,
            p99=pct.get("99.000000", 0) / 1e3, cpu_gb=int(ticks) / tck / gb if gb else float("nan")))

    def mean(xs, k):
        return sum(x[k] for x in xs) / len(xs)

    print("| job | side | MB/s | IOPS | p50 µs | p99 µs | CPU s/GB | runs (MB/s) |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    ratios = []
    for name, by in rows.items():
        if a_key not in by or b_key not in by:
            continue
        for key, label in ((a_key, a_label), (b_key, b_label)):
            xs = by[key]
            print("| %s | %s | %.0f | %.0f | %.0f | %.0f | %.2f | %s |" % (
                name, label, mean(xs, "mbs"), mean(xs, "iops"), mean(xs, "p50"), mean(xs, "p99"),
                mean(xs, "cpu_gb"), " ".join("%.0f" % x["mbs"] for x in xs)))
        a, b = by[a_key], by[b_key]
        p50 = mean(b, "p50")
        ratios.append((name, mean(a, "iops") / mean(b, "iops"), mean(a, "cpu_gb") / mean(b, "cpu_gb"),
                       mean(a, "p50") / p50 if p50 else float("nan")))
    print()
    head = "| job | throughput %s/%s | CPU per GB %s/%s | p50 %s/%s |" % ((a_label, b_label) * 3)
    print(head + (" goal ≥ %.1f |" % goal if goal else ""))
    print("|---|---:|---:|---:|" + ("---|" if goal else ""))
    for name, r, c, p in ratios:
        verdict = (" %s |" % ("met" if r >= goal else "NOT met")) if goal else ""
        print("| %s | %.2f | %.2f | %.2f |%s" % (name, r, c, p, verdict))


if __name__ == "__main__":
    main(sys.argv)
