// A password goes to PayTrace or SAP over https only (plain http only to a simulator on this
// machine), and never inside the URL; a refused URL is a configuration error (exit code 4) that
// does not repeat the password.
import { describe, expect, it } from 'vitest';
import { checkConnectionUrl, ConnectionUrlError } from '../../../electron/connectors/connection-url';
import { payTraceConfigFromEnv, resolveConfig } from '../../../electron/connectors/paytrace/config';
import { sapConfigFromEnv } from '../../../electron/connectors/sap/config';
import { createSapSystem } from '../../../electron/connectors/sap/factory';
import { ConfigurationError } from '../../../shared/ports';

const paytrace = { system: 'PayTrace', source: '--url' } as const;
const sap = { system: 'SAP', source: 'CLEARDESK_SAP_URL' } as const;

function refusal(url: string, where: Parameters<typeof checkConnectionUrl>[1] = paytrace): ConnectionUrlError {
  try {
    checkConnectionUrl(url, where);
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectionUrlError);
    return e as ConnectionUrlError;
  }
  throw new Error(`${url} was accepted`);
}

describe('connection URLs', () => {
  it('accepts https to any host, as given (trimmed)', () => {
    expect(checkConnectionUrl('https://api.paytrace.com', paytrace)).toBe('https://api.paytrace.com');
    expect(checkConnectionUrl(' https://api.sandbox.paytrace.com/ \n', paytrace)).toBe(
      'https://api.sandbox.paytrace.com/',
    );
    expect(checkConnectionUrl('https://sap.example.com:44300/sap/opu', sap)).toBe(
      'https://sap.example.com:44300/sap/opu',
    );
  });

  it('refuses http to a public host, naming the source and the https URL to use', () => {
    const e = refusal('http://api.paytrace.com');
    expect(e.message).toMatch(/^The PayTrace URL http:\/\/api\.paytrace\.com in --url is not https/);
    expect(e.message).toContain('Use https://api.paytrace.com');
    expect(refusal('http://10.0.0.5:8000/sap', sap).message).toMatch(
      /SAP URL http:\/\/10\.0\.0\.5:8000 in CLEARDESK_SAP_URL/,
    );
  });

  it('accepts http to a loopback simulator: 127.0.0.1, [::1], localhost', () => {
    for (const url of [
      'http://127.0.0.1:4781',
      'http://localhost:4781/',
      'http://LOCALHOST:4781',
      'http://[::1]:4781',
      'http://[0:0:0:0:0:0:0:1]:4782/sap',
    ])
      expect(checkConnectionUrl(url, paytrace)).toBe(url);
  });

  it('refuses hosts that only look like loopback', () => {
    for (const url of [
      'http://localhost.evil.com',
      'http://localhost.evil.com:4781',
      'http://127.0.0.1.nip.io',
      'http://evil.com/127.0.0.1',
      'http://evil.com?localhost',
      'http://localhost.:4781',
      'http://[::ffff:127.0.0.1]',
      'http://0.0.0.0:4781',
    ])
      expect(refusal(url).message, url).toMatch(/is not https/);
  });

  it('refuses credentials in the URL without repeating them, saying where they go instead', () => {
    for (const url of [
      'https://api_user:S3cret-pw@api.paytrace.com',
      'https://api_user@api.paytrace.com',
      'https://:S3cret-pw@api.paytrace.com',
      'http://api_user:S3cret-pw@127.0.0.1:4781',
      'http://api_user:S3cret-pw@api.paytrace.com',
    ]) {
      const e = refusal(url);
      expect(e.message).toMatch(/has a user name or password in it/);
      expect(e.message).not.toContain('S3cret-pw');
      expect(e.message).not.toContain('api_user');
      expect(e.message).toContain('standard input to `cleardesk connect paytrace`');
      expect(e.message).toContain('CLEARDESK_PAYTRACE_PASSWORD');
    }
    expect(refusal('https://CLEARDESK:S3cret-pw@sap.example.com', sap).message).toContain('CLEARDESK_SAP_PASSWORD');
  });

  it('refuses what is not an http(s) URL without repeating it', () => {
    const e = refusal('api_user:S3cret-pw@api.paytrace.com');
    expect(e.message).not.toContain('S3cret-pw');
    expect(refusal('not a url').message).toMatch(/is not a URL ClearDesk can read/);
    expect(refusal('https://user:pa/ss@host').message).not.toContain('pa/ss');
    expect(refusal('ftp://files.example.com').message).toMatch(/starts with ftp:\/\/; ClearDesk connects over https/);
    expect(refusal('file:///etc/passwd').message).toMatch(/starts with file:/);
  });

  it('is a configuration error: exit code 4 at the command line', () => {
    const e = refusal('http://api.paytrace.com');
    expect(e).toBeInstanceOf(ConfigurationError);
    expect(e.exitCode).toBe(4);
  });
});

describe('each reader of a PayTrace or SAP URL asks it', () => {
  const payTraceEnv = {
    CLEARDESK_PAYTRACE_USERNAME: 'api_user',
    CLEARDESK_PAYTRACE_PASSWORD: 'S3cret-pw',
    CLEARDESK_PAYTRACE_INTEGRATOR_ID: 'CDTEST',
  };
  const sapEnv = {
    CLEARDESK_SAP_TRANSPORT: 'odata',
    CLEARDESK_SAP_USER: 'CLEARDESK',
    CLEARDESK_SAP_PASSWORD: 'S3cret-pw',
    CLEARDESK_SAP_COMPANY_CODES: '1000',
  };
  const sapConfig = {
    transport: 'odata' as const,
    rfc: {},
    client: '100',
    user: 'CLEARDESK',
    password: 'S3cret-pw',
    companyCodes: ['1000'],
  };

  it('the PayTrace environment (CLEARDESK_PAYTRACE_URL)', () => {
    expect(() => payTraceConfigFromEnv({ ...payTraceEnv, CLEARDESK_PAYTRACE_URL: 'http://api.paytrace.com' })).toThrow(
      /PayTrace URL http:\/\/api\.paytrace\.com in CLEARDESK_PAYTRACE_URL is not https/,
    );
    expect(payTraceConfigFromEnv({ ...payTraceEnv, CLEARDESK_PAYTRACE_URL: 'http://127.0.0.1:4781' })?.baseUrl).toBe(
      'http://127.0.0.1:4781',
    );
  });

  it('the PayTrace client, before it sends anything', () => {
    const config = { username: 'api_user', password: 'S3cret-pw', integratorId: 'CDTEST' };
    expect(() => resolveConfig({ ...config, baseUrl: 'http://localhost.evil.com' })).toThrow(ConnectionUrlError);
    expect(() => resolveConfig({ ...config, baseUrl: 'https://u:S3cret-pw@api.paytrace.com' })).toThrow(
      /PayTrace URL in the PayTrace connection has a user name or password/,
    );
    expect(resolveConfig({ ...config, baseUrl: 'https://api.paytrace.com/' }).baseUrl).toBe('https://api.paytrace.com');
  });

  it('the SAP environment (CLEARDESK_SAP_URL)', () => {
    let message = '';
    try {
      sapConfigFromEnv({ ...sapEnv, CLEARDESK_SAP_URL: 'https://CLEARDESK:S3cret-pw@sap.example.com' });
    } catch (e) {
      expect(e).toBeInstanceOf(ConnectionUrlError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/SAP URL in CLEARDESK_SAP_URL has a user name or password in it/);
    expect(message).not.toContain('S3cret-pw');
    expect(() => sapConfigFromEnv({ ...sapEnv, CLEARDESK_SAP_URL: 'http://sap.example.com:8000' })).toThrow(
      /not https/,
    );
    expect(sapConfigFromEnv({ ...sapEnv, CLEARDESK_SAP_URL: 'http://[::1]:4782' })?.url).toBe('http://[::1]:4782');
  });

  it('the SAP OData and IDoc transports, before they send anything', async () => {
    for (const transport of ['odata', 'idoc'] as const)
      await expect(createSapSystem({ ...sapConfig, transport, url: 'http://sap.example.com:8000' })).rejects.toThrow(
        /SAP URL http:\/\/sap\.example\.com:8000 in the SAP connection is not https/,
      );
  });
});
