// A form that creates something carries a one-time token (familysupport.forms.SubmittedOnce): the
// server creates one thing per token, and a form sent again with the same token leads to what the
// first sending created.
//
// Two things the server cannot see are done here:
// - after the first click the form's submit buttons are disabled, so a double click sends once;
// - Back to a form already sent: the browser fetches the page again (pages behind the login are
//   not stored) with a new token, but fills in what the person had typed. The token of the form
//   as it was sent is put back, so that sending it again creates nothing more.
(function () {
  "use strict";

  var PREFIX = "submitted-once:";

  function tokenOf(form) {
    return form.querySelector('input[type="hidden"][name$="submission"]');
  }

  function keyOf(form) {
    var forms = Array.prototype.filter.call(document.forms, tokenOf);
    return PREFIX + window.location.pathname + "#" + forms.indexOf(form);
  }

  function cameBack() {
    var entries = window.performance && window.performance.getEntriesByType
      ? window.performance.getEntriesByType("navigation")
      : [];
    return entries.length > 0 && entries[0].type === "back_forward";
  }

  function buttonsOf(form) {
    return form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]');
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !tokenOf(form) || event.defaultPrevented) {
      return;
    }
    if (form.dataset.submitted === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    try {
      window.sessionStorage.setItem(keyOf(form), tokenOf(form).value);
    } catch (error) {
      // No storage (a private window with it switched off): the server's check still holds.
    }
    // After this event, so that the pressed button's name and value are still sent with the form.
    window.setTimeout(function () {
      buttonsOf(form).forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    }, 0);
  });

  function restoreTokens() {
    if (!cameBack()) {
      return;
    }
    Array.prototype.forEach.call(document.forms, function (form) {
      var token = tokenOf(form);
      if (!token) {
        return;
      }
      var sent = null;
      try {
        sent = window.sessionStorage.getItem(keyOf(form));
      } catch (error) {
        return;
      }
      if (sent) {
        token.value = sent;
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restoreTokens);
  } else {
    restoreTokens();
  }

  // A page the browser kept whole and shows again: its buttons work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      form.querySelectorAll("[aria-disabled=true]").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-disabled");
      });
    });
  });
})();
