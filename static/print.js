// The Print button of the paper pages. The Content-Security-Policy runs scripts from this
// site only (no inline handlers), so the button is wired here; without JavaScript it stays
// hidden and the page still says to print it.
for (const button of document.querySelectorAll("button[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
