// Room view: the keys ← and → move to the previous and next picture, 1 to 4
// open a picture directly, and f asks the browser for full screen. Without
// this script the links at the top do the same.
(function () {
  'use strict';
  function follow(id) {
    var a = document.getElementById(id);
    if (a) { window.location.href = a.href; }
  }
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) { return; }
    var t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) { return; }
    if (e.key === 'ArrowLeft') { e.preventDefault(); follow('room-prev'); return; }
    if (e.key === 'ArrowRight') { e.preventDefault(); follow('room-next'); return; }
    if (e.key === 'f' && document.documentElement.requestFullscreen) {
      if (document.fullscreenElement) { document.exitFullscreen(); } else { document.documentElement.requestFullscreen(); }
      return;
    }
    var link = document.querySelector('.room-nav a[data-key="' + e.key + '"]');
    if (link) { e.preventDefault(); window.location.href = link.href; }
  });
}());
