// A headless client of the YAML language server (the one editors run, a dev dependency): opens a document,
// asks for completions at a position and waits for its diagnostics, over LSP on the server's stdio.

import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

type Message = { id?: number; method?: string; params?: any; result?: any; error?: any };
export interface Diagnostic { readonly line: number; readonly message: string }

const SETTINGS = {
  validate: true, completion: true, hover: true, schemaStore: { enable: false }, format: { enable: false },
};

export class YamlLanguageClient {
  private readonly server: ChildProcess;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiting = new Map<number, (result: any) => void>();
  private readonly diagnosticsWanted = new Map<string, (diagnostics: Diagnostic[]) => void>();

  constructor() {
    const binary = createRequire(import.meta.url).resolve('yaml-language-server/bin/yaml-language-server');
    this.server = spawn(process.execPath, [binary, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.server.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  async start(): Promise<void> {
    const capabilities = { workspace: { configuration: true } };
    await this.request('initialize', { processId: process.pid, rootUri: null, capabilities });
    this.send({ method: 'initialized', params: {} });
    this.send({ method: 'workspace/didChangeConfiguration', params: { settings: { yaml: SETTINGS } } });
  }

  /** Completion labels at the `§` in `text` (removed before the server sees it), for the file at `path`. */
  async complete(path: string, text: string): Promise<string[]> {
    const before = text.slice(0, text.indexOf('§')).split('\n');
    const uri = this.uriBeside(path);
    this.open(uri, text.replace('§', ''));
    const position = { line: before.length - 1, character: before[before.length - 1].length };
    const result = await this.request('textDocument/completion', { textDocument: { uri }, position });
    this.send({ method: 'textDocument/didClose', params: { textDocument: { uri } } });
    return ((Array.isArray(result) ? result : result?.items ?? []) as { label: string }[]).map((item) => item.label);
  }

  /** The diagnostics the server publishes for `text` (lines counted from 1). */
  async diagnose(path: string, text: string): Promise<Diagnostic[]> {
    const uri = this.uriBeside(path);
    const published = new Promise<Diagnostic[]>((resolve) => this.diagnosticsWanted.set(uri, resolve));
    this.open(uri, text);
    const diagnostics = await published;
    this.send({ method: 'textDocument/didClose', params: { textDocument: { uri } } });
    return diagnostics;
  }

  stop(): void {
    this.server.kill();
  }

  /** A new document each time, beside `path` (so its relative $schema still resolves): never a stale one. */
  private uriBeside(path: string): string {
    return pathToFileURL(path.replace(/(\.ya?ml)?$/, `.check-${this.nextId++}$1`)).href;
  }

  private open(uri: string, text: string): void {
    const textDocument = { uri, languageId: 'yaml', version: 1, text };
    this.send({ method: 'textDocument/didOpen', params: { textDocument } });
  }

  private request(method: string, params: unknown): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.send({ id, method, params });
    });
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
    this.server.stdin!.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())![1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString()) as Message;
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.handle(message);
    }
  }

  private handle(message: Message): void {
    if (message.method === undefined && message.id !== undefined) {
      this.waiting.get(message.id)?.(message.result ?? message.error);
      this.waiting.delete(message.id);
    } else if (message.method === 'workspace/configuration') {
      const items = message.params.items as { section?: string }[];
      this.send({ id: message.id, result: items.map((item) => (item.section === 'yaml' ? SETTINGS : null)) });
    } else if (message.id !== undefined) {
      this.send({ id: message.id, result: null });
    } else if (message.method === 'textDocument/publishDiagnostics') {
      const wanted = this.diagnosticsWanted.get(message.params.uri);
      this.diagnosticsWanted.delete(message.params.uri);
      wanted?.((message.params.diagnostics as { range: { start: { line: number } }; message: string }[])
        .map((diagnostic) => ({ line: diagnostic.range.start.line + 1, message: diagnostic.message })));
    }
  }
}
