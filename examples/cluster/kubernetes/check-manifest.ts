// Checks Kubernetes manifests without a cluster: each object against the API's schema (kubernetes-models, made
// from the Kubernetes OpenAPI spec: types, required fields, enums), and for unknown fields, which that
// schema lets through but a server's strict validation refuses, by TypeScript's excess-property check
// against the same spec's types.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Job } from 'kubernetes-models/batch/v1';
import { PersistentVolumeClaim } from 'kubernetes-models/v1';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

interface Kind {
  /** The model class, whose validate() throws with every schema error. */
  readonly model: new (data: never) => { validate(): void };
  /** The TypeScript interface of its fields, and the module it is imported from. */
  readonly type: string;
  readonly from: string;
}

/** The kinds the recipes use, by `apiVersion kind`. */
const KINDS: Readonly<Record<string, Kind>> = {
  'batch/v1 Job': { model: Job as never, type: 'IJob', from: 'kubernetes-models/batch/v1' },
  'v1 PersistentVolumeClaim': {
    model: PersistentVolumeClaim as never, type: 'IPersistentVolumeClaim', from: 'kubernetes-models/v1',
  },
};

export type ManifestObject = Record<string, unknown> & { readonly apiVersion: string; readonly kind: string };
export interface ManifestFile {
  readonly text: string;
  /** The name problems are reported under. */
  readonly file: string;
}
interface ParsedFile {
  readonly objects: readonly ManifestObject[];
  readonly file: string;
}

const kindOf = (object: ManifestObject): Kind | undefined => KINDS[`${object.apiVersion} ${object.kind}`];

/** The objects of a multi-document YAML text; a YAML error is thrown naming the file. */
export function parseManifest(text: string, file: string): ManifestObject[] {
  return parseAllDocuments(text).map((document, index) => {
    if (document.errors.length > 0) throw new Error(`${file}: document ${index + 1}: ${document.errors[0].message}`);
    return document.toJS() as ManifestObject;
  });
}

/** Problems of one object under the API's schema: `file: Kind name: message`; none when it is valid. */
export function schemaProblems(object: ManifestObject, file: string): string[] {
  const kind = kindOf(object);
  const name = `${file}: ${object.kind} ${String((object.metadata as { name?: string } | undefined)?.name)}`;
  if (kind === undefined) return [`${name}: ${object.apiVersion} ${object.kind} is not a kind this check knows`];
  try {
    new kind.model(object as never).validate();
    return [];
  } catch (error) {
    return [`${name}: ${(error as Error).message}`];
  }
}

const here = dirname(fileURLToPath(import.meta.url));

/** A TypeScript module that declares each object as a constant of its API type. */
function checkSource(objects: readonly ManifestObject[]): string {
  const known = objects.filter((object) => kindOf(object) !== undefined);
  const imports = [...new Set(known.map((object) => kindOf(object)!))]
    .map((kind) => `import type { ${kind.type} } from '${kind.from}';`);
  const declarations = known.map((object, index) =>
    `export const object${index}: ${kindOf(object)!.type} = ${JSON.stringify(object, null, 2)};`);
  return `${[...imports, ...declarations].join('\n')}\nexport {};\n`;
}

/**
 * Fields no API type has (a typo such as `completionsMode`, a field in the wrong place), by TypeScript: one
 * program for all the files given (loading the API's types is the slow part), one list of problems per file.
 */
export function unknownFieldProblems(files: readonly ParsedFile[]): string[][] {
  // Files that exist only in memory, beside this one so that kubernetes-models resolves from node_modules.
  const sources = new Map(files.map(({ objects }, index) => [
    join(here, `__check-${index}__.ts`), checkSource(objects),
  ]));
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, skipLibCheck: true, types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (path) => sources.get(path) ?? readFile(path);
  host.fileExists = (path) => sources.has(path) || ts.sys.fileExists(path);
  host.getSourceFile = (path, version, ...rest) => {
    const source = sources.get(path);
    return source === undefined ? getSourceFile(path, version, ...rest) : ts.createSourceFile(path, source, version);
  };
  const program = ts.createProgram([...sources.keys()], options, host);
  return [...sources.keys()].map((path, index) => {
    const { file } = files[index];
    return ts.getPreEmitDiagnostics(program, program.getSourceFile(path)).map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
      if (diagnostic.file === undefined || diagnostic.start === undefined) return `${file}: ${message}`;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${file}: ${diagnostic.file.text.split('\n')[line].trim()}: ${message}`;
    });
  });
}

/** Every problem of each manifest file: schema, then unknown fields; an empty list for a file that passes. */
export function manifestProblems(files: readonly ManifestFile[]): string[][] {
  const parsed = files.map(({ text, file }) => ({ objects: parseManifest(text, file), file }));
  const unknown = unknownFieldProblems(parsed);
  return parsed.map(({ objects, file }, index) => [
    ...objects.flatMap((object) => schemaProblems(object, file)), ...unknown[index],
  ]);
}
