#!/usr/bin/env bash
# Times media::process_media against the ffmpeg CLI doing the same work (audio copy to
# a file + one JPEG thumbnail) on clips generated here, and prints a Markdown table.
#   bench/media.sh [REPS]        (default 10; medians are reported)
# Uses build/media_bench, built if missing; MEDIA_BENCH=path picks another build.
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-10}"
bench="${MEDIA_BENCH:-build/media_bench}"
[[ -x "$bench" ]] || scripts/build media_bench
command -v ffmpeg >/dev/null || { echo "needs the ffmpeg CLI: scripts/install-deps --test" >&2; exit 1; }

dir="$(mktemp -d /tmp/media-bench-XXXXXX)"
trap 'rm -rf "$dir"' EXIT
make_clip() {  # name seconds video-codec-options audio-codec-options
  ffmpeg -nostdin -v error -y \
    -f lavfi -i "testsrc=duration=$2:size=1280x720:rate=30" \
    -f lavfi -i "sine=frequency=440:duration=$2" \
    $3 $4 "$dir/$1"
}
echo "generating clips in $dir ..." >&2
make_clip 720p-5s-h264-aac.mp4 5 "-c:v libx264 -pix_fmt yuv420p" "-c:a aac"
make_clip 720p-5s-vp8-opus.webm 5 "-c:v libvpx -b:v 2M -deadline realtime -cpu-used 8 -threads 1" "-c:a libopus"
make_clip 720p-60s-h264-aac.mp4 60 "-c:v libx264 -preset veryfast -pix_fmt yuv420p" "-c:a aac"

echo "$reps repetitions each, medians, $(nproc) cores, $(ffmpeg -version | head -1)" >&2
"$bench" --reps "$reps" "$dir/720p-5s-h264-aac.mp4" "$dir/720p-5s-vp8-opus.webm" \
  "$dir/720p-60s-h264-aac.mp4"
