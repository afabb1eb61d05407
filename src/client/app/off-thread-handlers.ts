import { answerWith, joinHandlers } from '../api/off-thread-registry.ts'
import { validatedGetHandlers } from '../api/validated-get.ts'
import { basesFeedHandlers } from '../bases/bases-feed.ts'
import { noticesFeedHandlers } from '../notices/notices-feed.ts'
import { worksLibraryHandlers } from '../works/library-read.ts'
import { worksFeedHandlers } from '../works/works-feed.ts'

/*
 * Everything the API worker answers for the page, by request kind: the network layer's validated
 * GET and each feature's handlers. The worker (api.worker.ts) and the page where no worker runs
 * (off-thread.ts) both answer with this registry, so they answer alike. A feature that moves work
 * off the main thread exports its handlers and is added here.
 */
export const offThreadHandlers = joinHandlers(
  validatedGetHandlers,
  noticesFeedHandlers,
  worksLibraryHandlers,
  basesFeedHandlers,
  worksFeedHandlers,
)
export type AppOffThreadHandlers = typeof offThreadHandlers

/** Answers one request; never throws (a failure is a reply). */
export const answer = answerWith(offThreadHandlers)
