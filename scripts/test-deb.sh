#!/usr/bin/env bash
# Tests the Debian package the build made (deb/target/lunbridge_*_all.deb; `mvn package` makes it):
#   lintian finds no errors; dpkg -i into a clean root; lunbridge --version; man lunbridge renders;
#   bash completion of `lunbridge at<TAB>` offers attach; the initiator name is generated once and
#   survives a reinstall; postinst's class-data-sharing archive is used and a JDK change (trigger)
#   makes it again; dpkg --purge leaves nothing but dpkg's own records and, unless
#   LUNBRIDGE_PURGE_STORE=yes, the store; every systemd/*.service|*.target|*.socket is packaged
#   (shown with a fixture directory, built into a second package).
#
# The clean root is an overlay: this host's root file system read-only below, an empty directory on
# top that receives every write, mounted in a private mount namespace and entered with chroot. It
# has the package's dependencies (the build machine's Java and fuse3) without a Debian mirror or a
# debootstrap run (minutes and ~150 MB per CI run for a Java runtime), dpkg runs the real maintainer
# scripts in it, and the upper directory shows exactly which files the package left behind.
# Run as root.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { printf 'test-deb: %s\n' "$*" >&2; }
fail() { log "FAIL: $*"; exit 1; }

deb=${1:-$(ls "$root"/deb/target/lunbridge_*_all.deb 2>/dev/null | grep -v '~fixture' | head -1 || true)}
[[ -f ${deb} ]] || fail "no package: run 'mvn package' first (expected deb/target/lunbridge_*_all.deb)"
[[ ${EUID} -eq 0 ]] || fail "must run as root (mount namespace, chroot)"
log "package ${deb}"

work=$(mktemp -d /tmp/lunbridge-deb.XXXXXX)
cleanup() { rm -rf "${work}"; }
trap cleanup EXIT

log "lintian"
lintian_status=0
lintian --fail-on error --tag-display-limit 0 "${deb}" >"${work}/lintian.txt" 2>&1 || lintian_status=$?
grep -v 'running with root privileges' "${work}/lintian.txt" >&2 || true
[[ ${lintian_status} -eq 0 ]] || fail "lintian reported errors (exit ${lintian_status})"
mkdir -p "${work}"/{upper,work,root}
cp "${deb}" "${work}/upper/lunbridge.deb"

# Everything below runs in a private mount namespace: the mounts vanish with it.
unshare --mount --propagation private bash -euo pipefail -s "${work}" <<'INNER'
work=$1
log() { printf 'test-deb: %s\n' "$*" >&2; }
fail() { log "FAIL: $*"; exit 1; }
mount -t overlay overlay -o "lowerdir=/,upperdir=${work}/upper,workdir=${work}/work" "${work}/root"
r=${work}/root
mount -t proc proc "${r}/proc"
mount --rbind /dev "${r}/dev"
mount -t tmpfs tmpfs "${r}/run"
in_root() { chroot "${r}" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

if in_root dpkg-query -W -f='${db:Status-Status}' lunbridge 2>/dev/null | grep -q installed; then
    log "lunbridge is installed on this host: purging it inside the clean root first"
    in_root dpkg --purge lunbridge >/dev/null
fi
snapshot() { (cd "${work}/upper" && find . -mindepth 1 \( -type d -o -type f -o -type l -o -type c \) -print \
    | sort) ; }
# dpkg's own records and caches that any package install touches (documented in README).
documented='^\./(var/lib/dpkg|var/log/dpkg\.log|var/cache/man|var/cache/debconf|var/log/apt|lunbridge\.deb)'
before=$(snapshot)

log "dpkg -i"
in_root dpkg -i /lunbridge.deb >&2 || fail "dpkg -i failed"
version=$(in_root lunbridge --version) || fail "lunbridge --version failed"
[[ ${version} == "lunbridge "* ]] || fail "lunbridge --version printed '${version}'"
log "lunbridge --version: ${version}"

# Start-up: postinst made a class-data-sharing archive for this JDK and the launcher maps it. With
# -Xshare:on a JVM that cannot map it fails, so exit 0 plus lunbridge's Main read from the archive
# shows it is made and used; a JDK package change (the trigger) makes it again.
archive=/var/cache/lunbridge/lunbridge.jsa
[[ -s ${r}${archive} ]] || fail "postinst made no class-data-sharing archive ${archive}"
loads=$(in_root env LUNBRIDGE_JAVA_OPTS="-Xshare:on -Xlog:class+load=info" lunbridge --version) \
    || fail "lunbridge --version with -Xshare:on failed: the archive is not usable: ${loads}"
grep -q 'io.lunbridge.cli.Main source: shared objects file (top)' <<<"${loads}" \
    || fail "lunbridge's classes were not read from ${archive}"
rm -f "${r}${archive}"
in_root dpkg-trigger --no-await /usr/lib/jvm || fail "dpkg-trigger /usr/lib/jvm failed"
in_root dpkg --triggers-only --pending >&2 || fail "dpkg --triggers-only failed"
[[ -s ${r}${archive} ]] || fail "the /usr/lib/jvm trigger did not make ${archive} again"
log "class-data-sharing archive made by postinst and the JDK trigger, and used"

name=$(in_root cat /etc/lunbridge/initiatorname | grep '^InitiatorName=iqn\.') || fail "postinst wrote no initiator name"
log "initiator name: ${name}"
in_root dpkg -i /lunbridge.deb >/dev/null 2>&1 || fail "reinstall failed"
[[ $(in_root grep '^InitiatorName=' /etc/lunbridge/initiatorname) == "${name}" ]] \
    || fail "reinstall changed the initiator name"
[[ $(in_root lunbridge initiator-name) == "${name#InitiatorName=}" ]] || fail "initiator-name disagrees with the file"

page=$(in_root man -P cat lunbridge 2>&1) || fail "man lunbridge failed: ${page}"
grep -q 'lunbridge-discover(8)' <<<"${page}" || fail "man lunbridge does not list the verbs: ${page}"
conf=$(in_root man -P cat 5 lunbridge.conf 2>&1) || fail "man 5 lunbridge.conf failed"
grep -q 'discovery.policy' <<<"${conf}" || fail "lunbridge.conf(5) does not list discovery.policy"
log "man lunbridge, man 5 lunbridge.conf: render"

units=$(in_root dpkg-query -L lunbridge | grep -E '^/lib/systemd/system/[^/]+\.(service|target|socket)$' || true)
grep -q '^/lib/systemd/system/lunbridge\.service$' <<<"${units}" || fail "lunbridge.service is not installed"
for unit in ${units}; do
    out=$(in_root systemd-analyze verify "${unit}" 2>&1) || fail "systemd-analyze verify ${unit}: ${out}"
    [[ -z ${out} ]] || fail "systemd-analyze verify ${unit} warned: ${out}"
done
# every lunbridge command line of every unit must parse: the verb and its options exist in the
# installed CLI
commands=$(for unit in ${units}; do in_root sed -n 's/^Exec[A-Za-z]*=\(\/usr\/bin\/lunbridge .*\)$/\1/p' "${unit}"; done)
grep -q '^/usr/bin/lunbridge daemon' <<<"${commands}" || fail "no unit runs 'lunbridge daemon'"
grep -q '^/usr/bin/lunbridge mpio disable-queueing' <<<"${commands}" || fail "no unit runs 'lunbridge mpio disable-queueing'"
while IFS= read -r command; do
    in_root ${command} --help >/dev/null || fail "'${command} --help' failed: a unit runs a command the CLI lacks"
done <<<"${commands}"
log "systemd units verified: ${units//$'\n'/ }; their commands parse: ${commands//$'\n'/, }"

# Completion as bash runs it for `lunbridge at<TAB>`.
completion=$(in_root bash -c 'source /usr/share/bash-completion/completions/lunbridge
    fn=$(complete -p lunbridge | sed -n "s/.*-F \([^ ]*\).*/\1/p")
    COMP_WORDS=(lunbridge at); COMP_CWORD=1; COMP_LINE="lunbridge at"; COMP_POINT=${#COMP_LINE}
    "$fn" lunbridge at lunbridge; printf "%s\n" "${COMPREPLY[@]}"') || fail "completion failed"
[[ ${completion} == attach ]] || fail "lunbridge at<TAB> completed to '${completion}', expected attach"
log "lunbridge at<TAB> -> ${completion}"

# A store with one target: purge keeps it unless asked.
in_root lunbridge target add --portal 198.18.0.2 iqn.2003-01.org.example:kept >/dev/null \
    || fail "target add failed"
log "dpkg --purge (store kept)"
in_root dpkg --purge lunbridge >&2 || fail "dpkg --purge failed"
[[ -f ${r}/var/lib/lunbridge/store.db ]] || fail "purge removed the store without LUNBRIDGE_PURGE_STORE=yes"
left=$(comm -13 <(echo "${before}") <(snapshot) | grep -Ev "${documented}" \
    | grep -Ev '^\./var/lib/lunbridge(/store\.db.*)?$' | while read -r p; do
        # a directory that also exists below (copied up because something was created in it) is not new
        if [[ -d ${work}/upper/${p} && ! -L ${work}/upper/${p} && -d /${p} ]]; then continue; fi
        echo "${p}"; done || true)
[[ -z ${left} ]] || fail "purge left files behind: ${left}"

log "dpkg -i, then LUNBRIDGE_PURGE_STORE=yes dpkg --purge (store removed)"
in_root dpkg -i /lunbridge.deb >/dev/null 2>&1 || fail "second install failed"
chroot "${r}" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LUNBRIDGE_PURGE_STORE=yes dpkg --purge lunbridge >/dev/null \
    || fail "second purge failed"
[[ ! -e ${r}/var/lib/lunbridge ]] || fail "LUNBRIDGE_PURGE_STORE=yes purge kept /var/lib/lunbridge"
left=$(comm -13 <(echo "${before}") <(snapshot) | grep -Ev "${documented}" | while read -r p; do
        if [[ -d ${work}/upper/${p} && ! -L ${work}/upper/${p} && -d /${p} ]]; then continue; fi
        echo "${p}"; done || true)
[[ -z ${left} ]] || fail "purge left files behind: ${left}"
log "purge leaves only dpkg's records"
INNER

log "systemd units: a fixture systemd/ directory is packaged and registered"
fixture=${work}/systemd
mkdir -p "${fixture}"
printf '[Unit]\nDescription=lunbridge packaging fixture\n\n[Service]\nExecStart=/usr/bin/lunbridge --version\n\n[Install]\nWantedBy=multi-user.target\n' \
    >"${fixture}/lunbridge-fixture.service"
printf 'not a unit\n' >"${fixture}/README"
(cd "${root}" && mvn -B -ntp -o -q -pl deb -am package -DskipTests -Ddeb.systemd.dir="${fixture}" \
    -Ddeb.version=0.1.0~fixture -Ddeb.dist="${work}/dist-fixture" >&2) || fail "fixture build failed"
fdeb=${root}/deb/target/lunbridge_0.1.0~fixture_all.deb
trap 'rm -rf "${work}" "${fdeb}"' EXIT
contents=$(dpkg-deb -c "${fdeb}")
grep -q '\./lib/systemd/system/lunbridge-fixture\.service$' <<<"${contents}" || fail "fixture unit not packaged"
! grep -q 'README' <<<"${contents}" || fail "a non-unit file of systemd/ was packaged"
dpkg-deb -I "${fdeb}" postinst | grep -q '^UNITS="lunbridge-fixture.service"$' || fail "postinst does not register the unit"
log "fixture unit packaged and named in the maintainer scripts"
log "OK"
