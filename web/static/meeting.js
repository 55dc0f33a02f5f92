// Live learning meeting: follows the meeting's event stream, counts down the
// step timer, and sends input with fetch. Text is kept in localStorage
// (drafts while typing, an outbox after sending) until the server has it,
// so nothing typed is lost when the connection drops. Without this script
// every form still works by posting and reloading.
(function () {
  'use strict';
  var root = document.getElementById('live');
  if (!root) { return; }
  var mid = root.dataset.meeting;
  var outboxKey = 'rotonde-outbox-' + mid;
  var draftKey = 'rotonde-draft-' + mid + '-';
  var conn = document.getElementById('conn');
  var online = true;

  function store(key, value) {
    try {
      if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, value); }
    } catch (e) { /* private mode: keep going without */ }
  }
  function load(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  function outbox() {
    try { return JSON.parse(load(outboxKey) || '[]'); } catch (e) { return []; }
  }
  function saveOutbox(q) { store(outboxKey, q.length ? JSON.stringify(q) : null); }

  function showStatus() {
    if (!conn) { return; }
    var n = outbox().length;
    var text = online ? root.dataset.connected : root.dataset.offline;
    if (n > 0) { text += ' ' + root.dataset.pending + ' ' + n; }
    conn.textContent = text;
    conn.dataset.state = online ? 'online' : 'offline';
    conn.dataset.pending = String(n);
  }

  function showError(msg) {
    var p = document.getElementById('live-error');
    if (!p) {
      p = document.createElement('p');
      p.id = 'live-error';
      p.className = 'alert';
      p.setAttribute('role', 'alert');
      root.insertBefore(p, root.firstChild);
    }
    p.textContent = msg;
  }

  // The waiting room: look again every few seconds until let in.
  if (root.dataset.waiting) {
    setTimeout(function () { location.reload(); }, 3000);
    return;
  }

  var sending = false;
  function flush() {
    if (sending) { return; }
    var q = outbox();
    if (!q.length) { showStatus(); return; }
    sending = true;
    var item = q[0];
    fetch(item.action, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Accept': 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(item.data).toString()
    }).then(function (res) {
      sending = false;
      if (res.status >= 500) { throw new Error('server'); }
      var rest = outbox();
      rest.shift();
      saveOutbox(rest);
      online = true;
      if (!res.ok) {
        return res.json().then(function (j) { showError(j.error || res.statusText); }, function () { showError(res.statusText); });
      }
      var err = document.getElementById('live-error');
      if (err) { err.remove(); }
    }).then(function () {
      showStatus();
      if (outbox().length) { flush(); }
    }).catch(function () {
      sending = false;
      online = false;
      showStatus();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('form.live-form'), function (form) {
    var name = form.dataset.draft;
    var fields = form.querySelectorAll('textarea, input[type=text], input:not([type])');
    if (name) {
      Array.prototype.forEach.call(fields, function (f) {
        var saved = load(draftKey + name + '-' + f.name);
        if (saved && !f.value) { f.value = saved; }
        f.addEventListener('input', function () { store(draftKey + name + '-' + f.name, f.value || null); });
      });
    }
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var data = [];
      new FormData(form).forEach(function (v, k) { data.push([k, String(v)]); });
      var q = outbox();
      q.push({ action: form.action, data: data });
      saveOutbox(q);
      Array.prototype.forEach.call(fields, function (f) {
        if (name) { store(draftKey + name + '-' + f.name, null); }
        f.value = '';
      });
      flush();
    });
  });

  // Events.
  var last = 0;
  var es = null;
  function text(tag, s) { var el = document.createElement(tag); el.textContent = s; return el; }
  function onCapture(e) {
    var c = JSON.parse(e.data);
    var li, list;
    switch (c.kind) {
      case 'group-text':
        list = document.getElementById('g-' + c.group + '-' + c.slot);
        if (list) { list.appendChild(text('li', c.body)); }
        return;
      case 'advice':
        list = document.getElementById('list-advice');
        if (list) { list.appendChild(text('li', c.body)); }
        var n = document.getElementById('backpack-count');
        if (n) { n.textContent = String(parseInt(n.textContent, 10) + 1); }
        return;
      case 'stakeholder':
        var body = document.getElementById('stakeholders');
        if (body) {
          var tr = document.createElement('tr');
          var th = text('th', c.stakeholder); th.scope = 'row';
          tr.appendChild(th); tr.appendChild(text('td', c.body)); tr.appendChild(text('td', c.feeling));
          body.appendChild(tr);
        }
        return;
      case 'emotion':
        var em = document.getElementById('emo-' + c.body);
        if (em) { em.textContent = '×' + (parseInt((em.textContent || '×0').slice(1), 10) + 1); }
        return;
    }
    list = document.getElementById('list-' + c.kind);
    if (!list) { return; }
    li = text('li', c.body);
    if (c.author) { li.appendChild(text('span', ' — ' + c.author)).className = 'muted'; }
    list.appendChild(li);
  }
  // A form that navigates (next step, close) must not be overtaken by a
  // reload for the event it caused.
  var leaving = false;
  window.addEventListener('beforeunload', function () { leaving = true; if (es) { es.close(); } });
  function reload() { if (!leaving) { location.reload(); } }
  // A guest's place ends with the meeting: say so, rather than reload into
  // a page that is no longer theirs.
  function onStatus(e) {
    var st = {};
    try { st = JSON.parse(e.data); } catch (err) { st = {}; }
    if (root.dataset.guest && st.status === 'closed') { guestEnded(); return; }
    reload();
  }
  function guestEnded() {
    if (es) { es.close(); }
    var h1 = root.querySelector('h1');
    while (root.firstChild) { root.removeChild(root.firstChild); }
    if (h1) { root.appendChild(h1); }
    var p = text('p', root.dataset.ended);
    p.className = 'lead';
    p.setAttribute('role', 'status');
    root.appendChild(p);
  }
  function connect() {
    var url = root.dataset.events + (last ? '?since=' + last : '');
    es = new EventSource(url);
    es.onopen = function () { online = true; showStatus(); flush(); };
    es.onerror = function () { online = false; showStatus(); };
    var track = function (fn) { return function (e) { if (e.lastEventId) { last = parseInt(e.lastEventId, 10); } fn(e); }; };
    es.addEventListener('capture', track(onCapture));
    es.addEventListener('step', track(reload));
    es.addEventListener('status', track(onStatus));
    es.addEventListener('attachment', track(reload));
    es.addEventListener('film', track(function (e) {
      var f = JSON.parse(e.data);
      var counts = document.getElementById('film-counts');
      var open = !!document.getElementById('film');
      if (f.open !== open) { reload(); return; }
      if (counts) { counts.textContent = counts.textContent.replace(/\d+/, f.yes).replace(/(\D*\d+\D+)\d+/, '$1' + f.notYet); }
    }));
    // A series session: a count while contributions come in, the whole
    // page again once the facilitator reveals them.
    es.addEventListener('series', track(function (e) {
      var s = JSON.parse(e.data);
      var n = document.getElementById('series-count-' + s.step);
      if (s.revealed || !n) { reload(); return; }
      n.textContent = String(s.count);
    }));
    es.addEventListener('participants', track(function (e) {
      var p = JSON.parse(e.data);
      if (p.waiting || p.admitted) { reload(); }
    }));
    // Dropped for being slow: start again from the last event seen.
    es.addEventListener('reconnect', function () { es.close(); setTimeout(connect, 500); });
    es.addEventListener('gone', function () { es.close(); reload(); });
  }
  // Events up to the page's own number are already in the page.
  last = parseInt(root.dataset.last || '0', 10) || 0;
  connect();

  // Timer.
  var timer = document.getElementById('timer');
  if (timer && timer.dataset.ends) {
    var ends = Date.parse(timer.dataset.ends);
    var tick = function () {
      var left = Math.round((ends - Date.now()) / 1000);
      if (left <= 0) { timer.textContent = root.dataset.over; timer.dataset.over = '1'; return; }
      var m = Math.floor(left / 60), s = left % 60;
      timer.textContent = root.dataset.left + ' ' + m + ':' + (s < 10 ? '0' : '') + s;
    };
    tick();
    setInterval(tick, 1000);
  }

  window.addEventListener('online', flush);
  setInterval(flush, 3000);
  showStatus();
  flush();
})();
