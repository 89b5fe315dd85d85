// Desktop transport: the preload's window.clearDesk (IPC). Wrapped so that requests and responses
// are validated exactly as over HTTP, and IPC rejections become ApiErrors.
import { ApiError, type ClearDeskApi } from '../../../shared/api';
import { toApiError } from './errors';
import { checkEvent, checkRequest, checkResponse } from './validate';

export function createElectronApi(preload: ClearDeskApi): ClearDeskApi {
  return {
    async call(channel, request, options) {
      const body = checkRequest(channel, request);
      let data: unknown;
      try {
        data = await preload.call(channel, body);
      } catch (error) {
        throw toApiError(error);
      }
      // IPC cannot take a request back; an aborted call's answer is dropped here.
      if (options?.signal?.aborted) throw new ApiError('unavailable', 'The request was superseded.');
      return checkResponse(channel, data);
    },
    on(event, listener) {
      return preload.on(event, (payload: unknown) => {
        const checked = checkEvent(event, payload);
        if (checked !== undefined) listener(checked);
      });
    },
  };
}
