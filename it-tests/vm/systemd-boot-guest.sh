#!/bin/bash
# The systemd boot scenario of the lunbridge test guest (lunbridge-vm.sh, LUNBRIDGE_VM_FLAVOUR=systemd;
# driven by it-tests SystemdBootVmIT). One script, one sub-command per role:
#
#   setup        run by the guest's /init in a chroot of the overlay root, before systemd starts:
#                installs the project's systemd/lunbridge.service and lunbridge-queueing.service (both
#                enabled) and the launcher (deb/src/deb/lunbridge, the packaged /usr/bin/lunbridge) with
#                the checkout's jar, the store ($RUNDIR/store.db, made on the host with `lunbridge target
#                add/set ... startup=automatic vgs=lbvg`), a private lvm.conf, an fstab line with
#                _netdev for the LV, the test units below, and masks what cannot work in this guest.
#   tgtd-start   ExecStartPre of lbtest-tgtd.service: network namespace + veth (198.18.250.0/30),
#                the LUN's backing file with a VG on it (through a loop device, before tgtd has it):
#                one LV with ext4, the VG deactivated and its autoactivation off
#   tgtd-config  ExecStartPost of lbtest-tgtd.service: the target and its LUN, and a second target
#                ($OTHER, not in the store: for a device of another LUN at the restart), bound to all
#                initiators
#   tgtd-stop    ExecStop of lbtest-tgtd.service (after lunbridge.service has stopped: ordering): tgtd's
#                target list, with its I_T nexus (sessions), to $RUNDIR/tgtd-at-stop.txt
#   check        lbtest.service, after multi-user.target: the in-boot checks, then a device of another
#                target (`lunbridge attach` of $OTHER, SIGKILLed: configured, no server), then `systemctl
#                restart lunbridge` under an O_DIRECT + fsync writer on the mount (the daemon hands
#                /dev/nbd0 over and the next one takes it over, naming the other target's device as not
#                taken over and leaving it); then `lunbridge detach` cleans the stale device; writes
#                $RUNDIR/restart.txt, other.txt, written.txt (the writer's files with their completion
#                times) and $RUNDIR/rc (0: passed) and powers the guest off
#   verify       ExecStop of lbtest-verify.service (ordered after lunbridge.service and before the mount:
#                it stops after the unmount, before the daemon): fsck.ext4 -fn of the LV, /dev/nbd0
#                compared with tgtd's backing file, the kernel log searched for I/O errors; to
#                $RUNDIR/verify.txt
#   journal      ExecStop of lbtest-journal.service (ordered to stop after lunbridge and tgtd): the
#                whole journal of this boot to $RUNDIR/journal.txt
#
# Needs LUNBRIDGE_JAR (the shaded jar) in $RUNDIR/params. Progress goes to $RUNDIR/guest.log.
set -euo pipefail
RUNDIR=${RUNDIR:?}
. "$RUNDIR/params"
SELF=$(readlink -f "$0")
. "$(dirname "$SELF")/lib/lvm-conf.sh"
IQN=iqn.2026-12.io.lunbridge.it:sdguest
INITIATOR=iqn.2026-12.io.lunbridge.it:sdguest-initiator
# the second target: attached by `lunbridge attach` (its own initiator name), not by the daemon
OTHER=iqn.2026-12.io.lunbridge.it:other
OTHER_INITIATOR=iqn.2026-12.io.lunbridge.it:sdguest-other
LUN_FILE=/var/tmp/lun1.img
NS=lbtgt
MNT=/mnt/lb
# The LV on the daemon's disk (/dev/nbd0: the daemon's default mode is netlink where the kernel has
# nbd), named through a link outside /dev: no udev here, so no /dev/disk/by-* links, and under a
# read-only /sys systemd-fstab-generator ignores fstab lines whose device is a /dev path ("Running in
# a container"). The link keeps the line a mount that only the unit order can make succeed: mounted
# before the daemon attached and activated the VG, the LV does not exist.
VG=lbvg
LV=/dev/mapper/$VG-lblv
DEVICE=/etc/lbtest/disk
# lvm of the daemon (LVM_SYSTEM_DIR in its drop-in): nbd devices only; of tgtd-start: loop devices only
LVM_DIR=/etc/lbtest/lvm
LVM_SETUP_DIR=/etc/lbtest/lvm-setup
export TGT_IPC_SOCKET=/run/lbtgt/mgmt
LOG=$RUNDIR/guest.log
t() { echo "[guest $(cut -d' ' -f1 /proc/uptime)s] $*" >>"$LOG"; }

unit() { cat >"/etc/systemd/system/$1"; }
mask() { for u in "$@"; do ln -sf /dev/null "/etc/systemd/system/$u"; done; }

setup() {
    t "setup: units, launcher, store, fstab"
    # --- the project's unit and launcher, as the .deb installs them
    install -m 644 "$PROJECT/systemd/lunbridge.service" /etc/systemd/system/lunbridge.service
    install -m 644 "$PROJECT/systemd/lunbridge-queueing.service" /etc/systemd/system/lunbridge-queueing.service
    mkdir -p /etc/systemd/system/multi-user.target.wants /etc/systemd/system/lunbridge.service.d \
        /etc/systemd/system/lunbridge.service.wants /etc/systemd/system/lunbridge-queueing.service.d
    ln -sf ../lunbridge.service /etc/systemd/system/multi-user.target.wants/lunbridge.service
    # enabled as `systemctl enable` does it from its [Install] WantedBy=lunbridge.service
    grep -qx 'WantedBy=lunbridge.service' /etc/systemd/system/lunbridge-queueing.service \
        || { t "setup: lunbridge-queueing.service is no longer WantedBy=lunbridge.service"; exit 1; }
    ln -sf ../lunbridge-queueing.service /etc/systemd/system/lunbridge.service.wants/lunbridge-queueing.service
    # the packaged launcher, running the checkout's jar at its own path: the class-data-sharing archive
    # (made on the host for that path, as the package's postinst makes one) is valid for it only
    mkdir -p /usr/share/lunbridge /etc/lunbridge /var/lib/lunbridge /var/cache/lunbridge
    sed "s|\"\$share/lunbridge.jar\"|\"$LUNBRIDGE_JAR\"|" "$PROJECT/deb/src/deb/lunbridge" >/usr/bin/lunbridge
    chmod 755 /usr/bin/lunbridge
    grep -qF "$LUNBRIDGE_JAR" /usr/bin/lunbridge || { t "setup: the launcher does not run $LUNBRIDGE_JAR"; exit 1; }
    install -m 644 "$PROJECT/packaging/src/dist/jvm.options" "$PROJECT/packaging/src/dist/quick-verbs" /usr/share/lunbridge/
    install -m 755 "$PROJECT/packaging/src/dist/native-trim-option" /usr/share/lunbridge/
    [ -s "$RUNDIR/lunbridge.jsa" ] && install -m 644 "$RUNDIR/lunbridge.jsa" /var/cache/lunbridge/lunbridge.jsa
    echo "InitiatorName=$INITIATOR" >/etc/lunbridge/initiatorname
    # a long replacement window (dead-connection timeout 630 s): across `systemctl restart` the
    # writer's I/O waits in the kernel while the next JVM starts, minutes under TCG on a busy host
    echo 'mpio.replacement-timeout = 600' >/etc/lunbridge/lunbridge.conf
    # the daemon's LUN only: /dev/nbd1, the other target's device left without a server at the
    # restart, would make the daemon's vgchange scan wait in the driver for its dead-connection timeout
    lvm_conf $LVM_DIR '^/dev/nbd0$'
    lvm_conf $LVM_SETUP_DIR '^/dev/loop'
    printf 'd /run/lock/lvm 0700 root root -\n' >/etc/tmpfiles.d/lbtest-lvm.conf
    install -m 600 "$RUNDIR/store.db" /var/lib/lunbridge/store.db
    # test-only: INFO so that attach, detach and logout are in the journal; C1 only and a start
    # timeout for an emulated CPU on a busy host (a JVM start alone takes 10-60 s there)
    unit lunbridge.service.d/test.conf <<EOF
[Unit]
# the jar is in the checkout (9p): not unmounted while the daemon may still load classes from it
RequiresMountsFor=$PROJECT

[Service]
Environment=LUNBRIDGE_LOG_LEVEL=INFO
Environment="LUNBRIDGE_JAVA_OPTS=-XX:TieredStopAtLevel=1 -XX:-UsePerfData"
# the daemon's vgchange and pvs: the private lvm.conf (nbd devices only)
Environment=LVM_SYSTEM_DIR=$LVM_DIR
TimeoutStartSec=600
EOF
    # the same for the queueing unit's ExecStop (a CLI JVM start, at shutdown)
    unit lunbridge-queueing.service.d/test.conf <<EOF
[Unit]
RequiresMountsFor=$PROJECT

[Service]
Environment=LUNBRIDGE_LOG_LEVEL=INFO
Environment="LUNBRIDGE_JAVA_OPTS=-XX:TieredStopAtLevel=1 -XX:-UsePerfData"
TimeoutStopSec=600
EOF
    mkdir -p "$(dirname $DEVICE)" && ln -sf $LV $DEVICE
    printf '# lunbridge systemd boot test\n%s %s ext4 _netdev 0 0\n' "$DEVICE" "$MNT" >/etc/fstab
    mkdir -p $MNT

    # --- the target: tgtd in its own network namespace, up before network-online.target
    unit lbtest-tgtd.service <<EOF
[Unit]
Description=lunbridge test: tgtd in network namespace $NS behind a veth pair
Before=network-online.target lunbridge.service
Wants=network-online.target
RequiresMountsFor=$PROJECT /var/tmp

[Service]
Type=simple
Environment=TGT_IPC_SOCKET=$TGT_IPC_SOCKET RUNDIR=$RUNDIR
ExecStartPre=$SELF tgtd-start
ExecStart=/usr/bin/ip netns exec $NS /usr/sbin/tgtd -f
ExecStartPost=$SELF tgtd-config
ExecStop=$SELF tgtd-stop
ExecStopPost=-/usr/bin/ip netns delete $NS

[Install]
WantedBy=network-online.target
EOF
    # --- the journal, taken when this unit stops: after lunbridge and tgtd (reverse of Before=)
    unit lbtest-journal.service <<EOF
[Unit]
Description=lunbridge test: journal to the run directory at shutdown
After=systemd-journald.service
Before=lunbridge.service lbtest-tgtd.service
RequiresMountsFor=$RUNDIR $PROJECT

[Service]
Type=oneshot
RemainAfterExit=yes
Environment=RUNDIR=$RUNDIR
ExecStart=/bin/true
ExecStop=$SELF journal

[Install]
WantedBy=multi-user.target
EOF
    # --- the checks, once the system is up
    # (no default dependencies: a unit that multi-user.target wants would otherwise order that target
    # after itself, a cycle with After=multi-user.target)
    unit lbtest.service <<EOF
[Unit]
Description=lunbridge test: checks after boot, then poweroff
DefaultDependencies=no
Requires=sysinit.target
After=sysinit.target basic.target multi-user.target
Conflicts=shutdown.target
Before=shutdown.target
RequiresMountsFor=$RUNDIR $PROJECT

[Service]
Type=oneshot
Environment=TGT_IPC_SOCKET=$TGT_IPC_SOCKET RUNDIR=$RUNDIR
ExecStart=$SELF check
StandardOutput=journal

[Install]
WantedBy=multi-user.target
EOF
    # --- the checks after the unmount, before the daemon stops (stop order: the reverse of After/Before)
    unit lbtest-verify.service <<EOF
[Unit]
Description=lunbridge test: fsck and the device against the target's backing file, after the unmount
After=lunbridge.service
Before=mnt-lb.mount
RequiresMountsFor=$RUNDIR $PROJECT /var/tmp

[Service]
Type=oneshot
RemainAfterExit=yes
Environment=RUNDIR=$RUNDIR
ExecStart=/bin/true
ExecStop=$SELF verify
# fsck and a 64 MiB read through nbd under TCG on a busy host
TimeoutStopSec=600

[Install]
WantedBy=multi-user.target
EOF
    for u in lbtest-tgtd.service:network-online.target lbtest-journal.service:multi-user.target \
             lbtest-verify.service:multi-user.target lbtest.service:multi-user.target; do
        mkdir -p "/etc/systemd/system/${u#*:}.wants"
        ln -sf "../${u%%:*}" "/etc/systemd/system/${u#*:}.wants/${u%%:*}"
    done

    # --- what cannot work here, or is not wanted: ttys, the host's services and timers, udev-less
    # LVM monitoring, D-Bus and logind (systemctl talks to PID 1 over its private socket), modules
    # for this kernel (they are in the initramfs), autofs (no module), the clock over the network
    mask getty.target getty@.service serial-getty@.service console-getty.service \
         postgresql.service e2scrub_reap.service e2scrub_all.timer apt-daily.timer apt-daily-upgrade.timer \
         dpkg-db-backup.timer fstrim.timer man-db.timer systemd-tmpfiles-clean.timer \
         lvm2-monitor.service lvm2-lvmpolld.socket dm-event.socket blk-availability.service \
         dbus.service dbus.socket systemd-logind.service systemd-user-sessions.service \
         systemd-modules-load.service kmod-static-nodes.service proc-sys-fs-binfmt_misc.automount \
         systemd-binfmt.service systemd-timesyncd.service systemd-pstore.service systemd-remount-fs.service \
         systemd-firstboot.service systemd-repart.service systemd-pcrphase.service \
         systemd-pcrphase-sysinit.service systemd-ask-password-wall.path systemd-ask-password-console.path \
         networking.service ifupdown-pre.service systemd-networkd.service systemd-resolved.service \
         ssh.service cron.service
    # /tmp is a fresh tmpfs holding the run directory: never clean it (Debian's tmp.conf has D /tmp)
    printf 'd /tmp 1777 root root -\nd /var/tmp 1777 root root -\n' >/etc/tmpfiles.d/tmp.conf
    echo lunbridge-vm >/etc/hostname
    # the host root may be a container's: systemd would then think it runs in one (docker)
    rm -f /.dockerenv
    [ -s /etc/machine-id ] || systemd-machine-id-setup >/dev/null 2>&1 || true
    t "setup done"
}

tgtd_start() {
    t "tgtd-start: namespace $NS, veth lb0 198.18.250.1 / lb0t 198.18.250.2, LUN with VG $VG"
    ip netns delete $NS 2>/dev/null || true
    ip netns add $NS
    ip link add lb0 type veth peer name lb0t
    ip link set lb0t netns $NS
    ip addr add 198.18.250.1/30 dev lb0
    ip link set lb0 up
    ip netns exec $NS ip addr add 198.18.250.2/30 dev lb0t
    ip netns exec $NS ip link set lb0t up
    ip netns exec $NS ip link set lo up
    mkdir -p /run/lbtgt
    if [ ! -e $LUN_FILE ]; then
        truncate -s 64M $LUN_FILE
        make_vg $LUN_FILE
    fi
    [ -e /var/tmp/other.img ] || truncate -s 16M /var/tmp/other.img
}

# make_vg FILE: PV, VG $VG and LV $LV with ext4 on FILE through a loop device (private lvm.conf seeing
# loop devices only), then the VG deactivated and its autoactivation off (what `lunbridge vg prepare`
# does): at boot it stays inactive until the daemon's vgchange -ay after the attach
make_vg() {
    local loop auto active
    mkdir -p /run/lock/lvm
    loop=$(losetup -f --show "$1")
    # (a && chain: set -e does not apply in a subshell whose status || tests)
    (
        export LVM_SYSTEM_DIR=$LVM_SETUP_DIR LVM_SUPPRESS_FD_WARNINGS=1
        pvcreate -q -y "$loop" && vgcreate -q $VG "$loop" && lvcreate -q -y -n lblv -L 48M $VG \
            && mkfs.ext4 -q -F -L lbdata $LV && vgchange -q --setautoactivation n $VG && vgchange -q -an $VG \
            && auto=$(vgs --noheadings -o autoactivation $VG | tr -d ' ') \
            && active=$(lvs --noheadings -o lv_active $VG/lblv | tr -d ' ') || exit 1
        [ -z "$auto" ] && [ -z "$active" ] \
            || { echo "lbtest-tgtd: $VG: autoactivation '$auto', lblv '$active'" >&2; exit 1; }
    ) || { losetup -d "$loop"; t "tgtd-start: VG on the LUN failed"; return 1; }
    losetup -d "$loop"
    t "tgtd-start: VG $VG with LV lblv (ext4) on the LUN, inactive, autoactivation off"
    echo "lbtest-tgtd: volume group $VG made on the LUN: inactive, autoactivation off"
}

tgtd_config() {
    for i in $(seq 300); do tgtadm --mode system --op show >/dev/null 2>&1 && break; sleep 0.1; done
    tgtadm --lld iscsi --mode target --op new --tid 1 --targetname $IQN
    tgtadm --lld iscsi --mode logicalunit --op new --tid 1 --lun 1 --backing-store $LUN_FILE
    tgtadm --lld iscsi --mode target --op bind --tid 1 --initiator-address ALL
    tgtadm --lld iscsi --mode target --op new --tid 2 --targetname $OTHER
    tgtadm --lld iscsi --mode logicalunit --op new --tid 2 --lun 1 --backing-store /var/tmp/other.img
    tgtadm --lld iscsi --mode target --op bind --tid 2 --initiator-address ALL
    t "tgtd-config: $IQN with LUN 1 (64 MiB), $OTHER with LUN 1 (16 MiB)"
}

tgtd_stop() {
    tgtadm --lld iscsi --mode target --op show >"$RUNDIR/tgtd-at-stop.txt" 2>&1 || true
    t "tgtd-stop: target list saved ($(grep -c 'I_T nexus: ' "$RUNDIR/tgtd-at-stop.txt" || true) sessions)"
    echo "lbtest-tgtd: sessions at stop: $(grep -c 'I_T nexus: ' "$RUNDIR/tgtd-at-stop.txt" || true)"
    # tgtd leaves on SIGTERM only once it has no target
    tgtadm --lld iscsi --mode target --op delete --force --tid 1 || true
    tgtadm --lld iscsi --mode target --op delete --force --tid 2 || true
    tgtadm --mode system --op delete || true
}

journal() {
    echo "lbtest-journal: collecting the journal"
    journalctl -b -o short-monotonic --no-pager >"$RUNDIR/journal.new" 2>&1 || true
    mv "$RUNDIR/journal.new" "$RUNDIR/journal.txt"
    sync
}

check() {
    local rc=0
    t "check: system state $(systemctl is-system-running || true)"
    systemctl --failed --no-legend --plain >"$RUNDIR/failed.txt" 2>&1 || true
    systemctl status lunbridge.service --no-pager --lines=0 >"$RUNDIR/status.txt" 2>&1 || true
    systemctl show lunbridge.service -p ActiveState -p SubState -p StatusText -p MainPID >"$RUNDIR/show.txt" 2>&1 || true
    systemctl is-active lunbridge-queueing.service >"$RUNDIR/queueing.txt" 2>&1 || true
    findmnt -n -o SOURCE,FSTYPE,OPTIONS $MNT >"$RUNDIR/findmnt.txt" 2>&1 || true
    tgtadm --lld iscsi --mode target --op show >"$RUNDIR/tgtd-while-up.txt" 2>&1 || true
    t "check: write to $MNT"
    if mountpoint -q $MNT; then
        dd if=/dev/urandom of=/tmp/data bs=1M count=4 status=none
        timeout 120 cp /tmp/data $MNT/data && timeout 60 sync && cmp /tmp/data $MNT/data && t "check: 4 MiB written to $MNT and read back" \
            || { t "check: write to $MNT failed"; rc=1; }
    else
        t "check: $MNT is not mounted"; rc=1
    fi
    grep -qx 'ActiveState=active' "$RUNDIR/show.txt" || { t "check: lunbridge.service not active"; rc=1; }
    grep -q 'Status: "1 device, 0 queueing"' "$RUNDIR/status.txt" || { t "check: no STATUS= line in systemctl status"; rc=1; }
    grep -q "Initiator: $INITIATOR" "$RUNDIR/tgtd-while-up.txt" || { t "check: tgtd shows no session of $INITIATOR"; rc=1; }
    grep -qx active "$RUNDIR/queueing.txt" || { t "check: lunbridge-queueing.service not active"; rc=1; }
    [ $rc = 0 ] && { other_attach || rc=1; }
    [ $rc = 0 ] && { restart || rc=1; }
    [ $rc = 0 ] && { other_detach || rc=1; }
    t "check: done, status $rc; powering off"
    echo $rc >"$RUNDIR/rc"
    sync
    # (poweroff.target directly: `systemctl poweroff` would ask logind, masked here, first)
    systemctl start --no-block --job-mode=replace-irreversibly poweroff.target
}

# the configured nbd devices: "nbdN backend=ID holders=dm-M" each, joined with ";"
nbd_state() {
    local b
    for b in /sys/block/nbd*; do
        [ "$(cat $b/size)" != 0 ] || continue
        echo "${b##*/} backend=$(cat $b/backend 2>/dev/null) holders=$(ls $b/holders | paste -sd,)"
    done | paste -sd';'
}
# the launcher as the units run it (quick compiler, no perf data), for the CLI verbs of the checks: a
# simple command, so that in the background $! is the JVM's pid (the launcher execs java; a shell
# function in the background would be a subshell, and SIGKILL would miss the JVM)
LB_ENV=(env LUNBRIDGE_LOG_LEVEL=INFO "LUNBRIDGE_JAVA_OPTS=-XX:TieredStopAtLevel=1 -XX:-UsePerfData")

# A device of another target for the restart: `lunbridge attach` of LUN 1 of $OTHER, SIGKILLed once
# attached: configured in the kernel for lunbridge:$OTHER:1, its connection dead, no server. The
# daemon's next start must name it as not taken over and leave it. Sets OTHER_DEV; to other.txt.
other_attach() {
    local out=$RUNDIR/other.txt pid i
    : >"$out"
    "${LB_ENV[@]}" /usr/bin/lunbridge attach --foreground --portal 198.18.250.2 --target $OTHER --lun 1 --initiator-name $OTHER_INITIATOR \
        >/tmp/attach-other.out 2>/tmp/attach-other.err &
    pid=$!
    OTHER_DEV=
    for i in $(seq 9000); do
        OTHER_DEV=$(sed -n 's/^LUN 1 of .* attached as \(\/dev\/nbd[0-9]*\) .*/\1/p' /tmp/attach-other.out)
        [ -n "$OTHER_DEV" ] && break
        kill -0 $pid 2>/dev/null || { t "other: attach of $OTHER exited early: $(tail -5 /tmp/attach-other.err)"; return 1; }
        sleep 0.1
    done
    [ -n "$OTHER_DEV" ] || { t "other: attach of $OTHER: no device after 900 s"; kill $pid; return 1; }
    [ "$(cat /proc/$pid/comm)" = java ] || { t "other: process $pid is $(cat /proc/$pid/comm), not the attach's JVM"; kill $pid; return 1; }
    kill -KILL $pid
    wait $pid || true
    echo "attached: $(cat /tmp/attach-other.out)" >>"$out"
    echo "killed: $OTHER_DEV backend=$(cat /sys/block/${OTHER_DEV#/dev/}/backend)" >>"$out"
    [ "$OTHER_DEV" != /dev/nbd0 ] && [ "$(cat /sys/block/${OTHER_DEV#/dev/}/backend)" = "lunbridge:$OTHER:1" ] \
        || { t "other: $OTHER_DEV backend '$(cat /sys/block/${OTHER_DEV#/dev/}/backend)'"; return 1; }
    t "other: $OTHER_DEV configured for lunbridge:$OTHER:1, its server killed"
}

# after the restart: the other target's device is still as it was, and `lunbridge detach` cleans it up
other_detach() {
    local out=$RUNDIR/other.txt
    echo "after the restart: $OTHER_DEV backend=$(cat /sys/block/${OTHER_DEV#/dev/}/backend)" >>"$out"
    "${LB_ENV[@]}" /usr/bin/lunbridge detach "$OTHER_DEV" >/tmp/detach-other.out 2>&1 || { t "other: detach $OTHER_DEV failed: $(cat /tmp/detach-other.out)"; return 1; }
    echo "detach: $(cat /tmp/detach-other.out)" >>"$out"
    [ "$(cat /sys/block/${OTHER_DEV#/dev/}/size)" = 0 ] || { t "other: $OTHER_DEV still configured after detach"; return 1; }
    t "other: $OTHER_DEV detached: $(cat /tmp/detach-other.out)"
}
main_pid() { systemctl show -p MainPID --value lunbridge.service; }
written() { [ -s /tmp/written ] && wc -l < /tmp/written || echo 0; }

# `systemctl restart lunbridge` while a writer (O_DIRECT + fsync, one 128 KiB file at a time, 64 names
# in turn) runs on the mount: the daemon hands /dev/nbd0 over, the next one takes it over by its
# backend identifier; same device, same mount, the writer never sees an error. Results to restart.txt.
restart() {
    local out=$RUNDIR/restart.txt before after mount_before mount_after pid_before pid_after at_restart at_return wrc=0 bad=0 n off
    : >"$out"
    before=$(nbd_state); mount_before=$(findmnt -n -o SOURCE $MNT); pid_before=$(main_pid)
    echo "before: $before" >>"$out"
    case "$before" in "nbd0 backend=lunbridge:$IQN:1 holders=dm-"*";${OTHER_DEV#/dev/} backend=lunbridge:$OTHER:1 holders=") ;;
        *) t "restart: before it, the configured nbd devices are '$before'"; return 1 ;; esac
    dd if=/dev/urandom of=/tmp/wdata bs=128k count=16 status=none
    rm -f /tmp/stop-writer /tmp/written
    (
        i=0
        while [ ! -e /tmp/stop-writer ]; do
            off=$((i % 16)) n=$((i % 64))
            dd if=/tmp/wdata of=$MNT/w-$n bs=128k skip=$off count=1 oflag=direct conv=fsync status=none || exit 1
            # the completion time on the journal's clock (uptime; a builtin read, no fork)
            read -r up _ </proc/uptime
            echo "$i $n $off $up" >>/tmp/written
            i=$((i + 1))
            sleep 0.2
        done
    ) 2>/tmp/writer.err &
    WRITER=$!
    for i in $(seq 600); do [ "$(written)" -ge 3 ] && break; sleep 0.1; done
    [ "$(written)" -ge 3 ] || { t "restart: the writer did not get going"; kill $WRITER; return 1; }
    at_restart=$(written)
    t "restart: writer running ($at_restart files), daemon $pid_before on $before; systemctl restart lunbridge"
    echo "lbtest: systemctl restart lunbridge with the writer running"
    timeout 900 systemctl restart lunbridge.service || { t "restart: systemctl restart lunbridge failed"; touch /tmp/stop-writer; return 1; }
    at_return=$(written)
    after=$(nbd_state); mount_after=$(findmnt -n -o SOURCE $MNT); pid_after=$(main_pid)
    echo "lbtest: systemctl restart lunbridge returned"
    t "restart: returned, daemon $pid_after on $after; mount $mount_after; writer at $at_return files"
    echo "after: $after" >>"$out"
    echo "mount: $mount_before -> $mount_after" >>"$out"
    echo "daemon: $pid_before -> $pid_after" >>"$out"
    systemctl status lunbridge.service --no-pager --lines=0 >"$RUNDIR/status-after-restart.txt" 2>&1 || true
    for i in $(seq 1800); do [ "$(written)" -ge $((at_return + 3)) ] && break; kill -0 $WRITER 2>/dev/null || break; sleep 0.1; done
    touch /tmp/stop-writer
    wait $WRITER || wrc=$?
    [ -s /tmp/writer.err ] && { t "restart: writer: $(cat /tmp/writer.err)"; wrc=err; }
    echo "writer: $(written) files, $at_restart at the restart, $at_return when it returned, exit $wrc" >>"$out"
    cp /tmp/written "$RUNDIR/written.txt"
    [ "$after" = "$before" ] || { t "restart: nbd devices '$before' before, '$after' after"; return 1; }
    [ "$mount_after" = "$mount_before" ] && [ "$mount_before" = "$LV" ] || { t "restart: mount $mount_before -> $mount_after"; return 1; }
    [ "$pid_after" != "$pid_before" ] && [ "$pid_after" != 0 ] || { t "restart: the daemon's pid did not change ($pid_before)"; return 1; }
    [ "$wrc" = 0 ] || { t "restart: the writer failed ($wrc)"; return 1; }
    [ "$(written)" -ge $((at_return + 3)) ] || { t "restart: the writer did not continue after the restart"; return 1; }
    grep -q 'Status: "1 device, 0 queueing"' "$RUNDIR/status-after-restart.txt" || { t "restart: no STATUS= line after it"; return 1; }
    # verify through the device: page cache dropped, every name's last slice read back with O_DIRECT
    sync
    echo 3 >/proc/sys/vm/drop_caches
    awk '{ last[$2] = $3 } END { for (n in last) print n, last[n] }' /tmp/written >/tmp/last
    while read -r n off; do
        dd if=/tmp/wdata of=/tmp/slice bs=128k skip=$off count=1 status=none
        dd if=$MNT/w-$n of=/tmp/got bs=128k iflag=direct status=none
        cmp -s /tmp/slice /tmp/got || { t "restart: w-$n differs from slice $off"; bad=1; }
    done </tmp/last
    cmp /tmp/data $MNT/data || { t "restart: $MNT/data differs"; bad=1; }
    [ $bad = 0 ] || return 1
    if dmesg | grep -E "I/O error, dev (nbd0|dm-)|Buffer I/O error on dev (nbd0|dm-)|EXT4-fs (error|warning)"; then
        t "restart: the kernel logged I/O errors"; return 1
    fi
    echo "verified: $(wc -l </tmp/last) files and $MNT/data read back identical, no I/O error in the kernel log" >>"$out"
    t "restart: passed: $(cat "$out" | tr '\n' ';')"
}

# After the unmount, before the daemon stops: the filesystem clean, the device identical to tgtd's
# backing file (both in this guest), no I/O error in the kernel log over the whole boot
verify() {
    local out=$RUNDIR/verify.txt
    : >"$out"
    echo "lbtest-verify: after the unmount"
    sync
    if fsck.ext4 -fn $LV >/tmp/fsck.log 2>&1; then
        echo "fsck.ext4 -fn $LV clean: $(tail -1 /tmp/fsck.log)" >>"$out"
    else
        echo "fsck.ext4 -fn $LV found errors:" >>"$out"; cat /tmp/fsck.log >>"$out"
    fi
    echo 3 >/proc/sys/vm/drop_caches
    if cmp /dev/nbd0 $LUN_FILE >/tmp/cmp.log 2>&1; then
        echo "/dev/nbd0 identical to the target's backing file $LUN_FILE" >>"$out"
    else
        echo "/dev/nbd0 differs from the target's backing file: $(cat /tmp/cmp.log)" >>"$out"
    fi
    if dmesg | grep -E "I/O error|Buffer I/O|EXT4-fs (error|warning)" >/tmp/ioerr.log; then
        echo "the kernel logged I/O errors:" >>"$out"; cat /tmp/ioerr.log >>"$out"
    else
        echo "no I/O error in the kernel log" >>"$out"
    fi
    # the driver's own lines (each text once): for the restart "reconnected socket" (the take-over)
    echo "nbd driver lines:" >>"$out"
    dmesg | grep -oE "nbd[0-9]+: .*" | awk '!seen[$0]++' >>"$out" || true
    sed 's/^/lbtest-verify: /' "$out"
    sync
}

case ${1:-setup} in
    setup) setup ;;
    tgtd-start) tgtd_start ;;
    tgtd-config) tgtd_config ;;
    tgtd-stop) tgtd_stop ;;
    check) check ;;
    journal) journal ;;
    verify) verify ;;
    *) echo "systemd-boot-guest.sh: unknown sub-command $1" >&2; exit 2 ;;
esac
