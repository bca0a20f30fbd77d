/** Loads an ESM-only package (kubernetes-models and its CRD packages) from the CommonJS tests. */
export declare function importEsm<T = unknown>(specifier: string): Promise<T>;
