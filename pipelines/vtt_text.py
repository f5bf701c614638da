"""A video's WebVTT captions (<track src="…vtt">) to text: what the clinic's doctor says on camera.

Captions split sentences across cues and roll-up captions repeat the lines before, so the cues
are joined into running text, each line once, and read as a transcript: a page of its own, like
a PDF. Bounded: the body is cut before parsing, and the transcript into blocks of a few KB.
"""

from __future__ import annotations

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from classifiers.document import Block
from pipelines.html_text import ExtractedPage, clean

VTT_TYPE = "text/vtt"
SIGNATURE = b"WEBVTT"
BOM = b"\xef\xbb\xbf"
MAX_VTT_BYTES = 2 * 1024 * 1024  # a two-hour talk's captions are about 150 KB
MAX_CUES = 10_000
MAX_LINE_CHARS = 1_000
RUN_CHARS = 3_000  # a block ends at the first sentence end after this much speech…
MAX_BLOCK_CHARS = 6_000  # …or here, at a cue, when the captions never end a sentence
SENTENCE_ENDS = (".", "!", "?")


def is_vtt(body: bytes, content_type: str) -> bool:
    """Captions by their content type, or by the signature a WebVTT file must open with."""
    return content_type.lower().startswith(VTT_TYPE) or body.removeprefix(BOM).startswith(SIGNATURE)


def extract_vtt(body: bytes) -> ExtractedPage:
    """The captions' words as transcript blocks; a file that is no WebVTT gives no blocks and
    says why in `encoding`, as extract_pdf does."""
    body = body.removeprefix(BOM)
    if len(body) > MAX_VTT_BYTES:  # whole cues only: cut at the last blank line before the limit
        body = body[: body.rfind(b"\n\n", 0, MAX_VTT_BYTES) + 1 or MAX_VTT_BYTES]
    try:
        captions = webvtt.from_string(body.decode("utf-8", errors="replace"))
    except (MalformedFileError, MalformedCaptionError) as error:
        return ExtractedPage(title="", blocks=[], encoding=f"vtt-error: {error}"[:200])
    lines: list[str] = []
    previous: list[str] = []
    for caption in captions.captions[:MAX_CUES]:
        cue = [clean(line)[:MAX_LINE_CHARS] for line in caption.text.splitlines()]
        cue = [line for line in cue if line]
        lines.extend(cue[_rolled_up(previous, cue) :])
        previous = cue
    return ExtractedPage(title="", blocks=_transcript_blocks(lines), encoding="utf-8")


def _rolled_up(previous: list[str], cue: list[str]) -> int:
    """How many of a cue's first lines repeat the last lines of the cue before it (roll-up
    captions show [A, B, C] and then [B, C, D])."""
    for overlap in range(min(len(previous), len(cue)), 0, -1):
        if previous[-overlap:] == cue[:overlap]:
            return overlap
    return 0


def _transcript_blocks(lines: list[str]) -> list[Block]:
    """Lines joined into blocks of running speech, each cut where a sentence ends."""
    runs: list[list[str]] = [[]]
    length = 0
    for line in lines:
        if runs[-1] and length + len(line) > MAX_BLOCK_CHARS:
            runs.append([])
            length = 0
        runs[-1].append(line)
        length += len(line) + 1
        if length >= RUN_CHARS and line.endswith(SENTENCE_ENDS):
            runs.append([])
            length = 0
    return [Block(text=" ".join(run), kind="paragraph") for run in runs if run]
