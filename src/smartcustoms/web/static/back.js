// "Back" links (data-back): the browser's history, without an inline script or a javascript:
// URL, which the Content-Security-Policy refuses. Without script the link goes home.
document.querySelectorAll("a[data-back]").forEach(function (link) {
  link.addEventListener("click", function (event) {
    if (window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
});
