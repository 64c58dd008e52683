// Shopify's calculated query cost and its leaky bucket.
// Documented rules: scalars and enums cost 0, objects (incl. interfaces/unions) 1,
// a connection 2 plus first/last × the cost of one node, each mutation field 10.
// The actual cost replaces first/last with the number of nodes returned.
import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

const MUTATION_COST = 10;
const CONNECTION_COST = 2;
const OBJECT_COST = 1;

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function findOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

/**
 * Requested cost when `data` is undefined; actual cost when given the execution result's data.
 * `variables` must be the coerced variable values.
 */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, data?: unknown): number {
  const walk: Walk = {
    schema,
    variables,
    fragments: Object.fromEntries(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
    ),
  };
  if (operation.operation === "mutation") {
    return collectFields(walk, schema.getMutationType()!, operation.selectionSet).size * MUTATION_COST;
  }
  const root = operation.operation === "query" ? schema.getQueryType()! : schema.getSubscriptionType()!;
  return selectionCost(walk, root, operation.selectionSet, data, data !== undefined);
}

function includes(walk: Walk, node: FieldNode | { directives?: FieldNode["directives"] }): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node as FieldNode, walk.variables);
  const include = getDirectiveValues(GraphQLIncludeDirective, node as FieldNode, walk.variables);
  return skip?.if !== true && include?.if !== false;
}

/** Fields selected on a concrete type, merged by response key (like graphql's collectFields). */
function collectFields(walk: Walk, type: GraphQLObjectType, selectionSet: SelectionSetNode, out = new Map<string, FieldNode[]>(), seen = new Set<string>()) {
  for (const selection of selectionSet.selections) {
    if (!includes(walk, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      out.set(key, [...(out.get(key) ?? []), selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (appliesTo(walk, selection.typeCondition?.name.value, type)) collectFields(walk, type, selection.selectionSet, out, seen);
    } else {
      const fragment = walk.fragments[selection.name.value];
      if (!fragment || seen.has(fragment.name.value)) continue;
      seen.add(fragment.name.value);
      if (appliesTo(walk, fragment.typeCondition.name.value, type)) collectFields(walk, type, fragment.selectionSet, out, seen);
    }
  }
  return out;
}

function appliesTo(walk: Walk, condition: string | undefined, type: GraphQLObjectType): boolean {
  if (!condition || condition === type.name) return true;
  const conditionType = walk.schema.getType(condition);
  return !!conditionType && isAbstractType(conditionType) && walk.schema.isSubType(conditionType, type);
}

const isConnection = (type: unknown): type is GraphQLObjectType =>
  isObjectType(type) && type.name.endsWith("Connection") && "pageInfo" in type.getFields();

/** Cost of a selection on a (possibly abstract) type: the most expensive possible object type. */
function selectionCost(walk: Walk, type: unknown, selectionSet: SelectionSetNode, data: unknown, actual: boolean): number {
  const candidates = isAbstractType(type) ? walk.schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
  let max = 0;
  for (const candidate of candidates) {
    let sum = 0;
    for (const [key, nodes] of collectFields(walk, candidate, selectionSet)) {
      const field = candidate.getFields()[nodes[0].name.value];
      if (!field) continue;
      const value = actual && data && typeof data === "object" ? (data as Record<string, unknown>)[key] : undefined;
      if (actual && value === undefined) continue; // not selected for this runtime type
      sum += fieldCost(walk, field.type, nodes, field.args.length ? getArgumentValues(field, nodes[0], walk.variables) : {}, value, actual);
    }
    max = Math.max(max, sum);
  }
  return max;
}

function mergedSelections(nodes: FieldNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections: nodes.flatMap((n) => n.selectionSet?.selections ?? []) };
}

function fieldCost(walk: Walk, type: Parameters<typeof getNamedType>[0], nodes: FieldNode[], args: Record<string, unknown>, value: unknown, actual: boolean): number {
  const named = getNamedType(type);
  if (!isCompositeType(named)) return 0;
  const selections = mergedSelections(nodes);

  if (isConnection(named)) return connectionCost(walk, named, selections, Number(args.first ?? args.last ?? 0), value, actual);

  const unwrapped = isNonNullType(type) ? type.ofType : type;
  if (isListType(unwrapped)) {
    if (actual) return Array.isArray(value) ? value.reduce<number>((sum, item) => sum + (item == null ? 0 : OBJECT_COST + selectionCost(walk, named, selections, item, true)), 0) : 0;
    const size = Array.isArray(args.ids) ? args.ids.length : Number(args.first ?? 1);
    return size * (OBJECT_COST + selectionCost(walk, named, selections, undefined, false));
  }
  if (actual && value == null) return OBJECT_COST;
  return OBJECT_COST + selectionCost(walk, named, selections, value, actual);
}

/** 2 + size × node cost (requested) or 2 + each returned node's cost (actual); edges, cursors and pageInfo are free. */
function connectionCost(walk: Walk, connection: GraphQLObjectType, selections: SelectionSetNode, size: number, value: unknown, actual: boolean): number {
  let perNode = 0;
  let returned = 0;
  const add = (cost: number) => (actual ? (returned += cost) : (perNode += cost));
  const record = (value ?? {}) as Record<string, unknown>;
  for (const [key, inner] of collectFields(walk, connection, selections)) {
    const field = connection.getFields()[inner[0].name.value];
    if (field?.name !== "nodes" && field?.name !== "edges") continue;
    const items: unknown[] = actual ? (Array.isArray(record[key]) ? (record[key] as unknown[]) : []) : [undefined];
    if (field.name === "nodes") {
      for (const item of items) if (!actual || item != null) add(OBJECT_COST + selectionCost(walk, getNamedType(field.type), mergedSelections(inner), item, actual));
      continue;
    }
    const edgeType = getNamedType(field.type) as GraphQLObjectType;
    for (const [edgeKey, edgeNodes] of collectFields(walk, edgeType, mergedSelections(inner))) {
      if (edgeNodes[0].name.value !== "node") continue;
      const nodeType = getNamedType(edgeType.getFields().node.type);
      for (const edge of items) {
        const item = actual ? (edge as Record<string, unknown> | null)?.[edgeKey] : undefined;
        if (!actual || item != null) add(OBJECT_COST + selectionCost(walk, nodeType, mergedSelections(edgeNodes), item, actual));
      }
    }
  }
  return CONNECTION_COST + (actual ? returned : size * perNode);
}

/** Per-shop leaky bucket: `maximumAvailable` points, refilled at `restoreRate` per second. */
export class LeakyBucket {
  private available: number;
  private updatedAt: number;

  constructor(readonly maximumAvailable = 2000, readonly restoreRate = 100, private readonly clock: () => number = Date.now) {
    this.available = maximumAvailable;
    this.updatedAt = clock();
  }

  currentlyAvailable(): number {
    const now = this.clock();
    this.available = Math.min(this.maximumAvailable, this.available + ((now - this.updatedAt) / 1000) * this.restoreRate);
    this.updatedAt = now;
    return Math.floor(this.available);
  }

  /** Takes `cost` points if available. */
  take(cost: number): boolean {
    if (cost > this.currentlyAvailable()) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.currentlyAvailable();
    this.available = Math.min(this.maximumAvailable, this.available + points);
  }

  status() {
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: this.currentlyAvailable(), restoreRate: this.restoreRate };
  }
}
