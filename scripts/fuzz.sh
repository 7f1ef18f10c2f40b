#!/usr/bin/env bash
# Long fuzz run of every decoder (the *FuzzTest properties of protocol, bridge and packaging, on the
# in-house seeded generator in protocol's test-jar: io.lunbridge.protocol.fuzz.Fuzz).
# The CI run (plain `mvn test`) tries each property 300 times; this one raises the tries: TRIES
# (default 100000) inputs per property, a fresh random seed each run; the default run took 2.5
# minutes on the shared 2-core machine. A failure names the seed of the failing try and the flags
# that replay it, e.g.
#   scripts/fuzz.sh -Dtest='SlpFuzzTest#messageDecodesOrRefuses' -Dlunbridge.fuzz.seed=0x1f... -Dlunbridge.fuzz.tries=1
# (flags given after the script's own win).
#   scripts/fuzz.sh                  # every fuzz property, 100000 tries each
#   TRIES=5000 scripts/fuzz.sh -Dtest=SlpFuzzTest
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tries=${TRIES:-100000}
echo "fuzz: $tries tries per property" >&2
exec mvn -B -ntp -o -pl packaging -am test -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dlunbridge.fuzz.tries="$tries" "$@"
