#!/usr/bin/env bash
# The scenario of LiveSystemdTests, run inside a booted systemd (systemd-nspawn over the host's
# own file system, every change discarded) as privsep-live-test.service. It installs and runs
# PrivSepSigner the way README's operator section says, command for command (the lines between
# "# README:" markers are checked against README.md by LiveSystemdTests), stands in for what a
# container has not got (the serial cables, udev, the log collector host, an HSM), and records
# facts in $RESULTS/facts for the test to judge. It judges nothing itself.
#
# Environment: RESULTS (bind-mounted results directory), REPO (the source tree, read-only),
# FRONTEND (the command that runs LiveFrontEnd), PHASES (default "file token").
set -uo pipefail

facts="$RESULTS/facts"
mkdir -p "$facts"
exec >"$RESULTS/scenario.log" 2>&1
# The trace of every command goes to the log, never into a fact's output.
exec {trace_fd}>&2
BASH_XTRACEFD=$trace_fd
PS4='+ ${SECONDS}s '
set -x
cd "$REPO"

abort() { echo "$*" > "$facts/abort"; exit 1; }
# fact NAME CMD...: CMD's output in NAME.out and its exit status in NAME.rc (never aborts).
fact() { local name="$1"; shift; "$@" > "$facts/$name.out" 2>&1; echo $? > "$facts/$name.rc"; }
must() { "$@" || abort "failed: $*"; }
wait_for() { local what="$1" deadline=$((SECONDS + $2)); shift 2; until "$@" >/dev/null 2>&1; do [ $SECONDS -lt $deadline ] || abort "timed out waiting for $what"; sleep 0.2; done; }
main_pid() { systemctl show -p MainPID --value "$1"; }
as_user() { local user="$1" group="$2"; shift 2; setpriv --reuid="$user" --regid="$group" --init-groups -- "$@"; }
link=/run/privsep-frontend
fe() { $FRONTEND "$@"; }

echo "AppArmor: this kernel has no AppArmor; the profiles are compiled (apparmor_parser -Q -K) and checked against the paths recorded here, not enforced"

# --- A fresh host: accounts left on the host's own /etc by earlier test runs are removed (in
# the overlay only), so systemd-sysusers really creates them.
for u in privsep-comm privsep-signerd privsep-bridge; do userdel "$u" 2>/dev/null; done
for g in privsep privsep-comm privsep-signerd privsep-bridge; do groupdel "$g" 2>/dev/null; done

# --- Every path the daemons and the ceremonies open, from here on: strace follows PID 1, so
# every unit started from now on (the daemons, each systemd-run ceremony) is recorded.
strace -f -qq -z -y -s 400 -o "$RESULTS/trace.txt" -p 1 -e trace=open,openat,openat2,creat,execve,execveat,mkdir,mkdirat,rmdir,unlink,unlinkat,rename,renameat,renameat2,link,linkat,symlink,symlinkat,mknod,mknodat,chmod,fchmodat,truncate,connect,bind,clone,clone3,fork,vfork,mmap &
tracer=$!
sleep 1

# --- Stand-ins for the hardware: the serial cable to the front end and the cable carrying
# the sealed log to the collector, each a pty pair (REFERENCE 5). The signing host's ends get
# the names config.json, the unit and signing-host.conf use.
must systemd-run --unit=cable-link socat pty,raw,echo=0,link=/dev/ttyUSB0 pty,raw,echo=0,link=$link
must systemd-run --unit=cable-log socat pty,raw,echo=0,link=/dev/ttyS1 pty,raw,echo=0,link=/run/collector-ttyS1
wait_for "the cables" 10 test -e /dev/ttyUSB0 -a -e /dev/ttyS1 -a -e $link -a -e /run/collector-ttyS1
# What a stock Debian host gives a serial device before any rule of ours: root:dialout 0660.
for d in /dev/ttyUSB0 /dev/ttyS1; do chown root:dialout "$(readlink -f $d)"; chmod 0660 "$(readlink -f $d)"; done

# --- README: install
packaging/install.sh /
systemd-sysusers
systemd-tmpfiles --create
/usr/lib/privsep-signer/privsep-make-credentials
install -m 0644 /usr/share/doc/privsep-signer/rsyslog/signing-host.conf /etc/rsyslog.d/privsep-signing-host.conf
systemctl restart rsyslog
apparmor_parser -r /etc/apparmor.d/usr.lib.privsep-signer.privsep-*
udevadm control --reload && udevadm trigger --subsystem-match=tty
# --- README end
for f in /usr/lib/privsep-signer/privsep-signerd /etc/privsep-signer/config.json /usr/lib/systemd/system/privsep-signerd.service; do
  test -e "$f" || abort "install.sh did not install $f"
done
id privsep-comm > "$facts/id-comm.out"; id privsep-signerd > "$facts/id-signer.out"
ls -l /etc/privsep-signer/credentials > "$facts/credentials.out"
journalctl -u rsyslog --no-pager -o cat > "$facts/rsyslog-journal.out"
# The profiles as they would be loaded, compiled only (the README line above fails here: no AppArmor in this kernel).
fact apparmor-compile apparmor_parser -Q -K -b /etc/apparmor.d /etc/apparmor.d/usr.lib.privsep-signer.privsep-*
# udev stand-in (no udev in a container): each shipped rule's owner, group and mode applied to its device.
if [ -f /usr/lib/udev/rules.d/70-privsep-signer.rules ]; then
  sed -n 's/.*KERNEL=="\([^"]*\)".*OWNER="\([^"]*\)".*GROUP="\([^"]*\)".*MODE="\([^"]*\)".*/\1 \2 \3 \4/p' /usr/lib/udev/rules.d/70-privsep-signer.rules |
  while read -r kernel owner group mode; do
    [ -e "/dev/$kernel" ] && chown "$owner:$group" "$(readlink -f "/dev/$kernel")" && chmod "$mode" "$(readlink -f "/dev/$kernel")"
  done
fi
ls -lL /dev/ttyUSB0 /dev/ttyS1 > "$facts/devices.out"

# --- Stand-in for the log collector host (deploy/rsyslog/collector.conf and the bridge unit,
# with the collector's serial port being the other end of the log cable).
must useradd --system --no-create-home --shell /usr/sbin/nologin --groups dialout privsep-bridge
chown privsep-bridge:dialout "$(readlink -f /run/collector-ttyS1)"
mkdir -p /var/spool/rsyslog-collector /run/privsep-collector /var/log/privsep
{ echo 'global(workDirectory="/var/spool/rsyslog-collector")'; cat /usr/share/doc/privsep-signer/rsyslog/collector.conf; } > /etc/privsep-collector.conf
must systemd-run --unit=privsep-collector rsyslogd -n -f /etc/privsep-collector.conf -i /run/privsep-collector.pid
wait_for "the collector's socket" 15 test -S /run/privsep-collector/serial.sock
sed 's#/dev/ttyS1#/run/collector-ttyS1#' /usr/share/doc/privsep-signer/rsyslog/privsep-serial-bridge.service > /etc/systemd/system/privsep-serial-bridge.service
systemctl daemon-reload
must systemctl start privsep-serial-bridge.service

run_phase() {
  local phase="$1"
  step_facts="$facts/$phase"
  mkdir -p "$step_facts"

  # --- README: key ceremony
  systemd-run --pipe --wait -p User=privsep-signerd -p Group=privsep -p AppArmorProfile=privsep-signerd-ceremony \
      -p LoadCredential=signer-secret:/etc/privsep-signer/credentials/signer-secret \
      /usr/lib/privsep-signer/privsep-signerd ceremony root-key --config /etc/privsep-signer/config.json \
      --root root-rsa --algorithm rsa-3072 --subject "CN=Example RSA Root CA, O=Example, C=DE"
  systemd-run --pipe --wait -p User=privsep-signerd -p Group=privsep -p AppArmorProfile=privsep-signerd-ceremony \
      -p LoadCredential=signer-secret:/etc/privsep-signer/credentials/signer-secret \
      /usr/lib/privsep-signer/privsep-signerd ceremony root-key --config /etc/privsep-signer/config.json \
      --root root-ec --algorithm p-384 --subject "CN=Example EC Root CA, O=Example, C=DE"
  systemd-run --pipe --wait -p User=privsep-signerd -p Group=privsep -p AppArmorProfile=privsep-signerd-ceremony \
      -p LoadCredential=signer-secret:/etc/privsep-signer/credentials/signer-secret \
      /usr/lib/privsep-signer/privsep-signerd ceremony openpgp-key --config /etc/privsep-signer/config.json \
      --user-id "Example CA <ca@example.org>"
  systemctl enable --now privsep-signerd.service privsep-comm.service
  # --- README end
  find /etc/privsep-signer/keys -ls > "$step_facts/keys.out"
  for f in root-rsa/current/key.pem root-ec/current/key.pem openpgp; do
    test -e "/etc/privsep-signer/keys/$f" || abort "the key ceremony made no /etc/privsep-signer/keys/$f"
  done
  wait_for "the signing host to answer on the link" 60 privsep-signer status --link $link --timeout 3
  systemctl status privsep-signerd privsep-comm --no-pager > "$step_facts/status.out" 2>&1

  # --- Signing through the link as a front end, checked with openssl.
  for root in root-rsa root-ec; do
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /tmp/$root.key \
      -subj /CN=www.example.org -addext subjectAltName=DNS:www.example.org -out /tmp/$root.csr 2>/dev/null
    fact $phase/sign-$root privsep-signer sign --link $link --root $root --profile server --csr /tmp/$root.csr --timeout 30
    privsep-signer ca-cert --link $link --root $root --timeout 30 > /tmp/$root-ca.pem
    fact $phase/verify-$root openssl verify -CAfile /tmp/$root-ca.pem "$facts/$phase/sign-$root.out"
  done

  # --- OpenPGP certification through the link, checked with gpg.
  export GNUPGHOME=/tmp/gpg-$phase
  mkdir -p -m 0700 "$GNUPGHOME"
  gpg --batch --passphrase '' --quick-gen-key 'Alice Example <alice@example.org>' ed25519 cert never
  gpg --batch --armor --export alice@example.org > /tmp/alice-$phase.asc
  privsep-signer pgp-ca-key --link $link --timeout 30 > /tmp/ca-$phase.asc
  fact $phase/pgp-sign privsep-signer pgp-sign --link $link --key /tmp/alice-$phase.asc --timeout 30
  gpg --batch --import /tmp/ca-$phase.asc "$facts/$phase/pgp-sign.out"
  fact $phase/gpg-check-sigs gpg --batch --with-colons --check-sigs alice@example.org
  gpg --batch --with-colons --list-keys "Example CA" > "$step_facts/gpg-ca.out" 2>&1
  unset GNUPGHOME

  # --- How each daemon runs: systemd's view and the kernel's.
  for unit in privsep-signerd privsep-comm; do
    pid=$(main_pid $unit)
    systemctl show $unit -p MainPID -p User -p Group -p SupplementaryGroups -p NRestarts -p ActiveState \
      -p CapabilityBoundingSet -p AmbientCapabilities -p NoNewPrivileges -p PrivateNetwork -p ProtectSystem \
      -p PrivateDevices -p DeviceAllow -p RestrictAddressFamilies > "$step_facts/show-$unit.out"
    cat /proc/$pid/status > "$step_facts/proc-status-$unit.out"
    cat /proc/$pid/mountinfo > "$step_facts/mountinfo-$unit.out"
    fact $phase/netdev-$unit nsenter -t $pid -n ip -o link
    fact $phase/write-usr-$unit nsenter -t $pid -m -- touch /usr/lib/privsep-signer/written-by-the-live-test
    fact $phase/write-etc-$unit nsenter -t $pid -m -- touch /etc/written-by-the-live-test
  done
  comm=$(main_pid privsep-comm)
  # Code running as the comm user, in the comm unit's own namespaces, reaching for the keys,
  # the signer's secret and the log line; and root in that namespace looking at the key directory.
  in_comm() { nsenter -t "$comm" -m -- setpriv --reuid=privsep-comm --regid=privsep --init-groups -- "$@"; }
  fact $phase/comm-list-keys in_comm ls -la /etc/privsep-signer/keys
  fact $phase/comm-read-key in_comm cat /etc/privsep-signer/keys/root-ec/current/key.pem
  fact $phase/comm-read-signer-secret in_comm cat /run/credentials/privsep-signerd.service/signer-secret
  fact $phase/comm-root-list-keys nsenter -t "$comm" -m -- ls -A /etc/privsep-signer/keys
  fact $phase/comm-open-log-line in_comm sh -c 'echo forged >> /dev/ttyS1'
  fact $phase/comm-user-open-log-line as_user privsep-comm privsep sh -c 'echo forged >> /dev/ttyS1'
  fact $phase/comm-user-open-link as_user privsep-comm privsep sh -c 'exec 3<>/dev/ttyUSB0'

  # --- A key switch while requests are in flight: the rotation ceremony, then reload.
  export RELOAD_AT="$step_facts/reload-at.out"
  cat > /run/switch-key.sh <<'EOF'
set -e
# README: rotation
systemd-run --pipe --wait -p User=privsep-signerd -p Group=privsep -p AppArmorProfile=privsep-signerd-ceremony \
    -p LoadCredential=signer-secret:/etc/privsep-signer/credentials/signer-secret \
    /usr/lib/privsep-signer/privsep-signerd ceremony root-key --config /etc/privsep-signer/config.json --root root-ec
date +%s%3N > "$RELOAD_AT" # live test only
systemctl reload privsep-signerd
# README end
EOF
  # 10 requests a second for at least 12 s and until 3 s after the switch, which starts after 3 s.
  fact $phase/rotate fe rotate $link root-ec 10 12 3 /run/switch-key.sh "$step_facts/rotate.jsonl"
  for v in 1 2; do
    openssl x509 -in /etc/privsep-signer/keys/root-ec/versions/$v/cert.pem -noout -ext subjectKeyIdentifier > "$step_facts/ski-v$v.out" 2>&1
  done
  readlink /etc/privsep-signer/keys/root-ec/current > "$step_facts/current.out"

  journalctl -u privsep-signerd -u privsep-comm --no-pager -o cat > "$step_facts/journal.out"
  # What follows does not depend on where the keys are: the token installation skips it.
  [ "$phase" = file ] || return 0

  # --- kill -9 of each daemon in the middle of a batch: restarted, every request answered once.
  for unit in privsep-signerd privsep-comm; do
    systemctl show $unit -p MainPID -p NRestarts > "$step_facts/before-kill-$unit.out"
    printf '#!/bin/sh\nkill -9 "$(systemctl show -p MainPID --value %s)"\n' $unit > /run/kill-$unit.sh
    fact $phase/once-$unit fe exactly-once $link root-rsa 40 10 /run/kill-$unit.sh "$step_facts/once-$unit.jsonl"
    systemctl show $unit -p MainPID -p NRestarts -p ActiveState > "$step_facts/after-kill-$unit.out"
  done
  fact $phase/issued-per-once-id runuser -u privsep-signerd -- sqlite3 /var/lib/privsep-signer/issuance.db \
    "SELECT request_id || ' ' || COUNT(*) FROM certificates WHERE request_id LIKE 'once-%' GROUP BY request_id ORDER BY request_id;"

  # --- The journal and the sealed stream at the collector.
  journalctl -u privsep-signerd -u privsep-comm --no-pager -o cat > "$step_facts/journal.out"
  sleep 2
  cp /var/log/privsep/collected.log "$step_facts/collected.log"
  # Each daemon seals with its own chain key: its lines are verified with that key.
  for d in signerd:signer comm:comm; do
    awk -v app="privsep-${d%%:*}" '$4 == app' /var/log/privsep/collected.log > "/tmp/collected-${d%%:*}.log"
    fact $phase/audit-verify-${d%%:*} privsep-signer audit verify \
      --key /etc/privsep-signer/credentials/audit-chain-key.${d##*:} "/tmp/collected-${d%%:*}.log"
  done
}

run_phase file

# --- A second, fresh installation on the same host: every CA key on a PKCS#11 token.
systemctl disable --now privsep-comm.service privsep-signerd.service
rm -rf /etc/privsep-signer/keys/* /var/lib/privsep-signer/*
# --- README: pkcs11
cp /usr/share/doc/privsep-signer/examples/config.pkcs11.json /etc/privsep-signer/config.json
usermod -a -G softhsm privsep-signerd
runuser -u privsep-signerd -- softhsm2-util --init-token --free --label privsep-ca \
    --so-pin "$(openssl rand -hex 16)" --pin "$(cat /etc/privsep-signer/credentials/signer-secret)"
# --- README end
run_phase token
find /etc/privsep-signer /var/lib/privsep-signer -type f > "$facts/token/files.out"
while read -r f; do
  echo "== $f"
  case "$f" in
    *.asc) gpg --list-packets "$f" 2>&1 | grep -E '^:(secret|public)' ;;
    *) head -c 200 "$f" | tr -c '[:print:]\n' '.'; echo ;;
  esac
done < "$facts/token/files.out" > "$facts/token/file-heads.out"

# --- The record: stop tracing, and note which recorded paths are directories (AppArmor
# matches a directory with its trailing "/").
kill -INT $tracer
wait $tracer
grep -o '</[^>]*>' "$RESULTS/trace.txt" | tr -d '<>' | sort -u | while read -r p; do [ -d "$p" ] && echo "$p"; done > "$facts/directories.out"
echo done > "$facts/finished"
