// The keys of the pass and account screens, for the help overlay (the handlers live in the
// screens and in the desk's navigation).

import type { MessageKey } from "../i18n";
import type { ShortcutHelp } from "../lib/keys";

export const PASS_ACCOUNT_SHORTCUTS: { group: MessageKey; items: ShortcutHelp[] }[] = [
  {
    group: "passes.key.group",
    items: [
      { keys: ["I"], label: "passes.key.open" },
      { keys: ["M"], label: "accounts.key.open" },
      { keys: ["Alt", "1 … 3"], label: "passes.key.kind" },
      { keys: ["A"], label: "passes.key.form" },
      { keys: ["Ctrl", "Enter"], label: "passes.key.submit" },
      { keys: ["R"], label: "passes.key.refresh" },
      { keys: ["Esc"], label: "passes.key.escape" },
    ],
  },
];
