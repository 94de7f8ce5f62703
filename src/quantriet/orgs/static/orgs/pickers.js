// Unit and member pickers, and the units tree. Both only enhance what works without JavaScript:
// a picker's box still takes a code or card number typed by hand (the form checks it), and every
// toggle of the tree is a link that draws the page opened to that unit.
//
// Picker: <span class="picker-box" data-picker="URL"> around a text box becomes an ARIA 1.2 combobox
// with a listbox popup: type a few letters (accents optional), move with ↑/↓, choose with Enter or a
// tap, close with Escape. The box then holds the unit's code or the member's card number, and the line
// under it says whom it names, with the parent path. With data-go="URL?open=" choosing opens that URL.
//
// Tree: in <ul data-tree>, a toggle fetches its node's sub-units (an HTML fragment) once, then shows
// and hides them; "xem thêm" in a fragment fetches the next page of sub-units in place.
(function () {
  "use strict";
  if (window.quantrietPickers) return; // the script is included once per picker on a page
  window.quantrietPickers = true;

  var DELAY = 180;
  var counter = 0;

  function ask(url, signal) {
    return fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "fetch" },
      signal: signal,
    }).then(function (answer) {
      if (!answer.ok) throw new Error(String(answer.status));
      return answer.json();
    });
  }

  function withQuery(url, text) {
    return url + (url.indexOf("?") >= 0 ? "&" : "?") + "q=" + encodeURIComponent(text);
  }

  function setUp(box) {
    var input = box.querySelector("input");
    var hint = box.querySelector(".picker-hint");
    if (!input || box.dataset.ready) return;
    box.dataset.ready = "1";
    counter += 1;
    var listId = "picker-list-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    var label = input.labels && input.labels[0];
    if (label) {
      if (!label.id) label.id = listId + "-label";
      list.setAttribute("aria-labelledby", label.id);
    }
    list.hidden = true;
    box.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");
    if (hint) {
      if (!hint.id) hint.id = listId + "-hint";
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", (described ? described + " " : "") + hint.id);
    }

    var results = [];
    var active = -1;
    var timer = null;
    var pending = null;

    function say(text) {
      if (hint) hint.textContent = text || "";
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      active = index;
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function describe(result) {
      return result.label + " — " + result.path + " (" + result.detail + ")";
    }

    function choose(index) {
      var result = results[index];
      if (!result) return;
      close();
      if (box.dataset.go) {
        window.location.href = box.dataset.go + result.id + "#unit-" + result.id;
        return;
      }
      input.value = result.value;
      say(describe(result));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(answer) {
      results = answer.results || [];
      list.textContent = "";
      results.forEach(function (result, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "pick-label";
        name.textContent = result.label;
        var path = document.createElement("span");
        path.className = "pick-path";
        path.textContent = result.path;
        var detail = document.createElement("span");
        detail.className = "pick-detail";
        detail.textContent = result.detail;
        item.appendChild(name);
        item.appendChild(path);
        item.appendChild(detail);
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box
        });
        item.addEventListener("click", function () {
          choose(i);
        });
        list.appendChild(item);
      });
      if (!results.length) {
        close();
        say(box.dataset.empty);
        return;
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(-1);
      say(answer.more ? box.dataset.more : "");
    }

    function search() {
      var text = input.value.trim();
      if (pending) pending.abort();
      if (!text) {
        close();
        say("");
        return;
      }
      pending = window.AbortController ? new AbortController() : null;
      ask(withQuery(box.dataset.picker, text), pending ? pending.signal : undefined)
        .then(function (answer) {
          if (input.value.trim() === text) show(answer);
        })
        .catch(function (error) {
          if (error && error.name === "AbortError") return;
          close();
          say(box.dataset.failed);
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      say("");
      timer = setTimeout(search, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && results.length > 0;
      if (event.key === "ArrowDown" || event.key === "Down") {
        event.preventDefault();
        if (!open) {
          search();
          return;
        }
        highlight(active + 1 >= results.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        if (!open) return;
        event.preventDefault();
        highlight(active <= 0 ? results.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault(); // choose, don't send the form yet
          choose(active);
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (open) {
          event.preventDefault();
          close();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(close, 150);
    });

    // A value already in the box (a form shown again, an edit form): say whom it names.
    var initial = input.value.trim();
    if (initial && !box.dataset.go) {
      ask(withQuery(box.dataset.picker, initial))
        .then(function (answer) {
          var wanted = initial.toUpperCase();
          (answer.results || []).some(function (result) {
            if (String(result.value).toUpperCase() !== wanted) return false;
            if (input.value.trim() === initial) say(describe(result));
            return true;
          });
        })
        .catch(function () {});
    }
  }

  // ------------------------------------------------------------------ tree

  function fragment(url) {
    return fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } }).then(
      function (answer) {
        if (!answer.ok) throw new Error(String(answer.status));
        return answer.text();
      }
    );
  }

  function toggle(link) {
    var node = link.closest("li");
    var children = document.getElementById(link.getAttribute("aria-controls"));
    if (link.getAttribute("aria-expanded") === "true") {
      if (children) children.hidden = true;
      link.setAttribute("aria-expanded", "false");
      return;
    }
    if (children) {
      children.hidden = false;
      link.setAttribute("aria-expanded", "true");
      return;
    }
    link.setAttribute("aria-busy", "true");
    fragment(link.dataset.children)
      .then(function (html) {
        var group = document.createElement("ul");
        group.className = "tree-children";
        group.id = link.getAttribute("aria-controls");
        group.innerHTML = html; // our own server's fragment, rendered by Django's escaping templates
        node.appendChild(group);
        link.setAttribute("aria-expanded", "true");
      })
      .catch(function () {
        window.location.href = link.href; // the page opened to this unit, drawn by the server
      })
      .then(function () {
        link.removeAttribute("aria-busy");
      });
  }

  function more(link) {
    var item = link.closest("li");
    link.setAttribute("aria-busy", "true");
    fragment(link.href)
      .then(function (html) {
        var holder = document.createElement("ul");
        holder.innerHTML = html;
        var first = holder.firstElementChild;
        while (holder.firstChild) item.parentNode.insertBefore(holder.firstChild, item);
        item.parentNode.removeChild(item);
        var focus = first && first.querySelector(".tree-label a");
        if (focus) focus.focus();
      })
      .catch(function () {
        link.removeAttribute("aria-busy");
      });
  }

  function setUpTree(tree) {
    tree.addEventListener("click", function (event) {
      var link = event.target.closest("a");
      if (!link || !tree.contains(link)) return;
      if (link.classList.contains("tree-toggle")) {
        event.preventDefault();
        toggle(link);
      } else if (link.hasAttribute("data-more")) {
        event.preventDefault();
        more(link);
      }
    });
    tree.addEventListener("keydown", function (event) {
      // A toggle is a button to assistive technology: Space presses it as Enter does.
      var link = event.target;
      if ((event.key === " " || event.key === "Spacebar") && link.classList.contains("tree-toggle")) {
        event.preventDefault();
        toggle(link);
      }
    });
    var current = tree.querySelector(".tree-node.current");
    if (current) current.scrollIntoView({ block: "center" });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), setUp);
    Array.prototype.forEach.call(document.querySelectorAll("[data-tree]"), setUpTree);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
