# Sourced by .ci/run: makes sure redis-server is installed, starts one on loopback on a free
# port for this run only (no persistence), stops it when the script exits, and exports
# REDIS_URL so the Redis and cluster tests run (in CI they fail rather than skip without it).
redis_start() {
  if ! command -v redis-server >/dev/null 2>&1; then
    local sudo=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq redis-server >/dev/null
  fi
  REDIS_DIR="$(mktemp -d)"
  local port
  port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
  trap redis_stop EXIT
  for _ in $(seq 1 100); do
    if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
      export REDIS_URL="redis://127.0.0.1:$port"
      echo "redis-server $(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/') on $REDIS_URL"
      return 0
    fi
    sleep 0.1
  done
  echo "redis-server did not start:" >&2
  cat "$REDIS_DIR/redis.log" >&2 || true
  return 1
}

redis_stop() {
  if [ -n "${REDIS_DIR:-}" ] && [ -f "$REDIS_DIR/redis.pid" ]; then
    kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null || true
  fi
  [ -n "${REDIS_DIR:-}" ] && rm -rf "$REDIS_DIR"
}
