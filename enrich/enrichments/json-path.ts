// The small JSONPath subset PII pseudonymisation needs: `$.a.b`, `$.list[*]`, `$.list[0].c`.

type Step = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'all' };

export function parseJsonPath(path: string): Step[] {
  const steps: Step[] = [];
  const pattern = /\.([A-Za-z0-9_$-]+)|\[\*\]|\[(\d+)\]/g;
  let position = 1;
  for (const match of path.slice(1).matchAll(pattern)) {
    if (match.index + 1 !== position) throw new Error(`unsupported JSONPath ${path}`);
    position += match[0].length;
    if (match[1] !== undefined) steps.push({ kind: 'key', key: match[1] });
    else if (match[2] !== undefined) steps.push({ kind: 'index', index: Number(match[2]) });
    else steps.push({ kind: 'all' });
  }
  if (!path.startsWith('$') || position !== path.length) throw new Error(`unsupported JSONPath ${path}`);
  return steps;
}

/** Calls `replace` on every scalar the path reaches and stores what it returns (undefined leaves it). */
export function replaceAtPath(root: unknown, steps: readonly Step[], replace: (value: string | number | boolean) => string | undefined): void {
  function visit(container: Record<string | number, unknown>, key: string | number, depth: number): void {
    const value = container[key];
    if (depth === steps.length) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        const replaced = replace(value);
        if (replaced !== undefined) container[key] = replaced;
      }
      return;
    }
    descend(value, depth);
  }
  function descend(node: unknown, depth: number): void {
    if (typeof node !== 'object' || node === null) return;
    const step = steps[depth]!;
    const container = node as Record<string | number, unknown>;
    if (step.kind === 'key' && !Array.isArray(node) && Object.hasOwn(node, step.key)) visit(container, step.key, depth + 1);
    else if (step.kind === 'index' && Array.isArray(node) && step.index < node.length) visit(container, step.index, depth + 1);
    else if (step.kind === 'all' && Array.isArray(node)) for (let index = 0; index < node.length; index++) visit(container, index, depth + 1);
  }
  descend(root, 0);
}
