import { writeFileSync } from 'node:fs';
import sharp from 'sharp';

/**
 * Writes an image as a one-frame Y4M video, the format Chromium's fake camera plays with
 * --use-file-for-fake-video-capture: the "camera" then shows this certificate.
 */
export async function writeFakeCameraFile(image: Buffer, path: string, options: { width?: number; height?: number; blurSigma?: number } = {}): Promise<void> {
  const { width = 1280, height = 720 } = options;
  // The certificate lies on a grey desk, as in front of a real kiosk camera (not on white, which reads as glare).
  const composed = await sharp(image).resize(width, height, { fit: 'contain', background: '#5a5e63' }).removeAlpha().png().toBuffer();
  // An out-of-focus camera blurs the whole frame, the paper's edges on the desk included.
  const frame = options.blurSigma ? sharp(composed).blur(options.blurSigma) : sharp(composed);
  const { data } = await frame.raw().toBuffer({ resolveWithObject: true });
  const y = Buffer.alloc(width * height);
  const u = Buffer.alloc((width / 2) * (height / 2));
  const v = Buffer.alloc((width / 2) * (height / 2));
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const i = (row * width + col) * 3;
      const r = data[i]!;
      const g = data[i + 1]!;
      const b = data[i + 2]!;
      // Video range (BT.601 "studio swing"): luma 16-235, chroma 16-240, as the camera pipeline expects.
      y[row * width + col] = Math.round(16 + (219 / 255) * (0.299 * r + 0.587 * g + 0.114 * b));
      if (row % 2 === 0 && col % 2 === 0) {
        const c = (row / 2) * (width / 2) + col / 2;
        u[c] = Math.round(128 + (224 / 255) * (-0.168736 * r - 0.331264 * g + 0.5 * b));
        v[c] = Math.round(128 + (224 / 255) * (0.5 * r - 0.418688 * g - 0.081312 * b));
      }
    }
  }
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420mpeg2 XCOLORRANGE=LIMITED\nFRAME\n`), y, u, v]));
}
