// zinepress preview: the screen / print page view button, and a reload when the
// server has a newer version of the page (src/zinepress/preview.py).
(function () {
  "use strict";
  var VIEW_KEY = "zinepress-preview-view";
  var button = document.getElementById("preview-view");

  function show(view) {
    var print = view === "print";
    document.querySelectorAll("link.view-screen").forEach(function (link) { link.disabled = print; });
    document.querySelectorAll("link.view-print").forEach(function (link) { link.disabled = !print; });
    document.documentElement.classList.toggle("print-view", print);
    button.setAttribute("aria-pressed", String(print));
    button.textContent = print ? "Screen view" : "Print page view";
    try { localStorage.setItem(VIEW_KEY, view); } catch (e) { /* private window */ }
  }

  button.addEventListener("click", function () {
    show(document.documentElement.classList.contains("print-view") ? "screen" : "print");
  });
  var saved = null;
  try { saved = localStorage.getItem(VIEW_KEY); } catch (e) { /* private window */ }
  show(saved === "print" ? "print" : "screen");

  // Keep the reading place across reloads.
  var PLACE_KEY = "zinepress-preview-place";
  window.addEventListener("beforeunload", function () {
    try { sessionStorage.setItem(PLACE_KEY, String(window.scrollY)); } catch (e) { /* ignore */ }
  });
  try {
    var place = sessionStorage.getItem(PLACE_KEY);
    if (place !== null && !location.hash) { window.scrollTo(0, Number(place)); }
  } catch (e) { /* ignore */ }

  var version = document.body.getAttribute("data-version");
  function poll() {
    fetch("/__version", { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (current) {
        if (current !== version) { location.reload(); } else { setTimeout(poll, 500); }
      })
      .catch(function () { setTimeout(poll, 2000); });   // the server is gone for now
  }
  setTimeout(poll, 500);
})();
