#!/bin/bash
# Runs inside the lunbridge test guest (lunbridge-vm.sh): tgtd in a network namespace behind a veth
# pair (the initiator refuses loopback, so the target must be on another interface), then for each
# attach mode (netlink, ioctl): `lunbridge attach` of LUN 1, mkfs.ext4, mount, write, sync; while
# mounted `lunbridge detach` is refused naming the mount and a second attach of the LUN is refused
# naming the device and process (netlink only: the same code for both); umount, fsck.ext4 -fn, `lunbridge detach`; a second attach checks
# the data read back through a fresh mount, and SIGTERM while mounted keeps serving until the umount.
# For netlink also: `detach --force --target --lun` of a mounted device, and SIGKILL of attach whose
# stale device and lock record `detach` cleans; `lunbridge doctor` must say the nbd driver is there
# and attach works. Progress goes to $RUNDIR/guest.log; the exit status is the
# verdict. Then multipath (issue 8): a second veth pair on another /30, attach over both
# interface-bound paths, mkfs, mount, write, the active link taken down during the writes, finish,
# umount, fsck.ext4 -fn clean, read back.
# Before multipath: LVM (issue 14): a PV/VG/LV on the device, ext4 on the LV mounted: `detach` is
# refused naming the device-mapper holder and the mount, after the umount still refused naming the
# holder, after vgchange -an detached. The dead-connection timeout (issue 8 item 8): attach shows the
# one derived from the replacement timeout (120 s -> 150 s by default, 45 s -> 75 s); after SIGKILL of
# attach a direct read waits in the nbd driver instead of failing at once, the stale cleanup names
# the waiting reader and leaves the device, the read fails with EIO when the window ends, then
# `detach` disconnects the device.
# The daemon restart that keeps /dev/nbdN (issue 10 item 4) is shown in the systemd guest
# (systemd-boot-guest.sh), with `systemctl restart lunbridge`.
# Needs LUNBRIDGE_JAR (the shaded jar) in $RUNDIR/params.
set -euo pipefail
. "$RUNDIR/params"
. "$(dirname "$0")/lib/lvm-conf.sh"
LOG=$RUNDIR/guest.log
exec >>"$LOG" 2>&1
t() { echo "[guest $(cut -d' ' -f1 /proc/uptime)s] $*"; }
IQN=iqn.2026-11.io.lunbridge.it:kernel
NS=lbtgt
JAVA=(java -XX:TieredStopAtLevel=1 -XX:-UsePerfData -XX:+UseSerialGC -Xmx256m -Dlunbridge.log.level=INFO
      -jar "$LUNBRIDGE_JAR")
LB_OPTS=(--initiator-name iqn.2026-11.io.lunbridge.it:guest --config-dir /tmp/lunbridge-conf)
export TGT_IPC_SOCKET=/run/lbtgt/mgmt
TGTD_PID=
ATTACH_PID=
DOCTOR_PID=
WRITER=

cleanup() {
    local rc=$?
    set +e
    [ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null
    [ -n "$ATTACH_PID" ] && kill -TERM "$ATTACH_PID" 2>/dev/null && wait "$ATTACH_PID" 2>/dev/null
    [ -n "$DOCTOR_PID" ] && kill "$DOCTOR_PID" 2>/dev/null
    if [ -n "$TGTD_PID" ]; then
        tgtadm --lld iscsi --mode target --op delete --force --tid 1 2>/dev/null
        tgtadm --mode system --op delete 2>/dev/null
        kill "$TGTD_PID" 2>/dev/null
    fi
    for f in /tmp/attach-*.err; do [ -s "$f" ] && { echo "--- $f (tail)"; tail -40 "$f"; }; done
    [ -s /tmp/tgtd.log ] && { echo "--- tgtd.log (tail)"; tail -20 /tmp/tgtd.log; }
    t "exit status $rc"
}
trap cleanup EXIT

# veth NAME HOST_ADDR PEER_ADDR: a veth pair NAME (here) / NAMEt (in $NS) on a /30
veth() {
    ip link add $1 type veth peer name $1t
    ip link set $1t netns $NS
    ip addr add $2/30 dev $1
    ip link set $1 up
    ip netns exec $NS ip addr add $3/30 dev $1t
    ip netns exec $NS ip link set $1t up
}

# lunbridge doctor runs beside the set-up (a JVM start takes minutes under TCG); checked before PASS.
t "doctor (in the background)"
"${JAVA[@]}" doctor --config-dir /tmp/lunbridge-conf >/tmp/doctor.out 2>&1 &
DOCTOR_PID=$!

t "network: veth pair to namespace $NS"
ip netns add $NS
veth lb0 198.18.250.1 198.18.250.2
ip netns exec $NS ip link set lo up

t "tgtd in $NS with LUN 1 (64 MiB on tmpfs)"
mkdir -p /run/lbtgt
ip netns exec $NS tgtd -f >/tmp/tgtd.log 2>&1 &
TGTD_PID=$!
for i in $(seq 100); do tgtadm --mode system --op show >/dev/null 2>&1 && break; sleep 0.1; done
truncate -s 64M /tmp/lun1.img
tgtadm --lld iscsi --mode target --op new --tid 1 --targetname $IQN
tgtadm --lld iscsi --mode logicalunit --op new --tid 1 --lun 1 --backing-store /tmp/lun1.img
tgtadm --lld iscsi --mode target --op bind --tid 1 --initiator-address ALL

# attach MODE NAME [PATH OPTIONS...]: starts `lunbridge attach` in the background (default path:
# --portal 198.18.250.2); sets DEV
attach() {
    local mode=$1 name=$2
    shift 2
    local paths=("$@")
    [ ${#paths[@]} -gt 0 ] || paths=(--portal 198.18.250.2)
    "${JAVA[@]}" attach "${paths[@]}" --target $IQN --lun 1 --mode "$mode" "${LB_OPTS[@]}" \
        >/tmp/attach-$name.out 2>/tmp/attach-$name.err &
    ATTACH_PID=$!
    DEV=
    for i in $(seq 1800); do
        DEV=$(sed -n 's/^LUN 1 of .* attached as \(\/dev\/nbd[0-9]*\) .*/\1/p' /tmp/attach-$name.out)
        [ -n "$DEV" ] && break
        kill -0 $ATTACH_PID 2>/dev/null || { cat /tmp/attach-$name.out; t "attach $name exited early"; return 1; }
        sleep 0.1
    done
    [ -n "$DEV" ] || { t "attach $name: no device after 180 s"; return 1; }
    t "$(cat /tmp/attach-$name.out)"
    for i in $(seq 100); do [ "$(blockdev --getsize64 "$DEV")" = $((64 << 20)) ] && break; sleep 0.1; done
    [ "$(blockdev --getsize64 "$DEV")" = $((64 << 20)) ] || { t "$DEV size $(blockdev --getsize64 "$DEV"), expected 64 MiB"; return 1; }
}

# finished NAME STATUS: waits for the attach process to exit with STATUS (0 after a detach; the
# JVM's 143 after SIGTERM, once its shutdown hook has detached and logged out)
finished() {
    local name=$1 want=$2 rc=0
    wait $ATTACH_PID || rc=$?
    ATTACH_PID=
    t "attach $name exited $rc: $(tail -1 /tmp/attach-$name.out)"
    [ $rc = $want ]
}

# refused WHAT TEXT VERB ARGS...: runs a lunbridge verb that must fail with TEXT on stderr
refused() {
    local what=$1 text=$2 rc=0
    shift 2
    "${JAVA[@]}" "$@" >/tmp/refused.out 2>&1 || rc=$?
    [ $rc != 0 ] || { cat /tmp/refused.out; t "$what: not refused"; exit 1; }
    grep -qF "$text" /tmp/refused.out || { cat /tmp/refused.out; t "$what: refused without '$text'"; exit 1; }
    t "$what refused: $(grep 'lunbridge: error' /tmp/refused.out)"
}

mkdir -p /tmp/mnt
dd if=/dev/urandom of=/tmp/data bs=1M count=8 status=none
for mode in netlink ioctl; do
    t "== $mode: attach, mkfs.ext4, mount, write, sync, umount, fsck"
    attach $mode $mode-1
    if [ $mode = netlink ]; then # derived from the default replacement timeout 120 s; ioctl has no such timer
        want="attached as $DEV (netlink, $((64 << 20)) bytes, dead-connection timeout 150 s)"
        grep -qF "$want" /tmp/attach-$mode-1.out || { t "attach line without '$want'"; exit 1; }
    fi
    mkfs.ext4 -q -F "$DEV"
    mount "$DEV" /tmp/mnt
    cp /tmp/data /tmp/mnt/data-$mode
    sync
    if [ $mode = netlink ]; then # the refusals are the same code for both kernel interfaces: one JVM each
        refused "detach while mounted" "$DEV is mounted on /tmp/mnt (ext4)" detach "$DEV"
        refused "second attach" "is already attached on this host as $DEV ($mode) by process $ATTACH_PID" \
            attach --portal 198.18.250.2 --target $IQN --lun 1 --mode "$mode" "${LB_OPTS[@]}"
    fi
    umount /tmp/mnt
    fsck.ext4 -fn "$DEV" >/tmp/fsck.log 2>&1 || { cat /tmp/fsck.log; t "fsck.ext4 -fn found errors"; exit 1; }
    t "fsck.ext4 -fn clean: $(tail -1 /tmp/fsck.log)"
    "${JAVA[@]}" detach "$DEV"
    finished $mode-1 0
    grep -q "^$DEV detached" /tmp/attach-$mode-1.out
    [ "$(cat /sys/block/${DEV#/dev/}/size)" = 0 ] || { t "$DEV still has a size after detach"; exit 1; }

    t "== $mode: second attach, read back through a fresh mount, SIGTERM"
    attach $mode $mode-2
    echo 3 > /proc/sys/vm/drop_caches
    mount -o ro "$DEV" /tmp/mnt
    cmp /tmp/data /tmp/mnt/data-$mode
    t "read back 8 MiB: identical"
    kill -TERM $ATTACH_PID
    for i in $(seq 300); do grep -q "not detaching while $DEV is mounted on /tmp/mnt" /tmp/attach-$mode-2.err && break; sleep 0.1; done
    grep -q "not detaching while $DEV is mounted on /tmp/mnt" /tmp/attach-$mode-2.err || { t "SIGTERM: no 'not detaching while mounted'"; exit 1; }
    sleep 2
    kill -0 $ATTACH_PID || { t "attach stopped under a mounted filesystem"; exit 1; }
    cmp /tmp/data /tmp/mnt/data-$mode
    t "SIGTERM while mounted: still serving"
    umount /tmp/mnt
    finished $mode-2 143
    grep -q "^$DEV detached on shutdown$" /tmp/attach-$mode-2.out
    grep -q "^logged out of $IQN$" /tmp/attach-$mode-2.out || { t "no logout after SIGTERM"; exit 1; }
done

t "== netlink: detach --force --target --lun of a mounted device"
attach netlink netlink-3
mount "$DEV" /tmp/mnt
"${JAVA[@]}" detach --force --target $IQN --lun 1
finished netlink-3 0
umount -l /tmp/mnt
for i in $(seq 100); do [ "$(cat /sys/block/${DEV#/dev/}/size)" = 0 ] && break; sleep 0.1; done
[ "$(cat /sys/block/${DEV#/dev/}/size)" = 0 ] || { t "$DEV still has a size after detach --force"; exit 1; }

t "== netlink: SIGKILL of attach; detach cleans the stale device and lock"
attach netlink netlink-4
kill -KILL $ATTACH_PID
wait $ATTACH_PID || true
ATTACH_PID=
"${JAVA[@]}" detach "$DEV" >/tmp/detach-stale.out 2>&1 || { cat /tmp/detach-stale.out; t "detach of a stale device failed"; exit 1; }
cat /tmp/detach-stale.out
grep -q "was killed; cleaning up after it" /tmp/detach-stale.out
grep -q "stale $DEV (its server process is gone) disconnected" /tmp/detach-stale.out
for f in /run/lunbridge/locks/*.lock; do [ -s "$f" ] && { cat "$f"; t "a lock record is left: $f"; exit 1; }; done

t "== doctor with the nbd driver present"
wait "$DOCTOR_PID" || { cat /tmp/doctor.out; t "doctor exited non-zero although nbd is loaded"; exit 1; }
cat /tmp/doctor.out
for line in '^OK   nbd module: loaded$' '^OK   nbd netlink: ' '^OK   Java runtime: ' \
    '^OK   permissions: running as root$' '^OK   attach: possible: LUNs become /dev/nbdN'; do
    grep -q "$line" /tmp/doctor.out || { t "doctor: no line matching $line"; exit 1; }
done
t "PASS: netlink and ioctl attach, mkfs, mount, write, fsck, detach, read back, refusals, force, stale cleanup"

t "== netlink: LVM on the device: detach refused naming the LV holder and its mount"
mkdir -p /run/lock/lvm
# only nbd devices (lib/lvm-conf.sh)
lvm_conf /tmp/lvm '^/dev/nbd'
export LVM_SYSTEM_DIR=/tmp/lvm LVM_SUPPRESS_FD_WARNINGS=1
attach netlink lvm
pvcreate -q -y "$DEV"
vgcreate -q lbvg "$DEV"
lvcreate -q -y -n lblv -L 32M lbvg
LV=/dev/mapper/lbvg-lblv
HOLDER=$(ls /sys/block/${DEV#/dev/}/holders)
[ -b $LV ] && [ -n "$HOLDER" ] || { ls -l /dev/mapper; t "lvcreate: no $LV or no holder of $DEV ('$HOLDER')"; exit 1; }
t "LV $LV is /dev/$HOLDER, a holder of $DEV"
mkfs.ext4 -q -F $LV
mount $LV /tmp/mnt
cp /tmp/data /tmp/mnt/data-lvm
sync
refused "detach while an LV on it is mounted" "$DEV is held by /dev/$HOLDER (/dev/mapper/lbvg-lblv)" detach "$DEV"
grep -qF "/dev/$HOLDER (/dev/mapper/lbvg-lblv) is mounted on /tmp/mnt (ext4)" /tmp/refused.out \
    || { cat /tmp/refused.out; t "the refusal does not name the LV's mount point"; exit 1; }
umount /tmp/mnt
refused "detach while the LV is active" "$DEV is held by /dev/$HOLDER (/dev/mapper/lbvg-lblv)" detach "$DEV"
vgchange -q -an lbvg
[ -z "$(ls /sys/block/${DEV#/dev/}/holders)" ] || { t "$DEV still has holders after vgchange -an"; exit 1; }
"${JAVA[@]}" detach "$DEV"
finished lvm 0
grep -q "^$DEV detached" /tmp/attach-lvm.out
t "PASS: LVM on $DEV: detach refused naming the holder /dev/$HOLDER and the LV's mount, detached once the VG was deactivated"

t "== netlink: dead-connection timeout: SIGKILL of attach while a reader waits"
attach netlink deadconn --portal 198.18.250.2 --replacement-timeout 45
want="attached as $DEV (netlink, $((64 << 20)) bytes, dead-connection timeout 75 s)"
grep -qF "$want" /tmp/attach-deadconn.out || { t "attach line without '$want'"; exit 1; }
kill -KILL $ATTACH_PID
wait $ATTACH_PID || true
ATTACH_PID=
t0=$(cut -d' ' -f1 /proc/uptime)
dd if="$DEV" of=/dev/null bs=4096 count=1 skip=1000 iflag=direct 2>/tmp/dd-deadconn.err &
READER=$!
# with a dead-connection timeout the request waits in the driver's queue_rq (wait_for_reconnect);
# with 0 it would fail with EIO at once
WAITER=
for i in $(seq 600); do
    WAITER=$(grep -l -E 'nbd_queue_rq|nbd_handle_cmd' /proc/[0-9]*/stack 2>/dev/null | head -1 || true)
    [ -n "$WAITER" ] && break
    kill -0 $READER 2>/dev/null || break
    sleep 0.1
done
kill -0 $READER 2>/dev/null || { cat /tmp/dd-deadconn.err; t "the read ended at once after the server died: no dead-connection wait"; exit 1; }
[ -n "$WAITER" ] || { t "no task waits in the nbd driver after the server died"; exit 1; }
W=${WAITER%/stack}
t "a read of $DEV after SIGKILL waits in the driver: task ${W#/proc/} ($(cat $W/comm 2>/dev/null || true)) in $(grep -m1 -oE 'nbd_[a-z_]+' $WAITER || true)"
"${JAVA[@]}" detach "$DEV" >/tmp/detach-deadconn.out 2>&1 || { cat /tmp/detach-deadconn.out; t "detach of the stale device failed"; exit 1; }
cat /tmp/detach-deadconn.out
grep -qF "stale $DEV NOT disconnected: $DEV is open by process $READER (dd)" /tmp/detach-deadconn.out \
    || { t "the stale cleanup did not name the waiting reader"; exit 1; }
rc=0
wait $READER || rc=$?
t1=$(cut -d' ' -f1 /proc/uptime)
cat /tmp/dd-deadconn.err
[ $rc != 0 ] && grep -q "Input/output error" /tmp/dd-deadconn.err || { t "the waiting read did not fail with EIO (dd exit $rc)"; exit 1; }
t "the read failed with EIO $(awk "BEGIN { print $t1 - $t0 }") s after it was issued (dead-connection timeout 75 s)"
dmesg | grep -E "nbd[0-9]+: " | tail -4 || true
"${JAVA[@]}" detach "$DEV" >/tmp/detach-deadconn.out 2>&1 || { cat /tmp/detach-deadconn.out; t "detach after the window failed"; exit 1; }
cat /tmp/detach-deadconn.out
grep -q "^$DEV detached" /tmp/detach-deadconn.out
[ "$(cat /sys/block/${DEV#/dev/}/size)" = 0 ] || { t "$DEV still has a size after detach"; exit 1; }
t "PASS: dead-connection timeout derived and in force: a read after SIGKILL waited in the driver, failed with EIO when the window ended"

t "== multipath: second link lb1, attach over two interface-bound paths (netlink)"
veth lb1 198.18.250.5 198.18.250.6
mkdir -p /tmp/lunbridge-mpio-conf
printf 'session.keepalive-interval = 1\nsession.keepalive-timeout = 2\n' >/tmp/lunbridge-mpio-conf/lunbridge.conf
LB_OPTS=(--initiator-name iqn.2026-11.io.lunbridge.it:guest-mpio --config-dir /tmp/lunbridge-mpio-conf)
attach netlink mpio --portal 198.18.250.2 --portal 198.18.250.6 --iface lb0 --iface lb1 --replacement-timeout 60
grep -qF "dead-connection timeout 90 s)" /tmp/attach-mpio.out || { t "multipath attach line without the derived 90 s"; exit 1; }
mkfs.ext4 -q -F "$DEV"
mount "$DEV" /tmp/mnt
( for i in 1 2 3 4 5; do dd if=/tmp/data of=/tmp/mnt/mp-$i bs=256k oflag=direct conv=fsync status=none || exit 1; done ) &
WRITER=$!
for i in $(seq 1200); do [ -s /tmp/mnt/mp-1 ] && break; sleep 0.1; done
tx() { cat /sys/class/net/$1/statistics/tx_bytes; }
a0=$(tx lb0); b0=$(tx lb1); sleep 1; a1=$(tx lb0); b1=$(tx lb1)
ACTIVE=lb0; [ $((b1 - b0)) -gt $((a1 - a0)) ] && ACTIVE=lb1
kill -0 $WRITER 2>/dev/null || { t "the writes finished before the link could be taken down"; exit 1; }
t "active path on $ACTIVE (sent $((a1 - a0)) / $((b1 - b0)) bytes in 1 s on lb0 / lb1): taking it down during the writes"
ip link set $ACTIVE down
wait $WRITER || { t "a write failed after $ACTIVE went down"; exit 1; }
t "writes finished with $ACTIVE down"
sync
umount /tmp/mnt
fsck.ext4 -fn "$DEV" >/tmp/fsck.log 2>&1 || { cat /tmp/fsck.log; t "multipath: fsck.ext4 -fn found errors"; exit 1; }
t "fsck.ext4 -fn clean: $(tail -1 /tmp/fsck.log)"
echo 3 > /proc/sys/vm/drop_caches
mount -o ro "$DEV" /tmp/mnt
for i in 1 2 3 4 5; do cmp /tmp/data /tmp/mnt/mp-$i; done
umount /tmp/mnt
t "read back 5 x 8 MiB: identical"
ip link set $ACTIVE up
kill -TERM $ATTACH_PID
finished mpio 143
t "PASS: multipath attach over two paths, active link down during writes, fsck clean, read back"
