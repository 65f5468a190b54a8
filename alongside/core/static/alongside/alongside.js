// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Fill a time zone select from the device, unless the member already chose one.
  document.querySelectorAll("select[data-browser-timezone]").forEach(function (select) {
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone && !select.dataset.touched && select.querySelector('option[value="' + zone + '"]')) {
        select.value = zone;
      }
      select.addEventListener("change", function () { select.dataset.touched = "true"; });
    } catch (error) { /* keep the default */ }
  });

  // Live updates over the member's websocket: the unread count in the header.
  var socketPath = document.body.dataset.liveSocket;
  function setUnread(count) {
    document.querySelectorAll("[data-unread-count]").forEach(function (badge) {
      badge.querySelector("[data-unread-number]").textContent = String(count);
      badge.hidden = count < 1;
    });
  }
  function setBadge(selector, count) {
    document.querySelectorAll(selector).forEach(function (badge) {
      badge.querySelector("[data-count-number]").textContent = String(count);
      badge.hidden = count < 1;
    });
  }
  // An urgent support alert, at the top of whatever page is open. Text, never HTML.
  function showAlert(event) {
    var box = document.querySelector("[data-live-alert]");
    if (!box) { return; }
    var kind = event.type.split(".")[1];
    var text = (box.dataset[kind + "Text"] || "").replace("%(handle)s", event.handle || "");
    var link = document.createElement("a");
    link.href = kind === "unanswered" ? "/help/" : event.url;
    link.textContent = box.dataset[kind + "Link"] || "";
    box.textContent = text + " ";
    box.appendChild(link);
    box.hidden = false;
  }
  function connect(delay) {
    if (!socketPath || !window.WebSocket) { return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + socketPath);
    socket.addEventListener("open", function () { delay = 1000; document.body.dataset.liveConnected = "true"; });
    socket.addEventListener("message", function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (error) { return; }
      if (event.type === "notifications.unread") { setUnread(event.count); }
      if (event.type === "messages.unread") { setBadge("[data-messages-count]", event.count); }
      if (event.type === "support.request" || event.type === "support.responded" || event.type === "support.unanswered") { showAlert(event); }
    });
    socket.addEventListener("close", function (closed) {
      delete document.body.dataset.liveConnected;
      if (closed.code === 4401) { return; }  // logged out: nothing to listen for
      window.setTimeout(function () { connect(Math.min(delay * 2, 60000)); }, delay);
    });
  }
  connect(1000);

  // A conversation: messages arrive over its own socket, which only says "something new";
  // the page then asks the server for what came after the last message it has, so a
  // reconnect catches up and nothing is shown twice. Without a socket it asks every 10 s.
  var convo = document.querySelector("[data-conversation]");
  if (convo && window.htmx) {
    var list = convo.querySelector("[data-message-list]");
    var live = false, busy = false, again = false;
    var dedupe = function () {
      var seen = {};
      list.querySelectorAll("[data-message-id]").forEach(function (item) {
        if (seen[item.dataset.messageId]) { item.remove(); } else { seen[item.dataset.messageId] = true; }
      });
      var empty = list.querySelector("[data-empty]");
      if (empty && list.querySelector("[data-message-id]")) { empty.remove(); }
    };
    var catchUp = function () {
      var sentinel = list.querySelector("[data-message-sentinel]");
      if (!sentinel) { return; }
      if (busy) { again = true; return; }
      busy = true;
      window.htmx.ajax("GET", sentinel.dataset.updatesUrl, { target: sentinel, swap: "outerHTML" })
        .then(dedupe, function () {})
        .then(function () { busy = false; if (again) { again = false; catchUp(); } });
    };
    var refresh = function (id) {
      var item = document.getElementById("message-" + id);
      if (item) {
        window.htmx.ajax("GET", window.location.pathname.replace(/\/$/, "") + "/m/" + id + "/", { target: item, swap: "outerHTML" });
      }
    };
    var listen = function (delay) {
      if (!window.WebSocket) { return; }
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      var socket = new WebSocket(scheme + window.location.host + convo.dataset.socket);
      socket.addEventListener("open", function () { live = true; delay = 1000; convo.dataset.live = "true"; catchUp(); });
      socket.addEventListener("message", function (message) {
        var event;
        try { event = JSON.parse(message.data); } catch (error) { return; }
        if (event.type === "message.new") { catchUp(); }
        if (event.type === "message.changed") { refresh(event.id); }
      });
      socket.addEventListener("close", function (closed) {
        live = false;
        delete convo.dataset.live;
        if (closed.code === 4401 || closed.code === 4404) { return; }
        window.setTimeout(function () { listen(Math.min(delay * 2, 30000)); }, delay);
      });
    };
    listen(1000);
    window.setInterval(function () { if (!live) { catchUp(); } }, 10000);

    var form = document.querySelector("[data-message-form]");
    if (form && window.fetch) {
      form.addEventListener("submit", function (submitted) {
        if (form.dataset.plain) { return; }
        submitted.preventDefault();
        fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
          headers: { "X-Requested-With": "fetch" } })
          .then(function (response) {
            if (response.status === 204) { form.reset(); catchUp(); return; }
            if (response.status === 202) { window.location.reload(); return; }  // resources wait
            form.dataset.plain = "true"; form.submit();  // let the page explain what went wrong
          })
          .catch(function () { form.dataset.plain = "true"; form.submit(); });
      });
    }
  }

  // The meeting finder's "Use my location": the browser's position fills the search, which
  // runs on this server only.
  var locate = document.querySelector("[data-use-location]");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        var form = locate.closest("form");
        form.querySelector("[data-latitude]").value = position.coords.latitude.toFixed(4);
        form.querySelector("[data-longitude]").value = position.coords.longitude.toFixed(4);
        form.querySelector("#near").value = "";
        form.submit();
      });
    });
  }

  // The meeting finder's map, when the operator configured a tile server: the same meetings
  // as the list below it, each marker linking to its page. Names are set as text, never HTML.
  // Leaflet is deferred after this file, so wait for it: DOMContentLoaded follows every
  // deferred script.
  document.addEventListener("DOMContentLoaded", function () {
  var map = document.querySelector("[data-meeting-map]");
  if (map && window.L) {
    var points = Array.prototype.map.call(map.querySelectorAll("[data-map-point]"), function (p) {
      return { lat: parseFloat(p.dataset.lat), lng: parseFloat(p.dataset.lng), name: p.dataset.name, url: p.dataset.url };
    }).filter(function (p) { return isFinite(p.lat) && isFinite(p.lng); });
    if (points.length) {
      var leaflet = window.L.map(map, { scrollWheelZoom: false });
      window.L.tileLayer(map.dataset.tiles, { attribution: map.dataset.attribution || "", maxZoom: 18 }).addTo(leaflet);
      window.L.Icon.Default.imagePath = "/static/vendor/leaflet-1.9.4/images/";
      var bounds = [];
      points.forEach(function (p) {
        var link = document.createElement("a");
        link.href = p.url;
        link.textContent = p.name;
        window.L.marker([p.lat, p.lng], { title: p.name, alt: p.name }).addTo(leaflet).bindPopup(link);
        bounds.push([p.lat, p.lng]);
      });
      leaflet.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    }
  }
  });

  // The service worker keeps /help/ available offline (and carries push notifications).
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* the page works without it */ });
  }

  // Push notifications: subscribe this device in notification settings.
  var push = document.querySelector("[data-push]");
  if (push && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window) {
    var status = push.querySelector("[data-push-status]");
    var enable = push.querySelector("[data-push-enable]");
    var disable = push.querySelector("[data-push-disable]");
    var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
    push.hidden = false;
    document.querySelector("[data-push-unsupported]").hidden = true;

    var keyBytes = function (base64) {
      var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
      var raw = window.atob(padded);
      var bytes = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
      return bytes;
    };
    var post = function (url, fields) {
      var body = new URLSearchParams(fields);
      return fetch(url, { method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrf ? csrf.value : "" } });
    };
    var show = function (subscribed) { enable.hidden = subscribed; disable.hidden = !subscribed; };
    var registration = navigator.serviceWorker.register("/sw.js");

    registration.then(function (reg) { return reg.pushManager.getSubscription(); })
      .then(function (existing) { show(Boolean(existing)); })
      .catch(function () { show(false); });

    enable.addEventListener("click", function () {
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") {
          status.textContent = push.dataset.deniedText || "Notifications are blocked for this site in your browser settings.";
          return null;
        }
        return registration.then(function (reg) {
          return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(push.dataset.vapidKey) });
        }).then(function (subscription) {
          var json = subscription.toJSON();
          return post(push.dataset.subscribeUrl, { endpoint: json.endpoint, p256dh: json.keys.p256dh,
            auth: json.keys.auth, device: navigator.userAgentData ? navigator.userAgentData.platform : "" });
        }).then(function (response) {
          if (response && response.ok) { show(true); status.textContent = push.dataset.onText; }
          else { status.textContent = push.dataset.failedText; }
        });
      }).catch(function () { status.textContent = push.dataset.failedText; });
    });

    disable.addEventListener("click", function () {
      registration.then(function (reg) { return reg.pushManager.getSubscription(); })
        .then(function (subscription) {
          if (!subscription) { return null; }
          var endpoint = subscription.endpoint;
          return subscription.unsubscribe().then(function () { return post(push.dataset.unsubscribeUrl, { endpoint: endpoint }); });
        }).then(function () { show(false); status.textContent = push.dataset.offText; });
    });
  }
})();
