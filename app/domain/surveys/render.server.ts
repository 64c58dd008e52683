// The storefront pages as Liquid responses. Shopify renders them inside the theme's layout
// (theme.liquid), so they inherit the header, footer, fonts and colours; the small scoped
// stylesheet only lays the survey out, using the theme's CSS variables (Dawn's names) where
// they exist. Plain HTML forms do all the work; there is no JavaScript.
//
// Every value from a shopper or merchant goes through esc(), which also turns braces into
// entities: the only Liquid Shopify sees is the (absent) Liquid we write ourselves.
import { esc, safeUrl } from "./escape.server";
import type { IntroTiming, NoticeView, StepView, ThanksView } from "./runner.server";
import { HONEYPOT_FIELD } from "./runner.server";
import { MAX_TEXT_ANSWER } from "./validation.server";

export const STYLE = `<style>
.cx{--cx-fg:rgb(var(--color-foreground,18,18,18));--cx-muted:rgba(var(--color-foreground,18,18,18),.72);--cx-line:rgba(var(--color-foreground,18,18,18),.2);--cx-btn:rgb(var(--color-button,18,18,18));--cx-btn-fg:rgb(var(--color-button-text,255,255,255));--cx-error:#b3261e;color:var(--cx-fg);font:inherit;padding:2rem 1.25rem 3rem;}
.cx *,.cx *::before,.cx *::after{box-sizing:border-box;}
.cx__wrap{max-width:38rem;margin:0 auto;}
.cx__eyebrow{margin:0 0 .25rem;color:var(--cx-muted);font-size:.875em;letter-spacing:.04em;text-transform:uppercase;}
.cx__count{margin:0 0 .5rem;color:var(--cx-muted);font-size:.9375em;}
.cx__bar{height:.375rem;border-radius:1rem;background:var(--cx-line);overflow:hidden;margin:0 0 2rem;}
.cx__bar>span{display:block;height:100%;background:var(--cx-btn);}
.cx h1,.cx h2{color:inherit;margin:0 0 .75rem;overflow-wrap:anywhere;}
.cx__prompt{font-size:clamp(1.375rem,4vw,1.75rem);line-height:1.25;}
.cx__prompt:focus{outline:none;}
.cx fieldset{border:0;margin:0;padding:0;min-width:0;}
.cx legend{padding:0;width:100%;}
.cx__help,.cx__hint{margin:0 0 1rem;color:var(--cx-muted);}
.cx__options{display:grid;gap:.625rem;margin:0 0 1rem;}
.cx__option{display:flex;align-items:center;gap:.75rem;min-height:3rem;padding:.75rem 1rem;border:1px solid var(--cx-line);border-radius:var(--inputs-radius,.375rem);cursor:pointer;}
.cx__option:has(input:checked){border-color:var(--cx-fg);box-shadow:0 0 0 1px var(--cx-fg);}
.cx__option input{width:1.25rem;height:1.25rem;margin:0;flex:none;accent-color:var(--cx-btn);}
.cx__label{display:block;font-weight:600;margin:0 0 .25rem;}
.cx input[type=tel],.cx textarea{width:100%;min-height:3rem;padding:.75rem;font:inherit;color:inherit;background:transparent;border:1px solid var(--cx-line);border-radius:var(--inputs-radius,.375rem);}
.cx [aria-invalid=true]{border-color:var(--cx-error);}
.cx input:focus-visible,.cx textarea:focus-visible,.cx button:focus-visible,.cx a:focus-visible,.cx__option:has(input:focus-visible){outline:2px solid var(--cx-fg);outline-offset:2px;}
.cx__error{color:var(--cx-error);font-weight:600;margin:.5rem 0 1rem;}
.cx__error:empty{display:none;}
.cx__summary{border:2px solid var(--cx-error);border-radius:.375rem;padding:1rem 1.25rem;margin:0 0 1.5rem;}
.cx__summary h2{font-size:1.125em;}
.cx__summary ul{margin:0;padding-left:1.25rem;}
.cx__summary a{color:var(--cx-error);}
.cx__check{display:flex;gap:.75rem;align-items:flex-start;margin:1.5rem 0 0;}
.cx__check input{width:1.5rem;height:1.5rem;margin:.125rem 0 0;flex:none;accent-color:var(--cx-btn);}
.cx__check label{font-size:.875em;line-height:1.5;}
.cx__policies{font-size:.875em;margin:.75rem 0 0;}
.cx__actions{display:flex;flex-wrap:wrap;gap:.75rem;justify-content:space-between;align-items:center;margin:2rem 0 0;}
.cx__next,.cx__cta{display:inline-flex;align-items:center;justify-content:center;min-height:3rem;padding:.75rem 2rem;border:0;border-radius:var(--buttons-radius,.375rem);background:var(--cx-btn);color:var(--cx-btn-fg);font:inherit;font-weight:600;text-decoration:none;cursor:pointer;}
.cx__back{display:inline-flex;align-items:center;min-height:3rem;padding:.75rem 0;color:inherit;}
.cx__hp{position:absolute!important;left:-10000px;width:1px;height:1px;overflow:hidden;}
.cx__expert{display:flex;gap:1rem;align-items:center;margin:1.5rem 0;}
.cx__expert img{width:5rem;height:5rem;border-radius:50%;object-fit:cover;flex:none;background:var(--cx-line);}
.cx__expert p{margin:0;}
.cx__answers{margin:1rem 0 2rem;}
.cx__answers dt{color:var(--cx-muted);font-size:.875em;}
.cx__answers dd{margin:0 0 .75rem;overflow-wrap:anywhere;}
.cx__experts{display:grid;gap:1.5rem;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));list-style:none;padding:0;margin:1rem 0 2rem;}
.cx__steps{padding-left:1.25rem;margin:1rem 0 2rem;}
.cx__steps li{margin:0 0 .5rem;}
.cx__offer{border:1px solid var(--cx-line);border-radius:.375rem;padding:1rem 1.25rem;margin:0 0 2rem;}
.cx__tags{color:var(--cx-muted);font-size:.875em;}
@media (max-width:749px){.cx__next,.cx__cta{width:100%;}.cx__actions{flex-direction:column-reverse;align-items:stretch;}.cx__back{justify-content:center;}}
@media (forced-colors:active){.cx__bar>span{background:Highlight;}.cx__next,.cx__cta{border:1px solid ButtonText;}}
</style>`;

/** Storefront URLs under the proxy's path prefix. A trailing slash keeps Shopify's proxy from redirecting the POST. */
export function surveyUrl(prefix: string, params: Record<string, string | number | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
  const qs = query.toString();
  return `${prefix}/survey/${qs ? `?${qs}` : ""}`;
}

const page = (body: string) => `${STYLE}\n<section class="cx">\n<div class="cx__wrap">\n${body}\n</div>\n</section>\n`;

function fieldIds(name: string) {
  return { input: `cx-${name}`, error: `cx-${name}-error`, hint: `cx-${name}-hint` };
}

const describedBy = (...ids: Array<string | false | null | undefined>) => ids.filter(Boolean).join(" ");

function errorText(id: string, message: string | undefined) {
  return `<p class="cx__error" id="${id}">${message ? esc(message) : ""}</p>`;
}

/** The consent wording with its "Terms" and "Privacy Policy" mentions linked to the shop's policies. */
export function consentHtml(text: string): { html: string; linkedTerms: boolean; linkedPrivacy: boolean } {
  let html = esc(text);
  let linkedTerms = false;
  let linkedPrivacy = false;
  html = html.replace(/\bTerms(?: of (?:Service|Use))?\b/i, (m) => {
    linkedTerms = true;
    return `<a href="/policies/terms-of-service">${m}</a>`;
  });
  html = html.replace(/\bPrivacy(?: Policy)?\b/i, (m) => {
    linkedPrivacy = true;
    return `<a href="/policies/privacy-policy">${m}</a>`;
  });
  return { html, linkedTerms, linkedPrivacy };
}

function trackingFields(view: StepView): string {
  const t = view.tracking;
  if (!t) return "";
  const fields: Array<[string, string | null]> = [
    ["placement", t.placement],
    ["source", t.source === "direct" ? null : t.source],
    ["utm_source", t.utmSource],
    ["utm_medium", t.utmMedium],
    ["utm_campaign", t.utmCampaign],
    ["utm_content", t.utmContent],
    ["utm_term", t.utmTerm],
  ];
  return fields
    .filter(([, v]) => v)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v)}">`)
    .join("\n");
}

const FIELD_LABELS: Record<string, string> = { answer: "answer", phone: "phone", consent: "consent" };

function errorSummary(view: StepView): string {
  const entries = Object.entries(view.errors).filter(([, m]) => m);
  if (!entries.length) return "";
  const items = entries
    .map(([field, message]) => {
      const target = field === "answer" ? (view.step.kind === "question" && view.step.type !== "short_text" ? "cx-opt-0" : "cx-answer") : field in FIELD_LABELS ? `cx-${field}` : null;
      return `<li>${target ? `<a href="#${target}">${esc(message)}</a>` : esc(message)}</li>`;
    })
    .join("");
  return `<div class="cx__summary" role="alert" tabindex="-1" autofocus aria-labelledby="cx-summary-title"><h2 id="cx-summary-title">Please check your answer</h2><ul>${items}</ul></div>`;
}

function questionFields(view: StepView): string {
  const step = view.step;
  if (step.kind !== "question") return "";
  const ids = fieldIds("answer");
  const error = view.errors.answer;
  const hasError = Boolean(error);
  const help = step.helpText ? `<p class="cx__help" id="${ids.hint}">${esc(step.helpText)}</p>` : "";
  const optional = step.required ? "" : ` <span class="cx__optional">(optional)</span>`;
  const focus = view.index > 0 && !Object.keys(view.errors).length ? " autofocus" : "";
  const invalid = hasError ? ` aria-invalid="true"` : "";
  const described = describedBy(step.helpText && ids.hint, ids.error);

  if (step.type === "short_text") {
    return `<div class="cx__field">
<h1 class="cx__prompt" id="cx-title" tabindex="-1"${focus}><label for="${ids.input}">${esc(step.prompt)}${optional}</label></h1>
${help}
<textarea id="${ids.input}" name="answer" rows="4" maxlength="${MAX_TEXT_ANSWER}" aria-describedby="${described} cx-answer-limit"${invalid}${step.required ? ` aria-required="true"` : ""}>${esc(view.values.text)}</textarea>
<p class="cx__hint" id="cx-answer-limit">Up to ${MAX_TEXT_ANSWER} characters.</p>
${errorText(ids.error, error)}
</div>`;
  }
  const multiple = step.type === "multi_choice";
  const options = step.options
    .map((o, i) => {
      const checked = view.values.selected.includes(o.value) ? " checked" : "";
      return `<label class="cx__option"><input type="${multiple ? "checkbox" : "radio"}" id="cx-opt-${i}" name="answer" value="${esc(o.value)}"${checked}${invalid}><span>${esc(o.label)}</span></label>`;
    })
    .join("\n");
  return `<fieldset class="cx__field" aria-describedby="${described}"${step.required && !multiple ? ` aria-required="true"` : ""}>
<legend><h1 class="cx__prompt" id="cx-title" tabindex="-1"${focus}>${esc(step.prompt)}${optional}</h1></legend>
${help}
<div class="cx__options">
${options}
</div>
${errorText(ids.error, error)}
</fieldset>`;
}

function phoneFields(view: StepView): string {
  const step = view.step;
  const consent = view.consent!;
  const phone = fieldIds("phone");
  const box = fieldIds("consent");
  const focus = view.index > 0 && !Object.keys(view.errors).length ? " autofocus" : "";
  const wording = consentHtml(consent.text);
  const policies =
    wording.linkedTerms && wording.linkedPrivacy
      ? ""
      : `<p class="cx__policies"><a href="/policies/terms-of-service">Terms of Service</a> · <a href="/policies/privacy-policy">Privacy Policy</a></p>`;
  return `<h1 class="cx__prompt" id="cx-title" tabindex="-1"${focus}>${esc(step.prompt)}</h1>
<p class="cx__help">One of our experts texts you personal recommendations. No app, no account.</p>
<div class="cx__field">
<label class="cx__label" for="${phone.input}">Mobile number</label>
<p class="cx__hint" id="${phone.hint}">US numbers like (555) 555-0123. Outside the US, start with + and your country code.</p>
<input id="${phone.input}" name="phone" type="tel" inputmode="tel" autocomplete="tel" maxlength="40" aria-required="true" value="${esc(view.values.phone)}" aria-describedby="${phone.hint} ${phone.error}"${view.errors.phone ? ` aria-invalid="true"` : ""}>
${errorText(phone.error, view.errors.phone)}
</div>
<div class="cx__field">
<input type="hidden" name="consent_version" value="${consent.version}">
<div class="cx__check">
<input id="${box.input}" type="checkbox" name="consent" value="yes" aria-required="true" aria-describedby="${box.error}"${view.errors.consent ? ` aria-invalid="true"` : ""}>
<label for="${box.input}">${wording.html}</label>
</div>
${errorText(box.error, view.errors.consent)}
${policies}
</div>`;
}

export function renderStep(view: StepView, prefix: string): string {
  const number = view.index + 1;
  const isLast = number === view.total;
  const action = surveyUrl(prefix, { r: view.token });
  const back = view.index > 0 && view.token ? `<a class="cx__back" href="${esc(surveyUrl(prefix, { r: view.token, step: view.index }))}">Back</a>` : "<span></span>";
  const intro = view.index === 0 && view.surveyIntro ? `<p class="cx__help">${esc(view.surveyIntro)}</p>` : "";
  return page(`<p class="cx__eyebrow">${esc(view.surveyTitle)}</p>
${intro}
<p class="cx__count" id="cx-progress-label">${number} of ${view.total}</p>
<div class="cx__bar" role="progressbar" aria-labelledby="cx-progress-label" aria-valuemin="1" aria-valuemax="${view.total}" aria-valuenow="${number}" aria-valuetext="Step ${number} of ${view.total}"><span style="width:${Math.round((number / view.total) * 100)}%"></span></div>
${errorSummary(view)}
<form class="cx__form" method="post" action="${esc(action)}" novalidate>
<input type="hidden" name="question" value="${esc(view.step.id)}">
${trackingFields(view)}
<div class="cx__hp" aria-hidden="true"><label for="cx-hp">Leave this field empty</label><input id="cx-hp" type="text" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off" value=""></div>
${view.step.kind === "phone" ? phoneFields(view) : questionFields(view)}
<div class="cx__actions">
${back}
<button type="submit" class="cx__next">${isLast ? "Text me my expert" : "Next"}</button>
</div>
</form>`);
}

export function timingText(timing: IntroTiming): string {
  switch (timing.kind) {
    case "soon":
      return "in the next few minutes";
    case "held":
      return timing.day === "today"
        ? `after ${timing.time} today, your time (we don't text late at night or early in the morning)`
        : timing.day === "tomorrow"
          ? `tomorrow after ${timing.time}, your time (we don't text late at night or early in the morning)`
          : `after ${timing.time}, your time, when texting hours start`;
    case "blocked":
      return "";
    case "unknown":
      return "shortly";
  }
}

export function renderThanks(view: ThanksView): string {
  const when = timingText(view.timing);
  const to = view.phoneMasked ? ` at ${esc(view.phoneMasked)}` : "";
  let heading: string;
  let body: string;
  if (view.timing.kind === "blocked") {
    heading = "Thanks! We couldn't text that number";
    body = `<p>Please check the number and take the survey again, or contact the store.</p>`;
  } else if (view.expert) {
    heading = `Thanks! ${esc(view.expert.name)} will text you ${esc(when)}`;
    const photo = view.expert.photoUrl ? `<img src="${safeUrl(view.expert.photoUrl)}" alt="" width="80" height="80" loading="lazy">` : "";
    body = `<div class="cx__expert">${photo}<div><p><strong>${esc(view.expert.name)}</strong>, your expert</p>${view.expert.bio ? `<p>${esc(view.expert.bio)}</p>` : ""}</div></div>
<p>Your expert will text you${to} ${esc(when)} with a personal hello and picks for you. Msg &amp; data rates may apply. Reply HELP for help, STOP to cancel.</p>`;
  } else if (view.phoneMasked) {
    heading = "Thanks! An expert will text you soon";
    body = `<p>Our experts are all helping other shoppers right now. We've saved your answers, and the first expert who's free will text you${to}, usually within one business day. Msg &amp; data rates may apply. Reply HELP for help, STOP to cancel.</p>`;
  } else {
    heading = "Thanks! We've got your answers";
    body = `<p>We'll be in touch soon.</p>`;
  }
  const answers = view.answers.length
    ? `<h2>What you told us</h2><dl class="cx__answers">${view.answers.map((a) => `<dt>${esc(a.question)}</dt><dd>${esc(a.answer)}</dd>`).join("")}</dl>`
    : "";
  return page(`<h1 class="cx__prompt" id="cx-title" tabindex="-1" autofocus>${heading}</h1>
${body}
${answers}
<p><a class="cx__cta" href="/">Keep shopping</a></p>`);
}

export function renderNotice(view: NoticeView, prefix: string): string {
  const restart = view.restart ? `<p><a class="cx__cta" href="${esc(surveyUrl(prefix))}">Start the survey</a></p>` : `<p><a href="/">Back to the store</a></p>`;
  return page(`<h1 class="cx__prompt" id="cx-title" tabindex="-1" autofocus>${esc(view.title)}</h1>
<p role="${view.status >= 400 ? "alert" : "status"}">${esc(view.message)}</p>
${restart}`);
}

export function renderTooManyRequests(waitLabel: string): string {
  return page(`<h1 class="cx__prompt" id="cx-title" tabindex="-1" autofocus>Too many tries, please wait a moment</h1>
<p role="alert">To protect shoppers from spam, we limit how often the survey can be sent from one network. Please wait ${esc(waitLabel)} and try again. Your answers so far are saved.</p>`);
}
