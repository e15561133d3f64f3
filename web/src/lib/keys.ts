// Keyboard shortcuts. Screens register handlers; the newest registered runs first, so a
// screen's own keys win over the global ones. Plain-letter keys act only outside text fields.

import { useEffect, useRef } from "react";
import type { MessageKey } from "../i18n";

export type KeyHandler = (e: KeyboardEvent, typing: boolean) => boolean | void;

const stack: { current: KeyHandler }[] = [];

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (target as HTMLInputElement).type;
    return !["checkbox", "radio", "button", "submit"].includes(type);
  }
  return target.isContentEditable;
}

function onKeyDown(e: KeyboardEvent) {
  if (e.defaultPrevented || e.isComposing) return;
  const typing = isTyping(e.target);
  for (let i = stack.length - 1; i >= 0; i--) {
    if (stack[i].current(e, typing)) {
      e.preventDefault();
      return;
    }
  }
}

let installed = false;

/** Register a handler for as long as the component is mounted. Return true when handled. */
export function useKeys(handler: KeyHandler): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!installed) {
      window.addEventListener("keydown", onKeyDown);
      installed = true;
    }
    const entry = { get current() { return ref.current; } } as { current: KeyHandler };
    stack.push(entry);
    return () => {
      const i = stack.indexOf(entry);
      if (i >= 0) stack.splice(i, 1);
    };
  }, []);
}

/** A plain key without Ctrl/Alt/Meta (Shift allowed for "?"). */
export function plain(e: KeyboardEvent): boolean {
  return !e.ctrlKey && !e.altKey && !e.metaKey;
}

/** The category number keys: 1–9 then 0, by e.code so Alt+digit works on every layout. */
export function digitOf(e: KeyboardEvent): number | null {
  const m = /^(?:Digit|Numpad)(\d)$/.exec(e.code);
  return m ? Number(m[1]) : null;
}

export interface ShortcutHelp {
  keys: string[];
  label: MessageKey;
}

/** What the help overlay lists, grouped; the handlers live beside the screens they act on. */
export const SHORTCUTS: { group: MessageKey; items: ShortcutHelp[] }[] = [
  {
    group: "help.group.everywhere",
    items: [
      { keys: ["/"], label: "key.search" },
      { keys: ["N"], label: "key.log" },
      { keys: ["Q"], label: "key.queue" },
      { keys: ["V"], label: "key.visitors" },
      { keys: ["P"], label: "key.parcels" },
      { keys: ["K"], label: "key.keys" },
      { keys: ["H"], label: "key.handover" },
      { keys: ["C"], label: "key.complaints" },
      { keys: ["W"], label: "key.workOrders" },
      { keys: ["A"], label: "key.add" },
      { keys: ["Alt", "Shift", "L"], label: "key.lang" },
      { keys: ["?"], label: "key.help" },
      { keys: ["Esc"], label: "key.escape" },
    ],
  },
  {
    group: "help.group.log",
    items: [
      { keys: ["1 … 9", "0"], label: "key.category" },
      { keys: ["Alt", "1 … 0"], label: "key.categoryAlt" },
      { keys: ["Alt", "T/V/L/M/W/X"], label: "key.channel" },
      { keys: ["Ctrl", "Enter"], label: "key.submit" },
      { keys: ["N"], label: "key.another" },
    ],
  },
  {
    group: "help.group.lists",
    items: [
      { keys: ["↑", "↓"], label: "key.move" },
      { keys: ["Enter"], label: "key.open" },
      { keys: ["O", "D", "X"], label: "key.views" },
      { keys: ["M"], label: "key.mine" },
      { keys: ["R"], label: "key.refresh" },
    ],
  },
];
