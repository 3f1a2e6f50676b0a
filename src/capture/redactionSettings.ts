/**
 * The redaction settings as capture applies them: the capture plugin's
 * `redaction` setting, checked, combined with the notebook's own switch
 * (metadata `runlog.redaction`, read in src/model/runlogMetadata.ts).
 * No JupyterLab imports.
 */
import {
  DEFAULT_REDACTION_OPTIONS,
  secretNamePatternErrors,
  type IRedactionOptions
} from '../model/redaction/redaction';

/** The setting as read: usable options, and the problems of entries left out. */
export interface IRedactionSetting {
  options: IRedactionOptions;
  /** One message per entry left out (a bad regex, no letters or digits). */
  errors: string[];
}

/**
 * Read the `redaction` setting (`{ enabled, namePatterns }`). Missing or
 * mistyped fields take the defaults; pattern entries that do not compile are
 * left out and reported, the others are kept in order.
 */
export function readRedactionSetting(value: unknown): IRedactionSetting {
  const object =
    value && typeof value === 'object' && !Array.isArray(value)
      ? (value as { enabled?: unknown; namePatterns?: unknown })
      : {};
  const enabled =
    typeof object.enabled === 'boolean'
      ? object.enabled
      : DEFAULT_REDACTION_OPTIONS.enabled;
  if (!Array.isArray(object.namePatterns)) {
    return {
      options: {
        enabled,
        namePatterns: DEFAULT_REDACTION_OPTIONS.namePatterns
      },
      errors: []
    };
  }
  const namePatterns: string[] = [];
  const errors: string[] = [];
  for (const entry of object.namePatterns as unknown[]) {
    if (typeof entry !== 'string') {
      errors.push(`${JSON.stringify(entry)}: not a text`);
      continue;
    }
    const problems = secretNamePatternErrors([entry]);
    if (problems.length) {
      errors.push(...problems);
    } else if (entry.trim()) {
      namePatterns.push(entry);
    }
  }
  return { options: { enabled, namePatterns }, errors };
}

/** The options capture applies to one notebook's runs. */
export function captureRedaction(
  setting: IRedactionOptions,
  notebookOn: boolean
): IRedactionOptions {
  return setting.enabled && !notebookOn
    ? { ...setting, enabled: false }
    : setting;
}
