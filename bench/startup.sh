#!/usr/bin/env bash
# Start-up of lunbridge with and without its start-up aids (the class-data-sharing archive; the quick
# compiler only, for the verbs of packaging/src/dist/quick-verbs), beside libiscsi's iscsi-ls
# on the same tgtd target: wall time of `lunbridge --version`, of `lunbridge luns` (log in, list the
# LUNs, log out) and of `lunbridge serve` until its NBD socket accepts a connection, against
# `iscsi-ls -s iscsi://P/` (discovery, log in, list the LUNs). Runs interleaved (one of each per
# round), prints medians, min/max, CPU (user+sys) medians and the ratios.
#
# Needs root (ip netns, tgtd). Environment:
#   N=15              rounds
#   NET=198.19.251    /30 used: .1 host, .2 target (must be unused; checked)
#   LUNBRIDGE_JAVA_OPTS  extra JVM options (bin/lunbridge passes them on)
# Everything it creates (namespace, veth, tgtd, tmpfs files) is removed on every exit path, by the
# names and PIDs it recorded. lunbridge runs through bin/lunbridge, which makes the archive
# (packaging/target/lunbridge.jsa) on its first run after a build; LUNBRIDGE_CDS=no runs without it.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib/target.sh
source "${root}/bench/lib/target.sh"
N=${N:-15}
NET=${NET:-198.19.251}
IQN=iqn.2026-12.io.lunbridge.bench:startup
log() { bench_log "$@"; }
die() { bench_die "$@"; }
for tool in tgtd tgtadm iscsi-ls python3 java; do command -v "${tool}" >/dev/null || die "${tool} missing"; done
bench_init startup

# --- target: tgtd in a namespace, one tmpfs LUN --------------------------------------------------
bench_target "${NET}" "${IQN}"
bench_lun 1 64M
bench_target_ready

# Warm the page cache and make the archive (a first run after a build does), not measured.
lb=("${root}/bin/lunbridge")
"${lb[@]}" --version >/dev/null
"${lb[@]}" luns --portal "${TARGET_ADDR}" --target "${IQN}" --config-dir "${WORK}/etc" >/dev/null \
  || die "lunbridge luns failed against ${TARGET_ADDR}"
iscsi-ls -s "iscsi://${TARGET_ADDR}/" >/dev/null || die "iscsi-ls failed against ${TARGET_ADDR}"
[[ -f ${root}/packaging/target/lunbridge.jsa ]] || die "bin/lunbridge made no archive"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "${N}" "${WORK}" "${TARGET_ADDR}" "${IQN}" "${root}/bin/lunbridge" <<'PY'
import os, resource, socket, statistics, subprocess, sys, time
n, work, portal, iqn, lb = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
etc = os.path.join(work, "etc")
env_cds = dict(os.environ)
env_nocds = dict(os.environ, LUNBRIDGE_CDS="no")

def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def run(argv, env):
    c0, t0 = children_cpu(), time.monotonic()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - t0, children_cpu() - c0

def serve(env):
    """Wall time from exec until the NBD socket accepts; then SIGTERM and wait (CPU is the whole run)."""
    sock = os.path.join(work, "serve.sock")
    if os.path.exists(sock):
        os.unlink(sock)
    c0, t0 = children_cpu(), time.monotonic()
    p = subprocess.Popen([lb, "serve", "--portal", portal, "--target", iqn, "--nbd", "unix:" + sock,
                          "--config-dir", etc], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        if p.poll() is not None:
            raise SystemExit("lunbridge serve exited with %d before accepting" % p.returncode)
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(sock)
            break
        except OSError:
            s.close()
            time.sleep(0.005)
    wall = time.monotonic() - t0
    s.close()
    p.terminate()
    p.wait(timeout=60)
    return wall, children_cpu() - c0

full_jit = "-XX:TieredStopAtLevel=4 " + os.environ.get("LUNBRIDGE_JAVA_OPTS", "")
env_cds_c2 = dict(os.environ, LUNBRIDGE_JAVA_OPTS=full_jit)
env_none = dict(os.environ, LUNBRIDGE_CDS="no", LUNBRIDGE_JAVA_OPTS=full_jit)
version = [lb, "--version"]
luns = [lb, "luns", "--portal", portal, "--target", iqn, "--config-dir", etc]
# (command, variant, run); the last variant of each command is the baseline: what lunbridge did before
cases = [
    ("lunbridge --version", "archive + quick compiler", lambda: run(version, env_cds)),
    ("lunbridge --version", "archive", lambda: run(version, env_cds_c2)),
    ("lunbridge --version", "neither", lambda: run(version, env_none)),
    ("lunbridge luns", "archive + quick compiler", lambda: run(luns, env_cds)),
    ("lunbridge luns", "archive", lambda: run(luns, env_cds_c2)),
    ("lunbridge luns", "neither", lambda: run(luns, env_none)),
    ("lunbridge serve (until accept)", "archive", lambda: serve(env_cds)),
    ("lunbridge serve (until accept)", "neither", lambda: serve(env_nocds)),
    ("iscsi-ls -s", "", lambda: run(["iscsi-ls", "-s", "iscsi://%s/" % portal], env_cds)),
]
res = {}
for r in range(n):
    for name, variant, f in cases:
        res.setdefault((name, variant), []).append(f())
    print("bench: round %d/%d done" % (r + 1, n), file=sys.stderr)

med = lambda xs: statistics.median(xs)
ils = med([w for w, _ in res[("iscsi-ls -s", "")]])
print("| command | start-up aids | wall median ms | min–max ms | CPU median ms | × iscsi-ls | gain over neither |")
print("|---|---|---:|---:|---:|---:|---:|")
for name, variant, _ in cases:
    xs = res[(name, variant)]
    walls = [w for w, _ in xs]
    cpu = med([c for _, c in xs])
    base = res.get((name, "neither"))
    gain = "%.2f×" % (med([w for w, _ in base]) / med(walls)) if base and variant != "neither" else ""
    print("| %s | %s | %.0f | %.0f–%.0f | %.0f%s | %.0f | %s |" % (name, variant or "–", med(walls) * 1e3,
          min(walls) * 1e3, max(walls) * 1e3, cpu * 1e3, " (whole run)" if "serve" in name else "",
          med(walls) / ils, gain))
PY
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r),"
echo "  $(java -version 2>&1 | head -1), load average before ${load_before}, after ${load_after}"
echo "rounds: ${N}, interleaved; target tgtd $(tgtd --version 2>/dev/null | head -1 || echo '?') in namespace ${BENCH_NS}, 1 LUN of 64 MiB"
echo "archive: $(du -h "${root}/packaging/target/lunbridge.jsa" | cut -f1) (packaging/target/lunbridge.jsa)"
