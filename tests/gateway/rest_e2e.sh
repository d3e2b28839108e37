#!/usr/bin/env bash
# The REST gateway end to end: starts the real insights-server on 127.0.0.1
# (gRPC and HTTP on ports the kernel picks), loads tests/fixtures/gateway
# through the real client, and drives the REST API with curl.
#
# Usage: rest_e2e.sh INSIGHTS_SERVER INSIGHTS_CLIENT FIXTURES_DIR
# Prints one line a check and closes with 'N passed, M failed'.
set -uo pipefail

server_bin=$1
client_bin=$2
fixtures=$3

work=$(mktemp -d)
server_pid=""
passed=0
failed=0

stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null
  for _ in $(seq 100); do  # at most 10 s, then SIGKILL
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
  server_pid=""
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT

# The port of the log line "<what> listening on HOST:PORT".
port_of() {
  grep -o "$1 listening on [^ ;]*" "$work/server.log" | head -1 | sed 's/.*://'
}

start_server() {
  "$server_bin" --grpc-addr 127.0.0.1:0 --http-addr 127.0.0.1:0 \
    --db "$work/insights.db" --cors-origin https://app.example \
    >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do  # at most 10 s
    grpc_port=$(port_of gRPC)
    http_port=$(port_of HTTP)
    [ -n "$grpc_port" ] && [ -n "$http_port" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "insights-server did not start:"
  cat "$work/server.log"
  exit 1
}

check() {  # check NAME COMMAND...: one line a check
  local name=$1
  shift
  if "$@" >"$work/check.out" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    sed 's/^/     /' "$work/check.out"
    echo "     status $(cat "$work/status" 2>/dev/null): $(head -c 600 "$work/body" 2>/dev/null)"
  fi
}

# get PATH [curl options...]: the answer lands in status, headers and body.
get() {
  local path=$1
  shift
  curl -sS --max-time 10 -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@" \
    "http://127.0.0.1:$http_port$path" >"$work/status"
}

status_is() { [ "$(cat "$work/status")" = "$1" ]; }
has_header() { grep -qi "^$1" "$work/headers"; }
body_has() { grep -qF -- "$1" "$work/body"; }
# Runs a Python expression over the parsed body as `b`; true when it is.
body_ok() {
  python3 -c "import json,sys; b=json.load(open('$work/body')); sys.exit(0 if ($1) else 1)"
}

start_server
timeout 60 "$client_bin" --addr "127.0.0.1:$grpc_port" import \
  --catalog "$fixtures/catalog.json" --events "$fixtures/events.jsonl" >"$work/import.log" 2>&1 ||
  { echo "import failed:"; cat "$work/import.log"; exit 1; }

key=gw_alpha_key_1
range="startDate=2024-03-01&endDate=2024-03-31"

happy() {
  get "/gw-alpha/stats?api_key=$key&$range" && status_is 200 &&
    has_header "content-type: application/json" &&
    body_ok "len(b['data']) == 3 and b['stats']['numImagesLabeled'] == 4" &&
    body_ok "type(b['data'][0]['imagesLabeled']) is int" &&
    body_ok "type(b['stats']['numBoxesAdded']) is int" &&
    body_ok "b['data'][0]['labelerId'] == 'ana' and b['data'][0]['boxesDrawn'] == 4" &&
    body_ok "b['data'][0]['approvalRate'] == 100 and b['data'][1]['approvalRate'] is None" &&
    body_ok "b['stats']['numBoxesUpdated'] == 4 and b['stats']['numImagesMarkedNull'] == 1" &&
    body_ok "[l['id'] for l in b['labelers']] == ['ana', 'ben']" &&
    body_ok "len(b['meta']['notices']) == 1" &&
    body_ok "all(k in b['data'][2] for k in ('markedNull', 'modelAssisted', 'rejected'))" &&
    body_has '"numImagesLabeled":4'
}
check "happy path: numbers are JSON numbers, every field present" happy

check "x-api-key header" eval 'get "/gw-alpha/stats?$range" -H "x-api-key: $key" && status_is 200'
check "Authorization: Bearer header" eval \
  'get "/gw-alpha/stats?$range" -H "Authorization: Bearer gw_alpha_key_2" && status_is 200'
check "project is another name for projectId" eval \
  'get "/gw-alpha/stats?api_key=$key&$range&project=gw-p2" && status_is 200 &&
   body_ok "[d[\"projectId\"] for d in b[\"data\"]] == [\"gw-p2\"]"'
check "repeated projectId and userId" eval \
  'get "/gw-alpha/stats?api_key=$key&$range&projectId=gw-p1&projectId=gw-p2&user_id=ben" &&
   status_is 200 && body_ok "[d[\"projectId\"] for d in b[\"data\"]] == [\"gw-p1\", \"gw-p2\"]"'
check "second binding /v1/workspaces/{workspace}/stats" eval \
  'get "/gw-alpha/stats?api_key=$key&$range" && cp "$work/body" "$work/first" &&
   get "/v1/workspaces/gw-alpha/stats?api_key=$key&$range" && status_is 200 &&
   cmp -s "$work/first" "$work/body"'

check "400 bad date names startDate" eval \
  'get "/gw-alpha/stats?api_key=$key&startDate=2024-02-30" && status_is 400 &&
   body_ok "b[\"code\"] == 3 and \"startDate\" in b[\"message\"] and b[\"details\"] == []"'
check "400 unknown parameter names it" eval \
  'get "/gw-alpha/stats?api_key=$key&startdate=2024-03-01" && status_is 400 &&
   body_has "\\\"startdate\\\""'
check "400 repeated single field" eval \
  'get "/gw-alpha/stats?api_key=$key&startDate=2024-03-01&startDate=2024-03-02" &&
   status_is 400 && body_has "startDate" && body_has "more than once"'
check "400 path variable not overridable" eval \
  'get "/gw-alpha/stats?api_key=$key&workspace=gw-beta" && status_is 400'
check "400 bad Grpc-Timeout" eval \
  'get "/gw-alpha/stats?api_key=$key" -H "Grpc-Timeout: soon" && status_is 400'
check "401 without a key, with WWW-Authenticate" eval \
  'get "/gw-alpha/stats?$range" && status_is 401 && has_header "www-authenticate: bearer" &&
   body_ok "b[\"code\"] == 16"'
check "403 wrong key" eval 'get "/gw-alpha/stats?api_key=nope" && status_is 403'
check "403 another workspace's key" eval \
  'get "/gw-alpha/stats" -H "x-api-key: gw_beta_key_1" && status_is 403'
check "403 unknown workspace" eval 'get "/gw-nowhere/stats?api_key=$key" && status_is 403'
check "404 no route" eval \
  'get "/gw-alpha/stats/extra?api_key=$key" && status_is 404 && body_ok "b[\"code\"] == 5"'
check "405 wrong method, with Allow" eval \
  'get "/gw-alpha/stats?api_key=$key" -X POST && status_is 405 && has_header "allow: GET"'

check "CORS preflight from an allowed origin" eval \
  'get "/gw-alpha/stats" -X OPTIONS -H "Origin: https://app.example" \
     -H "Access-Control-Request-Method: GET" -H "Access-Control-Request-Headers: x-api-key" &&
   status_is 204 && has_header "access-control-allow-origin: https://app.example" &&
   has_header "access-control-allow-methods: GET" && has_header "access-control-allow-headers:" &&
   has_header "access-control-max-age:"'
check "CORS preflight from another origin gets no CORS headers" eval \
  'get "/gw-alpha/stats" -X OPTIONS -H "Origin: https://evil.example" \
     -H "Access-Control-Request-Method: GET" &&
   ! status_is 204 && ! has_header "access-control-allow-origin"'
check "CORS origin on an answer" eval \
  'get "/gw-alpha/stats?api_key=$key" -H "Origin: https://app.example" && status_is 200 &&
   has_header "access-control-allow-origin: https://app.example"'

check "/healthz serving" eval 'get /healthz && status_is 200 && body_has SERVING'
check "/openapi.json parses and names the parameters" eval \
  'get /openapi.json && status_is 200 && python3 -m json.tool "$work/body" >/dev/null &&
   body_ok "{p[\"name\"] for p in b[\"paths\"][\"/{workspace}/stats\"][\"get\"][\"parameters\"]}
            >= {\"startDate\", \"endDate\", \"projectId\", \"userId\", \"apiKey\"}"'

check "the dashboard page, its script and style are served" eval \
  'get / && status_is 200 && body_has "/dashboard.js" &&
   has_header "content-type: text/html" && has_header "content-security-policy: default-src" &&
   get /dashboard.js && status_is 200 && body_has summarizeLabelers &&
   has_header "content-type: text/javascript" &&
   get /dashboard.css && status_is 200 && has_header "content-type: text/css"'

check "no key or query string in the log" eval \
  '! grep -qE "gw_alpha_key|gw_beta_key|startDate=|api_key=" "$work/server.log"'

stop_server
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
