import { ApiError, loadSession, problemOf } from "../api/client";

const SENT_AS_IS = ["image/jpeg", "image/png", "image/webp"];
const MAX_SIDE = 1600;
const MAX_BYTES = 5 * 1024 * 1024;

/** A phone's photo made small enough to send quickly: JPEG, at most 1600 px on its long side. */
async function shrink(file: File): Promise<Blob> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, "image/jpeg", 0.85));
    if (blob) return blob;
  } catch {
    // The browser cannot read it: send the file itself when repairs accepts its kind.
  }
  return file;
}

/** Keep a photo with the work order (the work as found, or as finished). */
export async function uploadPhoto(estateId: string, workOrderId: string, file: File): Promise<void> {
  const body = await shrink(file);
  if (!SENT_AS_IS.includes(body.type) || body.size > MAX_BYTES) throw new ApiError(400, "photo_unreadable", "");
  const session = loadSession();
  let res: Response;
  try {
    res = await fetch(`/api/v1/repairs/estates/${estateId}/work-orders/${workOrderId}/photos`, {
      method: "POST",
      headers: { "content-type": body.type, ...(session ? { authorization: `Bearer ${session.token}` } : {}) },
      body,
    });
  } catch {
    throw new ApiError(0, "network", "");
  }
  if (!res.ok) throw await problemOf(res);
}
