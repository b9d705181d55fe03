/* secassess web: what the questionnaire needs besides htmx.
   - Every answer is kept in the browser (localStorage) from the moment it is typed until the server
     has saved it, so a dropped connection, a closed tab or an expired session loses nothing; a
     reloaded page sends such answers again (from the version they were made from: the server refuses
     to overwrite a newer answer silently).
   - Each control says whether it is saved, being saved, not saved (and why), or in conflict.
   - Saves that failed for want of a connection are retried every 10 seconds and when it comes back.
   - What others saved (polled by htmx) replaces a control only when the user is not working on it.
   No eval, no inline script: the Content-Security-Policy forbids them. */
(function () {
  "use strict";
  var lang = document.body.getAttribute("data-lang") || "vi";
  function t(vi, en) { return lang === "en" ? en : vi; }
  var root = document.getElementById("questionnaire");
  var aid = root ? root.getAttribute("data-assessment") : null;
  var timers = {};
  var retryTimer = null;

  function toast(text) {
    var box = document.getElementById("toast");
    if (!box) { return; }
    box.textContent = text;
    box.hidden = false;
    clearTimeout(box._t);
    box._t = setTimeout(function () { box.hidden = true; }, 9000);
  }
  function messageOf(xhr) {
    try {
      var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
      var m = doc.querySelector("[data-message]");
      if (m && m.textContent.trim()) { return m.textContent.trim(); }
    } catch (e) { /* not HTML */ }
    return t("máy chủ báo lỗi (HTTP " + xhr.status + ")", "the server answered with an error (HTTP " + xhr.status + ")");
  }

  // ------------------------------------------------------------------ drafts
  function key(cid) { return "secassess:draft:" + aid + ":" + cid; }
  function cardOf(el) { return el && el.closest ? el.closest(".card") : null; }
  function cidOf(form) { return cardOf(form).getAttribute("data-control"); }
  function values(form) {
    var r = form.querySelector("input[name=result]:checked");
    return { result: r ? r.value : "not_assessed", note: form.elements.note.value,
             justification: form.elements.justification.value, version: form.elements.version.value };
  }
  function sameAnswer(a, b) { return a.result === b.result && a.note === b.note && a.justification === b.justification; }
  function storeDraft(form) {
    try { localStorage.setItem(key(cidOf(form)), JSON.stringify(values(form))); } catch (e) { /* private mode */ }
  }
  function dropDraft(cid) { try { localStorage.removeItem(key(cid)); } catch (e) { /* private mode */ } }
  function setStatus(form, cls, text) {
    var s = form.querySelector(".status");
    if (!s) { return; }
    s.className = "status " + cls;
    s.textContent = text;
  }
  function markDirty(form, on) { var c = cardOf(form); if (c) { c.classList.toggle("dirty", on); } }
  function isAnswerForm(el) { return el && el.matches && el.matches("form.answer"); }
  function save(form) { if (window.htmx) { window.htmx.trigger(form, "save"); } }
  function saveLater(form, ms) {
    var cid = cidOf(form);
    clearTimeout(timers[cid]);
    timers[cid] = setTimeout(function () { save(form); }, ms);
  }

  document.addEventListener("input", function (e) {
    var form = e.target.form;
    if (!isAnswerForm(form)) { return; }
    markDirty(form, true);
    storeDraft(form);
    setStatus(form, "unsaved", t("Chưa lưu…", "Not saved yet…"));
    if (e.target.tagName === "TEXTAREA") { saveLater(form, 1500); }
  });
  document.addEventListener("click", function (e) {
    var keep = e.target.closest && e.target.closest("[data-keep-mine]");
    if (!keep) { return; }
    var form = keep.closest("form.answer");
    if (!form) { return; }
    form.elements.version.value = keep.getAttribute("data-version");
    storeDraft(form);
    save(form);
  });

  // ------------------------------------------------------------------ saving
  document.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail.elt;
    if (isAnswerForm(elt)) {
      clearTimeout(timers[cidOf(elt)]);
      elt._sent = values(elt);
      setStatus(elt, "saving", t("Đang lưu…", "Saving…"));
    } else if (elt.matches && elt.matches("form.upload")) {
      var s = elt.querySelector(".upload-status");
      if (s) { s.textContent = t("Đang tải lên…", "Uploading…"); }
    }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var elt = e.detail.elt;
    var status = e.detail.xhr ? e.detail.xhr.status : 0;
    if (!isAnswerForm(elt) || status < 200 || status >= 300) { return; }  // 409, 422: shown, kept
    var now = values(elt);
    if (elt._sent && sameAnswer(now, elt._sent)) {
      markDirty(elt, false);
      dropDraft(cidOf(elt));
    } else {  // typed more while the request was on its way
      storeDraft(elt);
      saveLater(elt, 300);
    }
    refreshCounts();
  });
  document.addEventListener("htmx:sendError", function (e) {
    var elt = e.detail.elt;
    if (isAnswerForm(elt)) {
      setStatus(elt, "unsaved", t("CHƯA LƯU: không kết nối được máy chủ. Câu trả lời được giữ trong trình duyệt và sẽ tự gửi lại khi có kết nối.",
                                  "NOT SAVED: the server cannot be reached. The answer is kept in this browser and will be sent again when the connection is back."));
      startRetry();
    } else if (elt.id !== "poller") {
      toast(t("Không kết nối được máy chủ; hãy thử lại.", "The server cannot be reached; try again."));
    }
  });
  document.addEventListener("htmx:responseError", function (e) {
    var elt = e.detail.elt;
    var text = messageOf(e.detail.xhr);
    if (isAnswerForm(elt)) {
      setStatus(elt, "unsaved", t("CHƯA LƯU: ", "NOT SAVED: ") + text);
      if (e.detail.xhr.status >= 500) { startRetry(); }
    } else if (elt.id !== "poller") {
      var s = elt.querySelector && elt.querySelector(".upload-status");
      if (s) { s.textContent = t("Không tải lên được: ", "Upload failed: ") + text; }
      toast(text);
    }
  });
  function startRetry() {
    if (retryTimer) { return; }
    retryTimer = setInterval(function () {
      var waiting = document.querySelectorAll(".card.dirty form.answer");
      if (!waiting.length) { clearInterval(retryTimer); retryTimer = null; return; }
      waiting.forEach(function (f) { if (!f.querySelector(".status.conflict")) { save(f); } });
    }, 10000);
  }
  window.addEventListener("online", function () {
    document.querySelectorAll(".card.dirty form.answer").forEach(function (f) {
      if (!f.querySelector(".status.conflict")) { save(f); }
    });
  });
  window.addEventListener("beforeunload", function (e) {
    if (document.querySelector(".card.dirty")) { e.preventDefault(); e.returnValue = ""; }
  });

  // ------------------------------------------------------------------ others' changes
  function counts(card) {
    var v = card.querySelector("input[name=version]");
    return [v ? v.value : card.getAttribute("data-version"), card.querySelectorAll(".filelist li").length,
            card.querySelectorAll(".comment").length].join(".");
  }
  document.addEventListener("htmx:oobBeforeSwap", function (e) {
    var target = e.detail.target;
    if (!target.classList || !target.classList.contains("card")) { return; }
    var incoming = e.detail.fragment.querySelector ? e.detail.fragment.querySelector(".card") : null;
    if (!incoming) { return; }
    var rev = [incoming.getAttribute("data-version"), incoming.getAttribute("data-files"),
               incoming.getAttribute("data-comments")].join(".");
    if (rev === counts(target)) { e.detail.shouldSwap = false; return; }
    if (target.classList.contains("dirty") || target.contains(document.activeElement)) {
      e.detail.shouldSwap = false;
      var form = target.querySelector("form.answer");
      var s = target.querySelector(".stale-note");
      if (form && !s) {
        var p = document.createElement("p");
        p.className = "status stale-note";
        p.setAttribute("role", "status");
        p.textContent = t("Người khác vừa cập nhật yêu cầu này. ", "Someone else has just updated this control. ");
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = t("Xem bản mới nhất", "Show the latest");
        b.setAttribute("hx-get", "/assessments/" + aid + "/controls/" + target.getAttribute("data-control"));
        b.setAttribute("hx-target", "#" + target.id);
        b.setAttribute("hx-swap", "outerHTML");
        p.appendChild(b);
        form.appendChild(p);
        window.htmx.process(p);
      }
      return;
    }
    dropDraft(target.getAttribute("data-control"));
  });
  document.addEventListener("htmx:beforeSwap", function (e) {
    var target = e.detail.target;
    if (target && target.classList && target.classList.contains("card") && e.detail.shouldSwap) {
      dropDraft(target.getAttribute("data-control"));  // the stored answer taken back on purpose
    }
  });
  document.addEventListener("htmx:afterSettle", refreshCounts);

  function refreshCounts() {
    document.querySelectorAll(".dcount[data-domain]").forEach(function (el) {
      var d = el.getAttribute("data-domain");
      var cards = document.querySelectorAll(".card[data-domain='" + d + "']");
      var done = document.querySelectorAll(".card[data-domain='" + d + "'] .ans[data-answered='1']").length;
      el.textContent = done + "/" + cards.length;
      el.classList.toggle("complete", cards.length > 0 && done === cards.length);
    });
  }

  // ------------------------------------------------------------------ drafts left from before
  function restoreDrafts() {
    if (!aid) { return; }
    var prefix = "secassess:draft:" + aid + ":";
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        if (k && k.indexOf(prefix) === 0) { keys.push(k); }
      }
    } catch (e) { return; }
    keys.forEach(function (k) {
      var cid = k.substring(prefix.length);
      var card = document.getElementById("c-" + cid);
      var form = card && card.querySelector("form.answer");
      var draft;
      try { draft = JSON.parse(localStorage.getItem(k)); } catch (e) { draft = null; }
      if (!form || !draft) { dropDraft(cid); return; }
      if (sameAnswer(values(form), draft)) { dropDraft(cid); return; }
      var radio = form.querySelector("input[name=result][value='" + draft.result + "']");
      if (radio) { radio.checked = true; }
      form.elements.note.value = draft.note || "";
      form.elements.justification.value = draft.justification || "";
      form.elements.version.value = draft.version;
      markDirty(form, true);
      setStatus(form, "unsaved", t("Khôi phục câu trả lời chưa lưu từ lần trước; đang gửi lại…",
                                   "An unsaved answer from before was restored; sending it again…"));
      save(form);
    });
  }

  // ------------------------------------------------------------------ passwords
  document.addEventListener("change", function (e) {  // "show the password" (OWASP ASVS 2.1.12)
    if (!e.target.matches || !e.target.matches("[data-show-passwords]")) { return; }
    var form = e.target.form;
    if (!form) { return; }
    form.querySelectorAll("input[name=password], input[name=current], input[name=new], input[name=again]")
      .forEach(function (i) { i.type = e.target.checked ? "text" : "password"; });
  });

  function start() { refreshCounts(); restoreDrafts(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
