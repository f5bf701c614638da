"""Site identity, seed lists, and refusing private addresses."""

from __future__ import annotations

import pytest

from crawler.addresses import PrivateAddressError, check_host, is_public_address
from crawler.seeds import SeedFileError, read_seeds
from crawler.sites import InvalidURL, normalize_seed_url, same_site, site_key


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.Clinic.com/a?b=1", "clinic.com"),
        ("http://clinic.com:80/", "clinic.com"),
        ("https://clinic.com:8443/x", "clinic.com:8443"),
        ("http://127.0.0.2:8000/page", "127.0.0.2:8000"),
        ("http://WWW.clinic.com./", "clinic.com"),
    ],
)
def test_site_key(url, key):
    assert site_key(url) == key


def test_another_port_or_host_is_another_site():
    assert not same_site("http://127.0.0.3:8000/", "127.0.0.2:8000")
    assert not same_site("http://127.0.0.2:8001/", "127.0.0.2:8000")
    assert same_site("http://www.clinic.com/x", "clinic.com")
    assert not same_site("mailto:a@clinic.com", "clinic.com")


@pytest.mark.parametrize(
    "url", ["ftp://clinic.com/", "http://", "javascript:alert(1)", "http://a:99999/"]
)
def test_invalid_urls(url):
    with pytest.raises(InvalidURL):
        site_key(url)


def test_seed_without_scheme_gets_https():
    assert normalize_seed_url("clinic.com/") == "https://clinic.com/"


def test_bad_seed_rows_are_reported_and_skipped(tmp_path):
    seeds = tmp_path / "seeds.csv"
    seeds.write_text(
        "name,URL,state\n"
        "Good Clinic,https://good.example/,tx\n"
        "No URL,,CA\n"
        "Bad scheme,ftp://x.example/,CA\n"
        "Duplicate,https://www.good.example/about,TX\n"
        "Odd state,other.example,ZZ\n"
    )
    good, problems = read_seeds(seeds)
    assert [(seed.site, seed.name, seed.state) for seed in good] == [
        ("good.example", "Good Clinic", "TX"),
        ("other.example", "Odd state", ""),
    ]
    assert [(problem.row, problem.reason.split(" ")[0]) for problem in problems] == [
        (3, "empty"),
        (4, "not"),
        (5, "duplicate"),
        (6, "unknown"),
    ]


def test_a_seed_file_without_url_column_is_an_error(tmp_path):
    seeds = tmp_path / "seeds.csv"
    seeds.write_text("name,state\nA,TX\n")
    with pytest.raises(SeedFileError, match="no 'url' column"):
        read_seeds(seeds)


def test_a_missing_seed_file_is_an_error(tmp_path):
    with pytest.raises(SeedFileError, match="cannot read"):
        read_seeds(tmp_path / "missing.csv")


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.0.0.2",
        "10.1.2.3",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "localhost",
        "metadata.google.internal",
        "[fe80::1]",
    ],
)
def test_private_hosts_are_refused(host):
    with pytest.raises(PrivateAddressError):
        check_host(host)


def test_public_addresses_pass():
    assert is_public_address("93.184.216.34")
    check_host("93.184.216.34")
