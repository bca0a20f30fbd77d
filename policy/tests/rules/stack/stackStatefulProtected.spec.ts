import { strict as assert } from "assert";
import { stackStatefulProtected } from "../../../rules/stack/stackStatefulProtected";
import { assertNoStackViolation, assertStackViolation, stackArgs, stackViolationsOf } from "../../helpers";

const STATEFUL = [
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:s3/bucket:Bucket",
    "aws:kms/key:Key",
    "aws:secretsmanager/secret:Secret",
    "mongodbatlas:index/advancedCluster:AdvancedCluster",
];

describe("stack-stateful-protected", () => {
    it("passes protected stateful resources and ignores stateless ones", async () => {
        const args = stackArgs([
            ...STATEFUL.map((type, i) => ({ type, name: `stateful-${i}`, props: {}, protect: true })),
            { type: "aws:ec2/securityGroup:SecurityGroup", name: "sg", props: {} },
        ]);
        await assertNoStackViolation(stackStatefulProtected, args);
    });

    for (const type of STATEFUL) {
        it(`fails an unprotected ${type}`, async () => {
            const args = stackArgs([{ type, name: "data", props: {}, protect: false }]);
            await assertStackViolation(stackStatefulProtected, args, new RegExp(`^${type.replace(/[/.]/g, "\\$&")} "data" must set the protect resource option \\(found: protect false\\)$`));
        });
    }

    it("reports each unprotected resource against its URN", async () => {
        const violations = await stackViolationsOf(stackStatefulProtected, stackArgs([{ type: "aws:kms/key:Key", name: "key", props: {} }]));
        assert.deepEqual(
            violations.map((v) => v.urn),
            ["urn:pulumi:test::platform::aws:kms/key:Key::key"],
        );
    });

    it("is off when requireProtection is false", async () => {
        const args = stackArgs([{ type: "aws:rds/instance:Instance", name: "db", props: {} }], { config: { requireProtection: false } });
        await assertNoStackViolation(stackStatefulProtected, args);
    });
});
