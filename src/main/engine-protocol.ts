// The plain-data messages between the main process (EngineClient) and the engine process
// (engine-host.ts). Everything is structured-clone safe, so the same envelopes travel over
// Electron's utilityProcess port and over Node's child_process IPC (tests, test bridge).
import { z } from 'zod'
import {
  DisplayCopySchema,
  DisplaySourceSchema,
  ExtractResultSchema,
  ExtractSourceSchema,
  IpcErrorSchema,
  MethodSchema,
  PreviewBoxSchema
} from '../shared/ipc-contract'

/** main → engine */
export const ToEngineSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('extract'),
    id: z.string(),
    source: ExtractSourceSchema,
    method: MethodSchema,
    forceCpu: z.boolean().optional(),
    preview: PreviewBoxSchema.optional(),
    /** The bytes of a path's name that is not valid UTF-8, as a batch's walk found it (engine/raw-path.ts). */
    opens: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes (a Uint8Array)').optional()
  }),
  /** A PNG of an image file, for a renderer that cannot decode it. */
  z.object({ type: z.literal('display-copy'), id: z.string(), source: DisplaySourceSchema }),
  z.object({ type: z.literal('cancel'), id: z.string() })
])
export type ToEngine = z.infer<typeof ToEngineSchema>

/** engine → main */
export const FromEngineSchema = z.discriminatedUnion('type', [
  /** Sent once the engine module has loaded (its native libraries included), with the methods it can run. */
  z.object({ type: z.literal('ready'), methods: z.array(MethodSchema) }),
  z.object({ type: z.literal('progress'), id: z.string(), stage: z.string(), fraction: z.number().min(0).max(1).optional() }),
  z.object({ type: z.literal('result'), id: z.string(), result: ExtractResultSchema }),
  z.object({ type: z.literal('display-copy'), id: z.string(), copy: DisplayCopySchema }),
  z.object({ type: z.literal('error'), id: z.string(), error: IpcErrorSchema })
])
export type FromEngine = z.infer<typeof FromEngineSchema>
