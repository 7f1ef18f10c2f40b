#!/bin/busybox sh
# /init of the systemd flavour of the lunbridge test guest (lunbridge-vm.sh with
# LUNBRIDGE_VM_FLAVOUR=systemd): loads the modules, builds the root as an overlay of the host's root
# (read-only over 9p) under a tmpfs, shares the run directory and the project checkout at their own
# paths, runs SCRIPT in a chroot of that root (it installs the guest's units), then hands PID 1 to
# /lib/systemd/systemd with switch_root.
#
# /sys is mounted read-only: systemd then treats device units as unsupported (as in a container),
# so units never wait for udev, which the host root does not have. /tmp and /var/tmp are tmpfs.
. /lib/vm-init.sh
vm_init_start
mkdir -p /lower /rw /newroot
vm_mount_ro host /lower
mount -t tmpfs -o mode=755 tmpfs /rw
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work overlay /newroot || fail "cannot mount the overlay root"
R=/newroot
mount -t proc proc $R/proc
mount -t sysfs -o ro sysfs $R/sys
mount -t devtmpfs devtmpfs $R/dev
for d in /tmp /var/tmp; do mount -t tmpfs -o mode=1777 tmpfs $R$d; done
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs $R/run
vm_share $R
vm_run_script $R || fail "$SCRIPT exited $?"
umount /proc /sys /run 2>/dev/null
exec switch_root $R /lib/systemd/systemd
