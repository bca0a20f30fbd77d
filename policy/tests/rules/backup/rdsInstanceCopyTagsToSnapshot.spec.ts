import * as aws from "@pulumi/aws";
import { rdsInstanceCopyTagsToSnapshot as policy } from "../../../rules/backup/rdsInstanceCopyTagsToSnapshot";
import { compliantRdsInstance } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("rds-instance-copy-tags-to-snapshot", () => {
    it("passes copyTagsToSnapshot true", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, compliantRdsInstance()));
    });

    it("fails copyTagsToSnapshot false", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), copyTagsToSnapshot: false }), /copyTagsToSnapshot must be true \(found: false\)/);
    });

    it("fails copyTagsToSnapshot left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), copyTagsToSnapshot: undefined }), /copyTagsToSnapshot must be true \(found: undefined\)/);
    });
});
