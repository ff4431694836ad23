//! Prints the FNV-1a of the app's chain on its test image, natively: what the browser test
//! expects the canvas to hold. Usage: checksum WIDTH HEIGHT

#![forbid(unsafe_code)]
use wasmpar_web_app::{filter, fnv1a, test_image};

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).map(|a| a.parse().expect("WIDTH HEIGHT")).collect();
    let [width, height] = args[..] else { panic!("usage: checksum WIDTH HEIGHT") };
    println!("{:08x}", fnv1a(&filter(&test_image(width, height), width, height).expect("the test image's size")));
}
