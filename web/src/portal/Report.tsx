// Reporting from the portal: a repair (with up to nine photos) or a complaint, for one of the
// resident's own units.

import { useState, type FormEvent } from "react";
import { useAction } from "../components/useLoad";
import { useI18n } from "../i18n";
import { navigate } from "../lib/router";
import { newKey, portalApi, ppost } from "./api";
import { PortalError } from "./Portal";
import { portalPaths } from "./route";
import type { MyComplaint, MyRepair, UnitRef } from "./types";

const unitKey = (u: UnitRef) => `${u.estate_id}|${u.unit_label}`;

function UnitSelect({ units, value, onChange }: { units: UnitRef[]; value: string; onChange: (v: string) => void }) {
  const { t } = useI18n();
  return (
    <label>
      {t("portal.form.unit")}
      <select name="unit" value={value} onChange={(e) => onChange(e.target.value)} required>
        {units.map((u) => (
          <option key={unitKey(u)} value={unitKey(u)}>
            {u.unit_label}
          </option>
        ))}
      </select>
    </label>
  );
}

const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];
const MAX_PHOTOS = 9;
const MAX_BYTES = 5 * 1024 * 1024;

export function NewRepair({ units, name }: { units: UnitRef[]; name: string }) {
  const { t } = useI18n();
  const [unit, setUnit] = useState(units[0] ? unitKey(units[0]) : "");
  const [kind, setKind] = useState("repair");
  const [problem, setProblem] = useState("");
  const [phone, setPhone] = useState("");
  const [photos, setPhotos] = useState<File[]>([]);
  const [photoNote, setPhotoNote] = useState<string | null>(null);
  // One key per report: a second press after a lost answer finds the first order.
  const [key] = useState(newKey);
  const { busy, error, run } = useAction();

  const pick = (files: FileList | null) => {
    const all = Array.from(files ?? []);
    const ok = all.filter((f) => PHOTO_TYPES.includes(f.type) && f.size <= MAX_BYTES).slice(0, MAX_PHOTOS);
    setPhotos(ok);
    setPhotoNote(ok.length < all.length ? t("portal.repair.photoRefused") : null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const [estate, label] = unit.split("|");
    const order = await run(async () => {
      const o = await ppost<MyRepair>(`/repairs/resident/estates/${estate}/work-orders`, {
        unit_label: label,
        kind,
        problem: problem.trim(),
        contact_name: name,
        contact_phone: phone.trim(),
      }, key);
      for (const p of photos) {
        await portalApi("POST", `/repairs/resident/estates/${estate}/work-orders/${o.work_order_id}/photos`, { raw: p });
      }
      return o;
    });
    if (order) navigate(portalPaths.repair(order.estate_id, order.work_order_id));
  };

  return (
    <form className="card" onSubmit={submit} data-testid="portal-new-repair">
      <h2>{t("portal.repair.new")}</h2>
      <p className="muted">{t("portal.repair.emergencyHint")}</p>
      <PortalError error={error} />
      <UnitSelect units={units} value={unit} onChange={setUnit} />
      <label>
        {t("portal.repair.kind")}
        <select name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          {["repair", "paid_repair", "after_sales"].map((k) => (
            <option key={k} value={k}>
              {t(`portal.kind.${k}` as "portal.kind.repair")}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("portal.repair.problem")}
        <textarea name="problem" required maxLength={2000} rows={4} value={problem} onChange={(e) => setProblem(e.target.value)} />
      </label>
      <label>
        {t("portal.repair.phone")}
        <input name="contact_phone" type="tel" inputMode="tel" autoComplete="tel" required value={phone} onChange={(e) => setPhone(e.target.value)} />
      </label>
      <label>
        {t("portal.repair.photos")}
        <input name="photos" type="file" accept={PHOTO_TYPES.join(",")} multiple onChange={(e) => pick(e.target.files)} />
      </label>
      {photos.length > 0 && <p className="muted">{t("portal.repair.photoCount", { n: photos.length })}</p>}
      {photoNote && <div className="note warn">{photoNote}</div>}
      <button type="submit" className="primary" disabled={busy || !unit}>
        {busy ? t("portal.sending") : t("portal.repair.submit")}
      </button>
    </form>
  );
}

export function NewComplaint({ units, name }: { units: UnitRef[]; name: string }) {
  const { t } = useI18n();
  const [unit, setUnit] = useState(units[0] ? unitKey(units[0]) : "");
  const [description, setDescription] = useState("");
  const [location, setLocation] = useState("");
  const [demand, setDemand] = useState("");
  const [phone, setPhone] = useState("");
  const [key] = useState(newKey);
  const { busy, error, run } = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const [estate, label] = unit.split("|");
    const c = await run(() =>
      ppost<MyComplaint>(`/complaints/resident/estates/${estate}/complaints`, {
        unit_label: label,
        description: description.trim(),
        location: location.trim() || undefined,
        demand: demand.trim() || undefined,
        complainant_name: name,
        complainant_phone: phone.trim() || undefined,
      }, key),
    );
    if (c) navigate(portalPaths.complaint(c.estate_id, c.complaint_id));
  };

  return (
    <form className="card" onSubmit={submit} data-testid="portal-new-complaint">
      <h2>{t("portal.complaint.new")}</h2>
      <PortalError error={error} />
      <UnitSelect units={units} value={unit} onChange={setUnit} />
      <label>
        {t("portal.complaint.description")}
        <textarea
          name="description"
          required
          maxLength={2000}
          rows={4}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <label>
        {t("portal.complaint.location")}
        <input name="location" maxLength={200} value={location} onChange={(e) => setLocation(e.target.value)} />
      </label>
      <label>
        {t("portal.complaint.demand")}
        <input name="demand" maxLength={500} value={demand} onChange={(e) => setDemand(e.target.value)} />
      </label>
      <label>
        {t("portal.complaint.phone")}
        <input name="complainant_phone" type="tel" inputMode="tel" autoComplete="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy || !unit}>
        {busy ? t("portal.sending") : t("portal.complaint.submit")}
      </button>
    </form>
  );
}
