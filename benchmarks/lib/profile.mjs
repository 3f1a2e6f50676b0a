/**
 * A sampled CPU profile of the page's main thread (Chrome DevTools Protocol),
 * summarised as: busy time, and time with the extension's code on the stack.
 */
const EXTENSION_URL = '/lab/extensions/jupyterlab-runlog/';

/** Run `action()` under the profiler; resolves with `{ value, summary }`. */
export async function profiled(page, action) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
    const value = await action();
    const { profile } = await cdp.send('Profiler.stop');
    return { value, summary: summarise(profile) };
  } finally {
    await cdp.detach();
  }
}

function frameName(node) {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? url.split('/').pop().split('?')[0] : '';
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

/**
 * Busy = samples other than `(idle)`; `extension` = samples with a frame of
 * the extension's bundle on the stack (its own code and what it calls:
 * IndexedDB requests, structured cloning, handlers of signals it emits).
 */
function summarise(profile) {
  const nodes = new Map(profile.nodes.map(node => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id);
    }
  }
  const inExtension = new Map();
  const hasExtensionFrame = id => {
    if (inExtension.has(id)) {
      return inExtension.get(id);
    }
    const node = nodes.get(id);
    const own = node.callFrame.url.includes(EXTENSION_URL);
    const result =
      own || (parent.has(id) ? hasExtensionFrame(parent.get(id)) : false);
    inExtension.set(id, result);
    return result;
  };
  let totalMs = 0;
  let idleMs = 0;
  let extensionMs = 0;
  const selfByFrame = new Map();
  const byStack = new Map();
  profile.samples.forEach((id, index) => {
    const deltaMs = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    totalMs += deltaMs;
    const node = nodes.get(id);
    if (node.callFrame.functionName === '(idle)') {
      idleMs += deltaMs;
      return;
    }
    if (hasExtensionFrame(id)) {
      extensionMs += deltaMs;
      // The innermost extension frame takes the time, with what it called.
      let frame = id;
      while (!nodes.get(frame).callFrame.url.includes(EXTENSION_URL)) {
        frame = parent.get(frame);
      }
      const name = frameName(nodes.get(frame));
      selfByFrame.set(name, (selfByFrame.get(name) ?? 0) + deltaMs);
      // The extension's frames on the stack, outermost first: who called it.
      const chain = [];
      for (let at = frame; at !== undefined; at = parent.get(at)) {
        if (nodes.get(at).callFrame.url.includes(EXTENSION_URL)) {
          chain.unshift(nodes.get(at).callFrame.functionName || '(anonymous)');
        }
      }
      const stack = chain.slice(-6).join(' > ');
      byStack.set(stack, (byStack.get(stack) ?? 0) + deltaMs);
    }
  });
  const topExtensionFrames = [...selfByFrame]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([frame, ms]) => ({ frame, ms: Math.round(ms * 10) / 10 }));
  const topExtensionStacks = [...byStack]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([stack, ms]) => ({ stack, ms: Math.round(ms * 10) / 10 }));
  return {
    topExtensionStacks,
    totalMs,
    busyMs: totalMs - idleMs,
    extensionMs,
    topExtensionFrames
  };
}
