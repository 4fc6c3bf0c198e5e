#!/usr/bin/env bash
# Peak memory of the service while it receives and processes a 512 MiB video, sent
# three ways: as a multipart answer, by a presigned PUT followed by a JSON answer, and as
# a resumable upload (tus, PATCHes of 64 MiB) followed by a JSON answer.
# The figure is VmHWM from /proc/PID/status (the peak resident set of the process).
#   bench/upload_rss.sh [MIB]          (default 512)
# Uses build/interviewd, built if missing; INTERVIEWD=path picks another build.
set -euo pipefail
cd "$(dirname "$0")/.."
mib="${1:-512}"
bin="${INTERVIEWD:-build/interviewd}"
[[ -x "$bin" ]] || scripts/build interviewd
for tool in ffmpeg curl python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool: scripts/install-deps --test" >&2; exit 1; }
done

dir="$(mktemp -d /tmp/upload-rss-XXXXXX)"
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

# Uncompressed 720p video (1,382,400 bytes a frame) and PCM audio: the file is as large
# as asked, and still a real video the worker decodes (its audio is re-encoded to AAC).
frames=$(( mib * 1024 * 1024 / 1382400 ))
echo "generating a ${mib} MiB video ($frames frames) in $dir ..." >&2
ffmpeg -nostdin -v error -y -f lavfi -i "testsrc=size=1280x720:rate=30" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000" -frames:v "$frames" \
  -c:v rawvideo -pix_fmt yuv420p -c:a pcm_s16le -shortest "$dir/big.mkv"
size=$(stat -c %s "$dir/big.mkv")

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
export INTERVIEWD_LISTEN="127.0.0.1:$port" DATABASE_URL="sqlite://$dir/db.sqlite3" \
  STORAGE_URL="file://$dir/media" INTERVIEWD_LOG_FORMAT=text INTERVIEWD_PASSWORD_COST=min \
  INTERVIEWD_MAX_UPLOAD_BYTES=$(( size + 1024 * 1024 ))
token=$("$bin" demo | sed -n 's/^  Token: *//p')
"$bin" serve >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
hwm() { awk '/^VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
api() {  # METHOD PATH [JSON]
  curl -fsS -X "$1" -H "Authorization: Token $token" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$base/api/v1$2"
}
wait_ready() {  # ANSWER_ID
  local status
  for _ in $(seq 600); do
    status=$(api GET "/interview/answers/$1/" | json '["media"]["status"]')
    [[ "$status" == ready || "$status" == failed ]] && break
    sleep 0.5
  done
  echo "$status"
}

job=$(api GET "/jobs/" | json '[0]["id"]')
candidate=$(api GET "/jobs/$job/candidates/" | json '[0]["id"]')
set_id=$(api POST /interview/question-sets/ '{"name":"Upload benchmark"}' | json '["id"]')
question=$(api POST /interview/questions/ \
  "{\"question_set\":$set_id,\"text\":\"Introduce yourself\",\"type\":\"video\"}" | json '["id"]')
module=$(api POST /interview/interview-modules/ "{\"name\":\"Upload benchmark\",\"job\":$job,\
\"services\":[{\"service_name\":\"Video Interview\",\"order\":1,\"preferences\":{}}]}" | json '["id"]')
screening() {
  api POST /interview/screenings/ "{\"candidate_id\":$candidate,\"job_id\":$job,\
\"module_id\":$module,\"service\":\"Video Interview\",\"question_set_id\":$set_id}" | json '["id"]'
}

echo "| phase | seconds | peak RSS (VmHWM) MiB |"
echo "|---|---:|---:|"
echo "| started, idle | | $(hwm) |"

s1=$(screening)
t0=$(date +%s.%N)
a1=$(curl -fsS -H "Authorization: Token $token" -F "screening_id=$s1" -F "question=$question" \
  -F "video=@$dir/big.mkv;type=video/x-matroska" "$base/api/v1/interview/answers/" | json '["id"]')
t1=$(date +%s.%N)
echo "| multipart answer, $size bytes received | $(elapsed $t0 $t1) | $(hwm) |"
st=$(wait_ready "$a1")
t2=$(date +%s.%N)
echo "| processed ($st) | $(elapsed $t1 $t2) | $(hwm) |"

s2=$(screening)
presigned=$(api POST /interview/get-upload-presigned-url/ \
  '{"video_filename":"big.mkv","content_type":"video/x-matroska"}')
url=$(json '["presigned_upload_url"]' <<<"$presigned")
key=$(json '["key"]' <<<"$presigned")
t0=$(date +%s.%N)
curl -fsS -T "$dir/big.mkv" -H 'Content-Type: video/x-matroska' "$url" >/dev/null
t1=$(date +%s.%N)
echo "| presigned PUT, $size bytes received | $(elapsed $t0 $t1) | $(hwm) |"
a2=$(api POST /interview/answers/ \
  "{\"screening_id\":$s2,\"question\":$question,\"video_key\":\"$key\"}" | json '["id"]')
st=$(wait_ready "$a2")
t2=$(date +%s.%N)
echo "| JSON answer with video_key, processed ($st) | $(elapsed $t1 $t2) | $(hwm) |"
s3=$(screening)
t0=$(date +%s.%N)
location=$(curl -fsS -i -X POST -H "Authorization: Token $token" -H 'Tus-Resumable: 1.0.0' \
  -H "Upload-Length: $size" \
  -H "Upload-Metadata: filename $(printf big.mkv | base64),filetype $(printf video/x-matroska | base64)" \
  "$base/api/v1/uploads/tus/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
piece=$(( 64 * 1024 * 1024 ))
offset=0
while (( offset < size )); do
  n=$(( size - offset < piece ? size - offset : piece ))
  dd if="$dir/big.mkv" of="$dir/piece" bs=1M iflag=skip_bytes,count_bytes skip="$offset" \
    count="$n" status=none
  curl -fsS -X PATCH -T "$dir/piece" -H "Authorization: Token $token" -H 'Tus-Resumable: 1.0.0' \
    -H "Upload-Offset: $offset" -H 'Content-Type: application/offset+octet-stream' \
    "$location" >/dev/null
  offset=$(( offset + n ))
done
t1=$(date +%s.%N)
echo "| tus upload in $(( (size + piece - 1) / piece )) PATCHes, $size bytes received | $(elapsed $t0 $t1) | $(hwm) |"
a3=$(api POST /interview/answers/ \
  "{\"screening_id\":$s3,\"question\":$question,\"video_key\":\"${location##*/}\"}" | json '["id"]')
st=$(wait_ready "$a3")
t2=$(date +%s.%N)
echo "| JSON answer naming the tus upload, processed ($st) | $(elapsed $t1 $t2) | $(hwm) |"
t0=$(date +%s.%N)
curl -fsS -o /dev/null -H "Authorization: Token $token" "$base/api/v1/interview/answers/$a2/video/"
t1=$(date +%s.%N)
echo "| video downloaded | $(elapsed $t0 $t1) | $(hwm) |"
echo "$(nproc) cores, $(date -u +%Y-%m-%d), loopback, SQLite, local folder storage" >&2
