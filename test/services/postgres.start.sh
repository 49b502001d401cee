# Sourced by .ci/run (bash, set -euo pipefail): starts a throwaway PostgreSQL cluster for the
# bonus service's integration tests and exports TEST_DATABASE_URL. Installs nothing: .ci/run's
# apt list brings Debian's `postgresql`. The cluster lives in a temp dir, listens on loopback
# only, and is stopped and removed by the `cleanup` array .ci/run runs on exit.
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "postgres.start.sh: PostgreSQL binaries not found under /usr/lib/postgresql (is the Debian package 'postgresql' installed?)" >&2
  return 1
fi

pg_dir="$(mktemp -d /tmp/bonus-pg.XXXXXX)"
pg_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$pg_dir"

# A free loopback port: the first one nobody answers on.
pg_port=55432
while (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done

pg_password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
pg_as "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log" >&2; return 1; }
pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$pg_dir/server.log" >&2; return 1; }
cleanup+=("runuser -u postgres -- '$pg_bin/pg_ctl' -D '$pg_dir/data' -m fast -w stop >/dev/null 2>&1 || '$pg_bin/pg_ctl' -D '$pg_dir/data' -m fast -w stop >/dev/null 2>&1; rm -rf '$pg_dir'")

# The tests' role creates one database per test file, so it needs CREATEDB.
"$pg_bin/psql" -h "$pg_dir" -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE bonus_test LOGIN CREATEDB PASSWORD '$pg_password'" \
  -c "CREATE DATABASE bonus_test OWNER bonus_test"

export TEST_DATABASE_URL="postgres://bonus_test:$pg_password@127.0.0.1:$pg_port/bonus_test"
echo "postgres.start.sh: PostgreSQL $(basename "$(dirname "$pg_bin")") on 127.0.0.1:$pg_port for the service tests"
unset pg_password
