// The dashboard's script: reads the chosen video's duration (TikTok's maximum is enforced before
// sending), submits the form with fetch, then polls the publish's progress until every platform
// reaches its final state. It only ever sees states, links and messages from the server.
const form = document.getElementById("publish-form");
const progress = document.getElementById("progress");
const FINAL = new Set(["published", "draft", "scheduled", "failed"]);

// A profile picture that does not load (an emulator's made-up CDN URL, an expired signed URL)
// becomes the account's initial instead of a broken image.
function avatarFallback(image) {
  const initial = document.createElement("div");
  initial.className = "avatar";
  initial.textContent = image.dataset.initial ?? "";
  image.replaceWith(initial);
}
for (const image of document.querySelectorAll("img.avatar")) {
  if (image.complete && image.naturalWidth === 0) avatarFallback(image);
  else image.addEventListener("error", () => avatarFallback(image), { once: true });
}

function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) element.className = className;
  return element;
}

function tiktokLimit() {
  const direct = document.getElementById("tiktok-direct");
  const options = document.getElementById("tiktok-direct-options");
  const target = document.getElementById("target-tiktok");
  if (!direct?.checked || !options || !target?.checked) return undefined;
  return Number(options.dataset.maxDuration);
}

function checkDuration() {
  const duration = Number(document.getElementById("durationSec").value);
  const limit = tiktokLimit();
  const note = document.getElementById("duration");
  const tooLong = limit !== undefined && duration > limit;
  note.textContent = duration
    ? `${duration.toFixed(1)} s${tooLong ? ` — longer than the ${limit} s this TikTok creator may post` : ""}`
    : "";
  note.className = tooLong ? "error" : "";
  document.getElementById("publish").disabled = tooLong;
}

if (form) {
  document.getElementById("video").addEventListener("change", (event) => {
    const file = event.target.files[0];
    document.getElementById("durationSec").value = "";
    if (!file) return checkDuration();
    const title = document.getElementById("title");
    if (!title.value) title.value = file.name.replace(/\.[^.]+$/, "");
    const probe = document.createElement("video");
    probe.preload = "metadata";
    probe.onloadedmetadata = () => {
      document.getElementById("durationSec").value = String(probe.duration);
      URL.revokeObjectURL(probe.src);
      checkDuration();
    };
    probe.onerror = () => {
      document.getElementById("duration").textContent = "This browser cannot read the video's duration.";
    };
    probe.src = URL.createObjectURL(file);
  });
  form.addEventListener("change", checkDuration);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    // datetime-local has no zone: send the instant the user meant, in their zone.
    const publishAt = data.get("youtubePublishAt");
    if (publishAt) data.set("youtubePublishAt", new Date(publishAt).toISOString());
    document.getElementById("publish").disabled = true;
    progress.replaceChildren(text("p", "Uploading the video to the dashboard…"));
    try {
      const response = await fetch("/publish", { method: "POST", body: data });
      const body = await response.json();
      if (!response.ok) {
        progress.replaceChildren(text("p", body.message, "error"), text("p", body.hint ?? "", "hint"));
        return;
      }
      await follow(body.publishId);
    } catch (error) {
      progress.replaceChildren(text("p", `The dashboard did not answer: ${error.message}`, "error"));
    } finally {
      document.getElementById("publish").disabled = false;
      checkDuration();
    }
  });
}

async function follow(publishId) {
  for (;;) {
    const response = await fetch(`/publishes/${encodeURIComponent(publishId)}`);
    const publish = await response.json();
    render(publish);
    if (
      publish.targets.every(
        (t) => FINAL.has(t.state) || (t.state === "unknown" && t.message?.startsWith("Outcome still")),
      )
    ) {
      progress.dataset.done = "true";
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function render(publish) {
  progress.dataset.done = "false";
  const rows = publish.targets.map((t) => {
    const row = document.createElement("article");
    row.className = `target ${t.state}`;
    row.dataset.platform = t.platform;
    row.dataset.state = t.state;
    row.append(text("h3", t.name));
    const bar = document.createElement("progress");
    bar.max = t.totalBytes || 1;
    bar.value = t.totalBytes ? t.bytesSent : 0;
    row.append(bar, text("span", t.state, "state"));
    if (t.postUrl) {
      const link = text("a", t.postUrl, "post-link");
      link.href = t.postUrl;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      row.append(link);
    } else if (t.postId) {
      row.append(text("span", `post ${t.postId}`, "post-id"));
    }
    if (t.message) row.append(text("p", t.message, t.state === "failed" ? "error" : "note"));
    if (t.hint) row.append(text("p", t.hint, "hint"));
    return row;
  });
  progress.replaceChildren(text("h2", `Publishing ${publish.fileName}`), ...rows);
}
