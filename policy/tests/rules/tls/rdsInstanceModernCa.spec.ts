import * as aws from "@pulumi/aws";
import { rdsInstanceModernCa as policy } from "../../../rules/tls/rdsInstanceModernCa";
import { compliantRdsInstance } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("rds-instance-modern-ca", () => {
    for (const ca of ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"]) {
        it(`passes ${ca}`, async () => {
            await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), caCertIdentifier: ca }));
        });
    }

    it("fails the retired rds-ca-2019", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), caCertIdentifier: "rds-ca-2019" }),
            /caCertIdentifier must be one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1 \(found: "rds-ca-2019"\)/,
        );
    });

    it("fails caCertIdentifier left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), caCertIdentifier: undefined }), /caCertIdentifier must be one of .* \(found: undefined\)/);
    });
});
