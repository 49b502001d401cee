// The base styles first: the screens' own stylesheets, imported with their components, refine them.
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { StationClient } from '../../main/contract';
import { App } from './app/App';
import { StartupMessage } from './app/StartupMessage';
import { StationProvider } from './app/station-context';
import { initI18n } from './i18n';
import { connectStation } from './transport';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('#root missing');
const root = createRoot(rootElement);

async function start(): Promise<void> {
  const i18n = await initI18n('de');
  root.render(<StartupMessage kind="loading" />);
  const client: StationClient = connectStation(
    (connected) => document.body.classList.toggle('disconnected', !connected),
    // A newer UI session took over (the launcher opened the station again): this screen stops.
    () => root.render(<StartupMessage kind="replaced" />),
  );
  try {
    const info = await client.call.getStationInfo({});
    await i18n.changeLanguage(info.language);
    document.body.dataset.mode = info.mode;
    root.render(
      <StrictMode>
        <StationProvider value={{ client, info }}>
          <App />
        </StationProvider>
      </StrictMode>,
    );
  } catch {
    root.render(<StartupMessage kind="failed" />);
  }
}

void start();
