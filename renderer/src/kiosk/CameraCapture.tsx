import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';

/**
 * Live preview from the station camera, capture, and retake. The frame leaves the browser only
 * when the member chooses to use it; main then normalizes it and checks that it is readable.
 */
export function CameraCapture({ onUse, busy }: { onUse: (jpegBase64: string) => void; busy: boolean }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream>();
  const [shot, setShot] = useState<string>();
  // Capturing is possible only once the camera delivers frames: an early click would take a black picture.
  const [playing, setPlaying] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    let opened: MediaStream | undefined;
    navigator.mediaDevices
      ?.getUserMedia({ video: { width: { ideal: 1920 }, height: { ideal: 1080 } }, audio: false })
      .then((s) => {
        if (cancelled) return s.getTracks().forEach((track) => track.stop());
        opened = s;
        setStream(s);
      })
      .catch(() => setError(t('kiosk.capture.noCamera')));
    if (!navigator.mediaDevices) setError(t('kiosk.capture.noCamera'));
    return () => {
      cancelled = true;
      opened?.getTracks().forEach((track) => track.stop());
    };
  }, [t]);

  useEffect(() => {
    if (video.current && stream) video.current.srcObject = stream;
  }, [stream, shot]);

  const capture = () => {
    const v = video.current;
    if (!v || v.videoWidth === 0) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')?.drawImage(v, 0, 0);
    setShot(canvas.toDataURL('image/jpeg', 0.92));
  };

  if (error) return <ErrorAlert message={error} />;
  return (
    <div className="camera">
      {shot ? (
        <img className="camera-view" src={shot} alt={t('kiosk.capture.preview')} />
      ) : (
        <video className="camera-view" ref={video} autoPlay playsInline muted aria-label={t('kiosk.capture.live')} onPlaying={() => setPlaying(true)} onEmptied={() => setPlaying(false)} />
      )}
      <div className="toolbar">
        {shot ? (
          <>
            <Button
              onClick={() => {
                setPlaying(false);
                setShot(undefined);
              }}
              disabled={busy}
            >
              {t('kiosk.capture.retake')}
            </Button>
            <Button variant="primary" onClick={() => onUse(shot.slice(shot.indexOf(',') + 1))} disabled={busy}>
              {busy ? t('kiosk.capture.checking') : t('kiosk.capture.use')}
            </Button>
          </>
        ) : (
          <Button variant="primary" onClick={capture} disabled={!stream || !playing}>
            {t('kiosk.capture.take')}
          </Button>
        )}
      </div>
    </div>
  );
}
