#!/usr/bin/env bash
# Installs everything lunbridge's builds and integration tests need on Debian 12.
#
# Idempotent: when every package is already installed it does nothing but check.
# Run as root. It never leaves the tgt/istgt/isnsd system services running: the
# integration tests start their own peers inside private network namespaces.
set -euo pipefail

PACKAGES=(
  openjdk-17-jdk-headless maven
  iproute2 tgt istgt open-isns-server open-isns-utils libiscsi-bin tshark
  libnbd-bin qemu-utils qemu-block-extra fio nbdkit nbd-client
  fuse3 libfuse3-3 libfuse2
  qemu-system-x86 busybox-static e2fsprogs lvm2 util-linux procps sqlite3
  systemd
  xz-utils
  lintian man-db python3-prometheus-client
)

# Services that Debian's maintainer scripts would start, with the pid file their
# init script uses.
SERVICES=(tgt:/run/tgtd.pid istgt:/run/istgt.pid isnsd:/run/isnsd.pid)

log() { printf 'install-deps: %s\n' "$*" >&2; }

if [[ ${EUID} -ne 0 ]]; then
  log "must run as root (apt-get, ip netns)"; exit 1
fi

missing_packages() {
  local pkg status
  for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "${pkg}" 2>/dev/null || true)
    [[ ${status} == installed ]] || printf '%s\n' "${pkg}"
  done
}

# Forbids service starts during apt (policy-rc.d is honoured by invoke-rc.d and
# deb-systemd-invoke). An existing policy file is left untouched.
POLICY=/usr/sbin/policy-rc.d
policy_installed_here=no
forbid_service_starts() {
  if [[ ! -e ${POLICY} ]]; then
    printf '#!/bin/sh\n# installed by lunbridge install-deps.sh for the duration of apt\nexit 101\n' >"${POLICY}"
    chmod 0755 "${POLICY}"
    policy_installed_here=yes
  fi
}
restore_policy() {
  if [[ ${policy_installed_here} == yes ]]; then rm -f "${POLICY}"; fi
}

install_missing() {
  local missing
  mapfile -t missing < <(missing_packages)
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "all ${#PACKAGES[@]} packages already installed"
    return
  fi
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture; answer no without a prompt.
  echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
  forbid_service_starts
  trap restore_policy EXIT
  apt-get -q update
  apt-get -q install -y --no-install-recommends "${missing[@]}"
  restore_policy
  trap - EXIT
  mapfile -t missing < <(missing_packages)
  if [[ ${#missing[@]} -ne 0 ]]; then
    log "still missing after apt-get install: ${missing[*]}"; exit 1
  fi
}

systemd_running() { [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; }

# True when PIDFILE names a live process running DAEMON (checked via /proc/PID/exe,
# never by process name).
pidfile_alive() {
  local pidfile=$1 daemon=$2 pid
  [[ -r ${pidfile} ]] || return 1
  pid=$(tr -dc '0-9' <"${pidfile}")
  [[ -n ${pid} && -e /proc/${pid} ]] || return 1
  [[ $(readlink -f "/proc/${pid}/exe" 2>/dev/null) == "${daemon}" ]]
}

stop_and_disable_services() {
  local entry unit pidfile daemon
  for entry in "${SERVICES[@]}"; do
    unit=${entry%%:*}
    pidfile=${entry#*:}
    case ${unit} in
      tgt) daemon=/usr/sbin/tgtd ;;
      *) daemon=/usr/sbin/${unit} ;;
    esac
    if systemd_running; then
      if systemctl list-unit-files "${unit}.service" >/dev/null 2>&1; then
        systemctl disable --now "${unit}.service" >/dev/null 2>&1 || log "could not stop/disable ${unit}.service"
      fi
      continue
    fi
    if [[ -x /etc/init.d/${unit} ]]; then
      if command -v update-rc.d >/dev/null; then
        update-rc.d "${unit}" disable >/dev/null 2>&1 || true
      fi
      if pidfile_alive "${pidfile}" "${daemon}"; then
        log "stopping system service ${unit} (pid file ${pidfile})"
        /etc/init.d/"${unit}" stop || log "could not stop ${unit}; tests use private IPC sockets and namespaces"
      fi
    fi
  done
}

install_missing
stop_and_disable_services
log "done"
