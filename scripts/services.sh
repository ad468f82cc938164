#!/usr/bin/env bash
# Postgres and Redis for eventcal on a development or CI machine.
#
#   eval "$(scripts/services.sh env)"    # export DATABASE_URL and REDIS_URL
#   scripts/services.sh createdb NAME    # create database NAME, print its URL
#   scripts/services.sh status           # show the private servers (exit 1: none)
#   scripts/services.sh stop             # stop the private servers this script started
#
# For each service, in order: the URL already in the environment; a server
# already listening on the default local port (127.0.0.1:5432 / 127.0.0.1:6379);
# otherwise a private server under .data/ on loopback (ports 55432 / 56379),
# installing the Debian packages when they are missing.
#
# Only the `export` lines (env) and the database URL (createdb) go to stdout;
# everything meant for humans goes to stderr.
#
# Environment knobs:
#   EVENTCAL_PRIVATE_SERVICES=1   skip the default-port probe, always use private servers
#   EVENTCAL_PG_PORT / EVENTCAL_REDIS_PORT   private ports (default 55432 / 56379)
set -euo pipefail

# runuser, pg_ctl helpers and apt-get live in sbin, which a non-login PATH may lack.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin" ;; esac
case ":$PATH:" in *:/sbin:*) ;; *) PATH="$PATH:/sbin" ;; esac
export PATH

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
DATA="$ROOT/.data"
PG_PORT="${EVENTCAL_PG_PORT:-55432}"
REDIS_PORT="${EVENTCAL_REDIS_PORT:-56379}"
REDIS_DIR="$DATA/redis"
HASH="$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
PG_TMP_BASE="/tmp/eventcal-pg-$HASH"

log() { printf 'services: %s\n' "$*" >&2; }
die() {
	printf 'services: error: %s\n' "$*" >&2
	exit 1
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# shell_quote VALUE: VALUE as one single-quoted shell word.
shell_quote() {
	local s=${1//\'/\'\\\'\'}
	printf "'%s'" "$s"
}

# ---------------------------------------------------------------- packages

APT_UPDATED=0
apt_install() {
	local -a pre=()
	if ! is_root; then
		command -v sudo >/dev/null 2>&1 ||
			die "need Debian packages ($*) but I am not root and sudo is missing; install them and retry"
		pre=(sudo)
	fi
	command -v apt-get >/dev/null 2>&1 || die "need packages ($*) but apt-get is missing; install them and retry"
	if [ "$APT_UPDATED" -eq 0 ]; then
		log "apt-get update"
		"${pre[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
		APT_UPDATED=1
	fi
	log "installing Debian packages: $*"
	"${pre[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends "$@" >&2
}

# ---------------------------------------------------------------- probes

# tcp_open HOST PORT: something accepts TCP connections there.
tcp_open() {
	(exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# redis_cmd PORT WORDS...: send one inline command to 127.0.0.1:PORT and print
# the first reply line (without redis-cli, which may be missing).
redis_cmd() {
	local port=$1 reply=''
	shift
	{
		exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
		printf '%s\r\n' "$*" >&3
		IFS= read -r -t 3 reply <&3 || true
		exec 3<&- 3>&-
	} 2>/dev/null || return 1
	printf '%s\n' "${reply%$'\r'}"
}

redis_ping() { [ "$(redis_cmd "$1" PING 2>/dev/null || true)" = "+PONG" ]; }

# pg_ready PORT [USER]: the server on 127.0.0.1:PORT accepts connections (and,
# when psql is at hand, lets USER in without a password).
pg_ready() {
	local port=$1 user=${2:-}
	if command -v pg_isready >/dev/null 2>&1; then
		pg_isready -q -h 127.0.0.1 -p "$port" -t 3 || return 1
	else
		tcp_open 127.0.0.1 "$port" || return 1
	fi
	if [ -n "$user" ] && command -v psql >/dev/null 2>&1; then
		PGCONNECT_TIMEOUT=5 psql -X -w -q -h 127.0.0.1 -p "$port" -U "$user" -d postgres \
			-tAc 'SELECT 1' >/dev/null 2>&1 || return 2
	fi
	return 0
}

# ---------------------------------------------------------------- postgres

# pg_bindir [MAJOR]: the bin dir of that (or the newest) installed Postgres.
pg_bindir() {
	local want=${1:-} d best=''
	if [ -n "$want" ]; then
		d="/usr/lib/postgresql/$want/bin"
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && best=$d
	else
		best="$(for d in /usr/lib/postgresql/*/bin; do
			[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && printf '%s\n' "$d"
		done | sort -V | tail -n 1)"
	fi
	[ -n "$best" ] || return 1
	printf '%s\n' "$best"
}

# as_pg CMD...: run CMD as the owner of the cluster (postgres when we are root).
as_pg() {
	if is_root; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

# pg_user_can_reach DIR: the postgres user can traverse every directory to DIR.
pg_user_can_reach() {
	runuser -u postgres -- test -x "$1" 2>/dev/null && runuser -u postgres -- test -r "$1" 2>/dev/null
}

# pg_existing_bases / pg_prepare_base: where the private cluster lives (data/, sock/, postgres.log). Under
# .data/pg, or /tmp/eventcal-pg-<hash> when root and the postgres user cannot
# reach the work tree. Prints the existing one first if there is one.
pg_existing_bases() {
	local b
	for b in "$DATA/pg" "$PG_TMP_BASE"; do
		[ -f "$b/data/PG_VERSION" ] && printf '%s\n' "$b"
	done
	return 0
}

pg_prepare_base() {
	local base
	base="$(pg_existing_bases | head -n 1)"
	if [ -z "$base" ]; then
		base="$DATA/pg"
		if is_root; then
			mkdir -p "$DATA"
			chmod o+x "$DATA"
			# The work tree itself may be closed to others: open it (o+x only)
			# when it is ours. Directories above it are never changed.
			if ! pg_user_can_reach "$DATA" && pg_user_can_reach "$(dirname "$ROOT")" &&
				[ "$(stat -c %u "$ROOT")" = "$(id -u)" ]; then
				log "chmod o+x $ROOT so that the postgres user can reach $DATA"
				chmod o+x "$ROOT"
			fi
			if ! pg_user_can_reach "$DATA"; then
				base="$PG_TMP_BASE"
				log "the postgres user cannot traverse the path to $DATA; putting the private cluster in $base instead"
			fi
		fi
	fi
	if [ "$base" = "$PG_TMP_BASE" ] && [ -e "$base" ] && [ -L "$base" ]; then
		die "$base is a symlink; refusing to use it"
	fi
	mkdir -p "$base"
	if is_root; then
		chown postgres:postgres "$base"
	fi
	chmod 700 "$base"
	as_pg mkdir -p "$base/sock"
	printf '%s\n' "$base"
}

# pg_sockdir BASE: a socket directory short enough for a Unix socket path.
pg_sockdir() {
	local dir="$1/sock"
	if [ $((${#dir} + 20)) -gt 100 ]; then
		dir="/tmp/eventcal-pgsock-$HASH"
		mkdir -p "$dir"
		if is_root; then chown postgres:postgres "$dir"; fi
		chmod 700 "$dir"
	fi
	printf '%s\n' "$dir"
}

pg_private_url() {
	printf 'postgres://postgres@127.0.0.1:%s/postgres?sslmode=disable\n' "$PG_PORT"
}

pg_start_private() {
	local base bindir major data sock logf rc
	if is_root && ! id postgres >/dev/null 2>&1; then
		apt_install postgresql
	fi
	if ! pg_bindir >/dev/null; then
		apt_install postgresql
		pg_bindir >/dev/null || die "postgresql is installed but no /usr/lib/postgresql/*/bin/initdb was found"
	fi
	if is_root && ! id postgres >/dev/null 2>&1; then
		die "running as root but there is no postgres user to run the server as"
	fi
	if is_root && ! command -v runuser >/dev/null 2>&1; then
		die "running as root but runuser (util-linux) is missing; cannot run initdb/pg_ctl as postgres"
	fi

	base="$(pg_prepare_base)"
	data="$base/data"
	logf="$base/postgres.log"
	sock="$(pg_sockdir "$base")"

	if [ -f "$data/PG_VERSION" ]; then
		major="$(cat "$data/PG_VERSION")"
		bindir="$(pg_bindir "$major")" ||
			die "$data was made by Postgres $major, which is not installed; remove $data (or run: $0 stop; rm -rf $data)"
	else
		bindir="$(pg_bindir)"
		log "initdb: new Postgres $(basename "$(dirname "$bindir")") cluster in $data"
		if ! as_pg "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
			>"$base/initdb.log" 2>&1; then
			cat "$base/initdb.log" >&2
			die "initdb failed (log: $base/initdb.log)"
		fi
	fi

	rc=0
	as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1 || rc=$?
	if [ "$rc" -eq 0 ] && pg_ready "$PG_PORT"; then
		log "Postgres: reusing the private server on 127.0.0.1:$PG_PORT ($data)"
		return 0
	fi
	if [ "$rc" -ne 0 ] && pg_ready "$PG_PORT"; then
		log "Postgres: 127.0.0.1:$PG_PORT already answers but was not started from $data; using it as is"
		return 0
	fi
	if [ "$rc" -ne 0 ] && tcp_open 127.0.0.1 "$PG_PORT"; then
		die "port $PG_PORT is taken by something that is not a ready Postgres; set EVENTCAL_PG_PORT or DATABASE_URL"
	fi

	log "Postgres: starting a private server on 127.0.0.1:$PG_PORT (data $data, log $logf)"
	if ! as_pg "$bindir/pg_ctl" -D "$data" \
		-o "-h 127.0.0.1 -p $PG_PORT -k '$sock'" \
		-l "$logf" -w -t 60 start >&2; then
		tail -n 30 "$logf" >&2 || true
		die "Postgres did not start (log: $logf)"
	fi
	local i
	for i in $(seq 1 60); do
		pg_ready "$PG_PORT" && return 0
		[ "$i" -eq 60 ] || sleep 0.5
	done
	tail -n 30 "$logf" >&2 || true
	die "Postgres on 127.0.0.1:$PG_PORT does not answer (log: $logf)"
}

pg_stop_private() {
	local base data major bindir stopped=0
	while IFS= read -r base; do
		[ -n "$base" ] || continue
		data="$base/data"
		[ -f "$data/postmaster.pid" ] || continue
		major="$(cat "$data/PG_VERSION")"
		bindir="$(pg_bindir "$major")" || bindir="$(pg_bindir)" || {
			log "Postgres: no pg_ctl found to stop $data"
			continue
		}
		if as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
			log "Postgres: stopping the private server ($data)"
			as_pg "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >&2
			stopped=1
		fi
	done < <(pg_existing_bases)
	[ "$stopped" -eq 1 ] || log "Postgres: no private server running"
}

pg_status_private() {
	local base data major bindir
	while IFS= read -r base; do
		[ -n "$base" ] || continue
		data="$base/data"
		major="$(cat "$data/PG_VERSION")"
		bindir="$(pg_bindir "$major")" || continue
		if as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
			log "Postgres: private server running ($data, 127.0.0.1:$PG_PORT)"
			return 0
		fi
	done < <(pg_existing_bases)
	return 1
}

ensure_postgres() {
	if [ -n "${DATABASE_URL:-}" ]; then
		log "Postgres: using DATABASE_URL from the environment"
		return 0
	fi
	if [ "${EVENTCAL_PRIVATE_SERVICES:-}" != 1 ]; then
		local rc=0
		pg_ready 5432 postgres || rc=$?
		case $rc in
		0)
			log "Postgres: using the server already listening on 127.0.0.1:5432"
			DATABASE_URL='postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable'
			return 0
			;;
		2) log "Postgres: 127.0.0.1:5432 answers but does not let user postgres in without a password; starting a private server" ;;
		esac
	fi
	pg_start_private
	DATABASE_URL="$(pg_private_url)"
}

# ---------------------------------------------------------------- redis

redis_pid_alive() {
	local pidf="$REDIS_DIR/redis.pid" pid
	[ -f "$pidf" ] || return 1
	pid="$(cat "$pidf" 2>/dev/null || true)"
	[[ "$pid" =~ ^[0-9]+$ ]] || return 1
	[ -r "/proc/$pid/cmdline" ] || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "redis-server.*:$REDIS_PORT" || return 1
	printf '%s\n' "$pid"
}

redis_start_private() {
	if redis_pid_alive >/dev/null && redis_ping "$REDIS_PORT"; then
		log "Redis: reusing the private server on 127.0.0.1:$REDIS_PORT ($REDIS_DIR)"
		return 0
	fi
	if redis_ping "$REDIS_PORT"; then
		log "Redis: 127.0.0.1:$REDIS_PORT already answers but was not started from $REDIS_DIR; using it as is"
		return 0
	fi
	if tcp_open 127.0.0.1 "$REDIS_PORT"; then
		die "port $REDIS_PORT is taken by something that is not Redis; set EVENTCAL_REDIS_PORT or REDIS_URL"
	fi
	local bin
	bin="$(command -v redis-server || true)"
	[ -n "$bin" ] || [ ! -x /usr/bin/redis-server ] || bin=/usr/bin/redis-server
	if [ -z "$bin" ]; then
		apt_install redis-server
		bin="$(command -v redis-server || echo /usr/bin/redis-server)"
		[ -x "$bin" ] || die "redis-server is still missing after installing it"
	fi
	mkdir -p "$REDIS_DIR"
	rm -f "$REDIS_DIR/redis.pid"
	log "Redis: starting a private server on 127.0.0.1:$REDIS_PORT (dir $REDIS_DIR, log $REDIS_DIR/redis.log)"
	"$bin" --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" \
		--save "" --appendonly no \
		--dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" \
		--logfile "$REDIS_DIR/redis.log" >&2
	local i
	for i in $(seq 1 60); do
		redis_ping "$REDIS_PORT" && return 0
		[ "$i" -eq 60 ] || sleep 0.5
	done
	tail -n 30 "$REDIS_DIR/redis.log" >&2 || true
	die "Redis on 127.0.0.1:$REDIS_PORT does not answer (log: $REDIS_DIR/redis.log)"
}

redis_stop_private() {
	local pid i
	if ! pid="$(redis_pid_alive)"; then
		log "Redis: no private server running"
		rm -f "$REDIS_DIR/redis.pid"
		return 0
	fi
	log "Redis: stopping the private server (pid $pid, 127.0.0.1:$REDIS_PORT)"
	if command -v redis-cli >/dev/null 2>&1; then
		redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
	else
		redis_cmd "$REDIS_PORT" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
	fi
	for i in $(seq 1 40); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.25
	done
	if kill -0 "$pid" 2>/dev/null; then
		log "Redis: pid $pid still alive; sending SIGTERM"
		kill "$pid" 2>/dev/null || true
	fi
	rm -f "$REDIS_DIR/redis.pid"
}

ensure_redis() {
	if [ -n "${REDIS_URL:-}" ]; then
		log "Redis: using REDIS_URL from the environment"
		return 0
	fi
	if [ "${EVENTCAL_PRIVATE_SERVICES:-}" != 1 ] && redis_ping 6379; then
		log "Redis: using the server already listening on 127.0.0.1:6379"
		REDIS_URL='redis://127.0.0.1:6379/0'
		return 0
	fi
	redis_start_private
	REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
}

# ---------------------------------------------------------------- createdb

# url_with_db URL NAME: URL with its database replaced by NAME.
url_with_db() {
	local url=$1 name=$2
	if [[ "$url" =~ ^([A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)(/[^?#]*)?(\?[^#]*)?$ ]]; then
		printf '%s/%s%s\n' "${BASH_REMATCH[1]}" "$name" "${BASH_REMATCH[3]}"
	elif [[ "$url" =~ (^|[[:space:]])dbname=[^[:space:]]* ]]; then
		# keyword/value form: host=... dbname=...
		printf '%s\n' "$url" | sed -E "s/(^|[[:space:]])dbname=[^[:space:]]*/\\1dbname=$name/"
	else
		printf '%s dbname=%s\n' "$url" "$name"
	fi
}

cmd_createdb() {
	local name=${1:-}
	[ -n "$name" ] || die "usage: $0 createdb NAME"
	[[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] ||
		die "database name must be letters, digits and underscores (got '$name')"
	if [ -z "${DATABASE_URL:-}" ]; then
		log "DATABASE_URL is not set; resolving it as 'env' would"
		ensure_postgres
	fi
	if ! command -v psql >/dev/null 2>&1; then
		apt_install postgresql-client
	fi
	local q exists
	q="SELECT 1 FROM pg_database WHERE datname = '$name'"
	exists="$(psql "$DATABASE_URL" -X -w -v ON_ERROR_STOP=1 -tAc "$q")" ||
		die "cannot query the server at DATABASE_URL"
	if [ "$exists" = 1 ]; then
		log "database $name already exists"
	elif psql "$DATABASE_URL" -X -w -q -v ON_ERROR_STOP=1 -tAc "CREATE DATABASE \"$name\"" >&2; then
		log "created database $name"
	elif [ "$(psql "$DATABASE_URL" -X -w -tAc "$q" 2>/dev/null)" = 1 ]; then
		log "database $name already exists (created concurrently)"
	else
		die "could not create database $name"
	fi
	url_with_db "$DATABASE_URL" "$name"
}

# ---------------------------------------------------------------- main

usage() {
	cat >&2 <<EOF
usage: $0 env | createdb NAME | status | stop
  env            make sure Postgres and Redis answer; print export lines for eval
  createdb NAME  create database NAME on \$DATABASE_URL's server if missing; print its URL
  status         show the private servers under .data/ (exit 1 when none runs)
  stop           stop the private servers this script started under .data/
EOF
}

main() {
	local cmd=${1:-}
	[ $# -gt 0 ] && shift
	case $cmd in
	env)
		ensure_postgres
		ensure_redis
		printf 'export DATABASE_URL=%s\n' "$(shell_quote "$DATABASE_URL")"
		printf 'export REDIS_URL=%s\n' "$(shell_quote "$REDIS_URL")"
		;;
	createdb) cmd_createdb "$@" ;;
	status)
		local any=1 pid
		pg_status_private && any=0
		if pid="$(redis_pid_alive)"; then
			log "Redis: private server running (pid $pid, 127.0.0.1:$REDIS_PORT)"
			any=0
		fi
		[ "$any" -eq 0 ] || log "no private server running"
		return "$any"
		;;
	stop)
		pg_stop_private
		redis_stop_private
		;;
	-h | --help | help) usage ;;
	*)
		usage
		exit 2
		;;
	esac
}

main "$@"
