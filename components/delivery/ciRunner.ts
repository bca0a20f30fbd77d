/**
 * CI's way into a private EKS API: a CodeBuild project that hosts GitHub Actions runners in the primary
 * region's private subnets. A GitHub webhook on WORKFLOW_JOB_QUEUED starts one build per queued job whose
 * `runs-on` names this project (`codebuild-<project>-${{ github.run_id }}-${{ github.run_attempt }}`); the
 * build registers as an ephemeral runner, runs the job and ends.
 *
 * The runner's own security group is admitted to the cluster API on 443 and may only leave on 443 (GitHub,
 * npm, AWS APIs through the NAT or the VPC endpoints). Its service role can write its log stream, manage
 * its network interfaces in these subnets and use the GitHub connection, nothing else: jobs still get their
 * AWS rights from the GitHub OIDC roles (plan or deploy), so a job's rights do not depend on where it runs.
 *
 * A stack's `pulumi up` also drives the clusters of its secondary regions, whose APIs are private too. For each,
 * the runner's VPC is peered with that region's VPC (routes both ways between the runner's subnets and the
 * remote VPC) and the remote cluster's security group admits the runner's subnets on 443: security groups
 * cannot reference each other across regions. A private-only endpoint's name resolves to its VPC addresses
 * in public DNS, so the runner needs no resolver rules.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DeliveryConfig } from "../../config/sections/delivery";
import { physicalName } from "../../lib/naming";
import { policyDocument, PolicyDocument, serviceTrustPolicy } from "../../lib/iam";

/** The CodeBuild project's name for an environment; workflows put it in their runner label. */
export function runnerProjectName(environment: string): string {
    return physicalName(["platform", environment, "ci-runner"], 150);
}

/** The `runs-on` label a workflow job uses to run on this project's runner (AWS CodeBuild runner docs). */
export function runnerLabel(projectName: string): string {
    return `codebuild-${projectName}-\${{ github.run_id }}-\${{ github.run_attempt }}`;
}

/** Only queued workflow jobs start a build; pushes and pull requests do not. */
export const RUNNER_WEBHOOK_FILTER_GROUPS = [{ filters: [{ type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" }] }];

export interface RunnerPolicyInputs {
    partition: string;
    region: string;
    accountId: string;
    logGroupName: string;
    subnetIds: string[];
    connectionArn: string;
}

/**
 * The service role's permissions: log events into its own group, the VPC network-interface calls CodeBuild
 * makes for a build in the subnets (create-permission only for these subnets), and the GitHub connection.
 */
export function runnerServicePolicy(args: RunnerPolicyInputs): PolicyDocument {
    const { partition, region, accountId } = args;
    const connection = /^arn:aws[a-z-]*:(codeconnections|codestar-connections):/.exec(args.connectionArn);
    if (!connection) {
        throw new Error(`"${args.connectionArn}" is not a CodeConnections connection ARN`);
    }
    if (args.subnetIds.length === 0) {
        throw new Error("the runner needs at least one subnet");
    }
    const logGroup = `arn:${partition}:logs:${region}:${accountId}:log-group:${args.logGroupName}`;
    return policyDocument([
        { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [logGroup, `${logGroup}:log-stream:*`] },
        {
            // Describe and ENI create/delete calls take no resource-level restriction (CodeBuild VPC docs).
            Sid: "VpcNetworkInterfaces",
            Effect: "Allow",
            Action: [
                "ec2:CreateNetworkInterface",
                "ec2:DeleteNetworkInterface",
                "ec2:DescribeDhcpOptions",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSubnets",
                "ec2:DescribeVpcs",
            ],
            Resource: "*",
        },
        {
            Sid: "VpcNetworkInterfacePermission",
            Effect: "Allow",
            Action: "ec2:CreateNetworkInterfacePermission",
            Resource: `arn:${partition}:ec2:${region}:${accountId}:network-interface/*`,
            Condition: {
                StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
                ArnEquals: { "ec2:Subnet": args.subnetIds.map((id) => `arn:${partition}:ec2:${region}:${accountId}:subnet/${id}`) },
            },
        },
        {
            Sid: "GitHubConnection",
            Effect: "Allow",
            Action: [`${connection[1]}:GetConnection`, `${connection[1]}:GetConnectionToken`],
            Resource: args.connectionArn,
        },
    ]);
}

/** A cluster in another region of the stack that the runner must reach through a VPC peering. */
export interface RemoteCluster {
    /** Region prefix of the remote region (`prod-usw2`), for resource names. */
    prefix: string;
    region: string;
    provider: pulumi.ProviderResource;
    vpcId: pulumi.Input<string>;
    vpcCidr: string;
    privateRouteTableIds: pulumi.Input<string>[];
    clusterSecurityGroupId: pulumi.Input<string>;
}

export interface CiRunnerArgs extends DeliveryConfig {
    environment: string;
    accountId: string;
    region: string;
    vpcId: pulumi.Input<string>;
    privateSubnetIds: pulumi.Input<string>[];
    /** CIDRs of those subnets: where the runner's traffic comes from, as seen across a peering. */
    privateSubnetCidrs: string[];
    privateRouteTableIds: pulumi.Input<string>[];
    /** Clusters of the stack's other regions. */
    remoteClusters: RemoteCluster[];
    /** The security group on the EKS control plane's network interfaces; the runner is admitted to it on 443. */
    clusterSecurityGroupId: pulumi.Input<string>;
    logsKeyArn: pulumi.Input<string>;
    logRetentionDays: number;
}

export class CiRunner extends pulumi.ComponentResource {
    readonly projectName: string;
    /** What a workflow job puts in `runs-on` to run here. */
    readonly runsOn: string;
    readonly securityGroupId: pulumi.Output<string>;
    readonly serviceRoleArn: pulumi.Output<string>;

    constructor(name: string, args: CiRunnerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:delivery:CiRunner", name, {}, opts);
        const parent = { parent: this };
        this.projectName = runnerProjectName(args.environment);
        this.runsOn = runnerLabel(this.projectName);
        const partition = "aws";

        const logGroupName = `/aws/codebuild/${this.projectName}`;
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { name: logGroupName, retentionInDays: args.logRetentionDays, kmsKeyId: args.logsKeyArn }, parent);

        const securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                vpcId: args.vpcId,
                description: "CodeBuild-hosted GitHub Actions runners: HTTPS out only",
                egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "GitHub, npm, AWS APIs, the EKS API" }],
                tags: { Name: `${name}-runner` },
            },
            parent,
        );
        // A standalone rule: the cluster security group is the one EKS creates with the cluster (not ours to own inline).
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-cluster-api`,
            {
                securityGroupId: args.clusterSecurityGroupId,
                referencedSecurityGroupId: securityGroup.id,
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                description: "Kubernetes API from the CI runners",
            },
            parent,
        );

        const role = new aws.iam.Role(`${name}-role`, { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("codebuild.amazonaws.com", args.accountId)) }, parent);
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-policy`,
            {
                role: role.id,
                policy: pulumi.all(args.privateSubnetIds).apply((subnetIds) =>
                    JSON.stringify(
                        runnerServicePolicy({ partition, region: args.region, accountId: args.accountId, logGroupName, subnetIds, connectionArn: args.connectionArn }),
                    ),
                ),
            },
            parent,
        );

        const project = new aws.codebuild.Project(
            `${name}-project`,
            {
                name: this.projectName,
                description: `GitHub Actions runners for ${args.githubRepository} in the ${args.environment} VPC (private EKS API)`,
                serviceRole: role.arn,
                source: { type: "GITHUB", location: `https://github.com/${args.githubRepository}`, auth: { type: "CODECONNECTIONS", resource: args.connectionArn } },
                artifacts: { type: "NO_ARTIFACTS" },
                environment: { type: "LINUX_CONTAINER", computeType: args.computeType, image: args.image, imagePullCredentialsType: "CODEBUILD", privilegedMode: false },
                vpcConfig: { vpcId: args.vpcId, subnets: args.privateSubnetIds, securityGroupIds: [securityGroup.id] },
                logsConfig: { cloudwatchLogs: { status: "ENABLED", groupName: logGroup.name }, s3Logs: { status: "DISABLED" } },
                buildTimeout: args.buildTimeoutMinutes,
            },
            // CodeBuild checks the role's VPC permissions when the project is created.
            { ...parent, dependsOn: [rolePolicy] },
        );
        new aws.codebuild.Webhook(`${name}-webhook`, { projectName: project.name, buildType: "BUILD", filterGroups: RUNNER_WEBHOOK_FILTER_GROUPS }, parent);

        for (const remote of args.remoteClusters) {
            this.reach(name, args, remote);
        }

        this.securityGroupId = securityGroup.id;
        this.serviceRoleArn = role.arn;
        this.registerOutputs({ projectName: this.projectName, runsOn: this.runsOn, securityGroupId: this.securityGroupId, serviceRoleArn: this.serviceRoleArn });
    }

    /** Peering to a remote region's VPC, routes both ways, and the remote cluster API open to the runner's subnets. */
    private reach(name: string, args: CiRunnerArgs, remote: RemoteCluster): void {
        const local = { parent: this };
        const there = { parent: this, provider: remote.provider };
        const peerName = `${name}-peer-${remote.prefix}`;
        // Cross-region peerings cannot be auto-accepted by the requester; the accepter side does it.
        const peering = new aws.ec2.VpcPeeringConnection(peerName, { vpcId: args.vpcId, peerVpcId: remote.vpcId, peerRegion: remote.region, tags: { Name: peerName } }, local);
        const accepter = new aws.ec2.VpcPeeringConnectionAccepter(`${peerName}-accepter`, { vpcPeeringConnectionId: peering.id, autoAccept: true, tags: { Name: peerName } }, there);
        args.privateRouteTableIds.forEach(
            (routeTableId, i) =>
                new aws.ec2.Route(`${peerName}-out-${i}`, { routeTableId, destinationCidrBlock: remote.vpcCidr, vpcPeeringConnectionId: peering.id }, { ...local, dependsOn: [accepter] }),
        );
        remote.privateRouteTableIds.forEach((routeTableId, i) =>
            args.privateSubnetCidrs.forEach(
                (cidr, j) =>
                    new aws.ec2.Route(
                        `${peerName}-back-${i}-${j}`,
                        { routeTableId, destinationCidrBlock: cidr, vpcPeeringConnectionId: peering.id },
                        { ...there, dependsOn: [accepter] },
                    ),
            ),
        );
        args.privateSubnetCidrs.forEach(
            (cidr, j) =>
                new aws.vpc.SecurityGroupIngressRule(
                    `${peerName}-cluster-api-${j}`,
                    { securityGroupId: remote.clusterSecurityGroupId, cidrIpv4: cidr, ipProtocol: "tcp", fromPort: 443, toPort: 443, description: `Kubernetes API from the CI runners in ${args.region}` },
                    there,
                ),
        );
    }
}
