/**
 * Test helpers: compile specs with Vega-Lite, validate them against its JSON
 * Schema, and run the compiled Vega headless to read back what it draws.
 */
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import { parse, View } from 'vega';
import { compile, TopLevelSpec } from 'vega-lite';

let validator: ValidateFunction | null = null;

function schemaValidator(): ValidateFunction {
  if (!validator) {
    const path = require.resolve('vega-lite/vega-lite-schema.json');
    const schema = JSON.parse(fs.readFileSync(path, 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat('color-hex', /^#([0-9a-f]{3}|[0-9a-f]{6})$/i);
    validator = ajv.compile(schema);
  }
  return validator;
}

/** Schema errors of a spec as readable lines; empty when valid. */
export function schemaErrors(spec: TopLevelSpec): string[] {
  const validate = schemaValidator();
  // Round-trip through JSON: the schema describes the serialised spec.
  if (validate(JSON.parse(JSON.stringify(spec)))) {
    return [];
  }
  return (validate.errors ?? []).map(
    error => `${error.instancePath} ${error.message}`
  );
}

/** Compile a spec, returning the Vega spec and every warning Vega-Lite gave. */
export function compileSpec(spec: TopLevelSpec) {
  const warnings: string[] = [];
  const record = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  };
  let currentLevel = 2;
  const logger = {
    level(level?: number) {
      if (level === undefined) {
        return currentLevel;
      }
      currentLevel = level;
      return logger;
    },
    warn(...args: unknown[]) {
      record(...args);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
    error(...args: unknown[]) {
      record('error:', ...args);
      return logger;
    }
  };
  // The logger type is internal to vega-util; this object has its shape.
  const result = compile(spec, { logger: logger as never });
  return { vega: result.spec, warnings };
}

/** Run the compiled spec without a renderer and hand back the view (Vega's parse catches duplicate signals and bad expressions). */
export async function runView(spec: TopLevelSpec): Promise<View> {
  const { vega } = compileSpec(spec);
  const view = new View(parse(vega), { renderer: 'none' });
  await view.runAsync();
  return view;
}

interface ISceneNode {
  marktype?: string;
  name?: string;
  role?: string;
  text?: unknown;
  description?: string;
  items?: ISceneNode[];
  datum?: { [key: string]: unknown };
  tooltip?: { [key: string]: unknown };
}

/** The scenegraph items of every mark with this name (e.g. `lines_marks`). */
export function markItems(view: View, name: string): ISceneNode[] {
  const found: ISceneNode[] = [];
  const walk = (node: ISceneNode) => {
    for (const item of node.items ?? []) {
      if (item.marktype && item.name === name) {
        found.push(...(item.items ?? []));
      }
      walk(item);
    }
  };
  walk((view.scenegraph() as unknown as { root: ISceneNode }).root);
  return found;
}

/** The texts of the axis and legend titles drawn. */
export function titlesDrawn(view: View): unknown[] {
  const found: unknown[] = [];
  const walk = (node: ISceneNode) => {
    for (const item of node.items ?? []) {
      if (item.role === 'axis-title' || item.role === 'legend-title') {
        found.push(...(item.items ?? []).map(title => title.text));
      }
      walk(item);
    }
  };
  walk((view.scenegraph() as unknown as { root: ISceneNode }).root);
  return found;
}

/** Texts shown without a leading invisible word joiner (`literalText`). */
export function visible(text: unknown): unknown {
  return typeof text === 'string' ? text.replace(/^\u2060/, '') : text;
}

/** The tick label texts of each axis and legend drawn, one list per guide. */
export function axisLabelsDrawn(view: View): unknown[][] {
  const found: unknown[][] = [];
  const walk = (node: ISceneNode) => {
    for (const item of node.items ?? []) {
      if (item.role === 'axis-label' || item.role === 'legend-label') {
        found.push((item.items ?? []).map(label => label.text));
      }
      walk(item);
    }
  };
  walk((view.scenegraph() as unknown as { root: ISceneNode }).root);
  return found;
}

/**
 * Every piece of expression text in a compiled Vega spec: signal and
 * expression strings, wherever they are. Literal data (dataset values and
 * signal values) is left out: that is where names belong.
 */
export function expressionTexts(spec: TopLevelSpec): string[] {
  const { vega } = compileSpec(spec);
  const found: string[] = [];
  const expressionKeys = new Set([
    'signal',
    'expr',
    'update',
    'init',
    'test',
    'labelExpr'
  ]);
  const walk = (node: unknown, key: string | null) => {
    if (typeof node === 'string') {
      if (key !== null && expressionKeys.has(key)) {
        found.push(node);
      }
      return;
    }
    if (Array.isArray(node)) {
      node.forEach(item => walk(item, key));
      return;
    }
    if (node && typeof node === 'object') {
      for (const [childKey, child] of Object.entries(node)) {
        // Inline rows and signal values are data, not expressions.
        if (childKey === 'values' || childKey === 'value') {
          continue;
        }
        walk(child, childKey);
      }
    }
  };
  walk(vega, null);
  return found;
}

/** Compile, validate and check what every runlog spec promises. */
export function expectValidSpec(spec: TopLevelSpec, kind: string): void {
  expect(schemaErrors(spec)).toEqual([]);
  expect(compileSpec(spec).warnings).toEqual([]);
  const top = spec as unknown as { [key: string]: unknown };
  expect(top.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
  expect(top.autosize).toEqual({ type: 'fit', contains: 'padding' });
  expect(top.width).toBe('container');
  expect(top.config).toBeUndefined();
  expect(top.usermeta).toEqual({
    runlog: { kind, omitted: expect.any(Array) }
  });
}

/** The selection parameters of a spec, wherever in its layers they are. */
export function selections(
  spec: TopLevelSpec
): { name: string; select: { [key: string]: unknown } }[] {
  const top = spec as unknown as {
    params?: { name: string; select: { [key: string]: unknown } }[];
    layer?: {
      params?: { name: string; select: { [key: string]: unknown } }[];
    }[];
  };
  return [
    ...(top.params ?? []),
    ...(top.layer ?? []).flatMap(layer => layer.params ?? [])
  ].filter(param => param.select !== undefined);
}

/** The rows of one of the spec's inline datasets. */
export function dataset<T = { [key: string]: unknown }>(
  spec: TopLevelSpec,
  name: string
): T[] {
  const top = spec as unknown as { datasets: { [name: string]: T[] } };
  return top.datasets[name];
}
