/* The copy-check report's script, inlined by quantriet.copycheck.report.html and allowed by its hash in the
   page's Content-Security-Policy. It only adds comfort: the pair list reads without it. Document text
   reaches the page only through textContent and text nodes, never as HTML. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var table = document.getElementById('pair-table');
  var viewer = document.getElementById('viewer');

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // Sorting: rows carry their values in data-* attributes; the table is correct without this.
  var collator = new Intl.Collator('vi', { numeric: true });
  function sortBy(th) {
    var key = th.getAttribute('data-key');
    var numeric = th.hasAttribute('data-numeric');
    var dir = th.getAttribute('aria-sort') === (numeric ? 'descending' : 'ascending')
      ? (numeric ? 'ascending' : 'descending') : (numeric ? 'descending' : 'ascending');
    var sign = dir === 'ascending' ? 1 : -1;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (x, y) {
      var a = x.getAttribute('data-' + key), b = y.getAttribute('data-' + key);
      var c = numeric ? (parseFloat(a) - parseFloat(b)) : collator.compare(a, b);
      if (c !== 0) { return sign * c; }
      return parseInt(x.getAttribute('data-k'), 10) - parseInt(y.getAttribute('data-k'), 10);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute('aria-sort');
    });
    th.setAttribute('aria-sort', dir);
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    var button = th.querySelector('button');
    if (button) { button.addEventListener('click', function () { sortBy(th); }); }
  });

  // One side of a pair: the text with its passages marked and numbered like their counterparts.
  function sideText(text, spans, side) {
    var box = el('div', 'text');
    box.setAttribute('data-side', side);
    box.tabIndex = 0;
    var at = 0;
    spans.slice().sort(function (x, y) { return x[0] - y[0]; }).forEach(function (s) {
      if (s[0] > at) { box.appendChild(document.createTextNode(text.slice(at, s[0]))); }
      var mark = el('mark', 'psg', text.slice(s[0], s[1]));
      mark.setAttribute('data-n', String(s[2]));
      mark.setAttribute('data-side', side);
      mark.id = side + '-' + s[2];
      mark.tabIndex = 0;
      mark.title = 'Đoạn ' + s[2] + ': bấm để xem đoạn tương ứng';
      box.appendChild(mark);
      at = Math.max(at, s[1]);
    });
    if (at < text.length) { box.appendChild(document.createTextNode(text.slice(at))); }
    return box;
  }

  function scrollInto(box, mark, top) {
    box.scrollTop += mark.getBoundingClientRect().top - box.getBoundingClientRect().top - top;
  }

  function activate(n, fromSide) {
    var marks = viewer.querySelectorAll('mark.psg');
    Array.prototype.forEach.call(marks, function (m) {
      m.classList.toggle('active', m.getAttribute('data-n') === String(n));
    });
    var a = document.getElementById('a-' + n), b = document.getElementById('b-' + n);
    if (!a || !b) { return; }
    var source = fromSide === 'b' ? b : a, target = fromSide === 'b' ? a : b;
    var sourceBox = source.parentNode, targetBox = target.parentNode;
    if (!fromSide) { scrollInto(sourceBox, source, 24); }
    // Align: the counterpart lands at the same height as the passage that was clicked.
    var offset = source.getBoundingClientRect().top - sourceBox.getBoundingClientRect().top;
    scrollInto(targetBox, target, Math.max(0, offset));
    // A counterpart near the top or end of its text cannot scroll that far: move the clicked side instead.
    var gap = (source.getBoundingClientRect().top - sourceBox.getBoundingClientRect().top) -
      (target.getBoundingClientRect().top - targetBox.getBoundingClientRect().top);
    if (Math.abs(gap) > 1) { sourceBox.scrollTop += gap; }
  }

  function showPair(k) {
    var p = data.pairs[k - 1];
    if (!p) { return; }
    var docA = data.docs[p[0]], docB = data.docs[p[1]];
    viewer.textContent = '';
    var head = el('div', 'pair-head');
    head.appendChild(el('h3', '', 'Cặp ' + k));
    head.appendChild(el('span', '', 'Tỉ lệ trùng ' + p[2] + ' · ' + p[3].length + ' đoạn'));
    viewer.appendChild(head);
    var jump = el('div', 'jump');
    p[3].forEach(function (q, i) {
      var button = el('button', '', 'Đoạn ' + (i + 1));
      button.type = 'button';
      button.addEventListener('click', function () { activate(i + 1, null); });
      jump.appendChild(button);
    });
    viewer.appendChild(jump);
    var sides = el('div', 'sides');
    [['a', docA, 0], ['b', docB, 2]].forEach(function (s) {
      var col = el('div', 'side');
      var title = el('h4', '', s[1].id);
      if (s[1].role === 'reference') { title.appendChild(el('span', 'role', 'tham chiếu')); }
      col.appendChild(title);
      var spans = p[3].map(function (q, i) { return [q[s[2]], q[s[2] + 1], i + 1]; });
      col.appendChild(sideText(s[1].text, spans, s[0]));
      sides.appendChild(col);
    });
    viewer.appendChild(sides);
    sides.addEventListener('click', function (event) {
      var mark = event.target.closest ? event.target.closest('mark.psg') : null;
      if (mark) { activate(mark.getAttribute('data-n'), mark.getAttribute('data-side')); }
    });
    sides.addEventListener('keydown', function (event) {
      var mark = event.target;
      if ((event.key === 'Enter' || event.key === ' ') && mark.matches && mark.matches('mark.psg')) {
        event.preventDefault();
        activate(mark.getAttribute('data-n'), mark.getAttribute('data-side'));
      }
    });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      row.classList.toggle('current', row.getAttribute('data-k') === String(k));
    });
  }

  function fromHash() {
    var match = /^#pair-(\d+)$/.exec(window.location.hash);
    if (match) {
      showPair(parseInt(match[1], 10));
      document.getElementById('pair-view').scrollIntoView();
    }
  }
  window.addEventListener('hashchange', fromHash);
  if (/^#pair-\d+$/.test(window.location.hash)) { fromHash(); } else if (data.pairs.length) { showPair(1); }
})();
