// How many SMS segments a body costs, and which characters force UCS-2 (70 chars per
// segment instead of 160) so the composer can point them out.
import { SegmentedMessage } from "sms-segments-calculator";

export interface SegmentInfo {
  segments: number;
  encoding: "GSM-7" | "UCS-2";
  /** GSM-7: septets (€, {, ^ … count 2). UCS-2: visible characters (an emoji uses 2 of a segment's 70 units). */
  characters: number;
  /** Distinct characters that aren't GSM-7, in order of first use (empty for GSM-7 bodies). */
  unicodeCharacters: string[];
}

/**
 * Segment count and encoding as Twilio computes them. `smartEncoding` mirrors the
 * Messaging Service option that swaps look-alikes (’ “ …) for GSM-7 characters.
 */
export function segmentInfo(body: string, options: { smartEncoding?: boolean } = {}): SegmentInfo {
  const message = new SegmentedMessage(body, "auto", options.smartEncoding ?? false);
  return {
    segments: message.segmentsCount,
    encoding: message.encodingName,
    characters: message.numberOfCharacters,
    unicodeCharacters: [...new Set(message.getNonGsmCharacters())],
  };
}
