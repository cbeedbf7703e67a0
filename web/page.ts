// The playground page: reads the controls, hands the input to the worker, and shows the messages
// (problems marked at their JSON pointers), the problems list and the books.
import type { Problem } from "../src/core/problems.js";
import type { ConvertReply, InitReply, ValidateReply, WorkerReply, WorkerRequest } from "./protocol.js";
import { renderJson } from "./render-json.js";

// The worker's bundle, inlined by scripts/build-playground.mjs: a worker started from a Blob works
// from file:// too, where a worker script loaded by URL is refused.
declare const WORKER_SOURCE: string;

/** Past this many messages or problems the page shows the first ones and says how many there are. */
const SHOWN_MAX = 200;

const byId = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`playground: element #${id} is missing`);
  return el as T;
};

const input = byId<HTMLTextAreaElement>("input");
const mode = byId<HTMLSelectElement>("mode");
const format = byId<HTMLSelectElement>("format");
const target = byId<HTMLSelectElement>("target-version");
const file = byId<HTMLInputElement>("file");
const options = byId<HTMLInputElement>("options");
const run = byId<HTMLButtonElement>("run");
const status = byId<HTMLElement>("status");
const output = byId<HTMLElement>("output");
const problems = byId<HTMLOListElement>("problems");
const books = byId<HTMLElement>("books");

const worker = new Worker(URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" })));
let pending: ((reply: WorkerReply) => void) | undefined;
worker.onmessage = (event: MessageEvent<WorkerReply>) => {
  const resolve = pending;
  pending = undefined;
  resolve?.(event.data);
};
worker.onerror = (event) => setStatus("error", `the worker failed: ${event.message}`);

function ask(request: WorkerRequest): Promise<WorkerReply> {
  return new Promise((resolve) => {
    pending = resolve;
    worker.postMessage(request);
  });
}

function setStatus(state: "loading" | "ready" | "running" | "done" | "error", text: string): void {
  status.dataset["state"] = state;
  status.textContent = text;
}

let inputName = "pasted input";

function option(select: HTMLSelectElement, value: string, label: string): void {
  const el = document.createElement("option");
  el.value = value;
  el.textContent = label;
  select.appendChild(el);
}

function syncMode(): void {
  const validating = mode.value === "validate";
  format.disabled = validating;
  target.disabled = validating;
  options.disabled = validating;
  run.textContent = validating ? "Validate" : "Convert";
}

async function init(): Promise<void> {
  const reply = await ask({ kind: "init" });
  if (reply.kind !== "init") return void setStatus("error", reply.kind === "error" ? reply.message : "unexpected reply");
  fillControls(reply);
  run.disabled = false;
  setStatus("ready", "ready");
}

function fillControls(reply: InitReply): void {
  for (const f of reply.formats) option(format, f.format, `${f.format} — ${f.description}`);
  for (const version of reply.versions) option(target, version, version);
  target.value = reply.defaultVersion;
}

function clearResults(): void {
  output.replaceChildren();
  problems.replaceChildren();
  books.replaceChildren();
}

function problemItem(problem: Problem, where: string, marked?: HTMLElement): HTMLLIElement {
  const li = document.createElement("li");
  if (marked !== undefined) {
    // A click shows the marked value in the message.
    li.classList.add("linked");
    li.addEventListener("click", () => marked.scrollIntoView({ block: "center" }));
  }
  li.dataset["pointer"] = problem.pointer;
  li.dataset["severity"] = problem.severity;
  const pointer = document.createElement("code");
  pointer.textContent = problem.pointer === "" ? "/" : problem.pointer;
  li.append(`${where}${problem.severity}: `, pointer, ` ${problem.message}`);
  if (problem.suggestion !== undefined) {
    const hint = document.createElement("span");
    hint.className = "suggestion";
    hint.textContent = ` — did you mean "${problem.suggestion}"?`;
    li.append(hint);
  }
  return li;
}

function note(parent: HTMLElement, text: string): void {
  const p = document.createElement("p");
  p.className = "note";
  p.textContent = text;
  parent.appendChild(p);
}

/** One message, pretty-printed, with the value at each problem's pointer marked; returns the marks. */
function showMessage(message: unknown, found: readonly Problem[]): Map<Problem, HTMLElement> {
  const marks = new Map<Problem, HTMLElement>();
  const pre = document.createElement("pre");
  pre.className = "message";
  pre.dataset["testid"] = "message";
  const { values, opens } = renderJson(message, pre);
  for (const problem of found) {
    let el = values.get(problem.pointer);
    if (el === undefined) {
      // A pointer to what is not there (a missing required property): mark the opening bracket
      // of the nearest object or array that is.
      let pointer = problem.pointer;
      while (!opens.has(pointer) && pointer !== "") pointer = pointer.slice(0, pointer.lastIndexOf("/"));
      el = opens.get(pointer);
      el?.classList.add("missing");
    }
    if (el === undefined) continue;
    marks.set(problem, el);
    el.classList.add("flagged");
    if (problem.severity === "warning") el.classList.add("warning");
    el.title = [el.title, `${problem.pointer || "/"}: ${problem.message}`].filter((t) => t !== "").join("\n");
  }
  if (found.some((p) => p.severity === "error")) pre.classList.add("invalid");
  output.appendChild(pre);
  return marks;
}

function booksTable(rows: readonly (readonly [string, number])[]): void {
  const table = document.createElement("table");
  table.className = "books";
  for (const [label, count] of rows) {
    const tr = table.insertRow();
    tr.dataset["book"] = label;
    tr.insertCell().textContent = label;
    tr.insertCell().textContent = String(count);
  }
  books.appendChild(table);
}

function showConversion(reply: ConvertReply): void {
  const { stats } = reply;
  note(books, `format ${reply.format}${reply.detectedScore === undefined ? "" : ` (detected, score ${reply.detectedScore.toFixed(2)})`}`);
  booksTable([
    ["read", stats.read],
    ["converted", stats.converted],
    ["messages", stats.messages],
    ...Object.entries(stats.skipped).map(([reason, n]) => [`skipped: ${reason}`, n] as const),
    ...Object.entries(stats.rejected).map(([code, n]) => [`rejected: ${code}`, n] as const),
    ["warnings", stats.warnings],
  ]);
  reply.messages.slice(0, SHOWN_MAX).forEach((message) => showMessage(message, []));
  if (reply.messages.length > SHOWN_MAX) note(output, `showing the first ${SHOWN_MAX} of ${reply.messages.length} messages`);
  let listed = 0;
  for (const reject of reply.rejects) {
    if (listed >= SHOWN_MAX) break;
    const li = document.createElement("li");
    li.dataset["code"] = reject.code;
    li.textContent = `line ${reject.line}: rejected (${reject.code}): ${reject.reason}`;
    problems.appendChild(li);
    listed++;
    for (const problem of reject.problems) problems.appendChild(problemItem(problem, `line ${reject.line}: `));
  }
  for (const warning of reply.warnings) {
    if (listed >= SHOWN_MAX) break;
    const li = document.createElement("li");
    li.dataset["severity"] = "warning";
    li.textContent = `line ${warning.line}: warning: ${warning.message}`;
    problems.appendChild(li);
    listed++;
  }
  const total = reply.rejects.length + reply.warnings.length;
  if (total > listed) note(books, `listing the first ${listed} of ${total} rejects and warnings`);
}

function showValidation(reply: ValidateReply): void {
  const valid = reply.results.filter((r) => r.valid).length;
  booksTable([
    ["messages", reply.results.length],
    ["valid", valid],
    ["invalid", reply.results.length - valid],
  ]);
  reply.results.slice(0, SHOWN_MAX).forEach((result, i) => {
    const where = `message ${i + 1} (line ${result.line}${result.column === undefined ? "" : `, column ${result.column}`}): `;
    const marks = result.message === undefined ? new Map<Problem, HTMLElement>() : showMessage(result.message, result.problems);
    for (const problem of result.problems) problems.appendChild(problemItem(problem, where, marks.get(problem)));
  });
  if (reply.results.length > SHOWN_MAX) note(output, `showing the first ${SHOWN_MAX} of ${reply.results.length} messages`);
}

async function runOnce(): Promise<void> {
  run.disabled = true;
  clearResults();
  setStatus("running", "running…");
  const started = performance.now();
  const reply = await ask(
    mode.value === "validate"
      ? { kind: "validate", text: input.value, name: inputName }
      : { kind: "convert", text: input.value, name: inputName, format: format.value, targetVersion: target.value, options: options.value },
  );
  run.disabled = false;
  if (reply.kind === "error") {
    const li = document.createElement("li");
    li.dataset["code"] = reply.code;
    li.textContent = `${reply.code}: ${reply.message}`;
    problems.appendChild(li);
    return setStatus("error", `${reply.code}: ${reply.message}`);
  }
  if (reply.kind === "convert") showConversion(reply);
  else if (reply.kind === "validate") showValidation(reply);
  setStatus("done", `done in ${Math.round(performance.now() - started)} ms`);
}

async function load(picked: File): Promise<void> {
  inputName = picked.name;
  input.value = await picked.text();
}

mode.addEventListener("change", syncMode);
run.addEventListener("click", () => void runOnce());
input.addEventListener("input", () => {
  inputName = "pasted input";
});
file.addEventListener("change", () => {
  const picked = file.files?.[0];
  if (picked !== undefined) void load(picked);
});
input.addEventListener("dragover", (event) => {
  event.preventDefault();
  input.classList.add("dragging");
});
input.addEventListener("dragleave", () => input.classList.remove("dragging"));
input.addEventListener("drop", (event) => {
  event.preventDefault();
  input.classList.remove("dragging");
  const dropped = event.dataTransfer?.files[0];
  if (dropped !== undefined) void load(dropped);
});
syncMode();
void init();
