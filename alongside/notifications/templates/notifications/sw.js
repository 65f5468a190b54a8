{% load static %}
// Alongside's service worker: shows push notifications and opens the page they point to.
// Payloads are discreet by design: the site's name and "you have a new message".
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
