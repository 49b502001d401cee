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

# Test-only: vpcd sends length and payload in two writes, so Nagle + delayed ACK cost ~40 ms per
# APDU on loopback. A small LD_PRELOAD shim sets TCP_NODELAY on pcscd's accepted sockets; it is
# compiled here if a C compiler is there (never committed as a binary). BONUS_STATION_PCSCD_NODELAY=0 skips it.
export BONUS_STATION_PCSCD_PRELOAD=""
if [ "${BONUS_STATION_PCSCD_NODELAY:-1}" = 1 ] && command -v cc >/dev/null 2>&1; then
  pcscd_shim="${TMPDIR:-/tmp}/bonus-station-tcp-nodelay.so"
  if cc -shared -fPIC -O2 -o "$pcscd_shim" "$(dirname "${BASH_SOURCE[0]}")/tcp-nodelay.c" -ldl 2>/dev/null; then
    BONUS_STATION_PCSCD_PRELOAD="$pcscd_shim"
  else
    echo "TCP_NODELAY shim not built; card tests run slower but the same" >&2
  fi
fi

if [ -s "$pcscd_pidfile" ] && kill -0 "$(tr -d '\0\n' <"$pcscd_pidfile")" 2>/dev/null; then
  echo "pcscd already running (pid $(tr -d '\0\n' <"$pcscd_pidfile")); using it"
else
  LD_PRELOAD="$BONUS_STATION_PCSCD_PRELOAD" pcscd --foreground >"$pcscd_log" 2>&1 &
  pcscd_started_pid=$!
  # Stops whichever pcscd is current (the tests may have restarted it), falling back to ours.
  # The pid file ends in a NUL byte, hence the tr.
  cleanup+=("kill \"\$(tr -d '\\0\\n' <$pcscd_pidfile 2>/dev/null || echo $pcscd_started_pid)\" 2>/dev/null")
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
