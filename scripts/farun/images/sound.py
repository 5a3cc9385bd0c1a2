"""WAV files under docs/, published as a new file written from their samples (standard library ``wave``).

A WAV file may carry text anywhere outside its samples: LIST/INFO chunks (artist, comments), ID3
tags, broadcast extensions, bytes after the last chunk. The published copy is written anew from
the decoded samples with the same rate, width and channels, so only ``fmt `` and ``data`` remain.
Only PCM is read (what ``wave`` supports); other encodings are refused with a Chinese message. Pure.
"""

from __future__ import annotations

import io
import wave

from farun.runtime.errors import StaffError

MAX_SAMPLE_BYTES = 200 * 1024 * 1024  # a 20-minute stereo CD-quality recording


class BadSound(StaffError):
    """A WAV file that cannot be published; the message names the file."""


def clean_copy(raw: bytes, shown: str) -> bytes:
    """The samples of a PCM WAV file in a new file with nothing else, or BadSound."""
    try:
        with wave.open(io.BytesIO(raw)) as source:
            params = source.getparams()
            size = params.nframes * params.sampwidth * params.nchannels
            if size > MAX_SAMPLE_BYTES:
                raise BadSound(f"{shown}: 音频过长（超过 {MAX_SAMPLE_BYTES // 1024 // 1024} MB），请剪短或改为链接发布")
            samples = source.readframes(params.nframes)
    except BadSound:
        raise
    except (wave.Error, EOFError, OSError, ValueError, MemoryError):
        raise BadSound(
            f"{shown}: 不是可读取的 PCM 格式 WAV 音频（已损坏或是压缩编码）；请导出为 PCM WAV 或 MP3 后再放入 docs/"
        ) from None
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as copy:
        copy.setnchannels(params.nchannels)
        copy.setsampwidth(params.sampwidth)
        copy.setframerate(params.framerate)
        copy.writeframes(samples)
    return buffer.getvalue()
