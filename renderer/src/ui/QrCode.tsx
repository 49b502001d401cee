/** A QR code drawn from its modules, row by row ("1" dark), with the quiet zone scanners need. */
export function QrCode({ rows, label, className }: { rows: string[]; label: string; className?: string }) {
  const size = rows.length;
  return (
    <svg className={className} viewBox={`-4 -4 ${size + 8} ${size + 8}`} role="img" aria-label={label} shapeRendering="crispEdges">
      <rect x={-4} y={-4} width={size + 8} height={size + 8} fill="#fff" />
      {rows.flatMap((row, y) => [...row].map((cell, x) => (cell === '1' ? <rect key={`${x}-${y}`} x={x} y={y} width={1} height={1} fill="#000" /> : null)))}
    </svg>
  );
}
