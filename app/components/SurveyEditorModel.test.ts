import { describe, expect, it } from "vitest";
import { blankQuestion, changeType, errorsForQuestion, moveItem, toDocument } from "./SurveyEditorModel";

describe("survey editor model", () => {
  it("moves a question up and down, and ignores moves past either end", () => {
    const list = ["a", "b", "c"];
    expect(moveItem(list, 1, -1)).toEqual(["b", "a", "c"]);
    expect(moveItem(list, 1, 1)).toEqual(["a", "c", "b"]);
    expect(moveItem(list, 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveItem(list, 2, 1)).toEqual(["a", "b", "c"]);
    expect(list).toEqual(["a", "b", "c"]);
  });

  it("keeps options between choice types and drops them for the others", () => {
    const q = { ...blankQuestion("k"), options: ["Dry", "Oily"] };
    expect(changeType(q, "multi_choice").options).toEqual(["Dry", "Oily"]);
    expect(changeType(q, "short_text").options).toEqual([]);
    expect(changeType(changeType(q, "true_false"), "single_choice").options).toEqual(["", ""]);
  });

  it("sends no editor keys and no options for non-choice questions", () => {
    const doc = toDocument({
      title: "T",
      intro: "",
      phonePrompt: "Phone?",
      questions: [{ key: "x", type: "short_text", prompt: "P", helpText: "", required: false, options: ["stale"] }],
    });
    expect(doc.questions).toEqual([{ type: "short_text", prompt: "P", helpText: "", required: false, options: [] }]);
  });

  it("maps positional server errors to the question that was at that position when saved", () => {
    const errors = { "questions.1.prompt": "Write the question", "questions.1.options.0": "Options can't be empty", title: "Give the survey a title" };
    expect(errorsForQuestion(errors, ["a", "b"], "b")).toEqual({ prompt: "Write the question", "options.0": "Options can't be empty" });
    expect(errorsForQuestion(errors, ["a", "b"], "a")).toEqual({});
    expect(errorsForQuestion(errors, ["a", "b"], "new")).toEqual({});
  });
});
