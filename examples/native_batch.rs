//! A server-side batch on the same kernels, natively: every PNG in a folder made into a
//! sharpened thumbnail, the images spread over rayon's pool, with a progress bar.
//!
//! ```text
//! cargo run --release --example native_batch -- [--in DIR] [--out DIR] [--max PIXELS]
//!                                               [--generate N] [--size WxH]
//! ```
//!
//! Without `--in` it first writes N (default 24) generated test photos of `--size` (default
//! 1280x853) to target/batch/in, emptied first. Thumbnails fit in `--max` × `--max` (default 256) pixels:
//! a Lanczos 3 resize, then an unsharp mask (amount 0.5, σ 0.8). Each image runs the
//! kernels' sequential forms, as the batch is already parallel across images. Exits non-zero
//! if a file fails or a thumbnail reads back with the wrong size.

#![forbid(unsafe_code)]

use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::Instant;
use std::{fs, io};
use wasmpar::kernels::Run;
use wasmpar::kernels::image::{self, Filter};

type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

struct Rgba {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Rgba {
    /// The kernels' view of the image (its pixels always match its size).
    fn view(&self) -> image::Rgba<'_> {
        image::Rgba::new(&self.pixels, self.width, self.height).expect("an image's pixels match its size")
    }
}

/// `pixels`, allocated by the caller for `width × height`, as a kernel's output.
fn view_mut(pixels: &mut [u8], width: usize, height: usize) -> image::RgbaMut<'_> {
    image::RgbaMut::new(pixels, width, height).expect("the output was allocated for its size")
}

fn read_png(path: &Path) -> Result<Rgba> {
    let mut decoder = png::Decoder::new(io::BufReader::new(fs::File::open(path)?));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info()?;
    let mut buf = vec![0; reader.output_buffer_size().ok_or("image too large")?];
    let info = reader.next_frame(&mut buf)?;
    let bytes = &buf[..info.buffer_size()];
    let pixels = match info.color_type {
        png::ColorType::Rgba => bytes.to_vec(),
        png::ColorType::Rgb => bytes.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        png::ColorType::GrayscaleAlpha => bytes.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect(),
        png::ColorType::Grayscale => bytes.iter().flat_map(|&v| [v, v, v, 255]).collect(),
        other => return Err(format!("{}: colour type {other:?} after expansion", path.display()).into()),
    };
    Ok(Rgba { width: info.width as usize, height: info.height as usize, pixels })
}

fn write_png(path: &Path, image: &Rgba) -> Result<()> {
    let mut encoder = png::Encoder::new(io::BufWriter::new(fs::File::create(path)?), image.width as u32, image.height as u32);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header()?.write_image_data(&image.pixels)?;
    Ok(())
}

/// The thumbnail's size: the image scaled to fit `max` × `max`, never enlarged.
fn fitted(width: usize, height: usize, max: usize) -> (usize, usize) {
    let scale = (max as f64 / width.max(height) as f64).min(1.0);
    (((width as f64 * scale).round() as usize).max(1), ((height as f64 * scale).round() as usize).max(1))
}

fn thumbnail(src: &Rgba, max: usize) -> Rgba {
    let (width, height) = fitted(src.width, src.height, max);
    let mut pixels = vec![0; width * height * image::CHANNELS];
    image::resample(src.view(), view_mut(&mut pixels, width, height), Filter::Lanczos3, Run::SEQUENTIAL);
    let mut blurred = vec![0; pixels.len()];
    let mut scratch = vec![0.0; pixels.len()];
    let sized = image::Rgba::new(&pixels, width, height).expect("the thumbnail's size");
    image::gaussian_blur(sized, view_mut(&mut blurred, width, height), &mut scratch, 0.8, Run::SEQUENTIAL);
    image::sharpen_with(&mut pixels, &blurred, 0.5, Run::SEQUENTIAL);
    Rgba { width, height, pixels }
}

/// A photo-like test image: smooth gradients, a disc with a hard edge, fine texture.
fn test_photo(width: usize, height: usize, seed: usize) -> Rgba {
    let mut pixels = Vec::with_capacity(width * height * 4);
    let (cx, cy, r) = (width / 2 + seed * 37 % (width / 4 + 1), height / 2, height / 3);
    for y in 0..height {
        for x in 0..width {
            let inside = (x as i64 - cx as i64).pow(2) + (y as i64 - cy as i64).pow(2) < (r * r) as i64;
            let texture = ((x * 7 + y * 13 + seed * 101) % 23) as u8;
            let [red, green] = [(x * 200 / width) as u8, (y * 180 / height) as u8];
            pixels.extend(if inside {
                [230 - texture, 90 + texture, 40, 255]
            } else {
                [red + texture, green, 120 + (seed * 9 % 100) as u8, 255]
            });
        }
    }
    Rgba { width, height, pixels }
}

struct Options {
    input: Option<PathBuf>,
    output: PathBuf,
    max: usize,
    generate: usize,
    size: (usize, usize),
}

fn options() -> Result<Options> {
    let mut o = Options { input: None, output: "target/batch/out".into(), max: 256, generate: 24, size: (1280, 853) };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--in" => o.input = Some(value()?.into()),
            "--out" => o.output = value()?.into(),
            "--max" => o.max = value()?.parse()?,
            "--generate" => o.generate = value()?.parse()?,
            "--size" => {
                let v = value()?;
                let (w, h) = v.split_once('x').ok_or("--size is WxH")?;
                o.size = (w.parse()?, h.parse()?);
            }
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    if o.max == 0 || o.size.0 == 0 || o.size.1 == 0 {
        return Err("--max and --size must be positive".into());
    }
    Ok(o)
}

fn main() -> Result<()> {
    let o = options()?;
    let input = match &o.input {
        Some(dir) => dir.clone(),
        None => {
            // Generated afresh each run: the folder is ours, so nothing else is in it.
            let dir = PathBuf::from("target/batch/in");
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir)?;
            (0..o.generate)
                .into_par_iter()
                .try_for_each(|i| write_png(&dir.join(format!("photo-{i:03}.png")), &test_photo(o.size.0 + i % 7, o.size.1 + i % 5, i)))?;
            dir
        }
    };
    let mut files: Vec<PathBuf> = fs::read_dir(&input)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("png")))
        .collect();
    files.sort();
    fs::create_dir_all(&o.output)?;
    let bar = ProgressBar::new(files.len() as u64)
        .with_style(ProgressStyle::with_template("{bar:40} {pos}/{len} images, {elapsed} ({eta} left)")?);
    let start = Instant::now();
    let done: Vec<Result<(usize, (usize, usize))>> = files
        .par_iter()
        .progress_with(bar)
        .map(|path| {
            let src = read_png(path)?;
            let thumb = thumbnail(&src, o.max);
            write_png(&o.output.join(path.file_name().expect("a file")), &thumb)?;
            Ok((src.width * src.height, fitted(src.width, src.height, o.max)))
        })
        .collect();
    let seconds = start.elapsed().as_secs_f64();
    let mut pixels = 0;
    for (path, result) in files.iter().zip(done) {
        let (n, want) = result.map_err(|e| format!("{}: {e}", path.display()))?;
        let back = read_png(&o.output.join(path.file_name().expect("a file")))?;
        if (back.width, back.height) != want {
            return Err(format!("{}: thumbnail is {}×{}, not {}×{}", path.display(), back.width, back.height, want.0, want.1).into());
        }
        pixels += n;
    }
    println!(
        "{} images ({:.1} megapixels) → {} in {seconds:.2} s on {} threads: {:.1} images/s",
        files.len(),
        pixels as f64 / 1e6,
        o.output.display(),
        rayon::current_num_threads(),
        files.len() as f64 / seconds
    );
    Ok(())
}
