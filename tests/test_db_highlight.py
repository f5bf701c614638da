"""The highlight filter: crawled text escaped first, <mark> only around the matched phrases."""

from __future__ import annotations

import json

from db.plugins.clinicwatch_site import highlight_claim, label_chips, web_url


def spans(*items: tuple[int, int, str]) -> str:
    return json.dumps(
        [{"start": s, "end": e, "label": label, "rule": "r"} for s, e, label in items]
    )


def test_the_phrase_is_marked_and_the_rest_escaped():
    sentence = "<script>alert(1)</script> We are FDA exempt."
    start = sentence.index("FDA exempt")
    html = highlight_claim(sentence, spans((start, start + 10, "regulatory_exempt")))
    assert html == (
        "&lt;script&gt;alert(1)&lt;/script&gt; We are "
        '<mark class="violation" title="regulatory_exempt">FDA exempt</mark>.'
    )


def test_a_phrase_made_of_markup_is_escaped_inside_the_mark():
    html = highlight_claim("<b>safe</b> cells", spans((0, 11, "safety_claim")))
    assert html.startswith('<mark class="violation" title="safety_claim">&lt;b&gt;safe')


def test_overlapping_phrases_merge_into_one_mark_with_both_labels():
    html = highlight_claim(
        "Degenerative disc disease", spans((0, 17, "back_pain_indication"), (13, 25, "x"))
    )
    assert (
        html
        == '<mark class="context" title="back_pain_indication, x">Degenerative disc disease</mark>'
    )


def test_context_and_violation_phrases_are_told_apart():
    html = highlight_claim(
        "stem cells cure", spans((0, 10, "stem_cell_therapy"), (11, 15, "efficacy_claim"))
    )
    assert '<mark class="context" title="stem_cell_therapy">stem cells</mark>' in html
    assert '<mark class="violation" title="efficacy_claim">cure</mark>' in html


def test_bad_offsets_and_bad_json_leave_the_sentence_plain_and_escaped():
    for highlights in ("not json", "{}", spans((5, 2, "x"), (0, 99, "x"), (-1, 2, "x")), None):
        assert highlight_claim("a < b", highlights) == "a &lt; b"


def test_a_label_in_the_highlight_title_cannot_break_out_of_the_attribute():
    html = highlight_claim("abc", spans((0, 3, '"><script>')))
    assert "<script>" not in html
    assert "&#34;&gt;&lt;script&gt;" in html


def test_label_chips_carry_the_taxonomy_meaning():
    html = label_chips('["approval_claim", "<i>x</i>"]')
    assert '<span class="label-chip violation" title="States or implies approval' in html
    assert "&lt;i&gt;x&lt;/i&gt;" in html


def test_only_http_urls_become_links():
    assert web_url("https://a.example/") == "https://a.example/"
    assert web_url("javascript:alert(1)") is None
