/*
 * The check-in desk, offline-capable. Progressive enhancement: without this script the page's forms
 * post as before; with it, a typed code, a name picked from the list, a scanned QR code or a guest
 * becomes an item with its own client_id, written to localStorage first and then sent to the JSON
 * endpoint.
 *
 * Why it cannot lose or double-count anything:
 * - the item is stored before any network call, so closing the tab or losing the connection keeps it;
 * - it leaves the queue only when the server has answered (recorded, replayed or refused);
 * - the server counts a client_id once, so sending an item again after a lost answer (or from a copy
 *   of the queue) returns the first record instead of adding one.
 * Failures (no network, server down, 5xx) leave the item queued; the queue is retried when the browser
 * says it is online again, on a timer, and when the page is opened.
 *
 * The name list and the counter follow at once: a row leaves the list when its person is queued or
 * recorded (a typed or scanned code too, by the delegate the server names), and the counter adds it.
 * Delegates recorded from this device after the page was made stay hidden after a reload (the page may
 * be the service worker's copy, made before them). The list is searched without accents.
 *
 * The service worker (desk-sw.js) keeps this page for a reload without network; it is told to forget
 * it before the person signs out here.
 */
(function () {
  "use strict";

  var RETRY_MS = 10000;
  var root = document.querySelector(".checkin-desk[data-endpoint]");
  if (!root || !window.localStorage || !window.fetch || !window.JSON) {
    return; // the plain forms keep working
  }
  // A copy of the desk kept for offline use belongs to the sign-in that fetched it (Django gives every
  // sign-in a new CSRF secret): another person's copy is wiped before anything else runs.
  var CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  function unmask(token) {
    if (!token || token.length !== 64) {
      return token || "";
    }
    var out = "";
    for (var i = 0; i < 32; i++) {
      out += CHARS.charAt((CHARS.indexOf(token.charAt(32 + i)) - CHARS.indexOf(token.charAt(i)) + 62) % 62);
    }
    return out;
  }
  var pageToken = document.querySelector("input[name=csrfmiddlewaretoken]");
  var cookie = /(?:^|;\s*)csrftoken=([A-Za-z0-9]+)/.exec(document.cookie);
  if (pageToken && (!cookie || unmask(cookie[1]) !== unmask(pageToken.value))) {
    if (window.caches) {
      window.caches.delete("quantriet-desk-v1");
    }
    root.textContent = "";
    var stale = document.createElement("p");
    stale.className = "notice warning desk-stale";
    stale.setAttribute("role", "alert");
    stale.textContent = "Trang điểm danh lưu trên máy này thuộc một lần đăng nhập khác nên không được hiển thị. " +
      "Hãy đăng nhập và mở lại trang khi có mạng.";
    root.appendChild(stale);
    return;
  }
  var endpoint = root.getAttribute("data-endpoint");
  var QUEUE_KEY = "quantriet.checkin.queue." + root.getAttribute("data-point");
  var SENT_KEY = "quantriet.checkin.sent." + root.getAttribute("data-point");
  // Delegates this device recorded, with the server's time: {id: iso}. Pruned against the page's time.
  var DONE_KEY = "quantriet.checkin.done." + root.getAttribute("data-point");
  var renderedAt = Date.parse(root.getAttribute("data-rendered-at") || "") || 0;
  var countNode = root.querySelector(".desk-count");
  var basePresent = countNode ? parseInt(countNode.getAttribute("data-present"), 10) || 0 : 0;
  var expected = countNode ? parseInt(countNode.getAttribute("data-expected"), 10) || 0 : 0;
  var serverPresent = 0;
  var flushing = false;
  // The request being sent, and whether the browser was offline when it went: such a request may hang
  // until its timeout, so coming back online ends it and sends again at once (check-ins carry a client_id,
  // so a request that did reach the server is not recorded twice).
  var inFlight = null;
  var flushAgain = false;
  var stopped = ""; // a reason not to retry on the timer (session ended)

  function uuid4() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // Plain http on a local network is not a "secure context": no randomUUID, but getRandomValues works.
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function load() {
    try {
      var items = JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function save(items) {
    localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
  }

  function sentCount() {
    return parseInt(localStorage.getItem(SENT_KEY) || "0", 10) || 0;
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  // --- the status panel ---------------------------------------------------------------------------
  var panel = document.createElement("section");
  panel.className = "checkin-sync";
  panel.setAttribute("aria-label", "Đồng bộ điểm danh");
  var counter = document.createElement("p");
  counter.className = "checkin-counter";
  counter.setAttribute("role", "status");
  counter.setAttribute("aria-live", "polite");
  var retry = document.createElement("button");
  retry.type = "button";
  retry.textContent = "Gửi lại ngay";
  var log = document.createElement("ul");
  log.className = "linklist checkin-log";
  log.setAttribute("aria-live", "polite");
  panel.appendChild(counter);
  panel.appendChild(retry);
  panel.appendChild(log);
  var heading = root.querySelector("h1");
  root.insertBefore(panel, heading ? heading.nextSibling : root.firstChild);

  function render() {
    var queued = load().length;
    var text = "Đang chờ gửi: " + queued + " · Đã gửi: " + sentCount();
    if (queued && !navigator.onLine) {
      text += " — mất kết nối; các lượt điểm danh được giữ trên máy này và sẽ tự gửi khi có mạng.";
    } else if (stopped) {
      text += " — " + stopped;
    }
    counter.textContent = text;
    counter.setAttribute("data-queued", String(queued));
    counter.setAttribute("data-sent", String(sentCount()));
    retry.hidden = queued === 0;
  }

  function note(text, kind) {
    var li = document.createElement("li");
    li.className = "msg-" + kind;
    li.textContent = new Date().toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit" }) + " " + text;
    log.insertBefore(li, log.firstChild);
    while (log.children.length > 8) {
      log.removeChild(log.lastChild);
    }
  }

  // --- queue and send -----------------------------------------------------------------------------
  function enqueue(item) {
    item.client_id = uuid4();
    item.at = new Date().toISOString();
    var items = load();
    items.push(item);
    save(items); // stored before anything is sent
    note("Đã lưu trên máy này: " + (item.label || item.code) + "; đang gửi…", "info");
    render();
    flush();
  }

  function settle(clientId, counted) {
    save(load().filter(function (i) { return i.client_id !== clientId; }));
    if (counted) {
      localStorage.setItem(SENT_KEY, String(sentCount() + 1));
    }
  }

  function send(item) {
    // sent_at is read from the same clock as at: the server trusts only the time between them, so a
    // phone whose clock is wrong still records true times.
    var body = { client_id: item.client_id, method: item.method, at: item.at, sent_at: new Date().toISOString() };
    if (item.method === "name") {
      body.delegate = item.delegate;
    } else if (item.method === "guest") {
      body.guest_name = item.guest_name;
      body.guest_note = item.guest_note;
    } else {
      body.code = item.code;
    }
    // A request that hangs (a server restarting) must not block the queue for good.
    var abort = window.AbortController ? new AbortController() : null;
    if (abort) {
      window.setTimeout(function () { abort.abort(); }, 15000);
    }
    inFlight = { abort: abort, sentOffline: navigator.onLine === false };
    return fetch(endpoint, {
      method: "POST",
      signal: abort ? abort.signal : undefined,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(
        function (data) { return { status: response.status, data: data }; },
        function () { return { status: response.status, data: null }; }
      );
    });
  }

  function flush() {
    if (flushing) {
      return;
    }
    var items = load();
    if (!items.length) {
      render();
      return;
    }
    flushing = true;
    var item = items[0];
    send(item)
      .then(function (answer) {
        var data = answer.data || {};
        if (answer.status === 200 || answer.status === 201) {
          settle(item.client_id, true);
          stopped = "";
          note(data.message || "Đã gửi.", data.other_point ? "warning" : "success");
          if (data.delegate) {
            remember(data.delegate, data.recorded_at);
            hideDelegate(data.delegate);
          }
          if (typeof data.point_present === "number") {
            serverPresent = data.point_present;
          }
          hideRow(item);
          count();
          return true;
        }
        if (answer.status === 401 || (answer.status === 403 && !data.error)) {
          // Session ended (or the CSRF cookie with it): keep everything, ask to sign in again.
          stopped = "phiên đăng nhập đã hết; hãy đăng nhập lại (ở thẻ khác) để gửi tiếp, hàng chờ vẫn được giữ.";
          return false;
        }
        if (answer.status >= 400 && answer.status < 500 && data.error) {
          // Refused for good (already checked in, unknown or forged code): retrying would not help.
          settle(item.client_id, false);
          note((item.label || item.code) + ": " + data.error.message, "error");
          if (data.error.code !== "already") {
            showRow(item); // taken off the list at once, but not recorded: back on it
          }
          return true;
        }
        return false; // 5xx, a proxy's page: keep it and try later
      }, function () {
        return false; // no network
      })
      .then(function (goOn) {
        flushing = false;
        inFlight = null;
        render();
        if (goOn || flushAgain) {
          flushAgain = false;
          flush();
        }
      });
  }

  function hideRow(item) {
    if (item.method !== "name") {
      return;
    }
    hideDelegate(item.delegate);
  }

  function showRow(item) {
    if (item.method !== "name" || loadDone()[item.delegate]) {
      return;
    }
    var row = root.querySelector("tr[data-delegate='" + parseInt(item.delegate, 10) + "']");
    if (row) {
      row.hidden = false;
      row.removeAttribute("data-done");
    }
    if (search && search.value) {
      search.dispatchEvent(new Event("input")); // the list stays filtered as the person left it
    }
    count();
  }

  function hideDelegate(id) {
    var row = root.querySelector("tr[data-delegate='" + parseInt(id, 10) + "']");
    if (row) {
      row.hidden = true;
      row.setAttribute("data-done", "1");
    }
    count();
  }

  function loadDone() {
    try {
      var done = JSON.parse(localStorage.getItem(DONE_KEY) || "{}");
      return done && typeof done === "object" ? done : {};
    } catch (e) {
      return {};
    }
  }

  function remember(id, at) {
    var done = loadDone();
    done[id] = at || new Date().toISOString();
    localStorage.setItem(DONE_KEY, JSON.stringify(done));
  }

  // The counter: those present when the page was made, and those this device took off the list since
  // (a check-in another desk recorded comes with the server's own count).
  function count() {
    if (!countNode) {
      return;
    }
    var taken = root.querySelectorAll("tr[data-delegate][data-done]").length;
    var present = Math.max(basePresent + taken, serverPresent);
    countNode.textContent = "Có mặt " + present + "/" + expected + " đại biểu được mời";
    countNode.setAttribute("data-shown", String(present));
  }

  // --- the forms ------------------------------------------------------------------------------------
  var codeForm = root.querySelector("form.checkin-code");
  if (codeForm) {
    codeForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = codeForm.querySelector("input[name=code]");
      var code = input.value.trim();
      if (!code) {
        note("Hãy gõ mã in trên giấy mời.", "error");
        return;
      }
      enqueue({ method: "typed", code: code, label: code });
      input.value = "";
      input.focus();
    });
  }
  Array.prototype.forEach.call(root.querySelectorAll("form.checkin-name"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var delegate = parseInt(form.querySelector("input[name=delegate]").value, 10);
      var item = { method: "name", delegate: delegate, label: form.getAttribute("data-name") || "" };
      enqueue(item);
      hideRow(item);
    });
  });
  var guestForm = root.querySelector("form.checkin-guest");
  if (guestForm) {
    guestForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var nameInput = guestForm.querySelector("input[name=name]");
      var noteInput = guestForm.querySelector("input[name=note]");
      var name = nameInput.value.replace(/\s+/g, " ").trim();
      var guestNote = noteInput ? noteInput.value.replace(/\s+/g, " ").trim() : "";
      if (!name) {
        note("Hãy ghi họ và tên khách.", "error");
        nameInput.focus();
        return;
      }
      enqueue({ method: "guest", guest_name: name, guest_note: guestNote, label: name });
      // Cleared at once: a second press of the button finds an empty form instead of counting the guest twice.
      nameInput.value = "";
      if (noteInput) {
        noteInput.value = "";
      }
      nameInput.focus();
    });
  }
  // Rows already queued on this device stay hidden after a reload, and so do those it recorded after
  // the page was made (a copy kept for offline use is older than them); older ones the page knows.
  load().forEach(hideRow);
  (function () {
    var done = loadDone();
    var kept = {};
    Object.keys(done).forEach(function (id) {
      if ((Date.parse(done[id]) || 0) >= renderedAt) {
        kept[id] = done[id];
        hideDelegate(id);
      }
    });
    localStorage.setItem(DONE_KEY, JSON.stringify(kept));
  })();

  // --- searching the list without accents --------------------------------------------------------
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }
  var search = root.querySelector("input.desk-search");
  var rows = Array.prototype.slice.call(root.querySelectorAll("tr[data-delegate]"));
  rows.forEach(function (row) {
    row.setAttribute("data-folded", fold(row.textContent || ""));
  });
  if (search) {
    search.hidden = false;
    var searchLabel = root.querySelector("label[for=" + search.id + "]");
    if (searchLabel) {
      searchLabel.hidden = false;
    }
    search.addEventListener("input", function () {
      var wanted = fold(search.value);
      rows.forEach(function (row) {
        var match = !wanted || row.getAttribute("data-folded").indexOf(wanted) !== -1;
        row.hidden = !match || row.hasAttribute("data-done");
      });
    });
  }

  // --- offline reloads ------------------------------------------------------------------------------
  var workerUrl = root.getAttribute("data-sw");
  if (workerUrl && "serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(workerUrl, { scope: window.location.pathname }).catch(function () {
      // No worker (a private window, a browser that refuses): the desk works, without offline reloads.
    });
  }
  // Signing out from the desk forgets its offline copy first, so the next person cannot open it.
  Array.prototype.forEach.call(document.querySelectorAll("form[action$='/logout/']"), function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.caches || form.getAttribute("data-forgotten")) {
        return;
      }
      event.preventDefault();
      form.setAttribute("data-forgotten", "1");
      var done = function () { form.submit(); };
      window.caches.delete("quantriet-desk-v1").then(done, done);
    });
  });

  // --- the camera -----------------------------------------------------------------------------------
  // The browser's own BarcodeDetector where there is one (Chrome on Android, Safari on a Mac); elsewhere
  // (Safari on iPhone, Firefox, Chromium on a desktop) jsQR, served with the page, reads frames drawn on
  // a canvas. With neither (the jsQR file not installed) there is no button, as before.
  var SCAN_EDGE = 640; // a frame's longest side for jsQR: a code held up to the camera still reads, in a few ms

  function qrReader(video) {
    if ("BarcodeDetector" in window) {
      try {
        var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        return {
          every: 300,
          read: function () {
            return detector.detect(video).then(function (codes) {
              return codes.length ? codes[0].rawValue || "" : "";
            });
          },
        };
      } catch (e) {
        // A BarcodeDetector that cannot read QR codes: jsQR below, if it is there.
      }
    }
    if (typeof window.jsQR !== "function") {
      return null;
    }
    var canvas = document.createElement("canvas");
    var context = null;
    return {
      every: 220, // jsQR runs on the page's own thread: ~4-5 reads a second keep the desk responsive
      read: function () {
        var width = video.videoWidth;
        var height = video.videoHeight;
        if (!width || !height) {
          return Promise.resolve("");
        }
        var scale = Math.min(1, SCAN_EDGE / Math.max(width, height));
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        context = context || canvas.getContext("2d", { willReadFrequently: true });
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var frame = context.getImageData(0, 0, canvas.width, canvas.height);
        // Printed invitations are dark on light: skipping the inverted pass halves the work.
        var code = window.jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "dontInvert" });
        return Promise.resolve(code ? code.data || "" : "");
      },
    };
  }

  function setUpCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return; // typing and picking by name remain
    }
    var video = document.createElement("video");
    var reader = qrReader(video);
    if (!reader) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "checkin-scan";
    button.textContent = "Quét mã";
    video.setAttribute("playsinline", "");
    video.muted = true;
    video.hidden = true;
    video.className = "checkin-camera";
    video.style.maxWidth = "100%";
    var place = codeForm || panel;
    place.parentNode.insertBefore(button, place);
    place.parentNode.insertBefore(video, place);
    var stream = null;
    var timer = 0;
    var reading = false;
    var lastText = "";
    var lastAt = 0;

    function stop() {
      window.clearInterval(timer);
      if (stream) {
        stream.getTracks().forEach(function (t) { t.stop(); });
      }
      stream = null;
      video.hidden = true;
      button.textContent = "Quét mã";
    }

    function seen(text) {
      var now = Date.now();
      if (!text) {
        return;
      }
      if (text === lastText && now - lastAt < 5000) {
        lastAt = now; // the same invitation still in front of the camera: not sent until it is away 5 s
        return;
      }
      lastText = text;
      lastAt = now;
      enqueue({ method: "scan", code: text, label: "mã quét" });
    }

    function look() {
      if (!stream || reading || video.readyState < 2) {
        return;
      }
      reading = true; // a slow read must not pile up behind the timer
      var done = function () { reading = false; };
      Promise.resolve().then(reader.read).then(seen, function () {}).then(done, done);
    }

    button.addEventListener("click", function () {
      if (stream) {
        stop();
        return;
      }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(
        function (s) {
          stream = s;
          video.srcObject = s;
          video.hidden = false;
          video.play();
          button.textContent = "Tắt camera";
          timer = window.setInterval(look, reader.every);
        },
        function () {
          note("Không mở được camera (chưa cho phép, hoặc trang không chạy qua https). Hãy gõ mã hoặc chọn theo tên.", "error");
        }
      );
    });
  }
  setUpCamera();

  retry.addEventListener("click", function () {
    stopped = "";
    flush();
  });
  window.addEventListener("online", function () {
    stopped = "";
    if (flushing && inFlight && inFlight.sentOffline && inFlight.abort) {
      flushAgain = true; // sent again as soon as the hanging request has ended
      inFlight.abort.abort();
      return;
    }
    flush();
  });
  window.addEventListener("offline", render);
  count();
  window.setInterval(function () {
    if (!stopped) {
      flush();
    }
  }, RETRY_MS);
  render();
  flush();
})();
