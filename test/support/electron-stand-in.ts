/**
 * A stand-in for the parts of Electron's API that main/app and main/preload use. It exists
 * only because the Electron binary cannot be installed on these machines; it records what the
 * code under test registers so that tests can drive it like Electron would. The real app is
 * covered by test/electron where Electron is installed.
 */
type Handler = (event: { senderFrame?: { url: string } | null }, ...args: unknown[]) => unknown;

function createElectronStandIn() {
  const handlers = new Map<string, Handler>();
  const rendererListeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const exposed: Record<string, unknown> = {};
  const storage = { available: true, backend: 'gnome_libsecret' };

  return {
    /** Forgets everything registered, between tests. */
    reset() {
      handlers.clear();
      rendererListeners.clear();
      invoked.length = 0;
      for (const key of Object.keys(exposed)) delete exposed[key];
      storage.available = true;
      storage.backend = 'gnome_libsecret';
    },
    handlers,
    invoked,
    exposed,
    storage,
    module: {
      ipcMain: {
        handle: (channel: string, handler: Handler) => {
          if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
          handlers.set(channel, handler);
        },
        removeHandler: (channel: string) => handlers.delete(channel),
      },
      ipcRenderer: {
        invoke: async (channel: string, ...args: unknown[]) => {
          invoked.push({ channel, args });
          return { ok: true, value: null };
        },
        on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
          const set = rendererListeners.get(channel) ?? new Set();
          set.add(listener);
          rendererListeners.set(channel, set);
        },
        removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) => rendererListeners.get(channel)?.delete(listener),
      },
      contextBridge: {
        exposeInMainWorld: (key: string, api: unknown) => {
          exposed[key] = api;
        },
      },
      safeStorage: {
        isEncryptionAvailable: () => storage.available,
        getSelectedStorageBackend: () => storage.backend,
        // Reversible but not plaintext, like the OS-backed original.
        encryptString: (text: string) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)),
        decryptString: (data: Buffer) => Buffer.from(data.map((b) => b ^ 0x5a)).toString('utf8'),
      },
    },
    emitToRenderer(channel: string, payload: unknown) {
      for (const listener of rendererListeners.get(channel) ?? []) listener({}, payload);
    },
  };
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;

/**
 * One instance per test process, kept on globalThis so that it survives vi.resetModules():
 * a test file mocks 'electron' with `electronStandIn.module` and inspects the same object.
 */
const holder = globalThis as { __bonusElectronStandIn?: ElectronStandIn };
export const electronStandIn: ElectronStandIn = (holder.__bonusElectronStandIn ??= createElectronStandIn());
