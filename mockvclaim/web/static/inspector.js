// mockvclaim request inspector: polls the control API, renders with textContent only
// (journal bodies come from any caller and must never become markup).
"use strict";

const POLL_MS = 1000;
const LIMIT = 200;
const TOKEN_KEY = "mockvclaim-token";

const $ = (id) => document.getElementById(id);
const opened = new Set(); // ids of entries the user expanded; kept across refreshes
const LINK_PREFIX = "#entry-"; // a permalink to one entry: /_mock/#entry-42
let entries = [];
let pinned = null; // the linked entry when it is no longer among the newest LIMIT
let rules = [];
let warnings = []; // rules that never act, values YAML read differently
let shown = ""; // what is on screen, to skip needless redraws

// ?token=... (or #token=...) is moved to sessionStorage and out of the address bar.
function adminToken() {
  const fromUrl = new URLSearchParams(location.search).get("token")
    || new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    const query = new URLSearchParams(location.search);
    query.delete("token");
    const link = location.hash.startsWith(LINK_PREFIX) ? location.hash : "";
    history.replaceState(null, "", location.pathname + (query.size ? `?${query}` : "") + link);
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

// What went wrong, in a few words, for a row without a metaData: the refusal reason, the
// gateway's page title or text, the fault.
function reason(entry) {
  const refused = entry.extra && entry.extra.refused;
  if (entry.fault === "drop") return "connection dropped, no answer";
  if (entry.fault === "garbage") return "random bytes, then the connection closed";
  if (entry.fault === "empty") return "empty body";
  let text = typeof entry.response === "string" ? entry.response : "";
  const title = /<title>([^<]*)<\/title>/i.exec(text);
  if (title) text = title[1];
  text = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
  if (refused) return text ? `${text}: ${refused}` : refused;
  return text || (entry.status ? "" : "no answer");
}

// A path may wrap after a slash, never inside a segment: a card number stays whole.
function pathView(path) {
  const span = el("span", "path");
  path.split("/").forEach((segment, index) => {
    if (index) span.append("/", document.createElement("wbr"));
    span.append(segment);
  });
  return span;
}

function failed(entry) {
  if (entry.fault && entry.fault !== "dribble") return true;
  if (entry.status !== 200) return true;
  return !entry.metaData || !SUCCESS_CODES.has(String(entry.metaData.code));
}

function entryId() {
  const id = Number(location.hash.slice(LINK_PREFIX.length));
  return location.hash.startsWith(LINK_PREFIX) && Number.isInteger(id) && id > 0 ? id : null;
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
  item.id = `entry-${entry.id}`;
  const details = el("details", "entry");
  details.dataset.id = entry.id;
  details.open = opened.has(entry.id);
  details.addEventListener("toggle", () => {
    if (details.open) opened.add(entry.id); else opened.delete(entry.id);
  });

  const summary = el("summary");
  const meta = entry.metaData;
  const metaText = meta ? `${meta.code} ${meta.message}` : reason(entry);
  const refused = meta && entry.extra && entry.extra.refused ? ` (${entry.extra.refused})` : "";
  summary.append(
    el("span", "time", clock(entry.time)),
    el("span", "method", entry.method),
    pathView(entry.path),
    el("span", `http s${String(entry.status)[0]}`, entry.status || "—"),
    el("span", `meta ${failed(entry) ? "bad" : "ok"}`, metaText + refused),
  );
  const tags = el("span", "tags");
  if (entry.rule) tags.append(el("span", "tag", `rule ${entry.rule}`));
  if (entry.fault) tags.append(el("span", "tag fault", `fault ${entry.fault}`));
  if (!entry.operation) tags.append(el("span", "tag fault", "no route"));
  summary.append(tags, el("span", "duration", `${Number(entry.duration_ms).toFixed(1)} ms`));
  summary.title = `${entry.method} ${entry.path}`;

  const detail = el("div", "detail");
  const link = el("a", "permalink", `link to this entry (#${entry.id})`);
  link.href = `${LINK_PREFIX}${entry.id}`;
  detail.append(link);
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
  const failuresOnly = $("failures").checked;
  const linked = entryId();
  let visible = entries.filter((entry) => !failuresOnly || failed(entry));
  if (needle) {
    visible = visible.filter((entry) => JSON.stringify(entry).toLowerCase().includes(needle));
  }
  if (pinned && pinned.id === linked && !visible.some((entry) => entry.id === linked)) {
    visible = [pinned, ...visible];
  }
  if (linked !== null) opened.add(linked);
  const state = JSON.stringify([needle, failuresOnly, linked, visible.map((e) => e.id), rules]);
  if (state === shown) return;
  shown = state;

  $("requests").replaceChildren(...visible.map(entryView));
  const narrowed = needle || failuresOnly;
  $("count").textContent = narrowed ? `${visible.length} of ${entries.length}` : `${entries.length}`;
  $("empty").hidden = visible.length > 0;
  if (narrowed && !visible.length) $("empty").textContent = "No request matches the filter.";
  else $("empty").textContent = "No requests yet. Point your SIMRS at this mock and send one.";
  $("rules").replaceChildren(...rules.map(ruleView));
  $("rule-warnings").replaceChildren(...warnings.map((text) => el("li", "", text)));
  if (linked !== null) {
    const target = document.getElementById(`entry-${linked}`);
    if (target) {
      target.classList.add("linked");
      if (!scrolledTo.has(linked)) {
        scrolledTo.add(linked);
        target.scrollIntoView({ block: "start" });
      }
    }
  }
}

const scrolledTo = new Set();

async function fetchLinked() {
  const linked = entryId();
  if (linked === null || entries.some((entry) => entry.id === linked)) return;
  if (pinned && pinned.id === linked) return;
  try {
    pinned = await api(`requests/${linked}`);
  } catch (problem) {
    pinned = null;
  }
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
    warnings = [...(scenarios.warnings || [])];
    if (scenarios.reload_error) warnings.unshift(`reload refused: ${scenarios.reload_error}`);
    await fetchLinked();
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
// ?failures=1 opens the page with only the failures shown (a link to hand a colleague).
$("failures").checked = new URLSearchParams(location.search).get("failures") === "1";
$("failures").addEventListener("change", () => {
  const query = new URLSearchParams(location.search);
  if ($("failures").checked) query.set("failures", "1"); else query.delete("failures");
  history.replaceState(null, "", location.pathname + (query.size ? `?${query}` : "") + location.hash);
  render();
});
window.addEventListener("hashchange", () => { fetchLinked().then(render); });
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
