# daemon-restart-guest.sh - sourced by kernel-attach-guest.sh with SCENARIO=restart (tgtd with
# target 1 = $IQN, LUN 1 on /tmp/lun1.img, is up; helpers t, veth, refused are defined): the daemon
# restart that keeps /dev/nbdN (issue 10 item 4). See kernel-attach-guest.sh's header.
OTHER=iqn.2026-11.io.lunbridge.it:other
tgtadm --lld iscsi --mode target --op new --tid 2 --targetname $OTHER
truncate -s 16M /tmp/other.img
tgtadm --lld iscsi --mode logicalunit --op new --tid 2 --lun 1 --backing-store /tmp/other.img
tgtadm --lld iscsi --mode target --op bind --tid 2 --initiator-address ALL

# the store made by the test: $IQN startup=automatic luns=1, portal 198.18.250.2 (sqlite wants a
# local file, not the 9p share)
cp "$RUNDIR/store.db" /tmp/store.db
# a long replacement window (dead-connection timeout 630 s): JVM starts under TCG are slow
mkdir -p /tmp/lunbridge-conf
echo 'mpio.replacement-timeout = 600' >/tmp/lunbridge-conf/lunbridge.conf
BACKEND="lunbridge:$IQN:1"

# daemon NAME: starts `lunbridge daemon --mode netlink`; waits for its attach line; sets DEV, LINE
daemon() {
    local name=$1
    "${JAVA[@]}" daemon --mode netlink --store /tmp/store.db --control /tmp/daemon.sock "${LB_OPTS[@]}" \
        >/tmp/daemon-$name.out 2>/tmp/daemon-$name.err &
    DAEMON_PID=$!
    DEV= LINE=
    for i in $(seq 9000); do
        LINE=$(grep -E "^LUN 1 of $IQN (attached|taken over) as /dev/nbd[0-9]+ " /tmp/daemon-$name.out || true)
        [ -n "$LINE" ] && break
        kill -0 $DAEMON_PID 2>/dev/null || { cat /tmp/daemon-$name.out; t "daemon $name exited early"; return 1; }
        sleep 0.1
    done
    [ -n "$LINE" ] || { t "daemon $name: no device after 900 s"; return 1; }
    DEV=$(echo "$LINE" | sed 's/.* as \(\/dev\/nbd[0-9]*\) .*/\1/')
    t "daemon $name (process $DAEMON_PID): $LINE"
}

t "== daemon restart: daemon in netlink mode, ext4 mounted, writer running"
daemon first
case "$LINE" in *" attached as $DEV (netlink, $((64 << 20)) bytes, dead-connection timeout 630 s)") ;;
    *) t "first daemon: unexpected attach line"; exit 1 ;; esac
N=${DEV#/dev/}
[ "$(cat /sys/block/$N/backend)" = "$BACKEND" ] || { t "/sys/block/$N/backend is '$(cat /sys/block/$N/backend)', expected $BACKEND"; exit 1; }
t "/sys/block/$N/backend: $BACKEND"
mkfs.ext4 -q -F "$DEV"
mount "$DEV" /tmp/mnt

# the bad case's device: LUN 1 of $OTHER attached in the foreground, then SIGKILLed: configured with
# the other target's identifier, its connection dead, waiting for a server of its own
"${JAVA[@]}" attach --portal 198.18.250.2 --target $OTHER --lun 1 --mode netlink "${LB_OPTS[@]}" \
    >/tmp/attach-other.out 2>/tmp/attach-other.err &
ATTACH_PID=$!
OTHER_DEV=
for i in $(seq 9000); do
    OTHER_DEV=$(sed -n 's/^LUN 1 of .* attached as \(\/dev\/nbd[0-9]*\) .*/\1/p' /tmp/attach-other.out)
    [ -n "$OTHER_DEV" ] && break
    kill -0 $ATTACH_PID 2>/dev/null || { cat /tmp/attach-other.out; t "attach of $OTHER exited early"; exit 1; }
    sleep 0.1
done
[ -n "$OTHER_DEV" ] || { t "attach of $OTHER: no device after 900 s"; exit 1; }
kill -KILL $ATTACH_PID
wait $ATTACH_PID || true
ATTACH_PID=
[ "$(cat /sys/block/${OTHER_DEV#/dev/}/backend)" = "lunbridge:$OTHER:1" ] || { t "$OTHER_DEV backend '$(cat /sys/block/${OTHER_DEV#/dev/}/backend)'"; exit 1; }
t "$OTHER_DEV: configured for lunbridge:$OTHER:1, its server killed"
[ "$OTHER_DEV" != "$DEV" ] || { t "the other target got $DEV"; exit 1; }

# writer: 512 KiB slices of /tmp/data, O_DIRECT + fsync, one file each, until /tmp/stop-writer; each
# completed file is listed in /tmp/written ("N OFFSET_BLOCKS")
rm -f /tmp/stop-writer /tmp/written
(
    i=0
    while [ ! -e /tmp/stop-writer ] && [ $i -lt 100 ]; do
        off=$(( (i % 16) ))
        dd if=/tmp/data of=/tmp/mnt/w-$i bs=512k skip=$off count=1 oflag=direct conv=fsync status=none || exit 1
        echo "$i $off" >> /tmp/written
        i=$((i + 1))
        sleep 0.2
    done
) 2>/tmp/writer.err &
WRITER=$!
written() { [ -s /tmp/written ] && wc -l < /tmp/written || echo 0; }
for i in $(seq 600); do [ "$(written)" -ge 3 ] && break; sleep 0.1; done
[ "$(written)" -ge 3 ] || { t "the writer did not get going"; exit 1; }
kill -0 $WRITER || { cat /tmp/writer.err; t "the writer ended early"; exit 1; }

t "== SIGTERM to the daemon while $DEV is mounted and written: hand-over"
kill -TERM $DAEMON_PID
rc=0; wait $DAEMON_PID || rc=$?
DAEMON_PID=
[ $rc = 0 ] || { tail -30 /tmp/daemon-first.err; t "the first daemon exited $rc"; exit 1; }
grep -F "$DEV handed over: left configured in the kernel" /tmp/daemon-first.err || { tail -30 /tmp/daemon-first.err; t "no hand-over of $DEV logged"; exit 1; }
grep -F "logged out of $IQN (devices left for the next daemon)" /tmp/daemon-first.err || { t "no logout logged at the hand-over"; exit 1; }
[ "$(cat /sys/block/$N/backend)" = "$BACKEND" ] && [ "$(cat /sys/block/$N/size)" != 0 ] || { t "$DEV not configured after the hand-over"; exit 1; }
findmnt -n -o SOURCE /tmp/mnt | grep -qx "$DEV" || { t "the mount is gone after the hand-over"; exit 1; }
before=$(written)
# I/O issued now waits in the driver for the next server (dead-connection timeout)
WAITER=
for i in $(seq 300); do
    WAITER=$(grep -l -E 'nbd_queue_rq|nbd_handle_cmd|wait_for_reconnect' /proc/[0-9]*/stack 2>/dev/null | head -1 || true)
    [ -n "$WAITER" ] && break
    sleep 0.1
done
[ -n "$WAITER" ] || t "(no task caught waiting in the nbd driver within 30 s: the writer's next request may sit in the socket of the old server)"
[ -n "$WAITER" ] && t "while no daemon runs, task ${WAITER%/stack} waits in $(grep -m1 -oE 'nbd_[a-z_]+|wait_for_reconnect' $WAITER || true)"
kill -0 $WRITER || { cat /tmp/writer.err; t "the writer ended while no daemon ran"; exit 1; }
sleep 3
[ "$(written)" = "$before" ] || { t "files completed while no daemon served $DEV ($before -> $(written))"; exit 1; }
t "no daemon: $DEV configured, mounted, writer waiting ($before files done)"

t "== second daemon: takes $DEV over"
daemon second
[ "$DEV" = "/dev/$N" ] || { t "the second daemon has $DEV, the first had /dev/$N"; exit 1; }
case "$LINE" in *" taken over as /dev/$N (netlink, "*) ;; *) t "second daemon: not taken over: $LINE"; exit 1 ;; esac
[ "$(cat /sys/block/$N/backend)" = "$BACKEND" ] || { t "backend changed: $(cat /sys/block/$N/backend)"; exit 1; }
grep -F "not taken over for $BACKEND, configured for other LUNs: $OTHER_DEV (lunbridge:$OTHER:1)" /tmp/daemon-second.err \
    || { tail -30 /tmp/daemon-second.err; t "the other target's device $OTHER_DEV is not named as not taken over"; exit 1; }
[ "$(cat /sys/block/${OTHER_DEV#/dev/}/backend)" = "lunbridge:$OTHER:1" ] || { t "$OTHER_DEV was touched"; exit 1; }
findmnt -n -o SOURCE /tmp/mnt | grep -qx "$DEV" || { t "the mount is gone after the restart"; exit 1; }
for i in $(seq 1800); do [ "$(written)" -ge $((before + 3)) ] && break; kill -0 $WRITER 2>/dev/null || break; sleep 0.1; done
[ "$(written)" -ge $((before + 3)) ] || { cat /tmp/writer.err; t "the writer did not continue after the take-over ($(written) files)"; exit 1; }
touch /tmp/stop-writer
rc=0; wait $WRITER || rc=$?
WRITER=
[ $rc = 0 ] && [ ! -s /tmp/writer.err ] || { cat /tmp/writer.err; t "the writer failed (exit $rc)"; exit 1; }
t "writer finished without error: $(written) files, $before before the restart"

t "== verify: fsck, the device against the target's backing file, every file through the backing file"
sync
umount /tmp/mnt
fsck.ext4 -fn "$DEV" >/tmp/fsck.log 2>&1 || { cat /tmp/fsck.log; t "fsck.ext4 -fn found errors"; exit 1; }
echo 3 > /proc/sys/vm/drop_caches
cmp "$DEV" /tmp/lun1.img || { t "$DEV differs from the target's backing file"; exit 1; }
# read through the backing file itself (debugfs: no loop device needed)
bad=0
while read -r i off; do
    dd if=/tmp/data of=/tmp/slice bs=512k skip=$off count=1 status=none
    debugfs -R "dump /w-$i /tmp/got" /tmp/lun1.img >/dev/null 2>&1
    cmp /tmp/slice /tmp/got || { t "w-$i differs in the backing file"; bad=1; }
    rm -f /tmp/got
done < /tmp/written
[ $bad = 0 ] || exit 1
t "$(written) files identical in the target's backing file; $DEV identical to it"
if dmesg | grep -E "I/O error|EXT4-fs (error|warning)|Buffer I/O|blk_update_request"; then
    t "the kernel logged I/O errors"; exit 1
fi
t "kernel log without I/O errors; the nbd lines:"
dmesg | grep -E "nbd[0-9]+: " | tail -8 || true

t "== stop of an unused daemon detaches; the other target's stale device is cleaned by detach"
kill -TERM $DAEMON_PID
rc=0; wait $DAEMON_PID || rc=$?
DAEMON_PID=
[ $rc = 0 ] || { t "the second daemon exited $rc"; exit 1; }
[ "$(cat /sys/block/$N/size)" = 0 ] || { t "$DEV still configured after the daemon stopped unused"; exit 1; }
"${JAVA[@]}" detach "$OTHER_DEV" >/tmp/detach-other.out 2>&1 || { cat /tmp/detach-other.out; t "detach $OTHER_DEV failed"; exit 1; }
grep -q "stale $OTHER_DEV (its server process is gone) disconnected" /tmp/detach-other.out || { cat /tmp/detach-other.out; exit 1; }
t "PASS: daemon restart kept $DEV (backend $BACKEND) and its mount, the writer waited and finished, data verified, no I/O errors; $OTHER_DEV of another target not taken over"
