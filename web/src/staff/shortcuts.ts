// The staff screens' keys, added to what the help overlay (?) lists. The handlers live beside
// the screens they act on.

import { SHORTCUTS } from "../lib/keys";

const STAFF_GROUPS: typeof SHORTCUTS = [
  {
    group: "sup.help.group",
    items: [
      { keys: ["S"], label: "sup.help.open" },
      { keys: ["1 … 7"], label: "sup.help.tabs" },
      { keys: ["↑", "↓"], label: "sup.help.move" },
      { keys: ["R"], label: "key.refresh" },
    ],
  },
  {
    group: "cash.help.group",
    items: [
      { keys: ["B"], label: "cash.help.open" },
      { keys: ["U"], label: "cash.help.unit" },
      { keys: ["A"], label: "cash.help.amount" },
      { keys: ["1 … 5"], label: "cash.help.method" },
      { keys: ["Ctrl", "Enter"], label: "cash.help.take" },
      { keys: ["Ctrl", "P"], label: "cash.help.print" },
      { keys: ["X"], label: "cash.help.close" },
    ],
  },
  {
    group: "tech.help.group",
    items: [
      { keys: ["T"], label: "tech.help.open" },
      { keys: ["R"], label: "key.refresh" },
    ],
  },
];

for (const g of STAFF_GROUPS) {
  if (!SHORTCUTS.some((s) => s.group === g.group)) SHORTCUTS.push(g);
}

export { STAFF_GROUPS };
