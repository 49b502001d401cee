import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { KeyboardLayout } from './keys';

/** A text field the on-screen keyboard can type into. */
export interface KeyboardTarget {
  id: string;
  layout: KeyboardLayout;
  value: string;
  onChange: (value: string) => void;
  maxLength?: number;
  /** Capitals at the start of each word (names, streets, places). */
  capitalize?: boolean;
}

interface Scope {
  /** The field the keyboard types into, as it registered last (read it when pressing a key). */
  active(): KeyboardTarget | null;
  activeId: string | null;
  register(target: KeyboardTarget): void;
  activate(id: string): void;
}

const ScopeContext = createContext<Scope | null>(null);

/**
 * The fields of one form and its one on-screen keyboard: the field last touched is the one the
 * keyboard types into (the first field until then). Fields register on every render, so the
 * keyboard always sees their current value.
 */
export function KeyboardScope({ children }: { children: ReactNode }) {
  const targets = useRef(new Map<string, KeyboardTarget>());
  const order = useRef<string[]>([]);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [, rerender] = useState(0);
  const register = useCallback((target: KeyboardTarget) => {
    targets.current.set(target.id, target);
    if (!order.current.includes(target.id)) order.current.push(target.id);
  }, []);
  const activate = useCallback((id: string) => setActiveId(id), []);
  const active = useCallback((): KeyboardTarget | null => {
    const id = activeId && targets.current.has(activeId) ? activeId : order.current.find((k) => targets.current.has(k));
    return id ? (targets.current.get(id) ?? null) : null;
  }, [activeId]);
  // The fields register while they render, after this scope: one more render shows the keyboard.
  useEffect(() => rerender((n) => n + 1), []);
  const value = useMemo(() => ({ active, activeId, register, activate }), [active, activeId, register, activate]);
  return <ScopeContext.Provider value={value}>{children}</ScopeContext.Provider>;
}

export function useKeyboardScope(): Scope | null {
  return useContext(ScopeContext);
}
