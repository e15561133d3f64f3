// Money at the desk is whole fen (分), never floating point: what the cashier types is read as
// text into fen, and fen are written back as text.

/**
 * Yuan as typed ("12", "12.5", "12.50", "¥1,200.00", "１２") → fen, or null when it is not an
 * amount (more than two decimals, letters, a minus sign, nothing at all).
 */
export function parseYuan(typed: string): number | null {
  const t = typed
    .trim()
    // Full-width digits and point, as a Chinese input method may give them.
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/．|。/g, ".")
    .replace(/^[¥￥]\s*/, "")
    .replace(/,(?=\d{3}(\D|$))/g, "");
  const m = /^(\d{1,12})(?:\.(\d{0,2}))?$/.exec(t);
  if (!m) return null;
  const whole = m[1];
  const frac = (m[2] ?? "").padEnd(2, "0");
  // Digit strings joined and read once: no multiplication of a decimal fraction anywhere.
  return Number.parseInt(`${whole}${frac}`, 10);
}

/** 123456 → "1234.56"; -5 → "-0.05". */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const digits = String(Math.abs(Math.trunc(fen))).padStart(3, "0");
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** "¥1,234.56". */
export function yuanLabel(fen: number): string {
  const plain = formatFen(fen);
  const [whole, frac] = plain.replace("-", "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${fen < 0 ? "-" : ""}¥${grouped}.${frac}`;
}

const NUM = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
const SMALL = ["", "拾", "佰", "仟"];
const BIG = ["", "万", "亿"];

/** The amount in capitals, as a Chinese receipt writes it: 1050 → "壹拾元伍角整"… */
export function fenInCapitals(fen: number): string {
  if (!Number.isInteger(fen) || fen < 0) return "";
  if (fen === 0) return "零元整";
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor((fen % 100) / 10);
  const fenPart = fen % 10;
  let out = "";
  if (yuan > 0) {
    const s = String(yuan);
    let zero = false;
    for (let i = 0; i < s.length; i++) {
      const d = Number(s[i]);
      const pos = s.length - 1 - i;
      if (d === 0) {
        zero = true;
      } else {
        if (zero && out) out += "零";
        zero = false;
        out += NUM[d] + SMALL[pos % 4];
      }
      if (pos % 4 === 0 && pos > 0) {
        // Close a group of four (万, 亿) when it had any digit.
        const group = s.slice(Math.max(0, i - 3), i + 1);
        if (/[1-9]/.test(group)) out += BIG[pos / 4];
      }
    }
    out += "元";
  }
  if (jiao === 0 && fenPart === 0) return `${out}整`;
  if (jiao > 0) out += `${NUM[jiao]}角`;
  else if (yuan > 0) out += "零";
  if (fenPart > 0) out += `${NUM[fenPart]}分`;
  else out += "整";
  return out;
}

/**
 * A fresh idempotency key for one payment: the same key on a retry, so a payment is never taken
 * twice. (crypto.randomUUID exists only on https or localhost; the desk may be served over http.)
 */
export function newPaymentKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
