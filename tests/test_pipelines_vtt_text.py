"""Video captions (WebVTT) read as a transcript: a page of its own, like a PDF brochure."""

from __future__ import annotations

from pipelines.extract import document_type, extract_body
from pipelines.vtt_text import MAX_BLOCK_CHARS, VTT_TYPE

CAPTIONS = b"""\xef\xbb\xbfWEBVTT

NOTE exported by the video host

intro
00:00:00.500 --> 00:00:03.000 align:start
<v Dr. Ames>Our stem cell injections <i>regrow</i>
worn discs,

00:00:03.000 --> 00:00:05.000
worn discs,
so most patients never need surgery.
"""


def test_captions_are_read_as_running_text_each_rolled_up_line_once():
    page = extract_body(CAPTIONS, "text/vtt")
    assert page.text == (
        "Our stem cell injections regrow worn discs, so most patients never need surgery."
    )


def test_captions_are_known_by_their_signature_whatever_the_server_calls_them():
    assert document_type(CAPTIONS, "application/octet-stream") == VTT_TYPE
    assert document_type(b"<html>WEBVTT</html>", "text/html") is None


def test_a_captions_file_that_is_no_webvtt_gives_no_text_and_says_why():
    page = extract_body(b"1\n00:00:01,000 --> 00:00:02,000\nHello\n", "text/vtt")
    assert page.blocks == []
    assert page.encoding.startswith("vtt-error")


def test_roll_up_captions_give_each_line_once():
    cues = [["Line one", "Line two", "Line three"], ["Line two", "Line three", "Line four"]]
    body = "WEBVTT\n\n" + "".join(
        f"00:00:0{i}.000 --> 00:00:0{i + 1}.000\n" + "\n".join(lines) + "\n\n"
        for i, lines in enumerate(cues)
    )
    page = extract_body(body.encode(), "text/vtt")
    assert page.text == "Line one Line two Line three Line four"


def test_captions_that_never_end_a_sentence_are_cut_into_bounded_blocks():
    cues = "".join(
        f"00:00:01.000 --> 00:00:02.000\nand shot {n} helps your back\n\n" for n in range(2_000)
    )
    page = extract_body(("WEBVTT\n\n" + cues).encode(), "text/vtt")
    assert len(page.blocks) > 1
    assert max(len(block.text) for block in page.blocks) <= MAX_BLOCK_CHARS
