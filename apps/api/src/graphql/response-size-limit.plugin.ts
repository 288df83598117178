import { ApolloServerPlugin } from '@apollo/server';
import { Logger } from '@nestjs/common';
import { LimitCode } from './limit-errors';

const logger = new Logger('GraphQL');

/**
 * Refuses to send a query result larger than `maxBytes` (its JSON, UTF-8) and answers RESPONSE_TOO_LARGE
 * with HTTP 400 instead: the cost limit bounds the work, this bounds what one answer may carry, whatever
 * the data holds. Mutations are left alone: their change is committed, and an error would invite the
 * client to repeat it.
 */
export function responseSizePlugin(maxBytes: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, operation }) {
          if (response.body.kind !== 'single' || operation?.operation !== 'query') return;
          // Serialised once more than Apollo will: the price of knowing the size before sending.
          const bytes = Buffer.byteLength(JSON.stringify(response.body.singleResult), 'utf8');
          if (bytes <= maxBytes) return;
          logger.warn(`Refused to send a result of ${bytes} bytes (limit ${maxBytes})`);
          response.body = {
            kind: 'single',
            singleResult: {
              errors: [
                {
                  message: `The result is larger than the limit of ${maxBytes} bytes: ask for fewer items or fields`,
                  extensions: { code: LimitCode.RESPONSE_TOO_LARGE },
                },
              ],
            },
          };
          response.http.status = 400;
        },
      };
    },
  };
}
