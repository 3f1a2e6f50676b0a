/**
 * User Timing measures around the phases of an export or import
 * (`runlog export: read runs`, …): they show in the browser's performance
 * tools and the bundle benchmark prints them.
 */

/** Run `work` and record its duration as a User Timing measure `name`. */
export async function timedPhase<T>(
  name: string,
  work: () => Promise<T>
): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    try {
      performance.measure(name, { start, end: performance.now() });
    } catch {
      // User Timing Level 3 missing (old test environments): no measure.
    }
  }
}
