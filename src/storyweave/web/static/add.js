// Send the add form in the background: upload progress, then analysis progress, then the
// result (added articles and their stories, failures with reasons). Without this script the
// form posts to /add and the server answers when the add is done.
(function () {
  "use strict";
  var form = document.getElementById("add-form");
  var box = document.getElementById("progress"), bar = document.getElementById("progress-bar");
  var note = document.getElementById("progress-text"), result = document.getElementById("result");
  var button = document.getElementById("add-button");
  function say(text, value) { box.hidden = false; note.textContent = text; if (value !== undefined) bar.value = value; }
  function el(name, text, cls) { var n = document.createElement(name); if (text) n.textContent = text; if (cls) n.className = cls; return n; }
  function link(href, text) { var a = el("a", text); a.href = href; return a; }
  function problem(text) { result.textContent = ""; result.appendChild(el("p", text, "problem")); box.hidden = true; button.disabled = false; }
  function report(job) {
    result.textContent = "";
    if (job.state === "failed") { problem("The add failed: " + job.error); return; }
    var r = job.result;
    if (r.note) { var n = el("p", r.note, "meta"); n.id = "add-note"; result.appendChild(n); }
    var p = el("p", r.added.length + " added, " + r.present.length + " already present, " + r.failed.length + " failed.", "done");
    p.id = "add-summary"; result.appendChild(p);
    var ul = el("ul", null, "added");
    r.added.concat(r.present).forEach(function (id) {
      var li = el("li"); li.appendChild(link("/articles/" + encodeURIComponent(id), "article " + id));
      var story = r.story_of[id];
      if (story) { li.appendChild(document.createTextNode(" in ")); li.appendChild(link("/stories/" + encodeURIComponent(story), "story " + story)); }
      ul.appendChild(li);
    });
    result.appendChild(ul);
    if (r.failed.length) {
      var fl = el("ul", null, "failed");
      r.failed.forEach(function (f) { var li = el("li"); li.appendChild(el("code", f.file)); li.appendChild(document.createTextNode(": " + f.reason)); fl.appendChild(li); });
      result.appendChild(fl);
    }
    say("done", 100);
    button.disabled = false;
  }
  function stage(job) {
    var of = job.done + " of " + (job.total || "?");
    if (job.stage === "analyzing") return "analyzing " + of + " articles";
    return job.stage || "running";
  }
  function poll(id) {
    fetch("/api/add/jobs/" + encodeURIComponent(id)).then(function (r) { return r.json(); }).then(function (job) {
      if (job.state === "done" || job.state === "failed") { report(job); return; }
      var pct = job.total ? 50 + 50 * job.done / job.total : 50;
      say(job.state === "running" ? stage(job) : job.state, pct);
      setTimeout(function () { poll(id); }, 400);
    }).catch(function (e) { problem("lost contact with the server: " + e); });
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    button.disabled = true;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/add/jobs");
    xhr.upload.addEventListener("progress", function (ev) {
      if (ev.lengthComputable) say("uploading " + Math.round(100 * ev.loaded / ev.total) + "%", 50 * ev.loaded / ev.total);
    });
    xhr.addEventListener("load", function () {
      var body;
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = { detail: xhr.responseText }; }
      if (xhr.status >= 400) { problem(typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail)); return; }
      say("queued", 50);
      poll(body.id);
    });
    xhr.addEventListener("error", function () { problem("the upload failed"); });
    say("uploading", 0);
    xhr.send(new FormData(form));
  });
})();
