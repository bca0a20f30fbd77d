import * as aws from "@pulumi/aws";
import { rdsInstanceNotPublic } from "../../../rules/exposure/rdsInstanceNotPublic";
import { strict as assert } from "assert";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN, violationsOf } from "../../helpers";

describe("rds-instance-not-public", () => {
    const instance = (props: Record<string, any> = {}) =>
        resourceArgs(aws.rds.Instance, { engine: "postgres", instanceClass: "db.r6g.large", publiclyAccessible: false, ...props });

    it("passes a private instance", async () => {
        await assertNoResourceViolation(rdsInstanceNotPublic, instance());
    });

    it("passes when publiclyAccessible is left unset (the provider default is false)", async () => {
        await assertNoResourceViolation(rdsInstanceNotPublic, instance({ publiclyAccessible: undefined }));
    });

    it("fails a publicly accessible instance", async () => {
        await assertResourceViolation(rdsInstanceNotPublic, instance({ publiclyAccessible: true }), /publiclyAccessible must be false or unset \(found: true\)/);
    });

    it("fails a publicly accessible Aurora cluster instance", async () => {
        const args = resourceArgs(aws.rds.ClusterInstance, { clusterIdentifier: "db", instanceClass: "db.r6g.large", engine: "aurora-postgresql", publiclyAccessible: true });
        await assertResourceViolation(rdsInstanceNotPublic, args, /publiclyAccessible must be false or unset \(found: true\)/);
    });

    it("passes a private Aurora cluster instance, and one with publiclyAccessible unset", async () => {
        const clusterInstance = (publiclyAccessible: unknown) =>
            resourceArgs(aws.rds.ClusterInstance, { clusterIdentifier: "db", instanceClass: "db.r6g.large", engine: "aurora-postgresql", publiclyAccessible });
        await assertNoResourceViolation(rdsInstanceNotPublic, clusterInstance(false));
        await assertNoResourceViolation(rdsInstanceNotPublic, clusterInstance(undefined));
    });

    it("ignores other resource types", async () => {
        await assertNoResourceViolation(rdsInstanceNotPublic, resourceArgs(aws.s3.Bucket, { publiclyAccessible: true }));
    });
});

describe("rds-instance-not-public during preview", () => {
    it("does not pass silently when publiclyAccessible is unknown", async () => {
        const args = resourceArgs(aws.rds.Instance, { engine: "postgres", publiclyAccessible: UNKNOWN });
        await assert.rejects(violationsOf(rdsInstanceNotPublic, args), /publiclyAccessible can't be known during preview/);
    });
});
