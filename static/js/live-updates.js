// Keeps an open live page current without a reload: asks for the newest updates (a small fragment
// the page cache and the CDN keep until an update is posted) every `data-live-poll-seconds`,
// inserts those the page does not show yet at the top, replaces those edited since, and says how
// many arrived in a polite live region — the reader's focus and scroll position stay where they
// are; updates deleted on the desk leave. When more arrived than the fragment holds, it offers a
// reload rather than leave a gap. It pauses while the tab is hidden and stops for good once the
// coverage is closed or the page is gone. Without it the page is complete: a reload shows every
// update.
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
  // A slow answer must not overlap the next poll: two would insert the same update twice.
  var inFlight = false;

  function say(text) {
    // Emptied first: a screen reader speaks a live region's change, and an announcement equal
    // to the last one ("1 new update" twice) is no change.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 100);
  }

  function announce(count) {
    say(count === 1 ? status.dataset.oneNew : status.dataset.manyNew.replace("{count}", count));
  }

  function offerReload() {
    var link = document.createElement("a");
    link.href = window.location.pathname + window.location.search;
    link.textContent = status.dataset.reload;
    status.textContent = "";
    status.appendChild(link);
  }

  function end() {
    stopped = true;
    say(status.dataset.closed);
  }

  function shown() {
    var found = {};
    list.querySelectorAll("[data-update-id]").forEach(function (item) {
      found[item.dataset.updateId] = item;
    });
    return found;
  }

  function isNewer(incoming, current) {
    var a = Date.parse(incoming.dataset.updated);
    var b = Date.parse(current.dataset.updated);
    // Two edits in the same second share a time; the version tells them apart.
    return isNaN(a) || isNaN(b) || a >= b;
  }

  function removeDeleted(items, known, oldest, truncated) {
    // The fragment holds every update newer than its oldest: one of those the page shows that
    // the fragment does not was deleted. Older than that, the fragment cannot say.
    var listed = {};
    items.forEach(function (item) {
      listed[item.dataset.updateId] = true;
    });
    var last = truncated ? known[oldest.dataset.updateId] : null;
    var children = Array.prototype.slice.call(list.querySelectorAll("[data-update-id]"));
    for (var i = 0; i < children.length && children[i] !== last; i += 1) {
      if (!listed[children[i].dataset.updateId]) {
        children[i].remove();
      }
    }
  }

  function apply(fragment) {
    var known = shown();
    var items = Array.prototype.slice.call(fragment.querySelectorAll("[data-update-id]"));
    var truncated = fragment.dataset.truncated === "true";
    var oldest = items[items.length - 1];
    if (oldest && truncated && !known[oldest.dataset.updateId]) {
      // More arrived than the fragment holds: inserting them would leave a gap below.
      stopped = true;
      offerReload();
      return;
    }
    if (oldest || !truncated) {
      removeDeleted(items, known, oldest, truncated);
    }
    var fresh = [];
    items.forEach(function (item) {
      var current = known[item.dataset.updateId];
      if (!current) {
        fresh.push(item);
      } else if (current.isConnected && current.dataset.version !== item.dataset.version && isNewer(item, current)) {
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
      end();
    }
  }

  function poll() {
    timer = null;
    if (inFlight || stopped) {
      return;
    }
    inFlight = true;
    // "no-cache": the browser asks again each time (a 304 while nothing changed) rather than
    // keep the fragment as long as it may keep a page.
    fetch(url, { cache: "no-cache", credentials: "omit", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (response.status === 404 || response.status === 410) {
          // Unpublished, or no longer live: nothing more will come.
          end();
          return null;
        }
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
      .then(function () {
        inFlight = false;
        schedule();
      });
  }

  function schedule() {
    if (!stopped && timer === null && document.visibilityState === "visible") {
      timer = window.setTimeout(poll, seconds * 1000);
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      if (timer === null && !stopped && !inFlight) {
        poll();
      }
    } else if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
  });
  schedule();
})();
