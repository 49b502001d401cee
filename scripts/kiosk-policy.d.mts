// Types for scripts/kiosk-policy.mjs, which the attacker specs import to write the kiosk's policies.
export function kioskPolicy(options: { port: number }): Record<string, unknown>;
