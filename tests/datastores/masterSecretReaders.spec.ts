/**
 * Who can read the Postgres master secret: every IAM policy a stack synthesizes (role inline policies, inline
 * and managed policies attached to roles, users and groups, secret resource policies) evaluated against the
 * secret's ARN. Exactly one principal may read it: the database bootstrap's role.
 * Conditions are ignored (a conditional grant still counts as a reader), NotAction/NotResource count as
 * matching unless they name the action or secret, and AWS-managed policies are judged by a list of those
 * known to include secretsmanager:GetSecretValue.
 */
import * as assert from "assert";
import { revealSecrets } from "../../offline/secrets";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { single, synthesizeStack } from "../support/synthesis";
import { sourcesOf } from "./support";

const READ_ACTION = "secretsmanager:GetSecretValue";
/** AWS-managed policies that grant GetSecretValue on any secret. */
const AWS_MANAGED_READERS = ["AdministratorAccess", "PowerUserAccess", "SecretsManagerReadWrite"];

/** IAM wildcard match (`*` any run, `?` one character), case-insensitive for actions. */
function matches(pattern: string, value: string, ignoreCase = false): boolean {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${source}$`, ignoreCase ? "i" : "").test(value);
}

const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value as string]);

/** Whether a statement lets its principal read `secretArn`. */
function grantsRead(statement: any, secretArn: string): boolean {
    if (statement.Effect !== "Allow") {
        return false;
    }
    const action = statement.Action !== undefined ? list(statement.Action).some((a) => matches(a, READ_ACTION, true)) : !list(statement.NotAction).some((a) => matches(a, READ_ACTION, true));
    const resource = statement.Resource !== undefined ? list(statement.Resource).some((r) => matches(r, secretArn)) : !list(statement.NotResource).some((r) => matches(r, secretArn));
    return action && resource;
}

function documentOf(policy: unknown): { Statement: any[] } {
    const parsed = typeof policy === "string" ? JSON.parse(policy) : policy;
    return { Statement: list(parsed?.Statement as any) };
}

/** Every principal (`<type> <name>`) some synthesized policy lets read `secretArn`. */
function readersOf(result: SynthesisResult, secretArn: string): string[] {
    const readers = new Set<string>();
    const label = (r: SynthesizedResource) => `${r.type.split(":").pop()} ${r.name}`;
    const attachedTo = (r: SynthesizedResource) => {
        const owners = ["role", "user", "group", "roles", "users", "groups"].flatMap((p) => sourcesOf(result, r, p)).filter((o) => /^aws:iam\/(role|user|group):/.test(o.type));
        assert.ok(owners.length > 0, `${r.name}: cannot tell whom the policy is attached to`);
        return owners;
    };
    for (const r of result.resources) {
        const inputs = revealSecrets(r.inputs);
        switch (r.type) {
            case "aws:iam/rolePolicy:RolePolicy":
            case "aws:iam/userPolicy:UserPolicy":
            case "aws:iam/groupPolicy:GroupPolicy":
                if (documentOf(inputs.policy).Statement.some((s) => grantsRead(s, secretArn))) {
                    attachedTo(r).forEach((o) => readers.add(label(o)));
                }
                break;
            case "aws:iam/role:Role":
            case "aws:iam/user:User":
            case "aws:iam/group:Group":
                for (const inline of inputs.inlinePolicies ?? []) {
                    if (documentOf(inline.policy).Statement.some((s) => grantsRead(s, secretArn))) {
                        readers.add(label(r));
                    }
                }
                for (const arn of inputs.managedPolicyArns ?? []) {
                    if (AWS_MANAGED_READERS.some((name) => arn.endsWith(`:policy/${name}`))) {
                        readers.add(label(r));
                    }
                }
                break;
            case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
            case "aws:iam/userPolicyAttachment:UserPolicyAttachment":
            case "aws:iam/groupPolicyAttachment:GroupPolicyAttachment":
            case "aws:iam/policyAttachment:PolicyAttachment": {
                const customer = sourcesOf(result, r, "policyArn").filter((p) => p.type === "aws:iam/policy:Policy");
                const reads =
                    customer.some((p) => documentOf(revealSecrets(p.inputs.policy)).Statement.some((s) => grantsRead(s, secretArn))) ||
                    AWS_MANAGED_READERS.some((name) => String(inputs.policyArn).endsWith(`:policy/${name}`));
                if (reads) {
                    attachedTo(r).forEach((o) => readers.add(label(o)));
                }
                break;
            }
            case "aws:secretsmanager/secretPolicy:SecretPolicy":
            case "aws:secretsmanager/secret:Secret":
                // Resource policies: the principals they name.
                for (const statement of documentOf(inputs.policy ?? "{}").Statement) {
                    if (grantsRead({ ...statement, Resource: statement.Resource ?? secretArn }, secretArn)) {
                        list(statement.Principal?.AWS ?? statement.Principal).forEach((p) => readers.add(`resource policy principal ${p}`));
                    }
                }
                break;
            default:
                break;
        }
    }
    return [...readers].sort();
}

describe("postgres master secret: readers in the synthesized IAM policies", () => {
    for (const [stack, mode] of [
        ["prod", "the stack's secret, replicated"],
        ["staging", "the RDS-managed secret"],
    ]) {
        it(`${stack} (${mode}): exactly one role can read it, the database bootstrap's`, async () => {
            const result = await synthesizeStack(stack);
            const credentials = single(result, "kubernetes:external-secrets.io/v1:ExternalSecret", "-db-bootstrap-master-credentials");
            const secretArn: string = credentials.inputs.spec.data[0].remoteRef.key;
            assert.match(secretArn, /^arn:aws:secretsmanager:us-east-1:\d{12}:secret:/);
            const bootstrapRole = single(result, "aws:iam/role:Role", "-use1-db-bootstrap-role");
            assert.deepStrictEqual(readersOf(result, secretArn), [`Role ${bootstrapRole.name}`]);
        });
    }

    it("finds a reader through a wildcard resource, a wildcard action and an attached customer policy (the analysis sees them)", () => {
        const arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:rds-master/prod/db-AbCdEf";
        assert.ok(grantsRead({ Effect: "Allow", Action: "secretsmanager:*", Resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:rds-master/*" }, arn));
        assert.ok(grantsRead({ Effect: "Allow", Action: ["secretsmanager:getsecretvalue"], Resource: "*" }, arn));
        assert.ok(grantsRead({ Effect: "Allow", NotAction: "s3:*", Resource: arn }, arn));
        assert.ok(!grantsRead({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:platform/prod/*" }, arn));
        assert.ok(!grantsRead({ Effect: "Deny", Action: "*", Resource: "*" }, arn));
    });
});
