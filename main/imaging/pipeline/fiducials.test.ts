import { describe, expect, it } from 'vitest';
import { bookletTemplate } from '../booklet/template';
import { cameraFit, markHypotheses } from './fiducials';
import { homographyFrom, project, type Homography } from './homography';
import type { MarkCandidate } from './mark-candidates';

const template = bookletTemplate('adult');
const image = { width: 3000, height: 4000 };
const f = 3000;

/** A pinhole camera (principal point at the image centre) looking at the page plane from `tiltDeg` off its normal. */
function camera(tiltDeg: number, azimuthDeg: number, rollDeg = 0, distance = 300): Homography {
  const t = (tiltDeg * Math.PI) / 180;
  const a = (azimuthDeg * Math.PI) / 180;
  const r = (rollDeg * Math.PI) / 180;
  // Rotation: tilt about the axis in the page plane perpendicular to the azimuth, then roll about the optical axis.
  const axis = [-Math.sin(a), Math.cos(a), 0];
  const c = Math.cos(t);
  const s = Math.sin(t);
  const rot = (v: number[]) => {
    const d = axis[0]! * v[0]! + axis[1]! * v[1]! + axis[2]! * v[2]!;
    const cross = [axis[1]! * v[2]! - axis[2]! * v[1]!, axis[2]! * v[0]! - axis[0]! * v[2]!, axis[0]! * v[1]! - axis[1]! * v[0]!];
    const turned = [0, 1, 2].map((k) => v[k]! * c + cross[k]! * s + axis[k]! * d * (1 - c));
    return [turned[0]! * Math.cos(r) - turned[1]! * Math.sin(r), turned[0]! * Math.sin(r) + turned[1]! * Math.cos(r), turned[2]!];
  };
  const toImage = (x: number, y: number) => {
    const p = rot([x - 74, y - 105, 0]);
    const z = p[2]! + distance;
    return { x: (f * p[0]!) / z + image.width / 2, y: (f * p[1]!) / z + image.height / 2 };
  };
  const corners = [
    { x: 0, y: 0 },
    { x: 148, y: 0 },
    { x: 148, y: 210 },
    { x: 0, y: 210 },
  ];
  return homographyFrom(corners, corners.map((p) => toImage(p.x, p.y)));
}

function marksThrough(h: Homography, dx = 0): MarkCandidate[] {
  return template.fiducial.centers.map((m) => {
    const p = project(h, m.x + dx, m.y);
    const e = project(h, m.x + dx + 1, m.y);
    return { ...p, side: Math.hypot(e.x - p.x, e.y - p.y) * template.fiducial.size };
  });
}

describe('the camera fit of four marks', () => {
  it.each([
    [0, 0, 0],
    [10, 45, 5],
    [20, 0, -8],
    [20, 90, 3],
    [20, 210, 180],
    [25, 300, 90],
  ])('fits the template seen at %i° tilt (azimuth %i°, roll %i°) almost exactly and measures the tilt', (tilt, azimuth, roll) => {
    const h = camera(tilt, azimuth, roll);
    const fit = cameraFit(h, image.width / 2, image.height / 2, 4000);
    expect(fit.error).toBeLessThan(0.01);
    expect(Math.abs(fit.tiltDegrees - tilt)).toBeLessThan(1.5);
  });

  it('finds the page upright and half-turned from its four marks, among others that are not marks of one page', () => {
    const h = camera(15, 60, 4);
    const marks = marksThrough(h);
    const noise: MarkCandidate[] = [
      { x: 1500, y: 2000, side: 90 },
      { x: 400, y: 3800, side: 80 },
    ];
    const found = markHypotheses([...noise, ...marks], template, image);
    expect(found.length).toBeGreaterThanOrEqual(2);
    const upright = found.filter((hyp) => hyp.scanPoints.every((p, q) => Math.hypot(p.x - marks[q]!.x, p.y - marks[q]!.y) < 1e-6));
    expect(upright).toHaveLength(1);
    expect(Math.abs(upright[0]!.tiltDegrees - 15)).toBeLessThan(1.5);
  });

  it('ranks every mix of an open booklet\'s two pages\' marks below the pages\' own sets', () => {
    // A mix can look like a tilted page (a trapezoid is one), so it is not refused here; it must
    // come after the pages' own marks, which registration then takes, skipping every set that
    // shares a mark with them (and the QR code's place and the printed boxes reject it anyway).
    const h = camera(0, 0, 0, 450);
    const own = marksThrough(h);
    const facing = marksThrough(h, -148);
    const found = markHypotheses([...own, ...facing], template, image);
    const key = (p: { x: number; y: number }) => `${p.x.toFixed(3)},${p.y.toFixed(3)}`;
    const ownKeys = new Set(own.map(key));
    const facingKeys = new Set(facing.map(key));
    const pure = (hyp: (typeof found)[number]) => {
      const keys = hyp.scanPoints.map(key);
      return keys.every((k) => ownKeys.has(k)) || keys.every((k) => facingKeys.has(k));
    };
    const pureErrors = found.filter(pure).map((hyp) => hyp.error);
    const mixErrors = found.filter((hyp) => !pure(hyp)).map((hyp) => hyp.error);
    expect(pureErrors.length).toBeGreaterThanOrEqual(4); // both pages, upright and half-turned
    expect(Math.max(...pureErrors)).toBeLessThan(0.005);
    expect(Math.min(...mixErrors)).toBeGreaterThan(Math.max(...pureErrors) * 5);
  });

  it('refuses a rectangle of the wrong proportions, such as two pages\' outer marks', () => {
    // The template's marks (130 × 192 mm apart) on the outer marks of two pages, 148 mm apart.
    const wide = homographyFrom(
      template.fiducial.centers,
      [
        { x: 500, y: 500 },
        { x: 500 + 148 * 12, y: 500 },
        { x: 500 + 148 * 12, y: 500 + 192 * 12 },
        { x: 500, y: 500 + 192 * 12 },
      ],
    );
    expect(cameraFit(wide, image.width / 2, image.height / 2, 4000).error).toBeGreaterThan(0.1);
  });
});
