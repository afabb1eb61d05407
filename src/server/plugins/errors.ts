import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import type { ApiError } from '../../shared/index.ts'
import { HttpError } from '../http-error.ts'

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export function apiErrorBody(statusCode: number, message: string, issues?: ApiError['issues']): ApiError {
  return { statusCode, error: STATUS_TEXT[statusCode] ?? 'Error', message, ...(issues ? { issues } : {}) }
}

/**
 * Every error leaves as the `apiError` shape. Bad input is a 4xx that says what is wrong; only
 * our own bugs are 500s, and they never show a stack trace.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message ?? 'invalid',
      }))
      return reply
        .status(400)
        .send(
          apiErrorBody(
            400,
            `Invalid ${error.validationContext ?? 'request'}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
            issues,
          ),
        )
    }
    if (error instanceof HttpError)
      return reply
        .status(error.statusCode)
        .headers(error.headers)
        .send({ ...apiErrorBody(error.statusCode, error.message, error.issues), ...error.extra })
    const status = error.statusCode ?? 500
    if (status >= 400 && status < 500) {
      // Errors raised by Fastify plugins (e.g. a 429) may carry headers such as Retry-After.
      const headers = (error as { headers?: Record<string, string> }).headers
      if (headers) void reply.headers(headers)
      return reply.status(status).send(apiErrorBody(status, error.message))
    }
    request.log.error({ err: error }, 'unhandled error')
    // The reference is the request id in the log line above: a user can quote it in a report.
    return reply
      .status(500)
      .send(
        apiErrorBody(
          500,
          `内部错误，已记录（编号 ${request.id}） / Internal error; it has been logged (reference ${request.id}).`,
        ),
      )
  })
}
