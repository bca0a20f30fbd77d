import * as aws from "@pulumi/aws";
import { elasticacheLogDelivery as policy } from "../../../rules/logging/elasticacheLogDelivery";
import { compliantReplicationGroup } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const RG = aws.elasticache.ReplicationGroup;

describe("elasticache-log-delivery", () => {
    it("passes slow-log and engine-log delivery", async () => {
        await assertNoResourceViolation(policy, resourceArgs(RG, compliantReplicationGroup()));
    });

    it("fails without engine-log", async () => {
        const [slowLog] = compliantReplicationGroup().logDeliveryConfigurations;
        await assertResourceViolation(
            policy,
            resourceArgs(RG, { ...compliantReplicationGroup(), logDeliveryConfigurations: [slowLog] }),
            /logDeliveryConfigurations must deliver slow-log and engine-log \(found: \["slow-log"\]; missing: engine-log\)/,
        );
    });

    it("fails without slow-log", async () => {
        const [, engineLog] = compliantReplicationGroup().logDeliveryConfigurations;
        await assertResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), logDeliveryConfigurations: [engineLog] }), /missing: slow-log\)/);
    });

    it("fails logDeliveryConfigurations left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), logDeliveryConfigurations: undefined }), /\(found: \[\]; missing: slow-log, engine-log\)/);
    });
});
