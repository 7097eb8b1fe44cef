// The LINE simulator page: sends what the person does to /dev/line/send and shows the chat's transcript.
"use strict";
const $ = (sel) => document.querySelector(sel);
const who = $("#who"), where = $("#where"), chat = $("#chat"), quick = $("#quick"), statusLine = $("#status");
let shown = -1;

const chatId = () => where.value || who.value;

function updateControls() {
  const inGroup = Boolean(where.value);
  document.querySelectorAll(".group").forEach((el) => el.classList.toggle("hidden", !inGroup));
  document.querySelectorAll(".one-to-one").forEach((el) => el.classList.toggle("hidden", inGroup));
  shown = -1;
  refresh();
}

async function send(action) {
  const body = Object.assign({ user: who.value, group: where.value || null }, action);
  const response = await fetch("send", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  statusLine.textContent = response.ok
    ? `webhook → ${(await response.json()).webhook_status}`
    : `ส่งไม่สำเร็จ (${response.status})`;
  setTimeout(refresh, 150);
}

function act(action) {
  if (action.type === "postback") send({ kind: "postback", data: action.data, display: action.displayText });
  else if (action.type === "message") send({ kind: "text", text: action.text });
}

function bubble(entry, quoted) {
  const div = document.createElement("div");
  const message = entry.message || {};
  div.className = "msg " + (entry.from === "bot" ? "bot" : "user");
  if (message.quoteToken && entry.from === "bot" && quoted[message.quoteToken] !== undefined) {
    const quote = document.createElement("span");  // LINE shows the quoted message above the answer
    quote.className = "quote";
    quote.textContent = quoted[message.quoteToken];
    div.appendChild(quote);
  }
  if (message.type === "flex") {
    div.classList.add("flex");
    div.appendChild(flexMessage(message, act));
    return div;
  }
  if (entry.from !== "bot") {
    const name = document.createElement("span");
    name.className = "who";
    name.textContent = entry.name;
    div.appendChild(name);
  }
  let text = message.text;
  if (!text) text = message.display || `[${message.type}]`;
  div.appendChild(document.createTextNode(text));
  if (entry.via) {
    const via = document.createElement("span");
    via.className = "via";
    via.textContent = entry.via;
    div.appendChild(via);
  }
  return div;
}

function renderQuick(message) {
  quick.replaceChildren();
  const items = (message && message.quickReply && message.quickReply.items) || [];
  for (const item of items) {
    const action = item.action, button = document.createElement("button");
    button.type = "button";
    button.textContent = action.label;
    button.addEventListener("click", () => {
      quick.replaceChildren();
      act(action);
    });
    quick.appendChild(button);
  }
}

async function refresh() {
  const response = await fetch("transcript?chat=" + encodeURIComponent(chatId()));
  if (!response.ok) return;
  const entries = await response.json();
  if (entries.length === shown) return;
  const quoted = {};
  for (const entry of entries) {
    const message = entry.message || {};
    if (entry.from !== "bot" && message.quoteToken) quoted[message.quoteToken] = message.text || `[${message.type}]`;
  }
  chat.replaceChildren(...entries.map((entry) => bubble(entry, quoted)));
  const last = entries[entries.length - 1];
  renderQuick(last && last.from === "bot" ? last.message : null);
  shown = entries.length;
  chat.scrollTop = chat.scrollHeight;
}

// The rich menu LINE shows under a 1:1 chat: the installed default's image, each area a button sending its text.
let menuShown = null;
async function loadRichMenu() {
  const response = await fetch("richmenu?user=" + encodeURIComponent(who.value));
  const menu = response.ok ? await response.json() : {};
  if ((menu.id || null) === menuShown && menuShown !== null) return;
  menuShown = menu.id || null;
  const panel = $("#richmenu-panel"), bar = $("#richmenu-bar");
  panel.querySelectorAll(".area").forEach((el) => el.remove());
  $("#richmenu-missing").classList.toggle("hidden", Boolean(menu.id));
  panel.classList.toggle("hidden", !menu.id);
  bar.classList.toggle("hidden", !menu.id);
  if (!menu.id) return;
  bar.textContent = menu.chatBarText + " ▾";
  $("#richmenu-image").src = menu.image;
  for (const area of menu.areas) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "area";
    button.setAttribute("aria-label", area.label);
    Object.assign(button.style, { left: `${area.left * 100}%`, top: `${area.top * 100}%`,
                                  width: `${area.width * 100}%`, height: `${area.height * 100}%` });
    button.addEventListener("click", () => send({ kind: "text", text: area.text }));
    panel.appendChild(button);
  }
}
$("#richmenu-bar").addEventListener("click", () => {
  const panel = $("#richmenu-panel"), open = panel.classList.toggle("hidden");
  $("#richmenu-bar").setAttribute("aria-expanded", String(!open));
});

$("#compose").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("#text").value.trim();
  if (!text) return;
  send({ kind: "text", text, mention: $("#mention").checked });
  $("#text").value = "";
});
document.querySelectorAll("button[data-kind]").forEach((b) =>
  b.addEventListener("click", () => send({ kind: b.dataset.kind })));
$("#image").addEventListener("change", (e) => {
  const file = e.target.files[0];
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => send({ kind: "image", image: reader.result.split(",")[1], content_type: file.type });
  reader.readAsDataURL(file);
  e.target.value = "";
});
who.addEventListener("change", () => { updateControls(); loadRichMenu(); });
where.addEventListener("change", updateControls);
updateControls();
loadRichMenu();
setInterval(refresh, 1000);
setInterval(loadRichMenu, 5000);
// Flex messages as LINE draws them, near enough to try the bot: bubbles and carousels of boxes, texts, buttons,
// images and separators. Buttons act like LINE's: a message action sends its text, a postback its data.
function flexNode(node, act) {
  const el = document.createElement(node.type === "button" ? "button" : node.type === "image" ? "img" : "div");
  el.className = "fx-" + node.type;
  if (node.type === "box") {
    el.classList.add("fx-" + (node.layout || "vertical"));
    if (node.backgroundColor) el.style.background = node.backgroundColor;
    for (const child of node.contents || []) el.appendChild(flexNode(child, act));
  } else if (node.type === "text") {
    el.textContent = node.text || "";
    if (node.color) el.style.color = node.color;
    if (node.weight === "bold") el.style.fontWeight = "bold";
    el.classList.add("fx-size-" + (node.size || "md"));
    if (node.flex !== undefined) el.style.flex = String(node.flex);
  } else if (node.type === "button") {
    el.type = "button";
    el.textContent = (node.action && node.action.label) || "";
    el.classList.add("fx-" + (node.style || "link"));
    el.addEventListener("click", () => act(node.action));
  } else if (node.type === "image") {
    el.src = node.url;
    el.alt = "";
  }
  return el;
}

function flexBubble(bubble, act) {
  const card = document.createElement("div");
  card.className = "fx-bubble";
  for (const part of ["header", "hero", "body", "footer"]) {
    if (!bubble[part]) continue;
    const section = flexNode(bubble[part], act);
    section.classList.add("fx-part", "fx-" + part);
    card.appendChild(section);
  }
  return card;
}

function flexMessage(message, act) {
  const holder = document.createElement("div");
  holder.className = "fx";
  holder.setAttribute("aria-label", message.altText || "");
  const contents = message.contents || {};
  const bubbles = contents.type === "carousel" ? contents.contents : [contents];
  if (contents.type === "carousel") holder.classList.add("fx-carousel");
  for (const bubble of bubbles) holder.appendChild(flexBubble(bubble, act));
  return holder;
}
