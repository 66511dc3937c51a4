"""The rehearsal room in a real browser (Debian's Chromium driven by Playwright): what a
chair rehearsing a session sees, step by step."""

from __future__ import annotations

import re

import pytest

from tests.telegram.rehearsal.page import CHROMIUM, NO_CHROMIUM

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)

TIMEOUT = 10_000  # ms: the bot answers in well under a second; this is only a safety net


@pytest.fixture
def page(browser, room_process):
    opened = browser.new_page(viewport={"width": 1280, "height": 860})
    opened.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto(room_process)
    yield opened
    opened.close()  # and the context new_page made for it
    assert not errors, f"the page's script failed: {errors}"


def speak_as(page, name: str) -> None:
    page.locator(".speaker .who", has_text=name).click()
    page.locator(".speaker.active", has_text=name).wait_for()


def send(page, text: str) -> None:
    page.locator("#invoer").fill(text)
    page.locator("#invoer").press("Enter")
    page.locator(".message.own", has_text=text).last.wait_for()


def bot_message(page, containing: str):
    return page.locator(".message.from-bot", has_text=containing).last


def test_a_chair_rehearses_the_start_of_a_session(page):
    from playwright.sync_api import expect

    expect(page.locator("#chattitel")).to_have_text("Oefengroep")
    expect(page.locator(".speaker.active")).to_contain_text("Sanne Jansen")
    expect(page.locator(".speaker.active")).to_contain_text("voorzitter")

    # The bot's command menu is offered while typing.
    page.locator("#invoer").fill("/ses")
    suggestion = page.locator("#suggesties li", has_text="/sessie")
    expect(suggestion).to_contain_text("Open een werksessie")
    suggestion.click()
    expect(page.locator("#invoer")).to_have_value("/sessie ")
    send(page, "/sessie 10")
    opening = bot_message(page, "Aan de slag met internationalisering")
    expect(opening).to_contain_text("Sanne Jansen is de voorzitter")
    expect(opening.locator("strong").first).to_have_text("Aan de slag met internationalisering")

    # Two colleagues join with the button.
    for name in ("Ahmed", "Lotte"):
        speak_as(page, name)
        opening.locator(".inline-button", has_text="Doe mee").click()
        expect(page.locator("#melding")).to_contain_text(f"Welkom, {name}")
    expect(opening).to_contain_text("Deelnemers (3)")
    expect(opening).to_contain_text("Ahmed El Amrani")

    speak_as(page, "Sanne")
    send(page, "/begin")
    card = bot_message(page, "Stap 1 van 5")
    expect(card).to_contain_text("Wat betekent internationalisering voor jou?")
    expect(page.locator("#vastgezet")).to_contain_text("Stap 1 van 5")

    # A reply to the step card is shown as a reply, stored, and acknowledged with ✍.
    card.locator("button.reply").click()
    expect(page.locator("#reactie-op")).to_contain_text("Aan de slag")
    answer = "Over de grens <b>kijken</b> & samen leren"
    send(page, answer)
    mine = page.locator(".message.own", has_text=answer).last
    expect(mine.locator(".quote")).to_contain_text("Stap 1 van 5")
    expect(mine.locator(".reaction")).to_have_text("✍")
    expect(mine.locator(".text b")).to_have_count(0)  # what a member typed stays text
    expect(page.locator("#reactie-op")).to_be_hidden()

    # "Volgende moment" moves the bot's clock to what it planned: a hulpvraag, then step 2.
    clock = page.locator("#klok")
    for _ in range(6):
        if page.locator(".message", has_text="Stap 2 van 5").count():
            break
        before = page.locator("#volgende-tijd").inner_text()
        page.locator("#volgende-moment").click()
        expect(page.locator("#volgende-tijd")).not_to_have_text(before)
    expect(bot_message(page, "Hulpvraag · stap 1")).to_be_visible()
    step2 = bot_message(page, "Stap 2 van 5")
    expect(step2).to_contain_text("Waarom is internationalisering relevant")
    expect(bot_message(page, "Stap 1 · Betekenis is klaar")).to_contain_text("Over de grens")
    expect(page.locator("#vastgezet")).to_contain_text("Stap 2 van 5")
    expect(clock).to_have_text(re.compile(r"\d{2}:\d{2}:\d{2}"))

    send(page, "/samenvatting")
    summary = page.locator(".message.from-bot").last
    expect(summary).to_contain_text("Over de grens <b>kijken</b> & samen leren")

    # The private chat: Start, then the bot answers there.
    page.locator(".chat-item[data-chat=private]").click()
    page.locator("#start-knop").click()
    expect(bot_message(page, "Hoi")).to_be_visible()
    send(page, "/mijnacties")
    expect(page.locator(".message.from-bot")).to_have_count(2)


def test_a_reminders_link_to_the_private_chat_stays_in_the_room(page):
    from playwright.sync_api import expect

    send(page, "/actie ik morgen: Teamleider informeren")
    expect(bot_message(page, "Actie #1")).to_be_visible()
    # Sanne never opened the bot's chat: her reminder comes in the group, with a link.
    for _ in range(8):
        if page.locator(".message", has_text="Start een chat met mij").count():
            break
        before = page.locator("#volgende-tijd").inner_text()
        page.locator("#volgende-moment").click()
        expect(page.locator("#volgende-tijd")).not_to_have_text(before)
    reminder = bot_message(page, "Start een chat met mij")
    expect(reminder.locator("a[href*='t.me']")).to_have_count(0)
    reminder.locator("a.room-link", has_text="Start een chat met mij").click()
    # As Telegram's deep link does: the bot's chat opens and /start koppel goes.
    expect(page.locator("#chattitel")).to_have_text("Aan de slag")  # the bot's name
    expect(bot_message(page, "Gelukt!")).to_be_visible()
    expect(page.locator(".message.own").last).to_contain_text("/start koppel")
