import * as assert from "assert";
import { INTERFACE_ENDPOINT_SERVICES, natGatewayCount, natGatewayIndexForAz, subnetRoleTags } from "../../components/network/network";
import { SynthesizedResource } from "../../offline/types";
import { dependentsOf, ofType, single, STACKS, synthesizeStack } from "../support/synthesis";

const inRegion = (resources: SynthesizedResource[], region: string) => resources.filter((r) => r.region === region);

describe("network: pure rules", () => {
    it("NAT count per strategy and AZ count", () => {
        assert.strictEqual(natGatewayCount("single", 3), 1);
        assert.strictEqual(natGatewayCount("perAz", 2), 2);
        assert.strictEqual(natGatewayCount("perAz", 4), 4);
        assert.deepStrictEqual([0, 1, 2].map((az) => natGatewayIndexForAz("single", az)), [0, 0, 0]);
        assert.deepStrictEqual([0, 1, 2].map((az) => natGatewayIndexForAz("perAz", az)), [0, 1, 2]);
    });

    it("tags subnets for load balancer discovery by tier", () => {
        assert.strictEqual(subnetRoleTags("public")["kubernetes.io/role/elb"], "1");
        assert.strictEqual(subnetRoleTags("private")["kubernetes.io/role/internal-elb"], "1");
        assert.deepStrictEqual(subnetRoleTags("database"), { tier: "database" });
    });
});

describe("network: synthesized stacks", () => {
    const expectations = {
        dev: [{ region: "us-east-1", azCount: 2, nat: 1 }],
        staging: [{ region: "us-east-1", azCount: 3, nat: 3 }],
        prod: [
            { region: "us-east-1", azCount: 3, nat: 3 },
            { region: "us-west-2", azCount: 3, nat: 3 },
        ],
    };
    for (const stack of STACKS) {
        for (const expected of expectations[stack]) {
            it(`${stack}/${expected.region}: ${expected.azCount * 3} subnets, ${expected.nat} NAT gateway(s), private routes to NAT in their own AZ`, async () => {
                const result = await synthesizeStack(stack);
                const subnets = inRegion(ofType(result, "aws:ec2/subnet:Subnet"), expected.region);
                assert.strictEqual(subnets.length, expected.azCount * 3);
                assert.ok(subnets.every((s) => s.inputs.mapPublicIpOnLaunch === false));
                const nats = inRegion(ofType(result, "aws:ec2/natGateway:NatGateway"), expected.region);
                assert.strictEqual(nats.length, expected.nat);
                const privateRoutes = inRegion(ofType(result, "aws:ec2/route:Route"), expected.region).filter((r) => r.name.includes("-private-default-"));
                assert.strictEqual(privateRoutes.length, expected.azCount);
                for (const route of privateRoutes) {
                    const az = Number(route.name.split("-").pop());
                    const nat = nats.find((n) => route.propertyDependencies.natGatewayId?.includes(n.urn));
                    assert.ok(nat, `${route.name} has no NAT gateway`);
                    assert.ok(nat.name.endsWith(`-nat-${expected.nat === 1 ? 0 : az}`), `${route.name} routes via ${nat.name}`);
                }
                // Database subnets have no route out.
                const databaseTable = single(result, "aws:ec2/routeTable:RouteTable", `${stack}-${expected.region === "us-east-1" ? "use1" : "usw2"}-network-database-rt`);
                assert.deepStrictEqual(dependentsOf(result, databaseTable, "routeTableId").filter((r) => r.type === "aws:ec2/route:Route"), []);
            });
        }
    }

    it("VPC flow logs capture all traffic into a KMS-encrypted log group with retention", async () => {
        const result = await synthesizeStack("prod");
        const vpcs = ofType(result, "aws:ec2/vpc:Vpc");
        assert.strictEqual(vpcs.length, 2);
        for (const vpc of vpcs) {
            const [flowLog] = dependentsOf(result, vpc, "vpcId").filter((r) => r.type === "aws:ec2/flowLog:FlowLog");
            assert.ok(flowLog, `${vpc.name} has no flow log`);
            assert.strictEqual(flowLog.inputs.trafficType, "ALL");
            assert.strictEqual(flowLog.inputs.logDestinationType, "cloud-watch-logs");
            const logGroup = result.resources.find((r) => flowLog.propertyDependencies.logDestination?.includes(r.urn))!;
            assert.strictEqual(logGroup.type, "aws:cloudwatch/logGroup:LogGroup");
            assert.strictEqual(logGroup.inputs.retentionInDays, 365);
            const key = result.resources.find((r) => logGroup.propertyDependencies.kmsKeyId?.includes(r.urn))!;
            assert.strictEqual(key.type, "aws:kms/key:Key");
            assert.ok(key.name.endsWith("-keys-logs"));
            assert.strictEqual(key.region, vpc.region, "the key is in the VPC's region");
        }
    });

    it("has an S3 gateway endpoint and private-DNS interface endpoints for the AWS APIs nodes need, S3 included", async () => {
        const result = await synthesizeStack("dev");
        const endpoints = ofType(result, "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.name.startsWith("dev-use1-network-"));
        const gateway = endpoints.filter((e) => e.inputs.vpcEndpointType === "Gateway");
        assert.deepStrictEqual(gateway.map((e) => e.inputs.serviceName), ["com.amazonaws.us-east-1.s3"]);
        assert.strictEqual(gateway[0].inputs.routeTableIds.length, 3, "both private tables and the database table");
        const interfaces = endpoints.filter((e) => e.inputs.vpcEndpointType === "Interface");
        assert.deepStrictEqual(
            interfaces.map((e) => e.inputs.serviceName).sort(),
            // sqs: the dev stack gives services queues (tests/services/serviceQueue.spec.ts).
            [...INTERFACE_ENDPOINT_SERVICES, "s3", "sqs"].map((s) => `com.amazonaws.us-east-1.${s}`).sort(),
        );
        assert.ok(interfaces.every((e) => e.inputs.privateDnsEnabled === true && e.inputs.subnetIds.length === 2));
    });

    it("makes S3 resolve to the interface endpoint inside the VPC (what a CIDR NetworkPolicy can allow), created after the gateway endpoint", async () => {
        const result = await synthesizeStack("prod");
        for (const code of ["use1", "usw2"]) {
            const s3 = single(result, "aws:ec2/vpcEndpoint:VpcEndpoint", `prod-${code}-network-s3-interface-endpoint`);
            assert.strictEqual(s3.inputs.privateDnsEnabled, true);
            // true would answer the VPC's own queries with S3's public addresses again (traffic to the gateway endpoint).
            assert.deepStrictEqual(s3.inputs.dnsOptions, { privateDnsOnlyForInboundResolverEndpoint: false });
            const gateway = single(result, "aws:ec2/vpcEndpoint:VpcEndpoint", `prod-${code}-network-s3-endpoint`);
            assert.ok(s3.options.dependsOn.includes(gateway.urn));
            const subnets = result.resources.filter((r) => (s3.propertyDependencies.subnetIds ?? []).includes(r.urn));
            assert.deepStrictEqual(subnets.map((r) => r.inputs.tags.tier), ["private", "private", "private"]);
        }
    });

    it("empties the default security group", async () => {
        const result = await synthesizeStack("staging");
        const group = single(result, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        assert.deepStrictEqual(group.inputs.ingress, []);
        assert.deepStrictEqual(group.inputs.egress, []);
    });

    it("places subnets in the AZs the region reports, one AZ per index", async () => {
        const result = await synthesizeStack("prod");
        const west = inRegion(ofType(result, "aws:ec2/subnet:Subnet"), "us-west-2").filter((s) => s.name.includes("-private-"));
        assert.deepStrictEqual(west.map((s) => s.inputs.availabilityZone), ["us-west-2a", "us-west-2b", "us-west-2c"]);
    });
});
