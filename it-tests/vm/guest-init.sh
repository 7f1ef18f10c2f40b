#!/bin/busybox sh
# /init of the lunbridge test guest (see lunbridge-vm.sh): loads the modules, mounts the host's root
# read-only and the run directory read-write, then runs the test script in a chroot of the host root.
. /lib/vm-init.sh
vm_init_start
vm_mount_ro host /host
mount -t proc proc /host/proc
mount -t sysfs sysfs /host/sys
mount -t devtmpfs devtmpfs /host/dev
mkdir -p /host/dev/pts /host/dev/shm
ln -s /proc/self/fd /host/dev/fd; ln -s fd/0 /host/dev/stdin; ln -s fd/1 /host/dev/stdout; ln -s fd/2 /host/dev/stderr
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /host/dev/pts
mount -t tmpfs -o mode=1777 tmpfs /host/dev/shm
for d in /tmp /run /var/tmp; do [ -d /host$d ] && mount -t tmpfs -o mode=1777 tmpfs /host$d; done
vm_share /host
hostname lunbridge-vm
ip link set lo up
vm_run_script /host
rc=$?
echo "$rc" > /run/rc
sync
echo "lunbridge-vm[guest]: script exited $rc"
poweroff -f
