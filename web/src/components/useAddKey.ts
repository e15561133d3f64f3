import type { RefObject } from "react";
import { plain, useKeys } from "../lib/keys";

/** "A" jumps to the page's form (its first field). */
export function useAddKey(first: RefObject<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null>) {
  useKeys((e, typing) => {
    if (typing || !plain(e) || e.shiftKey || e.key.toLowerCase() !== "a") return false;
    first.current?.focus();
    return true;
  });
}
