/**
 * What the loopback host answers without a UI session: a short page in German and English,
 * without script (the renderer is not served to a browser the station did not open).
 */
const texts = {
  'no-session': {
    de: 'Diese Station wird von ihrem Startprogramm geöffnet. Eine kopierte Adresse, ein zweites Fenster oder ein anderer Browser erhalten keinen Zugang.',
    en: 'This station is opened by its launcher. A copied address, a second window or another browser gets no access.',
  },
  'code-refused': {
    de: 'Dieser Startlink ist abgelaufen oder wurde schon benutzt. Bitte starten Sie die Station neu.',
    en: 'This start link has expired or was used already. Please restart the station.',
  },
} as const;

export function noSessionPage(kind: keyof typeof texts): string {
  const { de, en } = texts[kind];
  return `<!doctype html><html lang="de"><meta charset="utf-8"><title>Bonus Station</title><body><main><h1>Bonus Station</h1><p role="alert">${de}</p><p lang="en">${en}</p></main></body></html>`;
}
