/**
 * Shapes shared by the offline preview, the tests and the offline policy gate.
 *
 * A `SynthesizedResource` is one resource registration as the mock monitor received it:
 * the program's inputs and the resource options from the real RegisterResourceRequest.
 * It is what `npm run preview -- <stack> --json <file>` writes (with secrets masked).
 */
export interface SynthesizedResourceOptions {
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    /** customTimeouts as the engine receives them (only those set). */
    customTimeouts?: { create?: string; update?: string; delete?: string };
    /** URNs this resource depends on: the `dependsOn` option plus every input's dependencies. */
    dependsOn: string[];
}

export interface SynthesizedResource {
    urn: string;
    /** Type token, e.g. `aws:rds/instance:Instance` or `platform:network:Network`. */
    type: string;
    name: string;
    /** URN of the parent resource, or undefined for the stack itself. */
    parent?: string;
    /** True for custom (provider-backed) resources, false for components. */
    custom: boolean;
    /** Provider reference `urn::id` as Pulumi passes it, when the resource names one. */
    provider?: string;
    /** AWS region of the provider this resource uses, when it is an AWS resource with an explicit provider. */
    region?: string;
    /**
     * Inputs as the engine receives them. Secret values keep Pulumi's wire form
     * (see `offline/secrets.ts`): `revealSecrets` unwraps them for policies, `maskSecrets` hides them for output.
     */
    inputs: Record<string, any>;
    /** For each input property, the URNs of the resources its value came from (how companion resources are joined to their bucket, VPC, ...). */
    propertyDependencies: Record<string, string[]>;
    /**
     * What the mocked provider answered: the inputs echoed plus the values the cloud would compute (ids,
     * ARNs, endpoints, ...). Not part of the `--json` document.
     */
    outputs?: Record<string, any>;
    options: SynthesizedResourceOptions;
}

export interface SynthesisResult {
    project: string;
    stack: string;
    resources: SynthesizedResource[];
    /** Stack outputs as exported by index.ts (secrets stay wrapped). */
    outputs: Record<string, any>;
}

/** One policy violation found by the offline gate. */
export interface PolicyViolation {
    policy: string;
    enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
    severity: string;
    /** URN of the offending resource; undefined for stack-level violations not tied to one resource. */
    urn?: string;
    message: string;
    remediation?: string;
}
