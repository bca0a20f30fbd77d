import * as assert from "assert";
import { runnerLabel, runnerProjectName, runnerServicePolicy, RunnerPolicyInputs } from "../../components/delivery/ciRunner";
import { mockResourceState } from "../../offline/mocks";
import { revealSecrets } from "../../offline/secrets";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { dependentsOf, ofType, single, STACKS, synthesizeStack } from "../support/synthesis";

const POLICY_INPUTS: RunnerPolicyInputs = {
    partition: "aws",
    region: "us-east-1",
    accountId: "111122223333",
    logGroupName: "/aws/codebuild/platform-dev-ci-runner",
    subnetIds: ["subnet-0a", "subnet-0b"],
    connectionArn: "arn:aws:codeconnections:us-east-1:111122223333:connection/0b6f1c9e-3d2a-4e8b-9f71-5a4c2d8e6b10",
};

describe("delivery: CI runner, pure parts", () => {
    it("labels jobs the way CodeBuild routes them: codebuild-<project>-<run id>-<run attempt>", () => {
        assert.strictEqual(runnerLabel(runnerProjectName("prod")), "codebuild-platform-prod-ci-runner-${{ github.run_id }}-${{ github.run_attempt }}");
    });

    it("service role: its own log group, ENI permission only in the runner's subnets, the one connection", () => {
        const policy = runnerServicePolicy(POLICY_INPUTS);
        const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
        assert.deepStrictEqual(bySid.Logs.Resource, [
            "arn:aws:logs:us-east-1:111122223333:log-group:/aws/codebuild/platform-dev-ci-runner",
            "arn:aws:logs:us-east-1:111122223333:log-group:/aws/codebuild/platform-dev-ci-runner:log-stream:*",
        ]);
        assert.deepStrictEqual(bySid.VpcNetworkInterfacePermission.Condition, {
            StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
            ArnEquals: { "ec2:Subnet": ["arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0a", "arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0b"] },
        });
        assert.deepStrictEqual(bySid.GitHubConnection.Action, ["codeconnections:GetConnection", "codeconnections:GetConnectionToken"]);
        assert.strictEqual(bySid.GitHubConnection.Resource, POLICY_INPUTS.connectionArn);
    });

    it("grants nothing beyond logs, network interfaces and the connection (no deploy rights: jobs use OIDC roles)", () => {
        const actions = runnerServicePolicy(POLICY_INPUTS).Statement.flatMap((s) => [s.Action].flat());
        for (const action of actions) {
            assert.match(action, /^(logs:(CreateLogStream|PutLogEvents)|ec2:(Create|Delete|Describe)\w*NetworkInterface\w*|ec2:Describe\w+|codeconnections:GetConnection(Token)?)$/);
            assert.ok(!action.includes("*"), `${action} is a wildcard`);
        }
        const wildcardResources = runnerServicePolicy(POLICY_INPUTS).Statement.filter((s) => s.Resource === "*");
        assert.deepStrictEqual(wildcardResources.map((s) => s.Sid), ["VpcNetworkInterfaces"]);
    });

    it("uses the connection ARN's own service prefix (older connections are codestar-connections)", () => {
        const arn = "arn:aws:codestar-connections:us-east-1:111122223333:connection/0b6f1c9e-3d2a-4e8b-9f71-5a4c2d8e6b10";
        const statement = runnerServicePolicy({ ...POLICY_INPUTS, connectionArn: arn }).Statement.find((s) => s.Sid === "GitHubConnection")!;
        assert.deepStrictEqual(statement.Action, ["codestar-connections:GetConnection", "codestar-connections:GetConnectionToken"]);
    });

    it("refuses a non-connection ARN and an empty subnet list", () => {
        assert.throws(() => runnerServicePolicy({ ...POLICY_INPUTS, connectionArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:x" }), /not a CodeConnections connection ARN/);
        assert.throws(() => runnerServicePolicy({ ...POLICY_INPUTS, subnetIds: [] }), /at least one subnet/);
    });
});

function dependsOn(resource: SynthesizedResource, property: string, target: SynthesizedResource): boolean {
    return (resource.propertyDependencies[property] ?? []).includes(target.urn);
}

function primaryRegion(result: SynthesisResult): string {
    return single(result, "aws:codebuild/project:Project").region!;
}

describe("delivery: CI runner in each synthesized stack", () => {
    for (const stack of STACKS) {
        describe(stack, () => {
            it("one CodeBuild project, in the primary region's private subnets, behind its own security group", async () => {
                const result = await synthesizeStack(stack);
                const project = single(result, "aws:codebuild/project:Project");
                assert.strictEqual(project.region, "us-east-1");
                assert.strictEqual(project.inputs.name, `platform-${stack}-ci-runner`);
                const privateSubnets = ofType(result, "aws:ec2/subnet:Subnet").filter((s) => s.region === project.region && s.name.includes("-private-"));
                assert.ok(privateSubnets.length >= 2);
                const vpcSubnets = project.inputs.vpcConfig.subnets as string[];
                assert.strictEqual(vpcSubnets.length, privateSubnets.length);
                for (const subnet of privateSubnets) assert.ok(dependsOn(project, "vpcConfig", subnet), `${subnet.name} is not a runner subnet`);
                const publicSubnets = ofType(result, "aws:ec2/subnet:Subnet").filter((s) => s.name.includes("-public-"));
                for (const subnet of publicSubnets) assert.ok(!dependsOn(project, "vpcConfig", subnet), `runner in public subnet ${subnet.name}`);
                const sg = single(result, "aws:ec2/securityGroup:SecurityGroup", "-ci-runner-sg");
                assert.ok(dependsOn(project, "vpcConfig", sg));
                assert.deepStrictEqual(sg.inputs.ingress ?? [], []);
                assert.deepStrictEqual(
                    sg.inputs.egress.map((e: any) => [e.protocol, e.fromPort, e.toPort]),
                    [["tcp", 443, 443]],
                );
            });

            it("GitHub source through the configured connection, started only by queued workflow jobs", async () => {
                const result = await synthesizeStack(stack);
                const project = single(result, "aws:codebuild/project:Project");
                assert.strictEqual(project.inputs.source.type, "GITHUB");
                assert.strictEqual(project.inputs.source.location, "https://github.com/example-org/platform");
                assert.strictEqual(project.inputs.source.auth.type, "CODECONNECTIONS");
                assert.match(project.inputs.source.auth.resource, /^arn:aws:codeconnections:us-east-1:\d{12}:connection\//);
                assert.strictEqual(project.inputs.environment.privilegedMode, false);
                const webhook = single(result, "aws:codebuild/webhook:Webhook");
                assert.ok(dependsOn(webhook, "projectName", project));
                assert.deepStrictEqual(webhook.inputs.filterGroups, [{ filters: [{ type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" }] }]);
            });

            it("the runner's group is admitted to the primary cluster's API on 443, and nowhere else", async () => {
                const result = await synthesizeStack(stack);
                const sg = single(result, "aws:ec2/securityGroup:SecurityGroup", "-ci-runner-sg");
                const admitted = dependentsOf(result, sg, "referencedSecurityGroupId");
                assert.deepStrictEqual(
                    admitted.map((r) => [r.type, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort]),
                    [["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "tcp", 443, 443]],
                );
                const primary = primaryRegion(result);
                const cluster = ofType(result, "eks:index:Cluster").find((c) => c.inputs.name.includes(primary === "us-east-1" ? "use1" : primary))!;
                assert.ok(dependsOn(admitted[0], "securityGroupId", cluster), "the ingress rule is not on the primary cluster's security group");
                // The cluster's security group (on the control plane's interfaces), not the node group's.
                const outputs = mockResourceState({ type: cluster.type, name: cluster.name, inputs: revealSecrets(cluster.inputs), provider: cluster.provider, custom: false }, primary, "000000000000").state;
                assert.strictEqual(admitted[0].inputs.securityGroupId, outputs.clusterSecurityGroupId);
            });

            it("logs to its own KMS-encrypted log group; the role can write only there", async () => {
                const result = await synthesizeStack(stack);
                const project = single(result, "aws:codebuild/project:Project");
                const logGroup = single(result, "aws:cloudwatch/logGroup:LogGroup", "-ci-runner-logs");
                assert.ok(dependsOn(project, "logsConfig", logGroup));
                assert.strictEqual(project.inputs.logsConfig.cloudwatchLogs.groupName, logGroup.inputs.name);
                const logsKey = ofType(result, "aws:kms/key:Key").find((k) => k.region === logGroup.region && k.name.endsWith("-logs"))!;
                assert.ok(dependsOn(logGroup, "kmsKeyId", logsKey), "the runner's log group is not encrypted with the logs key");
                const role = single(result, "aws:iam/role:Role", "-ci-runner-role");
                assert.ok(dependsOn(project, "serviceRole", role));
                assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal, { Service: "codebuild.amazonaws.com" });
                const policy = JSON.parse(single(result, "aws:iam/rolePolicy:RolePolicy", "-ci-runner-policy").inputs.policy);
                const logs = policy.Statement.find((s: any) => s.Sid === "Logs");
                assert.ok(logs.Resource.every((r: string) => r.includes(`:log-group:${logGroup.inputs.name}`)));
            });

            it("the project waits for its role's policy (CodeBuild checks VPC permissions at creation)", async () => {
                const result = await synthesizeStack(stack);
                const project = single(result, "aws:codebuild/project:Project");
                const policy = single(result, "aws:iam/rolePolicy:RolePolicy", "-ci-runner-policy");
                assert.ok(project.options.dependsOn.includes(policy.urn));
            });
        });
    }

    it("single-region stacks peer nothing", async () => {
        for (const stack of ["dev", "staging"]) {
            const result = await synthesizeStack(stack);
            assert.deepStrictEqual(ofType(result, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection"), [], stack);
        }
    });

    it("prod: the runner reaches the us-west-2 cluster API through a peering, routed both ways, admitted on 443", async () => {
        const result = await synthesizeStack("prod");
        const peering = single(result, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection");
        assert.strictEqual(peering.region, "us-east-1");
        assert.strictEqual(peering.inputs.peerRegion, "us-west-2");
        const vpcs = ofType(result, "aws:ec2/vpc:Vpc");
        const east = vpcs.find((v) => v.region === "us-east-1")!;
        const west = vpcs.find((v) => v.region === "us-west-2")!;
        assert.ok(dependsOn(peering, "vpcId", east) && dependsOn(peering, "peerVpcId", west));
        const accepter = single(result, "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter");
        assert.strictEqual(accepter.region, "us-west-2");
        assert.strictEqual(accepter.inputs.autoAccept, true);

        const eastPrivateCidrs = ["10.30.0.0/20", "10.30.16.0/20", "10.30.32.0/20"].sort();
        const viaPeering = ofType(result, "aws:ec2/route:Route").filter((r) => dependsOn(r, "vpcPeeringConnectionId", peering));
        const privateTables = (region: string) => ofType(result, "aws:ec2/routeTable:RouteTable").filter((t) => t.region === region && t.name.includes("private"));
        const out = viaPeering.filter((r) => r.region === "us-east-1");
        assert.deepStrictEqual(out.map((r) => r.inputs.destinationCidrBlock), ["10.31.0.0/16", "10.31.0.0/16", "10.31.0.0/16"]);
        for (const table of privateTables("us-east-1")) assert.ok(out.some((r) => dependsOn(r, "routeTableId", table)), `${table.name} has no route to us-west-2`);
        const back = viaPeering.filter((r) => r.region === "us-west-2");
        for (const table of privateTables("us-west-2")) {
            const cidrs = back.filter((r) => dependsOn(r, "routeTableId", table)).map((r) => r.inputs.destinationCidrBlock).sort();
            assert.deepStrictEqual(cidrs, eastPrivateCidrs, `${table.name} does not route back to the runner's subnets`);
        }
        assert.ok(viaPeering.every((r) => r.options.dependsOn.includes(accepter.urn)), "routes must wait for the accepted peering");

        const westCluster = ofType(result, "eks:index:Cluster").find((c) => c.name.includes("usw2"))!;
        const westOutputs = mockResourceState({ type: westCluster.type, name: westCluster.name, inputs: revealSecrets(westCluster.inputs), provider: westCluster.provider, custom: false }, "us-west-2", "000000000000").state;
        const admitted = ofType(result, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === westOutputs.clusterSecurityGroupId);
        assert.deepStrictEqual(admitted.map((r) => [r.region, r.inputs.cidrIpv4, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort]).sort(), eastPrivateCidrs.map((c) => ["us-west-2", c, "tcp", 443, 443]));
    });

    it("no runner without platform:delivery", async () => {
        const result = await synthesizeStack("dev", { delivery: undefined });
        assert.deepStrictEqual(ofType(result, "aws:codebuild/project:Project"), []);
    });
});
