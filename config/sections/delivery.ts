/**
 * `platform:delivery`: the GitHub Actions runner CodeBuild hosts inside the primary region's VPC
 * (components/delivery). CI's deploy and refresh jobs run on it because the EKS API is private.
 */
import { z } from "zod";

/** CodeBuild on-demand compute types for LINUX_CONTAINER (docs: build-env-ref-compute-types). */
export const RUNNER_COMPUTE_TYPES = ["BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE", "BUILD_GENERAL1_XLARGE", "BUILD_GENERAL1_2XLARGE"] as const;

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
    })
    .strict();
export type DeliveryConfig = z.infer<typeof deliverySchema>;
