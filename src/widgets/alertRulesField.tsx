/**
 * The `alerts` setting in the settings editor's form: one input per rule,
 * each rule's parse error (from the filter language's parser) shown under
 * it, and buttons to add and remove rules. JSON schema alone only knows
 * the rules are strings.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { FieldProps } from '@rjsf/utils';
import React from 'react';
import { alertRuleError } from '../model/alerts/alertRules';

/** The form field for the rules, its texts translated by `trans`. */
export function alertRulesField(
  trans: TranslationBundle
): (props: FieldProps) => JSX.Element {
  return function AlertRulesField(props: FieldProps): JSX.Element {
    const rules: unknown[] = Array.isArray(props.formData)
      ? props.formData
      : [];
    const texts = rules.map(rule => (typeof rule === 'string' ? rule : ''));
    const change = (next: string[]) => props.onChange(next);
    return (
      <div className="jp-runlog-AlertRules">
        <div className="jp-runlog-AlertRules-title">
          {props.schema.title ?? props.name}
        </div>
        {props.schema.description && (
          <div className="jp-runlog-AlertRules-help">
            {props.schema.description}
          </div>
        )}
        <ol className="jp-runlog-AlertRules-list">
          {texts.map((text, index) => {
            const error = alertRuleError(text, trans);
            const errorId = `${props.idSchema.$id}-${index}-error`;
            return (
              <li key={index} className="jp-runlog-AlertRules-rule">
                <div className="jp-runlog-AlertRules-row">
                  <input
                    className={
                      'jp-mod-styled jp-runlog-AlertRules-input' +
                      (error ? ' jp-mod-invalid' : '')
                    }
                    type="text"
                    value={text}
                    placeholder="train/loss > 2"
                    aria-label={trans.__('Alert rule %1', index + 1)}
                    aria-invalid={error !== null}
                    aria-describedby={error ? errorId : undefined}
                    disabled={props.disabled || props.readonly}
                    onChange={event =>
                      change(
                        texts.map((old, at) =>
                          at === index ? event.target.value : old
                        )
                      )
                    }
                  />
                  <button
                    type="button"
                    className="jp-mod-styled jp-runlog-AlertRules-remove"
                    title={trans.__('Remove this rule')}
                    aria-label={trans.__('Remove alert rule %1', index + 1)}
                    disabled={props.disabled || props.readonly}
                    onClick={() =>
                      change(texts.filter((_, at) => at !== index))
                    }
                  >
                    ×
                  </button>
                </div>
                {error && (
                  <div
                    id={errorId}
                    className="jp-runlog-AlertRules-error"
                    role="alert"
                  >
                    {trans.__(
                      'Ignored: %1 (at character %2)',
                      error.message,
                      error.offset + 1
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          className="jp-mod-styled jp-runlog-AlertRules-add"
          disabled={props.disabled || props.readonly}
          onClick={() => change([...texts, ''])}
        >
          {trans.__('Add rule')}
        </button>
      </div>
    );
  };
}
