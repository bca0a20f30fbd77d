/**
 * `platform:delivery`: what CI needs in the stack's account (components/delivery): the GitHub Actions runner
 * CodeBuild hosts inside the primary region's VPC (the deploy and refresh jobs run on it because the EKS API is
 * private), the services' container registry (ECR) and the OIDC roles the services' pipelines push with.
 */
import { z } from "zod";
import { iamRoleArn } from "./common";

/** CodeBuild on-demand compute types for LINUX_CONTAINER (docs: build-env-ref-compute-types). */
export const RUNNER_COMPUTE_TYPES = ["BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE", "BUILD_GENERAL1_XLARGE", "BUILD_GENERAL1_2XLARGE"] as const;

/** GitHub's rules for organisation/user and repository names. */
const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/;
const GITHUB_REPOSITORY_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
/** GitHub environment names: up to 255 characters; `:` would break the OIDC subject `repo:<o>/<r>:environment:<e>`. */
const GITHUB_ENVIRONMENT = /^[A-Za-z0-9_.-]{1,255}$/;

export const registrySchema = z
    .object({
        repositoryPrefix: z
            .string()
            .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, "expected a lower-case ECR namespace like services")
            .default("services")
            .describe("ECR namespace of the service repositories: `<repositoryPrefix>/<service>` (default services). Replication and the secondary region's creation template match this prefix."),
        scanning: z
            .enum(["basic", "enhanced"])
            .default("basic")
            .describe(
                "basic (default): ECR's own scan on every push (imageScanningConfiguration.scanOnPush). enhanced: Amazon Inspector scans the prefix's repositories on push and continuously (registry scanning configuration of each region, billed by Inspector).",
            ),
        keepTaggedImages: z
            .int()
            .min(1)
            .max(1000)
            .default(50)
            .describe("Tagged images kept per repository (default 50): older ones are expired, so rollbacks reach that many releases back."),
        untaggedExpiryDays: z
            .int()
            .min(1)
            .max(365)
            .default(7)
            .describe("Days after which untagged images (superseded builds, attestation leftovers) are expired (default 7)."),
        pullRoleArns: z
            .array(iamRoleArn)
            .max(20, "expected at most 20 roles (a bound for review)")
            .default([])
            .describe("Roles besides the clusters' node roles whose instances pull service images, e.g. Karpenter's node role (default none). Every other principal is denied pulls."),
        replicateToSecondaryRegions: z
            .boolean()
            .default(true)
            .describe("Replicate the repositories to each secondary region (registry replication with a creation template: immutable tags, that region's ECR key, the same lifecycle and pull policy); default true, without effect in a one-region stack."),
    })
    .strict();
export type RegistryConfig = z.infer<typeof registrySchema>;

export const ciIdentitiesSchema = z
    .object({
        githubOrganization: z.string().regex(GITHUB_OWNER, "expected a GitHub organisation name like example-org").describe("GitHub organisation owning the services' repositories. No default."),
        serviceRepositories: z
            .record(z.string(), z.string().regex(GITHUB_REPOSITORY_NAME, "expected a GitHub repository name like bff-service"))
            .default({})
            .describe("Repository name per service where it differs from the service's name (default: the service's name). Keys must be configured services."),
        githubEnvironment: z
            .string()
            .regex(GITHUB_ENVIRONMENT, "expected a GitHub environment name without ':' like prod")
            .describe("The GitHub environment whose jobs may push to this account's registry: the push roles trust only `repo:<org>/<repo>:environment:<githubEnvironment>`. No default."),
        githubOidcProviderArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/, "expected arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com")
            .optional()
            .describe("The account's GitHub OIDC provider (one per account; created by bootstrap/). Default: arn:<partition>:iam::<awsAccountId>:oidc-provider/token.actions.githubusercontent.com."),
    })
    .strict();
export type CiIdentitiesConfig = z.infer<typeof ciIdentitiesSchema>;

export const deliverySchema = z
    .object({
        githubRepository: z
            .string()
            .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, "expected owner/name of a GitHub repository, like example-org/platform")
            .describe("GitHub repository (owner/name) whose workflow jobs the runner takes. No default."),
        connectionArn: z
            .string()
            .regex(
                /^arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]{36}$/,
                "expected a CodeConnections connection ARN like arn:aws:codeconnections:us-east-1:123456789012:connection/<uuid>",
            )
            .describe("CodeConnections (GitHub App) connection CodeBuild authenticates to GitHub with; created and authorised once in the console (the handshake cannot be scripted). No default."),
        computeType: z.enum(RUNNER_COMPUTE_TYPES).default("BUILD_GENERAL1_MEDIUM").describe("CodeBuild compute type of each runner (MEDIUM: 4 vCPU, 7 GiB, enough for pulumi up)."),
        image: z
            .string()
            .min(1)
            .default("aws/codebuild/amazonlinux-x86_64-standard:5.0")
            .describe("Build image the runner starts in; the jobs install Node and the Pulumi CLI themselves."),
        buildTimeoutMinutes: z.int().min(5).max(2160).default(120).describe("Upper bound of one runner's life; longer than the slowest job's timeout-minutes."),
        registry: registrySchema
            .optional()
            .describe("ECR repository per service in the primary region (immutable tags, scanning, the ECR key, lifecycle, pulls only by node roles), replicated to secondary regions. Omit to create no registry."),
        ciIdentities: ciIdentitiesSchema
            .optional()
            .describe("Per service a push role for its repository's CI, trusted through GitHub OIDC for one repository and GitHub environment. Requires registry. Omit to create none."),
    })
    .strict();
export type DeliveryConfig = z.infer<typeof deliverySchema>;

/** The GitHub repository (`org/name`) whose pipeline pushes a service's image. */
export function serviceRepository(identities: CiIdentitiesConfig, service: string): string {
    return `${identities.githubOrganization}/${identities.serviceRepositories[service] ?? service}`;
}

/** Cross-field checks of `delivery`: identities need the registry, and name only configured services. */
export function deliveryProblems(config: { awsAccountId: string; services: Record<string, unknown>; delivery?: DeliveryConfig }): Array<{ path: Array<string | number>; message: string }> {
    const delivery = config.delivery;
    if (!delivery?.ciIdentities) {
        return [];
    }
    const problems: Array<{ path: Array<string | number>; message: string }> = [];
    if (!delivery.registry) {
        problems.push({ path: ["delivery", "ciIdentities"], message: "is set but delivery.registry is not; expected a registry for the push roles to push to" });
    }
    const services = Object.keys(config.services);
    for (const name of Object.keys(delivery.ciIdentities.serviceRepositories)) {
        if (!services.includes(name)) {
            problems.push({ path: ["delivery", "ciIdentities", "serviceRepositories", name], message: `${name} is not a configured service; expected one of ${services.join(", ")}` });
        }
    }
    const providerArn = delivery.ciIdentities.githubOidcProviderArn;
    if (providerArn !== undefined && providerArn.split(":")[4] !== config.awsAccountId) {
        problems.push({
            path: ["delivery", "ciIdentities", "githubOidcProviderArn"],
            message: `${providerArn} is in account ${providerArn.split(":")[4]}; expected the stack's account ${config.awsAccountId} (IAM roles trust a provider of their own account)`,
        });
    }
    return problems;
}
