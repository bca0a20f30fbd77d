import * as aws from "@pulumi/aws";
import { s3BucketNoPublicAcl } from "../../../rules/exposure/s3BucketNoPublicAcl";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

describe("s3-bucket-no-public-acl", () => {
    describe("aws.s3.BucketAcl", () => {
        it("passes a private ACL", async () => {
            await assertNoResourceViolation(s3BucketNoPublicAcl, resourceArgs(aws.s3.BucketAcl, { bucket: "data", acl: "private" }));
        });

        it("passes a grant to a canonical user", async () => {
            const grants = [{ grantee: { type: "CanonicalUser", id: "abc" }, permission: "FULL_CONTROL" }];
            await assertNoResourceViolation(s3BucketNoPublicAcl, resourceArgs(aws.s3.BucketAcl, { bucket: "data", accessControlPolicy: { owner: { id: "abc" }, grants } }));
        });

        for (const acl of ["public-read", "public-read-write", "authenticated-read"]) {
            it(`fails the ${acl} canned ACL`, async () => {
                await assertResourceViolation(s3BucketNoPublicAcl, resourceArgs(aws.s3.BucketAcl, { bucket: "data", acl }), new RegExp(`acl must not be one of .* \\(found: "${acl}"\\)`));
            });
        }

        it("fails a grant to AllUsers", async () => {
            const grants = [{ grantee: { type: "Group", uri: ALL_USERS }, permission: "READ" }];
            await assertResourceViolation(
                s3BucketNoPublicAcl,
                resourceArgs(aws.s3.BucketAcl, { bucket: "data", accessControlPolicy: { owner: { id: "abc" }, grants } }),
                /accessControlPolicy\.grants\[0\]\.grantee\.uri must not be a public group \(found: ".*AllUsers"\)/,
            );
        });
        it("fails the public groups spelled with https, and names every public canned ACL", async () => {
            const grants = [{ grantee: { type: "Group", uri: ALL_USERS.replace("http:", "https:") }, permission: "READ" }];
            await assertResourceViolation(s3BucketNoPublicAcl, resourceArgs(aws.s3.BucketAcl, { bucket: "data", accessControlPolicy: { owner: { id: "abc" }, grants } }), /grants\[0\]\.grantee\.uri must not be a public group \(found: "https:/);
            await assertResourceViolation(s3BucketNoPublicAcl, resourceArgs(aws.s3.BucketAcl, { bucket: "data", acl: "public-read" }), /^acl must not be one of public-read, public-read-write, authenticated-read \(found: "public-read"\)$/);
        });

        it("passes a grant without a grantee, and ACL values that only resemble public ones", async () => {
            const grants = [{ permission: "READ" }, { grantee: { type: "Group", uri: `x${ALL_USERS}` }, permission: "READ" }];
            await assertNoResourceViolation(s3BucketNoPublicAcl, resourceArgs(aws.s3.BucketAcl, { bucket: "data", accessControlPolicy: { owner: { id: "abc" }, grants } }));
            await assertNoResourceViolation(s3BucketNoPublicAcl, resourceArgs(aws.s3.BucketAcl, { bucket: "data", acl: "bucket-owner-full-control" }));
        });
    });

    describe("aws.s3.Bucket inline ACL", () => {
        it("passes a bucket with no ACL", async () => {
            await assertNoResourceViolation(s3BucketNoPublicAcl, resourceArgs(aws.s3.Bucket, { bucket: "data" }));
        });

        it("fails acl public-read", async () => {
            await assertResourceViolation(s3BucketNoPublicAcl, resourceArgs(aws.s3.Bucket, { acl: "public-read" }), /acl must not be one of .* \(found: "public-read"\)/);
        });

        it("fails a grant to AuthenticatedUsers", async () => {
            const grants = [{ type: "Group", uri: AUTHENTICATED_USERS, permissions: ["READ"] }];
            await assertResourceViolation(s3BucketNoPublicAcl, resourceArgs(aws.s3.Bucket, { grants }), /grants\[0\]\.uri must not be a public group \(found: ".*AuthenticatedUsers"\)/);
        });

        it("passes a grant to a canonical user", async () => {
            await assertNoResourceViolation(s3BucketNoPublicAcl, resourceArgs(aws.s3.Bucket, { grants: [{ type: "CanonicalUser", id: "abc", permissions: ["READ"] }] }));
        });
    });
});
