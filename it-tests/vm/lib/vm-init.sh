# vm-init.sh - sourced by the guest's /init (guest-init.sh, systemd-init.sh; lunbridge-vm.sh puts it
# in the initramfs as /lib/vm-init.sh): what both flavours do before their own root is built.
#
#   vm_init_start       busybox applets, /proc /sys /dev, the console, the modules of /etc/modules,
#                       the run directory (9p tag run) at /run and its env ($RUNDIR $SCRIPT $PROJECT)
#   vm_mount_ro TAG DIR the 9p share TAG read-only at DIR
#   vm_share ROOT       under ROOT: the project checkout (9p tag proj) read-only at $PROJECT and the
#                       run directory bound at $RUNDIR
#   vm_run_script ROOT  $SCRIPT with bash in a chroot of ROOT, a clean environment; its exit status
fail() { echo "lunbridge-vm[guest]: $*"; echo 125 > /run/rc 2>/dev/null; poweroff -f; sleep 5; exit 1; }

vm_init_start() {
    /bin/busybox --install -s /bin
    export PATH=/bin
    mount -t proc proc /proc
    mount -t sysfs sysfs /sys
    mount -t devtmpfs devtmpfs /dev
    exec </dev/console >/dev/console 2>&1
    for m in $(cat /etc/modules); do
        case $m in
            nbd) insmod /lib/modules/nbd.ko nbds_max=16 || fail "insmod nbd failed" ;;
            *) insmod /lib/modules/$m.ko || fail "insmod $m failed" ;;
        esac
    done
    mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=none run /run || fail "cannot mount the run directory"
    . /run/env
}

vm_mount_ro() {
    mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro "$1" "$2" || fail "cannot mount the share $1 at $2"
}

vm_share() {
    mkdir -p "$1$PROJECT" && vm_mount_ro proj "$1$PROJECT"
    mkdir -p "$1$RUNDIR" && mount -o bind /run "$1$RUNDIR" || fail "cannot bind $RUNDIR"
}

vm_run_script() {
    chroot "$1" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
        LANG=C.UTF-8 RUNDIR="$RUNDIR" PROJECT="$PROJECT" /bin/bash "$SCRIPT" </dev/null
}
