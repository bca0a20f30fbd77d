/**
 * A small IAM evaluator for tests: what a role's identity policies (inline RolePolicy resources, the role's
 * own inlinePolicies, attached customer-managed Policy resources) allow on a given action and resource.
 * Identity policies only: no SCPs, boundaries or resource policies (none of which the platform uses to grant).
 * Conditions are ignored, which over-approximates Allow: good for proving that something is NOT allowed.
 * AWS-managed policy attachments cannot be evaluated here; they are returned so a test can vet them.
 */
import { revealSecrets } from "../../offline/secrets";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";

interface Statement {
    Effect: "Allow" | "Deny";
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** IAM wildcard match: `*` any run of characters, `?` exactly one. Actions compare case-insensitively. */
export function iamMatch(pattern: string, value: string, caseInsensitive = false): boolean {
    const regex = new RegExp(`^${pattern.split("").map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&"))).join("")}$`, caseInsensitive ? "i" : "");
    return regex.test(value);
}

function statementApplies(s: Statement, action: string, resource: string): boolean {
    const actionOk = s.Action !== undefined ? list(s.Action).some((a) => iamMatch(a, action, true)) : !list(s.NotAction).some((a) => iamMatch(a, action, true));
    const resourceOk = s.Resource !== undefined ? list(s.Resource).some((r) => iamMatch(r, resource)) : !list(s.NotResource).some((r) => iamMatch(r, resource));
    return actionOk && resourceOk;
}

/** Explicit deny wins; otherwise any Allow that covers the action and resource. */
export function documentsAllow(documents: Array<{ Statement: Statement | Statement[] }>, action: string, resource: string): boolean {
    const statements = documents.flatMap((d) => (Array.isArray(d.Statement) ? d.Statement : [d.Statement]));
    if (statements.some((s) => s.Effect === "Deny" && statementApplies(s, action, resource))) {
        return false;
    }
    return statements.some((s) => s.Effect === "Allow" && statementApplies(s, action, resource));
}

export interface RolePermissions {
    role: SynthesizedResource;
    documents: Array<{ Statement: Statement | Statement[] }>;
    /** ARNs of attached policies that are not resources of this stack (AWS-managed). */
    awsManagedPolicyArns: string[];
}

const parse = (policy: unknown) => JSON.parse(revealSecrets(policy) as string);

/** Everything a role's identity policies say, joined through the `role` input's dependency on the Role. */
export function rolePermissions(result: SynthesisResult, role: SynthesizedResource): RolePermissions {
    const attachedTo = (r: SynthesizedResource) => (r.propertyDependencies.role ?? []).includes(role.urn);
    const documents = result.resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && attachedTo(r)).map((r) => parse(r.inputs.policy));
    for (const inline of role.inputs.inlinePolicies ?? []) {
        documents.push(parse(inline.policy));
    }
    const awsManagedPolicyArns: string[] = [...(role.inputs.managedPolicyArns ?? [])];
    for (const attachment of result.resources.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && attachedTo(r))) {
        const source = (attachment.propertyDependencies.policyArn ?? []).map((urn) => result.resources.find((r) => r.urn === urn)).find((r) => r?.type === "aws:iam/policy:Policy");
        if (source) {
            documents.push(parse(source.inputs.policy));
        } else {
            awsManagedPolicyArns.push(attachment.inputs.policyArn);
        }
    }
    return { role, documents, awsManagedPolicyArns };
}

/** The Kubernetes service accounts (`namespace:name`) an IRSA role trusts, from its trust policy's `sub` condition. */
export function trustedServiceAccounts(role: SynthesizedResource): string[] {
    const trust = parse(role.inputs.assumeRolePolicy);
    const subjects: string[] = [];
    for (const statement of list(trust.Statement as any)) {
        for (const operator of Object.values((statement as any).Condition ?? {}) as Array<Record<string, string | string[]>>) {
            for (const [key, value] of Object.entries(operator)) {
                if (key.endsWith(":sub")) {
                    subjects.push(...list(value).map((s) => s.replace(/^system:serviceaccount:/, "")));
                }
            }
        }
    }
    return subjects;
}
