"""Who is in a group, as Telegram shows it.

Every member the bot sees in a group is remembered there: whoever sends a command, a reply
or a service message, presses a button, or joins. Telegram has no call that turns
@username into a user, so this is how `/actie @anna ...` finds Anna. Leaving and joining
come as service messages (also in privacy mode) and, where the bot is admin and asked for
them, as chat_member updates; either is enough, both are fine. Where Telegram can tell
(getChatMember), the shell asks before a group's data goes to someone in private, and
before a text mention names someone (a text mention can name anybody)."""

from __future__ import annotations

from telegram import ChatMember, Message, MessageEntity, Update, User
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

from bot.services.common import Person
from bot.telegram.handlers.common import ADMINS, chat_member_of, person_of
from bot.telegram.runtime import services_of

GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)


def people_seen(update: Update) -> tuple[int, list[Person]] | None:
    """The group and the members this update shows there; None outside groups or when it
    shows nobody. Stored when the update is taken on (bot.telegram.intake), before any
    handler runs, so a member is known by the time a command names them. Seeing someone
    never makes a member who left one again: joining does (the handlers below)."""
    chat = update.effective_chat
    if chat is None or chat.type not in GROUPS:
        return None
    people = _people(update)
    return (chat.id, [person_of(user) for user in people]) if people else None


def _people(update: Update) -> list[User]:
    people: list[User] = []
    if update.effective_user is not None:
        people.append(update.effective_user)
    message = update.effective_message
    if message is not None:
        people += message.new_chat_members or ()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None:
            people.append(replied.from_user)
    if update.chat_member is not None and present(update.chat_member.new_chat_member):
        people.append(update.chat_member.new_chat_member.user)
    return [user for user in people if not user.is_bot]


def present(member: ChatMember) -> bool:
    """In the group by Telegram's word (a restricted member may still be in it)."""
    if member.status == ChatMemberStatus.RESTRICTED:
        return bool(getattr(member, "is_member", False))
    return member.status in (*ADMINS, ChatMemberStatus.MEMBER)


# --- joining and leaving -----------------------------------------------------------------


async def joined(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """new_chat_members: members again for every rule."""
    message = update.effective_message
    if message is None or not message.new_chat_members:
        return
    people = [person_of(user) for user in message.new_chat_members if not user.is_bot]
    if people:
        await _back(context, message.chat.id, people)


async def left(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """left_chat_member: gone, whether they left or were removed (the bot's own leaving is
    bot.telegram.handlers.team.chats')."""
    message = update.effective_message
    if message is None or message.left_chat_member is None or message.left_chat_member.is_bot:
        return
    await _gone(context, message.chat.id, person_of(message.left_chat_member))


async def changed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """chat_member (the bot is admin and asked for them): joined, left, removed, banned."""
    change = update.chat_member
    if change is None or change.new_chat_member.user.is_bot:
        return
    chat_id, who = change.chat.id, person_of(change.new_chat_member.user)
    if present(change.new_chat_member):
        await _back(context, chat_id, [who])
    else:
        await _gone(context, chat_id, who)


async def _back(context: ContextTypes.DEFAULT_TYPE, chat_id: int, people: list[Person]) -> None:
    services = services_of(context)
    await services.call(services.membership.joined, chat_id=chat_id, people=people)


async def _gone(context: ContextTypes.DEFAULT_TYPE, chat_id: int, who: Person) -> None:
    services = services_of(context)
    await services.call(services.membership.left, chat_id=chat_id, who=who)


# --- asking Telegram ---------------------------------------------------------------------


async def confirm_member(context: ContextTypes.DEFAULT_TYPE, chat_id: int, who: Person) -> None:
    """Ask Telegram whether they are still in the group; a leave the bot missed is stored
    (and handled like any leave) before anything of the group reaches them."""
    member = await chat_member_of(context, chat_id, who.id)
    if member is not None and not present(member):
        await _gone(context, chat_id, who)


async def confirm_memberships(context: ContextTypes.DEFAULT_TYPE, who: Person) -> None:
    """Before a private answer with group data (/export, /mijnacties): every group the
    bot counts them in, checked with Telegram."""
    services = services_of(context)
    for chat_id in await services.call(services.policy.groups_of, who.id):
        await confirm_member(context, chat_id, who)


async def mentioned_members(
    context: ContextTypes.DEFAULT_TYPE, message: Message
) -> dict[str, Person]:
    """People named by a text mention (they have no @username): visible text -> person.
    Anybody can be text-mentioned, so Telegram is asked who is in this group; those who
    are count as seen there (a member who never spoke yet), the others are left out and
    the service says it does not know them."""
    found: dict[str, Person] = {}
    for entity, text in message.parse_entities([MessageEntity.TEXT_MENTION]).items():
        if entity.user is None or entity.user.is_bot:
            continue
        member = await chat_member_of(context, message.chat.id, entity.user.id)
        if member is not None and not present(member):
            continue
        person = person_of(entity.user)
        if member is not None:
            services = services_of(context)
            await services.call(
                services.membership.joined, chat_id=message.chat.id, people=[person]
            )
        found[text] = person
    return found
