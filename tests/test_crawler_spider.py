"""Spider logic on hand-built responses: what it yields, what it follows, what it refuses."""

from __future__ import annotations

import asyncio
import json

import pytest
from protego import Protego
from scrapy import Request
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, IgnoreRequest
from scrapy.http import HtmlResponse, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet import error as twisted_errors
from twisted.python.failure import Failure

from crawler.items import ClinicInfo, FetchErrorItem, PageItem
from crawler.runner import crawl_settings
from crawler.spiders.clinic_sites import ClinicSitesSpider, classify_failure, without_styles
from pipelines.docx_text import DOCX_TYPE
from tests.word_documents import paragraph, word_document

CLINIC = ClinicInfo(site="clinic.example", url="https://clinic.example/", name="C", state="TX")
HOME = b"""<html><body><h1>Welcome</h1>
<a href="/stem-cell-therapy">Stem cell therapy</a>
<a href="/team">Our team</a>
<a href="https://www.clinic.example/faq#q1">FAQ</a>
<a href="https://other-clinic.example/">A friend</a>
<a href="mailto:hi@clinic.example">Mail</a>
</body></html>"""


def make_spider(
    tmp_path, budget=60, allow_private=False, seeds="url\nhttps://clinic.example/\n", depth=4
):
    seeds_path = tmp_path / "seeds.csv"
    seeds_path.write_text(seeds)
    crawler = get_crawler(
        ClinicSitesSpider,
        {
            "CLINICWATCH_PAGE_BUDGET": budget,
            "CLINICWATCH_ALLOW_PRIVATE": allow_private,
            "DEPTH_LIMIT": depth,
        },
    )
    return ClinicSitesSpider.from_crawler(crawler, seeds=str(seeds_path))


def response(url, body, content_type=b"text/html; charset=utf-8", depth=0):
    request = Request(url, meta={"clinic": CLINIC, "depth": depth})
    cls = HtmlResponse if b"html" in content_type else TextResponse
    return cls(url=url, body=body, headers={"Content-Type": content_type}, request=request)


def page_item(spider, page) -> PageItem:
    """The one page item the spider yields for `page`."""
    (item,) = [r for r in spider.parse_page(page) if isinstance(r, PageItem)]
    return item


def requested_urls(spider, page) -> list[str]:
    """The URLs the spider requests after parsing `page`, in its order."""
    return [r.url for r in spider.parse_page(page) if isinstance(r, Request)]


def test_a_page_becomes_an_item_and_same_site_links_are_followed(tmp_path):
    spider = make_spider(tmp_path)
    results = list(spider.parse_page(response("https://clinic.example/", HOME)))
    pages = [r for r in results if isinstance(r, PageItem)]
    requests = [r for r in results if isinstance(r, Request)]
    assert [(page.url, page.clinic.site, page.status) for page in pages] == [
        ("https://clinic.example/", "clinic.example", 200)
    ]
    assert sorted(r.url for r in requests) == [
        "https://clinic.example/stem-cell-therapy",
        "https://clinic.example/team",
        "https://www.clinic.example/faq",
    ]


def test_treatment_pages_are_crawled_first(tmp_path):
    spider = make_spider(tmp_path)
    requests = {
        r.url: r.priority
        for r in spider.parse_page(response("https://clinic.example/", HOME))
        if isinstance(r, Request)
    }
    assert (
        requests["https://clinic.example/stem-cell-therapy"]
        > requests["https://clinic.example/team"]
    )


def test_the_page_budget_stops_new_requests(tmp_path):
    spider = make_spider(tmp_path, budget=2)
    requests = [
        r
        for r in spider.parse_page(response("https://clinic.example/", HOME))
        if isinstance(r, Request)
    ]
    assert len(requests) == 2
    assert spider.coverage()["clinic.example"]["over_budget"] == 1


def test_the_budget_goes_to_treatment_pages_before_legal_and_account_pages(tmp_path):
    spider = make_spider(tmp_path, budget=3)
    home = b"""<html><body>
    <a href="/privacy-policy/">Privacy</a><a href="/terms-of-use/">Terms</a>
    <a href="/my-account/">Account</a><a href="/team">Team</a>
    <a href="/conditions/sciatica/">Sciatica</a><a href="/stem-cell-therapy">Stem cells</a>
    </body></html>"""
    requests = requested_urls(spider, response("https://clinic.example/", home))
    assert requests == [
        "https://clinic.example/conditions/sciatica/",
        "https://clinic.example/stem-cell-therapy",
        "https://clinic.example/team",
    ]
    coverage = spider.coverage()["clinic.example"]
    assert (coverage["over_budget"], coverage["trap_utility"]) == (2, 1)  # an account screen


def test_a_host_that_names_back_pain_does_not_make_every_page_a_treatment_page(tmp_path):
    spider = make_spider(tmp_path, seeds="url\nhttps://backpain.example/\n")
    clinic = ClinicInfo(site="backpain.example", url="https://backpain.example/")
    home = b'<a href="/team">Team</a><a href="/stem-cells">Stem cells</a>'
    request = Request("https://backpain.example/", meta={"clinic": clinic, "depth": 0})
    page = HtmlResponse(url=request.url, body=home, request=request)
    priorities = {r.url: r.priority for r in spider.parse_page(page) if isinstance(r, Request)}
    assert (
        priorities["https://backpain.example/stem-cells"]
        > priorities["https://backpain.example/team"]
    )


def test_a_link_past_the_depth_limit_waits_for_a_shorter_path_and_is_counted(tmp_path):
    spider = make_spider(tmp_path, depth=2)
    deep = response("https://clinic.example/a/b/", HOME, depth=2)
    assert not [r for r in spider.parse_page(deep) if isinstance(r, Request)]
    assert spider.coverage()["clinic.example"]["depth_limit"] == 3
    shallow = response("https://clinic.example/", HOME, depth=0)
    followed = requested_urls(spider, shallow)
    assert "https://clinic.example/stem-cell-therapy" in followed  # not spent by the deep link
    assert "depth_limit" not in spider.coverage().get("clinic.example", {})


def test_a_redirect_to_another_site_is_recorded_not_stored(tmp_path):
    spider = make_spider(tmp_path)
    (item,) = spider.parse_page(response("https://elsewhere.example/landing", HOME))
    assert isinstance(item, FetchErrorItem)
    assert item.kind == "redirected_offsite"


def test_non_text_content_is_skipped_and_recorded(tmp_path):
    spider = make_spider(tmp_path)
    (item,) = spider.parse_page(
        response("https://clinic.example/a.zip", b"PK\x03\x04", b"application/zip")
    )
    assert (item.kind, item.message) == ("skipped_non_text", "application/zip")


def test_a_utf16_page_is_a_page_and_a_binary_sent_as_html_is_not(tmp_path):
    spider = make_spider(tmp_path)
    utf16 = '<p>Our stem cells regrow discs.</p><a href="/index.php?page=faq">FAQ</a>'
    page, request = spider.parse_page(
        response("https://clinic.example/about.htm", utf16.encode("utf-16"), b"text/html")
    )
    assert isinstance(page, PageItem)
    assert request.url == "https://clinic.example/index.php?page=faq"  # no UTF-16 %00s
    (error,) = spider.parse_page(response("https://clinic.example/x.html", b"GIF89a\x00\x01"))
    assert error.kind == "skipped_non_text"


def test_a_page_without_content_type_is_read_as_scrapy_sniffed_it(tmp_path):
    spider = make_spider(tmp_path)
    request = Request("https://clinic.example/stem-cells", meta={"clinic": CLINIC, "depth": 0})
    page = HtmlResponse(url=request.url, body=HOME, headers={}, request=request)
    items = [r for r in spider.parse_page(page) if isinstance(r, PageItem)]
    assert [item.url for item in items] == ["https://clinic.example/stem-cells"]


def test_a_page_cut_off_mid_body_keeps_what_came_and_says_it_is_truncated(tmp_path):
    spider = make_spider(tmp_path)
    spider.max_page_bytes = 100_000
    body = b"<html><body><p>Our stem cells regrow discs.</p><p>We are also"
    request = Request("https://clinic.example/cut", meta={"clinic": CLINIC, "depth": 0})
    cut = HtmlResponse(
        url=request.url,
        body=body,
        headers={"Content-Type": b"text/html", "Content-Length": b"9000"},
        request=request,
        flags=["dataloss"],
    )
    item = page_item(spider, cut)
    assert item.body == body
    assert (item.truncated, item.size) == (True, 9000)  # archived with WARC-Truncated: length
    assert not crawl_settings(None, False, {}).getbool("DOWNLOAD_FAIL_ON_DATALOSS")


def test_embedded_brochures_script_links_and_other_languages_are_followed(tmp_path):
    spider = make_spider(tmp_path)
    body = b"""<html><head><link rel="alternate" hreflang="es" href="/es/terapia/">
    <link rel="alternate" hreflang="en" href="https://other.example/en/"></head><body>
    <object data="/docs/guide.pdf" type="application/pdf"></object>
    <embed src="pricing.pdf" type="application/pdf">
    <iframe src="/pdfjs/web/viewer.html?file=%2Fmedia%2Fresults.pdf"></iframe>
    <iframe src="/pdfjs/web/viewer.html?file=price-list.pdf"></iframe>
    <div data-url="/wp-content/uploads/hero.jpg"></div>
    <select onchange="setSize(this)"><option value="1.5">1.5 ml</option></select>
    <a onclick="javascript:location.href='/offers/summer.html'">Summer</a>
    <div class="card" data-href="/offers/spring.html">Spring offer</div>
    <button onclick="location.href='/results.html'">Results</button>
    <button onclick="trackClick('cta'); return false;">Call</button>
    <a href="javascript:void(0)" onclick="downloadBrochure('/files/spine-guide.pdf')">Guide</a>
    <select onchange="go(this)"><option value="">Pick</option><option value="/spine/">Spine</option>
    </select></body></html>"""
    requests = requested_urls(spider, response("https://clinic.example/brochures/", body))
    assert sorted(requests) == [
        "https://clinic.example/brochures/pricing.pdf",
        "https://clinic.example/docs/guide.pdf",
        "https://clinic.example/es/terapia/",
        "https://clinic.example/files/spine-guide.pdf",
        "https://clinic.example/media/results.pdf",
        "https://clinic.example/offers/spring.html",
        "https://clinic.example/offers/summer.html",
        "https://clinic.example/pdfjs/web/price-list.pdf",
        "https://clinic.example/results.html",
        "https://clinic.example/spine/",
    ]


def test_buttons_and_javascript_popups_are_followed_but_not_their_window_names(tmp_path):
    spider = make_spider(tmp_path)
    body = b"""<html><head><base href="https://clinic.example/legacy/"></head><body>
    <div class="tile" onclick="window.location.assign('/outcomes/knees/')">Knee outcomes</div>
    <button onclick="location.replace('intake-form.php?new=1')">Intake</button>
    <a href="javascript:MM_openBrWindow('popup_disc_faq.htm','discfaq','width=480,height=300')">
    Disc FAQ</a>
    <map name="m"><area shape="rect" coords="0,0,9,9"
    href=" JavaScript:window.open('cell-brochure.htm','b','scrollbars=yes')"></map>
    <a href="javascript:popUp(&quot;/videos/patient-story.asp&quot;)">Story</a>
    <a href="javascript:openWin('wide', 'gallery/week-6/')">Week 6</a>
    <a href="javascript:void(0)">Menu</a><a href="javascript:history.back()">Back</a>
    <a href="javascript:__doPostBack('ctl00$Main$lnkNext','')">Next</a>
    <a href="javascript:MM_openBrWindow('https://partner.example/offer.htm','p','')">Partner</a>
    <a href="javascript:popUp('/photos/spine-xray.jpg')">X-ray</a>
    </body></html>"""
    requests = requested_urls(spider, response("https://clinic.example/patients/info.html", body))
    assert sorted(requests) == [
        "https://clinic.example/legacy/cell-brochure.htm",
        "https://clinic.example/legacy/gallery/week-6/",
        "https://clinic.example/legacy/intake-form.php?new=1",
        "https://clinic.example/legacy/popup_disc_faq.htm",
        "https://clinic.example/outcomes/knees/",
        "https://clinic.example/videos/patient-story.asp",
    ]


def test_a_splash_page_that_refreshes_later_is_a_page_and_links_its_next_page(tmp_path):
    spider = make_spider(tmp_path)
    body = b"""<html><head><meta http-equiv="Refresh" content="4; URL='/home/'"></head>
    <body><p>Stem cells regrow discs. Entering in 4 seconds...</p></body></html>"""
    results = list(spider.parse_page(response("https://clinic.example/intro.html", body)))
    assert [type(r) for r in results] == [PageItem, Request]
    assert results[1].url == "https://clinic.example/home/"
    settings = crawl_settings(None, allow_private=False, overrides={})
    assert settings.getint("METAREFRESH_MAXDELAY") == 1  # a 0 s refresh stays a redirect


def test_a_menu_that_scripts_draw_is_followed_from_the_apps_data(tmp_path):
    spider = make_spider(tmp_path)
    menu = [
        {"label": "Disc regrowth", "href": "/treatments/disc-regrowth"},
        {"label": "FAQ", "url": "https://clinic.example/faq"},
        {"label": "Partner", "href": "https://other.example/"},
    ]
    props = {
        "menu": menu,
        "hero": {"url": "/img/spine.jpg"},
        "api": {"path": "/api/menu"},
        "cdn": {"url": "//cdn.example/x"},
        "title": "/not-a-link-key",
    }
    data = json.dumps({"props": {"pageProps": props}, "buildId": "b1"})
    body = f"""<html><body><div id="__next"></div>
<script id="__NEXT_DATA__" type="application/json">{data}</script></body></html>"""
    requests = requested_urls(spider, response("https://clinic.example/", body.encode()))
    assert sorted(requests) == [
        "https://clinic.example/faq",
        "https://clinic.example/treatments/disc-regrowth",
    ]


def test_links_of_a_utf8_page_labelled_latin1_keep_their_accents(tmp_path):
    spider = make_spider(tmp_path)
    body = '<a href="/es/células-madre/">Células madre</a>'.encode()
    page = response("https://clinic.example/es/", body, b"text/html; charset=iso-8859-1")
    requests = requested_urls(spider, page)
    assert requests == ["https://clinic.example/es/c%C3%A9lulas-madre/"]


def test_a_page_made_huge_by_inline_fonts_keeps_its_text_whole(tmp_path):
    spider = make_spider(tmp_path)
    spider.max_page_bytes = 100_000
    font = b"A" * 150_000
    json_ld = b'<script type="application/ld+json">{"@type": "MedicalClinic"}</script>'
    body = (
        b"<html><head><style>@font-face{src:url(data:font/woff2;base64,"
        + font
        + b")}</style>"
        + json_ld
        + b'</head><body><img src="data:image/png;base64,'
        + font
        + b'" alt=""><div style="background-image: url(&quot;data:image/jpeg;base64,'
        + font
        + b'&quot;)"></div><section style="background:url(data:image/png;base64,'
        + font
        + b')"></section>'
        b"<p>Our stem cells regrow discs.</p></body></html>"
    )
    item = page_item(spider, response("https://clinic.example/", body))
    assert not item.truncated
    assert item.size == len(body)
    assert item.body.endswith(b"<p>Our stem cells regrow discs.</p></body></html>")
    assert json_ld in item.body  # scripts stay: JSON-LD facts, and the size of scripts


def test_icon_sprites_and_a_builders_state_are_dropped_before_a_huge_page_is_cut(tmp_path):
    spider = make_spider(tmp_path)
    spider.max_page_bytes = 100_000
    sprite = b"<svg><symbol><path d='" + b"M0 0L1 1" * 20_000 + b"'/></symbol></svg>"
    chart = b"<svg><text>96% avoid surgery</text></svg>"
    state = b'<script type="application/json">{"blocks": "' + b"x" * 150_000 + b'"}</script>'
    json_ld = b'<script type="application/ld+json">{"@type": "MedicalClinic"}</script>'
    body = (
        b"<html><head>" + json_ld + b"</head><body>" + sprite + chart + state
        + b"<p>Our stem cells regrow discs.</p></body></html>"
    )  # fmt: skip
    item = page_item(spider, response("https://clinic.example/", body))
    assert not item.truncated
    assert item.body.endswith(b"<p>Our stem cells regrow discs.</p></body></html>")
    assert json_ld in item.body
    assert chart in item.body
    assert b"M0 0L1 1" not in item.body


def test_builders_data_in_attributes_is_dropped_before_a_huge_page_is_cut(tmp_path):
    spider = make_spider(tmp_path)
    spider.max_page_bytes = 100_000
    photos = [{"assetUrl": f"https://img.example/{n}.jpg", "size": "900x600"} for n in range(200)]
    gallery = json.dumps({"items": photos}).replace('"', "&quot;").encode()
    variations = b"[" + b'{"sku": "PRP-1", "price": 950},' * 600 + b"]"
    caption = b"Before and after six weeks of stem cell therapy for knees. " * 100
    block = b'<div class="sqs-block gallery-block" data-block-json="' + gallery + b'"></div>'
    body = (
        b"<html><body><h1>Results</h1>" + block * 6
        + b"<form class='variations_form' data-product_variations='" + variations + b"'></form>"
        + b'<a data-caption="' + caption + b'" href="/knee.jpg">Knee</a>'
        + b'<p class="broken>Stray quote, ' + b"not an attribute value. " * 300 + b"</p>"
        + b"<p>Our stem cells regrow discs.</p></body></html>"
    )  # fmt: skip
    item = page_item(spider, response("https://clinic.example/", body))
    assert not item.truncated
    assert item.size == len(body)
    assert item.body.endswith(b"<p>Our stem cells regrow discs.</p></body></html>")
    assert b'data-block-json=""' in item.body
    assert b'data-product_variations=""' in item.body
    assert b"PRP-1" not in item.body
    assert caption in item.body  # text a visitor sees in the lightbox stays
    assert b"not an attribute value. " * 300 in item.body  # an unclosed quote takes nothing


def test_a_forms_hidden_state_is_dropped_before_a_huge_page_is_cut(tmp_path):
    spider = make_spider(tmp_path)
    spider.max_page_bytes = 100_000
    state = b"/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWAg" * 5_000
    body = (
        b'<html><body><form method="post" action="/Home">'
        + b'<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="' + state + b'" />'
        + b'<input type="hidden" name="__EVENTARGUMENT" value="page > 2" />'
        + b'<input type="submit" data-type="hidden" value="Book a consultation" />'
        + b"<p>Our stem cells regrow discs.</p></form></body></html>"
    )  # fmt: skip
    item = page_item(spider, response("https://clinic.example/", body))
    assert not item.truncated
    assert item.body.endswith(b"<p>Our stem cells regrow discs.</p></form></body></html>")
    assert b"/wEPDw" not in item.body
    assert b"page > 2" not in item.body  # a ">" inside a value ends no tag
    assert b'value="Book a consultation"' in item.body


def test_a_pdf_bigger_than_the_page_limit_is_kept_whole(tmp_path):
    spider = make_spider(tmp_path)
    spider.max_page_bytes = 1_000
    pdf = b"%PDF-1.4\n" + b"0" * 5_000 + b"\n%%EOF\n"
    guide = response("https://clinic.example/guide.pdf", pdf, b"application/pdf")
    item = page_item(spider, guide)
    assert item.body == pdf
    assert not item.truncated


def test_a_word_document_is_a_page_kept_whole_and_without_links(tmp_path):
    spider = make_spider(tmp_path)
    spider.max_page_bytes = 1_000
    handout = word_document(paragraph("See https://clinic.example/other.html") * 100)
    sent = response("https://clinic.example/handout.docx", handout, b"application/octet-stream")
    (item,) = spider.parse_page(sent)
    assert (item.content_type, item.body, item.truncated) == (DOCX_TYPE, handout, False)


def test_an_unclosed_style_tag_keeps_the_rest_of_a_huge_page():
    body = b"<p>Our stem cells regrow discs.</p>" + b"<style" * 20_000 + b"<p>FDA exempt.</p>"
    assert without_styles(body) == body
    custom = b"<styled-box>Stem cells regrow discs</styled-box><style>p{}</style>"
    assert (
        without_styles(custom) == b"<styled-box>Stem cells regrow discs</styled-box><style></style>"
    )


def test_sitemap_urls_of_the_site_are_requested(tmp_path):
    spider = make_spider(tmp_path)
    body = b"""<?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://clinic.example/hidden-offer</loc></url>
    <url><loc>https://other.example/not-ours</loc></url></urlset>"""
    resp = response("https://clinic.example/sitemap.xml", body, b"application/xml")
    assert [r.url for r in spider.parse_sitemap(resp)] == ["https://clinic.example/hidden-offer"]
    assert spider.coverage()["clinic.example"]["sitemap_other_host"] == 1  # said, not dropped


def test_robots_txt_sitemaps_are_followed_and_its_crawl_delay_kept(tmp_path):
    spider = make_spider(tmp_path)
    robots = Protego.parse(
        "User-agent: *\nDisallow: /members/\nCrawl-delay: 3\n"
        "Sitemap: https://clinic.example/site-map.xml\nSitemap: /more-maps.xml\n"
        "Sitemap: https://other.example/not-ours.xml\nSitemap: /blog/sitemap.xml\n"
        "Sitemap: https://clinic.example/sitemap.xml\n"
    )
    requests = spider.robots_requests(robots, "https://clinic.example/robots.txt", CLINIC)
    assert [r.url for r in requests] == [  # the root sitemap.xml is requested from the seed
        "https://clinic.example/site-map.xml",
        "https://clinic.example/more-maps.xml",
        "https://clinic.example/blog/sitemap.xml",
    ]
    assert spider.frontier.crawl_delay(CLINIC.site) == 3.0


def start_items(spider):
    async def collect():
        return [item async for item in spider.start()]

    return asyncio.run(collect())


def test_seeds_become_requests_and_bad_rows_become_findings(tmp_path):
    spider = make_spider(
        tmp_path, seeds="url,name\nhttps://clinic.example/,C\nnot a url at all,\nftp://x/,X\n"
    )
    items = start_items(spider)
    urls = [item.url for item in items if isinstance(item, Request)]
    assert urls == ["https://clinic.example/", "https://clinic.example/sitemap.xml"]
    bad = [item for item in items if isinstance(item, FetchErrorItem)]
    assert [item.kind for item in bad] == ["bad_seed", "bad_seed"]


def test_private_seeds_are_refused_unless_allowed(tmp_path):
    seeds = "url\nhttp://127.0.0.1:8000/\nhttp://10.0.0.5/\n"
    refused = start_items(make_spider(tmp_path, seeds=seeds))
    assert [item.kind for item in refused] == ["refused_private", "refused_private"]
    allowed = start_items(make_spider(tmp_path, seeds=seeds, allow_private=True))
    assert all(isinstance(item, Request) for item in allowed)


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (twisted_errors.ConnectionRefusedError(), "connection_refused"),
        (twisted_errors.TimeoutError(), "timeout"),
        (twisted_errors.DNSLookupError(), "dns"),
        (DownloadConnectionRefusedError(), "connection_refused"),
        (CannotResolveHostError(), "dns"),
        (IgnoreRequest("Forbidden by robots.txt"), "robots_disallowed"),
    ],
)
def test_failures_get_stable_kinds(error, kind):
    assert classify_failure(Failure(error))[0] == kind


def test_a_dead_link_gives_its_place_in_the_page_budget_to_a_page(tmp_path):
    spider = make_spider(tmp_path, budget=2)
    home = b'<a href="/stem-cells">Stem cells</a><a href="/old-offer">Offer</a>'
    page = b'<a href="/stem-cells">Stem cells</a><a href="/team">Team</a>'
    list(spider.parse_page(response("https://clinic.example/", home)))
    request = Request("https://clinic.example/old-offer", meta={"clinic": CLINIC})
    dead = HtmlResponse(request.url, status=404, body=b"<title>Not found</title>", request=request)
    failure = Failure(HttpError(dead, "Ignoring non-200 response"))
    failure.request = request
    assert [error.kind for error in spider.on_error(failure)] == ["http_404"]
    followed = requested_urls(spider, response("https://clinic.example/stem-cells", page, depth=1))
    assert followed == ["https://clinic.example/team"]


@pytest.mark.parametrize(
    "head",
    [
        b"<title>Page Not Found - Bayside Spine</title>",
        b"<title>Bayside Spine</title><h1>Oops! That page can\xe2\x80\x99t be found.</h1>",
        b"<title>404 | Bayside Spine</title>",
    ],
)
def test_a_page_sent_with_200_that_says_it_was_not_found_is_recorded_as_a_soft_404(tmp_path, head):
    spider = make_spider(tmp_path, budget=2)
    list(spider.parse_page(response("https://clinic.example/", b'<a href="/faq">FAQ</a>')))
    body = head + b'<p>Stem cells regrow discs.</p><a href="/offer">Offer</a>'
    results = list(spider.parse_page(response("https://clinic.example/faq", body, depth=1)))
    assert [(type(r).__name__, getattr(r, "kind", None)) for r in results] == [
        ("FetchErrorItem", "soft_404")
    ]
    # it was no page: its place in the budget goes to one
    page = b'<a href="/team">Team</a>'
    followed = requested_urls(spider, response("https://clinic.example/a", page, depth=1))
    assert followed == ["https://clinic.example/team"]


@pytest.mark.parametrize(
    "head",
    [
        b"<title>Medical errors we avoid</title><h1>Treatments no longer offered</h1>",
        b"<title>Stem Cell Therapy: Relief That Can't Be Found in Pills | Mesa</title>",
        b"<title>Not Found What You Need? Call Us</title>",
        b'<title>Mesa Spine</title><svg><title>404 icon</title></svg><h1 class="x">Welcome</h1>',
    ],
)
def test_a_page_that_speaks_of_errors_or_of_what_cannot_be_found_is_a_page(tmp_path, head):
    spider = make_spider(tmp_path)
    results = list(spider.parse_page(response("https://clinic.example/", head + b"<p>x</p>")))
    assert [type(r).__name__ for r in results] == ["PageItem"]
