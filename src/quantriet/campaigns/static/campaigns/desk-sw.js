/*
 * The check-in desk's service worker: a desk page (and the delegate list it carries) still opens after a
 * reload while the network is cut. Served by the view at /campaigns/points/desk-sw.js, which writes
 * STATIC_URL in front of this file.
 *
 * - Scope: each desk registers it with its own page as the scope (/campaigns/points/<id>/check-in/), so
 *   no other page of the site is controlled, and nothing but the desk is ever kept.
 * - Network first: online, the desk always shows what the server says; the copy is only a fallback.
 * - Only a real desk page is kept (200, not redirected, marked X-Desk-Page by the server). A sign-in
 *   page, a refusal or a "not found" instead of the desk means the person signed out or lost their
 *   rights: every copy is forgotten at once. The desk's script also forgets them before signing out.
 * - A copy older than MAX_AGE_MS is not shown (the conference day is over; another person may use the
 *   device), and no request other than GET is ever answered from the copy.
 * - A copy belongs to the sign-in that fetched it: Django gives every sign-in a new CSRF secret, kept
 *   beside the copy. Offline, where the browser lets the worker read the cookie (cookieStore), a copy
 *   whose secret is not the current one is never shown; elsewhere the desk's script makes the same check
 *   before showing anything.
 */
/* global STATIC_URL */
"use strict";

var CACHE = "quantriet-desk-v1";
var DESK = /^\/campaigns\/points\/\d+\/check-in\/$/;
var MAX_AGE_MS = 18 * 60 * 60 * 1000;
var STAMP = "X-Desk-Kept-At";
var SECRET = "X-Desk-Csrf";
var CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// Django's form token is the secret masked (32 characters of mask, then 32 of cipher).
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

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      // Copies of an older version of this worker go.
      return Promise.all(names.filter(function (n) {
        return n.indexOf("quantriet-desk-") === 0 && n !== CACHE;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "forget") {
    event.waitUntil(caches.delete(CACHE));
  }
});

function forget() {
  return caches.delete(CACHE);
}

function keep(request, response) {
  return response.clone().text().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set(STAMP, String(Date.now()));
    var token = /name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"/.exec(body);
    if (token) {
      headers.set(SECRET, unmask(token[1]));
    }
    var copy = new Response(body, { status: response.status, statusText: response.statusText, headers: headers });
    return caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
  });
}

function fresh(response) {
  var at = parseInt(response.headers.get(STAMP) || "0", 10);
  return at && Date.now() - at < MAX_AGE_MS;
}

function offlinePage() {
  var html = "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Mất kết nối</title>" +
    "<p>Mất kết nối và máy này chưa lưu trang điểm danh này. Hãy mở lại trang khi có mạng; " +
    "các lượt điểm danh đã ghi trên máy vẫn được giữ.</p></html>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function deskPage(request) {
  var url = request.url.split("#")[0];
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected && response.headers.get("X-Desk-Page") === "1") {
      return keep(url, response).then(function () { return response; }, function () { return response; });
    }
    if (response.redirected || response.status === 401 || response.status === 403 || response.status === 404) {
      // Signed out, or no longer staff of this point: nothing of the desk may stay on the device.
      return forget().then(function () { return response; });
    }
    return response; // a refusal page (409), a server error: shown, not kept
  }, function () {
    return caches.open(CACHE).then(function (cache) { return cache.match(url); }).then(function (copy) {
      if (!copy || !fresh(copy)) {
        return offlinePage();
      }
      return sameSignIn(copy).then(function (same) {
        return same ? copy : forget().then(offlinePage);
      });
    });
  });
}

// Was the copy made for the current sign-in? Unknown (no cookieStore) counts as yes: the page checks.
function sameSignIn(copy) {
  if (!self.cookieStore) {
    return Promise.resolve(true);
  }
  return self.cookieStore.get("csrftoken").then(function (cookie) {
    var secret = cookie ? cookie.value : "";
    return Boolean(secret) && unmask(secret) === (copy.headers.get(SECRET) || "");
  }, function () { return true; });
}

function staticFile(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      return keep(request.url, response).then(function () { return response; }, function () { return response; });
    }
    return response;
  }, function () {
    return caches.open(CACHE).then(function (cache) { return cache.match(request.url); }).then(function (copy) {
      return copy || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return; // check-ins go to the server (the desk's own queue keeps them offline)
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate" && DESK.test(url.pathname) && !url.search) {
    event.respondWith(deskPage(request));
  } else if (url.pathname.indexOf(STATIC_URL) === 0) {
    event.respondWith(staticFile(request));
  }
});
