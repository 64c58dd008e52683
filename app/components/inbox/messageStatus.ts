// A message's delivery status in plain words for the thread, with its hold/block reason.
import { formatDateTime } from "~/components/format";

export type StatusTone = "info" | "success" | "warning" | "critical" | "attention" | undefined;

export function describeMessageStatus(
  m: { direction: string; status: string; statusReason: string | null; heldUntil: string | null; errorCode: number | null },
  timeZone?: string,
): { label: string; tone: StatusTone; detail: string | null } {
  if (m.direction === "inbound") return { label: "Received", tone: undefined, detail: null };
  const reason = m.statusReason ? m.statusReason.charAt(0).toUpperCase() + m.statusReason.slice(1) : null;
  const code = m.errorCode ? ` (error ${m.errorCode})` : "";
  switch (m.status) {
    case "held":
      return {
        label: "Held",
        tone: "attention",
        detail: `Waiting for allowed hours${m.heldUntil ? `: goes out ${formatDateTime(m.heldUntil, timeZone)}` : ""}${reason ? `. ${reason}.` : "."}`,
      };
    case "blocked":
      return { label: "Not sent", tone: "critical", detail: reason ? `${reason}.` : "Blocked by the send policy." };
    case "pending":
    case "scheduled":
    case "accepted":
    case "queued":
      return { label: "Queued", tone: "info", detail: null };
    case "sending":
      return { label: "Sending", tone: "info", detail: null };
    case "sent":
      return { label: "Sent", tone: undefined, detail: "Handed to the carrier; waiting for delivery." };
    case "delivered":
    case "read":
      return { label: m.status === "read" ? "Read" : "Delivered", tone: "success", detail: null };
    case "undelivered":
      return { label: "Not delivered", tone: "critical", detail: `${reason ?? "The carrier couldn't deliver it"}${code}.` };
    case "failed":
      return { label: "Failed", tone: "critical", detail: `${reason ?? "Twilio couldn't send it"}${code}.` };
    case "canceled":
      return { label: "Canceled", tone: undefined, detail: reason };
    default:
      return { label: m.status, tone: undefined, detail: reason };
  }
}

/** Inbound media is `[{url, contentType}]`, outbound `["url"]`; both become {url, contentType}. */
export function parseMedia(raw: string): Array<{ url: string; contentType: string | null }> {
  try {
    const items = JSON.parse(raw) as unknown;
    if (!Array.isArray(items)) return [];
    return items.flatMap((item): Array<{ url: string; contentType: string | null }> => {
      if (typeof item === "string") return [{ url: item, contentType: null }];
      if (item && typeof item === "object" && typeof (item as { url?: unknown }).url === "string") {
        const ct = (item as { contentType?: unknown }).contentType;
        return [{ url: (item as { url: string }).url, contentType: typeof ct === "string" ? ct : null }];
      }
      return [];
    });
  } catch {
    return [];
  }
}

export const isImage = (media: { url: string; contentType: string | null }) =>
  media.contentType ? media.contentType.startsWith("image/") : /\.(png|jpe?g|gif|webp|heic)(\?|$)/i.test(media.url);
