"""A video's WebVTT captions (<track src="…vtt">) to text: what the clinic's doctor says on camera.

Captions split sentences across cues and roll-up captions repeat lines, so the cues are joined
into running text, a repeated line once, and read as a transcript: a page of its own, like a PDF.
"""

from __future__ import annotations

import webvtt
from webvtt.errors import MalformedFileError

from classifiers.document import Block
from pipelines.html_text import ExtractedPage, clean

VTT_TYPE = "text/vtt"
SIGNATURE = b"WEBVTT"
BOM = b"\xef\xbb\xbf"
MAX_CUES = 10_000  # an hour of speech is about 1,000 cues
MAX_BLOCK_CHARS = 5_000  # a transcript is one run of speech, cut where a sentence ends


def is_vtt(body: bytes, content_type: str) -> bool:
    """Captions by their content type, or by the signature a WebVTT file must open with."""
    return content_type.lower().startswith(VTT_TYPE) or body.removeprefix(BOM).startswith(SIGNATURE)


def extract_vtt(body: bytes) -> ExtractedPage:
    """The captions' words as transcript blocks; a file that is no WebVTT gives no blocks and
    says why in `encoding`, as extract_pdf does."""
    try:
        captions = webvtt.from_string(body.removeprefix(BOM).decode("utf-8", errors="replace"))
    except MalformedFileError as error:
        return ExtractedPage(title="", blocks=[], encoding=f"vtt-error: {error}"[:200])
    lines: list[str] = []
    for caption in captions.captions[:MAX_CUES]:
        for line in caption.text.splitlines():
            line = clean(line)
            if line and (not lines or lines[-1] != line):
                lines.append(line)
    return ExtractedPage(title="", blocks=_transcript_blocks(lines), encoding="utf-8")


def _transcript_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    run: list[str] = []
    for line in lines:
        run.append(line)
        if sum(map(len, run)) >= MAX_BLOCK_CHARS and line.endswith((".", "!", "?")):
            blocks.append(Block(text=" ".join(run), kind="paragraph"))
            run = []
    if run:
        blocks.append(Block(text=" ".join(run), kind="paragraph"))
    return blocks
