/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the Pulumi CLI does for this program:
 * project-level config defaults first, then the stack's values, as the runtime's flat config map
 * (`namespace:key` -> string, structured values as JSON).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export class UnknownStackError extends Error {
    constructor(readonly stack: string, readonly available: string[]) {
        super(`unknown stack "${stack}": no Pulumi.${stack}.yaml (available: ${available.join(", ") || "none"})`);
        this.name = "UnknownStackError";
    }
}

export interface ProjectFile {
    name: string;
    config: Record<string, any>;
}

export interface StackFiles {
    project: string;
    stack: string;
    /** The runtime config map, defaults applied. */
    config: Record<string, string>;
    /** Keys whose stack values are `secure:` ciphertexts (never decrypted offline). */
    secretKeys: string[];
}

export function readProjectFile(rootDir: string): ProjectFile {
    const project = parse(fs.readFileSync(path.join(rootDir, "Pulumi.yaml"), "utf8"));
    return { name: project.name, config: project.config ?? {} };
}

export function availableStacks(rootDir: string): string[] {
    return fs
        .readdirSync(rootDir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

function encode(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** Namespaced key for a Pulumi.yaml config entry: bare keys belong to the project. */
function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

export function readStackFiles(rootDir: string, stack: string): StackFiles {
    const stackPath = path.join(rootDir, `Pulumi.${stack}.yaml`);
    if (!/^[A-Za-z0-9_.-]+$/.test(stack) || !fs.existsSync(stackPath)) {
        throw new UnknownStackError(stack, availableStacks(rootDir));
    }
    const project = readProjectFile(rootDir);
    const config: Record<string, string> = {};
    for (const [key, declaration] of Object.entries(project.config)) {
        const isDeclaration = declaration !== null && typeof declaration === "object" && !Array.isArray(declaration);
        if (!isDeclaration) {
            config[qualify(project.name, key)] = encode(declaration);
        } else if ("value" in declaration) {
            config[qualify(project.name, key)] = encode(declaration.value);
        } else if ("default" in declaration) {
            config[qualify(project.name, key)] = encode(declaration.default);
        }
    }
    const stackFile = parse(fs.readFileSync(stackPath, "utf8")) ?? {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries<any>(stackFile.config ?? {})) {
        const fullKey = qualify(project.name, key);
        if (value !== null && typeof value === "object" && "secure" in value) {
            secretKeys.push(fullKey);
            config[fullKey] = "[secret]";
            continue;
        }
        config[fullKey] = encode(value);
    }
    return { project: project.name, stack, config, secretKeys };
}
