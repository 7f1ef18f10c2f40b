#!/bin/bash
# lunbridge-vm.sh - runs a script as root inside a throw-away qemu guest with Debian 12's stock
# kernel (nbd.ko, veth.ko, ext4, dm_mod.ko for LVM) that sees the host's root filesystem read-only
# over virtio-9p.
#
#   usage: lunbridge-vm.sh RUNDIR SCRIPT      (exec's qemu: its PID is this process's PID)
#          lunbridge-vm.sh --build            (only fetch the kernel and build the initramfs)
#
# LUNBRIDGE_VM_FLAVOUR=systemd boots with systemd as PID 1 instead (systemd-init.sh): the host root
# read-only under a tmpfs overlay, SCRIPT run in a chroot of that root first (to install units),
# then switch_root to /lib/systemd/systemd; the guest's own units write RUNDIR/rc and power off.
#
# RUNDIR (created by the caller) is shared read-write at the same path, and the project checkout
# read-only at its path; the guest writes the
# script's exit status to RUNDIR/rc (125: the guest could not run it) and the script may leave logs
# there. The guest console (kernel messages, script output) goes to stdout. The caller enforces the
# time limit and kills qemu by PID.
#
# In the guest: /tmp, /run, /var/tmp, /dev/shm are tmpfs; /dev is the guest's devtmpfs with
# /dev/nbd0..15 and /dev/mapper/control; no network interface except lo (tests build veth pairs
# and namespaces themselves).
#
# Environment: LUNBRIDGE_VM_CACHE (default /var/cache/lunbridge-it/vm) keeps the kernel package, the
# extracted vmlinux and the initramfs; LUNBRIDGE_VM_MEM (MiB, default 1536), LUNBRIDGE_VM_SMP
# (default 2), LUNBRIDGE_VM_KPKG (default: what linux-image-amd64 depends on).
set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${LUNBRIDGE_VM_CACHE:-/var/cache/lunbridge-it/vm}
MEM=${LUNBRIDGE_VM_MEM:-1536}
SMP=${LUNBRIDGE_VM_SMP:-2}
MODULES="virtio_pci virtio_mmio 9pnet_virtio 9p crc32c_generic ext4 veth nbd dm_mod"
FLAVOUR=${LUNBRIDGE_VM_FLAVOUR:-script}

die() { echo "lunbridge-vm: $*" >&2; exit 125; }
# Each flavour has its own initramfs, vmlinux and build.info (OUT); the kernel package is shared.
case $FLAVOUR in
    script) INIT=guest-init.sh; OUT=$CACHE ;;
    systemd) INIT=systemd-init.sh; OUT=$CACHE/systemd; MODULES="$MODULES overlay fuse loop" ;;
    *) die "LUNBRIDGE_VM_FLAVOUR=$FLAVOUR: expected script or systemd" ;;
esac
stamp() { sha256sum < "$HERE/lunbridge-vm.sh" | cut -c1-16; }
# the /init and what it sources (lib/vm-init.sh, /lib/vm-init.sh in the initramfs)
init_sum() { cat "$HERE/$INIT" "$HERE/lib/vm-init.sh" | sha256sum | cut -c1-16; }

build() (
    kpkg=${LUNBRIDGE_VM_KPKG:-}
    if [ -z "$kpkg" ]; then
        kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
               sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1)
        [ -n "$kpkg" ] || die "cannot resolve linux-image-amd64 (run apt-get update)"
    fi
    echo "lunbridge-vm: building $CACHE from $kpkg" >&2
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/lunbridge-vm-build.XXXXXX") || die mktemp
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$CACHE/deb"
    deb=$(ls "$CACHE/deb/${kpkg}_"*.deb 2>/dev/null | tail -1)
    if [ -z "$deb" ]; then
        (cd "$CACHE/deb" && apt-get -q download "$kpkg") >&2 || die "apt-get download $kpkg failed"
        deb=$(ls "$CACHE/deb/${kpkg}_"*.deb 2>/dev/null | tail -1)
        [ -n "$deb" ] || die "apt-get download $kpkg produced no .deb"
    fi
    dpkg-deb -x "$deb" "$tmp/x" || die "dpkg-deb -x $deb failed"
    kver=$(ls "$tmp/x/lib/modules" | head -1)
    mdir="$tmp/x/lib/modules/$kver"
    r="$tmp/root"
    mkdir -p "$r"/{bin,dev,proc,sys,host,run,etc,lib/modules}
    cp /bin/busybox "$r/bin/busybox"
    { ldd /bin/busybox 2>&1 || true; } | grep -q 'not a dynamic' || die "/bin/busybox is not static (install busybox-static)"
    # The appended module signature is dropped: the kernel then skips its verification (it only
    # taints), which makes loading several times faster under emulation.
    unsign() {
        local f=$1 len size
        [ "$(tail -c 28 "$f")" = "~Module signature appended~" ] || return 0
        set -- $(tail -c 32 "$f" | head -c 4 | od -An -tu1)
        len=$(( ($1 << 24) + ($2 << 16) + ($3 << 8) + $4 ))
        size=$(stat -c %s "$f")
        truncate -s $((size - 40 - len)) "$f"
    }
    : > "$r/etc/modules"
    declare -A seen=()
    add() {   # a module after its dependencies (from the .ko's depends= field)
        local name=$1 f dep base
        f=$(find "$mdir/kernel" \( -name "$name.ko" -o -name "${name//_/-}.ko" \) | head -1)
        if [ -z "$f" ]; then
            grep -qE "/(${name}|${name//_/-})\.ko" "$mdir/modules.builtin" || die "module $name not found in $kpkg"
            return 0
        fi
        base=$(basename "$f" .ko)
        [ -n "${seen[$base]:-}" ] && return 0
        seen[$base]=1
        for dep in $(tr '\0' '\n' < "$f" | sed -n 's/^depends=//p' | head -1 | tr , ' '); do add "$dep"; done
        cp "$f" "$r/lib/modules/" && unsign "$r/lib/modules/$base.ko"
        echo "$base" >> "$r/etc/modules"
    }
    for m in $MODULES; do add "$m"; done
    cp "$HERE/$INIT" "$r/init" && chmod 755 "$r/init" && cp "$HERE/lib/vm-init.sh" "$r/lib/vm-init.sh" || die "cannot copy the init"
    mkdir -p "$OUT"
    (cd "$r" && find . | busybox cpio -o -H newc 2>/dev/null) > "$OUT/initramfs.new" || die "cpio failed"
    # the uncompressed ELF vmlinux boots through PVH: no real-mode setup, no xz inflate in the guest
    off=$(grep -abo $'\xfd7zXZ\x00' "$tmp/x/boot/vmlinuz-$kver" | head -1 | cut -d: -f1)
    [ -n "$off" ] || die "no xz payload in vmlinuz-$kver"
    tail -c +$((off + 1)) "$tmp/x/boot/vmlinuz-$kver" | xz -dc --single-stream > "$OUT/vmlinux.new" 2>/dev/null
    [ "$(head -c 4 "$OUT/vmlinux.new" | od -An -c | tr -d ' ')" = '177ELF' ] || die "vmlinux extraction failed"
    mv "$OUT/vmlinux.new" "$OUT/vmlinux"
    mv "$OUT/initramfs.new" "$OUT/initramfs.cpio"
    { echo "package=$kpkg"; echo "kver=$kver"; echo "stamp=$(stamp)"; echo "init=$(init_sum)";
      echo "modules=$(tr '\n' ' ' < "$r/etc/modules")"; } > "$OUT/build.info"
    cat "$OUT/build.info" >&2
)

fresh() {
    [ -s "$OUT/vmlinux" ] && [ -s "$OUT/initramfs.cpio" ] &&
        grep -qx "stamp=$(stamp)" "$OUT/build.info" 2>/dev/null &&
        grep -qx "init=$(init_sum)" "$OUT/build.info" 2>/dev/null
}

ensure_built() {
    mkdir -p "$OUT" || die "cannot create $OUT"
    exec 9>"$OUT/.lock"
    flock 9 || die "cannot lock $CACHE"
    fresh || build || exit 125
    exec 9>&-
}

if [ "${1:-}" = "--build" ]; then ensure_built; exit 0; fi
[ $# -eq 2 ] || { sed -n '2,26s/^# \{0,1\}//p' "$0"; exit 2; }
RUNDIR=$(cd "$1" && pwd) || die "no run directory $1"
SCRIPT=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
[ -r "$SCRIPT" ] || die "no script $2"
ensure_built
# The project checkout is shared read-only on its own, at its own path: a clone under /tmp (as CI's
# may be) would otherwise be hidden by the guest's tmpfs /tmp.
PROJECT=$(cd "$HERE/../.." && pwd)
printf 'RUNDIR=%q\nSCRIPT=%q\nPROJECT=%q\n' "$RUNDIR" "$SCRIPT" "$PROJECT" > "$RUNDIR/env"
rm -f "$RUNDIR/rc"

# microvm has no PM timer / HPET: under TCG the guest must be told the TSC rate or it hangs
khz=$(awk -F: '/^cpu MHz/{printf "%d", $2*1000; exit}' /proc/cpuinfo)
if [ "${khz:-0}" -ge 100000 ]; then
    mach="microvm,acpi=on,pcie=off,rtc=on,pit=on,pic=on,isa-serial=on"; bus=device
    extra="tsc_early_khz=$khz tsc=reliable pci=off"
else
    mach=pc; bus=pci; extra=""
fi
append=""
# systemd: failed units and journal warnings on the console (the whole journal goes to RUNDIR)
[ "$FLAVOUR" = systemd ] && append=" systemd.unit=multi-user.target systemd.show_status=error \
systemd.journald.forward_to_console=1 systemd.journald.max_level_console=warning"
exec qemu-system-x86_64 -nodefaults -no-user-config -nographic -no-reboot \
    -machine "$mach" -accel tcg -cpu max -smp "$SMP" -m "$MEM" \
    -kernel "$OUT/vmlinux" -initrd "$OUT/initramfs.cpio" \
    -chardev stdio,id=con,signal=off -serial chardev:con \
    -fsdev "local,id=fs0,path=$RUNDIR,security_model=none,multidevs=remap" \
    -device "virtio-9p-$bus,fsdev=fs0,mount_tag=run" \
    -fsdev "local,id=fsh,path=/,security_model=none,readonly=on,multidevs=remap" \
    -device "virtio-9p-$bus,fsdev=fsh,mount_tag=host" \
    -fsdev "local,id=fsp,path=$PROJECT,security_model=none,readonly=on,multidevs=remap" \
    -device "virtio-9p-$bus,fsdev=fsp,mount_tag=proj" \
    -append "console=ttyS0 quiet panic=-1 mitigations=off 8250.nr_uarts=1 random.trust_cpu=on $extra$append" </dev/null
