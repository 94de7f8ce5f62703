/* Writing a learning report (member_write.html): live word count, autosave to the server every few
   seconds and on blur, and a copy on this device (localStorage) that survives a dropped connection and is
   offered back when newer than the server's draft. Loaded from a file: the CSP allows no inline script. */
(function () {
  "use strict";
  var dataNode = document.getElementById("write-data");
  var area = document.querySelector("#write-form textarea");
  if (!dataNode || !area) { return; }
  var data = JSON.parse(dataNode.textContent);
  var form = document.getElementById("write-form");
  var counter = document.getElementById("word-count");
  var state = document.getElementById("save-state");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var SAVE_EVERY_MS = 5000;
  var timer = null;
  // What the server holds: the draft it rendered. Not area.value: on a slow connection a member may type
  // before this script runs, and that text must still be saved.
  var lastSent = area.defaultValue;
  var inFlight = false;

  function tpl(id, values) {
    var text = document.getElementById(id).innerHTML;
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("%(" + key + ")s").join(values[key]);
    });
    var holder = document.createElement("textarea");  // decode the template's HTML entities
    holder.innerHTML = text;
    return holder.value;
  }

  // Words as the server counts them (quantriet.text.measure.report_words): runs between white space
  // holding at least one letter or digit.
  var hasWordChar = /[\p{L}\p{N}]/u;
  function words(text) {
    var n = 0;
    text.split(/\s+/).forEach(function (token) { if (token && hasWordChar.test(token)) { n += 1; } });
    return n;
  }
  function showCount() {
    var n = words(area.value);
    counter.textContent = tpl("write-words", { n: n, min: data.minWords, max: data.maxWords });
    counter.classList.toggle("under", n < data.minWords);
    counter.classList.toggle("over", n > data.maxWords);
    counter.classList.toggle("fits", n >= data.minWords && n <= data.maxWords);
  }
  function clock(date) {
    return date.toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function readLocal() {
    try { return JSON.parse(window.localStorage.getItem(data.storageKey) || "null"); } catch (e) { return null; }
  }
  function keepLocal() {
    try {
      window.localStorage.setItem(data.storageKey, JSON.stringify({ text: area.value, savedAt: new Date().toISOString() }));
    } catch (e) { /* storage full or disabled: the server copy still works */ }
  }

  function save() {
    if (timer) { clearTimeout(timer); timer = null; }
    if (inFlight || area.value === lastSent) { return; }
    var text = area.value;
    inFlight = true;
    state.textContent = tpl("write-saving");
    fetch(data.draftUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ text: text })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      if (answer.ok) {
        lastSent = text;
        state.textContent = tpl("write-saved", { t: clock(new Date(answer.body.saved_at)) });
      } else {
        state.textContent = tpl("write-refused", { m: answer.body.message || "" });
      }
    }).catch(function () {
      state.textContent = tpl("write-offline");
    }).then(function () {
      inFlight = false;
      if (area.value !== lastSent) { schedule(); }
    });
  }
  function schedule() {
    if (!timer) { timer = setTimeout(save, SAVE_EVERY_MS); }
  }

  area.addEventListener("input", function () { showCount(); keepLocal(); schedule(); });
  area.addEventListener("blur", save);
  window.addEventListener("online", save);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { save(); } });

  // The device's copy: offered back when it is newer than the server's draft and differs from it.
  var local = readLocal();
  var serverAt = data.serverSavedAt ? Date.parse(data.serverSavedAt) : 0;
  var offer = document.getElementById("restore-offer");
  if (data.open && local && local.text && local.text !== area.value && Date.parse(local.savedAt) > serverAt) {
    document.getElementById("restore-text").textContent = tpl("write-restore", { t: clock(new Date(local.savedAt)) });
    offer.hidden = false;
    document.getElementById("restore-yes").addEventListener("click", function () {
      area.value = local.text;
      offer.hidden = true;
      showCount();
      save();
      area.focus();
    });
    document.getElementById("restore-no").addEventListener("click", function () {
      offer.hidden = true;
      keepLocal();
    });
  }
  showCount();
  if (area.value !== lastSent) { keepLocal(); schedule(); }  // typed before the script was ready
}());
