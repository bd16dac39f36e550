// Roster import: check the file (dry run), show every bad row, then apply. Uses the session cookie and CSRF header.
(function () {
  var form = document.getElementById('import-form');
  var status = document.getElementById('import-status');
  var errors = document.getElementById('import-errors');
  var checkButton = document.getElementById('check');
  var applyButton = document.getElementById('apply');
  var columnNames = JSON.parse(errors.dataset.columns || '{}');
  function text(tag, value) { var el = document.createElement(tag); el.textContent = value; return el; }
  // The API answers "中文 (English)"; show the reader's half, as the server does for pages (Language.pick).
  function pick(s) {
    if (!s) { return ''; }
    var m = /^([\s\S]*[\u4e00-\u9fff][\s\S]*?)\s*\(([\u0000-\u2e7f]+)\)$/.exec(s);
    if (!m) { return s; }
    return (document.documentElement.lang || 'zh-CN').indexOf('zh') === 0 ? m[1] : m[2].charAt(0).toUpperCase() + m[2].slice(1);
  }
  function send(dryRun) {
    var file = document.getElementById('file').files[0];
    if (!file) {
      status.textContent = status.dataset.nofile; status.className = 'error';
      errors.textContent = ''; applyButton.disabled = true;
      document.getElementById('file').focus();
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
          tr.appendChild(text('td', e.row || '')); tr.appendChild(text('td', columnNames[e.column] || e.column || e.field || ''));
          tr.appendChild(text('td', pick(e.message))); table.appendChild(tr);
        });
        errors.appendChild(table);
      })
      .catch(function (err) { status.textContent = status.dataset.failed + ' ' + err; status.className = 'error'; });
  }
  checkButton.addEventListener('click', function () { send(true); });
  applyButton.addEventListener('click', function () { send(false); });
})();
