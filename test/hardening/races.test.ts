import { describeRaces } from './campaigns/races.js';
import { durableObjectWorkerHardeningTarget } from './support/worker-target.js';
import { localTable, nodeServerTarget, targetSecrets } from './support/targets.js';

// Campaign 4 on DynamoDB Local (`dynamodbEndpoint`), where the check and the write are one
// conditional operation: two Node servers share one table, like two instances of a deployment.
describeRaces('DynamoDB Local (two node servers, one table)', async () => {
  const table = await localTable('hard-races');
  const secrets = targetSecrets('races');
  return Promise.all([nodeServerTarget({}, { table, secrets }), nodeServerTarget({}, { table, secrets })]);
});

// And on the Worker in workerd on SQLite-backed Durable Objects (`workerdUrls`): the conversation,
// idempotency-key and handle objects are where one winner is picked.
describeRaces('the Worker on Durable Objects (workerd)', async () => [await durableObjectWorkerHardeningTarget()]);
