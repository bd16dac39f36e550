// Roster import: check the file (dry run), show every bad row, then apply. Uses the session cookie and CSRF header.
(function () {
  var form = document.getElementById('import-form');
  var status = document.getElementById('import-status');
  var errors = document.getElementById('import-errors');
  var checkButton = document.getElementById('check');
  var applyButton = document.getElementById('apply');
  function text(tag, value) { var el = document.createElement(tag); el.textContent = value; return el; }
  // The API answers "中文 (English)"; a person reads only their language's half (as Language.pick on the server).
  var chinese = (document.documentElement.lang || 'zh').indexOf('zh') === 0;
  function pick(message) {
    message = String(message || '');
    if (message.charAt(message.length - 1) !== ')') { return message; }
    var depth = 0, open = -1;
    for (var i = message.length - 1; i >= 0; i--) {
      var c = message.charAt(i);
      if (c === ')') { depth++; } else if (c === '(' && --depth === 0) { open = i; break; }
    }
    if (open < 0) { return message; }
    var head = message.slice(0, open).trim(), tail = message.slice(open + 1, -1).trim();
    if (!/[\u4e00-\u9fff]/.test(head) || !tail || /[^\u0000-\u2e7f]/.test(tail)) { return message; }
    return chinese ? head : tail.charAt(0).toUpperCase() + tail.slice(1);
  }
  // Missing columns are reported by their English names; a Chinese page names them by their Chinese headers.
  var columns = {};
  try { columns = JSON.parse(status.dataset.columns || '{}'); } catch (e) { columns = {}; }
  function column(e) { var key = e.column || e.field || ''; return columns[key] || key; }
  function send(dryRun) {
    var file = document.getElementById('file').files[0];
    if (!file) {
      status.textContent = status.dataset.nofile; status.className = 'error';
      errors.textContent = ''; applyButton.disabled = true;
      document.getElementById('file').focus();
      return;
    }
    if (file.size === 0) {
      status.textContent = status.dataset.empty; status.className = 'error';
      errors.textContent = ''; applyButton.disabled = true;
      return;
    }
    var kind = form.querySelector('input[name=kind]:checked').value;
    status.textContent = status.dataset.checking; status.className = '';
    errors.textContent = ''; applyButton.disabled = true;
    fetch('/api/v1/roster/' + kind + (dryRun ? '?dryRun=true' : ''), {
      method: 'POST', body: file, credentials: 'same-origin',
      headers: { 'X-CSRF-Token': form.dataset.csrf, 'Content-Type': file.name.endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv' }
    }).then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (res.ok) {
          var b = res.body;
          status.textContent = (dryRun ? status.dataset.ok : status.dataset.applied)
            .replace('{created}', b.created).replace('{updated}', b.updated).replace('{unchanged}', b.unchanged);
          status.className = 'ok';
          applyButton.disabled = !dryRun;
          return;
        }
        status.textContent = status.dataset.failed + ' ' + pick(res.body.detail);
        status.className = 'error';
        var list = res.body.errors || [];
        if (list.length === 0) { return; }
        var table = document.createElement('table');
        var head = document.createElement('tr');
        [status.dataset.row, status.dataset.column, status.dataset.message].forEach(function (h) { head.appendChild(text('th', h)); });
        table.appendChild(head);
        list.forEach(function (e) {
          var tr = document.createElement('tr');
          tr.appendChild(text('td', e.row || '')); tr.appendChild(text('td', column(e)));
          tr.appendChild(text('td', pick(e.message))); table.appendChild(tr);
        });
        errors.appendChild(table);
      })
      .catch(function (err) { status.textContent = status.dataset.failed + ' ' + err; status.className = 'error'; });
  }
  checkButton.addEventListener('click', function () { send(true); });
  applyButton.addEventListener('click', function () { send(false); });
})();
