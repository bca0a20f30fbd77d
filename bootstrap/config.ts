/**
 * The bootstrap project's configuration (`bootstrap:*` in bootstrap/Pulumi.<env>.yaml), validated like the
 * platform's: unknown keys and bad values are refused with one error naming each key, before anything registers.
 */
import { z } from "zod";
import { iamRoleArn } from "../config/sections/common";

const AWS_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/;

export const bootstrapSchema = z
    .object({
        environment: z.string().regex(/^[a-z][a-z0-9]{1,11}$/, "expected a short lower-case name like dev").describe("Environment the account serves; names the bucket, key alias and the platform stack. No default."),
        awsAccountId: z.string().regex(/^\d{12}$/, "expected a 12-digit AWS account id").describe("The only account this stack may touch. No default."),
        region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "expected an AWS region like us-east-1").describe("Region of the state bucket and key (the platform stack's primary region). No default."),
        platformRepository: z
            .string()
            .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, "expected owner/name, like example-org/platform")
            .describe("The platform repository: its pull requests may assume the plan role, its deploy job the deploy role. No default."),
        deployEnvironment: z
            .string()
            .regex(/^[A-Za-z0-9_.-]{1,255}$/, "expected a GitHub environment name without ':'")
            .describe("GitHub environment of the platform repository whose jobs may assume the deploy role (deploy-stack.yml runs in the environment named after the stack). No default."),
        adminRoleArns: z
            .array(iamRoleArn)
            .min(1, "expected at least one admin role")
            .max(10)
            .describe("Roles that run this bootstrap and may break glass on the state bucket (the only principals besides root allowed to delete state versions or change versioning). 1-10, no default."),
        githubOidcProviderArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/)
            .optional()
            .describe("The account's existing GitHub OIDC provider; unset creates it (IAM allows one per account)."),
        deployPolicyArns: z
            .array(z.string().regex(AWS_MANAGED_POLICY, "expected an IAM policy ARN"))
            .min(1)
            .max(10)
            .default(["arn:aws:iam::aws:policy/AdministratorAccess"])
            .describe("Managed policies of the deploy role: what `pulumi up` may manage (default AdministratorAccess: the program creates IAM roles, so less than admin is admin in disguise). The inline policy adds the state backend and denies destroying it."),
        stateVersionRetentionDays: z.int().min(30).max(3650).default(365).describe("Days noncurrent state versions are kept (the undo window for a bad update; default 365)."),
        accessLogRetentionDays: z.int().min(90).max(3650).default(400).describe("Days the state bucket's access logs are kept (default 400)."),
        protect: z.boolean().default(true).describe("Protect the bucket and key (pulumi protect + retainOnDelete; default true)."),
    })
    .strict();
export type BootstrapConfig = z.infer<typeof bootstrapSchema>;

/** Keys whose values are text, which the CLI passes without JSON encoding. */
export const TEXT_KEYS: ReadonlySet<string> = new Set(
    Object.entries(bootstrapSchema.shape)
        .filter(([, schema]) => (schema instanceof z.ZodOptional ? schema.unwrap() : schema) instanceof z.ZodString)
        .map(([key]) => key),
);

/** Parses raw config; throws one error listing every bad key. */
export function parseBootstrapConfig(raw: unknown): BootstrapConfig {
    const result = bootstrapSchema.safeParse(raw);
    if (!result.success) {
        const lines = result.error.issues.flatMap((issue) =>
            issue.code === "unrecognized_keys"
                ? issue.keys.map((k) => `bootstrap:${[...issue.path, k].join(".")}: unknown key`)
                : [`bootstrap:${issue.path.join(".") || "(root)"}: ${issue.message}`],
        );
        throw new Error(`Invalid bootstrap configuration: ${lines.length} problem${lines.length === 1 ? "" : "s"}; nothing was registered.\n${lines.map((l) => `  - ${l}`).join("\n")}`);
    }
    const config = result.data;
    const foreign = [...config.adminRoleArns, ...(config.githubOidcProviderArn ? [config.githubOidcProviderArn] : [])].filter((arn) => arn.split(":")[4] !== config.awsAccountId);
    if (foreign.length > 0) {
        throw new Error(`Invalid bootstrap configuration: ${foreign.join(", ")} not in account ${config.awsAccountId}; expected the account's own roles and provider.`);
    }
    return config;
}
