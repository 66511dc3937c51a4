"""The rehearsal room on a phone (Debian's Chromium driven by Playwright): step 4's boards at
390 × 844 with every button readable, the room usable at 360 px, and the chat following
what you send. Set ROOM_SHOT=dir to keep the screenshots, to look at them."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.telegram.rehearsal.page import CHROMIUM, NO_CHROMIUM
from tests.telegram.rehearsal.test_room_page import TIMEOUT, bot_message, send

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)

SHOTS = Path(os.environ["ROOM_SHOT"]) if os.environ.get("ROOM_SHOT") else None

# Per button: its label must fit (nothing cut off with …). And nothing wider than the screen.
CUT_BUTTONS = """() => [...document.querySelectorAll('.inline-button')]
    .filter((b) => b.scrollWidth > b.clientWidth).map((b) => b.textContent)"""
OVERFLOW = """() => [document.documentElement, document.getElementById('berichten')]
    .filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.id || e.tagName)"""


@pytest.fixture
def phone(browser, room_process):
    """Opens the room on a phone `width` × `height` px: the page, and the page's script
    errors. Its pages are closed when the test ends."""
    pages = []

    def open_room(width: int, height: int = 844):
        page = browser.new_page(
            viewport={"width": width, "height": height}, is_mobile=True, has_touch=True
        )
        pages.append(page)
        page.set_default_timeout(TIMEOUT)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(room_process)
        page.locator(".speaker.active").wait_for()
        return page, errors

    yield open_room
    for page in pages:
        page.close()


def shot(page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"))


def readable(page) -> None:
    assert page.evaluate(CUT_BUTTONS) == [], "button labels cut off"
    assert page.evaluate(OVERFLOW) == [], "wider than the screen"


def test_marking_activities_in_step_4_on_a_phone(phone):
    from playwright.sync_api import expect

    page, errors = phone(390)
    send(page, "/sessie 10")
    send(page, "/begin")
    for step in (2, 3):
        send(page, "/volgende")
        bot_message(page, f"Stap {step} van 5").wait_for()
    # Step 3: the competences the team ranks highest, so step 4 stars a few activities.
    for component in ("Interculturele competenties", "Internationale oriëntatie"):
        competences = bot_message(page, f"🖍 {component}")
        competences.locator(".inline-button").first.click()
        expect(competences).to_contain_text("(Sanne Jansen)")
    readable(page)
    send(page, "/volgende")
    bot_message(page, "Stap 4 van 5").wait_for()
    first_page = bot_message(page, "Lijkt ons interessant · In het buitenland")
    expect(first_page).to_contain_text("Blad 1 van 5")
    # The same message turns its pages: follow it by its id, not by its text.
    board = page.locator(f'.message[data-id="{first_page.get_attribute("data-id")}"]')
    readable(page)

    # Mark on every page, turning with ▶: each page's buttons stay readable.
    for page_number in range(1, 6):
        expect(board).to_contain_text(f"Blad {page_number} van 5")
        first = board.locator(".inline-button").first
        label = first.inner_text()
        number = re.sub(r"^⭐ ", "", label).split(" ")[0]
        first.click()
        expect(board).to_contain_text(re.compile(rf"(^|\n){number}\. [^\n]* · 1 \(Sanne Jansen\)"))
        readable(page)
        if page_number in (1, 3):
            board.scroll_into_view_if_needed()
            shot(page, f"stap4-390-blad{page_number}")
        board.locator(".inline-button", has_text="▶").click()
    expect(board).to_contain_text("Blad 1 van 5")
    expect(board).to_contain_text("Op de andere bladen: 4 gemarkeerd")
    expect(board).to_contain_text("⭐ = bouwt aan jullie belangrijkste competenties")
    assert board.locator(".inline-button", has_text="⭐").count() >= 1
    # The board fits the phone's width: no row of buttons wider than the bubble.
    width = page.evaluate("() => document.getElementById('berichten').clientWidth")
    for row in board.locator(".keyboard .row").all():
        assert row.bounding_box()["width"] <= width
    assert not errors, errors


def test_the_room_at_360_px_follows_what_you_send(phone):
    from playwright.sync_api import expect

    page, errors = phone(360, 640)
    # The send button is whole and inside the screen.
    button = page.locator("form .send")
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert button.evaluate("(b) => b.scrollWidth <= b.clientWidth")
    readable(page)

    send(page, "/sessie 10")
    send(page, "/begin")
    send(page, "/help")  # long answers: the chat is now taller than the screen
    # The answer to /help is the last the bot queued: once it shows, nothing new comes
    # until the next moment below (else the cue could be for a late answer).
    expect(page.locator(".message.from-bot").last).to_contain_text("/sessie")
    messages = page.locator("#berichten")
    at_bottom = "(m) => m.scrollHeight - m.scrollTop - m.clientHeight < 60"
    page.wait_for_function(
        "() => { const m = document.getElementById('berichten');"
        " return m.scrollHeight > 2 * m.clientHeight; }"
    )

    # Scrolled up, a new message shows the cue instead of moving the chat.
    messages.evaluate("(m) => { m.scrollTop = 0; m.dispatchEvent(new Event('scroll')); }")
    cue = page.locator("#nieuwe-berichten")
    expect(cue).to_be_hidden()
    said = page.locator(".message").count()
    page.locator("#volgende-moment").click()  # the bot's next moment: it posts a message
    expect(page.locator(".message")).not_to_have_count(said)
    expect(cue).to_be_visible()
    expect(cue).to_have_text("nieuwe berichten ↓")
    assert not messages.evaluate(at_bottom)
    shot(page, "room-360-cue")
    cue.click()
    expect(cue).to_be_hidden()
    assert messages.evaluate(at_bottom)

    # Sending jumps to the newest message, even from high up, and the answer stays in view.
    messages.evaluate("(m) => { m.scrollTop = 0; }")
    page.locator("#invoer").fill("/help")
    page.locator("#invoer").press("Enter")
    expect(page.locator(".message.from-bot").last).to_contain_text("/sessie")
    page.wait_for_function(
        f"() => ({at_bottom})(document.getElementById('berichten'))", timeout=TIMEOUT
    )
    expect(cue).to_be_hidden()
    shot(page, "room-360")

    # "volgende" never names a moment the bot's clock has passed: the page asks again.
    label = page.locator("#volgende-tijd")
    page.evaluate(
        """() => {
        view.data.clock.next = new Date(Date.parse(view.data.clock.now) - 60000).toISOString();
        view.data.clock.next_label = "al voorbij";
        renderTop(view.data);
    }"""
    )
    expect(label).not_to_contain_text("al voorbij")
    expect(label).to_have_text(re.compile(r"volgende: .*\d\d:\d\d:\d\d|niets gepland"))

    # An edited message says so, apart from its time.
    metas = page.locator(".meta", has=page.locator(".edited")).all_inner_texts()
    assert metas and all(re.search(r"bewerkt\s+\d\d:\d\d", meta) for meta in metas), metas
    assert not errors, errors
