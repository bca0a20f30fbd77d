/**
 * What a platform stack needs before its first `pulumi up`, per environment account (bootstrap/README.md):
 *
 * - the S3 bucket holding Pulumi state: versioned, SSE-KMS with bucket keys under the state key, TLS 1.2+ only,
 *   all public access blocked, ACLs disabled, access logs to a log bucket (SSE-S3: S3 server access logging cannot
 *   write SSE-KMS), old versions kept `stateVersionRetentionDays`; only the admins may delete versions, suspend
 *   versioning, change the lifecycle or delete the bucket (bucket policy), MFA delete documented;
 * - the KMS key of the `awskms://` secrets provider (alias `alias/platform/<env>/pulumi-state`), which also encrypts
 *   the bucket; its policy lets the plan role decrypt and the deploy role decrypt and write state through S3;
 * - CI's identities for the platform repository: the account's GitHub OIDC provider, the read-only plan role
 *   (pull requests) and the deploy role (the deploy job in its GitHub environment). The deploy role is the
 *   platform stack's `clusterCreatorRoleArn`: it must exist before the cluster, hence here and not in the stack.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CiIdentities, githubEnvironmentSubject, githubPullRequestSubject } from "../components/delivery/ciIdentities";
import { accessLogDeliveryStatement, bucketName, SecureBucket } from "../components/datastores/buckets";
import { policyDocument, PolicyDocument, PolicyStatement } from "../lib/iam";
import { BootstrapConfig } from "./config";

export const PLAN_ROLE_NAME = "github-actions-plan";
export const DEPLOY_ROLE_NAME = "github-actions-deploy";
export const READ_ONLY_ACCESS = "arn:aws:iam::aws:policy/ReadOnlyAccess";

export function stateKeyAlias(environment: string): string {
    return `alias/platform/${environment}/pulumi-state`;
}

/** The exact strings the platform stack is used with: `pulumi login <loginUrl>` and `--secrets-provider <secretsProvider>`. */
export function backendStrings(args: { environment: string; region: string; bucket: string }): { loginUrl: string; secretsProvider: string; loginCommand: string; stackInitCommand: string } {
    const loginUrl = `s3://${args.bucket}?region=${args.region}`;
    const secretsProvider = `awskms://${stateKeyAlias(args.environment)}?region=${args.region}`;
    return {
        loginUrl,
        secretsProvider,
        loginCommand: `pulumi login '${loginUrl}'`,
        stackInitCommand: `pulumi stack init ${args.environment} --secrets-provider '${secretsProvider}'`,
    };
}

const S3_OBJECT_READ = ["s3:GetObject", "s3:GetObjectVersion"];
/** State-bucket settings nobody but the admins may change: they are what makes old state recoverable. */
export const PROTECTED_BUCKET_ACTIONS = [
    "s3:DeleteBucket",
    "s3:DeleteObjectVersion",
    "s3:PutBucketVersioning",
    "s3:PutLifecycleConfiguration",
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:PutEncryptionConfiguration",
    "s3:PutBucketPublicAccessBlock",
];
export const PROTECTED_KEY_ACTIONS = ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy", "kms:DeleteAlias", "kms:UpdateAlias"];

/** The key policy: the account administers (IAM governs), the plan role decrypts, the deploy role decrypts and writes state through S3. */
export function stateKeyPolicy(args: { partition: string; accountId: string; region: string; planRoleArn: string; deployRoleArn: string }): PolicyDocument {
    return policyDocument([
        { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: `arn:${args.partition}:iam::${args.accountId}:root` }, Action: "kms:*", Resource: "*" },
        { Sid: "PlanDecrypts", Effect: "Allow", Principal: { AWS: args.planRoleArn }, Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*" },
        { Sid: "DeployDecrypts", Effect: "Allow", Principal: { AWS: args.deployRoleArn }, Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*" },
        {
            Sid: "DeployWritesStateThroughS3",
            Effect: "Allow",
            Principal: { AWS: args.deployRoleArn },
            Action: "kms:GenerateDataKey",
            Resource: "*",
            Condition: { StringEquals: { "kms:ViaService": `s3.${args.region}.amazonaws.com` } },
        },
    ]);
}

/** The plan role's own policy (besides ReadOnlyAccess): read state and decrypt it; nothing it could write with. */
export function planRoleStatePolicy(args: { bucketArn: string; keyArn: string }): PolicyDocument {
    return policyDocument([
        { Sid: "ListState", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: args.bucketArn },
        { Sid: "ReadState", Effect: "Allow", Action: S3_OBJECT_READ, Resource: `${args.bucketArn}/*` },
        { Sid: "DecryptSecrets", Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: args.keyArn },
    ]);
}

/** The deploy role's own policy: read and write state (and its locks), use the key; never weaken or destroy the backend or CI's roles. */
export function deployRoleStatePolicy(args: { bucketArn: string; logBucketArn: string; keyArn: string; ciRoleArns: string[] }): PolicyDocument {
    const buckets = [args.bucketArn, args.logBucketArn];
    return policyDocument([
        { Sid: "ListState", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: args.bucketArn },
        { Sid: "ReadWriteState", Effect: "Allow", Action: [...S3_OBJECT_READ, "s3:PutObject", "s3:DeleteObject"], Resource: `${args.bucketArn}/*` },
        { Sid: "UseStateKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"], Resource: args.keyArn },
        { Sid: "NeverWeakenTheBackend", Effect: "Deny", Action: PROTECTED_BUCKET_ACTIONS, Resource: [...buckets, ...buckets.map((b) => `${b}/*`)] },
        { Sid: "NeverDisableTheStateKey", Effect: "Deny", Action: PROTECTED_KEY_ACTIONS, Resource: args.keyArn },
        {
            Sid: "NeverRewriteCiRoles",
            Effect: "Deny",
            Action: ["iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:DeleteRole", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary"],
            Resource: args.ciRoleArns,
        },
    ]);
}

/** Bucket-policy statement: only the admins (and root) may delete versions or change what keeps them. */
export function adminOnlyBucketStatement(args: { bucketArn: string; partition: string; accountId: string; adminRoleArns: string[] }): PolicyStatement {
    return {
        Sid: "OnlyAdminsMayDestroyState",
        Effect: "Deny",
        Principal: "*",
        Action: PROTECTED_BUCKET_ACTIONS,
        Resource: [args.bucketArn, `${args.bucketArn}/*`],
        Condition: { StringNotLike: { "aws:PrincipalArn": [...args.adminRoleArns, `arn:${args.partition}:iam::${args.accountId}:root`] } },
    };
}

export interface BootstrapOutputs {
    stateBucket: pulumi.Output<string>;
    stateKeyArn: pulumi.Output<string>;
    stateKeyAlias: string;
    oidcProviderArn: pulumi.Output<string>;
    planRoleArn: pulumi.Output<string>;
    deployRoleArn: pulumi.Output<string>;
    /** `s3://<bucket>?region=<region>`: the argument of `pulumi login` (and the repository variable PULUMI_BACKEND_URL). */
    loginUrl: string;
    /** `awskms://alias/platform/<env>/pulumi-state?region=<region>`: the stack's `--secrets-provider`. */
    secretsProvider: string;
    loginCommand: string;
    stackInitCommand: string;
}

export class StateBackend extends pulumi.ComponentResource {
    readonly outputs: BootstrapOutputs;

    constructor(name: string, config: BootstrapConfig, opts?: pulumi.ComponentResourceOptions) {
        super("platform:bootstrap:StateBackend", name, {}, opts);
        const here = { parent: this };
        const partition = config.adminRoleArns[0].split(":")[1];
        const { awsAccountId: accountId, region, environment } = config;
        const stateBucketName = bucketName({ environment, region, purpose: "pulumi-state", accountId });
        const logBucketName = bucketName({ environment, region, purpose: "pulumi-state-logs", accountId });
        const stateBucketArn = `arn:${partition}:s3:::${stateBucketName}`;
        const logBucketArn = `arn:${partition}:s3:::${logBucketName}`;
        const planRoleArn = `arn:${partition}:iam::${accountId}:role/${PLAN_ROLE_NAME}`;
        const deployRoleArn = `arn:${partition}:iam::${accountId}:role/${DEPLOY_ROLE_NAME}`;
        const stateful = { ...here, protect: config.protect, retainOnDelete: config.protect };

        // The key's ARN is only known once it exists, and KMS refuses a key policy naming roles that do not exist:
        // roles (trust only) -> key (policy naming them) -> the roles' inline policies (naming the key).
        const ci = new CiIdentities(
            `${name}-ci`,
            {
                accountId,
                partition,
                oidcProvider: config.githubOidcProviderArn ? { arn: config.githubOidcProviderArn } : { create: true },
                roles: [
                    {
                        key: "plan",
                        roleName: PLAN_ROLE_NAME,
                        description: `pulumi preview of ${config.platformRepository} pull requests: read-only`,
                        subjects: [githubPullRequestSubject(config.platformRepository)],
                        managedPolicyArns: [READ_ONLY_ACCESS],
                    },
                    {
                        key: "deploy",
                        roleName: DEPLOY_ROLE_NAME,
                        description: `pulumi up of ${config.platformRepository} in GitHub environment ${config.deployEnvironment}`,
                        subjects: [githubEnvironmentSubject(config.platformRepository, config.deployEnvironment)],
                        managedPolicyArns: config.deployPolicyArns,
                        // A full platform update with a cluster takes longer than the default hour.
                        maxSessionDurationSeconds: 4 * 3600,
                    },
                ],
            },
            here,
        );
        const key = new aws.kms.Key(
            `${name}-state-key`,
            {
                description: `${environment}: Pulumi state (awskms:// secrets provider) and the state bucket`,
                enableKeyRotation: true,
                rotationPeriodInDays: 365,
                deletionWindowInDays: 30,
                policy: JSON.stringify(stateKeyPolicy({ partition, accountId, region, planRoleArn, deployRoleArn })),
            },
            { ...stateful, dependsOn: Object.values(ci.roles) },
        );
        ci.grant("plan", key.arn.apply((keyArn) => planRoleStatePolicy({ bucketArn: stateBucketArn, keyArn })));
        ci.grant("deploy", key.arn.apply((keyArn) => deployRoleStatePolicy({ bucketArn: stateBucketArn, logBucketArn, keyArn, ciRoleArns: [planRoleArn, deployRoleArn] })));
        new aws.kms.Alias(`${name}-state-key-alias`, { name: stateKeyAlias(environment), targetKeyId: key.keyId }, here);

        const logs = new SecureBucket(
            `${name}-state-logs`,
            {
                bucketName: logBucketName,
                // S3 server access logging cannot deliver to an SSE-KMS bucket (S3 User Guide); SSE-S3 here.
                encryption: { kind: "s3-managed" },
                lifecycle: { expirationDays: config.accessLogRetentionDays, noncurrentVersionExpirationDays: 30, abortIncompleteMultipartUploadDays: 7 },
                extraPolicyStatements: [accessLogDeliveryStatement({ logBucketArn, sourceBucketArns: [stateBucketArn], accountId })],
                tags: { Name: logBucketName, "data-classification": "confidential" },
                protect: config.protect,
            },
            here,
        );
        const state = new SecureBucket(
            `${name}-state`,
            {
                bucketName: stateBucketName,
                encryption: { kind: "kms", keyArn: key.arn },
                lifecycle: { noncurrentVersionExpirationDays: config.stateVersionRetentionDays, newerNoncurrentVersionsToKeep: 100, abortIncompleteMultipartUploadDays: 7 },
                extraPolicyStatements: [adminOnlyBucketStatement({ bucketArn: stateBucketArn, partition, accountId, adminRoleArns: config.adminRoleArns })],
                accessLogs: { targetBucket: logs.bucketName, targetPrefix: "state/", dependsOn: [logs.policy] },
                // Pulumi state holds every resource's inputs, secrets encrypted: confidential.
                tags: { Name: stateBucketName, "data-classification": "confidential" },
                protect: config.protect,
            },
            here,
        );

        const strings = backendStrings({ environment, region, bucket: stateBucketName });
        this.outputs = {
            stateBucket: state.bucketName,
            stateKeyArn: key.arn,
            stateKeyAlias: stateKeyAlias(environment),
            oidcProviderArn: ci.oidcProviderArn,
            planRoleArn: ci.roleArns.plan,
            deployRoleArn: ci.roleArns.deploy,
            ...strings,
        };
        this.registerOutputs({ ...this.outputs });
    }
}
