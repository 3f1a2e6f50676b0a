/**
 * Informational timings of writing, reading and redacting 10,000 runs (20
 * params, 10 metrics, one cell with a short stdout). Skipped unless
 * RUNLOG_PERF=1:
 *   RUNLOG_PERF=1 npx jest src/model/bundle/bundle.perf
 * Printed beside plain JSON.stringify / JSON.parse of the same runs, which
 * tells how fast the machine is (the goal is the browser round trip ≤ 2 s).
 */
import { DEFAULT_REDACTION_OPTIONS, redactRun } from '../redaction/redaction';
import { readBundle } from './bundleReader';
import { writeBundle } from './bundleWriter';
import { fullRun, wideRun } from './__tests__/bundleFixtures';
import { withNativeDigest } from './__tests__/nativeDigest';

const { env, cpuUsage } = jest.requireActual<{
  env: Record<string, string | undefined>;
  cpuUsage(): { user: number; system: number };
}>('process');
const perfIt = env.RUNLOG_PERF === '1' ? it : it.skip;

/** The result, wall-clock ms and CPU ms (CPU time is steadier on a busy machine). */
async function timed<T>(
  run: () => Promise<T> | T
): Promise<[T, number, number]> {
  const cpu = () => {
    const { user, system } = cpuUsage();
    return (user + system) / 1000;
  };
  const start = performance.now();
  const startCpu = cpu();
  const result = await run();
  return [result, performance.now() - start, cpu() - startCpu];
}

const ms = (wall: number, cpu: number) =>
  `${wall.toFixed(0)} ms (CPU ${cpu.toFixed(0)} ms)`;

describe('bundle timings (informational)', () => {
  perfIt(
    'writes and reads 10,000 runs',
    async () => {
      const runs = Array.from({ length: 10_000 }, (_, i) => wideRun(i));
      const lines: string[] = [];
      for (const native of [false, true]) {
        const digest = native ? 'native SHA-256' : 'pure SHA-256';
        // One warm-up round, then the measured one.
        for (let round = 0; round < 2; round++) {
          const measure = async () => {
            const [text, write, writeCpu] = await timed(() =>
              writeBundle(runs, { appVersion: '0.1.0', nativeDigest: native })
            );
            const [result, read, readCpu] = await timed(() =>
              readBundle(text, undefined, { nativeDigest: native })
            );
            expect(result.ok && result.runs).toHaveLength(10_000);
            return { text, write, writeCpu, read, readCpu };
          };
          const m = native ? await withNativeDigest(measure) : await measure();
          if (round === 1) {
            lines.push(
              `${digest}: write ${ms(m.write, m.writeCpu)}, read ${ms(m.read, m.readCpu)}, ` +
                `round trip ${ms(m.write + m.read, m.writeCpu + m.readCpu)}, ` +
                `${(m.text.length / 10_000).toFixed(0)} bytes/run`
            );
          }
        }
      }
      // Export and import redact every run once (src/sharing/bundleTransfer.ts).
      let redacted = 0;
      for (let round = 0; round < 2; round++) {
        const [count, redact, redactCpu] = await timed(() =>
          runs.reduce(
            (sum, run) =>
              sum + redactRun(run, DEFAULT_REDACTION_OPTIONS).redacted.length,
            0
          )
        );
        redacted = count;
        if (round === 1) {
          lines.push(
            `redactRun with default options: ${ms(redact, redactCpu)} (${redacted} redacted)`
          );
        }
      }
      const [plain, stringify, stringifyCpu] = await timed(() =>
        JSON.stringify(runs)
      );
      const [, parse, parseCpu] = await timed(() => JSON.parse(plain));
      lines.push(
        `reference: JSON.stringify ${ms(stringify, stringifyCpu)}, JSON.parse ${ms(parse, parseCpu)}`
      );
      const rich = await writeBundle(
        Array.from({ length: 100 }, (_, i) => fullRun(i)),
        { appVersion: '0.1.0' }
      );
      lines.push(
        `runs with four outputs (a tiny PNG, JSON, an error): ${(rich.length / 100).toFixed(0)} bytes/run`
      );
      console.log(lines.join('\n'));
    },
    300_000
  );
});
