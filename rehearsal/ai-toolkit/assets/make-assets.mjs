// Generates the small JPEG "samples" the rehearsal trainer copies into samples/ (Python's stdlib cannot
// encode JPEG). Run from the repository root: node rehearsal/ai-toolkit/assets/make-assets.mjs
import sharp from 'sharp';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const size = 192;
for (let i = 0; i < 12; i++) {
  const hue = (i * 30) % 360;
  const bg = `hsl(${hue}, 45%, ${30 + (i % 3) * 12}%)`;
  const fg = `hsl(${(hue + 180) % 360}, 60%, 70%)`;
  // A face-like figure that "sharpens" as i grows, so later steps look different from earlier ones.
  const blur = Math.max(0, 6 - (i % 6));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
    <rect width="100%" height="100%" fill="${bg}"/>
    <circle cx="96" cy="84" r="${40 + (i % 4) * 4}" fill="${fg}"/>
    <rect x="56" y="128" width="80" height="64" rx="20" fill="${fg}"/>
    <circle cx="82" cy="78" r="5" fill="#222"/><circle cx="110" cy="78" r="5" fill="#222"/>
    <text x="8" y="20" font-size="14" fill="#fff" font-family="sans-serif">sample ${i + 1}</text>
  </svg>`;
  let img = sharp(Buffer.from(svg));
  if (blur > 0) img = img.blur(blur / 2 + 0.3);
  await img.jpeg({ quality: 80 }).toFile(join(here, `sample-${String(i).padStart(2, '0')}.jpg`));
}
