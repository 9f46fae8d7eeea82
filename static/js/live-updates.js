// Keeps an open live page current without a reload: asks for the newest updates (a small fragment
// the page cache and the CDN keep until an update is posted) every `data-live-poll-seconds`,
// inserts those the page does not show yet at the top, replaces those edited since, and says how
// many arrived in a polite live region — the reader's focus and scroll position stay where they
// are. It pauses while the tab is hidden and stops for good once the coverage is closed. Without
// it the page is complete: a reload shows every update.
(function () {
  "use strict";
  var list = document.getElementById("live-updates");
  var status = document.getElementById("live-status");
  if (!list || !status || !window.fetch || !window.DOMParser) {
    return;
  }
  var url = list.dataset.liveUrl;
  var seconds = Math.max(parseInt(list.dataset.livePollSeconds, 10) || 30, 1);
  var timer = null;
  var stopped = false;

  function announce(count) {
    var text = count === 1 ? status.dataset.oneNew : status.dataset.manyNew.replace("{count}", count);
    status.textContent = text;
  }

  function shown() {
    var found = {};
    list.querySelectorAll("[data-update-id]").forEach(function (item) {
      found[item.dataset.updateId] = item;
    });
    return found;
  }

  function apply(fragment) {
    var known = shown();
    var fresh = [];
    fragment.querySelectorAll("[data-update-id]").forEach(function (item) {
      var current = known[item.dataset.updateId];
      if (!current) {
        fresh.push(item);
      } else if (current.dataset.version !== item.dataset.version) {
        current.replaceWith(document.importNode(item, true));
      }
    });
    // The fragment is newest first: the oldest new one goes in first, each above the last.
    for (var i = fresh.length - 1; i >= 0; i -= 1) {
      list.insertBefore(document.importNode(fresh[i], true), list.firstChild);
    }
    if (fresh.length) {
      announce(fresh.length);
    }
    if (fragment.dataset.liveOpen === "false") {
      stopped = true;
      status.textContent = status.dataset.closed;
    }
  }

  function poll() {
    timer = null;
    // "no-cache": the browser asks again each time (a 304 while nothing changed) rather than
    // keep the fragment as long as it may keep a page.
    fetch(url, { cache: "no-cache", credentials: "omit", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html === null) {
          return;
        }
        var parsed = new DOMParser().parseFromString(html, "text/html");
        var fragment = parsed.getElementById("live-updates-fragment");
        if (fragment) {
          apply(fragment);
        }
      })
      .catch(function () {})
      .then(schedule);
  }

  function schedule() {
    if (!stopped && timer === null && document.visibilityState === "visible") {
      timer = window.setTimeout(poll, seconds * 1000);
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      if (timer === null && !stopped) {
        poll();
      }
    } else if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
  });
  schedule();
})();
