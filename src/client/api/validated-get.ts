import type { z } from 'zod'
import { sessionInfo } from '../../shared/schemas/account.ts'
import { baseClusterTable } from '../../shared/schemas/base.ts'
import { eventsResponse, publicEvent } from '../../shared/schemas/events.ts'
import { pushKeyResponse } from '../../shared/schemas/notice.ts'
import { apiRequest } from './http.ts'
import type { OffThreadHandlers } from './off-thread-registry.ts'

/*
 * The network layer's own off-thread request: a GET validated in the worker against a contract
 * schema named by the page (off-thread.ts `getValidated`), so the page never loads Zod for it.
 */

/** Responses the page may ask the worker to fetch and validate, by name. */
const getSchemas = { baseClusterTable, eventsResponse, publicEvent, pushKeyResponse, sessionInfo }
export type GetSchemaName = keyof typeof getSchemas
export type GetResult<K extends GetSchemaName> = z.infer<(typeof getSchemas)[K]>

export type ValidatedGetRequest = { kind: 'get'; path: string; schema: GetSchemaName }
export type ValidatedGetReply = { kind: 'data'; data: unknown }

export const validatedGetHandlers: OffThreadHandlers<ValidatedGetRequest, ValidatedGetReply> = {
  get: async (request) => {
    const schema: z.ZodType = getSchemas[request.schema]
    return { kind: 'data', data: await apiRequest(request.path, { response: schema }) }
  },
}
