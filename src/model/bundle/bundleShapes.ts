/**
 * The shape of a bundle's own fields. Run records are described in
 * src/model/record/runRecordShape.ts, re-exported here for the bundle code.
 *
 * This is the hand-written twin of docs/schema/bundle.schema.json (which
 * references docs/schema/run-record.schema.json): the same required fields,
 * types, enums, formats and minimums. bundleSchema.spec.ts runs both over the
 * same corpus and fails when they disagree, so change them together.
 */
import type { IObjectShape } from '../record/shape';
import { CHECKSUM_PATTERN } from './bundleFormat';

export type {
  IBooleanShape,
  INumberShape,
  IObjectShape,
  IStringShape,
  Shape
} from '../record/shape';
export {
  CELL_SHAPE,
  METRIC_SHAPE,
  ORIGIN_SHAPE,
  OUTPUT_SHAPE,
  PARAM_SHAPE,
  RUN_SHAPE
} from '../record/runRecordShape';

/**
 * The bundle's own fields. `runs` items are checked one by one with
 * RUN_SHAPE (so progress can be reported), `format` and `version` before
 * anything else (a wrong format or a newer version stops the read).
 */
export const ENVELOPE_SHAPE: IObjectShape = {
  kind: 'object',
  required: {
    exported_at: { kind: 'string', dateTime: true },
    runs: { kind: 'array', items: { kind: 'any' } },
    checksum: {
      kind: 'string',
      pattern: CHECKSUM_PATTERN,
      patternHint: '"sha256:" and 64 lowercase hex digits'
    }
  },
  optional: {
    exported_by: {
      kind: 'object',
      required: { app: { kind: 'string' }, version: { kind: 'string' } },
      optional: { user: { kind: 'string' } }
    }
  }
};
