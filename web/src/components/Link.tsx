import type { MouseEvent, ReactNode } from "react";
import { navigate } from "../lib/router";

/** An ordinary link that moves within the app without reloading it. */
export function Link(props: { to: string; children: ReactNode; className?: string; title?: string; "aria-current"?: "page" }) {
  const { to, children, ...rest } = props;
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
