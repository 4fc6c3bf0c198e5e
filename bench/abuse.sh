#!/usr/bin/env bash
# Soak and abuse: does the service keep serving while it is abused on every front at once?
#
# Starts its own Release `interviewd serve` (SQLite and local storage in a temp folder,
# the default `interactive` password cost), registers an organization with a job, a
# candidate, a video question and a screening through the API, then measures with wrk
# GET /healthz and one small authenticated read (GET /api/v1/jobs/{id}/): first with
# nothing else going on (baseline), then while bench_abuse (bench/abuse_load.cpp)
# keeps up, all at once:
#   - 2,000 idle connections, opened and held, sending nothing (reopened when closed);
#   - 200 slowloris clients, sending a request header one byte every 3 s, never finishing;
#   - 50 logins a second with random emails (POST /api/v1/auth/token/), from one address;
#   - 10 multipart answers whose body is "--B" and then spaces, 256 KiB/s each;
#   - 10 uploads of 512 MiB generated on the fly, as fast as the service takes them, one
#     after another in each slot: half multipart video answers to the screening's
#     question, half presigned PUTs.
# Prints requests/s and p99 of both reads (baseline, under abuse, their ratio), the
# service's peak RSS (VmHWM), and what the server answered each kind of abuse.
#
#   bench/abuse.sh                        # 30 s per measurement, about 2.5 minutes in all
#   bench/abuse.sh --duration 10s         # shorter
#   bench/abuse.sh --upload-rate 8        # uploads at 8 MiB/s each at most
#   bench/abuse.sh --login-sources 50     # logins from 50 addresses: past the auth limit
#   bench/abuse.sh --logins 0 --uploads 0 # leave out some abuse (also --idle, --slowloris,
#                                         # --padded: how many of each)
#
# The abuse lasts 5 s + twice --duration: with 30 s, longer than one window of the auth
# rate limit (a minute) and than two of the service's --read-timeout (30 s), after which
# it closes idle and slowloris connections (the clients open them again at once).
#
# Rate limits: the read's one token would be refused by the default per-token limit
# (1,200/min) within a second of wrk, so the service runs with --rate-limit 100000000
# (the most it takes; wrk makes a few million requests a minute): every request still
# goes through the limiter, none is refused by it. The auth limit keeps its default (20
# a minute per address), so the login flood meets it. The abuse's own token is then not
# throttled either, so a padded body or upload that was refused waits 0.5 s before the
# next: 10 clients × 2/s, the 20/s that the default limit would let one token make.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

duration=30s       # each wrk run
warmup=5           # seconds of abuse before the measurements under abuse
upload_rate=0      # MiB/s per upload (0: as fast as the service takes them)
login_sources=0    # 0: logins from 127.0.0.1; N: spread over 127.0.1.1 ... 127.0.1.N
# How much of each abuse (bench_abuse's flags); 0 leaves one out, to see what it costs.
idle=2000 slowloris=200 logins=50 padded=10 uploads=10
threads=2
connections=32
build_dir="$root/build-release"
build=1
install=1
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }
while (($#)); do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --upload-rate) upload_rate="$2"; shift 2 ;;
    --login-sources) login_sources="$2"; shift 2 ;;
    --idle) idle="$2"; shift 2 ;;
    --slowloris) slowloris="$2"; shift 2 ;;
    --logins) logins="$2"; shift 2 ;;
    --padded) padded="$2"; shift 2 ;;
    --uploads) uploads="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-install) install=0; shift ;;
    -h|--help) usage ;;
    *) echo "bench/abuse.sh: unknown argument $1" >&2; usage 2 ;;
  esac
done
[[ "$duration" =~ ^[0-9]+s?$ ]] || { echo "--duration takes seconds, e.g. 20s" >&2; exit 2; }
seconds="${duration%s}"
log() { echo "[${SECONDS}s] $*" >&2; }

((install)) && scripts/install-deps --bench >&2
if ((build)); then
  log "building Release into $build_dir ..."
  CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true \
    cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
  CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true \
    cmake --build "$build_dir" -j "${JOBS:-2}" --target interviewd bench_abuse >/dev/null
fi
bin="${INTERVIEWD:-$build_dir/interviewd}"
abuse_bin="${BENCH_ABUSE:-$build_dir/bench_abuse}"
for f in "$bin" "$abuse_bin"; do
  [[ -x "$f" ]] || { echo "bench/abuse.sh: $f is missing (build it, or drop --no-build)" >&2; exit 1; }
done
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool: scripts/install-deps --bench" >&2; exit 1; }
done

# 2,000 idle and 200 slowloris connections on each side, and the rest: raise the limit of
# open files for the service and the clients (both inherit it from this shell).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if (($(ulimit -n) < 8192)); then
  echo "bench/abuse.sh: only $(ulimit -n) open files allowed; 2,300 connections need more" >&2
  exit 1
fi

dir="$(mktemp -d /tmp/bench-abuse-XXXXXX)"
pid=""
abuse_pid=""
cleanup() {
  log "stopping"
  if [[ -n "$abuse_pid" ]]; then kill "$abuse_pid" 2>/dev/null || true; wait "$abuse_pid" 2>/dev/null || true; fi
  if [[ -n "$pid" ]]; then
    # Requests still queued (thousands of logins, say) may hold a graceful stop for long.
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
help="$("$bin" serve --help 2>&1 || true)"
limits=()
if grep -q -- '--rate-limit' <<<"$help"; then
  limits=(--rate-limit 100000000)
else
  log "note: this interviewd has no --rate-limit, --auth-rate-limit or --max-connections yet"
fi
"$bin" serve --listen "127.0.0.1:$port" --database "sqlite://$dir/db.sqlite3" \
  --storage "file://$dir/media" "${limits[@]}" >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 200); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "$base/readyz" >/dev/null || { tail -20 "$dir/server.log" >&2; exit 1; }

load_before=$(cut -d' ' -f1 /proc/loadavg)
log "setting up through the API ..."
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
post() {  # TOKEN PATH JSON
  curl -fsS -X POST ${1:+-H "Authorization: Token $1"} -H 'Content-Type: application/json' \
    --data "$3" "$base/api/v1$2"
}
admin=$(post "" /auth/register/ '{"organization":{"name":"Abuse"},"name":"Admin",
  "email":"admin@abuse.example","password":"correct horse battery"}' | json '["token"]')
job=$(post "$admin" /jobs/ '{"title":"Soak test"}' | json '["id"]')
candidate=$(post "$admin" /candidates/ '{"name":"Casey","email":"casey@abuse.example"}' | json '["id"]')
post "$admin" "/jobs/$job/candidates/" "{\"candidate_id\":$candidate}" >/dev/null
set_id=$(post "$admin" /interview/question-sets/ '{"name":"Abuse"}' | json '["id"]')
question=$(post "$admin" /interview/questions/ \
  "{\"question_set\":$set_id,\"text\":\"Introduce yourself\",\"type\":\"video\"}" | json '["id"]')
module=$(post "$admin" /interview/interview-modules/ "{\"name\":\"Abuse\",\"job\":$job,\
\"services\":[{\"service_name\":\"Video Interview\",\"order\":1,\"preferences\":{}}]}" | json '["id"]')
screening=$(post "$admin" /interview/screenings/ "{\"candidate_id\":$candidate,\"job_id\":$job,\
\"module_id\":$module,\"service\":\"Video Interview\",\"question_set_id\":$set_id}" | json '["id"]')
# The abuse has its own user and token; wrk reads with the admin's.
post "$admin" /users/ '{"email":"recruiter@abuse.example","name":"Recruiter","role":"recruiter",
  "password":"another good password"}' >/dev/null
abuse_token=$(post "" /auth/token/ '{"email":"recruiter@abuse.example",
  "password":"another good password"}' | json '["token"]')
presigned=()
for _ in 1 2 3 4 5; do
  url=$(post "$abuse_token" /interview/get-upload-presigned-url/ \
    "{\"video_filename\":\"big.mp4\",\"content_type\":\"video/mp4\",\"content_length\":$((512 * 1024 * 1024))}" \
    | json '["presigned_upload_url"]')
  presigned+=(--presigned "/${url#*://*/}")
done
log "service on $base (pid $pid), job $job, screening $screening, question $question"

printf 'GET\t/healthz\t\t\n' >"$dir/healthz.tsv"
printf 'GET\t/api/v1/jobs/%s/\t%s\t\n' "$job" "$admin" >"$dir/read.tsv"
measure() {  # NAME REQUESTS_FILE -> one line of JSON (bench/wrk/requests.lua)
  local out
  out=$(BENCH_REQUESTS="$2" BENCH_THREADS="$threads" wrk "-t$threads" "-c$connections" \
    "-d$duration" --latency -s "$root/bench/wrk/requests.lua" "$base")
  sed -n 's/^BENCH //p' <<<"$out" | python3 -c "import json,sys; r=json.load(sys.stdin); \
r['name']='$1'; r['rps']=r['requests']/(r['duration_us']/1e6); print(json.dumps(r))"
}
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }  # CPU time (user + system) in ticks
now() { date +%s.%N; }
fds() { local n; n=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l) || true; echo "${n:-0}"; }

log "baseline: wrk -t$threads -c$connections -d$duration on each read ..."
t0=$(now) c0=$(ticks "$pid")
{
  measure healthz "$dir/healthz.tsv"
  measure read "$dir/read.tsv"
} >"$dir/baseline.jsonl"
baseline_hwm=$(hwm)
t1=$(now) c1=$(ticks "$pid")

log "abuse: starting bench_abuse (uploads at ${upload_rate} MiB/s each) ..."
"$abuse_bin" --port "$port" --token "$abuse_token" --screening "$screening" --question "$question" \
  --upload-rate-mib "$upload_rate" --login-sources "$login_sources" --idle "$idle" \
  --slowloris "$slowloris" --logins "$logins" --padded "$padded" --uploads "$uploads" \
  "${presigned[@]}" >"$dir/abuse.out" 2>"$dir/abuse.err" &
abuse_pid=$!
if ((idle > 0)); then
  for _ in $(seq 300); do grep -q '^READY' "$dir/abuse.out" && break; sleep 0.1; done
  grep '^READY' "$dir/abuse.out" >&2 || log "the idle connections did not all open within 30 s"
fi
sleep "$warmup"
open_fds=$(fds)
log "under abuse: $open_fds descriptors open in the service; measuring ..."
t2=$(now) c2=$(ticks "$pid") a2=$(ticks "$abuse_pid")
{
  measure healthz "$dir/healthz.tsv"
  fds >"$dir/fds2"
  measure read "$dir/read.tsv"
} >"$dir/abuse.jsonl"
open_fds2=$(cat "$dir/fds2")
t3=$(now) c3=$(ticks "$pid") a3=$(ticks "$abuse_pid")
hz=$(getconf CLK_TCK)
cores() { awk -v c="$1" -v t="$2" -v hz="$hz" 'BEGIN { printf "%.2f", c / hz / t }'; }
cpu_baseline=$(cores $((c1 - c0)) "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
cpu_abused=$(cores $((c3 - c2)) "$(awk -v a="$t2" -v b="$t3" 'BEGIN { print b - a }')")
cpu_abuse_client=$(cores $((a3 - a2)) "$(awk -v a="$t2" -v b="$t3" 'BEGIN { print b - a }')")
alive=1
kill -0 "$pid" 2>/dev/null || alive=0
kill -TERM "$abuse_pid"
wait "$abuse_pid" || true
abuse_pid=""
peak_hwm=$(hwm)
abuse_seconds=$(sed -n 's/^ABUSE //p' "$dir/abuse.out" | json '["seconds"]')
curl -fs "$base/healthz" >/dev/null || alive=0
log "$(tail -1 "$dir/abuse.err")"

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git -C "$root" status --porcelain -- src CMakeLists.txt 2>/dev/null)" ]]; then
  commit+=" with uncommitted changes in src/"
fi
commit="${BENCH_COMMIT:-$commit}"  # a copy of the tree without .git says which it is
BASELINE="$dir/baseline.jsonl" ABUSED="$dir/abuse.jsonl" ABUSE="$dir/abuse.out" \
  BASELINE_HWM="$baseline_hwm" PEAK_HWM="$peak_hwm" OPEN_FDS="$open_fds,$open_fds2" \
  CPU="$cpu_baseline,$cpu_abused,$cpu_abuse_client" LOAD="$load_before" \
  SOURCES="$login_sources" \
  DESC="$idle idle, $slowloris slowloris, $logins logins/s, $padded padded bodies, $uploads uploads" ALIVE="$alive" ABUSE_SECONDS="$abuse_seconds" UPLOAD_RATE="$upload_rate" \
  DURATION="$duration" THREADS="$threads" CONNECTIONS="$connections" COMMIT="$commit" \
  LIMITS="${limits[*]:-none}" python3 - <<'EOF'
import json, os

def lines(path):
    return {r["name"]: r for r in map(json.loads, open(path))}

base, abused = lines(os.environ["BASELINE"]), lines(os.environ["ABUSED"])
abuse = json.loads(next(l for l in open(os.environ["ABUSE"]) if l.startswith("ABUSE "))[6:])
peak = int(os.environ["PEAK_HWM"]) / 1024
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"{os.cpu_count()} cores ({cpu}), commit {os.environ['COMMIT']}; wrk -t{os.environ['THREADS']} "
      f"-c{os.environ['CONNECTIONS']} -d{os.environ['DURATION']} per figure; service flags beyond "
      f"the defaults: {os.environ['LIMITS']}; uploads at {os.environ['UPLOAD_RATE']} MiB/s each "
      f"(0: unlimited); logins from {os.environ['SOURCES'] + ' addresses' if os.environ['SOURCES'] != '0' else 'one address'}"
      f"; abuse ({os.environ['DESC']}) ran {float(os.environ['ABUSE_SECONDS']):.0f} s; load average "
      f"before the run {os.environ['LOAD']}.")
print()
print("| read | baseline req/s | baseline p99 ms | under abuse req/s | under abuse p99 ms "
      "| ratio req/s | errors under abuse |")
print("|---|---:|---:|---:|---:|---:|---:|")
names = {"healthz": "GET /healthz", "read": "GET /api/v1/jobs/{id}/"}
ratios = {}
for key in ("healthz", "read"):
    b, a = base[key], abused[key]
    ratios[key] = a["rps"] / b["rps"] if b["rps"] else 0.0
    errors = sum(a[k] for k in ("connect", "read", "write", "status", "timeout"))
    print(f"| {names[key]} | {b['rps']:.0f} | {b['p99_us'] / 1000:.2f} | {a['rps']:.0f} "
          f"| {a['p99_us'] / 1000:.2f} | {ratios[key]:.2f} | {errors} |")
print()
print(f"Peak RSS (VmHWM) of the service: {int(os.environ['BASELINE_HWM']) / 1024:.1f} MiB after the "
      f"baseline, {peak:.1f} MiB at the end. Descriptors open in the service under abuse: "
      f"{os.environ['OPEN_FDS'].replace(',', ' and ')} (before each measurement).")
cpu = os.environ["CPU"].split(",")
print()
print(f"CPU (cores busy, user + system): the service {cpu[0]} during the baseline and {cpu[1]} "
      f"under abuse; bench_abuse {cpu[2]}; wrk takes the rest.")
print()
seconds = float(os.environ["ABUSE_SECONDS"])
print(f"What the abuse met over its {seconds:.0f} s (\"closed\": the service closed the connection "
      f"without an answer; \"still open\": in flight when the abuse stopped):")
print()
print("| abuse | started | peak open | MiB/s sent | what the service answered (count) |")
print("|---|---:|---:|---:|---|")
kinds = [("idle", "idle connections"), ("slowloris", "slowloris headers"),
         ("login", "logins, random emails"), ("padded", "padded multipart bodies"),
         ("upload", "512 MiB uploads")]
for key, label in kinds:
    t = abuse[key]
    outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(t["outcomes"].items(), key=lambda kv: -kv[1]))
    if t["open"]:
        outcomes += (", " if outcomes else "") + f"still open at the end: {t['open']}"
    print(f"| {label} | {t['started']} | {t['peak_open']} | {t['bytes_sent'] / 2**20 / seconds:.1f} "
          f"| {outcomes or '-'} |")
print()
holds = ratios["read"] >= 0.5 and peak < 256 and os.environ["ALIVE"] == "1"
print(f"Acceptance (the read keeps at least half its throughput, peak RSS under 256 MiB, the "
      f"service alive): {'holds' if holds else 'does NOT hold'} (read ratio {ratios['read']:.2f}, "
      f"peak RSS {peak:.1f} MiB{'' if os.environ['ALIVE'] == '1' else ', the service died'}).")
EOF
