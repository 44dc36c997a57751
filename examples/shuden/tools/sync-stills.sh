#!/bin/sh
# 撮影日の夜、カメラのカードからスチールを assets/stills/ に取り込む。
# Copies the day's stills from the camera card into assets/stills/, newest first.
# Usage: tools/sync-stills.sh /media/card/DCIM
set -eu
card="${1:?usage: $0 CARD_FOLDER}"
here="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$here/assets/stills"
find "$card" -type f \( -iname '*.jpg' -o -iname '*.jpeg' \) -newer "$here/clapboard.yaml" \
  -exec cp -n {} "$here/assets/stills/" \;
echo "stills copied; name them in release/press-kit.yaml or a journal note to publish them"
