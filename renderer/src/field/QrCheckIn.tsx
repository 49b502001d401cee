import jsQR from 'jsqr';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useErrorText } from '../ui/use-error-text';

/** The same code seen again within this time is the member still holding the phone up, not a new check-in. */
const sameCodePauseMs = 10_000;
/** Frames looked at per second: plenty for a phone held still, light on a laptop's CPU. */
const scanIntervalMs = 200;
/** Frames are read at this width at most; a code on a phone fills enough of the picture. */
const scanWidth = 800;

/**
 * Check-in by the member's QR code from the insurer's app: with the station camera, or with a
 * hand scanner that types the code into the field and ends with Enter. Main verifies the code
 * offline (signature, event, insurer, expiry) and the result appears in the check-in panel.
 */
export function QrCheckIn() {
  const { t } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const fieldId = useId();
  const [code, setCode] = useState('');
  const [cameraOn, setCameraOn] = useState(false);
  const [error, setError] = useState<string>();
  const lastSeen = useRef<{ code: string; at: number }>({ code: '', at: 0 });

  const send = async (text: string) => {
    try {
      await client.call.fieldQrCheckIn({ code: text });
      setError(undefined);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = code.trim();
    setCode('');
    if (text) void send(text);
  };

  const onDetected = (text: string) => {
    const now = Date.now();
    if (text === lastSeen.current.code && now - lastSeen.current.at < sameCodePauseMs) return;
    lastSeen.current = { code: text, at: now };
    void send(text);
  };

  return (
    <section className="qr-checkin" aria-labelledby={`${fieldId}-title`} data-testid="qr-checkin">
      <h2 id={`${fieldId}-title`}>{t('field.qr.title')}</h2>
      <form className="sign-in" onSubmit={submit}>
        <label htmlFor={fieldId}>{t('field.qr.scannerField')}</label>
        <input id={fieldId} autoComplete="off" spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} maxLength={2000} />
        <Button type="submit" disabled={code.trim() === ''}>
          {t('field.qr.checkIn')}
        </Button>
      </form>
      <Button onClick={() => setCameraOn(!cameraOn)} aria-pressed={cameraOn}>
        {cameraOn ? t('field.qr.cameraOff') : t('field.qr.cameraOn')}
      </Button>
      {cameraOn ? <QrCamera onDetected={onDetected} onError={() => setError(t('field.qr.noCamera'))} /> : null}
      <ErrorAlert message={error} />
    </section>
  );
}

/** Live picture from the station camera, read for QR codes a few times a second. */
function QrCamera({ onDetected, onError }: { onDetected: (text: string) => void; onError: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const detected = useRef(onDetected);
  detected.current = onDetected;
  const failed = useRef(onError);
  failed.current = onError;

  useEffect(() => {
    let cancelled = false;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const scan = () => {
      const v = video.current;
      if (!v || !context || v.videoWidth === 0) return;
      const scale = Math.min(1, scanWidth / v.videoWidth);
      canvas.width = Math.round(v.videoWidth * scale);
      canvas.height = Math.round(v.videoHeight * scale);
      context.drawImage(v, 0, 0, canvas.width, canvas.height);
      const frame = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' });
      if (found?.data) detected.current(found.data);
    };
    if (!navigator.mediaDevices) failed.current();
    navigator.mediaDevices
      ?.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' }, audio: false })
      .then((s) => {
        if (cancelled) return s.getTracks().forEach((track) => track.stop());
        stream = s;
        if (video.current) video.current.srcObject = s;
        timer = setInterval(scan, scanIntervalMs);
      })
      .catch(() => failed.current());
    return () => {
      cancelled = true;
      if (timer) clearInterval(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  return <video className="camera-view qr-camera" ref={video} autoPlay playsInline muted aria-label={t('field.qr.live')} data-testid="qr-camera" />;
}
