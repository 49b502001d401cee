# shellcheck shell=bash
# Sourced by .ci/run (bash, `set -euo pipefail`): starts a private CUPS scheduler for the receipt
# printer tests and exports where it is. Installs nothing: .ci/run's apt list brings `cups`
# (cupsd, lp, lpstat, lpadmin) and `printer-driver-cups-pdf`. The scheduler has its own
# configuration, spool and state in a temp dir and listens on 127.0.0.1 only; the machine's own
# CUPS (if any) is not touched. Two queues:
#   BonusBon   a real cups-pdf queue: every job becomes a PDF in $CUPS_TEST_PDF_DIR
#   BonusLeer  a receipt printer without paper: its backend reports media-empty and stops the queue
# (a physical printer running out of paper cannot exist here; the scheduler's handling of it is real).

cups_dir="$(mktemp -d /tmp/bonus-cups.XXXXXX)"
cups_port=6310
while (exec 3<>"/dev/tcp/127.0.0.1/$cups_port") 2>/dev/null; do cups_port=$((cups_port + 1)); done
mkdir -p "$cups_dir"/{spool/tmp,cache,state,log,pdf,bin/backend,ppd}
chmod 1777 "$cups_dir/pdf"
chmod 0755 "$cups_dir"
if [ "$(id -u)" = 0 ]; then chgrp lp "$cups_dir/spool" "$cups_dir/spool/tmp" 2>/dev/null || true; chmod 0770 "$cups_dir/spool" "$cups_dir/spool/tmp"; fi

# The system's filters and backends, plus the paperless test printer's backend.
for d in cgi-bin daemon driver filter monitor notifier; do ln -s "/usr/lib/cups/$d" "$cups_dir/bin/$d"; done
for b in /usr/lib/cups/backend/*; do ln -s "$b" "$cups_dir/bin/backend/"; done
cat >"$cups_dir/bin/backend/bonus-empty" <<'BACKEND'
#!/bin/sh
# Test backend: a receipt printer that is out of paper (CUPS backend protocol: STATE on stderr, exit 4 stops the queue).
if [ $# -eq 0 ]; then echo 'direct bonus-empty "Bonus test" "Receipt printer without paper"'; exit 0; fi
echo "STATE: +media-empty-error" >&2
echo "ERROR: out of paper" >&2
exit 4
BACKEND
chmod 0755 "$cups_dir/bin/backend/bonus-empty"

cat >"$cups_dir/cups-files.conf" <<CONF
ServerRoot $cups_dir
RequestRoot $cups_dir/spool
TempDir $cups_dir/spool/tmp
CacheDir $cups_dir/cache
StateDir $cups_dir/state
ServerBin $cups_dir/bin
AccessLog $cups_dir/log/access_log
ErrorLog $cups_dir/log/error_log
PageLog $cups_dir/log/page_log
SystemGroup root
FileDevice No
CONF
cat >"$cups_dir/cupsd.conf" <<CONF
LogLevel info
Listen 127.0.0.1:$cups_port
Browsing No
DefaultAuthType None
WebInterface No
<Location />
  Order allow,deny
  Allow from 127.0.0.1
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
# cups-pdf reads its per-queue configuration from /etc/cups (compiled in): this instance writes into the temp dir.
cups_pdf_conf="/etc/cups/cups-pdf-bonustest-$cups_port.conf"
printf 'Out %s\nAnonDirName %s\nGrp lp\nUserUMask 0022\n' "$cups_dir/pdf" "$cups_dir/pdf" >"$cups_pdf_conf"

cupsd -f -c "$cups_dir/cupsd.conf" -s "$cups_dir/cups-files.conf" >"$cups_dir/log/cupsd.out" 2>&1 &
cups_pid=$!
cleanup+=("kill $cups_pid 2>/dev/null; rm -rf '$cups_dir' '$cups_pdf_conf'")
cups_ready=0
for _ in $(seq 1 100); do
  if lpstat -h "127.0.0.1:$cups_port" -r 2>/dev/null | grep -q 'is running'; then cups_ready=1; break; fi
  sleep 0.1
done
if [ "$cups_ready" != 1 ]; then
  echo "cups.start.sh: cupsd did not start; its log:" >&2
  cat "$cups_dir/log/cupsd.out" "$cups_dir/log/error_log" >&2 || true
  return 1
fi
cups_ppd=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd
lpadmin -h "127.0.0.1:$cups_port" -p BonusBon -E -v "cups-pdf:/bonustest-$cups_port" -P "$cups_ppd" 2>/dev/null
lpadmin -h "127.0.0.1:$cups_port" -p BonusLeer -E -v bonus-empty:/ -P "$cups_ppd" 2>/dev/null

export CUPS_TEST_SERVER="127.0.0.1:$cups_port"
export CUPS_TEST_PDF_DIR="$cups_dir/pdf"
echo "cups.start.sh: CUPS on $CUPS_TEST_SERVER with queues BonusBon (cups-pdf) and BonusLeer (no paper)"
