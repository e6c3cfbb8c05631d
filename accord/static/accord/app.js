// Progressive enhancements only: every page works without this file.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// In a form that saves, Enter in a live search box searches (htmx) rather than submitting the whole form.
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.matches("form[method=post] input[type=search]")) {
    event.preventDefault();
  }
});

// Live filters leave empty fields out of the URL they push, so it stays short enough to read and share.
document.addEventListener("htmx:configRequest", (event) => {
  if (event.detail.verb !== "get") return;
  for (const [name, value] of Object.entries(event.detail.parameters)) {
    if (value === "") delete event.detail.parameters[name];
  }
});
