import { useEffect, useId, useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../ui/Button';
import { KeyboardScope } from '../ui/touch/keyboard-scope';
import { OnScreenKeyboard } from '../ui/touch/OnScreenKeyboard';
import { TouchInput } from '../ui/touch/TouchInput';

export type Signature = { pngBase64: string } | { typedName: string };

const padWidth = 900;
const padHeight = 300;

/**
 * A declaration the member signs on the touch screen: the statement from the catalog (worded
 * by the locales), a pad drawn with finger, pen or mouse, and as the keyboard alternative the
 * name typed as on the card with a confirming checkbox. Main checks the signature or the name.
 */
export function SignatureDeclaration({ statement, fallbackTitle, busy, onSign }: { statement: string; fallbackTitle: string; busy: boolean; onSign: (signature: Signature) => void }) {
  const { t, i18n } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<{ x: number; y: number } | null>(null);
  const [inked, setInked] = useState(false);
  const [typed, setTyped] = useState(false);
  const [name, setName] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const statementId = useId();
  const padHintId = useId();
  const confirmId = useId();
  const key = `kiosk.statement.${statement}`;
  const text = i18n.exists(key) ? t(key) : t('kiosk.declaration.generic', { title: fallbackTitle });

  const clear = () => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    // White paper: main reads dark strokes on it as the signature.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, padWidth, padHeight);
    setInked(false);
  };
  useEffect(clear, []);

  const point = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return { x: ((event.clientX - box.left) * padWidth) / box.width, y: ((event.clientY - box.top) * padHeight) / box.height };
  };
  const start = (event: PointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drawing.current = point(event);
  };
  const move = (event: PointerEvent<HTMLCanvasElement>) => {
    const from = drawing.current;
    const context = canvas.current?.getContext('2d');
    if (!from || !context) return;
    const to = point(event);
    context.strokeStyle = '#000000';
    context.lineWidth = 5;
    context.lineCap = 'round';
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
    drawing.current = to;
    setInked(true);
  };
  const end = () => {
    drawing.current = null;
  };

  const useDrawn = () => {
    const url = canvas.current?.toDataURL('image/png');
    if (url) onSign({ pngBase64: url.slice(url.indexOf(',') + 1) });
  };

  return (
    <div className="declaration" data-testid="signed-declaration">
      <p id={statementId} className="declaration-statement">
        {text}
      </p>
      {typed ? (
        <KeyboardScope>
        <div className="declaration-typed">
          <TouchInput label={t('kiosk.declaration.typedName')} layout="text" capitalize maxLength={120} value={name} onChange={setName} />
          <div className="consent">
            <input id={confirmId} type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} aria-describedby={statementId} />
            <label htmlFor={confirmId}>{t('kiosk.declaration.confirm')}</label>
          </div>
          <div className="toolbar">
            <Button onClick={() => setTyped(false)}>{t('kiosk.declaration.drawInstead')}</Button>
            <Button variant="primary" disabled={busy || !confirmed || name.trim() === ''} onClick={() => onSign({ typedName: name.trim() })}>
              {busy ? t('kiosk.declaration.checking') : t('kiosk.declaration.sign')}
            </Button>
          </div>
          <OnScreenKeyboard />
        </div>
        </KeyboardScope>
      ) : (
        <>
          <p id={padHintId} className="hint">
            {t('kiosk.declaration.padHint')}
          </p>
          <canvas
            ref={canvas}
            className="signature-pad"
            width={padWidth}
            height={padHeight}
            role="img"
            aria-label={t('kiosk.declaration.pad')}
            aria-describedby={`${statementId} ${padHintId}`}
            onPointerDown={start}
            onPointerMove={move}
            onPointerUp={end}
            onPointerCancel={end}
          />
          <div className="toolbar">
            <Button onClick={clear} disabled={!inked || busy}>
              {t('kiosk.declaration.clear')}
            </Button>
            <Button onClick={() => setTyped(true)}>{t('kiosk.declaration.typeInstead')}</Button>
            <Button variant="primary" disabled={!inked || busy} onClick={useDrawn}>
              {busy ? t('kiosk.declaration.checking') : t('kiosk.declaration.sign')}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
