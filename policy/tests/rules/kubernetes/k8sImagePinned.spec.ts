import { k8sImagePinned } from "../../../rules/kubernetes/k8sImagePinned";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { container, deployment } from "./fixtures";

const withImage = (image: string | undefined) => deployment((p) => (container(p).image = image));

describe("k8s-image-pinned", () => {
    it("passes a digest", async () => {
        await assertNoResourceViolation(k8sImagePinned, deployment());
    });

    it("passes a version tag on a registry with a port", async () => {
        await assertNoResourceViolation(k8sImagePinned, withImage("registry.internal:5000/team/api:1.4.2"));
    });

    it("fails latest", async () => {
        await assertResourceViolation(k8sImagePinned, withImage("team/api:latest"), /^container "api" .*: image must be pinned by digest or a tag other than latest \(found: "team\/api:latest"\)$/);
    });

    it("fails a missing tag", async () => {
        await assertResourceViolation(k8sImagePinned, withImage("registry.internal:5000/team/api"), /\(found: "registry\.internal:5000\/team\/api"\)/);
    });

    it("fails a malformed digest", async () => {
        await assertResourceViolation(k8sImagePinned, withImage("team/api@sha256:abc"), /\(found: "team\/api@sha256:abc"\)/);
    });

    it("fails an image left unset", async () => {
        await assertResourceViolation(k8sImagePinned, withImage(undefined), /\(found: undefined\)/);
    });
});
