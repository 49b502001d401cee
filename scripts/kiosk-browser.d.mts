// Types for scripts/kiosk-browser.mjs, which the attacker specs import to start the browser as the launcher does.
export function prepareBrowser(options: { profileDir: string; startUrl: string; mode: string }): string[];
export function asUser(user: string | null | undefined, isRoot?: boolean): string[];
