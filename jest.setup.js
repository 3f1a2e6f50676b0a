// fake-indexeddb clones values with structuredClone, which jsdom lacks.
if (typeof globalThis.structuredClone !== 'function') {
  globalThis.structuredClone = value =>
    value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
// jsdom has no canvas; chart code only needs getContext to exist.
if (typeof HTMLCanvasElement !== 'undefined') {
  HTMLCanvasElement.prototype.getContext = () => null;
}
