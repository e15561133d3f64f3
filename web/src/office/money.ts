// Money in the back office is whole fen (分): what is typed in yuan is read as text into fen,
// never through floating point, and fen are written back as text.

/**
 * Yuan as typed ("2.5", "2.50", "¥1,200", "１２") → fen, or null when it is not an amount
 * (more than two decimals, letters, a minus sign, nothing at all).
 */
export function parseYuan(typed: string): number | null {
  const t = typed
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/．|。/g, ".")
    .replace(/^[¥￥]\s*/, "")
    .replace(/,(?=\d{3}(\D|$))/g, "");
  const m = /^(\d{1,12})(?:\.(\d{0,2}))?$/.exec(t);
  if (!m) return null;
  // The digit strings joined and read once: no multiplication of a decimal fraction.
  return Number.parseInt(`${m[1]}${(m[2] ?? "").padEnd(2, "0")}`, 10);
}

/** 123456 → "1234.56"; -5 → "-0.05". */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const digits = String(Math.abs(Math.trunc(fen))).padStart(3, "0");
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** 123456 → "¥1,234.56". */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return "—";
  const [whole, frac] = formatFen(Math.abs(fen)).split(".");
  return `${fen < 0 ? "-" : ""}¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac}`;
}

/** Basis points as a percentage with one decimal: 9345 → "93.5%"; null → "—". */
export function percentBp(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return "—";
  const tenths = Math.round(bp / 10);
  return `${Math.trunc(tenths / 10)}.${Math.abs(tenths % 10)}%`;
}
