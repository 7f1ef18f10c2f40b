#!/bin/busybox sh
# /init of the systemd flavour of the lunbridge test guest (lunbridge-vm.sh with
# LUNBRIDGE_VM_FLAVOUR=systemd): loads the modules, builds the root as an overlay of the host's root
# (read-only over 9p) under a tmpfs, shares the run directory and the project checkout at their own
# paths, runs SCRIPT in a chroot of that root (it installs the guest's units), then hands PID 1 to
# /lib/systemd/systemd with switch_root.
#
# /sys is mounted read-only: systemd then treats device units as unsupported (as in a container),
# so units never wait for udev, which the host root does not have. /tmp and /var/tmp are tmpfs.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
fail() { echo "lunbridge-vm[guest]: $*"; echo 125 > /run/rc 2>/dev/null; poweroff -f; sleep 5; exit 1; }
for m in $(cat /etc/modules); do
    case $m in
        nbd) insmod /lib/modules/nbd.ko nbds_max=16 || fail "insmod nbd failed" ;;
        *) insmod /lib/modules/$m.ko || fail "insmod $m failed" ;;
    esac
done
mkdir -p /lower /rw /newroot
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=none run /run || fail "cannot mount the run directory"
. /run/env
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro host /lower || fail "cannot mount the host root"
mount -t tmpfs -o mode=755 tmpfs /rw
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work overlay /newroot || fail "cannot mount the overlay root"
R=/newroot
mount -t proc proc $R/proc
mount -t sysfs -o ro sysfs $R/sys
mount -t devtmpfs devtmpfs $R/dev
for d in /tmp /var/tmp; do mount -t tmpfs -o mode=1777 tmpfs $R$d; done
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs $R/run
mkdir -p $R$PROJECT && mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro proj $R$PROJECT \
    || fail "cannot mount the project checkout $PROJECT"
mkdir -p $R$RUNDIR && mount -o bind /run $R$RUNDIR || fail "cannot bind $RUNDIR"
chroot $R /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 RUNDIR="$RUNDIR" PROJECT="$PROJECT" /bin/bash "$SCRIPT" </dev/null || fail "$SCRIPT exited $?"
umount /proc /sys /run 2>/dev/null
exec switch_root $R /lib/systemd/systemd
