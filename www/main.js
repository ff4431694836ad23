// The demo page: open an image (picker, drag and drop, or the Mandelbrot test image), build a
// chain of filters, see before and after with each step's time; live mode filters video
// frames (camera or a moving test pattern) through the same chain and shows frames per
// second. Every kernel runs in the engine, which also draws the after picture (attachCanvas);
// this thread only reads sources and draws the before picture.
import { createEngine } from '/pkg/engine.js';
import { buildChain, FILTERS, newStep } from './demo/filters.js';
import { eachFrame, liveStream, mandelbrotImage } from './demo/sources.js';

const $ = (id) => document.getElementById(id);
const LIVE_SIZE = [640, 360];

// A requestAnimationFrame counter: it would freeze if a kernel ever ran on this thread.
let ticks = 0;
(function tick() {
  $('ticker').textContent = String(++ticks);
  requestAnimationFrame(tick);
})();

function showInfo(info) {
  $('info').replaceChildren(
    ...Object.entries(info).flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = k;
      dd.textContent = k === 'memoryBytes' ? `${(v / 2 ** 20).toFixed(1)} MiB` : String(v);
      return [dt, dd];
    }),
  );
}

function status(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

// What the page holds: the source pixels (`original`), two work images for the chain, the
// steps, and live mode's counters (read by tests/browser/demo.test.mjs as window.demo).
const state = { width: 0, height: 0, original: null, a: null, b: null, after: null, steps: [newStep('gaussianBlur'), newStep('sobel')], live: null };
window.demo = { frames: 0, fps: 0, liveKind: null, lastStepMs: [], applied: 0, ticks: () => ticks };

/** Makes the work images `width` × `height` (freeing the old ones if the size changed). */
async function resize(engine, width, height) {
  if (state.width === width && state.height === height && state.a) return;
  for (const buffer of [state.original, state.a, state.b]) buffer?.free();
  [state.original, state.a, state.b] = await Promise.all([0, 1, 2].map(() => engine.alloc('u8', width * height * 4)));
  Object.assign(state, { width, height });
  [$('before').width, $('before').height] = [width, height]; // the after canvas is the engine's: drawTo sizes it
}

/** Runs the chain on `a` (already holding the source); returns the buffer with the result. */
async function runChain(engine, options) {
  if (state.steps.length === 0) return state.a;
  const { chain, result } = buildChain(engine, state.steps, state.a, state.b, state.width, state.height);
  await chain.run(options);
  window.demo.lastStepMs = chain.timings;
  for (const [i, ms] of chain.timings.entries()) {
    const span = document.querySelector(`#steps li:nth-child(${i + 1}) .ms`);
    if (span) span.textContent = `${ms.toFixed(1)} ms`;
  }
  return result;
}

/** Still mode: the source again, the chain, the result drawn; with progress and Cancel. */
async function apply(engine) {
  if (state.live || !state.original) return;
  const controller = new AbortController();
  $('cancel').disabled = false;
  $('cancel').onclick = () => controller.abort();
  $('progress').value = 0;
  const start = performance.now();
  try {
    state.a.view.set(state.original.view);
    const result = await runChain(engine, { signal: controller.signal, onProgress: (f) => ($('progress').value = f) });
    await engine.drawTo(state.after, result, state.width, state.height);
    window.demo.applied++;
    status(`${state.steps.length} steps on ${state.width}×${state.height}: ${(performance.now() - start).toFixed(1)} ms`);
  } catch (e) {
    status(e.name === 'AbortError' ? 'cancelled' : `failed: ${e.message}`, e.name !== 'AbortError');
  } finally {
    $('cancel').disabled = true;
  }
}

/** The step list: a row per step with its parameters, its last time and a Remove button. */
function renderSteps(engine) {
  const rows = state.steps.map((step, i) => {
    const li = document.createElement('li');
    li.append(FILTERS[step.name].label);
    FILTERS[step.name].params.forEach((p, j) => {
      const label = document.createElement('label');
      let input;
      if (p.options) {
        input = document.createElement('select');
        for (const o of p.options) input.append(new Option(o, o, false, o === step.values[j]));
      } else {
        input = Object.assign(document.createElement('input'), { type: 'number', min: p.min, max: p.max, step: p.step, value: step.values[j] });
      }
      input.onchange = () => {
        step.values[j] = p.options ? input.value : Number(input.value);
        apply(engine);
      };
      label.append(`${p.name} `, input);
      li.append(label);
    });
    const remove = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Remove' });
    remove.onclick = () => {
      state.steps.splice(i, 1);
      renderSteps(engine);
      apply(engine);
    };
    li.append(Object.assign(document.createElement('span'), { className: 'ms' }), remove);
    return li;
  });
  $('steps').replaceChildren(...rows);
}

/** A file or a dropped image: read into the engine, shown as "before", then filtered. */
async function openImage(engine, file) {
  stopLive();
  try {
    const { image, width, height } = await engine.imageFrom(file);
    await resize(engine, width, height);
    state.original.view.set(image.view);
    image.free();
    engine.drawImage(state.original, width, height, $('before'));
    await apply(engine);
  } catch (e) {
    status(`could not open ${file.name}: ${e.message}`, true);
  }
}

async function showMandelbrot(engine) {
  stopLive();
  await resize(engine, 960, 640);
  const start = performance.now();
  await mandelbrotImage(engine, state.original, 960, 640, Number($('iterations').value));
  status(`mandelbrot: ${(performance.now() - start).toFixed(1)} ms`);
  engine.drawImage(state.original, 960, 640, $('before'));
}

/** Live mode: each video frame read into the engine, run through the chain, drawn. */
async function startLive(engine) {
  const [w, h] = LIVE_SIZE;
  const source = await liveStream(w, h, { preferCamera: $('camera').checked });
  const video = $('video');
  video.srcObject = source.stream;
  await video.play();
  window.demo.liveKind = source.kind;
  $('live').textContent = 'Stop live video';
  let second = performance.now();
  let framesThisSecond = 0;
  const stopFrames = eachFrame(video, async () => {
    const [vw, vh] = [video.videoWidth, video.videoHeight];
    if (!vw || !vh) return;
    await resize(engine, vw, vh);
    try {
      await engine.imageFrom(video, { into: state.a });
      $('before').getContext('2d').drawImage(video, 0, 0);
      const result = await runChain(engine);
      await engine.drawTo(state.after, result, vw, vh);
    } catch (e) {
      status(`live: ${e.message}`, true);
      return;
    }
    window.demo.frames++;
    framesThisSecond++;
    const now = performance.now();
    if (now - second >= 1000) {
      window.demo.fps = (framesThisSecond * 1000) / (now - second);
      [second, framesThisSecond] = [now, 0];
      const steps = window.demo.lastStepMs.map((ms, i) => `${state.steps[i]?.name} ${ms.toFixed(1)}`).join(', ');
      $('fps').textContent = `${source.kind}, ${vw}×${vh}: ${window.demo.fps.toFixed(1)} frames/s; per step (ms): ${steps || 'no steps'}`;
    }
  });
  state.live = () => {
    stopFrames();
    source.stop();
    video.srcObject = null;
    $('live').textContent = 'Live video';
  };
}

function stopLive() {
  state.live?.();
  state.live = null;
}

async function main() {
  const engine = await createEngine();
  // The after picture is drawn in the engine worker: no pixel work on this thread.
  state.after = await engine.attachCanvas($('canvas'));
  showInfo(engine.info);
  for (const [name, f] of Object.entries(FILTERS)) $('add-filter').append(new Option(f.label, name));
  renderSteps(engine);

  $('file').onchange = () => $('file').files[0] && openImage(engine, $('file').files[0]);
  const pictures = $('pictures');
  pictures.ondragover = (e) => {
    e.preventDefault();
    pictures.classList.add('dragging');
  };
  pictures.ondragleave = () => pictures.classList.remove('dragging');
  pictures.ondrop = (e) => {
    e.preventDefault();
    pictures.classList.remove('dragging');
    const file = [...e.dataTransfer.files].find((f) => f.type.startsWith('image/'));
    if (file) openImage(engine, file);
  };
  $('mandelbrot').onclick = () => showMandelbrot(engine).then(() => apply(engine));
  $('add').onclick = () => {
    state.steps.push(newStep($('add-filter').value));
    renderSteps(engine);
    apply(engine);
  };
  $('apply').onclick = () => apply(engine);
  $('live').onclick = () => (state.live ? stopLive() : startLive(engine).catch((e) => status(`live: ${e.message}`, true)));
  for (const id of ['mandelbrot', 'add', 'apply', 'live']) $(id).disabled = false;

  await showMandelbrot(engine);
  await apply(engine);
  showInfo(engine.info);
}

main().catch((e) => status(`could not start: ${e.message}`, true));
