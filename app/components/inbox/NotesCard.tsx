// Internal notes on a conversation: only the team sees them, never the shopper.
import { useEffect, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, Divider, InlineStack, Text, TextField } from "@shopify/polaris";
import { timeAgo } from "~/components/format";

type NoteResult = { ok: boolean; intent: string; errors?: Record<string, string> };

export function NotesCard(props: { notes: Array<{ id: string; authorName: string; body: string; createdAt: string }>; now: string; timeZone: string }) {
  const fetcher = useFetcher<NoteResult>();
  const [note, setNote] = useState("");
  const handled = useRef<NoteResult | undefined>(undefined);
  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== "idle" || !result || handled.current === result) return;
    handled.current = result;
    if (result.ok) setNote("");
  }, [fetcher.state, fetcher.data]);
  const error = fetcher.state === "idle" ? fetcher.data?.errors?.note : undefined;

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          Internal notes
        </Text>
        {props.notes.length === 0 ? (
          <Text as="p" tone="subdued" variant="bodySm">
            Notes are for your team; the shopper never sees them.
          </Text>
        ) : (
          <BlockStack gap="200">
            {props.notes.map((n, i) => (
              <BlockStack gap="100" key={n.id}>
                {i > 0 && <Divider />}
                <Text as="p" breakWord>
                  <span style={{ whiteSpace: "pre-wrap" }}>{n.body}</span>
                </Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  {`${n.authorName} · ${timeAgo(n.createdAt, props.now, props.timeZone)}`}
                </Text>
              </BlockStack>
            ))}
          </BlockStack>
        )}
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="note" />
          <BlockStack gap="200">
            <TextField label="Add a note" labelHidden name="note" placeholder="Add a note for your team" multiline={2} autoComplete="off" value={note} onChange={setNote} error={error} maxLength={2000} />
            <InlineStack align="end">
              <Button submit loading={fetcher.state !== "idle"} disabled={note.trim() === ""}>
                Add note
              </Button>
            </InlineStack>
          </BlockStack>
        </fetcher.Form>
      </BlockStack>
    </Card>
  );
}
