// POST /api/publish/:platform with a multipart form: `video` (the file), `title`, `durationSec`.
import { fromBlob } from "@postkit/core";
import { answer, postkit } from "../../../../lib/postkit";

// Uploads and status polls take a while: run on Node, never cached.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ platform: string }> }) {
  return answer(async () => {
    const { platforms, accounts } = await postkit();
    const platform = platforms.get((await context.params).platform);
    const account = accounts.get(platform.key);
    if (!account) return Response.json({ error: `Connect ${platform.name} first.` }, { status: 409 });
    const form = await request.formData();
    const video = form.get("video");
    if (!(video instanceof File))
      return Response.json({ error: "The form needs a video file." }, { status: 400 });
    const connection = { account }; // credentials come from the token store
    const job = await platform.provider.publishVideo(connection, {
      source: fromBlob(video),
      options: platform.videoOptions({
        title: String(form.get("title") ?? video.name),
        durationSec: Number(form.get("durationSec")),
      }),
      idempotencyKey: request.headers.get("idempotency-key") ?? undefined, // a retry never posts twice
    });
    const { outcome, postId, postUrl, failure } = await platform.provider.waitForPublish(
      connection,
      job,
      platform.waitOptions(),
    );
    return Response.json({ outcome, postId, postUrl, failure });
  });
}
