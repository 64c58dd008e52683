import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptWebhook } from "~/lib/webhook-route.server";

export const action = ({ request }: ActionFunctionArgs) => acceptWebhook(request);
