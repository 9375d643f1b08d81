# Sourced by tests after ../lib.sh: OpenStack Swift with s3api (Debian's
# swift-* packages), a real object store that checks SigV4 signatures and
# payload hashes, on 127.0.0.1 with free ports (the recipe in
# ../shared/research/outbox.md, "A Swift s3api server for tests").
#
#   swift_start DIR   starts it under DIR (a fresh folder), creates the
#                     bucket, and exports S3_ENDPOINT, S3_ACCESS_KEY,
#                     S3_SECRET, S3_REGION, S3_BUCKET. About 2 s on an
#                     idle machine. Call it in the test's own shell, not
#                     in $(…) or a pipeline: the servers die with the shell
#                     that started them.
#   swift_stop        kills every process swift_start started and waits
#                     for them (lib.sh's cleanup kills them too, so a
#                     failing test leaves none behind).
#
# A server that cannot start fails the test (with its log): it never skips.

SWIFT_PIDS=()

# Each storage server's conf: one replica, devices under DIR/node, no mount
# checks, one process (workers = 0), so the pid started is the server.
_swift_storage_conf() {
  local dir=$1 kind=$2 port=$3
  cat >"$dir/conf/$kind-server.conf" <<CONF
[DEFAULT]
devices = $dir/node
mount_check = false
bind_ip = 127.0.0.1
bind_port = $port
workers = 0
swift_dir = $dir/conf
user = $(id -un)
log_name = $kind-server
log_facility = LOG_LOCAL0
log_level = WARNING
log_udp_host = 127.0.0.1
log_udp_port = 9

[pipeline:main]
pipeline = $kind-server

[app:$kind-server]
use = egg:swift#$kind

[${kind}-replicator]
[${kind}-updater]
[${kind}-auditor]
CONF
}

_swift_proxy_conf() {
  local dir=$1 port=$2
  cat >"$dir/conf/proxy-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $port
workers = 0
swift_dir = $dir/conf
user = $(id -un)
log_level = WARNING
log_udp_host = 127.0.0.1
log_udp_port = 9

[pipeline:main]
pipeline = catch_errors gatekeeper proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:s3api]
use = egg:swift#s3api
location = us-east-1

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:cache]
use = egg:swift#memcache
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
CONF
}

# swift.conf of our own (swift_dir), so /etc/swift is neither needed nor read.
_swift_rings() {
  local dir=$1 account=$2 container=$3 object=$4
  cat >"$dir/conf/swift.conf" <<CONF
[swift-hash]
swift_hash_path_suffix = evt-test
swift_hash_path_prefix = evt-test

[storage-policy:0]
name = Policy-0
default = yes
CONF
  # One python process for the three rings: swift-ring-builder would be
  # nine, each importing swift (seconds on a busy machine).
  /usr/bin/python3 - "$dir/conf" "$account" "$container" "$object" >>"$dir/rings.log" 2>&1 <<'PY' ||
import sys
from swift.common.ring import RingBuilder
folder = sys.argv[1]
for kind, port in zip(("account", "container", "object"), sys.argv[2:5]):
    builder = RingBuilder(6, 1, 1)
    builder.add_dev({"region": 1, "zone": 1, "ip": "127.0.0.1", "port": int(port),
                     "device": "sdb1", "weight": 1})
    builder.rebalance()
    builder.save(f"{folder}/{kind}.builder")
    builder.get_ring().save(f"{folder}/{kind}.ring.gz")
PY
    fail "swift: building the rings failed: $(tail -3 "$dir/rings.log")"
}

_swift_fail() {
  local dir=$1 why=$2 log
  for log in "$dir"/*.log; do
    echo "--- $log" >&2
    tail -15 "$log" >&2
  done
  swift_stop
  fail "swift: $why"
}

swift_start() {
  local dir=$1 kind port account_port container_port object_port proxy_port i code started_ms
  started_ms=$(now_ms)
  command -v swift-proxy-server >/dev/null ||
    fail "swift: swift-proxy-server is not installed (scripts/install-deps.sh test)"
  command -v swift-ring-builder >/dev/null || fail "swift: swift-ring-builder is not installed"
  mkdir -p "$dir/conf" "$dir/node/sdb1" "$dir/run"
  # Four free ports from one python (lib.sh's free_port is one each).
  read -r account_port container_port object_port proxy_port < <(/usr/bin/python3 -c '
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))')
  _swift_storage_conf "$dir" account "$account_port"
  _swift_storage_conf "$dir" container "$container_port"
  _swift_storage_conf "$dir" object "$object_port"
  _swift_proxy_conf "$dir" "$proxy_port"
  _swift_rings "$dir" "$account_port" "$container_port" "$object_port"
  # SWIFT_CONF_FILE: the servers read swift.conf from here, not /etc/swift.
  # Each server gets SIGKILL when the test's shell dies (PR_SET_PDEATHSIG,
  # set in the server's own python before it runs): a test killed by a
  # ctest timeout, where no EXIT trap runs, leaves no Swift behind.
  for kind in account container object proxy; do
    SWIFT_CONF_FILE=$dir/conf/swift.conf /usr/bin/python3 -c '
import ctypes, runpy, signal, sys
ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")' "/usr/bin/swift-$kind-server" \
      "$dir/conf/$kind-server.conf" >"$dir/$kind.log" 2>&1 </dev/null &
    SWIFT_PIDS+=("$!")
    started "$!"
  done
  for i in {1..200}; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$proxy_port/info" 2>/dev/null) || true
    [[ $code == 200 ]] && break
    for kind in "${SWIFT_PIDS[@]}"; do is_running "$kind" || _swift_fail "$dir" "a server ended during start"; done
    sleep 0.05
  done
  [[ $code == 200 ]] || _swift_fail "$dir" "the proxy on port $proxy_port did not answer within 10s"
  for port in "$account_port" "$container_port" "$object_port"; do wait_listening "$port"; done

  # The bucket, made with curl's own SigV4 (tempauth keeps Swift tokens in
  # memcached, which is not running; S3 requests need none). The empty
  # body's sha256 is given because curl 7.88 does not add it; the key's
  # colon goes through a netrc file (-u would split at it).
  printf 'machine 127.0.0.1 login test:tester password testing\n' >"$dir/netrc"
  export S3_BUCKET=${S3_BUCKET:-evt-test}
  code=$(curl -s -o "$dir/bucket.answer" -w '%{http_code}' -X PUT --netrc-file "$dir/netrc" \
    --aws-sigv4 aws:amz:us-east-1:s3 \
    -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' \
    "http://127.0.0.1:$proxy_port/$S3_BUCKET") || true
  [[ $code == 200 ]] || _swift_fail "$dir" "creating bucket $S3_BUCKET: HTTP $code $(head -c 300 "$dir/bucket.answer")"

  export S3_ENDPOINT=http://127.0.0.1:$proxy_port S3_ACCESS_KEY=test:tester S3_SECRET=testing S3_REGION=us-east-1
  SWIFT_DIR=$dir
  # The issue's test budget counts Swift's start: each test's log shows it.
  echo "swift: up at $S3_ENDPOINT in $(($(now_ms) - started_ms)) ms" >&2
}

swift_stop() {
  local pid
  for pid in "${SWIFT_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${SWIFT_PIDS[@]}"; do
    for _ in {1..40}; do is_running "$pid" || break; sleep 0.05; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  SWIFT_PIDS=()
}

# s3cmd_config FILE: an s3cmd config for the running server (path-style,
# plain http, SigV4; the access key's colon is fine in a config file).
s3cmd_config() {
  local host=${S3_ENDPOINT#http://}
  cat >"$1" <<CONF
[default]
access_key = $S3_ACCESS_KEY
secret_key = $S3_SECRET
host_base = $host
host_bucket = $host
use_https = False
signature_v2 = False
bucket_location = $S3_REGION
CONF
}
