"""Strict parser for Telegram's HTML parse mode.

The algorithm follows tdlib's ``parse_html`` (the code behind the Bot API), so error texts
match what Telegram returns after "Bad Request: can't parse entities: ".  In strict mode
(the default of the fake) two things that Telegram silently tolerates are rejected as well,
because they almost always mean the bot forgot to escape user input:

* a bare ``&`` that does not start a valid entity (``&lt;`` ``&gt;`` ``&amp;`` ``&quot;``
  ``&#NN;`` ``&#xHH;``), and
* an entity without its terminating ``;``.

Offsets and lengths of the produced entities are in UTF-16 code units, like the Bot API.
"""

from __future__ import annotations

import re

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)

_SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}

_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = " \t\r\n\f\v"
_TG_USER_LINK = re.compile(r"^tg://user\?id=(\d+)$")


class HtmlParseError(ValueError):
    """Raised with the tdlib error text (without the "Bad Request: ..." prefix)."""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (what Telegram uses for offsets and limits)."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _decode_entity(text: str, pos: int, strict: bool) -> tuple[str, int] | None:
    """Decode an HTML entity starting at ``text[pos] == '&'``.

    Returns (character, position after the entity) or None if it is not a valid entity.
    """
    end = pos + 1
    n = len(text)
    if end < n and text[end] == "#":
        end += 1
        value = 0
        digits = 0
        if end < n and text[end] == "x":
            end += 1
            while end < n and text[end] in "0123456789abcdefABCDEF":
                value = value * 16 + int(text[end], 16)
                end += 1
                digits += 1
                if value >= 0x10FFFF:
                    return None
        else:
            while end < n and text[end].isdigit() and text[end].isascii():
                value = value * 10 + int(text[end])
                end += 1
                digits += 1
                if value >= 0x10FFFF:
                    return None
        if digits == 0 or value == 0 or 0xD800 <= value <= 0xDFFF:
            return None
        char = chr(value)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        name = text[pos + 1 : end]
        if name not in _NAMED_ENTITIES:
            return None
        char = _NAMED_ENTITIES[name]
    if end < n and text[end] == ";":
        return char, end + 1
    if strict:
        return None
    return char, end


class _Open:
    __slots__ = ("tag", "argument", "offset", "index")

    def __init__(self, tag: str, argument: str, offset: int, index: int) -> None:
        self.tag = tag
        self.argument = argument
        self.offset = offset  # UTF-16 offset in the result
        self.index = index  # index in the result list of characters


def parse_html(text: str, *, strict: bool = True) -> tuple[str, list[dict]]:
    """Parse Telegram HTML. Returns (plain text, entities). Raises HtmlParseError."""
    out: list[str] = []
    utf16 = 0
    stack: list[_Open] = []
    entities: list[dict] = []
    n = len(text)
    i = 0

    def char_at(k: int) -> str:
        return text[k] if k < n else ""

    while i < n:
        c = text[i]
        if c == "&":
            decoded = _decode_entity(text, i, strict)
            if decoded is not None:
                ch, i = decoded
                out.append(ch)
                utf16 += utf16_len(ch)
                continue
            if strict:
                raise HtmlParseError(
                    f"Unsupported HTML entity at byte offset {_byte_offset(text, i)}; "
                    "use &amp; for a literal '&'"
                )
        if c != "<":
            out.append(c)
            utf16 += utf16_len(c)
            i += 1
            continue

        begin = i
        i += 1
        if char_at(i) != "/":
            # Start tag.
            while i < n and text[i] not in _SPACES and text[i] != ">":
                i += 1
            if i >= n:
                raise HtmlParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(text, begin)}"
                )
            tag = text[begin + 1 : i].lower()
            if tag not in SUPPORTED_TAGS:
                raise HtmlParseError(
                    f'Unsupported start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                )
            argument = ""
            while char_at(i) != ">":
                while i < n and text[i] in _SPACES:
                    i += 1
                if char_at(i) == ">":
                    break
                if i >= n:
                    raise HtmlParseError(
                        f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                    )
                attr_begin = i
                while i < n and text[i] not in _SPACES and text[i] not in "=>":
                    i += 1
                attr_name = text[attr_begin:i]
                if not attr_name:
                    raise HtmlParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset '
                        f"{_byte_offset(text, begin)}"
                    )
                while i < n and text[i] in _SPACES:
                    i += 1
                if char_at(i) != "=":
                    if tag == "blockquote" and attr_name == "expandable":
                        argument = "1"
                        continue
                    raise HtmlParseError(
                        f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                        f"at byte offset {_byte_offset(text, begin)}"
                    )
                i += 1
                while i < n and text[i] in _SPACES:
                    i += 1
                if i >= n:
                    raise HtmlParseError(
                        f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                    )
                if text[i] not in "'\"":
                    token_begin = i
                    while i < n and (text[i].isascii() and text[i].isalnum() or text[i] in ".-"):
                        i += 1
                    value = text[token_begin:i].lower()
                    if i < n and text[i] not in _SPACES and text[i] != ">":
                        raise HtmlParseError(
                            "Unexpected end of name token at byte offset "
                            f"{_byte_offset(text, token_begin)}"
                        )
                else:
                    quote = text[i]
                    i += 1
                    chars: list[str] = []
                    while i < n and text[i] != quote:
                        if text[i] == "&":
                            decoded = _decode_entity(text, i, strict)
                            if decoded is not None:
                                ch, i = decoded
                                chars.append(ch)
                                continue
                            if strict:
                                raise HtmlParseError(
                                    "Unsupported HTML entity at byte offset "
                                    f"{_byte_offset(text, i)}; use &amp; for a literal '&'"
                                )
                        chars.append(text[i])
                        i += 1
                    if i < n:
                        i += 1  # closing quote
                    value = "".join(chars)
                if i >= n:
                    raise HtmlParseError(
                        f"Unclosed start tag at byte offset {_byte_offset(text, begin)}"
                    )
                if tag == "a" and attr_name == "href":
                    argument = value
                elif tag == "code" and attr_name == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif tag == "span" and attr_name == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
                elif tag == "tg-emoji" and attr_name == "emoji-id":
                    argument = value
                elif tag == "blockquote" and attr_name == "expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise HtmlParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset '
                    f"{_byte_offset(text, begin)}"
                )
            stack.append(_Open(tag, argument, utf16, len(out)))
            i += 1  # skip '>'
        else:
            # End tag.
            if not stack:
                raise HtmlParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(text, begin)}"
                )
            i += 1  # skip '/'
            while i < n and text[i] not in _SPACES and text[i] != ">":
                i += 1
            end_tag = text[begin + 2 : i]
            while i < n and text[i] in _SPACES:
                i += 1
            if char_at(i) != ">":
                raise HtmlParseError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
            i += 1
            opened = stack.pop()
            if end_tag and end_tag != opened.tag:
                raise HtmlParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                    f'expected "</{opened.tag}>", found "</{end_tag}>"'
                )
            length = utf16 - opened.offset
            if length <= 0:
                continue
            entity = _make_entity(opened, length, "".join(out[opened.index :]), entities)
            if entity is not None:
                entities.append(entity)

    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _make_entity(opened: _Open, length: int, content: str, entities: list[dict]) -> dict | None:
    base = {"offset": opened.offset, "length": length}
    tag = opened.tag
    if tag in _SIMPLE_TYPES:
        return {"type": _SIMPLE_TYPES[tag], **base}
    if tag == "a":
        url = opened.argument or content
        match = _TG_USER_LINK.match(url)
        if match:
            return {"type": "text_mention", **base, "user": {"id": int(match.group(1))}}
        if not url:
            return None
        return {"type": "text_link", **base, "url": url}
    if tag == "code":
        return {"type": "code", **base, "_language": opened.argument}
    if tag == "pre":
        # <pre><code class="language-x">...</code></pre> becomes one pre entity with language.
        for other in entities:
            if (
                other["type"] == "code"
                and other["offset"] == opened.offset
                and other["length"] == length
                and other.get("_language")
            ):
                entities.remove(other)
                return {"type": "pre", **base, "language": other["_language"]}
        return {"type": "pre", **base}
    if tag == "blockquote":
        kind = "expandable_blockquote" if opened.argument else "blockquote"
        return {"type": kind, **base}
    if tag == "tg-emoji":
        if not opened.argument:
            return None
        return {"type": "custom_emoji", **base, "custom_emoji_id": opened.argument}
    return None


def clean_entities(entities: list[dict]) -> list[dict]:
    """Drop internal helper keys from parsed entities."""
    return [{k: v for k, v in e.items() if not k.startswith("_")} for e in entities]


def trim(text: str, entities: list[dict]) -> tuple[str, list[dict]]:
    """Strip leading/trailing whitespace like Telegram does and fix up entity offsets."""
    stripped_left = text.lstrip(_SPACES)
    shift = utf16_len(text[: len(text) - len(stripped_left)])
    result = stripped_left.rstrip(_SPACES)
    total = utf16_len(result)
    fixed: list[dict] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end <= start:
            continue
        fixed.append({**entity, "offset": start, "length": end - start})
    return result, fixed


def html_to_text(text: str, *, strict: bool = True) -> str:
    """Convenience: the plain text Telegram would show for an HTML message."""
    plain, _ = parse_html(text, strict=strict)
    return plain
