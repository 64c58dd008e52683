// Live SMS cost of the draft: segments, GSM-7 or UCS-2, and the characters forcing UCS-2
// (which cuts a segment from 160 to 70 characters). Same library the outbox uses.
import { useMemo } from "react";
import { SegmentedMessage } from "sms-segments-calculator";
import { BlockStack, InlineStack, Text, Badge } from "@shopify/polaris";

export function segmentSummary(body: string) {
  if (!body) return null;
  const message = new SegmentedMessage(body, "auto", false);
  const unicode = [...new Set(message.getNonGsmCharacters())];
  const ucs2 = message.encodingName === "UCS-2";
  const segments = message.segmentsCount;
  return {
    segments,
    encoding: message.encodingName,
    characters: message.numberOfCharacters,
    // One segment holds 160 (GSM-7) or 70 (UCS-2); split messages lose room to the header.
    perSegment: segments > 1 ? (ucs2 ? 67 : 153) : ucs2 ? 70 : 160,
    unicode,
  };
}

/** Invisible or look-alike characters are shown by code point so the expert can find them. */
const visible = (ch: string) => (ch.trim() === "" ? `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` : ch);

export function SegmentCounter({ body }: { body: string }) {
  const info = useMemo(() => segmentSummary(body), [body]);
  if (!info) {
    return (
      <Text as="p" tone="subdued" variant="bodySm">
        0 characters · 160 fit in one SMS
      </Text>
    );
  }
  return (
    <BlockStack gap="100">
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" variant="bodySm" tone={info.segments > 3 ? "caution" : "subdued"}>
          {`${info.characters} characters · ${info.segments} ${info.segments === 1 ? "segment" : "segments"} (up to ${info.perSegment} each)`}
        </Text>
        <Badge tone={info.encoding === "UCS-2" ? "warning" : undefined}>{info.encoding}</Badge>
      </InlineStack>
      {info.encoding === "UCS-2" && info.unicode.length > 0 && (
        <Text as="p" variant="bodySm" tone="caution">
          {`UCS-2 because of: ${info.unicode.map(visible).join("  ")}. Replace them to fit 160 characters per segment.`}
        </Text>
      )}
    </BlockStack>
  );
}
