import { eksComponentManagedNodeGroupImdsv2 } from "../../../rules/identity/eksComponentManagedNodeGroupImdsv2";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("eks-component-managed-node-group-imdsv2", () => {
    const nodeGroup = (props: Record<string, any>) => resourceArgs("eks:index:ManagedNodeGroup", { instanceTypes: ["m7g.large"], ...props });

    it("passes enableIMDSv2 true", async () => {
        await assertNoResourceViolation(eksComponentManagedNodeGroupImdsv2, nodeGroup({ enableIMDSv2: true }));
    });

    it("passes a custom launch template", async () => {
        await assertNoResourceViolation(eksComponentManagedNodeGroupImdsv2, nodeGroup({ launchTemplate: { id: "lt-123", version: "$Latest" } }));
    });

    it("fails when neither is set", async () => {
        await assertResourceViolation(
            eksComponentManagedNodeGroupImdsv2,
            nodeGroup({}),
            /enableIMDSv2 must be true, or launchTemplate must name a launch template \(found: enableIMDSv2 undefined, launchTemplate undefined\)/,
        );
    });

    it("fails enableIMDSv2 false without a launch template", async () => {
        await assertResourceViolation(eksComponentManagedNodeGroupImdsv2, nodeGroup({ enableIMDSv2: false }), /found: enableIMDSv2 false/);
    });

    it("fails a launch template that names no template", async () => {
        await assertResourceViolation(eksComponentManagedNodeGroupImdsv2, nodeGroup({ launchTemplate: { version: "1" } }), /launchTemplate \{"version":"1"\}/);
    });
});
