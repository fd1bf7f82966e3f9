//! Photo cleaning: decode (within limits), turn upright by the EXIF orientation, re-encode
//! without any metadata (so no GPS location), and make a small thumbnail.
use std::io::Cursor;

use image::{
    DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, codecs::jpeg::JpegEncoder,
};

use crate::infra::error::{AppError, AppResult};
use crate::infra::reasons::Reason;

pub struct CleanPhoto {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub thumbnail: Vec<u8>,
}

const THUMB_SIDE: u32 = 320;

fn unreadable() -> AppError {
    AppError::of(Reason::UnreadableImage)
}

fn jpeg(img: &DynamicImage, quality: u8) -> AppResult<Vec<u8>> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&img.to_rgb8())
        .map_err(AppError::internal)?;
    Ok(out)
}

pub fn clean(raw: &[u8]) -> AppResult<CleanPhoto> {
    let mut reader = ImageReader::new(Cursor::new(raw))
        .with_guessed_format()
        .map_err(|_| unreadable())?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let format = reader.format();
    let mut decoder = reader.into_decoder().map_err(|_| unreadable())?;
    let orientation = decoder.orientation().map_err(|_| unreadable())?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| unreadable())?;
    img.apply_orientation(orientation);
    let (bytes, content_type) = match format {
        // PNG (screenshots, scans) stays lossless; re-encoding writes no metadata chunks.
        Some(ImageFormat::Png) => {
            let mut out = Vec::new();
            img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
                .map_err(AppError::internal)?;
            (out, "image/png")
        }
        _ => (jpeg(&img, 90)?, "image/jpeg"),
    };
    let thumbnail = jpeg(&img.thumbnail(THUMB_SIDE, THUMB_SIDE), 80)?;
    Ok(CleanPhoto {
        bytes,
        content_type,
        width: img.width(),
        height: img.height(),
        thumbnail,
    })
}
/// A picture for a PDF: RGB pixels (8 bits each), width, height.
pub type Picture = (Vec<u8>, u32, u32);

/// The tallest a letterhead logo is kept, in pixels (about 300 dpi at 2 cm).
const LOGO_HEIGHT: u32 = 240;

/// A logo for the letterhead: decoded within limits, on white where it was transparent,
/// at most 240 px high, as PNG.
pub fn logo(raw: &[u8]) -> AppResult<Vec<u8>> {
    let mut reader = ImageReader::new(Cursor::new(raw))
        .with_guessed_format()
        .map_err(|_| unreadable())?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(6_000);
    limits.max_image_height = Some(6_000);
    limits.max_alloc = Some(128 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| unreadable())?;
    let img = if img.height() > LOGO_HEIGHT {
        img.thumbnail(LOGO_HEIGHT * 4, LOGO_HEIGHT)
    } else {
        img
    };
    let mut flat =
        image::RgbImage::from_pixel(img.width(), img.height(), image::Rgb([255, 255, 255]));
    for (x, y, p) in img.to_rgba8().enumerate_pixels() {
        let a = u16::from(p[3]);
        let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        flat.put_pixel(x, y, image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])]));
    }
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(flat)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .map_err(AppError::internal)?;
    Ok(out)
}

/// A stored picture's pixels (RGB, 8 bits) with its width and height, for a PDF: a logo
/// (PNG) or a photo's thumbnail (JPEG).
pub fn rgb_of(stored: &[u8]) -> AppResult<Picture> {
    let img = image::load_from_memory(stored)
        .map_err(|_| unreadable())?
        .to_rgb8();
    let (w, h) = img.dimensions();
    Ok((img.into_raw(), w, h))
}
