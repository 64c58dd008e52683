import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptTwilio } from "~/lib/twilio-route.server";

export const action = ({ request }: ActionFunctionArgs) => acceptTwilio(request, "inbound");
