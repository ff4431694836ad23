//! A wasm app of one's own on wasmpar's kernels: the page hands over a canvas, the kernels
//! run on wasm-bindgen-rayon's thread pool, the result is drawn back with web-sys.
//!
//! [`filter`] is plain Rust, so the same chain runs natively (`src/bin/checksum.rs`), and the
//! browser test compares the canvas's pixels with it.

#![forbid(unsafe_code)]

use wasmpar::kernels::Run;
use wasmpar::kernels::image::{self, Rgba, RgbaMut, SizeError};

#[cfg(target_arch = "wasm32")]
pub mod bench;

/// Blur radius of the chain: σ of its Gaussian.
pub const SIGMA: f32 = 2.0;

/// The chain the app runs on an RGBA image: a Gaussian blur (σ [`SIGMA`]), then the Sobel
/// edge magnitude of the blurred luma, each in parallel on the current rayon pool. Fails
/// only if `rgba` is not `width × height × 4` bytes.
pub fn filter(rgba: &[u8], width: usize, height: usize) -> Result<Vec<u8>, SizeError> {
    let src = Rgba::new(rgba, width, height)?;
    let (mut blurred, mut scratch) = (vec![0; rgba.len()], vec![0.0; rgba.len()]);
    image::gaussian_blur(src, RgbaMut::new(&mut blurred, width, height)?, &mut scratch, SIGMA, Run::PARALLEL);
    let (mut edges, mut luma) = (vec![0; rgba.len()], vec![0; width * height]);
    image::sobel(Rgba::new(&blurred, width, height)?, RgbaMut::new(&mut edges, width, height)?, &mut luma, Run::PARALLEL);
    Ok(edges)
}

/// The opaque test image the page draws first: smooth gradients and a few hard edges.
pub fn test_image(width: usize, height: usize) -> Vec<u8> {
    let mut rgba = Vec::with_capacity(width * height * 4);
    for y in 0..height {
        for x in 0..width {
            let ring = ((x as i64 - width as i64 / 2).pow(2) + (y as i64 - height as i64 / 2).pow(2)) / 97 % 2;
            rgba.extend([(x * 255 / width.max(1)) as u8, (y * 255 / height.max(1)) as u8, (ring * 200 + (x ^ y) as i64 % 55) as u8, 255]);
        }
    }
    rgba
}

/// 32-bit FNV-1a of `bytes`, as the browser test prints it.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// The browser side: what the page imports (wasm only).
#[cfg(target_arch = "wasm32")]
pub mod web {
    use wasm_bindgen::prelude::*;
    use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

    pub use wasm_bindgen_rayon::init_thread_pool;

    /// Draws the test image of the canvas's size onto it.
    #[wasm_bindgen(js_name = drawTestImage)]
    pub fn draw_test_image(canvas: &HtmlCanvasElement) -> Result<(), JsValue> {
        let (w, h) = (canvas.width(), canvas.height());
        put(&context(canvas)?, &super::test_image(w as usize, h as usize), w, h)
    }

    /// Runs [`super::filter`] on the canvas's pixels and draws the result in their place.
    #[wasm_bindgen(js_name = filterCanvas)]
    pub fn filter_canvas(canvas: &HtmlCanvasElement) -> Result<(), JsValue> {
        let (w, h) = (canvas.width(), canvas.height());
        let ctx = context(canvas)?;
        // getImageData's bytes arrive as a Vec: one copy from the canvas into our memory.
        let pixels = ctx.get_image_data(0.0, 0.0, f64::from(w), f64::from(h))?.data();
        let edges = super::filter(&pixels, w as usize, h as usize).map_err(|e| JsValue::from_str(&e.to_string()))?;
        put(&ctx, &edges, w, h)
    }

    /// The canvas's 2D context, asked for with `willReadFrequently`: the app reads the pixels
    /// back every time, which a GPU-backed canvas makes slow (Chromium warns about it).
    fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"willReadFrequently".into(), &true.into())?;
        let context =
            canvas.get_context_with_context_options("2d", &options)?.ok_or_else(|| JsValue::from_str("canvas has no 2d context"))?;
        Ok(context.dyn_into()?)
    }

    /// putImageData of `rgba`. ImageData refuses a view of shared memory (a TypeError), and
    /// with atomics our memory is shared, so the bytes are copied into a JS array first.
    fn put(ctx: &CanvasRenderingContext2d, rgba: &[u8], w: u32, h: u32) -> Result<(), JsValue> {
        let array = js_sys::Uint8ClampedArray::new_with_length(rgba.len() as u32);
        array.copy_from(rgba);
        ctx.put_image_data(&ImageData::new_with_js_u8_clamped_array_and_sh(&array, w, h)?, 0.0, 0.0)
    }
}
