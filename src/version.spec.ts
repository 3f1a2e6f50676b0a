import * as fs from 'fs';
import * as path from 'path';
import { RUNLOG_VERSION } from './version';

describe('RUNLOG_VERSION', () => {
  it('is package.json’s version', () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')
    );
    expect(RUNLOG_VERSION).toBe(manifest.version);
  });
});
