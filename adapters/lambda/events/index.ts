export { albRequest, albResult, isMultiValueAlb, lastForwardedFor } from './alb.js';
export { apiGatewayV1Path, apiGatewayV1Request, apiGatewayV1Result } from './apigw-v1.js';
export { apiGatewayV2Request, apiGatewayV2Result } from './apigw-v2.js';
export { isTextual } from './body.js';
export { eventShape, toRequest, toResult } from './convert.js';
export { withBasePath } from './request-url.js';
export { fromByteString, toByteString } from './header-bytes.js';
export type * from './types.js';
