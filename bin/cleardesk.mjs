#!/usr/bin/env node
// The `cleardesk` command. The project is TypeScript run through tsx, so the CLI needs no build.
import { register } from 'tsx/esm/api';

register();
await import('../electron/hosts/cli/main.ts');
