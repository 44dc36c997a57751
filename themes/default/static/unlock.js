// Unlocks a page of a locked site in the browser. The key is derived from the password with
// PBKDF2 (or taken from this tab, or from this device while it remembers it); the page opens
// only at the address it was sealed for; then the images and downloads it shows are fetched,
// decrypted and shown as blob: URLs. Nothing is sent anywhere: the password never leaves
// the page.
(() => {
  "use strict";
  const form = document.getElementById("unlock");
  if (!form) return;
  const data = form.dataset;
  const message = document.getElementById("unlock-message");
  const field = document.getElementById("password");
  const remember = document.getElementById("remember");
  const slot = "clapboard-key:" + data.salt;
  const days = Number(data.rememberDays) || 0;
  const root = data.root || "";
  const day = 24 * 60 * 60 * 1000;
  const bytes = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const utf8 = (text) => new TextEncoder().encode(text);
  const base64 = (buffer) => {
    let text = "";
    for (const b of new Uint8Array(buffer)) text += String.fromCharCode(b);
    return btoa(text);
  };

  // The address in the site that a URL points at, as the build sealed each file for it.
  const address = (url) => {
    let path = decodeURIComponent(new URL(url, location.href).pathname);
    if (root && (path === root || path.startsWith(root + "/"))) path = path.slice(root.length) || "/";
    if (path.endsWith("/index.html")) path = path.slice(0, -"index.html".length);
    return path;
  };
  // The not-found page is served at any address, so it is sealed for its own.
  const here = "notFound" in data ? "/404.html" : address(location.href);
  const decrypt = (key, iv, sealed, at) =>
    crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: utf8(at) }, key, sealed);

  const forget = () => {
    try {
      localStorage.removeItem(slot);
      sessionStorage.removeItem(slot);
    } catch (error) {
      // Storage turned off: nothing was kept.
    }
  };
  // The key this tab holds, or the one this device remembers until its time is up.
  const recall = () => {
    try {
      const tab = sessionStorage.getItem(slot);
      if (tab) return tab;
      const saved = JSON.parse(localStorage.getItem(slot) || "null");
      if (saved && typeof saved.key === "string" && Number(saved.until) > Date.now()) return saved.key;
      localStorage.removeItem(slot);
    } catch (error) {
      forget();
    }
    return null;
  };
  const keep = (raw, onDevice) => {
    try {
      sessionStorage.setItem(slot, raw);
      if (onDevice && days > 0) {
        localStorage.setItem(slot, JSON.stringify({ key: raw, until: Date.now() + days * day }));
      }
    } catch (error) {
      // Storage turned off: the next page asks again.
    }
  };

  const loaded = new Promise((done) => {
    if (document.readyState === "complete") done();
    else window.addEventListener("load", done, { once: true });
  });
  const parsed = () =>
    new Promise((done) => {
      if (document.readyState !== "loading") done();
      else document.addEventListener("DOMContentLoaded", done, { once: true });
    });
  const styled = () =>
    Promise.all(
      [...document.querySelectorAll('link[rel="stylesheet"]')].map((link) =>
        link.sheet
          ? null
          : new Promise((done) => {
              link.addEventListener("load", done, { once: true });
              link.addEventListener("error", done, { once: true });
            })
      )
    );

  // Fetches and decrypts the images and downloads of the unlocked page.
  const reveal = async (key) => {
    const opened = new Map();
    const open = (url) => {
      if (!opened.has(url)) {
        const at = address(url);
        opened.set(
          url,
          fetch(url, { credentials: "same-origin" })
            .then((response) => {
              if (!response.ok) throw new Error(url + ": " + response.status);
              return response.arrayBuffer();
            })
            .then((sealed) => decrypt(key, sealed.slice(0, 12), sealed.slice(12), at))
        );
      }
      return opened.get(url);
    };
    const blob = (plain, type) => URL.createObjectURL(new Blob([plain], { type: type || "application/octet-stream" }));

    for (const button of document.querySelectorAll("[data-lock-site]")) {
      button.hidden = false;
      button.addEventListener("click", () => {
        forget();
        location.reload();
      });
    }
    document.addEventListener("click", (event) => {
      const link = event.target.closest ? event.target.closest("a[data-locked-href]") : null;
      if (!link || event.button !== 0) return;
      event.preventDefault();
      open(link.dataset.lockedHref)
        .then((plain) => {
          const url = blob(plain, link.dataset.lockedType);
          const save = document.createElement("a");
          save.href = url;
          save.download = link.dataset.lockedName || "";
          document.body.appendChild(save);
          save.click();
          save.remove();
          setTimeout(() => URL.revokeObjectURL(url), 60000);
        })
        .catch(() => {
          link.textContent += " (could not be unlocked)";
        });
    });

    // Widths are read once the page is laid out, to fetch one copy the size the screen needs.
    await styled();
    const candidates = (srcset) =>
      srcset
        .split(",")
        .map((candidate) => candidate.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map(([url, size]) => ({ url, width: parseInt(size, 10) || 0 }))
        .sort((a, b) => a.width - b.width);
    for (const img of document.querySelectorAll("img[data-locked-src], img[data-locked-srcset]")) {
      const picture = img.closest("picture");
      const source = picture ? picture.querySelector("source[data-locked-srcset]") : null;
      const srcset = source ? source.dataset.lockedSrcset : img.dataset.lockedSrcset;
      const type = source ? source.type : img.dataset.lockedType;
      const shown = Math.min(img.getBoundingClientRect().width || innerWidth, innerWidth);
      const wanted = shown * (window.devicePixelRatio || 1);
      let url = img.dataset.lockedSrc;
      if (srcset) {
        const sizes = candidates(srcset);
        url = (sizes.find((c) => c.width >= wanted) || sizes[sizes.length - 1]).url;
      }
      if (!url) continue;
      open(url)
        .then((plain) => {
          img.src = blob(plain, type);
          if (source) source.remove();
        })
        .catch(() => {
          img.alt += " (this image could not be unlocked)";
        });
    }
  };

  const show = async (key) => {
    const page = await decrypt(key, bytes(data.nonce), bytes(data.page), here);
    // Replacing the document while it is still being read would be ignored.
    await loaded;
    document.open();
    document.write(new TextDecoder().decode(page));
    document.close();
    await parsed();
    await reveal(key);
  };

  if (!window.crypto || !crypto.subtle) {
    message.textContent = "This browser cannot unlock the page: open it over https.";
    return;
  }
  const stored = recall();
  if (stored) {
    crypto.subtle
      .importKey("raw", bytes(stored), "AES-GCM", false, ["decrypt"])
      .then(show)
      .catch(() => {
        message.textContent = "This page does not open with the key this browser kept. Enter the password.";
      });
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.textContent = "Unlocking…";
    let key;
    try {
      const material = await crypto.subtle.importKey("raw", utf8(field.value), "PBKDF2", false, ["deriveKey"]);
      key = await crypto.subtle.deriveKey(
        { name: "PBKDF2", hash: "SHA-256", salt: bytes(data.salt), iterations: Number(data.iterations) },
        material,
        { name: "AES-GCM", length: 256 },
        true,
        ["decrypt"]
      );
      await decrypt(key, bytes(data.nonce), bytes(data.page), here);
    } catch (error) {
      message.textContent = "That password is not right for this page. Try again.";
      field.select();
      return;
    }
    keep(base64(await crypto.subtle.exportKey("raw", key)), remember ? remember.checked : false);
    await show(key);
  });
})();
