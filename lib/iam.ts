/** IAM and KMS policy documents as plain data. Pure functions, so their security properties are unit-tested. */

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: Record<string, string | string[]> | "*";
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/** Strips the scheme from an OIDC issuer URL: `https://oidc.eks.../id/X` -> `oidc.eks.../id/X` (the form IAM condition keys use). */
export function oidcIssuerHost(issuerUrl: string): string {
    return issuerUrl.replace(/^https:\/\//, "");
}

/**
 * Trust policy for IAM Roles for Service Accounts: only the named service account(s) of one cluster,
 * pinned by both `sub` and `aud`, may assume the role.
 */
export function irsaTrustPolicy(args: {
    oidcProviderArn: string;
    oidcIssuerUrl: string;
    namespace: string;
    serviceAccounts: string[];
}): PolicyDocument {
    const issuer = oidcIssuerHost(args.oidcIssuerUrl);
    if (args.serviceAccounts.length === 0) {
        throw new Error("irsaTrustPolicy needs at least one service account");
    }
    const subjects = args.serviceAccounts.map((sa) => `system:serviceaccount:${args.namespace}:${sa}`);
    return policyDocument([
        {
            Effect: "Allow",
            Principal: { Federated: args.oidcProviderArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${issuer}:sub`]: subjects.length === 1 ? subjects[0] : subjects,
                    [`${issuer}:aud`]: "sts.amazonaws.com",
                },
            },
        },
    ]);
}

/** Trust policy letting an AWS service assume a role, limited to this account. */
export function serviceTrustPolicy(service: string, accountId: string): PolicyDocument {
    return policyDocument([
        {
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    ]);
}

/** Trust policy for EC2 instances (EKS nodes). EC2 does not send aws:SourceAccount, so no condition. */
export function ec2TrustPolicy(): PolicyDocument {
    return policyDocument([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);
}

export type KeyPurpose = "eks-secrets" | "ebs" | "logs" | "data" | "s3" | "backups" | "ecr";

/**
 * The Auto Scaling service-linked role, which launches EKS managed nodes. IAM creates it on first use of
 * Auto Scaling, so a fresh account has none until the platform creates it (components/secrets/keys.ts).
 */
export function autoScalingServiceLinkedRoleArn(accountId: string, partition = "aws"): string {
    return `arn:${partition}:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
}

/**
 * Key policy for a customer-managed key. The account root keeps administrative access (so IAM policies
 * govern use and the key can never become unmanageable); services get exactly the grants their purpose needs,
 * always scoped by a condition to this account. No statement has an unconditioned `*` principal.
 */
export function keyPolicy(args: { accountId: string; region: string; partition?: string; purpose: KeyPurpose }): PolicyDocument {
    const partition = args.partition ?? "aws";
    const root = `arn:${partition}:iam::${args.accountId}:root`;
    const statements: PolicyStatement[] = [
        {
            Sid: "AccountAdministration",
            Effect: "Allow",
            Principal: { AWS: root },
            Action: "kms:*",
            Resource: "*",
        },
    ];
    const useActions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
    if (args.purpose === "logs") {
        statements.push({
            Sid: "CloudWatchLogs",
            Effect: "Allow",
            Principal: { Service: `logs.${args.region}.amazonaws.com` },
            Action: useActions,
            Resource: "*",
            Condition: {
                ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${args.region}:${args.accountId}:*` },
            },
        });
    }
    if (args.purpose === "ebs") {
        // Managed node groups launch through the Auto Scaling service-linked role; without this grant
        // nodes with encrypted volumes fail to start.
        // KMS rejects a policy naming a principal that does not exist: the key must wait for the role.
        const autoscaling = autoScalingServiceLinkedRoleArn(args.accountId, partition);
        statements.push(
            { Sid: "AutoScalingUse", Effect: "Allow", Principal: { AWS: autoscaling }, Action: useActions, Resource: "*" },
            {
                Sid: "AutoScalingGrants",
                Effect: "Allow",
                Principal: { AWS: autoscaling },
                Action: "kms:CreateGrant",
                Resource: "*",
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
        );
    }
    if (args.purpose === "backups") {
        // The vault key is used by the backup service role through KMS grants (IAM, via the root statement);
        // the DR notification topic is also under this key, and AWS Backup publishes to it as a service
        // principal, which only a key policy can admit (SNS "encrypted topics" with AWS service publishers).
        // The alarm topic (components/observability/alarms.ts) is under this key too: CloudWatch alarms and the
        // EventBridge rule for failed backup jobs publish to it as service principals.
        statements.push({
            Sid: "BackupNotifications",
            Effect: "Allow",
            Principal: { Service: "backup.amazonaws.com" },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
        });
        statements.push({
            Sid: "AlarmNotifications",
            Effect: "Allow",
            Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
        });
    }
    return policyDocument(statements);
}
