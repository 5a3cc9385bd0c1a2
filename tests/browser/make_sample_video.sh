#!/usr/bin/env bash
# Remakes the sample lecture video docs/media/wangyueche-baorong.mp4 (20 s title card, 320x180,
# silent, ~20 KB) with the project's own CJK font. Needs ffmpeg; not run by the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
bold=fonts/NotoSansSC-Bold-subset.otf
regular=fonts/NotoSansSC-Regular-subset.otf
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "color=c=0x0b4f8a:s=320x180:d=20:r=10" -f lavfi -i "anullsrc=r=16000:cl=mono" -t 20 \
  -vf "drawbox=x=0:y=138:w=320:h=42:color=0x083a66:t=fill,\
drawtext=fontfile=$bold:text='法润交通云讲堂':fontsize=26:fontcolor=white:x=(w-text_w)/2:y=34,\
drawtext=fontfile=$regular:text='第6期':fontsize=16:fontcolor=0xffd000:x=(w-text_w)/2:y=72,\
drawtext=fontfile=$bold:text='网约车包容审慎监管的实践与边界':fontsize=17:fontcolor=white:x=(w-text_w)/2:y=98,\
drawtext=fontfile=$regular:text='绍兴市交通运输局':fontsize=13:fontcolor=white:x=(w-text_w)/2:y=152,\
drawtext=fontfile=$regular:text='%{eif\:t\:d}s':fontsize=10:fontcolor=0xcfe0f0:x=w-text_w-6:y=6" \
  -c:v libx264 -profile:v baseline -pix_fmt yuv420p -crf 30 -preset veryslow \
  -c:a aac -b:a 16k -movflags +faststart -metadata title="法润交通云讲堂 第6期 示例视频" \
  docs/media/wangyueche-baorong.mp4
