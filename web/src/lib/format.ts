// Small pure helpers for what the desk shows: phone numbers, times, money.

/** "+8613900007919" → "139 0000 7919"; "+862088880001" → "020 8888 0001"; masked numbers as given. */
export function formatPhone(raw: string | null | undefined): string {
  if (!raw) return "";
  if (raw.includes("*")) return raw;
  let d = raw.replace(/[\s-]/g, "");
  if (d.startsWith("+86")) {
    d = d.slice(3);
    if (!d.startsWith("1")) d = `0${d}`;
  }
  if (/^1\d{10}$/.test(d)) return `${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7)}`;
  if (/^0\d{9,11}$/.test(d)) {
    // Beijing and the 02x cities have two-digit area codes, everyone else three.
    const area = /^0(10|2\d)/.test(d) ? 3 : 4;
    const rest = d.slice(area);
    return `${d.slice(0, area)} ${rest.slice(0, rest.length - 4)} ${rest.slice(-4)}`;
  }
  return raw;
}

/** Only the digits (and a leading +) of what was typed, for a phone lookup. */
export function phoneDigits(typed: string): string {
  const t = typed.trim();
  const digits = t.replace(/\D/g, "");
  return t.startsWith("+") ? `+${digits}` : digits;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A time the desk reads at a glance: "14:05" today, "11-23 14:05" another day of this year, else with the year. */
export function formatTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (d.toDateString() === now.toDateString()) return hm;
  const md = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  if (d.getFullYear() === now.getFullYear()) return `${md} ${hm}`;
  return `${d.getFullYear()}-${md} ${hm}`;
}

/** Yuan as typed ("10", "10.5") → fen (1000, 1050); null when it is not an amount. */
export function yuanToFen(typed: string): number | null {
  const t = typed.trim();
  if (t === "") return 0;
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [y, f = ""] = t.split(".");
  return Number(y) * 100 + Number(f.padEnd(2, "0"));
}

export function fenToYuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

/** A local "YYYY-MM-DDTHH:mm" (from <input type=datetime-local>) as an ISO instant. */
export function localInputToIso(v: string): string | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
