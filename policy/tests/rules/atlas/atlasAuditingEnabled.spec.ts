import * as mongodbatlas from "@pulumi/mongodbatlas";
import { atlasAuditingEnabled } from "../../../rules/atlas/atlasAuditingEnabled";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const FILTER = JSON.stringify({ atype: { $in: ["authenticate", "createUser", "dropUser", "grantRolesToUser"] } });
const auditing = (props: Record<string, any>) => resourceArgs(mongodbatlas.Auditing, { projectId: "p1", enabled: true, auditFilter: FILTER, ...props });

describe("atlas-auditing-enabled", () => {
    it("passes enabled auditing with a filter", async () => {
        await assertNoResourceViolation(atlasAuditingEnabled, auditing({}));
    });

    it("fails enabled false", async () => {
        await assertResourceViolation(atlasAuditingEnabled, auditing({ enabled: false }), /^enabled must be true \(found: false\)$/);
    });

    it("fails enabled left unset (default false)", async () => {
        await assertResourceViolation(atlasAuditingEnabled, auditing({ enabled: undefined }), /^enabled must be true \(found: undefined\)$/);
    });

    it("fails auditFilter left unset", async () => {
        await assertResourceViolation(atlasAuditingEnabled, auditing({ auditFilter: undefined }), /^auditFilter must be a JSON audit filter \(found: undefined\)$/);
    });
});
