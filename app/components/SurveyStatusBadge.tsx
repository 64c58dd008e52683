// A survey version's status: live, draft or archived.
import { Badge } from "@shopify/polaris";

export function SurveyStatusBadge({ status }: { status: string }) {
  if (status === "published") return <Badge tone="success">Live</Badge>;
  if (status === "draft") return <Badge tone="info">Draft</Badge>;
  return <Badge>Archived</Badge>;
}
