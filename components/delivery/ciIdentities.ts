/**
 * CI's AWS identities in one account, reached only through GitHub Actions OIDC (no access keys anywhere).
 *
 * Every role trusts exactly the tokens of named GitHub subjects: `StringEquals` on
 * `token.actions.githubusercontent.com:sub` (e.g. `repo:example-org/bff:environment:prod`: a job of that
 * repository running in that GitHub environment, after its protection rules) and on `...:aud` =
 * `sts.amazonaws.com`. No `StringLike`, no wildcard: another repository, branch or environment gets nothing.
 *
 * Each role carries only what its job needs, in its own inline policy:
 * - a service's push role: an ECR login token and the push actions on its own repository ARN;
 * - the platform's plan role (bootstrap/): AWS's ReadOnlyAccess for `pulumi preview --refresh`, reading the
 *   state bucket and decrypting with the state key; no write anywhere;
 * - the platform's deploy role (bootstrap/): what `pulumi up` needs (see bootstrap/README).
 *
 * The component takes or creates the account's OIDC provider (IAM allows one per issuer per account).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, PolicyDocument } from "../../lib/iam";

export const GITHUB_OIDC_ISSUER = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/** The push actions of ECR's "push an image" policy example; GetAuthorizationToken is account-wide and listed apart. */
export const ECR_PUSH_ACTIONS = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:CompleteLayerUpload",
    "ecr:GetDownloadUrlForLayer",
    "ecr:InitiateLayerUpload",
    "ecr:PutImage",
    "ecr:UploadLayerPart",
];

export function githubOidcProviderArn(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:oidc-provider/${GITHUB_OIDC_ISSUER}`;
}

/** The `sub` claim of a job of `repository` (`org/name`) running in GitHub environment `environment`. */
export function githubEnvironmentSubject(repository: string, environment: string): string {
    if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
        throw new Error(`"${repository}" is not a GitHub repository (org/name)`);
    }
    if (!/^[A-Za-z0-9_.-]+$/.test(environment)) {
        throw new Error(`"${environment}" is not a GitHub environment name`);
    }
    return `repo:${repository}:environment:${environment}`;
}

/** The `sub` claim of a pull_request-triggered job of `repository` (what the plan role trusts). */
export function githubPullRequestSubject(repository: string): string {
    if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
        throw new Error(`"${repository}" is not a GitHub repository (org/name)`);
    }
    return `repo:${repository}:pull_request`;
}

/** Trust for GitHub Actions jobs whose token's `sub` is exactly one of `subjects` and whose `aud` is STS. */
export function githubTrustPolicy(providerArn: string, subjects: string[]): PolicyDocument {
    if (subjects.length === 0) {
        throw new Error("a GitHub OIDC role must trust at least one subject");
    }
    const wildcard = subjects.find((s) => /[*?]/.test(s));
    if (wildcard) {
        throw new Error(`"${wildcard}" has a wildcard; expected exact subjects such as repo:org/name:environment:prod`);
    }
    return policyDocument([
        {
            Effect: "Allow",
            Principal: { Federated: providerArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${GITHUB_OIDC_ISSUER}:aud`]: GITHUB_OIDC_AUDIENCE,
                    [`${GITHUB_OIDC_ISSUER}:sub`]: subjects.length === 1 ? subjects[0] : subjects,
                },
            },
        },
    ]);
}

/** A service pipeline's rights: log in to ECR and push to its own repository, nothing else. */
export function ecrPushPolicy(repositoryArn: string): PolicyDocument {
    return policyDocument([
        // GetAuthorizationToken supports no resource-level restriction (ECR IAM reference).
        { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        { Sid: "PushOwnRepository", Effect: "Allow", Action: ECR_PUSH_ACTIONS, Resource: repositoryArn },
    ]);
}

/** `github-<purpose>-<environment>`-style names, within IAM's 64 characters. */
export function ciRoleName(parts: string[]): string {
    const name = parts.join("-").replace(/[^\w+=,.@-]+/g, "-");
    if (name.length > 64) {
        throw new Error(`IAM role name ${name} is longer than 64 characters`);
    }
    return name;
}

export interface CiRoleSpec {
    /** Logical name suffix and the role's physical name (fixed, so other policies can name it before it exists). */
    key: string;
    roleName: string;
    description: string;
    subjects: string[];
    /** The role's inline policy; omit to attach it later with `grant` (when it names a resource that must wait for the role). */
    policy?: pulumi.Input<PolicyDocument>;
    /** AWS-managed policies to attach (the plan role's ReadOnlyAccess). */
    managedPolicyArns?: string[];
    maxSessionDurationSeconds?: number;
}

export interface CiIdentitiesArgs {
    accountId: string;
    partition: string;
    /** Create the account's GitHub OIDC provider here, or use the one at this ARN. */
    oidcProvider: { create: true } | { arn: string };
    roles: CiRoleSpec[];
}

export class CiIdentities extends pulumi.ComponentResource {
    readonly oidcProviderArn: pulumi.Output<string>;
    /** Role ARN by spec key. */
    readonly roleArns: Record<string, pulumi.Output<string>>;
    /** The roles by spec key (without their policies), for resources that must wait for a role to exist, e.g. a key policy naming it. */
    readonly roles: Record<string, aws.iam.Role>;

    private readonly name: string;

    constructor(name: string, args: CiIdentitiesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:delivery:CiIdentities", name, {}, opts);
        this.name = name;
        const here = { parent: this };
        if ("create" in args.oidcProvider) {
            // IAM validates GitHub's certificate against its trusted CAs; no thumbprint is needed (configure-aws-credentials README).
            const provider = new aws.iam.OpenIdConnectProvider(`${name}-github-oidc`, { url: `https://${GITHUB_OIDC_ISSUER}`, clientIdLists: [GITHUB_OIDC_AUDIENCE] }, here);
            this.oidcProviderArn = provider.arn;
        } else {
            this.oidcProviderArn = pulumi.output(args.oidcProvider.arn);
        }
        this.roleArns = {};
        this.roles = {};
        for (const spec of args.roles) {
            const role = new aws.iam.Role(
                `${name}-${spec.key}`,
                {
                    name: spec.roleName,
                    description: spec.description,
                    assumeRolePolicy: this.oidcProviderArn.apply((arn) => JSON.stringify(githubTrustPolicy(arn, spec.subjects))),
                    maxSessionDuration: spec.maxSessionDurationSeconds ?? 3600,
                    // Given up front, the policy is inline on the role: one resource, not two.
                    inlinePolicies: spec.policy === undefined ? undefined : [{ name: "ci", policy: pulumi.output(spec.policy).apply((p) => JSON.stringify(p)) }],
                },
                here,
            );
            this.roles[spec.key] = role;
            (spec.managedPolicyArns ?? []).forEach((policyArn, i) => new aws.iam.RolePolicyAttachment(`${name}-${spec.key}-managed-${i}`, { role: role.name, policyArn }, here));
            this.roleArns[spec.key] = role.arn;
        }
        this.registerOutputs({ oidcProviderArn: this.oidcProviderArn, roleArns: this.roleArns });
    }

    /** The inline policy of role `key` (one per role). */
    grant(key: string, policy: pulumi.Input<PolicyDocument>): aws.iam.RolePolicy {
        const role = this.roles[key];
        if (!role) {
            throw new Error(`no CI role ${key}`);
        }
        return new aws.iam.RolePolicy(`${this.name}-${key}-policy`, { role: role.id, policy: pulumi.output(policy).apply((p) => JSON.stringify(p)) }, { parent: this });
    }
}
