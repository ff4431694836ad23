// Which seeds and how many steps the model tests run. Fixed seeds in `make test`, so a
// failure reproduces from the test's name; MODEL_SEED=n and MODEL_STEPS=n choose others,
// MODEL_RUNS=n runs n random seeds (`make model-soak`).

export function modelSeeds(mode) {
  const env = globalThis.process?.env ?? {};
  const steps = Number(env.MODEL_STEPS ?? 2500);
  if (env.MODEL_SEED) return [{ seed: Number(env.MODEL_SEED), steps }];
  if (env.MODEL_RUNS) {
    return Array.from({ length: Number(env.MODEL_RUNS) }, () => ({ seed: (Math.random() * 2 ** 32) >>> 0, steps }));
  }
  return (mode === 'threads' ? [17, 1017] : [29]).map((seed) => ({ seed, steps }));
}
