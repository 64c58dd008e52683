// Quiet hours: when a message may reach the recipient, in the recipient's local time.
// Pure functions over Intl, so they are exact across midnight and DST changes.

/** Minutes after local midnight; sending is allowed from `start` (inclusive) to `end` (exclusive). */
export interface SendWindow {
  start: number;
  end: number;
}

/** 08:00–21:00: the federal TCPA window and most states'. */
export const DEFAULT_SEND_WINDOW: Readonly<SendWindow> = Object.freeze({ start: 8 * 60, end: 21 * 60 });
/** 08:00–20:00: states whose mini-TCPA laws end the day at 8 pm. */
export const EARLY_CUTOFF_SEND_WINDOW: Readonly<SendWindow> = Object.freeze({ start: 8 * 60, end: 20 * 60 });
export const EARLY_CUTOFF_STATES: readonly string[] = ["FL", "CT", "MD", "OK", "WA"];

/**
 * The window the law allows for this recipient. A US number whose state we can't tell
 * gets the stricter window: an hour less is cheaper than a violation.
 */
export function legalSendWindow(recipient: { country: string | null; state: string | null }): SendWindow {
  const { country, state } = recipient;
  if (state && (country === "US" || country === null) && EARLY_CUTOFF_STATES.includes(state)) {
    return { ...EARLY_CUTOFF_SEND_WINDOW };
  }
  if (country === "US" && !state) return { ...EARLY_CUTOFF_SEND_WINDOW };
  return { ...DEFAULT_SEND_WINDOW };
}

/**
 * The legal window narrowed by the shop's own window (the merchant can only narrow it).
 * A shop window that is malformed, wraps midnight or leaves nothing is ignored, so a
 * settings mistake can't hold messages forever; settings validation should reject it.
 */
export function allowedSendWindow(input: {
  country: string | null;
  state: string | null;
  shopWindow?: SendWindow | null;
}): SendWindow {
  const legal = legalSendWindow(input);
  const shop = input.shopWindow;
  if (!shop || !isWellFormedWindow(shop)) return legal;
  const narrowed = { start: Math.max(legal.start, shop.start), end: Math.min(legal.end, shop.end) };
  return narrowed.start < narrowed.end ? narrowed : legal;
}

export function isWellFormedWindow(window: SendWindow): boolean {
  return (
    Number.isInteger(window.start) &&
    Number.isInteger(window.end) &&
    window.start >= 0 &&
    window.end <= 24 * 60 &&
    window.start < window.end
  );
}

/** True when `now` falls inside the window in `timezone`. */
export function isWithinSendWindow(input: { now: Date; timezone: string; window: SendWindow }): boolean {
  const wall = wallClock(input.timezone, input.now.getTime());
  const secondOfDay = wall.hour * 3600 + wall.minute * 60 + wall.second;
  return secondOfDay >= input.window.start * 60 && secondOfDay < input.window.end * 60;
}

/**
 * `now` if it is inside the window, else the first instant of the next allowed minute:
 * today's start if we are before it, tomorrow's if after the end. A start that falls in
 * a DST gap resolves to the moment the clocks jump.
 */
export function nextAllowedSendAt(input: { now: Date; timezone: string; window: SendWindow }): Date {
  const { now, timezone, window } = input;
  if (!isWellFormedWindow(window)) throw new RangeError(`invalid send window ${JSON.stringify(window)}`);
  if (isWithinSendWindow(input)) return now;
  const wall = wallClock(timezone, now.getTime());
  const secondOfDay = wall.hour * 3600 + wall.minute * 60 + wall.second;
  const dayOffset = secondOfDay < window.start * 60 ? 0 : 1;
  const startWall = Date.UTC(wall.year, wall.month - 1, wall.day + dayOffset, 0, window.start);
  return new Date(firstInstantAtOrAfterWall(timezone, startWall));
}

/** "08:00": the wall-clock time of `date` in `timezone`, for messages shown to people. */
export function localTimeLabel(date: Date, timezone: string): string {
  const wall = wallClock(timezone, date.getTime());
  return `${String(wall.hour).padStart(2, "0")}:${String(wall.minute).padStart(2, "0")}`;
}

export function isValidTimeZone(timezone: string): boolean {
  try {
    formatter(timezone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of local time from UTC at `instantMs`, in ms (e.g. -4h for New York in summer). */
export function utcOffsetMs(timezone: string, instantMs: number): number {
  const wall = wallClock(timezone, instantMs);
  const wallMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallMs - Math.floor(instantMs / 1000) * 1000;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timezone, format);
  }
  return format;
}

function wallClock(timezone: string, instantMs: number): WallClock {
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timezone).formatToParts(instantMs)) {
    if (part.type in wall) wall[part.type as keyof WallClock] = Number(part.value);
  }
  return wall;
}

// Local wall time (encoded as if it were UTC ms) → the earliest instant showing that time,
// or, if it was skipped by a DST jump, the instant the clocks jumped past it.
function firstInstantAtOrAfterWall(timezone: string, wallMs: number): number {
  const wallAt = (instant: number) => instant + utcOffsetMs(timezone, instant);
  const dayMs = 24 * 3600 * 1000;
  // Offsets either side of the wall time; the earlier instant wins in a repeated hour.
  const candidates = [...new Set([utcOffsetMs(timezone, wallMs - dayMs), utcOffsetMs(timezone, wallMs + dayMs)])]
    .map((offset) => wallMs - offset)
    .sort((a, b) => a - b);
  const exact = candidates.find((instant) => wallAt(instant) === wallMs);
  if (exact !== undefined) return exact;
  // Skipped wall time: binary-search the jump to the minute between the two candidates.
  let low = candidates[0];
  let high = candidates[candidates.length - 1];
  while (high - low > 60_000) {
    const mid = low + Math.floor((high - low) / 120_000) * 60_000;
    if (wallAt(mid) >= wallMs) high = mid;
    else low = mid;
  }
  return high;
}
