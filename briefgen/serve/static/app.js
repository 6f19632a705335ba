// briefgen serve: live pages. Every request carries the token (the cookie the first visit
// set; POSTs also send it in a header, which another site cannot).
"use strict";
(function () {
  const token = document.querySelector('meta[name="briefgen-token"]').content;
  const body = document.body;
  const root = document.querySelector('meta[name="briefgen-root"]').content;  // "/m/<meeting>" or ""

  function post(url, data, type) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", body: data,
      headers: Object.assign({"X-Briefgen-Token": token}, type ? {"Content-Type": type} : {}),
    });
  }

  // -- live: redraw the region when the server says what it shows has changed -------------
  const region = document.getElementById("live-region");
  let asked = 0;  // saves in quick succession: only the answer to the latest request is drawn
  function redraw() {
    if (!region) return;
    const url = region.dataset.fragment;
    const mine = ++asked;
    fetch(url, {credentials: "same-origin"}).then(r => r.text()).then(html => {
      if (mine !== asked) return;
      region.innerHTML = html;
      wire(region);
      body.dataset.drawn = String(Date.now());
    });
  }
  function concerns(change) {
    if (body.dataset.page === "overview") return true;
    if (change.problems || change.recovered) return true;
    return change.changed.includes(body.dataset.stem);
  }
  const status = document.getElementById("live-status");
  if (region) {  // a meeting's page (not the list of meetings): told when its files change
    const events = new EventSource(root + "/events");
    events.addEventListener("change", e => {
      const change = JSON.parse(e.data);
      if (concerns(change)) redraw();
    });
    events.addEventListener("batch", e => batchProgress(JSON.parse(e.data)));
    events.onopen = () => status.classList.remove("offline");
    events.onerror = () => status.classList.add("offline");
  } else {
    status.hidden = true;
  }

  // -- in the region: last good version, blanks -------------------------------------------
  function wire(area) {
    area.querySelectorAll(".show-last-good").forEach(b => b.addEventListener("click", () => {
      area.querySelectorAll(".document.stale").forEach(d => { d.hidden = !d.hidden; });
    }));
    area.querySelectorAll("form.fill").forEach(form => form.addEventListener("submit", e => {
      e.preventDefault();
      const out = form.querySelector("output");
      const data = JSON.stringify({key: form.dataset.key, value: form.elements.value.value,
                                   digest: form.dataset.digest});
      post(root + "/fill", data, "application/json").then(r => r.json().then(j => {
        out.className = r.ok ? "ok" : "error";
        out.textContent = j.message;
      }));
    }));
  }
  wire(document);

  // -- batch -------------------------------------------------------------------------------
  const batchForm = document.getElementById("batch-form");
  const bar = document.getElementById("batch-progress");
  const batchStatus = document.getElementById("batch-status");
  function batchProgress(p) {
    if (!bar) return;
    bar.hidden = false;
    bar.max = Math.max(p.total, 1);
    bar.value = p.done;
    batchStatus.textContent = p.message;
    batchStatus.className = p.failed ? "error" : (p.finished ? "ok" : "");
  }
  if (batchForm) batchForm.addEventListener("submit", e => {
    e.preventDefault();
    const formats = Array.from(batchForm.querySelectorAll("input[name=format]:checked")).map(i => i.value);
    post(root + "/batch", JSON.stringify({formats: formats}), "application/json").then(r => r.json())
      .then(j => { batchStatus.textContent = j.message; });
  });

  // -- returned forms ----------------------------------------------------------------------
  const drop = document.getElementById("drop-zone");
  const files = document.getElementById("form-files");
  const result = document.getElementById("collect-result");
  function send(list) {
    Array.from(list).forEach(file => {
      post(root + "/collect?name=" + encodeURIComponent(file.name), file, "application/octet-stream")
        .then(r => r.json().then(j => {
          const p = document.createElement("pre");
          p.className = r.ok ? "ok" : "error";
          p.textContent = file.name + ": " + j.message;
          result.appendChild(p);
        }));
    });
  }
  if (drop) {
    drop.addEventListener("dragover", e => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", e => { e.preventDefault(); drop.classList.remove("over"); send(e.dataTransfer.files); });
    files.addEventListener("change", () => send(files.files));
  }
})();
