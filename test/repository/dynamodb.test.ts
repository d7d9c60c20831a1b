import { createDynamoRepository } from '../../src/repository/dynamodb/index.js';
import { describeRepositoryContract } from '../contract/repository.js';
import { dynamodbEndpoint, freshTable, transports } from './dynamodb-fixtures.js';

// The shared repository contract, unchanged, on DynamoDB Local through each transport.
for (const [name, makeTransport] of Object.entries(transports)) {
  describeRepositoryContract(`dynamodb (${name})`, async () => {
    const transport = makeTransport(dynamodbEndpoint());
    const tableName = await freshTable(transport, `contract-${name}`);
    return {
      repository: createDynamoRepository({ transport, tableName }),
      cleanup: async () => void (await transport('DeleteTable', { TableName: tableName })),
    };
  });
}
