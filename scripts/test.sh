#!/usr/bin/env bash
# Runs every test of the project: unit tests and the integration tests against real peers
# (tgtd, istgt, ... in network namespaces). Run as root on Debian 12; installs what it needs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
if [[ $EUID -ne 0 ]]; then
    echo "scripts/test.sh: must run as root (network namespaces, tgtd, istgt)" >&2
    exit 1
fi
bash scripts/install-deps.sh
mvn -B -ntp -DskipITs=false verify "$@"
# the .deb that verify built: lintian, install into a clean root, man, completion, purge
bash scripts/test-deb.sh
