//! PNG encoding for the chart, as a palette image: a chart is a few flat colours and the
//! anti-aliased edges between them, so 256 colours hold it without a visible change, at
//! about a third of the bytes of true colour.

// Palette indices are below PALETTE (256), so they fit the u8 they are cast to.
#![allow(clippy::cast_possible_truncation)]

use std::collections::HashMap;

use anyhow::Context as _;

/// The most colours a palette PNG holds.
const PALETTE: usize = 256;

/// Encodes `rgb` (3 bytes a pixel, rows top to bottom) as PNG. Up to 256 colours are kept
/// exactly; with more, the least used take the nearest of the 256 most used.
pub fn encode(rgb: &[u8], width: u32, height: u32) -> anyhow::Result<Vec<u8>> {
    let mut counts: HashMap<[u8; 3], u32> = HashMap::new();
    for pixel in rgb.chunks_exact(3) {
        *counts.entry([pixel[0], pixel[1], pixel[2]]).or_default() += 1;
    }
    let mut by_use: Vec<([u8; 3], u32)> = counts.into_iter().collect();
    // Most used first; equal counts by colour, so the output never depends on hashing.
    by_use.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let palette: Vec<[u8; 3]> = by_use.iter().take(PALETTE).map(|(c, _)| *c).collect();
    let index: HashMap<[u8; 3], u8> = by_use
        .iter()
        .map(|(colour, _)| (*colour, nearest(&palette, *colour)))
        .collect();
    let indices: Vec<u8> = rgb
        .chunks_exact(3)
        .map(|p| index.get(&[p[0], p[1], p[2]]).copied().unwrap_or(0))
        .collect();
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, width, height);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette.concat());
    encoder.set_compression(png::Compression::Best);
    encoder.set_filter(png::FilterType::NoFilter);
    let mut writer = encoder.write_header().context("writing the PNG header")?;
    writer
        .write_image_data(&indices)
        .context("writing the PNG data")?;
    writer.finish().context("finishing the PNG")?;
    Ok(png)
}

/// The index of the palette colour closest to `colour`.
fn nearest(palette: &[[u8; 3]], colour: [u8; 3]) -> u8 {
    let distance = |p: &[u8; 3]| -> i32 {
        (0..3)
            .map(|i| (i32::from(p[i]) - i32::from(colour[i])).pow(2))
            .sum()
    };
    palette
        .iter()
        .enumerate()
        .min_by_key(|(_, p)| distance(p))
        .map_or(0, |(i, _)| i as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(png: &[u8]) -> Vec<u8> {
        let mut decoder = png::Decoder::new(png);
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut rgb = vec![0; reader.output_buffer_size()];
        reader.next_frame(&mut rgb).unwrap();
        rgb
    }

    #[test]
    fn few_colours_come_back_exactly() {
        let rgb: Vec<u8> = (0..100u8).flat_map(|i| [i, 255 - i, 7]).collect();
        let png = encode(&rgb, 10, 10).unwrap();
        assert_eq!(decode(&png), rgb);
    }

    #[test]
    fn rare_colours_take_the_nearest_common_one() {
        // 300 distinct greys, each used once, and black used 10 times: 301 colours.
        let mut rgb: Vec<u8> = (0..300u32)
            .flat_map(|i| [(i % 256) as u8, (i / 256) as u8, 0])
            .collect();
        rgb.extend([0u8; 30]);
        let png = encode(&rgb, 310, 1).unwrap();
        let back = decode(&png);
        assert_eq!(back.len(), rgb.len());
        let worst = rgb
            .iter()
            .zip(&back)
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap_or(0);
        assert!(worst <= 64, "{worst}");
        assert_eq!(&back[back.len() - 3..], &[0, 0, 0]);
    }

    #[test]
    fn an_empty_image_is_an_error_not_a_panic() {
        assert!(encode(&[], 0, 0).is_err());
    }
}
