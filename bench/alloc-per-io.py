#!/usr/bin/env python3
"""Bytes allocated per I/O by the lunbridge JVM during one fio run, from a JFR recording.

usage: alloc-per-io.py RECORDING.jfr FIO.json LABEL

Total: jdk.ThreadAllocationStatistics gives each thread's cumulative allocated bytes at every
sample; the growth between a thread's first and last sample, summed over threads, is what the
process allocated during the recording (exact, not sampled). Divided by the I/Os fio completed.
Sites: jdk.ObjectAllocationSample weights (sampled, the JFR estimate of bytes) grouped by class and
the first lunbridge frame of the stack, scaled to bytes per I/O.
"""
import collections
import json
import subprocess
import sys

recording, fio_json, label = sys.argv[1:4]
events = json.loads(subprocess.run(
    ["jfr", "print", "--json", "--stack-depth", "12", "--events",
     "jdk.ThreadAllocationStatistics,jdk.ObjectAllocationSample", recording],
    check=True, capture_output=True, text=True).stdout)["recording"]["events"]
job = json.load(open(fio_json))["jobs"][0]
# the recording spans ramp + runtime; fio counts I/Os after the ramp, so scale by total time
ios = job["read"]["total_ios"] + job["write"]["total_ios"]
ramp_ms = 1000
run_ms = job["job_runtime"]
ios_recorded = ios * (run_ms + ramp_ms) / run_ms if run_ms else 0

per_thread = {}
for e in events:
    if e["type"] != "jdk.ThreadAllocationStatistics":
        continue
    v = e["values"]
    tid = (v["thread"] or {}).get("javaThreadId") if isinstance(v["thread"], dict) else v["thread"]
    lo, hi = per_thread.get(tid, (v["allocated"], v["allocated"]))
    per_thread[tid] = (min(lo, v["allocated"]), max(hi, v["allocated"]))
total = sum(hi - lo for lo, hi in per_thread.values())

sites = collections.Counter()
weight_sum = 0
for e in events:
    if e["type"] != "jdk.ObjectAllocationSample":
        continue
    v = e["values"]
    cls = v["objectClass"]["name"]
    frame = "?"
    for f in (v.get("stackTrace") or {}).get("frames", []):
        m = f["method"]
        owner = m["type"]["name"]
        if owner.startswith("io.lunbridge") or owner.startswith("io/lunbridge"):
            frame = "%s.%s:%s" % (owner.split(".")[-1].split("/")[-1], m["name"], f.get("lineNumber"))
            break
    sites[(cls, frame)] += v["weight"]
    weight_sum += v["weight"]

if not ios_recorded:
    print("  %s: no I/O recorded" % label)
    sys.exit(0)
print("  %s: %d I/Os, %.0f bytes allocated per I/O (%d threads)" % (label, ios, total / ios_recorded,
                                                                   len(per_thread)))
scale = (total / weight_sum) if weight_sum else 0
for (cls, frame), w in sites.most_common(12):
    print("    %6.0f B/IO  %-45s %s" % (w * scale / ios_recorded, cls[-45:], frame))
