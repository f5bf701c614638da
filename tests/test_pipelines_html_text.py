"""HTML to ordered text blocks: kinds, headings, lists, facts, and markup that is broken."""

from __future__ import annotations

import codecs

import pytest

from pipelines.html_text import decode, extract_page

PAGE = b"""<!doctype html><html><head><title>Spine Regeneration | Copper Clinic</title>
<meta name="description" content="Stem cell injections for back pain in Tucson.">
<style>.x{color:red}</style><script>var tracking = "stem cells cure everything";</script>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "MedicalClinic",
 "name": "Copper Clinic", "telephone": "+1-520-555-0142", "address": {"@type": "PostalAddress",
 "streetAddress": "12 Saguaro Way", "addressLocality": "Tucson", "addressRegion": "AZ",
 "postalCode": "85701"}}</script></head>
<body><nav><a href="/">Home</a><a href="/faq">FAQ</a></nav>
<h1>Stem Cell Therapy</h1><p>Our cells <b>regrow</b> discs.<!-- hidden note --> Really.</p>
<h2>Conditions we treat</h2><ul><li>Sciatica</li><li>Herniated discs</li></ul>
<details><summary>Is it FDA approved?</summary><p>It is exempt from FDA approval.</p></details>
<img src="a.jpg" alt="Doctor injecting stem cells into a lumbar disc">
<table><tr><td>BMAC injection</td><td>$4,500</td></tr></table>
<footer><p>Not FDA approved. Results vary.</p></footer></body></html>"""


def kinds(page):
    return [(block.kind, block.text) for block in page.blocks]


def test_blocks_keep_order_kind_and_heading():
    page = extract_page(PAGE, "utf-8")
    assert page.title == "Spine Regeneration | Copper Clinic"
    assert kinds(page) == [
        ("title", "Spine Regeneration | Copper Clinic"),
        ("meta", "Stem cell injections for back pain in Tucson."),
        ("heading", "Stem Cell Therapy"),
        ("paragraph", "Our cells regrow discs. Really."),
        ("heading", "Conditions we treat"),
        ("list_item", "Sciatica"),
        ("list_item", "Herniated discs"),
        ("faq_question", "Is it FDA approved?"),
        ("faq_answer", "It is exempt from FDA approval."),
        ("alt", "Doctor injecting stem cells into a lumbar disc"),
        ("table_cell", "BMAC injection"),
        ("table_cell", "BMAC injection: $4,500"),
        ("footer", "Not FDA approved. Results vary."),
    ]
    items = [block for block in page.blocks if block.kind == "list_item"]
    assert {block.heading for block in items} == {"Conditions we treat"}
    assert items[0].list_id == items[1].list_id is not None


def test_a_sub_heading_keeps_the_heading_it_sits_under_as_its_section():
    page = extract_page(
        b"<h1>Regenerative care</h1><h2>Conditions we treat</h2><h3>Spine</h3>"
        b"<ul><li>Sciatica</li></ul><h3>Joints</h3><ul><li>Knee arthritis</li></ul>"
        b"<h2>Pricing</h2><p>From $3,900.</p>",
        "utf-8",
    )
    placed = {block.text: (block.heading, block.section) for block in page.blocks}
    assert placed["Sciatica"] == ("Spine", "Conditions we treat")
    assert placed["Knee arthritis"] == ("Joints", "Conditions we treat")
    assert placed["From $3,900."] == ("Pricing", "Regenerative care")
    assert placed["Spine"] == ("Conditions we treat", "")  # a heading sits under the one above
    assert placed["Conditions we treat"] == ("Regenerative care", "")
    assert placed["Regenerative care"] == ("", "")


def test_scripts_styles_navigation_and_comments_are_dropped():
    text = extract_page(PAGE, "utf-8").text
    for absent in ("tracking", "color:red", "hidden note", "Home"):
        assert absent not in text


def test_a_list_entry_that_only_links_to_a_tag_or_category_archive_is_dropped():
    page = extract_page(
        b"""<main><h3>Labels</h3><ul><li><a href="/search/label/back%20pain">back pain</a></li>
        <li><a href="/category/sciatica/">Sciatica</a> (4)</li><li><a rel="tag" href="/t/3">FDA</a>
        </li></ul><h2>Conditions we treat</h2><ul><li><a href="/conditions/sciatica/">Sciatica</a>
        </li><li><a href="/tag/discs/">Discs</a> and joints</li></ul></main>""",
        "utf-8",
    )
    items = [text for kind, text in kinds(page) if kind == "list_item"]
    assert items == ["Sciatica", "Discs and joints"]


def test_a_weebly_slideshows_captions_are_read_from_the_script_that_draws_it():
    page = extract_page(
        b"""<main><div id="slideshow"></div><script>wSlideshow.render({elementID:"88",
        images:[{"url":"a.jpg","caption":"Our stem cells need no \\"FDA approval\\" at all"},
        {"url":"b.jpg","caption":"Back to golf in three weeks"},{"url":"c.jpg"}]})</script>
        </main>""",
        "utf-8",
    )
    captions = [text for kind, text in kinds(page) if kind == "alt"]
    assert captions == [
        'Our stem cells need no "FDA approval" at all',
        "Back to golf in three weeks",
    ]


def test_a_background_image_drawn_as_an_image_and_the_twitter_card_are_read():
    page = extract_page(
        b"""<html><head><meta name="twitter:description" content="Skip back surgery with
        stem cells."></head><body><main><p>Welcome.</p><div class="bg" role="img"
        aria-label="Patient hiking after stem cell disc repair"></div></main></body></html>""",
        "utf-8",
    )
    assert ("meta", "Skip back surgery with stem cells.") in kinds(page)
    assert ("alt", "Patient hiking after stem cell disc repair") in kinds(page)


def test_clinic_facts_come_from_json_ld():
    facts = extract_page(PAGE, "utf-8").facts
    assert (facts.name, facts.city, facts.state, facts.postal_code) == (
        "Copper Clinic",
        "Tucson",
        "AZ",
        "85701",
    )
    assert facts.phone == "+1-520-555-0142"


SEO_FAQ_PAGE = b"""<html><head><script type="application/ld+json">{"@context": "https://schema.org",
"@graph": [{"@type": "FAQPage", "mainEntity": [
 {"@type": "Question", "name": "Is the treatment approved?", "acceptedAnswer": {"@type": "Answer",
  "text": "<p>Yes: our cells are <strong>FDA-approved</strong>.</p><p>Recovery takes a day.</p>"}},
 {"@type": "Question", "name": "How long does it take?", "acceptedAnswer": {"@type": "Answer",
  "text": "About an hour, in our office."}}]},
 {"@type": "Service", "name": "Disc therapy",
  "description": "Injections that regrow discs &amp; end pain."},
 {"@type": "WebPage", "description": "Regenerative care in Austin."}]}</script>
<meta name="description" content="Regenerative care in Austin."></head>
<body><h1>FAQ</h1><div class="faq"><h3>How long does it take?</h3>
<p>About an hour,</p><p>in our office.</p></div></body></html>"""


def test_an_faq_only_in_structured_data_is_read_as_questions_and_answers():
    blocks = extract_page(SEO_FAQ_PAGE).blocks
    faq = [(b.kind, b.text, b.heading) for b in blocks if b.kind.startswith("faq")]
    assert ("faq_question", "Is the treatment approved?", "") in faq
    assert (
        "faq_answer",
        "Yes: our cells are FDA-approved. Recovery takes a day.",
        "Is the treatment approved?",
    ) in faq
    assert ("jsonld", "Injections that regrow discs & end pain.") in [
        (b.kind, b.text) for b in blocks
    ]


def test_structured_data_nested_or_referenced_by_id_is_read():
    page = extract_page(
        b"""<html><head><script type="application/ld+json">{"@graph": [
{"@type": "MedicalClinic", "name": "Spine Co", "hasOfferCatalog": {"@type": "OfferCatalog",
 "itemListElement": [{"@type": "Offer", "itemOffered": {"@type": "Service",
 "description": "Injections that regrow
 your discs."}}]}},
{"@type": "FAQPage", "mainEntity": [{"@id": "#q1"}]},
{"@id": "#q1", "@type": "Question", "name": "Is it approved?",
 "acceptedAnswer": {"@type": "Answer", "text": "Yes, it is FDA-approved."}}]}</script></head>
<body><p>Welcome.</p></body></html>"""
    )
    texts = {(b.kind, b.text) for b in page.blocks}
    assert ("jsonld", "Injections that regrow your discs.") in texts  # a line break in a string
    assert ("faq_answer", "Yes, it is FDA-approved.") in texts


def test_structured_data_the_page_shows_is_read_once():
    text = extract_page(SEO_FAQ_PAGE).text
    assert text.count("How long does it take?") == 1
    assert text.count("in our office") == 1
    assert text.count("Regenerative care in Austin.") == 1


def test_a_page_is_dated_by_what_it_states_earliest_publication_and_latest_change():
    page = extract_page(
        b"""<html><head>
<meta property="article:published_time" content="2019-05-01T08:00:00+02:00">
<meta property="article:modified_time" content="2023-02-02">
<meta name="date" content="someday soon">
<script type="application/ld+json">{"@graph": [{"@type": "BlogPosting",
 "datePublished": "2019-04-30", "dateModified": "2024-01-15T09:30:00Z"}]}</script></head>
<body><p>Posted <time itemprop="dateModified" datetime="2099-01-01">soon</time></p></body></html>"""
    )
    assert (page.published, page.modified) == ("2019-04-30", "2024-01-15T09:30:00+00:00")


def test_a_page_that_states_no_date_has_none():
    page = extract_page(PAGE, "utf-8")
    assert (page.published, page.modified) == ("", "")


NEXT_SHELL = b"""<html><head><title>FAQ</title><script src="/_next/main.js"></script></head>
<body><header>Spine Co</header><div id="__next"></div>
<script id="__NEXT_DATA__" type="application/json">{"props": {"faq": "Our cells regrow discs"}}
</script></body></html>"""
BOT_CHECK = b"""<html><body><h1>Checking your browser before accessing the site.</h1>
<p>Please enable JavaScript and cookies to continue.</p></body></html>"""
RENDERED = b"""<html><body><div id="__next"><h1>Stem cells</h1><p>We offer injections.</p></div>
<script id="__NEXT_DATA__" type="application/json">{}</script></body></html>"""


def test_an_app_shell_or_a_bot_check_needs_a_script_a_rendered_page_does_not():
    assert extract_page(NEXT_SHELL).needs_script
    assert extract_page(BOT_CHECK).needs_script
    assert not extract_page(RENDERED).needs_script
    assert not extract_page(PAGE, "utf-8").needs_script


def test_a_prerendered_apps_noscript_plea_does_not_make_it_need_a_script():
    plea = "<noscript>You need to enable JavaScript to run this app.</noscript>"
    shell = f'<html><body>{plea}<div id="root"></div></body></html>'
    prerendered = (
        f'<html><body>{plea}<div id="root"><h1>Tijuana Spine Cells</h1>'
        "<p>Stem cell therapy for sciatica, two blocks from the border.</p></div></body></html>"
    )
    plea_alone = f"<html><body>{plea}</body></html>"
    footer_only = (
        f'<html><body>{plea}<div id="main-app"></div><footer>© 2024 Regen Clinic. All rights '
        "reserved.</footer></body></html>"
    )
    assert extract_page(footer_only.encode()).needs_script
    assert extract_page(shell.encode()).needs_script
    assert not extract_page(prerendered.encode()).needs_script
    assert extract_page(plea_alone.encode()).needs_script


def test_a_mount_holding_only_styles_or_an_unrendered_template_needs_a_script():
    styled_shell = b"""<body><div id="__nuxt"><style>.a{color:red}.b{margin:0 auto}</style>
<p>Loading...</p></div></body>"""
    angular_shell = b"""<html ng-app="clinic"><body><h1>{{ 'HERO_TITLE' | translate }}</h1>
<p>Sunbelt Spine Institute</p><div ng-view></div></body></html>"""
    assert extract_page(styled_shell).js_suspect()
    page = extract_page(angular_shell)
    assert page.js_suspect()
    assert [b.text for b in page.blocks] == ["Sunbelt Spine Institute"]
    rendered = b"""<html ng-app="clinic"><body><div ng-view><p>We offer stem cells.</p></div>
</body></html>"""
    assert not extract_page(rendered).js_suspect()


def test_a_view_template_in_the_page_is_read_as_the_page_an_app_renders():
    page = extract_page(b"""<html ng-app="clinic"><body><div ng-view></div>
<script type="text/ng-template" id="views/home.html"><h2>Stem cells rebuild what surgery
destroyed.</h2><p>Most of our patients feel relief within 60 days.</p></script>
<script type="text/javascript">var views = "<p>not a template</p>";</script></body></html>""")
    assert [(b.kind, b.text) for b in page.blocks] == [
        ("heading", "Stem cells rebuild what surgery destroyed."),
        ("paragraph", "Most of our patients feel relief within 60 days."),
    ]


def test_an_app_shells_data_is_read_as_its_text_and_it_still_needs_a_script():
    data = (
        '{"props": {"pageProps": {"body": "<p>Our stem cells <b>regrow</b> discs.</p>",'
        ' "hero": "https://cdn.example.com/a photo of a spine.jpg", "slug": "/stem-cells",'
        ' "nav": ["Home", "About us"], "css": "main { margin: 0 auto; padding: 1rem }"}}}'
    )
    shell = f"""<html><body><header>Spine Co</header><div id="__next"></div>
<script id="__NEXT_DATA__" type="application/json">{data}</script></body></html>"""
    page = extract_page(shell.encode())
    assert [b.text for b in page.blocks if b.kind == "app_data"] == ["Our stem cells regrow discs."]
    assert page.needs_script
    assert page.js_suspect()


def test_a_nuxt_2_state_script_is_read_like_app_data():
    state = (
        'window.__NUXT__=(function(a,b){return {data:[{faq:{q:"Is it legal?",answer:b}}],'
        'routePath:"\\u002Ffaq"}}(false,"No FDA approval is needed for our stem cell'
        ' protocol\\u002Fprocedure."));'
    )
    page = extract_page(
        f"""<html><body><div id="__nuxt"><h1>FAQ</h1><p>Is it legal?</p></div>
<script>{state}</script></body></html>""".encode()
    )
    assert [b.text for b in page.blocks if b.kind == "app_data"] == [
        "No FDA approval is needed for our stem cell protocol/procedure."
    ]


@pytest.mark.parametrize(
    ("script_id", "state"),
    [
        ("ng-state", '{"cms-exosomes": {"blocks": [{"text": "Exosomes help sciatica heal."}]}}'),
        ("serverApp-state", "{&q;cms&q;:{&q;text&q;:&q;Exosomes help sciatica heal.&q;}}"),
    ],
)
def test_an_angular_apps_transfer_state_is_read_like_app_data(script_id, state):
    page = extract_page(
        f"""<html><body><app-root _nghost-ng-c1="" ng-version="17.3.0"></app-root>
<script id="{script_id}" type="application/json">{state}</script></body></html>""".encode()
    )
    assert [b.text for b in page.blocks if b.kind == "app_data"] == ["Exosomes help sciatica heal."]


@pytest.mark.parametrize(
    "state",
    [
        'window.__PRELOADED_STATE__ = {"listing": {"id": 7, "blurb": "Panama Spine offers '
        'licensed stem cell therapy for sciatica."}};',
        'window.dataLayer = []; window.__PRELOADED_STATE__ = JSON.parse("{\\"listing\\": '
        '{\\"blurb\\": \\"Panama Spine offers licensed stem cell therapy for sciatica.\\"}}");',
        "var __INITIAL_STATE__ = {listing: {blurb: 'Panama Spine offers licensed stem cell "
        "therapy for sciatica.'}};",
    ],
)
def test_a_react_apps_preloaded_state_is_read_like_app_data(state):
    page = extract_page(
        f"""<html><body><div id="root"></div><script>{state}</script></body></html>""".encode()
    )
    assert [b.text for b in page.blocks if b.kind == "app_data"] == [
        "Panama Spine offers licensed stem cell therapy for sciatica."
    ]


def test_sentences_a_pages_script_writes_into_it_are_read_once():
    script = (
        'var RESULTS = {"high": {"title": "You are a great candidate!", "body": "Your score '
        "shows stem cells can heal your sciatica without surgery.\"}}; var note = 'Don\\'t "
        "wait: our cord cells regrow worn discs in weeks.'; var shown = `We treat sciatica "
        'and disc disease in Austin.`; fetch("/api/quiz?step=2", {method: "POST"});'
    )
    shown = "<p>We treat sciatica and disc disease in Austin.</p>"
    page = extract_page(
        f"""<html><body><h1>Your results</h1><div id="quiz-result"></div>
{shown}<script>{script}</script></body></html>""".encode()
    )
    assert [b.text for b in page.blocks if b.kind == "app_data"] == [
        "Your score shows stem cells can heal your sciatica without surgery.",
        "Don't wait: our cord cells regrow worn discs in weeks.",
    ]


def test_copy_a_script_comments_out_is_not_read_and_unclosed_quotes_cost_one_pass():
    script = (
        "/* Removed by legal: 'Our stem cell injections cure knee arthritis in most patients.' */"
        '\n// Show "Your stem cells will cure your knee arthritis for good." after the quiz'
        "\nvar note = 'It is an unclosed quote that runs on to the end of this line;"
        + "'" * 50_000
        + "\nif (window.__INITIAL_STATE__) { start(); }"
    )
    page = extract_page(
        f"<html><body><p>We treat backs.</p><script>{script}</script></body></html>".encode()
    )
    assert [b.text for b in page.blocks if b.kind == "app_data"] == []
    assert not page.needs_script  # a state global read, not assigned, is no app's data


def test_the_language_of_a_page_is_what_it_shows_not_its_scripts_strings():
    strings = ", ".join(
        f'"{text}"'
        for text in [
            "Nuestras células madre son las mejores de la ciudad para usted.",
            "Por favor, llame a nuestra clínica para una cita con el doctor.",
            "Los pacientes de la clínica dicen que el tratamiento es muy bueno.",
        ]
    )
    page = extract_page(
        f"""<html><body><p>Our stem cell injections repair knee cartilage in weeks.</p>
<script>var i18n = [{strings}];</script></body></html>""".encode()
    )
    assert "madre" in page.text
    assert "madre" not in page.shown_text()


def test_a_page_that_shows_its_text_is_not_read_from_its_app_data():
    shown = "<p>We offer stem cell injections for back pain in Boise.</p>" * 30
    data = '{"props": {"related": "Our stem cells regrow discs on another page."}}'
    page = extract_page(
        f"""<html><body><div id="__next">{shown}</div>
<script id="__NEXT_DATA__" type="application/json">{data}</script></body></html>""".encode()
    )
    assert "another page" not in page.text


def test_tooltips_lightbox_captions_and_svg_text_are_read_once():
    page = extract_page(
        b"""<p>Our product is <abbr title="approved by the FDA for spine repair">FDA</abbr>.</p>
<span data-tooltip="Umbilical stem cells regrow spinal discs.">?</span>
<a href="/ron.jpg" data-lightbox="results" data-title="Ron's disc disease was reversed.">
<img src="/ron-thumb.jpg"></a>
<a href="/linda.jpg" title="Linda's L4 disc regrew after one injection"><img src="t.jpg"></a>
<a href="/about" title="About our clinic team">About</a>
<button data-bs-toggle="tooltip" title="Our injections end sciatica for good.">Info</button>
<svg viewBox="0 0 10 10"><text>Stem cells avoid spinal fusion</text>
<text>in 9 of 10 patients</text><text>90%</text><title>Chart icon</title></svg>"""
    )
    assert page.title == ""  # the SVG's <title> names the chart, not the page
    assert kinds(page)[3:] == [
        ("alt", "approved by the FDA for spine repair"),
        ("alt", "Linda's L4 disc regrew after one injection"),
        ("alt", "Stem cells avoid spinal fusion in 9 of 10 patients"),
        ("alt", "Umbilical stem cells regrow spinal discs."),
        ("alt", "Ron's disc disease was reversed."),
        ("alt", "Our injections end sciatica for good."),
    ]


def test_a_videos_transcript_and_description_in_structured_data_are_read():
    page = extract_page(
        b"""<html><head><script type="application/ld+json">{"@type": "VideoObject",
"description": "Dr. Lane explains our stem cell shots.",
"transcript": "Our stem cell therapy is FDA cleared."}</script></head>
<body><p>Watch the video.</p></body></html>"""
    )
    assert [b.text for b in page.blocks if b.kind == "jsonld"] == [
        "Dr. Lane explains our stem cell shots.",
        "Our stem cell therapy is FDA cleared.",
    ]


def test_reviews_in_structured_data_are_read_once():
    page = extract_page(
        b"""<html><head><script type="application/ld+json">{"@type": "MedicalClinic",
"name": "Lakeside Spine", "review": [
{"@type": "Review", "author": {"@type": "Person", "name": "Dana"},
 "reviewBody": "Two stem cell shots and my sciatica is gone for good."},
{"@type": "Review", "reviewBody": "Friendly staff and easy parking."}]}</script></head>
<body><blockquote>Friendly staff and easy parking.</blockquote></body></html>"""
    )
    assert [b.text for b in page.blocks if b.kind == "jsonld"] == [
        "Two stem cell shots and my sciatica is gone for good."
    ]
    assert page.text.count("Friendly staff and easy parking.") == 1


def test_a_line_that_stops_on_a_word_no_sentence_ends_with_runs_on_after_a_br():
    page = extract_page(b"<div class='paragraph'>Our stem cells are<br>FDA approved.</div>")
    assert page.text == "Our stem cells are FDA approved."


def test_carousel_clones_are_read_once():
    page = extract_page(
        b"""<div class="slider"><div class="slick-slide slick-cloned" aria-hidden="true">
<p>My back pain is gone.</p></div><div class="slick-slide"><p>My back pain is gone.</p></div>
<div class="owl-item cloned"><p>My back pain is gone.</p></div></div>"""
    )
    assert page.text.count("My back pain is gone.") == 1


def test_facts_fall_back_to_the_visible_address():
    page = extract_page(
        b"<footer>Visit us at 4 Elm St, Boise, ID 83702. Call 208-555-0199</footer>"
    )
    assert (page.facts.city, page.facts.state, page.facts.postal_code) == ("Boise", "ID", "83702")
    assert page.facts.phone == "208-555-0199"


def test_block_offsets_index_the_stored_text():
    page = extract_page(PAGE, "utf-8")
    for block, (start, end) in zip(page.blocks, page.block_offsets(), strict=True):
        assert page.text[start:end] == block.text


def test_malformed_html_still_gives_text():
    page = extract_page(b"<p>Stem cells <b>heal <i>discs</p><li>open item<div>unclosed")
    assert "Stem cells heal discs" in page.text
    assert "open item" in page.text


def test_a_page_wrapped_in_a_form_keeps_its_text_and_drops_what_visitors_type():
    page = extract_page(b"""<html><body><form method="post" action="./Default.aspx" id="form1">
<h1>Spine Center</h1><p>Stem cell injections regrow discs.</p>
<label>Your message</label><textarea>Type here</textarea><select><option>Texas</option></select>
</form></body></html>""")
    assert kinds(page) == [
        ("heading", "Spine Center"),
        ("paragraph", "Stem cell injections regrow discs."),
        ("paragraph", "Your message"),
    ]


def test_a_frameset_page_reads_its_noframes_text_as_markup():
    page = extract_page(b"""<html><head><title>Spine</title></head><frameset cols="20%,*">
<frame src="menu.html"><noframes><body><p>Stem cell <b>care</b> for back pain.</p></body>
</noframes></frameset></html>""")
    assert kinds(page) == [("title", "Spine"), ("paragraph", "Stem cell care for back pain.")]


def test_a_mega_menu_promo_and_a_menu_item_description_are_read_but_not_menu_links():
    page = extract_page(
        b"""<nav><ul><li><a href="/stem-cells">Stem cell therapy for back pain</a>
        <div class="mega"><p>New this spring: stem cell injections that end sciatica for good.</p>
        <span class="menu-item-description">Our own cells rebuild worn discs without any surgery
        </span></div></li><li><p>Call us</p></li></ul></nav><main><p>Welcome.</p></main>""",
        "utf-8",
    )
    assert kinds(page) == [
        ("paragraph", "Welcome."),
        ("paragraph", "New this spring: stem cell injections that end sciatica for good."),
        ("paragraph", "Our own cells rebuild worn discs without any surgery"),
    ]


def test_aria_list_items_and_an_items_own_title_belong_to_one_list():
    page = extract_page(
        b"""<h2>Conditions we treat</h2><div role="list">
        <div role="listitem"><h3>Multiple sclerosis</h3><p>Balance returns.</p></div>
        <div role="listitem"><h3>Autism</h3></div></div>
        <ul><li><div class="h4">COPD</div></li></ul><h3>Our team</h3>""",
        "utf-8",
    )
    assert [(b.kind, b.text, b.heading, b.list_id) for b in page.blocks] == [
        ("heading", "Conditions we treat", "", None),
        ("list_item", "Multiple sclerosis", "Conditions we treat", 1),
        ("list_item", "Balance returns.", "Conditions we treat", 1),
        ("list_item", "Autism", "Conditions we treat", 1),
        ("list_item", "COPD", "Conditions we treat", 2),
        ("heading", "Our team", "Conditions we treat", None),
    ]


def test_a_dropdown_answer_webflow_puts_in_a_nav_is_read():
    page = extract_page(
        b"""<div class="w-dropdown"><div class="w-dropdown-toggle"><div>Is it legal?</div></div>
        <nav class="w-dropdown-list"><div class="faq-answer">Yes. Our stem cell treatments
        do not need FDA approval.</div><a href="/faq">Read <b>every answer about stem cells
        and the FDA</b></a></nav></div>""",
        "utf-8",
    )
    assert [text for _, text in kinds(page)] == [
        "Is it legal?",
        "Yes. Our stem cell treatments do not need FDA approval.",
    ]


def test_a_webflow_lightbox_caption_is_read_from_its_json():
    page = extract_page(
        b"""<a class="w-lightbox" href="#"><img src="a.jpg" alt=""></a>
        <script type="application/json" class="w-json">{"items": [{"url": "a.jpg",
        "type": "image", "caption": "Before and after: disc height restored by stem cells"},
        {"caption": "Clinic"}, "junk"], "group": "results"}</script>
        <script type="application/json" class="w-json">{not json</script>""",
        "utf-8",
    )
    assert kinds(page) == [("alt", "Before and after: disc height restored by stem cells")]


def test_each_text_of_an_animated_headline_is_a_headline_of_its_own():
    page = extract_page(
        b"""<h2 class="elementor-headline"><span class="elementor-headline-plain-text">Stem
        cells that</span> <span class="elementor-headline-dynamic-wrapper">
        <span class="elementor-headline-dynamic-text elementor-headline-text-active">regrow
        discs</span><span class="elementor-headline-dynamic-text">end&nbsp;sciatica</span>
        </span><span class="elementor-headline-plain-text">for good</span></h2><p>Hi.</p>""",
        "utf-8",
    )
    assert kinds(page) == [
        ("heading", "Stem cells that regrow discs for good"),
        ("heading", "Stem cells that end sciatica for good"),
        ("paragraph", "Hi."),
    ]


def test_short_lines_of_a_paragraph_are_a_list_but_an_address_is_not():
    page = extract_page(
        b"""<p>Multiple sclerosis<br>COPD<br>Autism</p><p>Open Monday<br>9 am to 5 pm<br>
        Closed Sunday</p><p>Herniated discs<br>Sciatica</p>""",
        "utf-8",
    )
    assert [(b.kind, b.text, b.list_id) for b in page.blocks] == [
        ("list_item", "Multiple sclerosis", 1),
        ("list_item", "COPD", 1),
        ("list_item", "Autism", 1),
        ("paragraph", "Open Monday", None),
        ("paragraph", "9 am to 5 pm", None),
        ("paragraph", "Closed Sunday", None),
        ("paragraph", "Herniated discs", None),
        ("paragraph", "Sciatica", None),
    ]


def test_each_phrase_typed_by_typed_js_completes_its_heading():
    page = extract_page(
        b"""<h1><span>Our stem cells </span><span class="typed"
        data-typed-items="regrow damaged discs, end sciatica for good,"></span></h1>
        <p>Serving Tulsa.</p>""",
        "utf-8",
    )
    assert kinds(page) == [
        ("heading", "Our stem cells regrow damaged discs"),
        ("heading", "Our stem cells end sciatica for good"),
        ("paragraph", "Serving Tulsa."),
    ]


def test_each_phrase_of_a_fancy_text_widget_completes_its_line():
    page = extract_page(
        b'<div class="eael-fancy-text-container" data-fancy-text="calm sore joints|skip surgery">'
        b'<span class="eael-fancy-text-prefix">Our cells help you </span>'
        b'<span class="eael-fancy-text-strings"></span>'
        b'<span class="eael-fancy-text-suffix"> naturally.</span></div>'
    )
    assert [block.text for block in page.blocks] == [
        "Our cells help you calm sore joints naturally.",
        "Our cells help you skip surgery naturally.",
    ]


def test_an_animated_headline_is_copied_a_bounded_number_of_times():
    rotating = "".join(
        f'<span class="elementor-headline-dynamic-text">word {n}</span>' for n in range(5_000)
    )
    page = extract_page(
        f'<h1>Stem cells <span class="elementor-headline-dynamic-wrapper">{rotating}</span></h1>',
        "utf-8",
    )
    assert [b.text for b in page.blocks] == [f"Stem cells word {n}" for n in range(10)]


def test_a_submit_button_label_is_read_but_not_a_text_field_or_a_one_word_button():
    page = extract_page(
        b"""<form><input type="text" value="Your stem cells regrow discs">
        <input type="submit" value="Send"><input type="hidden" value="a b c d">
        <input type="SUBMIT" value="Start your stem cell cure for sciatica today"></form>""",
        "utf-8",
    )
    assert kinds(page) == [("paragraph", "Start your stem cell cure for sciatica today")]


def test_an_accordion_question_in_a_button_is_a_faq_question():
    page = extract_page(b"""<div class="accordion"><h2 class="accordion-header">
<button class="accordion-button" aria-expanded="false">Is it FDA approved?</button></h2>
<div class="accordion-collapse collapse"><p>It is exempt from approval.</p></div></div>
<button type="submit">Book now</button>""")
    assert kinds(page) == [
        ("faq_question", "Is it FDA approved?"),
        ("paragraph", "It is exempt from approval."),
        ("paragraph", "Book now"),
    ]


def test_a_line_break_wraps_a_line_unless_the_line_ended():
    page = extract_page(b"""<h2>Conditions We Treat<br>With Stem Cells</h2>
<ul><li>Stem cell injections<br>for sciatica</li></ul>
<p>Our stem cell therapy<br>reverses disc degeneration.<br>Call us today.</p>
<address>Copper Clinic<br>12 Saguaro Way<br>Tucson, AZ 85701</address>""")
    assert kinds(page) == [
        ("heading", "Conditions We Treat With Stem Cells"),
        ("list_item", "Stem cell injections for sciatica"),
        ("paragraph", "Our stem cell therapy reverses disc degeneration."),
        ("paragraph", "Call us today."),
        ("paragraph", "Copper Clinic"),
        ("paragraph", "12 Saguaro Way"),
        ("paragraph", "Tucson, AZ 85701"),
    ]
    assert page.blocks[1].heading == "Conditions We Treat With Stem Cells"
    assert (page.facts.city, page.facts.postal_code) == ("Tucson", "85701")


def test_counters_footnotes_and_builder_markup_read_as_a_visitor_sees_them():
    page = extract_page(b"""<body class="et_pb_footer_columns4 footer-on-bottom">
<div class="elementor-counter"><span class="elementor-counter-number" data-to-value="95">0</span>
<span>% success rate</span></div>
<p>Stem cells reverse arthritis.<sup>1</sup>It is completely safe.<sup>[2,3]</sup></p>
<div class="elementor-tab-title elementor-tab-desktop-title">Does it hurt?</div>
<div class="elementor-tab-title elementor-tab-mobile-title">Does it hurt?</div>
<div class="has-footer-cta"><p>We regrow discs.</p></div>
<rs-layer>Regenerate your spine</rs-layer><rs-layer>No surgery needed</rs-layer>
<button class="btn btn-accent">Stem cells for COPD</button>
<dl><dt>Stem cell therapy heals knees</dt><dd>In weeks.</dd></dl>
<div class="site-footer"><p>Results vary.</p></div></body>""")
    assert kinds(page) == [
        ("paragraph", "95 % success rate"),
        ("paragraph", "Stem cells reverse arthritis. It is completely safe."),
        ("paragraph", "Does it hurt?"),
        ("paragraph", "We regrow discs."),
        ("paragraph", "Regenerate your spine"),
        ("paragraph", "No surgery needed"),
        ("paragraph", "Stem cells for COPD"),
        ("paragraph", "Stem cell therapy heals knees"),
        ("faq_answer", "In weeks."),
        ("footer", "Results vary."),
    ]


def test_builder_leftovers_and_block_styled_spans_read_as_a_visitor_sees_them():
    page = extract_page(b"""<body>
<h1><span class="block">Stem cell therapy that rebuilds</span><span
class="block">worn-out discs</span></h1>
<div class="et_pb_number_counter" data-number-value="96"><p><span class="percent-value"></span>
<span class="percent-sign">%</span></p></div>
<p>[/et_pb_text][et_pb_text _builder_version="4.9.2"]Nine in ten of our patients skip fusion.
[/et_pb_text][/et_pb_column]</p>
<p>[fusion_builder_column type="1_1"][/fusion_builder_column]</p>
<p>Cited in [1], spelled [sic], and [Read more].</p></body>""")
    assert kinds(page) == [
        ("heading", "Stem cell therapy that rebuilds worn-out discs"),
        ("paragraph", "96 %"),
        ("paragraph", "Nine in ten of our patients skip fusion."),
        ("paragraph", "Cited in [1], spelled [sic], and [Read more]."),
    ]


def test_a_statistic_is_its_number_then_its_label_however_the_markup_orders_them():
    page = extract_page(b"""<body><section><a href="/contact">Book a free consult</a></section>
<section><dl><div class="flex flex-col-reverse"><dt>of patients report less back pain</dt>
<dd>94%</dd></div><div class="flex flex-col-reverse"><dt>serious side effects so far</dt>
<dd>0</dd></div></dl></section>
<div class="et_pb_number_counter" data-number-value="96"><p><span class="percent-value"></span>
<span class="percent-sign">%</span></p><h3 class="title">success rate for disc repair</h3></div>
<table><tr><td>2019</td><td>Clinic opens</td></tr></table></body>""")
    assert kinds(page) == [
        ("paragraph", "Book a free consult"),
        ("paragraph", "94% of patients report less back pain"),
        ("paragraph", "0 serious side effects so far"),
        ("paragraph", "96 % success rate for disc repair"),
        ("table_cell", "2019"),
        ("table_cell", "Clinic opens"),
    ]


def test_a_doubly_encoded_entity_and_a_lookalike_letter_read_as_a_visitor_sees_them():
    page = extract_page(
        "<p>Our FD\u0410-approved cells. We don&amp;#8217;t need FDA approval.</p>"
        "<p>\u041c\u043e\u0441\u043a\u0432\u0430 &amp; Kyiv.</p>"
    )
    assert [b.text for b in page.blocks] == [
        "Our FDA-approved cells. We don\u2019t need FDA approval.",
        "\u041c\u043e\u0441\u043a\u0432\u0430 & Kyiv.",
    ]


def test_a_popover_an_image_tooltip_and_an_icon_links_spoken_name_are_read():
    page = extract_page(b"""<body><p>Prices in USD.</p>
<button data-bs-toggle="popover" data-bs-content="Yes, our cells need no FDA approval at all.">
Is this legal?</button>
<img src="disc.jpg" title="Our stem cells regrow the discs of your lower back">
<a href="tel:1" aria-label="Call to book the stem cell shot that ends back pain"><i></i></a>
<button aria-label="Toggle navigation"><span></span></button></body>""")
    assert [b.text for b in page.blocks if b.kind == "alt"] == [
        "Our stem cells regrow the discs of your lower back",
        "Call to book the stem cell shot that ends back pain",
        "Yes, our cells need no FDA approval at all.",
    ]


def test_howto_steps_in_json_ld_are_read():
    page = extract_page(b"""<script type="application/ld+json">{"@type": "HowTo",
"description": "Your stem cell treatment day.", "step": [{"@type": "HowToStep",
"text": "The cells go into the disc, where they repair the tear."}]}</script>
<p>Here is how your day goes.</p>""")
    assert [b.text for b in page.blocks if b.kind == "jsonld"] == [
        "Your stem cell treatment day.",
        "The cells go into the disc, where they repair the tear.",
    ]


def test_empty_and_binary_bodies_give_no_blocks():
    assert extract_page(b"").blocks == []
    png = extract_page(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert png.blocks == []
    assert png.encoding == "binary"


def test_a_heading_split_into_inline_divs_per_word_and_letter_reads_as_one_line():
    letters = "".join(
        f'<div style="position:relative;display:inline-block;">{c}</div>' for c in "regrow"
    )
    page = extract_page(
        b'<h1><div style="display:inline-block">Stem</div> <div style="display:inline-block">'
        b"cells</div> <div style='display: inline-block'>" + letters.encode() + b"</div>"
        b' <div style="display:inline-block">discs.</div></h1><div><p>Call us.</p></div>'
    )
    assert kinds(page) == [("heading", "Stem cells regrow discs."), ("paragraph", "Call us.")]


def test_a_utf16_page_with_a_byte_order_mark_is_read_as_text():
    markup = "<p>Our stem cells regrow discs \u2013 no side effects.</p>"
    for body in (markup.encode("utf-16"), codecs.BOM_UTF16_BE + markup.encode("utf-16-be")):
        page = extract_page(body, "windows-1252")
        assert page.text == "Our stem cells regrow discs \u2013 no side effects."
        assert page.encoding == "utf-16"


def test_a_wrong_declared_encoding_is_sniffed():
    body = "<p>Café — stem cells</p>".encode("windows-1252")
    text, encoding = decode(body, "utf-8")
    assert "Café" in text
    assert encoding != "utf-8"


def test_whitespace_and_invisible_characters_are_normalized():
    page = extract_page("<p>stem\u00a0cells\u200b   regrow\n\ndiscs</p>".encode())
    assert page.blocks[0].text == "stem cells regrow discs"


def test_non_breaking_hyphens_are_hyphens():
    page = extract_page("<p>FDA\u2011approved and FDA\u2010registered</p>".encode())
    assert page.blocks[0].text == "FDA-approved and FDA-registered"


def test_an_xhtml_page_that_declares_its_encoding_keeps_its_text():
    page = extract_page(
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        b'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Spine Care</title></head>'
        b"<body><p>Our stem cells regrow discs.</p></body></html>"
    )
    assert page.title == "Spine Care"
    assert page.blocks[-1].text == "Our stem cells regrow discs."


def test_text_after_hundreds_of_unclosed_divs_is_kept():
    reviews = b"".join(b'<div class="review"><p>Review %d.</p>' % n for n in range(400))
    page = extract_page(b"<html><body>" + reviews + b"<p>Our stem cells regrow discs.</p>")
    assert page.blocks[-1].text == "Our stem cells regrow discs."


def test_builder_headings_and_toggles_read_as_headings_and_questions():
    page = extract_page(
        b'<div role="heading" aria-level="3">Stem cell therapy FAQ</div>'
        b'<div role="button" aria-expanded="false">Is it FDA approved?</div>'
        b"<div>Our treatment is exempt.</div>"
        b'<div class="elementor-heading-title">Conditions we treat</div><ul><li>Sciatica</li></ul>'
    )
    assert kinds(page) == [
        ("heading", "Stem cell therapy FAQ"),
        ("faq_question", "Is it FDA approved?"),
        ("paragraph", "Our treatment is exempt."),
        ("heading", "Conditions we treat"),
        ("list_item", "Sciatica"),
    ]


def test_text_shown_without_scripts_is_kept_and_templates_are_not():
    page = extract_page(
        b"<noscript><p>Our stem cells regrow discs.</p></noscript>"
        b'<x-card><template shadowrootmode="open"><p>Exempt under Section 361.</p></template>'
        b"</x-card><template><p>A row the script clones.</p></template>"
        b'<iframe srcdoc="&lt;p&gt;Completely safe.&lt;/p&gt;"></iframe>'
        b'<template x-if="open"><p>No risk at all.</p></template>'
        b'<template v-if="step === 2"><p>Regrows your discs.</p></template>'
    )
    assert [text for _, text in kinds(page)] == [
        "Our stem cells regrow discs.",
        "Exempt under Section 361.",
        "Completely safe.",
        "No risk at all.",
        "Regrows your discs.",
    ]


def test_a_sentence_set_as_several_paragraphs_is_one_block():
    page = extract_page(
        b"<div><p>Our stem cell injections</p><p>heal herniated discs and have</p>"
        b"<p>no side effects.</p><p>Call us today.</p><p>Patients report a</p>"
        b"<p>92% reduction in pain.</p><p>Open Monday</p><p>Closed Sunday</p></div>"
    )
    assert [text for _, text in kinds(page)] == [
        "Our stem cell injections heal herniated discs and have no side effects.",
        "Call us today.",
        "Patients report a 92% reduction in pain.",
        "Open Monday",
        "Closed Sunday",
    ]


def test_a_paragraph_ending_in_a_read_more_link_is_not_run_on_into_the_next():
    page = extract_page(
        b"<div><p>Our cells calm inflamed joints. <a href='/more'>Read more</a></p>"
        b"<p>Our lab is FDA registered.</p></div>"
    )
    assert [text for _, text in kinds(page)] == [
        "Our cells calm inflamed joints. Read more",
        "Our lab is FDA registered.",
    ]


def test_the_cells_of_a_table_that_lays_out_the_page_are_its_paragraphs():
    page = extract_page(
        b"<table><tr><td>Call us today!</td><td><b>Conditions we treat</b>"
        b"<ul><li>Sciatica</li><li>Heart failure</li></ul></td></tr>"
        b"<tr><td>All rights reserved.</td></tr></table>"
        b"<table><tr><th>Recovery</th><td>Two days</td></tr></table>"
    )
    assert kinds(page) == [
        ("paragraph", "Call us today!"),
        ("paragraph", "Conditions we treat"),
        ("list_item", "Sciatica"),
        ("list_item", "Heart failure"),
        ("paragraph", "All rights reserved."),
        ("table_cell", "Recovery"),
        ("table_cell", "Recovery: Two days"),
    ]


def test_tables_and_lists_are_told_apart_however_many_came_before():
    layout = b"<table><tr><td><ul><li>Sciatica</li></ul></td></tr></table>"
    hours = b"<div><p>Hours</p><table><tr><td>Mon-Thu</td><td>9-5</td></tr></table></div>"
    tables = extract_page(b"<body>" + (layout + hours) * 20 + b"</body>")
    assert [kind for kind, _ in kinds(tables)].count("table_cell") == 40
    lists = b"".join(b"<div><ul><li>Item %d</li></ul></div>" % n for n in range(40))
    assert len({block.list_id for block in extract_page(lists).blocks}) == 40


def test_a_comparison_tables_values_are_read_with_their_rows_label_in_the_offered_column():
    page = extract_page(
        b"<table><tr><th></th><th>Our stem cells</th><th>Fusion surgery</th></tr>"
        b"<tr><td>Downtime</td><td>One day</td><td>Three months</td></tr></table>"
        b"<table><tr><td>Relief lasts</td><td>For years</td></tr></table>"
    )
    assert [text for kind, text in kinds(page) if kind == "table_cell"] == [
        "Our stem cells",
        "Fusion surgery",
        "Downtime",
        "Downtime: One day",
        "Three months",
        "Relief lasts",
        "Relief lasts: For years",
    ]


def test_a_data_tables_figures_are_read_with_their_row_and_column_but_a_rivals_stay_bare():
    page = extract_page(
        b"<table><tr><th>Condition</th><th>Patients reporting improvement</th></tr>"
        b"<tr><td>Sciatica</td><td>87%</td></tr><tr><td>Knee arthritis</td><td>Most</td></tr>"
        b"</table><table><tr><th></th><th>Stem cells</th><th>Fusion</th></tr>"
        b"<tr><td>Success rate</td><td>90%</td><td>60%</td></tr></table>"
    )
    cells = [text for kind, text in kinds(page) if kind == "table_cell"]
    assert cells[3:6] == ["Sciatica, Patients reporting improvement: 87%", "Knee arthritis", "Most"]
    assert cells[-3:] == ["Success rate", "Success rate: 90%", "60%"]


def test_words_of_inline_elements_a_stylesheet_sets_apart_do_not_run_together():
    page = extract_page(
        b'<div class="card"><span class="title">Degenerative Disc Disease</span>'
        b'<span class="body">Stem cells rebuild the disc.</span></div>'
        b'<p><span class="dropcap">O</span>ur clinic, <b>Dr. Lee</b> and <i>Nurse</i> Kim.</p>'
    )
    assert [text for _, text in kinds(page)] == [
        "Degenerative Disc Disease Stem cells rebuild the disc.",
        "Our clinic, Dr. Lee and Nurse Kim.",
    ]


def test_review_edge_cases_of_builder_markup():
    def texts(markup):
        return [(block.kind, block.text, block.heading) for block in extract_page(markup).blocks]

    assert texts('<div role="heading" aria-level="²">Stem cells</div>'.encode()) == [
        ("heading", "Stem cells", "")
    ]
    assert texts(b'<ul><li class="h6">Sciatica</li></ul>') == [("list_item", "Sciatica", "")]
    alt = b'alt="Doctor injecting stem cells into a lumbar disc"'
    assert (
        len(texts(b'<img data-src="a.jpg" ' + alt + b"><noscript><img " + alt + b"></noscript>"))
        == 1
    )
    widget = b'<iframe srcdoc="&lt;h2&gt;Reviews&lt;/h2&gt;&lt;p&gt;Great.&lt;/p&gt;"></iframe>'
    assert texts(b"<h2>Conditions we treat</h2>" + widget + b"<ul><li>Sciatica</li></ul>")[-1] == (
        "list_item",
        "Sciatica",
        "Conditions we treat",
    )
    assert (
        len(texts(b"<main><p>Injections for back pain</p></main><aside><p>iPhone app</p></aside>"))
        == 2
    )
    assert texts(b"<p><span>Knee</span><span>Hip</span><span>Shoulder</span></p>") == [
        ("paragraph", "Knee Hip Shoulder", "")
    ]


def test_readers_comments_are_blocks_of_their_own_kind():
    page = extract_page(
        b"""<article><p>Clinics sell unproven shots.</p>
        <span class="comment-count">2 comments</span>
        <div id="comments" class="comments-area"><ol class="comment-list">
        <li class="comment"><p>My stem cell shot fixed my back!</p></li></ol></div></article>""",
        "utf-8",
    )
    kinds = {block.text: block.kind for block in page.blocks}
    assert kinds["My stem cell shot fixed my back!"] == "comment"
    assert kinds["Clinics sell unproven shots."] == "paragraph"
    assert kinds["2 comments"] != "comment"
    own_reply = extract_page(
        b"""<ol class="comment-list"><li class="comment bypostauthor"><p>We offer stem cell
        injections on Tuesdays.</p></li></ol><div class="testimonial"><p class="comment">Great
        staff.</p></div>"""
    ).blocks
    assert [block.kind for block in own_reply] == ["paragraph", "paragraph"]


def test_an_image_described_only_in_its_noscript_twin_or_an_amp_img_is_read():
    alt = "Stem cells regrowing a herniated lumbar disc"
    lazy = f'<img class="lazyload" data-src="a.jpg" alt=""><noscript><img src="a.jpg" alt="{alt}">'
    amp = f'<amp-img src="b.jpg" alt="{alt} on an MRI" width="600" height="400"></amp-img>'
    for markup, text in [(lazy + "</noscript>", alt), (amp, f"{alt} on an MRI")]:
        blocks = extract_page(markup.encode()).blocks
        assert [(block.kind, block.text) for block in blocks] == [("alt", text)]


def test_short_paragraphs_right_under_a_heading_are_a_list_as_br_lines_are():
    page = extract_page(
        b"""<p>Skip to content</p><p>Summit Spine</p><p>Regenerative care in Tulsa</p>
        <h2>Conditions we treat</h2><p>Degenerative disc disease</p><p>Lupus</p><p>Autism</p>
        <p>Ask us whether your condition qualifies.</p><h2>Our team</h2><p>Dr. Hale</p>""",
        "utf-8",
    )
    kinds = {block.text: (block.kind, block.list_id) for block in page.blocks}
    assert kinds["Degenerative disc disease"][0] == "list_item"
    assert kinds["Degenerative disc disease"][1] == kinds["Autism"][1] is not None
    assert kinds["Ask us whether your condition qualifies."][0] == "paragraph"
    assert kinds["Summit Spine"][0] == kinds["Dr. Hale"][0] == "paragraph"


def test_an_astro_island_rendered_only_in_the_browser_is_read_from_its_props():
    props = (
        '{"items":[1,[[0,{"a":[0,"Our stem cell shots are exempt from FDA approval."]}]]]}'
    ).replace('"', "&quot;")
    page = extract_page(
        f"""<h1>FAQ</h1><astro-island uid="a1" client="only" props="{props}"></astro-island>
        <astro-island uid="a2" client="load" props="{props.replace("shots", "pills")}">
        <p>Server-rendered.</p></astro-island>""".encode(),
        "utf-8",
    )
    texts = [block.text for block in page.blocks]
    assert "Our stem cell shots are exempt from FDA approval." in texts
    assert not any("pills" in text for text in texts)  # its markup already shows it
    hidden = f'<nav><astro-island client="only" props="{props}"></astro-island></nav>'
    assert extract_page(hidden.encode()).blocks == []
