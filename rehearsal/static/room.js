// The rehearsal room's page: plain JavaScript, no build step, nothing fetched from elsewhere.
// Messages arrive as text plus Telegram's entities and are built with DOM calls only (never
// innerHTML), so whatever a member typed is shown as text.
"use strict";

const view = {
  me: Number(localStorage.getItem("oefen.als")) || null,
  chat: "group",
  replyTo: null, // {id, from, preview}
  data: null,
  loading: false,
  again: false,
  fetchedAt: 0,
  seen: JSON.parse(localStorage.getItem("oefen.gezien") || "{}"),
  forcedReply: 0,
  suggestion: 0,
  stickToBottom: true,
  jumpToNewest: false, // after sending: show the newest message whatever the scroll
  newestSeen: 0, // the newest message id the reader has seen at the bottom of the chat
  nextAsked: 0, // when the page last asked again because "volgende" had passed
};

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

// --- talking to the room --------------------------------------------------------------------

async function post(action, body = {}) {
  const response = await fetch(`/api/${action}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const result = await response.json().catch(() => ({}));
  if (!response.ok) {
    toast(result.error || "Dat lukte niet.");
    throw new Error(result.error || response.statusText);
  }
  return result;
}

async function load() {
  if (view.loading) {
    view.again = true;
    return;
  }
  view.loading = true;
  try {
    do {
      view.again = false;
      const asked = { me: view.me, chat: view.chat };
      const query = new URLSearchParams({ chat: asked.chat });
      if (asked.me) query.set("als", asked.me);
      const response = await fetch(`/api/state?${query}`);
      if (!response.ok) {
        await new Promise((done) => setTimeout(done, 500));
        view.again = true;
        continue;
      }
      const data = await response.json();
      if (asked.me !== view.me || asked.chat !== view.chat) {
        view.again = true; // the speaker or chat changed meanwhile: this answer is stale
        continue;
      }
      view.data = data;
      view.fetchedAt = performance.now();
      render();
    } while (view.again);
  } finally {
    view.loading = false;
  }
}

function listen() {
  const events = new EventSource("/api/events");
  events.onmessage = () => load();
  events.onerror = () => {
    // EventSource reconnects by itself; fetch once in case we missed a change meanwhile.
    setTimeout(load, 1000);
  };
}

// --- rendering ------------------------------------------------------------------------------

function render() {
  const data = view.data;
  if (view.me !== data.me) {
    view.me = data.me;
    localStorage.setItem("oefen.als", String(view.me));
  }
  const me = data.colleagues.find((c) => c.id === data.me);
  renderTop(data);
  renderSidebar(data, me);
  renderChat(data, me);
}

function renderTop(data) {
  for (const button of document.querySelectorAll("[data-tempo]")) {
    button.classList.toggle("active", Number(button.dataset.tempo) === data.clock.speed);
    button.setAttribute("aria-pressed", String(Number(button.dataset.tempo) === data.clock.speed));
  }
  $("volgende-tijd").textContent = data.clock.next_label
    ? `volgende: ${data.clock.next_label}`
    : "niets gepland";
  $("volgende-moment").disabled = !data.clock.next;
  $("meedoen").checked = data.autoplay;
  tick();
}

const clockFormat = {};
function tick() {
  const data = view.data;
  if (!data) return;
  const zone = data.timezone;
  clockFormat[zone] ||= new Intl.DateTimeFormat("nl-NL", {
    timeZone: zone, weekday: "short", day: "numeric", month: "short", year: "numeric",
    hour: "2-digit", minute: "2-digit", second: "2-digit",
  });
  const elapsed = (performance.now() - view.fetchedAt) * data.clock.speed;
  const now = Date.parse(data.clock.now) + elapsed;
  $("klok").textContent = clockFormat[zone].format(new Date(now));
  if (data.clock.next && now >= Date.parse(data.clock.next)) {
    // The bot's clock has passed that moment: never show it as still to come; ask what is next.
    $("volgende-tijd").textContent = "volgende: …";
    if (performance.now() - view.nextAsked > 2000) {
      view.nextAsked = performance.now();
      load();
    }
  }
}

function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((part) => part[0]).join("").toUpperCase();
}

const COLORS = ["#e17076", "#7bc862", "#e5ca77", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774"];
function colorFor(id) {
  return COLORS[Math.abs(Number(id)) % COLORS.length];
}

function renderSidebar(data, me) {
  $("groepsnaam").textContent = data.group_title;
  $("privenaam").textContent = `${data.bot.name} (privé)`;
  for (const item of document.querySelectorAll(".chat-item")) {
    const chat = item.dataset.chat;
    item.classList.toggle("active", chat === data.where);
    const key = `${data.me}:${chat}`;
    if (chat === data.where) view.seen[key] = data.latest[chat];
    item.querySelector(".dot").hidden = !(data.latest[chat] > (view.seen[key] || 0));
  }
  localStorage.setItem("oefen.gezien", JSON.stringify(view.seen));
  const list = $("collegas");
  if (list.querySelector("input")) return; // a name is being edited
  list.replaceChildren(
    ...data.colleagues.map((colleague) =>
      el(
        "li",
        { class: `speaker${colleague.id === data.me ? " active" : ""}`, dataset: { id: colleague.id } },
        el(
          "button",
          {
            type: "button", class: "who", "aria-pressed": String(colleague.id === data.me),
            onclick: () => switchTo(colleague.id),
          },
          el("span", { class: "avatar", style: `background:${colorFor(colleague.id)}` }, initials(colleague.name)),
          el("span", {}, el("span", { class: "name" }, colleague.name),
            el("span", { class: "role" }, colleague.chair ? "★ voorzitter" : "collega")),
        ),
        el("button", {
          type: "button", class: "edit", title: `Naam van ${colleague.name} wijzigen`,
          "aria-label": `Naam van ${colleague.name} wijzigen`,
          onclick: (event) => editName(event.currentTarget.parentElement, colleague),
        }, "✎"),
      ),
    ),
  );
  $("invoer").placeholder = me ? `Bericht als ${me.name}` : "Bericht";
}

function editName(item, colleague) {
  const input = el("input", { value: colleague.name, maxlength: "64", "aria-label": "Nieuwe naam" });
  const save = async () => {
    const name = input.value.trim();
    input.remove();
    if (name && name !== colleague.name) await post("naam", { id: colleague.id, naam: name }).catch(() => {});
    load();
  };
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") save();
    if (event.key === "Escape") { input.remove(); load(); }
  });
  input.addEventListener("blur", save, { once: true });
  item.replaceChildren(input);
  input.focus();
  input.select();
}

function switchTo(id) {
  view.me = id;
  localStorage.setItem("oefen.als", String(id));
  clearReply();
  for (const item of document.querySelectorAll(".speaker")) {
    const active = Number(item.dataset.id) === id;
    item.classList.toggle("active", active);
    item.querySelector(".who")?.setAttribute("aria-pressed", String(active));
  }
  // A private chat belongs to one colleague: never show someone else's while loading.
  if (view.chat === "private") $("berichten").replaceChildren();
  load();
}

function renderChat(data, me) {
  const chat = data.chat;
  $("chattitel").textContent = chat.title;
  $("chatsub").textContent = data.where === "group"
    ? `${data.colleagues.length} oefencollega's en de bot`
    : `privéchat van ${me.name} met de bot`;
  const pinned = $("vastgezet");
  pinned.hidden = !chat.pinned;
  if (chat.pinned) {
    pinned.replaceChildren(el("strong", {}, "📌 Vastgezet bericht"), chat.pinned.preview);
    pinned.onclick = () => showMessage(chat.pinned.id);
  }
  const notStarted = data.where === "private" && !me.started;
  $("start-prive").hidden = !notStarted;
  $("invoerbalk").hidden = notStarted;

  const box = $("berichten");
  const atBottom = view.jumpToNewest || isAtBottom(box);
  view.jumpToNewest = false;
  view.stickToBottom = atBottom;
  const keep = box.scrollTop;
  const nodes = chat.messages.map((message) => renderMessage(message, data));
  if (!nodes.length) {
    nodes.push(el("div", { class: "empty" }, data.where === "group"
      ? "Nog niets gezegd. Begin als voorzitter met /sessie (of /sessie 10 voor een korte oefening)."
      : "Stuur /start, /mijnacties of /help."));
  }
  box.replaceChildren(...nodes);
  box.scrollTop = atBottom ? box.scrollHeight : keep;

  const newest = chat.messages[chat.messages.length - 1];
  const newestId = newest ? newest.id : 0;
  if (atBottom || newestId < view.newestSeen) view.newestSeen = newestId;
  $("nieuwe-berichten").hidden = newestId <= view.newestSeen;
  if (newest && newest.force_reply && newest.id > view.forcedReply) {
    // Telegram opens the reply box by itself when the bot asks with a forced reply.
    view.forcedReply = newest.id;
    setReply({ id: newest.id, from: newest.from.name, preview: (newest.text || "").slice(0, 90) });
  }
  if (view.replyTo && !chat.messages.some((m) => m.id === view.replyTo.id)) clearReply();
}

function isAtBottom(box) {
  return box.scrollHeight - box.scrollTop - box.clientHeight < 60;
}

function toNewest() {
  const box = $("berichten");
  box.scrollTop = box.scrollHeight;
  seenToBottom();
}

function seenToBottom() {
  const messages = view.data ? view.data.chat.messages : [];
  if (messages.length) view.newestSeen = Math.max(view.newestSeen, messages[messages.length - 1].id);
  $("nieuwe-berichten").hidden = true;
}

function renderMessage(message, data) {
  if (message.service) {
    return el("div", { class: "service", dataset: { id: message.id } }, message.service);
  }
  const own = message.from.id === data.me;
  const bubble = el("div", { class: "bubble" });
  if (!own) {
    bubble.append(
      el("div", { class: "sender", style: `color:${message.from.bot ? "#3390ec" : colorFor(message.from.id)}` },
        message.from.name,
        message.from.bot ? el("span", { class: "tag" }, "bot") : null,
        message.example ? el("span", { class: "tag example", title: "Voorbeeldantwoord uit de oefenruimte" }, "voorbeeld") : null),
    );
  } else if (message.example) {
    bubble.append(el("div", { class: "sender" }, el("span", { class: "tag example" }, "voorbeeld")));
  }
  if (message.reply_to) {
    bubble.append(
      el("button", { type: "button", class: "quote", onclick: () => showMessage(message.reply_to.id) },
        el("strong", {}, message.reply_to.from), message.reply_to.preview),
    );
  }
  if (message.photo) {
    bubble.append(
      el("a", { class: "photo", href: `${message.photo.url}?inline`, target: "_blank", rel: "noopener" },
        el("img", {
          src: `${message.photo.url}?inline`, alt: "Foto van de bot",
          // A photo grows the chat once it has loaded: stay at the newest message.
          onload: () => { if (view.stickToBottom) $("berichten").scrollTop = $("berichten").scrollHeight; },
        })),
    );
  }
  if (message.document) {
    bubble.append(
      el("div", { class: "document" },
        el("span", { class: "icon" }, "📄"),
        el("span", {},
          el("a", { href: message.document.url, download: message.document.name }, message.document.name),
          el("small", {}, `${sizeLabel(message.document.size)} · klik om te downloaden`))),
    );
  }
  if (message.poll) bubble.append(renderPoll(message, data));
  if (message.text) {
    const text = el("div", { class: "text" });
    text.append(formatted(message.text, message.entities || []));
    bubble.append(text);
  }
  const reply = el("button", {
    type: "button", class: "reply", title: "Reageer op dit bericht",
    onclick: () => {
      setReply({ id: message.id, from: message.from.name, preview: (message.text || "").slice(0, 90) });
      $("invoer").focus();
    },
  }, "↩ Reageer");
  // Each in its own element: bare text nodes side by side in a flex row run together.
  bubble.append(el("div", { class: "meta" }, reply,
    message.edited ? el("span", { class: "edited" }, "bewerkt") : null,
    el("span", { class: "time" }, message.time.slice(-5))));

  const side = own ? " own" : message.from.bot ? " from-bot" : "";
  const node = el("div", { class: `message${side}`, dataset: { id: message.id } }, bubble);
  if (message.buttons && message.buttons.length) node.append(renderKeyboard(message, data));
  if (message.reactions && message.reactions.length) {
    node.append(el("div", { class: "reactions" },
      ...message.reactions.map((emoji) => el("span", { class: "reaction", title: "Reactie van de bot" }, emoji))));
  }
  return node;
}

function sizeLabel(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function renderKeyboard(message, data) {
  return el("div", { class: "keyboard" },
    ...message.buttons.map((row) => el("div", { class: "row" },
      ...row.map((button) => {
        if (button.room) {
          return el("button", { type: "button", class: "inline-button", onclick: () => follow(button.room) }, button.text);
        }
        if (button.url) {
          return el("a", { class: "inline-button", href: button.url, target: "_blank", rel: "noopener noreferrer" }, `${button.text} ↗`);
        }
        return el("button", {
          type: "button", class: "inline-button",
          onclick: async (event) => {
            if (button.data === undefined) return;
            const target = event.currentTarget;
            target.disabled = true;
            try {
              const answer = await post("druk", { als: view.me, chat: data.where, bericht: message.id, data: button.data });
              if (answer.text) toast(answer.text, answer.alert);
            } catch (error) {
              // post() told the user already
            } finally {
              target.disabled = false;
            }
          },
        }, button.text);
      }))));
}

function renderPoll(message, data) {
  const poll = message.poll;
  const box = el("div", { class: "poll" },
    el("div", { class: "question" }, poll.question),
    el("div", { class: "kind" }, `${poll.anonymous ? "Anonieme peiling" : "Peiling"}${poll.closed ? " · gesloten" : ""} · ${poll.total} ${poll.total === 1 ? "stem" : "stemmen"}`));
  poll.options.forEach((option, index) => {
    const share = poll.total ? Math.round((100 * option.votes) / poll.total) : 0;
    const chosen = poll.mine.includes(index);
    box.append(el("button", {
      type: "button", class: chosen ? "mine" : "", disabled: poll.closed ? "" : null,
      onclick: () => {
        let options = [index];
        if (poll.multiple) options = chosen ? poll.mine.filter((i) => i !== index) : [...poll.mine, index];
        else if (chosen) options = [];
        post("stem", { als: view.me, chat: data.where, bericht: message.id, opties: options }).catch(() => {});
      },
    }, `${chosen ? "✓ " : ""}${option.text} · ${share}%`, el("div", { class: "bar", style: `width:${share}%` })));
  });
  return box;
}

// Telegram's entities to elements. Offsets are UTF-16 code units, as JavaScript strings are.
function formatted(text, entities) {
  const fragment = document.createDocumentFragment();
  const sorted = entities
    .filter((e) => e.length > 0)
    .slice()
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  build(fragment, text, 0, text.length, sorted);
  return fragment;
}

function build(parent, text, start, end, entities) {
  let position = start;
  let index = 0;
  while (index < entities.length) {
    const entity = entities[index];
    const from = Math.max(entity.offset, position);
    const to = Math.min(entity.offset + entity.length, end);
    const inside = [];
    let next = index + 1;
    while (next < entities.length && entities[next].offset < entity.offset + entity.length) {
      inside.push(entities[next]);
      next += 1;
    }
    if (from > position) parent.append(text.slice(position, from));
    if (to > from) {
      const node = elementFor(entity, text.slice(entity.offset, entity.offset + entity.length));
      build(node, text, from, to, inside);
      parent.append(node);
      position = to;
    }
    index = next;
  }
  if (position < end) parent.append(text.slice(position, end));
}

// A Telegram link (t.me) stays inside the room: the bot's chat opens as its deep link
// would (with /start and its payload), a group link shows the group, anything else
// stays put.
async function follow(link) {
  if (link.chat === "private") {
    try {
      await post("prive", { als: view.me, start: link.start || null });
    } catch (error) {
      return; // post() told the user already
    }
  } else if (link.chat !== "group") {
    toast("Die link opent in Telegram een andere chat. In de oefenruimte blijf je hier.");
    return;
  }
  view.chat = link.chat;
  clearReply();
  load();
}

function safeLink(href) {
  try {
    const url = new URL(href);
    return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : null;
  } catch (error) {
    return null;
  }
}

function elementFor(entity, covered) {
  switch (entity.type) {
    case "bold": return el("strong");
    case "italic": return el("em");
    case "underline": return el("u");
    case "strikethrough": return el("s");
    case "code": return el("code");
    case "pre": return el("pre");
    case "blockquote":
    case "expandable_blockquote": return el("blockquote");
    case "spoiler": return el("span", { class: "spoiler", onclick: (e) => e.currentTarget.classList.add("shown") });
    case "text_link": {
      const href = safeLink(entity.url);
      if (href) return el("a", { href, target: "_blank", rel: "noopener noreferrer" });
      return el("span", { class: "mention", title: entity.url || "" });
    }
    case "url": {
      const href = safeLink(/^[a-z]+:/i.test(covered) ? covered : `https://${covered}`);
      return href ? el("a", { href, target: "_blank", rel: "noopener noreferrer" }) : el("span");
    }
    case "email": return el("a", { href: `mailto:${covered}` });
    case "room_link":
      return el("a", {
        href: "#", class: "room-link",
        onclick: (event) => { event.preventDefault(); follow(entity.room); },
      });
    case "mention":
    case "text_mention": return el("span", { class: "mention" });
    case "bot_command":
      return el("span", {
        class: "command", title: "Zet deze opdracht in het invoerveld",
        onclick: () => { $("invoer").value = `${covered.split("@")[0]} `; $("invoer").focus(); },
      });
    default: return el("span");
  }
}

function showMessage(id) {
  const node = document.querySelector(`#berichten [data-id="${id}"]`);
  if (!node) return;
  node.scrollIntoView({ block: "center", behavior: "smooth" });
  node.classList.add("flash");
  setTimeout(() => node.classList.remove("flash"), 1200);
}

// --- replying and typing --------------------------------------------------------------------

function setReply(target) {
  view.replyTo = target;
  $("reactie-op").hidden = false;
  $("reactie-naam").textContent = target.from;
  $("reactie-tekst").textContent = target.preview || "";
}

function clearReply() {
  view.replyTo = null;
  $("reactie-op").hidden = true;
}

function suggestions() {
  const value = $("invoer").value;
  const commands = (view.data && view.data.commands) || [];
  if (!value.startsWith("/") || /\s/.test(value)) return [];
  const typed = value.slice(1).toLowerCase();
  return commands.filter((c) => c.command.startsWith(typed));
}

function showSuggestions(all = false) {
  const list = $("suggesties");
  const found = all ? (view.data ? view.data.commands : []) : suggestions();
  if (!found.length) {
    list.hidden = true;
    return;
  }
  view.suggestion = Math.min(view.suggestion, found.length - 1);
  list.replaceChildren(...found.map((command, index) => el("li", { class: index === view.suggestion ? "selected" : "" },
    el("button", { type: "button", onclick: () => choose(command) },
      el("span", { class: "cmd" }, `/${command.command}`),
      el("span", { class: "desc" }, command.description)))));
  list.hidden = false;
}

function choose(command) {
  $("invoer").value = `/${command.command} `;
  $("suggesties").hidden = true;
  $("invoer").focus();
}

async function send(event) {
  event.preventDefault();
  const input = $("invoer");
  const text = input.value;
  if (!text.trim()) return;
  $("suggesties").hidden = true;
  const body = { als: view.me, chat: view.chat, tekst: text };
  if (view.replyTo) body.reply_to = view.replyTo.id;
  // Telegram shows what you send at once, with what comes after it.
  view.jumpToNewest = true;
  toNewest();
  try {
    await post("zeg", body);
    input.value = "";
    clearReply();
  } catch (error) {
    // Nothing typed is lost: the text stays in the box.
  }
}

let toastTimer = null;
function toast(text, alert = false) {
  const box = $("melding");
  box.textContent = text;
  box.classList.toggle("alert", Boolean(alert));
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, alert ? 6000 : 3000);
}

// --- wiring ---------------------------------------------------------------------------------

function wire() {
  $("formulier").addEventListener("submit", send);
  $("invoer").addEventListener("input", () => { view.suggestion = 0; showSuggestions(); });
  $("invoer").addEventListener("keydown", (event) => {
    const found = suggestions();
    if ($("suggesties").hidden || !found.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      view.suggestion = (view.suggestion + (event.key === "ArrowDown" ? 1 : found.length - 1)) % found.length;
      showSuggestions();
    } else if (event.key === "Tab") {
      event.preventDefault();
      choose(found[view.suggestion]);
    } else if (event.key === "Escape") {
      $("suggesties").hidden = true;
    }
  });
  $("menu").addEventListener("click", () => {
    if ($("suggesties").hidden) showSuggestions(true);
    else $("suggesties").hidden = true;
  });
  $("reactie-weg").addEventListener("click", clearReply);
  $("nieuwe-berichten").addEventListener("click", toNewest);
  $("berichten").addEventListener("scroll", () => {
    if (isAtBottom($("berichten"))) seenToBottom();
  });
  for (const item of document.querySelectorAll(".chat-item")) {
    item.addEventListener("click", () => {
      view.chat = item.dataset.chat;
      view.jumpToNewest = true; // another chat opens at its newest message
      view.newestSeen = 0;
      clearReply();
      load();
    });
  }
  for (const button of document.querySelectorAll("[data-tempo]")) {
    button.addEventListener("click", () => post("tempo", { tempo: Number(button.dataset.tempo) }).then(load, () => {}));
  }
  $("volgende-moment").addEventListener("click", async () => {
    const result = await post("volgende-moment").catch(() => null);
    if (result && !result.moment) toast("De bot heeft niets meer gepland.");
    load();
  });
  $("meedoen").addEventListener("change", (event) => post("meedoen", { aan: event.target.checked }).catch(() => {}));
  $("opnieuw").addEventListener("click", async () => {
    if (!confirm("Alles wissen en de oefenruimte leeg opnieuw beginnen?")) return;
    await post("opnieuw").catch(() => {});
    view.seen = {};
    view.forcedReply = 0;
    clearReply();
    load();
  });
  $("start-knop").addEventListener("click", () => post("prive", { als: view.me }).then(load, () => {}));
  setInterval(tick, 1000);
}

wire();
listen();
load();
