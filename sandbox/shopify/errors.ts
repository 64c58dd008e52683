// graphql-js errors rewritten in the shape and wording of Shopify's (graphql-ruby) errors,
// so the app meets the same messages and `extensions.code`s it would in production.
import { Kind, visit, type ASTNode, type DocumentNode, type GraphQLError, type SourceLocation } from "graphql";

export interface ShopifyGraphQLError {
  message: string;
  locations?: SourceLocation[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

const TOKEN_NAMES: Record<string, string> = {
  "{": "LCURLY", "}": "RCURLY", "(": "LPAREN", ")": "RPAREN", "[": "LBRACKET", "]": "RBRACKET",
  ":": "COLON", "=": "EQUALS", "$": "VAR_SIGN", "@": "DIR_SIGN", "!": "BANG", "...": "ELLIPSIS", "|": "PIPE", "&": "AMP",
};

/** graphql-ruby's path for a validation error: ["query Name", "field", "subfield", …]. */
function astPath(document: DocumentNode | undefined, target: ASTNode | undefined): string[] | undefined {
  if (!document || !target) return undefined;
  let found: string[] | undefined;
  visit(document, {
    enter(node, _key, _parent, _path, ancestors) {
      if (found) return false;
      if (node !== target) return undefined;
      found = [];
      for (const ancestor of [...(ancestors as readonly (ASTNode | readonly ASTNode[])[]), node]) {
        if (Array.isArray(ancestor)) continue;
        const a = ancestor as ASTNode;
        if (a.kind === Kind.OPERATION_DEFINITION) found.push(a.name ? `${a.operation} ${a.name.value}` : a.operation);
        else if (a.kind === Kind.FRAGMENT_DEFINITION) found.push(`fragment ${a.name.value}`);
        else if (a.kind === Kind.INLINE_FRAGMENT) found.push(`... on ${a.typeCondition?.name.value ?? ""}`.trim());
        else if (a.kind === Kind.FIELD) found.push(a.alias?.value ?? a.name.value);
      }
      return false;
    },
  });
  return found;
}

/** Rewrites a parse/validation/variable error; other errors keep their message and extensions. */
export function toShopifyError(error: GraphQLError, document?: DocumentNode): ShopifyGraphQLError {
  const locations = error.locations ? [...error.locations] : undefined;
  const node = error.nodes?.[0];
  const path = astPath(document, node);
  const m = (pattern: RegExp) => pattern.exec(error.message);
  let match: RegExpExecArray | null;

  if ((match = m(/^Syntax Error: (?:Expected .*?, found|Unexpected|Cannot parse the unexpected character)\s*(.*?)\.?$/))) {
    const raw = match[1];
    if (!raw || raw === "<EOF>") return { message: "Unexpected end of document", locations: [] };
    const text = raw.replace(/^(Name|Int|Float|String) /, "").replace(/^"(.*)"$/, "$1");
    const kind = /^Name /.test(raw) ? "IDENTIFIER" : /^(Int|Float|String) /.test(raw) ? raw.split(" ")[0].toUpperCase() : (TOKEN_NAMES[text] ?? "UNKNOWN_CHAR");
    const at = locations?.[0];
    return { message: `Parse error on "${text}" (${kind}) at [${at?.line}, ${at?.column}]`, locations };
  }
  if (error.message.startsWith("Syntax Error: ")) return { message: `Parse error: ${error.message.slice(14)}`, locations };
  if ((match = m(/^Cannot query field "(\w+)" on type "(\w+)"/))) {
    return { message: `Field '${match[1]}' doesn't exist on type '${match[2]}'`, locations, path, extensions: { code: "undefinedField", typeName: match[2], fieldName: match[1] } };
  }
  if ((match = m(/^Unknown argument "(\w+)" on field "\w+\.(\w+)"/))) {
    return { message: `Field '${match[2]}' doesn't accept argument '${match[1]}'`, locations, path, extensions: { code: "argumentNotAccepted", name: match[2], typeName: "Field", argumentName: match[1] } };
  }
  if ((match = m(/^Field "(\w+)" argument "(\w+)" of type "(.+)" is required, but it was not provided/))) {
    return { message: `Field '${match[1]}' is missing required arguments: ${match[2]}`, locations, path, extensions: { code: "missingRequiredArguments", className: "Field", name: match[1], arguments: match[2] } };
  }
  if ((match = m(/^Field "(\w+)" of type "(.+?)" must have a selection of subfields/))) {
    const typeName = match[2].replace(/[[\]!]/g, "");
    return {
      message: `Field must have selections (field '${match[1]}' returns ${typeName} but has no selections. Did you mean '${match[1]} { ... }'?)`,
      locations, path, extensions: { code: "selectionMismatch", nodeName: `field '${match[1]}'`, typeName },
    };
  }
  if ((match = m(/^Field "(\w+)" must not have a selection since type "(.+?)" has no subfields/))) {
    const typeName = match[2].replace(/[[\]!]/g, "");
    const selected = node?.kind === Kind.FIELD ? (node.selectionSet?.selections ?? []).map((s) => (s.kind === Kind.FIELD ? s.name.value : "...")) : [];
    return {
      message: `Selections can't be made on scalars (field '${match[1]}' returns ${typeName} but has selections [${selected.map((s) => `"${s}"`).join(", ")}])`,
      locations, path, extensions: { code: "selectionMismatch", nodeName: `field '${match[1]}'`, typeName },
    };
  }
  if ((match = m(/^Unknown type "(\w+)"/))) {
    const inFragment = path?.some((p) => p.startsWith("fragment") || p.startsWith("..."));
    return inFragment
      ? { message: `No such type ${match[1]}, so it can't be a fragment condition`, locations, path, extensions: { code: "undefinedType", typeName: match[1] } }
      : { message: `${match[1]} isn't a defined input type`, locations, path, extensions: { code: "variableRequiresValidType", typeName: match[1] } };
  }
  if ((match = m(/^Variable "\$(\w+)" is never used(?: in operation "(\w+)")?/))) {
    return { message: `Variable $${match[1]} is declared by ${match[2] ?? "anonymous query"} but not used`, locations, path, extensions: { code: "variableNotUsed", variableName: match[1] } };
  }
  if ((match = m(/^Variable "\$(\w+)" is not defined(?: by operation "(\w+)")?/))) {
    return { message: `Variable $${match[1]} is used by ${match[2] ?? "anonymous query"} but not declared`, locations, path, extensions: { code: "variableNotDefined", variableName: match[1] } };
  }
  if ((match = m(/^Variable "\$(\w+)" (?:of required type "(.+?)" was not provided|of non-null type "(.+?)" must not be null|got invalid value (.*?); (.*))\.?$/s))) {
    const explanation = match[2] || match[3] ? "Expected value to not be null" : (match[5] ?? error.message);
    return {
      message: `Variable $${match[1]} of type ${match[2] ?? match[3] ?? "value"} was provided invalid value`,
      locations,
      extensions: { code: "INVALID_VARIABLE", value: match[4] ? safeJson(match[4]) : null, problems: [{ path: [], explanation }] },
    };
  }
  const literal = m(/^(\w+) cannot represent .*?: (.+?)\.?$/) ?? m(/^Value (.+?) does not exist in "(\w+)" enum/);
  const argument = literal ? argumentAround(document, node) : undefined;
  if (literal && argument) {
    const [type, value] = literal[0].startsWith("Value ") ? [literal[2], literal[1]] : [literal[1], literal[2]];
    return {
      message: `Argument '${argument.name}' on Field '${argument.field}' has an invalid value (${value}). Expected type '${type}'.`,
      locations, path, extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: argument.name },
    };
  }
  if (error.extensions && Object.keys(error.extensions).length > 0) {
    return { message: error.message, locations, path: error.path ? [...error.path] : path, extensions: { ...error.extensions } };
  }
  return { message: error.message, locations, path: error.path ? [...error.path] : path, extensions: { code: error.path ? "INTERNAL_SERVER_ERROR" : "validationError" } };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The argument (and its field) that contains a literal value node. */
function argumentAround(document: DocumentNode | undefined, valueNode: ASTNode | undefined): { name: string; field: string } | undefined {
  if (!document || !valueNode) return undefined;
  let result: { name: string; field: string } | undefined;
  visit(document, {
    Field(field) {
      for (const argument of field.arguments ?? []) {
        let contains = argument.value === valueNode;
        if (!contains) visit(argument.value, { enter(n) { if (n === valueNode) contains = true; } });
        if (contains) result = { name: argument.name.value, field: field.name.value };
      }
    },
  });
  return result;
}
