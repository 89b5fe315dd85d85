// Each wall between rooms (eslint.config.js, docs/ARCHITECTURE.md "Rooms and walls") is proven by
// linting a probe file that breaks it: the lint must refuse it, naming the rule. A probe that keeps
// to its room passes, so the walls are not simply refusing everything.
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../..', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });

async function roomErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'cleardesk/rooms').map((m) => m.message);
}

interface Probe {
  readonly wall: string;
  readonly file: string;
  readonly code: string;
  readonly says: RegExp;
}

const BROKEN: readonly Probe[] = [
  {
    wall: 'shared/ imports nothing outside itself',
    file: 'shared/domain/probe.ts',
    code: "import { openStore } from '../../electron/store';\nexport const x = openStore;\n",
    says: /shared may not import from electron\/store/,
  },
  {
    wall: 'shared/ uses no Node API',
    file: 'shared/money/probe.ts',
    code: "import { createHash } from 'node:crypto';\nexport const x = createHash;\n",
    says: /shared may not use Node's "node:crypto"/,
  },
  {
    wall: 'shared/ uses no host library',
    file: 'shared/matching/probe.ts',
    code: "import axios from 'axios';\nexport const x = axios;\n",
    says: /shared may not use the package "axios"/,
  },
  {
    wall: 'the renderer never imports electron/',
    file: 'renderer/src/features/review/probe.ts',
    code: "import { Core } from '../../../../electron/core/core';\nexport const x = Core;\n",
    says: /renderer may not import from electron\/core/,
  },
  {
    wall: 'the renderer uses no Node API',
    file: 'renderer/src/probe.ts',
    code: "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n",
    says: /renderer may not use Node's "fs"/,
  },
  {
    wall: 'only electron/main and electron/preload import electron',
    file: 'electron/hosts/probe.ts',
    code: "import { app } from 'electron';\nexport const x = app;\n",
    says: /electron\/hosts may not use the package "electron"/,
  },
  {
    wall: 'the core never uses Kysely',
    file: 'electron/core/review/probe.ts',
    code: "import type { Kysely } from 'kysely';\nexport type X = Kysely<never>;\n",
    says: /electron\/core may not use the package "kysely"/,
  },
  {
    wall: "the core never imports the store's schema",
    file: 'electron/core/review/probe.ts',
    code: "import type { Database } from '../../store/schema';\nexport type X = Database;\n",
    says: /electron\/core may import electron\/store only through its public surface/,
  },
  {
    wall: 'the core never imports a host',
    file: 'electron/core/probe.ts',
    code: "import { openApp } from '../hosts/app';\nexport const x = openApp;\n",
    says: /electron\/core may not import from electron\/hosts/,
  },
  {
    wall: 'the core never imports the sandbox',
    file: 'electron/core/sync/probe.ts',
    code: "import { demoScenario } from '../../sandbox/scenario';\nexport const x = demoScenario;\n",
    says: /electron\/core may not import from electron\/sandbox/,
  },
  {
    wall: 'the core never imports a connector',
    file: 'electron/core/sync/probe.ts',
    code: "import { PayTraceClient } from '../../connectors/paytrace';\nexport const x = PayTraceClient;\n",
    says: /electron\/core may not import from electron\/connectors/,
  },
  {
    wall: 'connectors never import the core',
    file: 'electron/connectors/sap/probe.ts',
    code: "import { Core } from '../../core/core';\nexport const x = Core;\n",
    says: /electron\/connectors may not import from electron\/core/,
  },
  {
    wall: 'connectors never import the store',
    file: 'electron/connectors/paytrace/probe.ts',
    code: "export { openStore } from '../../store';\n",
    says: /electron\/connectors may not import from electron\/store/,
  },
  {
    wall: "the sandbox never imports the connectors' parsers",
    file: 'electron/sandbox/sap/http/probe.ts',
    code: "import { parseBatch } from '../../../connectors/sap/odata/multipart';\nexport const x = parseBatch;\n",
    says: /electron\/sandbox may not import from electron\/connectors/,
  },
  {
    wall: 'the resilience room knows no connector',
    file: 'electron/resilience/probe.ts',
    code: "import { PayTraceError } from '../connectors/paytrace/errors';\nexport const x = PayTraceError;\n",
    says: /electron\/resilience may not import from electron\/connectors/,
  },
  {
    wall: 'the store never imports the core (dynamic import counts too)',
    file: 'electron/store/probe.ts',
    code: "export const load = () => import('../core/core');\n",
    says: /electron\/store may not import from electron\/core/,
  },
];

const KEPT: readonly Omit<Probe, 'says' | 'wall'>[] = [
  {
    file: 'electron/core/review/probe.ts',
    code: "import type { Repositories } from '../../store';\nimport { money } from '../../../shared/money';\nexport const x = (r: Repositories) => [r, money];\n",
  },
  {
    file: 'electron/connectors/paytrace/probe.ts',
    code: "import { Policy } from '../../resilience';\nimport type { PaymentGateway } from '../../../shared/ports';\nexport type X = [Policy, PaymentGateway];\n",
  },
  {
    file: 'electron/hosts/probe.ts',
    code: "import { openStore } from '../store';\nimport { Core } from '../core/core';\nexport const x = [openStore, Core];\n",
  },
  { file: 'electron/main/probe.ts', code: "import { app } from 'electron';\nexport const x = app;\n" },
];

describe('the walls between rooms (eslint.config.js)', { timeout: 30_000 }, () => {
  // The first lint loads the parser and the config: time it here, not in the first wall's test.
  beforeAll(() => roomErrors('shared/warm-up.ts', 'export const x = 1;\n'), 60_000);

  for (const probe of BROKEN) {
    it(`refuses a file that breaks the wall: ${probe.wall}`, async () => {
      const errors = await roomErrors(probe.file, probe.code);
      expect(errors, `no room error for ${probe.file}`).toHaveLength(1);
      expect(errors[0]).toMatch(probe.says);
    });
  }

  it('teaches what is allowed instead', async () => {
    const [message] = await roomErrors(
      'electron/core/probe.ts',
      "import { x } from '../connectors/paytrace';\nexport const y = x;\n",
    );
    expect(message).toMatch(/^Bad layering: electron\/core may not import from electron\/connectors/);
    expect(message).toMatch(/may import from: shared, electron\/store:index\./);
  });

  for (const probe of KEPT) {
    it(`lets ${probe.file} import what its room allows`, async () => {
      expect(await roomErrors(probe.file, probe.code)).toEqual([]);
    });
  }
});
