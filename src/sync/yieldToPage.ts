/**
 * A macrotask boundary: awaiting only promises never lets the page paint or
 * handle input, so long loops of sync work await this between slices.
 */
export function yieldToPage(): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, 0));
}
