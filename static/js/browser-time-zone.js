// Sign-up: the browser's time zone goes with the form (accounts.forms.SignupForm), so the new account's days and
// times are the person's own. The server keeps only a name its zone database offers.
for (const input of document.querySelectorAll("input[data-browser-time-zone]")) {
  try {
    input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch {
    // no Intl time zone support: the account starts on UTC and the profile changes it
  }
}
