{% load static %}
// Alongside's service worker: keeps the crisis page readable offline, shows push
// notifications and opens the page they point to. Payloads are discreet by design.
var HELP_CACHE = "alongside-help-v1";
var HELP_URLS = ["{% url 'support:help' %}", "{% static 'alongside/alongside.css' %}"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(HELP_CACHE).then(function (cache) { return cache.addAll(HELP_URLS); }));
});

self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

// The help page: fresh when online, from the cache when not. Any other page that can't load
// offline shows the help page instead, so the crisis lines are never out of reach.
self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (HELP_URLS.indexOf(url.pathname) !== -1) {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(HELP_CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () { return caches.match(request); }));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () { return caches.match(HELP_URLS[0]); }));
  }
});
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {}; }
  var title = data.title || "{{ site_name|escapejs }}";
  event.waitUntil(self.registration.showNotification(title, {
    body: data.body || "",
    tag: data.tag || "alongside",
    data: { url: data.url || "/notifications/" },
    icon: "{% static 'alongside/icon.svg' %}"
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/notifications/";
  event.waitUntil(self.clients.openWindow(url));
});
