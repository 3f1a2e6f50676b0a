/** `node --import ./benchmarks/lib/tsRegister.mjs …`: see tsHooks.mjs. */
import { register } from 'node:module';

register('./tsHooks.mjs', import.meta.url);
