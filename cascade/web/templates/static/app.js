// The upload form: when a draft is chosen and no parent is picked yet, ask the server which library plan the
// draft cites and pre-select it. The only script of the self-check pages (the CSP allows no inline script).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const child = document.getElementById("child");
  const select = document.getElementById("parent_id");
  const hint = document.getElementById("goi-y");
  if (!child || !select || !hint) return;
  let asked = 0;
  child.addEventListener("change", async () => {
    const file = child.files && child.files[0];
    const reuse = document.getElementById("reuse_child");
    if (file && reuse) reuse.checked = false;  // a new file replaces the one kept from the last submit
    if (!file || (select.value && !select.dataset.suggested)) return;  // the user's own choice stays
    const mine = ++asked;
    hint.textContent = "Đang đọc dự thảo để tìm kế hoạch cấp trên được viện dẫn…";
    const body = new FormData();
    body.append("child", file);
    try {
      // the shared service checks a CSRF token on every POST; the page carries it in a meta tag
      const meta = document.querySelector('meta[name="csrf-token"]');
      const headers = meta ? { "X-CSRF-Token": meta.content } : {};
      const r = await fetch("/api/parent-suggestion", { method: "POST", body, headers });
      if (mine !== asked) return;
      const data = await r.json();
      if (r.ok && data.parent_id && [...select.options].some(o => o.value === data.parent_id)) {
        select.value = data.parent_id;
        select.dataset.suggested = "1";
        hint.textContent = "Đã chọn sẵn kế hoạch cấp trên mà dự thảo viện dẫn: " + data.label + ".";
      } else if (r.ok) {
        hint.textContent = "Dự thảo không viện dẫn kế hoạch nào có trong thư viện; hãy chọn hoặc tải lên kế hoạch cấp trên.";
      } else {
        hint.textContent = data.error || "";
      }
    } catch (e) {
      if (mine === asked) hint.textContent = "";
    }
  });
  select.addEventListener("change", () => { delete select.dataset.suggested; });
});
