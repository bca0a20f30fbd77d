/**
 * The services' CI bumps the image digest with the shell script of service-ci.yml's `gitops` job. This spec runs
 * that very script (read from the workflow, not copied) with bash in a scratch Git repository holding what
 * `npm run gitops` renders for prod, with `git push` and `gh` recorded instead of reaching GitHub:
 * - every region's workload.yaml is bumped, the migration Job with the workload, in one commit;
 * - a file without the reference fails the job before any file changes (all regions or none);
 * - prod's pull-request mode pushes a branch and opens a pull request instead of pushing the branch head.
 */
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { renderGitOps, WORKLOAD_FILE } from "../../components/services/gitopsRender";
import { PlatformConfig, validateConfig } from "../../config";
import { stackConfig } from "../support/config";

const WORKFLOW = path.join(__dirname, "..", "..", ".github", "workflows", "service-ci.yml");
const STEP_NAME = "bump the image digest";
const SEEDED = `sha256:${"a".repeat(64)}`;
const PUSHED_DIGEST = `sha256:${"c".repeat(64)}`;
const GIT_OPS = { repositoryUrl: "https://github.com/example-org/deployments.git" };

/** The `run:` script of the gitops job's bump step, as GitHub runs it. */
function bumpScript(): string {
    const workflow = parseYaml(fs.readFileSync(WORKFLOW, "utf8"));
    const step = workflow.jobs.gitops.steps.find((s: { name?: string }) => s.name === STEP_NAME);
    assert.ok(step?.run, `service-ci.yml's gitops job has no "${STEP_NAME}" step`);
    return step.run;
}

interface Scratch {
    dir: string;
    calls: string;
    run(env: Record<string, string>): { status: number | null; output: string };
    git(...args: string[]): string;
}

/** A Git repository with `files` committed, and `git push` / `gh` shims that record their arguments. */
function scratchRepository(files: Record<string, string>): Scratch {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "service-ci-bump-"));
    const dir = path.join(root, "gitops");
    const bin = path.join(root, "bin");
    const calls = path.join(root, "calls");
    fs.mkdirSync(bin);
    fs.writeFileSync(calls, "");
    const realGit = execFileSync("bash", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    fs.writeFileSync(path.join(bin, "git"), `#!/bin/bash\nif [ "$1" = push ]; then echo "git $*" >> "${calls}"; exit 0; fi\nexec "${realGit}" "$@"\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, "gh"), `#!/bin/bash\necho "gh $*" >> "${calls}"\n`, { mode: 0o755 });
    const git = (...args: string[]) => execFileSync(realGit, args, { cwd: dir, encoding: "utf8", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: root } });
    fs.mkdirSync(dir);
    git("init", "-q", "-b", "main");
    for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
    }
    git("add", "-A");
    git("-c", "user.name=seed", "-c", "user.email=seed@example.invalid", "commit", "-qm", "seed");
    return {
        dir,
        calls,
        git,
        run(env) {
            const result = spawnSync("bash", ["-e", "-c", bumpScript()], {
                cwd: dir,
                encoding: "utf8",
                env: { PATH: `${bin}:${process.env.PATH}`, HOME: root, GIT_CONFIG_NOSYSTEM: "1", GITHUB_RUN_ID: "42", GITHUB_RUN_ATTEMPT: "1", GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "example-org/bff", ...env },
            });
            return { status: result.status, output: `${result.stdout}${result.stderr}` };
        },
    };
}

describe("service-ci.yml's digest bump, run on what npm run gitops renders", () => {
    const config = validateConfig({ ...stackConfig("prod"), gitOps: stackConfig("prod").gitOps ?? GIT_OPS }) as PlatformConfig;
    const apps = renderGitOps(config, { digests: { contractor: SEEDED } }).filter((a) => a.service === "contractor");
    const files = Object.fromEntries(apps.map((a) => [`${a.path}/${WORKLOAD_FILE}`, a.files[WORKLOAD_FILE]]));
    const workloadFiles = Object.keys(files);
    const primaryImage = apps[0].image;
    const pushed = `${primaryImage.slice(0, primaryImage.lastIndexOf("@"))}@${PUSHED_DIGEST}`;
    const env = (extra: Record<string, string> = {}) => ({
        GH_TOKEN: "token",
        IMAGE: pushed,
        FILE: workloadFiles.join("\n"),
        SERVICE: "contractor",
        ENVIRONMENT: "prod",
        BRANCH: "main",
        PULL_REQUEST: "false",
        GITOPS_REPOSITORY: "example-org/deployments",
        SOURCE: "example-org/contractor@0123456",
        ...extra,
    });
    const imagesIn = (content: string) =>
        parseAllDocuments(content).flatMap((d) => {
            const spec = (d.toJS() as any).spec.template.spec;
            return [...(spec.initContainers ?? []), ...spec.containers].map((c: { image: string }) => c.image).filter((i: string) => i.includes("/services/contractor"));
        });

    it("prod renders one workload per region, seeded with the digest", () => {
        assert.ok(workloadFiles.length >= 2, `expected a workload per region, got ${workloadFiles.join(", ")}`);
        for (const file of workloadFiles) {
            assert.ok(imagesIn(files[file]).every((i) => i.endsWith(SEEDED)), file);
        }
    });

    it("bumps every region's workload and its migration Job in one commit pushed to the branch", () => {
        const repo = scratchRepository(files);
        const { status, output } = repo.run(env());
        assert.strictEqual(status, 0, output);
        for (const file of workloadFiles) {
            const images = imagesIn(fs.readFileSync(path.join(repo.dir, file), "utf8"));
            // The primary region also runs the migration Job (secondaries hold read replicas).
            const expected = file.includes(`/${config.regions.find((r) => r.role === "primary")!.name}/`) ? 2 : 1;
            assert.strictEqual(images.length, expected, `${file}: the workload (and in the primary the migration Job) name the image`);
            assert.deepStrictEqual(new Set(images), new Set([pushed]), file);
        }
        assert.strictEqual(repo.git("rev-list", "--count", "HEAD").trim(), "2", "seed + one bump commit");
        assert.deepStrictEqual(repo.git("show", "--name-only", "--format=", "HEAD").trim().split("\n").sort(), [...workloadFiles].sort());
        assert.match(fs.readFileSync(repo.calls, "utf8"), /^git push https:\/\/x-access-token:token@github\.com\/example-org\/deployments\.git HEAD:main$/m);
    });

    it("changes nothing when one region's file lacks the reference", () => {
        const broken = { ...files, [workloadFiles[1]]: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unrelated\n" };
        const repo = scratchRepository(broken);
        const { status, output } = repo.run(env());
        assert.strictEqual(status, 1, output);
        assert.match(output, new RegExp(`::error file=${workloadFiles[1].replace(/[.]/g, "\\.")}::no reference`));
        assert.strictEqual(repo.git("status", "--porcelain").trim(), "", "the first region's file must not be bumped alone");
        assert.strictEqual(fs.readFileSync(repo.calls, "utf8"), "");
    });

    it("opens a pull request from a bump branch in pull-request mode (prod)", () => {
        const repo = scratchRepository(files);
        const { status, output } = repo.run(env({ PULL_REQUEST: "true" }));
        assert.strictEqual(status, 0, output);
        const calls = fs.readFileSync(repo.calls, "utf8");
        assert.match(calls, /^git push \S+ bump\/contractor-prod-42-1$/m);
        assert.match(calls, /^gh pr create --repo example-org\/deployments --base main --head bump\/contractor-prod-42-1 /m);
        assert.doesNotMatch(calls, /HEAD:main/);
    });

    it("is a no-op with a notice when the files already name the image", () => {
        const repo = scratchRepository(files);
        const { status, output } = repo.run(env({ IMAGE: primaryImage }));
        assert.strictEqual(status, 0, output);
        assert.match(output, /::notice::/);
        assert.strictEqual(repo.git("rev-list", "--count", "HEAD").trim(), "1");
    });
});
