/**
 * One page of a list. Pass `nextCursor` back as `cursor` for the next page; it is `undefined`
 * on the last one. Every list operation of every platform returns this shape, and
 * {@link iteratePages} walks all of them.
 * @group Contract
 */
export interface Page<T> {
  /** The items of this page. */
  items: T[];
  /** The cursor of the next page; `undefined` when this is the last. */
  nextCursor: string | undefined;
}

/**
 * Walks every page of a cursor-paged list as one async iterable. Stops at the last page, and
 * also when a platform hands back a cursor it already gave (which would otherwise loop forever).
 *
 * @example
 * ```ts
 * for await (const video of iteratePages((cursor) => tiktok.listVideos(connection, { cursor }))) {
 *   console.log(video.id);
 * }
 * ```
 * @group Contract
 */
export async function* iteratePages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    cursor = page.nextCursor;
    if (cursor !== undefined) {
      if (seen.has(cursor)) return;
      seen.add(cursor);
    }
  } while (cursor !== undefined);
}
