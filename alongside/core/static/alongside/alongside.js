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
})();
