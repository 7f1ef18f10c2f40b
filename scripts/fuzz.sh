#!/usr/bin/env bash
# Long fuzz run of every decoder (the *FuzzTest jqwik properties of protocol, bridge and packaging).
# The CI run (plain `mvn test`) tries each property 300 times (junit-platform.properties); this one
# raises the tries: TRIES (default 20000) inputs per property, a fresh random seed each run. 5000 tries
# took about 4 minutes on the shared 2-core machine, so the default runs about a quarter of an hour.
# A failure prints the shrunk input in hex and jqwik keeps it in MODULE/target/jqwik-database, so the
# next run (CI's too, in that checkout) tries it first.
#   scripts/fuzz.sh                  # every fuzz property, 20000 tries each
#   TRIES=5000 scripts/fuzz.sh -Dtest=SlpFuzzTest
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tries=${TRIES:-20000}
echo "fuzz: $tries tries per property" >&2
exec mvn -B -ntp -o -pl packaging -am test -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
    -Djqwik.tries.default="$tries" "$@"
