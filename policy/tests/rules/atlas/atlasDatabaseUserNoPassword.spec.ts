import * as mongodbatlas from "@pulumi/mongodbatlas";
import { strict as assert } from "assert";
import { atlasDatabaseUserNoPassword } from "../../../rules/atlas/atlasDatabaseUserNoPassword";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, violationsOf } from "../../helpers";

const user = (props: Record<string, any>) =>
    resourceArgs(mongodbatlas.DatabaseUser, { projectId: "p1", authDatabaseName: "$external", username: "arn:aws:iam::111122223333:role/bff", roles: [{ roleName: "readWrite", databaseName: "app" }], ...props });

describe("atlas-database-user-no-password", () => {
    it("passes an IAM role user", async () => {
        await assertNoResourceViolation(atlasDatabaseUserNoPassword, user({ awsIamType: "ROLE" }));
    });

    it("passes an X.509 user", async () => {
        await assertNoResourceViolation(atlasDatabaseUserNoPassword, user({ username: "CN=ops", x509Type: "MANAGED" }));
    });

    it("passes an OIDC workload user", async () => {
        await assertNoResourceViolation(atlasDatabaseUserNoPassword, user({ username: "idp/bff", oidcAuthType: "USER" }));
    });

    it("fails a SCRAM password user (no method set)", async () => {
        const args = user({ authDatabaseName: "admin", username: "app", password: "hunter2" });
        await assertResourceViolation(atlasDatabaseUserNoPassword, args, /awsIamType, x509Type or oidcAuthType must select a passwordless method \(found: awsIamType undefined, x509Type undefined, oidcAuthType undefined\)/);
        await assertResourceViolation(atlasDatabaseUserNoPassword, args, /^password must not be set \(found: a password\)$/);
        const messages = await violationsOf(atlasDatabaseUserNoPassword, args);
        assert.ok(messages.every((m) => !m.includes("hunter2")), "the password must not appear in a message");
    });

    it("fails awsIamType NONE", async () => {
        await assertResourceViolation(atlasDatabaseUserNoPassword, user({ awsIamType: "NONE" }), /found: awsIamType "NONE"/);
    });

    it("fails a write-only password next to an IAM method", async () => {
        await assertResourceViolation(atlasDatabaseUserNoPassword, user({ awsIamType: "ROLE", passwordWo: "x", passwordWoVersion: 1 }), /^passwordWo must not be set/);
    });
});
