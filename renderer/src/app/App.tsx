import { ClerkStart } from '../clerk/ClerkStart';
import { Diagnostics } from '../diagnostics/Diagnostics';
import { FieldStart } from '../field/FieldStart';
import { KioskApp } from '../kiosk/KioskApp';
import { SyncScreen } from '../sync/SyncScreen';
import { useRoute } from './router';
import { useStation } from './station-context';

export function App() {
  const { info } = useStation();
  const route = useRoute(info.mode);
  switch (route.screen) {
    case 'kiosk':
      return <KioskApp />;
    case 'clerk':
      return <ClerkStart />;
    case 'field':
      return <FieldStart />;
    case 'diagnostics':
      return <Diagnostics />;
    case 'sync':
      return <SyncScreen />;
  }
}
