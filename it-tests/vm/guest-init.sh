#!/bin/busybox sh
# /init of the lunbridge test guest (see lunbridge-vm.sh): loads the modules, mounts the host's root
# read-only and the run directory read-write, then runs the test script in a chroot of the host root.
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
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=none run /run || fail "cannot mount the run directory"
. /run/env
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro host /host || fail "cannot mount the host root"
mount -t proc proc /host/proc
mount -t sysfs sysfs /host/sys
mount -t devtmpfs devtmpfs /host/dev
mkdir -p /host/dev/pts /host/dev/shm
ln -s /proc/self/fd /host/dev/fd; ln -s fd/0 /host/dev/stdin; ln -s fd/1 /host/dev/stdout; ln -s fd/2 /host/dev/stderr
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /host/dev/pts
mount -t tmpfs -o mode=1777 tmpfs /host/dev/shm
for d in /tmp /run /var/tmp; do [ -d /host$d ] && mount -t tmpfs -o mode=1777 tmpfs /host$d; done
mkdir -p /host$PROJECT && mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro proj /host$PROJECT \
    || fail "cannot mount the project checkout $PROJECT"
mkdir -p /host$RUNDIR && mount -o bind /run /host$RUNDIR || fail "cannot bind $RUNDIR"
hostname lunbridge-vm
ip link set lo up
chroot /host /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 RUNDIR="$RUNDIR" /bin/bash "$SCRIPT" </dev/null
rc=$?
echo "$rc" > /run/rc
sync
echo "lunbridge-vm[guest]: script exited $rc"
poweroff -f
