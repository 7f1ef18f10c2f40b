#!/bin/bash
# The systemd boot scenario of the lunbridge test guest (lunbridge-vm.sh, LUNBRIDGE_VM_FLAVOUR=systemd;
# driven by it-tests SystemdBootVmIT). One script, one sub-command per role:
#
#   setup        run by the guest's /init in a chroot of the overlay root, before systemd starts:
#                installs the project's systemd/lunbridge.service and the launcher (deb/src/deb/lunbridge,
#                the packaged /usr/bin/lunbridge) with the checkout's jar, the store ($RUNDIR/store.db,
#                made on the host with `lunbridge target add/set ... startup=automatic`), an fstab line
#                with _netdev, the test units below, and masks what cannot work in this guest.
#   tgtd-start   ExecStartPre of lbtest-tgtd.service: network namespace + veth (198.18.250.0/30),
#                the LUN's backing file with an ext4 filesystem on it
#   tgtd-config  ExecStartPost of lbtest-tgtd.service: the target and its LUN, bound to all initiators
#   tgtd-stop    ExecStop of lbtest-tgtd.service (after lunbridge.service has stopped: ordering): tgtd's
#                target list, with its I_T nexus (sessions), to $RUNDIR/tgtd-at-stop.txt
#   check        lbtest.service, after multi-user.target: the in-boot checks; writes $RUNDIR/rc
#                (0: passed) and powers the guest off
#   journal      ExecStop of lbtest-journal.service (ordered to stop after lunbridge and tgtd): the
#                whole journal of this boot to $RUNDIR/journal.txt
#
# Needs LUNBRIDGE_JAR (the shaded jar) in $RUNDIR/params. Progress goes to $RUNDIR/guest.log.
set -euo pipefail
RUNDIR=${RUNDIR:?}
. "$RUNDIR/params"
SELF=$(readlink -f "$0")
IQN=iqn.2026-12.io.lunbridge.it:sdguest
INITIATOR=iqn.2026-12.io.lunbridge.it:sdguest-initiator
NS=lbtgt
MNT=/mnt/lb
# The daemon's first (and only) loop device, named through a link outside /dev: no udev here, so no
# /dev/disk/by-* links, and under a read-only /sys systemd-fstab-generator ignores fstab lines whose
# device is a /dev path ("Running in a container"). The link keeps the line a mount that only the
# unit order can make succeed: mounted before the daemon attached, /dev/loop0 has no backing file.
DEVICE=/etc/lbtest/disk
export TGT_IPC_SOCKET=/run/lbtgt/mgmt
LOG=$RUNDIR/guest.log
t() { echo "[guest $(cut -d' ' -f1 /proc/uptime)s] $*" >>"$LOG"; }

unit() { cat >"/etc/systemd/system/$1"; }
mask() { for u in "$@"; do ln -sf /dev/null "/etc/systemd/system/$u"; done; }

setup() {
    t "setup: units, launcher, store, fstab"
    # --- the project's unit and launcher, as the .deb installs them
    install -m 644 "$PROJECT/systemd/lunbridge.service" /etc/systemd/system/lunbridge.service
    mkdir -p /etc/systemd/system/multi-user.target.wants /etc/systemd/system/lunbridge.service.d
    ln -sf ../lunbridge.service /etc/systemd/system/multi-user.target.wants/lunbridge.service
    # the packaged launcher, running the checkout's jar at its own path: the class-data-sharing archive
    # (made on the host for that path, as the package's postinst makes one) is valid for it only
    mkdir -p /usr/share/lunbridge /etc/lunbridge /var/lib/lunbridge /var/cache/lunbridge
    sed "s|\"\$share/lunbridge.jar\"|\"$LUNBRIDGE_JAR\"|" "$PROJECT/deb/src/deb/lunbridge" >/usr/bin/lunbridge
    chmod 755 /usr/bin/lunbridge
    grep -qF "$LUNBRIDGE_JAR" /usr/bin/lunbridge || { t "setup: the launcher does not run $LUNBRIDGE_JAR"; exit 1; }
    install -m 644 "$PROJECT/packaging/src/dist/jvm.options" "$PROJECT/packaging/src/dist/quick-verbs" /usr/share/lunbridge/
    [ -s "$RUNDIR/lunbridge.jsa" ] && install -m 644 "$RUNDIR/lunbridge.jsa" /var/cache/lunbridge/lunbridge.jsa
    echo "InitiatorName=$INITIATOR" >/etc/lunbridge/initiatorname
    install -m 600 "$RUNDIR/store.db" /var/lib/lunbridge/store.db
    # test-only: INFO so that attach, detach and logout are in the journal; C1 only and a start
    # timeout for an emulated CPU on a busy host (a JVM start alone takes 10-60 s there)
    unit lunbridge.service.d/test.conf <<EOF
[Unit]
# the jar is in the checkout (9p): not unmounted while the daemon may still load classes from it
RequiresMountsFor=$PROJECT

[Service]
Environment=LUNBRIDGE_LOG_LEVEL=INFO
# fuse-loop: the fstab link and the checks name /dev/loop0, but this guest loads nbd.ko, where the
# unit's 'daemon' (--mode auto) attaches /dev/nbd0 over netlink since the daemon's nbd mode
ExecStart=
ExecStart=/usr/bin/lunbridge daemon --mode fuse-loop
Environment="LUNBRIDGE_JAVA_OPTS=-XX:TieredStopAtLevel=1 -XX:-UsePerfData"
TimeoutStartSec=600
EOF
    mkdir -p "$(dirname $DEVICE)" && ln -sf /dev/loop0 $DEVICE
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
    for u in lbtest-tgtd.service:network-online.target lbtest-journal.service:multi-user.target \
             lbtest.service:multi-user.target; do
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
    t "tgtd-start: namespace $NS, veth lb0 198.18.250.1 / lb0t 198.18.250.2, LUN with ext4"
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
    if [ ! -e /var/tmp/lun1.img ]; then
        truncate -s 64M /var/tmp/lun1.img
        mkfs.ext4 -q -F -L lbdata /var/tmp/lun1.img
    fi
}

tgtd_config() {
    for i in $(seq 300); do tgtadm --mode system --op show >/dev/null 2>&1 && break; sleep 0.1; done
    tgtadm --lld iscsi --mode target --op new --tid 1 --targetname $IQN
    tgtadm --lld iscsi --mode logicalunit --op new --tid 1 --lun 1 --backing-store /var/tmp/lun1.img
    tgtadm --lld iscsi --mode target --op bind --tid 1 --initiator-address ALL
    t "tgtd-config: $IQN with LUN 1 (64 MiB)"
}

tgtd_stop() {
    tgtadm --lld iscsi --mode target --op show >"$RUNDIR/tgtd-at-stop.txt" 2>&1 || true
    t "tgtd-stop: target list saved ($(grep -c 'I_T nexus: ' "$RUNDIR/tgtd-at-stop.txt" || true) sessions)"
    echo "lbtest-tgtd: sessions at stop: $(grep -c 'I_T nexus: ' "$RUNDIR/tgtd-at-stop.txt" || true)"
    # tgtd leaves on SIGTERM only once it has no target
    tgtadm --lld iscsi --mode target --op delete --force --tid 1 || true
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
    t "check: done, status $rc; powering off"
    echo $rc >"$RUNDIR/rc"
    sync
    # (poweroff.target directly: `systemctl poweroff` would ask logind, masked here, first)
    systemctl start --no-block --job-mode=replace-irreversibly poweroff.target
}

case ${1:-setup} in
    setup) setup ;;
    tgtd-start) tgtd_start ;;
    tgtd-config) tgtd_config ;;
    tgtd-stop) tgtd_stop ;;
    check) check ;;
    journal) journal ;;
    *) echo "systemd-boot-guest.sh: unknown sub-command $1" >&2; exit 2 ;;
esac
