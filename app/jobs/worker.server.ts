// Entry point of `npm run worker`.
import { runUntilSignalled } from "./workers.server";

await runUntilSignalled();
