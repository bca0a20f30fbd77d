/** Text and JSON renderings of a synthesis, in the shape of `pulumi preview`. */
import { maskSecrets } from "./secrets";
import { PolicyViolation, SynthesisResult, SynthesizedResource } from "./types";

/** Resource tree: type and name, nested under parents, like `pulumi preview`. */
export function renderTree(result: SynthesisResult): string {
    const children = new Map<string | undefined, SynthesizedResource[]>();
    for (const resource of result.resources) {
        const list = children.get(resource.parent) ?? [];
        list.push(resource);
        children.set(resource.parent, list);
    }
    const lines: string[] = [];
    const walk = (parent: string | undefined, depth: number) => {
        for (const resource of children.get(parent) ?? []) {
            lines.push(`${"   ".repeat(depth)}+ ${resource.type.padEnd(Math.max(1, 60 - depth * 3))} ${resource.name}`);
            walk(resource.urn, depth + 1);
        }
    };
    walk(undefined, 0);
    return lines.join("\n");
}

/** Count per resource type, most frequent first. */
export function countByType(resources: SynthesizedResource[]): Array<[string, number]> {
    const counts = new Map<string, number>();
    for (const r of resources) {
        counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The `--json` document: resources with masked secrets, and the policy violations. */
export function toJsonDocument(result: SynthesisResult, violations: PolicyViolation[]): object {
    return {
        project: result.project,
        stack: result.stack,
        resources: result.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent,
            custom: r.custom,
            provider: r.provider,
            region: r.region,
            inputs: maskSecrets(r.inputs),
            // The documented shape; customTimeouts stay in the synthesis result for the tests.
            options: { protect: r.options.protect, retainOnDelete: r.options.retainOnDelete, ignoreChanges: r.options.ignoreChanges, dependsOn: r.options.dependsOn },
        })),
        violations: violations.map((v) => ({ policy: v.policy, enforcementLevel: v.enforcementLevel, severity: v.severity, urn: v.urn, message: v.message })),
    };
}

export function renderViolations(violations: PolicyViolation[]): string {
    if (violations.length === 0) {
        return "Policies: no violations.";
    }
    const lines: string[] = [];
    for (const level of ["mandatory", "advisory"] as const) {
        const group = violations.filter((v) => v.enforcementLevel === level);
        if (group.length === 0) {
            continue;
        }
        lines.push(`Policy violations (${level}): ${group.length}`);
        for (const v of group) {
            lines.push(`  [${level}] ${v.policy} (${v.severity})`);
            lines.push(`    ${v.urn ?? "(stack)"}`);
            lines.push(`    ${v.message}`);
            if (v.remediation) {
                lines.push(`    fix: ${v.remediation}`);
            }
        }
    }
    return lines.join("\n");
}
