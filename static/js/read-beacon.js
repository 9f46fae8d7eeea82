// Counts one read of the article page once a reader actually sees it, however the page was served
// (by Django, the page cache or the CDN): not while the browser prerenders it ahead of a click that
// may never come, and not while it waits unseen in a background tab. The request carries no data
// about the reader; the server keeps only the article, the page's language and the day.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.readUrl;
  if (!url) {
    return;
  }
  var sent = false;

  function send() {
    if (sent || document.prerendering || document.visibilityState !== "visible") {
      return;
    }
    sent = true;
    if (navigator.sendBeacon && navigator.sendBeacon(url)) {
      return;
    }
    fetch(url, { method: "POST", keepalive: true, credentials: "same-origin" }).catch(function () {});
  }

  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  }
  document.addEventListener("visibilitychange", send);
  send();
})();
