// Live pages: every data-live seconds, fetch this same address and swap in the fresh #live block.
// Without JavaScript the page still works; reloading shows the same.
(function () {
  var live = document.getElementById('live');
  if (!live || !window.fetch || !window.DOMParser) return;
  var seconds = parseInt(live.getAttribute('data-live'), 10) || 20;
  function refresh() {
    if (document.hidden) return;
    fetch(location.href, { credentials: 'same-origin', headers: { 'X-Live': '1' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('live');
        if (fresh) { live.innerHTML = fresh.innerHTML; }
      })
      .catch(function () { /* offline for a moment: try again next time */ });
  }
  setInterval(refresh, seconds * 1000);
  // Anyone (a button, a test) can ask for a refresh now.
  document.addEventListener('shouhu:refresh', refresh);
})();
