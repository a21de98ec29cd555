#!/usr/bin/env bash
# Runs a sharded index's shards on shard servers on this machine, to try the
# remote setup without several machines.
#
#   scripts/cluster.sh start  DIR N [BASE_PORT] [--replicas]
#   scripts/cluster.sh status DIR
#   scripts/cluster.sh stop   DIR
#
# DIR is an index of N local shards (newsindex --db DIR init --shards N).
# start serves shard K writable on BASE_PORT+K (default base 7400); with
# --replicas it also keeps a read replica of each in DIR/replica-K with
# Xapian's replication (xapian-replicate-server on BASE_PORT+200+K, and
# xapian-replicate polling every second) served on BASE_PORT+100+K. It
# makes DIR.cluster, an index directory whose shards are those servers:
#   newssearch --db DIR.cluster query ...
# Process ids and logs are kept in DIR/.cluster/.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${NEWSIDX_BIN:-$here/build}"
usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd="$1" dir="${2%/}"
run="$dir/.cluster"

started() {  # started NAME PID
  echo "$2 $1" >>"$run/pids"
}
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
fail() {  # fail MESSAGE: stops what this start began, and exits 1
  echo "cluster: $1" >&2
  while read -r pid _; do kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done <"$run/pids"
  : >"$run/pids"
  exit 1
}
serve_on() {  # serve_on PORT NAME CMD...: CMD in a session of its own, once it listens on PORT
  local port="$1" name="$2"
  shift 2
  ! listening "$port" || fail "port $port is taken (another cluster's? scripts/cluster.sh stop ITS_DIR)"
  setsid "$@" >"$run/$name.log" 2>&1 &
  local pid=$!
  started "$name" "$pid"
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || fail "$name did not start: $(tail -n 1 "$run/$name.log")"
    listening "$port" && return 0
    sleep 0.1
  done
  fail "nothing listens on port $port; see $run/$name.log"
}

case "$cmd" in
start)
  [ $# -ge 3 ] || usage
  n="$3" base=7400 replicas=0
  for arg in "${@:4}"; do
    case "$arg" in
      --replicas) replicas=1 ;;
      *[!0-9]*) usage ;;
      *) base="$arg" ;;
    esac
  done
  [ -f "$dir/shards" ] || { echo "cluster: $dir is not a sharded index (newsindex --db $dir init --shards $n)" >&2; exit 1; }
  [ "$(grep -c '^shard-' "$dir/shards")" = "$n" ] || { echo "cluster: $dir does not have $n local shards" >&2; exit 1; }
  [ ! -s "$run/pids" ] || { echo "cluster: already running for $dir (scripts/cluster.sh stop $dir)" >&2; exit 1; }
  mkdir -p "$run"
  : >"$run/pids"
  remotes=()
  for ((k = 0; k < n; k++)); do
    shard="$dir/shard-$k" port=$((base + k))
    serve_on "$port" "shard-$k" "$bin/newsidx-shardd" --db "$shard" --listen "127.0.0.1:$port" --writable --quiet
    copies="127.0.0.1:$port"
    if ((replicas)); then
      rport=$((base + 200 + k)) qport=$((base + 100 + k)) replica="$dir/replica-$k"
      serve_on "$rport" "replicate-server-$k" xapian-replicate-server "$shard" -p "$rport"
      xapian-replicate -h 127.0.0.1 -p "$rport" -m xapian.stub -o "$replica" >"$run/replicate-$k.log" 2>&1 ||
        fail "the first copy of replica-$k failed; see $run/replicate-$k.log"
      setsid xapian-replicate -h 127.0.0.1 -p "$rport" -m xapian.stub -i 1 "$replica" >>"$run/replicate-$k.log" 2>&1 &
      started "replicate-$k" $!
      serve_on "$qport" "replica-$k" "$bin/newsidx-shardd" --db "$replica" --listen "127.0.0.1:$qport" --quiet
      copies+=",127.0.0.1:$qport"
    fi
    remotes+=(--remote "$copies")
  done
  rm -rf "$dir.cluster"
  "$bin/newsindex" --db "$dir.cluster" init "${remotes[@]}"
  [ ! -f "$dir/state.sqlite" ] || cp "$dir/state.sqlite" "$dir.cluster/state.sqlite"
  echo "cluster: $n shard servers$( ((replicas)) && echo " and $n replicas") for $dir; search $dir.cluster"
  ;;
status)
  [ -s "$run/pids" ] || { echo "cluster: not running for $dir"; exit 1; }
  down=0
  while read -r pid name; do
    if kill -0 "$pid" 2>/dev/null; then echo "$name: running (pid $pid)"; else echo "$name: DOWN"; down=1; fi
  done <"$run/pids"
  exit $down
  ;;
stop)
  [ -s "$run/pids" ] || { echo "cluster: not running for $dir"; exit 0; }
  while read -r pid name; do kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done <"$run/pids"
  : >"$run/pids"
  echo "cluster: stopped"
  ;;
*) usage ;;
esac
