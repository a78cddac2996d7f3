import { z } from 'zod';

export interface OpenApiOperation {
  method: string;
  /** Fastify-style path (`/api/v1/keys/:id`). */
  url: string;
  summary: string;
  tags: string[];
  scope: string;
  body?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  params?: z.ZodType | undefined;
  response?: z.ZodType | undefined;
  successStatus: number;
}

/** Collects operations as routes are defined, so the document is generated from the very schemas that validate. */
export class OpenApiRegistry {
  readonly operations: OpenApiOperation[] = [];
  /** Routes are fixed once the server listens, so the document is built once (it costs ~20 ms). */
  private cached: { version: string; count: number; doc: Record<string, unknown> } | undefined;

  add(op: OpenApiOperation): void {
    this.operations.push(op);
  }

  document(version: string): Record<string, unknown> {
    if (this.cached?.version === version && this.cached.count === this.operations.length) return this.cached.doc;
    const doc = this.build(version);
    this.cached = { version, count: this.operations.length, doc };
    return doc;
  }

  private build(version: string): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const op of this.operations) {
      const path = op.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      paths[path] ??= {};
      (paths[path] as Record<string, unknown>)[op.method.toLowerCase()] = this.operation(op);
    }
    return {
      openapi: '3.1.0',
      info: { title: 'Keel API', version, description: 'MLOps + LLMOps platform. Errors use {error:{code,message,details,requestId}}.' },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key (needed once any key exists)' } },
        schemas: { Error: jsonSchema(errorSchema, 'output') },
      },
      paths,
    };
  }

  private operation(op: OpenApiOperation): Record<string, unknown> {
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', op.params], ['query', op.query]] as const) {
      if (!schema) continue;
      const js = jsonSchema(schema, 'input');
      const props = (js.properties ?? {}) as Record<string, unknown>;
      const required = new Set((js.required ?? []) as string[]);
      for (const [name, s] of Object.entries(props)) parameters.push({ name, in: where, required: where === 'path' || required.has(name), schema: s });
    }
    return {
      summary: op.summary,
      tags: op.tags,
      ...(op.scope === 'public' ? { security: [] } : { security: [{ bearer: [] }], 'x-keel-scope': op.scope }),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
      responses: {
        [String(op.successStatus)]: op.response
          ? { description: 'OK', content: { 'application/json': { schema: jsonSchema(op.response, 'output') } } }
          : { description: 'OK' },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
}

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional(), requestId: z.string() }),
});

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const js = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete js.$schema;
  return js;
}
