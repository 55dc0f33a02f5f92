// Passkeys (WebAuthn) for Rotonde. Forms marked data-passkey="register" or
// "login" stay hidden unless this browser supports passkeys. On submit the
// form's fields go to its action, which answers with the options of a fresh
// ceremony; the browser asks the authenticator; the answer goes as JSON to
// data-finish, which answers {redirect} or {error: {message}}. The server
// keeps the ceremony's state: nothing sent from here decides what it is for.
(function () {
  "use strict";

  function toBytes(s) {
    var b64 = s.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) { b64 += "="; }
    var bin = atob(b64), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out.buffer;
  }

  function toB64url(buf) {
    var bytes = new Uint8Array(buf), bin = "";
    for (var i = 0; i < bytes.length; i++) { bin += String.fromCharCode(bytes[i]); }
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function creationOptions(o) {
    var pk = o.publicKey;
    pk.challenge = toBytes(pk.challenge);
    pk.user.id = toBytes(pk.user.id);
    (pk.excludeCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
    return { publicKey: pk };
  }

  function requestOptions(o) {
    var pk = o.publicKey;
    pk.challenge = toBytes(pk.challenge);
    (pk.allowCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
    return { publicKey: pk };
  }

  function credentialJSON(cred) {
    var r = cred.response, response = { clientDataJSON: toB64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toB64url(r.attestationObject);
      if (r.getTransports) { response.transports = r.getTransports(); }
    } else {
      response.authenticatorData = toB64url(r.authenticatorData);
      response.signature = toB64url(r.signature);
      if (r.userHandle) { response.userHandle = toB64url(r.userHandle); }
    }
    return JSON.stringify({
      id: cred.id, rawId: toB64url(cred.rawId), type: cred.type, response: response,
      authenticatorAttachment: cred.authenticatorAttachment || undefined,
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {}
    });
  }

  function answer(res) {
    return res.text().then(function (text) {
      var body = null;
      try { body = JSON.parse(text); } catch (e) { body = null; }
      if (body && body.redirect) {
        var to = new URL(body.redirect, window.location.href);
        if (to.pathname === window.location.pathname && to.search === window.location.search) {
          // Only the fragment differs, so assign would not load the page
          // again, and the new passkey and its notice would not show.
          window.location.hash = to.hash;
          window.location.reload();
        } else {
          window.location.assign(to.href);
        }
        return null;
      }
      if (!res.ok || !body) {
        var err = new Error(body && body.error && body.error.message ? body.error.message : "");
        err.server = true;
        throw err;
      }
      return body;
    });
  }

  function run(form) {
    var box = document.getElementById(form.getAttribute("data-error"));
    var button = form.querySelector("button");
    var register = form.getAttribute("data-passkey") === "register";
    function fail(err) {
      if (button) { button.disabled = false; }
      if (!box) { return; }
      box.textContent = (err && err.server && err.message) ? err.message : form.getAttribute("data-failed");
      box.hidden = false;
    }
    if (box) { box.hidden = true; }
    if (button) { button.disabled = true; }
    fetch(form.action, {
      method: "POST", credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(new FormData(form))
    }).then(answer).then(function (opts) {
      if (!opts) { return null; }
      return register ? navigator.credentials.create(creationOptions(opts))
        : navigator.credentials.get(requestOptions(opts));
    }).then(function (cred) {
      if (!cred) { return null; }
      return fetch(form.getAttribute("data-finish"), {
        method: "POST", credentials: "same-origin",
        headers: { "Accept": "application/json", "Content-Type": "application/json" },
        body: credentialJSON(cred)
      }).then(answer);
    }).then(function () {
      if (button) { button.disabled = false; }
    }, fail);
  }

  function init() {
    var supported = !!(window.PublicKeyCredential && navigator.credentials && window.fetch);
    var forms = document.querySelectorAll("form[data-passkey]");
    for (var i = 0; i < forms.length; i++) {
      if (!supported) { continue; }
      forms[i].hidden = false;
      forms[i].addEventListener("submit", function (ev) {
        ev.preventDefault();
        run(ev.currentTarget);
      });
    }
    if (supported) {
      document.querySelectorAll("[data-passkey-unsupported]").forEach(function (el) { el.hidden = true; });
      document.querySelectorAll("[data-passkey-alt]").forEach(function (el) { el.hidden = false; });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
