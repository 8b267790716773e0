"""Item 17: an invitation comes with a registration link that has the code filled in, and with
its QR code; the registration page reads the code from the link (``?code=…``).

Pure parts (the link's base address, the link, the code read back, the QR images) and AppTests
of the three places that create invitations: "Einladungen" (coordinators, admins) and
"Einstellungen" (members inviting colleagues). The browser test, with the address the browser
used, is ``tests/e2e/test_invitation_link.py``.
"""

from __future__ import annotations

import base64
import logging
from urllib.parse import parse_qs, urlsplit

import pytest

from mintqo import qr
from mintqo.invitation_links import (
    PublicUrlError,
    base_from_browser,
    code_from_link,
    configured_base,
    is_local,
    registration_link,
)
from mintqo.services import accounts, invitations
from mintqo.store.users import actor_for
from mintqo.ui.invitation_link import NO_ADDRESS, QR_ALT
from tests.conftest import app_test
from tests.test_login_flow import _button, _field

PUBLIC = "https://mintqo.example.org/werkzeug"
SAMPLE_CODE = "ABCDE-FGHJK-LMNPQ-RSTUV"


# --- the link's address -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", None),
        ("   ", None),
        ("https://mintqo.example.org", "https://mintqo.example.org"),
        ("https://mintqo.example.org/", "https://mintqo.example.org"),
        (" http://10.0.0.5:8501/mintqo/ ", "http://10.0.0.5:8501/mintqo"),
    ],
)
def test_configured_public_address(value: str, expected: str | None) -> None:
    assert configured_base({"MINTQO_PUBLIC_URL": value}) == expected
    assert configured_base({}) is None


@pytest.mark.parametrize(
    "value",
    [
        "mintqo.example.org",
        "ftp://mintqo.example.org",
        "https://",
        "https://x.org/?a=1",
        "http://x#y",
    ],
)
def test_a_broken_public_address_is_refused_in_german(value: str) -> None:
    with pytest.raises(PublicUrlError, match="MINTQO_PUBLIC_URL"):
        configured_base({"MINTQO_PUBLIC_URL": value})


@pytest.mark.parametrize(
    ("page_url", "page", "expected"),
    [
        ("http://localhost:8501/invitations", "invitations", "http://localhost:8501"),
        ("https://mintqo.example.org/settings", "settings", "https://mintqo.example.org"),
        ("https://host.example/mintqo/invitations/", "invitations", "https://host.example/mintqo"),
        ("https://host.example/mintqo", "invitations", "https://host.example/mintqo"),
        (None, "invitations", None),
        ("", "settings", None),
        ("about:blank", "settings", None),
    ],
)
def test_the_browser_address_without_the_page(page_url, page: str, expected) -> None:
    assert base_from_browser(page_url, page) == expected


def test_local_addresses_are_recognised() -> None:
    assert is_local("http://localhost:8501")
    assert is_local("http://127.0.0.1:8765/mintqo")
    assert not is_local(PUBLIC)


def test_the_link_carries_the_code_and_the_page_reads_it_back() -> None:
    link = registration_link(PUBLIC + "/", SAMPLE_CODE)
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == PUBLIC + "/register"
    assert parse_qs(parts.query) == {"code": [SAMPLE_CODE]}
    assert code_from_link(parse_qs(parts.query)["code"][0]) == SAMPLE_CODE


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (f"  {SAMPLE_CODE} ", SAMPLE_CODE),
        ("abcde fghjk", "abcde fghjk"),
        ("", ""),
        (None, ""),
        (["A"], ""),
        ("A" * 65, ""),
        ("<script>", ""),
        ("ABC\u202eDEF", ""),
        ("[x](javascript:alert(1))", ""),
    ],
)
def test_only_what_can_be_a_code_is_filled_in(value, expected: str) -> None:
    assert code_from_link(value) == expected


# --- QR images ---------------------------------------------------------------------------------


def test_qr_images_are_deterministic_and_printable() -> None:
    link = registration_link(PUBLIC, SAMPLE_CODE)
    svg = qr.qr_svg(link, title=QR_ALT)
    assert svg.startswith("<svg") and f"<title>{QR_ALT}</title>" in svg
    assert 'fill="#fff"' in svg  # a white quiet zone, also on a dark page
    assert svg == qr.qr_svg(link, title=QR_ALT)
    assert svg != qr.qr_svg(registration_link(PUBLIC, "ZZZZZ-FGHJK-LMNPQ-RSTUV"), title=QR_ALT)
    png = qr.qr_png(link)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    assert width >= 400  # sharp enough to print several centimetres wide


# --- pages --------------------------------------------------------------------------------------


@pytest.fixture
def public_url(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("MINTQO_PUBLIC_URL", PUBLIC + "/")
    return PUBLIC


def _page(username: str, page: str):
    at = app_test(username).run()
    at = at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _shown_link(at) -> str:
    links = [c.value for c in at.code if "/register?code=" in c.value]
    assert len(links) == 1
    return links[0]


def _downloads(at) -> dict[str, object]:
    return {b.proto.label: b for b in at.get("download_button")}


def test_coordinator_gets_link_and_qr_code_for_a_new_initiative(
    demo_db, public_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    at = _page("demo-koordination", "pages/invitations.py")
    _field(at, "Name der neuen Initiative").input("Sternwarte am See")
    at = _button(at, "Einladungscode erstellen").click().run()
    assert not at.exception
    link = _shown_link(at)
    code = parse_qs(urlsplit(link).query)["code"][0]
    assert link == f"{public_url}/register?code={code}"
    assert code in [c.value for c in at.code]  # the code on its own, to type or dictate
    info = accounts.describe_invitation(demo_db, code)
    assert info.new_initiative and info.label == "Sternwarte am See"
    assert any("Sternwarte am See" in s.value and "gültig bis" in s.value for s in at.success)
    images = at.get("image")
    assert len(images) == 1
    shown = images[0].proto.imgs[0]
    assert shown.alt == QR_ALT
    assert base64.b64decode(shown.url.split(",", 1)[1]).decode() == qr.qr_svg(link, title=QR_ALT)
    downloads = _downloads(at)
    assert {"QR-Code als PNG (zum Drucken)", "QR-Code als SVG (für Folien)"} <= set(downloads)
    # the code never reaches a log, neither on its own nor in its link
    assert code not in caplog.text
    # shown once: the next run shows neither code nor link, the open codes list has it
    at = at.run()
    assert not at.code and not at.get("image")
    assert (
        "Sternwarte am See"
        in next(d for d in at.dataframe if "Für" in d.value).value["Für"].tolist()
    )


def test_admin_gets_a_link_for_a_coordinator_invitation(demo_db, public_url: str) -> None:
    at = _page("demo-admin", "pages/invitations.py")
    next(r for r in at.radio if r.label == "Einladung für").set_value("coordinator")
    at = _button(at.run(), "Einladungscode erstellen").click().run()
    code = parse_qs(urlsplit(_shown_link(at)).query)["code"][0]
    assert accounts.describe_invitation(demo_db, code).role == "coordinator"
    assert any("Netzwerkkoordination" in s.value for s in at.success)


def test_member_gets_a_link_for_a_colleague_in_the_settings(demo_db, public_url: str) -> None:
    at = _page("demo-initiative", "pages/settings.py")
    at = _button(at, "Einladungscode für Ihre Initiative erstellen").click().run()
    code = parse_qs(urlsplit(_shown_link(at)).query)["code"][0]
    info = accounts.describe_invitation(demo_db, code)
    assert not info.new_initiative
    assert len(at.get("image")) == 1
    # the open codes of the initiative, drawn below the invitation, already list it
    codes = next(d.value for d in at.dataframe if "Für" in d.value.columns)
    assert codes["Für"].tolist() == ["neues Mitglied"]


def test_without_an_address_the_code_is_shown_and_the_page_says_why(
    demo_db, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AppTest has no browser address (``st.context.url`` is None) – as a proxy might hide it."""
    monkeypatch.delenv("MINTQO_PUBLIC_URL", raising=False)
    at = _page("demo-koordination", "pages/invitations.py")
    _field(at, "Name der neuen Initiative").input("Ohne Adresse e.V.")
    at = _button(at, "Einladungscode erstellen").click().run()
    assert NO_ADDRESS in [w.value for w in at.warning]
    assert len(at.code) == 1 and "register?code=" not in at.code[0].value
    assert not at.get("image")


def test_a_broken_setting_is_named_on_the_page(demo_db, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINTQO_PUBLIC_URL", "mintqo.example.org")
    at = _page("demo-initiative", "pages/settings.py")
    at = _button(at, "Einladungscode für Ihre Initiative erstellen").click().run()
    assert any("MINTQO_PUBLIC_URL muss eine vollständige Adresse" in w.value for w in at.warning)
    assert len(at.code) == 1  # the code itself still works


# --- the registration page reads the code from the link -----------------------------------------


def _register_page(code: str | None):
    at = app_test()
    if code is not None:
        at.query_params["code"] = code
    at = at.run()
    return at.switch_page("pages/register.py").run()


def test_the_registration_page_fills_in_the_code_from_the_link(demo_db) -> None:
    koord = actor_for(demo_db, "demo-koordination")
    code = invitations.create_invitation(
        demo_db,
        koord,
        role="initiative",
        network_id=koord.network_id,
        new_initiative_name="Aus dem Link",
    ).code
    at = _register_page(code)
    assert not at.exception
    assert _field(at, "Einladungscode").value == code
    assert any("neue Initiative „Aus dem Link“" in i.value for i in at.info)
    # what the person types afterwards wins over the link
    _field(at, "Einladungscode").input("")
    at = at.run()
    assert _field(at, "Einladungscode").value == ""
    assert not at.info


def test_a_crafted_link_fills_in_nothing(demo_db) -> None:
    at = _register_page("[x](javascript:alert(1))")
    assert _field(at, "Einladungscode").value == ""
    assert not at.info and not at.error
