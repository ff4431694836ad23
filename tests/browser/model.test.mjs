// The engine's protocol against a model (tests/model/engine-model.mjs), in headless
// Chromium, threads and single mode. MODEL_STEPS and MODEL_SEED override the defaults
// (`make model-soak` runs many more steps from random seeds).

import { after, before, describe, it } from 'node:test';
import { modelRun, startBrowser } from './support/harness.mjs';
import { modelSeeds } from '../model/seeds.mjs';

describe('engine protocol against a model (Chromium)', () => {
  let browser;
  before(async () => (browser = await startBrowser()));
  after(() => browser.close());

  for (const mode of ['threads', 'single']) {
    for (const { seed, steps } of modelSeeds(mode)) {
      it(`${mode} mode, seed ${seed}, ${steps} steps`, async (t) => {
        const page = await browser.open({ isolated: mode === 'threads' });
        const counts = await page.evaluate(modelRun, { seed, steps, mode });
        t.diagnostic(JSON.stringify(counts));
      });
    }
  }
});
