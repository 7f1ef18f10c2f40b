#!/usr/bin/env bash
# The lunbridge demo: brings up a real iSCSI target (tgtd) in its own network namespace, discovers
# it, attaches its LUN as a local disk (/dev/nbdN where the kernel has the nbd driver, a FUSE file on
# a direct-I/O loop device otherwise), makes an ext4 filesystem, mounts it, writes and verifies a
# file, unmounts, runs fsck, detaches and tears everything down. Run as root on Debian 12; installs
# what it needs. Every step is printed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
[[ $EUID -eq 0 ]] || { echo "scripts/demo.sh: must run as root (network namespace, tgtd)" >&2; exit 1; }

step() { printf '\n==> %s\n' "$*"; }

step "installing dependencies (Debian packages, Maven build)"
bash scripts/install-deps.sh
mvn -B -q -ntp -DskipTests -pl packaging -am package

ns="lbdemo-$$"
host_if="lbd$$h"; host_if=${host_if:0:15}
peer_if="lbd$$p"; peer_if=${peer_if:0:15}
work=$(mktemp -d /tmp/lunbridge-demo.XXXXXX)
host_ip=198.18.254.1
target_ip=198.18.254.2
iqn="iqn.2026-11.io.lunbridge:demo"
tgtd_pid=""
attach_pid=""
mnt="$work/mnt"
export TGT_IPC_SOCKET="$work/tgtd.sock"

cleanup() {
    set +e
    step "tearing down"
    mountpoint -q "$mnt" 2>/dev/null && umount "$mnt"
    if [[ -n "$attach_pid" ]] && kill -0 "$attach_pid" 2>/dev/null; then
        kill -TERM "$attach_pid"
        for _ in $(seq 300); do kill -0 "$attach_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$attach_pid" 2>/dev/null
    fi
    if [[ -n "$tgtd_pid" ]] && kill -0 "$tgtd_pid" 2>/dev/null; then
        tgtadm --lld iscsi --mode target --op delete --force --tid 1 >/dev/null 2>&1
        tgtadm --lld iscsi --mode system --op delete >/dev/null 2>&1
        for _ in $(seq 50); do kill -0 "$tgtd_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$tgtd_pid" 2>/dev/null
    fi
    ip link del "$host_if" 2>/dev/null
    ip netns del "$ns" 2>/dev/null
    rm -rf "$work"
    echo "removed namespace $ns, tgtd (pid ${tgtd_pid:-none}) and $work"
}
trap cleanup EXIT

step "creating network namespace $ns with a veth pair ($host_ip <-> $target_ip)"
ip netns add "$ns"
ip link add "$host_if" type veth peer name "$peer_if"
ip link set "$peer_if" netns "$ns"
ip addr add "$host_ip/30" dev "$host_if"
ip link set "$host_if" up
ip netns exec "$ns" ip addr add "$target_ip/30" dev "$peer_if"
ip netns exec "$ns" ip link set "$peer_if" up
ip netns exec "$ns" ip link set lo up

step "starting tgtd in $ns with target $iqn and a 256 MiB LUN"
truncate -s 256M "$work/lun1.img"
ip netns exec "$ns" tgtd -f >"$work/tgtd.log" 2>&1 &
tgtd_pid=$!
for _ in $(seq 100); do tgtadm --lld iscsi --mode system --op show >/dev/null 2>&1 && break; sleep 0.1; done
tgtadm --lld iscsi --mode target --op new --tid 1 --targetname "$iqn"
tgtadm --lld iscsi --mode logicalunit --op new --tid 1 --lun 1 --backing-store "$work/lun1.img"
tgtadm --lld iscsi --mode target --op bind --tid 1 --initiator-address ALL

export LUNBRIDGE_CONFIG_DIR="$work/etc"
step "lunbridge discover --portal $target_ip"
bin/lunbridge discover --portal "$target_ip"

step "lunbridge luns --portal $target_ip --target $iqn"
bin/lunbridge luns --portal "$target_ip" --target "$iqn"

step "lunbridge attach --portal $target_ip --target $iqn --lun 1 (nbd driver if present, else FUSE + loop)"
bin/lunbridge attach --portal "$target_ip" --target "$iqn" --lun 1 --mount-dir "$work/fuse" >"$work/attach.out" 2>"$work/attach.err" &
attach_pid=$!
dev=""
for _ in $(seq 600); do
    dev=$(grep -oE '/dev/(nbd|loop)[0-9]+' "$work/attach.out" | head -1 || true)
    [[ -n "$dev" ]] && break
    kill -0 "$attach_pid" 2>/dev/null || { cat "$work/attach.err" >&2; echo "attach failed" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$dev" ]] || { cat "$work/attach.err" >&2; echo "attach did not report a device within 60 s" >&2; exit 1; }
cat "$work/attach.out"
echo "the LUN is now the local disk $dev ($(blockdev --getsize64 "$dev") bytes)"

step "mkfs.ext4 $dev"
mkfs.ext4 -q -F "$dev"

step "mount, write a 16 MiB file, sync"
mkdir -p "$mnt"
mount "$dev" "$mnt"
head -c 16M /dev/urandom > "$work/data"
cp "$work/data" "$mnt/data"
sync
umount "$mnt"

step "mount again read-only and verify the file"
echo 3 > /proc/sys/vm/drop_caches
mount -o ro "$dev" "$mnt"
cmp "$work/data" "$mnt/data" && echo "file identical ($(sha256sum < "$work/data" | cut -c1-16)...)"
umount "$mnt"

step "fsck.ext4 -fn $dev"
fsck.ext4 -fn "$dev"

step "detach (SIGTERM: in-flight I/O finishes, devices go, the session logs out)"
kill -TERM "$attach_pid"
wait "$attach_pid" || true
attach_pid=""
cat "$work/attach.out" | tail -n +2

step "demo finished"
