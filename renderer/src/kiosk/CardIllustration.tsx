/** A card sliding into a reader; motion is dropped when the system asks for reduced motion (styles.css). */
export function CardIllustration({ label }: { label: string }) {
  return (
    <svg className="card-illustration" viewBox="0 0 240 160" role="img" aria-label={label}>
      <rect x="20" y="110" width="200" height="36" rx="6" className="reader" />
      <rect x="60" y="112" width="120" height="6" rx="3" className="reader-slot" />
      <g className="card">
        <rect x="70" y="10" width="100" height="100" rx="8" className="card-body" />
        <rect x="86" y="70" width="24" height="20" rx="3" className="card-chip" />
      </g>
    </svg>
  );
}
