import * as mongodbatlas from "@pulumi/mongodbatlas";
import { atlasEncryptionAtRestEnabled } from "../../../rules/atlas/atlasEncryptionAtRestEnabled";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const KMS = { enabled: true, customerMasterKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab", region: "EU_WEST_1", roleId: "6500000000000000000000bb" };
const encryption = (awsKmsConfig: Record<string, any> | undefined) => resourceArgs(mongodbatlas.EncryptionAtRest, { projectId: "p1", awsKmsConfig });

describe("atlas-encryption-at-rest-enabled", () => {
    it("passes an enabled key reached through a role", async () => {
        await assertNoResourceViolation(atlasEncryptionAtRestEnabled, encryption(KMS));
    });

    it("fails enabled false", async () => {
        await assertResourceViolation(atlasEncryptionAtRestEnabled, encryption({ ...KMS, enabled: false }), /^awsKmsConfig\.enabled must be true \(found: false\)$/);
    });

    it("fails awsKmsConfig left unset", async () => {
        await assertResourceViolation(atlasEncryptionAtRestEnabled, encryption(undefined), /^awsKmsConfig\.enabled must be true \(found: undefined\)$/);
    });

    it("fails without a customerMasterKeyId", async () => {
        await assertResourceViolation(atlasEncryptionAtRestEnabled, encryption({ ...KMS, customerMasterKeyId: undefined }), /^awsKmsConfig\.customerMasterKeyId must be the KMS key id \(found: undefined\)$/);
    });

    it("fails without a roleId", async () => {
        await assertResourceViolation(atlasEncryptionAtRestEnabled, encryption({ ...KMS, roleId: "" }), /^awsKmsConfig\.roleId must be an Atlas cloud-provider-access role id \(found: ""\)$/);
    });

    it("fails static access keys", async () => {
        await assertResourceViolation(
            atlasEncryptionAtRestEnabled,
            encryption({ ...KMS, accessKeyId: "AKIAEXAMPLE", secretAccessKey: "s3cr3t" }),
            /awsKmsConfig\.accessKeyId\/secretAccessKey must not be used/,
        );
    });
});
