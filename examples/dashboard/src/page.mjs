// @ts-check
// The dashboard's one page, rendered on the server: which platforms are emulated, the account
// cards, the publish form with each platform's options, and the progress area the script fills.
// Every value from a platform or the user is escaped; no token is ever part of it.

/** @param {unknown} value */
export function escapeHtml(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * @typedef {object} PageModel
 * @property {import("@postkit/example-platforms").ExamplePlatform[]} platforms
 * @property {Map<string, import("./repository.mjs").AccountRow>} accounts by platform key
 * @property {import("@postkit/tiktok").TikTokCreatorInfo | undefined} creatorInfo TikTok's, of the moment
 * @property {string | undefined} creatorInfoError why it could not be read
 * @property {{ kind: "error" | "ok"; message: string; hint?: string | undefined } | undefined} notice
 */

/** @param {PageModel} model */
export function renderPage(model) {
  const emulated = model.platforms.filter((p) => p.emulated);
  const connected = model.platforms.filter((p) => model.accounts.has(p.key));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>postkit dashboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/style.css"></head>
<body>
<h1>postkit dashboard</h1>
${
  emulated.length
    ? `<p class="banner" id="emulated">Running on the embedded emulator (no credentials in the environment): ${emulated
        .map((p) => `${escapeHtml(p.name)} <small>(set ${escapeHtml(p.variables)})</small>`)
        .join(", ")}.</p>`
    : ""
}
${model.notice ? `<p class="notice ${model.notice.kind}" id="notice">${escapeHtml(model.notice.message)}${model.notice.hint ? ` <small>${escapeHtml(model.notice.hint)}</small>` : ""}</p>` : ""}
<section id="accounts">${model.platforms.map((p) => accountCard(p, model.accounts.get(p.key))).join("")}</section>
<h2>Publish a video</h2>
${connected.length ? publishForm(model, connected) : "<p>Connect an account to publish.</p>"}
<section id="progress"></section>
<script src="/static/app.js"></script>
</body></html>`;
}

/**
 * @param {import("@postkit/example-platforms").ExamplePlatform} platform
 * @param {import("./repository.mjs").AccountRow | undefined} row
 */
function accountCard(platform, row) {
  const action = `<a class="button" id="connect-${platform.key}" href="/connect/${platform.key}">${row ? "Reconnect" : "Connect"}</a>`;
  if (!row) {
    return `<article class="card" data-platform="${platform.key}"><h3>${escapeHtml(platform.name)}</h3><p>Not connected.</p>${action}</article>`;
  }
  const profile = row.profile ?? {};
  const avatar = typeof profile.avatarUrl === "string" ? profile.avatarUrl : undefined;
  // TikTok: stats.followerCount; Meta: followersCount; YouTube: subscriberCount (a decimal string).
  const followers =
    /** @type {{ followerCount?: number } | undefined} */ (profile.stats)?.followerCount ??
    profile.followerCount ??
    profile.followersCount ??
    profile.subscriberCount;
  const initial = escapeHtml(String(profile.displayName ?? row.account.displayName ?? "?").slice(0, 1));
  const username = typeof profile.username === "string" ? `@${profile.username}` : "";
  return `<article class="card connected" data-platform="${platform.key}">
<h3>${escapeHtml(platform.name)}</h3>
${avatar && /^https?:\/\//.test(avatar) ? `<img class="avatar" alt="" src="${escapeHtml(avatar)}" referrerpolicy="no-referrer" data-initial="${initial}">` : `<div class="avatar">${initial}</div>`}
<p class="name">${escapeHtml(profile.displayName ?? row.account.displayName)} <small>${escapeHtml(username)}</small></p>
<p class="followers">${followers === undefined ? "followers hidden" : `${escapeHtml(Number(followers).toLocaleString("en"))} followers`}</p>
${action}</article>`;
}

/**
 * @param {PageModel} model
 * @param {import("@postkit/example-platforms").ExamplePlatform[]} connected
 */
function publishForm(model, connected) {
  const has = (/** @type {string} */ key) => connected.some((p) => p.key === key);
  return `<form id="publish-form" method="post" action="/publish" enctype="multipart/form-data">
<label>Video <input type="file" name="video" id="video" accept="video/*" required></label>
<input type="hidden" name="durationSec" id="durationSec" value="">
<p id="duration"></p>
<label>Title <input name="title" id="title" required maxlength="100" value=""></label>
<label>Description <textarea name="description" id="description" maxlength="2000"></textarea></label>
<fieldset><legend>Publish to</legend>${connected
    .map(
      (p) =>
        `<label><input type="checkbox" name="targets" value="${p.key}" id="target-${p.key}"> ${escapeHtml(p.name)}</label>`,
    )
    .join(" ")}</fieldset>
${has("tiktok") ? tiktokOptions(model) : ""}
${has("youtube") ? youtubeOptions() : ""}
${has("facebook") ? facebookOptions() : ""}
${has("instagram") ? instagramOptions() : ""}
<button type="submit" id="publish">Publish</button>
</form>`;
}

/** TikTok's options come from the creator info: its privacy levels (no default), its toggles, its longest video. */
function tiktokOptions(/** @type {PageModel} */ model) {
  const info = model.creatorInfo;
  const toggle = (/** @type {string} */ name, /** @type {string} */ label, /** @type {boolean} */ disabled) =>
    `<label class="${disabled ? "disabled" : ""}"><input type="checkbox" name="${name}" id="${name}"${disabled ? ' disabled title="Turned off by the creator"' : ""}> ${label}</label>`;
  return `<fieldset id="tiktok-options"><legend>TikTok</legend>
<label><input type="radio" name="tiktokMode" value="draft" checked> Draft (to the creator's inbox)</label>
<label><input type="radio" name="tiktokMode" value="direct" id="tiktok-direct"${info ? "" : " disabled"}> Direct post</label>
${
  info
    ? `<div id="tiktok-direct-options" data-max-duration="${info.maxVideoPostDurationSec}">
<p>Posting as ${escapeHtml(info.nickname)} (@${escapeHtml(info.username)}); videos up to ${info.maxVideoPostDurationSec} s.</p>
<label>Who can see it <select name="privacyLevel" id="privacyLevel"><option value="">Choose…</option>${info.privacyLevelOptions
        .map((level) => `<option value="${escapeHtml(level)}">${escapeHtml(level)}</option>`)
        .join("")}</select></label>
${toggle("allowComment", "Allow comments", info.commentDisabled)}
${toggle("allowDuet", "Allow Duet", info.duetDisabled)}
${toggle("allowStitch", "Allow Stitch", info.stitchDisabled)}
</div>`
    : `<p class="error">Direct posting is unavailable: ${escapeHtml(model.creatorInfoError ?? "no creator info")}</p>`
}
</fieldset>`;
}

function youtubeOptions() {
  return `<fieldset id="youtube-options"><legend>YouTube</legend>
<label>Privacy <select name="youtubePrivacy" id="youtubePrivacy"><option value="private">private</option><option value="unlisted">unlisted</option><option value="public">public</option></select></label>
<label>Schedule (private videos go public then) <input type="datetime-local" name="youtubePublishAt" id="youtubePublishAt"></label>
</fieldset>`;
}

function facebookOptions() {
  return `<fieldset id="facebook-options"><legend>Facebook Page</legend>
<label><input type="radio" name="facebookKind" value="reel" checked> Reel</label>
<label><input type="radio" name="facebookKind" value="video"> Video</label>
</fieldset>`;
}

function instagramOptions() {
  return `<fieldset id="instagram-options"><legend>Instagram</legend>
<label>Caption <textarea name="instagramCaption" id="instagramCaption" maxlength="2200"></textarea></label>
</fieldset>`;
}
