/**
 * One compliant ("happy path") input set per resource type. Each spec starts from one of these and
 * changes a single property, so a failing fixture differs from a passing one in exactly what it tests.
 */
export const KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
export const ROLE_ARN = "arn:aws:iam::111122223333:role/rds-monitoring";
export const CERT_ARN = "arn:aws:acm:eu-west-1:111122223333:certificate/abcd";

export function compliantRdsInstance(): Record<string, any> {
    return {
        instanceClass: "db.r6g.large",
        engine: "postgres",
        engineVersion: "16.4",
        allocatedStorage: 100,
        username: "platform",
        storageEncrypted: true,
        kmsKeyId: KEY_ARN,
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: KEY_ARN,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: KEY_ARN,
        performanceInsightsRetentionPeriod: 7,
        caCertIdentifier: "rds-ca-rsa2048-g1",
        backupRetentionPeriod: 14,
        deletionProtection: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: "platform-final",
        deleteAutomatedBackups: false,
        multiAz: true,
        copyTagsToSnapshot: true,
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
        monitoringInterval: 60,
        monitoringRoleArn: ROLE_ARN,
        parameterGroupName: "platform-postgres16",
        publiclyAccessible: false,
    };
}

export function compliantReplicationGroup(): Record<string, any> {
    return {
        description: "platform cache",
        engine: "redis",
        engineVersion: "7.1",
        nodeType: "cache.r7g.large",
        numCacheClusters: 2,
        atRestEncryptionEnabled: true,
        kmsKeyId: KEY_ARN,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        authToken: "a-long-random-auth-token-0123456789",
        automaticFailoverEnabled: true,
        multiAzEnabled: true,
        snapshotRetentionLimit: 7,
        finalSnapshotIdentifier: "platform-cache-final",
        logDeliveryConfigurations: [
            { destination: "/platform/redis/slow", destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
            { destination: "/platform/redis/engine", destinationType: "cloudwatch-logs", logFormat: "json", logType: "engine-log" },
        ],
    };
}

export function compliantKmsKey(): Record<string, any> {
    return {
        description: "platform data key",
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: 30,
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Sid: "RootAccount", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" },
                {
                    Sid: "ViaService",
                    Effect: "Allow",
                    Principal: { AWS: "*" },
                    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                    Resource: "*",
                    Condition: { StringEquals: { "kms:CallerAccount": "111122223333", "kms:ViaService": "rds.eu-west-1.amazonaws.com" } },
                },
            ],
        }),
    };
}

export function compliantEksCluster(): Record<string, any> {
    return {
        roleArn: "arn:aws:iam::111122223333:role/eks-cluster",
        version: "1.33",
        vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], endpointPrivateAccess: true, endpointPublicAccess: false },
        encryptionConfig: { provider: { keyArn: KEY_ARN }, resources: ["secrets"] },
        enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        deletionProtection: true,
    };
}

/** Inputs of the @pulumi/eks `eks:index:Cluster` component. */
export function compliantEksComponentCluster(): Record<string, any> {
    return {
        vpcId: "vpc-1",
        privateSubnetIds: ["subnet-a", "subnet-b"],
        authenticationMode: "API",
        encryptionConfigKeyArn: KEY_ARN,
        enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        skipDefaultNodeGroup: true,
        deletionProtection: true,
    };
}

export function compliantLaunchTemplate(): Record<string, any> {
    return {
        metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" },
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: KEY_ARN, volumeSize: 50, volumeType: "gp3" } }],
    };
}

export function compliantListener(): Record<string, any> {
    return {
        loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/platform/1",
        port: 443,
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        certificateArn: CERT_ARN,
        defaultActions: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/platform/1" }],
    };
}
