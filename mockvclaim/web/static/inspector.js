// mockvclaim request inspector: polls the control API, renders with textContent only
// (journal bodies come from any caller and must never become markup).
"use strict";

const POLL_MS = 1000;
const LIMIT = 200;
const TOKEN_KEY = "mockvclaim-token";

const $ = (id) => document.getElementById(id);
const opened = new Set(); // ids of entries the user expanded; kept across refreshes
let entries = [];
let rules = [];
let shown = ""; // what is on screen, to skip needless redraws

// ?token=... (or #token=...) is moved to sessionStorage and out of the address bar.
function adminToken() {
  const fromUrl = new URLSearchParams(location.search).get("token")
    || new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    history.replaceState(null, "", location.pathname);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

const token = adminToken();

async function api(path, options = {}) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const answer = await fetch(path, { ...options, headers, cache: "no-store" });
  if (answer.status === 401) {
    throw new Error("this mock needs its admin token: open /_mock/?token=YOUR_TOKEN");
  }
  if (!answer.ok) throw new Error(`${path}: HTTP ${answer.status}`);
  return answer.json();
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function pretty(value) {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2);
}

function clock(iso) {
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) ? "" : when.toLocaleTimeString([], { hour12: false });
}

function block(title, value) {
  const part = el("div", "part");
  part.append(el("h3", "", title), el("pre", "", pretty(value)));
  return part;
}

// VClaim answers "200"; Antrean 200 or 1, Aplicares 1, i-Care 200, as numbers
// (docs/antrean-aplicares.md §1.3).
const SUCCESS_CODES = new Set(["200", "1"]);

function entryView(entry) {
  const item = el("li");
  const details = el("details", "entry");
  details.dataset.id = entry.id;
  details.open = opened.has(entry.id);
  details.addEventListener("toggle", () => {
    if (details.open) opened.add(entry.id); else opened.delete(entry.id);
  });

  const summary = el("summary");
  const meta = entry.metaData;
  const metaText = meta ? `${meta.code} ${meta.message}` : "";
  summary.append(
    el("span", "time", clock(entry.time)),
    el("span", "method", entry.method),
    el("span", "path", entry.path),
    el("span", `http s${String(entry.status)[0]}`, entry.status || "—"),
    el("span", `meta ${meta && SUCCESS_CODES.has(String(meta.code)) ? "ok" : "bad"}`, metaText),
  );
  const tags = el("span", "tags");
  if (entry.rule) tags.append(el("span", "tag", `rule ${entry.rule}`));
  if (entry.fault) tags.append(el("span", "tag fault", `fault ${entry.fault}`));
  if (!entry.operation) tags.append(el("span", "tag fault", "no route"));
  summary.append(tags, el("span", "duration", `${Number(entry.duration_ms).toFixed(1)} ms`));
  summary.title = `${entry.method} ${entry.path}`;

  const detail = el("div", "detail");
  const facts = {
    operation: entry.operation, cons_id: entry.cons_id, time: entry.time, query: entry.query,
  };
  // Two columns: what was sent on the left, what came back on the right.
  detail.append(
    block("Request body", entry.body),
    block("Response (decrypted)", entry.response),
    block("Request headers", entry.headers),
    block("metaData", entry.metaData),
    block("Call", facts),
  );
  if (entry.extra && Object.keys(entry.extra).length) detail.append(block("Extra", entry.extra));

  details.append(summary, detail);
  item.append(details);
  return item;
}

function ruleView(rule) {
  const row = el("tr", rule.hits ? "hit" : "");
  const source = String(rule.source || "");
  const sourceCell = el("td", "source", source.split(/[\\/]/).pop());
  sourceCell.title = source;
  row.append(
    el("td", "rule", rule.id),
    el("td", "", rule.operation),
    sourceCell,
    el("td", "hits", rule.times ? `${rule.hits} / ${rule.times}` : rule.hits),
  );
  return row;
}

function render() {
  const needle = $("filter").value.trim().toLowerCase();
  const visible = needle
    ? entries.filter((entry) => JSON.stringify(entry).toLowerCase().includes(needle))
    : entries;
  const state = JSON.stringify([needle, visible.map((e) => e.id), rules]);
  if (state === shown) return;
  shown = state;

  $("requests").replaceChildren(...visible.map(entryView));
  $("count").textContent = needle ? `${visible.length} of ${entries.length}` : `${entries.length}`;
  $("empty").hidden = visible.length > 0;
  if (needle && !visible.length) $("empty").textContent = "No request matches the filter.";
  else $("empty").textContent = "No requests yet. Point your SIMRS at this mock and send one.";
  $("rules").replaceChildren(...rules.map(ruleView));
}

function status(text, kind) {
  $("status").textContent = text;
  $("status").className = `status ${kind}`;
}

async function refresh() {
  try {
    const [journal, scenarios] = await Promise.all([
      api(`requests?limit=${LIMIT}`),
      api("scenarios"),
    ]);
    entries = journal.requests;
    rules = scenarios.rules;
    render();
    status($("live").checked ? "live" : "paused", $("live").checked ? "live" : "");
  } catch (problem) {
    status(problem.message, "error");
  }
}

async function loop() {
  if ($("live").checked) await refresh();
  setTimeout(loop, POLL_MS);
}

$("filter").addEventListener("input", render);
$("live").addEventListener("change", () => { if ($("live").checked) refresh(); });
$("clear").addEventListener("click", async () => {
  try {
    await api("requests", { method: "DELETE" });
    opened.clear();
    await refresh();
  } catch (problem) {
    status(problem.message, "error");
  }
});

fetch("health", { cache: "no-store" })
  .then((answer) => answer.json())
  .then((health) => { $("version").textContent = health.version; })
  .catch(() => {});
loop();
