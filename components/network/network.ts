/**
 * Network: a VPC with public, private and isolated database subnets across the configured AZs,
 * NAT per AZ or single, flow logs to an encrypted log group, VPC endpoints for the AWS APIs the
 * cluster needs (S3 both as a gateway and as an interface endpoint with private DNS, so S3 resolves to
 * addresses inside the VPC that a NetworkPolicy can allow), and an emptied default security group.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { carveSubnets, SubnetNewBits, SubnetSpec, SubnetTier } from "../../lib/cidr";
import { policyDocument, serviceTrustPolicy } from "../../lib/iam";

/** Interface endpoints that let private nodes pull images, get credentials and ship logs without NAT. */
export const INTERFACE_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "sts", "logs", "secretsmanager", "kms"] as const;

export type NatStrategy = "single" | "perAz";

/** How many NAT gateways a strategy needs. */
export function natGatewayCount(strategy: NatStrategy, azCount: number): number {
    return strategy === "perAz" ? azCount : 1;
}

/** Which NAT gateway (by index) the private subnets of an AZ route through. */
export function natGatewayIndexForAz(strategy: NatStrategy, azIndex: number): number {
    return strategy === "perAz" ? azIndex : 0;
}

/** Tags the AWS Load Balancer Controller and EKS use to find subnets. */
export function subnetRoleTags(tier: SubnetTier): Record<string, string> {
    switch (tier) {
        case "public":
            return { "kubernetes.io/role/elb": "1", tier };
        case "private":
            return { "kubernetes.io/role/internal-elb": "1", tier };
        case "database":
            return { tier };
    }
}

/** Subnet CIDRs per tier, in AZ order. */
export function subnetCidrsByTier(subnets: SubnetSpec[]): Record<SubnetTier, string[]> {
    const byTier: Record<SubnetTier, string[]> = { public: [], private: [], database: [] };
    for (const spec of [...subnets].sort((a, b) => a.azIndex - b.azIndex)) {
        byTier[spec.tier].push(spec.cidr);
    }
    return byTier;
}

/**
 * S3 as an interface endpoint. Private DNS makes s3.<region>.amazonaws.com and *.s3.<region>.amazonaws.com
 * resolve to the endpoint's addresses in the VPC. With a gateway endpoint in the same VPC, AWS would by
 * default answer VPC queries with S3's public addresses (private DNS "only for inbound resolver endpoints"),
 * which no CIDR-based NetworkPolicy can allow, so that option is explicitly off.
 */
export function s3InterfaceEndpointDns(): { privateDnsEnabled: true; dnsOptions: { privateDnsOnlyForInboundResolverEndpoint: false } } {
    return { privateDnsEnabled: true, dnsOptions: { privateDnsOnlyForInboundResolverEndpoint: false } };
}

export interface NetworkArgs {
    accountId: string;
    region: string;
    vpcCidr: string;
    azCount: number;
    natStrategy: NatStrategy;
    subnetNewBits: SubnetNewBits;
    flowLogRetentionDays: number;
    /** KMS key for the flow log group. */
    logsKeyArn: pulumi.Input<string>;
    /**
     * Also an SQS interface endpoint: pods whose NetworkPolicy allows HTTPS only to the private subnets reach
     * their queues through it (sqs.<region>.amazonaws.com resolves to it with private DNS). Only when a service has a queue.
     */
    sqsEndpoint?: boolean;
    /** Extra tags on the private subnets, e.g. the discovery tag Karpenter selects node subnets by. */
    privateSubnetTags?: Record<string, string>;
}

export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: string;
    readonly publicSubnetIds: pulumi.Output<string>[];
    readonly privateSubnetIds: pulumi.Output<string>[];
    readonly databaseSubnetIds: pulumi.Output<string>[];
    readonly privateRouteTableIds: pulumi.Output<string>[];
    readonly natPublicIps: pulumi.Output<string>[];
    readonly availabilityZones: pulumi.Output<string[]>;
    readonly subnets: SubnetSpec[];
    /** Subnet CIDRs by tier, known before deployment (for NetworkPolicies, which only take CIDRs). */
    readonly subnetCidrs: Record<SubnetTier, string[]>;
    /** Where the interface endpoints' network interfaces live: HTTPS to these reaches the AWS APIs, S3 included. */
    readonly interfaceEndpointCidrs: string[];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:Network", name, {}, opts);
        const parent = { parent: this };
        this.vpcCidr = args.vpcCidr;
        this.subnets = carveSubnets(args.vpcCidr, args.azCount, args.subnetNewBits);
        this.subnetCidrs = subnetCidrsByTier(this.subnets);
        this.interfaceEndpointCidrs = this.subnetCidrs.private;

        const zones = aws.getAvailabilityZonesOutput({ state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] }, parent);
        this.availabilityZones = zones.names.apply((names) => {
            if (names.length < args.azCount) {
                throw new Error(`${args.region} has ${names.length} available AZs; azCount is ${args.azCount}`);
            }
            return names.slice(0, args.azCount);
        });

        const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: args.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: `${name}-vpc` } }, parent);
        this.vpcId = vpc.id;

        // The default group allows all traffic between members; with no rules nothing can rely on it.
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, ingress: [], egress: [], tags: { Name: `${name}-default-do-not-use` } }, parent);

        const subnetsByTier: Record<SubnetTier, aws.ec2.Subnet[]> = { public: [], private: [], database: [] };
        for (const spec of this.subnets) {
            const subnetName = `${name}-${spec.tier}-${spec.azIndex}`;
            subnetsByTier[spec.tier].push(
                new aws.ec2.Subnet(
                    subnetName,
                    {
                        vpcId: vpc.id,
                        cidrBlock: spec.cidr,
                        availabilityZone: this.availabilityZones.apply((azs) => azs[spec.azIndex]),
                        mapPublicIpOnLaunch: false,
                        tags: { Name: subnetName, ...subnetRoleTags(spec.tier), ...(spec.tier === "private" ? args.privateSubnetTags : {}) },
                    },
                    parent,
                ),
            );
        }
        this.publicSubnetIds = subnetsByTier.public.map((s) => s.id);
        this.privateSubnetIds = subnetsByTier.private.map((s) => s.id);
        this.databaseSubnetIds = subnetsByTier.database.map((s) => s.id);

        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: `${name}-igw` } }, parent);
        const publicRouteTable = new aws.ec2.RouteTable(`${name}-public-rt`, { vpcId: vpc.id, tags: { Name: `${name}-public-rt` } }, parent);
        new aws.ec2.Route(`${name}-public-default`, { routeTableId: publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, parent);
        subnetsByTier.public.forEach((subnet, i) =>
            new aws.ec2.RouteTableAssociation(`${name}-public-rta-${i}`, { routeTableId: publicRouteTable.id, subnetId: subnet.id }, parent),
        );

        const natGateways: aws.ec2.NatGateway[] = [];
        for (let i = 0; i < natGatewayCount(args.natStrategy, args.azCount); i++) {
            const eip = new aws.ec2.Eip(`${name}-nat-eip-${i}`, { domain: "vpc", tags: { Name: `${name}-nat-${i}` } }, { ...parent, dependsOn: [igw] });
            natGateways.push(
                new aws.ec2.NatGateway(`${name}-nat-${i}`, { allocationId: eip.id, subnetId: subnetsByTier.public[i].id, tags: { Name: `${name}-nat-${i}` } }, parent),
            );
        }
        this.natPublicIps = natGateways.map((nat) => nat.publicIp);

        const privateRouteTables = subnetsByTier.private.map((subnet, azIndex) => {
            const table = new aws.ec2.RouteTable(`${name}-private-rt-${azIndex}`, { vpcId: vpc.id, tags: { Name: `${name}-private-rt-${azIndex}` } }, parent);
            new aws.ec2.Route(
                `${name}-private-default-${azIndex}`,
                { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: natGateways[natGatewayIndexForAz(args.natStrategy, azIndex)].id },
                parent,
            );
            new aws.ec2.RouteTableAssociation(`${name}-private-rta-${azIndex}`, { routeTableId: table.id, subnetId: subnet.id }, parent);
            return table;
        });
        this.privateRouteTableIds = privateRouteTables.map((t) => t.id);

        // Database subnets get a table with only the local route: no path to or from the internet.
        const databaseRouteTable = new aws.ec2.RouteTable(`${name}-database-rt`, { vpcId: vpc.id, tags: { Name: `${name}-database-rt` } }, parent);
        subnetsByTier.database.forEach((subnet, i) =>
            new aws.ec2.RouteTableAssociation(`${name}-database-rta-${i}`, { routeTableId: databaseRouteTable.id, subnetId: subnet.id }, parent),
        );

        this.createFlowLogs(name, args, vpc);
        this.createEndpoints(name, args, vpc, [...privateRouteTables, databaseRouteTable], subnetsByTier.private);

        this.registerOutputs({
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            databaseSubnetIds: this.databaseSubnetIds,
            natPublicIps: this.natPublicIps,
        });
    }

    private createFlowLogs(name: string, args: NetworkArgs, vpc: aws.ec2.Vpc): void {
        const parent = { parent: this };
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            { name: `/platform/${name}/vpc-flow-logs`, retentionInDays: args.flowLogRetentionDays, kmsKeyId: args.logsKeyArn },
            parent,
        );
        const role = new aws.iam.Role(
            `${name}-flow-logs-role`,
            { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("vpc-flow-logs.amazonaws.com", args.accountId)) },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-flow-logs-policy`,
            {
                role: role.id,
                policy: logGroup.arn.apply((arn) =>
                    JSON.stringify(
                        policyDocument([
                            {
                                Effect: "Allow",
                                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                                Resource: [arn, `${arn}:*`],
                            },
                            { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
                        ]),
                    ),
                ),
            },
            parent,
        );
        new aws.ec2.FlowLog(
            `${name}-flow-log`,
            {
                vpcId: vpc.id,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.arn,
                iamRoleArn: role.arn,
                maxAggregationInterval: 60,
            },
            parent,
        );
    }

    private createEndpoints(name: string, args: NetworkArgs, vpc: aws.ec2.Vpc, routeTables: aws.ec2.RouteTable[], privateSubnets: aws.ec2.Subnet[]): void {
        const parent = { parent: this };
        // The gateway endpoint stays: the database subnets and anything not using the VPC resolver route through it.
        const s3Gateway = new aws.ec2.VpcEndpoint(
            `${name}-s3-endpoint`,
            { vpcId: vpc.id, serviceName: `com.amazonaws.${args.region}.s3`, vpcEndpointType: "Gateway", routeTableIds: routeTables.map((t) => t.id) },
            parent,
        );
        const endpointSecurityGroup = new aws.ec2.SecurityGroup(
            `${name}-endpoints-sg`,
            {
                vpcId: vpc.id,
                description: "HTTPS from inside the VPC to interface endpoints",
                ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [args.vpcCidr], description: "HTTPS from the VPC" }],
                tags: { Name: `${name}-endpoints` },
            },
            parent,
        );
        for (const service of [...INTERFACE_ENDPOINT_SERVICES, ...(args.sqsEndpoint ? ["sqs"] : [])]) {
            new aws.ec2.VpcEndpoint(
                `${name}-${service.replace(".", "-")}-endpoint`,
                {
                    vpcId: vpc.id,
                    serviceName: `com.amazonaws.${args.region}.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: privateSubnets.map((s) => s.id),
                    securityGroupIds: [endpointSecurityGroup.id],
                },
                parent,
            );
        }
        new aws.ec2.VpcEndpoint(
            `${name}-s3-interface-endpoint`,
            {
                vpcId: vpc.id,
                serviceName: `com.amazonaws.${args.region}.s3`,
                vpcEndpointType: "Interface",
                ...s3InterfaceEndpointDns(),
                subnetIds: privateSubnets.map((s) => s.id),
                securityGroupIds: [endpointSecurityGroup.id],
            },
            // After the gateway endpoint: AWS evaluates the S3 private DNS options against an existing gateway endpoint.
            { ...parent, dependsOn: [s3Gateway] },
        );
    }
}
