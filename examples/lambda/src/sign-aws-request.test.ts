import { describe, expect, it } from 'vitest';
import { signAwsRequest } from './sign-aws-request.js';

// The "get-vanilla" and "post-vanilla" cases of AWS's Signature Version 4 test suite.
const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const scope = { region: 'us-east-1', service: 'service', now: new Date('2015-08-30T12:36:00Z') };

describe('signAwsRequest', () => {
  it('signs the test suite GET request as AWS does', () => {
    const headers = signAwsRequest(
      { method: 'GET', url: 'https://example.amazonaws.com/', headers: {}, body: '' },
      credentials,
      scope,
    );

    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
        'SignedHeaders=host;x-amz-date, ' +
        'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('signs the test suite POST request as AWS does', () => {
    const headers = signAwsRequest(
      { method: 'POST', url: 'https://example.amazonaws.com/', headers: {}, body: '' },
      credentials,
      scope,
    );

    expect(headers.authorization).toContain(
      'Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
    );
  });

  it('signs the session token of temporary credentials', () => {
    const headers = signAwsRequest(
      { method: 'POST', url: 'https://sqs.eu-west-1.amazonaws.com/', headers: {}, body: '{}' },
      { ...credentials, sessionToken: 'token' },
      { ...scope, region: 'eu-west-1', service: 'sqs' },
    );

    expect(headers['x-amz-security-token']).toBe('token');
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });
});
