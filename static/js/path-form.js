// The path form's focus modules follow the chosen track: each box says its tracks (data-tracks), and the boxes of
// other tracks are hidden and unticked. Without this script every module shows and the server refuses another
// track's (studypaths.study.path_config_errors).
for (const form of document.querySelectorAll("form[data-path-form]")) {
  const track = form.querySelector("select[name=track]");
  const boxes = [...form.querySelectorAll("input[name=focus_modules][data-tracks]")];
  if (!track || !boxes.length) continue;
  const show = () => {
    for (const box of boxes) {
      const ofTrack = box.dataset.tracks.split(" ").includes(track.value);
      box.closest("label").hidden = !ofTrack;
      if (!ofTrack) box.checked = false;
    }
  };
  track.addEventListener("change", show);
  show();
}
