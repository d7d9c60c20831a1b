// The loader lives with the scripts that read template.yaml (npm run dev -- --target aws, deploy:check).
export { parseCloudFormation } from '../../scripts/template/cloudformation-yaml.js';

/** The DynamoDB actions Parley's backend sends (TransactWriteItems needs ConditionCheckItem, not its own action). */
export const DYNAMODB_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
].sort();

/** The one policy statement of `statements` that grants DynamoDB actions (a test fails on two). */
export function dynamodbStatement<T extends { Action: string[] | string; Resource?: unknown }>(statements: T[]): T[] {
  return statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
}
