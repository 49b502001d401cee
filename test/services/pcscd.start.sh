# shellcheck shell=bash
# Sourced by .ci/run (bash, `set -euo pipefail`): starts the real PC/SC daemon with the virtual
# readers of vsmartcard-vpcd ("Virtual PCD 00 00" on TCP 35963, "Virtual PCD 00 01" on 35964),
# waits until they are listed, and registers a stop command in the caller's `cleanup` array.
# vpcd listens on all interfaces: a test-only component, never installed on a station.
#
# pcscd runs without systemd here, so it is started as `pcscd --foreground` in the background.
# The card integration tests stop and restart pcscd on purpose (recovery test); pcscd writes its
# current pid to /run/pcscd/pcscd.pid, so the stop command reads it from there.

pcscd_pidfile=/run/pcscd/pcscd.pid
pcscd_log="${TMPDIR:-/tmp}/bonus-station-pcscd.log"

if [ -s "$pcscd_pidfile" ] && kill -0 "$(cat "$pcscd_pidfile")" 2>/dev/null; then
  echo "pcscd already running (pid $(cat "$pcscd_pidfile")); using it"
else
  pcscd --foreground >"$pcscd_log" 2>&1 &
  pcscd_started_pid=$!
  # Stops whichever pcscd is current (the tests may have restarted it), falling back to ours.
  cleanup+=("kill \"\$(cat $pcscd_pidfile 2>/dev/null || echo $pcscd_started_pid)\" 2>/dev/null")
fi

pcscd_ready=0
for _ in $(seq 1 100); do
  if timeout 5 pcsc_scan -r 2>/dev/null | grep -q 'Virtual PCD'; then
    pcscd_ready=1
    break
  fi
  sleep 0.1
done
if [ "$pcscd_ready" != 1 ]; then
  echo "pcscd did not list the vpcd readers within 10 s; its log ($pcscd_log):" >&2
  cat "$pcscd_log" >&2 || true
  exit 1
fi
echo "pcscd ready: $(timeout 5 pcsc_scan -r 2>/dev/null | grep -c 'Virtual PCD') virtual readers"
