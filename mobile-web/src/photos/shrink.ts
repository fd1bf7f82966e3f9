// Photos are shrunk on the phone before they are stored or sent: long side 1600 px, JPEG,
// stepping the quality down until it is under 450 KB, so a KTP stays readable and a
// 3G upload stays short. Re-encoding also drops the EXIF data (GPS included).
export const LONG_SIDE = 1600;
export const MAX_BYTES = 450 * 1024;

export async function shrink(file: Blob): Promise<{ blob: Blob; width: number; height: number }> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.round(bitmap.width * scale);
  const height = Math.round(bitmap.height * scale);
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  let blob: Blob | null = null;
  for (const quality of [0.82, 0.72, 0.6, 0.5, 0.4]) {
    blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
    if (blob.size <= MAX_BYTES) break;
  }
  return { blob: blob!, width, height };
}
