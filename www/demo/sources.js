// Where the demo's pictures come from: a Mandelbrot test image rendered by the engine, a
// file (picker or drag and drop), and for live mode the camera or, where the visitor does not
// allow it or has none, a moving test pattern drawn on a canvas and played through
// canvas.captureStream() into a <video>, so live mode runs the same path either way.

/** Renders the Mandelbrot set into `image` (RGBA, width × height) with the engine. */
export async function mandelbrotImage(engine, image, width, height, maxIter, options) {
  const escapes = await engine.alloc('u8', width * height);
  try {
    await engine.mandelbrot(escapes, width, height, maxIter, options);
    const src = escapes.view;
    const dst = image.view;
    for (let i = 0; i < src.length; i++) {
      const t = src[i] / 255;
      dst[i * 4] = src[i] ? 255 * Math.sqrt(t) : 0;
      dst[i * 4 + 1] = src[i] ? 180 * t : 0;
      dst[i * 4 + 2] = src[i] ? 90 + 120 * (1 - t) : 0;
      dst[i * 4 + 3] = 255;
    }
  } finally {
    escapes.free();
  }
}

/** A moving test pattern as a MediaStream: bars, a rotating square and a frame counter. */
export function movingPattern(width, height, fps = 30) {
  const canvas = document.createElement('canvas');
  [canvas.width, canvas.height] = [width, height];
  const g = canvas.getContext('2d');
  let frame = 0;
  let running = true;
  const draw = () => {
    if (!running) return;
    const t = frame++ / fps;
    const bars = ['#fff', '#ff0', '#0ff', '#0f0', '#f0f', '#f00', '#00f', '#000'];
    bars.forEach((c, i) => {
      g.fillStyle = c;
      g.fillRect(((i * width) / bars.length + t * 40) % width, 0, width / bars.length + 1, height);
    });
    g.save();
    g.translate(width / 2, height / 2);
    g.rotate(t);
    g.fillStyle = '#222';
    g.fillRect(-height / 5, -height / 5, (2 * height) / 5, (2 * height) / 5);
    g.restore();
    g.fillStyle = '#fff';
    g.font = `${Math.round(height / 12)}px monospace`;
    g.fillText(`frame ${frame}`, 12, height - 16);
    requestAnimationFrame(draw);
  };
  draw();
  const stream = canvas.captureStream(fps);
  return { stream, stop: () => { running = false; for (const t of stream.getTracks()) t.stop(); } };
}

/** The camera if the visitor allows it, else the moving pattern; `kind` says which. */
export async function liveStream(width, height, { preferCamera = true } = {}) {
  if (preferCamera && navigator.mediaDevices?.getUserMedia) {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width, height } });
      return { kind: 'camera', stream, stop: () => { for (const t of stream.getTracks()) t.stop(); } };
    } catch {
      // Refused or no camera: fall through to the pattern.
    }
  }
  return { kind: 'pattern', ...movingPattern(width, height) };
}

/** Calls `onFrame()` once per new video frame (requestVideoFrameCallback where there is one). */
export function eachFrame(video, onFrame) {
  let stopped = false;
  const next = video.requestVideoFrameCallback
    ? () => video.requestVideoFrameCallback(tick)
    : () => requestAnimationFrame(tick);
  async function tick() {
    if (stopped) return;
    await onFrame();
    next();
  }
  next();
  return () => { stopped = true; };
}
