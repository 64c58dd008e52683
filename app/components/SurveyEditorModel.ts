// The survey editor's state in the browser: the question list with stable keys, moves, type
// changes, and mapping the server's positional field errors back to the question they were
// about (the merchant may have reordered since saving).
import type { EditableQuestionType, SurveyDocument } from "~/domain/surveys/builder.server";

export type QuestionType = EditableQuestionType;

export type EditorQuestion = {
  key: string;
  type: QuestionType;
  prompt: string;
  helpText: string;
  required: boolean;
  options: string[];
};

export type EditorState = { title: string; intro: string; phonePrompt: string; questions: EditorQuestion[] };

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  single_choice: "Single choice",
  multi_choice: "Multiple choice",
  true_false: "Yes / no",
  short_text: "Short text",
};

export const isChoice = (type: string) => type === "single_choice" || type === "multi_choice";

let counter = 0;
export const newQuestionKey = () => `new-${++counter}`;

export function blankQuestion(key = newQuestionKey()): EditorQuestion {
  return { key, type: "single_choice", prompt: "", helpText: "", required: true, options: ["", ""] };
}

/** Moves the item at `index` one place up (-1) or down (+1); out-of-range moves change nothing. */
export function moveItem<T>(list: readonly T[], index: number, direction: -1 | 1): T[] {
  const target = index + direction;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const next = [...list];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

/** Switching between the two choice types keeps the options; other types don't use them. */
export function changeType(question: EditorQuestion, type: QuestionType): EditorQuestion {
  if (isChoice(type)) return { ...question, type, options: isChoice(question.type) && question.options.length ? question.options : ["", ""] };
  return { ...question, type, options: [] };
}

export function toDocument(state: EditorState): SurveyDocument {
  return {
    title: state.title,
    intro: state.intro,
    phonePrompt: state.phonePrompt,
    questions: state.questions.map(({ type, prompt, helpText, required, options }) => ({
      type,
      prompt,
      helpText,
      required,
      options: isChoice(type) ? options : [],
    })),
  };
}

/**
 * The server reports errors by position ("questions.2.prompt"). Given the question keys in the
 * order they were submitted, returns the errors for one question keyed by field ("prompt",
 * "options", "options.1").
 */
export function errorsForQuestion(errors: Record<string, string>, submittedKeys: readonly string[], key: string) {
  const index = submittedKeys.indexOf(key);
  if (index < 0) return {};
  const prefix = `questions.${index}.`;
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) if (field.startsWith(prefix)) out[field.slice(prefix.length)] = message;
  return out;
}
