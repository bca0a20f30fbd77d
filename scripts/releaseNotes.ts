/**
 * `npm run release-notes -- <tag>`: prints the CHANGELOG.md section of a release tag (`v1.2.3` -> `## [1.2.3]`)
 * for the GitHub release, and fails when the tag is not `v` + package.json's version or the section is missing
 * or empty: a release without notes, or notes of another version, is a mistake the release workflow stops.
 */
import * as fs from "fs";
import * as path from "path";

const SEMVER = /^v(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;

/** The body of `## [<version>]` up to the next `## ` heading or link references, trimmed. */
export function releaseNotes(changelog: string, version: string): string {
    const lines = changelog.split("\n");
    const start = lines.findIndex((line) => line.startsWith(`## [${version}]`));
    if (start < 0) {
        throw new Error(`CHANGELOG.md has no section "## [${version}]"`);
    }
    const rest = lines.slice(start + 1);
    const end = rest.findIndex((line) => line.startsWith("## ") || /^\[[^\]]+\]: /.test(line));
    const body = (end < 0 ? rest : rest.slice(0, end)).join("\n").trim();
    if (body === "") {
        throw new Error(`CHANGELOG.md's section "## [${version}]" is empty`);
    }
    return body;
}

/** The version a release tag names, checked against package.json's. */
export function versionOfTag(tag: string, packageVersion: string): string {
    const match = SEMVER.exec(tag);
    if (!match) {
        throw new Error(`${tag} is not a release tag like v1.2.3`);
    }
    if (match[1] !== packageVersion) {
        throw new Error(`${tag} names ${match[1]}, but package.json's version is ${packageVersion}`);
    }
    return match[1];
}

if (require.main === module) {
    const root = path.resolve(__dirname, "..");
    try {
        const tag = process.argv[2] ?? "";
        const version = versionOfTag(tag, JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version);
        process.stdout.write(`${releaseNotes(fs.readFileSync(path.join(root, "CHANGELOG.md"), "utf8"), version)}\n`);
    } catch (error) {
        process.stderr.write(`${(error as Error).message}\n`);
        process.exit(1);
    }
}
