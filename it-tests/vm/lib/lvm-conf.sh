# lvm-conf.sh - sourced by the guest scripts (kernel-attach-guest.sh, systemd-boot-guest.sh).
#
# lvm_conf DIR PATTERN: writes DIR/lvm.conf (for LVM_SYSTEM_DIR=DIR) seeing only the devices matching
# the regular expression PATTERN; no udev in the guest (libdevmapper makes the /dev/mapper nodes
# itself), no hints, no metadata backups or archives (the host's /etc is read-only there), no
# monitoring or event activation.
lvm_conf() {
    mkdir -p "$1"
    cat >"$1/lvm.conf" <<LVMEOF
devices {
    filter = [ "a|$2|", "r|.*|" ]
    global_filter = [ "a|$2|", "r|.*|" ]
    obtain_device_list_from_udev = 0
    external_device_info_source = "none"
    use_devicesfile = 0
    hints = "none"
}
activation {
    udev_sync = 0
    udev_rules = 0
    monitoring = 0
}
global {
    event_activation = 0
}
backup {
    backup = 0
    archive = 0
}
LVMEOF
}
