/** Versioned releases: CHANGELOG.md (Keep a Changelog) and the notes the release workflow publishes from it. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { releaseNotes, versionOfTag } from "../../scripts/releaseNotes";

const ROOT = path.resolve(__dirname, "..", "..");
const CHANGELOG = fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8");
const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;

const SAMPLE = ["# Changelog", "", "## [Unreleased]", "", "## [1.1.0] - 2026-12-01", "", "### Fixed", "", "- b", "", "## [1.0.0] - 2026-11-01", "", "- a", "", "[1.1.0]: https://x/1.1.0"].join("\n");

describe("releases", () => {
    it("notes are the version's section, up to the next version", () => {
        assert.strictEqual(releaseNotes(SAMPLE, "1.1.0"), "### Fixed\n\n- b");
        assert.strictEqual(releaseNotes(SAMPLE, "1.0.0"), "- a");
    });

    it("a missing or empty section stops the release", () => {
        assert.throws(() => releaseNotes(SAMPLE, "1.2.0"), /no section "## \[1\.2\.0\]"/);
        assert.throws(() => releaseNotes(SAMPLE, "Unreleased"), /is empty/);
        assert.throws(() => releaseNotes(SAMPLE, "1.1"), /no section/);
    });

    it("a release tag is v + package.json's version, and nothing else", () => {
        assert.strictEqual(versionOfTag("v1.2.3", "1.2.3"), "1.2.3");
        assert.strictEqual(versionOfTag("v1.2.3-rc.1", "1.2.3-rc.1"), "1.2.3-rc.1");
        assert.throws(() => versionOfTag("v1.2.4", "1.2.3"), /names 1\.2\.4, but package\.json's version is 1\.2\.3/);
        for (const tag of ["1.2.3", "v1.2", "main", "refs/tags/v1.2.3", "v1.2.3 "]) {
            assert.throws(() => versionOfTag(tag, "1.2.3"), /not a release tag/, tag);
        }
    });

    it("CHANGELOG.md keeps an Unreleased section and has notes for the current version", () => {
        const headings = CHANGELOG.split("\n").filter((l) => l.startsWith("## "));
        assert.strictEqual(headings[0], "## [Unreleased]");
        assert.match(headings[1], new RegExp(`^## \\[${VERSION.replace(/\./g, "\\.")}\\] - \\d{4}-\\d{2}-\\d{2}$`));
        assert.ok(releaseNotes(CHANGELOG, VERSION).length > 0);
        assert.match(CHANGELOG, new RegExp(`^\\[${VERSION.replace(/\./g, "\\.")}\\]: https://github\\.com/.+/releases/tag/v${VERSION.replace(/\./g, "\\.")}$`, "m"));
    });
});
